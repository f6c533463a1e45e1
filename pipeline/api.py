"""The library API behind the CLI: run the whole pipeline or a part of it.

Example:
    >>> from pipeline.api import run_pipeline
    >>> result = run_pipeline("corpora/sample", out="reports/sample")   # doctest: +SKIP
    >>> result.paths["journey_map.html"]                                # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from pipeline import __version__, errors
from pipeline.config import Config, load_config
from pipeline.errors import InputError
from pipeline.checkpoints import hash_tree
from pipeline.runner import Context, package_versions, run_stages

__all__ = ["RunResult", "run_pipeline", "run_on_table", "summarise"]


@dataclass
class RunResult:
    segments: pd.DataFrame
    ctx: Context
    paths: dict[str, Path] = field(default_factory=dict)
    record: dict[str, Any] = field(default_factory=dict)


# config keys that hold people's names (staff, interviewers): run.json says how many, not who
PERSON_KEYS = {"ingest": ("interviewer_names", "agent_names", "speaker_roles"),
               "redact": ("always",)}  # terms always redacted: often people's names


def shareable_config(config: dict) -> dict:
    """The run's config for ``run.json`` with the lists of people's names replaced by their count (a hash of
    a name is no protection: names are few enough to try them all).

    Example:
        >>> shareable_config({"ingest": {"agent_names": ["Ewa Nowak"], "skip_patterns": []}})["ingest"]["agent_names"]
        '[1 name(s) given]'
    """
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in config.items()}
    for section, keys in PERSON_KEYS.items():
        for key in keys:
            value = (out.get(section) or {}).get(key)
            if value:
                # a table of lists ([redact] always: label = [terms]) counts its terms
                n = (sum(len(v) if isinstance(v, list) else 1 for v in value.values()) if isinstance(value, dict)
                     else len(value))
                out[section][key] = f"[{n} name(s) given]"
    return out


def _corpus_fingerprint(path: Path) -> str:
    h = hashlib.sha256()
    if path.is_file():
        h.update(path.name.encode("utf-8", "surrogateescape"))
        h.update(hashlib.sha256(path.read_bytes()).digest())
    else:
        hash_tree(h, path)
    return h.hexdigest()[:16]


def summarise(segments: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    """Counts per file, source, language and stage, and time per stage (for the CLI and run.json)."""
    cust = segments[segments["is_customer"]] if "is_customer" in segments else segments
    files = ctx.artifacts.get("files")
    per_file = []
    if files is not None and len(files):
        segs = segments.groupby("source_file").size() if "source_file" in segments else pd.Series(dtype=int)
        for r in files.to_dict("records"):
            per_file.append({"file": r["file"], "status": r["status"], "records_in": int(r["records_in"]),
                             "records_ok": int(r["records_ok"]), "quarantined": int(r["quarantined"]),
                             "segments": int(segs.get(r["file"], 0)), "reason": r.get("reason") or ""})
    return {
        "files": per_file,
        "segments": int(len(segments)),
        "customer_segments": int(len(cust)),
        "by_source": {k: int(v) for k, v in cust["source_type"].value_counts().sort_index().items()} if "source_type" in cust else {},
        "by_role": {k: int(v) for k, v in segments["role"].value_counts().sort_index().items()} if "role" in segments else {},
        "by_lang": {k: int(v) for k, v in cust["lang"].value_counts().sort_index().items()} if "lang" in cust else {},
        "by_stage": {k: int(v) for k, v in cust["stage"].value_counts().sort_index().items()} if "stage" in cust else {},
        "by_kind": {k: int(v) for k, v in cust["kind"].value_counts().sort_index().items()} if "kind" in cust else {},
        "quarantined": int(len(ctx.artifacts.get("quarantine", []))),
        "stages": ctx.stats,
    }


def run_pipeline(corpus: str | Path, config: str | Path | None = None, out: str | Path | None = "reports/latest",
                 overrides: dict | None = None, stages: list[str] | None = None,
                 progress: Callable[[str, int], Callable[[int], None]] | None = None,
                 on_stage: Callable[[str, float, int], None] | None = None,
                 artifacts: dict | None = None, cfg: Config | None = None) -> RunResult:
    """Run the pipeline on a corpus folder and write outputs.

    Args:
        corpus: Folder with transcripts / exports (a ``qsynth.toml`` inside is merged into the config).
        config: Optional TOML config merged over the defaults.
        out: Output folder (None: write nothing).
        overrides: Nested dict of config values applied last.
        stages: Subset of stages to run (default: all).
        progress: Progress factory ``(stage, total) -> advance(n)``.
        on_stage: Callback after each stage ``(name, seconds, rows)``.
        artifacts: Pre-set artifacts (e.g. an injected embedder for tests).
        cfg: A ready Config (skips loading).

    Returns:
        RunResult with the segment table, context, output paths and the run record.

    Raises:
        QsynthError: Any user-fixable problem (bad folder, config, input).
    """
    corpus = Path(corpus)
    if not corpus.exists():
        raise InputError(errors.E001.format(path=corpus))
    cfg = cfg or load_config(config, corpus_dir=corpus if corpus.is_dir() else None, overrides=overrides)
    ctx = Context(cfg=cfg, corpus=corpus, out=Path(out) if out else None, artifacts=dict(artifacts or {}))
    if progress:
        ctx.progress = progress
    if cfg.report.faq_file:
        faq = Path(cfg.report.faq_file)
        if not faq.is_file() and not (corpus.is_dir() and (corpus / faq).is_file()):
            raise InputError(f"FAQ file '{faq}' does not exist (looked in the working folder and in {corpus}). "
                             "Fix: give the path of your current FAQ (Markdown or CSV) to --faq.")
        ctx.artifacts["faq_file"] = cfg.report.faq_file
    executor = None
    if cfg.run.executor == "dask" and "executor" not in ctx.artifacts:
        from pipeline.executors import DaskExecutor

        executor = ctx.artifacts["executor"] = DaskExecutor(cfg.run.scheduler)
    corpus_sha = _corpus_fingerprint(corpus)
    checkpoints = None
    if cfg.run.cache_dir and cfg.run.reuse_stages and "embedder" not in ctx.artifacts:
        # an injected embedder (tests, notebooks) is not part of the key, so nothing is reused then
        from pipeline.checkpoints import Checkpoints, input_fingerprint

        shaping = cfg.to_dict()
        # how and where a run executes does not change its results (the Dask test checks that)
        shaping["run"] = {k: v for k, v in shaping["run"].items()
                          if k not in ("cache_dir", "progress", "executor", "scheduler", "reuse_stages", "checkpoint_gb")}
        checkpoints = Checkpoints(cfg.run.cache_dir, input_fingerprint(corpus_sha), shaping, corpus,
                                  max_bytes=int(cfg.run.checkpoint_gb * 1e9))
    t0 = time.perf_counter()
    try:
        seg = run_stages(None, ctx, stages=stages, on_stage=on_stage, checkpoints=checkpoints)
    finally:
        if executor is not None:
            executor.close()
            ctx.artifacts.pop("executor", None)
    total = time.perf_counter() - t0
    record = {
        "qsynth": __version__,
        "corpus": str(corpus),
        "corpus_sha256": corpus_sha,
        "config": shareable_config(cfg.to_dict()),
        "config_sources": cfg.sources,
        "versions": package_versions(),
        "counts": summarise(seg, ctx),
        "seconds_total": round(total, 3),
    }
    result = RunResult(segments=seg, ctx=ctx, record=record)
    if ctx.out is not None:
        ctx.out.mkdir(parents=True, exist_ok=True)
        (ctx.out / "run.json").write_text(json.dumps(record, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        result.paths = {k: Path(v) for k, v in ctx.artifacts.get("outputs", {}).items()}
        result.paths["run.json"] = ctx.out / "run.json"
    return result


def run_on_table(path: str | Path, text_col: str | None, stages: list[str],
                 config: str | Path | list[str | Path] | None = None, overrides: dict | None = None,
                 artifacts: dict | None = None,
                 progress: Callable[[str, int], Callable[[int], None]] | None = None,
                 rating_col: str | None = None) -> RunResult:
    """Run per-text stages over one CSV / TSV / JSONL table (for ``qsynth tag / cluster / stage``).

    Every row counts as customer text; input columns are kept; unreadable rows are quarantined.

    Args:
        path: The table.
        text_col: The column holding the text; None finds it (``[ingest] text_columns``, then the usual names).
        stages: The stages to run after ingest and redaction.
        rating_col: The column holding a rating (stars, a score, an NPS), read as ingest reads a review's rating
            (``[ingest] rating_scale``, else the scale its values show; an ``nps…`` column by NPS category);
            None finds it by its name (``[ingest.review_columns] rating``).
        config: A TOML file, or several merged in order (the CLI passes the table folder's ``qsynth.toml``, then
            ``--config``), as :func:`pipeline.config.load_config` reads them; None: the defaults.
        overrides: Nested dict merged over the config.
        artifacts: Extra artifacts for the stages.
        progress: A progress-bar factory, as the CLI makes.

    Raises:
        InputError: The table cannot be read, or ``rating_col`` is not one of its columns or holds no rating.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(errors.E012.format(path=path))
    cfg = load_config(config, overrides=overrides)
    if rating_col:   # the one column ingest reads as the rating, whatever the names it knows would find
        cfg.ingest.review_columns = {**cfg.ingest.review_columns, "rating": [rating_col]}
    arts = dict(artifacts or {})
    arts["text_col"] = text_col
    arts["table_input"] = True
    ctx = Context(cfg=cfg, corpus=path, out=None, artifacts=arts)
    if progress:
        ctx.progress = progress
    from pipeline.stages.segment import segment_id

    seg = run_stages(None, ctx, stages=["ingest"])
    if rating_col:
        _check_rating_column(path, rating_col, ctx.artifacts["input_columns"], seg["rating"])
    # one unit per input row: no sentence chunking, every row is treated as customer text;
    # redaction runs as always (text and the carried input columns)
    seg.insert(0, "segment_id", [segment_id(d, int(r), 0, t) for d, r, t in zip(seg["doc_id"], seg["record_index"], seg["text"])])
    seg["chunk_index"] = 0
    seg["is_customer"] = True
    rest = ["redact"] + [s for s in stages if s not in ("ingest", "segment", "redact")]
    seg = run_stages(seg, ctx, stages=rest)
    return RunResult(segments=seg, ctx=ctx)


