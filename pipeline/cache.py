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
from typing import Callable

import numpy as np

__all__ = ["VectorCache", "text_key", "cached_embed"]


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

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vec VALUES (?, ?, ?, ?)",
                [(self.namespace, k, int(v.shape[0]), np.asarray(v, np.float16).tobytes()) for k, v in items.items()],
            )


def cached_embed(texts: list[str], embed: Callable[[list[str]], np.ndarray], dim: int,
                 cache: VectorCache | None = None, on_batch: Callable[[int], None] | None = None,
                 batch_size: int = 256) -> tuple[np.ndarray, dict[str, int]]:
    """Embed texts, computing each distinct text once and reusing the cache.

    Args:
        texts: Texts in table order.
        embed: The embedder's ``embed`` function.
        dim: Vector size.
        cache: Optional on-disk cache.
        on_batch: Called with the number of texts done after each batch (progress bars).
        batch_size: Distinct texts per call to ``embed``.

    Returns:
        ``(matrix, stats)``: float32 ``(len(texts), dim)`` and counts of ``unique``, ``cached``, ``computed``.
    """
    done = [0]

    def compute(batch: list[str]) -> list:
        vecs = embed(batch)
        done[0] += len(batch)
        if on_batch:
            on_batch(len(batch))
        return list(vecs)

    results, stats = cached_map(list(texts), compute, text_key, cache, batch_size=batch_size)
    if on_batch and stats["cached"]:
        on_batch(len(texts) - done[0])
    mat = np.zeros((len(texts), dim), np.float32)
    for i, v in enumerate(results):
        mat[i] = v
    return mat, stats


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
