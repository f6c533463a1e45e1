"""The labelled conversations (``benchmarks/data/stage_conversations.csv``) and what the conversation adds."""

from __future__ import annotations

import pytest

from conftest import load_benchmark

STAGES = {"awareness", "consideration", "decision", "purchase", "onboarding", "use", "support", "loyalty"}


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("stage_context")


def test_every_customer_turn_has_a_stage_and_every_other_turn_none(bench):
    df = bench.load(bench.DATA)
    cust = df[df["is_customer"]]
    assert set(cust["stage"]) == STAGES and (df.loc[~df["is_customer"], "stage"] == "").all()
    assert set(df["role"]) == {"customer", "interviewer", "agent", "bot"}
    for _, d in df.groupby("doc_id"):
        assert d["turn_index"].tolist() == list(range(len(d)))          # in order, none missing
        assert d["lang"].nunique() == 1 and d["split"].nunique() == 1 and d["source_type"].nunique() == 1
    assert set(df["lang"]) == {"en", "pl", "ru"} and set(df["split"]) == {"dev", "test"}
    # the point of the set: short answers that only their conversation places
    assert (cust["text"].str.split().str.len() <= bench.SHORT_WORDS).mean() >= 0.3


@pytest.mark.model
def test_the_conversation_places_turns_the_segment_alone_cannot(bench, tmp_path):
    table = bench.main(["--cache-dir", str(tmp_path)]).set_index("setting")
    alone, shipped = table.loc["segment alone (no conversation)"], table.loc["conversation, as shipped"]
    assert shipped["all"] >= alone["all"] + 0.1
    assert shipped["short"] >= alone["short"] + 0.15          # short answers gain most
    for ablation in ("  without the preceding prompt", "  without the previous customer turn"):
        assert table.loc[ablation, "all"] < shipped["all"]
