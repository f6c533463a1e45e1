"""Read the corpus folder (or one table) into records: one row per turn / message / review / comment.

Records that cannot be read go to the quarantine table with file, line and reason; nothing is
dropped silently. Comments and reviews that read as spam, and the customer messages of a spam chat or
e-mail conversation (:mod:`pipeline.ingest._spam`), keep their row with the role ``spam``, so they are
never counted as customer evidence. ``ctx.artifacts`` receives ``quarantine`` and ``files``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import errors
from pipeline.errors import InputError

NAME = "ingest"
VERSION = "46"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('ingest', 'run')
REQUIRES: tuple[str, ...] = ()
ASSIGNS = ("doc_id", "source_type", "source_file", "line", "record_no", "record_index", "turn_index", "thread_id",
           "parent_id", "speaker", "role", "timestamp", "media_time", "channel", "rating", "text")


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    from pipeline.ingest import read_corpus, read_table
    from pipeline.redact import name_key

    src = Path(ctx.corpus)
    # names in file names are hashed under redaction's key of the cache folder: no list of names gives them back, and
    # the same input, config and cache folder give the same output
    key = name_key(ctx.cfg.run.cache_dir)
    if ctx.artifacts.get("table_input"):
        res = read_table(src, ctx.artifacts["text_col"], ctx.cfg.ingest, key=key)
    else:
        if not src.exists():
            raise InputError(errors.E001.format(path=src))
        res = read_corpus(src, ctx.cfg.ingest, key=key)
    ctx.artifacts["quarantine"] = res.quarantine
    ctx.artifacts["files"] = res.files
    ctx.artifacts["input_columns"] = res.input_columns
    if ctx.cfg.run.strict and len(res.quarantine):
        where = "the quarantine report"
        if ctx.out:   # the message sends the reader there: write it (no text in it, only file, line and reason;
            # not the records' own ids, which redaction has not read yet: one may be the customer's e-mail)
            from pipeline.report import safe_frame

            Path(ctx.out).mkdir(parents=True, exist_ok=True)
            where = Path(ctx.out) / "quarantine.csv"
            safe_frame(res.quarantine.drop(columns=["record_id"], errors="ignore")).to_csv(where, index=False)
            safe_frame(res.files).to_csv(Path(ctx.out) / "files.csv", index=False)
        raise InputError(errors.E014.format(n=len(res.quarantine), path=where))
    if res.records.empty:
        raise res.unread_error(src)
    records = res.records.reset_index(drop=True)
    n_spam = mark_spam(records, ctx.cfg.ingest) if ctx.cfg.ingest.spam_filter else 0
    ctx.stats[NAME] = {
        "files": int(len(res.files)),
        "records_in": int(res.files["records_in"].sum()) if len(res.files) else 0,
        "records_ok": int(len(res.records)),
        "quarantined": int(len(res.quarantine)),
        "spam": int(n_spam),
    }
    return records


def mark_spam(records: pd.DataFrame, cfg) -> int:
    """Give customer comments and reviews that read as spam, and the customer messages of a chat or e-mail
    conversation that is spam, the role ``spam`` (in place); return how many."""
    from pipeline.ingest._spam import CONVERSATION_SOURCES, SPAM_SOURCES, is_spam, spam_conversations

    if records.empty or "role" not in records:
        return 0
    customer = records["role"].eq("customer")
    texts = records["text"].fillna("").astype(str)
    extra = tuple(cfg.spam_patterns)
    cand = customer & records["source_type"].isin(SPAM_SOURCES)
    hit = pd.Series(False, index=records.index)
    if cand.any():   # only the candidates are read: chats are judged by conversation below
        hit.loc[cand] = [bool(is_spam(t, extra)) for t in texts[cand]]
    chat = customer & records["source_type"].isin(CONVERSATION_SOURCES)
    if chat.any():
        docs = records.loc[chat, "doc_id"] if "doc_id" in records else records.index[chat].astype(str)
        hit.loc[chat] = spam_conversations(list(docs), list(texts[chat]), extra)
    records.loc[hit, "role"] = "spam"
    return int(hit.sum())
