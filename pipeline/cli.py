"""Command line: a thin layer over :mod:`pipeline.api`.

Library errors become one clear line on stderr and exit code 1; tracebacks never show local
variables (transcripts hold personal data).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

import typer

from pipeline.errors import QsynthError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="qsynth: offline synthesis of customer interviews, chats, reviews and comments into an "
                       "evidence-backed journey map, FAQ and content plan.")


def _fail(exc: Exception) -> None:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(1)


class _Progress:
    """One progress bar per stage, with counts and rate (rich, which Typer already depends on)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self._p = None

    def __enter__(self):
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._p = Progress(TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(),
                               TimeElapsedColumn(), transient=False)
            self._p.start()
        return self

    def __exit__(self, *a):
        if self._p:
            self._p.stop()

    def factory(self, stage: str, total: int):
        if not self._p:
            return lambda n: None
        task = self._p.add_task(stage, total=max(total, 1))
        return lambda n: self._p.advance(task, n)

    def stage_done(self, name: str, seconds: float, rows: int) -> None:
        if self._p:
            self._p.console.print(f"  ✓ {name:<11} {seconds:7.2f}s  {rows:>8} rows  {rows / max(seconds, 1e-9):9.0f} rows/s")
        else:
            typer.echo(f"  {name:<11} {seconds:7.2f}s  {rows:>8} rows", err=True)


def _print_summary(counts: dict, seconds: float, out: Optional[Path]) -> None:
    e = lambda s="": typer.echo(s)  # noqa: E731
    e("")
    e("Input files (records in = accepted + quarantined):")
    for f in counts["files"]:
        note = f"  [{f['status']}: {f['reason']}]" if f["status"] != "parsed" else ""
        e(f"  {f['file']:<44} in {f['records_in']:>6}  ok {f['records_ok']:>6}  quarantined {f['quarantined']:>4}  segments {f['segments']:>6}{note}")
    e(f"Segments: {counts['segments']} ({counts['customer_segments']} customer)  quarantined records: {counts['quarantined']}")
    for key, title in (("by_role", "By role"), ("by_source", "By source (customer)"), ("by_lang", "By language (customer)"),
                       ("by_kind", "By kind (customer)"), ("by_stage", "By stage (customer)")):
        if counts.get(key):
            e(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counts[key].items()))
    times = ", ".join(f"{k} {v.get('seconds', 0):.1f}s" for k, v in counts["stages"].items())
    e(f"Time per stage: {times}  (total {seconds:.1f}s)")
    if out:
        e(f"Outputs in {out}/: journey_map.html, journey_map.md, faq.md, faq.html, segments.csv, themes.csv, run.json")


