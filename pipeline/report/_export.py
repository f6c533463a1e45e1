"""Markdown, flat-table (CSV) and XLSX renderings of the map, FAQ and content plan."""

from __future__ import annotations

import re

from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline.report._model import SEGMENT_KINDS, clip, faq_match, fmt_num, fmt_pct, fmt_signed

__all__ = ["render_map_md", "render_faq_md", "flat_map", "per_segment_table", "write_xlsx"]


def _md(text) -> str:
    from pipeline.report import md

    return md(text)


def _quote_md(q: dict, indent: str = "   ") -> str:
    return f"{indent}- “{_md(q['text'])}” — _{_md(q['ref'])}_"


def _gloss(t: dict) -> str:
    return f" _(EN quote: {_md(t['gloss_en'])})_" if t.get("gloss_en") and t.get("label_lang") != "en" else ""


def _emotions(s: dict) -> str:
    if s["net_sentiment"] is None:
        return "no evidence"
    emo = ", ".join(f"{e['name']} {fmt_pct(e['share'])}" for e in s["emotions"]) or "no emotion above neutral"
    return (f"net sentiment {fmt_signed(s['net_sentiment'])} ({fmt_pct(s['positive_share'])} positive, "
            f"{fmt_pct(s['negative_share'])} negative); {emo}"
            + (f"; {s['n_drop_offs']} drop-off signal(s)" if s["n_drop_offs"] else ""))


def _count_md(t: dict, at: dict | None = None) -> str:
    """A theme's volume: the whole theme's, or in a stage's cell (``at``, the stage) its members at that stage,
    with the whole theme's size where some sit elsewhere.

    Example:
        >>> t = {"size": 9, "n_docs": 7, "stage": "lessons", "stage_name": "Lessons", "stage_n": 3, "stage_docs": 3}
        >>> _count_md(t)
        '9 segments in 7 documents'
        >>> _count_md(t, {"id": "trial"})
        '3 of 9 segments here (placed at Lessons), in 3 documents'
    """
    if at is None:
        return f"{t.get('size')} segments in {t.get('n_docs')} documents"
    if t["stage_n"] == t.get("size"):
        return f"{t['stage_n']} segments in {t['stage_docs']} documents"
    placed = f" (placed at {_md(t.get('stage_name') or '')})" if t.get("stage") != at["id"] else ""
    return f"{t['stage_n']} of {t.get('size')} segments here{placed}, in {t['stage_docs']} documents"


def _priority_md(t: dict) -> str:
    """A pain point's priority in a stage's cell: counted on its members at the stage, with the whole theme's beside
    it where some sit elsewhere.

    Example:
        >>> _priority_md({"priority": 40.0, "stage_priority": 10.0, "size": 10, "stage_n": 5})
        'priority 10.0 here (40.0 for the whole theme)'
    """
    here = f"priority {fmt_num(t.get('stage_priority') or 0, 1)}"
    return here if t.get("stage_n") == t.get("size") else f"{here} here ({fmt_num(t.get('priority') or 0, 1)} for the whole theme)"


def _theme_line(t: dict, rank: int | None = None, stage: bool = False, at: dict | None = None) -> str:
    """A theme as a list item: label, volume (at the stage ``at`` in a stage's cell, see :func:`_count_md`),
    priority and side of a pain point, the theme's stage where ``stage``, and its sub-themes."""
    head = f"{rank}. " if rank else "- "
    bits = [_count_md(t, at)]
    if t.get("kind") == "pain_point":
        bits.insert(0, f"priority {fmt_num(t.get('priority') or 0, 1)}" if at is None else _priority_md(t))
        if t.get("barrier"):
            bits.append(f"{t['barrier']}-side")
    if stage:
        bits.append(_md(t.get("stage_name") or ""))
    line = f"{head}**{_md(t['label'])}**{_gloss(t)} — " + " · ".join(bits)
    if t.get("subthemes"):
        pad = " " * len(head)
        line += f"\n{pad}- sub-themes: " + "; ".join(f"{_md(s['label'])} ({s['size']})" for s in t["subthemes"])
    return line


