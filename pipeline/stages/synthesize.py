"""Turn the tagged segments into the journey map's content: per-stage rows, ranked themes, FAQ,
content plan, moments of truth and evidence gaps. Everything keeps the segment ids behind it.

Priority of a pain point theme = volume x negativity x reach, where volume is the number of
customer segments (duplicates excluded), negativity the share of them with negative sentiment
(at least 0.1), and reach the share of all customer documents (interviews, conversations,
reviews, comments) in which it appears. The report states this formula.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

NAME = "synthesize"
VERSION = "1"
REQUIRES = ("segment_id", "doc_id", "is_customer", "kind", "theme_id", "stage", "touchpoints", "sentiment_score",
            "emotions", "drop_off", "source_type", "lang")
ASSIGNS: tuple[str, ...] = ()

NEGATIVE_EMOTIONS = {"frustration", "shame", "uncertainty", "anxiety", "disappointment", "fear", "anger", "disgust",
                     "suspicion", "annoyance", "sadness", "nervousness", "confusion", "disapproval", "remorse", "grief",
                     "embarrassment"}


def _emotion_shares(emotions: pd.Series, top: int = 3) -> list[tuple[str, float]]:
    c = Counter(e for cell in emotions for e in str(cell).split(";") if e and e != "neutral")
    n = max(len(emotions), 1)
    return [(e, round(k / n, 3)) for e, k in sorted(c.items(), key=lambda x: (-x[1], x[0]))[:top]]


def theme_stats(cust: pd.DataFrame, themes: pd.DataFrame, n_docs_total: int) -> pd.DataFrame:
    """Counts, reach, sentiment/emotion mix, sources and priority per theme."""
    rows = []
    counted = cust[~cust.get("is_duplicate", pd.Series(False, index=cust.index)).astype(bool)]
    for t in themes.itertuples(index=False):
        m = counted[counted["theme_id"] == t.theme_id]
        allm = cust[cust["theme_id"] == t.theme_id]
        n = len(m)
        neg = float((m["sentiment_score"] < -0.05).mean()) if n else 0.0
        docs = m["doc_id"].nunique()
        reach = docs / max(n_docs_total, 1)
        authors = m["author_id"].replace("", np.nan).nunique() if "author_id" in m else docs
        rows.append({
            "theme_id": t.theme_id, "size": n, "duplicates": int(len(allm) - n), "n_docs": int(docs),
            "n_customers": int(max(authors, docs if not authors else 0)), "share_docs": round(reach, 4),
            "sentiment_mean": round(float(m["sentiment_score"].mean()), 3) if n else 0.0,
            "negative_share": round(neg, 3),
            "emotions": "; ".join(f"{e} {s:.0%}" for e, s in _emotion_shares(m["emotions"])),
            "sources": "; ".join(f"{k} {v}" for k, v in m["source_type"].value_counts().sort_index().items()),
            "channels": "; ".join(f"{k} {v}" for k, v in m["channel"].astype(str).value_counts().head(5).items()),
            "langs": "; ".join(f"{k} {v}" for k, v in m["lang"].value_counts().sort_index().items()),
            "customer_side": round(float((m["barrier"] == "customer").mean()), 3) if n and "barrier" in m else 0.0,
            "drop_offs": int(m["drop_off"].sum()),
            "priority": round(n * max(neg, 0.1) * reach * 100, 2),
            "segment_ids": ";".join(allm["segment_id"]),
        })
    stats = pd.DataFrame(rows)
    if stats.empty:
        return themes.assign(size=0)
    out = themes.merge(stats, on="theme_id", how="left")
    return out.sort_values(["kind", "priority", "size", "theme_id"], ascending=[True, False, False, True]).reset_index(drop=True)


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    cfg = ctx.cfg
    model = ctx.artifacts["stage_model"]
    cust = segments[segments["is_customer"]].copy()
    n_docs_total = int(cust["doc_id"].nunique())
    themes = theme_stats(cust, ctx.artifacts.get("themes", pd.DataFrame(columns=["theme_id", "kind", "stage"])), n_docs_total)
    ctx.artifacts["themes"] = themes
    stage_rows = []
    for st in model.stages:
        m = cust[cust["stage"] == st.id]
        tcount = Counter(t for cell in m["touchpoints"] for t in str(cell).split(";") if t)
        th = themes[themes["stage"] == st.id] if len(themes) else themes
        pains = th[th["kind"] == "pain_point"].sort_values(["priority", "size"], ascending=False)
        questions = th[th["kind"] == "question"].sort_values("size", ascending=False)
        requests = th[th["kind"] == "request"].sort_values("size", ascending=False)
        praise = th[th["kind"] == "praise"].sort_values("size", ascending=False)
        n_docs = int(m["doc_id"].nunique())
        src = m["source_type"].value_counts()
        sent = m["sentiment_score"].dropna()
        gaps = []
        if n_docs < cfg.report.thin_evidence:
            gaps.append(f"only {n_docs} customer document(s)")
        if len(src) == 1 and n_docs:
            gaps.append(f"one source type only ({src.index[0]})")
        if len(sent) >= 5 and ((sent > 0.05).mean() > 0.9 or (sent < -0.05).mean() > 0.9):
            gaps.append("one-sided sentiment")
        stage_rows.append({
            "id": st.id, "name": st.name, "phase": st.phase, "description": st.description, "needs": st.needs,
            "content_format": st.content_format, "n_segments": int(len(m)), "n_docs": n_docs,
            "sources": {k: int(v) for k, v in src.items()},
            "sentiment_mean": round(float(sent.mean()), 3) if len(sent) else None,
            "negative_share": round(float((sent < -0.05).mean()), 3) if len(sent) else None,
            "emotions": _emotion_shares(m["emotions"]),
            "touchpoints": tcount.most_common(),
            "pain_points": pains["theme_id"].tolist(), "questions": questions["theme_id"].tolist(),
            "requests": requests["theme_id"].tolist(), "praise": praise["theme_id"].tolist(),
            "drop_offs": m.loc[m["drop_off"], "segment_id"].tolist(),
            "gaps": gaps,
        })
    # moments of truth: stage x touchpoint cells with volume and strong emotion, plus drop-offs
    cells = []
    exploded = cust.assign(tp=cust["touchpoints"].str.split(";")).explode("tp")
    exploded = exploded[exploded["tp"].fillna("") != ""]
    for (stage, tp), g in exploded.groupby(["stage", "tp"]):
        if len(g) < 3 or stage == "unmapped":
            continue
        intensity = float(g["sentiment_score"].abs().mean())
        score = len(g) * intensity * (1 + g["drop_off"].sum())
        cells.append({"stage": stage, "touchpoint": tp, "n": int(len(g)), "sentiment_mean": round(float(g["sentiment_score"].mean()), 3),
                      "intensity": round(intensity, 3), "drop_offs": int(g["drop_off"].sum()), "score": round(score, 2),
                      "segment_ids": g.sort_values("sentiment_score")["segment_id"].head(6).tolist()})
    cells.sort(key=lambda c: (-c["score"], c["stage"], c["touchpoint"]))
    ctx.artifacts["synthesis"] = {
        "stages": stage_rows,
        "moments_of_truth": cells[:10],
        "n_docs": n_docs_total,
        "n_customer_segments": int(len(cust)),
        "priority_formula": "priority = volume x negativity x reach x 100 (volume: customer segments without duplicates; "
                            "negativity: share negative, at least 0.1; reach: share of customer documents)",
    }
    return segments
