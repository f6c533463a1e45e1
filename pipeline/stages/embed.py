"""Embed customer segments with the configured embedder, cached by content.

Only customer segments are embedded (interviewer, agent, bot, brand and spam turns are not evidence).
The matrix is kept in ``ctx.artifacts["embeddings"]`` row-aligned with the table (zeros for rows
not embedded; float16, see :func:`run`); the table gets an ``embedded`` flag. Identical texts are embedded once, and with
``[run] cache_dir`` set, never again on later runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.cache import VectorCache, cached_embed
from pipeline.embedders import get_embedder

NAME = "embed"
VERSION = "2"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('embed', 'run')
REQUIRES = ("text", "is_customer")
ASSIGNS = ("embedded",)
PER_ROW = True  # may run on partitions (Dask executor)


def get_ctx_embedder(ctx):
    """The run's embedder, built once per context (tests may inject one as artifacts['embedder'])."""
    if "embedder" not in ctx.artifacts:
        ctx.artifacts["embedder"] = get_embedder(ctx.cfg.embed.embedder, batch_size=ctx.cfg.embed.batch_size)
    return ctx.artifacts["embedder"]


# Embedders computing the same vectors as e5-small (same weights, another engine): heads trained on
# e5-small vectors (affect, detection) apply to them.
E5_FAMILY = ("e5-small", "e5-fast")


def head_space(ctx) -> str:
    """The vector space of the run's embeddings, as the trained heads name it."""
    name = get_ctx_embedder(ctx).name
    return "e5-small" if name in E5_FAMILY else name


def e5_vectors(texts: list[str], ctx) -> np.ndarray:
    """e5-small-space vectors for texts whatever the run's embedder (the trained heads read them)."""
    if head_space(ctx) == "e5-small":
        return embed_texts(texts, ctx, label="e5 vectors")
    if "e5_embedder" not in ctx.artifacts:
        ctx.artifacts["e5_embedder"] = get_embedder("e5-fast", batch_size=ctx.cfg.embed.batch_size)
    return embed_texts(texts, ctx, label="e5 vectors", embedder=ctx.artifacts["e5_embedder"])


def embed_texts(texts: list[str], ctx, label: str = NAME, embedder=None, dtype: type = np.float32) -> np.ndarray:
    """Embed any texts through the run's embedder (or ``embedder``) and the cache (also for stage
    descriptions); order and ticket numbers are left out (:func:`pipeline.cache.cached_embed`)."""
    emb = embedder or get_ctx_embedder(ctx)
    cache = None
    if ctx.cfg.run.cache_dir:
        cache = VectorCache(ctx.cfg.run.cache_dir, f"{emb.name}|{getattr(emb, 'version', '')}|{emb.dim}")
    advance = ctx.progress(label, len(texts))
    try:
        mat, stats = cached_embed(texts, emb.embed, emb.dim, cache, on_batch=advance,
                                  batch_size=max(ctx.cfg.embed.batch_size, 64), dtype=dtype)
    finally:
        if cache is not None:
            cache.close()
    st = ctx.stats.setdefault(NAME, {})
    for k, v in stats.items():
        st[k] = st.get(k, 0) + v
    return mat


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    out = segments.copy()
    mask = out["is_customer"].to_numpy(bool)
    texts = out.loc[mask, "text"].tolist()
    emb = get_ctx_embedder(ctx)
    # float16: vectors are rounded through float16 anyway, so this halves memory (0.8 GB per
    # million rows) and loses nothing; consumers take float32 copies of the rows they use
    full = np.zeros((len(out), emb.dim), np.float16)
    if texts:
        full[mask] = embed_texts(texts, ctx, dtype=np.float16)
    ctx.artifacts["embeddings"] = full
    ctx.stats.setdefault(NAME, {})["embedder"] = emb.name
    out["embedded"] = mask
    return out
