"""Broken inputs as people send them: every message names the file, the line (or row) and the fix, never the file's
content, and the rows that can be read are kept, the others quarantined with their reason (brief s19c)."""

import io
import json
import zipfile

import pandas as pd
import pytest

from pipeline.errors import InputError
from pipeline.ingest import read_corpus

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


def test_a_corpus_of_one_unreadable_file_says_why_in_the_error(tmp_path):
    f, _, _, message = _read(tmp_path, "reviews.json", _trailing_comma())
    assert message.endswith("Files: reviews.json: invalid JSON at line 81: a comma after the last value before ']'; "
                            "fix: remove that comma")
    _no_content(message)
