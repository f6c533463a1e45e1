"""Compare this round with the previous one: which themes are new, growing, steady or shrinking,
and which themes of the previous round are no longer raised.

Teams that review every customer conversation twice a year want the map *updated*: what changed
since the last round matters more than a second map. Themes are not matched by label (labels are
quotes and change); instead the previous round's customer segments are placed on this round's
themes, and shares of documents are compared:

* ``share_now`` is the share of this round's customer documents among the theme's members (``n_docs`` of
  ``themes.csv``, the map's number; placing this round's own members again, each against the centre of the
  others, had left small or mixed themes short of their own documents: 0 of a theme's 3);
* a previous segment with the very text of a member (overlapping exports, a re-run) belongs to that member's
  theme; any other to the theme of its kind whose centre is nearest, when it is at least as close as the
  theme's own members usually are (the 5th percentile of their similarity to the centre of the other
  members; a percentile of the theme itself, so it means the same for every embedder) and its sentiment is
  not the theme's opposite (a complaint read as praise is no "before" of a praise theme); this round's
  segments are placed on the previous themes by the same rule (the mirror);
* a placed segment counts only where the two themes agree both ways: at least two of the previous theme's
  segments are placed on this round's theme and at least two of its members on the previous theme (a
  segment of no theme counts where it is placed). A small or mixed theme's floor is loose, and a scattered
  previous theme's segments land on the nearest of several unrelated themes: dogfood 17b's key-box theme (9
  documents) had been counted as the "before" of a new kitchen theme and of a Wi-Fi theme, and had no row;
  ``share_before`` is the share of the previous round's customer documents with a segment so counted (a
  document once, however many themes it had); a fragment of a linked previous theme (its centre as close to that
  theme's as its own members are) counts too where most of its segments and one of the theme's members are placed
  on each other: dogfood 18g's payout delay, 17 documents in three round-1 themes, had read "steady" (11.6% -> 10%)
  from one fragment while another was "no longer raised" (now 12 documents before, "uncertain");
* **new**: no previous document and at least two now; **growing** / **shrinking**: the share at least 1.5 times /
  at most 2/3 of before, at least 2 points apart, and more than chance can explain: Fisher's exact test on
  the documents with and without the theme in each round, p < 0.05; a change as large whose counts chance
  could explain (a round of ten interviews against one of six, a theme going from 4 to 2 documents) is
  **uncertain**; otherwise **steady**;
* a previous theme more than half of whose segments count for no theme of this round is a row of its own, with
  this round's documents placed on it as its count (``theme_id`` -1, ``theme_id_before`` naming it); with
  fewer than two such documents it is **no longer raised** (the mirror of "new"): when a topic's themes come
  out finer or coarser in one round, its segments may fit no theme of the other round while the topic is still
  raised (a money-transfer app's support: "СМС с кодом приходит через 10 минут…", 5 documents, had been no
  longer raised while 3 documents of the second round sat on it).

Measured on three dogfood pairs of rounds with a truth topic per statement (kids' shop 16a, apartments 17b,
language school 17c: 50 topics; a topic is right when one of its rows moves the way the truth's does - new,
up, down, same): 21 -> 30 right (16a 4 -> 7 of 11, 17b 8 -> 12 of 18, 17c 9 -> 11 of 21); the key box and
the lift (17b) and 16a's returns and fabric themes got their rows, 17c's homework question reads new. Not
fixed: a mixed theme still counts its mixed "before" (17b's kitchen theme holds two no-lift complaints, so it
reads "uncertain" from 4 documents, not "new"; 17c's homework complaints share a theme with the invoice
complaints and read "growing"), a new BLIK theme (16a) whose members and a discount-code theme's place on each
other, and what a theme's membership misses (17b's noise: 8 of round 2's 11 documents). Tried: a previous theme
continued only by the theme most of its segments land on (25 right: false "new" themes where a topic splits
finer), agreement by one segment each way (25).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import fisher_exact

from pipeline.errors import InputError
from pipeline.report._faq import _unit  # rows scaled to length 1 (zero rows stay zero)

__all__ = ["read_previous_run", "compare_rounds", "changes_table", "render_rounds_md", "rounds_view", "CHANGE_COLUMNS",
           "GONE_COLUMNS"]

CHANGE_COLUMNS = ["theme_id", "kind", "label", "status", "docs_now", "share_now", "docs_before", "share_before",
                  "change_points", "p_value", "quotes_before", "theme_id_before"]
GONE_COLUMNS = ["theme_id_before", "kind", "label_before", "size_before", "docs_before", "share_before",
                "docs_now"]
_GROW, _SHRINK, _MIN_POINTS = 1.5, 2 / 3, 2.0
_MEMBER_PCT = 5  # a segment must be as close to a theme's centre as its 5% least typical members
_MIN_LINK = 2  # segments placed each way before two themes of the rounds count as one topic
_OWN_ROW = 0.5  # a previous theme more than half of whose segments count for no theme now is its own row
_MIN_NEW_DOCS = 2  # a theme is "new" when at least this many documents raise it now and none did before
_ALPHA = 0.05  # growing / shrinking only when Fisher's exact test on the document counts says so
_QUOTES_BEFORE = 3  # previous quotes kept per theme as the evidence of its "before"
_PREVIOUS = "; a previous theme no theme of this round continues"  # a changes row with theme_id -1
_HEADINGS = {"uncertain": "Changed, but too few documents to tell (chance could explain it)"}


def read_previous_run(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The previous round's customer segments and themes, from its output folder.

    Raises:
        InputError: The folder or one of its files is missing or lacks the needed columns.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(f"Previous run folder '{folder}' does not exist. Fix: pass the output folder of the previous "
                         f"round's 'qsynth run' (the one holding segments.csv and themes.csv) to --previous.")
    frames = []
    for name, cols in (("segments.csv", ("segment_id", "doc_id", "text", "is_customer", "kind", "theme_id")),
                       ("themes.csv", ("theme_id", "kind", "label", "size"))):
        f = folder / name
        if not f.is_file():
            raise InputError(f"'{f}' is missing. Fix: --previous must name a qsynth output folder "
                             f"(it has {name}); re-run the previous round if it was deleted.")
        try:
            df = pd.read_csv(f, dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
            raise InputError(f"'{f}' cannot be read ({type(exc).__name__}). Fix: re-run the previous round.") from None
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise InputError(f"'{f}' has no column(s) {missing}. Fix: --previous must name a qsynth output folder "
                             f"written by qsynth 0.x or later (re-run the previous round with this version).")
        frames.append(df)
    seg, themes = frames
    seg = seg[seg["is_customer"].str.lower().eq("true")].copy()
    if "is_duplicate" in seg:
        seg = seg[~seg["is_duplicate"].str.lower().eq("true")]
    seg["theme_id"] = pd.to_numeric(seg["theme_id"], errors="coerce").fillna(-1).astype(int)
    themes = themes.copy()
    themes["theme_id"] = pd.to_numeric(themes["theme_id"], errors="coerce").fillna(-1).astype(int)
    themes["size"] = pd.to_numeric(themes["size"], errors="coerce").fillna(0).astype(int)
    return seg.reset_index(drop=True), themes


def change_p_value(docs_now: int, total_now: int, docs_before: int, total_before: int) -> float:
    """Two-sided Fisher's exact test: could the share of documents raising a theme differ this much by chance?

    Example:
        >>> round(change_p_value(2, 6, 4, 10), 2)   # ten interviews, then six: no evidence of a change
        1.0
        >>> change_p_value(40, 100, 10, 100) < 0.001
        True
    """
    table = [[docs_now, max(total_now - docs_now, 0)], [docs_before, max(total_before - docs_before, 0)]]
    return float(fisher_exact(table)[1])


def _status(docs_now: int, docs_before: int, share_now: float, share_before: float, p_value: float) -> str:
    if docs_before == 0:
        return "new" if docs_now >= _MIN_NEW_DOCS else "steady"
    points = 100 * (share_now - share_before)
    if share_now >= _GROW * share_before and points >= _MIN_POINTS:
        return "growing" if p_value < _ALPHA else "uncertain"
    if share_now <= _SHRINK * share_before and points <= -_MIN_POINTS:
        return "shrinking" if p_value < _ALPHA else "uncertain"
    return "steady"


def compare_rounds(segments: pd.DataFrame, embeddings: np.ndarray, themes: pd.DataFrame,
                   prev_segments: pd.DataFrame, prev_themes: pd.DataFrame, embed, space=None) -> dict:
    """Trends of this round's themes against the previous round, and the previous themes no longer raised.

    Args:
        segments: This run's segment table (row-aligned with ``embeddings``).
        embeddings: This run's embedding matrix.
        themes: This run's themes (``theme_id``, ``kind``, ``label``, ``n_docs``, ``share_docs``).
        prev_segments, prev_themes: From :func:`read_previous_run`.
        embed: ``embed(texts) -> (n, dim)`` with this run's embedder.
        space: ``space(X) -> X'``, the map the themes were clustered through (the themes projection), applied
            to both rounds' vectors; None compares the vectors as they are.

    Returns:
        ``{"changes": DataFrame (CHANGE_COLUMNS: this round's themes, then the previous themes no theme of this
        round continues that are still raised), "gone": DataFrame (GONE_COLUMNS), "docs_before": int,
        "docs_now": int, "rule": str}``.
    """
    cust = segments["is_customer"].fillna(False).astype(bool).to_numpy()
    if "is_duplicate" in segments:
        cust = cust & ~segments["is_duplicate"].fillna(False).astype(bool).to_numpy()
    docs_now = int(segments.loc[cust, "doc_id"].nunique())
    docs_before = int(prev_segments["doc_id"].nunique())
    tid = segments["theme_id"].to_numpy()
    X = np.asarray(embeddings, dtype=np.float32)
    to_space = space or (lambda V: V)
    kinds = sorted(set(themes["kind"])) if len(themes) else []
    prev = prev_segments[prev_segments["kind"].isin(kinds)].reset_index(drop=True)
    now_rows = np.flatnonzero(cust & segments["kind"].isin(kinds).to_numpy())
    now_kinds = segments["kind"].to_numpy()[now_rows]
    found = np.full(len(prev), -1, dtype=int)
    found_sim = np.zeros(len(prev), dtype=np.float32)
    texts_now = segments["text"].astype(str).to_numpy()
    doc_ids = segments["doc_id"].to_numpy()
    now_docs = doc_ids[now_rows]
    side_now = _sides(segments)
    side_prev = _sides(prev)
    prev_tid = prev["theme_id"].to_numpy()
    near_docs: dict[int, int] = {}  # previous theme -> documents of this round placed on it
    links: set[tuple[int, int]] = set()  # (previous theme, this round's theme) the placements agree on both ways
    prev_texts = prev["text"].astype(str).to_numpy()
    for kind in kinds:
        ids = themes.loc[themes["kind"] == kind, "theme_id"].astype(int).tolist()
        if not ids:
            continue
        groups = [np.flatnonzero(cust & (tid == t)) for t in ids]
        C, F, loos = _centres([_unit(to_space(X[rows].astype(np.float32))) for rows in groups])
        # a previous segment with the very text of a member (overlapping exports, a re-run) is that member
        member_of = {texts_now[r]: (j, s) for j, (rows, loo) in enumerate(zip(groups, loos))
                     for r, s in zip(rows.tolist(), loo.tolist())}
        prev_sel = np.flatnonzero(prev["kind"].to_numpy() == kind)
        now_sel = np.flatnonzero(now_kinds == kind)
        if not len(prev_sel):
            continue
        # one kind's vectors at a time: memory stays bounded by the largest kind, not the corpus
        P = _unit(to_space(np.asarray(embed(prev_texts[prev_sel].tolist()), dtype=np.float32)))
        theme_side = np.array([_side(side_now[rows]) for rows in groups])
        best, sim = _place(P, C, F, side_prev[prev_sel], theme_side)
        copy = np.array([t in member_of for t in prev_texts[prev_sel]], dtype=bool)
        for j in np.flatnonzero(copy):
            best[j], sim[j] = member_of[prev_texts[prev_sel[j]]]
        placed = np.where(best >= 0, np.array(ids)[np.maximum(best, 0)], -1)
        # this round's segments placed on the previous themes, alike (the mirror)
        before = [t for t in sorted(set(prev_tid[prev_sel].tolist())) if t >= 0]
        back = np.full(len(now_sel), -1)
        kin: set[tuple[int, int]] = set()
        if before and len(now_sel):
            Cb, Fb, _ = _centres([P[prev_tid[prev_sel] == t] for t in before])
            kin = _kin(before, Cb, Fb)
            b_side = np.array([_side(side_prev[prev_sel][prev_tid[prev_sel] == t]) for t in before])
            b, _ = _place(_unit(to_space(X[now_rows[now_sel]].astype(np.float32))), Cb, Fb,
                          side_now[now_rows[now_sel]], b_side)
            back = np.where(b >= 0, np.array(before)[np.maximum(b, 0)], -1)
            for t in before:
                near_docs[t] = int(len(set(now_docs[now_sel[back == t]])))
        now_tid_k = tid[now_rows[now_sel]]
        links |= _links(prev_tid[prev_sel], placed, now_tid_k, back, kin)
        # a previous segment counts for the theme it is placed on when it is a member's copy, had no theme, or its
        # own theme and that theme are linked
        keep = (placed >= 0) & (copy | np.array([t < 0 or (int(t), int(p)) in links for t, p in
                                                 zip(prev_tid[prev_sel].tolist(), placed.tolist())], dtype=bool))
        found[prev_sel[keep]] = placed[keep]
        found_sim[prev_sel[keep]] = sim[keep]
    prev_docs = prev["doc_id"].to_numpy()
    rows = []
    for _, t in themes.iterrows():
        d_before = int(len(set(prev_docs[found == int(t["theme_id"])])))
        d_now = int(len(set(doc_ids[cust & (tid == int(t["theme_id"]))])))  # its members, as themes.csv counts
        linked = Counter(prev_tid[found == int(t["theme_id"])].tolist())
        linked.pop(-1, None)
        rows.append(_row(int(t["theme_id"]), t["kind"], t["label"], d_now, docs_now, d_before, docs_before,
                         _nearest_quotes(prev_texts, prev_docs, found == int(t["theme_id"]), found_sim),
                         linked.most_common(1)[0][0] if linked else -1))
    gone = []
    for _, t in prev_themes[prev_themes["kind"].isin(kinds)].iterrows():
        members = prev_tid == int(t["theme_id"])
        if not members.any() or np.mean(found[members] >= 0) >= _OWN_ROW:  # it counts for this round's themes
            continue
        d = int(len(set(prev_docs[members])))
        near = near_docs.get(int(t["theme_id"]), 0)
        if near >= _MIN_NEW_DOCS:  # still raised, but by no one theme of this round: its own row
            rows.append(_row(-1, t["kind"], t["label"], near, docs_now, d, docs_before,
                             _nearest_quotes(prev_texts, prev_docs, members, np.zeros(len(prev))),  # in file order
                             int(t["theme_id"])))
            continue
        gone.append({"theme_id_before": int(t["theme_id"]), "kind": t["kind"], "label_before": t["label"],
                     "size_before": int(t["size"]), "docs_before": d, "share_before": round(d / docs_before, 4)
                     if docs_before else 0.0, "docs_now": near})
    changes = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    order = {"new": 0, "growing": 1, "shrinking": 2, "uncertain": 3, "steady": 4}
    changes = changes.sort_values(["status", "change_points", "theme_id"], key=lambda c: c.map(order) if c.name == "status"
                                  else (-c.abs() if c.name == "change_points" else c)).reset_index(drop=True)
    gone_df = pd.DataFrame(gone, columns=GONE_COLUMNS).sort_values(["docs_before", "theme_id_before"],
                                                                    ascending=[False, True]).reset_index(drop=True)
    return {"changes": changes, "gone": gone_df, "docs_before": docs_before, "docs_now": docs_now,
            "rule": (f"this round: the theme's members; before: previous segments placed on this round's themes (a "
                     f"member's very text on its theme, else the nearest centre, at least as close as the theme's "
                     f"{_MEMBER_PCT}% least typical members, not of the opposite sentiment), counted where at least "
                     f"{_MIN_LINK} segments of their own theme are placed on it and {_MIN_LINK} of its members on "
                     f"their theme (or, for a fragment of such a theme, most of its segments and one member); a previous theme most of whose segments count for no theme now is its own row, "
                     f"this round's segments placed on it its count; growing / shrinking: share of documents "
                     f"x{_GROW:g} / x{_SHRINK:.2f}, >= {_MIN_POINTS:g} points and Fisher's exact test p < {_ALPHA:g} "
                     f"(uncertain: as large a change, but one chance could explain); no longer raised: such a row "
                     f"with fewer than {_MIN_NEW_DOCS} documents of this round placed on it")}


def _row(theme_id: int, kind: str, label: str, d_now: int, docs_now: int, d_before: int, docs_before: int,
         quotes: str, theme_id_before: int) -> dict:
    """One row of ``changes``: the counts of both rounds, their status and Fisher's p."""
    s_now = d_now / docs_now if docs_now else 0.0
    s_before = d_before / docs_before if docs_before else 0.0
    p = change_p_value(d_now, docs_now, d_before, docs_before)
    return {"theme_id": theme_id, "kind": kind, "label": label, "status": _status(d_now, d_before, s_now, s_before, p),
            "docs_now": d_now, "share_now": round(s_now, 4), "docs_before": d_before, "share_before": round(s_before, 4),
            "change_points": round(100 * (s_now - s_before), 1), "p_value": round(p, 4), "quotes_before": quotes,
            "theme_id_before": theme_id_before}


