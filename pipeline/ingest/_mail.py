"""E-mail: ``.mbox`` mailboxes (Gmail Takeout, Thunderbird) and folders of ``.eml`` messages.

Every message is one record of a conversation (``source_type = "chat"``, ``channel = "email"``, so
the touchpoint is E-mail): messages are threaded by everything that links them — ``Message-ID``,
``In-Reply-To``, ``References`` and Gmail's thread id (``X-GM-THRID``, in a Takeout export), transitively, so a
reply whose ``References`` names only its parent stays in the thread — else by the subject without "Re:" / "Odp:" /
"Ответ:"; one thread is one document, its messages in date order. Only what the sender wrote is kept: quoted
replies ("> …", "On … wrote:", "W dniu … napisał(a):", "… пишет:", Gmail's "пн, 8 сент. 2026 г. в 09:00, X <a@b>:",
an Outlook "-----Original Message-----" or "From: … Sent: …" / "Od: … Wysłano: …" / "От: … Отправлено: …" block)
and the signature after "-- " are cut (:func:`strip_quoted`, usable on any message body), or every reply would
repeat the whole thread. The subject is no part of a message's text: it is the records' ``meta_subject`` (the
thread's first message's), and the text only of a message that has no words of its own but a subject that is no
reply's (:func:`mail_text`).

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
from datetime import timezone
from pathlib import Path

from pipeline.ingest._encoding import decode_bytes
from pipeline.ingest._html import plain_text

__all__ = ["MailMessage", "parse_message", "read_mbox", "strip_quoted", "own_words", "no_words", "thread_keys", "company_domains_of", "is_reply",
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
# A line that opens a quoted message: cut it and everything after it. Three kinds:
# 1. an attribution line ("On … wrote:", "W dniu … napisał(a):", "Dnia … pisze:", "… пишет:", "… написал(а):",
#    Gmail's Russian "пн, 8 сент. 2026 г. в 09:00, Olga <a@b.pl>:"). It must carry what a mail client writes there
#    (a date, a time or an address), so a customer's own "Dnia 3.09 Paulina napisała:" stays;
# 2. a separator ("-----Original Message-----", "-----Wiadomość oryginalna-----", "-------- Исходное сообщение
#    --------", a forwarded message's), or Apple Mail's "Begin forwarded message:";
# 3. a phone's footer ("Sent from my iPhone", "Wysłane z mojego…", "Отправлено с моего…").
_VERB = (r"(wrote|writes|napisał\s*\(\s*-?a\s*\)|napisała|napisał|pisze|"
         r"написал\s*\(\s*-?а\s*\)|написала|написал|пишет)")
_ATTRIBUTION = re.compile(
    r"^\s*(?P<open>On\s|W\s+dniu\s|Dnia\s|Użytkownik\s|Пользователь\s)?"
    r"(?P<body>.{4,240}?)(\s" + _VERB + r"|(?P<addr_end><[^<>\s@]+@[^<>\s]+>))\s*:\s*$", re.I)
# Apple Mail in Polish: "Wiadomość napisana przez Faktumi <pomoc@faktumi.pl> w dniu 03.09.2026, o godz. 11:02:"
_APPLE_PL = re.compile(r"^\s*Wiadomość napisana przez\s.{4,240}:\s*$", re.I)
_SEPARATOR = re.compile(
    r"^\s*(-{2,}\s*(Original Message|Wiadomość oryginalna|Oryginalna wiadomość|Исходное сообщение|"
    r"Оригинальное сообщение|Forwarded message|Przekazana wiadomość|Wiadomość przekazana dalej|"
    r"Пересылаемое сообщение|Пересланное сообщение)\s*-{2,}|"
    r"(Begin forwarded message|Początek przekazywanej wiadomości|Начало переадресованного сообщения)\s*:|"
    r"(Sent from my|Wysłane z( mojego)?|Отправлено с( моего)?) \S+.*)\s*$", re.I)
_ADDRESS = re.compile(r"<?[\w.+'-]+@[\w-]+(\.[\w-]+)+>?")
_TIME = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])")
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
# A closing line ("Pozdrawiam,", "Best regards", "С уважением,") near the end starts the signature.
_VALEDICTION = re.compile(
    r"^\s*(pozdrawiam(y)?( serdecznie)?|z poważaniem|z wyrazami szacunku|pozdrowienia|z pozdrowieniami|serdeczności|"
    r"dziękuję i pozdrawiam|"
    r"best( regards| wishes)?|kind regards|warm regards|regards|cheers|sincerely|thanks( and regards)?|thank you|"
    r"many thanks|с уважением|с наилучшими пожеланиями|всего доброго|всего хорошего|спасибо|заранее спасибо|"
    r"благодарю)\s*[,.!]?\s*$", re.I)
# A signature on one line after "-- " ("-- Marta Kowalczyk, MK Design, NIP 525-224-84-81, tel. 601 234 567"): it holds
# contact details (_SIG_CONTACT), or is a name of a few words.
_SIG_LINE = re.compile(r"^\s*--\s+(?P<sig>\S.*)$")
# The lines of a signature without a closing word before it ("Tomasz Jankowski\n504 987 321"): each part of such a line
# (parts split by "|", "•", ",", ";") is a name, a contact detail, an address, a company or a job title.
_SIG_PART_SPLIT = re.compile(r"\s*[|•·,;]\s*")
_SIG_CONTACT = re.compile(
    r"((tel|tel\.?\s*kom|kom|phone|mob|mobile|cell|telefon|тел|моб)\.?\s*:?\s*)?\+?\d[\d \-()]{7,}\d|"
    r"(e-?mail\s*:?\s*)?<?[\w.+'-]+@[\w-]+(\.[\w-]+)+>?|(www\.|https?://)\S+|(NIP|REGON|KRS|VAT|ИНН|ОГРН)\b.*",
    re.I)
_SIG_ADDRESS = re.compile(r"^(ul|al|pl|os|ул|пр|пр-т|д)\.\s*\w|^(ulica|aleja|улица|проспект)\s|\b\d{2}-\d{3}\s+\w|"
                          r"\b\d{6},?\s+(г\.\s*)?\w|\b\d+\w?\s+\w+\s+(street|st|road|rd|avenue|ave|lane)\b\.?", re.I)
_SIG_COMPANY = re.compile(r"\b(sp\.\s*z\s*o\.\s*o|sp\.\s*j|s\.\s*a|s\.\s*c|ltd|llc|inc|gmbh|plc|ооо|оао|зао|ип)\b\.?|"
                          r"\b(manager|director|ceo|owner|właściciel(ka)?|kierownik|kierowniczka|dyrektor|prezes|"
                          r"specjalist(a|ka)|менеджер|директор|руководитель|специалист)\b", re.I)
_SIG_LINES = 4
_HEADER_START = re.compile(r"^\s*(On\s|W\s+dniu\s|Dnia\s|Wiadomość napisana|\d|(пн|вт|ср|чт|пт|сб|вс|mon|tue|wed|thu|"
                           r"fri|sat|sun|pon|wt|śr|czw|pt|sob|niedz?)\b)", re.I)
_RULE = re.compile(r"^\s*([_=*-])\1{4,}\s*$")     # Outlook's "________________" over the quoted message
_OUTLOOK_FROM = re.compile(r"^\s*\**\s*(From|Od|От)\s*:\**\s*\S", re.I)
_OUTLOOK_NEXT = re.compile(r"^\s*\**\s*(Sent|Date|Wysłano|Data|Отправлено|Дата|To|Do|Кому|Cc|DW|Kopia|Копия|"
                           r"Subject|Temat|Тема)\s*:", re.I)


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
    """What the sender wrote: the plain-text body, else the HTML one (see :func:`own_words`)."""
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
    return own_words(content, is_html=part.get_content_subtype() == "html")


def _is_attribution(line: str) -> bool:
    """True for a mail client's line over a quoted message ("On … wrote:", "W dniu … napisał(a):", "… пишет:",
    Gmail's "пн, 8 сент. 2026 г. в 09:00, Olga <a@b.pl>:"), not for a sentence that merely ends in "napisał:"."""
    m = _ATTRIBUTION.match(line)
    address, time, year = bool(_ADDRESS.search(line)), bool(_TIME.search(line)), bool(_YEAR.search(line))
    if not m:
        return bool(_APPLE_PL.match(line)) and (time or year)
    if m.group("addr_end"):          # no verb, just "…, Name <address>:": Gmail in Russian (and German, …)
        return time and year
    if m.group("open"):              # "On …", "W dniu …", "Dnia …": a date, a time or an address is enough
        return address or time or year
    return address or (time and year)  # "3 авг. 2026 г., в 10:00, Sofino пишет:"


