"""Classify customer segments as question, pain_point, request, praise or other.

The classifier is in :mod:`pipeline.detect`; this stage applies it to customer rows and leaves
others empty. Pain points also get ``barrier``: ``company`` (caused by the business) or
``customer`` (on the customer's side: budget, partner, time, skills).
"""

from __future__ import annotations

import pandas as pd

NAME = "detect"
VERSION = "1"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('detect', 'embed')
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
    sub = out.loc[mask]
    pred = det.predict(sub["text"].tolist(), sub["lang"].tolist(), sub["sentiment_score"].astype(float).tolist(),
                       emb[mask] if emb is not None else None)
    out["kind"] = ""
    out["kind_confidence"] = float("nan")
    out["barrier"] = ""
    out.loc[mask, "kind"] = pred["kind"].to_numpy()
    out.loc[mask, "kind_confidence"] = pred["kind_confidence"].to_numpy().astype(float).round(4)
    out.loc[mask, "barrier"] = pred["barrier"].to_numpy()
    return out
