"""Structured identifiers: e-mail, URL with secrets or a person's profile, IBAN, card, national ids
(PESEL, NIP, СНИЛС, ИНН, ИИН, passports, UK NI numbers), IP address, one-time code / PIN / password, member or
customer number, phone, date of birth, street address and UK postcode.

Every finder returns :class:`Entity` spans and is tuned for precision on customer texts: a run
of digits only becomes a card, IBAN, PESEL, NIP, СНИЛС or ИНН when its checksum holds or the word
for it stands right before it, a date only becomes a date of birth after a word that says so, and
a number only becomes a phone number when its grouping matches a real national format (or it
starts with ``+``), so order numbers, prices, delivery dates, times, Polish postal codes and
quantities stay as they are.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

from pipeline.redact._checksums import (IBAN_LENGTHS, iban_ok, inn_ok, luhn_ok, nip_ok, nrb_ok, pesel_ok, pl_id_ok,
                                        snils_ok)
from pipeline.translit import to_cyrillic

__all__ = ["Entity", "find_structured", "has_identifier", "profile_handle", "answer_entities", "STRUCTURED_TYPES"]

STRUCTURED_TYPES = ("URL", "EMAIL", "IBAN", "CARD", "SNILS", "PESEL", "NIP", "IIN", "INN", "PASSPORT", "NINO", "IP",
                    "CODE", "ID", "PHONE", "DOB", "ADDRESS", "POSTCODE")


class Entity(NamedTuple):
    """A span of text to replace: ``text[start:end]`` becomes ``[type]``."""

    start: int
    end: int
    type: str


# --------------------------------------------------------------------------- context words
# A number's neighbourhood decides the ambiguous cases ("601234567" after "order" is an order
# number, after "tel." a phone). Stems, matched case-insensitively at a word start.
_PHONE_WORDS = re.compile(
    r"\b(?:tel|phone|call|ring|mobile|cell|text\s+me|whats\s?app|sms|fax|dial|"
    r"telefon|komórk|komork|zadzwo|dzwo|oddzwo|kom\.|"
    r"телефон|тел|звон|позвон|перезвон|моб|связ|вайбер|viber|"
    r"телефону|дзвін|дзвон)",
    re.IGNORECASE,
)
_ID_WORDS = re.compile(
    r"(?:\b(?:order|invoice|tracking|track|parcel|shipment|sku|ean|upc|barcode|product\s+code|"
    r"item|ref|reference|case|ticket|gift\s+card|voucher|coupon|serial|model|article|"
    r"zamówi|zamowi|zam\.|przesył|przesyl|paczk|faktur|kod|art\.|artyku|zgłosz|zglosz|reklamac|"
    r"numer\s+konta|nr\s+konta|konto|rachun|podarunk|bon\b|promo|redeem|"
    r"заказ|трек|накладн|посылк|артикул|штрих|счёт|счет|обращени|заявк|договор|чек|купон|подарочн|сертификат|"
    r"замовлен|рахун)|[#№])",
    re.IGNORECASE,
)
_CARD_WORDS = re.compile(
    r"\b(?:card|visa|master\s?card|amex|american\s+express|maestro|debit|credit|"
    r"kart[aęyzą]|karcie|kartą|карт|виза|мастеркард)",
    re.IGNORECASE,
)
_PESEL_WORDS = re.compile(r"\bpesel", re.IGNORECASE)
_NIP_WORDS = re.compile(r"\b(?:nip|vat|tax\s*(?:id|number|no)|regon|eu\s*vat)", re.IGNORECASE)

# Amounts and quantities: a number right before a currency or unit is not an identifier.
_UNIT_AFTER = re.compile(
    r"\s?(?:zł|zl\b|zlot|pln\b|gr\b|eur\b|euro|usd\b|gbp\b|pound|dollar|uah\b|byn\b|rub\b|руб|р\.|₽|€|\$|£|грн|"
    r"kg\b|кг|g\b|szt|шт|pcs\b|km\b|км|cm\b|см|mm\b|мм|m2|м2|m²|м²|%|x\b|х\b|dni\b|days\b|дн|"
    r"ml\b|мл|gb\b|tb\b|mah\b)",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"[$£€]\s?$")


def _last(pattern: re.Pattern, window: str) -> int:
    """End offset of the last match of ``pattern`` in ``window`` (-1 when none)."""
    end = -1
    for m in pattern.finditer(window):
        end = m.end()
    return end


def _window(text: str, start: int, width: int) -> str:
    """Up to ``width`` characters before ``start``, within its sentence: "…wystawić faktury. Numer 604 555
    321" is a phone number, whatever invoice the sentence before spoke of."""
    window = text[max(0, start - width):start]
    ends = [m.end() for m in _WINDOW_END.finditer(window)]
    return window[ends[-1]:] if ends else window


# a sentence ends before a capital ("faktury. Numer"), not after "Tel." or "nr."
_WINDOW_END = re.compile(r"(?<!\btel)(?<!\bnr)(?<!\bkom)(?<!\bmob)(?<!\btlf)(?<!\bтел)(?<!\bмоб)[.!?](?=\s+[A-ZĄĆĘŁŃÓŚŹŻА-ЯЁ])|\n",
                         re.IGNORECASE)


def _id_context(text: str, start: int, width: int = 32) -> bool:
    """True when an id word ('order', 'zamówienie', 'заказ', '#') is closer before ``start`` than a phone word."""
    window = _window(text, start, width)
    return _last(_ID_WORDS, window) > _last(_PHONE_WORDS, window)


def _phone_context(text: str, start: int, width: int = 32) -> bool:
    window = _window(text, start, width)
    return _last(_PHONE_WORDS, window) > _last(_ID_WORDS, window)


def _near(pattern: re.Pattern, text: str, start: int, end: int, before: int = 32, after: int = 16) -> bool:
    return bool(pattern.search(text[max(0, start - before):start]) or pattern.search(text[end:end + after]))


_SENTENCE_END = re.compile(r"[.!?\n](?=\s|$)")


def _earlier_in_sentence(pattern: re.Pattern, text: str, start: int, limit: int = 100) -> bool:
    """``pattern`` occurs before ``start`` in the same sentence, at most ``limit`` characters back
    ("Mój PESEL i dane podawałam już trzy razy w formularzu: 85031204567")."""
    window = text[max(0, start - limit):start]
    ends = list(_SENTENCE_END.finditer(window))
    return bool(pattern.search(window[ends[-1].end():] if ends else window))


def _is_amount(text: str, start: int, end: int) -> bool:
    return bool(_UNIT_AFTER.match(text, end)) or bool(_CURRENCY_BEFORE.search(text[max(0, start - 2):start]))


# --------------------------------------------------------------------------- e-mail
_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.+\-]*\w"
    r"(?:@|\s?[\(\[]\s?(?:at|małpa|malpa|собака)\s?[\)\]]\s?)"
    r"[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,24}\b"
)


# Spelled out to dodge spam bots: "e dot clarke at outlook dot com", "bartek.mazur małpa interia.pl",
# "ivan sobaka mail.ru". The domain must end in a known top-level domain, which a Russian call's transcript writes in
# Cyrillic ("иван точка петров собака яндекс точка ру").
_DOT_WORD = r"(?:dot|kropka|точка)"
_MAIL_TLDS = (r"(?:com|net|org|info|biz|io|me|eu|pl|ru|ua|by|kz|uk|ie|de|fr|it|es|cz|sk|lt|lv|ee|ca|au|us|edu|gov|"
              r"ру|рф|ком|нет|орг|кз|юа)")
_SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.+\-@'’])(?P<local>[\w+\-]+(?:(?:\.|\s{_DOT_WORD}\s)[\w+\-]+)*)"
    rf"\s(?P<at>at|małpa|malpa|sobaka|собака)\s"
    rf"(?P<domain>[\w\-]+(?:(?:\.|\s{_DOT_WORD}\s)[\w\-]+)*?(?:\.|\s{_DOT_WORD}\s){_MAIL_TLDS})(?![\w\-]|\.\w)",
    re.IGNORECASE,
)
_SPOKEN_AT = re.compile(r"\s(?:at|małpa|malpa|sobaka|собака)\s", re.IGNORECASE)
# "at" is also an English preposition: "look at meblex dot com", "bought it at allegro.pl".
_NOT_A_LOCAL_PART = frozenset("""
    a an the i me my you your he him his she her it its we us our they them their this that these those one here
    there what who which is are was were be been am do did does done has have had get got go went gone come came
    look looked looking see seen saw check checked find found buy bought sell sold shop shopped order ordered
    pay paid visit visited available online offer offers sale deal deals price prices cheaper cheap listed
    posted stock review reviews rated only just also even still now then not and or but so too as well more
    less best better site website page store shop app arrive arrived delivered stay stayed live lived work
    worked start started open opened email mail write wrote contact reach call message text us ours
""".split())


def _spoken_email_ok(m: re.Match) -> bool:
    """'at' between a handle and a spelled-out or dotted domain, not "look at meblex dot com"."""
    local = m.group("local")
    if len(local) < 2:
        return False
    if m.group("at").lower() != "at":
        return True
    handle_like = bool(re.search(rf"[._\d]|\s{_DOT_WORD}\s", local, re.IGNORECASE))
    spelled = bool(re.search(rf"\s{_DOT_WORD}\s", m.group("domain"), re.IGNORECASE))
    return handle_like or (spelled and local.lower() not in _NOT_A_LOCAL_PART)


def _emails(text: str) -> list[Entity]:
    out = []
    if "@" in text or "(" in text or "[" in text:
        out.extend(Entity(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text))
    if _SPOKEN_AT.search(text):
        out.extend(Entity(m.start(), m.end(), "EMAIL") for m in _SPOKEN_EMAIL.finditer(text) if _spoken_email_ok(m))
    return out


# --------------------------------------------------------------------------- URL
_TLDS = r"(?:com|net|org|info|biz|io|co|me|app|shop|store|online|site|pl|ru|ua|by|kz|uk|de|eu|fr|it|es|cz|sk|lt|lv|ee|su|рф)"
_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.|(?<![@\w.\-])(?:[a-z0-9\-]+\.)+" + _TLDS + r"(?=[/?#]))"
    r"[^\s<>\"'«»]*",
    re.IGNORECASE,
)
_SECRET_KEYS = {
    "token", "access_token", "refresh_token", "id_token", "auth", "authorization", "key", "apikey", "api_key",
    "secret", "client_secret", "password", "pass", "passwd", "pwd", "session", "sessionid", "session_id", "sid",
    "sig", "signature", "hash", "code", "otp", "pin", "reset", "ticket", "jwt", "email", "e-mail", "mail",
    "user", "username", "login", "uid", "userid", "user_id", "customer", "customer_id", "phone", "tel", "msisdn",
    "name", "first_name", "last_name", "surname", "address", "pesel", "nip", "iban", "card", "x-amz-signature",
}
_HEX = re.compile(r"^[0-9a-fA-F]{16,}$")


def _looks_secret(value: str, in_path: bool = False) -> bool:
    """A random-looking token: long hex, a JWT, a long mix of letters and digits, or an e-mail.

    A long run of digits counts in a query value (``?phone=79123456789``) but not in a path,
    where it is usually a product or order id.
    """
    v = unquote(value)
    if "@" in v or v.startswith("eyJ"):
        return True
    for piece in re.split(r"[\-_.~/+=]", v):
        if _HEX.match(piece):
            return True
        if len(piece) >= 12 and re.search(r"\d", piece) and re.search(r"[A-Za-z]", piece):
            return True
        if not in_path and len(piece) >= 9 and piece.isdigit():
            return True
    return False


def _url_is_secret(url: str) -> bool:
    full = url if "://" in url else "http://" + url
    try:
        parts = urlsplit(full)
    except ValueError:
        return True
    if "@" in parts.netloc:
        return True
    for query in (parts.query, parts.fragment):
        if not query:
            continue
        pairs = parse_qsl(query, keep_blank_values=True)
        if not pairs and _looks_secret(query):
            return True
        for k, v in pairs:
            if k.lower().lstrip("_") in _SECRET_KEYS and v:
                return True
            if _looks_secret(v):
                return True
    return any(_looks_secret(seg, in_path=True) for seg in parts.path.split("/") if seg)


# A link to a person's own page names them ("facebook.com/katarzyna.wisniewska.85", "vk.com/id777"): it is
# redacted whole. A first path segment in _NOT_PROFILE is a site's own page (a post, a group, a search).
_PROFILE_SITES = {
    "facebook.com": "", "fb.com": "", "instagram.com": "", "vk.com": "", "x.com": "", "twitter.com": "",
    "t.me": "", "telegram.me": "", "linkedin.com": "in/", "tiktok.com": "@", "threads.net": "@",
    "youtube.com": "@", "ok.ru": "profile/",
}
_NOT_PROFILE = frozenset("""
    groups group pages events event marketplace watch help login signup share sharer sharer.php hashtag photo photo.php
    photos story.php permalink.php policies privacy legal business ads gaming reel reels video videos settings search
    notifications messages home home.php l.php plugins dialog p tv explore accounts about developer direct i intent
    tos joinchat addstickers s c feed im market topic app apps audio doc docs wall-
""".split())
_VK_COMMUNITY = re.compile(r"(?:club|public|event|wall-|topic-|photo-|video-|album-|market-)\d")


def profile_handle(url: str) -> str | None:
    """The person's handle when ``url`` links to a profile on a social network, else ``None``.

    Example:
        >>> profile_handle("https://www.facebook.com/anna.kowalczyk.777"), profile_handle("linkedin.com/in/jan-nowak-12")
        ('anna.kowalczyk.777', 'jan-nowak-12')
        >>> profile_handle("https://www.facebook.com/groups/meble"), profile_handle("vk.com/club123"), profile_handle("sofino.pl/oslo")
        (None, None, None)
    """
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    host = re.sub(r"^(?:www|m|mobile|web|[a-z]{2}(?:-[a-z]{2})?)\.(?=[^.]+\.[^.]+$)", "", host)
    prefix = _PROFILE_SITES.get(host)
    if prefix is None:
        return None
    path = unquote(parts.path).lstrip("/")
    if host in ("facebook.com", "fb.com") and path == "profile.php":
        return dict(parse_qsl(parts.query)).get("id") or None
    if not path.lower().startswith(prefix):
        return None
    segments = path[len(prefix):].split("/")
    # facebook.com/people/Anna-Nowak/1000…, instagram.com/stories/anna.nowak/…
    if segments[0] in ("people", "stories") and len(segments) > 1:
        segments = segments[1:]
    handle = segments[0]
    if not handle or handle.lower() in _NOT_PROFILE or handle.startswith("+") or handle.endswith(".php"):
        return None
    if host == "vk.com" and _VK_COMMUNITY.match(handle):
        return None
    return handle


def _trim_url(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation glued to a URL's end (keeping a ')' that closes a '(' inside it)."""
    while end > start and text[end - 1] in ".,;:!?'\")]}»…":
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        end -= 1
    return end


def find_urls(text: str) -> tuple[list[Entity], list[tuple[int, int]]]:
    """URLs with a secret or to a person's profile as entities, and the spans of harmless URLs
    (protected from other finders)."""
    if "://" not in text and "www." not in text.lower() and "/" not in text and "?" not in text:
        return [], []
    found, safe = [], []
    for m in _URL.finditer(text):
        end = _trim_url(text, m.start(), m.end())
        url = text[m.start():end]
        if _url_is_secret(url) or profile_handle(url):
            found.append(Entity(m.start(), end, "URL"))
        else:
            safe.append((m.start(), end))
    return found, safe


# --------------------------------------------------------------------------- IBAN / NRB
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2}) ?(\d{2})(?=[ \-]?[A-Za-z0-9])")
_NRB = re.compile(r"(?<![\w\-/.,])\d{2}(?:[ ]?\d{4}){6}(?![\w\-/]|[.,]\d)")