def _quote_starts(lines: list[str], k: int) -> bool:
    """True when ``lines[k]`` opens the quoted earlier message (an attribution line, possibly wrapped over two
    lines, a separator, an Outlook "From: / Sent: / To:" block)."""
    line = lines[k]
    if _SEPARATOR.match(line) or _is_attribution(line):
        return True
    if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_NEXT.match(x) for x in lines[k + 1:k + 4]):
        return True
    # an attribution line the mail client wrapped ("On Fri, …, 9:30 AM Faktumi Sprzedaż <" / "sprzedaz@…> wrote:"):
    # its first half opens like a header ("On", "W dniu", a date, a weekday) after a blank line, as mail clients
    # write it, so the last line of a customer's paragraph is not taken for one
    if k + 1 < len(lines) and (k == 0 or not lines[k - 1].strip()):
        first, second = line.rstrip(), lines[k + 1].strip()
        if len(first.strip()) >= 20 and second and not first.endswith((".", "!", "?", ":")) \
                and _HEADER_START.match(first):
            return _is_attribution(first + ("" if first.endswith("<") else " ") + second)
    return False


_INLINE_VERB = re.compile(r"\s" + _VERB + r"\s*:\s*>", re.I)
_INLINE_OPEN = re.compile(r"(?:^|\s)(On|W\s+dniu|Dnia)\s")


