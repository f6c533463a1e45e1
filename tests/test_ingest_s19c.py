"""Broken inputs as people send them: every message names the file, the line (or row) and the fix, never the file's
content, and the rows that can be read are kept, the others quarantined with their reason (brief s19c)."""

import gc
import io
import json
import subprocess
import sys
import warnings
import zipfile

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import InputError
from pipeline.ingest import read_corpus, read_table

runner = CliRunner()

NAMES = [f"Anna Kowalska {i}" for i in range(1, 100)]
ROWS = [f"R{i:03d},{NAMES[i - 1]},The parcel arrived late again number {i}" for i in range(1, 100)]
# what no message may quote: the people and the words of the file
CONTENT = ("Kowalska", "parcel", "refund", "courier", "waited", "logs me out")


def _csv(rows: list[str]) -> bytes:
    return ("id,name,review\n" + "\n".join(rows) + "\n").encode()


def _replaced(i: int, row: str) -> list[str]:
    rows = list(ROWS)
    rows[i] = row
    return rows


def _json_items() -> list[dict]:
    return [{"id": i, "text": f"Review number {i}: the refund took weeks"} for i in range(1, 21)]


def _trailing_comma() -> bytes:
    text = json.dumps(_json_items(), indent=1)
    return (text[:text.rfind("}") + 1] + ",\n]").encode()   # the comma ends line 81, ']' is line 82


def _broken_jsonl() -> bytes:
    lines = [json.dumps(it) for it in _json_items()]
    lines[7] = lines[7][:-5]   # line 8 cut short
    return ("\n".join(lines) + "\n").encode()


def _zip_of(name: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, "not a document")
    return buf.getvalue()


def _srt() -> bytes:
    blocks = []
    for i in range(1, 11):
        timing = f"00:00:{i:02d},000 --> 00:00:{i + 1:02d},000" if i != 4 else "00:00:04.000 -> 00:0005,000"
        blocks.append(f"{i}\n{timing}\nSpeaker 1: I waited on hold for forty minutes, call {i}.\n")
    return "\n".join(blocks).encode()   # block 4 starts on line 13, its timing line is line 14


def _read(tmp_path, name: str, data: bytes):
    """``qsynth run``'s reading of a corpus folder holding the file: (files row, quarantine rows, records, message)
    where the message is the error when nothing could be read."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / name).write_bytes(data)
    try:
        res = read_corpus(folder)
    except InputError as exc:
        return None, [], None, str(exc)
    f = res.files.set_index("file").loc[name]
    return f, list(zip(_lines(res.quarantine["line"]), res.quarantine["reason"])), res.records, ""


def _lines(lines: pd.Series) -> list[int | None]:
    return [None if pd.isna(ln) else int(ln) for ln in lines]


def _no_content(*messages: str) -> None:
    for m in messages:
        assert not any(word in m for word in CONTENT), m


# --- rows that cannot be read are quarantined, the others kept ------------------------------------------------

def test_a_row_with_too_many_fields_is_quarantined_with_the_fix(tmp_path):
    """The reason had said 'row has 5 fields, the header has 3' and no fix."""
    f, q, records, _ = _read(tmp_path, "reviews.csv", _csv(_replaced(20, ROWS[20] + ",extra,field")))
    assert q == [(22, 'row has 5 fields, the header has 3; fix: put the values that hold a comma in double quotes '
                      '("…")')]
    assert (f["records_ok"], f["quarantined"]) == (98, 1) and len(records) == 98


def test_a_row_with_too_few_fields_says_what_to_write(tmp_path):
    f, q, _, _ = _read(tmp_path, "reviews.tsv", "id\tname\treview\n1\tEwa\tLate.\n2\tOnly two\n".encode())
    assert q == [(3, "row has 2 fields, the header has 3; fix: write the missing fields (a tab between each), or "
                     "join the line a line break cut from it")]


def test_a_broken_json_line_is_quarantined_with_its_line_and_the_fix(tmp_path):
    """The reason had read 'invalid JSON: Unterminated string starting at at column 19', no fix."""
    f, q, records, _ = _read(tmp_path, "reviews.jsonl", _broken_jsonl())
    assert q == [(8, "invalid JSON at line 8, column 19 (unterminated string); fix: close the text's quote (\"); a "
                     "line cut short ends without one")]
    assert len(records) == 19


def test_a_subtitle_cue_with_a_broken_timing_names_the_timing_line_and_the_fix(tmp_path):
    """The block's first line (13, the cue number) had been named, with no fix."""
    f, q, records, _ = _read(tmp_path, "call.srt", _srt())
    assert q == [(14, "subtitle block without a valid 'start --> end' timing line; fix: write it as "
                      "'00:01:02,000 --> 00:01:05,500' (hours:minutes:seconds,milliseconds)")]
    assert records["text"].str.count("I waited on hold").sum() == 9


# --- a stray NUL byte is damage, not a binary file ------------------------------------------------------------

