"""Tag each segment's language among the configured ones (lingua, restricted; script hints first).

Cyrillic text is Russian, and text where at least ``PL_SHARE`` of the words carry Polish diacritics
is Polish, without asking the model (fast and right for this language set); other texts go to
lingua restricted to ``[language] languages``. A few Polish words do not make a text Polish: "I paid
99 zł to carry it up to the flat on Puławska" is an English-speaking customer in Poland (the sample
corpus had 21 such turns tagged Polish, which gave their themes Polish stop-word "key phrases" such
as "else could" and kept them out of the English quotes). Texts too short to tell (fewer than 3
letters) get ``[language] default``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

NAME = "language"
VERSION = "2"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('language', 'run')
REQUIRES = ("text",)
ASSIGNS = ("lang",)
PER_ROW = True  # may run on partitions (Dask executor)

_CYR = re.compile(r"[\u0400-\u04FF]")
_LAT = re.compile(r"[A-Za-z\u00C0-\u024F]")
_PL = re.compile(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]")
_WORDS = re.compile(r"\w+")
# Share of words with Polish diacritics above which a Latin-script text is Polish without lingua.
# In the gold and dev sets (525 Polish texts) 5% of Polish texts fall below 0.12 and lingua reads all
# of those right; English texts naming a Polish street, town or price stay well below it (<= 0.08).
PL_SHARE = 0.15
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")
_LINGUA = {"en": "ENGLISH", "pl": "POLISH", "ru": "RUSSIAN"}


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
        if n_cyr + n_lat < 3:
            out.append(default)
        elif "ru" in langs and n_cyr > n_lat:
            out.append("ru")
        elif "pl" in langs and n_lat > n_cyr and _pl_share(t) >= PL_SHARE:
            out.append("pl")
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
    from pipeline.cache import ResultCache, cached_map, text_key
    from pipeline.checkpoints import code_hash
    from pipeline.config import config_hash

    langs, default = ctx.cfg.language.languages, ctx.cfg.language.default
    cache = None
    if ctx.cfg.run.cache_dir:
        # the code hash covers this module and the lingua version (package versions)
        ns = config_hash([sorted(langs), default, code_hash((f"stages/{NAME}.py", "text.py"))])
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
