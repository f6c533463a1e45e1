"""Round comparison (pipeline.report._rounds): a previous theme counts for this round's theme only where the
placements agree both ways, a previous theme that counts nowhere is its own row, and a complaint is no "before"
of a praise theme. Dogfood 17b (short-stay apartments): the key-box theme (9 documents) had no row at all, its
segments counted as the "before" of a new kitchen theme; a new night-support praise got an old complaint."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.report._rounds import changes_table, compare_rounds, render_rounds_md

DIM = 8


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _rows(prefix: str, groups: list[tuple[str, int, np.ndarray, float, int, str]], rng, fillers: int = 20):
    """Segments (one per document) of ``(name, n, direction, spread, theme_id, sentiment)`` groups, then fillers."""
    rows, vecs = [], []
    for name, n, direction, spread, theme, sentiment in groups:
        for i in range(n):
            rows.append({"segment_id": f"{prefix}{name}{i}", "doc_id": f"{prefix}{name}-doc{i}",
                         "text": f"{prefix}{name} {i}", "is_customer": True, "kind": "pain_point", "theme_id": theme,
                         "sentiment": sentiment})
            vecs.append(_unit(direction + spread * rng.standard_normal(DIM)))
    for i in range(fillers):
        rows.append({"segment_id": f"{prefix}other{i}", "doc_id": f"{prefix}other-doc{i}", "text": f"{prefix}ok {i}",
                     "is_customer": True, "kind": "other", "theme_id": -1, "sentiment": "neutral"})
        vecs.append(np.eye(DIM)[7])
    return pd.DataFrame(rows), np.array(vecs, np.float32)


def _compare(now_groups, prev_groups, kind="pain_point", seed=0):
    rng = np.random.default_rng(seed)
    now, X = _rows("", now_groups, rng)
    prev, P = _rows("before ", prev_groups, rng)
    now.loc[now["kind"] != "other", "kind"] = kind
    prev.loc[prev["kind"] != "other", "kind"] = kind
    prev = prev[prev["kind"] != "other"].reset_index(drop=True).pipe(
        lambda d: pd.concat([d, pd.DataFrame({"segment_id": [f"o{i}" for i in range(20)], "doc_id": [f"o{i}" for i in range(20)],
                                              "text": "ok", "is_customer": True, "kind": "other", "theme_id": -1,
                                              "sentiment": "neutral"})], ignore_index=True))
    vec_of = dict(zip(prev["text"], P[: (prev["kind"] != "other").sum()]))
    themes = (now[now["theme_id"] >= 0].groupby("theme_id").first().reset_index()[["theme_id", "kind"]]
              .assign(label=lambda d: [f"now {t}" for t in d["theme_id"]]))
    ids = sorted(set(prev["theme_id"]) - {-1})
    prev_themes = pd.DataFrame({"theme_id": ids, "kind": kind, "label": [f"before {t}" for t in ids],
                                "size": [int((prev["theme_id"] == t).sum()) for t in ids]})
    return compare_rounds(now, X, themes, prev, prev_themes, lambda texts: np.array([vec_of[t] for t in texts]))


E = np.eye(DIM)


def test_a_previous_theme_scattered_over_unrelated_themes_is_its_own_row_not_their_before():
    """The key box's complaints (a tight theme between two loose ones) land on this round's kitchen and Wi-Fi
    themes, whose members sit nowhere near the key box: they are no 'before' of either, and the key box is
    'no longer raised' with its own row (it had been counted as found, with no row at all)."""
    now_groups = [("kitchen", 8, E[0], 0.45, 0, "negative"), ("wifi", 8, E[1], 0.45, 1, "negative")]
    prev_groups = [("wifi", 8, E[1], 0.45, 11, "negative"),
                   ("keybox_a", 5, _unit(E[0] + E[1] + 1.1 * E[2]), 0.03, 10, "negative"),
                   ("keybox_b", 4, _unit(E[0] + E[1] + 1.1 * E[2]), 0.03, 10, "negative")]
    res = _compare(now_groups, prev_groups)
    ch = res["changes"].set_index("label")
    assert ch.loc["now 0", "docs_before"] == 0 and ch.loc["now 0", "status"] == "new", ch.to_dict("index")
    assert ch.loc["now 1", "docs_before"] >= 6 and ch.loc["now 1", "theme_id_before"] == 11
    assert res["gone"]["label_before"].tolist() == ["before 10"] and res["gone"]["docs_before"].iloc[0] == 9
    table = changes_table(res)
    assert table.set_index("label").loc["before 10", "status"] == "no longer raised"
    assert "before 10" in render_rounds_md(res)


def test_a_scattered_previous_theme_still_raised_is_a_row_with_this_rounds_count():
    """Where this round's unclustered segments still sit on such a theme, it is a row of the changes with their
    count (theme_id -1, theme_id_before naming it), not 'no longer raised' and not missing."""
    now_groups = [("kitchen", 8, E[0], 0.45, 0, "negative"), ("wifi", 8, E[1], 0.45, 1, "negative"),
                  ("keybox", 3, _unit(E[0] + E[1] + 1.1 * E[2]), 0.03, -1, "negative")]
    prev_groups = [("wifi", 8, E[1], 0.45, 11, "negative"),
                   ("keybox", 9, _unit(E[0] + E[1] + 1.1 * E[2]), 0.03, 10, "negative")]
    res = _compare(now_groups, prev_groups)
    row = res["changes"].set_index("label").loc["before 10"]
    assert (row["theme_id"], row["theme_id_before"], row["docs_now"], row["docs_before"]) == (-1, 10, 3, 9)
    assert row["status"] == "uncertain" and len(res["gone"]) == 0
    assert "a previous theme no theme of this round continues" in render_rounds_md(res)


def test_a_complaint_is_no_before_of_a_praise_theme():
    """A previous complaint near a praise theme of this round ("at night you're on your own" beside "even late at
    night someone replied") is not placed on it: the praise is new."""
    now_groups = [("night praise", 6, E[3], 0.05, 0, "positive")]
    prev_groups = [("night complaint", 6, E[3], 0.05, 10, "negative")]
    res = _compare(now_groups, prev_groups, kind="praise")
    row = res["changes"].set_index("label").loc["now 0"]
    assert row["docs_before"] == 0 and row["status"] == "new" and row["quotes_before"] == ""
    same_side = _compare([("night praise", 6, E[3], 0.05, 0, "positive")],
                         [("night praise", 6, E[3], 0.05, 10, "positive")], kind="praise")
    assert same_side["changes"].set_index("label").loc["now 0", "docs_before"] == 6
