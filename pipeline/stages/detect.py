"""Classify customer segments as question, pain_point, request, praise or other.

The classifier is in :mod:`pipeline.detect`; this stage applies it to customer rows and leaves
others empty. Pain points also get ``barrier``: ``company`` (caused by the business) or
``customer`` (on the customer's side: budget, partner, time, skills).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from pipeline.cache import cached_stage_rows, row_key

NAME = "detect"
VERSION = "1"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('detect', 'embed')
BLOCK = 50_000  # rows per prediction block (bounds memory; results do not depend on it)
REQUIRES = ("text", "lang", "is_customer", "sentiment", "sentiment_score")
ASSIGNS = ("kind", "kind_confidence", "barrier")
PER_ROW = True  # may run on partitions (Dask executor)


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    from pipeline.detect import Detector

    out = segments.copy()
    mask = out["is_customer"].to_numpy(bool)
    from pipeline.stages.embed import head_space

    det = ctx.artifacts.get("detector") or Detector(ctx.cfg.detect, embedder=head_space(ctx))
    ctx.artifacts["detector"] = det
    emb = ctx.artifacts.get("embeddings")
    idx = np.flatnonzero(mask)
    texts, langs = out["text"].to_numpy(), out["lang"].to_numpy()
    scores = out["sentiment_score"].astype(float).to_numpy()

    def predict(pos: np.ndarray) -> pd.DataFrame:
        b = idx[pos]
        return det.predict([str(t) for t in texts[b]], [str(x) for x in langs[b]], scores[b].tolist(),
                           emb[b].astype(np.float32) if emb is not None else None)

    keys = [row_key(lang, score, text) for text, lang, score in zip(texts[idx], langs[idx], scores[idx])]
    # blocks of distinct rows: the head's features are float64, and a million rows at once would need ~10 GB
    pred = cached_stage_rows(sys.modules[__name__], ctx, keys, predict, ("detect", "resources/detect"), block=BLOCK)
    out["kind"] = ""
    out["kind_confidence"] = float("nan")
    out["barrier"] = ""
    out.loc[mask, "kind"] = pred["kind"].to_numpy()
    out.loc[mask, "kind_confidence"] = pred["kind_confidence"].to_numpy().astype(float).round(4)
    out.loc[mask, "barrier"] = pred["barrier"].to_numpy()
    return out
