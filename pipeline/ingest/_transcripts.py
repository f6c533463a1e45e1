"""Parse interview transcripts into speaker turns: plain text, Markdown, WebVTT, SubRip (and .docx text).

Plain text and Markdown understand the layouts transcription tools and people produce::

    Speaker: text                       **Speaker:** text          (Markdown)
    [00:12:34] Speaker: text            00:12:34 Speaker: text     (12:34) Speaker: text
    Speaker (00:12:34): text            Speaker  0:03              (Otter / Teams: text on next lines)
    [Speaker] 10:23:45                  (Zoom .txt)

Turns may span several lines and paragraphs; an optional ``---`` front-matter block carries
metadata (``interviewer:`` names the interviewer). A ``Word:`` at the start of a line is only taken
as a speaker label when it behaves like one (it recurs, carries a timestamp, or is a known name /
generic label such as ``Interviewer`` or ``P1``), so ``Note: ...`` inside an answer stays text.

Subtitles (VTT / SRT) are cut into cues every few seconds; consecutive cues of the same speaker are
merged into one turn that keeps the first cue's start time as ``media_time``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.ingest._config import role_words
from pipeline.ingest._records import AGENT_KEYS, INTERVIEWER_KEYS, media_time, norm_key, parse_timestamp
from pipeline.text import phrase_sections

__all__ = ["Turn", "Transcript", "is_title_line", "parse_text_transcript", "parse_subtitles", "parse_front_matter",
           "strip_tool_lines", "chat_placeholder", "strip_notes"]


@dataclass
class Turn:
    speaker: str
    text: str
    line: int | None
    media_time: str = ""
    timestamp: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    # where unlabelled lines start continuing a turn whose label line had text: (line, offset in text)
    more: tuple[int, int] | None = None
    # where the last of those lines starts: (line, offset in text)
    last: tuple[int, int] | None = None


@dataclass
class Transcript:
    """Result of parsing one transcript file."""

    turns: list[Turn] = field(default_factory=list)
    front: dict[str, str] = field(default_factory=dict)
    orphans: list[tuple[int | None, str]] = field(default_factory=list)   # (line, reason) -> quarantine
    ordered: list[Turn | tuple[int | None, str]] | None = None   # turns and orphans in input order, if not by line
    labelled: bool = True           # False when no speaker labels were found at all
    title: str = ""
    title_lines: list[int] = field(default_factory=list)   # the plain lines read as the title (a heading's too)
    chat_export: bool = False   # a messaging app's export: its turns are dated lines ("12.05.2026, 14:32 - Ola: …")


_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
# A label: starts with a letter, then letters/digits/space/.'’-, at most 40 characters.
_LABEL = r"[^\W\d_][\w .'’\-]{0,39}?"
_SPEAKER_LINE = re.compile(
    rf"^\s*(?:[\[(]?(?P<ts1>{_TS})[\])]?\s*[-–—|]?\s*)?"
    rf"(?P<name>{_LABEL}|\[{_LABEL}\])"
    rf"\s*(?:[\[(](?P<ts2>{_TS})[\])])?\s*:(?:\s+|$)(?P<text>.*)$")
# "Anna Nowak  0:03" (Otter, Teams .docx) or "[Anna] 10:23:45" (Zoom .txt): the text follows on later lines.
_HEADER_LINE = re.compile(rf"^\s*(?P<name>\[{_LABEL}\]|{_LABEL})(?P<sep>\s{{2,}}|\s*[|–]\s*|\s+-\s+|\s+)(?P<ts>{_TS})\s*$")
# a chat export's date and time opening each line: "12.05.2026, 14:32 - ", "[8/3/26, 9:12:00 AM] "
_CHAT_STAMP = (r"^\s*\[?(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{2,4}),?\s+"
               r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[APap]\.?[Mm]\.?)?)\]?\s*(?:[-–]\s*)?")
# a business's contact name may be long ("Stare Miasto Apartments Kraków Rezerwacje"): up to 80 characters
_CHAT_EXPORT_LINE = re.compile(_CHAT_STAMP + r"(?P<name>[^\s:\d][^:]{0,79}?):\s(?P<text>.*)$")
# a dated line of a chat export without a speaker: the app's own ("12/04/2026, 09:00 - Messages and calls are
# end-to-end encrypted…", "… - Anna added Tom")
_CHAT_EXPORT_SYSTEM = re.compile(_CHAT_STAMP + r"(?P<text>\S.*)$")
_TS_ONLY = re.compile(rf"^\s*[\[(]?(?P<ts>{_TS})[\])]?\s*$")
GENERIC_LABEL = re.compile(   # a label that names no one ("Speaker 1", "Respondentka", "Спикер 2": role_words.txt)
    r"^(?:" + "|".join(map(re.escape, sorted(role_words("generic_label"), key=len, reverse=True)))
    + r")\s*[-_#]?\s*\d*$", re.I)
_MD_BOLD_LABEL = re.compile(r"^(\s*(?:[-*+]\s+|>\s*)?)(\*\*|__)([^*_]{1,60}?)(:?)\2\s*(:?)")
_MD_MARKUP = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`)")
_SENTENCE_END = re.compile(r"[.!?…][\"'»”)\]]*$")
# a title line: at most this long, this many words, and how many lines a title has
_TITLE_CHARS, _TITLE_WORDS, _TITLE_LINES = 100, 12, 3


# A transcription tool's closing line: "Transcribed by https://otter.ai", "(Transcribed by TurboScribe.ai. Go
# Unlimited to remove this message.)", "Powered by Rev.com", "Transkrypcja wykonana przez Happy Scribe", "Расшифровано с
# помощью Notta". It names the tool: by a web address or by name, so "Powered by coffee, honestly." stays speech.
_FOOTER = re.compile(
    r"^\W{0,3}(?:transcribed|transcription|transcript|transcripts|powered|generated|created|captioned|captions|"
    r"transkrypcja|transkrypcję|przetranskrybowano|wygenerowano|расшифровано|расшифровка|транскрипция|"
    r"транскрибировано|сгенерировано)(?:\s+[^\W\d_]+){0,2}?\s+(?:by|with|using|via|przez|za pomocą|w|с помощью|"
    r"сервисом|в|через)\s+(?P<who>.{2,120})$", re.IGNORECASE)
_TOOL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:ai|com|io|app|co|net|org|me|pl|ru)\b|\b(?:otter|rev|descript|trint|"
                   r"temi|sonix|happy ?scribe|fireflies|fathom|tl;?dv|turboscribe|notta|riverside|assemblyai|"
                   r"speechmatics|whisper|zoom|microsoft teams|google meet)\b", re.IGNORECASE)

# Microsoft Teams' notice that someone started or stopped the transcription ("Ewa Lis stopped transcription", "Ewa Lis
# zatrzymała transkrypcję", "Ева Лис остановила транскрипцию"): the meeting's line, not the last speaker's words
_TRANSCRIPTION_NOTICE = re.compile(
    r"^(?:[^\W\d_][\w'.-]*\s+){0,4}?(?P<what>(?:stopped|started|zatrzymała?|rozpocz(?:ął|ęła)|wyłączył(?:a)?|"
    r"остановила?|начала?|запустила?)\s+(?:the\s+)?(?:transcription|transkrypcję|транскрипцию))\.?$", re.IGNORECASE)


# What a chat app writes instead of someone's words (WhatsApp's and Messenger's text exports, Meta's JSON exports of
# Facebook, Instagram and Messenger; en / pl / ru, as the apps write them), and why such a line is quarantined: a photo,
# voice note or file left out, a deleted message, the app's notice of encryption. The one list: every chat reader asks
# :func:`chat_placeholder`. Meta's notices of a reaction, a like or an attachment are whole sentences anyone may write
# ("Kasia polubiła wiadomość"): only Meta's JSON readers ask for them (:func:`pipeline.ingest._messenger.meta_notice`).
_PLACEHOLDERS = (
    (re.compile(r"<?\s*(media omitted|pominięto multimedia|multimedia pominięte|медиа ?файл(ы)? (опущен|отсутству)\w*|"
                r"медиа отсутствуют|без медиафайлов|image omitted|video omitted|audio omitted|sticker omitted|gif omitted|"
                r"document omitted|obraz pominięty|pominięto obraz|attached: [^>]+)\s*>?", re.I),
     "a photo, video or file without text (a chat export's placeholder)"),
    (re.compile(r"(this message was deleted|you deleted this message|ta wiadomość została usunięta|usunięto tę wiadomość|"
                r"usunąłeś tę wiadomość|usunęłaś tę wiadomość|to wiadomość została usunięta|это сообщение удалено|"
                r"данное сообщение удалено|сообщение удалено|вы удалили это сообщение)\.?", re.I),
     "a deleted message (the chat app's placeholder, no words of its own)"),
    (re.compile(r"(messages and calls are end-to-end encrypted|messages to this (?:chat|group) are now secured|"
                r"messages and calls are secured with end-to-end encryption|"
                r"wiadomości i połączenia (?:są )?(?:szyfrowane|chronione|zabezpieczone)|"
                r"сообщения и звонки (?:защищены|зашифрованы))"
                r".*", re.I | re.S),
     "the chat app's notice of end-to-end encryption (a system line, no one's words)"),
)


NOTES_PATH = Path(__file__).resolve().parents[1] / "resources" / "transcript_notes.txt"


@lru_cache(maxsize=1)
def _note() -> re.Pattern[str]:
    """A transcriber's bracketed note (``[note]`` of :data:`NOTES_PATH`), a time or "…" after it allowed."""
    notes = sorted(phrase_sections(str(NOTES_PATH))["note"], key=len, reverse=True)
    alts = "|".join(r"\s+".join(map(re.escape, n.split())) for n in notes)
    return re.compile(rf"[\[(]\s*(?:{alts})(?:\s*(?:…|\.{{3}}|\d{{1,2}}:\d{{2}}(?::\d{{2}})?))?\s*[\])]", re.IGNORECASE)


