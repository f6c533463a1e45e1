"""Lexicon evidence for sentiment and emotions, with negation and hedging, in en / pl / ru.

The embedding heads read a text as a whole and are weak exactly where customers are subtle:
litotes ("not bad at all", "nie jest źle", "совсем неплохо"), hedges ("не то чтобы плохо") and
emotion words the training data barely has (suspicion, trust). This module turns a text into a few
numbers the model uses beside the embedding:

* ``polarity``: sum of word polarities, a negated word flipped (a negated negative word counts as
  a weak positive, "not good" as a negative), a positive word after an excess ("too", "zbyt", "слишком": the lexicon's
  ``excess``) counted as negative ("The placement test is way too easy"), damped when the text hedges;
* ``no_complaint``: True when a complaint or a fault is denied ("no complaints", "nie mam zastrzeżeń",
  "претензий к качеству нет", "не линяет и не садится"), nothing negative stands un-negated and the text
  neither turns ("No complaints so far, but …") nor wishes ("…, но хорошо бы добавить …"): a customer
  saying so is satisfied, not merely "not unhappy";
* ``litotes``: True when a negative word is negated and nothing negative stands un-negated, and the text
  is no such denied complaint: each text gets one of the two corrections (``litotes``: mild praise;
  ``no_complaint``: satisfaction), never both;
* ``complains``: True when a complaint phrase stands ("never again", "nic się nie zmieniło", "списали дважды", or a
  pair of words that complain together: a wait and a span of time, "czekałem 45 minut", "ждали монтажника весь день";
  a price and a rise, "абонплата выросла на 40%"; cold food, "zimna pizza"; "again" and a failure, "опять опоздали"),
  no question ("If it doesn't work out, can I cancel?") and no positive word, or positive words that are sarcasm, or
  praise that turns, in at most :data:`SHORT_PHRASE` words, to a fault (detection's ``turns_to_complaint`` after praise:
  "Nice shoes, but tight", "Ładne buty, ale ciasne", "…but at night you're on your own"): the customer complains,
  however plain or upbeat the rest reads to the embedding;
* ``complaint_fact``: True when a complaint pair stands (a wait with its length, a price with its rise, cold food,
  "again" and a failure), whatever else the text says, unless the lexicon's ``excuses`` excuse it: a remedy received
  ("had a full refund", "miałam zwrot", "вернули деньги"), a wait worth it ("worth it", "warto było", "стоило того") or
  offered ("I can wait a day or two", "mogę poczekać");
* ``states_fault``: True when a negative word stands and nothing positive, with no hedge, turn, wish or question
  ("Pricing per seat is a problem for retail", "Zamiana zmian jest strasznie zagmatwana", "В итоге мы неделю вручную
  вносили людей"): a fault told calmly, as interviewees tell them, is a complaint however flat it reads;
* ``sarcasm``: True when positive words stand beside a complaint fact or an irony mark (the lexicon's ``irony_marks``:
  an eye-roll or upside-down face, "still waiting", "czekam dalej", "жду дальше"), with no turn ("but", "ale", "но")
  and no question ("ну спасибо, отличный сервис, ждал 2 часа", "Amazing service, well done 🙄", "Super, dziękuję 🙃
  czekam dalej"): praise beside a fact or a mark it does not turn from is ironic;
* ``short_praise``: True when a phrase of at most :data:`SHORT_PHRASE` words per unit of positive weight (one word's
  worth: six words, two words' worth or more: twelve, :data:`_SHORT_PRAISE_WORDS`) holds a positive word and nothing negative, negated, hedged, turned, wished
  or asked, and is no sarcasm ("Nieskazitelna czystość.", "Apartament wysprzątany na błysk.", "Безупречно чистая
  квартира.", "Obsługa na infolinii bardzo uprzejma, konkretna rozmowa."): in so few words for its praise the embedding
  reads a prefix ("nie-", "не-"), one rare word or the topic ("infolinia", a hotline: complaints) for the whole text,
  where the lexicon reads the words;
* ``cues``: per cx label, how many un-negated cue words fire.

The lexicon (``pipeline/resources/affect/lexicon.json``) is hand-written; a word ending in ``*`` matches by
prefix, entries with spaces match word sequences.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.detect import has_contrast, is_request, takes_a_side, turns_to_complaint

__all__ = ["LexiconEvidence", "Lexicon", "load_lexicon", "lexicon_lang", "text_evidence", "LEXICON_PATH",
           "sentiment_features", "N_SENTIMENT_FEATURES", "EVIDENCE_MEMO", "SHORT_PHRASE", "headed_bodies"]

LEXICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "affect" / "lexicon.json"

# Apostrophes are dropped so that "don't", "don’t" and "dont" are one token; punctuation is kept
# as tokens because a clause break ends the reach of a negator.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[.!?;:,()]+", re.UNICODE)
_CLAUSE_END = set(".!?;:,()")
_NEG_WINDOW = 3  # a negator reaches this many words ahead ("not at all bad", "nie jest wcale zły")
_PAIR_REACH = 4  # the words of a complaint pair stand at most this many words apart ("ждали монтажника весь день")
SHORT_PHRASE = 6  # words of a short phrase (a title, a turn; plain praise per positive word) the lexicon reads surer
_SHORT_PRAISE_WORDS = 2 * SHORT_PHRASE  # plain praise has at most this many words, however much it praises


def _tokens(text: str) -> list[str]:
    return [t.lower().replace("'", "").replace("’", "") for t in _WORD.findall(text)]


@dataclass
class LexiconEvidence:
    """What the lexicon found in one text."""

    polarity: float = 0.0
    positive: float = 0.0
    negative: float = 0.0
    feeling: float = 0.0  # of ``negative``, the weight of words that tell a sad feeling, not a fault ("sad", "smutno")
    negated_negative: int = 0
    negated_positive: int = 0
    hedged: bool = False
    litotes: bool = False
    no_complaint: bool = False
    all_negated: bool = False  # something negative negated, nothing negative standing: litotes or no_complaint
    complains: bool = False  # a complaint phrase ("never again", "nic się nie zmieniło") and no positive word, or sarcasm
    complaint_fact: bool = False  # a complaint pair: a wait with its length, a price with its rise, cold food, "again" + a failure
    sarcasm: bool = False  # positive words beside a complaint fact or an irony mark, no turn, no question ("well done 🙄")
    states_fault: bool = False  # a negative word, nothing positive, no hedge, turn, wish or question ("Największy problem to brak SSO")
    short_praise: bool = False  # a few words per positive one, nothing else the lexicon reads ("Nieskazitelna czystość.")
    cues: dict[str, int] = field(default_factory=dict)


def _entry_words(entry: str) -> list[str]:
    """The words of a lexicon entry as a text is read; any word ending in ``*`` is a prefix ("zablokował* przez bank"
    matches "zablokowałam przez bank" and "zablokowałem przez bank"); a comma between words is read as a text's comma
    ("чудо, если" matches "это просто чудо, если повезёт", not "чудо если").

    Example:
        >>> _entry_words("zablokował* przez bank"), _entry_words("can't complain"), _entry_words("cud, jeśli")
        (['zablokował*', 'przez', 'bank'], ['cant', 'complain'], ['cud', ',', 'jeśli'])
    """
    out = []
    for part in entry.split():
        words = [w for w in _tokens(part.rstrip("*")) if w == "," or w not in _CLAUSE_END and w[0] not in _CLAUSE_END]
        if words and part.endswith("*"):
            words[-1] += "*"
        out += words
    while out and out[-1] == ",":
        out.pop()
    return out


class _Matcher:
    """Matches single words (exact or prefix) and word sequences against a token list."""

    def __init__(self, entries):
        self.exact: dict[str, object] = {}
        self.prefix: dict[str, object] = {}
        self.phrases: list[tuple[list[str], object]] = []
        items = entries.items() if isinstance(entries, dict) else ((e, 1.0) for e in entries)
        for raw, value in items:
            words = _entry_words(raw)
            if not words:
                continue
            star = words[-1].endswith("*")
            if len(words) > 1:
                # "can't complain" and "cant complain" are one phrase once apostrophes go: counted once
                if all(w != words for w, _ in self.phrases):
                    self.phrases.append((words, value))
            elif star:
                self.prefix[words[0][:-1]] = value
            else:
                self.exact[words[0]] = value
        self._by_first: dict[str, list] = {}
        self._star_first: list = []
        for words, value in self.phrases:
            if words[0].endswith("*"):
                self._star_first.append((words, value))
            else:
                self._by_first.setdefault(words[0], []).append((words, value))
        # Longest stem first; looking stems up by length keeps matching O(#lengths) per token.
        self._lengths = sorted({len(k) for k in self.prefix}, reverse=True)

    @staticmethod
    def _word_match(pattern: str, token: str) -> bool:
        return token.startswith(pattern[:-1]) if pattern.endswith("*") else token == pattern

    def word(self, token: str):
        if token in self.exact:
            return self.exact[token]
        for n in self._lengths:
            if n <= len(token) and token[:n] in self.prefix:
                return self.prefix[token[:n]]
        return None

    def _phrase_at(self, toks: list[str], i: int, words: list[str]) -> bool:
        n = len(words)
        return i + n <= len(toks) and all(self._word_match(w, x) for w, x in zip(words, toks[i:i + n]))

    def spans(self, toks: list[str]) -> list[tuple[int, int, object]]:
        """All matches as (start, end, value); phrases first, then single words not inside a phrase."""
        out, covered = [], set()
        if self.phrases:
            for i, t in enumerate(toks):
                for words, value in self._by_first.get(t, []) + self._star_first:
                    if self._phrase_at(toks, i, words):
                        out.append((i, i + len(words), value))
                        covered.update(range(i, i + len(words)))
        for i, t in enumerate(toks):
            if i in covered:
                continue
            v = self.word(t)
            if v is not None:
                out.append((i, i + 1, v))
        return out


class Lexicon:
    """The lexicon of one language.

    Args:
        spec: The language's block of ``lexicon.json``.
        lang: Its language (en | pl | ru): detection's rules read a part of a text in it (:func:`turns_to_complaint`).
    """

    def __init__(self, spec: dict, lang: str = ""):
        self.lang = lang
        self.negators = _Matcher(spec.get("negators", []))
        self.litotes_int = _Matcher(spec.get("litotes_intensifiers", []))
        self.hedges = _Matcher(spec.get("hedges", []))
        self.polarity = _Matcher(spec.get("polarity", {}))
        self.pos_phrases = _Matcher(spec.get("positive_phrases", []))
        self.neg_phrases = _Matcher(spec.get("negative_phrases", []))
        marks = spec.get("irony_marks", [])
        self.irony = _Matcher(marks)  # its phrases ("still waiting", "жду дальше"); an emoji is no word to match
        self.irony_emoji = tuple(m for m in marks if not _entry_words(m))
        self.cues = {label: _Matcher(words) for label, words in spec.get("cues", {}).items()}
        self.complaints = _Matcher(spec.get("complaints", []))
        self.complaint_denials = _Matcher(spec.get("complaint_denials", []))
        self.complaint_bridge = _Matcher(spec.get("complaint_bridge", []))
        self.complaint_denials_after = _Matcher(spec.get("complaint_denials_after", []))
        self.complaint_pairs = [(_Matcher(first), _Matcher(second)) for first, second in spec.get("complaint_pairs", [])]
        self.feelings = _Matcher(spec.get("feelings", []))
        self.reliefs = [(_Matcher(first), _Matcher(second)) for first, second in spec.get("reliefs", [])]
        self.pair_fillers = _Matcher(spec.get("pair_fillers", []))
        self.pair_cancels = _Matcher(spec.get("pair_cancels", []))
        self.excuses = _Matcher(spec.get("excuses", []))
        self.excess = _Matcher(spec.get("excess", []))

    @staticmethod
    def _negated(toks: list[str], start: int, neg_positions: list[int]) -> bool:
        """A negator within the window before ``start``, with no clause break in between."""
        for p in neg_positions:
            if start - _NEG_WINDOW <= p < start and not any(t in _CLAUSE_END for t in toks[p + 1:start]):
                return True
        return False

    def denied_complaints(self, toks: list[str], neg_pos: list[int]) -> list[tuple[int, int]]:
        """Spans of complaint words that are denied: a negator or a denial ("no", "zero", "никаких") before
        them, with only bridge words between ("haven't heard a single complaint", "nie ma się do czego
        przyczepić"), or a denial up to two words after them ("претензий к качеству нет").

        Example:
            >>> lex = load_lexicon()["ru"]
            >>> toks = _tokens("Претензий к качеству нет")
            >>> lex.denied_complaints(toks, [s for s, _, _ in lex.negators.spans(toks)])
            [(0, 1)]
        """
        before = set(neg_pos) | {s for s, _, _ in self.complaint_denials.spans(toks)}
        complaints = self.complaints.spans(toks)
        bridge = {s for s, _, _ in self.complaint_bridge.spans(toks)} | {s for s, _, _ in complaints}
        after = {s for s, _, _ in self.complaint_denials_after.spans(toks)}
        out = []
        for s, e, _ in complaints:
            i = s - 1
            while i >= 0 and i not in before and i in bridge and s - i <= _NEG_WINDOW + 1:
                i -= 1
            denied_before = i >= 0 and i in before
            ahead = toks[e:e + 3]
            stop = next((k for k, t in enumerate(ahead) if t in _CLAUSE_END), len(ahead))
            if denied_before or any(e + k in after for k in range(stop)):
                out.append((s, e))
        return out

    def paired_complaints(self, toks: list[str], neg_pos: list[int]) -> list[tuple[int, int]]:
        """Spans of complaint pairs: a word of each list of a ``complaint_pairs`` entry, in either order, at most
        :data:`_PAIR_REACH` words apart in one clause, fillers not counted (:meth:`_pair_words`: "we waited, all in all,
        almost three weeks"), neither negated nor cancelled (a word of ``pair_cancels`` up to
        two words before it: "only five minutes", "tylko pięć minut", "всего пять минут"; numbers are no tokens:
        "czekałem 45 minut" reads "czekałem minut"). "Nie czekałem ani minuty" and "cena nie wzrosła" are no complaint.

        Example:
            >>> lex = load_lexicon()["ru"]
            >>> toks = _tokens("Ждали монтажника весь день, так никто и не приехал")
            >>> lex.paired_complaints(toks, [s for s, _, _ in lex.negators.spans(toks)])
            [(0, 4)]
            >>> lex.paired_complaints(_tokens("Ждал всего пять минут"), [])
            []
        """
        return [(s, e) for s, e, cancelled in self._pairs(toks, neg_pos) if not cancelled]

    def short_waits(self, toks: list[str], neg_pos: list[int]) -> list[tuple[int, int]]:
        """Spans of complaint pairs a ``pair_cancels`` word cancels: a wait or a rise said to be small ("The wait was
        only five minutes", "Czekałam tylko pięć minut", "Ждал всего пять минут"), a good sign.

        Example:
            >>> lex = load_lexicon()["pl"]
            >>> lex.short_waits(_tokens("Czekałam tylko pięć minut"), [])
            [(0, 4)]
        """
        return [(s, e) for s, e, cancelled in self._pairs(toks, neg_pos) if cancelled]

    def _pairs(self, toks: list[str], neg_pos: list[int]) -> list[tuple[int, int, bool]]:
        """Complaint pairs (see :meth:`paired_complaints`) as (start, end, cancelled by a ``pair_cancels`` word).
        Reach is counted in the words that are left once :meth:`_pair_words` drops fillers."""
        out = []
        kept = self._pair_words(toks)
        at = {k: n for n, k in enumerate(kept)}  # token index -> position among the kept words
        short = [toks[k] for k in kept]
        cancels = {at[s] for s, _, _ in self.pair_cancels.spans(toks) if s in at}
        for first, second in self.complaint_pairs:
            a, b = ([at[s] for s, _, _ in m.spans(toks) if s in at and not self._negated(toks, s, neg_pos)]
                    for m in (first, second))
            for i in a:
                near = [j for j in b if 0 < abs(j - i) <= _PAIR_REACH
                        and not any(t in _CLAUSE_END for t in short[min(i, j) + 1:max(i, j)])]
                if near:
                    out.append((kept[min(i, near[0])], kept[max(i, near[0])] + 1,
                                bool(cancels & {i - 1, i - 2, near[0] - 1, near[0] - 2})))
        return out

    def relieved(self, toks: list[str]) -> list[tuple[int, int, float]]:
        """Spans of a burden lifted, positive phrases: a word of the first list of a ``reliefs`` entry (not having to)
        and, up to :data:`_PAIR_REACH` words after it in one clause, a chore of the second ("nie muszę już dzwonić", "I
        no longer have to queue", "больше не нужно ездить в офис"). Not having to alone praises nothing: "I no longer
        have to use your app, I cancelled."

        Example:
            >>> lex = load_lexicon()["pl"]
            >>> lex.relieved(_tokens("Super, nie muszę już dzwonić")), lex.relieved(_tokens("Nie muszę już korzystać z aplikacji"))
            ([(2, 6, 1.0)], [])
        """
        out = []
        for first, second in self.reliefs:
            chores = [s for s, _, _ in second.spans(toks)]
            for s, e, _ in first.spans(toks):
                near = [j for j in chores if e <= j < e + _PAIR_REACH and not any(t in _CLAUSE_END for t in toks[e:j])]
                if near:
                    out.append((s, near[0] + 1, 1.0))
        return out

    def _pair_words(self, toks: list[str]) -> list[int]:
        """Indices of the tokens a complaint pair's reach counts: all but the lexicon's ``pair_fillers`` (sums,
        approximations, number words) and the commas that set a filler off ("we waited, all in all, almost three
        weeks" reads "we waited weeks").

        Example:
            >>> lex = load_lexicon()["en"]
            >>> toks = _tokens("We waited, all in all, almost three weeks")
            >>> [toks[k] for k in lex._pair_words(toks)]
            ['we', 'waited', 'weeks']
        """
        filler = {k for s, e, _ in self.pair_fillers.spans(toks) for k in range(s, e)}
        for k, t in enumerate(toks):
            if t == "," and (k - 1 in filler or k + 1 in filler):
                filler.add(k)
        return [k for k in range(len(toks)) if k not in filler]

    def evidence(self, text: str) -> LexiconEvidence:
        """Score one text, once: the affect stage scores every customer text and detection reads the same
        texts' evidence next (:func:`pipeline.detect.settles`), so the last :data:`EVIDENCE_MEMO`
        texts' evidence is kept. The stages are cached and checkpointed apart (an affect row read from the
        cache has no evidence to hand over), so detection asks the lexicon again and finds the answer here.
        The returned object is shared: read it, do not change it.

        Args:
            text: Any customer text.

        Returns:
            A :class:`LexiconEvidence`.

        Example:
            >>> lex = load_lexicon()["pl"]
            >>> lex.evidence("nie mam zastrzeżeń") is lex.evidence("nie mam zastrzeżeń")
            True
        """
        return _memo_evidence(self, text)

    def _score(self, text: str) -> LexiconEvidence:
        toks = _tokens(text)
        ev = LexiconEvidence()
        neg_pos = [s for s, _, _ in self.negators.spans(toks)]
        litotes_words = [s for s, _, _ in self.litotes_int.spans(toks)]
        ev.hedged = bool(self.hedges.spans(toks))
        # Fixed phrases ("can't complain", "nie polecam", "не рекомендую") already carry their
        # negation, so their words are not scored again one by one. Where a positive and a
        # negative phrase overlap, the longer one wins ("nie polecam" contains "polecam", "never
        # let me down" contains "let me down"); on a tie the negative one does.
        pos_spans = self.pos_phrases.spans(toks) + self.relieved(toks)
        ironic_spans = self.irony.spans(toks)  # "still waiting", "czekam dalej": complaint phrases too
        neg_spans = [(s, e) for s, e, _ in self.neg_phrases.spans(toks) + ironic_spans
                     if not any(ps < e and s < pe and pe - ps > e - s for ps, pe, _ in pos_spans)]
        facts = self.paired_complaints(toks, neg_pos)
        neg_spans += [(s, e) for s, e in facts if not any(ns < e and s < ne for ns, ne in neg_spans)]
        cover: set[int] = set()
        for s, e in neg_spans:
            ev.negative += 1.0
            cover.update(range(s, e))
        for s, e in self.short_waits(toks, neg_pos):  # "only five minutes": half a positive word, as a negated negative
            if not cover & set(range(s, e)):
                ev.positive += 0.5
                cover.update(range(s, e))
        neg_cover = set(cover)
        litotes_phrase = False
        for s, e, _ in pos_spans:
            if any(i in neg_cover for i in range(s, e)):
                continue
            ev.positive += 1.0
            cover.update(range(s, e))
            litotes_phrase |= any(s <= p < e for p in neg_pos)
        plain_negative = ev.negative > 0
        denied = self.denied_complaints(toks, neg_pos)
        for s, e in denied:
            if s not in cover:  # "no complaints" is a positive phrase already
                ev.positive += 1.0
                ev.negated_negative += 1
                cover.update(range(s, e))
        excess_ends = {e for _, e, _ in self.excess.spans(toks)}
        feelings = {s for s, _, _ in self.feelings.spans(toks)}
        for s, e, w in self.polarity.spans(toks):
            if s in cover or s in neg_pos:
                continue
            w = float(w)
            if self._negated(toks, s, neg_pos):
                if w < 0:
                    ev.negated_negative += 1
                    strong = any(s - _NEG_WINDOW - 1 <= p <= s + 2 for p in litotes_words)
                    ev.positive += abs(w) * (0.8 if strong else 0.5)
                else:
                    ev.negated_positive += 1
                    ev.negative += w * 0.8
            elif w > 0 and s not in excess_ends:
                ev.positive += w
            else:  # a negative word, or a good thing in excess ("too easy", "zbyt prosty")
                ev.negative += abs(w)
                ev.feeling += abs(w) if s in feelings else 0.0
                plain_negative = True
        ev.all_negated = (ev.negated_negative > 0 or litotes_phrase) and not plain_negative
        ev.no_complaint = bool(denied) and not plain_negative and "?" not in text and not _turns_or_wishes(text)
        ev.litotes = ev.all_negated and not ev.no_complaint
        excused = bool(self.excuses.spans(toks))  # "had a full refund", "it was worth it", "I can wait": no fact stands
        ev.complaint_fact = bool(facts) and not excused
        ironic = bool(ironic_spans) or any(m in text for m in self.irony_emoji)
        ev.sarcasm = (ev.complaint_fact or ironic) and ev.positive > 0 and "?" not in text and not has_contrast(text)
        # praise that turns to a fault in a few words ends on the fault, where the head reads the praise before it
        turned = (ev.positive > 0 and ev.negative > 0 and "?" not in text
                  and turns_to_complaint(text, self.lang, True, SHORT_PHRASE))
        ev.complains = (bool(neg_spans) and not excused and ev.positive == 0
                        and "?" not in text) or ev.sarcasm or turned  # a question: is_rhetorical's
        ev.states_fault = (ev.negative > 0 and ev.positive == 0 and not ev.hedged and "?" not in text
                           and not _turns_or_wishes(text))
        ev.short_praise = (ev.positive > 0 and ev.negative == 0 and not (ev.negated_negative or ev.negated_positive)
                           and not ev.hedged and not ev.sarcasm and "?" not in text and not _turns_or_wishes(text)
                           and sum(t[0] not in _CLAUSE_END for t in toks) <= min(SHORT_PHRASE * max(1.0, ev.positive),
                                                                                _SHORT_PRAISE_WORDS))
        ev.polarity = (ev.positive - ev.negative) * (0.6 if ev.hedged else 1.0)
        for label, matcher in self.cues.items():
            n = sum(1 for s, _, _ in matcher.spans(toks) if not self._negated(toks, s, neg_pos))
            if n:
                ev.cues[label] = n
        return ev


# Texts whose evidence is kept (about 0.4 kB each): a corpus of up to this many distinct customer texts is
# scored once, by the affect stage; beyond it, detection scores again what it needs, as it did before.
EVIDENCE_MEMO = 100_000


@lru_cache(maxsize=EVIDENCE_MEMO)
def _memo_evidence(lexicon: Lexicon, text: str) -> LexiconEvidence:
    return lexicon._score(text)


def _turns_or_wishes(text: str) -> bool:
    """A contrast ("but", "ale", "но") or a wish ("хорошо бы", "przydałoby się"): a denied complaint beside
    one is no plain satisfaction."""
    return has_contrast(text) or is_request(text)


@lru_cache(maxsize=4)
def load_lexicon(path: str = str(LEXICON_PATH)) -> dict[str, Lexicon]:
    """Read ``lexicon.json`` into one :class:`Lexicon` per language (cached)."""
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    return {lang: Lexicon(block, lang) for lang, block in spec.items() if not lang.startswith("_")}


_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_POLISH = re.compile(r"[ąćęłńóśźż]", re.IGNORECASE)


def lexicon_lang(text: str, lang: str, known) -> str:
    """The lexicon to read a text with: its language, or a guess from the script for 'und'.

    Example:
        >>> lexicon_lang("Претензий нет", "und", ("en", "pl", "ru"))
        'ru'
    """
    if lang in known:
        return lang
    if _CYRILLIC.search(text):
        return "ru"
    if _POLISH.search(text):
        return "pl"
    return "en"


def text_evidence(text: str, lang: str) -> LexiconEvidence:
    """What the shipped lexicon finds in one text of language ``lang`` (en | pl | ru; others by script).

    Example:
        >>> text_evidence("nie mam zastrzeżeń", "pl").no_complaint
        True
    """
    lexicons = load_lexicon()
    return lexicons[lexicon_lang(text, lang, lexicons)].evidence(text)


def headed_bodies(segments) -> np.ndarray:
    """Per row of a segments table, the words a review's short title heads, where they take a side of their own; "" for
    other rows. The title (``meta_title``, as the segment stage joins it: :func:`pipeline.ingest.title_end`) has at most
    :data:`SHORT_PHRASE` words ("Lovely apartment", "Świetne miejsce", "Отличная квартира"), and the words after it
    praise, complain, negate or turn (:func:`pipeline.detect.takes_a_side`). The affect and detect stages read these
    words instead of the segment's text (its quote keeps the title): read whole, "Lovely apartment. An extra 150 PLN
    cleaning fee at the end felt like a hidden cost." had been praise, positive (dogfood 17b). Words that take no side
    are read with their title, which carries the review's point: "Broken on arrival. I ordered it for my son's birthday."

    Example:
        >>> import pandas as pd
        >>> headed_bodies(pd.DataFrame({"text": ["Lovely apartment. The fee was hidden.", "Nice.",
        ...                                      "Broken on arrival. I ordered it for my son's birthday."],
        ...                             "source_type": "review", "lang": "en",
        ...                             "meta_title": ["Lovely apartment", "Nice", "Broken on arrival"]})).tolist()
        ['The fee was hidden.', '', '']
    """
    from pipeline.ingest import title_end  # lazy: the lexicon needs no reader
    from pipeline.translit import model_text

    out = np.full(len(segments), "", dtype=object)
    if "meta_title" not in segments or "source_type" not in segments:
        return out
    for i, (text, source, title) in enumerate(zip(segments["text"].astype(str), segments["source_type"],
                                                  segments["meta_title"].fillna("").astype(str))):
        end = title_end(title, text) if source == "review" and len(title.split()) <= SHORT_PHRASE else 0
        body = text[end:].strip() if end else ""
        if body and takes_a_side(model_text(body)):
            out[i] = body
    return out


N_SENTIMENT_FEATURES = 6


def sentiment_features(evs: list[LexiconEvidence]) -> np.ndarray:
    """The lexicon features the sentiment head reads beside the embedding.

    Layout (fixed, the trained head depends on it): squashed polarity, squashed positive mass,
    squashed negative mass, something negative negated (``all_negated``: a litotes or a denied complaint,
    as the head was trained), hedged, a positive word negated.
    """
    out = np.zeros((len(evs), N_SENTIMENT_FEATURES), np.float32)
    for i, ev in enumerate(evs):
        out[i] = (np.tanh(ev.polarity / 2), np.tanh(ev.positive / 2), np.tanh(ev.negative / 2),
                  float(ev.all_negated), float(ev.hedged), float(ev.negated_positive > 0))
    return out