def _inline_quote_at(line: str) -> int:
    """Where a quote header run into the text starts ("… thanks. On Thu, 4 Sep 2026 at 11:02, X <y> wrote: > …",
    a body whose line breaks were lost), else -1."""
    v = _INLINE_VERB.search(line)
    if not v:
        return -1
    opens = [o for o in _INLINE_OPEN.finditer(line, max(0, v.start() - 240), v.start())]
    for o in reversed(opens):          # the nearest "On" / "W dniu" / "Dnia" before "wrote: >"
        head = line[o.start(1):v.start()]
        if not re.search(r"(^|\s)>", head) and (_ADDRESS.search(head) or _TIME.search(head) or _YEAR.search(head)):
            return o.start(1)
    return -1


def _name_like(s: str) -> bool:
    """A name of one to four capitalised words, no sentence ("Marta Kowalczyk", "MK Design")."""
    words = s.rstrip(",").split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not re.search(r"[\d.!?:]$", s)


def _signature_line(lines: list[str], k: int) -> bool:
    """True for a one-line signature after "-- " near the end ("-- Marta Kowalczyk, MK Design, NIP …, tel …" or
    "-- Marta Kowalczyk"), not for the last item of a "-- …" list."""
    m = _SIG_LINE.match(lines[k])
    if not m:
        return False
    before = [x for x in lines[:k] if x.strip() and not x.lstrip().startswith(">")]
    if not before or before[-1].lstrip().startswith("-"):
        return False                                   # nothing before it, or a list of "-- …" items
    after = [x for x in lines[k + 1:] if x.strip() and not x.lstrip().startswith(">")]
    if len(after) > 3 or any(x.lstrip().startswith("-") for x in after[:1]):
        return False                                   # not near the end, or a list goes on
    sig = m.group("sig").strip()
    return bool(_SIG_CONTACT.search(sig)) or (len(sig.split()) >= 2 and _name_like(sig))


