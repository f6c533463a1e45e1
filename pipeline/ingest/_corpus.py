"""Walk a corpus folder, read every file with the right parser, and account for every record.

Files are visited in sorted relative-path order, so the same folder always gives the same records
in the same order with the same ids. Each file gets one row in the ``files`` table; each input
record becomes a record or a quarantine row (``records_in == records_ok + quarantined``).
"""

from __future__ import annotations

import fnmatch
from itertools import chain, islice
import json
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

import pandas as pd

from pipeline import errors
from pipeline.errors import InputError, QsynthError
from pipeline.ingest._calls import company_names, company_speakers, is_call_path
from pipeline.ingest._config import IngestConfig
from pipeline.ingest._encoding import (decode_bytes, file_name, looks_binary, office_problem, sniff_file,
                                       without_nul)
from pipeline.ingest._exports import (INTERNAL_NOTES, ExportMessage, emit_conversation, exporter, exporting_agents,
                                      short_hash)
from pipeline.ingest._filemeta import FILE_KEYS, FileMetadata
from pipeline.ingest._messenger import part_number
from pipeline.ingest._paths import PEOPLE_KEYS, chat_named_after, hide_names_in_path, names_in_path, person_names
from pipeline.ingest._records import (AGENT_KEYS, DATE_KEYS, FILE_COLUMNS, INTERVIEWER_KEYS, QUARANTINE_COLUMNS, FileStats,
                                      RecordBuffer, RoleMapper, clean_text, empty_records, media_time, meta_name,
                                      norm_key, parse_timestamp)
from pipeline.ingest._survey import SurveyMapper, skip_second_header
from pipeline.ingest._tables import (CsvReader, JsonEntry, Row, TableMapper, detect_table_kind, iter_xlsx, json_document,
                                     json_problem,
                                     json_lines, json_rows, make_is_record, parse_json, survey_columns_in)
from pipeline.ingest._transcripts import (Transcript, Turn, chat_placeholder, parse_subtitles, parse_text_transcript,
                                          strip_notes, strip_tool_lines)

__all__ = ["IngestResult", "RecordStream", "read_corpus", "read_table", "iter_records", "list_files"]

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".vtt": "vtt",
           ".srt": "srt", ".docx": "docx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx", ".mbox": "mbox", ".eml": "eml"}
MAIL_FORMATS = ("mbox", "eml")
TEXT_FORMATS = ("text", "markdown", "vtt", "srt", "docx")
TABLE_FORMATS = ("csv", "tsv", "json", "jsonl", "xlsx")
_UNSUPPORTED = {
    ".pdf": "PDF is not read; export the transcript as .txt, .docx or .vtt",
    ".doc": "old Word .doc is not read; save it as .docx",
    ".rtf": "RTF is not read; save it as .docx or .txt",
    ".odt": "OpenDocument text is not read; save it as .docx or .txt",
    ".xls": "old Excel .xls is not read; save it as .xlsx or .csv",
    ".ods": "OpenDocument spreadsheets are not read; save it as .xlsx or .csv",
    ".pages": "Pages documents are not read; export as .docx or .txt",
    ".html": "HTML pages are not read; export the data as CSV or JSON",
    ".htm": "HTML pages are not read; export the data as CSV or JSON",
    ".xml": "XML is not read; export the data as CSV or JSON",
    ".msg": "Outlook .msg is not read; save the messages as .eml (drag them to a folder) or export the folder as .mbox",
    ".pst": "an Outlook data file is not read; export the folder as .mbox (e.g. with readpst) or the messages as .eml",
    ".emlx": "Apple Mail .emlx is not read; export the mailbox as .mbox (Mailbox > Export Mailbox)",
}
# config files in the corpus folder (a stage file its qsynth.toml names) are skipped, not unsupported: they are no data
_CONFIG_FILES = {".toml", ".yaml", ".yml", ".ini"}
_CONFIG_REASON = ("a config file, not data (the corpus folder's qsynth.toml and the stage, example and FAQ files it "
                  "names are read as config)")
# why a table gave no record, when nothing is wrong with a row of it
_EMPTY_TABLE = "empty file: no header, no rows; fix: export the table again"
_HEADER_ONLY = "a header but no rows; fix: export the table again with its rows"
_MEDIA = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff", ".svg", ".mp3", ".wav",
          ".m4a", ".ogg", ".flac", ".mp4", ".mov", ".avi", ".mkv", ".webm"}
_ARCHIVES = {".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz"}


@dataclass
class IngestResult:
    """What ingest read.

    Attributes:
        records: One row per accepted input record (columns: see ``RECORD_COLUMNS`` + ``meta_*``).
        quarantine: One row per rejected input record: file, line, record_index, reason.
        files: One row per file seen: file, format, source_type, encoding, status, reason,
            records_in, records_ok, quarantined.
        input_columns: For ``read_table``: each input column as named in the file -> the record
            column holding its value unchanged (so ``qsynth tag`` can write the input columns back).
    """

    records: pd.DataFrame
    quarantine: pd.DataFrame
    files: pd.DataFrame
    input_columns: dict[str, str] = field(default_factory=dict)

    def unread_error(self, path: Path) -> InputError:
        """The error for an input (a corpus folder or one table, ``path``) of which no record was read: per file
        (five at most), why, with the fix the reason gives: its own reason, else the lines of its quarantined records
        and why each was quarantined. Never a record's text.

        Example:
            >>> files = pd.DataFrame({"file": ["a.csv"], "status": ["parsed"], "quarantined": [1],
            ...                       "reason": ["no records: the file has no text"]})
            >>> q = pd.DataFrame({"file": ["a.csv"], "line": [2], "reason": ["row has 3 fields, the header has 2"]})
            >>> print(IngestResult(pd.DataFrame(), q, files).unread_error(Path("a.csv")))
            a.csv: no record could be read: line 2: row has 3 fields, the header has 2
        """
        whys = []
        for f, reason, n in zip(self.files["file"].head(5), self.files["reason"], self.files["quarantined"]):
            rows = self.quarantine[self.quarantine["file"] == f].head(3)
            if n and not (rows["reason"] == reason).all():   # a failed file's own quarantine row repeats its reason
                reason = "no record could be read: " + "; ".join(
                    (f"line {int(ln)}: " if pd.notna(ln) else "") + r for ln, r in zip(rows["line"], rows["reason"]))
                reason += f" (and {n - len(rows)} more)" if n > len(rows) else ""
            whys.append((f, reason))
        if not Path(path).is_dir():
            return InputError(f"{Path(path).name}: {whys[0][1]}" if whys else errors.E012.format(path=path))
        n_unread = int((self.files["status"] != "parsed").sum())
        detail = "; ".join(f"{f}: {r}" for f, r in whys)
        return InputError(errors.E002.format(path=path, n_unsupported=n_unread) + (f" Files: {detail}" if whys else ""))


@dataclass(frozen=True)
class Speakers:
    """What is known of a transcript's speakers before it is read.

    Attributes:
        named: The participant sheet's interviewer / agent columns for the file, as front-matter keys.
        call: The file's name or folder says it is a support call ("calls/", "call_0042.txt").
        company: The company's names (brand accounts, e-mail domains, agents), which open an agent's greeting.
        exporters: The accounts that exported a chat export (:meth:`RecordStream._exporters`): the company's.
    """

    named: dict[str, str] = field(default_factory=dict)
    call: bool = False
    company: tuple[str, ...] = ()
    exporters: tuple[str, ...] = ()


# files.csv's note on a transcript of several speakers none of whom is found to speak for the company
_NO_COMPANY = ("no interviewer or agent found among its {n} speakers, so all are read as customers; "
               "name them in front matter ('interviewer: Speaker 2' or 'agent: Speaker 2') or in an 'interviewer' / "
               "'agent' column of the participant sheet ([ingest] file_metadata)")


