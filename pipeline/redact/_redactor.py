"""Replace personal data in texts with typed placeholders like ``[EMAIL]``."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from pipeline.redact._config import ALL_TYPES, RedactConfig, own_patterns, own_terms
from pipeline.redact._names import NameFinder, word_forms
from pipeline.redact._patterns import Entity, find_structured, profile_handle

__all__ = ["Redactor", "guess_lang", "Entity", "term_pattern", "kept_words"]

_PRIORITY = {t: i for i, t in enumerate(ALL_TYPES)}
_CYR = re.compile(r"[\u0400-\u04FF]")
_LAT = re.compile(r"[A-Za-z\u00C0-\u024F]")
_PL_CHARS = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
_NOT_WORDS = re.compile(r"\S*(?:://|@|www\.)\S*")
# Function words that tell Polish written without diacritics ("dzien dobry, kiedy bedzie dostawa")
# from English; "i" counts for Polish only in lower case (English writes "I").
_PL_WORDS = re.compile(
    r"(?<!\w)(?:w|z|o|na|się|sie|nie|jest|że|ze|czy|jak|jakie|jaki|jaka|co|po|od|dla|przez|ale|tak|mam|masz|"
    r"są|sa|być|byc|był|byl|była|byla|bardzo|teraz|tylko|już|juz|też|tez|proszę|prosze|dzień|dzien|dobry|"
    r"dziękuję|dziekuje|zamówienie|zamowienie|pozdrawiam|mój|moj|moja|moje|jestem|kiedy|gdzie|będzie|bedzie|"
    r"można|mozna|się|pan|pani|nr|ul|czyli|więc|wiec|jeszcze|dlaczego|który|ktory|która|ktora)(?!\w)",
    re.IGNORECASE,
)
_PL_AND = re.compile(r"(?<!\w)i(?!\w)")  # lower-case only: English writes "I"
# Letter groups common in Polish words and rare in English ones (rz, cz, dz, -ych, -cji ...).
_PL_SPELLING = re.compile(r"\b\w*(?:rz|cz|dz|szcz)\w*|\b\w+(?:ych|cji|ami|owie|ość)\b", re.IGNORECASE)
_EN_WORDS = re.compile(
    r"(?<!\w)(?:the|and|is|are|was|were|to|of|for|my|you|your|it|not|have|has|with|this|that|on|in|be|can|"
    r"will|would|I|me|we|our|they|at|from|but|or|if|do|does|did|what|when|where|how|please|thanks|hi)(?!\w)",
    re.IGNORECASE,
)
_LANG_ALIASES = {"en": "en", "pl": "pl", "ru": "ru", "uk": "ru", "be": "ru"}


def guess_lang(text: str) -> str:
    """A quick en / pl / ru guess from the script and a few Polish words (redaction runs before ``language``).

    Example:
        >>> guess_lang("Где мой диван?"), guess_lang("Gdzie jest moja sofa?"), guess_lang("Where is my sofa?")
        ('ru', 'pl', 'en')
    """
    text = _NOT_WORDS.sub(" ", text)  # URLs and e-mails say nothing about the language
    n_cyr = len(_CYR.findall(text))
    if n_cyr and n_cyr >= len(_LAT.findall(text)):
        return "ru"
    if _PL_CHARS.search(text):
        return "pl"
    pl = len(_PL_WORDS.findall(text)) + len(_PL_SPELLING.findall(text)) + len(_PL_AND.findall(text))
    return "pl" if pl > len(_EN_WORDS.findall(text)) else "en"


# A keep word this long is looked for in its case forms too ("FitPunkt": "w FitPunkcie"); a shorter one only as written
_INFLECTED_KEEP = 4
_KEEP_WORD = re.compile(r"([^\W\d_]+)")


def _keep_entries(keep: Iterable[str]) -> list[str]:
    return sorted({k.strip() for k in keep if k.strip()}, key=len, reverse=True)


def _inflects(entry: str) -> bool:
    """An entry of words (a brand, a place), not an address or a domain ("kontakt@sofino.pl", "sofino.pl")."""
    return not re.search(r"[\d@./]", entry)


def term_pattern(keep: Iterable[str]) -> re.Pattern | None:
    """Terms (the ``[redact] keep`` entries, or those of an ``always`` placeholder) as one pattern of whole words,
    any case; each word of four letters or more of an entry of words also in its Polish or Russian case forms
    (:func:`pipeline.redact._names.word_forms`).

    Example:
        >>> [m.group() for m in term_pattern(["FitPunkt", "kontakt@fitpunkt.pl"]).finditer(
        ...     "Do FitPunktu, w FitPunkcie Wola; kontakt@fitpunkt.pl, FitPunktowy")]
        ['FitPunktu', 'FitPunkcie', 'kontakt@fitpunkt.pl']
    """
    alts = []
    for entry in _keep_entries(keep):
        if not _inflects(entry):
            alts.append(re.escape(entry))
            continue
        parts = _KEEP_WORD.split(entry)   # words at odd positions
        alts.append("".join(
            "(?:" + "|".join(re.escape(f) for f in sorted(word_forms(p) | {p.lower()}, key=len, reverse=True)) + ")"
            if i % 2 and len(p) >= _INFLECTED_KEEP else re.escape(p) for i, p in enumerate(parts)))
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE) if alts else None


def kept_words(keep: Iterable[str]) -> frozenset[str]:
    """The lower-case words :func:`term_pattern` keeps, case forms included: no known name of a speaker or a
    document may be one ("FitPunkt" speaking does not make "FitPunktu" a name).

    Example:
        >>> sorted(kept_words(["FitPunkt", "Kvi"]))
        ['fitpunkcie', 'fitpunkt', 'fitpunkta', 'fitpunktem', 'fitpunktowi', 'fitpunktu', 'kvi']
    """
    out: set[str] = set()
    for entry in _keep_entries(keep):
        out.add(entry.casefold())
        if _inflects(entry):
            out |= {f for w in _KEEP_WORD.findall(entry) for f in (word_forms(w) if len(w) >= _INFLECTED_KEEP else {w.lower()})}
    return frozenset(out)


# Words a company's handle adds to its name: keep = ["Meblex"] keeps instagram.com/meblex_official.
_HANDLE_EXTRAS = {"official", "oficjalny", "oficjalna", "shop", "store", "sklep", "pl", "ru", "uk", "com", "ua", "by", "kz"}


def _handle_key(handle: str) -> str:
    """A handle or a keep entry reduced for comparison: "@Meblex_Official" and "meblex" both give "meblex"."""
    words = [w for w in re.split(r"[\s._\-@]+", handle.lower()) if w and w not in _HANDLE_EXTRAS]
    return "".join(words)


class Redactor:
    """Find and replace personal data: e-mails, phones, cards, IBANs, national ids (PESEL, NIP, СНИЛС, ИНН, ИИН,
    passports, UK NI numbers), IP addresses, one-time codes / PINs / passwords said as numbers, member and customer
    numbers, dates of birth, URLs with secrets or to a person's profile, street addresses, UK postcodes and person
    names; and the business's own id shapes (``[redact] patterns``) and terms (``[redact] always``).

    A profile URL whose handle is a ``keep`` entry (a company's own page) stays.

    Args:
        cfg: The ``[redact]`` settings; defaults to :class:`RedactConfig`'s defaults.

    Example:
        >>> r = Redactor(RedactConfig(person_names=False))
        >>> r.redact("Call me on +48 601 234 567 or write to anna@example.com")
        ('Call me on [PHONE] or write to [EMAIL]', ['PHONE', 'EMAIL'])
    """

    def __init__(self, cfg: RedactConfig | None = None):
        self.cfg = cfg if cfg is not None else RedactConfig()
        self.cfg.validate()
        self._types = frozenset(self.cfg.types)
        self._names: NameFinder | None = None
        if self.cfg.person_names and "PERSON" in self._types:
            self._names = NameFinder(use_spacy=True, spacy_model=self.cfg.spacy_model)
        self._own = own_patterns(self.cfg.patterns)
        self._always = tuple((typ, term_pattern(terms)) for typ, terms in own_terms(self.cfg.always))
        self._keep = term_pattern(self.cfg.keep)
        self._kept_handles = {_handle_key(k) for k in self.cfg.keep} - {""}

    # ------------------------------------------------------------------ finding
    def find(self, text: str, lang: str | None = None, known_names: frozenset[str] = frozenset()) -> list[Entity]:
        """Non-overlapping entities in one text, sorted by position (see :meth:`find_many`)."""
        return self.find_many([text], [lang], [known_names])[0]

    def find_many(self, texts: Sequence[str], langs: Sequence[str | None] | None = None,
                  known_names: Sequence[frozenset[str]] | None = None) -> list[list[Entity]]:
        """Non-overlapping entities per text, sorted by position.

        Args:
            texts: Texts to scan.
            langs: ``en`` / ``pl`` / ``ru`` (``uk``, ``be`` count as ``ru``) per text; ``None`` or
                unknown codes are guessed from the script.
            known_names: Per text, the lower-case name tokens known to be people (e.g. its document's
                speakers); ``None``: none.

        Returns:
            One list of :class:`Entity` per text.
        """
        if not self.cfg.enabled:
            return [[] for _ in texts]
        langs = self._langs(texts, langs)
        found = [self._structured(text, lang) for text, lang in zip(texts, langs)]
        if self._names is not None:
            for (ents, _), names in zip(found, self._names.find_many(list(texts), langs, known_names)):
                ents.extend(names)
        return [_resolve(ents, prot, self._terms(text)) for text, (ents, prot) in zip(texts, found)]

    def add_known_names(self, text: str, lang: str | None, ents: Sequence[Entity], names: frozenset[str]) -> list[Entity]:
        """``ents`` (:meth:`find`'s entities of ``text``) with the spans of more known names: what :meth:`find`
        gives with ``names`` among its ``known_names``, without finding the rest again.

        Example:
            >>> r = Redactor()
            >>> text = "Carlos oddzwonił, tel. 601 234 567."
            >>> apply(text, r.find(text, "pl"))[0], apply(text, r.add_known_names(text, "pl", r.find(text, "pl"), frozenset({"carlos"})))[0]
            ('Carlos oddzwonił, tel. [PHONE].', '[PERSON] oddzwonił, tel. [PHONE].')
        """
        if self._names is None or not names or not self.cfg.enabled:
            return list(ents)
        lang = self._langs([text], [lang])[0]
        _, prot = self._structured(text, lang)
        return _resolve(list(ents) + self._names.find_known(text, names), prot, self._terms(text))

    def _structured(self, text: str, lang: str) -> tuple[list[Entity], list[tuple[int, int]]]:
        """Structured identifiers in ``text`` and the spans no name may touch (harmless URLs, ``keep`` words,
        kept profile links)."""
        ents, prot = find_structured(text, lang, self._types)
        ents += [Entity(m.start(), m.end(), typ) for typ, rx in self._own for m in rx.finditer(text)]
        if self._keep is not None:
            prot = prot + [(m.start(), m.end()) for m in self._keep.finditer(text)]
            prot += [(e.start, e.end) for e in ents if e.type == "URL" and self._kept_profile(text[e.start:e.end])]
        return ents, prot

    def _terms(self, text: str) -> list[Entity]:
        """The ``[redact] always`` terms in ``text``, typed by their placeholder."""
        return [Entity(m.start(), m.end(), typ) for typ, rx in self._always for m in rx.finditer(text)]

    def _kept_profile(self, url: str) -> bool:
        handle = profile_handle(url)
        return handle is not None and _handle_key(handle) in self._kept_handles

    # ------------------------------------------------------------------ replacing
    def redact(self, text: str, lang: str | None = None) -> tuple[str, list[str]]:
        """Replace personal data in one text.

        Args:
            text: The text.
            lang: ``en``, ``pl`` or ``ru``; guessed from the script when ``None``.

        Returns:
            ``(redacted_text, types)`` where ``types`` lists the placeholder types used, each once,
            in order of first appearance. With ``enabled = false`` the text comes back unchanged.
        """
        return self.redact_many([text], [lang])[0]

    def redact_many(self, texts: Sequence[str], langs: Sequence[str | None] | None = None,
                    known_names: Sequence[frozenset[str]] | None = None) -> list[tuple[str, list[str]]]:
        """Redact many texts at once (English names go through spaCy's ``nlp.pipe`` in one call).

        Args:
            texts: Texts to redact.
            langs: Language per text (see :meth:`find_many`), or ``None`` to guess each.
            known_names: Per text, lower-case name tokens known to be people (e.g. the table's speakers).

        Returns:
            ``(redacted_text, types)`` per input text, in input order.
        """
        if not self.cfg.enabled:
            return [(t, []) for t in texts]
        return [apply(text, ents) for text, ents in zip(texts, self.find_many(texts, langs, known_names))]

    @staticmethod
    def _langs(texts: Sequence[str], langs: Sequence[str | None] | None) -> list[str]:
        if langs is None:
            return [guess_lang(t) for t in texts]
        if len(langs) != len(texts):
            raise ValueError(f"langs has {len(langs)} items but texts has {len(texts)}; pass one language per text.")
        return [_LANG_ALIASES.get((l or "").lower()) or guess_lang(t) for t, l in zip(texts, langs)]


def apply(text: str, ents: Iterable[Entity]) -> tuple[str, list[str]]:
    """Replace non-overlapping entities (sorted by start) with ``[TYPE]`` placeholders."""
    parts, types, pos = [], [], 0
    for e in ents:
        parts.append(text[pos:e.start])
        parts.append(f"[{e.type}]")
        if e.type not in types:
            types.append(e.type)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), types


def _resolve(cands: list[Entity], protected: list[tuple[int, int]], terms: Sequence[Entity] = ()) -> list[Entity]:
    """Keep the best non-overlapping entities: higher-priority type first, then the longer span.

    A protected span (``[redact] keep``, a place where a place is expected ...) cancels a name it
    touches, but a structured identifier only when it covers all of it: the kept brand "Faktumi" must
    not keep an employee's address "paulina@faktumi.pl", while a kept "kontakt@sofino.pl" stays.
    A ``[redact] always`` term is redacted whatever is protected, with its own placeholder over the entities it
    overlaps too, so that none is cut short ("Jan [CLIENT]" would keep "Jan").

    Example:
        >>> _resolve([Entity(0, 12, "PERSON")], [], [Entity(4, 12, "CLIENT")])
        [Entity(start=0, end=12, type='CLIENT')]
    """
    def shielded(c: Entity) -> bool:
        if c.type == "PERSON":
            return any(c.start < pe and ps < c.end for ps, pe in protected)
        return any(ps <= c.start and c.end <= pe for ps, pe in protected)

    cands = [c for c in cands if c.end > c.start and not shielded(c)]
    cands.sort(key=lambda e: (_PRIORITY.get(e.type, _PRIORITY["ID"]), -(e.end - e.start), e.start))
    taken: list[Entity] = []
    for c in cands:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    for term in sorted(terms, key=lambda e: e.start - e.end):
        over = [t for t in taken if term.start < t.end and t.start < term.end]
        taken = [t for t in taken if t not in over]
        taken.append(Entity(min([term.start] + [t.start for t in over]), max([term.end] + [t.end for t in over]),
                            term.type))
    taken.sort(key=lambda e: e.start)
    # "[PERSON] [PERSON]" from two finders reads worse than one placeholder: merge neighbours.
    merged: list[Entity] = []
    for e in taken:
        if merged and merged[-1].type == e.type == "PERSON" and e.start - merged[-1].end <= 1:
            merged[-1] = Entity(merged[-1].start, e.end, "PERSON")
        else:
            merged.append(e)
    return merged
