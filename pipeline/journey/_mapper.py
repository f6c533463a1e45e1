"""Zero-shot stage mapping: compare each segment with stage descriptions and examples.

Each stage is represented by its description and its examples (from the stage file and from an
optional user CSV), embedded with the run's embedder; a segment's score for a stage is a mix of
its similarity to the description and to the nearest example. Scores are centred per segment and
turned into probabilities with a softmax whose temperature adapts to the embedder's cosine spread.
The source adds a mild prior by phase (a review is usually written after the purchase).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from pipeline.journey._stages import StageModel

__all__ = ["StageMapper", "PHASE_PRIOR"]

# source_type -> phase -> multiplier on the stage probability
PHASE_PRIOR = {
    "review": {"before": 0.7, "during": 1.0, "after": 1.15},
    "social": {"before": 1.1, "during": 1.0, "after": 1.0},
}


class StageMapper:
    """Map texts to stages of a :class:`StageModel`.

    Args:
        model: The stage model.
        embed: Function embedding a list of texts into normalised rows.
        examples: Extra (text, stage_id) pairs, e.g. from the user's labelled CSV.
        min_confidence: Below this probability the segment is ``unmapped``.
    """

    def __init__(self, model: StageModel, embed: Callable[[list[str]], np.ndarray],
                 examples: list[tuple[str, str]] | None = None, min_confidence: float = 0.0):
        self.model = model
        self.min_confidence = min_confidence
        ids = model.ids
        desc_texts = [f"{s.name}: {s.description}" for s in model.stages]
        ex = [(e, s.id) for s in model.stages for e in s.examples] + list(examples or [])
        vecs = embed(desc_texts + [t for t, _ in ex])
        self.desc_ = vecs[: len(ids)]
        self.ex_vecs_ = vecs[len(ids):]
        self.ex_stage_ = np.array([ids.index(s) for _, s in ex], dtype=int) if ex else np.zeros(0, int)
        sims = self.desc_ @ self.desc_.T
        off = sims[~np.eye(len(ids), dtype=bool)] if len(ids) > 1 else np.array([0.0])
        # temperature from the spread of stage-to-stage similarity: crowded cosines need a sharper softmax
        self.temperature_ = float(max(0.01, min(0.1, (1.0 - off.mean()) / 8)))

    def scores(self, X: np.ndarray) -> np.ndarray:
        """Raw similarity per (row, stage)."""
        S = X @ self.desc_.T
        if len(self.ex_stage_):
            E = X @ self.ex_vecs_.T
            best = np.full_like(S, -1.0)
            for j in range(S.shape[1]):
                cols = self.ex_stage_ == j
                if cols.any():
                    best[:, j] = E[:, cols].max(axis=1)
            has = best > -1.0
            S = np.where(has, 0.4 * S + 0.6 * best, S)
        return S

    def predict_proba(self, X: np.ndarray, source_types: list[str] | None = None) -> np.ndarray:
        S = self.scores(X)
        Z = (S - S.max(axis=1, keepdims=True)) / self.temperature_
        P = np.exp(Z)
        if source_types is not None:
            phases = [s.phase for s in self.model.stages]
            prior = np.array([[PHASE_PRIOR.get(st, {}).get(ph, 1.0) for ph in phases] for st in source_types])
            P = P * prior
        return P / P.sum(axis=1, keepdims=True)

    def predict(self, X: np.ndarray, source_types: list[str] | None = None) -> tuple[list[str], np.ndarray]:
        """Stage id (or ``unmapped``) and confidence per row."""
        if len(X) == 0:
            return [], np.zeros(0)
        P = self.predict_proba(X, source_types)
        best = P.argmax(axis=1)
        conf = P[np.arange(len(P)), best]
        ids = self.model.ids
        labels = [ids[b] if c >= self.min_confidence else "unmapped" for b, c in zip(best, conf)]
        return labels, conf
