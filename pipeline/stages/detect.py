"""Classify customer segments as question, pain_point, request, praise or other.

The classifier is in :mod:`pipeline.detect`; this stage applies it to customer rows and leaves
others empty. Pain points also get ``barrier``: ``company`` (caused by the business) or
``customer`` (on the customer's side: budget, partner, time, skills). ``need`` is the sentence in
which a customer states what they wanted, needed or looked for (:mod:`pipeline.detect._needs`;
empty when none), whatever the kind: "I needed it before Christmas and it came on the 28th" is a
pain point that states a need. A review's star rating is read too: a one- or two-star review with no
positive word is not praise. Russian written in Latin letters is read in its Cyrillic spelling
(:func:`pipeline.translit.model_text`), as the affect stage reads it, and a review's part headed by a short title is read
without it where the rest takes a side, as the affect stage reads it (:func:`pipeline.affect.headed_bodies`).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from pipeline.cache import cached_stage_rows, row_key
from pipeline.translit import model_text

NAME = "detect"
VERSION = "50"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('detect', 'embed')
BLOCK = 50_000  # rows per prediction block (bounds memory; results do not depend on it)
REQUIRES = ("text", "lang", "is_customer", "sentiment", "sentiment_score", "rating")
ASSIGNS = ("kind", "kind_confidence", "barrier", "need")
PER_ROW = True  # may run on partitions (Dask executor)


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    from pipeline.detect import RULE_FILES, Detector, need_statement
    from pipeline.affect import headed_bodies

    out = segments.copy()
    mask = out["is_customer"].to_numpy(bool)
    from pipeline.stages.embed import embed_texts, head_space

    det = ctx.artifacts.get("detector") or Detector(ctx.cfg.detect, embedder=head_space(ctx))
    ctx.artifacts["detector"] = det
    emb = ctx.artifacts.get("embeddings")
    idx = np.flatnonzero(mask)
    texts, langs = out["text"].to_numpy(), out["lang"].to_numpy()
    scores = out["sentiment_score"].astype(float).to_numpy()
    ratings = pd.to_numeric(out["rating"], errors="coerce").to_numpy(float)  # a low one vetoes praise
    bodies = headed_bodies(out)

    def predict(pos: np.ndarray) -> pd.DataFrame:
        b = idx[pos]
        # transliterated Russian in Cyrillic, for the Russian cues and the lexicon ("uzhe nedelyu zhdu"); what a short
        # title heads without the title, embedded again (cached)
        read = [model_text(body or str(t)) for t, body in zip(texts[b], bodies[b])]
        vecs = emb[b].astype(np.float32) if emb is not None else None
        titled = np.flatnonzero(bodies[b] != "")
        if vecs is not None and len(titled):
            vecs[titled] = embed_texts([read[i] for i in titled], ctx, label="titled parts")
        return det.predict(read, [str(x) for x in langs[b]], scores[b].tolist(), vecs, ratings[b].tolist())

    keys = [row_key(lang, score, rating, body, text) for text, lang, score, rating, body
            in zip(texts[idx], langs[idx], scores[idx], ratings[idx], bodies[idx])]
    # blocks of distinct rows: the head's features are float64, and a million rows at once would need ~10 GB;
    # detection reads its head, the affect lexicon (its rules and word lists), the courtesy phrases and the survey
    # non-answers too
    pred = cached_stage_rows(sys.modules[__name__], ctx, keys, predict,
                             ("resources/detect", "affect", "resources/affect", *RULE_FILES), block=BLOCK)
    out["kind"] = ""
    out["kind_confidence"] = float("nan")
    out["barrier"] = ""
    out.loc[mask, "kind"] = pred["kind"].to_numpy()
    out.loc[mask, "kind_confidence"] = pred["kind_confidence"].to_numpy().astype(float).round(4)
    out.loc[mask, "barrier"] = pred["barrier"].to_numpy()
    out["need"] = ""
    out.loc[mask, "need"] = [need_statement(str(t)) for t in texts[idx]]
    if "source_type" in out and ("meta_question" in out or "meta_review_part" in out):
        _read_with_question(out, mask)
    return out


# a review's pros and cons columns ask as a survey's questions do: "What did you like?" / "What went wrong?"
_REVIEW_PART_ASKS = {"pros": "praise", "cons": "problem"}


def _read_with_question(out: pd.DataFrame, mask: np.ndarray) -> None:
    """A survey answer is read with its question: "What could we improve?" makes a flat answer a
    request, "What went wrong?" a pain point, "What did you like?" praise, and an answer to "Why this score?"
    that praises is praise (see :func:`pipeline.detect.survey_kind`); a review's cons ("Маломерит на размер" under
    "Недостатки") is read as the answer to "What went wrong?", its pros as the answer to "What did you
    like?". The confidence of a kind set this way is a rule's, 0.6."""
    from pipeline.detect import RULE_CONFIDENCE, barrier_side, survey_kind, survey_question_kind

    source = out["source_type"].astype(str).to_numpy()
    question = (out["meta_question"].fillna("").astype(str).to_numpy() if "meta_question" in out
                else np.full(len(out), "", dtype=object))
    part = (out["meta_review_part"].fillna("").astype(str).to_numpy() if "meta_review_part" in out
            else np.full(len(out), "", dtype=object))
    survey = mask & (source == "survey")
    reviewed = mask & (source == "review") & np.isin(part, list(_REVIEW_PART_ASKS))
    rows = np.flatnonzero(survey | reviewed)
    if not len(rows):
        return
    asked = {q: survey_question_kind(q) for q in set(question[survey])}
    asks = [asked[question[r]] if survey[r] else _REVIEW_PART_ASKS[part[r]] for r in rows]
    kinds = out["kind"].iloc[rows].astype(str).to_numpy()
    texts = out["text"].iloc[rows].astype(str).to_numpy()
    scores = pd.to_numeric(out["sentiment_score"].iloc[rows], errors="coerce").fillna(0.0).to_numpy()
    langs = (out["lang"].iloc[rows].fillna("").astype(str).to_numpy() if "lang" in out
             else np.full(len(rows), "", dtype=object))
    new = np.array([survey_kind(k, a, t, s, lang) for k, a, t, s, lang in zip(kinds, asks, texts, scores, langs)],
                   dtype=object)
    hit = new != kinds
    if hit.any():
        idx = out.index[rows[hit]]
        out.loc[idx, "kind"] = new[hit]
        out.loc[idx, "kind_confidence"] = RULE_CONFIDENCE
        out.loc[idx, "barrier"] = [barrier_side(t) if k == "pain_point" else "" for k, t in zip(new[hit], texts[hit])]
