"""Telegram Desktop chat exports (``result.json``, "Export chat history" / "Export Telegram data" as JSON).

One chat is ``{"name", "type", "id", "messages": [...]}``; a full export holds them under
``{"chats": {"list": [...]}}``. A message has ``from``, ``date`` (local time) and ``date_unixtime``,
and ``text`` that is a string or a list of strings and entities (``{"type": "link", "text": …}``),
which are joined back into the sentence. Service messages (calls, joins, pinned messages), media
without a caption and a message forwarded from another chat (``forwarded_from``: someone else's words, a courier's
notice the customer passes on) are reported, not read. In a personal chat the ``name`` is the other person, so the
sender who is not the name is the account that exported it: the business, when a team exports its
support account; ``[ingest] agent_names`` overrides it.

A group where many people write (a channel's discussion group), or any group or channel whose export
sits in a ``social/`` folder, is comments, not a support chat (:func:`is_discussion`): each thread of
replies (a message and the replies chained to it by ``reply_to_message_id``) is one document, and a
comment under a channel post starts its own thread under that post (:func:`reply_threads`). Posts of
the channel itself (``from_id`` "channel…") are the brand's; an account that sends inline keyboards
(``inline_bot_buttons``: only bots can) is a bot, as is a message sent through one (``via_bot``): a bot's menu
is no customer's words, whatever the bot is called (a bot-named account is one anyway:
:func:`pipeline.ingest._records.company_label`).
"""

from __future__ import annotations


from pipeline.ingest._exports import ExportMessage, exporter
from pipeline.ingest._records import parse_timestamp

__all__ = ["telegram_chats", "message_text", "account_owner", "messages", "is_discussion", "reply_threads"]

_CHAT_TYPES = {"personal_chat", "private_group", "private_supergroup", "public_supergroup", "public_channel",
               "private_channel", "bot_chat", "saved_messages"}
_ONE_TO_ONE = {"personal_chat", "bot_chat", "saved_messages"}
_CHANNELS = {"public_channel", "private_channel"}
# a group where at least this many people write is a community, not a customer with the support team
MANY_WRITERS = 5
_MEDIA_KEYS = ("photo", "file", "media_type", "sticker_emoji", "location_information", "contact_information", "poll")


def _is_chat(obj) -> bool:
    return (isinstance(obj, dict) and isinstance(obj.get("messages"), list)
            and (obj.get("type") in _CHAT_TYPES or any(isinstance(m, dict) and "from_id" in m for m in obj["messages"][:50])))


def telegram_chats(obj: object) -> list[dict] | None:
    """The chats of a Telegram JSON export (parsed), or None when ``obj`` is not one."""
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
    senders = sorted({str(m.get("from") or "") for m in chat.get("messages", [])
                      if isinstance(m, dict) and m.get("type") == "message"} - {""})
    return exporter(str(chat.get("name") or ""), senders)


def _from_channel(m: dict) -> bool:
    return str(m.get("from_id") or "").startswith("channel")


def is_discussion(chat: dict, folder_kind: str | None) -> bool:
    """True for a chat read as social comments: a channel, a group in a ``social/`` folder, or a group
    where at least :data:`MANY_WRITERS` people write (outside a ``chats/`` folder too). A personal chat never is.

    Example:
        >>> group = {"type": "public_supergroup", "messages": [{"type": "message", "from_id": f"user{i}"} for i in range(6)]}
        >>> is_discussion(group, None), is_discussion({**group, "type": "personal_chat"}, "social")
        (True, False)
    """
    kind = chat.get("type")
    if kind in _ONE_TO_ONE:
        return False
    if folder_kind == "social" or kind in _CHANNELS:
        return True
    writers = {str(m.get("from_id") or m.get("from") or "") for m in chat.get("messages", [])
               if isinstance(m, dict) and m.get("type", "message") == "message" and not _from_channel(m)}
    return len(writers - {""}) >= MANY_WRITERS