# --- discovery ------------------------------------------------------------------------------------

def list_files(root: Path) -> list[Path]:
    """Files under ``root`` in sorted relative-path order, without hidden files and folders (nor ``__MACOSX``)."""
    out = []
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if any(part.startswith(".") or part == "__MACOSX" for part in rel.parts):
            continue   # hidden files and folders, macOS zip debris
        if p.is_file():
            out.append(p)
    return sorted(out, key=lambda p: p.relative_to(root).as_posix())


_DEFAULT_PATHS = IngestConfig().source_type_by_path


def _kind_from_path(rel: Path, cfg: IngestConfig) -> str | None:
    lookup: dict[str, str] = {}
    for kind, names in {**_DEFAULT_PATHS, **cfg.source_type_by_path}.items():
        for n in names:
            lookup.setdefault(n.casefold(), kind)
    for part in reversed(rel.parts[:-1]):
        k = lookup.get(part.casefold())
        if k:
            return k
    return None


def _unsupported_reason(ext: str) -> str:
    if ext in _UNSUPPORTED:
        return _UNSUPPORTED[ext]
    if ext in _MEDIA:
        return "images, audio and video are not read; add a transcript (.vtt, .srt, .txt or .docx)"
    if ext in _ARCHIVES:
        return "archives are not opened; unpack it into the corpus folder"
    supported = ", ".join(sorted(FORMATS))
    return f"unsupported file type '{ext or '(none)'}'; supported: {supported}"


# --- the stream -------------------------------------------------------------------------------------

