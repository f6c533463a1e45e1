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


_QUIET = typer.Option(False, "--quiet", "-q", help="Print only warnings and errors: no progress bars, stage times, "
                      "config line, summary or 'Wrote …' line.")


def _say(message: str, quiet: bool, err: bool = False) -> None:
    """Print what a command did (a summary, the files it wrote, a notice) unless ``--quiet``: warnings (:func:`_warn`)
    and errors are not said here, so they always show."""
    if not quiet:
        typer.echo(message, err=err)


def _warn(message: str) -> None:
    """Print a warning on stderr as one line, ``--quiet`` or not: the CLI's own and the library's
    (:func:`_show_warning`) alike."""
    typer.echo(f"Warning: {message}", err=True)


def _fail(exc: Exception) -> None:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(1)


class _Progress:
    """One progress bar per stage, with counts and rate (rich, which Typer already depends on)."""

    def __init__(self, enabled: bool):
        self.verbose = enabled   # stage lines on any stderr, bars only on a terminal
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
        if not self.verbose:
            return
        if seconds != seconds:  # NaN: the saved result of an earlier identical run was reused
            msg = f"  ✓ {name:<11} reused (unchanged input, config and code)"
            self._p.console.print(msg) if self._p else typer.echo(msg, err=True)
            return
        if self._p:
            self._p.console.print(f"  ✓ {name:<11} {seconds:7.2f}s  {rows:>8} rows  {rows / max(seconds, 1e-9):9.0f} rows/s")
        else:
            typer.echo(f"  {name:<11} {seconds:7.2f}s  {rows:>8} rows", err=True)


def _print_summary(counts: dict, seconds: float, out: Optional[Path], quiet: bool) -> None:
    e = lambda s="": _say(s, quiet)  # noqa: E731
    e("")
    e("Input files (records in = accepted + quarantined):")
    for f in counts["files"]:
        # a file read with no record in it (an empty table, a header alone) says why, as one that failed does
        note = f"  [{f['status']}: {f['reason']}]" if f["status"] != "parsed" else (
            f"  [{f['reason']}]" if not f["records_in"] and f["reason"] else "")
        e(f"  {f['file']:<44} in {f['records_in']:>6}  ok {f['records_ok']:>6}  quarantined {f['quarantined']:>4}  segments {f['segments']:>6}{note}")
    e(f"Segments: {counts['segments']} ({counts['customer_segments']} customer)  quarantined records: {counts['quarantined']}")
    for key, title in (("by_role", "By role"), ("by_source", "By source (customer)"), ("by_lang", "By language (customer)"),
                       ("by_kind", "By kind (customer)"), ("by_stage", "By stage (customer)")):
        if counts.get(key):
            e(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counts[key].items()))
    times = ", ".join(f"{k} reused" if v.get("reused") else f"{k} {v.get('seconds', 0):.1f}s" for k, v in counts["stages"].items())
    e(f"Time per stage: {times}  (total {seconds:.1f}s)")
    if out:
        e(f"Outputs in {out}/: journey_map.html, faq.html, journey_map.md, faq.md, journey_map.csv, journey_map.xlsx, "
          "journey_map.json, segments.csv, themes.csv, subthemes.csv, emotions.csv, quarantine.csv, files.csv, run.json")


