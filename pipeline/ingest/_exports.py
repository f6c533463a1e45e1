"""What the message-export readers share: one conversation in, records (or quarantine rows) out.

The e-mail (:mod:`pipeline.ingest._mail`), Messenger / Instagram (:mod:`pipeline.ingest._messenger`)
and Telegram (:mod:`pipeline.ingest._telegram`) readers each turn their format into
:class:`ExportMessage` items; :func:`emit_conversation` puts them in time order, quarantines what has
no text with the reader's reason, decides who speaks for the company and numbers the turns. Each message's role is
:meth:`pipeline.ingest._records.RoleMapper.decide`'s: an author type the export gives (``role_given``) as the
export's word, a role the reader inferred (an e-mail's company domain) as metadata that configured names correct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, Iterable

from pipeline.ingest._records import FileStats, RecordBuffer, RoleMapper, company_label, tidy_text
from pipeline.text import fold_accents

__all__ = ["INTERNAL_NOTES", "ExportMessage", "emit_conversation", "short_hash", "exporter", "exporting_agents"]

# what files.csv says of a help desk's internal notes, never read (Intercom's note parts, Zendesk's public = false
# comments): the team's own words, not conversation; counted, not quarantined, so --strict still reads the export
INTERNAL_NOTES = "internal note(s) not read (the customer never saw them)"


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


def short_hash(s: str, key: bytes, n: int = 12) -> str:
    """The first ``n`` hex digits of the keyed hash of ``s`` (:func:`pipeline.redact.keyed_hash`; ``key``: the run's
    :func:`pipeline.redact.name_key`): an id that shows no name or address, and that no list of names gives back
    without the key.

    Example:
        >>> a = short_hash("Anna Kowalska", b"k" * 32, 8)
        >>> len(a), a == short_hash("Anna Kowalska", b"k" * 32, 8), a == short_hash("Anna Kowalska", b"j" * 32, 8)
        (8, True, False)
    """
    from pipeline.redact import keyed_hash   # not at import: pipeline.redact reads ingest's labels

    return keyed_hash(s, key, n)


def _name_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{3,}", fold_accents(name))}


def _digits(name: str) -> str:
    return re.sub(r"\D", "", name)


def exporter(named: str, speakers: Iterable[str]) -> str:
    """The account that exported a one-to-one conversation: of its two speakers, the one the conversation is not named
    after (a Messenger thread's title, a Telegram personal chat's name, the contact in a WhatsApp export's file name);
    "" when it has another number of speakers or the name does not tell them apart.

    The name is the other person as the exporter saved them, which need not be as they write: the same name (any case,
    any accents), else the same phone number, else the one speaker who shares a word of it ("Dmitry Sokolov" names
    "Дмитрий Sokolov").

    Example:
        >>> exporter("Anna Nowak", ["Anna Nowak", "Stare Miasto Apartments"]), exporter("Dmitry Sokolov", ["Дмитрий Sokolov", "Kasia"])
        ('Stare Miasto Apartments', 'Kasia')
        >>> exporter("+48 673 158 962", ["+48673158962", "Kasia"]), exporter("Rodzina", ["Ola", "Kasia"]), exporter("Ola", ["Ola"])
        ('Kasia', '', '')
    """
    people = list(dict.fromkeys(s for s in speakers if s))
    if len(people) != 2 or not named.strip():
        return ""
    tests = (lambda s: fold_accents(s.strip()) == fold_accents(named.strip()),
             lambda s: len(_digits(named)) >= 7 and _digits(s) == _digits(named),
             lambda s: bool(_name_words(s) & _name_words(named)))
    for same in tests:
        hit = [same(s) for s in people]
        if sum(hit) == 1:
            return people[hit.index(False)]
        if any(hit):
            return ""
    return ""


def exporting_agents(owners: Collection[str], speakers: Iterable[str]) -> set[str]:
    """Which exporting accounts speak for the company in a conversation: all of ``owners``, unless the conversation has
    a support-named account ("Sofino Support": :func:`company_label`), which is the agent then, not the exporter.

    Example:
        >>> exporting_agents({"Anna"}, ["Anna", "Tom"]), exporting_agents({"Anna"}, ["Anna", "Sofino Support"])
        ({'Anna'}, set())
    """
    if any(company_label(s) == "agent" for s in speakers):
        return set()
    return set(owners) - {""}


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
    owner = "".join(exporting_agents({owner}, (m.speaker for m in messages if not m.skipped)))
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
