"""Chat / help-desk exports: one record per message, grouped into threads by conversation id.

Roles are decided in the one order of :meth:`pipeline.ingest._records.RoleMapper.decide`: ``[ingest]
speaker_roles``, the export's author-type column (``end-user`` -> customer, ``admin`` -> agent, ``bot`` -> bot ...),
the configured names, a role word or support-named account as the author, else customer (``other`` when the
author-type value is not recognised). A message's quoted earlier
messages and signature are cut (:func:`pipeline.ingest._mail.own_words`), as in e-mail: an HTML body too. An internal
note (Zendesk's ``public`` = false, Freshdesk's ``private`` = true) is not read and is counted in ``files.csv``, as
Intercom's notes are: the customer never saw it.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict

from pipeline.ingest._exports import INTERNAL_NOTES
from pipeline.ingest._mail import no_words, own_words
from pipeline.ingest._records import tidy_text
from pipeline.ingest._tables import TableMapper

__all__ = ["ChatMapper", "looks_like_conversations"]


# a help desk's flag that a comment is an internal note: Zendesk's public = false, Freshdesk's private = true
_PRIVATE = {"public": ("false", "0", "no", "n"), "private": ("true", "1", "yes", "y"),
            "is_private": ("true", "1", "yes", "y"), "internal": ("true", "1", "yes", "y"),
            "is_internal": ("true", "1", "yes", "y")}


def _internal(row: dict[str, str]) -> bool:
    """True for a help desk's internal note by the export's flag (Zendesk's ``public`` = false, Freshdesk's
    ``private`` = true).

    Example:
        >>> _internal({"public": "FALSE", "body": "check DPD"}), _internal({"public": "true"}), _internal({"private": "1"})
        (True, False, True)
    """
    return any((row.get(k) or "").strip().lower() in values for k, values in _PRIVATE.items())


# a word of a column's name that says it holds an id ("Request ID", "Interaction Ref", "Numer zgłoszenia")
_ID_WORD = re.compile(r"(?:^|_)(?:id|ids|no|nr|number|num|ref|key|uuid|numer|номер)(?:_|$)|[a-z]id$")


def looks_like_conversations(header: str, rows: list[dict[str, str]], column: str, by: list[str]) -> bool:
    """True when a chat export's unread ``column`` (``header`` as written) holds the conversation each row belongs
    to: its name says id, every row has a value, its values repeat (two or more, each over two rows on average),
    and most of them hold the rows of several authors (``by``: the speaker or role columns), as a conversation's
    customer and agent turns share one, an author's own id never.

    Example:
        >>> rows = [{"request_id": r, "author": a} for r, a in [("R1", "Ann"), ("R1", "Oksana"), ("R2", "Tom"),
        ...                                                      ("R2", "Oksana"), ("R2", "Tom")]]
        >>> looks_like_conversations("Request ID", rows, "request_id", ["author"])
        True
        >>> rows = [{"author_id": a, "author": a} for a in ("1", "2", "1", "2")]   # one author each: no conversation
        >>> looks_like_conversations("Author ID", rows, "author_id", ["author"])
        False
    """
    values = [(r.get(column) or "").strip() for r in rows]
    if not _ID_WORD.search(column) or not all(values) or not 2 <= len(set(values)) <= len(values) / 2:
        return False
    authors: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for v, r in zip(values, rows):
        authors[v].add(tuple((r.get(c) or "").strip() for c in by))
    return not by or sum(len(a) > 1 for a in authors.values()) * 2 > len(authors)


class ChatMapper(TableMapper):
    """Rows of a chat export -> records with ``doc_id = "chat:<conversation id>"``.

    An export without a conversation column it knows is one conversation; when a column it does not read looks like
    one (:func:`looks_like_conversations`: Helpshift's "Issue ID" had made 12 players' chats one), ``files.csv`` and a
    warning name it and the setting.
    """

    kind = "chat"
    notes = 0   # internal notes, counted in files.csv

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = kwargs.get("sample_rows") or []
        if self.fields.get("thread_id") or not rows:
            return
        read = {c for cs in self.fields.values() for c in cs}
        by = [cs[0] for f in ("speaker", "role") if (cs := self.fields.get(f))]
        found = next((h for c, h in zip(self._columns, self._raw_columns)
                      if c not in read and looks_like_conversations(h, rows, c, by)), None)
        if found:
            note = (f"read as one conversation (no conversation id column it knows), but column '{found}' looks like "
                    f"one; set [ingest.chat_columns] thread_id = [\"{found}\"] to read each conversation apart")
            self.stats.note(note)
            warnings.warn(f"{self.stats.file}: {note} (in qsynth.toml in the corpus folder)", UserWarning, stacklevel=2)

    def finish(self) -> None:
        """As every table's, and say in ``files.csv`` how many internal notes were not read."""
        super().finish()
        if self.notes:
            self.stats.note(f"{self.notes} {INTERNAL_NOTES}")

    def map_row(self, row: dict[str, str], line: int | None, idx: int) -> None:
        meta = self.meta(row)
        # No conversation id at all: the whole file is one conversation.
        thread = self.get(row, "thread_id") or self.stats.file
        speaker = self.get(row, "speaker")
        raw = self.get(row, "text")
        # a helpdesk comment quotes the earlier message and signs off like an e-mail ("> To renew the connection
        # go to Settings… > Best regards, The Team", "-- Anna, MK Design, NIP …, tel …"): what the sender wrote
        # is the rest, or the agent's macro had been a customer's praise
        if _internal(row):   # a help desk's internal note: the team's, the customer never saw it
            self.notes += 1
            return
        text = tidy_text(own_words(raw)) if raw else ""
        if raw.strip() and not text:
            self.buf.reject(self.stats, line, idx, no_words(raw))
            return
        role = self.role(speaker, self.get(row, "role"))
        turn = self.turns.get(thread, 0)
        if self.buf.add(self.stats, doc_id=f"chat:{thread}", source_type="chat", line=line, record_index=idx,
                        turn_index=turn, text=text, thread_id=thread, speaker=speaker, role=role,
                        timestamp=self.timestamp(row, meta), channel=self.get(row, "channel") or "chat",
                        meta=meta):
            self.turns[thread] = turn + 1
