"""The encoder probe (``benchmarks/encoder_probe.py``): it reads the labelled sets and scores a probe honestly."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import load_benchmark

SENTIMENTS = ["negative", "neutral", "positive"]


@pytest.fixture(scope="module")
def probe_mod():
    return load_benchmark("encoder_probe")


@pytest.fixture(scope="module")
def sets(probe_mod):
    return probe_mod.load_sets()


@pytest.mark.parametrize("task, labels", [("sentiment", SENTIMENTS),
                                          ("kind", ["question", "pain_point", "request", "praise", "other"])])
def test_sets_are_labelled_in_three_languages(probe_mod, task, labels):
    sets = probe_mod.load_sets(task)
    for name, df in sets.items():
        assert list(df.columns) == ["text", "lang", "label"], name
        assert set(df["label"]) == set(labels), name
        assert set(df["lang"]) == {"en", "pl", "ru"}, name
        assert (df["text"].str.strip() != "").all(), name
    assert len(sets["gold"]) == 540
    # the seeds are the task's own training data, not another task's
    assert len(sets["seeds"]) != len(probe_mod.load_sets("kind" if task == "sentiment" else "sentiment")["seeds"])


def _vectors(sets, signal: float, seed: int = 0) -> dict[str, np.ndarray]:
    """Random vectors with ``signal`` times the one-hot sentiment added: 0 carries nothing."""
    rng = np.random.default_rng(seed)
    out = {}
    for k, df in sets.items():
        onehot = np.eye(3)[df["label"].map(SENTIMENTS.index).to_numpy()]
        x = rng.normal(size=(len(df), 16))
        x[:, :3] += signal * onehot
        out[k] = x
    return out


def test_probe_reads_sentiment_the_vectors_carry(probe_mod, sets):
    res = probe_mod.probe(_vectors(sets, signal=6.0), sets, C=1.0)
    assert res["gold"] > 0.97 and res["independent"] > 0.97
    assert min(res[f"gold_{lang}"] for lang in ("en", "pl", "ru")) > 0.95


def test_probe_finds_nothing_in_noise(probe_mod, sets):
    res = probe_mod.probe(_vectors(sets, signal=0.0), sets, C=1.0)
    # chance on gold is at most the largest class share (0.38)
    assert res["gold"] < 0.45 and res["independent"] < 0.45


def test_more_data_scores_gold_only(probe_mod, sets):
    res = probe_mod.probe(_vectors(sets, signal=6.0), sets, C=1.0, more_data=True)
    assert res["gold"] > 0.97
    assert np.isnan(res["independent"])


def test_kind_is_scored_by_pain_point_f1(probe_mod):
    truth = np.array(["pain_point", "pain_point", "question", "other"])
    assert probe_mod.score(truth, np.array(["pain_point", "other", "pain_point", "other"]), "kind") == 0.5
    assert probe_mod.score(truth, truth, "kind") == 1.0
    assert probe_mod.score(truth, np.array(["question", "question", "question", "other"]), "sentiment") == 0.5


def test_fraction_fits_on_fewer_rows_and_a_weak_signal_needs_them(probe_mod, sets):
    """A learning-curve point: the probe sees only the drawn share of the training rows."""
    weak = _vectors(sets, signal=0.6)
    tiny = np.mean([probe_mod.probe(weak, sets, C=1.0, fraction=0.02, seed=s)["gold"] for s in range(3)])
    full = probe_mod.probe(weak, sets, C=1.0)["gold"]
    assert full > tiny + 0.03
    same = probe_mod.probe(weak, sets, C=1.0, fraction=0.5, seed=1)
    assert same == probe_mod.probe(weak, sets, C=1.0, fraction=0.5, seed=1)   # the draw is seeded
