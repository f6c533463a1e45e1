"""A content-addressed on-disk cache for per-text results (embeddings first of all).

Key = namespace (e.g. embedder name + version) + SHA-256 of the text, so re-running an unchanged
corpus, or one with a few new texts, computes only what is new. Identical texts within a run are
computed once. Values are float16 vectors: compact, and :func:`pipeline.embedders.normalise_rows`
rounds fresh vectors the same way, so a cached run gives the same output as a fresh one.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from pipeline.text import embedding_text

__all__ = ["VectorCache", "ResultCache", "text_key", "row_key", "cached_embed", "cached_map", "cached_rows",
           "cached_stage_rows", "stage_namespace"]


def text_key(text: str) -> str:
    """SHA-256 of a text, hex (the cache key and the dedup key)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class _SqliteCache:
    """One SQLite table keyed by (namespace, key) in a cache folder; subclasses say how values are stored."""

    FILE = ""
    TABLE = ""
    SCHEMA = ""

    def __init__(self, path: str | Path, namespace: str):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.namespace = namespace
        # several Dask workers may share the folder: wait for locks instead of failing
        self._db = sqlite3.connect(str(self.path / self.FILE), timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"CREATE TABLE IF NOT EXISTS {self.TABLE} ({self.SCHEMA}, PRIMARY KEY (ns, key))")

    def _rows(self, keys: list[str]):
        for i in range(0, len(keys), 900):
            chunk = keys[i:i + 900]
            q = f"SELECT key, v FROM {self.TABLE} WHERE ns=? AND key IN ({','.join('?' * len(chunk))})"
            yield from self._db.execute(q, [self.namespace, *chunk])

    def close(self) -> None:
        self._db.close()


class VectorCache(_SqliteCache):
    """SQLite table of float16 vectors keyed by (namespace, text hash).

    Args:
        path: Folder of the cache; created if missing.
        namespace: Separates models (and their versions) sharing one folder.
    """

    FILE, TABLE, SCHEMA = "vectors.sqlite", "vec", "ns TEXT, key TEXT, dim INT, v BLOB"

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        return {k: np.frombuffer(blob, dtype=np.float16).astype(np.float32) for k, blob in self._rows(keys)}

    def load_into(self, keys: list[str], out: np.ndarray) -> np.ndarray:
        """Write the cached vectors of ``keys`` into the rows of ``out`` (row i for keys[i]).

        Returns:
            A bool array: True where the key was found.
        """
        pos = {k: i for i, k in enumerate(keys)}
        found = np.zeros(len(keys), bool)
        for k, blob in self._rows(keys):
            i = pos[k]
            out[i] = np.frombuffer(blob, dtype=np.float16)
            found[i] = True
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vec VALUES (?, ?, ?, ?)",
                [(self.namespace, k, int(v.shape[0]), np.asarray(v, np.float16).tobytes()) for k, v in items.items()],
            )


def cached_embed(texts: list[str], embed: Callable[[list[str]], np.ndarray], dim: int,
                 cache: VectorCache | None = None, on_batch: Callable[[int], None] | None = None,
                 batch_size: int = 256, dtype: type = np.float32) -> tuple[np.ndarray, dict[str, int]]:
    """Embed texts, computing each distinct text once and reusing the cache.

    The embedder reads :func:`pipeline.text.embedding_text` of each text (order and ticket numbers
    left out), and the cache is keyed by it, so "SOF-2026-1, gdzie moja sofa?" and "SOF-2026-2, gdzie
    moja sofa?" are one vector. Every embedding in a run and in the benchmarks comes through here.

    Vectors are gathered in one float16 matrix of the distinct texts (no Python object per text), so
    a million texts need about 1.5 GB less than a list of arrays would.

    Args:
        texts: Texts in table order.
        embed: The embedder's ``embed`` function.
        dim: Vector size.
        cache: Optional on-disk cache.
        on_batch: Called with the number of texts done after each batch (progress bars).
        batch_size: Distinct texts per call to ``embed``.
        dtype: Of the returned matrix; ``np.float16`` halves its memory and loses nothing, since
            vectors are rounded through float16 anyway (:func:`pipeline.embedders.normalise_rows`).

    Returns:
        ``(matrix, stats)``: ``(len(texts), dim)`` of ``dtype`` and counts of ``unique``, ``cached``, ``computed``.
    """
    codes, uniques = pd.factorize(pd.Series([embedding_text(t) for t in texts], dtype=object), sort=False)
    uniq = [str(t) for t in uniques]
    keys = [text_key(t) for t in uniq]
    mat = np.zeros((len(uniq), dim), np.float16)
    have = np.zeros(len(uniq), bool)
    if cache is not None:
        for s in range(0, len(keys), 50_000):
            have[s:s + 50_000] = cache.load_into(keys[s:s + 50_000], mat[s:s + 50_000])
    todo = np.flatnonzero(~have)
    done = 0
    for s in range(0, len(todo), batch_size):
        chunk = todo[s:s + batch_size]
        vecs = np.asarray(embed([uniq[i] for i in chunk]), dtype=np.float32)
        mat[chunk] = vecs
        if cache is not None:
            cache.put_many(dict(zip((keys[i] for i in chunk), vecs)))
        done += len(chunk)
        if on_batch:
            on_batch(len(chunk))
    if on_batch and len(texts) > done:
        on_batch(len(texts) - done)
    out = mat[codes] if len(codes) else np.zeros((0, dim), np.float16)
    stats = {"unique": len(uniq), "cached": int(have.sum()), "computed": len(todo)}
    return (out if dtype == np.float16 else out.astype(dtype)), stats


