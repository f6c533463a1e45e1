"""How outputs name a corpus file: its path, with the names of the people in it replaced by a short hash.

Every quote cites its file, and files are named after people: WhatsApp writes "WhatsApp Chat with Anna
Kowalska.txt", Messenger a folder "messages/inbox/annakowalska_1234567890/", a researcher saves "Daniel Okafor -
Shiftly research call.txt". With ``[ingest] hide_names_in_paths`` (the default) such a name becomes
``contact-<8 hex digits of a keyed hash of the name as written>`` in every output (:func:`pipeline.redact.keyed_hash`
under the run's key, :func:`pipeline.redact.name_key` of its cache folder: no list of names gives it back), the chat
layouts by their
pattern, any other file or folder name by the names of the people who speak in the file (:func:`person_names`) and
by a name's shape, a known first name and a capitalised word after it (:func:`names_in_path`: "Wywiad - Tomasz
Nowak.docx" when the participant sheet names no one).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from pipeline.ingest._config import INTERVIEWER_LABELS
from pipeline.ingest._exports import short_hash
from pipeline.ingest._records import AGENT_KEYS, INTERVIEWER_KEYS, RoleMapper, company_label
from pipeline.ingest._transcripts import GENERIC_LABEL
from pipeline.text import fold_accents

__all__ = ["hide_names_in_path", "names_in_path", "person_names", "chat_named_after", "PEOPLE_KEYS"]

# Chat exports name the file or folder after the person: WhatsApp "WhatsApp Chat with Anna Kowalska.txt"
# (pl "Czat WhatsApp z …", ru "Чат WhatsApp с …", de "WhatsApp Chat mit …"), Messenger / Instagram
# "messages/inbox/annakowalska_1234567890/".
_WHATSAPP_NAME = re.compile(r"^(?P<head>(WhatsApp Chat (with|mit|-)|Czat (w )?WhatsApp z|Чат WhatsApp с)\s*-?\s*)"
                            r"(?P<name>.+?)(?P<tail>(\s*\(\d+\))?(\.(txt|zip))?)$", re.I)
_INBOX_FOLDERS = {"inbox", "message_requests", "archived_threads", "filtered_threads", "e2ee_cutover"}
# Front-matter keys and participant-sheet columns that name the people of an interview
PEOPLE_KEYS = ("participant", "participants", "participant_name", "interviewee", "respondent", "customer",
               "customer_name", "name", "full_name", *INTERVIEWER_KEYS, *AGENT_KEYS, "speakers", "uczestnik",
               "imię_i_nazwisko", "imie_i_nazwisko", "участник", "фио", "имя")
_WORD = re.compile(r"[^\W\d_]+")
_ROLE_LABELS = {x.casefold() for x in INTERVIEWER_LABELS}


def _folded(s: str) -> tuple[str, list[int]]:
    """``s`` folded by :func:`pipeline.text.fold_accents`, and for each folded character the index of the original
    one."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(s):
        f = fold_accents(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


def chat_named_after(path: str) -> str:
    """Whom a WhatsApp export is named after, by its file name or, for an iPhone's export, its folder's ("" when
    neither is WhatsApp's): the other person of a one-to-one chat, or a group's name.

    Example:
        >>> chat_named_after("chats/WhatsApp Chat with Anna Nowak.txt"), chat_named_after("WhatsApp Chat - Ola (2)/_chat.txt")
        ('Anna Nowak', 'Ola')
        >>> chat_named_after("chats/Чат WhatsApp с Дмитрий.txt"), chat_named_after("chats/_chat.txt")
        ('Дмитрий', '')
    """
    for part in reversed(path.split("/")[-2:]):
        m = _WHATSAPP_NAME.match(part)
        if m:
            return m.group("name").strip()
    return ""


def person_names(labels: Iterable[str], people: Iterable[str] = (), roles: RoleMapper | None = None) -> list[str]:
    """The names of a file's people that would identify them in its path, longest first.

    A speaker label or a participant named elsewhere (front matter, the participant sheet) counts when it
    has at least a first and a last name; a one-word speaker label ("Tyler") counts as a first name. Generic
    labels ("Speaker 2", "Interviewer", "Klient"), support and brand accounts are not people.

    Example:
        >>> person_names(["Maya Chen", "Tyler", "Speaker 2", "Interviewer", "Q"], ["Rob Delgado", "Rob"])
        ['Rob Delgado', 'Maya Chen', 'Tyler']
    """
    def is_person(name: str) -> bool:
        words = _WORD.findall(name)
        if not words or any(len(w) < 2 for w in words) or re.search(r"\d", name) or company_label(name):
            return False
        if name.casefold() in _ROLE_LABELS or any(GENERIC_LABEL.match(w) or w.casefold() == "unknown" for w in words):
            return False
        return roles is None or not (roles.from_label(name) or roles.from_name(name, ("bot", "brand")))

    found: dict[str, str] = {}
    # a chat export repeats its speakers once per message: each distinct label is judged once
    for name, one_word_ok in [(x, True) for x in dict.fromkeys(labels)] + [(x, False) for x in dict.fromkeys(people)]:
        name = " ".join(str(name).split())
        if name and (one_word_ok or len(_WORD.findall(name)) >= 2) and is_person(name):
            found.setdefault(_folded(name)[0], name)
    return sorted(found.values(), key=lambda n: (-len(_WORD.findall(n)), -len(n), n))


_WORD_AFTER = re.compile(r"[\s_.\-]+([^\W\d_]{2,})")
# a first name and the capitalised word after it, in a file or folder name: "Tomasz Nowak", "anna_Kowalska"
_FIRST_AND_NEXT = re.compile(r"(?<![^\W\d_])(?=([^\W\d_]{2,})[\s_.\-–—]+([^\W\d_]{2,}))")


# a word of a file or folder name between separators (or the name's start or end), the extension left out: "priya" in
# "en02_priya_teams.docx"
_LONE_WORD = re.compile(r"(?<![^\s_.\-])[^\W\d_]{3,}(?![^\s_.\-])")
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")


def _cyrillic_spellings(word: str) -> list[str]:
    """A Latin-letter word read as Russian (:func:`pipeline.translit.to_cyrillic`), and as the Latin spelling of a name
    drops a soft sign after a consonant ("olga" ольга, "tatyana" татьяна) or writes a final -ий as "y" ("dmitry").

    Example:
        >>> _cyrillic_spellings("olga"), _cyrillic_spellings("dmitry")[-1]
        (['олга', 'ольга'], 'дмитрий')
    """
    from pipeline.translit import to_cyrillic

    cyr = to_cyrillic(word.lower())
    soft = [cyr[:i + 1] + "ь" + cyr[i + 1:] for i in range(len(cyr) - 1)
            if cyr[i] in _CONSONANTS and (cyr[i + 1] in _CONSONANTS or cyr[i + 1] in "яюеё")]
    return [cyr, *soft] + ([cyr[:-1] + "ий"] if cyr.endswith("ы") else [])


@lru_cache(maxsize=1)
def _russian_first_names() -> frozenset[str]:
    """The Russian first names redaction lists (``ru_first_names.txt``: one a line, ``#`` comments), lower case, ё as е."""
    from pipeline.redact import NAMES_DIR

    lines = (NAMES_DIR / "ru_first_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(n.strip().lower().replace("ё", "е") for n in lines if n.strip() and not n.strip().startswith("#"))


def _first_name(word: str) -> bool:
    """A known first name in some language and no everyday word there (:func:`pipeline.redact.first_name`); a
    Latin-letter word also by a Russian spelling of it that is a listed Russian first name (they are listed in
    Cyrillic: "olga" is Ольга; a spelling a dictionary only guesses to be a name, "вывиад" of "Wywiad", is none)."""
    from pipeline.redact import LANGS, everyday_word, first_name   # not at import: pipeline.redact reads ingest's labels

    if any(first_name(word, lang) and not everyday_word(word, lang) for lang in LANGS):
        return True
    return word.isascii() and any(c.replace("ё", "е") in _russian_first_names() and not everyday_word(c, "ru")
                                  for c in _cyrillic_spellings(word))


def names_in_path(path: str) -> list[str]:
    """The people's names a corpus path holds by their shape, in a file or folder name: a known first name (en / pl /
    ru, no everyday word: :func:`_first_name`) and a capitalised word after it, or such a first name alone between
    separators, in any case ("en02_priya_teams.docx", "ru01_olga_zoom.vtt": a participant's name researchers save
    interviews under).

    Example:
        >>> names_in_path("interviews/Wywiad - Tomasz Nowak.docx"), names_in_path("interviews/Интервью Ольга Петрова.txt")
        (['Tomasz Nowak'], ['Ольга Петрова'])
        >>> names_in_path("interviews/en02_priya_teams.docx"), names_in_path("interviews/ru01_olga_zoom.vtt")
        (['priya'], ['olga'])
        >>> names_in_path("interviews/Grace Period notes.txt"), names_in_path("notes/mark_notes.txt")
        ([], [])
    """
    found: dict[str, None] = {}
    for part in path.split("/"):
        for m in _FIRST_AND_NEXT.finditer(part):
            first, last = m.group(1), m.group(2)
            if last[0].isupper() and _first_name(first):
                found.setdefault(f"{first} {last}")
        stem = part.rsplit(".", 1)[0] if "." in part else part
        for m in _LONE_WORD.finditer(stem):
            if not any(m.group().casefold() in n.casefold().split() for n in found) and _first_name(m.group()):
                found.setdefault(m.group())
    return list(found)


def _surname_after(part: str, end: int) -> int:
    """Where the word right after ``part[:end]`` (a first name's surname) ends, else ``end``: a capitalised word, or a
    lower-case one that is no everyday word in any language ("tomasz_nowak.txt"; not "olga_zoom.vtt").

    Example:
        >>> [_surname_after(p, 6) for p in ("tomasz_nowak.txt", "tomasz_Nowak.txt", "tomasz_zoom.vtt", "tomasz.txt")]
        [12, 12, 6, 6]
    """
    from pipeline.redact import LANGS, everyday_word   # not at import: pipeline.redact reads ingest's labels

    m = _WORD_AFTER.match(part, end)
    if not m or re.fullmatch(r"\.\w{1,5}", part[end:]):   # the file's extension
        return end
    word = m.group(1)
    return m.end() if word[0].isupper() or not any(everyday_word(word, lang) for lang in LANGS) else end


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> tuple[re.Pattern, bool]:
    """A name's words, folded, joined by spaces, ``_``, ``-``, ``.`` or nothing; and whether it is one word."""
    words = [_folded(w)[0] for w in _WORD.findall(name)]
    return re.compile(r"(?<![^\W\d_])" + r"[\s_.\-]*".join(map(re.escape, words)) + r"(?![^\W\d_])"), len(words) == 1


def _hide_names(part: str, names: Iterable[str], key: bytes) -> str:
    """``part`` (one file or folder name) with each occurrence of each name replaced by ``contact-<hash>``, in
    any case, with or without accents; the part is folded once, and again only after a replacement."""
    folded, where = _folded(part)
    for name in names:
        pattern, one_word = _name_pattern(name)
        spans = [(where[m.start()], where[m.end() - 1] + 1) for m in pattern.finditer(folded)]
        if not spans:
            continue
        if one_word:   # a first name the speaker label gives: its surname goes with it ("Wywiad Agnieszka Lewandowska")
            spans = [(a, _surname_after(part, b)) for a, b in spans]
        for a, b in reversed(spans):
            part = f"{part[:a]}contact-{short_hash(name, key, 8)}{part[b:]}"
        folded, where = _folded(part)
    return part


def hide_names_in_path(path: str, names: Iterable[str], key: bytes) -> str:
    """A corpus path with the person's name in a chat export's file or folder name, and each of ``names``
    (see :func:`person_names`) in any file or folder name, replaced by a hash under ``key`` (:func:`short_hash`).

    Example:
        >>> key = b"k" * 32
        >>> hide_names_in_path("chats/WhatsApp Chat with Anna Kowalska.txt", (), key)
        'chats/WhatsApp Chat with contact-0ad0b405.txt'
        >>> hide_names_in_path("fb/messages/inbox/annakowalska_1234567890/message_1.json", (), key)
        'fb/messages/inbox/thread-bff5d0a2/message_1.json'
        >>> hide_names_in_path("chats/WhatsApp Chat - Anna Kowalska/_chat.txt", (), key)
        'chats/WhatsApp Chat - contact-0ad0b405/_chat.txt'
        >>> hide_names_in_path("interviews/Daniel Okafor - Shiftly research call.txt", ["Daniel Okafor"], key)
        'interviews/contact-1ca70051 - Shiftly research call.txt'
        >>> hide_names_in_path("interviews/kasia_wisniewska/call.vtt", ["Kasia Wiśniewska"], key)
        'interviews/contact-ee202a79/call.vtt'
        >>> hide_names_in_path("interviews/Wywiad Agnieszka Lewandowska.txt", ["Agnieszka"], key)
        'interviews/Wywiad contact-091fe83e.txt'
    """
    parts = path.split("/")
    for k, part in enumerate(parts):
        # Meta's layout only: messages/inbox/<name>_<thread number>/ (a mail folder called inbox is left alone)
        if (1 < k < len(parts) - 1 and parts[k - 1].casefold() in _INBOX_FOLDERS
                and parts[k - 2].casefold() == "messages" and re.search(r"_\d{4,}$", part)):
            parts[k] = f"thread-{short_hash(part, key, 8)}"
    for k, part in enumerate(parts):   # the file, or the folder an iPhone's zipped export unpacks to
        m = _WHATSAPP_NAME.match(part)
        if m and not re.fullmatch(r"contact-[0-9a-f]{8}", m.group("name")):   # not hidden already
            parts[k] = f"{m.group('head')}contact-{short_hash(m.group('name'), key, 8)}{m.group('tail')}"
    names = list(names)
    return "/".join(_hide_names(part, names, key) for part in parts) if names else "/".join(parts)