def strip_quoted(body: str) -> str:
    """What the sender wrote, without the quoted earlier messages and the signature.

    Usable on any message body (an e-mail, a helpdesk ticket comment). Cut are:

    * lines starting with ">" (quoted lines);
    * everything from a quote header on: an attribution line ("On … wrote:", "W dniu … napisał(a):",
      "Dnia … pisze:", "… пишет:", "… написал(а):", Gmail's Russian "пн, 8 сент. 2026 г. в 09:00, Olga <a@b.pl>:"),
      also when wrapped over two lines or run into the text before "> …"; an Outlook "From: / Sent: / To:",
      "Od: / Wysłano: / Do: / Temat:", "От: / Отправлено: / Кому: / Тема:" block; a "-----Original Message-----",
      "-----Wiadomość oryginalna-----", "-------- Исходное сообщение --------" or forwarded-message separator;
      a phone's "Sent from my iPhone";
    * the signature: from a "-- " (or "--") line on, a one-line "-- Name, Company, NIP …, tel …" near the end,
      from a closing line such as "Pozdrawiam," / "Best regards" / "С уважением," among the last six, or the last
      lines when they hold only a name and contact details ("Tomasz Jankowski\n504 987 321": :func:`_unsigned_signature_at`).

    An attribution line must carry what a mail client writes there (a date, a time or an address), so a
    customer's "Dnia 3.09 Paulina napisała:" or "Ваш бот пишет:" is kept.

    Example:
        >>> strip_quoted("Sofa still not here.\\n\\nOn Mon, 3 Aug 2026, Sofino <help@sofino.pl> wrote:\\n> It ships today")
        'Sofa still not here.'
        >>> strip_quoted("Nadal to samo.\\n\\nW dniu 3.09.2026 o 11:02, Faktumi <pomoc@faktumi.pl> napisał(a):\\n> Prosimy")
        'Nadal to samo.'
        >>> strip_quoted("Спасибо!\\n\\nпн, 8 сент. 2026 г. в 09:00, Olga <pomoc@faktumi.pl>:\\n> Иван, добрый день!")
        'Спасибо!'
        >>> strip_quoted("Can you turn it off?\\n> To renew go to Settings\\n> Best regards, The Team\\n-- Marta, NIP 5252248481")
        'Can you turn it off?'
    """
    out: list[str] = []
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for k, line in enumerate(lines):
        if line.rstrip() == "--" or line == "-- " or _signature_line(lines, k):
            break
        if _quote_starts(lines, k):
            break
        if line.lstrip().startswith(">"):
            continue
        cut = _inline_quote_at(line)
        if cut >= 0:
            out.append(line[:cut])
            break
        out.append(line)
    while out and (not out[-1].strip() or _RULE.match(out[-1])):
        out.pop()                      # blank lines and Outlook's "_____" rule over the cut message
    # a closing line among the last few (with words before it): what follows is a signature
    filled = [k for k, x in enumerate(out) if x.strip()]
    for k in filled[-6:]:
        if _VALEDICTION.match(out[k]) and any(x.strip() for x in out[:k]):
            out = out[:k]
            break
    return "\n".join(out[:_unsigned_signature_at(out)]).strip()


def _signature_parts(line: str) -> str:
    """What a line is made of when it could be a signature's: ``"contact"`` (a contact detail or an address among names,
    companies, titles), ``"company"`` (a company or a job title among names), ``"name"`` (names only), ``""``
    (anything else: words of the message)."""
    kinds = set()
    for part in _SIG_PART_SPLIT.split(line.strip()):
        short = len(part.split()) <= 6
        if _SIG_CONTACT.fullmatch(part) or (short and _SIG_ADDRESS.search(part)):
            kinds.add("contact")
        elif short and _SIG_COMPANY.search(part):
            kinds.add("company")
        elif _name_like(part):
            kinds.add("name")
        else:
            return ""
    return next((k for k in ("contact", "company", "name") if k in kinds), "")


def _first_name_line(line: str) -> bool:
    """A name whose first word is a known first name (en / pl / ru: :func:`pipeline.redact.first_name`)."""
    from pipeline.redact import LANGS, first_name   # not at import: pipeline.redact reads ingest's labels

    words = line.split()
    return 1 <= len(words) <= 4 and any(first_name(words[0], lang) for lang in LANGS)


