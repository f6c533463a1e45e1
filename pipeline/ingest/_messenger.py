"""Facebook Messenger and Instagram direct-message exports (``messages/inbox/<thread>/message_1.json``).

Meta's "Download your information" writes one JSON file per conversation: ``participants``,
``messages`` (newest first; ``sender_name``, ``timestamp_ms``, ``content``, or a photo, sticker or
share without text) and ``title``; a conversation too long for one file goes on in ``message_2.json`` … (older
messages), which are read with it as one chat. Two quirks are undone here: the text is UTF-8 whose bytes were
written as Latin-1 code points ("DzieÅ\\x84 dobry" for "Dzień dobry"), and the messages run backwards. Messenger's
end-to-end encrypted chats ("Download secure storage data") come as ``threadName``, ``participants`` (names) and
messages of ``senderName``, ``text`` and ``timestamp`` (milliseconds), read the same way.

Not every message is someone's words: an unsent one (``is_unsent``), a call (``call_duration``, "Anna called
you."), a member added or leaving a group (``type`` ``Subscribe`` / ``Unsubscribe``) and the notices Meta writes as
text ("Liked a message", "Reacted ❤ to your message", "Anna sent an attachment.") are quarantined with what they are.

The account that exported the data is the business when a team exports its page's inbox: in a
one-to-one conversation the ``title`` names the other person, so the participant who is not the
title is the account owner, and their messages are the agent's. ``[ingest] agent_names`` or
``speaker_roles`` override this.
"""

from __future__ import annotations

import re

from pipeline.ingest._exports import ExportMessage, exporter
from pipeline.ingest._records import parse_timestamp
from pipeline.ingest._transcripts import chat_placeholder

__all__ = ["messenger_thread", "repair", "account_owner", "messages", "part_number", "meta_notice"]

_MEDIA_KEYS = ("photos", "videos", "audio_files", "files", "gifs", "sticker", "share", "media")
# Meta's words for a reaction, a like, an attachment or an unsent message, as it writes them as a message's whole text:
# alone ("Reacted ❤ to your message", "Liked a message") or after the sender's name or "you" ("Anna Nowak sent an
# attachment.", "Ольга Ли отменила отправку сообщения")
_NOTICE = re.compile(r"(?:(?P<who>[^\W\d_][\w'.-]*(?: [^\W\d_][\w'.-]*){0,3}) )?"
                     r"(?:reacted \S{1,12} to (?:your|a|their|his|her) message|liked a message|"
                     r"sent an attachment|unsent a message|"
                     r"zareagował(?:a|[ae]ś)? \S{1,12} na (?:twoją|swoją|jego|jej) wiadomość|"
                     r"polubił(?:a|[ae]ś)? (?:twoją )?wiadomość|wysłał(?:a|[ae]ś)? załącznik|"
                     r"cofnął(?:eś)? wysłanie wiadomości|cofnęła(?:ś)? wysłanie wiadomości|cofnięto wysłanie wiadomości|"
                     r"отреагировал[аи]? \S{1,12} на (?:ваше|ваш[еу]|свое|своё|его|её|ее) сообщение|"
                     r"(?:понравилось|нравится) сообщение|отправил[аи]? вложение|"
                     r"отменил[аи]? отправку сообщения)\.?\s*", re.IGNORECASE)
_YOU = {"you", "ty", "вы"}
# a service message's type in Facebook's export (Messenger's own "Call", a member joining or leaving a group)
_SERVICE_TYPES = {"call", "subscribe", "unsubscribe"}
# message_2.json …: the older messages of the conversation message_1.json holds
_PART = re.compile(r"message_(\d+)\.json", re.IGNORECASE)


def part_number(name: str) -> int:
    """The part of a conversation a file of Meta's export holds: 1 for ``message_1.json``, 0 for another file.

    Example:
        >>> part_number("message_2.json"), part_number("message_1.json"), part_number("result.json")
        (2, 1, 0)
    """
    m = _PART.fullmatch(name)
    return int(m.group(1)) if m else 0


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


def _get(m: dict, *keys: str) -> object:
    """The first of ``keys`` a message has: Facebook's export names a field one way (``sender_name``), the end-to-end
    encrypted chats' export another (``senderName``)."""
    return next((m[k] for k in keys if k in m), None)


