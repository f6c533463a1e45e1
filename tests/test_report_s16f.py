"""Round comparison counts (pipeline.report._rounds): this round's count of a theme is its membership, the
map's number; the previous round is placed on this round's themes (make_blobs vectors, no model)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.datasets import make_blobs

from pipeline.report._rounds import compare_rounds

CENTRES, DIM = 5, 16  # blob 4 is the documents about nothing (kind 'other')


def _blobs(sizes: dict[int, int], seed: int, prefix: str) -> tuple[pd.DataFrame, np.ndarray]:
    """One customer segment (and document) per point; blob ``b``'s points are theme ``b`` of kind pain_point."""
    centres = np.random.default_rng(0).normal(0, 3, (CENTRES, DIM))  # the same topics in both rounds
    blob = [b for b, n in sizes.items() for _ in range(n)]
    X, y = make_blobs(n_samples=[sizes.get(b, 0) for b in range(CENTRES)], centers=centres, cluster_std=1.0,
                      random_state=seed)
    order = np.argsort(y, kind="stable")
    X, y = X[order], y[order]
    assert sorted(blob) == y.tolist()
    rows = [{"segment_id": f"{prefix}{i}", "doc_id": f"{prefix}doc{i}", "text": f"{prefix}text {i}", "is_customer": True,
             "kind": "other" if b == 4 else "pain_point", "theme_id": -1 if b == 4 else int(b)} for i, b in enumerate(y)]
    return pd.DataFrame(rows), X.astype(np.float32)


def _compare(now_sizes: dict[int, int], prev_sizes: dict[int, int], now_themes: list[int]):
    now, X = _blobs(now_sizes, 1, "")
    now.loc[~now["theme_id"].isin(now_themes), "theme_id"] = -1
    prev, P = _blobs(prev_sizes, 2, "before ")
    themes = pd.DataFrame({"theme_id": now_themes, "kind": "pain_point", "label": [f"topic {t}" for t in now_themes]})
    prev_ids = sorted(set(prev["theme_id"]) - {-1})
    prev_themes = pd.DataFrame({"theme_id": prev_ids, "kind": "pain_point", "label": [f"topic {t}" for t in prev_ids],
                                "size": [int((prev["theme_id"] == t).sum()) for t in prev_ids]})
    vec_of = dict(zip(prev["text"], P))
    return now, compare_rounds(now, X, themes, prev, prev_themes, lambda texts: np.array([vec_of[t] for t in texts]))


def test_a_new_a_growing_a_steady_and_a_gone_topic():
    """Topic 2 appears (0 -> 12), topic 1 grows (5 -> 30), topic 0 stays (15 -> 15 of ~100), topic 3 goes
    (15 -> 0): each theme's docs_now is its membership, and the previous topics land on their own themes."""
    now, res = _compare({0: 15, 1: 30, 2: 12, 4: 45}, {0: 15, 1: 5, 3: 15, 4: 60}, [0, 1, 2])
    ch = res["changes"].set_index("label")
    assert ch["docs_now"].to_dict() == {"topic 0": 15, "topic 1": 30, "topic 2": 12}
    assert ch.loc["topic 2", "status"] == "new" and ch.loc["topic 2", "docs_before"] == 0
    assert ch.loc["topic 1", "status"] == "growing" and ch.loc["topic 1", "docs_before"] <= 5
    assert ch.loc["topic 0", "status"] == "steady" and 12 <= ch.loc["topic 0", "docs_before"] <= 15
    assert res["gone"]["label_before"].tolist() == ["topic 3"]


def test_docs_now_is_the_themes_membership_even_for_a_mixed_theme():
    """A theme whose members include one of another topic counts all of its documents, as themes.csv does:
    placing this round's members again had dropped the odd one (dogfood16a: a theme of 3 documents read 0)."""
    now, X = _blobs({0: 6, 3: 1, 4: 20}, 1, "")
    now.loc[now["theme_id"] == 3, "theme_id"] = 0   # the clusterer put a stray segment into theme 0
    prev, P = _blobs({0: 6, 4: 20}, 2, "before ")
    themes = pd.DataFrame({"theme_id": [0], "kind": "pain_point", "label": ["topic 0"]})
    prev_themes = pd.DataFrame({"theme_id": [0], "kind": "pain_point", "label": ["topic 0"], "size": [6]})
    vec_of = dict(zip(prev["text"], P))
    res = compare_rounds(now, X, themes, prev, prev_themes, lambda texts: np.array([vec_of[t] for t in texts]))
    assert res["changes"]["docs_now"].tolist() == [7]


def test_a_previous_round_of_exact_copies_counts_every_copied_member():
    """dogfood16b: the previous round held exact copies of 3 of a theme's member interviews, and docs_before
    read 2 (a copy less typical than the floor was not placed): a copy of a member is that member."""
    now, X = _blobs({0: 8, 1: 8, 4: 20}, 1, "")
    prev, P = now.copy(), X   # the same documents again, word for word
    themes = pd.DataFrame({"theme_id": [0, 1], "kind": "pain_point", "label": ["topic 0", "topic 1"]})
    prev_themes = themes.assign(size=8)
    vec_of = dict(zip(prev["text"], P))
    res = compare_rounds(now, X, themes, prev, prev_themes, lambda texts: np.array([vec_of[t] for t in texts]))
    ch = res["changes"].set_index("label")
    assert ch["docs_before"].to_dict() == {"topic 0": 8, "topic 1": 8}
    assert set(ch["status"]) == {"steady"}
