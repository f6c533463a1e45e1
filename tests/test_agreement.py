"""The second annotator's labels (``benchmarks/agreement.py``): complete, valid, and scored correctly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import load_benchmark
from pipeline.journey import load_stage_model

ROOT = Path(__file__).resolve().parents[1]
SENTIMENTS = {"negative", "neutral", "positive"}
KINDS = {"question", "pain_point", "request", "praise", "other"}


@pytest.fixture(scope="module")
def agreement():
    return load_benchmark("agreement")


@pytest.mark.parametrize("first, second", [
    *[(f"tests/data/gold/{lang}.csv", f"tests/data/gold/second_annotator/{lang}.csv") for lang in ("en", "pl", "ru")],
    ("benchmarks/data/dev_independent.csv", "benchmarks/data/dev_independent_second.csv"),
])
def test_second_labels_cover_every_row_once_with_valid_values(first, second):
    a = pd.read_csv(ROOT / first, keep_default_na=False, dtype=str)
    b = pd.read_csv(ROOT / second, keep_default_na=False, dtype=str)
    assert list(b.columns) == ["id", "sentiment", "kind", "stage"]
    assert not b["id"].duplicated().any()
    assert set(b["id"]) == set(a["id"])
    assert set(b["sentiment"]) <= SENTIMENTS
    assert set(b["kind"]) <= KINDS
    assert set(b["stage"]) <= set(load_stage_model("default").ids)


def test_kappa_perfect_chance_and_a_hand_computed_case(agreement):
    a = np.array(["x", "y", "x", "y"])
    assert agreement.kappa(a, a) == 1.0
    # agreement 0.5 where chance also predicts 0.5: kappa 0
    assert agreement.kappa(a, np.array(["x", "x", "y", "y"])) == pytest.approx(0.0)
    # po = 0.8; pe = 0.6*0.4 + 0.4*0.6 = 0.48; kappa = 0.32 / 0.52
    a = np.array(["p", "p", "p", "n", "n"])
    b = np.array(["p", "p", "n", "n", "n"])
    assert agreement.kappa(a, b) == pytest.approx(0.32 / 0.52)


def test_table_scores_agreement_and_qsynth_on_agreed_rows(agreement):
    df = pd.DataFrame({"lang": ["en"] * 4, "sentiment": ["negative", "neutral", "positive", "neutral"],
                       "sentiment_2": ["negative", "neutral", "positive", "positive"],
                       "kind": ["question"] * 4, "kind_2": ["question"] * 4,
                       "stage": ["use"] * 4, "stage_2": ["use"] * 4})
    pred = pd.DataFrame({"sentiment": ["negative", "positive", "positive", "positive"],
                         "kind": ["question"] * 4, "stage": ["use"] * 4})
    rows = agreement.table({"s": df}, {"s": pred})
    sent = next(r for r in rows if r["lang"] == "en" and r["label"] == "sentiment")
    assert sent["agree"] == 0.75
    assert sent["qsynth vs 1"] == 0.5
    assert sent["qsynth vs 2"] == 0.75
    assert sent["qsynth on agreed rows"] == pytest.approx(2 / 3, abs=1e-3)
    kind = next(r for r in rows if r["lang"] == "en" and r["label"] == "kind")
    assert kind["F1 question (2 vs 1)"] == 1.0
