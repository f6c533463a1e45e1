"""Run per-row stages on a Dask cluster, with results identical to the local run.

Stages that work row by row (``language``, ``embed``, ``affect``, ``detect`` and the row part of
``stage_map``) declare ``PER_ROW = True``. With ``[run] executor = "dask"`` the runner splits the
table into partitions, ships each with its slice of the embedding matrix and the config to a worker,
and concatenates the results in the original order. Models are loaded once per worker process.
Stages that need the whole table (segmenting, redaction with duplicate detection, clustering,
synthesis) run locally.

Against an existing cluster: ``qsynth run CORPUS --executor dask --scheduler tcp://HOST:8786``
(the workers need qsynth installed and, for the cache, the same ``[run] cache_dir`` path or ``""``).
Without ``--scheduler`` a local cluster with one worker process per core is started.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from pipeline.errors import NotInstalled, QsynthError

__all__ = ["DaskExecutor", "run_partition"]

_WORKER_ARTIFACTS: dict[str, dict[str, Any]] = {}


def run_partition(stage: str, part: pd.DataFrame, emb: np.ndarray | None, cfg_dict: dict) -> tuple:
    """Run one per-row stage on one partition (executed on a worker)."""
    from pipeline.config import Config, config_hash
    from pipeline.runner import Context, load_stage

    cfg = Config.from_dict(cfg_dict)
    # models (embedder, affect head, stage prototypes) are reused across partitions in this process
    shared = _WORKER_ARTIFACTS.setdefault(config_hash(cfg_dict), {})
    ctx = Context(cfg=cfg, artifacts=shared)
    if emb is not None:
        shared["embeddings"] = emb
    else:
        shared.pop("embeddings", None)
    mod = load_stage(stage)
    fn = getattr(mod, "run_rows", mod.run)
    out = fn(part, ctx)
    return out, shared.get("embeddings"), ctx.stats.get(stage, {})


class DaskExecutor:
    """Maps per-row stages over partitions on a Dask cluster.

    Args:
        scheduler: ``tcp://host:port`` of an existing scheduler, or "" for a local cluster.
        n_workers: Worker processes of a local cluster (default: number of cores).
        partition_rows: Rows per partition (smaller = better balance, more overhead).
    """

    def __init__(self, scheduler: str = "", n_workers: int | None = None, partition_rows: int = 2000):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise NotInstalled("dask[distributed]", "The dask executor", extra="dask") from None
        self.partition_rows = partition_rows
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise QsynthError(f"Cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}). "
                                  "Fix: check the address and that the scheduler runs, or omit --scheduler for a local cluster.") from None
            self.cluster = None
        else:
            n = n_workers or os.cpu_count() or 1
            # one process per core: keep each worker's embedder to one thread (inherited by the workers)
            os.environ.setdefault("QSYNTH_E5FAST_THREADS", "1")
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
            self.client = Client(self.cluster)

    def map_stage(self, stage: str, table: pd.DataFrame, ctx) -> pd.DataFrame:
        """Run ``stage`` over partitions of ``table``; returns the table and updates ctx artifacts/stats."""
        n = len(table)
        k = max(1, -(-n // self.partition_rows))
        bounds = np.linspace(0, n, k + 1).astype(int)
        emb = ctx.artifacts.get("embeddings")
        cfg_dict = ctx.cfg.to_dict()
        futures = [self.client.submit(run_partition, stage, table.iloc[a:b], None if emb is None else emb[a:b], cfg_dict,
                                      pure=False) for a, b in zip(bounds[:-1], bounds[1:])]
        results = self.client.gather(futures)
        out = pd.concat([r[0] for r in results]) if results else table
        embs = [r[1] for r in results]
        if embs and all(e is not None for e in embs):
            ctx.artifacts["embeddings"] = np.vstack(embs)
        st = ctx.stats.setdefault(stage, {})
        for _, _, s in results:
            for key, val in s.items():
                st[key] = st.get(key, 0) + val if isinstance(val, (int, float)) and not isinstance(val, bool) else val
        st["partitions"] = k
        return out

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
