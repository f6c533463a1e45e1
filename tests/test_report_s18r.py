"""Round comparison and FAQ coverage, session 18 (dogfood 18g: a Polish car insurer's claims, two rounds).

Rounds: a topic the previous round split into fragments is compared whole - the payout delay (17 documents in
three round-1 themes, 4 in one round-2 theme) had read "steady" from one fragment while the others were "no
longer raised".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.report._rounds import compare_rounds

DIM = 8


def _at(degrees: float) -> np.ndarray:
    """A unit vector in the plane of the first two axes, at this angle."""
    v = np.zeros(DIM)
    v[0], v[1] = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    return v


def _segments(prefix: str, groups: list[tuple[int, list[float]]], docs: dict[int, str] | None = None):
    """One customer pain point per ``(theme_id, angle)``, one document each (``docs`` renames some), then fillers."""
    rows, vecs = [], []
    for theme, angles in groups:
        for i, a in enumerate(angles):
            n = len(rows)
            rows.append({"segment_id": f"{prefix}{n}", "doc_id": (docs or {}).get(n, f"{prefix}doc{n}"),
                         "text": f"{prefix}text {n}", "is_customer": True, "kind": "pain_point", "theme_id": theme,
                         "sentiment": "negative"})
            vecs.append(_at(a))
    for i in range(20):
        rows.append({"segment_id": f"{prefix}o{i}", "doc_id": f"{prefix}other{i}", "text": f"{prefix}ok {i}",
                     "is_customer": True, "kind": "other", "theme_id": -1, "sentiment": "neutral"})
        vecs.append(np.eye(DIM)[7])
    return pd.DataFrame(rows), np.array(vecs, np.float32)


def test_a_topic_in_fragments_before_counts_every_fragment_and_none_is_no_longer_raised():
    """Round 1 held the payout delay in two themes (10: 4 documents; 11, close to it: 3, one document shared);
    round 2's theme has 2 members on theme 10 and 1 on theme 11. Theme 11's segments all sit on round 2's theme:
    its "before" counts both fragments' documents once each (6), and theme 11 is not "no longer raised"."""
    now, X = _segments("", [(0, [1, 3, 9, 30])])
    prev, P = _segments("before ", [(10, [0, 3, 6, 9]), (11, [7, 8, 9])], docs={4: "before doc0"})
    vec_of = dict(zip(prev["text"], P))
    themes = pd.DataFrame({"theme_id": [0], "kind": "pain_point", "label": ["payout delay"]})
    prev_themes = pd.DataFrame({"theme_id": [10, 11], "kind": "pain_point", "label": ["payout a", "payout b"],
                                "size": [4, 3]})
    res = compare_rounds(now, X, themes, prev, prev_themes, lambda texts: np.array([vec_of[t] for t in texts]))
    row = res["changes"].set_index("theme_id").loc[0]
    assert row["docs_before"] == 6 and row["theme_id_before"] == 10, res["changes"].to_dict("records")
    assert len(res["gone"]) == 0 and (res["changes"]["theme_id"] >= 0).all()