@app.command()
def run(
    corpus_dir: Path = typer.Argument(..., help="Folder with transcripts, chat/review/social exports."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML config merged over the defaults."),
    out: Path = typer.Option(Path("reports/latest"), "--out", "-o", help="Output folder."),
    strict: bool = typer.Option(False, "--strict", help="Fail if any input record is quarantined."),
    faq: Optional[Path] = typer.Option(None, "--faq", help="Your current FAQ (Markdown or CSV) to check coverage against."),
    executor: Optional[str] = typer.Option(None, "--executor", help="local | dask"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars."),
) -> None:
    """Run the whole pipeline on CORPUS_DIR and write the journey map, FAQ and tables.

    Example: qsynth run corpora/sample --out reports/sample
    """
    overrides: dict = {"run": {}}
    if strict:
        overrides["run"]["strict"] = True
    if executor:
        overrides["run"]["executor"] = executor
    if scheduler:
        overrides["run"]["scheduler"] = scheduler
    if faq:
        overrides["report"] = {"faq_file": str(faq)}
    from pipeline.api import run_pipeline

    t0 = time.perf_counter()
    try:
        with _Progress(not quiet) as prog:
            res = run_pipeline(corpus_dir, config=config, out=out, overrides=overrides, progress=prog.factory,
                               on_stage=prog.stage_done)
    except QsynthError as exc:
        _fail(exc)
    _print_summary(res.record["counts"], time.perf_counter() - t0, out)


@app.command()
def ingest(
    corpus_dir: Path = typer.Argument(..., help="Folder with transcripts and exports."),
    out: Path = typer.Option(Path("reports/ingest"), "--out", "-o", help="Output folder."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML config."),
    strict: bool = typer.Option(False, "--strict", help="Fail if any input record is quarantined."),
) -> None:
    """Read, segment and redact a corpus; write segments.csv and quarantine.csv (no models needed).

    Example: qsynth ingest corpora/sample --out reports/ingest
    """
    from pipeline.api import run_pipeline
    from pipeline.report import safe_frame

    try:
        res = run_pipeline(corpus_dir, config=config, out=None, stages=["ingest", "segment", "redact"],
                           overrides={"run": {"strict": True}} if strict else None)
    except QsynthError as exc:
        _fail(exc)
    out.mkdir(parents=True, exist_ok=True)
    safe_frame(res.segments).to_csv(out / "segments.csv", index=False)
    safe_frame(res.ctx.artifacts["quarantine"]).to_csv(out / "quarantine.csv", index=False)
    safe_frame(res.ctx.artifacts["files"]).to_csv(out / "files.csv", index=False)
    from pipeline.api import summarise

    _print_summary(summarise(res.segments, res.ctx), 0.0, None)
    typer.echo(f"Wrote {out}/segments.csv, quarantine.csv, files.csv")


def _table_command(input_path: Path, text_col: Optional[str], out: Path, stages: list[str], overrides: dict,
                   columns: list[str], config: Optional[Path] = None) -> None:
    from pipeline.api import run_on_table
    from pipeline.report import safe_frame

    try:
        res = run_on_table(input_path, text_col, stages, config=config, overrides=overrides)
    except QsynthError as exc:
        _fail(exc)
    seg = res.segments
    original = res.ctx.artifacts.get("input_columns")
    base = seg[[c for c in seg.columns if c.startswith("meta_")]].rename(columns=lambda c: c[5:])
    if original:
        base = base[[c for c in original if c in base.columns]]
    table = base.copy()
    if text_col and text_col not in table.columns:
        table[text_col] = seg["text"].to_numpy()
    for c in columns:
        cols = [x for x in seg.columns if x == c or (c.endswith("*") and x.startswith(c[:-1]))]
        for x in cols:
            table[x] = seg[x].to_numpy()
    out.parent.mkdir(parents=True, exist_ok=True)
    safe_frame(table).to_csv(out, index=False)
    q = res.ctx.artifacts.get("quarantine")
    if q is not None and len(q):
        qpath = out.with_name(out.stem + "_quarantine.csv")
        safe_frame(q).to_csv(qpath, index=False)
        typer.echo(f"{len(q)} row(s) could not be read; listed in {qpath}", err=True)
    typer.echo(f"Wrote {out} ({len(table)} rows)")
    res.ctx.artifacts["table_out"] = table


@app.command()
def tag(
    input_path: Path = typer.Argument(..., metavar="INPUT", help="CSV / TSV / JSONL table."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML config merged over the defaults."),
    text_col: Optional[str] = typer.Option(None, "--text-col", help="Column with the text (guessed if omitted)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output CSV."),
    taxonomy: str = typer.Option("cx", "--taxonomy", help="cx | goemotions"),
) -> None:
    """Tag any table with language, sentiment and emotions.

    Example: qsynth tag reviews.csv --text-col body --out tagged.csv --taxonomy cx
    """
    _table_command(input_path, text_col, out, ["language", "embed", "affect"], {"affect": {"taxonomy": taxonomy}},
                   ["lang", "sentiment", "sentiment_score", "emotions", "emo_*"], config)


@app.command()
def cluster(
    input_path: Path = typer.Argument(..., metavar="INPUT", help="CSV / TSV / JSONL table."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML config merged over the defaults."),
    text_col: Optional[str] = typer.Option(None, "--text-col", help="Column with the text."),
    out: Path = typer.Option(..., "--out", "-o", help="Output CSV; themes.csv is written beside it."),
) -> None:
    """Cluster the rows of any table into named themes (theme_id -1 = unassigned).

    Example: qsynth cluster questions.csv --text-col text --out clustered.csv
    """
    from pipeline.api import run_on_table
    from pipeline.report import safe_frame
    from pipeline.stages.cluster import build_themes

    try:
        res = run_on_table(input_path, text_col, ["language", "embed"], config=config, overrides={"cluster": {"max_themes": 200}})
        seg = res.segments.assign(kind="all")
        ids, themes = build_themes(seg, res.ctx.artifacts["embeddings"], ["all"], res.ctx.cfg.cluster, res.ctx.cfg.run.seed)
    except QsynthError as exc:
        _fail(exc)
    base = seg[[c for c in seg.columns if c.startswith("meta_")]].rename(columns=lambda c: c[5:])
    original = res.ctx.artifacts.get("input_columns")
    if original:
        base = base[[c for c in original if c in base.columns]]
    if text_col and text_col not in base.columns:
        base[text_col] = seg["text"].to_numpy()
    labels = dict(zip(themes["theme_id"], themes["label"]))
    base["theme_id"] = ids
    base["theme_label"] = [labels.get(t, "") for t in ids]
    out.parent.mkdir(parents=True, exist_ok=True)
    safe_frame(base).to_csv(out, index=False)
    sizes = base["theme_id"].value_counts()
    by_id = seg["text"].to_dict()
    seg_index = dict(zip(seg["segment_id"], range(len(seg))))
    themes = themes.assign(size=themes["theme_id"].map(sizes).fillna(0).astype(int),
                           quotes=[" | ".join(by_id[seg_index[q]] for q in qs.split(";") if q) for qs in themes["quote_ids"]])
    safe_frame(themes.drop(columns=["quote_ids"])).to_csv(out.with_name("themes.csv"), index=False)
    typer.echo(f"Wrote {out} ({len(base)} rows, {len(themes)} themes, {int((base['theme_id'] == -1).sum())} unassigned) "
               f"and {out.with_name('themes.csv')}")


@app.command()
def stage(
    input_path: Path = typer.Argument(..., metavar="INPUT", help="CSV / TSV / JSONL table."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML config merged over the defaults."),
    text_col: Optional[str] = typer.Option(None, "--text-col", help="Column with the text."),
    stages_file: str = typer.Option("default", "--stages", help="Stage model name or TOML file."),
    out: Path = typer.Option(..., "--out", "-o", help="Output CSV."),
) -> None:
    """Map every row of any table to a journey stage (or 'unmapped') with a confidence.

    Example: qsynth stage comments.csv --text-col text --stages configs/stages/ecommerce.toml --out staged.csv
    """
    from pipeline.api import run_on_table
    from pipeline.report import safe_frame
    from pipeline.stages.stage_map import get_mapper

    try:
        res = run_on_table(input_path, text_col, ["language", "embed"], config=config, overrides={"stages": {"model": stages_file}})
        seg = res.segments
        mapper = get_mapper(res.ctx)
        labels, conf = mapper.predict(res.ctx.artifacts["embeddings"], seg["source_type"].tolist())
    except QsynthError as exc:
        _fail(exc)
    base = seg[[c for c in seg.columns if c.startswith("meta_")]].rename(columns=lambda c: c[5:])
    original = res.ctx.artifacts.get("input_columns")
    if original:
        base = base[[c for c in original if c in base.columns]]
    if text_col and text_col not in base.columns:
        base[text_col] = seg["text"].to_numpy()
    base["stage"] = labels
    base["stage_confidence"] = [round(float(c), 4) for c in conf]
    out.parent.mkdir(parents=True, exist_ok=True)
    safe_frame(base).to_csv(out, index=False)
    typer.echo(f"Wrote {out} ({len(base)} rows)")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
