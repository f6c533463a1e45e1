"""Russian written in Latin letters ("privet, gde moi zakaz?"): recognise it and spell it in Cyrillic.

Customers on phones without a Cyrillic keyboard, and in Poland or the UK, often write Russian in
Latin letters. Lingua reads such a text as English or Polish, and the sentence encoder places it
far from the same complaint in Cyrillic, so it joined no Russian theme and no Polish or English one
either. :func:`looks_translit` recognises it by the Russian words it spells (only words that are
neither Polish nor English: "gde", "zakazal", "pochemu", not "na", "tak", "do" or "zakaz"); :func:`to_cyrillic`
spells it back in Cyrillic for the models (the customer's own words stay as written in every
output).

The word list is ``resources/translit_ru.txt`` (``latin=кириллица`` there spells a word the letters
cannot tell: "eto" это, "dengi" деньги); the letter table follows the common informal spellings
(``zh``/``j`` ж, ``sh`` ш, ``ch``/``4`` ч, ``ya``/``ja`` я, a final ``iy``/``yy`` ий/ый).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_RESOURCE = Path(__file__).parent / "resources" / "translit_ru.txt"
_WORD = re.compile(r"(?:[A-Za-z]|4(?=[a-z]))[A-Za-z4']*")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_A-Za-z]")  # Cyrillic, Polish diacritics, ...
MIN_HITS = 2  # distinct Russian-only words a longer text must spell
MIN_SHARE = 0.25  # of its words
SHORT = 3  # a text of at most this many words needs one hit that makes up a third of it


@lru_cache(maxsize=1)
def _resource() -> tuple[frozenset[str], dict[str, str]]:
    words, spelt = set(), {}
    for line in _RESOURCE.read_text(encoding="utf-8").splitlines():
        for tok in line.split("#")[0].split():
            lat, _, cyr = tok.partition("=")
            if cyr:
                spelt[lat] = cyr   # a spelling only: "kurier=курьер" is a Polish word too, no sign of Russian
            else:
                words.add(lat)
    return frozenset(words), spelt


def translit_words() -> frozenset[str]:
    """Russian words in their usual Latin spellings that no Polish or English text uses."""
    return _resource()[0]


def looks_translit(text: str) -> bool:
    """True when a Latin-script text is Russian spelt in Latin letters.

    Example:
        >>> [looks_translit(t) for t in ["privet, gde moi zakaz?", "Gdzie jest moje zamówienie?",
        ...                              "where is my order", "spasibo"]]
        [True, False, False, True]
    """
    text = str(text)
    if _NON_ASCII_LETTER.search(text):
        return False
    words = [w.lower().strip("'") for w in _WORD.findall(text)]
    if not words:
        return False
    vocab = translit_words()
    hits = [w for w in words if w in vocab]
    if len(words) <= SHORT:
        return bool(hits)
    return len(set(hits)) >= MIN_HITS and len(hits) / len(words) >= MIN_SHARE


# longest spellings first; applied left to right within each word
_MULTI = [("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"),
          ("yu", "ю"), ("ju", "ю"), ("ya", "я"), ("ja", "я"), ("yo", "ё"), ("jo", "ё"), ("ye", "е"),
          ("iya", "ия"), ("iy", "ий"), ("yy", "ый"), ("4", "ч"), ("'", "ь")]
_SINGLE = dict(zip("abvgdezijklmnoprstufhcyqwx", "абвгдезийклмнопрстуфхцыквкс"))
_VOWELS = set("aeiouy")


def _word_to_cyrillic(word: str) -> str:
    low = word.lower()
    if low in _resource()[1]:  # a spelling the letters cannot tell: "eto" это, "dengi" деньги
        cyr = _resource()[1][low]
        return cyr.capitalize() if word[:1].isupper() else cyr
    out, i = [], 0
    while i < len(low):
        for lat, cyr in _MULTI:
            if low.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            ch = low[i]
            # a "y" or "j" after a vowel closes the syllable ("moy" мой, "seychas" сейчас), as does
            # a final "i" ("kartoi" картой)
            if i and low[i - 1] in _VOWELS and (ch in "yj" or ch == "i" and i == len(low) - 1):
                out.append("й")
            else:
                out.append(_SINGLE.get(ch, ch))
            i += 1
    cyr = "".join(out)
    return cyr.capitalize() if word[:1].isupper() else cyr


def to_cyrillic(text: str) -> str:
    """Spell a transliterated Russian text in Cyrillic (numbers and punctuation kept).

    Example:
        >>> to_cyrillic("Privet, gde moy zakaz? Uzhe 2 chasa zhdu")
        'Привет, где мой заказ? Уже 2 часа жду'
    """
    return re.sub(r"(?:[A-Za-z]|4(?=[a-z]))[A-Za-z4']*", lambda m: _word_to_cyrillic(m.group()), str(text))


def model_text(text: str) -> str:
    """The text as the models and word rules should read it: in Cyrillic when it is transliterated
    Russian (:func:`looks_translit`), else unchanged.

    Example:
        >>> model_text("ne rabotaet prilozhenie"), model_text("the app does not work")
        ('не работает приложение', 'the app does not work')
    """
    text = str(text)
    return to_cyrillic(text) if looks_translit(text) else text

