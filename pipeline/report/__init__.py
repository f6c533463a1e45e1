"""Write the run's outputs: journey map (HTML, Markdown, CSV, XLSX, JSON), FAQ and content plan
(HTML, Markdown), segment and theme tables, quarantine report.

Customer text is escaped everywhere: Jinja2 autoescapes HTML, the map's data island is JSON with
``<``, ``>`` and ``&`` escaped, its script only ever sets ``textContent`` and a Content-Security-Policy
allows no other script and no network; Markdown special characters are backslash-escaped; CSV and
XLSX cells a spreadsheet would run as a formula are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.ingest import QUARANTINE_COLUMNS
from pipeline.report._charts import emotion_curve_svg, stage_volume_svg
from pipeline.report._export import emotions_table, flat_map, render_faq_md, render_map_md, write_xlsx
from pipeline.report._model import (SEGMENT_KINDS, build_data, build_view, clip, faq_match, fmt_num, fmt_pct, fmt_signed,
                                    source_refs)
from pipeline.report._plan import content_plan
from pipeline.report._rounds import changes_table, render_rounds_md, rounds_view

__all__ = ["write_outputs", "safe_cell", "safe_frame", "content_plan", "render_map_md", "render_faq_md",
           "render_map_html", "render_faq_html", "md"]

_TEMPLATES = Path(__file__).parent / "templates"
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(v):
    """Neutralise spreadsheet formulas: a text cell starting (after spaces) with = + - @, a tab or a
    line break gets a leading apostrophe; control characters that break XLSX are removed."""
    if isinstance(v, str):
        v = _CONTROL.sub("", v)
        if v.lstrip(" ").startswith(_FORMULA) or v.startswith(_FORMULA):
            return "'" + v
    return v


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell passed through :func:`safe_cell`."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(safe_cell)
    return out


def write_segments_csv(segments: pd.DataFrame, path: Path, chunk: int = 100_000) -> None:
    """``segments.csv``: the table with a ``source_ref`` column after ``text``, formula-safe cells.

    Written in chunks of rows, so a million-row table is never copied whole (twice: refs and safe cells).
    """
    pos = list(segments.columns).index("text") + 1 if "text" in segments.columns else len(segments.columns)
    with open(path, "w", encoding="utf-8", newline="") as f:
        for s in range(0, max(len(segments), 1), chunk):
            part = segments.iloc[s:s + chunk].copy()
            part.insert(pos, "source_ref", source_refs(part))
            safe_frame(part).to_csv(f, index=False, header=(s == 0))


_MD = re.compile(r"([\\`*_\[\]<>|#!~{}])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def md(text) -> str:
    """Escape Markdown and HTML special characters in customer text, on one line."""
    # '&' only where it would start an entity ("&lt;"), so "Delivery & onboarding" stays readable raw
    return _MD.sub(r"\\\1", _ENTITY.sub("&amp;", str(text))).replace("\r", " ").replace("\n", " ")


def _tone(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "neu"
    return "pos" if x >= 5 else "neg" if x <= -5 else "neu"


def _heat(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "h0"
    return "hn2" if x <= -20 else "hn1" if x <= -5 else "hp2" if x >= 20 else "hp1" if x >= 5 else "h0"


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=select_autoescape(["j2", "html"], default=True),
                      trim_blocks=False, lstrip_blocks=False)
    env.filters.update(num=fmt_num, signed=fmt_signed, faq_match=faq_match, pct=fmt_pct, tone=_tone, heat=_heat, clip=clip)
    return env


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_jsonable)


def _dumps_chunked(obj, chunk: int = 50_000) -> str:
    """``_dumps(obj)``, byte for byte, but long lists are encoded a slice at a time.

    The json module collects every token of a dump in one list before joining it: for the map's
    data at a million rows (a dozen columns of a million values) that list alone took gigabytes.
    """
    if isinstance(obj, dict) and obj and all(isinstance(k, str) for k in obj):
        return "{" + ",".join(_dumps(k) + ":" + _dumps_chunked(v, chunk) for k, v in obj.items()) + "}"
    if isinstance(obj, list) and len(obj) > chunk:
        return "[" + ",".join(_dumps(obj[i:i + chunk])[1:-1] for i in range(0, len(obj), chunk)) + "]"
    return _dumps(obj)


def _json_island(obj) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no ``<!--``."""
    text = _dumps_chunked(obj)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _jsonable(o):
    if isinstance(o, float) and math.isnan(o):
        return None
    if o is pd.NA:
        return None
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def _version() -> str:
    try:
        from pipeline import __version__

        return __version__
    except ImportError:  # pragma: no cover
        return ""