class RecordStream:
    """Iterate over record DataFrames of ``chunk_size`` rows; quarantine and file stats fill as it goes.

    Memory stays bounded for CSV and JSONL: rows are read, mapped and handed out chunk by chunk.

    Example:
        >>> stream = iter_records(Path("corpora/sample"), IngestConfig())   # doctest: +SKIP
        >>> n = sum(len(chunk) for chunk in stream)                        # doctest: +SKIP
        >>> stream.files[["file", "records_in", "records_ok", "quarantined"]]  # doctest: +SKIP
    """

    def __init__(self, path: Path, cfg: IngestConfig, chunk_size: int = 10000, *, text_col: str | None = None,
                 single_table: bool = False, key: bytes | None = None):
        from pipeline.redact import name_key   # not at import: pipeline.redact reads ingest's labels

        self.path = Path(path)
        self.cfg = cfg
        # what hashes names and addresses in file names and thread ids (short_hash): the run's, redaction's key
        self.key = name_key("") if key is None else key
        self.chunk_size = max(1, int(chunk_size))
        self.text_col = text_col
        self.single_table = single_table
        self.input_columns: dict[str, str] = {}
        self._stats: list[FileStats] = []
        self._quarantine: list[tuple] = []
        self.done = False
        if not self.path.exists():
            if single_table:
                raise InputError(errors.E012.format(path=self.path))
            raise InputError(errors.E001.format(path=self.path))
        # a participant sheet's values per file, by the name outputs show ([ingest] file_metadata)
        self._sheet = FileMetadata("" if single_table else cfg.file_metadata, self.path, cfg)
        self._file_meta: dict[str, dict[str, str]] = {}
        self._no_company: list[str] = []   # transcripts in which no one speaks for the company
        self._folder_exporters: dict[Path, set[str]] = {}   # a folder of chat exports -> the accounts that exported them
        self._meta_seen: set[str] = set()   # the meta_* columns of the records handed out
        self._corpus_names: set[str] = set()

    # results ---------------------------------------------------------------------------------
    @property
    def quarantine(self) -> pd.DataFrame:
        df = pd.DataFrame(self._quarantine, columns=list(QUARANTINE_COLUMNS))
        df["file"] = df["file"].astype("str")
        df["line"] = pd.array(df["line"].tolist(), dtype="Int64")
        df["record_index"] = pd.array(df["record_index"].tolist(), dtype="Int64")
        df["reason"] = df["reason"].astype("str")
        return df

    @property
    def files(self) -> pd.DataFrame:
        df = pd.DataFrame([s.row() for s in self._stats], columns=list(FILE_COLUMNS))
        for c in ("records_in", "records_ok", "quarantined"):
            df[c] = df[c].astype("int64")
        return df

    # iteration -------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[pd.DataFrame]:
        buf = RecordBuffer(self.cfg)
        if self.path.is_file():
            root, files = self.path.parent, [self.path]
        else:
            root = self.path
            # Hidden files and the corpus config (read by the config loader) are not data.
            files = [p for p in list_files(self.path) if p.relative_to(root).as_posix() != "qsynth.toml"
                     and not self._sheet.is_sheet(p)]
            if not files:
                raise InputError(f"Corpus folder '{self.path}' is empty. Fix: put transcripts (.txt/.vtt/.srt/"
                                 ".docx/.md), exports (.csv/.tsv/.json/.jsonl/.xlsx) or e-mail (.mbox/.eml) in it, e.g. in "
                                 "interviews/, chats/, reviews/ and social/ sub-folders.")

        # the files' paths in the corpus and their names, as a participant sheet names them
        self._corpus_names = {n.casefold() for p in files for n in (p.relative_to(root).as_posix(), p.name)}

        def out(df: pd.DataFrame) -> pd.DataFrame:
            df = FileMetadata.fill(df, self._file_meta)
            self._meta_seen.update(c for c in df.columns if c.startswith("meta_"))
            return df

        def emit(final: bool) -> Iterator[pd.DataFrame]:
            # Hand out exactly chunk_size records at a time; the remainder waits in the buffer.
            self._quarantine.extend(buf.take_quarantine())
            while buf.n >= self.chunk_size:
                yield out(buf.flush(self.chunk_size))
            if final and buf.n:
                yield out(buf.flush())
            if final:
                self._sheet.warn_unused()
                self._warn_no_company()
                self._warn_unused_renames()

        # files read together: a folder's .eml files are one mailbox (threads run across files); a Messenger /
        # Instagram conversation too long for one file is message_1.json, message_2.json … in its folder
        eml: dict[Path, list[Path]] = {}
        parts: dict[Path, list[Path]] = {}
        for fp in files:
            if self.single_table or self._skipped(fp):   # a skipped file is reported by _read_file
                continue
            if fp.suffix.lower() == ".eml":
                eml.setdefault(fp.parent, []).append(fp)
            elif part_number(fp.name):
                parts.setdefault(fp.parent, []).append(fp)
        parts = {folder: sorted(fps, key=lambda f: part_number(f.name)) for folder, fps in parts.items() if len(fps) > 1}
        for fp in files:
            rel = Path(file_name(fp.relative_to(root).as_posix()))   # as shown; the file is opened as fp
            rel_s = self._shown(fp, root, self._sheet.people(rel))
            if vals := self._sheet.for_file(rel):
                self._file_meta[rel_s] = vals
            if fp.parent in eml and fp.suffix.lower() == ".eml":
                if fp == eml[fp.parent][0]:
                    self._read_eml_folder(eml[fp.parent], root, buf)
                continue
            if fp in parts.get(fp.parent, ()):
                if fp == parts[fp.parent][0]:
                    self._read_messenger_parts(parts[fp.parent], root, buf)
                continue
            for _ in self._read_file(fp, rel, rel_s, buf):
                if buf.n >= self.chunk_size:
                    yield from emit(final=False)
            self._quarantine.extend(buf.take_quarantine())
        yield from emit(final=True)
        self.done = True

    def _warn_no_company(self) -> None:
        """Say which transcripts of several speakers have no interviewer or agent: every voice counts as a customer's."""
        if self._no_company:
            files = ", ".join(self._no_company[:5]) + (" …" if len(self._no_company) > 5 else "")
            warnings.warn(f"{len(self._no_company)} transcript(s) of several speakers have no interviewer or agent, so "
                          f"every speaker is read as a customer: {files}. Fix: name the interviewer or agent in each "
                          "file's front matter ('interviewer: Speaker 2' or 'agent: Speaker 2') or in an 'interviewer' / "
                          "'agent' column of the participant sheet ([ingest] file_metadata); files.csv notes each.",
                          UserWarning, stacklevel=2)

    @staticmethod
    def _sheet_column(columns: list[str]) -> str | None:
        """A table's column of file names, as a participant sheet has (:data:`FILE_KEYS`), else None."""
        return next((c for c in columns if c in FILE_KEYS), None)

    def _names_corpus_files(self, columns: list[str], rows: list[dict[str, str]]) -> bool:
        """True when a table's file column names files of the corpus (most of its values, by path or name): it is a
        participant sheet ([ingest] file_metadata) left in the corpus folder, not data."""
        col = self._sheet_column(columns)
        values = [(r.get(col) or "").strip().replace("\\", "/").casefold() for r in rows] if col else []
        values = [v for v in values if v]
        return bool(values) and sum(v in self._corpus_names for v in values) * 2 > len(values)

    def _warn_unused_renames(self) -> None:
        """Say which of the config's ``[ingest] meta_rename`` keys renamed nothing: no column, front-matter key or sheet
        column of the corpus is called so (a typo; the defaults' keys are not said)."""
        defaults = {norm_key(k) for k in IngestConfig().meta_rename}
        unused = [k for k, new in self.cfg.meta_rename.items()
                  if norm_key(k) not in defaults and f"meta_{norm_key(new)}" not in self._meta_seen]
        if unused:
            listed = ", ".join(f"'{k}'" for k in unused)
            warnings.warn(f"[ingest] meta_rename: {listed} name(s) no column of the corpus, so nothing was renamed. Fix: "
                          "write the column's name as its header has it (case, spaces and punctuation aside); the "
                          "records' meta_* columns are listed in segments.csv.", UserWarning, stacklevel=2)

    def _shown(self, fp: Path, root: Path, people: list[str] | None = None) -> str:
        """How outputs name a file: its path in the corpus, without a person's name (see :func:`hide_names_in_path`;
        ``people``: names the participant sheet gives the file; a name by its shape, :func:`names_in_path`, unless
        the config makes it a brand or a bot)."""
        # a name in another encoding (cp1250 bytes from an unpacked zip) is decoded: no table holds its surrogates
        shown = file_name(fp.relative_to(root).as_posix() if not self.single_table else fp.name)
        if not self.cfg.hide_names_in_paths:
            return shown
        # a name found by its shape may be a first name alone ("en02_priya_teams.docx"), as a speaker label may
        return hide_names_in_path(shown, person_names(names_in_path(shown), people or (), RoleMapper(self.cfg)), self.key)

    def _hide_people(self, stats: FileStats, labels: list[str], people: list[str] | tuple[str, ...] = ()) -> None:
        """Show the file without the names of the people who speak in it, once it is parsed and before any of
        its records is kept: "interviews/Daniel Okafor - call.txt" -> "interviews/contact-bf46a813 - call.txt"
        in its doc ids, ``source_file``, ``files.csv`` and ``quarantine.csv`` alike."""
        if not self.cfg.hide_names_in_paths:
            return
        shown = hide_names_in_path(stats.file, person_names(labels, people, RoleMapper(self.cfg)), self.key)
        if shown != stats.file:
            if stats.file in self._file_meta:   # the sheet's values follow the file
                self._file_meta[shown] = self._file_meta.pop(stats.file)
            stats.file = shown

    def _speaking_for(self, rel: Path, kind: str | None) -> Speakers:
        """What a transcript's path and the participant sheet say of who speaks for whom in it."""
        # a folder that says interview or review outranks a call's file name ("interviews/rozmowy_2.txt")
        return Speakers(named=self._sheet.roles(rel), call=kind in (None, "chat") and is_call_path(rel.as_posix()),
                        company=company_names(self.cfg))

    def _skipped(self, fp: Path) -> bool:
        """True for a file ``[ingest] skip_patterns`` leaves out."""
        return any(fnmatch.fnmatch(fp.name, pat) for pat in self.cfg.skip_patterns)

    def _read_file(self, fp: Path, rel: Path, rel_s: str, buf: RecordBuffer) -> Iterator[None]:
        cfg = self.cfg
        ext = fp.suffix.lower()
        fmt = FORMATS.get(ext, "")
        stats = FileStats(file=rel_s, format=fmt or ext.lstrip(".") or "unknown")
        self._stats.append(stats)
        if self._skipped(fp) or ext in _CONFIG_FILES:   # left out on purpose: status "skipped", with why
            stats.status = "skipped"
            stats.reason = "skipped by [ingest] skip_patterns" if self._skipped(fp) else _CONFIG_REASON
            return
        if not fmt:
            stats.status, stats.reason = "unsupported", _unsupported_reason(ext)
            return
        kind = "table" if self.single_table else _kind_from_path(rel, cfg)
        try:
            if fmt in MAIL_FORMATS:   # .eml files are read a folder at a time, in __iter__
                if self.single_table:
                    raise InputError(f"{rel_s}: e-mail is read from a corpus folder, not as one table. "
                                     "Fix: pass the folder that holds it to `qsynth run`.")
                self._read_mbox(fp, stats, buf)
                yield None
            elif fmt in TEXT_FORMATS:
                self._read_transcript(fp, fmt, kind, stats, buf, self._speaking_for(rel, kind))
                yield None
            else:
                yield from self._read_table(fp, fmt, kind, stats, buf, self._speaking_for(rel, kind))
        except QsynthError:
            raise
        except Exception as exc:  # a corrupt file must not stop the run; it is reported instead
            # The message of a parser error may quote file content: keep only the type and position.
            where = getattr(exc, "lineno", None)
            stats.status = "failed"
            stats.reason = (f"could not be read ({type(exc).__name__}{f' at line {where}' if where else ''}); fix: open "
                            "it in the program that made it and save or export it again")
            buf.reject(stats, where, None, stats.reason)
        if stats.nul_lines:
            warnings.warn(f"{stats.file}: {stats.nul_note()}", UserWarning, stacklevel=2)

    # e-mail and messaging-app exports ----------------------------------------------------------
    def _read_mbox(self, fp: Path, stats: FileStats, buf: RecordBuffer) -> None:
        """One mailbox file, as e-mail threads."""
        from pipeline.ingest._mail import read_mbox

        stats.source_type, stats.encoding = "chat", "mbox"
        head = fp.read_bytes()[:65536]
        if looks_binary(head):
            stats.status, stats.reason = "failed", "binary content, not a mailbox"
            buf.reject(stats, None, None, stats.reason)
            return
        items = [(stats, m) for m in read_mbox(fp)]
        if not items and head.strip():
            stats.status = "failed"
            stats.reason = ("no e-mail found: an mbox file starts each message with a line 'From <address> <date>'; "
                            "export the mailbox again, or save the text as .txt")
            buf.reject(stats, 1, None, stats.reason)
            return
        self._emit_mail(items, stats.file, buf)

    def _read_eml_folder(self, paths: list[Path], root: Path, buf: RecordBuffer) -> None:
        """A folder's .eml files, one mailbox: threads run across files."""
        from pipeline.ingest._mail import parse_message

        items: list[tuple[FileStats, object]] = []
        for i, fp in enumerate(paths):
            st = FileStats(file=self._shown(fp, root), format="eml", source_type="chat", encoding="eml")
            self._stats.append(st)
            try:
                items.append((st, parse_message(fp.read_bytes(), i)))
            except Exception as exc:   # a broken message is quarantined, the folder is still read
                items.append((st, (i, f"unreadable e-mail ({type(exc).__name__})")))
        self._emit_mail(items, (file_name(paths[0].parent.relative_to(root).as_posix()) or ".") + "/", buf)

    def _emit_mail(self, items: list, where: str, buf: RecordBuffer) -> None:
        """Parsed messages (or ``(index, reason)`` for unreadable ones) as threads: one document each."""
        from pipeline.ingest._mail import MailMessage, company_domains_of, mail_text, sender_role, thread_keys

        good = [(st, m) for st, m in items if isinstance(m, MailMessage)]
        msgs = [m for _, m in good]
        keys = thread_keys(msgs)
        company = company_domains_of(msgs, keys, self.cfg.company_domains)
        roles = RoleMapper(self.cfg)
        if self.cfg.hide_names_in_paths:   # a mailbox folder named after the customer ("email/Marek Dąbrowski/")
            names = person_names([m.sender_name for m in msgs if sender_role(m, company) == "customer"], (), roles)
            where = hide_names_in_path(where, names, self.key)
            for st in {id(st): st for st, _ in items}.values():
                st.file = hide_names_in_path(st.file, names, self.key)
        for st, m in items:
            if not isinstance(m, MailMessage):
                buf.reject(st, None, m[0], m[1])
        threads: dict[str, list[int]] = {}
        for j, k in enumerate(keys):
            threads.setdefault(k, []).append(j)
        for k in sorted(threads):
            js = threads[k]
            export = [ExportMessage(msgs[j].index, parse_timestamp(msgs[j].date),
                                    msgs[j].sender_name or msgs[j].sender_address.split("@", 1)[0], text,
                                    skipped="" if text.strip() else
                                    "e-mail with no text of its own (only quoted text, a signature or attachments)",
                                    seq=msgs[j].index, role=sender_role(msgs[j], company))
                      for j in js for text in [mail_text(msgs[j])]]
            subject = msgs[js[min(range(len(js)), key=lambda t: (export[t].time, export[t].seq))]].subject
            tid = short_hash(k, self.key)   # a Message-ID can carry an address ("<20260803.anna.k@gmail.com>")
            emit_conversation(export, stats=[good[j][0] for j in js], buf=buf, roles=roles, doc_id=f"chat:{where}:{tid}",
                              thread_id=tid, channel="email", subject=subject)

    def _read_json_export(self, entries: list[JsonEntry], fp: Path, kind: str | None, stats: FileStats,
                          buf: RecordBuffer) -> bool:
        """Read a JSON file, parsed once, that is a message export (a Messenger / Instagram conversation, Intercom
        conversations, also as JSON lines, a Telegram export); False when it is none (a table)."""
        from pipeline.ingest._intercom import intercom_conversations
        from pipeline.ingest._messenger import messenger_thread
        from pipeline.ingest._telegram import telegram_chats

        doc = json_document(entries)
        if (thread := messenger_thread(doc)) is not None:
            self._read_messenger([(stats, thread)], fp, buf)
        elif (convs := intercom_conversations(doc)) is not None:
            self._read_intercom(convs, stats, buf)
        elif (chats := telegram_chats(doc)) is not None:
            self._read_telegram(chats, kind, stats, buf)
        else:
            return False
        for line, _, err in entries:   # a broken line of JSON lines
            if err is not None:
                buf.reject(stats, line, None, err)
        return True

    def _read_messenger_parts(self, paths: list[Path], root: Path, buf: RecordBuffer) -> None:
        """A Messenger / Instagram conversation in several files (``message_1.json`` the newest part) as one chat; a
        file of the folder that is no such conversation is read on its own, as any file is."""
        from pipeline.ingest._messenger import messenger_thread

        threads: list[tuple[FileStats, dict]] = []
        for fp in paths:
            text, encoding = decode_bytes(fp.read_bytes(), self.cfg.encoding)
            try:
                thread = messenger_thread(json.loads(text))
            except json.JSONDecodeError:
                thread = None
            if thread is None:
                rel = Path(file_name(fp.relative_to(root).as_posix()))
                for _ in self._read_file(fp, rel, self._shown(fp, root, self._sheet.people(rel)), buf):
                    pass
                continue
            st = FileStats(file=self._shown(fp, root), format="json", encoding=encoding)
            self._stats.append(st)
            threads.append((st, thread))
        if threads:
            self._read_messenger(threads, paths[0], buf)

    def _read_messenger(self, parts: list[tuple[FileStats, dict]], fp: Path, buf: RecordBuffer) -> None:
        """One Messenger / Instagram conversation (``message_1.json``, with ``message_2.json`` … when it goes on in
        them: ``parts`` newest first) as a chat in time order, one document named by its first file."""
        from pipeline.ingest._messenger import account_owner, messages

        msgs: list[ExportMessage] = []
        stats: list[FileStats] = []
        for st, thread in parts:
            st.source_type = "chat"
            part = messages(thread, start=len(msgs))
            self._hide_people(st, [m.speaker for m in part])
            msgs += part
            stats += [st] * len(part)
        first, thread = parts[0]
        tid = short_hash(str(thread.get("thread_path") or first.file), self.key)   # the path names the customer
        emit_conversation(msgs, stats=stats, buf=buf, roles=RoleMapper(self.cfg), doc_id=f"chat:{first.file}",
                          thread_id=tid, channel="instagram" if "instagram" in fp.as_posix().lower() else "messenger",
                          owner=account_owner(thread))

    def _read_intercom(self, convs: list[dict], stats: FileStats, buf: RecordBuffer) -> None:
        """Intercom conversations: each a chat whose opening message (``source``) is turn 0, then its replies in
        time order; internal notes and assignment / close events are counted in ``files.csv``, not read."""
        from pipeline.ingest._intercom import read_conversation

        stats.source_type = "chat"
        roles = RoleMapper(self.cfg)
        read, index = [], 0
        for k, conv in enumerate(convs):
            c = read_conversation(conv, index, roles)
            index = c.end
            read.append((c.thread or f"#{k + 1}", c))
        self._hide_people(stats, [m.speaker for _, c in read for m in c.messages if m.role == "customer"])
        for thread, c in read:
            emit_conversation(c.messages, stats=stats, buf=buf, roles=roles, doc_id=f"chat:{thread}", thread_id=thread,
                              channel=c.channel, subject=c.subject, meta={meta_name(k, self.cfg): v for k, v in c.meta.items()},
                              id_column="meta_part_id")
        notes, events = sum(c.notes for _, c in read), sum(c.events for _, c in read)
        stats.note(f"Intercom export: {len(read)} conversation(s), each opening message (source) read as its first turn"
                   + (f"; {notes} {INTERNAL_NOTES}" if notes else "")
                   + (f"; {events} assignment / open / close event(s) without a message not read" if events else ""))

    def _read_telegram(self, chats: list[dict], kind: str | None, stats: FileStats, buf: RecordBuffer) -> None:
        """Telegram chats (one ``result.json``): a support chat in time order, or a discussion group's comments,
        one document per thread of replies (see :func:`pipeline.ingest._telegram.is_discussion`)."""
        from pipeline.ingest._telegram import account_owner, is_discussion, messages, reply_threads

        roles = RoleMapper(self.cfg)
        parsed, offset = [], 0
        for chat in chats:
            parsed.append((chat, messages(chat, offset)))
            offset += len(chat["messages"])
        self._hide_people(stats, [m.speaker for _, msgs in parsed for m in msgs if m.role not in ("brand", "bot")])
        social = 0
        for chat, msgs in parsed:
            tid = short_hash(f"{stats.file}:{chat.get('id', '')}:{chat.get('name', '')}", self.key)   # the name is a person's
            if is_discussion(chat, kind):
                social += 1
                for root, post, thread in reply_threads(chat, msgs):
                    emit_conversation(thread, stats=stats, buf=buf, roles=roles, doc_id=f"social:{stats.file}:{tid}:{root}",
                                      thread_id=f"{tid}:{post or root}", channel="telegram", source_type="social")
            else:
                emit_conversation(msgs, stats=stats, buf=buf, roles=roles, doc_id=f"chat:{stats.file}:{tid}",
                                  thread_id=tid, channel="telegram", owner=account_owner(chat))
        stats.source_type = "social" if social == len(chats) else "chat"
        if social:
            stats.note(f"{social} of {len(chats)} Telegram chat(s) read as social comments (a channel, a group in social/ "
                       "or one where many people write): one document per thread of replies")

    @staticmethod
    def _not_office(fp: Path, fmt: str, stats: FileStats, buf: RecordBuffer) -> bool:
        """Fail a .docx / .xlsx file that is not the Word document or Excel workbook its name says (a CSV renamed to
        .xlsx, an old .doc renamed to .docx), saying what it is and the fix (:func:`office_problem`)."""
        problem = office_problem(fp, fmt)
        if problem:
            stats.status, stats.reason = "failed", problem
            buf.reject(stats, None, None, problem)
        return bool(problem)

    # transcripts -----------------------------------------------------------------------------
    def _read_transcript(self, fp: Path, fmt: str, kind: str | None, stats: FileStats, buf: RecordBuffer,
                         who: Speakers) -> None:
        cfg = self.cfg
        roles = RoleMapper(cfg)
        known = {n.strip().casefold() for n in
                 [*cfg.interviewer_names, *cfg.speaker_roles, *cfg.agent_names, *cfg.bot_names, *cfg.brand_authors,
                  *(n for v in who.named.values() for n in re.split(r"[,;]", v))] if n.strip()}
        headings: frozenset[int] = frozenset()
        if fmt == "docx":
            from pipeline.ingest._docx import docx_text

            if self._not_office(fp, fmt, stats, buf):
                return
            text, headings = docx_text(fp)
            stats.encoding = "docx"
        else:
            data = fp.read_bytes()
            if looks_binary(data[:65536]):
                stats.status, stats.reason = "failed", "binary content, not text"
                buf.reject(stats, None, None, stats.reason)
                return
            text, stats.encoding = decode_bytes(data, cfg.encoding)
            text, stats.nul_lines = without_nul(text)
        if fmt in ("vtt", "srt"):
            tr = parse_subtitles(text, known)
        else:
            text, tool = strip_tool_lines(text)   # "Transcribed by https://otter.ai" is not the last speaker's
            if tool:
                stats.note("the transcription tool's own line is not speech: "
                           + "; ".join(f"line {n} '{line}'" for n, line in tool))
            tr = parse_text_transcript(text, markdown=(fmt == "markdown"), known_names=known, headings=headings)
            if tr.title_lines and tr.labelled:   # read, though no record: said, without the words (a name)
                stats.note(f"line(s) {', '.join(map(str, tr.title_lines))} read as the document's title (meta_title), "
                           "not speech")
        if tr.chat_export:
            who = replace(who, exporters=self._exporters(fp, tr, stats))
        if kind is None and not tr.labelled and fmt in ("text", "markdown", "docx"):
            stats.source_type = "interview"
            stats.status = "unsupported"
            stats.reason = ("no 'Speaker:' turns found, so not read as a transcript; put it in an interviews/ "
                            "folder to read it as unlabelled text")
            return
        kind = kind or ("chat" if tr.chat_export else "interview")
        if kind == "table":
            kind = "interview"
        self._emit_transcript(tr, kind, stats, buf, roles, who)

    def _exporters(self, fp: Path, tr: Transcript, stats: FileStats) -> tuple[str, ...]:
        """The speakers of a chat export (WhatsApp's) who exported it: the company, whose export the corpus is.

        A one-to-one chat is named after the other person ("WhatsApp Chat with Anna Nowak.txt", "Czat WhatsApp z …",
        "Чат WhatsApp с …"), so the speaker the name does not name exported it (:func:`exporter`, as for Messenger and
        Telegram). A chat whose name tells nothing (a group, a renamed file) was exported by the accounts that export
        the folder's other chats: one a named chat of the folder shows as its exporter, or a speaker of every chat
        export in the folder (two at least), since no guest is in every one of the company's chats."""
        speakers = _speakers(tr)
        own = exporter(chat_named_after(file_name(f"{fp.parent.name}/{fp.name}")), speakers)
        if own:
            stats.note("the speaker the file name does not name read as the exporting account, the company's")
            return (own,)
        found = tuple(sorted(set(speakers) & self._exporters_of(fp)))
        if found:
            stats.note(f"{len(found)} speaker(s) read as the company's exporting account(s): the exporter of the "
                       "folder's other chats or a speaker of every chat export in the folder")
        return found

    def _exporters_of(self, fp: Path) -> set[str]:
        """The accounts that exported the chat exports of ``fp``'s folder (an iPhone's "WhatsApp Chat - Anna/_chat.txt"
        folders are their parent's): each named chat's exporter, and the speakers of every one when there are two."""
        folder = fp.parent.parent if chat_named_after(fp.parent.name) else fp.parent
        if self.path.is_file() or not folder.is_relative_to(self.path):   # only the corpus's files tell
            return set()
        if folder not in self._folder_exporters:
            files = [f for f in sorted([*folder.iterdir(), *(f for d in folder.iterdir() if d.is_dir()
                                                               and chat_named_after(d.name) for f in d.iterdir())])
                     if f.is_file() and FORMATS.get(f.suffix.lower()) == "text" and not self._skipped(f)]
            chats: list[tuple[str, list[str]]] = []
            for f in files:
                tr = parse_text_transcript(decode_bytes(f.read_bytes(), self.cfg.encoding)[0])
                if tr.chat_export:
                    chats.append((file_name(f"{f.parent.name}/{f.name}"), _speakers(tr)))
            found = {exporter(chat_named_after(name), speakers) for name, speakers in chats} - {""}
            if len(chats) >= 2:
                found |= set.intersection(*(set(speakers) for _, speakers in chats))
            self._folder_exporters[folder] = found
        return self._folder_exporters[folder]

    def _emit_transcript(self, tr: Transcript, kind: str, stats: FileStats, buf: RecordBuffer,
                         roles: RoleMapper, who: Speakers) -> None:
        cfg = self.cfg
        self._hide_people(stats, [t.speaker for t in tr.turns if t.speaker],
                          [n for k in PEOPLE_KEYS for n in re.split(r"[,;]", tr.front.get(k, "")) if n.strip()])
        meta = {meta_name(k, cfg): clean_text(v) for k, v in tr.front.items()}
        if tr.title:
            meta.setdefault("meta_title", clean_text(tr.title))
        ts = ""
        for k in DATE_KEYS:
            if tr.front.get(k):
                ts = parse_timestamp(tr.front[k])
                if ts:
                    break
        front = {**who.named, **tr.front}   # the transcript's own front matter outranks the participant sheet
        call = kind in ("interview", "chat") and (who.call or any(front.get(k) for k in AGENT_KEYS))
        kind = "chat" if call else kind
        speaker_role = _transcript_roles(tr.turns, front, kind, cfg, roles, who.company, who.exporters)
        if kind == "interview" and "agent" in speaker_role.values():
            kind, call = "chat", True   # the company's voice answers: a support call, not a research interview
        stats.source_type = kind
        turns = tr.turns
        if kind == "interview" and tr.ordered is None and _answers_unlabelled(turns, speaker_role, cfg):
            for t in turns:
                if t.speaker:
                    speaker_role[t.speaker] = "interviewer"
            # the answers get the participant's name (front matter) or "Participant", so their quotes carry a
            # pseudonym like everyone else's instead of none
            who = str(tr.front.get("participant") or "").strip() or "Participant"
            turns = _split_answers(turns, who)
            speaker_role[who] = "customer"
            note = ("only the interviewer is labelled: the unlabelled lines after each of their turns are read as "
                    "the participant's answers")
            stats.note(note)
        elif kind == "interview" and tr.ordered is None:
            turns, fixed = _restore_missing_labels(turns, speaker_role)
            if fixed:
                note = (f"{fixed} unlabelled line(s) between two turns of one speaker read as the other speaker's "
                        f"(a missing label); label them in the file to override")
                stats.note(note)
        if len(speaker_role) >= 2 and not set(speaker_role.values()) & {"interviewer", "agent", "brand", "bot"}:
            self._no_company.append(stats.file)
            stats.note(_NO_COMPANY.format(n=len(speaker_role)))
        channel = {"interview": "interview", "chat": "chat", "review": "review", "social": "social"}[kind]
        if call and not any(t.timestamp for t in turns):
            channel = "phone"   # spoken; a messaging app's export dates each message
        spoken = kind == "interview" or call   # a transcript of speech, with its transcriber's notes
        thread = tr.front.get("id") or stats.file
        doc_id = f"{kind}:{stats.file}"
        # Turns and orphan lines are both input records; number them in file order.
        if tr.ordered is not None:
            items = list(tr.ordered)
        else:
            keyed: list[tuple[int, int, Turn | tuple[int | None, str]]] = [(t.line or 0, 0, t) for t in turns]
            keyed += [(ln or 0, 1, (ln, reason)) for ln, reason in tr.orphans]
            keyed.sort(key=lambda x: (x[0], x[1]))
            items = [x[2] for x in keyed]
        turn_index = 0
        for idx, obj in enumerate(items):
            if not isinstance(obj, Turn):
                buf.reject(stats, obj[0], idx, obj[1])
                continue
            t = obj
            role = speaker_role.get(t.speaker, cfg.unlabelled_role)
            if why := chat_placeholder(t.text):
                buf.reject(stats, t.line, idx, why)
                continue
            # "[śmiech]", "(inaudible)": a transcriber's, no one's words; a chat's "(cisza)" is its writer's
            words, note = strip_notes(t.text) if spoken else (t.text, "")
            if note and not clean_text(words):
                buf.reject(stats, t.line, idx, f"a transcriber's note without words ({note})")
                continue
            if buf.add(stats, doc_id=doc_id, source_type=kind, line=t.line, record_index=idx, turn_index=turn_index,
                       text=clean_text(words), thread_id=thread, speaker=t.speaker, role=role,
                       timestamp=t.timestamp or ts, media_time=t.media_time, channel=channel,
                       meta={**meta, **t.meta} if t.meta else meta):
                turn_index += 1

    # tables ----------------------------------------------------------------------------------
    def _read_table(self, fp: Path, fmt: str, kind: str | None, stats: FileStats,
                    buf: RecordBuffer, who: Speakers) -> Iterator[None]:
        cfg = self.cfg
        sample_rows: list[dict[str, str]] = []
        raw_columns: list[str] | None = None
        if not fp.stat().st_size:
            stats.reason = _EMPTY_TABLE
            return
        if fmt in ("csv", "tsv", "jsonl"):
            enc, binary = sniff_file(fp, cfg.encoding)
            if binary:
                stats.status, stats.reason = "failed", "binary content, not text"
                buf.reject(stats, None, None, stats.reason)
                return
            stats.encoding = enc
        if fmt in ("csv", "tsv"):
            reader = CsvReader(fp, stats.encoding, cfg.csv_delimiter, tsv=(fmt == "tsv"))
            columns, raw_columns, stats.nul_lines = reader.header, reader.raw_header, reader.nul_lines
            rows: Iterator[Row] = iter(reader)
            if not columns:
                stats.reason = _EMPTY_TABLE
                return
        elif fmt == "xlsx":
            stats.encoding = "xlsx"
            if self._not_office(fp, fmt, stats, buf):
                return
            columns, raw_columns, rows = iter_xlsx(fp)
        else:
            is_record = make_is_record(cfg, kind if kind in ("chat", "review", "social") else "table")
            if fmt == "jsonl":
                lines = json_lines(fp, stats.encoding, stats.nul_lines)
                head = list(islice(lines, 1))   # streamed: only Intercom's conversations, one a line, are read whole
                if not self.single_table and head and _intercom_line(head[0]):
                    self._read_json_export(head + list(lines), fp, kind, stats, buf)
                    yield None
                    return
                rows = json_rows(chain(head, lines), is_record)
            else:
                data = fp.read_bytes()
                if looks_binary(data[:65536]):
                    stats.status, stats.reason = "failed", "binary content, not text"
                    buf.reject(stats, None, None, stats.reason)
                    return
                text, stats.encoding = decode_bytes(data, cfg.encoding)
                text, stats.nul_lines = without_nul(text)
                if not text.strip():
                    stats.reason = _EMPTY_TABLE
                    return
                try:
                    entries = parse_json(text)
                except json.JSONDecodeError as exc:
                    stats.status = "failed"
                    line, stats.reason = json_problem(exc)
                    buf.reject(stats, line, None, stats.reason)
                    return
                if not self.single_table and self._read_json_export(entries, fp, kind, stats, buf):
                    yield None
                    return
                rows = iter(list(json_rows(entries, is_record)))
            # Columns of JSON = keys of the first rows (later new keys still go to meta_*).
            first: list[Row] = []
            for r in rows:
                first.append(r)
                if len(first) >= self.chunk_size:
                    break
            seen: dict[str, None] = {}
            for _, row, _ in first:
                if row:
                    seen.update(dict.fromkeys(row))
            columns = list(seen)
            rows = _chain(first, rows)
            if not columns:
                # Nothing but errors (or nothing at all): quarantine them, no text column to look for.
                for idx, (line, _, err) in enumerate(rows):
                    buf.reject(stats, line, idx, err or "empty record (no fields)")
                stats.source_type = kind or "table"
                yield None
                return
        # Take a first chunk to guess the kind (if needed) and the rating scale.
        chunk: list[Row] = []
        for r in rows:
            chunk.append(r)
            if len(chunk) >= self.chunk_size:
                break
        if fmt in ("csv", "tsv", "xlsx"):
            chunk, rows, columns, raw_columns = skip_second_header(chunk, rows, columns, raw_columns, stats)
        sample_rows = [r for _, r, _ in chunk[:200] if r]
        if not self.single_table and self._names_corpus_files(columns, sample_rows):
            raise InputError(f"{stats.file}: a participant sheet (its column '{self._sheet_column(columns)}' names files of "
                             f"the corpus), not data. Fix: set [ingest] file_metadata = \"{stats.file}\" in your config "
                             "(qsynth.toml in the corpus folder) to give each file's records its columns, or move it "
                             "out of the corpus folder.")
        if kind is None:
            kind = detect_table_kind(columns)
        if not self.single_table and survey_columns_in(columns, cfg):
            kind = "survey"
        stats.source_type = kind
        if kind == "interview":
            # A transcript exported as a table (Rev, Descript, Otter CSV): one row per turn; roles
            # need the whole file (who asks the questions), and transcripts are small.
            self._interview_table(_chain(chunk, rows), columns, raw_columns, sample_rows, stats, buf, who)
            yield None
            return
        mapper = _mapper_class(kind)(cfg, buf, stats, columns, raw_columns=raw_columns, text_col=self.text_col,
                                     sample_rows=sample_rows)
        if self.single_table:
            self.input_columns = mapper.keep_all_columns()
        # After the first chunk, map in small steps so the stream can hand records out often
        # (memory stays about one chunk of records, whatever the file size).
        step = min(self.chunk_size, 1000)
        while chunk:
            mapper.process(chunk)
            yield None
            chunk = []
            for r in rows:
                chunk.append(r)
                if len(chunk) >= step:
                    break
        mapper.finish()
        if not stats.records_in:
            stats.note(_HEADER_ONLY)


    def _interview_table(self, rows: Iterator[Row], columns: list[str], raw_columns: list[str] | None,
                         sample_rows: list[dict[str, str]], stats: FileStats, buf: RecordBuffer, who: Speakers) -> None:
        cfg = self.cfg
        mapper = TableMapper(cfg, buf, stats, columns, raw_columns=raw_columns, text_col=self.text_col,
                             sample_rows=sample_rows, kind="interview")
        tr = Transcript(ordered=[])
        for line, row, err in rows:
            if row is None:
                tr.ordered.append((line, err or "unreadable row"))  # type: ignore[union-attr]
                continue
            meta = mapper.meta(row)
            ts = mapper.timestamp(row, meta)
            raw_time = mapper.get(row, "media_time")
            mt = media_time(raw_time) if raw_time else ""
            if raw_time and not mt:
                meta[meta_name(mapper.fields["media_time"][0], cfg)] = raw_time
            turn = Turn(speaker=mapper.get(row, "speaker"), text=mapper.get(row, "text"), line=line, media_time=mt,
                        timestamp=ts, meta=meta)
            tr.turns.append(turn)
            tr.ordered.append(turn)  # type: ignore[union-attr]
        self._emit_transcript(tr, "interview", stats, buf, RoleMapper(cfg), who)


