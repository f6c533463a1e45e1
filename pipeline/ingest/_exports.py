"""What the message-export readers share: one conversation in, records (or quarantine rows) out.

The e-mail (:mod:`pipeline.ingest._mail`), Messenger / Instagram (:mod:`pipeline.ingest._messenger`)
and Telegram (:mod:`pipeline.ingest._telegram`) readers each turn their format into
:class:`ExportMessage` items; :func:`emit_conversation` puts them in time order, quarantines what has
no text with the reader's reason, decides who speaks for the company and numbers the turns. Each message's role is
:meth:`pipeline.ingest._records.RoleMapper.decide`'s: an author type the export gives (``role_given``) as the
export's word, a role the reader inferred (an e-mail's company domain) as metadata that configured names correct.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from pipeline.ingest._records import FileStats, RecordBuffer, RoleMapper, company_label, tidy_text

__all__ = ["ExportMessage", "emit_conversation", "short_hash"]

@dataclass
class ExportMessage:
    """One message of an export, as the reader understood it."""

    index: int            # record index in the file (or the folder, for .eml)
    time: str             # ISO 8601, "" when unknown
    speaker: str
    text: str             # plain text, its markup read (an HTML body by own_words); tidied when emitted
    skipped: str = ""     # a reason to quarantine it instead (a service message, a photo without text)
    seq: int = 0          # tie-break for equal times (exports that run newest first give -position)
    role: str = ""        # set by a reader that knows it (e-mail: the company's domain); else decided here
    role_given: bool = False   # ``role`` is the export's author type, not inferred (see RoleMapper.decide)
    msg_id: str = ""      # the export's own id of the message ("" when it has none)
    parent: str = ""      # the id of the message it replies to


def short_hash(s: str, n: int = 12) -> str:
    """The first ``n`` hex digits of the SHA-1 of ``s``: an id that does not show a name or an address."""
    return hashlib.sha1(s.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def emit_conversation(messages: list[ExportMessage], *, stats: FileStats | list[FileStats], buf: RecordBuffer,
                      roles: RoleMapper, doc_id: str, thread_id: str, channel: str, owner: str = "",
                      subject: str = "", source_type: str = "chat", meta: dict[str, str] | None = None,
                      id_column: str = "") -> None:
    """Add one conversation's messages as records in time order.

    Args:
        messages: The conversation, any order.
        stats: The file's row, or one row per message (a folder of .eml files).
        doc_id, thread_id, channel: As the records carry them.
        owner: The account that exported the conversation (its messages are the agent's, unless the
            conversation has a support-named account), "" if unknown. Roles: :meth:`RoleMapper.decide`.
        subject: The conversation's subject as plain text (an e-mail's, an Intercom conversation's): every record carries it as
            ``meta_subject``, none as text (a reader gives a message that has no words but a subject that text).
        source_type: ``chat``, or ``social`` for a thread of comments.
        meta: ``meta_*`` columns every record of the conversation carries.
        id_column: A ``meta_*`` column for each message's own id (``msg_id``), to find it in the export again.
    """
    per_message = isinstance(stats, list)
    if subject.strip():
        meta = {**(meta or {}), "meta_subject": tidy_text(subject)}
    if any(company_label(m.speaker) == "agent" for m in messages if not m.skipped):
        owner = ""    # the conversation has a support account: that one is the agent, not the exporter
    order = sorted(range(len(messages)), key=lambda j: (messages[j].time, messages[j].seq))
    turn = 0
    for j in order:
        m, st = messages[j], stats[j] if per_message else stats
        text = tidy_text(m.text)
        if m.skipped or not text:
            buf.reject(st, None, m.index, m.skipped or "message without text")
            continue
        if buf.add(st, doc_id=doc_id, source_type=source_type, line=None, record_index=m.index, turn_index=turn,
                   text=text, thread_id=thread_id, parent_id=m.parent, speaker=m.speaker,
                   role=roles.decide(m.speaker, source_type, given=m.role if m.role_given else "",
                                     found="" if m.role_given else m.role, owner=owner),
                   timestamp=m.time, channel=channel,
                   meta={**(meta or {}), id_column: m.msg_id} if id_column else meta):
            turn += 1
