"""Name themes: key phrases from lemmas (class-based TF-IDF), a readable label, central quotes."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from pipeline.text import lemmas

__all__ = ["key_phrases", "short_label", "representatives"]


def key_phrases(texts_by_theme: dict[int, list[tuple[str, str]]], top: int = 5) -> dict[int, list[str]]:
    """Top lemma unigrams and bigrams per theme by class-based TF-IDF (BERTopic's c-TF-IDF).

    Args:
        texts_by_theme: theme id -> list of (text, lang).
        top: Phrases per theme.
    """
    counts: dict[int, Counter] = {}
    for tid, items in texts_by_theme.items():
        c: Counter = Counter()
        for text, lang in items:
            lem = lemmas(text, lang)
            c.update(set(lem))
            c.update({f"{a} {b}" for a, b in zip(lem, lem[1:]) if a != b})
        counts[tid] = c
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
            scored.append((w, term))
        scored.sort(key=lambda x: (-x[0], x[1]))
        chosen: list[str] = []
        for _, term in scored:
            if any(term in t or t in term for t in chosen):
                continue
            chosen.append(term)
            if len(chosen) == top:
                break
        out[tid] = chosen
    return out


_WS = re.compile(r"\s+")


def short_label(text: str, max_chars: int = 80) -> str:
    """A quote shortened at a word boundary to fit a label."""
    t = _WS.sub(" ", text).strip()
    if len(t) <= max_chars:
        return t
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
    if len(idx) == 0:
        return []
    V = vectors[idx]
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