def _unsigned_signature_at(lines: list[str]) -> int:
    """Where a signature with no closing word before it starts in a message's lines, ``len(lines)`` when there is none.

    It is the last one to :data:`_SIG_LINES` lines, each made only of a name, a phone, an e-mail or web address, a
    company, a job title or an address ("Tomasz Jankowski\n504 987 321", "Marta Kowalczyk\nMK Design sp. z o.o."),
    after words of the message that do not ask for them ("Proszę o kontakt:" keeps its number), which holds a name
    whose first word is a known first name, or a company with a contact detail: a list of products ("Kurtka Lis"),
    a last "Call the manager", an order number, a link or an address on their own stay.

    Example:
        >>> lines = ["Jeśli nie dojdzie do piątku, anuluję zamówienie.", "", "Tomasz Jankowski", "504 987 321"]
        >>> _unsigned_signature_at(lines), _unsigned_signature_at(["Brakuje:", "Kurtka Lis", "Czapka Zając"])
        (2, 3)
    """
    filled = [k for k, x in enumerate(lines) if x.strip()]
    start, kinds, named = len(lines), [], False
    for k in reversed(filled[-_SIG_LINES:]):
        kind = _signature_parts(lines[k])
        if not kind:
            break
        start, kinds = k, [kind, *kinds]
        named = named or (kind == "name" and _first_name_line(lines[k]))
    body = [x for x in lines[:start] if x.strip()]
    if not kinds or not body or body[-1].rstrip().endswith(":"):
        return len(lines)
    # a person signs: a contact, an address or a link alone is the message's own ("Numer zamówienia\n100871234",
    # "Screenshot\nhttps://…", an address the complaint is about)
    if named or ("company" in kinds and "contact" in kinds):
        return start
    return len(lines)


def own_words(body: str, is_html: bool | None = None) -> str:
    """What the sender wrote in a message body, plain text or HTML, as plain text: an HTML body is read as lines without
    its quoted ``<blockquote>``s, any other body with its character references decoded
    (:func:`pipeline.ingest._html.plain_text`, the one decoding), then :func:`strip_quoted` cuts the rest. The
    e-mail, Intercom and chat-table readers all read a body here, so one HTML body gives one text in each; what
    comes out is only tidied (:func:`pipeline.ingest._records.tidy_text`), never decoded again.

    Args:
        body: The message body as the export has it.
        is_html: Whether it is HTML (an e-mail's ``text/html`` part, an Intercom body); None: when it looks like it.

    Example:
        >>> own_words('<p>Still broken &amp; wobbly.</p><div>On Mon, 3 Aug 2026, Sofino &lt;help@sofino.pl&gt; wrote:'
        ...           '<blockquote>It ships today</blockquote></div>')
        'Still broken & wobbly.'
    """
    return strip_quoted(plain_text(body, drop_quotes=True, is_html=is_html))


def no_words(body: str, is_html: bool | None = None) -> str:
    """Why a message body with nothing :func:`own_words` keeps is quarantined: only quoted text or a signature, or only a
    picture or a file (an HTML body that is an ``<img>``: a help desk's inline screenshot).

    Example:
        >>> no_words('<p><img src="https://x.zendesk.com/attachments/IMG_2231.jpg"></p>'), no_words("> It ships today")
        ('a file or image without text', 'only quoted text or a signature: no words of its own')
    """
    if plain_text(body, is_html=is_html).strip():
        return "only quoted text or a signature: no words of its own"
    return "a file or image without text"


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
                       text=_body(msg), index=index, gmail_thread=_header(msg, "X-GM-THRID").strip(),
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


def mail_text(m: MailMessage) -> str:
    """What an e-mail says: its own words, else (nothing written but a subject that is no reply's) its subject.

    A subject over a body with words of its own is no part of its text: 'Problem with my account' over a thank-you
    had made praise a pain point, 'Где мой перевод???' over a complaint a question.

    Example:
        >>> from dataclasses import replace
        >>> m = MailMessage("<a@x>", [], "Где мой перевод???", "", "a@b.ru", "", "Перевод не пришёл.", 0)
        >>> mail_text(m), mail_text(replace(m, text=""))
        ('Перевод не пришёл.', 'Где мой перевод???')
    """
    return m.text if m.text.strip() or is_reply(m.subject) else m.subject


