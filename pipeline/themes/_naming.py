"""Name themes: key phrases from lemmas (class-based TF-IDF), a readable label with an English quote from the theme,
and central quotes from different documents.

Phrases are *scored* on lemmas, so "dostawą", "dostawy" and "dostawa" count as one word, but
two-word phrases are *shown* in their most frequent surface form ("zwrot pieniędzy", not the
lemma pair "zwrot pieniądz"), which reads naturally in Polish and Russian. Diacritics and Cyrillic
are never stripped.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache

import numpy as np

from pipeline.detect import is_request, is_rhetorical, not_complaining, not_upbeat, turn_start
from pipeline.text import (IDENTIFIER, NOISY, content_words, courtesy_phrases, courtesy_words, lemmas, names_topic,
                           stop_words, word_key)
from pipeline.translit import looks_translit, to_cyrillic

__all__ = ["key_phrases", "short_label", "representatives", "name_theme", "label_key", "too_short", "topic_terms",
           "reads_right_for"]

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")
_CLAUSE_BREAK = re.compile(r"[,.;:!?…](?:\s|$)|[()\[\]\"«»„”—–]|\s-\s")   # not the dot of "sofino.pl"


def _words_of(text: str) -> str:
    """The text without redaction placeholders and order / ticket numbers ("SOF-2026-102875" is no word "sof")."""
    return IDENTIFIER.sub(" ", _PLACEHOLDER.sub(" ", text))


def _content_tokens(text: str, lang: str) -> list[tuple[int, str, str]]:
    """``(position, surface, lemma)`` for content words; positions count all words, so gaps show stop words."""
    lang = lang if lang in ("en", "pl", "ru") else "en"
    sw = stop_words(lang)
    out = []
    for pos, m in enumerate(_WORD.finditer(_words_of(text))):
        w = m.group(0).lower()
        if len(w) < 2 or w in sw:
            continue
        lem = lemmas(w, lang)
        if lem:
            out.append((pos, w, lem[0]))
    return out


def _terms(text: str, lang: str) -> tuple[set[str], dict[str, str]]:
    """Lemma unigrams and bigrams of a text, with a surface form for each bigram.

    A bigram joins two content words at most one stop word apart and not across punctuation
    ("zwrot za paczkę" -> lemma pair "zwrot paczka", shown as "zwrot za paczkę"; "u klientki, ona
    siedziała" gives none).
    """
    toks = _content_tokens(text, lang)
    clean = _words_of(text)
    spans = [m.span() for m in _WORD.finditer(clean)]
    words = [clean[a:b] for a, b in spans]
    terms = {lem for _, _, lem in toks}
    surface: dict[str, str] = {}
    for (p1, _, l1), (p2, _, l2) in zip(toks, toks[1:]):
        if l1 == l2 or p2 - p1 > 2 or _CLAUSE_BREAK.search(clean, spans[p1][1], spans[p2][0]):
            continue
        key = f"{l1} {l2}"
        terms.add(key)
        surface[key] = " ".join(words[p1:p2 + 1]).lower()
    return terms, surface


def key_phrases(texts_by_theme: dict[int, list[tuple[str, str]]], top: int = 5,
                main_lang: str | None = None) -> dict[int, list[str]]:
    """Top lemma unigrams and bigrams per theme by class-based TF-IDF (BERTopic's c-TF-IDF).

    Args:
        texts_by_theme: theme id -> list of (text, lang).
        top: Phrases per theme.
        main_lang: If given, phrases from texts in this language are preferred when scores are close
            (a Polish corpus gets Polish phrases even when a theme holds a few English quotes).

    Returns:
        theme id -> phrases, best first. Unigrams are lemmas ("dostawa"); bigrams are shown in their most
        frequent surface form ("zwrot pieniędzy").

    Example:
        >>> key_phrases({0: [("Zwrot pieniędzy trwa miesiąc", "pl"), ("Czekam na zwrot pieniędzy", "pl")],
        ...              1: [("Kurier nie zadzwonił", "pl"), ("Kurier zgubił paczkę", "pl")]}, top=1)
        {0: ['zwrot pieniędzy'], 1: ['kurier']}
    """
    counts: dict[int, Counter] = {}
    surfaces: dict[str, Counter] = defaultdict(Counter)
    in_main: dict[int, Counter] = {}
    for tid, items in texts_by_theme.items():
        c: Counter = Counter()
        m: Counter = Counter()
        for text, lang in items:
            terms, surf = _terms(text, lang)
            c.update(terms)
            if main_lang and lang == main_lang:
                m.update(terms)
            for k, v in surf.items():
                surfaces[k][v] += 1
        counts[tid] = c
        in_main[tid] = m
    df: Counter = Counter()
    for c in counts.values():
        df.update(set(c))
    n_themes = max(len(counts), 1)
    out = {}
    for tid, c in counts.items():
        size = max(len(texts_by_theme[tid]), 1)
        scored = []
        for term, tf in c.items():
            if tf < 2 and size > 3:
                continue
            w = (tf / size) * math.log(1 + n_themes / df[term]) * (1.3 if " " in term else 1.0)
            if main_lang and in_main[tid][term] == 0:
                w *= 0.5
            scored.append((w, term))
        scored.sort(key=lambda x: (-x[0], x[1]))
        chosen: list[str] = []
        for _, term in scored:
            clash = [t for t in chosen if term in t or t in term]
            if clash:
                # a bigram that carries most uses of an already chosen word says more: swap it in
                old = clash[0]
                if len(clash) == 1 and " " in term and " " not in old and old in term.split() \
                        and c[term] >= 0.6 * c[old] and term not in chosen:
                    chosen[chosen.index(old)] = term
                continue
            if len(chosen) == top:
                break
            chosen.append(term)
        out[tid] = [surfaces[t].most_common(1)[0][0] if " " in t and surfaces[t] else t for t in chosen]
    return out


_WS = re.compile(r"\s+")
_CLAUSE = re.compile(r"(?<=[.!?…])\s+")


def too_short(text: str) -> bool:
    """True for a text with fewer than two words: "?", "halo?", "a w niedzielę?", an order number.

    Such turns only mean something next to the message they answer; clustered, they make a theme of
    their own ("człowiek?", "a 6?", "hello??") that tops the FAQ.

    Example:
        >>> too_short("a w niedzielę?"), too_short("а рассрочка есть?")
        (True, False)
    """
    return len(content_words(text)) < 2


def short_label(text: str, max_chars: int = 80) -> str:
    """A quote shortened to fit a label: its first sentence if that is long enough, else cut at a word.

    Example:
        >>> short_label("Kurier nie zadzwonił. Paczka leżała pod drzwiami cały dzień.", 40)
        'Kurier nie zadzwonił.'
    """
    t = _WS.sub(" ", text).strip()
    if len(t) <= max_chars:
        return t
    first = _CLAUSE.split(t, maxsplit=1)[0]
    if 20 <= len(first) <= max_chars:
        return first
    cut = t[:max_chars].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-–") + "…"


def representatives(idx: np.ndarray, vectors: np.ndarray, doc_ids: list[str], k: int = 5) -> list[int]:
    """The k most central members (cosine to the theme centroid), each from a different document when possible.

    Args:
        idx: Row indices of the theme's members.
        vectors: All vectors (rows).
        doc_ids: Document id per row.
        k: How many.

    Returns:
        Row indices, most central first.
    """
    idx = np.asarray(idx)
    if len(idx) == 0:
        return []
    V = np.asarray(vectors[idx], dtype=np.float64)  # only the members: converting all rows per theme took minutes at 100k
    V = V / np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-12)
    c = V.mean(axis=0)
    c /= np.linalg.norm(c) or 1.0
    order = idx[np.argsort(-(V @ c), kind="stable")]
    chosen, seen = [], set()
    for i in order:
        if doc_ids[i] in seen:
            continue
        chosen.append(int(i))
        seen.add(doc_ids[i])
        if len(chosen) == k:
            return chosen
    for i in order:
        if len(chosen) == k:
            break
        if int(i) not in chosen:
            chosen.append(int(i))
    return chosen


_POOL = 8       # label candidates: the most central main-language quotes
_PROFILE = 200  # members read for the theme's shared words
_MIN_PROFILE = 4  # fewer label-language members than this: no shared words, centrality decides


def topic_terms(texts: list[str], lang: str, min_share: float = 0.1) -> set[str]:
    """Lemmas that at least two of ``texts`` (and ``min_share`` of them) use: what a theme is about.

    Example:
        >>> sorted(topic_terms(["Zwrot pieniędzy trwa miesiąc", "Czekam na zwrot", "Halo?"], "pl"))
        ['zwrot']
    """
    df: Counter = Counter()
    for t in texts:
        df.update({lem for _, _, lem in _content_tokens(t, lang)})
    need = max(2, math.ceil(min_share * len(texts)))
    return {w for w, n in df.items() if n >= need}


def _says_nothing(text: str, lang: str) -> bool:
    """True for a statement whose words name nothing (fewer than two content words once stop words go): a reply
    that needs the message it answers ("не помогло", "Nie działa.", "Didn't help"). A question names its topic
    ("Gdzie paczka?").

    Example:
        >>> _says_nothing("не помогло", "ru"), _says_nothing("Gdzie paczka?", "pl"), _says_nothing("Kurier nie dzwonił", "pl")
        (True, False, False)
    """
    return "?" not in text and len(lemmas(_words_of(text), lang)) < 2


def _hits(text: str, lang: str, topic: set[str]) -> int:
    return len({lem for _, _, lem in _content_tokens(text, lang)} & topic)


def _phrases(phrases) -> str:
    """A regex alternation of phrases, longest first, any run of spaces between words."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


# A greeting, a "by the way" or a "thanks" around a customer's words is no part of a label: "Dzień dobry, karta
# jest ciągle odrzucana" is shown "Karta jest ciągle odrzucana" (the quote itself stays as written). The greetings,
# thanks and sign-offs are the shared ones (pipeline/resources/courtesy.txt), a greeting after a spoken yes, no or
# "ok" too ("да здравствуйте", "tak, dzień dobry"); a connector that opens a question is a label's own. An opening
# needs its comma or colon ("Hello Kitty pajamas" stays), unless it is spoken: a transcribed call has none ("алло
# здравствуйте при загрузке документов…", "добрый день я стою на кассе…"), see _SPOKEN_GREETING. A closing thanks
# that also ends sentences is left: Polish "ty" is "you" ("Kto, jak nie ty"), and "(much) appreciated" ends "Any
# help would be much appreciated".
_GREETING_CHAIN = (r"(?:(?:" + _phrases(courtesy_phrases("yes_no", "reply")) + r")[\s,.!]+)*(?:"
                   + _phrases(courtesy_phrases("greeting")) + r")(?:[\s,.!]+(?:" + _phrases(courtesy_phrases("greeting"))
                   + r"))*")
_OPENING_PLEASANTRY = re.compile(
    r"^(?:(?:" + _GREETING_CHAIN + r"|"
    r"przy okazji|by the way|btw|and another question|one more question|another question|quick question|"
    r"i have a question|mam (?:też |jeszcze |takie )?pytanie|jeszcze jedno pytanie|у меня (?:ещё |еще )?вопрос|"
    r"ещё вопрос|еще вопрос)\s*[,.:;!—–-]+\s*)+", re.I)
# A greeting with no punctuation after it, as calls are transcribed: left out when it is said in lower case ("алло
# Перевод маме…"), the next word is ("добрый день я стою…", "hi i can't log in") or it is two words or more ("да
# здравствуйте …", "добрый день Третий раз …"); "Hello Kitty pajamas" is a sentence.
_SPOKEN_GREETING = re.compile(r"^(" + _GREETING_CHAIN + r")\s+(?=[^\W\d_])", re.I)
_PUNCTUATED_GREETING = re.compile(r"^(?:" + _GREETING_CHAIN + r")\s*[,.:;!—–-]", re.I)
_CLOSING_PLEASANTRY = re.compile(
    r"[\s,.;:!—–-]*\b(?:" + _phrases(set(courtesy_phrases("thanks", "signoff"))
                                      - {"ty", "appreciated", "much appreciated", "appreciate it", "i appreciate it"})
    + r")\b[\s.!)(:]*$", re.I)


def _without_opening(label: str) -> str:
    """A label without the greeting or connector it opens with (see :data:`_OPENING_PLEASANTRY`, :data:`_SPOKEN_GREETING`);
    Russian in Latin letters is read in Cyrillic for it, and keeps its own letters ("privet, a zapisi urokov…" had
    titled an FAQ entry with its greeting).

    Example:
        >>> _without_opening("алло здравствуйте при загрузке документов приложение вылетает")
        'при загрузке документов приложение вылетает'
        >>> _without_opening("Hello Kitty pajamas are sold out")
        'Hello Kitty pajamas are sold out'
        >>> _without_opening("Zdravstvuyte, s menya spisali dengi za podpisku")
        's menya spisali dengi za podpisku'
    """
    if not looks_translit(label):
        return _strip_opening(label)
    # to_cyrillic spells word by word and keeps everything between words: the n words the greeting takes in Cyrillic
    # are the label's first n words
    cyr = to_cyrillic(label)
    gone = len(_WORD.findall(cyr[:len(cyr) - len(_strip_opening(cyr))]))
    words = list(_WORD.finditer(label))
    if not gone or gone >= len(words):
        return label
    return label[words[gone - 1].end():].lstrip(" ,.:;!—–-")


def _strip_opening(label: str) -> str:
    """:func:`_without_opening` on the label as it is spelt."""
    core = _OPENING_PLEASANTRY.sub("", label)
    return core[_spoken_greeting_end(core):]


def _spoken_greeting_end(text: str) -> int:
    """Where a greeting with no punctuation after it ends, when :data:`_SPOKEN_GREETING` reads it as one; else 0."""
    spoken = _SPOKEN_GREETING.match(text)
    if spoken and (spoken.group(1)[:1].islower() or text[spoken.end()].islower() or " " in spoken.group(1)):
        return spoken.end()
    return 0


def _greets(sentence: str) -> bool:
    """True for a sentence that opens with a greeting, punctuated or spoken ("Hello, my transfer…", "Здравствуйте!")."""
    return bool(_PUNCTUATED_GREETING.match(sentence)) or _spoken_greeting_end(sentence) > 0


def without_pleasantries(label: str) -> str:
    """A label without the greeting or connector it opens with and the thanks it ends with, when words remain.

    Example:
        >>> without_pleasantries("Dzień dobry, karta jest ciągle odrzucana przy zakupie")
        'Karta jest ciągle odrzucana przy zakupie'
        >>> without_pleasantries("Hej, jak zmienić adres email? Dzięki!")
        'Jak zmienić adres email?'
        >>> without_pleasantries("да здравствуйте не приходит смс код для подтверждения перевода")
        'Не приходит смс код для подтверждения перевода'
        >>> without_pleasantries("Hello, thanks!")
        'Hello, thanks!'
    """
    core = _CLOSING_PLEASANTRY.sub("", _without_opening(label.strip()))
    if core == label.strip() or len(_WORD.findall(core)) < 2:
        return label
    return core[:1].upper() + core[1:]


def _wishes(text: str, lang: str = "") -> bool:
    """True for a sentence that reads as a request (:func:`pipeline.detect.is_request`): a request theme's label is a
    wish before a question ("Are there any extra speaking sessions?" had named a theme beside "Лучше бы добавили больше
    разговорной практики").

    Example:
        >>> _wishes("Are there any extra speaking sessions?"), _wishes("Лучше бы добавили больше разговорной практики")
        (False, True)
    """
    return is_request(text)


# What a theme's label must read as, per kind (``reads_right`` of :func:`name_theme`): a pain point's not as praise,
# a praise theme's not as a complaint, a request theme's as a wish
_READS_RIGHT = {"pain_point": not_upbeat, "praise": not_complaining, "request": _wishes}


def reads_right_for(kind: str):
    """The ``reads_right`` check of :func:`name_theme` for a theme of ``kind`` (``None``: any label reads right).

    Example:
        >>> reads_right_for("praise")("Great host, but the flat was dirty.", "en"), reads_right_for("question") is None
        (False, True)
    """
    return _READS_RIGHT.get(kind)


def _label_text(text: str, lang: str, topic: set[str], max_chars: int, prefer=None, reads_right=None) -> str:
    """What a quote reads as a label: its first sentence that satisfies ``prefer`` (a question for
    an FAQ entry) or else names a topic word, shortened, without a greeting or thanks around it; a
    one-word opener ("Dokładnie.") is dropped, and so is what comes before a greeting (an e-mail's subject:
    "Problem with my account. Hello, my transfer to Poland has been stuck…"). With ``reads_right`` (a pain point's
    tone), the sentences that read right, those after the quote's turn first (:func:`_reading_right`)."""
    return without_pleasantries(_label_sentence(text, lang, topic, max_chars, prefer, reads_right))


def _reading_right(sentences: list[str], lang: str, reads_right) -> list[str]:
    """The sentences of a quote that may name a theme in its tone: those after the quote turns, when one reads right
    (the turn's word left out), else any that reads right, else all: a pain point is named by what follows the
    praise ("Duży wybór kanałów i dobra jakość obrazu. Ale internet zrywa się…" by "Internet zrywa się…").

    Example:
        >>> from pipeline.detect import not_upbeat
        >>> _reading_right(["Pan technik przyszedł punktualnie.", "Ale na infolinii czekałem 45 minut."], "pl", not_upbeat)
        ['Na infolinii czekałem 45 minut.']
    """
    whole = " ".join(sentences)
    at = turn_start(whole)
    after = [c for c in _CLAUSE.split(whole[at:]) if c] if at > 0 else []
    fit = [c for c in after if reads_right(c, lang)]
    if fit:  # the turn's word left out: "Ale na infolinii…" reads "Na infolinii…"
        return [fit[0][:1].upper() + fit[0][1:]] + fit[1:]
    return [c for c in sentences if reads_right(c, lang)] or sentences


def _label_sentence(text: str, lang: str, topic: set[str], max_chars: int, prefer=None, reads_right=None) -> str:
    sentences = [c for c in _CLAUSE.split(_WS.sub(" ", text).strip()) if c]
    greeted = [k for k, c in enumerate(sentences) if k and _greets(c)]
    sentences = sentences[greeted[0]:] if greeted else sentences
    # a leading sentence of under two words, or one that names nothing ("Minął tydzień i nic.": pipeline.text's
    # names_topic), does not name the theme: the sentence after it does
    while len(sentences) > 1 and (len(_WORD.findall(sentences[0])) < 2 or not names_topic(sentences[0])):
        sentences = sentences[1:]
    if reads_right is not None:
        sentences = _reading_right(sentences, lang, reads_right)
    whole = short_label(" ".join(sentences), max_chars)
    if prefer is not None:
        # a sentence with a question mark asks for sure: it comes before one that only opens like a question ("Jak
        # zwykle nic nie działa. Kiedy naprawicie internet?" titles an FAQ entry by its question)
        fit = sorted((c for c in sentences if prefer(c) and len(c) >= 12), key=lambda c: "?" not in c)
        named = [c for c in fit if _hits(c, lang, topic)]
        if named or not fit:
            return short_label(named[0], max_chars) if named else whole
        # "Te poduszki też od Was? Nie mogę znaleźć na stronie": the question and the sentence that names the topic
        return whole if prefer(whole) and _hits(whole, lang, topic) else short_label(fit[0], max_chars)
    if _hits(whole, lang, topic):
        return whole
    return next((short_label(c, max_chars) for c in sentences if len(c) >= 12 and _hits(c, lang, topic)), whole)


# What two labels share when they read the same (their words, case and punctuation aside): pipeline.text's one key of
# a text's words, under the name the cluster stage and the themes' callers know
label_key = word_key


@lru_cache(maxsize=1)
def _courtesy_lemmas() -> frozenset[str]:
    """Words of greetings, thanks and replies, as written and as lemmas: none tells a theme apart."""
    return courtesy_words() | frozenset(lem for p in courtesy_phrases() for lang in ("en", "pl", "ru")
                                        for lem in lemmas(p, lang))


def _distinct(label: str, lang: str, texts: list[str], taken) -> str:
    """``label``, or, when another theme has it, the label with the word the theme's ``texts`` share most that it
    lacks ("Продиктуйте пожалуйста номер карты (смс)"; a courtesy word tells nothing apart: "спасибо"), else with a
    number.

    Example:
        >>> _distinct("Nie działa aplikacja", "pl", ["Aplikacja nie działa po aktualizacji", "Po aktualizacji nie działa"],
        ...           {label_key("Nie działa aplikacja")})
        'Nie działa aplikacja (aktualizacja)'
    """
    if label_key(label) not in taken:
        return label
    have = {lem for _, _, lem in _content_tokens(label, lang)} | _courtesy_lemmas()
    shared: Counter = Counter()
    for t in texts:
        shared.update({lem for _, _, lem in _content_tokens(t, lang)} - have)
    for word, _ in sorted(shared.items(), key=lambda x: (-x[1], x[0])):
        if label_key(f"{label} ({word})") not in taken:
            return f"{label} ({word})"
    return next(f"{label} ({n})" for n in range(2, len(taken) + 3) if label_key(f"{label} ({n})") not in taken)


def _candidates(ranked: list[int], in_main: list[bool], asking: list[bool] | None) -> list[int]:
    """The members that may name a theme, most central first: the first :data:`_POOL` in the main language, the first
    :data:`_POOL` of all and, for a question theme, the first :data:`_POOL` that ask (``asking``, per member of
    ``ranked``'s head); one at the edge names the theme only when no central one can.

    Example:
        >>> _candidates(list(range(20)), [i % 5 == 0 for i in range(20)], None)
        [0, 1, 2, 3, 4, 5, 6, 7, 10, 15]
    """
    main = [i for i, m in zip(ranked, in_main) if m][:_POOL]
    ask = [i for i, a in zip(ranked, asking or []) if a][:_POOL]
    chosen = set(main) | set(ranked[:_POOL]) | set(ask)
    return [i for i in ranked if i in chosen]


def _language_topics(ranked: list[int], texts: list[str], langs: list[str], wanted: set[str]) -> dict[str, set[str]]:
    """Per language in ``wanted``, the words the theme's members in it share (:func:`topic_terms`; none with fewer
    than :data:`_MIN_PROFILE` such members: centrality alone decides)."""
    out = {}
    for lang in wanted:
        profile = [texts[i] for i in ranked[:_PROFILE] if langs[i] == lang]
        out[lang] = topic_terms(profile, lang) if len(profile) >= _MIN_PROFILE else set()
    return out


def _english(text: str) -> bool:
    """True for a quote written in English: no Cyrillic and no Russian in Latin letters (a message tagged English for
    its transliterated first sentence had given an FAQ entry the EN quote "А записи уроков вообще есть?").

    Example:
        >>> _english("Do you record the lessons?"), _english("А записи уроков есть?"), _english("privet, gde moy zakaz?")
        (True, False, False)
    """
    return not re.search(r"[\u0400-\u04FF]", text) and not looks_translit(text)


def _gloss(ranked: list[int], texts: list[str], langs: list[str], avoid, topics: dict[str, set[str]], max_chars: int,
           asks, reads_right, best) -> str:
    """The English quote beside a label: the best (``best``: a central one first) of the theme's English members that
    say something (no order number, two words or more), in their own words and tone (not in ``avoid``), written in
    English and asking for a question theme; else none. A reply off the theme's topic
    had glossed it ("This keeps happening. Please fix your booking system." beside "…co obejmuje mój pakiet"), a
    complaint an FAQ entry ("Nobody told me about this…" beside a question about pausing)."""
    en = [i for i in ranked if langs[i] == "en" and i not in avoid and not IDENTIFIER.search(texts[i])
          and len(content_words(texts[i])) >= 2 and not _says_nothing(texts[i], "en")][:_POOL]
    shown = {i: _label_text(texts[i], "en", topics["en"], max_chars, asks, reads_right) for i in en}
    en = [i for i in en if _english(shown[i]) and (asks is None or asks(texts[i]))]
    return shown[best(en, shown, long_ok=True)] if en else ""


def name_theme(members: np.ndarray, texts: list[str], langs: list[str], vectors: np.ndarray, doc_ids: list[str],
               main_lang: str, quotes: int = 5, max_chars: int = 80, prefer=None, avoid=frozenset(),
               leaning=frozenset(), reads_right=None, taken=frozenset()) -> dict:
    """Label, English quote and representative quotes for one theme.

    The label is a short, central quote (a real customer sentence reads better than a bag of keywords): of the
    theme's most central quotes, the first that has no redaction placeholder or order number, asks for a question
    theme (``prefer``; a title with its question mark first), is in the tone of the theme's kind (``avoid``,
    ``reads_right``, ``leaning``), says something, lies in the central half of the theme (a member at the edge names
    it only when no central one can), is in the corpus's main language (else in another) and names a word the theme's
    members in its language share (:func:`topic_terms`; of a quote with several sentences, the first sentence that
    does). A one-word opener ("Dokładnie.", "No.") and a greeting, also in Latin letters for Russian, are dropped.
    When the label is not English, ``gloss_en`` is an English member's quote chosen as the label is, among the
    English members that say something (no order number, two words or more) and are not in ``avoid``, written in
    English (no Cyrillic, no Russian in Latin letters) and asking for a question theme; none when no member
    qualifies. It is an English example of the theme, not a translation (qsynth ships no translation model); reports
    show it as "EN quote".

    Args:
        members: Row indices of the theme.
        texts: All texts. langs: Language per row. vectors: All vectors. doc_ids: Document per row.
        main_lang: The corpus's main language.
        quotes: Representative quotes (3-5 recommended), from different documents when possible.
        max_chars: Longest label.
        prefer: Optional ``text -> bool``; quotes that satisfy it come first for the label, and the
            label is the first sentence that does (for question themes: a question, so an FAQ entry
            reads as one, not "wyślę. tkanina to Bella szenil…").
        avoid: Rows that name the theme only when no other candidate does: a quote in the wrong tone
            for the kind (a five-star review in a pain-point theme: "Raty bez problemu." naming the
            instalment refusals), or a short reply whose own words do not say what the theme is
            about ("a ten zakręt?", clustered by the message it answers).
        leaning: Rows that name the theme only after the other candidates not in ``avoid``: a quote
            whose tone merely leans against the kind (a slightly negative quote in a praise theme).
        reads_right: Optional ``(label text, language) -> bool``; a quote's label is a sentence that passes it,
            one after the quote's turn first ("Great accountant chat, honestly the best I've seen. But the app
            crashes…" names a pain point "The app crashes…", not by its praise), and a candidate whose label
            still fails it names the theme only when no other can.
        taken: The :func:`label_key` of labels other themes of the report already have: a candidate whose label
            is one of them names the theme only when no other clean one can, and a label that still is one gets
            the theme's most shared word it lacks in brackets ("Продиктуйте пожалуйста номер карты" had named
            four themes of one report).

    Returns:
        ``{"label", "label_lang", "gloss_en", "quotes"}`` where ``quotes`` are row indices, most central
        first, one per document before a second from the same one, rows in ``avoid`` last.
    """
    members = np.asarray(members)
    if len(members) == 0:
        return {"label": "", "label_lang": "", "gloss_en": "", "quotes": []}
    ranked = representatives(members, vectors, doc_ids, k=len(members))
    # Only the central half names the theme, in the main language when it has a quote there, else in another: a small
    # theme had been named by its one main-language member at the edge, of another topic ("A jak jest z terminami do
    # kardiologa…?" titling Russian and English questions for a doctor who speaks their language)
    half = max(1, len(ranked) // 2)
    rank = {i: r for r, i in enumerate(ranked)}
    asks = None if prefer is None else (lambda t: prefer(t) and not is_rhetorical(t))
    cands = _candidates(ranked, [langs[i] == main_lang for i in ranked],
                        None if asks is None else [asks(texts[i]) for i in ranked[:_PROFILE]])
    topics = _language_topics(ranked, texts, langs, {langs[i] for i in cands} | {"en"})  # English: the gloss
    shown = {i: _label_text(texts[i], langs[i], topics[langs[i]], max_chars, asks, reads_right) for i in cands}

    # A label is read before any quote: a quote without redaction placeholders or order numbers ("SOF-2026-109215.
    # Zamówienie jest na nazwisko [PERSON]"), asking for a question theme (a title with its question mark before one
    # that only opens like a question: "Nerwy jak nie wiem co."), in the tone of the theme's kind (a complaint names a
    # pain point), in its own words (see ``avoid``), that says something, central, in the main language, naming a word
    # the theme's members share ("O, i tu jest historia." does not).
    # (An English quote beside the label is shown whole-ish in italics: a long one is not held against it.)
    def best(cands: list[int], shown: dict[int, str], long_ok: bool = False) -> int:
        return min(cands, key=lambda i: (bool(NOISY.search(texts[i])), label_key(shown[i]) in taken,
                                         asks is not None and not asks(texts[i]), i in avoid,
                                         reads_right is not None and not reads_right(shown[i], langs[i]),
                                         i in leaning, _says_nothing(shown[i], langs[i]), len(shown[i]) < 12,
                                         asks is not None and "?" not in shown[i], rank[i] >= half,
                                         langs[i] != main_lang, not _hits(shown[i], langs[i], topics[langs[i]]),
                                         not long_ok and len(texts[i]) > 2 * max_chars, rank[i]))

    label_row = best(cands, shown)
    label = _distinct(shown[label_row], langs[label_row], [texts[i] for i in ranked[:_PROFILE]], taken)
    # the quotes are the theme's evidence: a quote in the wrong tone or a reply whose own words do not
    # say what the theme is about comes after the others (a pain point about refused instalments had
    # opened with "Raty bez problemu … Jestem mile zaskoczona"); it stays a member, and the label's
    # own quote keeps its place
    later = avoid - {label_row}
    reps = ([i for i in ranked if i not in later] + [i for i in ranked if i in later])[:quotes]
    gloss = ""
    if langs[label_row] != "en":
        gloss = _gloss(ranked, texts, langs, avoid, topics, max_chars, asks, reads_right, best)
    return {"label": label, "label_lang": langs[label_row], "gloss_en": gloss,
            "quotes": reps}
