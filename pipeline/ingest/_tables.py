"""Tabular exports (CSV / TSV / JSON / JSONL / XLSX): streaming row readers, column resolution and
the base row mapper the chat, review and social mappers build on.

Rows are read one at a time (CSV, JSONL) so memory does not grow with the file; JSON and XLSX
are parsed whole (their parsers need the whole document). Every row comes out as
``(line, values, error)``: ``values`` keyed by normalised column name, or ``error`` set when the
row cannot be read (bad JSON, wrong number of fields), which the mapper quarantines.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
import warnings
from collections import Counter, deque
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.errors import InputError
from pipeline.ingest._config import IngestConfig
from pipeline.ingest._encoding import without_nul
from pipeline.ingest._header import headerless, question_header
from pipeline.ingest._records import (FileStats, RecordBuffer, RoleMapper, clean_text, infer_scale, meta_name,
                                      infer_date_order, norm_key, normalise_rating, parse_rating,
                                      parse_timestamp)

__all__ = ["nps_group", "nps_rating", "nps_question", "Row", "CsvReader", "JsonEntry", "json_lines", "json_problem", "parse_json", "json_document", "json_rows", "iter_xlsx", "TableMapper", "detect_table_kind",
           "fields_for", "one_reader_each", "META_FIELDS"]

Row = tuple["int | None", "dict[str, str] | None", "str | None"]

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def unique_header(names: list[str]) -> list[str]:
    """A table's column names as ingest reads them (:func:`norm_key`), a repeated one numbered, a blank one by place.

    Example:
        >>> unique_header(["Review Text", "Score", "score", ""])
        ['review_text', 'score', 'score_2', 'column_4']
        >>> unique_header(["a", "a", "a_2"])
        ['a', 'a_2', 'a_2_2']
    """
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        key = norm_key(n) or f"column_{i + 1}"
        while key in seen:   # a numbered name may itself be a later column's name ("a", "a", "a_2")
            seen[key] += 1
            key = f"{key}_{seen[key]}"
        seen[key] = 1
        out.append(key)
    return out


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def nps_group(score: float) -> str:
    """The Net Promoter category of a score on 0-10: ``detractor`` (0-6), ``passive`` (7-8), ``promoter`` (9-10).

    Example:
        >>> [nps_group(s) for s in (0, 6, 7, 8, 9, 10)]
        ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']
    """
    return "detractor" if score <= 6 else "passive" if score < 9 else "promoter"


def nps_rating(score: float) -> float:
    """A Net Promoter Score (0-10) as sentiment evidence in [0, 1], by its category (:func:`nps_group`), not its
    distance from 5: a detractor (0-6) reads negative (0 to 0.25), a passive (7-8) neutral (0.5), a promoter (9-10)
    positive (0.85, 1.0). Read linearly, "Switched to Fakturownia" with a 2 had been neutral.

    Example:
        >>> [nps_rating(s) for s in (0, 6, 7, 8, 9, 10)]
        [0.0, 0.25, 0.5, 0.5, 0.85, 1.0]
    """
    s = min(max(float(score), 0.0), 10.0)
    group = nps_group(s)
    if group == "detractor":
        return round(0.25 * s / 6, 4)
    if group == "passive":
        return 0.5
    return 0.85 if s < 10 else 1.0


# The question of a Net Promoter Score, as form tools write it in the header (en / pl / ru): it asks about
# recommending and how likely, or gives the 0-10 scale ("How likely are you to recommend us to a friend or colleague?",
# "Jak bardzo prawdopodobne jest, że polecisz nas znajomemu? (0-10)", "Насколько вероятно, что вы порекомендуете нас
# друзьям?")
_RECOMMEND = re.compile(r"recommend|polec|rekomend|рекоменд|посовет", re.IGNORECASE)
_LIKELY = re.compile(r"likely|likelihood|prawdopodob|skłonn|sklonn|вероятн|\b0\s*(?:-|–|—|to|do|до)\s*10\b",
                     re.IGNORECASE)


def nps_question(header: str) -> bool:
    """True for a column name that is a Net Promoter Score's question, or names one (``nps``, ``NPS score``).

    Example:
        >>> [nps_question(h) for h in ("How likely are you to recommend us to a friend or colleague?",
        ...                            "Jak bardzo prawdopodobne jest, że polecisz nas znajomemu? (0-10)",
        ...                            "Насколько вероятно, что вы порекомендуете нас друзьям?", "nps_score",
        ...                            "What would you recommend we change?", "Rating")]
        [True, True, True, True, False, False]
    """
    return norm_key(header).startswith("nps") or bool(_RECOMMEND.search(header) and _LIKELY.search(header))


# a reviewed place's own id or score on each of its reviews (Apify's Google Maps placeId and totalScore, Outscraper's
# place_id and google_id): the rows describe the place, so a 'title' beside them is the place's name
_PLACE_COLUMNS = {"placeid", "place_id", "google_id", "totalscore"}


# a device or its operating system, with a version or not ("ios 14", "Android 13", "iPadOS 17.2", "Windows 11")
_DEVICE = re.compile(r"(?:ios|ipados|iphone|ipad|ipod|android|windows(?: phone)?|mac ?os(?: ?x)?|os ?x|linux|ubuntu|"
                     r"chrome ?os|harmony ?os|fire ?os|kaios|tvos|watchos)(?:[\s_\-]*v?\d[\w.]*)?", re.IGNORECASE)


def devices(rows: list[dict[str, str]], column: str) -> bool:
    """True when most values of ``column`` name a device or an operating system: a platform column of an app's help
    desk (Helpshift's ``Platform``), not the channel a customer wrote in.

    Example:
        >>> devices([{"p": v} for v in ("ios 14", "Android 13", "web", "")], "p")
        True
        >>> devices([{"p": v} for v in ("whatsapp", "email", "ios")], "p")
        False
    """
    values = [v for v in ((r.get(column) or "").strip() for r in rows) if v]
    return bool(values) and sum(bool(_DEVICE.fullmatch(v)) for v in values) * 2 > len(values)


def _repeats(rows: list[dict[str, str]], column: str) -> bool:
    """True when a column's values repeat: at most half of its (two or more) values in the first rows differ, as the
    name of a place does on each of its reviews and a review's own title does not.

    Example:
        >>> _repeats([{"t": "Sofino Kraków"}] * 3 + [{"t": "Sofino Gdańsk"}], "t"), _repeats([{"t": "Great"}, {"t": "Late"}], "t")
        (True, False)
    """
    vals = [v for v in ((r.get(column) or "").strip() for r in rows[:200]) if v]
    return len(vals) >= 2 and len(set(vals)) <= len(vals) / 2


def _scores(rows: list[dict[str, str]], column: str) -> bool:
    """True when most of a column's values are whole scores from 0 to 10 ("7", "10 - Extremely likely")."""
    vals = [v for v in ((r.get(column) or "").strip() for r in rows[:200]) if v]
    ok = [v for v in vals if (n := parse_rating(v)[0]) is not None and n == int(n) and 0 <= n <= 10]
    return bool(vals) and len(ok) >= 0.8 * len(vals)


def fields_problem(k: int, n: int, delimiter: str = "") -> str:
    """Why a row of ``k`` fields under a header of ``n`` is quarantined, with the fix; ``delimiter``: a CSV's
    separator ("" for a spreadsheet, whose extra cells want a column name).

    Example:
        >>> fields_problem(5, 3, ",")
        'row has 5 fields, the header has 3; fix: put the values that hold a comma in double quotes ("…")'
    """
    why = f"row has {k} fields, the header has {n}; fix: "
    if not delimiter:
        return why + "name the extra columns in the header row, or clear the cells beyond it"
    sep = {",": "a comma", ";": "a semicolon", "\t": "a tab", "|": "a '|'"}.get(delimiter, f"a '{delimiter}'")
    if k > n:
        return why + f'put the values that hold {sep} in double quotes ("…")'
    return why + f"write the missing fields ({sep} between each), or join the line a line break cut from it"


class CsvReader:
    """Stream a CSV/TSV file as ``(line, values, error)`` rows; ``header`` is known after opening, ``nul_lines``
    (the lines a NUL byte was removed from) grows as the rows are read."""

    def __init__(self, path: Path, encoding: str, delimiter: str = "auto", tsv: bool = False):
        self.path, self.encoding = path, encoding
        with open(path, "r", encoding=encoding, errors="replace", newline="") as fh:
            self.header_line, first = _first_line(fh)
            self.offset = fh.tell()
        first, self.nul_lines = without_nul(first.lstrip("\ufeff"), self.header_line)
        if delimiter == "auto":
            delimiter = "\t" if tsv else _sniff_delimiter(first)
        self.delimiter = delimiter.replace("\\t", "\t")
        try:
            raw = next(csv.reader([first], delimiter=self.delimiter)) if first.strip() else []
        except csv.Error:
            raw = first.rstrip("\r\n").split(self.delimiter)
        self.raw_header = [h.strip() for h in raw]
        self.header = unique_header(self.raw_header)

    def __iter__(self) -> Iterator[Row]:
        return self._rows()

    def _open_rows(self):
        """The file, opened after its header line (opened when the rows are read, so an unread reader holds no file)."""
        fh = open(self.path, "r", encoding=self.encoding, errors="replace", newline="")
        fh.seek(self.offset)
        return fh

    def _swallowed(self, row: list[str], lines: list[tuple[int, str]], src: "_Lines") -> bool:
        """True when a row read over several lines took in what look like later rows: a quote (")
        opened and never closed, so the reader ran on to the next quote in the file."""
        if len(lines) < 2:
            return False
        if len(row) != len(self.header):
            return True
        need = len(self.header) - 1
        if len(self.header) < 2:
            return False
        rowlike = sum(1 for _, ln in lines[1:] if ln.count(self.delimiter) >= need)
        return rowlike >= 2 or bool(rowlike and src.at_end())

    def _rows(self) -> Iterator[Row]:
        header, n = self.header, len(self.header)
        fh = self._open_rows()
        src = _Lines(fh, self.header_line + 1, self.nul_lines)
        reader = csv.reader(src, delimiter=self.delimiter)
        try:
            while True:
                src.taken = []
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    yield (src.taken[0][0] if src.taken else src.no), None, f"CSV syntax error: {exc}"
                    continue
                lines = src.taken
                start = lines[0][0]
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue   # blank line: not a record
                if len(row) > n and not any(c.strip() for c in row[n:]):
                    row = row[:n]      # trailing empty fields (a stray separator at line end)
                if self._swallowed(row, lines, src):
                    # quarantine the line with the open quote and read the lines it took in again, on their own:
                    # one broken review must not take the next ones with it
                    yield start, None, (f"a quote (\") opened on this line is not closed, so the row ran over "
                                        f"{len(lines)} lines (lines {start}-{lines[-1][0]}; the lines after it are read "
                                        "again on their own); fix the quote")
                    src.back.extendleft(reversed(lines[1:]))
                    continue
                if len(row) != n:
                    yield start, None, fields_problem(len(row), n, self.delimiter)
                    continue
                yield start, dict(zip(header, row)), None
        finally:
            fh.close()


def _first_line(fh) -> tuple[int, str]:
    """The number and text of a file's first line that is not blank (a table's header)."""
    no, line = 1, fh.readline()
    while line and not line.strip():
        no, line = no + 1, fh.readline()
    return no, line


class _Lines:
    """The file's physical lines for ``csv.reader``, numbered and without NUL bytes (their lines go to ``nul_lines``);
    ``taken`` holds those of the current row, and lines put in ``back`` are read again first."""

    def __init__(self, fh, first_line: int, nul_lines: list[int]):
        self.fh, self.no, self.nul_lines = fh, first_line - 1, nul_lines
        self.back: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.back:
            item = self.back.popleft()
        else:
            line = self.fh.readline()
            if not line:
                raise StopIteration
            self.no += 1
            line, nul = without_nul(line, self.no)
            self.nul_lines += nul
            item = (self.no, line)
        self.taken.append(item)
        return item[1]

    def at_end(self) -> bool:
        if self.back:
            return False
        pos = self.fh.tell()
        more = bool(self.fh.readline())
        self.fh.seek(pos)
        return not more


# --- JSON ----------------------------------------------------------------------------------------

_ID_KEYS = ("id", "_id", "uuid", "key")


def _scalar(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _flatten(obj: dict, prefix: str, out: dict[str, str], children: list[tuple[str, list]]) -> None:
    for k, v in obj.items():
        key = norm_key(f"{prefix}{k}") or "field"
        if isinstance(v, dict):
            _flatten(v, f"{key}_", out, children)
        elif isinstance(v, list):
            if v and all(isinstance(x, dict) for x in v):
                children.append((key, v))
            else:
                out[key] = "; ".join(_scalar(x) if not isinstance(x, (dict, list)) else json.dumps(x, ensure_ascii=False)
                                     for x in v if x is not None)
        else:
            out[key] = _scalar(v)


def _metadata_list(key: str, items: list[dict], is_record: Callable[[dict[str, str]], bool], flat: dict[str, str]) -> bool:
    """True for a list of objects that are not messages: none has a text field or a list of its own (a
    conversation's ``tags``, ``contacts``, ``teammates``). Their names, if they have any, go to ``flat[key]``;
    read as records, each had been quarantined as "empty text"."""
    fields = getattr(is_record, "fields", None)
    if fields is None or any(fields & set(map(norm_key, x)) or any(isinstance(v, list) for v in x.values()) for x in items):
        return False
    names = [_scalar(x.get(k)) for x in items for k in ("name", "title", "label") if _scalar(x.get(k)).strip()][:50]
    if names:
        flat.setdefault(key, "; ".join(dict.fromkeys(names)))
    return True


def json_api_resources(doc: object) -> list[dict] | None:
    """The primary resources of a JSON:API document (``{"data": [...], "included": [...]}``, as the App Store Connect
    API returns customer reviews) as plain objects: each resource's id and type beside its attributes, and each related
    resource ``included`` holds (a review's ``customerReviewResponses``) under the relationship's name, its id beside its
    attributes. None for any other value; the document's ``links`` and paging ``meta`` are no record.

    Example:
        >>> doc = {"data": [{"type": "customerReviews", "id": "1", "attributes": {"rating": 1, "body": "Crashes"},
        ...                  "relationships": {"response": {"data": {"type": "customerReviewResponses", "id": "r"}}}}],
        ...        "included": [{"type": "customerReviewResponses", "id": "r", "attributes": {"responseBody": "Fixed"}}]}
        >>> json_api_resources(doc)
        [{'id': '1', 'type': 'customerReviews', 'rating': 1, 'body': 'Crashes', 'response': {'id': 'r', 'responseBody': 'Fixed'}}]
    """
    data = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(data, list) or not data or not all(
            isinstance(r, dict) and "type" in r and isinstance(r.get("attributes"), dict) for r in data):
        return None
    included = {(r.get("type"), r.get("id")): r for r in doc.get("included") or [] if isinstance(r, dict)}
    out = []
    for r in data:
        obj = {"id": r.get("id"), "type": r.get("type"), **r["attributes"]}
        for name, rel in (r.get("relationships") or {}).items():
            link = rel.get("data") if isinstance(rel, dict) else None
            if isinstance(link, dict) and (res := included.get((link.get("type"), link.get("id")))):
                obj[name] = {"id": res.get("id"), **(res.get("attributes") or {})}
        out.append(obj)
    return out


def vk_extended(doc: object) -> list[dict] | None:
    """The comments (or posts) of a VK API response asked for with ``extended=1`` (``{"response": {"items": [...],
    "profiles": [...], "groups": [...]}}``), each, and each reply in its ``thread``, with its author's name as
    ``from_name``: a person's first and last name (a nickname or screen name is another name of the same person, left
    out), a community's name for a negative ``from_id``. None for any other value.

    Example:
        >>> doc = {"response": {"items": [{"id": 1, "from_id": 7, "text": "Gdzie?"}, {"id": 2, "from_id": -5, "text": "Jutro"}],
        ...        "profiles": [{"id": 7, "first_name": "Ольга", "last_name": "Ли", "nickname": "olga_li"}],
        ...        "groups": [{"id": 5, "name": "Sofino"}]}}
        >>> [x["from_name"] for x in vk_extended(doc)]
        ['Ольга Ли', 'Sofino']
    """
    body = doc.get("response", doc) if isinstance(doc, dict) else None
    if not isinstance(body, dict) or not isinstance(body.get("items"), list) or not (
            isinstance(body.get("profiles"), list) or isinstance(body.get("groups"), list)):
        return None
    names = {str(p.get("id")): " ".join(str(p.get(k) or "").strip() for k in ("first_name", "last_name")).strip()
             for p in body.get("profiles") or [] if isinstance(p, dict)}
    names.update({f"-{g.get('id')}": str(g.get("name") or "").strip() for g in body.get("groups") or [] if isinstance(g, dict)})

    def named(item: object) -> object:
        if not isinstance(item, dict):
            return item
        out = {**item}
        if (who := names.get(str(item.get("from_id")))) and not item.get("from_name"):
            out["from_name"] = who
        thread = item.get("thread")
        if isinstance(thread, dict) and isinstance(thread.get("items"), list):
            out["thread"] = {**thread, "items": [named(x) for x in thread["items"]]}
        return out

    return [named(x) for x in body["items"]]


def _numbered(rows: Iterable[dict[str, str] | str], n: int) -> Iterator[dict[str, str] | str]:
    """The rows of the ``n``-th record of a JSON document, each with its number, ``_record`` = "n" (the records' own
    ``record_no``; an error reason opens with "record n"): a JSON document has no line a user could look up, and
    ``record_index`` counts rows, not records."""
    for row in rows:
        if isinstance(row, str):
            yield f"record {n}: {row}"
        else:
            row["_record"] = str(n)
            yield row


def expand_json(obj: object, is_record: Callable[[dict[str, str]], bool],
                number: bool = False) -> Iterator[dict[str, str] | str]:
    """Flatten one JSON value into rows (nested keys joined with ``_``).

    A dict holding lists of dicts (a conversation with messages, a post with comments, a comment
    with replies) becomes its children's rows. A parent *without* text is a container: its id
    becomes the children's ``_thread`` and its other fields are inherited when a child lacks them.
    A parent *with* text is itself a record: its id becomes the children's ``_parent``. A list of objects
    without a text field (tags, contacts) is metadata: the names it holds (see :func:`_metadata_list`).
    Yields a str (an error reason) for a value that is not an object. A JSON:API document is read as its resources
    (:func:`json_api_resources`). With ``number`` (a whole document), the rows of each object of its array (or of
    the arrays a container holds) are marked with its place (:func:`_numbered`). A VK response with its authors' profiles
    is read as its items, each named (:func:`vk_extended`).

    Example:
        >>> conv = {"id": "c1", "tags": [{"type": "tag", "name": "billing"}], "parts": [{"body": "Hi"}, {"body": "Hello"}]}
        >>> list(expand_json(conv, make_is_record(IngestConfig(), "chat")))
        [{'body': 'Hi', '_thread': 'c1', 'tags': 'billing'}, {'body': 'Hello', '_thread': 'c1', 'tags': 'billing'}]
    """
    obj = json_api_resources(obj) or vk_extended(obj) or obj
    if isinstance(obj, list):
        for n, x in enumerate(obj, 1):
            yield from _numbered(expand_json(x, is_record), n) if number else expand_json(x, is_record)
        return
    if not isinstance(obj, dict):
        yield f"not a JSON object (found {type(obj).__name__})"
        return
    flat: dict[str, str] = {}
    children: list[tuple[str, list]] = []
    _flatten(obj, "", flat, children)
    children = [(key, items) for key, items in children if not _metadata_list(key, items, is_record, flat)]
    if not children:
        yield flat
        return
    own_id = next((flat[k] for k in _ID_KEYS if flat.get(k)), "")
    record = is_record(flat)
    if record:
        yield flat
    for _, items in children:
        for n, child in enumerate(items, 1):
            rows = expand_json(child, is_record)
            for row in _numbered(rows, n) if number else rows:
                if isinstance(row, str):
                    yield row
                    continue
                if record:
                    row.setdefault("_parent", own_id)
                    if flat.get("_thread"):
                        row.setdefault("_thread", flat["_thread"])
                else:
                    if own_id:
                        row.setdefault("_thread", own_id)
                    for k, v in flat.items():
                        if k not in _ID_KEYS:
                            row.setdefault(k, v)
                yield row


# one value of a JSON file: (line number or None for a whole document, the parsed value, an error or None)
JsonEntry = tuple[int | None, object, str | None]


# what fixes the JSON syntax errors people make by hand or a cut export leaves, by the parser's message
_JSON_FIXES = {
    "Expecting ',' delimiter": "add the comma missing between two values, or write a quote inside a text as \\\"",
    "Unterminated string starting at": "close the text's quote (\"); a line cut short ends without one",
    "Expecting value": "write the missing value (a text goes in double quotes)",
    "Invalid control character at": "write a line break or tab inside a text as \\n or \\t",
    "Expecting property name enclosed in double quotes": "put the key in double quotes",
}


def json_problem(exc: json.JSONDecodeError, line: int = 1) -> tuple[int, str]:
    """The line of a JSON syntax error and what is wrong there, with the fix; never the text (it may hold personal
    data). ``line``: the line ``exc``'s text starts on (a line of a JSON-lines file). A comma after the last value
    of a list or object (JSON allows none; hand edits and some exports leave one) is named on its own line.

    Example:
        >>> try:
        ...     json.loads('[\\n {"a": 1},\\n]')
        ... except json.JSONDecodeError as exc:
        ...     json_problem(exc)
        (2, "invalid JSON at line 2: a comma after the last value before ']'; fix: remove that comma")
    """
    before = exc.doc[:exc.pos].rstrip()
    if before.endswith(",") and exc.doc[exc.pos:exc.pos + 1] in ("]", "}"):
        at = line + before.count("\n")
        return at, f"invalid JSON at line {at}: a comma after the last value before '{exc.doc[exc.pos]}'; fix: remove that comma"
    at = line + exc.lineno - 1
    fix = _JSON_FIXES.get(exc.msg, "correct the JSON there, or remove the value")
    what = exc.msg.removesuffix(" at").removesuffix(" starting").lower()   # "Unterminated string starting at"
    return at, f"invalid JSON at line {at}, column {exc.colno} ({what}); fix: {fix}"


def _json_line(i: int, s: str) -> JsonEntry:
    try:
        return i, json.loads(s), None
    except json.JSONDecodeError as exc:
        return i, None, json_problem(exc, i)[1]


def json_lines(path: Path, encoding: str, nul_lines: list[int]) -> Iterator[JsonEntry]:
    """Stream a JSON-lines file, each line parsed once; a line that is not valid JSON is an error entry. NUL bytes
    are removed, their lines added to ``nul_lines``."""
    with open(path, "r", encoding=encoding, errors="replace", newline="") as fh:
        for i, line in enumerate(fh, 1):
            line, nul = without_nul(line, i)
            nul_lines += nul
            s = line.strip().lstrip("\ufeff")
            if s:
                yield _json_line(i, s)


def parse_json(text: str) -> list[JsonEntry]:
    """A .json file parsed once: ``[(None, document, None)]``, or one entry per line when the file holds
    JSON lines (many tools write them into a .json file).

    Example:
        >>> parse_json('{"a": 1}')
        [(None, {'a': 1}, None)]
        >>> [(line, value, err and err.split(";")[0]) for line, value, err in parse_json('{"a": 1}\\n{"a": 2')]
        [(1, {'a': 1}, None), (2, None, "invalid JSON at line 2, column 8 (expecting ',' delimiter)")]

    Raises:
        json.JSONDecodeError: the text is neither one JSON document nor JSON lines.
    """
    try:
        return [(None, json.loads(text), None)]
    except json.JSONDecodeError:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith(("{", "[")) for ln in lines[:5]):
            return [_json_line(i, ln) for i, ln in enumerate(text.splitlines(), 1) if ln.strip()]
        raise


def json_document(entries: list[JsonEntry]) -> object:
    """What a format detector looks at: the document, or the list of the values of JSON lines."""
    if len(entries) == 1 and entries[0][0] is None:
        return entries[0][1]
    return [value for _, value, err in entries if err is None]


def json_rows(entries: Iterable[JsonEntry], is_record: Callable[[dict[str, str]], bool]) -> Iterator[Row]:
    """The table rows of parsed JSON values (an array, an object holding arrays, or one object, per value)."""
    for line, value, err in entries:
        if err is not None:
            yield line, None, err
            continue
        for row in expand_json(value, is_record, number=line is None):
            yield (line, None, row) if isinstance(row, str) else (line, row, None)


def iter_xlsx(path: Path) -> tuple[list[str], list[str], Iterator[Row]]:
    """First worksheet of an .xlsx file: its column names (normalised, and as written) and its rows (line =
    spreadsheet row number)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header_raw: list[str] = []
    start = 0
    for start, r in enumerate(rows, 1):
        if r and any(c not in (None, "") for c in r):
            header_raw = [_scalar(c).strip() for c in r]
            break
    header = unique_header(header_raw)

    def gen() -> Iterator[Row]:
        n = len(header)
        try:
            for i, r in enumerate(rows, start + 1):
                vals = [_scalar(c) for c in (r or ())]
                if not any(v.strip() for v in vals):
                    continue
                if len(vals) > n and any(v.strip() for v in vals[n:]):
                    yield i, None, fields_problem(len(vals), n)
                    continue
                vals = (vals + [""] * n)[:n]
                yield i, dict(zip(header, vals)), None
        finally:
            wb.close()

    return header, header_raw, gen()


# --- kinds and column resolution ---------------------------------------------------------------------

_DISTINCT = {
    "chat": {"conversation_id": 2, "ticket_id": 2, "chat_id": 2, "session_id": 1, "case_id": 1, "dialog_id": 2,
             "author_type": 2, "sender_type": 2, "role": 1, "author_role": 2, "sender_role": 2, "user_type": 1,
             "agent_name": 1, "conversation": 1, "ticket": 1},
    "review": {"rating": 2, "stars": 2, "score": 1, "star_rating": 2, "review_rating": 2, "review_id": 2,
               "review_text": 2, "review_title": 2, "review": 1, "headline": 1, "ocena": 2, "оценка": 2,
               "review_date": 1, "verified": 1, "pros": 1, "cons": 1, "advantages": 1, "disadvantages": 1,
               "zalety": 1, "wady": 1, "достоинства": 1, "недостатки": 1, "текст_отзыва": 2, "id_отзыва": 2,
               "treść_opinii": 2, "tresc_opinii": 2, "ответ_продавца": 1, "developer_reply": 1, "owner_response": 1,
               "odpowiedź_sprzedawcy": 1, "seller_response": 1, "owner_answer": 1, "review_stars": 2,
               "review_content": 2, "author_title": 1, "liked": 1, "disliked": 1, "positive_review": 1,
               "negative_review": 1, "review_score": 2, "bubble_rating": 2, "property_reply": 1, "management_response": 1},
    "social": {"post_id": 2, "parent_id": 2, "comment_id": 2, "media_id": 2, "likes": 1, "like_count": 1,
               "likes_count": 1, "reply_to": 2, "in_reply_to": 2, "reply_to_comment": 2, "parent_comment_id": 2, "reactions": 1,
               "shares": 1, "post_url": 1, "retweets": 1},
}


def detect_table_kind(columns: list[str]) -> str:
    """Guess chat / review / social from distinctive column names; "table" when nothing fits."""
    cols = set(columns)
    scores = {k: sum(w for c, w in d.items() if c in cols) for k, d in _DISTINCT.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else "table"


# the id a form or survey tool gives a respondent's row (SurveyMonkey's "Respondent ID", Qualtrics' "ResponseId",
# LimeSurvey's "Response ID", Typeform's "#", which norm_key reads as "no"): the row's id in a survey and in a plain
# table alike (a bare "Respondent" may hold the person's name, a bare "Response" the answer: neither is an id)
_RESPONDENT_IDS = ("respondent_id", "response_id", "responseid", "respondentid", "no")


_DEFAULT_COLUMNS = {"chat": IngestConfig().chat_columns, "review": IngestConfig().review_columns,
                    "social": IngestConfig().social_columns, "interview": IngestConfig().interview_columns}


def with_defaults(kind: str, yours: dict[str, list[str]]) -> dict[str, list[str]]:
    """The column names of each field of a table kind: your config's first, then the defaults ("first present wins",
    so yours outrank them and the corpus's other exports keep theirs); an empty list of yours reads no column.

    Example:
        >>> yours = with_defaults("chat", {"thread_id": ["Request ID"], "role": []})
        >>> yours["thread_id"][:3], yours["role"], yours["speaker"][:2]
        (['Request ID', 'conversation_id', 'ticket_id'], [], ['author_name', 'author'])
    """
    defaults = _DEFAULT_COLUMNS[kind]
    return {f: [] if f in yours and not yours[f] else list(dict.fromkeys([*yours.get(f, ()), *defaults.get(f, ())]))
            for f in dict.fromkeys([*defaults, *yours])}


def fields_for(kind: str, cfg: IngestConfig) -> dict[str, list[str]]:
    """Candidate column names per logical field for a table kind (normalised, config text_columns first)."""
    if kind == "interview":
        base = with_defaults("interview", cfg.interview_columns)
        out = {f: [c if c.startswith("_") else norm_key(c) for c in cands] for f, cands in base.items()}
        out["text"] = [norm_key(c) for c in cfg.text_columns] + [c for c in out.get("text", []) if c not in cfg.text_columns]
        return out
    chat = with_defaults("chat", cfg.chat_columns)
    review = with_defaults("review", cfg.review_columns)
    social = with_defaults("social", cfg.social_columns)
    if kind == "chat":
        base = chat
    elif kind == "review":
        base = review
    elif kind == "social":
        base = social
    else:
        # A generic table (``qsynth tag file.csv``): the union, chat names first.
        base = {}
        for src in (chat, review, social):
            for f, cands in src.items():
                if f in ("title", "pros", "cons", "reply", "reply_date"):   # one text per row: ``qsynth tag`` writes a row's tags back
                    continue
                base.setdefault(f, [])
                base[f] = base[f] + [c for c in cands if c not in base[f]]
        base.setdefault("rating", list(review.get("rating", [])))
        base["id"] = [*_RESPONDENT_IDS, *base.get("id", [])]   # a table's row may be a respondent's, survey or not
    # Internal keys made by expand_json ("_thread", "_parent") keep their leading underscore.
    out = {f: [c if c.startswith("_") else norm_key(c) for c in cands] for f, cands in base.items()}
    out["text"] = [norm_key(c) for c in cfg.text_columns] + [c for c in out.get("text", []) if c not in cfg.text_columns]
    if kind == "survey":   # the open-ended questions are the text; a "comment" column is one of them only if named
        out["text"] = [norm_key(c) for c in cfg.survey_columns]
        # when the answers were sent: Google Forms "Timestamp" / "Sygnatura czasowa" / "Отметка времени", Typeform
        # "Submit Date (UTC)" / "Submitted At", Qualtrics "RecordedDate", SurveyMonkey "End Date", Microsoft Forms
        # "Completion time", LimeSurvey "submitdate"; else when the respondent started (Typeform "Start Date (UTC)",
        # SurveyMonkey "Start Date", Microsoft Forms "Start time")
        out["timestamp"] = out.get("timestamp", []) + [
            "sygnatura_czasowa", "znacznik_czasu", "отметка_времени", "submit_date_utc", "submit_date", "submitted",
            "submitted_at", "submission_date", "recordeddate", "recorded_date", "enddate", "end_date", "end_date_utc",
            "completed_at", "completion_time", "submitdate", "start_date_utc", "start_date", "startdate", "start_time"]
    return out


# fields read only as metadata (``meta_<field>``): the reviewed place of a multi-location business, the author's own id
# on the platform and that of the person a reply answers (a person's id, as redaction reads ``meta_author_id`` and
# ``meta_reply_to_author_id``)
META_FIELDS = ("place", "author_id", "reply_to_author_id")
# an id written as a path, no name of a place: "accounts/1/locations/2/reviews/3"
_RESOURCE_PATH = re.compile(r"\S*\w/\S*\d\S*")


def one_reader_each(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The present columns of each field (:func:`fields_for` order), a column two fields list read by one of them.

    A column two fields could read goes to the one with no other column present: beside Outscraper's reviewer
    ``author_title``, ``name`` is the reviewed place; beside ``author_type``, ``from`` is the author's name. A field of
    :data:`META_FIELDS` takes only a column no other field reads: ``name`` alone is the reviewer, ``title`` alone the
    review's title (unless its values repeat: :class:`TableMapper` reads them). A field whose every column is shared keeps them ("from" alone is both role and author).

    Example:
        >>> one_reader_each({"speaker": ["author_title", "name"], "place": ["name"]})
        {'speaker': ['author_title'], 'place': ['name']}
        >>> one_reader_each({"speaker": ["name"], "title": ["title"], "place": ["name", "title"]})
        {'speaker': ['name'], 'title': ['title'], 'place': []}
    """
    readers = Counter(c for cs in fields.values() for c in dict.fromkeys(cs))
    out = {f: [c for c in cs if readers[c] == 1] or list(cs) for f, cs in fields.items()}
    for f in META_FIELDS:
        if f in out:
            out[f] = [c for c in out[f] if not any(c in cs for g, cs in out.items() if g != f)]
    return out


def survey_columns_in(columns: list[str], cfg: IngestConfig) -> list[str]:
    """The configured survey question columns this table has (normalised names)."""
    present = set(columns)
    return [c for c in (norm_key(q) for q in cfg.survey_columns) if c in present]


class TableMapper:
    """Turns rows of one table into records. Subclasses set ``kind`` and implement :meth:`map_row`.

    Args:
        cfg: The ingest config.
        buf: Where records / quarantine rows go.
        stats: The file's row in the ``files`` table.
        columns: Normalised column names of the file (the union of keys for JSON).
        text_col: Force this column as the text (``read_table``); None resolves it from config.
    """

    kind = "table"

    def __init__(self, cfg: IngestConfig, buf: RecordBuffer, stats: FileStats, columns: list[str],
                 raw_columns: list[str] | None = None, text_col: str | None = None,
                 sample_rows: list[dict[str, str]] | None = None, kind: str | None = None):
        if kind:
            self.kind = kind
        self.cfg = cfg
        self.buf = buf
        self.stats = stats
        self.roles = RoleMapper(cfg)
        cands = fields_for(self.kind, cfg)
        present = set(columns)
        raw = list(raw_columns) if raw_columns and len(raw_columns) == len(columns) else list(columns)  # as written
        # a CSV without a header row: its first record is no list of columns to print (a name, an e-mail, a phone);
        # asked only for an error message
        no_header = (lambda: headerless(raw)) if raw_columns is not None else (lambda: None)
        if text_col is not None:
            key = norm_key(text_col)
            if key not in present:
                if why := no_header():
                    raise InputError(f"{stats.file}: text column '{text_col}' not found: {why}. Fix: add a "
                                     "header row that names the columns.")
                raise InputError(
                    f"{stats.file}: text column '{text_col}' not found; the file has columns "
                    f"{raw}. Fix: pass one of them as the text column.")
            cands["text"] = [key]
        self.fields = one_reader_each({f: [c for c in cs if c in present] for f, cs in cands.items()})
        if "reply" in cands and not self.fields.get("reply"):   # a name no list knows: ZnanyLekarz's clinic_reply
            taken = {c for cs in self.fields.values() for c in cs}
            self.fields["reply"] = [c for c, h in zip(columns, raw) if c not in taken and reply_column(h)][:1]
        for f in META_FIELDS:   # a resource path (Google Business Profile's 'name': "accounts/1/locations/2/reviews/3")
            self.fields[f] = [c for c in self.fields.get(f, []) if not any(
                _RESOURCE_PATH.fullmatch(r.get(c) or "") for r in (sample_rows or [])[:50])]
            # a title beside the place's id or score, or one that repeats over the rows, is no review's own but what
            # they review: Apify's Google Maps reviews (which have no title) give the place's name as 'title' on each
            # review, beside its placeId, also when a place has one review (the reviewer is 'name')
            named = [c for c in self.fields.get("title", []) if c in cands.get(f, ())
                     and (_PLACE_COLUMNS & present or _repeats(sample_rows or [], c))]
            if named and not self.fields[f]:
                self.fields[f] = named[:1]
                self.fields["title"] = [c for c in self.fields["title"] if c != named[0]]
        if sample_rows and (device := [c for c in self.fields.get("channel", []) if devices(sample_rows, c)]):
            # Helpshift's Platform "ios 14": the customer's phone, not the way they wrote in; kept as metadata
            self.fields["channel"] = [c for c in self.fields["channel"] if c not in device]
            listed = ", ".join(f"'{raw[columns.index(c)]}'" for c in device)
            stats.note(f"column(s) {listed} name devices or operating systems, not a channel: kept as metadata")
        if not any(self.fields.get(f) for f in ("text", "pros", "cons")) and (why := no_header()):
            raise InputError(f"{stats.file}: no text column found: {why}. Fix: add a header row that names the "
                             "columns, the text column as 'text' (or set [ingest] text_columns to its name).")
        pair = pros_cons_pair(columns) if not any(self.fields.get(f) for f in ("text", "pros", "cons")) else None
        if pair and self.kind == "review":   # what was liked and what was not: both are the review's text
            self.fields["pros"], self.fields["cons"] = [pair[0]], [pair[1]]
        if not any(self.fields.get(f) for f in ("text", "pros", "cons")):   # a review of pros and cons has text
            if pair:
                pros, cons = (raw[columns.index(c)] for c in pair)
                raise InputError(
                    f"{stats.file}: no text column found among {raw}; '{pros}' and '{cons}' look like what a reviewer "
                    f"liked and disliked. Fix: put the file in a reviews/ folder and set [ingest.review_columns] "
                    f"pros = [\"{pros}\"] and cons = [\"{cons}\"] in your config (qsynth.toml in the corpus folder) to "
                    "read both.")
            questions = _guess_survey_columns(columns, raw, sample_rows or [])
            # one open question beside a score (an NPS export's "why?") is a survey too: text_columns would lose
            # its question and NPS group
            scored = any(h.strip() not in questions and _scores(sample_rows or [], c) and (
                c in self.fields.get("rating", ()) or nps_question(h) or question_header(h)) for c, h in zip(columns, raw))
            if len(questions) >= 2 or (questions and scored):
                listed = ", ".join(f'"{q}"' for q in questions)
                raise InputError(
                    f"{stats.file}: no text column found among {raw}; it looks like a survey with open question(s) "
                    f"({listed}). Set [ingest] survey_columns = [{listed}] in your config (qsynth.toml in the "
                    "corpus folder) to read each answer, or text_columns = [\"...\"] for one text column.")
            hint = raw[columns.index(_guess_text_column(columns, sample_rows or []))]
            raise InputError(
                f"{stats.file}: no text column found among {raw}. "
                f"Set [ingest] text_columns = [\"{hint}\"] in your config (qsynth.toml in the corpus folder), "
                f"or name it with --text-col in qsynth tag / cluster / stage.")
        if "rating" in cands:   # a Net Promoter question is the rating, whatever its header's other words
            nps = [c for c, h in zip(columns, raw) if nps_question(h) and _scores(sample_rows or [], c)]
            self.fields["rating"] = nps[:1] + [c for c in self.fields.get("rating", []) if c not in nps[:1]]
        self.primary = {cs[0] for cs in self.fields.values() if cs}
        if "rating" in cands and sample_rows:
            # a score beside the one read as the rating (a sub-score, a header no list knows) is only metadata: say so
            loose = [h for c, h in zip(columns, raw) if c not in self.primary and _RATING_WORD.search(c)
                     and _scores(sample_rows, c)]
            if loose:
                listed = ", ".join(f"'{h}'" for h in loose)
                stats.note(f"column(s) {listed} look like a rating and are kept as metadata only; set [ingest."
                           f"review_columns] rating = [\"{loose[0]}\"] (qsynth tag: --rating-col) to read one as the "
                           "rating")
        if self.kind != "survey" and sample_rows:
            # open questions beside the text column would be metadata, out of the analysis: say so
            rest = [(c, h) for c, h in zip(columns, raw) if c not in self.primary]
            asked = _guess_survey_columns([c for c, _ in rest], [h for _, h in rest], sample_rows)
            if asked:
                listed = ", ".join(f'"{q}"' for q in asked)
                note = (f"column(s) {listed} look like open survey questions and are kept as metadata only; "
                        f"set [ingest] survey_columns to read each answer")
                stats.note(note)
        self._meta_names: dict[str, str] = {}
        self.turns: dict[str, int] = {}
        self._role_cache: dict[tuple[str, str, str], tuple[str, bool]] = {}
        self._unknown_roles: Counter[str] = Counter()   # role-column values no list knows -> rows (role 'other')
        self.scale: tuple[float, float] | None = None
        self.nps = False
        if cfg.rating_scale:
            lo = cfg.rating_min if cfg.rating_min >= 0 else (0 if cfg.rating_scale >= 100 else 1)
            self.scale = (float(lo), float(cfg.rating_scale))
        elif any(nps_question(dict(zip(columns, raw)).get(c, c)) for c in self.fields.get("rating", [])[:1]):
            self.scale = (0.0, 10.0)   # Net Promoter Score: 0-10, whatever the first rows hold
            self.nps = True
        self.record_index = 0
        self._columns = list(columns)
        self._raw_columns = raw
        self.date_order: str | None = None if cfg.date_order == "auto" else cfg.date_order   # "": undecided
        self._dates_either = False
        self._fix_date_order(sample_rows or [], final=False)

    def _fix_date_order(self, rows: list[dict[str, str]], final: bool) -> None:
        """Decide from ``rows`` whether ``a/b/yyyy`` dates are day- or month-first (``[ingest] date_order``).
        ``final``: no later rows will be looked at, so an undecided column keeps the default reading
        (day-first, month-first with AM/PM), and ``files.csv`` says so when its dates could be either."""
        if self.date_order is not None or not self.fields.get("timestamp"):
            return
        order = infer_date_order(self.get(r, "timestamp") for r in rows)
        self._dates_either |= order == "either"
        if order in ("day-first", "month-first"):
            self.date_order = order
        elif final:
            self.date_order = ""
            if self._dates_either:
                note = ("dates like 03/04/2026 were read day-first, and month-first with AM/PM (no date in the file "
                        "shows the order); set [ingest] date_order = \"month-first\" or \"day-first\" to choose")
                self.stats.note(note)

    def keep_all_columns(self) -> dict[str, str]:
        """Emit every input column (recognised ones too) as ``meta_*`` with its raw value.

        Returns:
            Input column name as in the file -> record column that holds its value.
        """
        self.primary = set()
        self._keep_raw = True
        out = {}
        for norm, raw in zip(self._columns, self._raw_columns):
            out[raw] = meta_name(norm, self.cfg)
        return out

    # helpers
    def get(self, row: dict[str, str], field: str) -> str:
        for c in self.fields.get(field, ()):
            v = row.get(c)
            if v:
                v = v.strip()
                if v:
                    return v
        return ""

    def meta(self, row: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        names = self._meta_names
        for k, v in row.items():
            if k in self.primary or k.startswith("_"):
                continue
            name = names.get(k)
            if name is None:
                name = names[k] = meta_name(k, self.cfg)
            out[name] = (v if getattr(self, "_keep_raw", False) else clean_text(v)) if v else ""
        for f in META_FIELDS:   # under the field's name, whatever the column's: a place is meta_place
            if self.fields.get(f):
                out[f"meta_{f}"] = clean_text(self.get(row, f))
        return out

    def timestamp(self, row: dict[str, str], meta: dict[str, str], field: str = "timestamp") -> str:
        """The row's date of ``field`` (``timestamp``, or a review's ``reply_date``) in ISO 8601, read in the file's
        date order; "" when it has none. An unreadable one is kept in ``meta`` under its column's name."""
        raw = self.get(row, field)
        if not raw:
            return ""
        if self.date_order is None:
            self._fix_date_order([row], final=True)
        ts = parse_timestamp(raw, self.date_order or "")
        if not ts:
            col = self.fields[field][0]
            meta[meta_name(col, self.cfg)] = raw   # unreadable: keep it as metadata, never lose it
        return ts

    def _on_scale(self, raw: str) -> float:
        """A rating as written, on [0, 1] of the file's scale; NaN when there is none or it is off the scale."""
        if not raw:
            return math.nan
        value, scale = parse_rating(raw)
        lo, hi = self.scale or (1.0, 5.0)
        return normalise_rating(value, scale, lo, hi)

    def rating(self, raw: str) -> float:
        r = self._on_scale(raw)
        return nps_rating(r * 10) if self.nps and not math.isnan(r) else r

    def nps_group(self, raw: str) -> str:
        """The Net Promoter category of a rating as written (:func:`nps_group`); "" when the rating column is no
        NPS or the value is unreadable."""
        r = self._on_scale(raw)
        return nps_group(r * 10) if self.nps and not math.isnan(r) else ""

    def role(self, speaker: str, role_value: str, found: str = "") -> str:
        """The role of one author, in the order of :meth:`RoleMapper.decide`: a recognised value of the role column
        (``sender_type = client``) is the export's word; one it does not recognise makes the author ``other``
        when nothing else decides. ``found``: what the row's metadata says (a VK community is the brand).

        Example:
            >>> from pipeline.ingest._records import FileStats, RecordBuffer
            >>> cfg = IngestConfig(agent_names=["Марина"])
            >>> chat = TableMapper(cfg, RecordBuffer(cfg), FileStats("c.csv", "csv"), ["text"], kind="chat")
            >>> [chat.role("Марина", v) for v in ("client", "", "???")] + [chat.role("Ola", "???")]
            ['customer', 'agent', 'agent', 'other']
            >>> TableMapper(cfg, RecordBuffer(cfg), FileStats("r.csv", "csv"), ["text"], kind="review").role("Марина", "")
            'customer'
        """
        key = (speaker, role_value, found)
        hit = self._role_cache.get(key)
        if hit is None:
            if len(self._role_cache) > 20000:   # bounded: exports can have 100k distinct customers
                self._role_cache.clear()
            column = role_value and role_value != speaker   # "from" can be both the author's name and the role column
            given = (self.roles.from_value(role_value) or "") if column else ""
            unknown = bool(column and not given)
            r = self.roles.decide(speaker, self.kind, given=given, found=found,
                                  default="other" if unknown else "customer")
            hit = self._role_cache[key] = (r, unknown and r == "other")
        if hit[1]:
            self._unknown_roles[role_value] += 1
        return hit[0]

    def finish(self) -> None:
        """Say, in ``files.csv`` and as a warning, which values of the role column no list knows: their rows are
        role ``other``, kept but counted nowhere (a portal's ``sender_role = patient`` had lost every patient)."""
        if not self._unknown_roles:
            return
        col = self.fields["role"][0]
        note = unknown_roles_note(self._raw_columns[self._columns.index(col)], self._unknown_roles)
        self.stats.note(note)
        warnings.warn(f"{self.stats.file}: {note}", UserWarning, stacklevel=2)

    def next_turn(self, thread: str) -> int:
        t = self.turns.get(thread, 0)
        self.turns[thread] = t + 1
        return t

    # driving
    def process(self, rows: list[Row]) -> None:
        """Map a chunk of rows (the first chunk also fixes the rating scale)."""
        if self.scale is None and "rating" in self.fields and self.fields["rating"]:
            vals = []
            for _, row, _ in rows:
                if row is not None:
                    v, s = parse_rating(self.get(row, "rating"))
                    if v is not None and s is None:
                        vals.append(v)
            lo, hi = infer_scale(vals)
            if self.cfg.rating_min >= 0:
                lo = float(self.cfg.rating_min)
            self.scale = (lo, hi)
        if self.date_order is None:
            self._fix_date_order([row for _, row, _ in rows if row is not None], final=True)
        try:
            for line, row, err in rows:
                idx = self.record_index
                self.record_index += 1
                # what its records and quarantine rows say of it: its own id, and its number in a JSON document (it has
                # no line)
                self.buf.row_id, self.buf.row_no = (self.get(row, "id"), int(row.get("_record") or 0)) if row else ("", 0)
                if err is not None or row is None:
                    self.buf.reject(self.stats, line, idx, err or "unreadable row")
                    continue
                self.map_row(row, line, idx)
        finally:
            self.buf.row_id, self.buf.row_no = "", 0

    def map_row(self, row: dict[str, str], line: int | None, idx: int) -> None:
        """Generic table row (``read_table``)."""
        meta = self.meta(row)
        speaker = self.get(row, "speaker")
        thread = self.get(row, "thread_id")
        rid = self.get(row, "id") or str(idx)
        doc_id = f"table:{self.stats.file}:{rid}"
        raw_rating = self.get(row, "rating")
        self.buf.add(
            self.stats, doc_id=doc_id, source_type="table", line=line, record_index=idx,
            turn_index=self.next_turn(thread) if thread else 0, text=clean_text(self.get(row, "text")),
            thread_id=thread or rid, parent_id=self.get(row, "parent_id"), speaker=speaker,
            role=self.role(speaker, self.get(row, "role")), timestamp=self.timestamp(row, meta),
            channel=self.get(row, "channel"), rating=self.rating(raw_rating), rating_raw=raw_rating, meta=meta)


# words of a column's name that say it holds the company's answer, first or last ("clinic_reply", "developerResponse",
# "Odpowiedź firmy", "Ответ продавца"), and words that say it holds something of the answer but its text
_REPLY_WORDS = frozenset({"reply", "replies", "response", "responses", "odpowiedź", "odpowiedz", "odpowiedzi", "ответ"})
_NOT_TEXT_WORDS = frozenset({"date", "datetime", "time", "timestamp", "at", "on", "data", "czas", "дата", "время",
                             "id", "count", "rate", "number", "status", "type", "millis", "epoch", "utc", "length",
                             # who wrote or received it, where it is, what language: no reply's words
                             "author", "by", "name", "email", "mail", "url", "link", "language", "lang", "from",
                             "customer", "client", "user", "reviewer", "klient", "klienta", "клиент", "клиента"})


def reply_column(header: str) -> bool:
    """True for a review export's column, by its header as written, that holds the company's public reply: its first
    or last word says reply (any case, camelCase too) and none says a date, a count or an id.

    Example:
        >>> [reply_column(h) for h in ("clinic_reply", "developerResponse", "Odpowiedź firmy", "Ответ продавца")]
        [True, True, True, True]
        >>> [reply_column(h) for h in ("reply_date", "responseTime", "reply_count", "replied", "text")]
        [False, False, False, False, False]
        >>> [reply_column(h) for h in ("reply_author", "reply_email", "response_url", "customer_response")]
        [False, False, False, False]
    """
    words = norm_key(re.sub(r"(?<=[^\W\d_])(?=[A-ZА-ЯЁ][a-zа-яё])", "_", header)).split("_")
    return bool({words[0], words[-1]} & _REPLY_WORDS) and not set(words) & _NOT_TEXT_WORDS


def unknown_roles_note(column: str, counts: Counter[str]) -> str:
    """What to say of a role column's values that no ``[ingest] role_values`` list knows (the 5 most frequent, with
    their rows), and the fix.

    Example:
        >>> print(unknown_roles_note("sender_role", Counter({"resident": 19, "note": 2})))  # doctest: +NORMALIZE_WHITESPACE
        column 'sender_role': value(s) 'resident' (19 rows), 'note' (2 rows) name no role qsynth knows, so those 21 rows
        are role 'other': kept, counted nowhere. Fix: name each under its role in [ingest.role_values] in your config
        (qsynth.toml in the corpus folder), e.g. customer = ["resident"] or agent = ["…"]; they add to the values
        qsynth knows
    """
    shown = Counter({v: n for v, n in counts.items() if _role_like(v)})
    top = shown.most_common(5)
    hidden = len(counts) - len(shown)
    listed = "value(s) " + ", ".join(f"'{v}' ({n} row{'s' if n > 1 else ''})" for v, n in top) + (
        " …" if len(shown) > 5 else "") if top else ""
    listed = " and ".join(x for x in (listed, f"{hidden} value(s) that may name a person or contact (not shown)"
                                      if hidden else "") if x)
    example = top[0][0] if top else "…"
    return (f"column '{column}': {listed} name no role qsynth knows, so those {sum(counts.values())} rows are "
            f"role 'other': kept, counted nowhere. Fix: name each under its role in [ingest.role_values] in your config "
            f"(qsynth.toml in the corpus folder), e.g. customer = [\"{example}\"] or agent = [\"…\"]; they add "
            "to the values qsynth knows")


def _role_like(value: str) -> bool:
    """Whether a role column's value may be printed: up to three everyday words with no digit, "@" or known first
    name, as a role is ("resident", "Field engineer"); an address, a name or a surname ("Nowak", "J. Nowak") stays out
    of warnings and files.csv.

    Example:
        >>> [_role_like(v) for v in ("resident", "Field engineer", "anna.kowalska@gmail.com", "Anna Nowak", "agent 7",
        ...                          "Nowak", "J. Nowak")]
        [True, True, False, False, False, False, False]
    """
    from pipeline.redact import LANGS, everyday_word, first_name   # not at import time: redaction reads ingest's labels

    words = [w.strip(".,") for w in value.split()]
    return (0 < len(words) <= 3 and len(value) <= 30 and not re.search(r"[\d@/:]", value)
            and not any(first_name(w, lang) for w in words for lang in LANGS)
            and all(len(w) > 1 and any(everyday_word(w, lang) for lang in LANGS) for w in words))


# words of a column name that say it holds a rating
_RATING_WORD = re.compile(r"(?:^|_)(?:rating|ratings|score|scores|stars|bubbles?|grade|ocena|oceny|gwiazdki|оценка|"
                          r"рейтинг|балл|баллы|звезды|звёзды)(?:_|$)")
# a column name and its negation: "liked" / "disliked", "positive_review" / "negative_review", "co_się_podobało" /
# "co_się_nie_podobało", "понравилось" / "не_понравилось"
_NEGATION_WORDS = frozenset({"not", "no", "nie", "не", "нет"})
_OPPOSITES = (("positive", "negative"), ("pozytywn", "negatywn"), ("положительн", "отрицательн"), ("good", "bad"),
              ("plus", "minus"))


def _negates(pos: str, neg: str) -> bool:
    """True when word ``neg`` says the opposite of word ``pos``."""
    return (neg in (f"dis{pos}", f"un{pos}") or
            any(pos.startswith(a) and neg == b + pos[len(a):] for a, b in _OPPOSITES))


def pros_cons_pair(columns: list[str]) -> tuple[str, str] | None:
    """Two columns (normalised names) of which one is the other negated: what a reviewer liked and what they did not.

    Example:
        >>> pros_cons_pair(["review_title", "liked", "disliked"]), pros_cons_pair(["co_się_podobało", "co_się_nie_podobało"])
        (('liked', 'disliked'), ('co_się_podobało', 'co_się_nie_podobało'))
        >>> pros_cons_pair(["понравилось", "не_понравилось"]), pros_cons_pair(["review_title", "review_date"])
        (('понравилось', 'не_понравилось'), None)
    """
    for a in columns:
        wa = a.split("_")
        for b in columns:
            wb = b.split("_")
            if len(wb) == len(wa) + 1:
                k = next((i for i, (x, y) in enumerate(zip(wa, wb)) if x != y), len(wa))
                if wb[k] in _NEGATION_WORDS and wb[k + 1:] == wa[k:]:
                    return a, b
            elif len(wb) == len(wa) and a != b:
                diff = [(x, y) for x, y in zip(wa, wb) if x != y]
                if len(diff) == 1 and _negates(*diff[0]):
                    return a, b
    return None


_WORD = re.compile(r"[^\W\d_]{2,}")


def _guess_text_column(columns: list[str], rows: list[dict[str, str]]) -> str:
    """The column that looks most like free text: many words that rarely repeat (a form's "Timestamp",
    "2026/03/06 1:00:00 PM GMT+1", is long and never repeats, but has two words).

    Example:
        >>> _guess_text_column(["ts", "q"], [{"ts": f"2026/03/0{i} 1:00:00 PM GMT+1", "q": a} for i, a in
        ...                    enumerate(["Late.", "Too slow to load", "Nothing", "The app crashed"], 1)])
        'q'
    """
    if not rows or not columns:
        return columns[-1] if columns else "text"
    best, best_score = columns[-1], -1.0
    for c in columns:
        vals = [(r.get(c, "") or "").strip() for r in rows[:200]]
        avg = sum(len(_WORD.findall(v)) for v in vals) / max(1, len(vals))
        distinct = len(set(vals)) / max(1, len(vals))
        if avg * distinct > best_score:
            best, best_score = c, avg * distinct
    return best


_MAX_CHOICES = 30   # more different answers than a closed question offers: an open one


def _guess_survey_columns(columns: list[str], raw: list[str], rows: list[dict[str, str]]) -> list[str]:
    """Headers (as written) of the columns that look like open survey questions: the header asks ("?")
    and the answers are words, not numbers or a few repeated choices (half of them differ, or more than a
    choice question offers: "Co powinniśmy poprawić?" had 62 different answers among 141, suggestions repeat). A
    filler ("n/a", "-", "нет": :func:`pipeline.ingest._survey.says_nothing`) counts as no answer: an "Anything else?"
    column is full of them.

    Example:
        >>> rows = [{"q": a} for a in ("n/a", "-", "Add a white colour.", "n/a", "Great sofa!", "-", "Raty 0%, proszę.")]
        >>> _guess_survey_columns(["q"], ["Anything else you'd like to tell us?"], rows)
        ["Anything else you'd like to tell us?"]
    """
    out = []
    from pipeline.ingest._survey import says_nothing   # not at import: _survey reads tables

    for c, header in zip(columns, raw):
        vals = [(r.get(c, "") or "").strip() for r in rows[:200]]
        vals = [v for v in vals if not says_nothing(v)]   # "n/a", "-", "нет" fill any question, open or closed
        if not header.strip().endswith("?") or not vals:
            continue
        wordy = sum(1 for v in vals if re.search(r"[^\W\d_]{3}", v)) / len(vals)
        if wordy >= 0.8 and (len(set(vals)) / len(vals) >= 0.5 or len(set(vals)) > _MAX_CHOICES):
            out.append(header.strip())
    return out


def make_is_record(cfg: IngestConfig, kind: str) -> Callable[[dict[str, str]], bool]:
    """Predicate for :func:`expand_json`: does a flattened object carry text of its own?"""
    fields = fields_for(kind, cfg)
    cands = fields["text"] + fields.get("pros", []) + fields.get("cons", [])   # a review of only pros is one too

    def is_record(flat: dict[str, str]) -> bool:
        return any((flat.get(c) or "").strip() for c in cands)

    is_record.fields = frozenset(cands)   # type: ignore[attr-defined]   # what a message-shaped object has
    return is_record
