"""Place every customer segment and every theme on a journey stage and its touchpoints.

Stages come from the configured stage model (``[stages] model``); mapping is zero-shot from the
stage descriptions and examples, steered by an optional CSV of labelled examples
(``[stages] examples``, columns ``text,stage``). Touchpoints are found in the text and added from
the source, read by the same touchpoint lexicon: a chat message came through the chat (a messenger's too:
Telegram, WhatsApp, Messenger, Viber; or the medium its channel names: the app, e-mail), a review was published where its platform column
says, else where its file or folder name says (``reviews/ozon_reviews.csv``: a marketplace, else a
review site). A review's or social comment's platform is its ``published_on`` ('' for conversations):
where it was written, not a moment of it. Drop-off signals ("I gave up") are flagged, a marketplace to buy on
instead ("kupię na Allegro") read by the same touchpoint lexicon's marketplace names.

``run_rows`` scores each segment on its own; ``finalize`` (whole table) re-scores the customer
segments of multi-turn documents with their conversation: the interviewer's or agent's question
before a short answer, the position in an interview, the previous customer turn and the time
between turns (:meth:`pipeline.journey.StageMapper.predict_conversation`). A survey answer is
re-scored with its question (``meta_question``), even when it is its respondent's only answer.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from pipeline.cache import cached_stage_rows, row_key

from pipeline.detect import RULE_FILES
from pipeline.errors import InputError
from pipeline.journey import (StageMapper, document_blocks, is_drop_off, load_stage_model, load_touchpoints, published_on,
                              source_touchpoint, survey_answers)

NAME = "stage_map"
VERSION = "34"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('stages', 'embed')
REQUIRES = ("text", "is_customer", "embedded", "source_type", "channel", "theme_id")
ASSIGNS = ("stage", "stage_confidence", "touchpoints", "drop_off", "published_on")
PER_ROW = True  # run_rows may run on partitions (Dask executor); finalize runs on the whole table
# what the per-row results are computed by (their cache is keyed by it, see pipeline.cache.stage_namespace, which adds
# text.py): the journey package, the built-in stage models and what makes a turn contentless, detection's small talk
# (is_courtesy: its rules files with courtesy.txt, and the affect lexicon they read)
CODE = ("journey", "configs/stages", "affect", "resources/affect", *RULE_FILES)


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
        ctx.artifacts["touchpoints"] = load_touchpoints(ctx.cfg.stages.touchpoints or None, model.touchpoints, model.source,
                                                        model.drop_touchpoints)
        ctx.artifacts["stage_mapper"] = StageMapper(model, lambda t: embed_texts(t, ctx, label="stage prototypes"), ex,
                                                    ctx.cfg.stages.min_confidence)
    return ctx.artifacts["stage_mapper"]


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    return finalize(run_rows(segments, ctx), ctx)


def run_rows(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    """Stage, confidence, touchpoints, drop-off and published_on per row (no cross-row information), cached by content."""
    out = segments.copy()
    mapper = get_mapper(ctx)
    lex = ctx.artifacts["touchpoints"]
    mask = out["embedded"].to_numpy(bool)
    idx = np.flatnonzero(mask)
    X = ctx.artifacts["embeddings"]
    texts, sources, channels = out["text"].to_numpy(), out["source_type"].to_numpy(), out["channel"].fillna("").to_numpy()
    # where a record came through: a chat's medium, a review's platform, else its file or folder name (reviews/ozon_reviews.csv:
    # a marketplace), read once per distinct (source type, channel, file)
    files = out["source_file"].fillna("").astype(str).to_numpy() if "source_file" in out else np.full(len(out), "", dtype=object)
    origin = list(zip(sources.astype(str), channels.astype(str), files))
    known = {k: source_touchpoint(*k, lex) for k in dict.fromkeys(origin)}
    came = np.array([known[k] for k in origin], dtype=object)

    def touchpoints(text: str, src: str) -> str:
        found = lex.detect(text)
        if src and src not in found:
            found.append(src)
        return ";".join(found)

    def predict(pos: np.ndarray) -> pd.DataFrame:
        b = idx[pos]
        labels, conf = mapper.predict(X[b].astype(np.float32), [str(x) for x in sources[b]], [str(t) for t in texts[b]])
        return pd.DataFrame({
            "stage": pd.Series(list(labels), dtype=object),
            "stage_confidence": np.asarray(conf, dtype=float).reshape(-1),
            "touchpoints": pd.Series([touchpoints(str(t), src) for t, src in zip(texts[b], came[b])], dtype=object),
            "drop_off": np.array([is_drop_off(str(t), lex) for t in texts[b]], dtype=bool),
        })

    keys = [row_key(st, src, t) for t, st, src in zip(texts[idx], sources[idx], came[idx])]
    pred = cached_stage_rows(sys.modules[__name__], ctx, keys, predict, CODE)
    out["stage"] = ""
    out["stage_confidence"] = np.nan
    out["touchpoints"] = ""
    out["drop_off"] = False
    # a review's or comment's platform: where it was written, no moment of it (synthesize.moments_of_truth)
    out["published_on"] = [published_on(st, tp) for (st, _, _), tp in zip(origin, came)]
    out.loc[mask, "stage"] = pred["stage"].to_numpy()
    # rounded (cached_rows): BLAS sums in a different order on differently sized partitions (Dask) - results must match
    out.loc[mask, "stage_confidence"] = pred["stage_confidence"].to_numpy()
    out.loc[mask, "touchpoints"] = pred["touchpoints"].to_numpy()
    out.loc[mask, "drop_off"] = pred["drop_off"].to_numpy()
    # customer rows without a vector (none in a normal run) still get touchpoints and drop-off
    rest = out["is_customer"].to_numpy(bool) & ~mask
    if rest.any():
        out.loc[rest, "touchpoints"] = [touchpoints(str(t), src) for t, src in zip(texts[rest], came[rest])]
        out.loc[rest, "drop_off"] = [is_drop_off(str(t), lex) for t in texts[rest]]
    return out


# what the conversation context reads (see pipeline.journey._context.conversation_context); all but doc_id
# and turn_index are optional: meta_question exists only in tables with survey answers (not in REQUIRES)
CONTEXT_COLUMNS = ("doc_id", "turn_index", "chunk_index", "text", "source_type", "is_customer", "role", "timestamp",
                   "meta_question")
BLOCK = 50_000  # rows of whole documents per conversation block (bounds memory; results do not depend on it)


def apply_context(out: pd.DataFrame, ctx, block: int = BLOCK) -> pd.DataFrame:
    """Re-score customer segments of documents with more than one row using the conversation, and
    survey answers with their question (a respondent's only answer too).

    Documents are scored in blocks of about ``block`` rows, never split (context stays inside a
    document): at a million rows, one pass over every conversation needed several gigabytes.
    """
    if not ctx.cfg.stages.context or "doc_id" not in out or "turn_index" not in out or not len(out):
        return out
    mapper = get_mapper(ctx)
    # a survey answer's context is its question
    scored = (out["doc_id"].map(out["doc_id"].value_counts()).to_numpy() > 1) | survey_answers(out)
    embedded = out["embedded"].to_numpy(bool)
    if not (scored & embedded).any():
        return out
    cols = [out.columns.get_loc(c) for c in CONTEXT_COLUMNS if c in out.columns]
    emb = ctx.artifacts["embeddings"]
    stage = out["stage"].to_numpy(dtype=object).copy()
    conf = out["stage_confidence"].to_numpy(dtype=float).copy()
    for br in document_blocks(out["doc_id"].to_numpy(), np.flatnonzero(scored), block):
        m = embedded[br]
        if m.any():
            labels, c = mapper.predict_conversation(out.iloc[br, cols].reset_index(drop=True),
                                                    emb[br[m]].astype(np.float32), m)
            sel = np.flatnonzero(m)
            stage[br[sel]] = [labels[i] for i in sel]
            conf[br[sel]] = np.round(c[sel], 4)
    out = out.copy()
    out["stage"] = pd.Series(stage, index=out.index).astype(out["stage"].dtype)
    out["stage_confidence"] = conf
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
