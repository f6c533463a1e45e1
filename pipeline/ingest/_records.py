"""Shared pieces of every reader: the record buffer, text/time/rating normalisation, roles.

Readers append plain Python values to a :class:`RecordBuffer` (one list per column) and flush it
into a DataFrame every ``chunk_size`` records; per-row pandas appends would be 100x slower.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Collection, Iterable

import pandas as pd

from pipeline.ingest._config import IngestConfig, role_words
from pipeline.ingest._html import plain_text

__all__ = ["RECORD_COLUMNS", "QUARANTINE_COLUMNS", "FILE_COLUMNS", "RecordBuffer", "FileStats",
           "clean_text", "tidy_text", "parse_timestamp", "infer_date_order", "parse_rating", "normalise_rating", "meta_name",
           "RoleMapper", "company_label", "PUBLIC_SOURCES", "norm_key", "DATE_KEYS", "INTERVIEWER_KEYS",
           "AGENT_KEYS"]

RECORD_COLUMNS = ("doc_id", "source_type", "source_file", "line", "record_no", "record_index", "turn_index", "thread_id",
                  "parent_id", "speaker", "role", "timestamp", "media_time", "channel", "rating", "rating_raw",
                  "text")
QUARANTINE_COLUMNS = ("file", "line", "record_index", "record_id", "reason")
FILE_COLUMNS = ("file", "format", "source_type", "encoding", "status", "reason", "records_in", "records_ok",
                "quarantined")
_INT_COLUMNS = ("line", "record_no")   # Int64: empty when the input has none
_STR_COLUMNS = tuple(c for c in RECORD_COLUMNS if c not in (*_INT_COLUMNS, "record_index", "turn_index", "rating"))

# --- text -------------------------------------------------------------------------------------

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """A value as the export has it, as record text: its markup read once (:func:`pipeline.ingest._html.plain_text`:
    HTML from help-desk exports as lines, character references decoded), then :func:`tidy_text`.

    Example:
        >>> clean_text("<p>Sofa <b>still</b> broken.</p><p>Any news?&nbsp;</p>")
        'Sofa still broken. Any news?'
    """
    return tidy_text(plain_text(text)) if text else ""


def tidy_text(text: str) -> str:
    """Plain text (markup already read) as record text: Unicode NFC, no control / zero-width characters, every run of
    whitespace (newlines too) collapsed to one space. Nothing is decoded: "&lt;" stays.

    Example:
        >>> tidy_text("Use &lt;br&gt;\\u200b\\n tags ")
        'Use &lt;br&gt; tags'
    """
    if not text:
        return ""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = _ZERO_WIDTH.sub("", text)
    # str.split() splits on every Unicode white space, NBSP and the ASCII separators included.
    text = " ".join(text.split())
    if not text.isprintable():
        text = " ".join(_CONTROL.sub(" ", text).split())
    return text


def norm_key(name: str) -> str:
    """Normalise a column / key name for matching: ``'Review Text '`` -> ``'review_text'``; a name that is only a
    number sign (Typeform's ``#``, ``№``) is ``'no'``, as ``'No.'`` is.

    Example:
        >>> [norm_key(n) for n in ("Review Text ", "Submit Date (UTC)", "#", "№", "No.", "?")]
        ['review_text', 'submit_date_utc', 'no', 'no', 'no', '']
    """
    s = unicodedata.normalize("NFC", str(name)).strip().lower()
    s = re.sub(r"[^\w]+", "_", s).strip("_")
    return s or ("no" if str(name).strip() in ("#", "№") else "")


def meta_name(name: str, cfg: IngestConfig) -> str:
    """The record column an extra input column / front-matter key goes to: ``meta_<name>``, or ``meta_<new name>``
    by ``[ingest] meta_rename``, whose keys match as the header's do (written as the header is, or normalised).

    Example:
        >>> cfg = IngestConfig(meta_rename={"Rodzaj pakietu": "segment"})
        >>> meta_name("Rodzaj pakietu", cfg), meta_name("rodzaj_pakietu", cfg), meta_name("Wiek", cfg)
        ('meta_segment', 'meta_segment', 'meta_wiek')
    """
    key = norm_key(name)
    key = next((new for old, new in cfg.meta_rename.items() if norm_key(old) == key), key)
    return "meta_" + (norm_key(key) or "field")


# --- time -------------------------------------------------------------------------------------

# Keys of a transcript's front matter or a participant sheet's columns that give the interview's date
DATE_KEYS = ("date", "datetime", "interview_date", "recorded", "recorded_at", "created_at", "data", "дата")

_DATE_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d.%m.%y %H:%M:%S", "%d.%m.%y %H:%M",
                 "%d/%m/%y %H:%M:%S", "%d/%m/%y %H:%M", "%m/%d/%y %I:%M %p", "%m/%d/%y %I:%M:%S %p", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
                 "%d/%m/%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%d-%m-%Y %H:%M:%S",
                 "%d-%m-%Y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d, %Y %I:%M %p",
                 "%a %b %d %H:%M:%S %Y", "%a, %d %b %Y %H:%M:%S %z", "%a, %d %b %Y %H:%M:%S", "%m/%d/%Y %I:%M %p",
                 "%m/%d/%Y %I:%M:%S %p", "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %I:%M %p")
# a time zone named after the time: "GMT", "UTC+01:00", Google Forms' "GMT+1"; an offset the world has (-12:00 to
# +14:00), so "GMT+24" is no zone and its value is unread (kept as metadata), not an error that rejects the file
_ZONE = re.compile(r"\s+(?:UTC|GMT)(?:([+-])(1[0-4]|0?\d)(?::?([0-5]\d))?)?$", re.IGNORECASE)


def _iso(dt: datetime | date) -> str:
    if isinstance(dt, datetime):
        if dt.tzinfo is not None and dt.utcoffset() is not None:
            if dt.utcoffset().total_seconds() == 0:
                return dt.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
            return dt.isoformat(timespec="seconds")
        if dt.hour == dt.minute == dt.second == 0 and dt.microsecond == 0:
            return dt.date().isoformat()
        return dt.isoformat(timespec="seconds")
    return dt.isoformat()


# "8/3/26", "08/03/2026 14:05": the two numbers before the year, in either order
_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")


def infer_date_order(values: Iterable[str]) -> str:
    """Whether a column's ``a/b/yyyy`` dates are ``"day-first"`` or ``"month-first"``: ``"either"``
    when no value decides (every ``a`` and ``b`` is at most 12) or the values contradict each other,
    ``""`` when there are no such dates.

    A US export (Google Forms or a CSV saved with a US locale) writes ``8/13/2026 9:12:00``; one
    such value fixes the order of the whole column, including ``8/3/2026``.

    Example:
        >>> infer_date_order(["8/3/2026 9:12:00", "8/13/2026 10:00:00"])
        'month-first'
    """
    seen = day_first = month_first = False
    for v in values:
        m = _SLASH_DATE.match(v.strip()) if v else None
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            seen = True
            day_first |= 12 < a <= 31 and b <= 12
            month_first |= 12 < b <= 31 and a <= 12
    if day_first != month_first:
        return "day-first" if day_first else "month-first"
    return "either" if seen else ""


# a year-first date with a one-digit month, day or hour
_ISO_UNPADDED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:([ T])(\d{1,2})(?=:))?")


@lru_cache(maxsize=4096)
def parse_timestamp(raw: str, order: str = "") -> str:
    """Turn a date/time as exports write it into ISO 8601; ``""`` when it cannot be read.

    Handles ISO forms (with ``Z`` / offsets / a space instead of ``T``), European day-first dates
    (``03.04.2026``, ``03/04/2026``), US ``04/03/2026 2:15 PM`` only with AM/PM, English month
    names, a zone after the time ("GMT", "UTC+01:00", Google Forms' "GMT+1"), and Unix epoch seconds or milliseconds. ``order`` (``"day-first"`` / ``"month-first"``,
    see :func:`infer_date_order`) reads every ``a/b/yyyy`` date that way, with AM/PM or without.

    Example:
        >>> parse_timestamp("2026-04-03 14:05:00")
        '2026-04-03T14:05:00'
        >>> parse_timestamp("8/3/26 9:12", "month-first")
        '2026-08-03T09:12:00'
        >>> parse_timestamp("2026-03-02 9:07:00"), parse_timestamp("2026-3-2")
        ('2026-03-02T09:07:00', '2026-03-02')
        >>> parse_timestamp("2026/03/04 9:15:02 PM GMT+1"), parse_timestamp("Mon, 02 Mar 2026 10:00:00 GMT")   # Google Forms
        ('2026-03-04T21:15:02+01:00', '2026-03-02T10:00:00Z')
        >>> parse_timestamp("2026-03-04 10:00:00 UTC"), parse_timestamp("2026/03/04 9:15:02 PM GMT+24")   # no such zone
        ('2026-03-04T10:00:00Z', '')
    """
    s = raw.strip()
    if not s:
        return ""
    zone = None
    if z := _ZONE.search(s):   # cut first: an ISO time and an AM/PM one may have it after them
        sign, hours, minutes = z.groups()
        zone = timezone((-1 if sign == "-" else 1) * timedelta(hours=int(hours or 0), minutes=int(minutes or 0)))
        s = s[:z.start()]
    m = _SLASH_DATE.match(s) if order else None
    # without an order, a 24-hour a/b/yyyy is read day-first and an AM/PM one month-first (the formats below)
    if m and (order == "month-first") != bool(re.search(r"[AaPp]\.?[Mm]\.?$", s)):
        s = f"{m.group(2)}/{m.group(1)}/{m.group(3)}{s[m.end():]}"
    if s.endswith("Z") or s.endswith("z"):
        s = s[:-1] + "+00:00"
    if m := _ISO_UNPADDED.match(s):   # "2026-03-02 9:07:00", "2026-3-2": an ISO date without its zeros
        y, mo, d, sep, h = m.groups()
        s = f"{y}-{mo:0>2}-{d:0>2}" + (f"{sep}{h:0>2}" if h else "") + s[m.end():]
    try:
        return _iso(_zoned(datetime.fromisoformat(s), zone))
    except ValueError:
        pass
    if re.fullmatch(r"\d{9,13}(\.\d+)?", s):
        v = float(s)
        if v > 1e11:
            v /= 1000.0
        if 946684800 <= v <= 4102444800:  # 2000..2100: anything else is not an epoch
            return _iso(datetime.fromtimestamp(v, tz=timezone.utc))
        return ""
    s2 = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", s)
    for fmt in _DATE_FORMATS:
        try:
            dt = datetime.strptime(s2, fmt)
        except ValueError:
            continue
        return _iso(_zoned(dt, zone))
    return ""


def _zoned(dt: datetime, zone: timezone | None) -> datetime:
    """``dt`` in the zone written after it, unless it has its own."""
    return dt.replace(tzinfo=zone) if zone and dt.tzinfo is None else dt


_MEDIA_TIME = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?")


def media_time(raw: str) -> str:
    """``'1:02:03.500'`` / ``'12:34'`` -> ``'01:02:03'`` / ``'00:12:34'``; ``""`` if not a time."""
    m = _MEDIA_TIME.fullmatch(raw.strip())
    if not m:
        return ""
    h, mi, se = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
    if m.group(1) is None and mi >= 60:
        h, mi = divmod(mi, 60)
    return f"{h:02d}:{mi:02d}:{se:02d}"


# --- ratings ------------------------------------------------------------------------------------

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "zero": 0}
_FRACTION = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:/|out of|of|na|из|z)\s*(\d+(?:[.,]\d+)?)\s*$", re.I)
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def parse_rating(raw: str) -> tuple[float | None, float | None]:
    """Read a rating as written: ``'4'``, ``'4,5'``, ``'4/5'``, ``'8 out of 10'``, ``'★★★★☆'``,
    ``'FIVE'`` (Google Takeout), ``'80%'``.

    Returns:
        ``(value, scale)``; scale is known only when the value carries it (fraction, stars, word,
        percent), else None. ``(None, None)`` when there is no number.
    """
    s = raw.strip()
    if not s:
        return None, None
    if "★" in s or "☆" in s:
        full = s.count("★")
        return float(full), float(full + s.count("☆")) or 5.0
    m = _FRACTION.match(s)
    if m:
        return float(m.group(1).replace(",", ".")), float(m.group(2).replace(",", "."))
    low = s.lower()
    if low in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[low]), 5.0
    if low.endswith("%"):
        m = _NUMBER.search(low)
        return (float(m.group().replace(",", ".")), 100.0) if m else (None, None)
    m = _NUMBER.fullmatch(s) or _NUMBER.match(s)
    if not m:
        return None, None
    return float(m.group().replace(",", ".")), None


def infer_scale(values: list[float]) -> tuple[float, float]:
    """Guess ``(low, high)`` of a rating scale from the values seen in one file."""
    if not values:
        return 1.0, 5.0
    hi, lo = max(values), min(values)
    if hi <= 5:
        return (0.0 if lo < 1 else 1.0), 5.0
    if hi <= 10:
        return (0.0 if lo < 1 else 1.0), 10.0
    if hi <= 100:
        return 0.0, 100.0
    return 0.0, hi


def normalise_rating(value: float | None, scale: float | None, low: float, high: float) -> float:
    """Map a rating onto [0, 1] (``low`` -> 0, ``high`` -> 1); NaN when outside the scale."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if scale is not None:
        lo = 0.0 if scale >= 100 or value == 0 else (1.0 if scale <= 10 else 0.0)
        hi = scale
    else:
        lo, hi = low, high
    if hi <= lo or value < lo - 1e-9 or value > hi + 1e-9:
        return math.nan
    return round((value - lo) / (hi - lo), 6)


# --- roles --------------------------------------------------------------------------------------

_DEFAULT_ROLE_VALUES = IngestConfig().role_values


class RoleMapper:
    """Maps role values of export columns and speaker names to qsynth roles."""

    def __init__(self, cfg: IngestConfig):
        self.values: dict[str, str] = {}
        # The config's values add to the defaults and outrank them: ``customer = ["patient"]`` keeps "client",
        # ``agent = ["user"]`` makes a "user" the agent.
        for values in (cfg.role_values, _DEFAULT_ROLE_VALUES):
            for role, vals in values.items():
                for v in vals:
                    self.values.setdefault(_fold(v), role)
        self.names: dict[str, str] = {}
        for role, names in (("bot", cfg.bot_names), ("agent", cfg.agent_names), ("brand", cfg.brand_authors),
                            ("interviewer", cfg.interviewer_names)):
            for n in names:
                self.names.setdefault(_fold(n), role)
        self.overrides = {_fold(k): v for k, v in cfg.speaker_roles.items()}

    def from_value(self, raw: str) -> str | None:
        """Role from an author-type value (``'end-user'`` -> customer); None if not recognised."""
        key = _fold(raw)
        if not key:
            return None
        role = self.values.get(key)
        if role:
            return role
        for tok in re.split(r"[\s_\-/()\[\].,:]+", key):
            if tok in self.values:
                return self.values[tok]
        return None

    def from_label(self, label: str) -> str | None:
        """Role from a transcript speaker label that is a role word (``Agent``, ``Klient 2``), else None.

        Only whole labels count: a participant called "Ai Lin" is not a bot.
        """
        key = re.sub(r"[\s_#-]*\d+$", "", _fold(label))
        return self.values.get(key) if key else None

    def override(self, speaker: str) -> str | None:
        return self.overrides.get(_fold(speaker)) if speaker else None

    def from_name(self, speaker: str, kinds: tuple[str, ...]) -> str | None:
        """Role from a configured name list (only roles in ``kinds``), after explicit overrides."""
        if not speaker:
            return None
        role = self.override(speaker)
        if role:
            return role
        role = self.names.get(_fold(speaker))
        if role in kinds:
            return role
        return None

    def decide(self, speaker: str, source: str, *, given: str = "", found: str = "", owner: str = "",
               interviewers: Collection[str] = (), default: str | None = "customer") -> str | None:
        """The role of one speaker: every reader asks here, so the order below is the only one.

        1. ``[ingest] speaker_roles``: the user named this speaker's role, in any source.
        2. Reviews, surveys and social comments (``source`` in :data:`PUBLIC_SOURCES`) are written by the public:
           only the brand speaks for the company there: ``brand_authors``, what the export marks as the brand
           (``found``: a VK community, a Telegram channel's post), a support-named account ("Sofino Support",
           :func:`company_label`); a bot (``bot_names``, a bot-named account, what the export marks as one: a
           Telegram group's bot) is the bot; everyone else is ``default``. Nothing below applies.
        3. ``given``: the role the export states for this message (a recognised value of a role / author-type
           column, Intercom's author type): the export says who wrote, so names do not override it.
        4. Configured names: ``interviewer_names`` and the document's own ``interviewers`` (front matter) are the
           interviewer in an interview and the agent in a conversation; then ``bot_names``, ``agent_names``,
           ``brand_authors`` (a reviewer who shares an agent's first name is no agent: step 2).
        5. ``found``: what the reader read from the export's metadata (an e-mail sender's company domain, a
           Telegram channel's post), which a configured name corrects.
        6. A label that is a role word as a whole ("Agent", "Klient 2", "Bot"); in an interview, not a staff word
           ("Teacher", "Doctor": the participant's job, not the company's side).
        7. In a conversation (``source`` ``chat``): a support- or bot-named account (:func:`company_label`) is the
           agent or the bot; else, when the conversation has no support-named account, the one that exported it
           (``owner``) is the agent.
        8. ``default`` (``customer``; ``other`` for a role column whose value is not recognised; None lets an
           interview's reader guess its interviewer).

        Example:
            >>> roles = RoleMapper(IngestConfig(agent_names=["Марина"], brand_authors=["Sofino"]))
            >>> roles.decide("Марина", "chat"), roles.decide("Марина", "chat", given="customer")
            ('agent', 'customer')
            >>> roles.decide("Марина", "review"), roles.decide("Sofino Obsługa", "social"), roles.decide("Agent 2", "chat")
            ('customer', 'brand', 'agent')
            >>> roles.decide("QuickBite Bot", "chat"), roles.decide("Anna", "chat", owner="Anna")
            ('bot', 'agent')
        """
        role = self.override(speaker)
        if role:
            return role
        named = self.names.get(_fold(speaker)) if speaker else None
        labelled = company_label(speaker) if speaker else ""
        if source in PUBLIC_SOURCES:
            if named == "brand" or found == "brand" or labelled == "agent":
                return "brand"
            if "bot" in (named, found):  # a commenter named "@not.a.bot.99" is the public (here: spam), not ours
                return "bot"
            return default
        if given:
            return given
        if named == "interviewer" or (interviewers and _fold(speaker) in interviewers):
            return "interviewer" if source == "interview" else "agent"
        if named:
            return named
        if found:
            return found
        role = self.from_label(speaker)
        if role and not (source == "interview" and role == "agent"):   # an interviewee's job ("Teacher", "Doctor")
            return role                                                 # is no company's side
        if source == "chat" and labelled:
            return labelled
        if source == "chat" and owner and speaker == owner:
            return "agent"
        return default


# sources written by the public, where only the brand speaks for the company (see :meth:`RoleMapper.decide`)
PUBLIC_SOURCES = ("review", "survey", "social")
# Keys of a transcript's front matter or a participant sheet's columns that name the speakers who are the interviewer,
# and those who speak for the company in a call ("agent: Speaker 2")
INTERVIEWER_KEYS = ("interviewer", "interviewers", "moderator", "researcher")
AGENT_KEYS = ("agent", "agents", "operator")
# A speaker label or account name with one of these words speaks for the company, by role: "Sofino Support", "BOK
# Sofino" is an agent, "QuickBite Bot", "Бот поддержки", "quickbite_bot" a bot (role_words.txt).
_LABEL_WORDS = {"agent": frozenset(role_words("support_name")), "bot": frozenset(role_words("bot_name"))}
# the words of a name: "QuickBiteBot" and "quickbite_bot" are "quick bite bot" and "quickbite bot"
_NAME_WORD = re.compile(r"[^\W_]+?(?=[A-ZА-ЯЁ][a-zа-яё]|[^\w]|_|$)|[^\W_]+")


@lru_cache(maxsize=8192)
def company_label(label: str) -> str:
    """The role a name says it has: ``"agent"`` for one that says support ("Sofino Support", "BOK", "Поддержка"),
    ``"bot"`` for a bot's ("QuickBite Bot", "Бот поддержки", "QuickBiteBot", and a Telegram username ending in "bot",
    which Telegram keeps for bots: "@quickbitebot"), ``""`` for anyone else.

    Example:
        >>> [company_label(n) for n in ("Sofino Obsługa", "QuickBite Bot", "@quickbitebot", "Anna Wiśniewska", "Talbot")]
        ['agent', 'bot', 'bot', '', '']
    """
    folded = " ".join(_NAME_WORD.findall(label)).casefold()
    for role in ("bot", "agent"):
        if any(re.search(rf"(^| ){re.escape(w)}( |$)", folded) for w in _LABEL_WORDS[role]):
            return role
    return "bot" if re.fullmatch(r"@\w{2,}bot", label.strip(), re.I) else ""


def _fold(s: str) -> str:
    s = s.strip().casefold()
    if s.startswith("@"):
        s = s[1:]
    return s


# --- buffers and stats ----------------------------------------------------------------------------

@dataclass
class FileStats:
    """One row of the ``files`` table."""

    file: str
    format: str
    source_type: str = ""
    encoding: str = ""
    status: str = "parsed"
    reason: str = ""
    records_ok: int = 0
    quarantined: int = 0
    replaced_chars: int = 0
    nul_lines: list[int] = field(default_factory=list)   # lines a NUL byte was removed from (without_nul)

    @property
    def records_in(self) -> int:
        return self.records_ok + self.quarantined

    def note(self, text: str) -> None:
        """Add a note to the file's ``reason`` in ``files.csv`` (how it was read, what to set)."""
        self.reason = f"{self.reason}; {text}" if self.reason else text

    def nul_note(self) -> str:
        """What ``files.csv`` and a warning say of the NUL bytes removed from the file (:attr:`nul_lines`).

        Example:
            >>> FileStats("a.csv", "csv", nul_lines=[12]).nul_note()
            'NUL byte(s) removed at line(s) 12, as a damaged save or export leaves them; fix: check the text of those \
lines against the source'
        """
        lines = ", ".join(map(str, self.nul_lines[:5])) + (" …" if len(self.nul_lines) > 5 else "")
        return (f"NUL byte(s) removed at line(s) {lines}, as a damaged save or export leaves them; fix: check the text "
                "of those lines against the source")

    def row(self) -> dict:
        reason = self.reason
        if self.status == "parsed" and not self.records_in and not reason:
            reason = "no records: the file has no text"   # an empty notes file is not silently "parsed"
        notes = [reason] if reason else []
        if self.replaced_chars:
            notes.append(f"{self.replaced_chars} undecodable byte(s) replaced with U+FFFD")
        if self.nul_lines:
            notes.append(self.nul_note())
        reason = "; ".join(notes)
        return {"file": self.file, "format": self.format, "source_type": self.source_type,
                "encoding": self.encoding, "status": self.status, "reason": reason,
                "records_in": self.records_in, "records_ok": self.records_ok, "quarantined": self.quarantined}


@dataclass
class RecordBuffer:
    """Column lists of accepted records plus the quarantine rows, flushed as DataFrames."""

    cfg: IngestConfig
    cols: dict[str, list] = field(default_factory=lambda: {c: [] for c in RECORD_COLUMNS})
    meta: dict[str, list] = field(default_factory=dict)
    quarantine: list[tuple] = field(default_factory=list)
    n: int = 0
    # the table row being mapped (TableMapper.process): its own id (a review's, a respondent's), which its quarantine
    # rows carry as record_id, and its number in a JSON document, which has no line (0: none)
    row_id: str = ""
    row_no: int = 0

    def add(self, stats: FileStats, *, doc_id: str, source_type: str, line: int | None, record_index: int,
            turn_index: int, text: str, thread_id: str = "", parent_id: str = "", speaker: str = "",
            role: str = "customer", timestamp: str = "", media_time: str = "", channel: str = "",
            rating: float = math.nan, rating_raw: str = "", meta: dict[str, str] | None = None) -> bool:
        """Add one record, or quarantine it when its text is empty or too long. Returns True if kept.

        A record without a ``line`` carries which input record it is (``record_no``, from 1), for the user to find it:
        its number in a JSON document (``row_no``: a review's pros, cons and reply are the review's record), else its
        record index + 1 (a message of a chat export)."""
        if not text:
            self.reject(stats, line, record_index, "empty text")
            return False
        if len(text) > self.cfg.max_text_chars:
            self.reject(stats, line, record_index,
                        f"text has {len(text)} characters, over [ingest] max_text_chars = {self.cfg.max_text_chars} "
                        "(often an unclosed quote that swallowed later rows); fix the file or raise max_text_chars")
            return False
        if "\ufffd" in text:
            stats.replaced_chars += text.count("\ufffd")
        c = self.cols
        c["doc_id"].append(doc_id)
        c["source_type"].append(source_type)
        c["source_file"].append(stats.file)
        c["line"].append(line)
        c["record_no"].append(None if line is not None else self.row_no or record_index + 1)
        c["record_index"].append(record_index)
        c["turn_index"].append(turn_index)
        c["thread_id"].append(thread_id)
        c["parent_id"].append(parent_id)
        c["speaker"].append(speaker)
        c["role"].append(role)
        c["timestamp"].append(timestamp)
        c["media_time"].append(media_time)
        c["channel"].append(channel)
        c["rating"].append(rating)
        c["rating_raw"].append(rating_raw)
        c["text"].append(text)
        if meta:
            for k, v in meta.items():
                col = self.meta.get(k)
                if col is None:
                    col = self.meta[k] = [""] * self.n
                col.append(v)
        self.n += 1
        for col in self.meta.values():
            if len(col) < self.n:
                col.append("")
        stats.records_ok += 1
        return True

    def reject(self, stats: FileStats, line: int | None, record_index: int | None, reason: str) -> None:
        """Send one input record to quarantine, with the id of the table row it comes from (``row_id``) and, when it
        has no line, the row's number in the reason ("record 12: empty text")."""
        if line is None and self.row_no:
            reason = f"record {self.row_no}: {reason}"
        self.quarantine.append((stats.file, line, record_index, self.row_id, reason))
        stats.quarantined += 1

    def flush(self, limit: int | None = None) -> pd.DataFrame | None:
        """The first ``limit`` (default: all) buffered records as a DataFrame, removed from the buffer."""
        if not self.n:
            return None
        k = self.n if limit is None else min(limit, self.n)
        if k < self.n:
            head = {c: v[:k] for c, v in self.cols.items()}
            head_meta = {c: v[:k] for c, v in self.meta.items()}
            self.cols = {c: v[k:] for c, v in self.cols.items()}
            self.meta = {c: v[k:] for c, v in self.meta.items()}
            self.n -= k
            return self._frame(head, head_meta)
        df = self._frame(self.cols, self.meta)
        self.cols = {c: [] for c in RECORD_COLUMNS}
        self.meta = {}
        self.n = 0
        return df

    @staticmethod
    def _frame(cols: dict[str, list], meta: dict[str, list]) -> pd.DataFrame:
        data: dict[str, object] = {}
        for c in RECORD_COLUMNS:
            vals = cols[c]
            if c in _INT_COLUMNS:
                data[c] = pd.array(vals, dtype="Int64")
            elif c in ("record_index", "turn_index"):
                data[c] = pd.array(vals, dtype="int64")
            elif c == "rating":
                data[c] = pd.array(vals, dtype="float64")
            else:
                data[c] = vals
        for k in sorted(meta):
            data[k] = meta[k]
        return pd.DataFrame(data)

    def take_quarantine(self) -> list[tuple]:
        q, self.quarantine = self.quarantine, []
        return q


def empty_records() -> pd.DataFrame:
    """A records table with no rows and the right columns and dtypes."""
    df = pd.DataFrame({c: pd.Series([], dtype="object") for c in RECORD_COLUMNS})
    for c in _INT_COLUMNS:
        df[c] = df[c].astype("Int64")
    df["record_index"] = df["record_index"].astype("int64")
    df["turn_index"] = df["turn_index"].astype("int64")
    df["rating"] = df["rating"].astype("float64")
    for c in _STR_COLUMNS:
        df[c] = df[c].astype("str")
    return df
