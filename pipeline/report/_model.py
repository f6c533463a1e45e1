"""Build the view model shared by the HTML, Markdown, CSV and JSON outputs."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from pipeline.journey import TOUCHPOINTS
from pipeline.themes import key_phrases

__all__ = ["build_view", "source_ref", "CONTROL_LABELS", "opportunity_for"]

CONTROL_LABELS = {"owned": "owned", "partly": "partly controlled", "uncontrolled": "uncontrolled"}

FORMATS_BY_PHASE = {"before": "guide / explainer / comparison", "during": "how-to / checklist", "after": "help article / retention content"}


def _s(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return ""
    return str(v)


def source_ref(row: pd.Series | dict) -> str:
    """Where a quote comes from: file, speaker, and line or timestamp ("interviews/p01.txt · Customer 2 · line 14")."""
    parts = [_s(row.get("source_file"))]
    if _s(row.get("speaker")):
        parts.append(_s(row.get("speaker")))
    if _s(row.get("media_time")):
        parts.append(f"[{_s(row.get('media_time'))}]")
    line = row.get("line")
    if _s(line):
        parts.append(f"line {int(float(line))}")
    elif _s(row.get("record_index")):
        parts.append(f"record {int(float(row.get('record_index'))) + 1}")
    if _s(row.get("timestamp")):
        parts.append(_s(row.get("timestamp"))[:10])
    return " · ".join(p for p in parts if p)


def opportunity_for(theme: dict, stage_name: str) -> str:
    """A hypothesis drafted from a pain point theme (for the team to test, not a finding)."""
    label = theme["label"]
    if theme.get("customer_side", 0) >= 0.5:
        return f"Help customers past a barrier on their side at {stage_name}: “{label}” — e.g. content or tools that address it."
    return f"Remove or explain the cause of “{label}” at {stage_name}; measure whether complaints about it drop."


def build_view(segments: pd.DataFrame, themes: pd.DataFrame, synthesis: dict, stage_model, cfg,
               quarantine: pd.DataFrame | None = None, files: pd.DataFrame | None = None) -> dict:
    """Everything the templates need, as plain dicts and lists (JSON-serialisable)."""
    seg_col = cfg.report.segment_column
    by_id = segments.set_index("segment_id", drop=False)
    cust = segments[segments["is_customer"]]

    def quote(sid: str) -> dict:
        r = by_id.loc[sid]
        return {"id": sid, "text": _s(r["text"]), "ref": source_ref(r), "lang": _s(r.get("lang")),
                "source_type": _s(r.get("source_type")), "segment": _s(r.get(seg_col)) if seg_col in by_id else "",
                "sentiment": _s(r.get("sentiment")), "stage": _s(r.get("stage"))}

    theme_view: dict[int, dict] = {}
    for t in themes.to_dict("records"):
        qids = [q for q in _s(t.get("quote_ids")).split(";") if q]
        allids = [q for q in _s(t.get("segment_ids")).split(";") if q]
        theme_view[int(t["theme_id"])] = {
            **{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in t.items() if k != "segment_ids"},
            "theme_id": int(t["theme_id"]),
            "quotes": [quote(q) for q in qids],
            "all_quotes": [quote(q) for q in allids[:60]],
            "n_more": max(0, len(allids) - 60),
        }
    # actions: what customers talk about doing at each stage (key lemma phrases per stage)
    acts = key_phrases({i: list(zip(g["text"], g["lang"])) for i, (_, g) in
                        enumerate(cust.groupby(pd.Categorical(cust["stage"], categories=stage_model.ids)))
                        if len(g)}, top=6) if len(cust) else {}
    stage_list = []
    for i, st in enumerate(synthesis["stages"]):
        pains = [theme_view[t] for t in st["pain_points"] if t in theme_view]
        stage_list.append({
            **st,
            "actions": acts.get(i, []),
            "touchpoints": [{"id": tp, "label": TOUCHPOINTS.get(tp, (tp, "owned"))[0],
                             "control": CONTROL_LABELS[TOUCHPOINTS.get(tp, (tp, "owned", ""))[1]], "n": n}
                            for tp, n in st["touchpoints"]],
            "pain_points": pains,
            "questions": [theme_view[t] for t in st["questions"] if t in theme_view],
            "requests": [theme_view[t] for t in st["requests"] if t in theme_view],
            "praise": [theme_view[t] for t in st["praise"] if t in theme_view],
            "opportunities": [{"text": opportunity_for(p, st["name"]), "theme_id": p["theme_id"]} for p in pains[:3]],
            "moments": [m for m in synthesis["moments_of_truth"] if m["stage"] == st["id"]],
            "drop_off_quotes": [quote(s) for s in st["drop_offs"][:5]],
        })
    for m in synthesis["moments_of_truth"]:
        m["quotes"] = [quote(s) for s in m["segment_ids"][:4]]
        m["touchpoint_label"] = TOUCHPOINTS.get(m["touchpoint"], (m["touchpoint"],))[0]
        m["stage_name"] = next((s.name for s in stage_model.stages if s.id == m["stage"]), m["stage"])
    # per customer segment (persona) map: stage x (volume, sentiment, top pain point)
    per_segment = []
    if seg_col in cust and cust[seg_col].astype(str).str.len().gt(0).any():
        for val, g in cust[cust[seg_col].astype(str) != ""].groupby(seg_col):
            cells = []
            for st in stage_model.stages:
                m = g[g["stage"] == st.id]
                top = m[(m["kind"] == "pain_point") & (m["theme_id"] >= 0)]["theme_id"].value_counts()
                tv = theme_view.get(int(top.index[0])) if len(top) else None
                cells.append({"n": int(len(m)), "sentiment": round(float(m["sentiment_score"].mean()), 2) if len(m) else None,
                              "top_pain": tv["label"] if tv else "", "top_pain_n": int(top.iloc[0]) if len(top) else 0})
            per_segment.append({"segment": str(val), "n_docs": int(g["doc_id"].nunique()), "cells": cells})
    phases = []
    for ph in ("before", "during", "after"):
        n = sum(1 for s in stage_model.stages if s.phase == ph)
        if n:
            phases.append({"name": ph, "span": n})
    evidence = {
        "sources": cust["source_type"].value_counts().sort_index().to_dict(),
        "langs": cust["lang"].value_counts().sort_index().to_dict(),
        "docs": int(cust["doc_id"].nunique()),
        "segments": int(len(cust)),
        "non_customer_segments": int((~segments["is_customer"]).sum()),
        "unmapped": int((cust["stage"] == "unmapped").sum()),
        "quarantined": int(len(quarantine)) if quarantine is not None else 0,
        "by_stage": [{"name": s["name"], "sources": s["sources"], "n_docs": s["n_docs"], "gaps": s["gaps"]} for s in stage_list],
    }
    filters = {
        "segment": sorted({v for v in cust[seg_col].astype(str) if v}) if seg_col in cust else [],
        "source_type": sorted(set(cust["source_type"].astype(str))),
        "lang": sorted(set(cust["lang"].astype(str))),
    }
    faq = [theme_view[t] for t in themes.loc[themes["kind"] == "question", "theme_id"]] if len(themes) else []
    faq.sort(key=lambda t: (-(t.get("size") or 0), t["theme_id"]))
    return {"title": cfg.report.title, "stages": stage_list, "phases": phases, "themes": theme_view,
            "moments": synthesis["moments_of_truth"], "per_segment": per_segment, "evidence": evidence,
            "filters": filters, "faq": faq, "priority_formula": synthesis["priority_formula"],
            "segment_column": seg_col, "stage_model": stage_model.name}
