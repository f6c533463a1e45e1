"""Stage files: validation messages, templates, keywords."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.journey import STAGES_DIR, compile_keywords, fold, load_stage_model

GOOD = """name = "Tiny"
[[stage]]
id = "buy"
name = "Buying"
phase = "during"
description = "Paying for the order."
examples = ["The card was declined"]
keywords = ['pay', 'płat']

[[stage]]
id = "after"
phase = "after"
description = "Using what they bought."
"""


def write(tmp_path: Path, text: str, name: str = "stages.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_phase_headers_are_the_business_own(tmp_path):
    # a gym is not "Purchase & delivery"
    m = load_stage_model(write(tmp_path, GOOD.replace('name = "Tiny"', 'name = "Tiny"\nphases = {during = "Joining"}')))
    assert m.phase_labels == {"before": "Before purchase", "during": "Joining", "after": "After purchase"}
    assert load_stage_model(write(tmp_path, GOOD, "plain.toml")).phase_labels["during"] == "Purchase & delivery"


def test_good_file_loads(tmp_path):
    m = load_stage_model(write(tmp_path, GOOD))
    assert m.ids == ["buy", "after"]
    assert m.get("buy").keywords == ["pay", "płat"]
    assert m.get("after").name == "After"  # default name from the id
    assert m.get("after").examples == []


@pytest.mark.parametrize("text, fragments", [
    # missing id: names the file, the stage number and its line
    (GOOD.replace('id = "after"\n', ""), ["has no 'id'", "Stage #2", "line 10"]),
    (GOOD.replace('id = "after"', 'id = "buy"'), ["Duplicate stage id 'buy'", "line 10", "first defined on line 2"]),
    (GOOD.replace('phase = "after"', 'phase = "after"\ncolour = "red"'), ["Unknown key(s) ['colour']", "Valid keys"]),
    (GOOD.replace('name = "Tiny"', 'name = "Tiny"\nversion = 2'), ["Unknown key(s) ['version'] at the top"]),
    (GOOD.replace('phase = "after"', 'phase = "later"'), ["'phase' of stage 'after'", "['before', 'during', 'after']", "'later'"]),
    (GOOD.replace('description = "Using what they bought."', 'description = "  "'), ["'description' of stage 'after'"]),
    (GOOD.replace("keywords = ['pay', 'płat']", "keywords = ['pay(']"), ["Keyword 'pay('", "not a valid regular expression"]),
    (GOOD.replace('examples = ["The card was declined"]', 'examples = "The card"'), ["'examples' of stage 'buy'", "list of strings"]),
    (GOOD.replace('id = "after"', 'id = "After Sales"'), ["Stage id 'After Sales'", "lowercase"]),
    (GOOD.replace('id = "after"', 'id = "unmapped"'), ["not 'unmapped'"]),
    ("name = 'x'\n", ["defines no [[stage]] tables"]),
    (GOOD.replace('name = "Tiny"', 'name = "Tiny"\nphases = {later = "Afterwards"}'), ["[phases]", "before / during / after"]),
    ("[[stage]\nid=1", ["is not valid TOML"]),
])
def test_bad_stage_file_fails_with_clear_message(tmp_path, text, fragments):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_stage_model(path)
    msg = str(err.value)
    assert str(path) in msg, msg
    for f in fragments:
        assert f in msg, msg
    assert "\n" not in msg  # one line, as every qsynth error


def test_unknown_model_name_lists_the_templates():
    with pytest.raises(ConfigError, match=r"Stage model 'nope' not found.*'b2b'.*'default'.*'ecommerce'.*'saas'.*'subscription'"):
        load_stage_model("nope")


@pytest.mark.parametrize("name", ["default", "ecommerce", "subscription", "saas", "b2b"])
def test_templates_load_and_are_usable(name):
    m = load_stage_model(name)
    assert m.source == str(STAGES_DIR / f"{name}.toml")
    assert 6 <= len(m.ids) <= 9
    assert {s.phase for s in m.stages} == {"before", "during", "after"}
    for s in m.stages:
        # every stage has examples in all three languages (Latin, Polish letters, Cyrillic)
        joined = " ".join(s.examples)
        assert any(c in joined for c in "ąćęłńóśźż"), (name, s.id)
        assert any("а" <= c <= "я" for c in joined.lower()), (name, s.id)
        assert s.keywords and compile_keywords(s.keywords, s.id) is not None
    # phases never go backwards along the journey
    order = {"before": 0, "during": 1, "after": 2}
    phases = [order[s.phase] for s in m.stages]
    assert phases == sorted(phases)


def test_default_model_has_the_gold_stage_ids():
    assert load_stage_model("default").ids == ["awareness", "consideration", "decision", "purchase", "onboarding",
                                               "use", "support", "loyalty"]


def test_keywords_match_at_word_start_and_ignore_diacritics():
    rx = compile_keywords(["refund", "płatnoś", "друг(а|у)?\\b"], "test")
    assert rx.search(fold("They refunded me"))
    assert not rx.search(fold("nonrefundable"))  # not at a word start
    assert rx.search(fold("Platnosc nie przeszla"))  # typed without diacritics
    assert rx.search(fold("Płatność nie przeszła"))
    assert rx.search(fold("у друга"))
    assert not rx.search(fold("подруга и другой"))