def render_map_md(view: dict) -> str:
    """The journey map as Markdown: an overview table, the top pain points, then one section per
    stage with every row and quotes (with sources) under each item."""
    ev = view["evidence"]
    L = [f"# {_md(view['title'])}", "",
         f"> Draft journey map from {ev['docs']} customer documents ({ev['segments']} customer segments: "
         + ", ".join(f"{_md(k)} {n}" for k, n in ev["sources"].items()) + "; languages "
         + ", ".join(f"{k} {n}" for k, n in ev["langs"].items())
         + f"). {ev['non_customer_segments']} interviewer, agent, bot, brand and spam turns are not counted. "
         "Opportunities are hypotheses for the team, not findings.", "",
         "## At a glance", "",
         "| Stage | Phase | Docs | Segments | Net sentiment | Dominant emotions | Top pain point | Top question | Evidence |",
         "|---|---|--:|--:|--:|---|---|---|---|"]
    for s in view["stages"]:
        pain = next((t for t in s["pain_points"] if t["stage_n"]), None)
        qn = next((t for t in s["questions"] if t["stage_n"]), None)
        L.append(f"| {_md(s['name'])} | {s['phase']} | {s['n_docs']} | {s['n_segments']} | {fmt_signed(s['net_sentiment'])} | "
                 f"{', '.join(e['name'] for e in s['emotions']) or '—'} | "
                 f"{(_md(pain['label']) + ' (' + str(pain['stage_n']) + ' seg, priority ' + fmt_num(pain.get('stage_priority') or 0, 1) + ')') if pain else '—'} | "
                 f"{_md(qn['label']) if qn else '—'} | {'thin: ' + _md('; '.join(s['gaps'])) if s['gaps'] else 'ok'} |")
    L += ["", "## Highest-priority pain points", "", f"_{_md(view['formulas']['priority_formula'])}_", ""]
    for i, tid in enumerate(view["top_pains"][:10], 1):
        t = view["themes"][tid]
        L.append(_theme_line(t, i, stage=True))
        L += [_quote_md(q) for q in t["quotes"][:2]]
    if not view["top_pains"]:
        L.append("- none found")
    for s in view["stages"]:
        L += ["", f"## {_md(s['name'])} — {s.get('phase_label', s['phase']).lower()}", ""]
        if s.get("description"):
            L += [f"_{_md(s['description'])}_", ""]
        L += [f"- **Goals & needs:** {_md(s['needs']) or '—'}" + _needs_md(s),
              f"- **Actions:** {_md(s.get('action_summary') or '—')}; distinctive words: {_md(', '.join(s['actions'])) or '—'}",
              "- **Touchpoints & channels:** " + (", ".join(f"{_md(tp['label'])} {tp['n']} ({tp['control']})" for tp in s["touchpoints"][:8]) or "—"),
              f"- **Emotions:** {_emotions(s)}",
              f"- **Evidence:** {s['n_docs']} documents, {s['n_segments']} segments ("
              + (", ".join(f"{_md(k)} {n}" for k, n in s["by_source"].items()) or "none") + ")"
              + (f" — **thin: {_md('; '.join(s['gaps']))}**" if s["gaps"] else ""), ""]
        for title, items, ranked in (("Pain points & barriers (ranked by priority)", s["pain_points"], True),
                                     ("Questions", s["questions"], False), ("What works (praise)", s["praise"], False),
                                     ("Requests", s["requests"], False)):
            shown = [t for t in items if t["stage_n"]]
            if not shown and title == "Requests":
                continue
            L += [f"### {title}", ""]
            if not shown:
                L.append("- none found")
            for i, t in enumerate(shown[:8], 1):
                L.append(_theme_line(t, i if ranked else None, at=s))
                L += [_quote_md(q, "   " if ranked else "  ") for q in t["quotes"][:3]]
            L.append("")
        L += ["### Opportunities (hypotheses to test)", ""]
        opp = [o for o in s["opportunities"] if o["stage_n"]][:3]
        L += [f"- {_md(o['text'])}" for o in opp] or ["- —"]
        L += ["", "### Moments of truth", ""]
        L += [f"- {_md(m['touchpoint_label'])} ({m['control']}): {m['n']} segments, mean sentiment "
              f"{fmt_signed(m['sentiment_mean'], 2)}" + (f", {m['drop_offs']} drop-off(s)" if m["drop_offs"] else "")
              for m in s["moments"][:3]] or ["- none"]
    L += ["", "## Moments of truth (ranked)", "", f"_{_md(view['formulas']['moment_formula'])}_", "",
          "| # | Stage | Touchpoint | Segments | Mean sentiment | Drop-offs | Score |", "|--:|---|---|--:|--:|--:|--:|"]
    for i, m in enumerate(view["moments"], 1):
        L.append(f"| {i} | {_md(m['stage_name'])} | {_md(m['touchpoint_label'])} ({m['control']}) | {m['n']} | "
                 f"{fmt_signed(m['sentiment_mean'], 2)} | {m['drop_offs']} | {fmt_num(m['score'], 1)} |")
    L += _per_segment_md(view)
    L += ["", "## Evidence", "", "| Stage | " + " | ".join(_md(c) for c in ev["source_list"]) + " | All | Gaps |",
          "|---|" + "--:|" * (len(ev["source_list"]) + 1) + "---|"]
    for r in ev["matrix"]:
        L.append(f"| {_md(r['name'])} | " + " | ".join(f"{c['n']} ({c['docs']})" for c in r["cells"])
                 + f" | {r['n_segments']} ({r['n_docs']}) | {_md('; '.join(r['gaps'])) or 'ok'} |")
    L += ["", f"Segments (documents). Not mapped to a stage: {ev['unmapped']} · in no theme: {ev['unassigned']} · "
          f"duplicate customer segments: {ev['duplicates']} · quarantined input records: {ev['quarantined']} (quarantine.csv).", ""]
    return "\n".join(L) + "\n"


