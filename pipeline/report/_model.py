"""Build the view model shared by the HTML, Markdown, CSV, XLSX and JSON outputs, and the compact
per-segment data the HTML map's script recomputes its numbers from when filters change."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from pipeline.detect import is_question
from pipeline.journey import TOUCHPOINTS
from pipeline.stages.synthesize import MOMENT_MIN, NEGATIVE_EMOTIONS, POSITIVE_EMOTIONS, polarity, quantise
from pipeline.themes import key_phrases

__all__ = ["build_view", "build_data", "source_ref", "source_labels", "CONTROL_LABELS", "SEGMENT_KINDS", "opportunity_for", "half_up", "fmt_num",
           "fmt_signed", "fmt_pct", "clip"]

CONTROL_LABELS = {"owned": "owned", "partly": "partly controlled", "uncontrolled": "uncontrolled"}
FORMATS_BY_PHASE = {"before": "guide / explainer / comparison", "during": "how-to / checklist", "after": "help article / retention content"}
QUOTE_CHARS = 600        # a quote in the map / FAQ is clipped here (full text: drawer, segments.csv)
DATA_CHARS = 2000        # ... and here in the data the drawer reads
STAGE_PHRASE_SAMPLE = 20_000  # customer segments per stage read for the stage's distinctive words
NEED_QUOTES = 2          # need statements shown in a stage's "Goals & needs" cell
NEED_CHARS = 140         # ... each clipped here
DATA_MAX_TEXTS = 30_000  # more customer segments than this: the drawer carries text for a sample only
STAGE_SHARE = 0.2        # a theme is listed at a stage besides its own where this share of its members sits ...
STAGE_DOCS = 2           # ... from at least this many documents (one voice is no pattern of the stage)
CELL_KEYS = {"pain_points": "pain_point", "questions": "question", "requests": "request", "praise": "praise"}


# -- number formatting shared with the browser script (same rounding, so filters reproduce the file) --
def half_up(x: float, digits: int = 0) -> float:
    """Round half away from zero, as people do (``2.5 -> 3``, ``-2.5 -> -3``; Python's round() gives 2).

    The tiny epsilon absorbs float noise (``2.675`` is stored as ``2.67499...``) and any last-bit
    difference between this and the browser's arithmetic.
    """
    p = 10 ** digits
    v = math.floor(abs(x) * p + 0.5 + 1e-9) / p
    return v if x >= 0 else -v


def fmt_num(x: float | None, digits: int = 0) -> str:
    """``12.5 -> '13'``; None -> '–'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{half_up(x, digits) + 0.0:.{digits}f}"


def faq_match(related: dict) -> str:
    """How an FAQ entry was matched to a complaint or request theme, for the reader.

    Example:
        >>> faq_match({"score": 0.934, "member_documents": 0})
        'mutual rank 0.93'
        >>> faq_match({"score": 0.57, "member_documents": 4})
        'raised by its members in 4 documents'
    """
    if related.get("member_documents"):
        return f"raised by its members in {related['member_documents']} documents"
    return f"mutual rank {fmt_num(related['score'], 2)}"


def fmt_signed(x: float | None, digits: int = 0) -> str:
    """``+12``, ``−3`` (true minus sign), ``0``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    v = half_up(x, digits)
    body = f"{abs(v):.{digits}f}"
    return f"+{body}" if v > 0 else f"\u2212{body}" if v < 0 else body


def fmt_pct(share: float | None) -> str:
    """A share in [0, 1] as a whole percentage: ``0.125 -> '13%'``."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{fmt_num(share * 100)}%"


def clip(text: str, n: int = QUOTE_CHARS) -> str:
    """Shorten at a word boundary with an ellipsis (long comments stay readable in a map cell)."""
    text = str(text)
    if len(text) <= n:
        return text
    cut = text[:n].rsplit(" ", 1)[0] if " " in text[: n] else text[:n]
    return cut.rstrip() + "…"


def _s(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
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
    elif _s(row.get("record_no")):  # ingest's number of a record with no line (its place in a JSON array)
        parts.append(f"record {int(float(row.get('record_no')))}")
    elif _s(row.get("record_index")):
        parts.append(f"record {int(float(row.get('record_index'))) + 1}")
    if _s(row.get("timestamp")):
        parts.append(_s(row.get("timestamp"))[:10])
    return " · ".join(p for p in parts if p)


_REF_COLUMNS = ("source_file", "speaker", "media_time", "line", "record_no", "record_index", "timestamp")


def source_refs(frame: pd.DataFrame, chunk: int = 100_000) -> list[str]:
    """:func:`source_ref` of every row, reading only the columns it needs, in chunks.

    ``frame.to_dict("records")`` builds a dict of every column per row: at a million rows that
    alone took gigabytes.
    """
    cols = [c for c in _REF_COLUMNS if c in frame.columns]
    out: list[str] = []
    for s in range(0, len(frame), chunk):
        part = frame.iloc[s:s + chunk]
        out += [source_ref(dict(zip(cols, vals))) for vals in zip(*(part[c].tolist() for c in cols))] \
            if cols else [""] * len(part)
    return out


def opportunity_for(theme: dict, stage_name: str = "") -> str:
    """A hypothesis drafted from a pain point theme (for the team to test, not a finding)."""
    label = clip(theme["label"], 60)
    where = [tp["label"] for tp in theme.get("touchpoint_counts") or []][:2]
    via = f" — surfaces at {' and '.join(where)}" if where else ""
    # the side the map shows beside the theme decides (half customer-side members is a tie the badge
    # gives to the company: the hypothesis must not say otherwise)
    if theme.get("barrier") == "customer":
        return f"Help customers past “{label}” with guidance, tools or reassurance{via}."
    return f"Fix or explain “{label}”{via}."


def action_summary(description: str, limit: int = 110) -> str:
    """The stage definition's lead clause: what customers do here ("Researching and comparing options before buying")."""
    lead = re.split(r"[:;]|\.\s", str(description or ""), maxsplit=1)[0].strip().rstrip(".")
    return clip(lead, limit)


def _touchpoint_info(stage_model, lexicon=None) -> dict[str, tuple[str, str]]:
    """Touchpoint id -> (display name, control class), from the run's lexicon when there is one
    (``ctx.artifacts["touchpoints"]``, which honours the user's touchpoint file), else the built-ins."""
    info = {k: (v[0], v[1]) for k, v in TOUCHPOINTS.items()}
    for tp in getattr(stage_model, "touchpoints", None) or []:
        if isinstance(tp, dict) and tp.get("id"):
            info[str(tp["id"])] = (str(tp.get("name") or tp["id"]), str(tp.get("control") or "owned"))
    if lexicon is not None and hasattr(lexicon, "ids"):
        info.update({tid: (lexicon.label(tid), lexicon.control(tid)) for tid in lexicon.ids})
    return info


def segment_column(columns, name: str) -> str:
    """The table column ``[report] segment_column`` names: as given ("meta_club"), or as the input's
    header spells it ("Club", "Klub / Club" -> ``meta_klub_club``). A name that matches no column is
    kept (the per-segment map then finds none) with a warning listing the metadata columns."""
    from pipeline.ingest._records import norm_key

    if not name or name in columns:
        return name
    meta = "meta_" + norm_key(name.removeprefix("meta_"))
    if meta in columns:
        return meta
    if name != "meta_segment":   # the default: a corpus without segments is fine
        import warnings

        warnings.warn(f"[report] segment_column = {name!r} is not a column of the corpus, so there is no per-segment "
                      f"map. Metadata columns: {sorted(c for c in columns if str(c).startswith('meta_'))}.", UserWarning,
                      stacklevel=2)
    return name


def _filter_columns(cust: pd.DataFrame, seg_col: str) -> list[str]:
    """The persona / segment metadata columns offered as filters: the configured one, plus another
    ``meta_*segment*`` / ``meta_*persona*`` column with 2 to 30 values."""
    if not seg_col:  # '' turns segment filters and the per-segment map off
        return []
    cols = []
    if seg_col in cust and cust[seg_col].fillna("").astype(str).ne("").any():
        cols.append(seg_col)
    for c in cust.columns:
        if c in cols or not c.startswith("meta_") or not any(w in c for w in ("segment", "persona")):
            continue
        vals = cust[c].fillna("").astype(str)
        if 2 <= vals[vals != ""].nunique() <= 30:
            cols.append(c)
    return cols[:2]


def source_labels(cust: pd.DataFrame) -> pd.Series:
    """Each customer segment's source as the evidence tables count it: its ``source_type``, with the ``channel``
    after it where that source type comes through more than one channel in ``cust`` (e-mail is read as a
    conversation, ``chat`` through channel ``email``, beside the web chat's ``web_chat``).

    Example:
        >>> source_labels(pd.DataFrame({"source_type": ["chat", "chat", "review"],
        ...                             "channel": ["email", "web_chat", "review"]})).tolist()
        ['chat · email', 'chat · web_chat', 'review']
    """
    src = cust["source_type"].astype(str)
    if "channel" not in cust:
        return src
    ch = cust["channel"].fillna("").astype(str)
    several = ch[ch != ""].groupby(src[ch != ""]).nunique()
    split = src.map(several).fillna(0).gt(1) & ch.ne("")
    return src.where(~split, src + " · " + ch)


def _parse_counts(cell: Any) -> dict[str, int]:
    out = {}
    for part in _s(cell).split(";"):
        k, _, v = part.strip().rpartition(" ")
        if k and v.isdigit():
            out[k] = int(v)
    return out


def stage_members(cust: pd.DataFrame, theme_view: dict) -> dict[tuple[int, str], tuple[int, int, list[str]]]:
    """Per theme and stage: its members there (duplicates left out, as in a theme's size), their documents,
    and their segment ids in the theme's order (representative quotes first, then the other members).

    Example:
        >>> cust = pd.DataFrame({"segment_id": ["a", "b", "c"], "doc_id": ["d1", "d2", "d2"], "theme_id": [4, 4, 4],
        ...                      "stage": ["buy", "use", "use"], "is_duplicate": [False, False, True]})
        >>> stage_members(cust, {4: {"quotes": [{"id": "b"}], "segment_ids": ["a", "b", "c"]}})[(4, "use")]
        (1, 1, ['b', 'c'])
    """
    dup = cust["is_duplicate"].fillna(False).astype(bool) if "is_duplicate" in cust else pd.Series(False, index=cust.index)
    tid = pd.to_numeric(cust["theme_id"], errors="coerce").fillna(-1).astype(int)
    stage_of = dict(zip(cust["segment_id"].astype(str), cust["stage"].astype(str)))
    out = {}
    for (t, st), g in cust[tid.isin(list(theme_view)).to_numpy()].groupby([tid, cust["stage"].astype(str)]):
        kept = g[~dup[g.index].to_numpy()]
        order = dict.fromkeys([q["id"] for q in theme_view[t].get("quotes") or []] + list(theme_view[t].get("segment_ids") or []))
        out[(int(t), st)] = (int(len(kept)), int(kept["doc_id"].nunique()), [q for q in order if stage_of.get(q) == st])
    return out


def stage_priority(theme: dict, n: int, docs: int) -> float:
    """A pain point's priority counted on its ``n`` members at one stage, from ``docs`` documents: volume x
    negativity x reach with the volume and the reach of those members, i.e. the theme's priority x (members here /
    its members) x (their documents / its documents). A theme placed elsewhere with a fifth of its members at the
    stage ranks in that stage's cell by that fifth, not by its whole size.

    Example:
        >>> stage_priority({"priority": 40.0, "size": 10, "n_docs": 8}, 5, 4)
        10.0
    """
    size, n_docs = theme.get("size") or 0, theme.get("n_docs") or 0
    return float(theme.get("priority") or 0) * n / size * docs / n_docs if size and n_docs else 0.0


def stage_cell(theme_view: dict, at_stage: dict, stage: str, kind: str, own: list[int]) -> list[tuple[int, int, int, list[str]]]:
    """The themes of ``kind`` a stage's cell lists, in the order the map's script sorts a cell in (a pain point by
    its priority at the stage, :func:`stage_priority`, then by its members at the stage; the others by their
    members at the stage; then id: the numbers a cell shows are the ones it ranks by): the themes placed at the stage
    (``own``), and any other with :data:`STAGE_SHARE` of its members at the stage from :data:`STAGE_DOCS` documents
    or more. A "placement test too easy" theme placed at the lessons, 3 of its 8 members at the placement test, is
    a pain point of both: the placement test's cell had read "none found".

    Returns:
        ``(theme id, members at the stage, their documents, the segment ids it quotes there)`` per theme: its members
        at the stage, or its own quotes where it has none.

    Example:
        >>> view = {1: {"kind": "praise", "size": 8, "priority": 0, "segment_ids": ["a", "b"]},
        ...         2: {"kind": "praise", "size": 9, "priority": 0, "segment_ids": ["c"]}}
        >>> at = {(1, "trial"): (3, 3, ["b"]), (2, "trial"): (1, 1, ["c"])}
        >>> stage_cell(view, at, "trial", "praise", own=[])
        [(1, 3, 3, ['b'])]
    """
    ids = set(own) | {t for (t, st), (n, docs, _) in at_stage.items() if st == stage and theme_view[t].get("kind") == kind
                      and n >= STAGE_SHARE * (theme_view[t].get("size") or 0) and docs >= STAGE_DOCS}

    def order(t: int) -> tuple:
        n, docs = at_stage.get((t, stage), (0, 0))[:2]
        return (-stage_priority(theme_view[t], n, docs) if kind == "pain_point" else 0, -n, t)

    out = []
    for t in sorted((t for t in ids if t in theme_view), key=order):
        n, docs, here = at_stage.get((t, stage), (0, 0, []))
        out.append((t, n, docs, here or [q["id"] for q in theme_view[t].get("quotes") or []]))
    return out


def build_view(segments: pd.DataFrame, themes: pd.DataFrame, synthesis: dict, stage_model, cfg,
               quarantine: pd.DataFrame | None = None, files: pd.DataFrame | None = None,
               faq_coverage: dict | None = None, embedder: str = "", touchpoints=None,
               subthemes: pd.DataFrame | None = None) -> dict:
    """Everything the templates need, as plain dicts and lists (JSON-serialisable).

    Args:
        segments: The final segment table.
        themes: Theme table with the synthesize stage's statistics.
        synthesis: ``ctx.artifacts["synthesis"]``.
        stage_model: The run's :class:`pipeline.journey.StageModel`.
        cfg: The run's config (``cfg.report`` is used).
        quarantine: Quarantined input records.
        files: Per-file ingest status.
        faq_coverage: From :func:`pipeline.report._faq.faq_coverage`, if an FAQ was given.
        embedder: Embedder name, for the method note.
        touchpoints: The run's :class:`pipeline.journey.TouchpointLexicon` (names and control classes).
        subthemes: ``ctx.artifacts["subthemes"]`` (one row per theme and sub-theme), if any.

    Returns:
        The view dict.
    """
    seg_col = segment_column(segments.columns, cfg.report.segment_column)
    per_item = cfg.report.quotes_per_item
    # only what a quote shows: the whole table would be another copy of every column
    quote_cols = list(dict.fromkeys(c for c in ("segment_id", "text", "lang", "source_type", seg_col, "sentiment",
                                                "sentiment_score", "stage", "is_duplicate", *_REF_COLUMNS)
                                    if c in segments.columns))
    by_id = segments[quote_cols].set_index("segment_id", drop=False)
    cust = segments[segments["is_customer"].fillna(False).astype(bool)]
    tp_info = _touchpoint_info(stage_model, touchpoints)
    stage_names = {s.id: s.name for s in stage_model.stages}
    stage_names["unmapped"] = "Not mapped"

    def quote(sid: str) -> dict:
        r = by_id.loc[sid]
        if isinstance(r, pd.DataFrame):
            r = r.iloc[0]
        sc = pd.to_numeric(pd.Series([r.get("sentiment_score")]), errors="coerce").iloc[0]
        return {"id": sid, "text": clip(_s(r["text"])), "ref": source_ref(r), "lang": _s(r.get("lang")),
                "source_type": _s(r.get("source_type")), "segment": _s(r.get(seg_col)) if seg_col in by_id else "",
                "sentiment": _s(r.get("sentiment")), "sentiment_score": None if pd.isna(sc) else float(sc),
                "stage": _s(r.get("stage")), "source_file": _s(r.get("source_file")), "speaker": _s(r.get("speaker")),
                "line": None if not _s(r.get("line")) else int(float(r.get("line"))), "media_time": _s(r.get("media_time")),
                "timestamp": _s(r.get("timestamp")), "duplicate": bool(r.get("is_duplicate")) if "is_duplicate" in r else False}

    subs_of: dict[int, list[dict]] = {}
    for s in subthemes.to_dict("records") if subthemes is not None and len(subthemes) else []:
        qs = [q for q in _s(s.get("quote_ids")).split(";") if q and q in by_id.index]
        gloss = _s(s.get("gloss_en")).strip()
        subs_of.setdefault(int(s["theme_id"]), []).append({
            "subtheme": int(s["subtheme"]), "label": clip(_s(s.get("label")), 160), "size": int(s["size"]),
            "gloss_en": clip(gloss, 160) if re.search(r"[A-Za-z]{2}", gloss) and _s(s.get("label_lang")) != "en" else "",
            "quotes": [quote(q) for q in qs[:2]]})
    theme_view: dict[int, dict] = {}
    for t in themes.to_dict("records") if len(themes) else []:
        allids = [q for q in _s(t.get("segment_ids")).split(";") if q]
        qids = [q for q in _s(t.get("quote_ids")).split(";") if q] or allids[:per_item]
        stages = _parse_counts(t.get("stages"))
        gloss = _s(t.get("gloss_en")).strip()
        theme_view[int(t["theme_id"])] = {
            **{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in t.items()
               if k not in ("segment_ids", "quote_ids")},
            # a gloss is shown only when it says something and the label is not English already
            "gloss_en": clip(gloss, 160) if re.search(r"[A-Za-z]{2}", gloss) and _s(t.get("label_lang")) != "en" else "",
            "theme_id": int(t["theme_id"]),
            # labels come from customer text: keep them cell-sized whatever the input
            "label": clip(_s(t.get("label")), 160), "key_phrases": clip(_s(t.get("key_phrases")), 160),
            "stage_name": stage_names.get(_s(t.get("stage")), _s(t.get("stage"))),
            "stage_counts": [{"id": k, "name": stage_names.get(k, k), "n": n} for k, n in stages.items()],
            "touchpoint_counts": [{"id": k, "label": tp_info.get(k, (k, ""))[0], "n": n}
                                  for k, n in _parse_counts(t.get("touchpoint_ids")).items()],
            "quotes": [quote(q) for q in qids[:per_item] if q in by_id.index],
            "all_quotes": [quote(q) for q in allids[:60] if q in by_id.index],
            "n_more": max(0, len(allids) - 60),
            "segment_ids": allids,
            # largest first: a large theme's split into sub-themes ([cluster] subthemes)
            "subthemes": sorted(subs_of.get(int(t["theme_id"]), []), key=lambda s: (-s["size"], s["subtheme"])),
        }
    need_ids = {q for st in synthesis["stages"] for q in st.get("need_ids", [])}
    need_of = segments.loc[segments["segment_id"].isin(need_ids), ["segment_id", "need"]].set_index("segment_id")["need"].to_dict() \
        if need_ids else {}
    # what customers talk about at each stage: distinctive lemma phrases (class-based TF-IDF), from a
    # reproducible sample of a large stage (all rows of a million-row corpus took a minute and 1 GB)
    groups = {i: list(zip(g["text"].astype(str), g["lang"].astype(str))) if len(g) <= STAGE_PHRASE_SAMPLE else
              list(zip(*(g.sample(n=STAGE_PHRASE_SAMPLE, random_state=0)[c].astype(str) for c in ("text", "lang"))))
              for i, (_, g) in enumerate(cust.groupby(pd.Categorical(cust["stage"].where(cust["stage"].isin(stage_model.ids)),
                                                                      categories=stage_model.ids), observed=False))
              if len(g)}
    acts = key_phrases(groups, top=6) if groups else {}
    at_stage = stage_members(cust, theme_view)
    stage_list = []
    for i, st in enumerate(synthesis["stages"]):
        # a theme's quotes in a stage's cell are its members at that stage
        cells = {key: [{**theme_view[t], "stage_n": n, "stage_docs": docs, "stage_priority": stage_priority(theme_view[t], n, docs),
                        "quotes": [quote(q) for q in ids if q in by_id.index][:per_item]}
                       for t, n, docs, ids in stage_cell(theme_view, at_stage, st["id"], kind, st[key])]
                 for key, kind in CELL_KEYS.items()}
        pains = cells["pain_points"]
        stage_list.append({
            **st,
            "index": i,
            "phase_label": stage_model.phase_labels.get(st["phase"], st["phase"]),
            "actions": [clip(a, 40) for a in acts.get(i, [])],
            "action_summary": action_summary(st.get("description", "")),
            "kinds": {k: int(n) for k, n in cust.loc[cust["stage"] == st["id"], "kind"].astype(str).value_counts().items()},
            "touchpoints": [{"id": tp, "label": tp_info.get(tp, (tp, "owned"))[0],
                             "control_key": tp_info.get(tp, (tp, "owned"))[1],
                             "control": CONTROL_LABELS.get(tp_info.get(tp, (tp, "owned"))[1], "owned"), "n": n}
                            for tp, n in st["touchpoints"]],
            "emotions": [{"name": e, "share": s, "valence": "neg" if e in NEGATIVE_EMOTIONS else "pos" if e in POSITIVE_EMOTIONS else ""}
                         for e, s in st["emotions"]],
            **cells,
            "opportunities": [{"text": opportunity_for(p, st["name"]), "theme_id": p["theme_id"], "stage_n": p["stage_n"],
                               "kind": "hypothesis",
                               "test": "complaints about it drop in the next round of research or support tickets"}
                              for p in pains],
            "moments": [m for m in synthesis["moments_of_truth"] if m["stage"] == st["id"]],
            "need_quotes": [{**quote(q), "need": clip(_s(need_of.get(q)), NEED_CHARS)} for q in st.get("need_ids", [])[:NEED_QUOTES]],
            "n_drop_offs": len(st["drop_offs"]),
            "drop_off_quotes": [quote(s) for s in st["drop_offs"][:5]],
        })
    for m in synthesis["moments_of_truth"]:
        m["quotes"] = [quote(s) for s in m["segment_ids"][:4]]
        m["touchpoint_label"] = tp_info.get(m["touchpoint"], (m["touchpoint"],))[0]
        m["control_key"] = tp_info.get(m["touchpoint"], ("", "owned"))[1]
        m["control"] = CONTROL_LABELS.get(m["control_key"], "owned")
        m["stage_name"] = stage_names.get(m["stage"], m["stage"])
        m["stage_index"] = stage_model.ids.index(m["stage"]) if m["stage"] in stage_model.ids else -1
    filter_cols = _filter_columns(cust, seg_col)
    if filter_cols:
        _warn_unsegmented(cust, filter_cols[0])
    per_segment = (_per_segment(cust, filter_cols[0], stage_model, theme_view, cfg.report.thin_evidence)
                   if filter_cols else [])
    phases = []
    for st in stage_model.stages:
        if phases and phases[-1]["name"] == st.phase:
            phases[-1]["span"] += 1
        else:
            phases.append({"name": st.phase, "label": stage_model.phase_labels.get(st.phase, st.phase), "span": 1})
    sources = sorted(set(cust["source_type"].astype(str)))
    # the evidence tables count each source by channel where it has several (e-mail among chats, Google among reviews)
    by_source = cust.assign(by_source=source_labels(cust))
    channels = sorted(set(by_source["by_source"]))
    n_by = by_source.groupby(["stage", "by_source"]).size() if len(cust) else pd.Series(dtype=int)
    docs_by = by_source.groupby(["stage", "by_source"])["doc_id"].nunique() if len(cust) else pd.Series(dtype=int)
    for st in stage_list:
        st["by_source"] = {c: int(n_by.get((st["id"], c), 0)) for c in channels if n_by.get((st["id"], c), 0)}
    evidence = {
        "sources": {k: int(v) for k, v in by_source["by_source"].value_counts().sort_index().items()},
        "source_docs": {k: int(v) for k, v in by_source.groupby("by_source")["doc_id"].nunique().sort_index().items()} if len(cust) else {},
        "langs": {k: int(v) for k, v in cust["lang"].value_counts().sort_index().items()},
        "docs": int(cust["doc_id"].nunique()),
        "segments": int(len(cust)),
        "duplicates": int(cust["is_duplicate"].fillna(False).astype(bool).sum()) if "is_duplicate" in cust else 0,
        "non_customer_segments": int((~segments["is_customer"].fillna(False).astype(bool)).sum()),
        "roles": {k: int(v) for k, v in segments.loc[~segments["is_customer"].fillna(False).astype(bool), "role"]
                  .astype(str).value_counts().sort_index().items()} if "role" in segments else {},
        "unmapped": int((cust["stage"] == "unmapped").sum()),
        "unassigned": int((cust["theme_id"] < 0).sum()) if "theme_id" in cust else 0,
        "quarantined": int(len(quarantine)) if quarantine is not None else 0,
        "files": [] if files is None else [{k: _s(v) for k, v in r.items()} for r in files.to_dict("records")],
        "source_list": channels,
        "matrix": [{"id": s["id"], "name": s["name"], "index": s["index"], "n_docs": s["n_docs"], "n_segments": s["n_segments"],
                    "cells": [{"source": c, "n": s["by_source"].get(c, 0),
                               "docs": int(docs_by.get((s["id"], c), 0))} for c in channels], "gaps": s["gaps"]}
                   for s in stage_list],
        "thin_evidence": cfg.report.thin_evidence,
    }
    filters = [{"key": f"f{i}", "column": c, "label": c.removeprefix("meta_").replace("_", " ").capitalize(),
                "values": natural_order({v for v in cust[c].fillna("").astype(str) if v})} for i, c in enumerate(filter_cols)]
    filters += [{"key": "src", "column": "source_type", "label": "Source", "values": sources},
                {"key": "lang", "column": "lang", "label": "Language", "values": sorted(set(cust["lang"].astype(str)))}]
    faq = [theme_view[t] for t in themes.loc[themes["kind"] == "question", "theme_id"]] if len(themes) else []
    faq.sort(key=lambda t: (-(t.get("size") or 0), t["theme_id"]))
    cov = (faq_coverage or {}).get("themes", {})
    for t in faq:
        c = cov.get(t["theme_id"]) if faq_coverage else None
        t["covered"] = c["question"] if c else None
        t["coverage"] = c
        t["variants"] = _variants(t["quotes"] + t["all_quotes"])  # the most central wordings first
    top_pains = sorted((t for t in theme_view.values() if t.get("kind") == "pain_point" and (t.get("size") or 0) > 0),
                       key=lambda t: (-(t.get("priority") or 0), -(t.get("size") or 0), t["theme_id"]))
    top_questions = sorted((t for t in theme_view.values() if t.get("kind") == "question" and (t.get("size") or 0) > 0),
                           key=lambda t: (-(t.get("size") or 0), t["theme_id"]))
    return {
        "title": cfg.report.title, "stages": stage_list, "phases": phases, "themes": theme_view,
        "moments": synthesis["moments_of_truth"], "per_segment": per_segment,
        "per_segment_column": filter_cols[0] if filter_cols else "", "evidence": evidence,
        "filters": filters, "faq": faq, "faq_given": bool(faq_coverage),
        "faq_unmatched": (faq_coverage or {}).get("unmatched", []), "faq_entries": (faq_coverage or {}).get("n_entries", 0),
        "priority_formula": synthesis["priority_formula"],
        "formulas": {k: synthesis.get(k, "") for k in ("priority_formula", "content_priority_formula", "moment_formula", "net_formula")},
        "top_pains": [t["theme_id"] for t in top_pains], "top_questions": [t["theme_id"] for t in top_questions],
        "segment_column": seg_col, "stage_model": stage_model.name, "embedder": embedder,
        "control_labels": CONTROL_LABELS,
        "quotes_per_item": per_item,
    }


def _variants(quotes: list[dict], n: int = 8) -> list[dict]:
    """Distinct wordings (case and punctuation ignored), in the given order, but those that ask come
    first: an FAQ's variants are ways of asking, and a theme's members also hold the story around a
    question ("Mostly the mattress. I've never bought a mattress without lying on it…")."""
    seen, out = set(), []
    for q in quotes:
        key = "".join(ch for ch in q["text"].lower() if ch.isalnum())[:120]
        if key and key not in seen:
            seen.add(key)
            out.append(q)
    return sorted(out, key=lambda q: not is_question(q["text"]))[:n]


def natural_order(values) -> list[str]:
    """Values of a segment or filter column in reading order: numbers by value (an NPS score's 0 … 10, not
    "0, 1, 10, 2"), before words, which go alphabetically.

    Example:
        >>> natural_order({"10", "2", "0", "promoter", "7.5"})
        ['0', '2', '7.5', '10', 'promoter']
    """
    def key(v: str):
        try:
            x = float(v.replace(",", "."))
        except ValueError:
            return (1, 0.0, v)
        return (0, x, v) if math.isfinite(x) else (1, 0.0, v)
    return sorted(values, key=key)


# the kinds a per-segment cell names its top theme of, as the map names them
SEGMENT_KINDS = {"pain_point": "pain point", "question": "question", "request": "request"}


def _warn_unsegmented(cust: pd.DataFrame, col: str) -> None:
    """Warn when customer documents have no value in the per-segment map's column ``col`` while another
    ``meta_*segment*`` / ``meta_*persona*`` column holds one for them, with the rename that joins the two: a game's
    review export had a ``segment`` column and its Helpshift chats a "Player Segment" one, and all 12 chats were
    left out of both personas' maps without a word."""
    import warnings

    def has(c: str) -> np.ndarray:
        return cust[c].fillna("").astype(str).str.strip().ne("").to_numpy()

    without = ~has(col)
    if not without.any():
        return
    for other in cust.columns:
        if other == col or not other.startswith("meta_") or not any(w in other for w in ("segment", "persona")):
            continue
        docs = cust.loc[without & has(other), "doc_id"].nunique()
        if docs:
            warnings.warn(
                f"{cust.loc[without, 'doc_id'].nunique()} customer documents have no value in [report] segment_column "
                f"= {col!r} and are left out of the per-segment map; {docs} of them have one in {other!r}. If it "
                f"holds the same segments, rename it: [ingest.meta_rename] {other.removeprefix('meta_')} = "
                f"\"{col.removeprefix('meta_')}\".", UserWarning, stacklevel=3)


def _per_segment(cust: pd.DataFrame, col: str, stage_model, theme_view: dict, thin_evidence: int = 0) -> list[dict]:
    """Per customer segment (persona) and stage: volume, net sentiment, emotion mix, evidence gaps and the
    most frequent pain point, question and request theme, each with a quote from that segment and stage.

    A cell's sentiment and emotions are counted as a stage's (:func:`pipeline.stages.synthesize.stage_stats`);
    it is ``thin`` with fewer than ``thin_evidence`` documents (its "+100" is one or two people). A top theme
    counts the cell's segments in it, duplicates left out as in a theme's size; ties go to the lower theme id.

    Example:
        ``cells[s]["top"]["question"]`` = ``{"theme_id": 7, "label": "Czy można zapakować na prezent…", "n": 5,
        "docs": 5, "quote": {"id": …, "text": …, "ref": …}}`` (``None`` when the cell asks nothing).
    """
    from pipeline.stages.synthesize import stage_stats

    out = []
    vals = cust[col].fillna("").astype(str)
    dup = cust["is_duplicate"].fillna(False).astype(bool).to_numpy() if "is_duplicate" in cust else np.zeros(len(cust), bool)
    # a theme's representative quotes first (most central), then its other members
    rank = {sid: i for t in theme_view.values()
            for i, sid in enumerate(dict.fromkeys([q["id"] for q in t.get("quotes") or []] + list(t.get("segment_ids") or [])))}
    for val in natural_order(set(vals) - {""}):
        sel = (vals == val).to_numpy()
        g = cust[sel]
        cells = []
        for st in stage_model.stages:
            ms = (g["stage"] == st.id).to_numpy()
            m = g[ms]
            stats = stage_stats(m, thin_evidence, 1) if len(m) else None   # its sentiment and emotions
            counted = m[~dup[sel][ms]]
            top = {k: _top_theme(counted, k, theme_view, rank) for k in SEGMENT_KINDS}
            docs = int(m["doc_id"].nunique())
            cells.append({"n": int(len(m)), "n_docs": docs, "thin": 0 < docs < thin_evidence,
                          "net": stats["net_sentiment"] if stats else None,
                          "emotions": [{"name": e, "share": s} for e, s in stats["emotions"]] if stats else [],
                          "top": top})
        out.append({"segment": val, "n_docs": int(g["doc_id"].nunique()), "n_segments": int(len(g)), "cells": cells})
    return out


def _top_theme(m: pd.DataFrame, kind: str, theme_view: dict, rank: dict[str, int]) -> dict | None:
    """The theme of ``kind`` most of ``m``'s segments of that kind sit in (ties: lower id), with its count,
    documents and the quote of ``m`` the theme ranks first (its most central member there)."""
    ids = [int(t) for t, k in zip(m["theme_id"], m["kind"]) if k == kind and _s(t) and int(t) >= 0 and int(t) in theme_view]
    if not ids:
        return None
    tid, n = min(Counter(ids).items(), key=lambda x: (-x[1], x[0]))
    mine = m[(m["kind"] == kind) & (pd.to_numeric(m["theme_id"], errors="coerce") == tid)]
    sid = min(mine["segment_id"].astype(str), key=lambda s: rank.get(s, len(rank)))
    r = mine[mine["segment_id"].astype(str) == sid].iloc[0]
    return {"theme_id": tid, "label": theme_view[tid]["label"], "n": int(n), "docs": int(mine["doc_id"].nunique()),
            "quote": {"id": sid, "text": clip(_s(r["text"]), QUOTE_CHARS), "ref": source_ref(r)}}


def _non_customer_counts(segments: pd.DataFrame, filters: list[dict], vocab: dict[str, list[str]]) -> tuple[dict, list[str]]:
    """The non-customer turns (interviewer, agent, bot, brand, spam) counted per combination of the map's filter
    values and role, so the map's summary follows a filter ("12 agent turns" of one persona's conversations).

    Returns:
        ``({"keys": [filter keys…, "role"], "rows": [[code…, role code, n], …]}, role vocabulary)``; a value no
        customer segment has is code -1, which no filter selects.
    """
    other = segments[~segments["is_customer"].fillna(False).astype(bool).to_numpy()]
    role = other["role"].fillna("").astype(str) if "role" in other else pd.Series("", index=other.index)
    roles = sorted(set(role) - {""})
    frame = pd.DataFrame({f["key"]: other[f["column"]].fillna("").astype(str) for f in filters if f["column"] in other}
                         | {"role": role}, index=other.index)
    idx = [{v: i for i, v in enumerate(roles if k == "role" else vocab.get(k, []))} for k in frame.columns]
    rows = [[codes.get(v, -1) for codes, v in zip(idx, key)] + [int(n)]
            for key, n in frame.value_counts(sort=False).sort_index().items()] if len(frame) else []
    return {"keys": list(frame.columns), "rows": rows}, roles


def build_data(segments: pd.DataFrame, view: dict, stage_model, touchpoints=None) -> dict:
    """Column-wise data about every customer segment, for the map's script (filters, evidence drawer).

    Strings are dictionary-coded; sentiment is quantised and its label coded exactly as the synthesize
    stage does, so the script reproduces the printed numbers. Texts are clipped to ``DATA_CHARS``.
    """
    # only the columns read below: a copy of the whole table is gigabytes at a million rows
    used = ("stage", "theme_id", "kind", "sentiment", "sentiment_score", "emotions", "source_type", "channel", "lang", "doc_id", "is_duplicate",
            "touchpoints", "published_on", "drop_off", "barrier", "need", "text", "segment_id", *_REF_COLUMNS,
            *(f["column"] for f in view["filters"] if f["key"].startswith("f")))
    cols = list(dict.fromkeys(c for c in used if c in segments.columns))
    cust = segments.loc[segments["is_customer"].fillna(False).astype(bool).to_numpy(), cols].reset_index(drop=True)
    stage_ids = stage_model.ids
    st_index = {s: i for i, s in enumerate(stage_ids)}

    def codes(values: list[str], vocab: list[str] | None = None) -> tuple[list[int], list[str]]:
        vocab = vocab if vocab is not None else sorted(set(values) - {""})
        idx = {v: i for i, v in enumerate(vocab)}
        return [idx.get(v, -1) for v in values], vocab

    rows: dict[str, Any] = {}
    rows["st"] = [st_index.get(s, -1) for s in cust["stage"].astype(str)]
    rows["th"] = [int(t) if _s(t) else -1 for t in cust["theme_id"]]
    kinds = ["pain_point", "question", "request", "praise", "other"]
    rows["k"], _ = codes(cust["kind"].astype(str).tolist(), kinds)
    q = quantise(cust["sentiment_score"])
    rows["ss"] = [None if pd.isna(v) else int(v) for v in q]
    rows["sc"] = [None if pd.isna(v) else int(v) for v in polarity(cust)]   # what the shares count
    emo_cells = [sorted({e for e in _s(c).split(";") if e and e != "neutral"}) for c in cust["emotions"]]
    emo_vocab = sorted({e for c in emo_cells for e in c})
    emo_idx = {e: i for i, e in enumerate(emo_vocab)}
    rows["em"] = [[emo_idx[e] for e in c] for c in emo_cells]
    rows["src"], src_vocab = codes(cust["source_type"].astype(str).tolist())
    rows["ch"], ch_vocab = codes(source_labels(cust).tolist(), view["evidence"]["source_list"])
    rows["lang"], lang_vocab = codes(cust["lang"].astype(str).tolist())
    filt = {}
    for f in view["filters"]:
        if f["key"].startswith("f"):
            rows[f["key"]], filt[f["key"]] = codes(cust[f["column"]].fillna("").astype(str).tolist(), f["values"])
    doc_codes, _ = codes(cust["doc_id"].astype(str).tolist())
    rows["doc"] = doc_codes
    rows["dup"] = [1 if v else 0 for v in cust["is_duplicate"].fillna(False).astype(bool)] if "is_duplicate" in cust else [0] * len(cust)
    tp_cells = [[t for t in dict.fromkeys(_s(c).split(";")) if t] for c in cust["touchpoints"]]
    tp_vocab = sorted({t for c in tp_cells for t in c})
    tp_idx = {t: i for i, t in enumerate(tp_vocab)}
    rows["tp"] = [[tp_idx[t] for t in c] for c in tp_cells]
    # where a review or comment was written (a touchpoint of its own row), not a moment of it (synthesize.moments_of_truth)
    rows["pub"] = [tp_idx.get(t, -1) for t in cust["published_on"].fillna("").astype(str)]
    rows["drop"] = [1 if v else 0 for v in cust["drop_off"].fillna(False).astype(bool)]
    bar = cust["barrier"].fillna("").astype(str) if "barrier" in cust else pd.Series([""] * len(cust))
    rows["bar"] = [1 if b == "company" else 2 if b == "customer" else 0 for b in bar]
    need = cust["need"].fillna("").astype(str) if "need" in cust else pd.Series([""] * len(cust))
    rows["nd"] = [1 if t else 0 for t in need]
    # each stage's need statements in the synthesize stage's display order: the cell shows the first kept ones
    row_of = {sid: i for i, sid in enumerate(cust["segment_id"].astype(str))}
    needs = [[[row_of[q], clip(need.iloc[row_of[q]], NEED_CHARS)] for q in st.get("need_ids", []) if q in row_of]
             for st in view["stages"]]
    keep = np.ones(len(cust), bool)
    if len(cust) > DATA_MAX_TEXTS:
        # a reproducible sample keeps the file small; counts still use every row
        keep = np.zeros(len(cust), bool)
        keep[np.random.default_rng(0).choice(len(cust), DATA_MAX_TEXTS, replace=False)] = True
    rows["txt"] = [clip(_s(t), DATA_CHARS) if k else "" for t, k in zip(cust["text"], keep)]
    rows["ref"] = source_refs(cust)
    rows["sid"] = cust["segment_id"].astype(str).tolist()
    tpi = _touchpoint_info(stage_model, touchpoints)
    others, roles = _non_customer_counts(segments, view["filters"], {"src": src_vocab, "lang": lang_vocab, **filt})
    return {
        "stages": [{"id": s.id, "name": s.name} for s in stage_model.stages],
        "dict": {"src": src_vocab, "lang": lang_vocab, "emo": emo_vocab, "tp": tp_vocab, "kind": kinds, "role": roles, "ch": ch_vocab, **filt},
        "others": others,
        "tpInfo": {t: list(tpi.get(t, (t, "owned"))) for t in tp_vocab},
        "themes": {str(k): {"kind": v.get("kind"), "label": v.get("label"), "st": st_index.get(_s(v.get("stage")), -1)}
                   for k, v in view["themes"].items()},
        "thin": view["evidence"]["thin_evidence"],
        "valence": {e: ("neg" if e in NEGATIVE_EMOTIONS else "pos" if e in POSITIVE_EMOTIONS else "") for e in emo_vocab},
        "needs": needs,
        "needQuotes": NEED_QUOTES,
        "momentMin": MOMENT_MIN,
        "momentTop": 10,
        "perSegment": view["filters"][0]["key"] if view["per_segment"] else "",
        "psegKinds": [[kinds.index(k), name] for k, name in SEGMENT_KINDS.items()],
        "textsSampled": bool(len(cust) > DATA_MAX_TEXTS),
        "rows": rows,
    }