def reply_threads(chat: dict, msgs: list[ExportMessage]) -> list[tuple[str, str, list[ExportMessage]]]:
    """The chat's messages (from :func:`messages`) as threads of replies: ``(root id, post id, messages)``
    in the order their roots come. A reply belongs to the thread of the message it answers; a comment
    answering a channel post starts a thread whose post id is that post's (the post is a thread of its own).

    Example:
        >>> chat = {"messages": [{"id": 1, "from_id": "channel9"}, {"id": 2, "reply_to_message_id": 1},
        ...                      {"id": 3, "reply_to_message_id": 2}, {"id": 4, "reply_to_message_id": 1}]}
        >>> msgs = [ExportMessage(i, "", "", "x", msg_id=str(i + 1), parent=p) for i, p in enumerate(["", "1", "2", "1"])]
        >>> [(root, post, [m.msg_id for m in ms]) for root, post, ms in reply_threads(chat, msgs)]
        [('1', '1', ['1']), ('2', '1', ['2', '3']), ('4', '1', ['4'])]
    """
    posts = {str(m.get("id")) for m in chat["messages"]
             if isinstance(m, dict) and _from_channel(m) and not m.get("reply_to_message_id")}
    by_id = {m.msg_id: m for m in msgs if m.msg_id}
    top_of: dict[int, ExportMessage] = {}   # id() of a message -> the top of its chain: each chain is walked once
    out: dict[str, tuple[str, list[ExportMessage]]] = {}
    for m in msgs:
        # a malformed export (replies that loop, an id used twice) stops each walk where it came round, so the walk
        # from each message ends elsewhere: such walks are neither memoised nor shortened by the memo
        memo = by_id.get(m.msg_id) is m
        cur, path, seen = m, [m], {m.msg_id}
        while not (memo and id(cur) in top_of) and cur.parent in by_id and cur.parent not in posts:
            if cur.parent in seen:
                memo = False
                break
            cur = by_id[cur.parent]
            path.append(cur)
            seen.add(cur.msg_id)
        if memo:
            cur = top_of.get(id(cur), cur)
            top_of.update((id(x), cur) for x in path)
        root = cur.msg_id or f"#{m.index}"
        post = cur.msg_id if cur.msg_id in posts else cur.parent if cur.parent in posts else ""
        out.setdefault(root, (post, []))[1].append(m)
    return [(root, post, group) for root, (post, group) in out.items()]


def _bot_accounts(chat: dict) -> set[str]:
    """The ``from_id`` of every account of the chat that sends inline keyboards, which only bots can."""
    return {str(m["from_id"]) for m in chat["messages"]
            if isinstance(m, dict) and m.get("from_id") and m.get("inline_bot_buttons")}


def messages(chat: dict, offset: int = 0) -> list[ExportMessage]:
    """The chat's messages (record indices from ``offset``): time from ``date_unixtime`` (UTC), else the
    local ``date``; service messages, media without a caption and forwarded messages marked to be quarantined; the channel's
    own posts (``from_id`` "channel…") the brand's, a bot's (:func:`_bot_accounts`) and those sent through one
    (``via_bot``) the bot's.

    Example:
        >>> chat = {"messages": [{"id": 1, "from": "QuickBite", "from_id": "user7", "text": "Choose a topic",
        ...                       "inline_bot_buttons": [[{"type": "callback", "text": "Order"}]]},
        ...                      {"id": 2, "from": "QuickBite", "from_id": "user7", "text": "Your order?"},
        ...                      {"id": 3, "from": "Ola", "from_id": "user8", "text": "Where is it?"}]}
        >>> [m.role for m in messages(chat)]
        ['bot', 'bot', '']
    """
    bots = _bot_accounts(chat)
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
        elif _forwarded(m):
            skipped = _FORWARDED
        else:
            skipped = ""
        when = parse_timestamp(str(m.get("date_unixtime") or "")) or parse_timestamp(str(m.get("date") or ""))
        parent = m.get("reply_to_message_id")
        out.append(ExportMessage(offset + i, when, str(m.get("from") or ""), text, skipped=skipped, seq=i,
                                 role=_found_role(m, bots), msg_id=str(m.get("id", "")),
                                 parent="" if parent in (None, "") else str(parent)))
    return out


# why a forwarded message is quarantined (without whom it is from: a person's name)
_FORWARDED = "a forwarded message: another's words (a courier's notice, another chat's message), not its sender's"


def _forwarded(m: dict) -> bool:
    """True for a message forwarded by its sender from another chat (``forwarded_from``), not a channel's own post that
    Telegram forwards into its discussion group.

    Example:
        >>> _forwarded({"from_id": "user1", "forwarded_from": "СДЭК"}), _forwarded({"from_id": "user1"})
        (True, False)
        >>> _forwarded({"from_id": "channel9", "forwarded_from": "Sofino"})
        False
    """
    return ("forwarded_from" in m or "forwarded_from_id" in m) and not _from_channel(m)


def _found_role(m: dict, bots: set[str]) -> str:
    """The role the export shows for one message: the channel's post is the brand's, a bot's message the bot's."""
    if _from_channel(m):
        return "brand"
    return "bot" if m.get("via_bot") or (m.get("from_id") and str(m["from_id"]) in bots) else ""
