"""Write the run's outputs: journey map (HTML, Markdown, CSV, XLSX, JSON), FAQ and content plan,
segment and theme tables, quarantine report and run record.

Customer text is escaped everywhere (Jinja2 autoescape; Markdown special characters escaped) and
spreadsheet cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.report._charts import emotion_curve_svg, stage_volume_svg
from pipeline.report._model import build_view, source_ref

__all__ = ["write_outputs", "safe_cell", "content_plan", "render_map_md", "render_faq_md"]

_TEMPLATES = Path(__file__).parent / "templates"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(v):
    """Neutralise spreadsheet formulas: a text cell starting with = + - @ gets a leading apostrophe."""
    if isinstance(v, str) and v.startswith(_FORMULA):
        return "'" + v
    return v


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(safe_cell)
    return out


_MD = re.compile(r"([\\`*_\[\]<>|])")


def md(text: str) -> str:
    """Escape Markdown and HTML special characters in customer text."""
    return _MD.sub(r"\\\1", str(text)).replace("\n", " ")


def content_plan(view: dict) -> list[dict]:
    """Per stage, what to write: question and pain point themes, with format, channel, priority and why."""
    plan = []
    for s in view["stages"]:
        channel = ", ".join(tp["label"] for tp in s["touchpoints"][:2]) or "website"
        fmt = s.get("content_format") or "help article"
        for t in s["questions"][:4]:
            pr = (t.get("size") or 0) * (t.get("share_docs") or 0) * 100
            plan.append({"stage": s["name"], "topic": f"Answer: {t['label']}", "format": fmt, "channel": channel,
                         "priority": round(pr, 2), "n": t.get("size") or 0, "theme_id": t["theme_id"],
                         "why": f"asked {t.get('size')}× in {t.get('n_docs')} documents ({(t.get('share_docs') or 0):.0%} of all)",
                         "quotes": t["quotes"][:3]})
        for t in s["pain_points"][:3]:
            plan.append({"stage": s["name"], "topic": f"Address: {t['label']}", "format": fmt, "channel": channel,
                         "priority": float(t.get("priority") or 0), "n": t.get("size") or 0, "theme_id": t["theme_id"],
                         "why": f"pain point, priority {float(t.get('priority') or 0):.1f} = volume × negativity × reach "
                                f"({t.get('size')} segments, {(t.get('negative_share') or 0):.0%} negative, {(t.get('share_docs') or 0):.0%} of documents)",
                         "quotes": t["quotes"][:3]})
    plan.sort(key=lambda c: (-c["priority"], c["stage"], c["topic"]))
    return plan


def _quote_md(q: dict) -> str:
    return f"  - “{md(q['text'])}” — _{md(q['ref'])}_"


def render_map_md(view: dict) -> str:
    """The journey map as Markdown: one section per stage with every row, and quotes under each item."""
    L = [f"# {md(view['title'])}", "",
         f"Draft journey map from {view['evidence']['docs']} customer documents ({view['evidence']['segments']} customer segments). "
         f"Opportunities are hypotheses. {md(view['priority_formula'])}.", ""]
    for s in view["stages"]:
        L += [f"## {md(s['name'])} ({s['phase']})", "", f"_{md(s['description'])}_", "",
              f"- **Evidence:** {s['n_docs']} documents, {s['n_segments']} segments"
              + (f" — **thin: {'; '.join(s['gaps'])}**" if s["gaps"] else ""),
              f"- **Goals & needs:** {md(s['needs']) or '—'}",
              f"- **Actions:** {md(', '.join(s['actions'])) or '—'}",
              f"- **Touchpoints:** " + (", ".join(f"{tp['label']} ({tp['n']}, {tp['control']})" for tp in s["touchpoints"][:6]) or "—"),
              f"- **Emotions:** " + (f"mean sentiment {s['sentiment_mean']:+.2f}; " if s["sentiment_mean"] is not None else "")
              + (", ".join(f"{e} {v:.0%}" for e, v in s["emotions"]) or "—"), ""]
        for title, items, pri in (("Pain points & barriers", s["pain_points"], True), ("Questions", s["questions"], False),
                                  ("Praise", s["praise"], False)):
            L.append(f"### {title}")
            if not items:
                L.append("- none found")
            for t in items[:8]:
                extra = f", priority {t.get('priority') or 0:.1f}" if pri else ""
                side = " — customer-side barrier" if pri and (t.get("customer_side") or 0) >= 0.5 else ""
                gloss = f" ({md(t['gloss_en'])})" if t.get("gloss_en") else ""
                L.append(f"- **{md(t['label'])}**{gloss} — {t.get('size')} segments in {t.get('n_docs')} documents{extra}{side}")
                L += [_quote_md(q) for q in t["quotes"][:3]]
            L.append("")
        L.append("### Opportunities (hypotheses)")
        L += [f"- {md(o['text'])}" for o in s["opportunities"]] or ["- —"]
        L.append("")
    L += ["## Moments of truth", ""]
    for i, m in enumerate(view["moments"], 1):
        L.append(f"{i}. {md(m['stage_name'])} × {md(m['touchpoint_label'])}: {m['n']} segments, mean sentiment {m['sentiment_mean']:+.2f}, drop-offs {m['drop_offs']}")
        L += [_quote_md(q) for q in m["quotes"][:2]]
    return "\n".join(L) + "\n"


def render_faq_md(view: dict, plan: list[dict], faq_given: bool) -> str:
    L = [f"# FAQ and content plan — {md(view['title'])}", "", "## FAQ draft", ""]
    for i, t in enumerate(view["faq"], 1):
        gloss = f" ({md(t['gloss_en'])})" if t.get("gloss_en") else ""
        cov = ""
        if faq_given:
            cov = f" — covered by your FAQ: “{md(t['covered'])}”" if t.get("covered") else " — **not in your FAQ**"
        L += [f"### {i}. {md(t['label'])}{gloss}", "",
              f"Asked {t.get('size')} time(s) in {t.get('n_docs')} documents · stage: {t.get('stage')} · {md(t.get('sources') or '')}{cov}", "",
              "Variants as customers wrote them:"]
        L += [_quote_md(q) for q in t["all_quotes"][:6]]
        L += ["", "**Answer:** _(to be written)_", ""]
    L += ["## Content plan", "", "| Stage | Topic | Format | Channel | Priority | Why |", "|---|---|---|---|---|---|"]
    for c in plan:
        L.append(f"| {md(c['stage'])} | {md(c['topic'])} | {md(c['format'])} | {md(c['channel'])} | {c['priority']:.1f} | {md(c['why'])} |")
    return "\n".join(L) + "\n"


def _jsonable(o):
    if isinstance(o, float) and math.isnan(o):
        return None
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def write_outputs(segments: pd.DataFrame, ctx) -> dict[str, Path]:
    """Write all outputs into ``ctx.out``; return name -> path."""
    out = Path(ctx.out)
    out.mkdir(parents=True, exist_ok=True)
    themes = ctx.artifacts["themes"]
    view = build_view(segments, themes, ctx.artifacts["synthesis"], ctx.artifacts["stage_model"], ctx.cfg,
                      ctx.artifacts.get("quarantine"), ctx.artifacts.get("files"))
    faq_given = bool(ctx.artifacts.get("faq_coverage"))
    for t in view["faq"]:
        t["covered"] = (ctx.artifacts.get("faq_coverage") or {}).get(t["theme_id"])
    plan = content_plan(view)
    env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=select_autoescape(["j2", "html"], default=True))
    names = [s["name"] for s in view["stages"]]
    curve = emotion_curve_svg(names, [s["sentiment_mean"] for s in view["stages"]])
    kinds = [k for k in ("pain_point", "question", "request", "praise") if k in ctx.cfg.cluster.kinds]
    series = {k: [int(((segments["stage"] == s["id"]) & (segments["kind"] == k)).sum()) for s in view["stages"]] for k in kinds}
    paths = {
        "journey_map.html": out / "journey_map.html", "faq.html": out / "faq.html", "journey_map.md": out / "journey_map.md",
        "faq.md": out / "faq.md", "segments.csv": out / "segments.csv", "themes.csv": out / "themes.csv",
        "journey_map.json": out / "journey_map.json", "journey_map.csv": out / "journey_map.csv",
        "quarantine.csv": out / "quarantine.csv", "files.csv": out / "files.csv",
    }
    paths["journey_map.html"].write_text(env.get_template("journey_map.html.j2").render(
        v=view, curve_svg=curve, volume_svg=stage_volume_svg(names, series)), encoding="utf-8")
    paths["faq.html"].write_text(env.get_template("faq.html.j2").render(v=view, plan=plan, faq_given=faq_given), encoding="utf-8")
    paths["journey_map.md"].write_text(render_map_md(view), encoding="utf-8")
    paths["faq.md"].write_text(render_faq_md(view, plan, faq_given), encoding="utf-8")
    seg_out = segments.copy()
    seg_out.insert(list(seg_out.columns).index("text") + 1, "source_ref", [source_ref(r) for r in seg_out.to_dict("records")])
    safe_frame(seg_out).to_csv(paths["segments.csv"], index=False)
    safe_frame(themes).to_csv(paths["themes.csv"], index=False)
    # the map as a flat table: one row per stage x row-type x item
    flat = []
    for s in view["stages"]:
        for row, items in (("pain_point", s["pain_points"]), ("question", s["questions"]), ("request", s["requests"]), ("praise", s["praise"])):
            for t in items:
                flat.append({"stage": s["id"], "stage_name": s["name"], "phase": s["phase"], "row": row, "theme_id": t["theme_id"],
                             "label": t["label"], "gloss_en": t.get("gloss_en") or "", "segments": t.get("size"), "documents": t.get("n_docs"),
                             "priority": t.get("priority"), "quotes": " | ".join(f"{q['text']} ({q['ref']})" for q in t["quotes"][:3])})
        for tp in s["touchpoints"]:
            flat.append({"stage": s["id"], "stage_name": s["name"], "phase": s["phase"], "row": "touchpoint", "label": tp["label"],
                         "segments": tp["n"], "gloss_en": tp["control"]})
        for o in s["opportunities"]:
            flat.append({"stage": s["id"], "stage_name": s["name"], "phase": s["phase"], "row": "opportunity (hypothesis)",
                         "theme_id": o["theme_id"], "label": o["text"]})
    flat_df = pd.DataFrame(flat)
    safe_frame(flat_df).to_csv(paths["journey_map.csv"], index=False)
    try:
        import openpyxl  # noqa: F401

        paths["journey_map.xlsx"] = out / "journey_map.xlsx"
        with pd.ExcelWriter(paths["journey_map.xlsx"], engine="openpyxl") as xw:
            safe_frame(flat_df).to_excel(xw, sheet_name="map", index=False)
            safe_frame(themes.drop(columns=["segment_ids"], errors="ignore")).to_excel(xw, sheet_name="themes", index=False)
            safe_frame(pd.DataFrame(plan).drop(columns=["quotes"], errors="ignore")).to_excel(xw, sheet_name="content plan", index=False)
    except ImportError:
        pass
    paths["journey_map.json"].write_text(json.dumps({"view": view, "content_plan": plan}, ensure_ascii=False, indent=1,
                                                    default=_jsonable), encoding="utf-8")
    q = ctx.artifacts.get("quarantine")
    (q if q is not None else pd.DataFrame(columns=["file", "line", "record_index", "reason"])).pipe(safe_frame).to_csv(paths["quarantine.csv"], index=False)
    f = ctx.artifacts.get("files")
    if f is not None:
        safe_frame(f).to_csv(paths["files.csv"], index=False)
    return paths