def is_reply(subject: str) -> bool:
    """True for a reply's or a forward's subject ("Re: …", "Odp: …", "Ответ: …", "RE[2]: …")."""
    return bool(_REPLY_PREFIX.match(subject))


def base_subject(subject: str) -> str:
    """The subject without reply / forward prefixes, folded: the thread key of last resort."""
    return " ".join(_REPLY_PREFIX.sub("", subject).split()).casefold()


def _when(m: MailMessage) -> float:
    """The message's time as a POSIX timestamp (``inf`` when the Date header is missing or unreadable)."""
    try:
        d = email.utils.parsedate_to_datetime(m.date) if m.date.strip() else None
    except (TypeError, ValueError, IndexError, OverflowError):
        d = None
    if d is None:
        return float("inf")
    try:
        return d.timestamp() if d.tzinfo else d.replace(tzinfo=timezone.utc).timestamp()
    except (OverflowError, OSError, ValueError):
        return float("inf")


def thread_keys(messages: list[MailMessage]) -> list[str]:
    """One key per message; the messages of a thread share it, whatever order they come in.

    A thread is every message linked, directly or through others, by the ids it mentions: its ``Message-ID``,
    ``In-Reply-To`` and ``References`` (a reply whose ``References`` lists only its parent still joins the thread),
    and Gmail's ``X-GM-THRID``. A reply without reply headers ("Re: …" only) joins the latest thread of the
    same subject started before it; messages with no id at all are grouped by subject.

    The key is the id of the thread's first message (its earliest message followed up its first parents: the
    start of the thread even when that message is not in the mailbox), or ``gmail:<X-GM-THRID>`` for a Gmail
    Takeout thread, so it stays the same when messages are added or reordered."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)      # deterministic whatever the order of the calls

    when = [_when(m) for m in messages]
    nodes: list[str] = []                          # the node of each message in the union-find
    for m in messages:
        ids = ([f"gmail:{m.gmail_thread}"] if m.gmail_thread else []) + ([m.message_id] if m.message_id else []) \
            + list(m.parents)
        if not ids:
            subj = base_subject(m.subject)
            ids = [f"subject:{subj}" if subj else f"message:{m.index}"]
        for x in ids[1:]:
            union(ids[0], x)
        nodes.append(ids[0])
    # a reply whose mail client dropped the headers: the latest thread of its subject started before it
    by_subject: dict[str, list[int]] = defaultdict(list)
    for j, m in enumerate(messages):
        subj = base_subject(m.subject)
        if subj and (m.message_id or m.parents or m.gmail_thread):
            by_subject[subj].append(j)
    for j, m in enumerate(messages):
        subj = base_subject(m.subject)
        if m.parents or m.gmail_thread or not subj or not is_reply(m.subject):
            continue
        others = sorted((i for i in by_subject.get(subj, []) if i != j),
                        key=lambda i: (when[i], messages[i].message_id, i))
        if others:
            earlier = [i for i in others if (when[i], messages[i].message_id) <= (when[j], m.message_id)]
            union(nodes[j], nodes[(earlier or others)[-1 if earlier else 0]])
    # the key of a thread: Gmail's thread id, else the start of the thread seen from its earliest message
    by_id = {m.message_id: m for m in messages if m.message_id}
    members: dict[str, list[int]] = defaultdict(list)
    for j in range(len(messages)):
        members[find(nodes[j])].append(j)
    key_of: dict[str, str] = {}
    for comp, js in members.items():
        js = sorted(js, key=lambda i: (when[i], messages[i].message_id, nodes[i], i))
        gmail = [messages[i].gmail_thread for i in js if messages[i].gmail_thread]
        if gmail:
            key_of[comp] = f"gmail:{gmail[0]}"
            continue
        first = messages[js[0]]
        key = first.parents[0] if first.parents else (first.message_id or nodes[js[0]])
        seen = {key}
        while key in by_id and by_id[key].parents and by_id[key].parents[0] not in seen:
            key = by_id[key].parents[0]            # follow a partial References chain up to the thread's start
            seen.add(key)
        key_of[comp] = key
    return [key_of[find(nodes[j])] for j in range(len(messages))]


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