@pytest.mark.parametrize("name,data,line", [
    ("reviews.csv", _csv(_replaced(10, ROWS[10].replace("late", "la\x00te"))), 12),
    ("reviews.jsonl", "\n".join(json.dumps(it).replace("weeks", "we\x00eks" if it["id"] == 3 else "weeks")
                                for it in _json_items()).encode(), 3),
    ("reviews.json", json.dumps(_json_items(), indent=1).replace("weeks", "we\x00eks", 1).encode(), 4),
    ("interviews/call.txt", b"Ewa: How was the delivery?\nJo: The parcel arrived la\x00te.\n", 2),
])
def test_a_stray_nul_byte_drops_no_row_and_is_named_by_its_line(tmp_path, name, data, line):
    """One NUL byte (a damaged save or export) had failed the whole file as 'binary content, not text'."""
    (tmp_path / "corpus" / "interviews").mkdir(parents=True)
    (tmp_path / "corpus" / name).write_bytes(data)
    with pytest.warns(UserWarning, match=rf"{name}: NUL byte\(s\) removed at line\(s\) {line}, .*; fix: check the"):
        res = read_corpus(tmp_path / "corpus")
    f = res.files.set_index("file").loc[name]
    assert f["status"] == "parsed" and f["quarantined"] == 0
    assert f"NUL byte(s) removed at line(s) {line}," in f["reason"]
    assert "\x00" not in "".join(res.records["text"]) and res.records["text"].str.contains("late|weeks").any()
    assert not res.records["text"].str.contains("la te|we eks").any()


# --- a file that cannot be read at all says what it is and the fix ----------------------------------------------

WHOLE_FILE = [
    ("reviews.json", _trailing_comma(), 81,
     "invalid JSON at line 81: a comma after the last value before ']'; fix: remove that comma"),
    ("reviews.xlsx", _csv(ROWS[:20]), None,
     "not an Excel workbook but text, as a CSV file renamed to .xlsx is; fix: rename it to .csv"),
    ("reviews.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), None,
     "not an Excel workbook but an older Excel file (.xls) or a password-protected one; fix: open it in Excel, remove "
     "any password and save it as .xlsx"),
    ("interview.docx", _zip_of("photos/IMG_0001.txt"), None,
     "a zip archive, but not a Word document (it holds no word/document.xml); fix: open it in Word and save it as "
     ".docx, or unpack it into the corpus folder"),
    ("interview.docx", b"Ewa: How was the parcel?\nJo: Late.\n", None,
     "not a Word document but text, as a TXT file renamed to .docx is; fix: rename it to .txt"),
    ("interview.docx", _zip_of("word/document.xml")[:40], None,
     "a damaged zip archive (a .docx file is one), as a download or copy cut short leaves; fix: copy or export it "
     "again"),
]


@pytest.mark.parametrize("name,data,line,reason", WHOLE_FILE)
def test_a_file_that_cannot_be_read_is_quarantined_with_what_it_is_and_the_fix(tmp_path, name, data, line, reason):
    """These had read 'invalid JSON: Expecting value at line 82, column 1' (the line after the comma), 'could not be
    read (BadZipFile)', 'could not be read (KeyError)'."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / name).write_bytes(data)
    (tmp_path / "corpus" / "notes.txt").write_text("Ewa: Hi?\nJo: Hello.\n", encoding="utf-8")
    res = read_corpus(tmp_path / "corpus")
    f = res.files.set_index("file").loc[name]
    assert (f["status"], f["reason"], f["quarantined"]) == ("failed", reason, 1)
    q = res.quarantine[res.quarantine["file"] == name]
    assert list(zip(_lines(q["line"]), q["reason"])) == [(line, reason)]
    if name.endswith((".json", ".xlsx")):   # `qsynth tag / cluster / stage` say the same
        with pytest.raises(InputError) as err:
            read_table(tmp_path / "corpus" / name)
        assert str(err.value) == f"{name}: {reason}"
        _no_content(str(err.value))
    _no_content(f["reason"])


def test_a_corpus_of_one_unreadable_file_says_why_in_the_error(tmp_path):
    f, _, _, message = _read(tmp_path, "reviews.json", _trailing_comma())
    assert message.endswith("Files: reviews.json: invalid JSON at line 81: a comma after the last value before ']'; "
                            "fix: remove that comma")
    _no_content(message)


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file: no header, no rows; fix: export the table again"),
    (b"\n \n", "empty file: no header, no rows; fix: export the table again"),
    (b"id,name,review\n", "a header but no rows; fix: export the table again with its rows"),
])
def test_an_empty_or_header_only_table_says_so_in_every_command(tmp_path, data, reason):
    """`qsynth stage t.csv` had said "Corpus folder 't.csv' holds no readable files (0 unsupported). Fix: add .txt/…",
    `qsynth ingest` the same of the folder, without the file or why; the empty file was left open."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "t.csv").write_bytes(data)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        staged = runner.invoke(app, ["stage", str(folder / "t.csv"), "--out", str(tmp_path / "s.csv"), "-q"])
        ingested = runner.invoke(app, ["ingest", str(folder), "--out", str(tmp_path / "i"), "-q"])
        gc.collect()
    assert staged.exit_code == ingested.exit_code == 1
    assert staged.stderr.strip() == f"Error: t.csv: {reason}"
    assert ingested.stderr.strip().endswith(f"Files: t.csv: {reason}")
    assert not [w for w in seen if issubclass(w.category, ResourceWarning)]