def _speakers(tr: Transcript) -> list[str]:
    """The speakers of a chat export who write something: an iPhone writes the encryption notice as a chat's (a group's
    name), a deleted message leaves a placeholder."""
    return list(dict.fromkeys(t.speaker for t in tr.turns if t.speaker and not chat_placeholder(t.text)))


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def _intercom_line(entry: JsonEntry) -> bool:
    """True when the first line of a JSON-lines file is an Intercom conversation (an export of one per line)."""
    from pipeline.ingest._intercom import intercom_conversations

    return entry[2] is None and intercom_conversations(entry[1]) is not None


def _mapper_class(kind: str) -> type[TableMapper]:
    from pipeline.ingest._chat import ChatMapper
    from pipeline.ingest._reviews import ReviewMapper
    from pipeline.ingest._social import SocialMapper

    return {"chat": ChatMapper, "review": ReviewMapper, "social": SocialMapper, "survey": SurveyMapper}.get(kind, TableMapper)


# --- transcript roles ---------------------------------------------------------------------------------

def _is_question(text: str) -> bool:
    return text.rstrip().rstrip("\"'»”)…").rstrip().endswith("?")


def _question_ratio(texts: list[str]) -> float:
    if not texts:
        return 0.0
    return sum(map(_is_question, texts)) / len(texts)