def render_map_html(view: dict, data: dict, rounds: dict | None = None) -> str:
    """The self-contained journey map page (styles, data and script inline; CSP allows nothing else);
    ``rounds`` (:func:`pipeline.report._rounds.rounds_view`) adds the changes since the previous round."""
    env = _env()
    names = [s["name"] for s in view["stages"]]
    curve = emotion_curve_svg(names, [s["net_sentiment"] for s in view["stages"]],
                              [s["positive_share"] for s in view["stages"]], [s["negative_share"] for s in view["stages"]])
    kinds = data.get("volKinds", [])
    series = {k: [int(s["kinds"].get(k, 0)) for s in view["stages"]] for k in kinds}
    app_js = (_TEMPLATES / "_app.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(app_js.encode("utf-8")).digest()).decode()
    codes = {k: {v: i for i, v in enumerate(vals)} for k, vals in data["dict"].items()}
    themes = view["themes"]
    pains = [t.get("priority") or 0 for t in themes.values() if t.get("kind") == "pain_point"]
    return env.get_template("journey_map.html.j2").render(
        v=view, C=codes, rowidx={sid: i for i, sid in enumerate(data["rows"]["sid"])},
        top_pains=[themes[i] for i in view["top_pains"]], top_questions=[themes[i] for i in view["top_questions"]],
        max_priority=max(pains + [0]) or 1,
        stage_names=names, pseg_kinds=SEGMENT_KINDS, moment_min=data["momentMin"], curve_svg=curve, volume_svg=stage_volume_svg(names, series),
        data_json=_json_island(data), app_js=app_js, script_hash=f"sha256-{digest}", version=_version(), rounds=rounds)


def render_faq_html(view: dict, plan: list[dict]) -> str:
    """The FAQ draft and content plan page (static: no script at all)."""
    by_stage = []
    for s in view["stages"]:
        items = [c for c in plan if c["stage"] == s["id"]]
        # bars relative to the stage's top topic: one catch-all theme must not flatten every other bar
        by_stage.append({"stage": s, "items": items, "top": max([c["priority"] for c in items] + [0]) or 1})
    return _env().get_template("faq.html.j2").render(v=view, plan=plan, by_stage=by_stage, version=_version())


def write_outputs(segments: pd.DataFrame, ctx) -> dict[str, Path]:
    """Write all outputs into ``ctx.out``.

    Args:
        segments: The final segment table.
        ctx: The run context (artifacts ``themes``, ``synthesis``, ``stage_model``; optional
            ``quarantine``, ``files``, ``faq_coverage``).

    Returns:
        Output name -> path.
    """
    out = Path(ctx.out)
    out.mkdir(parents=True, exist_ok=True)
    themes = ctx.artifacts["themes"]
    model = ctx.artifacts["stage_model"]
    embedder = (getattr(ctx, "stats", {}) or {}).get("embed", {}).get("embedder") or ctx.cfg.embed.embedder
    view = build_view(segments, themes, ctx.artifacts["synthesis"], model, ctx.cfg, ctx.artifacts.get("quarantine"),
                      ctx.artifacts.get("files"), ctx.artifacts.get("faq_coverage"), embedder, ctx.artifacts.get("touchpoints"),
                      ctx.artifacts.get("subthemes"))
    kinds = [k for k in ("pain_point", "question", "request", "praise") if k in ctx.cfg.cluster.kinds]
    plan = content_plan(view)
    data = build_data(segments, view, model, ctx.artifacts.get("touchpoints"))
    data["volKinds"] = kinds
    paths = {name: out / name for name in (
        "journey_map.html", "faq.html", "journey_map.md", "faq.md", "segments.csv", "themes.csv", "emotions.csv",
        "journey_map.csv", "journey_map.json", "quarantine.csv", "files.csv")}
    rounds = ctx.artifacts.get("rounds")
    paths["journey_map.html"].write_text(render_map_html(view, data, rounds_view(rounds) if rounds else None),
                                         encoding="utf-8")
    paths["faq.html"].write_text(render_faq_html(view, plan), encoding="utf-8")
    paths["journey_map.md"].write_text(render_map_md(view), encoding="utf-8")
    paths["faq.md"].write_text(render_faq_md(view, plan), encoding="utf-8")
    write_segments_csv(segments, paths["segments.csv"])
    theme_table = themes.copy()
    for c in theme_table.columns:
        if pd.api.types.is_float_dtype(theme_table[c]):
            theme_table[c] = theme_table[c].round(4)
    safe_frame(theme_table).to_csv(paths["themes.csv"], index=False)
    safe_frame(emotions_table(segments, view)).to_csv(paths["emotions.csv"], index=False)
    subs = ctx.artifacts.get("subthemes")
    sub_table = None
    if subs is not None:
        text_of = dict(zip(segments["segment_id"], segments["text"]))
        sub_table = subs.assign(quotes=[" | ".join(text_of.get(q, "") for q in str(qs).split(";") if q)
                                        for qs in subs["quote_ids"]])
        paths["subthemes.csv"] = out / "subthemes.csv"
        safe_frame(sub_table).to_csv(paths["subthemes.csv"], index=False)
    flat = flat_map(view)
    safe_frame(flat).to_csv(paths["journey_map.csv"], index=False)
    paths["journey_map.xlsx"] = out / "journey_map.xlsx"
    changes = changes_table(rounds) if rounds is not None else None
    write_xlsx(paths["journey_map.xlsx"], view, flat, plan, theme_table, safe_cell, sub_table, changes)
    record = {"format": "qsynth.journey_map/1", "qsynth": _version(), "view": view, "content_plan": plan,
              "faq": view["faq"], "formulas": view["formulas"]}
    if ctx.artifacts.get("rounds") is not None:
        r = ctx.artifacts["rounds"]
        record["since_previous_round"] = {"previous_run": r.get("previous_run", ""), "rule": r["rule"],
                                          "docs_before": r["docs_before"], "docs_now": r["docs_now"],
                                          "themes": r["changes"].to_dict("records"),
                                          "no_longer_raised": r["gone"].to_dict("records")}
    paths["journey_map.json"].write_text(json.dumps(_nan_to_none(record), ensure_ascii=False, indent=1, default=_jsonable,
                                                    allow_nan=False), encoding="utf-8")
    q = ctx.artifacts.get("quarantine")
    (q if q is not None else pd.DataFrame(columns=list(QUARANTINE_COLUMNS))).pipe(safe_frame).to_csv(
        paths["quarantine.csv"], index=False)
    f = ctx.artifacts.get("files")
    if f is not None:
        safe_frame(f).to_csv(paths["files.csv"], index=False)
    else:
        paths.pop("files.csv")
    if rounds is not None:
        paths["changes.csv"] = out / "changes.csv"
        safe_frame(changes).to_csv(paths["changes.csv"], index=False)
        with paths["journey_map.md"].open("a", encoding="utf-8") as fh:
            fh.write(render_rounds_md(rounds))
    return paths


def _nan_to_none(o):
    """JSON-ready: NaN / inf / NA -> None, numpy scalars -> Python, tuples -> lists (recursively)."""
    if o is pd.NA:
        return None
    if hasattr(o, "item") and not isinstance(o, (str, bytes, dict, list, tuple)) and getattr(o, "ndim", 1) == 0:
        o = o.item()
    if isinstance(o, float) and (math.isnan(o) or math.isinf(o)):
        return None
    if isinstance(o, dict):
        return {k: _nan_to_none(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_nan_to_none(v) for v in o]
    return o