def test_the_summary_says_why_a_file_gave_no_record(tmp_path):
    """`qsynth run` / `qsynth ingest` had listed an empty table as 'in 0 ok 0' without why (files.csv alone said)."""
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "header.csv").write_bytes(b"id,review\n")
    (tmp_path / "notes.txt").write_text("Ewa: Hi?\nJo: Hello.\n", encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(tmp_path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    lines = {ln.split()[0]: ln for ln in res.stdout.splitlines() if ln.startswith("  ")}
    assert lines["empty.csv"].endswith("[empty file: no header, no rows; fix: export the table again]")
    assert lines["header.csv"].endswith("[a header but no rows; fix: export the table again with its rows]")
    assert lines["notes.txt"].endswith("segments      2")


def test_a_table_whose_every_row_is_quarantined_names_the_lines_and_why(tmp_path):
    """'Corpus folder … holds no readable files (0 unsupported)' had been said of a table, not why."""
    (tmp_path / "t.csv").write_bytes(b"id,review\n1,a,b\n2,c,d\n")
    res = runner.invoke(app, ["stage", str(tmp_path / "t.csv"), "--out", str(tmp_path / "s.csv"), "-q"])
    assert res.exit_code == 1
    assert res.stderr.strip() == (
        'Error: t.csv: no record could be read: line 2: row has 3 fields, the header has 2; fix: put the values that '
        'hold a comma in double quotes ("…"); line 3: row has 3 fields, the header has 2; fix: put the values that '
        'hold a comma in double quotes ("…")')


def test_a_table_command_names_the_first_unread_row_in_its_warning(tmp_path, fake_config):
    table = tmp_path / "reviews.csv"
    table.write_bytes(_csv(_replaced(20, ROWS[20] + ",extra,field")))
    res = runner.invoke(app, ["stage", str(table), "--text-col", "review", "--out", str(tmp_path / "s.csv"),
                              "--config", str(fake_config), "-q"])
    assert res.exit_code == 0, res.output
    assert res.stderr.strip() == (f"Warning: 1 row(s) could not be read, listed in {tmp_path / 's_quarantine.csv'}; "
                                  "the first: reviews.csv line 22: row has 5 fields, the header has 3; fix: put the "
                                  'values that hold a comma in double quotes ("…")')


# --- what was read right stays so ------------------------------------------------------------------------------

@pytest.mark.parametrize("name,data,n", [
    ("reviews.csv", _csv(_replaced(55, "R056,Anna Kowalska 56,\"The courier never came, no refund")), 98),
    ("reviews.tsv", ("id\tname\treview\n" + "\n".join(r.replace(",", "\t") for r in ROWS[:30]) + "\n").encode("utf-16"),
     30),
    ("opinie.csv", ("id;imię;opinia\n" + "\n".join(f"{i};Łukasz Żółw;Przesyłka dotarła uszkodzona {i}"
                                                    for i in range(30)) + "\n").encode("cp1250"), 30),
    ("call.vtt", "\n".join(f"00:00:{i:02d}.000 --> 00:00:{i + 1:02d}.000\n<v Customer>The app logs me out, try {i}.\n"
                           for i in range(1, 11)).encode(), 1),
])
def test_inputs_read_right_stay_read_right(tmp_path, name, data, n):
    """An unclosed quote in row 57, a TSV saved as UTF-16, a Windows-1250 CSV, a VTT without its WEBVTT line."""
    f, q, records, _ = _read(tmp_path, name, data)
    assert f["records_ok"] == n and f["status"] == "parsed"
    assert not records["text"].str.contains("\ufffd").any()
    if name == "reviews.csv":
        assert q[0][0] == 57 and q[0][1].startswith('a quote (") opened on this line is not closed')
    if name == "opinie.csv":
        assert records["text"].iloc[0] == "Przesyłka dotarła uszkodzona 0"
    if name == "call.vtt":
        assert records["text"].iloc[0].count("The app logs me out") == 10


# --- the CLI starts without the report package, scipy or the embedders -------------------------------------------

HEAVY = ("scipy", "sklearn", "pipeline.report", "pipeline.embed", "torch", "spacy", "jinja2")


@pytest.mark.parametrize("argv", [[], ["--help"], ["ingest", "--help"], ["tag", "--help"], ["cluster", "--help"]])
def test_the_cli_and_its_help_load_nothing_heavy(argv):
    code = ("import sys; sys.argv = ['qsynth', *sys.argv[1:]]\n"
            "import pipeline.cli\n"
            "if len(sys.argv) > 1:\n"
            "    try:\n"
            "        pipeline.cli.app()\n"
            "    except SystemExit:\n"
            "        pass\n"
            f"print(sorted({{m.split('.')[0] if not m.startswith('pipeline.') else '.'.join(m.split('.')[:2]) "
            f"for m in sys.modules}} & set({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