def _sides(segments: pd.DataFrame) -> np.ndarray:
    """Each segment's sentiment side: +1 positive, -1 negative, 0 neutral or unknown (no ``sentiment`` column)."""
    if "sentiment" not in segments:
        return np.zeros(len(segments), dtype=int)
    lab = segments["sentiment"].astype(str).str.lower().to_numpy()
    return np.where(lab == "positive", 1, np.where(lab == "negative", -1, 0))


def _side(sides: np.ndarray) -> int:
    """A theme's side: the sign its members mostly have (0 for a tie or an empty theme).

    >>> _side(np.array([1, 1, 0, -1])), _side(np.array([1, -1])), _side(np.array([], int))
    (1, 0, 0)
    """
    return int(np.sign(np.sum(sides == 1) - np.sum(sides == -1)))


def _place(V: np.ndarray, C: np.ndarray, F: np.ndarray, sides: np.ndarray, theme_sides: np.ndarray):
    """Each unit row's nearest centre (its index, -1 when too far or on the other side) and its similarity.

    A row is placed on the nearest centre when it is at least as close as the theme's floor ``F`` and its
    sentiment side is not the theme's opposite (a complaint read as praise is no "before" of a praise theme).

    >>> C = np.array([[1.0, 0.0], [0.0, 1.0]]); F = np.array([0.9, 0.9])
    >>> V = np.array([[1.0, 0.0], [0.0, 1.0], [0.7, 0.7]])
    >>> best, sim = _place(V, C, F, np.array([0, -1, 0]), np.array([1, 1]))
    >>> best.tolist()
    [0, -1, -1]
    """
    S = V @ C.T
    best = S.argmax(axis=1)
    sim = S[np.arange(len(V)), best]
    ok = (sim >= F[best]) & (sides * theme_sides[best] >= 0)
    return np.where(ok, best, -1), sim


