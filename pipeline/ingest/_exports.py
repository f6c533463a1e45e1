"""What the message-export readers share: one conversation in, records (or quarantine rows) out.

The e-mail (:mod:`pipeline.ingest._mail`), Messenger / Instagram (:mod:`pipeline.ingest._messenger`)
and Telegram (:mod:`pipeline.ingest._telegram`) readers each turn their format into
:class:`ExportMessage` items; :func:`emit_conversation` puts them in time order, quarantines what has
no text with the reader's reason, decides who speaks for the company and numbers the turns.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from pipeline.ingest._records import FileStats, RecordBuffer, RoleMapper, clean_text
from pipeline.ingest._reviews import join_title

__all__ = ["ExportMessage", "emit_conversation", "agent_label", "short_hash"]

# A speaker label or account name with one of these words is the company's ("Sofino Support", "BOK Sofino").
_AGENT_LABEL_WORDS = {"support", "helpdesk", "obsługa", "obsluga", "bok", "konsultant", "konsultantka", "consultant",
                      "поддержка", "оператор", "консультант", "customer service", "customer care", "служба поддержки"}


@dataclass
class ExportMessage:
    """One message of an export, as the reader understood it."""

    index: int            # record index in the file (or the folder, for .eml)
    time: str             # ISO 8601, "" when unknown
    speaker: str
    text: str             # raw; cleaned when emitted
    skipped: str = ""     # a reason to quarantine it instead (a service message, a photo without text)
    seq: int = 0          # tie-break for equal times (exports that run newest first give -position)
    role: str = ""        # set by a reader that knows it (e-mail: the company's domain); else decided here
    role_given: bool = False   # ``role`` is the export's author type: only ``speaker_roles`` overrides it
    msg_id: str = ""      # the export's own id of the message ("" when it has none)
    parent: str = ""      # the id of the message it replies to


def short_hash(s: str, n: int = 12) -> str:
    """The first ``n`` hex digits of the SHA-1 of ``s``: an id that does not show a name or an address."""
    return hashlib.sha1(s.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def agent_label(label: str) -> bool:
    """True for a name that says support ("Sofino Support", "BOK", "Поддержка").

    Example:
        >>> agent_label("Sofino Obsługa"), agent_label("Anna Wiśniewska")
        (True, False)
    """
    folded = " ".join(re.findall(r"\w+", label.casefold()))
    return any(re.search(rf"(^| ){re.escape(w)}( |$)", folded) for w in _AGENT_LABEL_WORDS)


def _role(roles: RoleMapper, m: ExportMessage, owner: str, support: bool, social: bool = False) -> str:
    """Configured names first, then the reader's own role, then a support-named account when the
    conversation has one, else the account that exported it (``owner``). In social comments only the
    brand's accounts (``brand_authors``, or a support-named one) are not customers: agent and bot names
    are a chat's. An author type the export gives (``role_given``) yields only to ``speaker_roles``: agent and
    bot names are for exports that do not say who wrote."""
    if m.role_given:
        return roles.override(m.speaker) or m.role
    configured = roles.override(m.speaker) or roles.from_name(m.speaker, ("brand",) if social else ("bot", "agent", "brand"))
    if configured:
        return configured
    if m.role:
        return m.role
    if social:
        return "brand" if agent_label(m.speaker) else "customer"
    if support:
        return "agent" if agent_label(m.speaker) else "customer"
    return "agent" if owner and m.speaker == owner else "customer"


def emit_conversation(messages: list[ExportMessage], *, stats: FileStats | list[FileStats], buf: RecordBuffer,
                      roles: RoleMapper, doc_id: str, thread_id: str, channel: str, owner: str = "",
                      title: str = "", source_type: str = "chat", meta: dict[str, str] | None = None,
                      id_column: str = "") -> None:
    """Add one conversation's messages as records in time order.

    Args:
        messages: The conversation, any order.
        stats: The file's row, or one row per message (a folder of .eml files).
        doc_id, thread_id, channel: As the records carry them.
        owner: The account that exported the conversation (its messages are the agent's), "" if unknown.
        title: Opens the first message with text ("Uszkodzona sofa. Dzień dobry, …"): an e-mail's subject.
        source_type: ``chat``, or ``social`` for a thread of comments (roles: see :func:`_role`).
        meta: ``meta_*`` columns every record of the conversation carries.
        id_column: A ``meta_*`` column for each message's own id (``msg_id``), to find it in the export again.
    """
    per_message = isinstance(stats, list)
    support = any(agent_label(m.speaker) for m in messages if not m.skipped)
    order = sorted(range(len(messages)), key=lambda j: (messages[j].time, messages[j].seq))
    turn = 0
    for j in order:
        m, st = messages[j], stats[j] if per_message else stats
        text = clean_text(m.text)
        if m.skipped or not text:
            buf.reject(st, None, m.index, m.skipped or "message without text")
            continue
        if turn == 0 and title:
            text = join_title(clean_text(title), text)
        if buf.add(st, doc_id=doc_id, source_type=source_type, line=None, record_index=m.index, turn_index=turn,
                   text=text, thread_id=thread_id, parent_id=m.parent, speaker=m.speaker,
                   role=_role(roles, m, owner, support, social=source_type == "social"), timestamp=m.time, channel=channel,
                   meta={**(meta or {}), id_column: m.msg_id} if id_column else meta):
            turn += 1
