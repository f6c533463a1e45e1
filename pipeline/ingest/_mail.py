"""E-mail: ``.mbox`` mailboxes (Gmail Takeout, Thunderbird) and folders of ``.eml`` messages.

Every message is one record of a conversation (``source_type = "chat"``, ``channel = "email"``, so
the touchpoint is E-mail): messages are threaded by Gmail's thread id (``X-GM-THRID``, in a Takeout
export), else by their ``References`` / ``In-Reply-To`` headers, else by the subject without "Re:" / "Odp:" / "Ответ:"; one thread is one document, its messages in
date order. Only what the sender wrote is kept: quoted replies ("> …", "On … wrote:", "W dniu …
napisał:", "… пишет:", an Outlook "-----Original Message-----" or "From: … Sent: …" block) and the
signature after "-- " are cut, or every reply would repeat the whole thread. The subject opens the
first message of a thread when it says something ("Uszkodzona sofa", not "Re: zamówienie").

Who is the company: senders named in ``[ingest] agent_names`` / ``brand_authors``, addresses of the
domains in ``[ingest] company_domains``, else the mailbox the export comes from (the ``Delivered-To``
of most messages: its domain, or the address itself for a webmail box), else the one non-webmail
domain that answers in at least two threads and in a third of them (a support mailbox's own domain). ``noreply`` / ``mailer-daemon``
senders are bots. Everyone else is a customer.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import mailbox
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest._encoding import decode_bytes

__all__ = ["MailMessage", "parse_message", "read_mbox", "strip_quoted", "thread_keys", "company_domains_of", "is_reply",
           "sender_role"]

# Webmail domains are customers' addresses, never the company's (en / pl / ru markets).
_WEBMAIL = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com",
    "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com",
    "wp.pl", "o2.pl", "onet.pl", "op.pl", "interia.pl", "interia.eu", "poczta.fm", "tlen.pl", "gazeta.pl", "vp.pl",
    "yandex.ru", "ya.ru", "mail.ru", "bk.ru", "inbox.ru", "list.ru", "rambler.ru", "ukr.net", "tut.by",
}
_BOT_ADDRESS = re.compile(r"^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|notifications?|bounce)", re.I)
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|odp|pd|tr|ответ|отв|пересл|fw)\s*(\[\d+\])?\s*:\s*)+", re.I)
# A line that opens a quoted message: cut it and everything after it.
_QUOTE_HEADER = re.compile(
    r"^\s*(On .{4,200}wrote:|W dniu .{4,200}(napisał|napisała|pisze)\s*:|Dnia .{4,200}(napisał|napisała|pisze)\s*:|"
    r".{4,200}(пишет|написал|написала)\s*:|-{2,}\s*(Original Message|Wiadomość oryginalna|Исходное сообщение|"
    r"Forwarded message|Przekazana wiadomość|Пересылаемое сообщение)\s*-{2,}|"
    r"(Sent from my|Wysłane z( mojego)?|Отправлено с( моего)?) \S+.*)\s*$", re.I)
# A closing line ("Pozdrawiam,", "Best regards", "С уважением,") near the end starts the signature.
_VALEDICTION = re.compile(
    r"^\s*(pozdrawiam( serdecznie)?|z poważaniem|z wyrazami szacunku|pozdrowienia|serdeczności|dziękuję i pozdrawiam|"
    r"best( regards| wishes)?|kind regards|warm regards|regards|cheers|sincerely|thanks( and regards)?|thank you|"
    r"many thanks|с уважением|всего доброго|спасибо|заранее спасибо|благодарю)\s*[,.!]?\s*$", re.I)
_OUTLOOK_FROM = re.compile(r"^\s*(From|Od|От)\s*:\s*\S")
_OUTLOOK_NEXT = re.compile(r"^\s*(Sent|Date|Wysłano|Data|Отправлено|Дата|To|Do|Кому|Subject|Temat|Тема)\s*:")


@dataclass
class MailMessage:
    """One parsed message."""

    message_id: str
    parents: list[str]          # References then In-Reply-To, oldest first
    subject: str
    sender_name: str
    sender_address: str
    date: str                   # as the Date header reads, "" when missing
    text: str                   # what the sender wrote (quotes and signature cut), not yet cleaned
    index: int                  # position in the mailbox / folder
    gmail_thread: str = ""      # X-GM-THRID of a Gmail Takeout export: Gmail's own threading
    delivered_to: str = ""      # Delivered-To / X-Original-To: the mailbox the export comes from


def _body(msg) -> str:
    part = msg.get_body(preferencelist=("plain", "html")) if hasattr(msg, "get_body") else None
    if part is None:
        return ""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    content = None
    if charset:
        try:
            content = payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            content = None
    if content is None:
        # no charset declared (a message saved by hand) or a wrong one: detect it as for any text file
        content, _ = decode_bytes(payload, "auto")
    if part.get_content_subtype() == "html":
        content = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content)
        content = re.sub(r"(?is)<blockquote.*?</blockquote>", "\n", content)   # a quoted reply in HTML
        content = re.sub(r"(?s)<[^>]+>", " ", content)
    return content


def strip_quoted(body: str) -> str:
    """What the sender wrote: quoted lines, the quoted message after its header and the signature (after
    "-- ", or from a closing line such as "Pozdrawiam," among the last six) cut.

    Example:
        >>> strip_quoted("Sofa still not here.\\n\\nOn Mon, 3 Aug 2026, Sofino <help@sofino.pl> wrote:\\n> It ships today")
        'Sofa still not here.'
    """
    out: list[str] = []
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for k, line in enumerate(lines):
        if line.rstrip() == "--" or line == "-- ":
            break
        if _QUOTE_HEADER.match(line):
            break
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_NEXT.match(x) for x in lines[k + 1:k + 4]):
            break
        if line.lstrip().startswith(">"):
            continue
        out.append(line)
    # a closing line among the last few (with words before it): what follows is a signature
    filled = [k for k, x in enumerate(out) if x.strip()]
    for k in filled[-6:]:
        if _VALEDICTION.match(out[k]) and any(x.strip() for x in out[:k]):
            out = out[:k]
            break
    return "\n".join(out).strip()


def parse_message(raw: bytes, index: int = 0) -> MailMessage:
    """Parse one RFC 822 message (bytes of a ``.eml`` file or an mbox entry)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    return _from_message(msg, index)