@app.command()
def run(
    corpus_dir: Path = typer.Argument(..., help="Folder with transcripts, chat/review/social exports."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML config merged over the defaults."),
    out: Path = typer.Option(Path("reports/latest"), "--out", "-o", help="Output folder."),
    strict: bool = typer.Option(False, "--strict", help="Fail if any input record is quarantined."),
    faq: Optional[Path] = typer.Option(None, "--faq", help="Your current FAQ (Markdown or CSV) to check coverage against."),
    previous: Optional[Path] = typer.Option(None, "--previous", help="Output folder of the previous round: mark themes "
                                            "new / growing / steady / shrinking and list those no longer raised."),
    executor: Optional[str] = typer.Option(None, "--executor", help="local | dask"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT."),
    quiet: bool = _QUIET,
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
        overrides.setdefault("report", {})["faq_file"] = str(faq)
    if previous:
        overrides.setdefault("report", {})["previous_run"] = str(previous)
    from pipeline.api import run_pipeline

    t0 = time.perf_counter()
    try:
        with _Progress(not quiet) as prog:
            res = run_pipeline(corpus_dir, config=config, out=out, overrides=overrides, progress=prog.factory,
                               on_stage=prog.stage_done)
    except QsynthError as exc:
        _fail(exc)
    _print_summary(res.record["counts"], time.perf_counter() - t0, out, quiet)


@app.command()
def ingest(
    corpus_dir: Path = typer.Argument(..., help="Folder with transcripts and exports."),
    out: Path = typer.Option(Path("reports/ingest"), "--out", "-o", help="Output folder."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML config."),
    strict: bool = typer.Option(False, "--strict", help="Fail if any input record is quarantined."),
    quiet: bool = _QUIET,
) -> None:
    """Read, segment and redact a corpus; write segments.csv and quarantine.csv (no models needed).

    Example: qsynth ingest corpora/sample --out reports/ingest
    """
    from pipeline.api import run_pipeline
    from pipeline.report import safe_frame

    t0 = time.perf_counter()
    try:
        with _Progress(not quiet) as prog:
            res = run_pipeline(corpus_dir, config=config, out=None, stages=["ingest", "segment", "redact"],
                               overrides={"run": {"strict": True}} if strict else None, progress=prog.factory,
                               on_stage=prog.stage_done)
    except QsynthError as exc:
        _fail(exc)
    out.mkdir(parents=True, exist_ok=True)
    safe_frame(res.segments).to_csv(out / "segments.csv", index=False)
    safe_frame(res.ctx.artifacts["quarantine"]).to_csv(out / "quarantine.csv", index=False)
    safe_frame(res.ctx.artifacts["files"]).to_csv(out / "files.csv", index=False)
    from pipeline.api import summarise

    _print_summary(summarise(res.segments, res.ctx), time.perf_counter() - t0, None, quiet)
    _say(f"Wrote {out}/segments.csv, quarantine.csv, files.csv", quiet)


def _input_frame(res, text_col: Optional[str]):
    """The input table's own columns, in file order (the text column redacted when redaction is on)."""
    import pandas as pd

    seg = res.segments
    cols = res.ctx.artifacts.get("input_columns") or {}
    table = pd.DataFrame({raw: seg[col].to_numpy() for raw, col in cols.items() if col in seg})
    if text_col:
        table[text_col] = seg["text"].to_numpy()
    return table


def _keep_input_columns(table, own: dict, text_col: Optional[str], quiet: bool):
    """Rename input columns that qsynth's output columns (``own``: name -> row values) would overwrite (a
    researcher's own ``sentiment`` or ``stage`` labels): ``sentiment`` -> ``sentiment_input``, and say so unless
    ``quiet``. Nothing is lost: an input column equal to qsynth's in every row is qsynth's own, fed back
    (``qsynth tag``'s ``line`` read by ``qsynth cluster``), and is written once.

    Example:
        >>> import pandas as pd
        >>> _keep_input_columns(pd.DataFrame({"line": ["2", "3"], "sentiment": ["bad", "ok"]}),
        ...                     {"line": [2, 3], "sentiment": ["negative", "neutral"]}, None, quiet=True).columns.tolist()
        ['line', 'sentiment_input']
    """
    import pandas as pd

    clash = [c for c in own if c in table.columns and c != text_col
             and table[c].astype(str).tolist() != pd.Series(own[c], dtype=object).astype(str).tolist()]
    if not clash:
        return table
    names = {}
    for c in clash:
        new, i = f"{c}_input", 2
        while new in table.columns or new in names.values():
            new, i = f"{c}_input{i}", i + 1
        names[c] = new
    _say("Input column(s) kept under new names, qsynth writes its own: "
         + ", ".join(f"'{c}' -> '{n}'" for c, n in names.items()), quiet, err=True)
    return table.rename(columns=names)


def _output_table(res, text_col: Optional[str], own: dict, quiet: bool):
    """OUT: the input table's columns, then ``line``, the row's line in the input (its row in a spreadsheet, the
    header being 1), by which OUT_quarantine.csv names the rows it holds, so the two join back to the input even
    when the table has no id column (a Google Forms export), then qsynth's ``own`` columns (name -> row values)."""
    own = {"line": res.segments["line"].to_numpy(), **own}
    return _keep_input_columns(_input_frame(res, text_col), own, text_col, quiet).assign(**own)


def _beside(out: Path, what: str) -> Path:
    """The file a table command writes beside OUT, named after it, so two outputs in one folder keep their own.

    Example:
        >>> _beside(Path("bi/gf.csv"), "themes").as_posix()
        'bi/gf_themes.csv'
    """
    return out.with_name(f"{out.stem}_{what}.csv")


def _write_table(table, res, out: Path) -> None:
    """Write OUT (formula cells neutralised) and, if any row could not be read, OUT_quarantine.csv."""
    from pipeline.report import safe_frame

    out.parent.mkdir(parents=True, exist_ok=True)
    safe_frame(table).to_csv(out, index=False)
    q = res.ctx.artifacts.get("quarantine")
    if q is not None and len(q):
        qpath = _beside(out, "quarantine")
        safe_frame(q).to_csv(qpath, index=False)
        _warn(f"{len(q)} row(s) could not be read, listed in {qpath}; the first: {_where(q.iloc[0])}")


def _where(row) -> str:
    """A quarantined record as a warning names it: its file, its line (or number) and why, with the fix; never its
    text (the reason holds none).

    Example:
        >>> _where({"file": "t.csv", "line": 22, "reason": "row has 5 fields, the header has 3"})
        't.csv line 22: row has 5 fields, the header has 3'
    """
    import pandas as pd

    line = f" line {int(row['line'])}" if pd.notna(row["line"]) else ""
    return f"{row['file']}{line}: {row['reason']}"


def _config_files(input_path: Path, config: Optional[Path]) -> list[Path]:
    """The config files a table command reads, in order: the ``qsynth.toml`` in the table's folder, then ``--config``."""
    from pipeline.config import corpus_config

    return list(dict.fromkeys(f for f in (corpus_config(input_path.parent), config) if f))


def _run_table(input_path: Path, text_col: Optional[str], stages: list[str], config: Optional[Path], overrides: dict,
               quiet: bool, rating_col: Optional[str] = None):
    """Run ``stages`` over one table with the config a run would read: the ``qsynth.toml`` in the table's folder
    (as ``qsynth run CORPUS`` reads CORPUS/qsynth.toml), then ``--config``; the files read are logged."""
    from pipeline.api import run_on_table

    files = _config_files(input_path, config)
    _say("Config: " + " + ".join(["defaults", *map(str, files)]), quiet, err=True)
    try:
        with _Progress(not quiet) as prog:
            return run_on_table(input_path, text_col, stages, config=files or None, overrides=overrides,
                                progress=prog.factory, rating_col=rating_col)
    except QsynthError as exc:
        _fail(exc)


_TABLE_ARG = typer.Argument(..., metavar="INPUT", help="CSV / TSV / JSON / JSONL / XLSX table.")
_TEXT_COL = typer.Option(None, "--text-col", help="Column with the text (guessed if omitted).")
_CONFIG = typer.Option(None, "--config", "-c", help="TOML config merged over the defaults and the qsynth.toml beside "
                                                    "INPUT.")


@app.command()
def tag(
    input_path: Path = _TABLE_ARG,
    text_col: Optional[str] = _TEXT_COL,
    out: Path = typer.Option(..., "--out", "-o", help="Output CSV."),
    taxonomy: str = typer.Option("cx", "--taxonomy", help="cx | goemotions"),
    rating_col: Optional[str] = typer.Option(None, "--rating-col", help="Column with a rating (stars, a score, an NPS) "
                                             "read as evidence for the sentiment (found by its name if omitted)."),
    config: Optional[Path] = _CONFIG,
    quiet: bool = _QUIET,
) -> None:
    """Tag any table with language, sentiment and emotions.

    A rating column (--rating-col, else one named rating, stars, score, nps ...) is read as evidence for the
    sentiment, on the scale its values show (up to 5, 10 or 100; [ingest] rating_scale sets it), and
    ``rating_disagrees`` marks the rows whose text and rating disagree.

    Example: qsynth tag reviews.csv --text-col body --rating-col "Your stars" --out tagged.csv --taxonomy cx
    """
    res = _run_table(input_path, text_col, ["language", "embed", "affect"], config, {"affect": {"taxonomy": taxonomy}},
                     quiet, rating_col)
    seg = res.segments
    added = ["lang", "sentiment", "sentiment_score", "emotions"] + [c for c in seg.columns if c.startswith("emo_")]
    if "rating" in seg and seg["rating"].notna().any():
        added.append("rating_disagrees")   # a star rating is evidence for the sentiment; where they disagree, say so
    table = _output_table(res, text_col, {c: seg[c].to_numpy() for c in added}, quiet)
    _write_table(table, res, out)
    _say(f"Wrote {out} ({len(table)} rows)", quiet)


def _role_overrides(input_path: Path, config: Optional[Path], role_col: Optional[str]) -> dict:
    """Config overrides that make ``role_col`` the one column ingest reads a row's role from ([ingest.chat_columns]
    role; the section's other names kept; "" for none), or none when the column is left to ingest to find."""
    if role_col is None:
        return {}
    from pipeline.config import load_config

    names = load_config(_config_files(input_path, config) or None).ingest.chat_columns
    return {"ingest": {"chat_columns": {**names, "role": [role_col] if role_col else []}}}


# Without --role-col, a column found by its name ("role") whose values mostly read as no role ("Engineer",
# "Designer": a job title) is no role column: every row is clustered.
FOUND_ROLE_UNKNOWN = 0.5


def _check_role_column(res, role_col: Optional[str], input_path: Path) -> None:
    """Stop when the table has no column ``role_col`` (names matched as ingest matches them); warn when none of its
    values reads as a role other than the customer's, so every row is clustered."""
    from pipeline.errors import InputError
    from pipeline.ingest import norm_key

    if not role_col:
        return
    cols = list(res.ctx.artifacts.get("input_columns") or {})
    if norm_key(role_col) not in {norm_key(c) for c in cols}:
        _fail(InputError(f"{input_path.name}: role column '{role_col}' not found; the file has columns {cols}. "
                          "Fix: pass one of them as --role-col."))
    if (res.segments["role"] == "customer").all():
        _warn(f"no value of column '{role_col}' reads as an agent, bot or other non-customer role, so every row is "
              "clustered. Fix: name its values in [ingest] role_values.")


def _not_customer(roles):
    """Per row, why it is not clustered: '' for a customer's row, else 'not customer: <role>'.

    Example:
        >>> _not_customer(["customer", "agent", "bot"]).tolist()
        ['', 'not customer: agent', 'not customer: bot']
    """
    import numpy as np

    roles = np.asarray(roles, dtype=object)
    return np.where(roles == "customer", "", "not customer: " + roles.astype(str))


@app.command()
def cluster(
    input_path: Path = _TABLE_ARG,
    text_col: Optional[str] = _TEXT_COL,
    out: Path = typer.Option(..., "--out", "-o", help="Output CSV; its themes go beside it, to OUT_themes.csv."),
    role_col: Optional[str] = typer.Option(None, "--role-col", help="Column telling the customer's rows from the "
                                           "agent's or bot's (one named author_type, role, sender_type ... is found "
                                           "if omitted); only customer rows are clustered."),
    config: Optional[Path] = _CONFIG,
    quiet: bool = _QUIET,
) -> None:
    """Cluster the rows of any table into named themes (theme_id -1 = unassigned); the themes, with their size
    and quotes, go to OUT_themes.csv beside OUT (clustered.csv: clustered_themes.csv).

    Only the customer's rows are clustered: where a role column (--role-col, else one ingest finds by its name)
    says a row is an agent's, a bot's or the brand's, it keeps theme_id -1 and its theme_label says so
    ('not customer: agent').

    Example: qsynth cluster tickets.csv --text-col body --role-col author_type --out clustered.csv
    """
    from pipeline.report import safe_frame
    from pipeline.stages.cluster import build_themes, theme_projection

    res = _run_table(input_path, text_col, ["language", "embed"], config,
                     _role_overrides(input_path, config, role_col), quiet)
    if role_col is None and (res.segments["role"] == "other").mean() > FOUND_ROLE_UNKNOWN:
        _warn("most values of the table's role column read as no role (a job title?), so every row is clustered. "
              "Fix: pass the column that tells the customer's rows apart as --role-col.")
        res = _run_table(input_path, text_col, ["language", "embed"], config, _role_overrides(input_path, config, ""),
                         quiet)
    _check_role_column(res, role_col, input_path)
    why_not = _not_customer(res.segments["role"])
    seg = res.segments.assign(kind=["" if w else "all" for w in why_not])  # build_themes clusters kind 'all' only
    ccfg = res.ctx.cfg.cluster
    ccfg.max_themes = max(ccfg.max_themes, len(seg) // max(ccfg.min_cluster_size, 1))  # any table: no report-size cap
    X = res.ctx.artifacts["embeddings"].astype("float32")
    proj = theme_projection(res.ctx)  # [cluster] projection, as in a run
    if proj is not None:
        rows = seg["embedded"].to_numpy(bool)  # rows left unembedded keep their zero vectors
        X[rows] = proj.transform(X[rows])
    ids, themes, sub_ids, subs = build_themes(seg, X, ["all"], ccfg, res.ctx.cfg.run.seed)
    labels = dict(zip(themes["theme_id"], themes["label"]))
    own = {"theme_id": ids, "theme_label": [w or labels.get(t, "") for t, w in zip(ids, why_not)]}
    if ccfg.subthemes:
        sub_labels = {(t, s): lab for t, s, lab in zip(subs["theme_id"], subs["subtheme"], subs["label"])}
        own.update(subtheme=sub_ids, subtheme_label=[sub_labels.get((t, s), "") for t, s in zip(ids, sub_ids)])
    table = _output_table(res, text_col, own, quiet)
    _write_table(table, res, out)
    text_of = dict(zip(seg["segment_id"], seg["text"]))
    themes = themes.assign(size=themes["theme_id"].map(table["theme_id"].value_counts()).fillna(0).astype(int),
                           quotes=[" | ".join(text_of[q] for q in qs.split(";") if q) for qs in themes["quote_ids"]])
    tpath = _beside(out, "themes")
    safe_frame(themes.drop(columns=["quote_ids", "kind"])).to_csv(tpath, index=False)
    _say(f"{len(themes)} theme(s) listed in {tpath}", quiet, err=True)
    left = res.segments.loc[why_not != "", "role"].value_counts()
    if len(left):
        _say(f"{left.sum()} row(s) not clustered, not the customer's ("
             + ", ".join(f"{r} {n}" for r, n in left.items()) + "): theme_label 'not customer: …'", quiet, err=True)
    _say(f"Wrote {out} ({len(table)} rows, {len(themes)} themes, "
         f"{int(((table['theme_id'] == -1) & (why_not == '')).sum())} unassigned, {left.sum()} not customer)", quiet)


@app.command()
def stage(
    input_path: Path = _TABLE_ARG,
    text_col: Optional[str] = _TEXT_COL,
    stages_file: str = typer.Option("default", "--stages", help="Stage model name in configs/stages/ or a TOML file."),
    out: Path = typer.Option(..., "--out", "-o", help="Output CSV."),
    config: Optional[Path] = _CONFIG,
    quiet: bool = _QUIET,
) -> None:
    """Map every row of any table to a journey stage (or 'unmapped') with a confidence.

    A table of conversations (a conversation / ticket / thread id column, and optionally a role column
    telling the customer from the agent or bot) is read as a run reads chats: each customer turn with
    the question before it and the customer's previous turn.

    Example: qsynth stage comments.csv --text-col text --stages configs/stages/ecommerce.toml --out staged.csv
    """
    from pipeline.stages.stage_map import apply_context, run_rows

    res = _run_table(input_path, text_col, ["language", "embed"], config, {"stages": {"model": stages_file}}, quiet)
    try:
        seg = run_rows(res.segments, res.ctx)
        threads = seg["thread_id"].astype(str) if "thread_id" in seg else None
        if threads is not None and threads.duplicated().any():
            # rows of one conversation are one document; without is_customer (every row of a table is
            # tagged) the context tells the customer's turns from the company's by the role column
            seg = apply_context(seg.drop(columns="is_customer").assign(doc_id=threads), res.ctx)
    except QsynthError as exc:
        _fail(exc)
    table = _output_table(res, text_col, {c: seg[c].to_numpy() for c in ("stage", "stage_confidence")}, quiet)
    _write_table(table, res, out)
    _say(f"Wrote {out} ({len(table)} rows)", quiet)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning as one line for the reader ("Warning: [report] segment_column = …"), not a source path."""
    _warn(str(message))


def main() -> None:  # pragma: no cover - console entry point
    import warnings

    warnings.showwarning = _show_warning
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