def _answers_unlabelled(turns: list[Turn], speaker_role: dict[str, str], cfg: IngestConfig) -> bool:
    """True for a transcript in which only the interviewer is labelled and the answers follow unlabelled.

    "Interviewer: How did you find us?" then "I saw an ad on Instagram." on the next line: read as one
    turn, the participant's answer would be the interviewer's, and out of the analysis. The pattern
    counts when every labelled speaker is the interviewer (or, with ``guess_interviewer``, the only
    labelled speaker's turns open with a question) and at least half of their turns go on in
    unlabelled lines.
    """
    labelled = [t for t in turns if t.speaker]
    speakers = {t.speaker for t in labelled}
    if not labelled or sum(t.more is not None for t in labelled) < max(1, len(labelled) / 2):
        return False
    if all(speaker_role.get(s) == "interviewer" for s in speakers):
        return True
    if len(speakers) != 1 or not cfg.guess_interviewer or speaker_role.get(next(iter(speakers))) != "customer":
        return False
    first = [t.text[:t.more[1]] if t.more else t.text for t in labelled]
    return _question_ratio([f.strip() for f in first]) >= 0.5


def _split_answers(turns: list[Turn], who: str) -> list[Turn]:
    """Each labelled turn's unlabelled lines as a turn of their own, by ``who`` (the participant)."""
    out: list[Turn] = []
    for t in turns:
        if not t.speaker:
            t.speaker = who
        if t.more is None or t.speaker == who:
            out.append(t)
            continue
        out += _split_turn(t, *t.more, speaker=who)
    return out