def strip_notes(text: str) -> tuple[str, str]:
    """A turn without the notes a transcriber writes in brackets instead of words ("[laughs]", "(niezrozumiałe)",
    "[неразборчиво 00:12:31]"), and the first such note ("" when there is none). Bracketed words of the transcriber's
    own ("I used [the app] daily") stay.

    Example:
        >>> strip_notes("Próbki szły dwa tygodnie. [śmiech] I jedna była w innym kolorze.")
        ('Próbki szły dwa tygodnie.  I jedna była w innym kolorze.', '[śmiech]')
        >>> strip_notes("(Inaudible 00:12:31)"), strip_notes("I used [the app] daily")
        (('', '(Inaudible 00:12:31)'), ('I used [the app] daily', ''))
    """
    first = _note().search(text)
    if not first:
        return text, ""
    return _note().sub("", text).strip(), first.group()


def chat_placeholder(text: str) -> str:
    """Why a chat message is no one's words, when a chat export wrote it in place of them ("" when it is words).

    Example:
        >>> chat_placeholder("<Media omitted>"), chat_placeholder("\u200eThis message was deleted.")
        ("a photo, video or file without text (a chat export's placeholder)", "a deleted message (the chat app's placeholder, no words of its own)")
        >>> chat_placeholder("Это сообщение удалено"), chat_placeholder("The message about the sofa was deleted?")
        ("a deleted message (the chat app's placeholder, no words of its own)", '')
        >>> chat_placeholder("Kasia polubiła wiadomość"), chat_placeholder("Hi, I sent an attachment")   # a customer's words
        ('', '')
    """
    s = text.strip().lstrip("\u200e\u200f").strip()
    return next((why for pattern, why in _PLACEHOLDERS if pattern.fullmatch(s)), "")