def _kin(ids: list[int], C: np.ndarray, F: np.ndarray) -> set[tuple[int, int]]:
    """Pairs (a, b) of themes of one round where a's centre is at least as close to b's as b's own members
    usually are (b's floor): fragments of one topic (a payout delay in three themes of 4-7 documents).

    >>> C = np.array([[1.0, 0.0], [0.96, 0.28], [0.0, 1.0]]); F = np.array([0.9, 0.9, 0.9])
    >>> sorted(_kin([5, 6, 7], C, F))
    [(5, 6), (6, 5)]
    """
    S = C @ C.T
    return {(ids[i], ids[j]) for i, j in zip(*np.nonzero(S >= F[None, :])) if i != j}


def _links(prev_theme: np.ndarray, placed: np.ndarray, now_theme: np.ndarray, back: np.ndarray,
           kin: set[tuple[int, int]] = frozenset()) -> set[tuple[int, int]]:
    """Pairs (previous theme, this round's theme) the placements agree on both ways: at least ``_MIN_LINK``
    segments of each are placed on the other (placements one way only are geometry's accidents: a scattered
    theme's segments land on the nearest of several unrelated themes).

    A fragment of a linked previous theme (``kin``: its centre within that theme's floor) is linked too when
    most of its segments and one of this round's members are placed on the same theme: a topic in fragments
    has this round's members spread over them (dogfood 18g's payout delay in three round-1 themes had 2, 1 and 0
    of the 4 members of its round-2 theme, and read "steady" from one fragment while two were "no longer raised").

    Args:
        prev_theme: Previous segments' own themes; placed: this round's theme each is placed on (-1: none).
        now_theme: This round's segments' themes; back: the previous theme each is placed on (-1: none).
        kin: Pairs of previous themes that are fragments of one topic (:func:`_kin`).

    Example:
        >>> prev_theme = np.array([5, 5, 5, 6, 6, 6, 7, 7]); placed = np.array([0, 0, 1, 1, 1, 1, 0, 0])
        >>> now_theme = np.array([0, 0, 0, 1, 1]); back = np.array([5, 5, 7, -1, 5])
        >>> sorted(_links(prev_theme, placed, now_theme, back))   # theme 1's members do not sit on theme 6
        [(5, 0)]
        >>> sorted(_links(prev_theme, placed, now_theme, back, kin={(7, 5)}))   # 7 is a fragment of 5
        [(5, 0), (7, 0)]
    """
    ahead = Counter((int(p), int(n)) for p, n in zip(prev_theme, placed) if p >= 0 and n >= 0)
    back_ = Counter((int(p), int(n)) for n, p in zip(now_theme, back) if p >= 0 and n >= 0)
    size = Counter(int(p) for p in prev_theme)
    links = {k for k in ahead if ahead[k] >= _MIN_LINK and back_[k] >= _MIN_LINK}
    return links | {(p, n) for (p, n), k in ahead.items() if k >= _MIN_LINK and 2 * k > size[p] and back_[(p, n)]
                    and any((q, n) in links for q in {b for a, b in kin if a == p})}