def _split_turn(t: Turn, line: int, at: int, speaker: str) -> list[Turn]:
    """``t`` up to offset ``at`` of its text, and the rest (from input line ``line``) as ``speaker``'s turn."""
    return [Turn(speaker=t.speaker, text=t.text[:at].rstrip("\n"), line=t.line, media_time=t.media_time,
                 timestamp=t.timestamp, meta=t.meta),
            Turn(speaker=speaker, text=t.text[at:], line=line, meta=t.meta)]


def _restore_missing_labels(turns: list[Turn], speaker_role: dict[str, str]) -> tuple[list[Turn], int]:
    """Give an unlabelled line between two turns of one speaker to the other speaker, where it is plain whose.

    In an interview of one interviewer and one participant, a transcriber who forgets a label leaves
    "Anna: …" / "How did you pay?" / "Anna: BLIK." — read as written, the question is Anna's and her
    next answer follows her own words. Two cases are repaired, both only when the next labelled turn
    is the same speaker's again (otherwise the lines are an ordinary continuation):

    * the participant's turn ends in an unlabelled question: its last line is the interviewer's;
    * the interviewer's turn asks a question and goes on in unlabelled lines that ask none: they are
      the participant's answer.

    Returns the turns and the number of turns given a speaker.
    """
    by_role: dict[str, list[str]] = {}
    for s in dict.fromkeys(t.speaker for t in turns if t.speaker):
        by_role.setdefault(speaker_role.get(s, ""), []).append(s)
    if len(by_role.get("interviewer", [])) != 1 or len(by_role.get("customer", [])) != 1 or len(by_role) != 2:
        return turns, 0
    asker, answerer = by_role["interviewer"][0], by_role["customer"][0]
    out: list[Turn] = []
    fixed = 0
    for i, t in enumerate(turns):
        again = t.more is not None and i + 1 < len(turns) and turns[i + 1].speaker == t.speaker
        if again and t.speaker == answerer and t.last and _is_question(t.text[t.last[1]:]):
            line, at, other = t.last[0], t.last[1], asker
        elif (again and t.speaker == asker and _is_question(t.text[:t.more[1]])   # type: ignore[index]
              and not any(_is_question(x) for x in t.text[t.more[1]:].split("\n"))):   # type: ignore[index]
            line, at, other = t.more[0], t.more[1], answerer   # type: ignore[index]
        else:
            out.append(t)
            continue
        out += _split_turn(t, line, at, speaker=other)
        fixed += 1
    return out, fixed


