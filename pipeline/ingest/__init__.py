"""Ingest: read interview transcripts, chat exports, reviews and social comments into one record table.

Public API (see ``CONTRACTS.md``):
    read_corpus(path, cfg) -> IngestResult        every file of a corpus folder
    read_table(path, text_col, cfg) -> IngestResult one CSV / TSV / JSON / JSONL / XLSX table
    iter_records(path, cfg, chunk_size) -> RecordStream   the same, streamed in DataFrame chunks
    IngestConfig                                  the ``[ingest]`` config section
    role_words(section) -> tuple[str, ...]        the one list of role words (``resources/role_words.txt``)

Nothing is dropped silently: every input record is either a row of ``records`` or of
``quarantine`` (file, line, record_index, record_id: the input's own id of the record, reason: which names a JSON
document's record by its number, "record 12: empty text"), and ``files`` says per file how many of each.
"""

from pipeline.ingest._config import ROLE_WORDS_PATH, IngestConfig, role_words
from pipeline.ingest._corpus import IngestResult, RecordStream, iter_records, list_files, read_corpus, read_table
from pipeline.ingest._encoding import decode_bytes, detect_encoding
from pipeline.ingest._records import FILE_COLUMNS, QUARANTINE_COLUMNS, RECORD_COLUMNS, norm_key
from pipeline.ingest._reviews import title_end

__all__ = [
    "IngestConfig",
    "IngestResult",
    "RecordStream",
    "read_corpus",
    "read_table",
    "iter_records",
    "list_files",
    "detect_encoding",
    "decode_bytes",
    "norm_key",
    "title_end",
    "role_words",
    "ROLE_WORDS_PATH",
    "RECORD_COLUMNS",
    "QUARANTINE_COLUMNS",
    "FILE_COLUMNS",
]
