"""Tag customer segments with sentiment (label + score in [-1, 1]) and multi-label emotions.

The model lives in :mod:`pipeline.affect`; this stage feeds it the customer segments, their
language, embeddings, (for reviews) the normalised star rating and whether the segment is a research interview's
(there courtesy and small talk speak to the interviewer, not of the product: neutral), and leaves
non-customer rows empty (``sentiment`` = "", scores NaN): interviewer and agent turns are not customer evidence.
A review's first part headed by a short title ("Lovely apartment. An extra 150 PLN cleaning fee was added at check-out.")
is read as the words the title heads where they take a side of their own (:func:`pipeline.affect.headed_bodies`): the
title is the review's headline, not what the part says, and the stars carry the review's verdict; words that take no side
("Broken on arrival. I ordered it for my son's birthday.") are read with their title.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from pipeline.cache import cached_stage_rows, row_key
from pipeline.translit import model_text

NAME = "affect"
VERSION = "33"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('affect', 'embed')
BLOCK = 50_000  # rows per prediction block (bounds memory; results do not depend on it)
REQUIRES = ("text", "lang", "is_customer", "rating")
ASSIGNS = ("sentiment", "sentiment_score", "emotions", "rating_disagrees")
PER_ROW = True  # may run on partitions (Dask executor)


def get_model(ctx):
    if "affect_model" not in ctx.artifacts:
        from pipeline.affect import AffectModel

        ctx.artifacts["affect_model"] = AffectModel(ctx.cfg.affect)
    return ctx.artifacts["affect_model"]


def interviewed(segments: pd.DataFrame) -> np.ndarray:
    """Per row, whether it is a research interview's (``source_type`` "interview"; ingest files a support call, whose
    company voice is an agent, as a chat); False for all when the table has no ``source_type`` (``qsynth tag``).

    Example:
        >>> interviewed(pd.DataFrame({"source_type": ["interview", "chat"]})).tolist()
        [True, False]
    """
    if "source_type" not in segments:
        return np.zeros(len(segments), bool)
    return (segments["source_type"] == "interview").to_numpy(bool)


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    from pipeline.affect import headed_bodies

    out = segments.copy()
    model = get_model(ctx)
    mask = out["is_customer"].to_numpy(bool)
    from pipeline.stages.embed import e5_vectors, head_space

    emb = ctx.artifacts.get("embeddings")
    idx = np.flatnonzero(mask)
    all_texts, all_langs, all_ratings = out["text"].to_numpy(), out["lang"].to_numpy(), out["rating"].to_numpy()
    all_interviewed = interviewed(out)
    all_bodies = headed_bodies(out)
    same_space = emb is not None and head_space(ctx) == "e5-small"

    def predict(pos: np.ndarray) -> pd.DataFrame:
        b = idx[pos]
        # transliterated Russian in Cyrillic, for the lexicon; what a short title heads without the title
        texts = [model_text(body or t) for t, body in zip(all_texts[b], all_bodies[b])]
        # the heads read e5-small vectors: the run's when they are those and of the text read, else embedded (cached)
        vecs = emb[b].astype(np.float32) if same_space else np.zeros((len(b), model.dim), np.float32)
        redo = np.flatnonzero((all_bodies[b] != "") | (not same_space))
        if len(redo):
            vecs[redo] = e5_vectors([texts[i] for i in redo], ctx)
        ratings = [None if pd.isna(x) else float(x) for x in all_ratings[b]]
        return model.predict(texts, [str(x) for x in all_langs[b]], vecs, ratings, all_interviewed[b].tolist())

    keys = [row_key(lang, rating, asked, body, text) for text, lang, rating, asked, body
            in zip(all_texts[idx], all_langs[idx], all_ratings[idx], all_interviewed[idx], all_bodies[idx])]
    # blocks of distinct rows: the heads work in float64, and a million rows at once would need gigabytes
    # the affect rules read detection's (courtesy, rhetorical questions, contrast, settled problems) and what those read
    from pipeline.detect import RULE_FILES

    pred = cached_stage_rows(sys.modules[__name__], ctx, keys, predict, ("affect", "resources/affect", *RULE_FILES),
                             block=BLOCK)
    for col in pred.columns:
        if pred[col].dtype == object or col in ("sentiment", "emotions"):
            full = pd.Series([""] * len(out), index=out.index, dtype=object)
        elif pred[col].dtype == bool:
            full = pd.Series([False] * len(out), index=out.index)
        else:
            full = pd.Series(np.nan, index=out.index, dtype=float)
        vals = pred[col].to_numpy()
        if full.dtype == float:
            vals = np.round(vals.astype(float), 4)  # identical across partition sizes (Dask) despite BLAS order
        full.loc[mask] = vals
        out[col] = full
    ctx.artifacts["emotion_labels"] = list(model.labels)
    return out
