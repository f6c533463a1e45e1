"""Telegram Desktop chat exports (``result.json``, "Export chat history" / "Export Telegram data" as JSON).

One chat is ``{"name", "type", "id", "messages": [...]}``; a full export holds them under
``{"chats": {"list": [...]}}``. A message has ``from``, ``date`` (local time) and ``date_unixtime``,
and ``text`` that is a string or a list of strings and entities (``{"type": "link", "text": …}``),
which are joined back into the sentence. Service messages (calls, joins, pinned messages) and media
without a caption are reported, not read. In a personal chat the ``name`` is the other person, so the
sender who is not the name is the account that exported it: the business, when a team exports its
support account; ``[ingest] agent_names`` overrides it.
"""

from __future__ import annotations

import json

from pipeline.ingest._exports import ExportMessage
from pipeline.ingest._records import parse_timestamp

__all__ = ["telegram_chats", "message_text", "account_owner", "messages"]

_CHAT_TYPES = {"personal_chat", "private_group", "private_supergroup", "public_supergroup", "public_channel",
               "private_channel", "bot_chat", "saved_messages"}
_MEDIA_KEYS = ("photo", "file", "media_type", "sticker_emoji", "location_information", "contact_information", "poll")


def _is_chat(obj) -> bool:
    return (isinstance(obj, dict) and isinstance(obj.get("messages"), list)
            and (obj.get("type") in _CHAT_TYPES or any(isinstance(m, dict) and "from_id" in m for m in obj["messages"][:50])))


def telegram_chats(text: str) -> list[dict] | None:
    """The chats of a Telegram JSON export, or None when ``text`` is not one."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError:
        return None
    if _is_chat(obj):
        return [obj]
    listed = obj.get("chats", {}).get("list") if isinstance(obj, dict) and isinstance(obj.get("chats"), dict) else None
    if isinstance(listed, list) and listed and all(_is_chat(c) for c in listed):
        return listed
    return None


def message_text(m: dict) -> str:
    """The message's text: a string, or the strings and entity texts of a list joined back together.

    Example:
        >>> message_text({"text": ["Status: ", {"type": "link", "text": "https://x.pl/s"}, " thanks!"]})
        'Status: https://x.pl/s thanks!'
    """
    t = m.get("text", "")
    if isinstance(t, list):
        t = "".join(p if isinstance(p, str) else str(p.get("text", "")) if isinstance(p, dict) else "" for p in t)
    return str(t or "")


def account_owner(chat: dict) -> str:
    """The exporting account in a personal chat (the sender the chat is not named after), else ""."""
    if chat.get("type") != "personal_chat":
        return ""
    name = str(chat.get("name") or "")
    senders = {str(m.get("from") or "") for m in chat.get("messages", []) if isinstance(m, dict) and m.get("type") == "message"}
    others = sorted(s for s in senders if s and s != name)
    return others[0] if name in senders and len(others) == 1 else ""


def messages(chat: dict, offset: int = 0) -> list[ExportMessage]:
    """The chat's messages (record indices from ``offset``): time from ``date_unixtime`` (UTC), else the
    local ``date``; service messages and media without a caption marked to be quarantined."""
    out = []
    for i, m in enumerate(chat["messages"]):
        if not isinstance(m, dict):
            out.append(ExportMessage(offset + i, "", "", "", skipped="not a message object", seq=i))
            continue
        text = message_text(m)
        if m.get("type", "message") != "message":
            skipped = f"Telegram service message ({m.get('action') or m.get('type')})"
        elif not text.strip():
            skipped = f"message without text ({', '.join(k for k in _MEDIA_KEYS if m.get(k)) or 'empty'})"
        else:
            skipped = ""
        when = parse_timestamp(str(m.get("date_unixtime") or "")) or parse_timestamp(str(m.get("date") or ""))
        out.append(ExportMessage(offset + i, when, str(m.get("from") or ""), text, skipped=skipped, seq=i))
    return out