def _tool_line(s: str) -> str:
    """What a transcription tool's own line says ("" for speech), without a person it names: its credit, up to the
    tool's name ("Transcribed by https://otter.ai"; "Transcribed by Anna Nowak with Otter.ai" says "Transcribed by …
    Otter.ai"), or Teams' notice that someone started or stopped the transcription.

    Example:
        >>> _tool_line("Transcribed by Anna Nowak with Otter.ai"), _tool_line("(Transcribed by TurboScribe.ai. Go Unlimited.)")
        ('Transcribed by … Otter.ai', 'Transcribed by TurboScribe.ai')
        >>> _tool_line("Ewa Lis stopped transcription"), _tool_line("Powered by coffee, honestly.")
        ('stopped transcription', '')
    """
    m, notice = _FOOTER.match(s), _TRANSCRIPTION_NOTICE.match(s)
    if notice and all(w[0].isupper() for w in s[:notice.start("what")].split()):   # a name before it, not speech
        return notice.group("what")                                                 # ("I think we stopped transcription")
    tool = _TOOL.search(m.group("who")) if m else None
    if not tool:
        return ""
    # the tool's whole word(s) ("https://otter.ai" of "https://", "TurboScribe.ai." of "TurboScribe.ai")
    word = re.search(r"\S*" + re.escape(tool.group()) + r"\S*", m.group("who"))
    said = re.sub(r"^\W+", "", s[:m.start("who")]).strip()
    return f"{said}{' …' if word.start() else ''} {word.group().strip('.,;:()[]')}"