_KIND_TITLES = {k: f"Top {name}" for k, name in SEGMENT_KINDS.items()}


def _top_md(top: dict | None) -> str:
    """A per-segment cell's top theme: label, volume and the quote's segment id (segments.csv)."""
    if not top:
        return "—"
    return f"{_md(clip(top['label'], 60))} ({top['n']} seg in {top['docs']} doc(s); quote `{top['quote']['id']}`)"


def _emotion_mix(emotions: list[dict]) -> str:
    """``joy 40%, sadness 20%``: a cell's dominant emotions as shares of its segments."""
    return ", ".join(f"{e['name']} {fmt_pct(e['share'])}" for e in emotions)


def _per_segment_md(view: dict) -> list[str]:
    """One compact section per customer segment (persona): a row per stage it speaks at, with volume,
    net sentiment, emotions, the thin flag and its top pain point, question and request."""
    if not view["per_segment"]:
        return []
    names = [s["name"] for s in view["stages"]]
    L = ["", f"## Per segment ({_md(view['per_segment_column'].removeprefix('meta_'))})", "",
         "_Stages where the segment speaks: customer segments (documents), net sentiment, dominant emotions, and the "
         "segment's most frequent pain point, question and request there, with the id of a quote (segments.csv). "
         f"**thin**: fewer than {view['evidence']['thin_evidence']} documents (`[report] thin_evidence`), one or two people._"]
    for p in view["per_segment"]:
        L += ["", f"### {_md(p['segment'])} — {p['n_docs']} documents, {p['n_segments']} segments", "",
              "| Stage | Seg (docs) | Net | Emotions | " + " | ".join(_KIND_TITLES.values()) + " |", "|---|--:|--:|---|---|---|---|"]
        for name, c in zip(names, p["cells"]):
            if not c["n"]:
                continue
            thin = " **thin**" if c["thin"] else ""
            L.append(f"| {_md(name)} | {c['n']} ({c['n_docs']}){thin} | {fmt_signed(c['net'])} | "
                     f"{_emotion_mix(c['emotions']) or '—'} | " + " | ".join(_top_md(c["top"][k]) for k in _KIND_TITLES) + " |")
    return L