def _centre(V: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """A theme's unit centre, its floor and its members' leave-one-out similarities, from unit member rows.

    A member is scored against the centre of the *other* members, as a segment of the other round is
    (in-sample similarities would favour the theme's own round); the floor is their ``_MEMBER_PCT``-th
    percentile (``inf`` for an empty theme: nothing is placed on it).

    Example:
        >>> c, floor, loo = _centre(np.array([[1.0, 0.0], [0.8, 0.6], [0.6, 0.8]], np.float32))
        >>> round(float(c @ np.array([0.8, 0.6])), 3), round(floor, 2), [round(float(x), 2) for x in loo]
        (0.993, 0.72, [0.71, 0.98, 0.82])
    """
    if not len(V):
        return np.zeros(V.shape[1], np.float32), np.inf, np.zeros(0)
    total = V.sum(axis=0)
    loo = np.einsum("ij,ij->i", V, _unit(total[None, :] - V)) if len(V) > 1 else np.ones(len(V))
    return _unit(total[None, :])[0], float(np.percentile(loo, _MEMBER_PCT)), loo


def _centres(groups: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Centres ``(K, dim)``, floors ``(K,)`` and members' similarities of themes given as unit member rows
    (:func:`_centre`)."""
    found = [_centre(V) for V in groups]
    return np.array([c for c, _, _ in found]), np.array([f for _, f, _ in found]), [s for _, _, s in found]


def _nearest_quotes(texts: np.ndarray, docs: np.ndarray, placed: np.ndarray, sim: np.ndarray) -> str:
    """The previous round's quotes placed on a theme, nearest to its centre first, one per document, ' | '-joined."""
    out, seen = [], set()
    for i in sorted(np.flatnonzero(placed), key=lambda i: (-float(sim[i]), int(i))):
        if docs[i] in seen:
            continue
        seen.add(docs[i])
        out.append(" ".join(str(texts[i]).split()))
        if len(out) == _QUOTES_BEFORE:
            break
    return " | ".join(out)


def changes_table(rounds: dict) -> pd.DataFrame:
    """``changes.csv``: this round's themes with their trend (and the previous themes no theme continues that are
    still raised), then the previous themes no longer raised."""
    now = rounds["changes"]
    gone = rounds["gone"]
    share_now = (gone["docs_now"] / rounds["docs_now"]).round(4) if rounds["docs_now"] else 0.0 * gone["docs_now"]
    rest = pd.DataFrame({"theme_id": -1, "kind": gone["kind"], "label": gone["label_before"],
                         "status": "no longer raised", "docs_now": gone["docs_now"], "share_now": share_now,
                         "docs_before": gone["docs_before"], "share_before": gone["share_before"],
                         "change_points": (100 * (share_now - gone["share_before"])).round(1), "p_value": np.nan,
                         "quotes_before": "", "theme_id_before": gone["theme_id_before"]})
    return pd.concat([now, rest], ignore_index=True) if len(rest) else now.copy()


def render_rounds_md(rounds: dict, top: int = 15) -> str:
    """The 'Since the previous round' section of ``journey_map.md``."""
    from pipeline.report._export import _md

    ch, gone = rounds["changes"], rounds["gone"]
    counts = ch["status"].value_counts()
    kind_name = {"pain_point": "pain point", "question": "question", "request": "request", "praise": "praise"}
    L = ["", "## Since the previous round", "",
         f"Compared with `{_md(rounds.get('previous_run', ''))}` ({rounds['docs_before']} customer documents then, "
         f"{rounds['docs_now']} now, documents of only duplicate posts left out): "
         + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("new", "growing", "shrinking", "uncertain", "steady"))
         + f" themes; {len(gone)} themes of the previous round no longer raised. Rule: {_md(rounds['rule'])}.", ""]
    for status in ("new", "growing", "shrinking", "uncertain"):
        sel = ch[ch["status"] == status].head(top)
        if not len(sel):
            continue
        L += [f"### {_HEADINGS.get(status, status.capitalize())}", ""]
        for _, r in sel.iterrows():
            L.append(f"- **{_md(r['label'])}** ({kind_name.get(r['kind'], r['kind'])}{_PREVIOUS if r['theme_id'] < 0 else ''}): "
                     f"{100 * r['share_now']:.1f}% of "
                     f"documents now ({r['docs_now']}), {100 * r['share_before']:.1f}% before ({r['docs_before']}); "
                     f"{r['change_points']:+.1f} points" + _before_md(r.get("quotes_before", "")))
        L.append("")
    if len(gone):
        L += ["### No longer raised", ""]
        for _, r in gone.head(top).iterrows():
            L.append(f"- **{_md(r['label_before'])}** ({kind_name.get(r['kind'], r['kind'])}): {r['docs_before']} "
                     f"documents before ({100 * r['share_before']:.1f}%), {r['docs_now']} of this round's placed on it")
        L.append("")
    return "\n".join(L) + "\n"


def _before_md(quotes: str) -> str:
    """' Before: “…”; “…”' from a theme's ``quotes_before`` (what the previous round counted), or ''."""
    from pipeline.report._export import _md
    from pipeline.report._model import clip

    found = [q for q in str(quotes or "").split(" | ") if q]
    return "; before: " + "; ".join(f"“{_md(clip(q, 120))}”" for q in found) if found else ""


def rounds_view(rounds: dict) -> dict:
    """What the HTML map shows: a one-line summary and the rows that changed (steady themes are counted only)."""
    ch = rounds["changes"]
    counts = ch["status"].value_counts()
    gone = rounds["gone"]
    summary = (f"compared with {rounds.get('previous_run', '')} ({rounds['docs_before']} customer documents then, "
               f"{rounds['docs_now']} now, documents of only duplicate posts left out): "
               + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("new", "growing", "shrinking", "uncertain", "steady"))
               + f" themes, {len(gone)} no longer raised. {rounds['rule']}.")
    rows = [{"status": r["status"], "label": r["label"],
             "kind": r["kind"].replace("_", " ") + (_PREVIOUS if r["theme_id"] < 0 else ""),
             "docs_now": int(r["docs_now"]), "share_now": f"{100 * r['share_now']:.1f}%",
             "docs_before": int(r["docs_before"]), "share_before": f"{100 * r['share_before']:.1f}%",
             "change": f"{r['change_points']:+.1f}", "before": str(r.get("quotes_before", "") or "")}
            for _, r in ch[ch["status"] != "steady"].iterrows()]
    rows += [{"status": "no longer raised", "label": r["label_before"], "kind": r["kind"].replace("_", " "),
              "docs_now": 0, "share_now": "—", "docs_before": int(r["docs_before"]),
              "share_before": f"{100 * r['share_before']:.1f}%", "change": f"{-100 * r['share_before']:+.1f}",
              "before": ""}
             for _, r in gone.iterrows()]
    return {"summary": summary, "rows": rows}
