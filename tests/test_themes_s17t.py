"""The themes projection's cross-domain protocol: folds never score an intent the map was fitted on,
and ``--split val`` tunes on CLINC150 val so that test is read only for the quoted figure."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import train_themes_projection as tp  # noqa: E402

DOMAINS = ["banking", "home", "meta", "travel", "utility", "work"]


def _clinc(split: str) -> pd.DataFrame:
    """Two intents per domain, three queries each; the text says the split it comes from."""
    rows = [(f"{split} {d} {i} query {q}", f"{d}_{i}", d) for d in DOMAINS for i in range(2) for q in range(3)]
    return pd.DataFrame(rows, columns=["text", "intent", "domain"])


def test_each_fold_scores_only_domains_it_was_not_fitted_on():
    train, val = _clinc("train"), _clinc("val")
    folds = list(tp.cross_domain_folds(train, val))
    assert [seen for seen, _, _ in folds] == [DOMAINS[0::2], DOMAINS[1::2]]
    for seen, keep, held in folds:
        assert set(train["domain"][keep]) == set(seen)
        assert not set(val["intent"][held]) & set(train["intent"][keep])  # no scored intent was fitted on
    assert (folds[0][2] ^ folds[1][2]).all()  # both ways: every scored row is held out exactly once


def test_cross_domain_on_val_clusters_val_queries_of_the_held_out_domains(monkeypatch):
    loaded, scored = [], []
    monkeypatch.setattr(tp, "load_clinc", lambda data_dir, split: loaded.append(split) or _clinc(split))
    rng = np.random.default_rng(0)
    monkeypatch.setattr(tp, "embed", lambda texts, cache_dir: rng.standard_normal((len(texts), 8)).astype(np.float32))
    monkeypatch.setattr(tp, "fit", lambda X, intents, S, groups, args: (np.eye(8, dtype=np.float32), X.mean(0)))

    def scores(V, y, texts, seed):
        scored.append(texts)
        return {"qsynth": 1.0, "kmeans": 1.0, "bertopic": 1.0, "themes": 2, "unassigned": 0.0}

    monkeypatch.setattr(tp, "cluster_scores", scores)
    assert tp.main(["--cross-domain", "--split", "val"]) == 0
    assert loaded == ["train", "val"]
    fitted = [set(DOMAINS[1::2]), set(DOMAINS[0::2])]  # the domains each fold clusters
    for texts, want in zip(scored[::2], fitted):  # two rows a fold: plain and projected vectors
        assert {t.split()[0] for t in texts} == {"val"}
        assert {t.split()[1] for t in texts} == want