def messenger_thread(obj: object) -> dict | None:
    """The conversation when ``obj`` (parsed JSON) is a Messenger / Instagram export, else None."""
    if not isinstance(obj, dict) or not isinstance(obj.get("messages"), list) or not isinstance(obj.get("participants"), list):
        return None
    if not any(isinstance(m, dict) and ("sender_name" in m or "senderName" in m) for m in obj["messages"][:50]):
        return None
    return obj


def account_owner(thread: dict) -> str:
    """The exporting account in a one-to-one conversation (the participant the title does not name), else ""."""
    names = [repair(str(p.get("name") or "" if isinstance(p, dict) else p or "")) for p in thread.get("participants", [])]
    return exporter(repair(str(_get(thread, "title", "threadName") or "")), names) if len(names) == 2 else ""


def meta_notice(text: str, sender: str) -> bool:
    """True for a message whose whole text is Meta's notice of a reaction, a like, an attachment or an unsent message
    (en / pl / ru), alone or after its sender's name (or some of its words) or "you"; a customer's sentence of the same
    words is theirs ("I sent an attachment", "Hi, I sent an attachment", "Я отправил вложение").

    Example:
        >>> [meta_notice(t, "Anna Nowak") for t in ("Anna Nowak wysłała załącznik.", "Reacted ❤ to your message",
        ...                                         "You sent an attachment.", "Anna liked a message")]
        [True, True, True, True]
        >>> [meta_notice(t, "Anna Nowak") for t in ("I sent an attachment", "Ok thanks, we sent an attachment.",
        ...                                         "Я отправил вложение", "Kasia polubiła wiadomość")]
        [False, False, False, False]
    """
    m = _NOTICE.fullmatch(text.strip().lstrip("\u200e\u200f").strip())
    if not m:
        return False
    who = (m.group("who") or "").casefold().split()
    return not who or " ".join(who) in _YOU or set(who) <= set(sender.casefold().split())


def _skipped(m: dict, text: str) -> str:
    """Why a message is no one's words ("" when it is)."""
    if _get(m, "is_unsent", "isUnsent"):
        return "unsent message (removed by its sender)"
    kind = str(m.get("type") or "")
    if "call_duration" in m or kind.lower() in _SERVICE_TYPES:
        return f"Messenger service message ({kind or 'Call'})"
    if meta_notice(text, repair(str(_get(m, "sender_name", "senderName") or ""))):
        return "Meta's notice of a reaction, a like or an attachment: no words of its own"
    if why := chat_placeholder(text):   # a deleted message, the encryption notice: the chat readers' one list
        return why
    if not text.strip():
        return f"message without text ({', '.join(k for k in _MEDIA_KEYS if m.get(k)) or 'empty'})"
    return ""


def messages(thread: dict, start: int = 0) -> list[ExportMessage]:
    """The conversation's messages: text repaired, time from ``timestamp_ms``, newest-first ties undone; what is no one's
    words marked to be quarantined (:func:`_skipped`). ``start``: how many newer messages the conversation's earlier
    files hold (``message_2.json`` goes on from ``message_1.json``).

    Example:
        >>> thread = {"messages": [{"sender_name": "Ola", "timestamp_ms": 1772000060000, "content": "Liked a message"},
        ...                        {"senderName": "Ola", "timestamp": 1772000000000, "text": "Gdzie paczka?"}]}
        >>> [(m.time, m.text, bool(m.skipped)) for m in messages(thread)]
        [('2026-02-25T06:14:20Z', 'Liked a message', True), ('2026-02-25T06:13:20Z', 'Gdzie paczka?', False)]
    """
    out = []
    for i, m in enumerate(thread["messages"]):
        if not isinstance(m, dict):
            out.append(ExportMessage(i, "", "", "", skipped="not a message object", seq=-(start + i)))
            continue
        text = repair(str(_get(m, "content", "text") or ""))
        out.append(ExportMessage(i, parse_timestamp(str(_get(m, "timestamp_ms", "timestamp") or "")),
                                 repair(str(_get(m, "sender_name", "senderName") or "")), text,
                                 skipped=_skipped(m, text), seq=-(start + i)))
    return out
