"""Support calls: who speaks for the company in a transcript, and which transcripts are calls.

A speech-to-text tool labels a call's speakers "Speaker 1" / "Speaker 2" ("Спикер 1", "Mówca 2"): it does not
know who is who, and the operator asks in imperatives ("Продиктуйте номер карты") that it writes without a '?', so the
question share that finds a research interviewer finds no one. The company's voice is told by what only it says
(:data:`FORMULAS_PATH`): a greeting on the company's behalf or its name in a speaker's first turns ("Квадрат, служба
поддержки, Ольга, здравствуйте. Слушаю вас"), the customer's details asked for ("Назовите пожалуйста ваши ФИО"), a
closing formula ("Могу я ещё чем-то помочь?", "Спасибо за обращение"). :func:`company_speakers` scores each speaker
over the transcript; :func:`is_call_path` reads a file's name ("calls/", "call_2025-01-09.txt").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Iterable

from pipeline.ingest._config import IngestConfig
from pipeline.text import courtesy_phrases, phrase_sections, word_key

__all__ = ["FORMULAS_PATH", "answers_by_name", "answers_the_call", "company_names", "company_speakers", "fold", "formula_score", "is_call_path"]

FORMULAS_PATH = Path(__file__).resolve().parents[1] / "resources" / "agent_formulas.txt"
# how many of a speaker's first turns a greeting or self-introduction counts in
_FIRST_TURNS = 2
# the least score of an agent, and how many times the next speaker's it must be
_MIN_SCORE, _MARGIN = 2, 2


def fold(text: str) -> str:
    """Text as the formulas are matched: lower case, without accents, words separated by one space.

    Example:
        >>> fold("Могу я ещё чем-то помочь?"), fold("W czym mogę pomóc, Łukasz?")
        ('могу я еще чем то помочь', 'w czym moge pomoc lukasz')
    """
    return word_key(text, accents=True)


@lru_cache(maxsize=2)
def _table(path: str) -> dict[str, tuple[str, ...]]:
    """``{section: folded phrases}`` of the formulas file (read as every phrase file is: :func:`phrase_sections`)."""
    return {k: tuple(dict.fromkeys(f for f in map(fold, v) if f)) for k, v in phrase_sections(path).items()}


@lru_cache(maxsize=16)
def _pattern(section: str, extra: tuple[str, ...] = ()) -> re.Pattern[str] | None:
    """One pattern for a section's phrases (and ``extra`` ones), whole words of folded text."""
    phrases = sorted({*_table(str(FORMULAS_PATH))[section], *filter(None, map(fold, extra))}, key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\S)")


def _says(pattern: re.Pattern[str] | None, folded: str) -> bool:
    return bool(pattern and pattern.search(folded))


@lru_cache(maxsize=1)
def _hello() -> re.Pattern[str]:
    """A hello (courtesy.txt's [greeting]: "dzień dobry", "good afternoon", "здравствуйте"), whole words of folded text."""
    phrases = sorted(set(map(fold, courtesy_phrases("greeting"))), key=len, reverse=True)
    return re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\S)")


# the words of a text, each with its place: a name is read on the words as written (capitalised), a formula folded
_WORDS = re.compile(r"[^\W_]+")
# how many words may come before a self-announcement ("Medicus Plus, good morning, Marta speaking.")
_ANSWER_AT = 5
_SLOT = "…"


@lru_cache(maxsize=1)
def _answering() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """``[answering]`` phrases as (folded words before the name, folded words after it)."""
    out = []
    for phrase in phrase_sections(str(FORMULAS_PATH))["answering"]:
        before, _, after = phrase.partition(_SLOT)
        out.append((tuple(fold(before).split()), tuple(fold(after).split())))
    return tuple(out)


def _name_at(words: list[str], i: int) -> list[int]:
    """The lengths of the names that may start at ``words[i]``: a known first name (en / pl / ru: :func:`pipeline.redact.first_name`)
    that is no hello (pymorphy3 reads "Алло" as one), then up to two more capitalised words ("Public speaking" has none).

    Example:
        >>> _name_at(["Anna", "Maria", "Nowak", "speaking"], 0), _name_at(["Алло", "слушаю"], 0), _name_at(["Public"], 0)
        ([1, 2, 3], [], [])
    """
    from pipeline.redact import LANGS, first_name   # not at import: pipeline.redact reads ingest's labels

    if (i >= len(words) or not words[i][0].isupper() or _says(_hello(), fold(words[i]))
            or not any(first_name(words[i], lang) for lang in LANGS)):
        return []
    n = 1
    while n < 3 and i + n < len(words) and words[i + n][0].isupper():
        n += 1
    return list(range(1, n + 1))


