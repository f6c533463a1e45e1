"""Facebook Messenger and Instagram direct-message exports (``messages/inbox/<thread>/message_1.json``).

Meta's "Download your information" writes one JSON file per conversation: ``participants``,
``messages`` (newest first; ``sender_name``, ``timestamp_ms``, ``content``, or a photo, sticker or
share without text) and ``title``. Two quirks are undone here: the text is UTF-8 whose bytes were
written as Latin-1 code points ("DzieÅ\\x84 dobry" for "Dzień dobry"), and the messages run backwards.

The account that exported the data is the business when a team exports its page's inbox: in a
one-to-one conversation the ``title`` names the other person, so the participant who is not the
title is the account owner, and their messages are the agent's. ``[ingest] agent_names`` or
``speaker_roles`` override this.
"""

from __future__ import annotations


from pipeline.ingest._exports import ExportMessage
from pipeline.ingest._records import parse_timestamp

__all__ = ["messenger_thread", "repair", "account_owner", "messages"]

_MEDIA_KEYS = ("photos", "videos", "audio_files", "files", "gifs", "sticker", "share")


def repair(s: str) -> str:
    """Undo Meta's Latin-1-escaped UTF-8; any other text is returned as it is.

    Example:
        >>> repair("Dzie\\u00c5\\u0084 dobry")
        'Dzień dobry'
    """
    if not s or s.isascii():
        return s
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def messenger_thread(obj: object) -> dict | None:
    """The conversation when ``obj`` (parsed JSON) is a Messenger / Instagram export, else None."""
    if not isinstance(obj, dict) or not isinstance(obj.get("messages"), list) or not isinstance(obj.get("participants"), list):
        return None
    if not any(isinstance(m, dict) and "sender_name" in m for m in obj["messages"][:50]):
        return None
    return obj


def account_owner(thread: dict) -> str:
    """The exporting account in a one-to-one conversation (the participant the title does not name), else ""."""
    names = [repair(str(p.get("name") or "")) for p in thread.get("participants", []) if isinstance(p, dict)]
    title = repair(str(thread.get("title") or ""))
    if len(names) == 2 and title in names and names[0] != names[1]:
        return names[1] if names[0] == title else names[0]
    return ""


def messages(thread: dict) -> list[ExportMessage]:
    """The conversation's messages: text repaired, time from ``timestamp_ms``, newest-first ties undone."""
    out = []
    for i, m in enumerate(thread["messages"]):
        if not isinstance(m, dict):
            out.append(ExportMessage(i, "", "", "", skipped="not a message object"))
            continue
        text = repair(str(m.get("content") or ""))
        media = [k for k in _MEDIA_KEYS if m.get(k)]
        out.append(ExportMessage(i, parse_timestamp(str(m.get("timestamp_ms") or "")), repair(str(m.get("sender_name") or "")),
                                 text, skipped="" if text.strip() else f"message without text ({', '.join(media) or 'empty'})",
                                 seq=-i))
    return out
