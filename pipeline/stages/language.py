"""Tag each segment's language among the configured ones (lingua, restricted; script hints first).

Cyrillic text is Russian, and text where at least ``PL_SHARE`` of the words carry Polish diacritics
is Polish, without asking the model (fast and right for this language set); other texts go to
lingua restricted to ``[language] languages``. A few Polish words do not make a text Polish: "I paid
99 zł to carry it up to the flat on Puławska" is an English-speaking customer in Poland (the sample
corpus had 21 such turns tagged Polish, which gave their themes Polish stop-word "key phrases" such
as "else could" and kept them out of the English quotes). Texts too short to tell (fewer than 3
letters) get ``[language] default``.

``run_rows`` reads each text on its own (cached by content, may run on partitions); ``finalize``
(whole table) then gives a turn that cannot tell its language itself the language of its document:
"да", "ok", an order number "KW/2026/04/1187", or a few words lingua reads without script cues
("Mentor i portfolio.", "Na Black Friday." in a Polish interview, which lingua called English). See
:func:`document_languages`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from pipeline.text import IDENTIFIER
from pipeline.translit import looks_translit

NAME = "language"
VERSION = "6"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('language', 'run')
REQUIRES = ("text",)
ASSIGNS = ("lang",)
PER_ROW = True  # may run on partitions (Dask executor)

_CYR = re.compile(r"[\u0400-\u04FF]")
_LAT = re.compile(r"[A-Za-z\u00C0-\u024F]")
_PL = re.compile(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]")
_WORDS = re.compile(r"\w+")
_LATIN_NAME = re.compile(r"\b[A-Z][A-Za-z]*\b")  # "Black", "Friday", "WB": names in a Cyrillic sentence
# Share of words with Polish diacritics above which a Latin-script text is Polish without lingua.
# In the gold and dev sets (525 Polish texts) 5% of Polish texts fall below 0.12 and lingua reads all
# of those right; English texts naming a Polish street, town or price stay well below it (<= 0.08).
PL_SHARE = 0.15
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")
_LINGUA = {"en": "ENGLISH", "pl": "POLISH", "ru": "RUSSIAN"}
SHORT_WORDS = 3  # a text of at most this many words, without script cues, cannot tell its language
DOC_SHARE = 2 / 3  # share of a document's decided texts that makes its language


@lru_cache(maxsize=4)
def _detector(langs: tuple[str, ...]):
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*[getattr(Language, _LINGUA[l]) for l in langs]).build()


def _pl_share(text: str) -> float:
    if not _PL.search(text):
        return 0.0
    words = _WORDS.findall(text)
    # "zł" is the currency's symbol, written so in any language ("149 zł", "99 zł (approx. 23 EUR)")
    return sum(1 for w in words if _PL.search(w) and w.lower() != "zł") / max(len(words), 1)


def _by_script(text: str, langs: tuple[str, ...]) -> str | None:
    """The language the script alone decides (Cyrillic, Polish diacritics, Russian spelt in Latin
    letters: :func:`pipeline.translit.looks_translit`), or None.

    In a Cyrillic sentence, capitalised Latin words are names ("Когда будет Black Friday?", "заказала на
    Wildberries"), not English: they do not count against the Cyrillic letters.

    Example:
        >>> [_by_script(t, ("en", "pl", "ru")) for t in ["Когда будет Black Friday?", "спасибо, the delivery was fast",
        ...                                             "privet, gde moy zakaz?"]]
        ['ru', None, 'ru']
    """
    n_cyr, n_lat = len(_CYR.findall(text)), len(_LAT.findall(text))
    if n_cyr and n_lat >= n_cyr:
        n_lat -= sum(len(w) for w in _LATIN_NAME.findall(text))
    if "ru" in langs and n_cyr > n_lat:
        return "ru"
    if "pl" in langs and n_lat > n_cyr and _pl_share(text) >= PL_SHARE:
        return "pl"
    if "ru" in langs and not n_cyr and looks_translit(text):
        return "ru"   # "privet, gde moy zakaz?": Russian in Latin letters, which lingua reads as en / pl
    return None


def undecided(text: str, langs: tuple[str, ...], max_words: int = SHORT_WORDS) -> bool:
    """True when a text cannot tell its language itself: fewer than 3 letters once placeholders and
    order numbers are removed, or at most ``max_words`` words that no script cue decides.

    Example:
        >>> [undecided(t, ("en", "pl", "ru")) for t in ["да", "SOF-2026-1", "Na Black Friday.", "Где мой диван?"]]
        [True, True, True, False]
    """
    if len(text) > 60 and text.count(" ") > 2 * max_words:
        return False   # a sentence or more: most texts leave here, cheaply
    t = IDENTIFIER.sub(" ", _PLACEHOLDER.sub(" ", text))
    if len(_CYR.findall(t)) + len(_LAT.findall(t)) < 3:
        return True
    return _by_script(t, langs) is None and len(_WORDS.findall(t)) <= max_words


def document_languages(frame: pd.DataFrame, langs: list[str], share: float = DOC_SHARE) -> pd.Series:
    """``lang`` with each undecided text (:func:`undecided`) given its document's language.

    The document's language is the one at least ``share`` of its decided texts of the same side
    (customer, or the company's turns) are in, else of all its decided texts; without one, and in a
    document of one text, the text keeps the language it was given.
    """
    lang = frame["lang"].astype(str).to_numpy().copy()
    if "doc_id" not in frame or not len(frame):
        return pd.Series(lang, index=frame.index)
    key = tuple(sorted(set(langs)))
    und = np.array([undecided(str(t), key) for t in frame["text"]])
    if not und.any():
        return pd.Series(lang, index=frame.index)
    doc = frame["doc_id"].astype(str).to_numpy()
    side = (frame["is_customer"].fillna(False).astype(bool).to_numpy() if "is_customer" in frame
            else np.zeros(len(frame), bool))
    decided = pd.DataFrame({"doc": doc, "side": side, "lang": lang})[~und]

    def majority(keys: list[str]) -> dict:
        counts = decided.groupby(keys + ["lang"]).size()
        top = counts[counts >= share * counts.groupby(level=keys).transform("sum")]
        return {k[:-1] if len(keys) > 1 else k[0]: k[-1] for k in top.index}

    by_side, by_doc = majority(["doc", "side"]), majority(["doc"])
    for i in np.flatnonzero(und):
        got = by_side.get((doc[i], side[i])) or by_doc.get(doc[i])
        if got:
            lang[i] = got
    return pd.Series(lang, index=frame.index)


def detect_languages(texts: list[str], languages: list[str], default: str) -> list[str]:
    """Language code per text, among ``languages``; ``default`` when a text is too short to tell.

    Example:
        >>> detect_languages(["Gdzie jest moja sofa?", "Где мой диван?", "Where is my sofa?"], ["en", "pl", "ru"], "en")
        ['pl', 'ru', 'en']
    """
    langs = tuple(sorted(set(languages)))
    out: list[str | None] = []
    ask: list[int] = []
    for i, t in enumerate(texts):
        t = _PLACEHOLDER.sub(" ", t)
        n_cyr, n_lat = len(_CYR.findall(t)), len(_LAT.findall(t))
        if n_cyr and not n_lat and "ru" in langs:
            out.append("ru")   # "да", "ок": Cyrillic is Russian here, however short
        elif n_cyr + n_lat < 3:
            out.append(default)
        elif script := _by_script(t, langs):
            out.append(script)
        elif len(langs) == 1:
            out.append(langs[0])
        else:
            out.append(None)
            ask.append(i)
    if ask:
        det = _detector(langs)
        results = det.detect_languages_in_parallel_of([_PLACEHOLDER.sub(" ", texts[i]) for i in ask])
        code = {getattr(__import__("lingua").Language, v): k for k, v in _LINGUA.items()}
        for i, r in zip(ask, results):
            out[i] = code.get(r, default) if r is not None else default
    return out  # type: ignore[return-value]


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    return finalize(run_rows(segments, ctx), ctx)


def finalize(out: pd.DataFrame, ctx) -> pd.DataFrame:
    """Undecided texts take their document's language (see :func:`document_languages`)."""
    out = out.copy()
    out["lang"] = document_languages(out, ctx.cfg.language.languages)
    return out


def run_rows(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    """Language per text on its own (script cues, then lingua), cached by content."""
    from pipeline.cache import ResultCache, cached_map, text_key
    from pipeline.checkpoints import code_hash
    from pipeline.config import config_hash

    langs, default = ctx.cfg.language.languages, ctx.cfg.language.default
    cache = None
    if ctx.cfg.run.cache_dir:
        # the code hash covers this module and the lingua version (package versions)
        ns = config_hash([sorted(langs), default, code_hash((f"stages/{NAME}.py", "text.py", "translit.py",
                                                              "resources/translit_ru.txt"))])
        cache = ResultCache(ctx.cfg.run.cache_dir, f"{NAME}|{VERSION}|{ns}")
    try:
        res, stats = cached_map(segments["text"].tolist(), lambda t: detect_languages(t, langs, default), text_key, cache)
    finally:
        if cache is not None:
            cache.close()
    ctx.stats.setdefault(NAME, {}).update(stats)
    out = segments.copy()
    out["lang"] = res
    return out
