"""Zero-shot stage mapping: compare each segment with stage descriptions, examples and keywords.

Evidence per (segment, stage), combined as a sum of log-scores and turned into probabilities:

1. **Meaning.** Each stage is represented by its description and its examples (stage file plus
   the user's labelled CSV), embedded with the run's embedder. Small multilingual encoders put
   every sentence in a narrow cone (cosines 0.75-0.9), so vectors are *centred* first: the mean of
   the stage centroids is subtracted and rows re-normalised, which spreads the cosines and lets a
   Polish example vote for English text. A stage's score mixes the similarity to its description,
   to its centroid and the mean of its ``top_k`` nearest examples.
2. **Words.** Each stage's ``keywords`` (regexes at word start, any language) add
   ``keyword_weight * log1p(hits)``: short phrases such as "promo code", "zwrot" or "продлил"
   carry a stage more reliably than a 384-d average of the whole sentence.
3. **Source.** A mild prior by phase: a review is usually written after the purchase, about the
   during and after phases (``PHASE_PRIOR``), a social post often before.
4. **Tenure.** A text saying the customer has been one for years ("I've been a member for three
   years", "Jestem członkiem od 2019", "уже четыре года хожу") takes ``tenure_weight`` from every
   stage before the ``after`` phase: said in an interview's first answer, it had been pulled to
   'First weeks' or 'Discovery' by the interview position (the fitness-club dogfood's long-time
   members: 0.50 of their interview turns placed right, 0.65 with it).
5. **What if.** A question about what would happen if something happened ("If I go annual and it's
   not for me, do I get the rest refunded?", "A jak ślub się przesunie, to zaliczka przepada?",
   "если посылка потеряется, вы компенсируете?"; :func:`pipeline.journey._context.asks_what_if`)
   adds ``what_if_weight`` to every stage of the ``before`` phase: the customer is weighing terms
   before buying, and the refund or the breakage it names had pulled it to support (pooled over
   gold, the two holdouts, dev_independent and the labelled conversations 0.711 -> 0.719).

The result is deterministic for the same inputs (no sampling, no batch statistics: each row is
scored on its own, so a segment gets the same stage whatever else is in the table).
:meth:`StageMapper.predict_conversation` adds the evidence of the segment's own document: the
interviewer's or agent's question before a short answer (for a survey answer, its question), the
position in an interview, the previous customer turn and the time since (see
:mod:`pipeline.journey._context`).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from pipeline.errors import ConfigError
from pipeline.journey._context import (ContextParams, answers_questions, asks_something, asks_what_if, contentless_anchors, context_logits, conversation_context,
                                      customer_flags, introduces_oneself, is_contentless, says_yes_or_no, states_tenure,
                                      survey_answers)
from pipeline.journey._stages import StageModel, compile_keywords, fold

__all__ = ["StageMapper", "PHASE_PRIOR"]

# source_type -> phase -> multiplier on the stage probability (applied as a log-prior). A review is written after the purchase about
# what came after it: in the default journey that is use, support and loyalty (after), but in a stay, a course or a trip the product
# is used in the during phase and the after phase is leaving. With during at 1.0, a short-stay flat's praise of the cleanliness and
# the host had gone to its 'Check-out & after' (dogfood 17b: stage 0.854 -> 0.905); at 1.15 the seven labelled stage sets are unchanged
# (1.25 costs one row of them).
PHASE_PRIOR = {
    "review": {"before": 0.6, "during": 1.15, "after": 1.25},
    "social": {"before": 1.15, "during": 0.95, "after": 1.0},
    "chat": {"before": 1.0, "during": 1.05, "after": 1.05},
}


def _normalise(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return x / n


class StageMapper:
    """Map texts to the stages of a :class:`StageModel`.

    Args:
        model: The stage model.
        embed: Function embedding a list of texts into L2-normalised rows (the run's embedder).
        examples: Extra ``(text, stage_id)`` pairs, e.g. from the user's labelled CSV. They join the
            stage file's examples (weight ``user_example_weight``) in the nearest-example score.
        min_confidence: Below this probability a segment is ``unmapped``.
        top_k: Nearest examples averaged per stage.
        weights: Mix of ``(description, centroid, nearest examples)`` similarities.
        temperature: Softmax temperature on the centred cosine scale.
        keyword_weight: Log-odds added per ``log1p(keyword hits)``; 0 disables keywords.
        use_prior: Apply the source-type phase prior.
        user_example_weight: Weight of a user example relative to a stage-file example. On the gold
            set, 5 examples per stage from other businesses changed accuracy by < 1 point; raise it
            when the user's examples are many and typical of their own data.
        tenure_weight: Log-odds taken from every stage before the ``after`` phase when a text says the
            customer has been one for years (:func:`pipeline.journey._context.states_tenure`); 0 disables it.
        what_if_weight: Log-odds added to every stage of the ``before`` phase when a text asks what would happen if
            (:func:`pipeline.journey._context.asks_what_if`); 0 disables it.

    Example:
        >>> from pipeline.embedders import get_embedder
        >>> from pipeline.journey import load_stage_model
        >>> m = StageMapper(load_stage_model("default"), get_embedder("fake").embed)   # keywords place it, whatever the vectors
        >>> m.predict_texts(["The promo code failed at checkout"])[0]
        ['purchase']
    """

    def __init__(self, model: StageModel, embed: Callable[[list[str]], np.ndarray],
                 examples: Sequence[tuple[str, str]] | None = None, min_confidence: float = 0.0, *,
                 top_k: int = 3, weights: tuple[float, float, float] = (0.3, 0.3, 0.4), temperature: float = 0.12,
                 keyword_weight: float = 2.0, use_prior: bool = True, user_example_weight: float = 1.0,
                 tenure_weight: float = 1.5, what_if_weight: float = 1.5):
        self.model = model
        self.embed = embed
        self.examples = list(examples or [])
        self.min_confidence = min_confidence
        self.top_k = top_k
        self.weights = weights
        self.temperature = temperature
        self.keyword_weight = keyword_weight
        self.use_prior = use_prior
        self.user_example_weight = user_example_weight
        self.tenure_weight = tenure_weight
        self.what_if_weight = what_if_weight
        self._fit()

    # -- fitting -----------------------------------------------------------------------------
    def _fit(self) -> None:
        model, ids = self.model, self.model.ids
        index = {s: i for i, s in enumerate(ids)}
        unknown = sorted({s for _, s in self.examples} - set(ids))
        if unknown:
            raise ConfigError(f"Labelled examples use unknown stage id(s) {unknown}. Valid stages: {ids}.")
        desc_texts = [f"{s.name}: {s.description}" for s in model.stages]
        ex = [(e, index[s.id], 1.0) for s in model.stages for e in s.examples]
        ex += [(t, index[s], self.user_example_weight) for t, s in self.examples if str(t).strip()]
        vecs = np.asarray(self.embed(desc_texts + [t for t, _, _ in ex]), dtype=np.float32)
        desc, exv = vecs[: len(ids)], vecs[len(ids):]
        ex_stage = np.array([j for _, j, _ in ex], dtype=int)
        ex_w = np.array([w for _, _, w in ex], dtype=np.float32)
        # stage centroids from description + examples; their mean is the "generic customer sentence"
        cents = []
        for j in range(len(ids)):
            rows = [desc[j]] + ([exv[ex_stage == j].mean(axis=0)] if (ex_stage == j).any() else [])
            cents.append(np.mean(rows, axis=0))
        self.mean_ = np.mean(cents, axis=0).astype(np.float32)
        self.desc_ = _normalise(desc - self.mean_)
        self.ex_vecs_ = _normalise(exv - self.mean_) if len(exv) else np.zeros((0, desc.shape[1]), np.float32)
        self.ex_stage_ = ex_stage
        self.ex_weight_ = ex_w
        self.centroid_ = _normalise(np.array([
            np.average(np.vstack([self.desc_[j:j + 1], self.ex_vecs_[ex_stage == j]]), axis=0,
                       weights=np.concatenate([[1.0], ex_w[ex_stage == j]]))
            for j in range(len(ids))]))
        self.keywords_ = [compile_keywords(s.keywords, f"stage '{s.id}' in '{model.source}'") for s in model.stages]
        self.phases_ = [s.phase for s in model.stages]
        self.kw_cache_: dict[str, np.ndarray] = {}  # text -> keyword hits per stage (see keyword_hits)

    # -- scoring -----------------------------------------------------------------------------
    def centre(self, X: np.ndarray) -> np.ndarray:
        """Centre and re-normalise embeddings into the mapper's space."""
        return _normalise(np.asarray(X, dtype=np.float32) - self.mean_)

    def similarity(self, X: np.ndarray) -> np.ndarray:
        """Meaning score per (row, stage) on the centred cosine scale."""
        Xc = self.centre(X)
        wd, wc, we = self.weights
        S = wd * (Xc @ self.desc_.T) + wc * (Xc @ self.centroid_.T)
        if len(self.ex_stage_):
            E = Xc @ self.ex_vecs_.T
            near = np.zeros_like(S)
            for j in range(S.shape[1]):
                cols = np.flatnonzero(self.ex_stage_ == j)
                if not len(cols):
                    near[:, j] = S[:, j] / max(wd + wc, 1e-9)
                    continue
                k = min(self.top_k, len(cols))
                sims = E[:, cols]
                w = self.ex_weight_[cols]
                top = np.argsort(-sims, axis=1, kind="stable")[:, :k]
                ts = np.take_along_axis(sims, top, axis=1)
                tw = w[top]
                near[:, j] = (ts * tw).sum(axis=1) / tw.sum(axis=1)
            S = S + we * near
        else:
            S = S / max(wd + wc, 1e-9)
        return S

    def keyword_hits(self, texts: Sequence[str]) -> np.ndarray:
        """Number of keyword matches per (text, stage)."""
        H = np.zeros((len(texts), len(self.keywords_)), dtype=np.float32)
        # ~1 ms a text (hundreds of alternatives per stage): remember the counts per text, so that the
        # conversation pass (predict_conversation) and repeated short texts ("ok", "dzięki") cost nothing
        cache = self.kw_cache_
        for i, t in enumerate(texts):
            t = t if isinstance(t, str) else ""
            row = cache.get(t)
            if row is None:
                folded = fold(t)
                row = np.array([len(rx.findall(folded)) if rx is not None else 0 for rx in self.keywords_], np.float32)
                if len(cache) < 500_000:
                    cache[t] = row
            H[i] = row
        return H

    def log_prior(self, source_types: Sequence[str]) -> np.ndarray:
        """Log prior per (row, stage) from the source type and the stage's phase."""
        return np.log(np.array([[PHASE_PRIOR.get(st, {}).get(ph, 1.0) for ph in self.phases_] for st in source_types],
                               dtype=np.float32).reshape(len(source_types), len(self.phases_)))

    def logits(self, X: np.ndarray, source_types: Sequence[str] | None = None,
               texts: Sequence[str] | None = None) -> np.ndarray:
        """Combined log-scores per (row, stage) before the softmax."""
        L = self.similarity(X) / self.temperature
        if texts is not None and self.keyword_weight:
            if len(texts) != len(L):
                raise ValueError(f"texts has {len(texts)} rows but X has {len(L)}.")
            L = L + self.keyword_weight * np.log1p(self.keyword_hits(texts))
        if texts is not None:
            # "I've been a member for three years": the journey's late phase, whatever the sentence is about besides;
            # "If it doesn't fit, do I get my money back?": its early phase
            L = L - self._phase_cue(texts, states_tenure, self.tenure_weight, [ph != "after" for ph in self.phases_])
            L = L + self._phase_cue(texts, asks_what_if, self.what_if_weight, [ph == "before" for ph in self.phases_])
        if source_types is not None and self.use_prior:
            L = L + self.log_prior(source_types)
        return L

    def _phase_cue(self, texts: Sequence[str], cue: Callable[[str], bool], weight: float, stages: Sequence[bool]) -> np.ndarray:
        """``weight`` per (row, stage) where the row's text shows ``cue`` and the stage is one of ``stages``, else 0.

        Example:
            >>> from pipeline.embedders import get_embedder
            >>> from pipeline.journey import load_stage_model
            >>> m = StageMapper(load_stage_model("default"), get_embedder("fake").embed)
            >>> m._phase_cue(["Do I get a refund if it doesn't fit?", "It broke"], asks_what_if, 1.5, [True, False] * 4)[:, :2]
            array([[1.5, 0. ],
                   [0. , 0. ]], dtype=float32)
        """
        stages = np.asarray(stages, dtype=bool)
        if not weight or not stages.any() or stages.all():
            return np.zeros((len(texts), len(stages)), np.float32)
        shown = np.array([cue(t) for t in texts], dtype=bool)
        return (weight * np.outer(shown, stages)).astype(np.float32)

    def predict_proba(self, X: np.ndarray, source_types: Sequence[str] | None = None,
                      texts: Sequence[str] | None = None) -> np.ndarray:
        """Probability per (row, stage).

        Args:
            X: Embeddings of the segments, row-aligned with ``source_types`` and ``texts``.
            source_types: ``interview | chat | review | social | table`` per row (phase prior), optional.
            texts: The segments' texts (keyword evidence), optional but recommended.
        """
        L = self.logits(X, source_types, texts)
        Z = L - L.max(axis=1, keepdims=True)
        P = np.exp(Z)
        return P / P.sum(axis=1, keepdims=True)

    def predict(self, X: np.ndarray, source_types: Sequence[str] | None = None,
                texts: Sequence[str] | None = None) -> tuple[list[str], np.ndarray]:
        """Stage id (or ``unmapped``) and confidence per row.

        Args:
            X: Embeddings (n, dim) from the same embedder the mapper was built with.
            source_types: Optional source type per row, for the phase prior.
            texts: Optional text per row, for the keyword evidence. Pass it: on the gold set it lifts
                accuracy from 0.52 (embeddings only) to 0.73.

        Returns:
            ``(labels, confidence)``: a stage id or ``"unmapped"`` when the confidence is below
            ``min_confidence``, and the winning probability.
        """
        if len(X) == 0:
            return [], np.zeros(0)
        P = self.predict_proba(X, source_types, texts)
        best = P.argmax(axis=1)
        conf = P[np.arange(len(P)), best]
        ids = self.model.ids
        labels = [ids[b] if c >= self.min_confidence else "unmapped" for b, c in zip(best, conf)]
        return labels, conf

    def predict_conversation(self, frame, X: np.ndarray | None = None, mask: np.ndarray | None = None,
                             params: ContextParams | None = None) -> tuple[list[str], np.ndarray]:
        """Stage per segment using its conversation: prompt, position, previous turn and time gap.

        Args:
            frame: The segment table (all roles: interviewer and agent turns are the context), with
                ``doc_id``, ``turn_index``, ``text``, ``source_type``, ``is_customer`` (or ``role``) and
                optionally ``timestamp`` and ``meta_question`` (a survey answer's question, its
                prompt). Row order does not matter.
            X: Embeddings of the rows selected by ``mask`` (in table order); embedded here if None.
            mask: Rows to score (default: customer rows).
            params: Weights of the conversation evidence (default :class:`ContextParams`).

        Returns:
            ``(labels, confidence)`` aligned with ``frame``: a stage id or ``unmapped`` for scored
            rows, ``""`` and NaN for the others.

        Example:
            >>> import pandas as pd
            >>> from pipeline.embedders import get_embedder
            >>> from pipeline.journey import load_stage_model
            >>> mapper = StageMapper(load_stage_model("default"), get_embedder("e5-small").embed)
            >>> t = pd.DataFrame({"doc_id": ["i1", "i1"], "turn_index": [0, 1], "source_type": "interview",
            ...                   "is_customer": [False, True],
            ...                   "text": ["How long did the delivery take?", "About two weeks, I think."]})
            >>> mapper.predict_texts(["About two weeks, I think."], ["interview"])[0]   # alone
            ['use']
            >>> mapper.predict_conversation(t)[0]                                       # with its question
            ['', 'onboarding']
        """
        params = params or ContextParams()
        n = len(frame)
        if mask is None:
            mask = customer_flags(frame)
        mask = np.asarray(mask, bool)
        idx = np.flatnonzero(mask)
        labels, conf = [""] * n, np.full(n, np.nan)
        if not len(idx):
            return labels, conf
        texts = frame["text"].fillna("").astype(str).to_numpy()
        sub_texts = texts[idx].tolist()
        if X is None:
            X = self.embed(sub_texts)
        X = np.asarray(X, dtype=np.float32)
        if len(X) != len(idx):
            raise ValueError(f"X has {len(X)} rows but {len(idx)} rows are selected for scoring.")
        ctx = conversation_context(frame, params.min_interview_turns, survey_questions=True)
        sub = ctx.iloc[idx].copy()
        # previous customer turn: from a table position to a position among the scored rows
        where = np.full(n, -1, dtype=int)
        where[idx] = np.arange(len(idx))
        sub["prev"] = [where[p] if p >= 0 else -1 for p in sub["prev"].to_numpy(int)]
        src = frame["source_type"].fillna("").astype(str).to_numpy()[idx].tolist() if "source_type" in frame else None
        # "спасибо", "ok", "No problem, bye!", a bot's rating "5", an order number: no stage of their own (they had made 'loyalty' a
        # chat's emotional high point); they take the stage of the conversation's nearest turn with content, and are
        # passed over as the previous turn. An interview or survey answer keeps its question ("Отлично." to "How is the
        # app now?", "5" to "Would you recommend us?"), and so does a yes or no in a chat ("nope, that's all" to "Anything else?");
        # one to a turn that asks nothing ("Great, thanks again, bye." -> "No problem, bye!") or only small talk ("Can you hear me?" ->
        # "Yes, all good.") has no question to keep and is passed over.
        # A turn that only says who is speaking ("I'm the rostering manager at
        # St Brigid's", "Jestem kierowniczką zmiany", "We have about 320 stores") answers "Tell me about your role", which places
        # nothing: it takes its neighbour's stage, not the awareness an interview's first answer is pulled to.
        empty = np.array([is_contentless(t) for t in sub_texts], dtype=bool)
        if src is not None:
            asked = np.array([asks_something(p) for p in sub["prompt"].tolist()], dtype=bool) | survey_answers(frame)[idx]
            empty &= ~(asked & (answers_questions(src) | np.array([says_yes_or_no(t) for t in sub_texts], dtype=bool)))
        empty |= np.array([introduces_oneself(t) for t in sub_texts], dtype=bool)
        sub["prev"], sub["gap_days"], anchor = contentless_anchors(sub["prev"].to_numpy(int), sub["gap_days"].to_numpy(float), empty)
        L = self.logits(X, src, sub_texts)
        prompts = sub["prompt"].tolist()
        PL = None
        # only prompts of answers short enough to take anything from them are scored (embedding + keywords)
        short = [len(t.split()) < params.max_answer_words for t in sub_texts]
        prompts = [p if s else "" for p, s in zip(prompts, short)]
        uniq = sorted({p for p in prompts if p})
        if uniq and params.question_weight:
            # the prompt's own stage evidence (meaning + keywords; no source prior: it is not a customer)
            PU = self.logits(np.asarray(self.embed(uniq), dtype=np.float32), None, uniq)
            row = {p: j for j, p in enumerate(uniq)}
            # a survey question the mapper cannot place itself ("What could we improve?") is no
            # evidence: asked of every respondent, its lean would move many answers one way (see _context)
            PP = np.exp(PU - PU.max(axis=1, keepdims=True))
            placed = PP.max(axis=1) / PP.sum(axis=1) >= params.min_survey_question_lift / PU.shape[1]
            survey = survey_answers(frame)[idx]
            prompts = [p if p and (placed[row[p]] or not s) else "" for p, s in zip(prompts, survey)]
            sub["prompt"] = prompts
            PL = np.zeros_like(L)
            for i, p in enumerate(prompts):
                if p:
                    PL[i] = PU[row[p]]
        L = context_logits(L, sub, sub_texts, PL, params)
        Z = L - L.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        best = P.argmax(axis=1)
        c = P[np.arange(len(P)), best]
        ids = self.model.ids
        for j, i in enumerate(idx):
            a = anchor[j] if empty[j] else j
            labels[i] = ids[best[a]] if a >= 0 and c[a] >= self.min_confidence else "unmapped"
            conf[i] = c[a] if a >= 0 else 0.0
        return labels, conf

    def predict_texts(self, texts: Sequence[str], source_types: Sequence[str] | None = None) -> tuple[list[str], np.ndarray]:
        """Embed ``texts`` with the mapper's embedder and :meth:`predict` them."""
        texts = list(texts)
        X = self.embed(texts) if texts else np.zeros((0, self.desc_.shape[1]), np.float32)
        return self.predict(X, source_types, texts)