def _iban_at(text: str, m: re.Match) -> Entity | None:
    country = m.group(1).upper()
    want = IBAN_LENGTHS.get(country)
    lengths = [want] if want else list(range(34, 14, -1))
    # Walk alphanumerics after the check digits, allowing one space or dash between characters.
    chars, ends, i = [], [], m.end()
    while i < len(text) and len(chars) < max(lengths) - 4:
        ch = text[i]
        if ch.isascii() and ch.isalnum():
            chars.append(ch)
            ends.append(i + 1)
            i += 1
        elif ch in " -" and i + 1 < len(text) and text[i + 1].isascii() and text[i + 1].isalnum() and chars:
            i += 1
        elif ch in " -" and not chars:
            i += 1
        else:
            break
    for n in lengths:
        k = n - 4
        if len(chars) < k:
            continue
        end = ends[k - 1]
        # The IBAN must end at a word end: "...2874TODAY" is no IBAN.
        if end < len(text) and text[end].isalnum():
            continue
        # Outside the listed countries any length is tried, so words can pass mod 97 by chance ("in 1988 and
        # bought"): such an account number is mostly digits, with a bank code of a few letters at most.
        if not want and sum(ch.isalpha() for ch in chars[:k]) > 6:
            continue
        if iban_ok(country + m.group(2) + "".join(chars[:k])):
            return Entity(m.start(), end, "IBAN")
        # A mistyped account number is still personal data: a known country with exactly its
        # IBAN length in digits is redacted even when the checksum fails (privacy over precision).
        if want and n == want and "".join(chars[:k]).isdigit():
            return Entity(m.start(), end, "IBAN")
    return None


_ACCOUNT_WORDS = re.compile(r"konto|kont[ao]\b|rachun|account|iban|nrb|сч[её]т|iban|реквизит", re.IGNORECASE)


def _ibans(text: str) -> list[Entity]:
    out = []
    for m in _IBAN_START.finditer(text):
        e = _iban_at(text, m)
        if e:
            out.append(e)
    for m in _NRB.finditer(text):
        if nrb_ok(re.sub(r"\D", "", m.group())) or _near(_ACCOUNT_WORDS, text, m.start(), m.end(), before=48):
            out.append(Entity(m.start(), m.end(), "IBAN"))
    return out


# --------------------------------------------------------------------------- card
_CARD = re.compile(r"(?<![\w\-/#№.,])\d(?:[ \-]?\d){12,18}(?![\w\-/]|[.,]\d)")


_FOUR_BY_FOUR = re.compile(r"\d{4}([ \-])\d{4}\1\d{4}\1\d{4}(?!\d)")


# The last digits of a card, after the words that say so ("card ending 8812", "Karta kończy się na 4417", "последние
# цифры карты 1234"): with the card's bank and holder they narrow it down; the phrase holds the digits' count.
_CARD_END_CUE = re.compile(
    r"(?<!\w)(?:end(?:s|ing|ed)?(?:\s+(?:in|with))?|last\s+(?:four\s+|4\s+)?digits|"
    r"kończ\w*\s+się\s+na|zakończon\w*\s+na|ostatni\w*\s+(?:cztery\s+|4\s+)?cyfr\w*|"
    r"(?:за|о)канчива\w*\s+на|последни\w*\s+(?:четыре\s+|4\s+)?цифр\w*)(?!\w)",
    re.IGNORECASE,
)
_CARD_TAIL = re.compile(r"(?<![\w\-/.,])\d{4}(?![\w\-/]|[.,]\d)")


def _card_tails(text: str) -> list[Entity]:
    """The four last digits of a card after the words for them, the card named in their sentence and no order or
    gift-card word near ("the order ending 4417" is an order's).

    Example:
        >>> [text[e.start:e.end] for text in ("card ending in 8812", "карта заканчивается на 3321",
        ...     "последние цифры карты 1234", "the order ending 4417", "gift card ending 4417") for e in _card_tails(text)]
        ['8812', '3321', '1234']
    """
    return [Entity(m.start(), m.end(), "CARD") for m in _after_cue(_CARD_END_CUE, _CARD_TAIL, text, 24)
            if _earlier_in_sentence(_CARD_WORDS, text, m.start()) and not _id_context(text, m.start())]


def _cards(text: str) -> list[Entity]:
    out = _card_tails(text)
    for m in _CARD.finditer(text):
        s, end = m.group(), m.end()
        digits = re.sub(r"\D", "", s)
        four_by_four = _FOUR_BY_FOUR.match(s)
        if not luhn_ok(digits) and four_by_four:
            # "4526 0181 5908 3012 12 times": the regex ran on into the next number.
            s, end = four_by_four.group(), m.start() + four_by_four.end()
            digits = re.sub(r"\D", "", s)
        if not (13 <= len(digits) <= 19) or digits[0] not in "23456":
            continue
        id_ctx = _near(_ID_WORDS, text, m.start(), end, after=24)
        if not luhn_ok(digits):
            # A mistyped card is still someone's card when it is written as one ("2202 2056 7890 1234");
            # a gift-card or tracking code in the same grouping says so nearby.
            if four_by_four and not id_ctx:
                out.append(Entity(m.start(), end, "CARD"))
            continue
        grouped = bool(re.fullmatch(r"\d{4}([ \-])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ \-])\d{6}\2\d{4,5}", s))
        card_ctx = _near(_CARD_WORDS, text, m.start(), m.end())
        if not grouped and not card_ctx and id_ctx:
            continue
        out.append(Entity(m.start(), end, "CARD"))
    return out


# --------------------------------------------------------------------------- PESEL / NIP
_PESEL = re.compile(r"(?<![\w\-/.,#№])\d{11}(?![\w\-/]|[.,]\d)")
_NIP = re.compile(
    r"(?<![\w\-/.,#№])(?:PL ?)?(?:\d{3}([\- ])\d{3}\1\d{2}\1\d{2}|\d{3}([\- ])\d{2}\2\d{2}\2\d{3}|\d{10})"
    r"(?![\w\-/]|[.,]\d)"
)


def _pesels(text: str, lang: str) -> list[Entity]:
    out = []
    for m in _PESEL.finditer(text):
        d = m.group()
        named = _near(_PESEL_WORDS, text, m.start(), m.end()) or _earlier_in_sentence(_PESEL_WORDS, text, m.start())
        if not pesel_ok(d):
            # a mistyped PESEL after the word "PESEL" (in the same sentence) is still one
            if not named:
                continue
        # An 11-digit Russian number (8 9xx ...) can pass the PESEL check by chance.
        if lang == "ru" and d[0] in "78" and not named:
            continue
        if _id_context(text, m.start()) and not named:
            continue
        out.append(Entity(m.start(), m.end(), "PESEL"))
    return out


def _nips(text: str, lang: str) -> list[Entity]:
    out = []
    for m in _NIP.finditer(text):
        s = m.group()
        digits = re.sub(r"\D", "", s)
        ctx = _near(_NIP_WORDS, text, m.start(), m.end(), before=24, after=0)
        # a mistyped NIP right after the word "NIP" is still one (a sole trader's NIP identifies a person)
        if not nip_ok(digits) and not ctx:
            continue
        has_prefix = s.upper().startswith("PL")
        dashed = "-" in s and lang != "ru"
        if has_prefix or ctx or (dashed and not _phone_context(text, m.start())):
            out.append(Entity(m.start(), m.end(), "NIP"))
    return out


# --------------------------------------------------------------------------- ids after the word for them
_GAP_STOP = re.compile(r"\d|[!?\n]|\.\s+[A-ZĄĆĘŁŃÓŚŹŻА-ЯЁ]")


def _after_cue(cue: re.Pattern, value: re.Pattern, text: str, reach: int = 32, keep=None) -> list[re.Match]:
    """Matches of ``value`` that follow a ``cue`` within ``reach`` characters of its sentence, with no digit
    in between ("date of birth: 12.03.1988", "паспорт серия 45 10 номер 123456"); with ``keep``, the first match after
    the cue for which it holds ("the reg is lb07 sxm": not "is lb07")."""
    out = []
    for c in cue.finditer(text):
        m = value.search(text, c.end())
        while m and keep and not keep(m):   # a match may start inside the one refused: "is lb07" holds "lb07 sxm"'s start
            m = value.search(text, m.start() + 1)
        if m and m.start() - c.end() <= reach and not _GAP_STOP.search(text, c.end(), m.start()):
            out.append(m)
    return out


# СНИЛС: "112-233-445 95" is one by its shape and control number; bare 11 digits only after "СНИЛС".
_SNILS_CUE = re.compile(r"\b(?:снилс|snils|страхов\w*\s+(?:номер|свидетельств)\w*)", re.IGNORECASE)
_SNILS_SHAPED = re.compile(r"(?<![\w\-/.,])\d{3}-\d{3}-\d{3}[ \-]\d{2}(?![\w\-/]|[.,]\d)")
_SNILS_ANY = re.compile(r"(?<![\w\-/.,])\d{3}[ \-]?\d{3}[ \-]?\d{3}[ \-]?\d{2}(?![\w\-/]|[.,]\d)")


def _snils(text: str) -> list[Entity]:
    out = [Entity(m.start(), m.end(), "SNILS") for m in _SNILS_SHAPED.finditer(text)
           if snils_ok(re.sub(r"\D", "", m.group()))]
    out += [Entity(m.start(), m.end(), "SNILS") for m in _after_cue(_SNILS_CUE, _SNILS_ANY, text)]
    return out


# ИНН: 10 digits (a company) or 12 (a person). After the word "ИНН" any of them; without it only a 12-digit
# number in Russian text whose two check digits hold (1 in 100 random numbers pass, 1 in 10 of 10-digit
# ones, which collide with order numbers and mobiles). Kazakh ИИН: 12 digits after "ИИН" / "ЖСН".
_INN_CUE = re.compile(r"\b(?:инн|inn)\b", re.IGNORECASE)
_IIN_CUE = re.compile(r"\b(?:иин|iin|жсн)\b", re.IGNORECASE)
_INN_DIGITS = re.compile(r"(?<![\w\-/.,#№])(?:\d{12}|\d{10})(?![\w\-/]|[.,]\d)")


def _inns(text: str, lang: str) -> list[Entity]:
    out = [Entity(m.start(), m.end(), "INN") for m in _after_cue(_INN_CUE, _INN_DIGITS, text)]
    if lang == "ru":
        out += [Entity(m.start(), m.end(), "INN") for m in _INN_DIGITS.finditer(text)
                if len(m.group()) == 12 and inn_ok(m.group()) and not _id_context(text, m.start())]
    return out


def _iins(text: str) -> list[Entity]:
    return [Entity(m.start(), m.end(), "IIN") for m in _after_cue(_IIN_CUE, _INN_DIGITS, text)
            if len(m.group()) == 12]


