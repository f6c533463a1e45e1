"""Intercom conversation exports (the REST API's ``conversation`` objects, as export scripts save them).

A conversation is ``{"id", "created_at", "source": {...}, "conversation_parts": {"conversation_parts": [...]},
"contacts", "teammates", "tags", "custom_attributes", ...}``; a file holds a list of them, or
``{"conversations": [...]}`` (``"type": "conversation.list"``), or one, or one a line (JSON lines, in a ``.jsonl``
or a ``.json`` file). The ``source`` is the message that
opened the conversation (the customer's question, or an outbound message): it is turn 0, with its author's
role. The parts follow in time order:

* a ``comment`` (and any other part with a body: a reply sent while assigning or closing) is a message;
* a ``note`` is internal, seen only by the team: not conversation, never the turn before a customer's;
* an ``assignment``, ``open``, ``close``, ``snoozed`` … part without a body is an event, not a message.

Notes and events are counted in ``files.csv``, not quarantined. Author types: ``user``, ``lead`` and
``contact`` are the customer, ``admin`` and ``team`` the agent, ``bot`` the bot (``[ingest] role_values``;
``speaker_roles`` overrides, ``agent_names`` does not: the export says who wrote). ``contacts``,
``teammates`` and ``tags`` are metadata (the tags' names in ``meta_tags``), as are the conversation's
``custom_attributes`` (``meta_plan``, ``meta_platform`` …) and its rating; each message's own id (the
source's or the part's) is ``meta_part_id``, to find it in Intercom.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.ingest._exports import ExportMessage
from pipeline.ingest._html import html_lines
from pipeline.ingest._mail import no_words, own_words
from pipeline.ingest._records import RoleMapper, parse_timestamp

__all__ = ["intercom_conversations", "IntercomConversation", "read_conversation"]

# Intercom's author types that its role values do not name
_AUTHOR_ROLES = {"team": "agent"}
# the conversation's own bookkeeping: not metadata a reader wants on every message
_BOOKKEEPING = {"type", "id", "created_at", "updated_at", "waiting_since", "snoozed_until", "open", "read",
                "admin_assignee_id", "team_assignee_id", "redacted"}
_CHANNELS = {"conversation": "chat", "email": "email", "facebook": "messenger", "instagram": "instagram",
             "whatsapp": "whatsapp", "sms": "sms", "twitter": "twitter", "phone_call": "phone", "push": "chat"}


def _is_conversation(obj: object) -> bool:
    if not isinstance(obj, dict):
        return False
    parts = obj.get("conversation_parts")
    listed = parts.get("conversation_parts") if isinstance(parts, dict) else parts
    source = obj.get("source")
    return isinstance(listed, list) or (obj.get("type") == "conversation" and isinstance(source, dict))


def intercom_conversations(obj: object) -> list[dict] | None:
    """The conversations of an Intercom export (parsed JSON: a list of them, one, or a ``conversation.list``;
    a JSON-lines export is the list of its lines), or None when ``obj`` is not one.

    Example:
        >>> intercom_conversations({"type": "conversation.list", "conversations": [{"id": "1", "conversation_parts": []}]})
        [{'id': '1', 'conversation_parts': []}]
        >>> intercom_conversations([{"id": 1, "text": "hi"}]) is None
        True
    """
    if isinstance(obj, dict) and isinstance(obj.get("conversations"), list):
        obj = obj["conversations"]
    items = obj if isinstance(obj, list) else [obj]
    if items and all(_is_conversation(c) for c in items):
        return items
    return None


def _meta(conv: dict) -> dict[str, str]:
    """The conversation's metadata: its own scalar fields, custom attributes, tag names and rating."""
    out: dict[str, str] = {}
    for k, v in conv.items():
        if k not in _BOOKKEEPING and isinstance(v, (str, int, float, bool)) and v is not None and str(v).strip():
            out[k] = str(v)
    attrs = conv.get("custom_attributes")
    if isinstance(attrs, dict):
        out.update({k: str(v) for k, v in attrs.items() if isinstance(v, (str, int, float)) and str(v).strip()})
    tags = conv.get("tags")
    tags = tags.get("tags") if isinstance(tags, dict) else tags
    if isinstance(tags, list):
        names = [str(t.get("name")) for t in tags if isinstance(t, dict) and t.get("name")]
        if names:
            out["tags"] = "; ".join(names)
    rating = conv.get("conversation_rating")
    if isinstance(rating, dict):
        for k, name in (("rating", "conversation_rating"), ("remark", "conversation_rating_remark")):
            if rating.get(k) not in (None, ""):
                out[name] = str(rating[k])
    return out


