"""A researcher's participant sheet (``[ingest] file_metadata``): metadata for whole files.

Interview recordings' subtitles (.vtt, .srt) and Word transcripts have no front matter, yet the
researcher keeps a sheet of who each participant is: ``file,segment,persona,date``. Every record of
a file listed there gets the sheet's other columns as ``meta_<column>`` (where the record has none of
its own), so the per-segment map and the filters see those interviews too. The sheet's date (a column
``date``, ``interview_date``, ``recorded`` … as front matter names it) is also the ``timestamp`` of every
record that has none, as a front-matter date is: quotes of .txt, .vtt and .docx interviews carry it. A column
``interviewer`` (``moderator``, ``researcher``) or ``agent`` (``operator``) names a transcript's interviewer or agent
as its front matter would ("Speaker 2"), for transcripts that cannot carry front matter.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest._config import IngestConfig
from pipeline.ingest._header import headerless
from pipeline.ingest._paths import PEOPLE_KEYS
from pipeline.ingest._records import (AGENT_KEYS, DATE_KEYS, INTERVIEWER_KEYS, infer_date_order, meta_name, norm_key,
                                      parse_timestamp)

__all__ = ["FILE_KEYS", "FileMetadata"]

# the names of a participant sheet's column of file names
FILE_KEYS = ("file", "filename", "file_name", "plik", "файл")


class FileMetadata:
    """The sheet named by ``[ingest] file_metadata``, looked up by a file's path in the corpus or its name.

    Args:
        spec: The setting: a path, absolute or relative to the corpus folder (else to the working folder).
        corpus: The corpus folder (or file).
        cfg: The ``[ingest]`` section (``meta_rename`` applies to the sheet's columns too).

    Raises:
        InputError: The sheet is missing, unreadable or has no ``file`` column.
    """

    def __init__(self, spec: str, corpus: Path, cfg: IngestConfig):
        self.path: Path | None = None
        self._rows: dict[str, dict[str, str]] = {}
        self._people: dict[str, list[str]] = {}
        self._roles: dict[str, dict[str, str]] = {}
        self._used: set[str] = set()
        self._row_numbers: dict[str, int] = {}
        if not spec:
            return
        root = corpus if corpus.is_dir() else corpus.parent
        path = Path(spec)
        if not path.is_absolute() and (root / path).exists():
            path = root / path
        if not path.is_file():
            raise InputError(f"[ingest] file_metadata = '{spec}' not found (looked in '{root}' and the working folder). "
                             "Fix: give the path of a CSV with a 'file' column, relative to the corpus folder.")
        try:
            sheet = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding="utf-8-sig")
        except (pd.errors.ParserError, UnicodeDecodeError, OSError, ValueError) as exc:
            raise InputError(f"[ingest] file_metadata '{path}' cannot be read ({type(exc).__name__}). "
                             "Fix: save it as a UTF-8 CSV with a header row.") from None
        cols = {c.strip().lower(): c for c in sheet.columns}
        key = next((cols[k] for k in FILE_KEYS if k in cols), None)
        if key is None:
            if no_header := headerless([str(c) for c in sheet.columns]):   # its first row is a participant's
                raise InputError(f"[ingest] file_metadata '{path}' has no 'file' column: {no_header}. Fix: add a header "
                                 "row: 'file' for the column of each transcript's file name, then the other columns' names.")
            raise InputError(f"[ingest] file_metadata '{path}' has no 'file' column (columns: {list(sheet.columns)}). "
                             "Fix: name the column that holds each transcript's file name 'file'.")
        self.path = path.resolve()
        other = [c for c in sheet.columns if c != key and c.strip()]
        dates = sorted((c for c in other if norm_key(c) in DATE_KEYS), key=lambda c: DATE_KEYS.index(norm_key(c)))
        orders = {c: infer_date_order(sheet[c].astype(str)) for c in dates}
        people = [c for c in other if norm_key(c) in PEOPLE_KEYS]
        roles = [c for c in other if norm_key(c) in (*INTERVIEWER_KEYS, *AGENT_KEYS)]
        for n, (_, row) in enumerate(sheet.iterrows(), 2):
            name = str(row[key]).strip().replace("\\", "/")
            if name:
                self._row_numbers[name.casefold()] = n
                vals = {meta_name(c, cfg): str(row[c]).strip() for c in other if str(row[c]).strip()}
                when = next((ts for c in dates if (ts := parse_timestamp(str(row[c]), orders[c].replace("either", "")))), "")
                self._rows[name.casefold()] = {**vals, "timestamp": when} if when else vals
                self._people[name.casefold()] = [n.strip() for c in people for n in re.split(r"[,;]", str(row[c]))
                                                 if n.strip()]
                self._roles[name.casefold()] = {norm_key(c): str(row[c]).strip() for c in roles if str(row[c]).strip()}

    def is_sheet(self, fp: Path) -> bool:
        """True for the sheet itself (it is metadata, not input)."""
        return self.path is not None and fp.resolve() == self.path

    def for_file(self, rel: Path) -> dict[str, str]:
        """The sheet's values for a file, by its path in the corpus ("interviews/p01.vtt") or its name ("p01.vtt"):
        ``meta_<column>`` -> value, and ``timestamp`` -> the sheet's date in ISO 8601 when it has one."""
        k = self._key(rel)
        if k is None:
            return {}
        self._used.add(k)
        return self._rows[k]

    def people(self, rel: Path) -> list[str]:
        """The people the sheet names for a file (columns ``participant``, ``name``, ``interviewer`` …), so its
        path can be shown without them."""
        k = self._key(rel)
        return self._people[k] if k is not None else []

    def roles(self, rel: Path) -> dict[str, str]:
        """Who the sheet says is the interviewer or the agent in a file, as front matter would (a column
        ``interviewer``, ``moderator``, ``agent`` …: ``{"agent": "Speaker 2"}``); a transcript's own front matter wins."""
        k = self._key(rel)
        return self._roles[k] if k is not None else {}

    def _key(self, rel: Path) -> str | None:
        return next((k for k in (rel.as_posix().casefold(), rel.name.casefold()) if k in self._rows), None)

    def warn_unused(self) -> None:
        """Say which rows of the sheet named no file of the corpus (a typo, or a file not exported)."""
        # by row number: a file name is often the participant's ("wywiad_beata_jabłońska.vtt")
        unused = sorted(self._row_numbers[k] for k in set(self._rows) - self._used)
        if self.path is not None and unused:
            rows = ", ".join(map(str, unused[:10])) + (" …" if len(unused) > 10 else "")
            warnings.warn(f"[ingest] file_metadata: {len(unused)} row(s) of '{self.path.name}' name no file of the corpus: "
                          f"row(s) {rows} (the header is row 1). Fix: use the file's name or its path in the corpus "
                          "folder.", UserWarning, stacklevel=2)

    @staticmethod
    def fill(df: pd.DataFrame, by_file: dict[str, dict[str, str]]) -> pd.DataFrame:
        """Records of ``df`` get their file's values (``by_file``: shown file name -> values, ``timestamp`` among
        them) where they have none."""
        if df is None or not by_file or "source_file" not in df:
            return df
        files = df["source_file"].astype(str)
        for col in sorted({c for vals in by_file.values() for c in vals}):
            values = files.map(lambda f, col=col: by_file.get(f, {}).get(col, ""))
            if col in df:
                own = df[col].fillna("").astype(str)
                df[col] = own.where(own != "", values)
            else:
                df[col] = values
        return df