# Passports and identity cards, after the word for them: Russian "4510 123456" / "45 10 номер 123456",
# Kazakh "N12345678", Polish ID card "ABC 123456", a 9-digit UK passport. "Dowód" in any case is the identity card
# ("To zdjęcie dowodu, numer EBK378165") but for a receipt's, a payment's or a car's ("dowód zakupu / wpłaty /
# rejestracyjny").
_PASSPORT_CUE = re.compile(
    r"\b(?:(?:загран)?паспорт\w*|passport|paszport\w*|удостоверени\w+\s+личности|"
    r"dow[oó]d\w*(?!\s+(?:zakup|wp[łl]at|nadani|dostaw|sprzeda|przelew|rejestracyjn|ksi[ęe]gow|dor[ęe]czeni))|"
    r"id\s+card|identity\s+card)",
    re.IGNORECASE,
)
_PASSPORT_NO = re.compile(
    r"(?<![\w\-/])(?:\d{2} ?\d{2},? ?(?:(?:№|N|номер|nr)\.? ?)?\d{6}|[A-ZА-ЯЁ]{1,3} ?\d{6,9}|\d{9})"
    r"(?![\w\-/]|[.,]\d)"
)
# A Polish identity card's number after a plain "ID" or "document" counts only when its check digit holds
# ("ID: ABA300000"); an order's or a ticket's id of the same shape would pass one time in ten
_ID_DOCUMENT_CUE = re.compile(r"(?<![\w\-])(?:ID|Id|id\s+(?:number|no\.?|nr)|document\w*|dokument\w*|документ\w*)(?!\w)")
_PL_ID_NO = re.compile(r"(?<![\w\-/])[A-Z]{3} ?\d{6}(?![\w\-/]|[.,]\d)")


def _passports(text: str) -> list[Entity]:
    """Passports and identity cards after the word for them, and a Polish identity card's number with its check digit
    after "ID".

    Example:
        >>> [text[e.start:e.end] for text in ("To zdjęcie dowodu, numer EBK378165", "ID: ABA300000", "ID: ABA300001",
        ...     "dowód zakupu ABC123456", "order ID ABA300000") for e in _passports(text)]
        ['EBK378165', 'ABA300000']
    """
    out = [Entity(m.start(), m.end(), "PASSPORT") for m in _after_cue(_PASSPORT_CUE, _PASSPORT_NO, text)]
    return out + [Entity(m.start(), m.end(), "PASSPORT") for m in _after_cue(_ID_DOCUMENT_CUE, _PL_ID_NO, text)
                  if pl_id_ok(m.group().replace(" ", "")) and not _id_context(text, m.start())]


# UK National Insurance number "AB 12 34 56 C": two letters (never BG, GB, KN, NK, NT, TN, ZZ, nor D F I Q
# U V, nor O second), six digits, A-D. After "NI number" any two letters (HMRC's own example is "QQ 12 34 56 C").
_NINO = re.compile(
    r"(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]"
    r"(?![A-Za-z0-9])"
)
_NINO_CUE = re.compile(r"\bN\.?I\.?(?=\s)|\b(?i:national\s+insurance|nino)\b")
_NINO_ANY = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?![A-Za-z0-9])")


def _ninos(text: str) -> list[Entity]:
    out = [Entity(m.start(), m.end(), "NINO") for m in _NINO.finditer(text) if not _id_context(text, m.start())]
    return out + [Entity(m.start(), m.end(), "NINO") for m in _after_cue(_NINO_CUE, _NINO_ANY, text)]