def _header(msg, name: str) -> str:
    try:
        v = msg.get(name)
    except (ValueError, IndexError, TypeError):  # a malformed header must not lose the message
        v = None
    return str(v) if v is not None else ""


def _from_message(msg, index: int) -> MailMessage:
    name, address = email.utils.parseaddr(_header(msg, "From"))
    ids = re.findall(r"<[^<>\s]+>", _header(msg, "References")) + re.findall(r"<[^<>\s]+>", _header(msg, "In-Reply-To"))
    parents = list(dict.fromkeys(ids))
    return MailMessage(message_id=_header(msg, "Message-ID").strip(), parents=parents,
                       subject=" ".join(_header(msg, "Subject").split()), sender_name=name.strip(),
                       sender_address=address.strip().lower(), date=_header(msg, "Date"),
                       text=strip_quoted(_body(msg)), index=index, gmail_thread=_header(msg, "X-GM-THRID").strip(),
                       delivered_to=email.utils.parseaddr(_header(msg, "Delivered-To") or _header(msg, "X-Original-To"))[1]
                       .strip().lower())


def read_mbox(path: Path) -> list[MailMessage | tuple[int, str]]:
    """The messages of an mbox file, in file order; an unreadable entry is ``(index, reason)``."""
    out: list[MailMessage | tuple[int, str]] = []
    box = mailbox.mbox(str(path), factory=None, create=False)
    try:
        for i, key in enumerate(box.iterkeys()):
            try:
                out.append(parse_message(box.get_bytes(key), i))
            except Exception as exc:  # one broken entry is quarantined, the others are read
                out.append((i, f"unreadable e-mail ({type(exc).__name__})"))
    finally:
        box.close()
    return out


def is_reply(subject: str) -> bool:
    """True for a reply's or a forward's subject ("Re: …", "Odp: …", "Ответ: …", "RE[2]: …")."""
    return bool(_REPLY_PREFIX.match(subject))


def base_subject(subject: str) -> str:
    """The subject without reply / forward prefixes, folded: the thread key of last resort."""
    return " ".join(_REPLY_PREFIX.sub("", subject).split()).casefold()


def thread_keys(messages: list[MailMessage]) -> list[str]:
    """One key per message: the first message id of its thread (by headers), else its base subject."""
    by_id = {m.message_id: m for m in messages if m.message_id}
    subject_root: dict[str, str] = {}
    keys = []
    for m in messages:
        if m.gmail_thread:
            keys.append(f"gmail:{m.gmail_thread}")
            continue
        # References lists the thread from its first message on; a first message is its own root
        root = m.parents[0] if m.parents else m.message_id
        if m.parents and root not in by_id:
            # the first message is not in this mailbox: the earliest known ancestor stands for it
            root = next((p for p in m.parents if p in by_id), root)
        subj = base_subject(m.subject)
        if not m.parents and subj and subj in subject_root and is_reply(m.subject):
            root = subject_root[subj]        # a reply whose mail client dropped the headers
        if root and subj:
            subject_root.setdefault(subj, root)
        if not root:
            root = f"subject:{subj}" if subj else f"message:{m.index}"
        keys.append(root)
    return keys


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1] if "@" in address else ""


def company_domains_of(messages: list[MailMessage], keys: list[str], configured: list[str]) -> set[str]:
    """The company's mail domains (or, for a webmail mailbox, its address): the configured ones, else the
    mailbox the export comes from (``Delivered-To`` on most messages), else the one domain that answers
    across threads."""
    if configured:
        return {d.lower().lstrip("@") for d in configured}
    owners = Counter(m.delivered_to for m in messages if m.delivered_to)
    if owners:
        owner, n = owners.most_common(1)[0]
        if n >= len(messages) / 2:
            d = _domain(owner)
            return {owner} if d in _WEBMAIL or not d else {d}
    threads: dict[str, list[MailMessage]] = defaultdict(list)
    for m, k in zip(messages, keys):
        threads[k].append(m)
    answers: Counter = Counter()
    for msgs in threads.values():
        first = min(msgs, key=lambda m: m.index).sender_address
        for d in {_domain(m.sender_address) for m in msgs if m.sender_address != first}:
            answers[d] += 1
    cands = [(n, d) for d, n in answers.items() if d and d not in _WEBMAIL]
    if not cands:
        return set()
    n, d = max(cands)
    return {d} if n >= 2 and n >= len(threads) / 3 else set()


def sender_role(m: MailMessage, company: set[str]) -> str:
    """``bot`` for noreply senders, ``agent`` for the company's domains, else ``customer``."""
    local = m.sender_address.split("@", 1)[0]
    if _BOT_ADDRESS.match(local):
        return "bot"
    return "agent" if _domain(m.sender_address) in company or m.sender_address in company else "customer"