@dataclass
class IntercomConversation:
    """One conversation as read: its messages, and what was not conversation."""

    thread: str
    channel: str
    subject: str
    messages: list[ExportMessage]
    meta: dict[str, str] = field(default_factory=dict)
    notes: int = 0    # internal notes
    events: int = 0   # assignment / open / close … parts without a message
    end: int = 0      # the record index after its last part


def _message(part: dict, index: int, seq: int, when: object, roles: RoleMapper) -> ExportMessage:
    author = part.get("author") if isinstance(part.get("author"), dict) else {}
    kind = str(author.get("type") or "")
    role = roles.from_value(kind) or _AUTHOR_ROLES.get(kind, "")
    raw = str(part.get("body") or "")
    text = own_words(raw, is_html=True) if raw.strip() else ""
    if text.strip():
        skipped = ""
    elif raw.strip():
        skipped = no_words(raw, is_html=True)
    else:
        skipped = "a file or image without text" if part.get("attachments") else "message without text"
    return ExportMessage(index, parse_timestamp(str(when or "")), str(author.get("name") or ""), text,
                         skipped=skipped, seq=seq, role=role, role_given=bool(role), msg_id=str(part.get("id") or ""))


def read_conversation(conv: dict, first_index: int, roles: RoleMapper) -> IntercomConversation:
    """One Intercom conversation: the ``source`` message first, then its parts (record indices from ``first_index``).

    Example:
        >>> conv = {"id": "7", "created_at": 1777600000, "tags": {"tags": [{"name": "billing"}]},
        ...         "source": {"body": "<p>Charged twice</p>", "author": {"type": "lead", "name": "Ola"}},
        ...         "conversation_parts": {"conversation_parts": [
        ...             {"part_type": "note", "body": "<p>VIP</p>", "author": {"type": "admin"}, "created_at": 1777600100},
        ...             {"part_type": "comment", "body": "<p>Refunded.</p>", "author": {"type": "admin", "name": "Sam"},
        ...              "created_at": 1777600200},
        ...             {"part_type": "close", "body": None, "author": {"type": "admin"}, "created_at": 1777600300}]}}
        >>> from pipeline.ingest._config import IngestConfig
        >>> c = read_conversation(conv, 0, RoleMapper(IngestConfig()))
        >>> [(m.speaker, m.role, m.text) for m in c.messages], c.notes, c.events, c.meta
        ([('Ola', 'customer', 'Charged twice'), ('Sam', 'agent', 'Refunded.')], 1, 1, {'tags': 'billing'})
    """
    parts_obj = conv.get("conversation_parts")
    parts = parts_obj.get("conversation_parts") if isinstance(parts_obj, dict) else parts_obj
    source = conv.get("source") if isinstance(conv.get("source"), dict) else None
    out = IntercomConversation(thread=str(conv.get("id") or ""), subject="", messages=[], meta=_meta(conv),
                               channel=_CHANNELS.get(str((source or {}).get("type") or ""), "chat"))
    index, when = first_index, conv.get("created_at")
    if source is not None:
        out.subject = " ".join(html_lines(str(source.get("subject") or "")).split())
        out.messages.append(_message(source, index, 0, when, roles))
        index += 1
    for seq, part in enumerate(parts if isinstance(parts, list) else [], 1):
        if isinstance(part, dict):   # a part without a time stays where the export put it
            when = part.get("created_at") or when
        if not isinstance(part, dict):
            out.messages.append(ExportMessage(index, "", "", "", skipped="not a conversation part object", seq=seq))
        elif str(part.get("part_type") or "").startswith("note"):
            out.notes += 1   # internal: the customer never saw it
        elif str(part.get("part_type") or "comment") != "comment" and not str(part.get("body") or "").strip():
            out.events += 1
        else:
            out.messages.append(_message(part, index, seq, when, roles))
        index += 1
    out.end = index
    return out
