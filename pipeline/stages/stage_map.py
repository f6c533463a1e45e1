"""Place every customer segment and every theme on a journey stage and its touchpoints.

Stages come from the configured stage model (``[stages] model``); mapping is zero-shot from the
stage descriptions and examples, steered by an optional CSV of labelled examples
(``[stages] examples``, columns ``text,stage``). Touchpoints are found in the text and added from
the source (a chat message came through the chat). Drop-off signals ("I gave up") are flagged.

``run_rows`` scores each segment on its own; ``finalize`` (whole table) re-scores the customer
segments of multi-turn documents with their conversation: the interviewer's or agent's question
before a short answer, the position in an interview, the previous customer turn and the time
between turns (:meth:`pipeline.journey.StageMapper.predict_conversation`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.errors import ConfigError, InputError
from pipeline.journey import StageMapper, is_drop_off, load_stage_model, load_touchpoints, source_touchpoint

NAME = "stage_map"
VERSION = "2"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('stages', 'embed')
REQUIRES = ("text", "is_customer", "embedded", "source_type", "channel", "theme_id")
ASSIGNS = ("stage", "stage_confidence", "touchpoints", "drop_off")
PER_ROW = True  # run_rows may run on partitions (Dask executor); finalize runs on the whole table


def read_examples(path: str, stage_ids: list[str]) -> list[tuple[str, str]]:
    """Read a user's labelled examples CSV (``text,stage``), checking stage ids."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(f"Stage examples file '{path}' does not exist. Fix [stages] examples or create it with columns text,stage.") from None
    if not {"text", "stage"} <= set(df.columns):
        raise InputError(f"Stage examples file '{path}' needs columns text,stage. Found {list(df.columns)}.")
    bad = sorted(set(df["stage"]) - set(stage_ids))
    if bad:
        line = int(df.index[df["stage"].isin(bad)][0]) + 2
        raise InputError(f"{path}, line {line}: unknown stage {bad[0]!r}. Valid stages: {stage_ids}.")
    return list(zip(df["text"], df["stage"]))


def get_mapper(ctx) -> StageMapper:
    if "stage_mapper" not in ctx.artifacts:
        from pipeline.stages.embed import embed_texts

        model = load_stage_model(ctx.cfg.stages.model)
        ex = read_examples(ctx.cfg.stages.examples, model.ids) if ctx.cfg.stages.examples else []
        ctx.artifacts["stage_model"] = model
        ctx.artifacts["touchpoints"] = load_touchpoints(ctx.cfg.stages.touchpoints or None, model.touchpoints, model.source)
        ctx.artifacts["stage_mapper"] = StageMapper(model, lambda t: embed_texts(t, ctx, label="stage prototypes"), ex,
                                                    ctx.cfg.stages.min_confidence)
    return ctx.artifacts["stage_mapper"]


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    return finalize(run_rows(segments, ctx), ctx)


def run_rows(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    """Stage, confidence, touchpoints and drop-off per row (no cross-row information)."""
    out = segments.copy()
    mapper = get_mapper(ctx)
    mask = out["embedded"].to_numpy(bool)
    X = ctx.artifacts["embeddings"][mask]
    labels, conf = mapper.predict(X, out.loc[mask, "source_type"].tolist(), out.loc[mask, "text"].tolist())
    out["stage"] = ""
    out["stage_confidence"] = np.nan
    out.loc[mask, "stage"] = labels
    # rounded: BLAS sums in a different order on differently sized partitions (Dask) - results must match
    out.loc[mask, "stage_confidence"] = np.round(conf, 4)
    lex = ctx.artifacts["touchpoints"]
    tps = []
    for text, cust, st, ch in zip(out["text"], out["is_customer"], out["source_type"], out["channel"]):
        if not cust:
            tps.append("")
            continue
        found = lex.detect(text)
        src = source_touchpoint(st, ch)
        if src and src not in found:
            found.append(src)
        tps.append(";".join(found))
    out["touchpoints"] = tps
    out["drop_off"] = [bool(c) and is_drop_off(t) for t, c in zip(out["text"], out["is_customer"])]
    return out


def apply_context(out: pd.DataFrame, ctx) -> pd.DataFrame:
    """Re-score customer segments of documents with more than one row using the conversation."""
    if not ctx.cfg.stages.context or "doc_id" not in out or "turn_index" not in out or not len(out):
        return out
    mapper = get_mapper(ctx)
    multi = out["doc_id"].map(out["doc_id"].value_counts()).to_numpy() > 1
    if not multi.any():
        return out
    embedded = out["embedded"].to_numpy(bool)
    # row-aligned with the table; the context frame keeps non-customer turns (they are the prompts)
    sub = out.loc[multi]
    mask = embedded[multi]
    if not mask.any():
        return out
    X = ctx.artifacts["embeddings"][multi & embedded]
    labels, conf = mapper.predict_conversation(sub, X, mask)
    rows = np.flatnonzero(multi)[mask]
    out = out.copy()
    out.iloc[rows, out.columns.get_loc("stage")] = [labels[i] for i in np.flatnonzero(mask)]
    out.iloc[rows, out.columns.get_loc("stage_confidence")] = np.round(conf[mask], 4)
    return out


def finalize(out: pd.DataFrame, ctx) -> pd.DataFrame:
    """Conversation context (see :func:`apply_context`) and each theme's stage from its members (needs the whole table)."""
    mapper = get_mapper(ctx)
    out = apply_context(out, ctx)
    themes = ctx.artifacts.get("themes")
    if themes is not None and len(themes):
        order = {s: i for i, s in enumerate(mapper.model.ids)}
        stage_of = {}
        members = out.loc[(out["theme_id"] >= 0) & out["stage"].isin(mapper.model.ids)]
        # a theme's stage: the stage with the largest summed confidence of its members (ties: stage order)
        for tid, grp in members.groupby("theme_id"):
            w = grp.groupby("stage")["stage_confidence"].sum()
            stage_of[tid] = sorted(w.items(), key=lambda x: (-round(float(x[1]), 6), order.get(x[0], 99)))[0][0]
        themes = themes.copy()
        themes["stage"] = themes["theme_id"].map(stage_of).fillna("unmapped")
        ctx.artifacts["themes"] = themes
    return out