def render_faq_md(view: dict, plan: list[dict], faq_given: bool | None = None) -> str:
    """The FAQ draft (one entry per question theme, empty answer slot) and the content plan."""
    given = view.get("faq_given") if faq_given is None else faq_given
    faq = [t for t in view["faq"] if t.get("size")]
    L = [f"# FAQ draft and content plan — {_md(view['title'])}", "",
         f"{len(faq)} recurring question themes from {view['evidence']['docs']} customer documents, most frequent first. "
         "The canonical question is the most central wording in the corpus language (with an English customer's quote from the same theme, when there is one). "
         "Answers are for the team to write.", ""]
    if given:
        cov = sum(1 for t in faq if t.get("covered"))
        L += [f"**Your FAQ covers {cov} of {len(faq)} question themes** ({view['faq_entries']} entries read; "
              f"{len(view['faq_unmatched'])} of them match no customer question, "
              f"{sum(1 for e in view['faq_unmatched'] if e.get('related'))} of those a complaint or request).", ""]
    L += ["## FAQ draft", ""]
    for i, t in enumerate(faq, 1):
        L += [f"### {i}. {_md(t['label'])}", ""]
        if t.get("gloss_en") and t.get("label_lang") != "en":
            L += [f"_EN quote: {_md(t['gloss_en'])}_", ""]
        L += [f"- **Asked:** {t.get('size')} times in {t.get('n_docs')} documents ({fmt_pct(t.get('share_docs'))} of all)",
              "- **Stages:** " + (", ".join(f"{_md(c['name'])} {c['n']}" for c in t["stage_counts"]) or "—"),
              f"- **Channels:** {_md(t.get('channels') or '—')}",
              f"- **Sources:** {_md(t.get('sources') or '—')} · languages: {_md(t.get('langs') or '—')}"]
        if given:
            c = t.get("coverage")
            L.append(f"- **Your FAQ:** covered by “{_md(c['question'])}” (line {c['line']}; mutual rank "
                     f"{fmt_num(c['score'], 2)} ≥ {fmt_num(c['threshold'], 2)})" if c else "- **Your FAQ:** **not covered**")
        L += ["", "Variants as customers wrote them:", ""]
        L += [_quote_md(q, "") for q in t["variants"]]
        L += ["", "**Answer:** _(to be written)_", ""]
    if not faq:
        L += ["No recurring question found.", ""]
    raised = [e for e in view["faq_unmatched"] if e.get("related")] if given else []
    silent = [e for e in view["faq_unmatched"] if not e.get("related")] if given else []
    if raised:
        L += ["### In your FAQ, raised as a complaint or request rather than asked", ""]
        L += [f"- {_md(e['question'])} (line {e['line']}): {e['related']['kind'].replace('_', ' ')} theme "
              f"“{_md(e['related']['label'])}” ({faq_match(e['related'])})" for e in raised]
        L.append("")
    if silent:
        L += ["### In your FAQ but not asked in this corpus", ""]
        L += [f"- {_md(e['question'])} (line {e['line']})" + (
              f"; nearest theme “{_md(e['nearest']['label'])}”, {faq_match(e['nearest'])}"
              + (", covered more closely by another entry" if e["nearest"].get("taken") else "")
              if e.get("nearest") else "") for e in silent]
        L.append("")
    L += ["## Content plan", "", "Per stage, what to write, where, and why. "
          "Priority = volume × reach × (1 + negativity) × 100.", ""]
    for s in view["stages"]:
        items = [c for c in plan if c["stage"] == s["id"]]
        L += [f"### {_md(s['name'])} — {s.get('phase_label', s['phase']).lower()}", "",
              f"Suggested format: **{_md(items[0]['format'] if items else s.get('content_format') or '—')}**", ""]
        if not items:
            L += ["- no question or pain point themes at this stage", ""]
            continue
        L += ["| Priority | Topic | Channel | Why | Evidence |", "|--:|---|---|---|---|"]
        for c in items:
            gloss = f" (EN quote: {_md(c['gloss_en'])})" if c["gloss_en"] else ""
            ev = "; ".join(f"“{_md(clip(q['text'], 90))}” — {_md(q['ref'])}" for q in c["quotes"][:2])
            L.append(f"| {fmt_num(c['priority'], 1)} | {_md(c['topic'])}{gloss} | {_md(c['channel'])} | {_md(c['why'])} | {ev} |")
        L.append("")
    return "\n".join(L) + "\n"


def _needs_md(s: dict) -> str:
    """The stage's needs in customers' words, after the stage model's: count and the first quotes."""
    if not s.get("n_needs"):
        return ""
    quotes = "; ".join(f"“{_md(q['need'])}” ({_md(q['ref'])})" for q in s["need_quotes"])
    return f"; in their words ({s['n_needs']} statement(s) in {s['n_need_docs']} document(s)): {quotes}"