def answers_by_name(text: str) -> bool:
    """True for a turn that opens with the company's person answering by name: an ``[answering]`` phrase around a name
    (:func:`_name_at`), within its first sentence's first words (after the company's name and a hello), in a turn that says nothing of a
    call of its own (``[caller]``: "Dzień dobry, mówi Jan Kowalski, dzwonię w sprawie zamówienia" is the caller's).

    Example:
        >>> [answers_by_name(t) for t in ("Anna speaking, how can I help?", "Medicus Plus, good morning, Marta speaking.",
        ...                              "Mówi Anna", "Анна, слушаю вас", "Добрый день, Анна Петрова слушает")]
        [True, True, True, True, False]
        >>> answers_by_name("Dzień dobry, mówi Jan Kowalski, dzwonię w sprawie zamówienia"), answers_by_name("Public speaking")
        (False, False)
    """
    first = re.split(r"(?<=[.!?…])\s", text.strip(), maxsplit=1)[0]
    words = _WORDS.findall(first)
    folded = [fold(w) for w in words]
    if _says(_pattern("caller"), fold(text)):
        return False
    for before, after in _answering():
        for i in range(min(_ANSWER_AT, len(words)) + 1):
            if tuple(folded[i:i + len(before)]) != before:
                continue
            at = i + len(before)
            if any(tuple(folded[at + n:at + n + len(after)]) == after for n in _name_at(words, at)):
                return True
    return False


# a part of a turn (between commas, dashes, stops) that is a name: one to four capitalised words ("Medicus Plus")
_NAME_PART = re.compile(r"(?:[^\W\d_][\w&'.-]*\s+){0,3}[^\W\d_][\w&'.-]*")


def _names_the_company(text: str, brand: tuple[str, ...] = ()) -> bool:
    """True for a turn that names a company: the configured name (``brand``), or a part of the turn (between commas,
    dashes, stops) of one to four capitalised words that is neither a hello nor a person's name (:func:`_name_at`:
    a customer picking up says "Алло, Игорь", the company "Medicus Plus").

    Example:
        >>> _names_the_company("Medicus Plus, good morning"), _names_the_company("Алло, Игорь, слушаю вас")
        (True, False)
        >>> _names_the_company("dzień dobry, tu kwadrat", ("Kwadrat",)), _names_the_company("Hello, Anna speaking.")
        (True, False)
    """
    folded = fold(text)
    if any(re.search(rf"(?<!\S){re.escape(b)}(?!\S)", folded) for b in filter(None, map(fold, brand))):
        return True
    for part in re.split(r"[,.!?;:()\[\]\u2013\u2014]|\s-\s", text):
        part = part.strip()
        if (_NAME_PART.fullmatch(part) and all(w[0].isupper() for w in part.split())
                and not _says(_hello(), fold(part)) and not _name_at(_WORDS.findall(part), 0)):
            return True
    return False


def answers_the_call(text: str, brand: tuple[str, ...] = ()) -> bool:
    """True for a turn that answers the phone for the company: its name (:func:`_names_the_company`), a hello and an
    offer of help, all in one turn; or its person answering by name (:func:`answers_by_name`) with an offer of help or
    the company's name. A customer who picks up an outbound call answers by name with a hello alone ("Hello, Anna
    speaking.", "Halo, Marek przy telefonie.") or goes on to their own business ("Hi, Anna speaking, I have a question
    about my bill"). Said as the call's first turn, it is the company's alone (:func:`formula_score`); a customer
    naming the company asks for no help of their own.

    Example:
        >>> answers_the_call("Medicus Plus, dzień dobry, w czym mogę pomóc?")
        True
        >>> answers_the_call("Medicus Plus, good morning, Marta speaking."), answers_the_call("Anna speaking, how can I help?")
        (True, True)
        >>> answers_the_call("Dzień dobry, w czym mogę pomóc?"), answers_the_call("Dzień dobry, dzwonię do Medicus Plus.")
        (False, False)
        >>> answers_the_call("Hello, Anna speaking."), answers_the_call("Hi, Anna speaking, I have a question about my bill")
        (False, False)
    """
    folded = fold(text)
    offers = _says(_pattern("greeting"), folded)
    if answers_by_name(text):
        return offers or _names_the_company(text, brand)
    return offers and _says(_hello(), folded) and _names_the_company(text, brand)