class ResultCache(_SqliteCache):
    """SQLite table of JSON results keyed by (namespace, text hash): redaction, language, ...

    Args:
        path: Folder of the cache (shared with :class:`VectorCache`).
        namespace: Stage + version + a hash of everything else the result depends on.
    """

    FILE, TABLE, SCHEMA = "results.sqlite", "res", "ns TEXT, key TEXT, v TEXT"

    def get_many(self, keys: list[str]) -> dict[str, object]:
        import json

        return {k: json.loads(v) for k, v in self._rows(keys)}

    def put_many(self, items: dict[str, object]) -> None:
        import json

        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO res VALUES (?, ?, ?)",
                                 [(self.namespace, k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()])


def cached_map(items: list, fn: Callable[[list], list], key: Callable[[object], str],
               cache: ResultCache | None = None, batch_size: int = 2048) -> tuple[list, dict[str, int]]:
    """Apply a batch function to items, once per distinct key, reusing and filling the cache.

    Args:
        items: Inputs in table order (texts, or tuples such as (text, lang)).
        fn: Maps a list of inputs to a list of JSON-able results, in order.
        key: The cache key of an input (e.g. a hash of text and language).
        cache: Optional on-disk cache.
        batch_size: Distinct inputs per call of ``fn``.

    Returns:
        ``(results in input order, stats)`` with counts ``unique``, ``cached``, ``computed``.
    """
    keys = [key(x) for x in items]
    first: dict[str, object] = {}
    for k, x in zip(keys, items):
        first.setdefault(k, x)
    found = cache.get_many(list(first)) if cache is not None else {}
    todo = [k for k in first if k not in found]
    for i in range(0, len(todo), batch_size):
        chunk = todo[i:i + batch_size]
        new = dict(zip(chunk, fn([first[k] for k in chunk])))
        found.update(new)
        if cache is not None:
            cache.put_many(new)
    return [found[k] for k in keys], {"unique": len(first), "cached": len(first) - len(todo), "computed": len(todo)}


def cached_rows(keys: Sequence[str], predict: Callable[[np.ndarray], pd.DataFrame], cache: ResultCache | None = None,
                block: int = 50_000, decimals: int = 4) -> tuple[pd.DataFrame, dict[str, int]]:
    """Per-row model results, computed once per distinct key and reused from the cache across runs.

    A re-run of a corpus with a few new texts then pays only for the new texts in the per-text
    stages (affect, detection, stage mapping), not just in embedding.

    Args:
        keys: One key per row: a hash of everything the row's result depends on (its text, language,
            rating ...); the namespace of ``cache`` covers the model, its config and code.
        predict: Maps row positions (an int array indexing ``keys``) to a DataFrame with one row per
            position; ``predict`` of an empty array gives the columns.
        cache: Optional on-disk cache.
        block: Distinct keys per call of ``predict`` (bounds memory).
        decimals: Float results are rounded to this many decimals before they are stored or
            returned, so a cached row equals a fresh one whatever the batch composition (BLAS).

    Returns:
        ``(frame, stats)``: a frame row-aligned with ``keys`` (index 0..n-1) and counts of
        ``unique``, ``cached`` and ``computed`` keys.
    """
    template = predict(np.zeros(0, dtype=np.int64))
    columns = list(template.columns)
    codes, uniques = pd.factorize(pd.Series(list(keys), dtype=object), sort=False)
    # codes number keys in order of first appearance, so np.unique's first indices line up with them
    _, first = np.unique(codes, return_index=True)
    parts, n_cached = [], 0
    for s in range(0, len(uniques), block):
        bkeys = [str(k) for k in uniques[s:s + block]]
        found = cache.get_many(bkeys) if cache is not None else {}
        n_cached += len(found)
        miss = np.array([i for i, k in enumerate(bkeys) if k not in found], dtype=np.int64)
        if len(miss):
            pred = predict(first[s + miss]).reset_index(drop=True)
            for c in columns:
                if pd.api.types.is_float_dtype(pred[c].dtype):
                    pred[c] = np.round(pred[c].to_numpy(dtype=float), decimals)
            # through Python values, exactly as a cached row comes back from JSON
            new = dict(zip((bkeys[i] for i in miss), (list(r) for r in pred.itertuples(index=False, name=None))))
            if cache is not None:
                cache.put_many(new)
            found.update(new)
        rows = [found[k] for k in bkeys]
        parts.append(pd.DataFrame(rows, columns=columns) if rows else template.iloc[:0])
    # dtypes are inferred from the Python values (the same for cached and fresh rows)
    uniq = pd.concat(parts, ignore_index=True) if parts else template.iloc[:0].copy()
    out = uniq.take(codes).reset_index(drop=True) if len(codes) else template.iloc[:0].reset_index(drop=True)
    return out, {"unique": len(uniques), "cached": n_cached, "computed": len(uniques) - n_cached}