def _check_rating_column(path: Path, rating_col: str, input_columns: dict[str, str], ratings: pd.Series) -> None:
    """Fail when the table has no column ``rating_col`` (matched as ingest matches names: case, spaces and
    punctuation aside) or none of its values was read as a rating; the message names the columns, never values.

    Example:
        >>> _check_rating_column(Path("nps.csv"), "score", {"Score": "meta_score"}, pd.Series([0.5]))
        >>> _check_rating_column(Path("nps.csv"), "stars", {"text": "meta_text"}, pd.Series([float("nan")]))
        Traceback (most recent call last):
        ...
        pipeline.errors.InputError: nps.csv: rating column 'stars' not found; the file has columns ['text']. \
Fix: pass one of them as the rating column.
    """
    from pipeline.ingest import norm_key

    if norm_key(rating_col) not in {norm_key(c) for c in input_columns}:
        raise InputError(f"{path.name}: rating column '{rating_col}' not found; the file has columns "
                         f"{list(input_columns)}. Fix: pass one of them as the rating column.")
    if not ratings.notna().any():
        raise InputError(f"{path.name}: no value of column '{rating_col}' reads as a rating (a number on the scale, "
                         "'4/5', '★★★★☆', '80%'). Fix: pass the column of scores, or set [ingest] rating_scale and "
                         "rating_min to its scale.")