def _transcript_roles(turns: list[Turn], front: dict[str, str], kind: str, cfg: IngestConfig,
                      roles: RoleMapper, company: tuple[str, ...] = (), exporters: tuple[str, ...] = ()) -> dict[str, str]:
    """speaker -> role for one transcript.

    Each speaker's role is decided in the one order of :meth:`RoleMapper.decide`, the interviewers and agents named
    in the front matter or the participant sheet (full label, or the first name of a full name) among the configured
    names, a chat's ``exporters`` as its owner (:func:`exporting_agents`). When that leaves no one speaking for the company, the speakers whose turns carry its formulas (a greeting
    on its behalf, the customer's details asked for, a closing formula: :func:`company_speakers`; ``company``: its
    names) are agents. In an interview that still leaves the interviewer unknown, if allowed, it is the speaker with
    the highest share of turns ending in '?' (when it is clearly higher than everyone else's). All others are
    participants, role ``customer``.
    """
    speakers = list(dict.fromkeys(t.speaker for t in turns if t.speaker))
    out: dict[str, str] = {}
    front_names: set[str] = set()
    for key in (*INTERVIEWER_KEYS, *AGENT_KEYS):
        for n in re.split(r"[,;]", front.get(key, "")):
            if n.strip():
                front_names.add(n.strip().casefold())
                front_names.add(n.strip().split()[0].casefold())
    owners = exporting_agents(exporters, speakers)
    for s in speakers:
        r = roles.decide(s, kind, interviewers=front_names, default=None, owner=s if s in owners else "")
        if r is not None:
            out[s] = r
    if kind in ("interview", "chat") and not set(out.values()) & {"interviewer", "agent"}:
        rest = [s for s in speakers if s not in out]
        for s in company_speakers([(t.speaker, t.text) for t in turns], rest, company):
            out[s] = "agent"
    if kind == "interview" and cfg.guess_interviewer and not set(out.values()) & {"interviewer", "agent"}:
        # among the speakers who may be participants: one labelled so ("Patient") is compared, never chosen
        pool = [s for s in speakers if out.get(s, "customer") == "customer"]
        if len(pool) >= 2:
            by: dict[str, list[str]] = {s: [] for s in pool}
            for t in turns:
                if t.speaker in by:
                    by[t.speaker].append(t.text)
            ratios = sorted(((_question_ratio(v), s) for s, v in by.items()), reverse=True)
            (top, who), (second, _) = ratios[0], ratios[1]
            if who not in out and top >= 0.3 and top >= second + 0.15:
                out[who] = "interviewer"
    if kind == "interview" and "interviewer" in out.values():
        # A second interviewer (a colleague taking notes) mostly asks questions too; the main
        # participant (who talks most) always stays a customer.
        rest = [s for s in speakers if s not in out]
        if len(rest) >= 2:
            texts: dict[str, list[str]] = {s: [] for s in rest}
            for t in turns:
                if t.speaker in texts:
                    texts[t.speaker].append(t.text)
            main = max(rest, key=lambda s: (sum(len(x) for x in texts[s]), s))
            for s in rest:
                if s != main and len(texts[s]) >= 2 and _question_ratio(texts[s]) >= 0.5:
                    out[s] = "interviewer"
    for s in speakers:
        out.setdefault(s, "customer")
    return out