def strip_tool_lines(text: str) -> tuple[str, list[tuple[int, str]]]:
    r"""The transcript without the lines a transcription tool writes at its ends, and those lines as
    ``(line number, line)``. Otter ends its .txt export with "Transcribed by https://otter.ai", which had
    been the last words of the participant's last turn; Teams opens with "<name> started transcription", which had been
    the document's title, and ends with "<name> stopped transcription" (each given without a name: :func:`_tool_line`). Any such line
    among the first five with words goes, and the last ones while they are such lines (three at most); line numbers of
    the rest do not change.

    Example:
        >>> strip_tool_lines("Anna  10:18\nBye.\n\nTranscribed by https://otter.ai\n")
        ('Anna  10:18\nBye.\n\n\n', [(4, 'Transcribed by https://otter.ai')])
        >>> strip_tool_lines("Ewa Lis started transcription\nPriya Raman   1:39\nBye!\nEwa Lis stopped transcription")
        ('\nPriya Raman   1:39\nBye!\n', [(1, 'started transcription'), (4, 'stopped transcription')])
        >>> strip_tool_lines("Anna: Powered by coffee, honestly.")[1], strip_tool_lines("Anna  1:02\nSo we stopped transcription")[1]
        ([], [])
    """
    lines = text.split("\n")
    filled = [k for k, line in enumerate(lines) if line.strip()]
    cut = {k: what for k in filled[:5] if (what := _tool_line(lines[k].strip()))}   # Teams' notice, after a title
    for k in reversed(filled[-3:]):
        if not (what := _tool_line(lines[k].strip())):
            break
        cut[k] = what
    for k in cut:
        lines[k] = ""
    return "\n".join(lines), [(k + 1, cut[k]) for k in sorted(cut)]


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Read a leading ``---`` block of ``key: value`` lines.

    Returns:
        ``(front_matter, n_lines_consumed)``; ``({}, 0)`` when there is no closed block at the top.
    """
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or lines[i].strip() != "---":
        return {}, 0
    front: dict[str, str] = {}
    last_key = ""
    for j in range(i + 1, min(len(lines), i + 200)):
        s = lines[j]
        if s.strip() in ("---", "..."):
            return front, j + 1
        m = re.match(r"^\s*([^\s:#][^:]{0,60}?)\s*:\s*(.*)$", s)
        if m and not s.startswith((" ", "\t", "-")):
            last_key = norm_key(m.group(1))
            front[last_key] = _unquote(m.group(2).strip())
        elif s.strip().startswith("- ") and last_key:
            # a YAML list under the previous key
            item = _unquote(s.strip()[2:].strip())
            front[last_key] = f"{front[last_key]}, {item}" if front[last_key] else item
        elif s.strip() and not s.lstrip().startswith("#"):
            return {}, 0   # not key/value lines: this '---' was a separator, not front matter
    return {}, 0


def _unquote(v: str) -> str:
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        return v[1:-1]
    if v.startswith("[") and v.endswith("]"):
        return ", ".join(_unquote(x.strip()) for x in v[1:-1].split(",") if x.strip())
    return v


def _fold(s: str) -> str:
    return s.strip().strip("[]").strip().casefold()


def _clean_label(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().strip("[]").strip())


def is_title_line(line: str) -> bool:
    """A line that can be a document's title: short, capitalised and no sentence ("Wywiad z uczestnikiem 3 –
    12.03.2026", "Interview 7 – Warsaw"), unlike "Recording started late, first minutes lost." or speech a
    transcription tool wrote without punctuation ("so um where were we").

    Example:
        >>> [is_title_line(s) for s in ("Wywiad z uczestnikiem 3 – 12.03.2026", "Wywiad – Tomasz Nowak",
        ...                             "Recording started late, first minutes lost.", "Czy mnie słychać?",
        ...                             "so um where were we")]
        [True, True, False, False, False]
    """
    s = line.strip()
    first = next((c for c in s if c.isalpha()), "")
    return (0 < len(s) <= _TITLE_CHARS and len(s.split()) <= _TITLE_WORDS and first.isupper()
            and not _SENTENCE_END.search(s))


def parse_text_transcript(text: str, *, markdown: bool = False, known_names: set[str] | None = None,
                          headings: frozenset[int] = frozenset()) -> Transcript:
    """Parse a plain-text or Markdown transcript.

    The lines that open a labelled transcript before its first speaker turn, each a heading (Markdown's ``#``, a
    Word Title or Heading paragraph: ``headings``) or short and no sentence (:func:`is_title_line`), are its
    ``title`` (at most three, joined by "; "), not text outside any turn; other text there is an orphan.

    Args:
        text: The decoded file content.
        markdown: Strip Markdown markup (bold labels, headings, list markers, rules).
        known_names: Folded names that are always speaker labels (config + front matter).
        headings: Line numbers (from 1) of heading paragraphs (a Word document's Title and Heading styles).

    Returns:
        A :class:`Transcript`; lines that belong to no turn are in ``orphans``.

    Example:
        >>> tr = parse_text_transcript("Wywiad z uczestnikiem 3 – 12.03.2026\\nModerator: Jak było?\\nOla: Dobrze.")
        >>> tr.title, [t.speaker for t in tr.turns], tr.orphans
        ('Wywiad z uczestnikiem 3 – 12.03.2026', ['Moderator', 'Ola'], [])
    """
    lines = text.splitlines()
    front, start = parse_front_matter(lines)
    known = set(known_names or ())
    for key in (*INTERVIEWER_KEYS, *AGENT_KEYS, "participant", "participants", "respondent", "speakers", "customer"):
        for name in re.split(r"[,;]", front.get(key, "")):
            if name.strip():
                known.add(_fold(name))
    out = Transcript(front=front)

    # Pass 1: classify lines and count candidate labels.
    parsed: list[tuple[str, object]] = []   # (kind, payload) per line
    label_count: Counter[str] = Counter()
    strong: set[str] = set()
    titles: list[str] = []
    for idx, raw in enumerate(lines):
        if idx < start:
            parsed.append(("front", None))
            continue
        # WhatsApp on an iPhone opens attachment and system lines with a left-to-right mark: "\u200e[03.08.26, …"
        s = raw.replace("\ufeff", "").lstrip("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        if markdown:
            if re.match(r"^\s{0,3}#{1,6}\s", s):
                if not titles:
                    titles.append(s.strip().lstrip("#").strip())
                parsed.append(("skip", None))
                continue
            if re.match(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", s):
                parsed.append(("skip", None))
                continue
            s = _MD_BOLD_LABEL.sub(lambda m: f"{m.group(1)}{m.group(3)}: " if (m.group(4) or m.group(5)) else m.group(0),
                                   s, count=1)
            s = re.sub(r"^\s*(?:[-*+]\s+|>\s?)", "", s)
        if not s.strip():
            parsed.append(("blank", None))
            continue
        m = _CHAT_EXPORT_LINE.match(s)
        if m:
            # WhatsApp / Messenger style "12.05.2026, 14:32 - Ola: text": a clock time, not a media offset.
            out.chat_export = True
            name = _clean_label(m.group("name"))
            label_count[_fold(name)] += 1
            strong.add(_fold(name))
            ts = parse_timestamp(f"{m.group('date')} {m.group('time').upper().replace('.', '')}")
            parsed.append(("speaker", (name, m.group("text"), "", ts)))
            continue
        m = _HEADER_LINE.match(s)
        if m and not _SPEAKER_LINE.match(s):
            name = _clean_label(m.group("name"))
            label_count[_fold(name)] += 1
            if m.group("sep") != " " or m.group("name").startswith("["):
                strong.add(_fold(name))
                parsed.append(("speaker", (name, "", media_time(m.group("ts")), "")))
            else:
                # "We met at 10:30" is text; "Anna Nowak 0:03" a header only if it recurs.
                parsed.append(("maybe", (name, "", media_time(m.group("ts")), s)))
            continue
        m = _TS_ONLY.match(s)
        if m:
            parsed.append(("time", media_time(m.group("ts"))))
            continue
        m = _CHAT_EXPORT_SYSTEM.match(s)
        if m:   # no one's words in a chat export (the file has dated turns: see below), else text
            parsed.append(("system", (m.group("text"), s)))
            continue
        m = _SPEAKER_LINE.match(s)
        if m:
            name = _clean_label(m.group("name"))
            ts = m.group("ts1") or m.group("ts2") or ""
            label_count[_fold(name)] += 1
            if ts:
                strong.add(_fold(name))
            parsed.append(("maybe", (name, m.group("text"), media_time(ts) if ts else "", s)))
            continue
        parsed.append(("text", s))

    if not out.chat_export:   # a dated line in a transcript of no chat export is its text
        parsed = [("text", p[1]) if k == "system" else (k, p) for k, p in parsed]  # type: ignore[index]

    def accepted(name: str) -> bool:
        return _label_ok(name, label_count, known, strong)

    # Pass 2: build turns.
    cur: Turn | None = None
    pending_time = ""
    orphan_start: int | None = None
    paragraphs: list[tuple[int, list[str]]] = []   # for files without any label
    para: list[str] = []
    para_line = 0
    any_label = any(k in ("speaker", "maybe") and (k == "speaker" or accepted(p[0]))  # type: ignore[index]
                    for k, p in parsed)
    out.labelled = any_label

    def close_orphan() -> None:
        nonlocal orphan_start
        if orphan_start is not None:
            out.orphans.append((orphan_start, "text outside any speaker turn (no 'Speaker:' label before it)"))
            orphan_start = None

    opening = True   # no turn and no other text yet: a title may come
    for idx, (kind, payload) in enumerate(parsed):
        lineno = idx + 1
        if not any_label:
            if kind in ("text", "maybe"):
                s = payload if kind == "text" else payload[3]  # type: ignore[index]
                if not para:
                    para_line = lineno
                para.append(_strip_md(s) if markdown else s)
            elif kind in ("blank", "skip", "time") and para:
                paragraphs.append((para_line, para))
                para = []
            continue
        if kind in ("front", "skip"):
            continue
        if kind == "blank":
            close_orphan()
            continue
        if kind == "time":
            pending_time = payload  # type: ignore[assignment]
            continue
        if kind == "system":   # the app's line: it does not go on with the turn before it
            close_orphan()
            opening, cur = False, None
            out.orphans.append((lineno, chat_placeholder(payload[0]) or "the chat app's own line (no speaker): "   # type: ignore[index]
                                "no one's words"))
            continue
        if kind == "speaker" or (kind == "maybe" and accepted(payload[0])):  # type: ignore[index]
            close_orphan()
            opening = False
            ts = ""
            if kind == "speaker":
                name, first, mt, ts = payload  # type: ignore[misc]
            else:
                name, first, mt, _ = payload  # type: ignore[misc]
            cur = Turn(speaker=name, text=_strip_md(first) if markdown else first, line=lineno,
                       media_time=mt or pending_time, timestamp=ts)
            pending_time = ""
            out.turns.append(cur)
            continue
        s = payload if kind == "text" else payload[3]  # type: ignore[index]
        if markdown:
            s = _strip_md(s)
        if opening and len(titles) < _TITLE_LINES and (lineno in headings or is_title_line(s)):
            titles.append(s.strip())
            out.title_lines.append(lineno)
            continue
        opening = False
        if cur is None:
            if orphan_start is None:
                orphan_start = lineno
            continue
        if cur.text:
            cur.last = (lineno, len(cur.text) + 1)
            if cur.more is None:
                cur.more = cur.last
        cur.text = f"{cur.text}\n{s}" if cur.text else s
    close_orphan()
    out.title = "; ".join(titles)
    if not any_label:
        if para:
            paragraphs.append((para_line, para))
        out.turns = [Turn(speaker="", text="\n".join(p), line=ln) for ln, p in paragraphs]
    return out


# Words that start a line with a colon inside an answer ("Note: ...") but are never speakers.
_NOT_SPEAKERS = {
    "note", "notes", "ps", "p.s", "pps", "edit", "update", "upd", "example", "e.g", "eg", "tip", "warning",
    "important", "nb", "n.b", "re", "fw", "fwd", "subject", "topic", "date", "time", "price", "total", "answer",
    "question", "summary", "result", "problem", "issue", "reason", "order", "address", "phone", "email", "e-mail",
    "link", "url", "source", "step", "steps", "pros", "cons", "plus", "minus", "ok", "okay", "yes", "no", "so",
    "well", "and", "but", "then", "also", "because", "quote", "translation", "comment", "status", "delivery",
    "uwaga", "notatka", "np", "przykład", "temat", "data", "cena", "razem", "odpowiedź", "pytanie", "zamówienie",
    "adres", "telefon", "plusy", "minusy", "wniosek", "powód", "dostawa", "tak", "nie", "czyli", "więc", "cytat",
    "примечание", "пример", "важно", "кстати", "тема", "дата", "цена", "итого", "ответ", "вопрос", "заказ",
    "адрес", "телефон", "плюсы", "минусы", "причина", "доставка", "да", "нет", "итак", "цитата", "upd",
}


def _label_ok(name: str, counts: Counter[str], known: set[str], strong: set[str]) -> bool:
    """Is ``Name:`` at a line start a speaker label? Known names and timestamped labels always are;
    otherwise a capitalised label of at most 3 words that is not a common word like "Note"; a
    recurring label of up to 4 words also counts.
    """
    f = _fold(name)
    if f in known or f in strong or GENERIC_LABEL.match(f):
        return True
    words = f.split()
    if not words or f.rstrip(".") in _NOT_SPEAKERS or words[0] in _NOT_SPEAKERS:
        return False
    if not (name[:1].isupper() or name[:1].isdigit()):
        return False
    if len(words) <= 3:
        return True
    return counts[f] >= 2 and len(words) <= 4


def _strip_md(s: str) -> str:
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)   # [text](link) -> text
    return _MD_MARKUP.sub("", s)


# --- subtitles ------------------------------------------------------------------------------------

_TIMING = re.compile(r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})")
_BAD_TIMING = ("subtitle block without a valid 'start --> end' timing line; fix: write it as "
               "'00:01:02,000 --> 00:01:05,500' (hours:minutes:seconds,milliseconds)")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-z][^>]*>|<\d[\d:.]*>", re.I)
_SUB_LABEL = re.compile(rf"^\s*(?:-\s*)?(?P<name>{_LABEL}|\[{_LABEL}\])\s*:\s+(?P<text>.+)$", re.S)


def parse_subtitles(text: str, known_names: set[str] | None = None) -> Transcript:
    """Parse WebVTT or SubRip into turns (consecutive same-speaker cues merged).

    Speakers come from ``<v Name>`` voice tags or, failing that, a ``Name: text`` prefix that
    recurs (Zoom writes VTT that way). Cues without any speaker are merged until a sentence ends.
    """
    out = Transcript()
    lines = text.splitlines()
    blocks: list[tuple[int, list[str]]] = []
    cur: list[str] = []
    start = 0
    for i, line in enumerate(lines):
        if line.strip():
            if not cur:
                start = i + 1
            cur.append(line.replace("\ufeff", ""))
        elif cur:
            blocks.append((start, cur))
            cur = []
    if cur:
        blocks.append((start, cur))

    cues: list[tuple[int, str, str, str]] = []   # (line, speaker, text, media_time)
    for lineno, block in blocks:
        head = block[0].strip()
        if head.startswith("WEBVTT") or head.startswith(("NOTE", "STYLE", "REGION")) or head.startswith("X-TIMESTAMP"):
            continue
        t_idx = next((k for k, b in enumerate(block) if "-->" in b), None)
        if t_idx is None or not _TIMING.match(block[t_idx]):
            if t_idx is None:   # the timing line follows the cue's number, if it has one
                t_idx = int(head.isdigit() and len(block) > 1)
            out.orphans.append((lineno + t_idx, _BAD_TIMING))
            continue
        mt = media_time(_TIMING.match(block[t_idx]).group("start"))  # type: ignore[union-attr]
        payload = "\n".join(block[t_idx + 1:])
        voices = list(_VOICE.finditer(payload))
        if voices:
            pre = _TAG.sub("", payload[:voices[0].start()]).strip()
            if pre:
                cues.append((lineno, "", pre, mt))
            for k, v in enumerate(voices):
                end = voices[k + 1].start() if k + 1 < len(voices) else len(payload)
                cues.append((lineno, v.group(1).strip(), _TAG.sub("", payload[v.end():end]).strip(), mt))
        else:
            cues.append((lineno, "", _TAG.sub("", payload).strip(), mt))

    # "Name: text" prefixes count as speakers when the same name recurs (or is known).
    known = set(known_names or ())
    counts: Counter[str] = Counter()
    for _, spk, txt, _ in cues:
        if not spk:
            m = _SUB_LABEL.match(txt)
            if m:
                counts[_fold(m.group("name"))] += 1
    resolved: list[tuple[int, str, str, str]] = []
    labelled = any(spk for _, spk, _, _ in cues)
    for lineno, spk, txt, mt in cues:
        if not spk:
            m = _SUB_LABEL.match(txt)
            if m and _label_ok(m.group("name"), counts, known, set()):
                spk, txt = _clean_label(m.group("name")), m.group("text").strip()
                labelled = True
            elif labelled and resolved:
                # Tools label a cue only when the speaker changes: an unlabelled cue continues the turn.
                spk = resolved[-1][1]
        resolved.append((lineno, spk, txt, mt))

    last: Turn | None = None
    for lineno, spk, txt, mt in resolved:
        if not txt:
            out.orphans.append((lineno, "empty text"))
            continue
        same = last is not None and last.speaker == spk and (
            spk != "" or not _SENTENCE_END.search(last.text.rstrip()))
        if same:
            last.text = f"{last.text}\n{txt}"  # type: ignore[union-attr]
        else:
            last = Turn(speaker=spk, text=txt, line=lineno, media_time=mt)
            out.turns.append(last)
    out.labelled = any(t.speaker for t in out.turns)
    return out