def row_key(*parts: object) -> str:
    """Cache key of a row from the values its result depends on (text last; NaN and None read as "")."""
    vals = ["" if p is None or (isinstance(p, float) and p != p) else str(p) for p in parts]
    return text_key("\x1f".join(vals))


def stage_namespace(stage, ctx, code: tuple[str, ...], extra: object = None) -> str:
    """Namespace of a stage's per-row result cache: the stage, the config sections it reads, the files
    they name, the code and resources it runs on (``code``: paths as for
    :func:`pipeline.checkpoints.code_hash`), the run's embedder and ``extra``."""
    from pipeline.checkpoints import code_hash, section_hash
    from pipeline.stages.embed import get_ctx_embedder

    cfg = ctx.cfg.to_dict()
    sections = tuple(s for s in getattr(stage, "CONFIG", ()) if s != "run")
    emb = get_ctx_embedder(ctx)
    ident = [stage.NAME, stage.VERSION, section_hash(cfg, sections, ctx.corpus),
             code_hash((f"stages/{stage.NAME}.py", "embedders.py", "text.py", "translit.py",
                        "resources/translit_ru.txt", *code)),
             f"{emb.name}|{getattr(emb, 'version', '')}|{emb.dim}", repr(extra)]
    return f"{stage.NAME}|{stage.VERSION}|" + hashlib.sha256("|".join(ident).encode()).hexdigest()[:32]


def cached_stage_rows(stage, ctx, keys: Sequence[str], predict: Callable[[np.ndarray], pd.DataFrame],
                      code: tuple[str, ...], block: int = 50_000) -> pd.DataFrame:
    """:func:`cached_rows` through the stage's own result cache in ``[run] cache_dir`` (none when it
    is ""), counting ``unique``, ``cached`` and ``computed`` into ``ctx.stats[stage.NAME]``.

    Args:
        stage: The stage module (``NAME``, ``VERSION``, ``CONFIG``).
        ctx: The run context.
        keys, predict, block: As for :func:`cached_rows`.
        code: Package paths the results depend on, as for :func:`stage_namespace`.
    """
    cache = ResultCache(ctx.cfg.run.cache_dir, stage_namespace(stage, ctx, code)) if ctx.cfg.run.cache_dir else None
    try:
        pred, stats = cached_rows(keys, predict, cache, block=block)
    finally:
        if cache is not None:
            cache.close()
    ctx.stats.setdefault(stage.NAME, {}).update(stats)
    return pred


def embed_with_cache(texts: list[str], embedder: str, cache_dir: str | Path = "") -> tuple[np.ndarray, dict[str, int]]:
    """Embed texts with a named embedder through the content cache (same keys as a pipeline run).

    For scripts and benchmarks; the pipeline itself goes through :func:`pipeline.stages.embed.embed_texts`.
    """
    from pipeline.embedders import get_embedder

    emb = get_embedder(embedder)
    cache = VectorCache(cache_dir, f"{emb.name}|{getattr(emb, 'version', '')}|{emb.dim}") if cache_dir else None
    try:
        return cached_embed(texts, emb.embed, emb.dim, cache)
    finally:
        if cache is not None:
            cache.close()