def flat_map(view: dict) -> pd.DataFrame:
    """The map as one flat table: one row per stage x row type x item (for CSV and XLSX); with a segment
    column (``[report] segment_column``), each segment's emotions and top pain point, question and request
    per stage too (rows ``segment: …``, its value in ``segment``)."""
    rows = []
    for s in view["stages"]:
        base = {"stage": s["id"], "stage_name": s["name"], "phase": s["phase"]}
        rows.append({**base, "row": "goals & needs", "label": s["needs"]})
        for rank, q in enumerate(s.get("need_quotes", []), 1):
            rows.append({**base, "row": "need (customer's words)", "rank": rank, "label": q["need"],
                         "segments": s["n_needs"], "documents": s["n_need_docs"], "quotes": f"{q['text']} ({q['ref']})"})
        rows.append({**base, "row": "actions", "label": s.get("action_summary") or "", "detail": ", ".join(s["actions"])})
        for tp in s["touchpoints"]:
            rows.append({**base, "row": "touchpoint", "label": tp["label"], "segments": tp["n"], "detail": tp["control"]})
        rows.append({**base, "row": "emotions", "label": _emotions(s),
                     "value": None if s["net_sentiment"] is None else round(s["net_sentiment"], 1), "segments": s["n_segments"],
                     "documents": s["n_docs"]})
        for row, items in (("pain_point", s["pain_points"]), ("question", s["questions"]), ("praise", s["praise"]),
                           ("request", s["requests"])):
            for rank, t in enumerate([t for t in items if t["stage_n"]], 1):
                rows.append({**base, "row": row, "rank": rank, "theme_id": t["theme_id"], "label": t["label"],
                             "gloss_en": t.get("gloss_en") or "", "segments": t["stage_n"], "documents": t["stage_docs"],
                             "value": round(float(t.get("stage_priority") or 0), 2) if row == "pain_point" else None,
                             "detail": (f"{t['barrier']}-side" if row == "pain_point" and t.get("barrier") else ""),
                             "quotes": " | ".join(f"{q['text']} ({q['ref']})" for q in t["quotes"][:3])})
        for o in s["opportunities"][:3]:
            rows.append({**base, "row": "opportunity (hypothesis)", "theme_id": o["theme_id"], "label": o["text"]})
        for m in s["moments"][:3]:
            rows.append({**base, "row": "moment of truth", "label": m["touchpoint_label"], "segments": m["n"],
                         "value": round(m["sentiment_mean"], 3), "detail": f"score {fmt_num(m['score'], 1)}, drop-offs {m['drop_offs']}",
                         "quotes": " | ".join(f"{q['text']} ({q['ref']})" for q in m["quotes"][:2])})
        rows.append({**base, "row": "evidence", "label": ", ".join(f"{k} {n}" for k, n in s["by_source"].items()),
                     "segments": s["n_segments"], "documents": s["n_docs"], "detail": "; ".join(s["gaps"])})
        for p in view["per_segment"]:
            c = p["cells"][s["index"]]
            if not c["n"]:
                continue
            seg = {**base, "segment": p["segment"]}
            rows.append({**seg, "row": "segment: emotions", "label": _emotion_mix(c["emotions"]),
                         "value": None if c["net"] is None else round(c["net"], 1), "segments": c["n"],
                         "documents": c["n_docs"], "detail": "thin" if c["thin"] else ""})
            for kind, top in c["top"].items():
                if top:
                    rows.append({**seg, "row": f"segment: {kind}", "theme_id": top["theme_id"], "label": top["label"],
                                 "segments": top["n"], "documents": top["docs"], "detail": f"quote {top['quote']['id']}",
                                 "quotes": f"{top['quote']['text']} ({top['quote']['ref']})"})
    cols = ["stage", "stage_name", "phase", "row", "rank", "theme_id", "label", "gloss_en", "segments", "documents", "value",
            "detail", "quotes", "segment"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("rank", "theme_id", "segments", "documents"):
        out[c] = out[c].astype("Int64")
    return out


def emotions_table(segments: pd.DataFrame, view: dict) -> pd.DataFrame:
    """``emotions.csv``: the emotions and sentiment of customer segments per stage, touchpoint, theme,
    customer segment / persona (``[report] segment_column``) and document, counted as the map counts
    them (a theme without duplicates, as its size; a stage with them, as its column).

    One row per group: ``level``, ``group`` (the id), ``name`` (as the map shows it), then the columns
    of :func:`pipeline.affect.aggregate`: ``n_segments``, ``sentiment_mean``, the sentiment shares,
    and per emotion the share of segments tagged with it and its mean intensity (probability).
    """
    from pipeline.affect import aggregate

    labels = [c[len("emo_"):] for c in segments.columns if c.startswith("emo_")]
    cust = segments[segments["is_customer"].astype(bool)]
    themes = cust[pd.to_numeric(cust["theme_id"], errors="coerce").fillna(-1) >= 0]
    if "is_duplicate" in themes:
        themes = themes[~themes["is_duplicate"].fillna(False).astype(bool)]
    tp_names = {tp["id"]: tp["label"] for st in view["stages"] for tp in st["touchpoints"]}
    levels = [("stage", cust, "stage", False, {s["id"]: s["name"] for s in view["stages"]}),
              ("touchpoint", cust, "touchpoints", True, tp_names),
              ("theme", themes, "theme_id", False, {str(k): t.get("label", "") for k, t in view["themes"].items()})]
    seg_col = view.get("segment_column") or ""
    if seg_col and seg_col in cust:
        levels.append((seg_col.removeprefix("meta_"), cust[cust[seg_col].fillna("").astype(str) != ""], seg_col, False, {}))
    levels.append(("document", cust, "doc_id", False, {}))
    parts = []
    for level, rows, col, multi, names in levels:
        if not len(rows) or col not in rows:
            continue
        a = aggregate(rows, col, labels, multi=multi).rename(columns={col: "group"})
        a["group"] = a["group"].astype(str)
        a.insert(0, "level", level)
        a.insert(2, "name", a["group"].map(lambda g, names=names: names.get(g, g if names else "")))
        parts.append(a)
    if not parts:
        return pd.DataFrame(columns=["level", "group", "name", "n_segments"])
    out = pd.concat(parts, ignore_index=True)
    return out.round({c: 4 for c in out.columns if out[c].dtype.kind == "f"})


def _grid(view: dict) -> list[list[str]]:
    """The map as a grid (rows x stage columns) of multi-line cells, as a researcher lays it out."""
    def items(ts, pri=False, k=5):
        out = []
        for t in [t for t in ts if t["stage_n"]][:k]:
            extra = f" · P {fmt_num(t.get('stage_priority') or 0, 1)}" if pri else ""
            out.append(f"• {t['label']} ({t['stage_n']}{extra})")
        return "\n".join(out) or "—"

    stages = view["stages"]
    grid = [["", *[f"{s['name']} ({s['phase']})" for s in stages]],
            ["Evidence", *[f"{s['n_docs']} docs, {s['n_segments']} segments" + (f"\nTHIN: {'; '.join(s['gaps'])}" if s["gaps"] else "")
                           for s in stages]],
            ["Goals & needs", *[(s["needs"] or "—") + "".join(f"\n• “{q['need']}”" for q in s.get("need_quotes", []))
                                for s in stages]],
            ["Actions", *[(s.get("action_summary") or "") + ("\nwords: " + ", ".join(s["actions"]) if s["actions"] else "") or "—"
                          for s in stages]],
            ["Touchpoints & channels", *["\n".join(f"• {tp['label']} {tp['n']} ({tp['control']})" for tp in s["touchpoints"][:6]) or "—"
                                         for s in stages]],
            ["Emotions", *[_emotions(s) for s in stages]],
            ["Pain points & barriers", *[items(s["pain_points"], True) for s in stages]],
            ["Questions", *[items(s["questions"]) for s in stages]],
            ["What works", *[items(s["praise"], k=3) for s in stages]],
            ["Opportunities (hypotheses)", *["\n".join(f"• {o['text']}" for o in s["opportunities"][:3]) or "—" for s in stages]],
            ["Moments of truth", *["\n".join(f"• {m['touchpoint_label']} ({m['n']}, mean {fmt_signed(m['sentiment_mean'], 2)})"
                                             for m in s["moments"][:3]) or "—" for s in stages]]]
    return grid


def _plain(v):
    """A value openpyxl can store: NA / NaN -> empty, numpy scalars -> Python."""
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return v.item()
    return v


def per_segment_table(view: dict) -> pd.DataFrame:
    """One row per customer segment (persona) x stage it speaks at: volume, net sentiment, emotions,
    the thin flag, and the top pain point, question and request with their counts,
    documents and a quote (id, text, source)."""
    rows = []
    for p in view["per_segment"]:
        for s, c in zip(view["stages"], p["cells"]):
            if not c["n"]:
                continue
            row = {"segment": p["segment"], "stage": s["id"], "stage_name": s["name"], "segments": c["n"],
                   "documents": c["n_docs"], "net_sentiment": None if c["net"] is None else round(c["net"], 1),
                   "emotions": _emotion_mix(c["emotions"]), "thin": c["thin"]}
            for kind, top in c["top"].items():
                row |= {f"top_{kind}": top["label"] if top else "", f"{kind}_segments": top["n"] if top else None,
                        f"{kind}_documents": top["docs"] if top else None,
                        f"{kind}_quote_id": top["quote"]["id"] if top else "",
                        f"{kind}_quote": f"{top['quote']['text']} ({top['quote']['ref']})" if top else ""}
            rows.append(row)
    return pd.DataFrame(rows)


def write_xlsx(path: Path, view: dict, flat: pd.DataFrame, plan: list[dict], themes: pd.DataFrame,
               safe_cell: Callable, subthemes: pd.DataFrame | None = None, changes: pd.DataFrame | None = None) -> None:
    """Workbook: the map as a grid, the flat items, the content plan, the FAQ, themes, sub-themes, the map per
    customer segment (persona), the changes since the previous round (``changes``, as ``changes.csv``) and evidence."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "map"
    wrap = Alignment(wrap_text=True, vertical="top")
    head = PatternFill("solid", fgColor="E9EEF6")
    for r, row in enumerate(_grid(view), 1):
        for c, val in enumerate(row, 1):
            cell = ws.cell(row=r, column=c, value=safe_cell(val))
            cell.alignment = wrap
            if r == 1 or c == 1:
                cell.font = Font(bold=True)
                cell.fill = head
    ws.column_dimensions["A"].width = 22
    for i in range(len(view["stages"])):
        ws.column_dimensions[ws.cell(row=1, column=i + 2).column_letter].width = 34
    ws.freeze_panes = "B2"

    def sheet(name: str, df: pd.DataFrame, widths: dict[str, int] | None = None) -> None:
        w = wb.create_sheet(name)
        w.append([safe_cell(str(c)) for c in df.columns])
        for cell in w[1]:
            cell.font = Font(bold=True)
            cell.fill = head
        for rec in df.itertuples(index=False):
            w.append([safe_cell(_plain(v)) for v in rec])
        w.freeze_panes = "A2"
        for col, width in (widths or {}).items():
            if col in df.columns:
                w.column_dimensions[w.cell(row=1, column=list(df.columns).index(col) + 1).column_letter].width = width

    sheet("items", flat, {"label": 60, "quotes": 80, "stage_name": 16})
    plan_df = pd.DataFrame([{k: (round(v, 2) if k == "priority" else v) for k, v in c.items() if k != "quotes"}
                            | {"evidence": " | ".join(f"{q['text']} ({q['ref']})" for q in c["quotes"])} for c in plan])
    sheet("content plan", plan_df if len(plan_df) else pd.DataFrame(columns=["stage", "topic"]), {"topic": 50, "why": 70, "evidence": 80})
    faq_df = pd.DataFrame([{"question": t["label"], "gloss_en": t.get("gloss_en") or "", "asked": t.get("size"),
                            "documents": t.get("n_docs"), "stage": t.get("stage_name"), "channels": t.get("channels"),
                            "covered_by": t.get("covered") or "", "variants": " | ".join(q["text"] for q in t["variants"]),
                            "answer": ""} for t in view["faq"] if t.get("size")])
    sheet("faq", faq_df if len(faq_df) else pd.DataFrame(columns=["question", "answer"]), {"question": 50, "variants": 80})
    sheet("themes", themes.drop(columns=["segment_ids"], errors="ignore"), {"label": 50})
    if subthemes is not None and len(subthemes):
        sheet("sub-themes", subthemes.drop(columns=["quote_ids"], errors="ignore"), {"label": 50, "quotes": 80})
    per_seg = per_segment_table(view)
    if len(per_seg):
        sheet("per segment", per_seg, {f"top_{k}": 40 for k in _KIND_TITLES} | {f"{k}_quote": 60 for k in _KIND_TITLES})
    if changes is not None:
        sheet("changes", changes, {"label": 50})
    ev = view["evidence"]
    ev_df = pd.DataFrame([{"stage": r["name"], **{c["source"]: c["n"] for c in r["cells"]}, "segments": r["n_segments"],
                           "documents": r["n_docs"], "gaps": "; ".join(r["gaps"])} for r in ev["matrix"]])
    sheet("evidence", ev_df)
    _save_reproducibly(wb, path)


def _save_reproducibly(wb, path: Path) -> None:
    """Save with fixed document dates and zip entry times: same input, same bytes."""
    import datetime as dt
    import io
    import zipfile

    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            dst.writestr(entry, data)