# --- public API ----------------------------------------------------------------------------------------

def iter_records(path: Path, cfg: IngestConfig | None = None, chunk_size: int = 10000, *,
                 key: bytes | None = None) -> RecordStream:
    """Stream a corpus folder (or one file) as record DataFrames of at most ``chunk_size`` rows.

    Args:
        path: The corpus folder (or a single file).
        cfg: The ``[ingest]`` config; defaults if None.
        chunk_size: Records per yielded DataFrame (also rows read per step from CSV / JSONL).
        key: What hashes the names in file names and the thread ids that may hold one (the run's
            :func:`pipeline.redact.name_key`, of its cache folder, so that the same input, config and cache folder
            give the same hashes); None: a key of this process alone.

    Returns:
        A :class:`RecordStream`; iterate it, then read ``.quarantine`` and ``.files``.

    Raises:
        InputError: The folder is missing or empty, or a table has no recognisable text column.
    """
    cfg = cfg or IngestConfig()
    return RecordStream(Path(path), cfg, chunk_size, key=key)


def _collect(stream: RecordStream) -> IngestResult:
    chunks = [c for c in stream]
    if chunks:
        records = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
        meta_cols = sorted(c for c in records.columns if c.startswith("meta_"))
        for c in meta_cols:
            if records[c].isna().any():
                records[c] = records[c].fillna("")
        base = [c for c in records.columns if not c.startswith("meta_")]
        records = records[base + meta_cols]
    else:
        records = empty_records()
    return IngestResult(records=records.reset_index(drop=True), quarantine=stream.quarantine, files=stream.files,
                        input_columns=stream.input_columns)


def read_corpus(path: Path, cfg: IngestConfig | None = None, *, key: bytes | None = None) -> IngestResult:
    """Read every file of a corpus folder into records, quarantine rows and a per-file summary.

    Args:
        path: The corpus folder (sub-folders ``interviews/``, ``chats/``, ``reviews/``, ``social/``
            decide a file's kind; otherwise its columns, then its type do). A single file works too.
        cfg: The ``[ingest]`` config; defaults if None.
        key: What hashes the names in file names and the thread ids that may hold one (the run's
            :func:`pipeline.redact.name_key`, of its cache folder, so that the same input, config and cache folder
            give the same hashes); None: a key of this process alone.

    Returns:
        An :class:`IngestResult` (``records``, ``quarantine``, ``files``).

    Raises:
        InputError: The folder does not exist, holds no files or no readable file, or a table has
            no recognisable text column (the message names the file, its columns and the config key).

    Example:
        >>> res = read_corpus(Path("corpora/sample"))                          # doctest: +SKIP
        >>> res.records.groupby("source_type").size()                         # doctest: +SKIP
    """
    cfg = cfg or IngestConfig()
    res = _collect(RecordStream(Path(path), cfg, key=key))
    files = res.files
    if Path(path).is_dir() and len(files) and not (files["status"] == "parsed").any():
        raise res.unread_error(path)
    return res


def read_table(path: Path, text_col: str | None = None, cfg: IngestConfig | None = None, *,
               key: bytes | None = None) -> IngestResult:
    """Read one table (CSV / TSV / JSON / JSONL / XLSX) for ``qsynth tag|cluster|stage``.

    Every row becomes a record with ``source_type = "table"`` and ``doc_id = "table:<file>:<id or row>"``;
    speaker, role, thread, timestamp and rating columns are recognised when present, all other
    columns become ``meta_*``.

    Args:
        path: The file.
        text_col: The column holding the text; None finds it (``[ingest] text_columns``, then the
            usual names: text, message, body, comment, review ...).
        cfg: The ``[ingest]`` config; defaults if None.
        key: What hashes the names in file names and the thread ids that may hold one (the run's
            :func:`pipeline.redact.name_key`, of its cache folder, so that the same input, config and cache folder
            give the same hashes); None: a key of this process alone.

    Raises:
        InputError: The file does not exist, is not a table, or has no such / no recognisable text column.
    """
    cfg = cfg or IngestConfig()
    p = Path(path)
    if not p.is_file():
        raise InputError(errors.E012.format(path=p))
    fmt = FORMATS.get(p.suffix.lower())
    if fmt not in TABLE_FORMATS:
        raise InputError(f"'{p}' is not a table (found '{p.suffix or 'no extension'}', expected .csv, .tsv, "
                         ".json, .jsonl or .xlsx). Fix: pass a table, or a corpus folder to `qsynth run`.")
    res = _collect(RecordStream(p, cfg, text_col=text_col, single_table=True, key=key))
    if len(res.files) and res.files["status"].iloc[0] == "failed":
        raise res.unread_error(p)
    return res
