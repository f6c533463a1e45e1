"""Split long records into sentence chunks and give every segment a stable id.

Records are cut at sentence ends into chunks of about ``[segment] max_chars``, so a quote is
readable, a theme is about one thing, and the embedder (whose cost grows faster than length) stays
fast. A customer's written opinion (source types or channels in ``[segment] split_sources``: reviews, survey
answers, comments, e-mails) is cut at every sentence and contrast instead (:func:`split_units`): "Buty super,
ale wąskie, na szeroką stopę trzeba numer większy" is praise and a pain point, and as one segment it
had been read as praise and joined a praise theme. An e-mail is written as a review is: "Mieszkanie nieskazitelnie
czyste. Jedna rzecz: … doliczyli opłatę za sprzątanie… Czy mogą Państwo przesłać fakturę?" had been one question.
Chat messages and interviews keep their chunks: a turn's sentences lean on each other ("Kiedy przyjdą?").
A review's title is never cut from the sentence after it (:func:`cut_after_title`): it is the headline of what
follows. Alone, "Lovely apartment" and "Great stay" had been the biggest praise theme (dogfood 17b). Nor is a
sentence that names no topic (:func:`pipeline.text.names_topic`): "Minął tydzień i nic." opens the e-mail whose next
sentence says what has not happened.
The id is a hash of the document id, the record's position, the chunk's position and its text:
the same input always gives the same ids, whatever order files are read in.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from pipeline.ingest import title_end
from pipeline.detect import praises
from pipeline.text import (ADVERSATIVE_WORDS, CLAUSE_CONTRAST_END, CLAUSE_CONTRAST_WORDS, CONCESSIVE_WORDS, IDENTIFIER,
                           names_topic, split_sentences)

NAME = "segment"
VERSION = "9"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('segment',)
REQUIRES = ("doc_id", "record_index", "text", "role")
ASSIGNS = ("segment_id", "chunk_index", "is_customer")
MODIFIES = ("text",)

def chunk_text(text: str, max_chars: int, min_chars: int = 2) -> list[str]:
    """Pack sentences greedily into chunks of at most ``max_chars`` (a single long sentence stays whole)."""
    if len(text) <= max_chars:
        return [text]
    chunks: list[str] = []
    cur = ""
    for s in split_sentences(text):
        if cur and len(cur) + 1 + len(s) > max_chars:
            chunks.append(cur)
            cur = s
        else:
            cur = f"{cur} {s}".strip()
    if cur:
        if chunks and len(cur) < min_chars:
            chunks[-1] = f"{chunks[-1]} {cur}"
        else:
            chunks.append(cur)
    return chunks


# A contrast that turns a sentence to another topic: a comma, semicolon or dash, then one of the adversative words
# detection reads as a contrast (pipeline.text.ADVERSATIVE_WORDS: "Czapka ok, jakość dobra, ale paczka z DPD przyszła po
# tygodniu"), or "tylko" / "только" opening a clause ("ładne, tylko wąskie", not "tylko 10 minut od domu"). A review
# also turns to another topic at words detection does not read as a contrast ("…, niestety zamek zepsuł się", "…, а вот
# оплата…"): the cut reads them too.
_TURN_WORDS = ("unfortunately", "niestety", "natomiast", "к сожалению", "а вот")
_CONTRAST_RE = (rf"(?:{'|'.join(ADVERSATIVE_WORDS + _TURN_WORDS)})\b|"
                rf"(?:{'|'.join(CLAUSE_CONTRAST_WORDS)})\b{CLAUSE_CONTRAST_END}")
# A concessive (pipeline.text.CONCESSIVE_WORDS, and "although", which detection does not read) turns only where the two
# sides take opposite sides (:func:`_opposed`): "The room was great, | though the breakfast was cold" is praise and a
# pain point; "Składka wzrosła o 40 procent, chociaż nie miałem żadnej szkody" grants a circumstance of one complaint.
_CONCESSIVE_RE = rf"(?:{'|'.join(CONCESSIVE_WORDS + ('although',))})\b"


def _clause_start(words: str) -> re.Pattern:
    """Where a clause opening with one of ``words`` (a regex) starts: after a comma or semicolon, or at a dash."""
    return re.compile(rf"(?<=[,;])\s+(?={words})|\s+[–—-]\s+(?={words})", re.IGNORECASE)


_CONTRAST = _clause_start(_CONTRAST_RE)
_CONCESSION = _clause_start(_CONCESSIVE_RE)
_OPENS_CONTRAST = re.compile(_CONTRAST_RE, re.IGNORECASE)
_OPENS_CONCESSION = re.compile(rf"\s*{_CONCESSIVE_RE}\s*", re.IGNORECASE)
_WORDS = re.compile(r"\w+")
# What follows a contrast, within a sentence or opening the next one, needs this many words to stand
# alone: "ale niesmak pozostał", "tylko zostawił awizo" or "But the refund?" lean on what came before.
CONTRAST_MIN_WORDS = 5


def _n_words(text: str) -> int:
    """Words, an order or ticket number not counted: "Zamówienie SOF-2026-100871." is one word."""
    return len(_WORDS.findall(IDENTIFIER.sub(" ", text)))


def _leans(part: str, min_words: int) -> bool:
    """A part that cannot stand alone: fewer than ``min_words`` words, or no topic of its own
    (:func:`pipeline.text.names_topic`)."""
    return _n_words(part) < min_words or not names_topic(part)


def split_units(text: str, min_words: int = 3) -> list[str]:
    """Cut a written opinion (a review, a survey answer, a comment) at every sentence and contrast, so
    each part is about one thing; a sentence of fewer than ``min_words`` words, what follows a contrast in
    fewer than :data:`CONTRAST_MIN_WORDS`, and a part that names no topic ("Minął tydzień i nic.") stay with
    their neighbour.

    Example:
        >>> split_units("Czapka ok, jakość dobra, ale paczka z DPD przyszła po tygodniu. Polecam!")
        ['Czapka ok, jakość dobra,', 'ale paczka z DPD przyszła po tygodniu. Polecam!']
        >>> split_units("Super, ale drogo. Kurier nawet nie zadzwonił, tylko zostawił awizo.")
        ['Super, ale drogo.', 'Kurier nawet nie zadzwonił, tylko zostawił awizo.']
        >>> split_units("Zamówienie SOF-2026-100871. Sofa przyszła porysowana. But the refund?")
        ['Zamówienie SOF-2026-100871. Sofa przyszła porysowana. But the refund?']
    """
    parts = [p for s in split_sentences(text)
             for p in _join_short([c for q in _CONTRAST.split(s) for c in _cut_concession(q)], min_words,
                                  lambda p: CONTRAST_MIN_WORDS)]
    return _join_short(parts, min_words,
                       lambda p: CONTRAST_MIN_WORDS if _OPENS_CONTRAST.match(p) else min_words) or [text.strip()]


def _cut_concession(part: str) -> list[str]:
    """``part`` cut before each concessive clause that takes the other side (:func:`_opposed`) from what precedes it.

    Example:
        >>> _cut_concession("The room was great, though the breakfast was cold and the staff rude.")
        ['The room was great,', 'though the breakfast was cold and the staff rude.']
        >>> _cut_concession("Składka wzrosła o 40 procent, chociaż nie miałem żadnej szkody.")
        ['Składka wzrosła o 40 procent, chociaż nie miałem żadnej szkody.']
    """
    out, start = [], 0
    for m in _CONCESSION.finditer(part):
        if _opposed(part[start:m.start()], part[m.end():]):
            out.append(part[start:m.start()])
            start = m.end()
    return [*out, part[start:]]


def _opposed(before: str, concession: str) -> bool:
    """Whether a concessive clause and what precedes it take opposite sides: one praises (:func:`pipeline.detect.praises`,
    which reads the affect lexicon, as detection does) and the other does not. A complaint with its circumstance
    ("Składka wzrosła o 40 procent" / "chociaż nie miałem żadnej szkody") praises on neither side."""
    return praises(before, "") != praises(_OPENS_CONCESSION.sub("", concession, count=1), "")


def _join_short(parts: list[str], min_before: int, min_after) -> list[str]:
    """Parts with a part that leans (:func:`_leans` with ``min_after(part)`` words) joined to the one before it, and
    the part after one that leans (with ``min_before`` words) joined to it."""
    out: list[str] = []
    for p in (p.strip() for p in parts):
        if not p:
            continue
        if out and (_leans(p, min_after(p)) or _leans(out[-1], min_before)):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


def cut_after_title(text: str, title_chars: int, cut) -> list[str]:
    """``cut(text)``, but the first ``title_chars`` characters (a review's title, :func:`title_end`) are cut off first
    and joined to the first part of the rest: the rest is cut as it would be without them.

    Example:
        >>> text = "Torn upholstery on arrival. The sofa arrived torn. Support never replied."
        >>> cut_after_title(text, 27, split_units)
        ['Torn upholstery on arrival. The sofa arrived torn.', 'Support never replied.']
        >>> cut_after_title(text, 0, split_units)
        ['Torn upholstery on arrival.', 'The sofa arrived torn.', 'Support never replied.']
    """
    if not title_chars:
        return cut(text)
    first, *rest = cut(text[title_chars:].strip())
    return [f"{text[:title_chars]} {first}", *rest]


def segment_id(doc_id: str, record_index: int, chunk_index: int, text: str) -> str:
    h = hashlib.sha1(f"{doc_id}\x1f{record_index}\x1f{chunk_index}\x1f{text}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    cfg = ctx.cfg.segment
    by_unit = set(cfg.split_sources)
    blank = pd.Series("", index=segments.index)
    sources = segments["source_type"].astype(str) if "source_type" in segments else blank
    channels = segments["channel"].astype(str) if "channel" in segments else blank
    titles = segments["meta_title"].fillna("").astype(str) if "meta_title" in segments else blank

    def by_units(t: str) -> list[str]:
        return [c for u in split_units(t, cfg.min_words) for c in chunk_text(u, cfg.max_chars, cfg.min_chars)]

    def by_chunks(t: str) -> list[str]:
        return chunk_text(t, cfg.max_chars, cfg.min_chars)

    pieces = [cut_after_title(t, title_end(title, t) if src == "review" else 0,
                              by_units if (src in by_unit or ch in by_unit) and role == "customer" else by_chunks)
              for t, src, ch, role, title in zip(segments["text"].tolist(), sources, channels,
                                                 segments["role"].tolist(), titles)]
    counts = [len(p) for p in pieces]
    out = segments.loc[segments.index.repeat(counts)].reset_index(drop=True)
    out["text"] = [c for p in pieces for c in p]
    out["chunk_index"] = [i for n in counts for i in range(n)]
    out["segment_id"] = [segment_id(d, int(r), int(c), t) for d, r, c, t in
                         zip(out["doc_id"], out["record_index"], out["chunk_index"], out["text"])]
    out["is_customer"] = out["role"].eq("customer")
    cols = ["segment_id"] + [c for c in out.columns if c != "segment_id"]
    return out[cols]