# --------------------------------------------------------------------------- IP address
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.\-/])(?:{_OCTET}\.){{3}}{_OCTET}(?![\w\-]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
# "version 2.1.0.5", "v1.2.3.4", "wersja aplikacji 3.2.1.0", "pkt 3.2.1.4 regulaminu": a version or a
# section number, not an address
_VERSION_BEFORE = re.compile(
    r"(?:\bv\.?\s*|§\s*|\b(?:ver|version|wersj\w*|верси\w*|build|firmware|release|pkt|punkt\w*|section|sekcj\w*|"
    r"rozdzia\w*|chapter|пункт\w*|п|раздел\w*)\b\.?[^\d.!?]{0,16})$",
    re.IGNORECASE,
)


def _ips(text: str) -> list[Entity]:
    out = [Entity(m.start(), m.end(), "IP") for m in _IPV4.finditer(text)
           if not _VERSION_BEFORE.search(text[max(0, m.start() - 32):m.start()])]
    if ":" in text:
        for m in _IPV6.finditer(text):
            s = m.group()
            # "2001:db8::42" or eight groups; "12:30:45" is a time
            if len([g for g in s.split(":") if g]) < 3 or ("::" not in s and s.count(":") != 7):
                continue
            try:
                ipaddress.IPv6Address(s)
            except ValueError:
                continue
            out.append(Entity(m.start(), m.end(), "IP"))
    return out


# --------------------------------------------------------------------------- date of birth
# Only a date after a word that says it is one: "DOB 12/03/1990", "born on 12 March 1988", "urodzona
# 14.05.1985", "дата рождения 03.02.1979". A date alone (delivery, order, visit) stays.
_DOB_CUE = re.compile(
    r"(?:\bd\.?o\.?b\b\.?|\bdate\s+of\s+birth|\bbirth\s?date|\bbirthday|\bborn\b|"
    r"\bdat[aęy]\s+urodzenia|\bdata\s+ur\.|\bur\.|\burodzon\w*|\burodzi(?:ł|l)(?:am|em|a|)\s+si[ęe]|\burodziny|"
    r"\bдат\w*\s+рожд(?:ения|\.)|\bд\.\s?р\.|\bд/р\b|\bродил(?:ся|ась|ись)|\bдень\s+рождения)",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrze[sś]nia|"
    r"pa[zź]dziernika|listopada|grudnia|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|"
    r"ноября|декабря)\.?"
)
_DATE = re.compile(
    rf"(?<![\w./\-])(?:(?P<a>\d{{1,2}})[./\-](?P<b>\d{{1,2}})[./\-](?:19|20)?\d{{2}}|(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH},?\s(?:19|20)\d{{2}}|{_MONTH}\s\d{{1,2}}(?:st|nd|rd|th)?,?\s(?:19|20)\d{{2}})"
    rf"(?![\w/\-]|[.,]\d)",
    re.IGNORECASE,
)


def _real_date(m: re.Match) -> bool:
    """A :data:`_DATE` match whose day and month fit, either way round (US 11/22/1991)."""
    day_month = sorted(int(m.group(k)) for k in "ab") if m.group("a") else [1, 1]
    return 1 <= day_month[0] <= 12 and day_month[1] <= 31


def _dobs(text: str) -> list[Entity]:
    return [Entity(m.start(), m.end(), "DOB") for m in _after_cue(_DOB_CUE, _DATE, text) if _real_date(m)]


# --------------------------------------------------------------------------- one-time codes, PINs, passwords
# A short number after the word for a secret lets anyone into the account, for a minute or for good: "мне ещё
# пришёл код 754292", "kod SMS: 4821", "my PIN is 1234", "CVV 123". The word is a code's, a PIN's, a password's
# (ru код / пароль / пин, pl kod / hasło / PIN / BLIK, en code / OTP / passcode / password, CVV / CVC); an error,
# product, promo, postal, country or area code is none ("код ошибки 403", "error code 500", "kod błędu 403").
_CODE_CUE = re.compile(
    r"(?<![\w\-])(?:код(?:а|у|ом|е|ы)?|смс-код\w*|пин(?:-код\w*)?|парол(?:ь|я|ем|е)|"
    r"kod(?:u|em|y|zie)?|has(?:ło|ła|łem|le)|blik\w*|"
    r"codes?|otp|pin|passcode|password|cvv2?|cvc2?)(?:-(?:код|kod|code)\w*)?(?![\w\-])",
    re.IGNORECASE,
)
# a word before or after the code word that makes it no secret
_NOT_SECRET_BEFORE = re.compile(
    r"(?:error|status|product|promo|discount|voucher|coupon|zip|postal|post|area|country|dialling|dialing|qr|bar|"
    r"tracking|tax|source|reference|referral|gift)\s+$", re.IGNORECASE)
_NOT_SECRET_AFTER = re.compile(
    r"\s+(?:ошибк\w*|товар\w*|продукт\w*|региона|регион\w*|стран\w*|города|скидк\w*|купон\w*|ответ\w*|статус\w*|"
    r"błęd\w*|bledu|produkt\w*|towar\w*|rabat\w*|promo\w*|pocztow\w*|kraju|kierunkow\w*|statusu?|odpowiedzi|"
    r"of\s+conduct|review|error)", re.IGNORECASE)
# 4 to 8 digits, maybe said in groups ("754 292"), or with a letter among them as an intercom's ("45К7890"); a CVV or
# CVC has 3 or 4
_CODE_VALUE = re.compile(r"(?<![\w\-/.,:#№+])(?:\d{2,8}(?:\s\d{2,4}){0,3}|\d{1,4}[^\W\d_]\d{2,6})(?![\w\-/]|[.,:]\d)")


# a generated one-time code's length (a BLIK or an SMS code has 6 digits), and such a code made up as an example: one
# digit repeated, or counting up from 0 or 1 ("Kod 123 456 nie działa"), which a generator gives once in a million
_GENERATED_DIGITS = 5
_EXAMPLE_CODE = re.compile(r"(\d)\1*|0?123(?:4(?:5(?:6(?:7(?:89?)?)?)?)?)?")


def _code_digits(text: str, m: re.Match, cue: str) -> bool:
    """The value ``m`` is shaped like a code after ``cue``: 4-8 digits (3-4 after CVV / CVC) that are no amount. A code
    of four digits is one a person chose, whatever it looks like: a door's or a key box's steps evenly as often as not
    ("1357"), and PINs are the easy ones ("PIN 0000", "code 1234"). A longer one is generated (a BLIK or an SMS code),
    and one counting up or of one digit repeated is an example (:data:`_EXAMPLE_CODE`: "Kod 123 456 nie działa").
    Without the word for a code (``cue`` "", a reply to a turn asking for one) a number of one step ("1234", "9876",
    "0000") is none.

    Example:
        >>> [_code_digits(t, _CODE_VALUE.search(t), "code") for t in ("code 1357", "code 1234", "code 0000",
        ...                                                           "code 45К7890", "code 123 456", "code 754292")]
        [True, True, True, True, False, True]
        >>> _code_digits("1357", _CODE_VALUE.search("1357"), ""), _code_digits("4821", _CODE_VALUE.search("4821"), "")
        (False, True)
    """
    digits = re.sub(r"\D", "", m.group())
    short = cue.lower().startswith(("cvv", "cvc"))
    if not cue:
        shaped = len({int(b) - int(a) for a, b in zip(digits, digits[1:])}) > 1
    else:
        shaped = len(digits) < _GENERATED_DIGITS or not _EXAMPLE_CODE.fullmatch(digits)
    return ((3 if short else 4) <= len(digits) <= (4 if short else 8) and shaped
            and not _is_amount(text, m.start(), m.end()))


def _secret_cues(text: str) -> Iterator[re.Match]:
    """The words of a one-time code, PIN or password in a text, not those of an error or promo code."""
    for c in _CODE_CUE.finditer(text):
        if not _NOT_SECRET_BEFORE.search(text[max(0, c.start() - 16):c.start()]) and not _NOT_SECRET_AFTER.match(text, c.end()):
            yield c


def _codes(text: str) -> list[Entity]:
    out = []
    for c in _secret_cues(text):
        m = _CODE_VALUE.search(text, c.end())
        if (m and m.start() - c.end() <= 32 and not _GAP_STOP.search(text, c.end(), m.start())
                and _code_digits(text, m, c.group())):
            out.append(Entity(m.start(), m.end(), "CODE"))
    return out


# A password after the word for it is one whatever its shape ("Hasło WiFi krakow2026!", "Wi-Fi password: Stare2026",
# "Пароль от WiFi krakow2026!"): the word, maybe what it opens ("do WiFi", "от вайфая", "for my account", "WiFi"),
# maybe "is" / "to" / "это" or a colon, then one token with a digit, a sign (not an apostrophe) or a capital inside,
# as no word of a sentence has ("The password is too long", "Wi-Fi password didn't work", "Hasło do WiFi nie działa").
# After a colon, a dash or "is" / "to" / "jest" / "это" (in Russian after nothing too: it says no "is"), a token of
# letters alone is one too when it ends the clause and is no everyday word of the sentence's language, or is a noun
# there ("Hasło do WiFi: sloneczko", "My password is sunflower", "пароль ромашка"; not "The password is wrong.").
_NETWORK = r"(?:wi-?fi|wlan|network|internet|router|интернет\w*|вай-?фа\w*|роутер\w*)"
_PASSWORD = re.compile(
    r"(?<![\w\-])(?:pass(?:word|code|wd)s?|has(?:ło|ła|łem|le|lo)|(?P<ru>парол(?:ь|я|ем|е)))"
    rf"(?:\s+(?:(?:for|to|of|do|od|dla|от|к|для)\s+(?:(?:the|your|my|our)\s+)?[^\W\d_][\w\-]*|{_NETWORK}))?"
    r"(?P<said>\s*[:\-–—]|\s+(?:is|to|jest|это|:))?\s+"
    r"(?P<value>\w[^\s\[\]<>\"«»]{3,63}?)(?P<stop>[.,;:)]*)(?=\s|$)",
    re.IGNORECASE,
)
# a digit, a sign (not an apostrophe, nor the sentence's closing "!" or "?") or a capital inside: no word is so shaped
_SHAPED_SECRET = re.compile(r"\S*(?:\d|[^\w\s'’]|[^\W\d_](?-i:[A-ZА-ЯЁ]))")
# what may follow a word that ends its clause: the line's end, or a word joining another clause ("… is sunflower and
# it still fails")
_CLAUSE_END = re.compile(r"[ \t]*(?:\n|$)|\s+(?:and|but|or|so|i|a|ale|lub|albo|oraz|и|а|но|или)\s", re.IGNORECASE)
# Words that judge or describe a password, not one, which the affect lexicon gives no polarity ("My password is
# garbage", "Hasło to tajemnica"); a complaint word it knows is judged there (:func:`_judges_secret`)
_ABOUT_SECRET = frozenset({"garbage", "rubbish", "nonsense", "trash", "junk", "crap", "secret", "tajemnica", "sekret",
                           "секрет", "тайна"})


def _passwords(text: str, lang: str) -> list[Entity]:
    """A password after the word for it (see :data:`_PASSWORD`): shaped as no word is, or of letters alone when said to
    be one (a colon, "is"; in Russian the word alone) and ending the clause (:func:`_said_secret`).

    Example:
        >>> [text[e.start:e.end] for text in ("Hasło WiFi krakow2026!", "Wi-Fi password: Stare2026.",
        ...     "Пароль от WiFi krakow2026!", "Hasło do WiFi: gdansk-apt-19", "WiFi password StareMiasto#88",
        ...     "The password is too long", "Hasło do WiFi nie działa", "пароль не подходит") for e in _passwords(text, "pl")]
        ['krakow2026!', 'Stare2026', 'krakow2026!', 'gdansk-apt-19', 'StareMiasto#88']
        >>> [text[e.start:e.end] for text, lang in (("Hasło do WiFi: sloneczko", "pl"), ("Hasło jest nieprawidłowe.", "pl"),
        ...     ("Пароль от вайфая: solnyshko", "ru"), ("The password is wrong!", "en"), ("password reset", "en"),
        ...     ("My password is sunflower and it fails", "en"), ("мой пароль ромашка, не подходит", "ru"),
        ...     ("пароль пользователя", "ru")) for e in _passwords(text, lang)]
        ['sloneczko', 'solnyshko', 'sunflower', 'ромашка']
    """
    out = []
    for m in _PASSWORD.finditer(text):
        word = m.group("value").rstrip("!?")   # a sentence's "!" or "?", not a sign of the secret
        ends_clause = word != m.group("value") or m.group("stop") or _CLAUSE_END.match(text, m.end())
        said = m.group("said") or m.group("ru")
        if _SHAPED_SECRET.match(word) or (said and word.isalpha() and ends_clause and _said_secret(text, m, word, lang)):
            out.append(Entity(m.start("value"), m.end("value"), "CODE"))
    return out


def _said_secret(text: str, m: re.Match, word: str, lang: str) -> bool:
    """A word of letters said to be a password (``m``, a :data:`_PASSWORD` match) is one: no stop word of ``lang``, and
    no everyday word of it (:func:`pipeline.redact.everyday_word`), nor a Polish one with "nie-" written before it
    (simplemma lacks "nieprawidłowe"), or a noun there (:func:`pipeline.redact._names.noun_at`: "is sunflower", not
    "is wrong"). After a Russian word for a password with no colon or dash, only a noun in the nominative is one
    ("пароль ромашка"; "пароль пользователя" is a user's).

    Example:
        >>> [_said_secret(t, _PASSWORD.search(t), t.split()[-1], l) for t, l in (("Hasło: sloneczko", "pl"),
        ...     ("Hasło jest nieprawidłowe", "pl"), ("Hasło jest błędne", "pl"), ("The password is sunflower", "en"),
        ...     ("The password is mine", "en"), ("пароль ромашка", "ru"), ("пароль пользователя", "ru"))]
        [True, False, False, True, False, True, False]
    """
    from pipeline.redact._names import everyday_word, noun_at   # not at import: _names reads Entity from here
    from pipeline.text import stop_words

    low = word.lower()
    if low in stop_words(lang) or _judges_secret(low, lang):
        return False
    noun = noun_at(text, m.start("value"), m.start("value") + len(word), lang)
    if not m.group("said"):
        return noun
    return noun or not (everyday_word(low, lang) or (lang == "pl" and low.startswith("nie") and everyday_word(low[3:], lang)))


def _judges_secret(word: str, lang: str) -> bool:
    """A word said of a password that judges or describes it, not one: a negative word of the affect lexicon (read by
    :func:`pipeline.affect.text_evidence`: "Hasło to porażka", "пароль ошибка") or one of :data:`_ABOUT_SECRET` ("My
    password is garbage"). A positive word may be one ("love", "sunshine" are among the most chosen).

    Example:
        >>> [_judges_secret(w, l) for w, l in (("porażka", "pl"), ("problem", "pl"), ("ошибка", "ru"), ("garbage", "en"),
        ...                                    ("sunflower", "en"), ("love", "en"), ("ромашка", "ru"))]
        [True, True, True, True, False, False, False]
    """
    from pipeline.affect import text_evidence   # not at import: the lexicon is read when a password is said

    return word in _ABOUT_SECRET or text_evidence(word, lang).negative > 0


def _asks_for_code(text: str) -> bool:
    """The text speaks of a one-time code, PIN or password, not of an error or promo code."""
    return next(_secret_cues(text), None) is not None


def _code_answer(text: str) -> list[Entity]:
    """The code of an answer to a turn asking for one: its one number of 4-8 digits."""
    nums = list(_CODE_VALUE.finditer(text))
    if len(nums) != 1 or not _code_digits(text, nums[0], ""):
        return []
    return [Entity(nums[0].start(), nums[0].end(), "CODE")]


# --------------------------------------------------------------------------- member and customer numbers
# A club, loyalty, customer or employee number names one person: "numer karty członkowskiej FP-0045127", "member
# number 2044173", "номер карты клиента KV-558201", "Staff number 7781234", "табельный номер 004512"; so does the
# number of a stay's booking, a patient's insurance or package, a member's plan or a student's card, and a video call's
# id lets anyone into a consultation or a lesson ("Numer rezerwacji Booking 3847261950", "полис ОМС 7751234567890123", "Zoom meeting ID: 812
# 5567 9032"); an insurance policy's or a contract's number names its holder as an account's does ("polisa PL/2026/534439",
# "the policy is PL/2026/753776", "номер договора Д-2025/4471"). After the word for it, an id of capitals and digits
# (maybe parted by "-" or "/") or a number of five digits or more, no amount; after a card word alone ("karta
# FP-0045127") only an id with capitals (digits alone are a payment card's, which the card rule judges), and no order
# or invoice word in between: an order's, a ticket's or a claim's number stays ("numer szkody SZK/2026/55512").
_MEMBER_CUE = re.compile(
    r"(?<!\w)(?:członkowsk\w*|klubow\w*|lojalnościow\w*|(?:numer\w*|nr\.?)\s+(?:klient|abonent|pracownik)\w*|"
    r"stałego\s+klienta|member(?:ship)?|"
    r"(?:customer|client|loyalty|subscriber|account|employee|staff|badge)\s+(?:number|no\.?|id|card)|"
    r"(?:номер\w*|карт\w*|id)\s+(?:клиент|абонент|сотрудник|работник)\w*|(?:клиентск|абонентск)\w+\s+(?:номер|карт)\w*|"
    r"(?:табельн|личн)\w+\s+номер\w*|номер\w*\s+участник\w*|клубн\w+\s+карт\w*|лицев\w+\s+сч[её]т\w*|"
    # a stay's booking, a patient's insurance or file, a student's card, a video call one joins with its id
    r"(?:booking|reservation|confirmation)\s+(?:number|no\.?|id|code)|"
    r"(?:nhs|insurance|policy|patient|student|meeting|webinar|zoom|package|plan|membership)\s+(?:number|no\.?|id)|"
    r"(?:numer\w*|nr\.?|id|kod\w*)\s+(?:rezerwacj|potwierdzeni|polis|ubezpieczeni|pacjent|legitymacj|albumu|indeksu|"
    r"ucznia|studenta|spotkani|konferencj|pakiet|abonament|karnet|umow)\w*|identyfikator\w*\s+spotkani\w*|"
    # a medical or a sports package's, a policy's or a contract's holder, named or not ("pakiet Komfort nr MP-2025-118345",
    # "пакет ДМС № 4471", "umowa nr UM/2025/00123")
    r"(?:pakiet|abonament|karnet|umow|пакет|абонемент|договор)\w*(?:\s+[^\W\d_]+)?\s+(?:nr\.?|numer|номер|№)|"
    r"(?:номер\w*|id|код\w*)\s+(?:брон|подтвержд|полис|пациент|студенческ|зач[её]тк|ученик|конференци|встреч|пакет|"
    r"абонемент|договор)\w*|"
    r"идентификатор\w*\s+(?:конференци|встреч)\w*|"
    # a policy said by its word alone ("polisa PL/2026/534439", "the policy is PL/2026/753776", "полис ААА 0123456789"),
    # an English one after a determiner or the kind of insurance (not "return policy"), a Polish car insurance's kind
    r"polis(?:a|y|ie|ę|ą|om|ami|ach)?|полис(?:а|у|ом|е|ы|ов|ам|ами|ах)?|"
    r"(?:my|your|his|her|our|the|this|insurance|car|motor|home|travel)\s+polic(?:y|ies)|"
    r"ubezpieczeni\w*\s+(?:OC|AC|NNW)|(?:contract|agreement)\s+(?:number|no\.?|id)|"
    # a contract by its word alone, as a policy ("umowa 48213377", "договор 12345678", "contract 88812345")
    r"umow(?:a|y|ie|ę|ą)|договор(?:а|у|ом|е)?|contract|agreement|"
    # a game's or an app's player or user ("player ID 5F3A9C21", "ID gracza 77120934", "айди 48213377")
    r"(?:player|gamer|user|account|profile)\s+(?:id|number|no\.?)|uid|"
    r"(?:id|numer\w*|nr\.?|identyfikator\w*)\s+(?:gracz|użytkownik|profil)\w*|"
    r"(?:id|ид|номер\w*)\s+(?:игрок|аккаунт|пользовател|профил)\w*|айди)(?!\w)",
    re.IGNORECASE,
)
# An employee gives it in a longer sentence ("Numer pracownika, jak będzie potrzebny do testów, to 48213")
_MEMBER_REACH = 48
# up to 16 digits (a Russian medical insurance policy's), capitals and digits, maybe with the year ("MP-2025-118345") or a
# space ("полис ОСАГО ХХХ 0123456789"), or capitals mixed with digits (an Airbnb confirmation code "HMXY4K9Z2A", a player's
# "5F3A9C21"); right after its cue, a number in groups too (a Zoom meeting's "845 2291 7730", an NHS number's "943 476
# 5919"), which alone is a phone's shape
_ID_BODY = r"[A-ZА-ЯЁ]{1,5}(?:[-/]\d{4})?[-/ ]?\d{4,10}|[A-Z](?=[A-Z]*\d)[A-Z\d]{5,11}|\d(?=[A-Z\d]*[A-Z])[A-Z\d]{5,11}|\d{5,16}"
_MEMBER_ID = re.compile(rf"(?<![\w\-/])(?:{_ID_BODY})(?![\w\-/]|[.,]\d)")
_CUED_ID = re.compile(rf"(?<![\w\-/])(?:{_ID_BODY}|\d{{3,4}}(?:[ \-]\d{{3,4}}){{1,3}})(?![\w\-/]|[.,]\d)")
_LETTERED_ID = re.compile(r"(?<![\w\-/])[A-ZА-ЯЁ]{1,5}-\d{5,10}(?![\w\-/]|[.,]\d)")


# A player's number after the word for a player alone, as an agent checks one ("Sprawdziłam gracza 76157004", "Проверила
# игрока 89097245"), when no word follows it: "Gracz z 12000 punktów" counts points
_PLAYER_CUE = re.compile(r"(?<!\w)(?:player|gracz(?:a|owi|em|u)?|игрок(?:а|у|ом|е)?)(?!\w)", re.IGNORECASE)
_QUANTITY_AFTER = re.compile(r"\s+[^\W\d_]")
# An "ID" opening a clause or after "my" is the writer's own ("… i nic nie dostałem. id 19286257", "Мой ник в игре
# OlegTheGreat, ID 77340918", "my ID 55120934"), digits alone (a Polish identity card's "ID: ABA300000" is its own
# rule's); after a word it is that thing's ("transaction ID", "Apple ID", "order ID")
_OWN_ID_CUE = re.compile(r"(?:^|(?<=[,.;:!?(\n])|(?<![\w\-])(?i:my|mój|moje|мой|моё|мое))\s*(?:ID|Id|id)(?![\w\-])")
_OWN_ID = re.compile(r"(?<![\w\-/])\d{5,16}(?![\w\-/]|[.,]\d)")


def _member_ids(text: str) -> list[Entity]:
    """Member, customer, booking, patient and meeting numbers after the word for one, with no order word before them but
    the cue's own ("лицевой счёт NT-4220939" is an account's holder, "numer klienta i zamówienia 12345" an order).

    Example:
        >>> [text[e.start:e.end] for text in ("Мой лицевой счёт NT-4220939.", "Mój numer abonenta to 4412907.",
        ...     "Customer number 556677, order 12345", "numer klienta i zamówienia 12345", "Zoom meeting ID: 812 5567 9032",
        ...     "Airbnb confirmation code HMXY4K9Z2A") for e in _member_ids(text)]
        ['NT-4220939', '4412907', '556677', '812 5567 9032', 'HMXY4K9Z2A']
        >>> [text[e.start:e.end] for text in ("polisa PL/2026/534439", "the policy is PL/2026/753776", "numer umowy UM/2025/00123",
        ...     "номер договора Д-2025/4471", "Polisa kosztuje 15000 zł", "return policy SKU 1234567") for e in _member_ids(text)]
        ['PL/2026/534439', 'PL/2026/753776', 'UM/2025/00123', 'Д-2025/4471']
        >>> [text[e.start:e.end] for text in ("umowa 48213377 nie obejmuje", "договор 12345678 на обслуживание",
        ...     "contract 88812345 covers it", "a contract for 50000 pounds", "umowa na 24 miesiące za 15000 zł",
        ...     "zamówienie 48213377") for e in _member_ids(text)]
        ['48213377', '12345678', '88812345']
    """
    out = []
    for cue, value, reach in ((_MEMBER_CUE, _CUED_ID, _MEMBER_REACH), (_CARD_WORDS, _LETTERED_ID, 32)):
        out += [Entity(m.start(), m.end(), "ID") for m in _after_cue(cue, value, text, reach)
                if not _ID_WORDS.search(_MEMBER_CUE.sub(_blank, _window(text, m.start(), 32)))
                and not _is_amount(text, m.start(), m.end())]
    for cue, value in ((_PLAYER_CUE, _MEMBER_ID), (_OWN_ID_CUE, _OWN_ID)):
        out += [Entity(m.start(), m.end(), "ID") for m in _after_cue(cue, value, text, 24)
                if not _QUANTITY_AFTER.match(text, m.end()) and not _ID_WORDS.search(_window(text, m.start(), 24))
                and not _is_amount(text, m.start(), m.end())]
    return out


# A user's name in a game or an app after the word for it ("my username is DarkLord_99", "Mój nick w grze to
# Kruczek_2009", "Мой логин kuznetsova.olga"): shaped as a handle, with a digit, a "_", a "." or an inner capital, as no
# word of a sentence is ("login page", "Username field", "ник не меняется" stay); a name of letters alone is the name
# finder's.
_HANDLE_CUE = re.compile(
    r"(?<![\w\-])(?:user\s?names?|login|log-in|nick(?:name)?s?|ign|gamertag|handle|screen\s+name|"
    r"nazw\w*\s+użytkownika|nick\w*|login\w*|ник\w*|никнейм\w*|логин\w*)"
    r"(?:\s+(?:in\s+(?:the\s+)?game|w\s+grze|в\s+игре))?(?:\s*[:\-–—]|\s+(?:is|to|jest|это))?\s+"
    r"(?P<value>[^\W_][^\s,;()\[\]<>\"«»]{2,31}?)[.!?]?(?=[\s,;)]|$)",
    re.IGNORECASE,
)
_HANDLE_SHAPED = re.compile(r"\w*(?:\d|[_.]\w|[^\W\d_](?-i:[A-ZА-ЯЁ]))")


def _handles(text: str) -> list[Entity]:
    """A user's name after the word for it, shaped as a handle (:data:`_HANDLE_CUE`), as ``ID``.

    Example:
        >>> [text[e.start:e.end] for text in ("my username is DarkLord_99, I lost", "Mój nick w grze to Kruczek_2009",
        ...     "Мой логин kuznetsova.olga, пароль", "the login page hangs", "ник не меняется") for e in _handles(text)]
        ['DarkLord_99', 'Kruczek_2009', 'kuznetsova.olga']
    """
    return [Entity(m.start("value"), m.end("value"), "ID") for m in _HANDLE_CUE.finditer(text)
            if _HANDLE_SHAPED.match(m.group("value")) and "@" not in m.group("value")]


# A vehicle's registration plate or VIN names its keeper to anyone with the register (a car insurer's claims): after the
# word for it or for a car ("reg plate KR 4F321", "Samochód WX 1234K, VIN WVWZZZ1JZXW000001", "Машина А123ВС 77"), a
# Polish, a UK or a Russian plate, or a VIN of 17 capitals and digits
_VEHICLE_CUE = re.compile(
    r"(?<![\w\-])(?:reg(?:istration)?(?:\s+(?:plate|number|no\.?))?|(?:number|licen[cs]e)\s+plate|plates?|vin|car|vehicle|"
    r"nr\.?\s+rej\w*|numer\w*\s+rejestracyjn\w*|rejestracj\w*|tablic\w*|samoch[oó]d\w*|auto|pojazd\w*|"
    r"госномер\w*|гос\.?\s?номер\w*|номер\w*\s+(?:машин|автомобил|авто)\w*|машин\w*|автомобил\w*|авто|вин)(?![\w\-])",
    re.IGNORECASE,
)
_RU_PLATE_LETTER = "АВЕКМНОРСТУХABEKMHOPCTYX"
_VEHICLE_ID = re.compile(
    rf"(?<![\w\-/])(?:(?=[A-Z]{{2,3}}\s?[A-Z]*\d)[A-Z]{{2,3}}\s?[A-Z\d]{{4,5}}|[A-Z]{{2}}\d{{2}}\s?[A-Z]{{3}}|"
    rf"[{_RU_PLATE_LETTER}]\s?\d{{3}}\s?[{_RU_PLATE_LETTER}]{{2}}\s?\d{{2,3}}|(?=[A-Z\d]*[A-Z])(?=[A-Z\d]*\d)[A-HJ-NPR-Z\d]{{17}})"
    r"(?![\w\-/])"
)


# the same shapes as speech-to-text writes them, in lower case ("numer rejestracyjny wa 12345", "the reg is lb07 sxm",
# "номер машины а123вс 77"): see :func:`_spoken_vehicle_id`
_SPOKEN_VEHICLE_ID = re.compile(_VEHICLE_ID.pattern, re.IGNORECASE)
_LEADING_WORD = re.compile(r"([^\W\d_]+)\s")


def _spoken_vehicle_id(m: re.Match) -> bool:
    """A match of :data:`_SPOKEN_VEHICLE_ID` is a plate or a VIN in lower case: no capital in it, and letters before a
    space that are no stop word of en / pl / ru, as a verb's or a preposition's before a count are ("samochód ma 98000
    przebiegu", "my car has 12345 miles", "auto na 12345").

    Example:
        >>> [_spoken_vehicle_id(_SPOKEN_VEHICLE_ID.search(v)) for v in ("wa 12345", "kr 4h221", "lb07 sxm", "а123вс 77",
        ...                                                             "ma 98000", "has 12345", "WX 1234K")]
        [True, True, True, True, False, False, False]
    """
    from pipeline.text import stop_words   # not at import: spaCy's lists load when a plate is written in lower case

    value = m.group()
    head = _LEADING_WORD.match(value)
    return value.islower() and not (head and any(head.group(1) in stop_words(lang) for lang in ("en", "pl", "ru")))


def _vehicle_ids(text: str) -> Iterator[re.Match]:
    """Plates and VINs in ``text`` wherever they stand: in capitals (:data:`_VEHICLE_ID`) or in lower case
    (:func:`_spoken_vehicle_id`)."""
    yield from _VEHICLE_ID.finditer(text)
    yield from filter(_spoken_vehicle_id, _SPOKEN_VEHICLE_ID.finditer(text))


def _vehicles(text: str) -> list[Entity]:
    """A registration plate or a VIN after the word for it or for a car (:data:`_VEHICLE_CUE`), as ``ID``; in capitals,
    or in lower case as speech-to-text writes it (:func:`_spoken_vehicle_id`).

    Example:
        >>> [text[e.start:e.end] for text in ("reg plate KR 4F321, the other", "Samochód WX 1234K, VIN WVWZZZ1JZXW000001",
        ...     "Машина А123ВС 77, ДТП", "my car is a BMW X5 2019", "car reg AB12 CDE") for e in _vehicles(text)]
        ['KR 4F321', 'WX 1234K', 'WVWZZZ1JZXW000001', 'А123ВС 77', 'AB12 CDE']
        >>> [text[e.start:e.end] for text in ("numer rejestracyjny wa 12345", "vin to tmbjg7ne5j0123456 proszę",
        ...     "the reg is lb07 sxm it's grey", "samochód ma 98000 przebiegu") for e in _vehicles(text)]
        ['wa 12345', 'tmbjg7ne5j0123456', 'lb07 sxm']
    """
    spoken = _after_cue(_VEHICLE_CUE, _SPOKEN_VEHICLE_ID, text, 24, keep=_spoken_vehicle_id)
    return [Entity(a, b, "ID") for a, b in dict.fromkeys(
        m.span() for m in _after_cue(_VEHICLE_CUE, _VEHICLE_ID, text, 24) + spoken)]


# A chat channel ("the #nursing channel", "kanał #rekrutacja", "Slack channel with your CSM, #shiftwise-stbrigids") names
# a team or a customer's site: it is one with the word for a channel beside it, or, joined by hyphens as no social
# network's hashtag is, after that word in its sentence. A hashtag is content ("#sale", "#kraków", "#black-friday" with
# no channel word), in a run of tags ("#motivation #gym") and after a channel one watches ("Love this channel #x") too.
_CHANNEL_CUE = re.compile(r"(?<!\w)(?:channel\w*|kana(?:ł|l)\w*|канал\w*|slack\w*|teams|discord\w*)(?!\w)", re.IGNORECASE)
_CHANNEL = re.compile(r"(?<![\w#&])#[^\W\d_]\w*(?:-\w+)*")
# the channel word right before a tag ("channel: #x"), and the word before it; right after one ("#x channel")
_CUE_BEFORE = re.compile(rf"(?:(\w+)\s+)?{_CHANNEL_CUE.pattern}:?\s$", re.IGNORECASE)
_CUE_AFTER = re.compile(rf"\s{_CHANNEL_CUE.pattern}", re.IGNORECASE)
# the words before a channel word that make it one written in ("in channel #x", "na kanał #x", "в канале #x", "Slack
# channel #x"), not one watched ("Love this channel #motivation", "Świetny kanał #fitness"); or none, opening a clause
_WRITTEN_IN = frozenset("in on to into the our slack teams discord w we na do nasz naszym naszego naszej "
                        "в во на наш нашем нашего".split())
_TAG_RUN = re.compile(r"#[^\W\d_]\w*\s*$|^\s*#[^\W\d_]")


def _channels(text: str) -> list[Entity]:
    """Chat channels: a tag beside the word for a channel (:data:`_CHANNEL_CUE`), or one joined by hyphens after it
    in its sentence, as ``ID``; no tag of a run of tags, and none after a channel one watches ("this channel").

    Example:
        >>> [text[e.start:e.end] for text in ("our Slack channel with your CSM, #shiftwise-stbrigids", "kanał #acme-wola",
        ...     "post it in the #nursing channel", "Wrzuciłam na kanał #rekrutacja.", "в канале #продажи",
        ...     "Super promocja #sale #mojeosiedle", "love this channel #motivation", "channel #motivation #gym",
        ...     "#black-friday deals")
        ...     for e in _channels(text)]
        ['#shiftwise-stbrigids', '#acme-wola', '#nursing', '#rekrutacja', '#продажи']
    """
    hyphenated = {m.span() for m in _after_cue(_CHANNEL_CUE, _CHANNEL, text) if "-" in m.group()}
    out = []
    for m in _CHANNEL.finditer(text):
        if _TAG_RUN.search(text[:m.start()]) or _TAG_RUN.search(text[m.end():]):
            continue
        cue = _CUE_BEFORE.search(text[max(0, m.start() - 40):m.start()])
        beside = (cue is not None and (cue.group(1) is None or cue.group(1).lower() in _WRITTEN_IN)
                  or _CUE_AFTER.match(text, m.end()))
        if beside or m.span() in hyphenated:
            out.append(Entity(m.start(), m.end(), "ID"))
    return out


def _blank(m: re.Match) -> str:
    """A match replaced by as many spaces (offsets stay)."""
    return " " * len(m.group())


# --------------------------------------------------------------------------- answers
# A code or a number dictated alone is a short turn: "так… пришёл, 482913", "FP-0039981. Karolina Maj, tel. …"
_ANSWER_WORDS = 6


def _answer_head(answer: str) -> str:
    """What of ``answer`` answers the turn before: all of it when short, else its first sentence when that is ("It's KR
    4H221. My name is …"), else nothing.

    Example:
        >>> _answer_head("It's KR 4H221. My name is Oliver, and my wife usually drives it."), _answer_head("Tak, 482913")
        ("It's KR 4H221.", 'Tak, 482913')
    """
    for head in (answer, answer[:next((m.end() for m in _WINDOW_END.finditer(answer)), len(answer))]):
        if len(re.findall(r"[^\W\d_]+", head)) <= _ANSWER_WORDS:
            return head
    return ""


def answer_entities(question: str, answer: str) -> list[Entity]:
    """What a short answer (or its first sentence) gives when the turn before asks for it: the code after "продиктуйте
    код из смс", the member number after "prosimy o podanie numeru karty członkowskiej", the date after "Can I have your
    date of birth?", the plate or the VIN after "Numer rejestracyjny?", the street and house after "Adres do
    korespondencji?".

    Example:
        >>> answer_entities("Сейчас вам придёт код в смс, продиктуйте его", "так… пришёл, 482913")
        [Entity(start=13, end=19, type='CODE')]
        >>> answer_entities("Prosimy o podanie numeru karty członkowskiej.", "FP-0039981. Karolina Maj, tel. 698 765 432.")
        [Entity(start=0, end=10, type='ID')]
        >>> answer_entities("Jaki kod błędu?", "4031"), answer_entities("Podaj kod", "wysłałem 5000 zł, 4821 i 11 dni")
        ([], [])
        >>> answer_entities("Poproszę datę urodzenia.", "17.06.1979"), answer_entities("When was it delivered?", "17.06.2026")
        ([Entity(start=0, end=10, type='DOB')], [])
        >>> answer_entities("A numer rejestracyjny pojazdu?", "PO 549J3"), answer_entities("Which model?", "PO 549J3")
        ([Entity(start=0, end=8, type='ID')], [])
        >>> answer_entities("Poproszę numer PESEL.", "85031507738")
        [Entity(start=0, end=11, type='PESEL')]
    """
    answer = _answer_head(answer)
    out = _code_answer(answer) if _asks_for_code(question) else []
    if _MEMBER_CUE.search(question):
        out += [Entity(m.start(), m.end(), "ID") for m in _MEMBER_ID.finditer(answer)]
    if _VEHICLE_CUE.search(question):
        out += [Entity(m.start(), m.end(), "ID") for m in _vehicle_ids(answer)]
    if _PESEL_WORDS.search(question):   # a mistyped one too, as after the word in its own sentence
        out += [Entity(m.start(), m.end(), "PESEL") for m in _PESEL.finditer(answer)]
    if _DOB_CUE.search(question):
        out += [Entity(m.start(), m.end(), "DOB") for m in _DATE.finditer(answer) if _real_date(m)]
    out += _address_answer(question, answer)
    # one span once, when two cues find it ("Numer polisy i rejestracyjny?" -> "WX12345")
    return [e for i, e in enumerate(out) if not any(o.start < e.end and e.start < o.end for o in out[:i])]


# --------------------------------------------------------------------------- numbers said in words
# A number said in words, as a call's transcript writes it ("piętnaście", "twenty one", "двадцать пять"), with its value:
# the one list of them, read by a spoken address's house and flat and by a phone number said in words. "hundred" is a
# multiplier ("four hundred"); "oh" and "nought" are English zeros in a phone number ("oh seven seven ...").
_NUMBER_VALUES: dict[str, int] = {
    **dict(zip("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
               "seventeen eighteen nineteen".split(), range(20))),
    **dict(zip("twenty thirty forty fifty sixty seventy eighty ninety".split(), range(20, 100, 10))),
    "oh": 0, "nought": 0, "hundred": 100,
    **dict(zip("zero jeden dwa trzy cztery pięć sześć siedem osiem dziewięć dziesięć jedenaście dwanaście trzynaście "
               "czternaście piętnaście szesnaście siedemnaście osiemnaście dziewiętnaście".split(), range(20))),
    "jedna": 1, "jedno": 1, "dwie": 2,
    **dict(zip("dwadzieścia trzydzieści czterdzieści pięćdziesiąt sześćdziesiąt siedemdziesiąt osiemdziesiąt "
               "dziewięćdziesiąt".split(), range(20, 100, 10))),
    **dict(zip("sto dwieście trzysta czterysta pięćset sześćset siedemset osiemset dziewięćset".split(), range(100, 1000, 100))),
    **dict(zip("ноль один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать тринадцать "
               "четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать".split(), range(20))),
    "нуль": 0, "одна": 1, "одно": 1, "две": 2,
    **dict(zip("двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split(), range(20, 100, 10))),
    **dict(zip("сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split(), range(100, 1000, 100))),
}
_NUMBER_WORDS = "(?:" + "|".join(sorted(_NUMBER_VALUES, key=len, reverse=True)) + ")"
# "four hundred": a digit said before it is multiplied, in English; "double zero", "triple seven": a digit said twice or
# three times
_MULTIPLIERS = {"hundred": 100}
_REPEATS = {"double": 2, "triple": 3}
# A run of four numbers said in words or more, maybe after a "plus" (a country's code): a phone number said in words
# (:func:`_spoken_phones`); an address's house and flat or a price say fewer
_SAID_RUN = re.compile(rf"(?<!\w)(?:(?P<plus>plus|плюс)[\s,\-]+)?(?:(?:double|triple)\s+)?{_NUMBER_WORDS}"
                       rf"(?:[\s,\-]+(?:(?:double|triple)\s+)?{_NUMBER_WORDS}){{3,}}(?!\w)", re.IGNORECASE)


def said_digits(words: list[str]) -> list[str]:
    """The numbers said in words (:data:`_NUMBER_VALUES`) as they are written in digits, group by group: a hundred with
    its tens and units is one number ("сто двадцать три" 123, "sześćset jeden" 601), a ten with its unit ("сорок пять"
    45), and digits said one by one are one group ("oh seven seven" 077); another number starts where one cannot go on.

    Example:
        >>> said_digits("восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь".split())
        ['8', '916', '123', '45', '67']
        >>> said_digits("sześćset jeden dwieście".split()), said_digits("oh seven double zero four hundred".split())
        (['601', '200'], ['0700', '400'])
    """
    groups: list[int] = []
    open_below = 0   # the last number takes a number said after it below this: its tens or units
    for word in _repeated(words):
        if word in _MULTIPLIERS and groups and 0 < groups[-1] < 10 and open_below == 0:
            groups[-1] *= _MULTIPLIERS[word]
            open_below = 100
            continue
        value = _NUMBER_VALUES.get(word, _MULTIPLIERS.get(word))
        if 0 < value < open_below:
            groups[-1] += value
            open_below = 10 if open_below == 100 and value % 10 == 0 and value >= 20 else 0
        else:
            groups.append(value)
            open_below = 100 if value % 100 == 0 and value else 10 if value >= 20 and value % 10 == 0 else 0
    out: list[str] = []
    for i, value in enumerate(groups):   # digits said one by one are written as one run
        if out and value < 10 and groups[i - 1] < 10:
            out[-1] += str(value)
        else:
            out.append(str(value))
    return out


def _repeated(words: list[str]) -> list[str]:
    """The words said, lower case, with "double" and "triple" said out ("double zero": "zero", "zero")."""
    out: list[str] = []
    times = 1
    for word in map(str.lower, words):
        if word in _REPEATS:
            times = _REPEATS[word]
            continue
        out += [word] * times
        times = 1
    return out


def _spoken_phones(text: str, lang: str) -> list[Entity]:
    """A phone number said in words (:data:`_SAID_RUN`): one when written in digits, its groups as said and a "+" for
    "plus" (:func:`said_digits`), it would be one there (:func:`_phone_ok`).

    Example:
        >>> [text[e.start:e.end] for text in ("mój numer to sześćset dwanaście trzysta czterdzieści pięć sześćset "
        ...     "siedemdziesiąt osiem", "call me on oh seven seven zero zero nine double zero one two three",
        ...     "it came to four hundred and twenty pounds", "order one two three four five six seven eight nine")
        ...     for e in _spoken_phones(text, "en")]
        ['sześćset dwanaście trzysta czterdzieści pięć sześćset siedemdziesiąt osiem', 'oh seven seven zero zero nine double zero one two three']
    """
    out = []
    for m in _SAID_RUN.finditer(text):
        words = _SAID_WORD.findall(m.group())[1 if m.group("plus") else 0:]
        written = ("+" if m.group("plus") else "") + " ".join(said_digits(words))
        probe = text[:m.start()] + written + text[m.end():]
        digits = _PHONE.match(probe, m.start())
        if digits and digits.end() == m.start() + len(written) and _phone_ok(probe, digits, lang):
            out.append(Entity(m.start(), m.end(), "PHONE"))
    return out


_SAID_WORD = re.compile(r"[^\W\d_]+")


# --------------------------------------------------------------------------- phone
# Digit groups separated by one space, dot or dash, or by parentheses around an area code.
_SEP = r"(?:\)[ .\-]?|[ .\-]?\(|[ .\-])"
# A letter may follow ("600 100 200яю": a typo glued to the number); _phones checks the grouping then.
_PHONE = re.compile(rf"(?<![\w/#№+\-@=])(?:\+|\()?\d+(?:{_SEP}\d+)*\)?(?![\d_/@]|[\-.,:]\d)")

# Group-length signatures of national numbers written the way people write them.
_NATIONAL_SHAPES = {
    7: {(3, 2, 2), (3, 4)},                                   # local, only with a phone word nearby
    9: {(3, 3, 3), (2, 3, 2, 2), (3, 2, 2, 2), (2, 3, 4), (2, 7)},  # PL mobile / landline
    10: {(3, 3, 4), (3, 3, 2, 2), (3, 7), (4, 3, 3), (3, 4, 3)},  # US, RU/UA without prefix, (0xx) ...
    11: {(1, 3, 3, 2, 2), (1, 3, 3, 4), (1, 3, 7), (5, 6), (3, 4, 4), (4, 3, 4), (4, 7), (1, 3, 3, 2, 2),
         (2, 3, 3, 3), (1, 4, 2, 2, 2), (1, 4, 6), (5, 3, 3)},  # RU/BY 8-prefix, US 1-prefix, UK 0-prefix
    12: {(2, 3, 3, 2, 2), (3, 3, 3, 3)},
}
_PL_MOBILE = ("45", "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88")
# "7 (22) 555 66 77", "+48 (22) 300 40 50": a country code, an area code in brackets, the number
_COUNTRY_AREA = re.compile(r"\+?\d{1,3}[ .\-]?\(\d{2,5}\)[ .\-]?\d+(?:[ .\-]\d+)*")


def _russian_mobile(digits: str, groups: tuple[int, ...], lang: str) -> bool:
    """8 / 7 + 9xx + seven digits, or 9xx + seven digits, in Russian text: a mobile whatever word stands
    before it ("номер заказа 89161234567 ой это телефон")."""
    if lang != "ru":
        return False
    if len(digits) == 11 and digits[0] in "78" and digits[1] == "9":
        return len(groups) == 1 or (groups[0] == 1 and groups in _NATIONAL_SHAPES[11])
    if len(digits) == 10 and digits[0] == "9":
        return len(groups) == 1 or groups in _NATIONAL_SHAPES[10]
    return False


def _phone_ok(text: str, m: re.Match, lang: str) -> bool:
    s = m.group()
    groups = tuple(len(g) for g in re.findall(r"\d+", s))
    digits = "".join(re.findall(r"\d+", s))
    n = len(digits)
    if _is_amount(text, m.start(), m.end()):
        return False
    if s.startswith("+"):
        return 8 <= n <= 15
    if digits.startswith("00") and (groups[0] >= 4 or (groups[0] == 2 and len(groups) > 2)):
        return 10 <= n <= 17
    if _russian_mobile(digits, groups, lang):
        return True
    if _id_context(text, m.start()):
        return False
    if _COUNTRY_AREA.fullmatch(s) and 10 <= n <= 13:
        return True
    phone_ctx = _phone_context(text, m.start(), width=40)
    if len(groups) == 1:
        return _unbroken_phone(digits, lang, phone_ctx)
    shapes = _NATIONAL_SHAPES.get(n)
    if not shapes or groups not in shapes:
        return False
    if n == 7:
        return phone_ctx
    if n == 11 and groups[0] == 1 and digits[0] not in "178":
        return False
    if n == 9 and groups == (2, 7):
        return "(" in s or phone_ctx
    # "100 200 300" or "160 200 220 cm" are lists of numbers: Polish mobiles start with 4-8,
    # US area codes with 2-9.
    if groups == (3, 3, 3) and digits[0] not in "45678" and not phone_ctx:
        return False
    if groups == (3, 3, 4) and digits[0] in "01" and "(" not in s and not phone_ctx:
        return False
    return True


def _unbroken_phone(digits: str, lang: str, phone_ctx: bool) -> bool:
    """Digits written as one run (or said in words) are a phone number: only shapes that are phones far more often than
    anything else (a Polish mobile's nine digits, a Russian or a UK mobile's eleven), or any of 9-11 digits after a
    phone's word (``phone_ctx``).

    Example:
        >>> [_unbroken_phone(d, "pl", False) for d in ("601234567", "07700900123", "48601234567", "123456789")]
        [True, True, True, False]
    """
    n = len(digits)
    if n == 9:
        return digits[:2] in _PL_MOBILE or phone_ctx
    if n == 11:
        return (digits[:2] in ("89", "79") or digits.startswith("07") or (digits[0] in "78" and lang == "ru")
                or (digits[:2] == "48" and digits[2:4] in _PL_MOBILE and lang != "ru") or phone_ctx)
    if n == 10:
        return (digits[0] == "9" and lang == "ru") or (digits[0] == "0" and lang == "ru") or phone_ctx
    return False


def _phones(text: str, lang: str) -> list[Entity]:
    out = []
    for m in _PHONE.finditer(text):
        if sum(ch.isdigit() for ch in m.group()) < 7:
            continue
        if re.search(r"\d[.,]$", text[max(0, m.start() - 2):m.start()]):
            continue  # the tail of a decimal number or a 1,234,567 amount
        if m.end() < len(text) and text[m.end()].isalpha() and not re.search(r"\d\D+\d", m.group()):
            continue  # one run of digits glued to letters is a code ("SKU 601234567AB"), not a typo
        if _phone_ok(text, m, lang):
            start, end = m.start(), m.end()
            # A "(" or ")" that opens/closes the surrounding sentence is not part of the number.
            if text[start] == "(" and ")" not in text[start:end]:
                start += 1
            if text[end - 1] == ")" and "(" not in text[start:end]:
                end -= 1
            out.append(Entity(start, end, "PHONE"))
    return out


# --------------------------------------------------------------------------- street address
_PL_UP = "A-ZĄĆĘŁŃÓŚŹŻ"
_PL_LOW = "a-ząćęłńóśźż"
_PL_STREET = (
    r"(?:(?i:\b(?:ul|al|os|pl)\.\s?|\b(?:ulica|ulicy|ulicę|ulicą|aleja|alei|aleje|alejach|osiedle|osiedlu|plac|placu)\s)"
    r"|\b(?i:ul|al|os)\s(?=[A-ZĄĆĘŁŃÓŚŹŻ\d]))"  # "ul Długa 5" without the dot
)
_PL_NAME = rf"(?:(?:gen|ks|św|marsz|prof|dr|kard|al|pl)\.\s?|\d{{1,2}}\s)?[{_PL_UP}][{_PL_LOW}{_PL_UP}\-]*\.?(?:\s(?:[{_PL_UP}][{_PL_LOW}{_PL_UP}\-]*\.?|[IVX]{{1,4}}|i|z|w|pod|nad)){{0,3}}"
_PL_NUM = r",?\s(?:nr\s)?\d{1,4}[a-zA-Z]?(?:\s?/\s?\d{1,4}[a-zA-Z]?)?(?:,?\s?(?:m\.?|lok\.?|lokal|mieszk\.?|mieszkani[ea])\s?\d{1,4}[a-zA-Z]?)?"
_PL_TAIL = rf"(?:,?\s\d{{2}}-\d{{3}}(?:\s[{_PL_UP}][{_PL_LOW}\-]+(?:\s[{_PL_UP}][{_PL_LOW}\-]+)?)?)?"
_PL_ADDRESS = re.compile(rf"{_PL_STREET}(?:{_PL_NAME})(?:{_PL_NUM})(?![\d/])(?:{_PL_TAIL})")

_RU_STREET = (
    r"(?i:\b(?:ул|пр|пр-т|просп|пер|б-р|бул|ш|пл|наб|мкр|вул|пров|бульв)\.\s?|"
    r"\b(?:улица|улице|улицу|улицы|улицей|проспект|проспекте|проспекта|переулок|переулке|бульвар|бульваре|"
    r"шоссе|площадь|площади|набережная|набережной|микрорайон|микрорайоне|вулиця|вулиці|проспекті)\s)"
    r"|\b(?i:ул|мкр|просп|пр-т|вул)\s(?=[А-ЯЁІЇЄҐ\d])"  # "ул Ленина 5-12" without the dot
)
# "Самал-2": a district's name may end in its number, before the house number
_RU_NAME = (r"(?:\d{1,3}(?:-?(?:го|й|я|ой|летия))?\s)?[А-ЯЁІЇЄҐA-Z][а-яёіїєґa-z]*(?:-[А-ЯЁІЇЄҐа-яёіїєґ]+)*(?:-\d{1,2}(?=,))?\.?"
            r"(?:\s(?:[А-ЯЁІЇЄҐ][а-яёіїєґ\-]*\.?|[IVX]{1,4})){0,3}")
_RU_NUM = (
    r",?\s?(?:(?:д\.?|дом|буд\.|будинок)\s?)?\d{1,4}(?:\s?[а-яА-Я](?![а-яё]))?(?:\s?[/\-]\s?\d{1,4})?"
    r"(?:,?\s?(?:к\.|корп\.?|корпус|стр\.|строение)\s?\d{1,3})?"
    r"(?:,?\s?(?:кв\.?|квартира|офис|оф\.)\s?\d{1,4})?"
)
_RU_ADDRESS = re.compile(rf"(?:{_RU_STREET})(?:{_RU_NAME})(?:{_RU_NUM})(?![\d/])")
# A number after a street's name that is an amount or a span of time ("5 минут", "20 км") is none of its houses.
_RU_UNIT_AFTER = (r"(?!\s*(?i:%|руб|р\.|₽|мин|час|ч\.|дн|день|дня|недел|мес|лет|год|раз|шт|см|мм|кг|км|м\b|числ|человек|"
                  r"чел|звезд|отзыв|штук|коп|минут|короб|мест|посыл|пакет|упаков|товар|вещ))")
# Kazakh and Central Asian street names have lower-case parts: "пр. Кабанбай батыра 11, кв. 64", "ул. Толе би 59".
_RU_ADDRESS_LOWER = re.compile(
    rf"(?:{_RU_STREET})[А-ЯЁ][а-яё]+(?:\s[а-яё]{{2,}}){{1,2}}(?:{_RU_NUM})(?![\d/]){_RU_UNIT_AFTER}")
# "Ленинский проспект, д. 45", "Садовая улица 5": an adjective street name before the street word.
_RU_ADDRESS_ADJ = re.compile(
    r"\b[А-ЯЁІЇЄҐ][а-яёіїєґ\-]+(?:ий|ый|ой|ая|яя|ое|ее|ом|ем|ую|юю|ого|его|ому|ему|ым|им|ей|ський|ська|цький)\s"
    # the street's word in any case too: "на Ленинском проспекте, д. 45", "по Садовой улице 5"
    r"(?:проспект\w*|переул\w*|бульвар\w*|шоссе|проезд\w*|тупик\w*|набережн\w*|площад\w*|улиц\w*|пр-т|пер\.|б-р|ш\.|"
    r"ул\.|просп\.|вулиц\w*|провул\w*|майдан\w*)"
    rf"(?:{_RU_NUM})(?![\d/])"
)

_EN_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|Close|"
    r"Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Gardens|Row|Mews|Hill|Grove|Park|Walk)"
)
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_EN_ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][a-z']+\.?\s+){{1,3}}{_EN_SUFFIX}\b\.?(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?"
    rf"(?:,?\s+(?:(?i:apt|apartment|suite|ste|unit|flat)|#)\.?\s*[A-Za-z0-9\-]{{1,6}})?"
    rf"(?:,\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,?\s+(?:{_UK_POSTCODE}|[A-Z]{{2}}\s\d{{5}}(?:-\d{{4}})?)\b)?"
)


# An address as people say it in an interview: "on Puławska, number 182, flat 34", "na Puławskiej,
# numer 182, mieszkanie 34", "на Тверской, дом 5" (the street written without "ul." or "Street").
# A house number alone needs the word for a house ("дом"): "in Warsaw, number 1 in the ranking" is none.
_SPOKEN_ADDRESS = re.compile(
    r"\b(?:on|at|in|na|przy|w|на|в)\s+"
    r"(?P<addr>[A-ZŁŚŻŹĆÓА-ЯЁ][\w'’\-]+(?:\s[A-ZŁŚŻŹĆÓА-ЯЁ][\w'’\-]+)?,?\s+"
    r"(?:(?:number|no\.|nr\.?|numer|дом|д\.)\s*\d{1,4}[a-zA-Zа-я]?(?![\d\w])"
    r"\s*[,/]?\s*(?:flat|apartment|apt\.?|mieszkanie|mieszkania|m\.|кв\.?|квартира)\s*\d{1,4}"
    r"|(?:дом|д\.)\s*\d{1,4}[а-я]?(?![\d\w])))"
)

_SAID_NUMBER = rf"(?:\d{{1,4}}[a-zA-Zа-я]?(?:\s?/\s?\d{{1,4}})?|(?i:{_NUMBER_WORDS}(?:[\s\-]{_NUMBER_WORDS}){{0,2}}))(?![\w/])"
_FLAT_WORD = r"(?i:mieszkani[ea]|mieszk\.|lokal|lok\.|flat|apartment|apt\.?|квартира|кв\.)"
# A house and its flat said, a street's name before them, in digits or in words: "Długa 15 mieszkania 4", "Długa
# piętnaście mieszkania cztery", "Ленина дом пять квартира двенадцать"; in English the street's word after its name and
# the number before it ("fifteen Long Street flat four"). A flat's word makes it an address whatever the street's shape.
_FLAT_ADDRESS = re.compile(
    rf"(?<![\w.])(?:[{_PL_UP}А-ЯЁ][{_PL_LOW}а-яё\-]+(?:\s[{_PL_UP}А-ЯЁ][{_PL_LOW}а-яё\-]+){{0,2}},?\s+"
    rf"(?:(?i:nr\.?|numer|number|дом|д\.)\s*)?{_SAID_NUMBER}"
    rf"|{_SAID_NUMBER}\s+(?:[A-Z][a-z']+\s+){{1,3}}{_EN_SUFFIX})"
    rf",?\s+{_FLAT_WORD}\s*{_SAID_NUMBER}"
)


# After a turn asking for one's address, a street's name and a house's number are one with no street's word ("A adres
# zamieszkania?" -> "Kraków, Długa 15"); an e-mail's or a web address is none.
_ADDRESS_ASK = re.compile(r"(?<!\w)(?:adres\w*|address\w*|адрес\w*)|where\s+do\s+you\s+live|gdzie\s+(?:\w+\s+)?mieszka\w*|"
                          r"где\s+(?:вы\s+)?жив[её]те", re.IGNORECASE)
_NOT_HOME = re.compile(r"e-?mail|mail\w*|elektroniczn\w*|почт\w*|электронн\w*|www|web|ip\b|url|bitcoin|portfel",
                       re.IGNORECASE)
_ANSWER_ADDRESS = re.compile(
    rf"(?<![\w.])[{_PL_UP}А-ЯЁA-Z][{_PL_LOW}а-яёa-z\-]+(?:\s[{_PL_UP}А-ЯЁA-Z][{_PL_LOW}а-яёa-z\-]+){{0,2}},?\s+"
    rf"(?:(?i:nr\.?|numer|number|дом|д\.)\s*)?{_SAID_NUMBER}(?:,?\s+{_FLAT_WORD}\s*{_SAID_NUMBER})?")


def _address_answer(question: str, answer: str) -> list[Entity]:
    """A street's name and a house's number answering a turn that asks for a home's address (:data:`_ADDRESS_ASK`).

    Example:
        >>> [answer[e.start:e.end] for q, answer in (("Adres do korespondencji?", "Kraków, Długa 15."),
        ...     ("What's your address?", "Elm Grove 7, Leeds"), ("A adres e-mail?", "Gmail 2024"),
        ...     ("Which model?", "Galaxy 15")) for e in _address_answer(q, answer)]
        ['Długa 15', 'Elm Grove 7']
    """
    if not _ADDRESS_ASK.search(question) or _NOT_HOME.search(question):
        return []
    return [Entity(m.start(), m.end(), "ADDRESS") for m in _ANSWER_ADDRESS.finditer(answer)]


# The same as speech-to-text writes it, in lower case: the street's word says the words after it are its name
# ("ulica długa dwanaście mieszkania trzy", "улица ленина дом пять квартира двенадцать"), in English the street's word
# after them ("twelve high street flat three"); the flat makes it an address, as above.
_STREET_WORD = (r"(?:ulica|ulicy|ulicę|ul\.?|aleja|alei|al\.|osiedle|osiedlu|os\.|plac|placu|улица|улице|улицу|ул\.?|"
                r"проспект\w*|переул\w*|бульвар\w*|шоссе|площад\w*|микрорайон\w*|мкр\.?)")
_SPOKEN_FLAT_ADDRESS = re.compile(
    rf"(?<![\w.])(?:(?i:{_STREET_WORD})\s+[{_PL_LOW}а-яё\-]+(?:\s[{_PL_LOW}а-яё\-]+){{0,2}},?\s+"
    rf"(?:(?i:nr\.?|numer|number|дом|д\.)\s*)?{_SAID_NUMBER}"
    rf"|{_SAID_NUMBER}\s+(?:[a-z']+\s+){{1,3}}(?i:{_EN_SUFFIX}))"
    rf",?\s+{_FLAT_WORD}\s*{_SAID_NUMBER}"
)


def _flat_addresses(text: str) -> list[Entity]:
    """A house and its flat after a street's name (:data:`_FLAT_ADDRESS`), its numbers in digits or in words; in lower
    case after the street's word (:data:`_SPOKEN_FLAT_ADDRESS`).

    Example:
        >>> [text[e.start:e.end] for text in ("Długa 15 mieszkania 4, Kraków.", "Długa piętnaście mieszkania cztery",
        ...     "Rozmiar 42, kolor czarny") for e in _flat_addresses(text)]
        ['Długa 15 mieszkania 4', 'Długa piętnaście mieszkania cztery']
        >>> [text[e.start:e.end] for text in ("Ленина дом пять квартира двенадцать", "fifteen Long Street flat four")
        ...     for e in _flat_addresses(text)]
        ['Ленина дом пять квартира двенадцать', 'fifteen Long Street flat four']
        >>> [text[e.start:e.end] for text in ("adres ulica długa dwanaście mieszkania trzy kraków",
        ...     "улица ленина дом пять квартира двенадцать", "i live at twelve high street flat three so",
        ...     "ulica długa jest zamknięta", "two more days flat out") for e in _flat_addresses(text)]
        ['ulica długa dwanaście mieszkania trzy', 'улица ленина дом пять квартира двенадцать', 'twelve high street flat three']
    """
    return [Entity(m.start(), m.end(), "ADDRESS") for rx in (_FLAT_ADDRESS, _SPOKEN_FLAT_ADDRESS) for m in rx.finditer(text)]


# A Polish street said without "ul.": its name is an adjective in the locative or accusative
# ("na Puławskiej 182", "przy Mokotowskiej 5/2", "na Marszałkowską, numer 10"), which a town or a
# shop name ("w Warszawie", "na Allegro") is not; a unit after the number ("5 dni", "20 zł") is no address.
_PL_SPOKEN_STREET = re.compile(
    rf"\b(?i:na|przy)\s+(?P<addr>[{_PL_UP}][{_PL_LOW}]*(?:sk|ck|dzk|ow|n)(?:iej|ej|ą)"
    rf"(?:\s[{_PL_UP}][{_PL_LOW}]+)?,?\s+(?:(?:nr\.?|numer|pod\s+numerem)\s*)?"
    rf"\d{{1,4}}[a-zA-Z]?(?:\s?/\s?\d{{1,4}})?(?![\d,.]?\d)"
    rf"(?:,?\s*(?:m\.?|mieszkani[ea]|lok\.?|lokal)\s*\d{{1,4}})?)"
    rf"(?!\s*(?:%|zł|pln|min|godz|dni|dzień|tyg|miesi|mies\.|lat|rok|osób|os\.|razy|raz\b|szt|cm|mm|kg|km|m\b|gwiazd|proc))",
)
# "on Elm Street, number 44": an English street with the house number after it.
_EN_SPOKEN_STREET = re.compile(
    rf"\b(?:on|at)\s+(?P<addr>(?:[A-Z][a-z']+\.?\s+){{1,3}}{_EN_SUFFIX}\b\.?,?\s+(?:number|no\.|#)\s*\d{{1,5}}[A-Za-z]?)(?![\d\w])")


# "Marszałkowska 12/4, Warszawa": a street (an adjective, as Polish street names are) with house / flat
# numbers, then a town or a postal code, or after a word about an address ("Kowalska 5/2 razy" is none).
_PL_BARE_STREET = re.compile(
    rf"(?<![\w.])(?!Polska\b)[{_PL_UP}][{_PL_LOW}]+(?:ska|cka|dzka|owa|ewa)\s\d{{1,4}}[a-zA-Z]?\s?/\s?\d{{1,4}}[a-zA-Z]?"
    rf"(?![\w/]|[.,]\d)(?P<tail>,?\s\d{{2}}-\d{{3}}(?:\s[{_PL_UP}][{_PL_LOW}\-]+)?)?(?P<town>,\s*[{_PL_UP}][{_PL_LOW}]+)?"
)
_PL_ADDRESS_CUE = re.compile(r"adres|mieszka|zamieszk|zameldowan|dostaw|wysył|wysyl|przesył|doręcz|dorecz", re.IGNORECASE)


def _pl_bare_streets(text: str) -> list[Entity]:
    out = []
    for m in _PL_BARE_STREET.finditer(text):
        end = m.end("tail") if m.group("tail") else m.start("town") if m.group("town") else m.end()
        alone = not text[:m.start()].strip() and not text[end:].strip(" .")  # a form's address field
        if m.group("tail") or m.group("town") or alone or _earlier_in_sentence(_PL_ADDRESS_CUE, text, m.start()):
            out.append(Entity(m.start(), end, "ADDRESS"))
    return out
# A house with its flat needs no street: "д. 58, кв. 17", "дом 12, кв 45", Zelenograd's "корп. 1234 кв 56".
_RU_HOUSE_FLAT = re.compile(
    r"(?<![\w.])(?i:(?:(?:д\.?|дом)\s?\d{1,4}(?:\s?[а-я](?![а-яё]))?(?:\s?[/\-]\s?\d{1,4})?,?\s?"
    r"(?:(?:к\.|корп\.?|корпус|стр\.?|строение)\s?\d{1,4},?\s?)?|(?:корп\.?|корпус)\s?\d{1,4},?\s?)"
    r"(?:кв\.?|квартира)\s?\d{1,4})(?!\d)"
)
# A Russian street said without "ул.": "доставка на Тверскую 12 кв 45", "живу на Профсоюзной 43 корп 2
# кв 118", "по адресу Лесная 5". Its name is an adjective or a genitive ("на Ленина 10"). Without a flat
# it needs a word about living or delivery in its sentence: "пункт выдачи на Ленина 10" is a shop's.
_RU_SPOKEN_STREET = re.compile(
    r"\b(?i:на|по|адрес[уа]?:?)\s+(?P<addr>[А-ЯЁ][а-яё]+(?:ой|ую|ая|ей|ий|ый|ом|ое|ина|ына|ова|ева|ёва|ого|его)"
    r"(?:\s[А-ЯЁ][а-яё]+)?,?\s+\d{1,4}(?:\s?[а-я](?![а-яё]))?(?:\s?[/\-]\s?\d{1,4})?(?![\d,.]?\d)"
    r"(?P<unit>(?:,?\s?(?i:к\.|корп\.?|корпус|стр\.?|строение)\s?\d{1,4})?"
    r"(?:,?\s?(?i:кв\.?|квартира|офис|оф\.?)\s?\d{1,4})?))" + _RU_UNIT_AFTER
)
_RU_ADDRESS_CUE = re.compile(r"жив[уёе]|прожива|адрес|достав|привез|привоз|прописк|прописан|зарегистрир|курьер",
                             re.IGNORECASE)


def _ru_spoken_streets(text: str) -> list[Entity]:
    return [Entity(m.start("addr"), m.end("addr"), "ADDRESS") for m in _RU_SPOKEN_STREET.finditer(text)
            if m.group("unit") or _earlier_in_sentence(_RU_ADDRESS_CUE, text, m.start("addr"))]


def _addresses(text: str) -> list[Entity]:
    out = _ru_spoken_streets(text) + _pl_bare_streets(text)
    for rx in (_PL_ADDRESS, _RU_ADDRESS, _RU_ADDRESS_LOWER, _RU_ADDRESS_ADJ, _EN_ADDRESS, _RU_HOUSE_FLAT):
        for m in rx.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in " ,":
                end -= 1
            out.append(Entity(m.start(), end, "ADDRESS"))
    for rx in (_SPOKEN_ADDRESS, _PL_SPOKEN_STREET, _EN_SPOKEN_STREET):
        out.extend(Entity(m.start("addr"), m.end("addr"), "ADDRESS") for m in rx.finditer(text))
    return out


# --------------------------------------------------------------------------- UK postcode
# A full UK postcode alone ("LS6 2QT", "SW1A 2AA", "M1 1AE") points at a handful of homes. Strict: upper case,
# a real postal area, the space, an inward code of a digit and two letters (not "1TB" / "8GB" of a product).
_UK_AREAS = (
    "AB AL BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY EC EH EN EX FK FY GL "
    "GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY LA LD LE LL LN LS LU ME MK ML NE NG NN NP NR NW OL OX "
    "PA PE PH PL PO PR RG RH RM SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB WA WC WD WF WN "
    "WR WS WV YO ZE B E G L M N S W"
).split()
_POSTCODE = re.compile(
    rf"(?<![\w\-/])(?:{'|'.join(_UK_AREAS)})\d[A-Z\d]? \d(?!GB|TB)[ABD-HJLNP-UW-Z]{{2}}(?![\w\-/])"
)


def _postcodes(text: str) -> list[Entity]:
    return [Entity(m.start(), m.end(), "POSTCODE") for m in _POSTCODE.finditer(text)]


# --------------------------------------------------------------------------- entry point
def find_structured(text: str, lang: str, types: frozenset[str]) -> tuple[list[Entity], list[tuple[int, int]]]:
    """All structured identifiers in ``text`` (possibly overlapping) and the spans to protect.

    Args:
        text: One message.
        lang: ``en``, ``pl`` or ``ru``: breaks ties between look-alike numbers.
        types: Placeholder types to look for.

    Returns:
        ``(entities, protected)``: candidate entities in priority order, and spans of harmless
        URLs that no other finder may touch.
    """
    found: list[Entity] = []
    protected: list[tuple[int, int]] = []
    urls, safe = find_urls(text)
    protected.extend(safe)
    if "URL" in types:
        found.extend(urls)
    else:
        protected.extend((e.start, e.end) for e in urls)
    if "EMAIL" in types:
        found.extend(_emails(text))
    if "ID" in types:
        found.extend(_handles(text) + (_channels(text) if "#" in text else []))
    if "CODE" in types:
        found.extend(_passwords(text, lang))
    if "ADDRESS" in types:   # its numbers may be said in words
        found.extend(_flat_addresses(text))
    if "PHONE" in types:
        found.extend(_spoken_phones(text, lang))
    has_digit = any(ch.isdigit() for ch in text)
    if not has_digit:
        return found, protected
    finders = {
        "IBAN": _ibans, "CARD": _cards, "SNILS": _snils, "PESEL": lambda t: _pesels(t, lang),
        "NIP": lambda t: _nips(t, lang), "IIN": _iins, "INN": lambda t: _inns(t, lang), "PASSPORT": _passports,
        "NINO": _ninos, "IP": _ips, "CODE": _codes, "ID": lambda t: _member_ids(t) + _vehicles(t),
        "PHONE": lambda t: _phones(t, lang), "DOB": _dobs, "ADDRESS": _addresses,
        "POSTCODE": _postcodes,
    }
    for typ, finder in finders.items():
        if typ in types:
            found.extend(finder(text))
    if not _NOT_LATIN.search(text) and types & _RUSSIAN_CUED.keys():
        found.extend(_in_cyrillic(text, types))
    return found, protected


# a letter no transliterated Russian has: Cyrillic, or a Polish letter with its diacritic
_NOT_LATIN = re.compile(r"[^\W\d_A-Za-z]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
# The finders whose cue is a Russian word no Polish or English one spells: Russian written in Latin letters names its
# card's last digits, birth date or passport with the same words ("karta zakanchivaetsya na 4417", "data rozhdeniya
# 12.03.1988", "pasport 4510 123456"). A code's words are Polish ones too ("kod", "pin"), found in the text as it is,
# whose exclusions ("kod bledu") a Cyrillic spelling would lose.
_RUSSIAN_CUED = {"CARD": (_CARD_END_CUE, _card_tails), "DOB": (_DOB_CUE, _dobs), "PASSPORT": (_PASSPORT_CUE, _passports)}


# one Latin word spelt in Cyrillic, once per word: a corpus repeats them
_cyrillic_word = lru_cache(maxsize=100_000)(to_cyrillic)


def _in_cyrillic(text: str, types: frozenset[str]) -> list[Entity]:
    """What the finders of Russian cues find in a Latin text spelt in Cyrillic (:func:`pipeline.translit.to_cyrillic`,
    word by word), at the text's own offsets; a Polish or an English text's words spell no Russian cue.

    Example:
        >>> text = "karta zakanchivaetsya na 4417, data rozhdeniya 12.03.1988"
        >>> [text[e.start:e.end] for e in _in_cyrillic(text, frozenset({"CARD", "DOB"}))]
        ['4417', '12.03.1988']
        >>> _in_cyrillic("card ending soon, 4417 left", frozenset({"CARD"}))
        []
    """
    words = list(_LATIN_WORD.finditer(text))
    cyrillic = [_cyrillic_word(m.group()) for m in words]
    finders = [finder for typ, (cue, finder) in _RUSSIAN_CUED.items() if typ in types and cue.search(" ".join(cyrillic))]
    if not finders:
        return []
    parts, starts, ends, pos = [], [], [], 0
    for m, word in zip(words, cyrillic):
        for i in range(pos, m.start()):   # the characters between words, as they are
            parts.append(text[i])
            starts.append(i)
            ends.append(i)
        parts.append(word)
        starts += [m.start()] * len(word)   # an entity starting or ending in a word takes the word whole
        ends += [m.end()] * len(word)
        pos = m.end()
    parts.append(text[pos:])
    starts += list(range(pos, len(text) + 1))
    ends += list(range(pos, len(text) + 1))
    view = "".join(parts)
    return [Entity(starts[e.start], ends[e.end] if e.end < len(ends) else len(text), e.type)
            for finder in finders for e in finder(view)]


def has_identifier(text: str) -> bool:
    """True when the shapes of :func:`find_structured`, in any of its languages (en, pl, ru), find an identifier or a
    link in ``text``: an e-mail, a phone, an IBAN, a street address, a postcode, a URL (a harmless one too) …; names
    are not looked for. For a caller that only asks whether a value is data (ingest: a headerless table's first row).

    Example:
        >>> [has_identifier(c) for c in ("ul. Długa 5, Warszawa", "sofino.pl/konto/jan", "SW1A 1AA", "Imię i nazwisko")]
        [True, True, True, False]
    """
    types = frozenset(STRUCTURED_TYPES)
    return any(any(find_structured(text, lang, types)) for lang in ("en", "pl", "ru"))
