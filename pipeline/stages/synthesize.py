"""Turn the tagged segments into the journey map's content: per-stage rows, ranked themes,
moments of truth, evidence gaps, (with ``[report] faq_file``) FAQ coverage and (with
``[report] previous_run``) the changes since the previous round (:mod:`pipeline.report._rounds`). Everything keeps
the segment ids behind it.

Only customer segments count as evidence. The numbers, stated in every output:

* **Priority of a pain point theme** = volume x negativity x reach x 100, where volume is the
  number of customer segments in the theme (duplicates excluded), negativity the share of them
  labelled negative (at least 0.1 so a neutral-sounding complaint still counts) and reach the
  share of all customer documents (interviews, conversations, reviews, comments) in which it appears.
* **Content priority** of a question / pain point / request theme = volume x reach x
  (1 + negativity) x 100: how many people it touches, boosted when it comes with frustration.
* **Moment of truth** = a stage x touchpoint cell with at least 3 segments, scored by
  volume x emotional intensity (mean absolute sentiment) x (1 + drop-off signals).
* **Needs in customers' words** of a stage: its customer segments that state a need (the detect
  stage's ``need``), counted with duplicates like the stage, and ordered for display by how typical
  each is of the stage's needs (cosine to their mean vector), one per document first.
* **Net sentiment** of a stage = % positive - % negative segments, by their sentiment label (the one in
  ``segments.csv``; its accuracy is what ``benchmarks/affect.py`` measures). Means and intensities use
  the score.

The HTML map recomputes all of these in the browser when filters change
(``pipeline/report/templates/_app.js.j2`` mirrors this module; a browser test checks they agree).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

NAME = "synthesize"
VERSION = "11"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('report', 'stages', 'cluster', 'embed')
REQUIRES = ("segment_id", "doc_id", "is_customer", "kind", "theme_id", "stage", "touchpoints", "sentiment",
            "sentiment_score", "emotions", "drop_off", "source_type", "lang", "need", "published_on")
ASSIGNS: tuple[str, ...] = ()

MOMENT_MIN = 3
NEED_TOP = 50  # need statements kept in display order per stage (the map's filters pick from these)

NEGATIVE_EMOTIONS = {"frustration", "shame", "uncertainty", "anxiety", "disappointment", "fear", "anger", "disgust",
                     "suspicion", "annoyance", "sadness", "nervousness", "confusion", "disapproval", "remorse", "grief",
                     "embarrassment"}

POSITIVE_EMOTIONS = {"joy", "trust", "relief", "pride", "confidence", "gratitude", "love", "admiration", "approval",
                     "excitement", "amusement", "optimism", "caring", "delight", "satisfaction"}

PRIORITY_FORMULA = ("priority = volume × negativity × reach × 100 (volume: customer segments, duplicates excluded; "
                    "negativity: share with negative sentiment, at least 0.1; reach: share of all customer documents "
                    "in which the theme appears)")
CONTENT_PRIORITY_FORMULA = "content priority = volume × reach × (1 + negativity) × 100"
MOMENT_FORMULA = (f"a stage × touchpoint cell with at least {MOMENT_MIN} customer segments, scored by volume × "
                  "emotional intensity (mean |sentiment|) × (1 + drop-off signals); the site, marketplace or app store "
                  "a review was written on and a comment's platform count as where it was written, not as its moment")
NET_FORMULA = "net sentiment = % positive − % negative customer segments (by sentiment label)"


def quantise(scores) -> pd.Series:
    """Sentiment scores as integers in 1e-4 steps (<NA> when missing).

    Means and shares are computed from these integers, here and in the HTML map's script, so the
    browser recomputes exactly the numbers printed in the file.
    """
    s = pd.to_numeric(pd.Series(scores), errors="coerce")
    return pd.Series(np.rint(s.to_numpy(float) * 10000), index=s.index).astype("Int64")


def polarity(frame: pd.DataFrame) -> pd.Series:
    """-1 / 0 / +1 per segment from its sentiment label (<NA> without one): what the map's shares count.

    The label, not a cut on the score: a neutral segment's score runs from about -0.45 to +0.45, and
    on the gold sets reading the score beyond +-0.05 as polar agreed with the annotators on 0.61-0.63
    of segments, the label on 0.72-0.78.
    """
    return frame["sentiment"].map({"negative": -1, "neutral": 0, "positive": 1}).astype("Int64")


def _mean(q: pd.Series) -> float | None:
    v = q.dropna()
    return int(v.sum()) / len(v) / 10000 if len(v) else None


def _emotion_shares(emotions: pd.Series, top: int = 3) -> list[tuple[str, float]]:
    """Most frequent non-neutral emotions, as shares of all segments (a segment may carry several)."""
    c = Counter(e for cell in emotions for e in set(str(cell).split(";")) if e and e not in ("neutral", "nan", "<NA>"))
    n = max(len(emotions), 1)
    return [(e, k / n) for e, k in sorted(c.items(), key=lambda x: (-x[1], x[0]))[:top]]


def _not_dup(frame: pd.DataFrame) -> pd.DataFrame:
    if "is_duplicate" not in frame:
        return frame
    return frame[~frame["is_duplicate"].fillna(False).astype(bool)]


def _counts(values, top: int | None = None) -> dict[str, int]:
    """Value counts, most frequent first, ties by name (the order the HTML script uses too)."""
    c = Counter(v for v in values if v)
    return {k: int(n) for k, n in sorted(c.items(), key=lambda x: (-x[1], x[0]))[:top]}


def _split(cells: pd.Series) -> list[list[str]]:
    return [[t for t in str(c).split(";") if t] if isinstance(c, str) else [] for c in cells]


def theme_stats(cust: pd.DataFrame, themes: pd.DataFrame, n_docs_total: int) -> pd.DataFrame:
    """Counts, reach, sentiment / emotion mix, sources, stages, touchpoints and priorities per theme.

    Args:
        cust: Customer segments (with ``theme_id``, ``sentiment_score``, ``doc_id`` ...).
        themes: The cluster stage's theme table.
        n_docs_total: Customer documents in the whole corpus (the denominator of reach).

    Returns:
        ``themes`` with the statistic columns added (unrounded: outputs round for display),
        sorted by kind then priority.
    """
    rows = []
    counted = _not_dup(cust)
    q_all = quantise(counted["sentiment_score"])
    pol_all = polarity(counted)
    for t in themes.itertuples(index=False):
        sel = (counted["theme_id"] == t.theme_id).to_numpy()
        m = counted[sel]
        q = q_all[sel]
        allm = cust[cust["theme_id"] == t.theme_id]
        n = len(m)
        neg = int((pol_all[sel] == -1).sum()) / n if n else 0.0
        docs = int(m["doc_id"].nunique())
        reach = docs / max(n_docs_total, 1)
        barrier = m["barrier"].fillna("").astype(str) if "barrier" in m else pd.Series("", index=m.index)
        sides = _counts(barrier)
        rows.append({
            "theme_id": t.theme_id, "size": n, "duplicates": int(len(allm) - n), "n_docs": docs,
            "share_docs": reach,
            "sentiment_mean": _mean(q) or 0.0,
            "negative_share": neg,
            "emotions": "; ".join(f"{e} {s:.0%}" for e, s in _emotion_shares(m["emotions"])),
            "sources": "; ".join(f"{k} {v}" for k, v in _counts(m["source_type"].astype(str)).items()),
            "channels": "; ".join(f"{k} {v}" for k, v in _counts(m["channel"].fillna("").astype(str), 5).items())
            if "channel" in m else "",
            "langs": "; ".join(f"{k} {v}" for k, v in _counts(m["lang"].astype(str)).items()),
            "stages": "; ".join(f"{k} {v}" for k, v in _counts(m["stage"].astype(str)).items()),
            "touchpoint_ids": "; ".join(f"{k} {v}" for k, v in _counts(tp for c in _split(m["touchpoints"]) for tp in c).items()),
            "customer_side": int((barrier == "customer").sum()) / n if n else 0.0,
            "barrier": next(iter(sides), ""),
            "drop_offs": int(m["drop_off"].fillna(False).astype(bool).sum()),
            "priority": n * max(neg, 0.1) * reach * 100,
            "content_priority": n * reach * (1 + neg) * 100,
            "segment_ids": ";".join(allm["segment_id"]),
        })
    stats = pd.DataFrame(rows)
    if stats.empty:
        return themes.assign(size=0, priority=0.0, content_priority=0.0, segment_ids="")
    out = themes.merge(stats, on="theme_id", how="left")
    return out.sort_values(["kind", "priority", "size", "theme_id"], ascending=[True, False, False, True]).reset_index(drop=True)


def stage_stats(m: pd.DataFrame, thin_evidence: int, corpus_sources: int) -> dict:
    """Evidence, sentiment, emotions, touchpoints and gaps of one stage's customer segments.

    ``corpus_sources`` is the number of source types in the corpus: a stage told by one source type is a
    gap only when the corpus has others (in a round of interviews every stage is told by interviews)."""
    n_docs = int(m["doc_id"].nunique())
    src = _counts(m["source_type"].astype(str))
    q = quantise(m["sentiment_score"]).dropna()
    pol = polarity(m).dropna()
    nv = len(pol)
    pos_share = int((pol == 1).sum()) / nv if nv else None
    neg_share = int((pol == -1).sum()) / nv if nv else None
    gaps = []
    if n_docs < thin_evidence:
        gaps.append(f"only {n_docs} customer document(s)")
    if len(src) == 1 and n_docs and corpus_sources > 1:
        gaps.append(f"one source type only ({next(iter(src))})")
    if nv >= 5 and (pos_share > 0.9 or neg_share > 0.9):
        gaps.append("one-sided sentiment")
    return {
        "n_segments": int(len(m)), "n_docs": n_docs, "sources": src,
        "sentiment_mean": _mean(q),
        "negative_share": neg_share,
        "positive_share": pos_share,
        "net_sentiment": (pos_share - neg_share) * 100 if nv else None,
        "emotions": _emotion_shares(m["emotions"]),
        "touchpoints": list(_counts(tp for c in _split(m["touchpoints"]) for tp in c).items()),
        "drop_offs": m.loc[m["drop_off"].fillna(False).astype(bool).to_numpy(), "segment_id"].tolist(),
        "gaps": gaps,
    }


def need_order(m: pd.DataFrame, vectors: np.ndarray | None, top: int = NEED_TOP) -> list[str]:
    """Segment ids of one stage's need statements (duplicates left out), in display order.

    The most typical first (cosine to the mean of their vectors, so a stage's common need leads, not
    an odd one), taking one statement per document before a second from any: three quotes of one
    interview are one voice.

    Args:
        m: The stage's customer segments with a non-empty ``need``.
        vectors: Their embedding rows (``None``: the table's order).
        top: How many to keep.
    """
    keep = ~m["is_duplicate"].fillna(False).astype(bool).to_numpy() if "is_duplicate" in m else np.ones(len(m), bool)
    ids, docs = m["segment_id"].to_numpy()[keep], m["doc_id"].to_numpy()[keep]
    typ = np.zeros(len(ids))
    if vectors is not None and len(ids) and np.abs(v := np.asarray(vectors[keep], np.float32)).sum() > 0:
        v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
        c = v.mean(axis=0)
        typ = v @ (c / max(float(np.linalg.norm(c)), 1e-12))
    seen: Counter = Counter()
    rank = {}
    for i in sorted(range(len(ids)), key=lambda i: (-round(float(typ[i]), 6), i)):
        rank[i] = (seen[docs[i]], len(rank))   # the k-th statement of a document goes in the k-th round
        seen[docs[i]] += 1
    return [ids[i] for i in sorted(rank, key=rank.get)[:top]]


def moments_of_truth(cust: pd.DataFrame, top: int | None = 10) -> list[dict]:
    """Stage x touchpoint cells ranked by volume x emotional intensity x (1 + drop-offs).

    Where a review or comment was written (its ``published_on``, from the stage_map stage) is not where the
    moment happened: "Support × Review sites" had been the sample's first moment of truth, and five of its
    ten were review sites. Only that one platform is left out: a Google review that says "I ordered on
    Allegro and the courier…" is a moment of the marketplace.
    """
    cells: dict[tuple[str, str], list[int]] = {}
    stages = cust["stage"].astype(str).tolist()
    written_on = cust["published_on"].fillna("").astype(str).tolist()
    for i, tps in enumerate(_split(cust["touchpoints"])):
        if stages[i] == "unmapped":
            continue
        for tp in dict.fromkeys(tps):
            if tp != written_on[i]:
                cells.setdefault((stages[i], tp), []).append(i)
    q_all = quantise(cust["sentiment_score"]).to_numpy(dtype=float, na_value=np.nan)
    drop = cust["drop_off"].fillna(False).astype(bool).to_numpy()
    sids = cust["segment_id"].to_numpy()
    out = []
    for (stage, tp), idx in cells.items():
        if len(idx) < MOMENT_MIN:
            continue
        q = q_all[idx]
        valid = q[~np.isnan(q)].astype(np.int64)
        mean = int(valid.sum()) / len(valid) / 10000 if len(valid) else 0.0
        intensity = int(np.abs(valid).sum()) / len(valid) / 10000 if len(valid) else 0.0
        drops = int(drop[idx].sum())
        order = sorted(idx, key=lambda i: (np.inf if np.isnan(q_all[i]) else q_all[i], sids[i]))
        out.append({"stage": stage, "touchpoint": tp, "n": len(idx), "sentiment_mean": mean, "intensity": intensity,
                    "drop_offs": drops, "score": len(idx) * intensity * (1 + drops),
                    "segment_ids": [sids[i] for i in order[:6]]})
    out.sort(key=lambda c: (-c["score"], c["stage"], c["touchpoint"]))
    return out[:top] if top else out


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    cfg = ctx.cfg
    model = ctx.artifacts["stage_model"]
    is_cust = segments["is_customer"].fillna(False).astype(bool).to_numpy()
    cust = segments[is_cust].copy()
    emb = ctx.artifacts.get("embeddings")
    cust_pos = np.flatnonzero(is_cust) if emb is not None and len(emb) == len(segments) else None
    has_need = cust["need"].fillna("").astype(str).str.len().to_numpy() > 0
    n_docs_total = int(cust["doc_id"].nunique())
    themes = theme_stats(cust, ctx.artifacts.get("themes", pd.DataFrame(columns=["theme_id", "kind", "stage"])), n_docs_total)
    ctx.artifacts["themes"] = themes
    stage_rows = []
    for st in model.stages:
        th = themes[themes["stage"] == st.id] if len(themes) else themes
        by_kind = {}
        for kind, key in (("pain_point", "priority"), ("question", "size"), ("request", "size"), ("praise", "size")):
            sel = th[th["kind"] == kind] if len(th) else th
            by_kind[kind] = sel.sort_values([key, "size", "theme_id"], ascending=[False, False, True])["theme_id"].tolist() if len(sel) else []
        at = (cust["stage"] == st.id).to_numpy()
        need_rows = at & has_need
        stage_rows.append({
            "id": st.id, "name": st.name, "phase": st.phase, "description": st.description, "needs": st.needs,
            "content_format": st.content_format,
            **stage_stats(cust[at], cfg.report.thin_evidence, int(cust["source_type"].nunique())),
            "n_needs": int(need_rows.sum()), "n_need_docs": int(cust.loc[need_rows, "doc_id"].nunique()),
            "need_ids": need_order(cust[need_rows], emb[cust_pos[need_rows]] if cust_pos is not None else None),
            "pain_points": by_kind["pain_point"], "questions": by_kind["question"],
            "requests": by_kind["request"], "praise": by_kind["praise"],
        })
    ctx.artifacts["synthesis"] = {
        "stages": stage_rows,
        "moments_of_truth": moments_of_truth(cust),
        "n_docs": n_docs_total,
        "n_customer_segments": int(len(cust)),
        "priority_formula": PRIORITY_FORMULA,
        "content_priority_formula": CONTENT_PRIORITY_FORMULA,
        "moment_formula": MOMENT_FORMULA,
        "net_formula": NET_FORMULA,
    }
    if cfg.report.faq_file:
        from pipeline.report._faq import faq_coverage, read_faq

        entries = read_faq(cfg.report.faq_file, corpus=ctx.corpus)
        emb = ctx.artifacts.get("embeddings")
        if emb is None:
            emb = np.zeros((len(segments), 1), np.float32)
        ctx.artifacts["faq_entries"] = entries
        ctx.artifacts["faq_coverage"] = faq_coverage(segments, emb, themes, entries, ctx)
    if cfg.report.previous_run:
        from pipeline.report._rounds import compare_rounds, read_previous_run
        from pipeline.stages.cluster import theme_projection
        from pipeline.stages.embed import embed_texts

        prev = Path(cfg.report.previous_run)
        if not prev.exists() and ctx.corpus is not None and (Path(ctx.corpus) / prev).exists():
            prev = Path(ctx.corpus) / prev
        prev_segments, prev_themes = read_previous_run(prev)
        emb = ctx.artifacts.get("embeddings")
        if emb is None:
            emb = np.zeros((len(segments), 1), np.float32)
        proj = theme_projection(ctx)  # compared where the themes were clustered
        space = proj.transform if proj is not None and np.ndim(emb) == 2 and emb.shape[1] == proj.dim else None
        ctx.artifacts["rounds"] = {**compare_rounds(segments, emb, themes, prev_segments, prev_themes,
                                                    lambda t: embed_texts(t, ctx, label="previous round"), space=space),
                                   "previous_run": str(prev)}
    return segments