def formula_score(texts: list[str], brand: tuple[str, ...] = (), opens: bool = False) -> tuple[int, bool]:
    """How many of one speaker's turns carry a company formula (in the first two turns a greeting on its behalf; anywhere
    a request or a closing), or a self-introduction (in the first two turns, "my name is" or answering by name,
    :func:`answers_by_name`: a customer picking up does so too), and whether one is more than a self-introduction;
    the call's first turn answering it for the company (:func:`answers_the_call`) counts twice: it suffices.

    Args:
        texts: The speaker's turns in order.
        brand: The company's names (brand accounts, domains, agent names): in a first turn, a greeting.
        opens: The speaker's first turn is the call's first.

    Example:
        >>> formula_score(["Квадрат, служба поддержки, Ольга, здравствуйте. Слушаю вас", "Назовите пожалуйста ФИО",
        ...                "Да, вернутся. Могу я ещё чем-то помочь?"])
        (3, True)
        >>> formula_score(["Здравствуйте, меня зовут Дмитрий, у меня завис перевод", "нет, спасибо"])
        (1, False)
        >>> formula_score(["Medicus Plus, dzień dobry, w czym mogę pomóc?", "Parking jest w podwórzu."], opens=True)
        (2, True)
        >>> formula_score(["Hello, Anna speaking.", "Oh yes, what about it?"], opens=True)
        (1, False)
    """
    greeting, intro = _pattern("greeting", brand), _pattern("introduction")
    anywhere = [_pattern("request"), _pattern("closing")]
    score, company = 0, False
    for i, text in enumerate(texts):
        f = fold(text)
        answers = i == 0 and opens and answers_the_call(text, brand)
        strong = answers or (i < _FIRST_TURNS and _says(greeting, f)) or any(_says(p, f) for p in anywhere)
        if strong or (i < _FIRST_TURNS and (_says(intro, f) or answers_by_name(text))):
            score += 2 if answers else 1
            company = company or strong
    return score, company


def company_speakers(turns: Iterable[tuple[str, str]], speakers: list[str], brand: Iterable[str] = ()) -> list[str]:
    """The speakers who speak for the company, by the formulas of :data:`FORMULAS_PATH`.

    Each speaker's :func:`formula_score` is counted over the transcript (the call's first turn answering it for the
    company counts twice); from the highest down, a speaker is the company's while the score is at least 2, carries
    more than a self-introduction, and is at least twice the best score of the speakers below (so an operator who hands the call to a colleague leaves two). None is found when
    the scores are close: nothing tells the speakers apart.

    Args:
        turns: ``(speaker, text)`` of the transcript, in order.
        speakers: The speakers to tell apart (those no name or label decided).
        brand: The company's names (:func:`formula_score`).

    Example:
        >>> company_speakers([("Speaker 1", "Квадрат, служба поддержки. Слушаю вас"), ("Speaker 2", "перевод завис"),
        ...                   ("Speaker 1", "Продиктуйте пожалуйста номер карты"), ("Speaker 2", "4276 …")],
        ...                  ["Speaker 1", "Speaker 2"])
        ['Speaker 1']
    """
    turns = list(turns)
    by: dict[str, list[str]] = {s: [] for s in speakers}
    for s, text in turns:
        if s in by:
            by[s].append(text)
    names = tuple(brand)
    first = turns[0][0] if turns else ""   # who opens the call
    scored = sorted(((*formula_score(texts, names, opens=s == first), s) for s, texts in by.items()),
                    key=lambda x: -x[0])
    out = []
    for i, (score, company, s) in enumerate(scored):
        below = max((x[0] for x in scored[i + 1:]), default=0)
        if score < _MIN_SCORE or not company or score < _MARGIN * below:
            break
        out.append(s)
    return out


def company_names(cfg: IngestConfig) -> tuple[str, ...]:
    """The names the company answers the phone with, from the config: brand accounts, agents' names and the
    e-mail domains' names.

    Example:
        >>> company_names(IngestConfig(company_domains=["kvadrat.app"], brand_authors=["Sofino Official"]))
        ('Sofino Official', 'kvadrat')
    """
    domains = (d.strip().lstrip("@").split(".")[0] for d in cfg.company_domains)
    return tuple(dict.fromkeys(n for n in (*cfg.brand_authors, *cfg.agent_names, *domains) if n.strip()))


def is_call_path(rel: str | PurePosixPath) -> bool:
    """True for a file whose name or folder says it is a support call: a folder named in ``[call_names]``
    ("calls/", "звонки/", "rozmowy/"), or a file name that starts with one ("call_2025-01-09_1169.txt").

    Example:
        >>> is_call_path("calls/2025-01-09.txt"), is_call_path("call_0042.txt"), is_call_path("interviews/callum.txt")
        (True, True, False)
    """
    names = set(_table(str(FORMULAS_PATH))["call_names"])
    parts = PurePosixPath(rel).parts
    if any(fold(p) in names for p in parts[:-1]):
        return True
    stem = fold(PurePosixPath(rel).stem.replace("_", " "))
    return any(stem == n or stem.startswith(n + " ") for n in names)
