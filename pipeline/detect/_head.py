"""The trained detection head: numpy-only inference of a logistic regression on embeddings + cues.

Weights are trained by ``scripts/train_detect.py`` on the seed examples in
``pipeline/resources/detect/seeds.csv`` and shipped per embedder (``head_<embedder>.npz``); a head
is used only with the embedder it was trained on.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.detect._rules import RULE_FEATURES, rule_features

__all__ = ["DetectHead", "features", "head_path", "RESOURCES"]

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "detect"
RULE_SCALE = 1.0  # cue features are 0/1 next to a unit-norm embedding; 1.0 lets them matter as much as it
SENTIMENT_SCALE = 1.0


def head_path(embedder: str) -> Path:
    """Where the head for an embedder lives (``sentence-transformers:x/y`` -> ``head_sentence-transformers_x_y.npz``)."""
    return RESOURCES / f"head_{re.sub(r'[^A-Za-z0-9.-]+', '_', embedder)}.npz"


def features(texts: list[str], embeddings: np.ndarray, sentiment: np.ndarray | None = None) -> np.ndarray:
    """Embedding columns, the scaled rule cues, then the sentiment score (0 when unknown), one row per text.

    Args:
        texts: Segments.
        embeddings: Row-aligned vectors.
        sentiment: Sentiment scores in [-1, 1] from :mod:`pipeline.affect` (NaN or None = unknown).
    """
    cues = np.vstack([rule_features(t) for t in texts]) if len(texts) else np.zeros((0, len(RULE_FEATURES)))
    s = np.zeros(len(texts)) if sentiment is None else np.nan_to_num(np.asarray(sentiment, dtype=np.float64), nan=0.0)
    return np.hstack([np.asarray(embeddings, dtype=np.float64), RULE_SCALE * cues, SENTIMENT_SCALE * s[:, None]])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class DetectHead:
    """Kind and barrier heads for one embedder.

    Args:
        path: An ``.npz`` written by ``scripts/train_detect.py``.
    """

    def __init__(self, path: Path):
        with np.load(path, allow_pickle=False) as z:
            self.embedder = str(z["embedder"])
            self.dim = int(z["dim"])
            self.kinds = tuple(str(k) for k in z["kinds"])
            self.W, self.b = z["W"].astype(np.float64), z["b"].astype(np.float64)
            self.barrier_w, self.barrier_b = z["barrier_w"].astype(np.float64), float(z["barrier_b"])
            self.affect = str(z["affect"]) if "affect" in z else ""
            # Per-language offsets to the class log-odds, calibrated on out-of-fold seed scores by
            # scripts/train_detect.py; languages without an entry (und, de, ...) get none.
            self.bias = ({str(g): z["bias"][i].astype(np.float64) for i, g in enumerate(z["bias_langs"]) if str(g)}
                         if "bias" in z else {})
            if tuple(str(f) for f in z["rule_features"]) != RULE_FEATURES:
                raise ValueError(f"{path} was trained with other rule features; re-run scripts/train_detect.py")

    @staticmethod
    @lru_cache(maxsize=8)
    def load(embedder: str) -> "DetectHead | None":
        """The shipped head for an embedder, or None if there is none."""
        p = head_path(embedder)
        return DetectHead(p) if p.exists() else None

    def predict_proba(self, X: np.ndarray, langs: list[str] | None = None) -> np.ndarray:
        """Class probabilities (columns in :attr:`kinds` order) for feature rows from :func:`features`.

        Args:
            X: Feature rows.
            langs: Row-aligned language codes; when given, the per-language offsets apply.
        """
        Z = X @ self.W.T + self.b
        if langs is not None and self.bias:
            Z = Z + np.vstack([self.bias.get(g, np.zeros(len(self.kinds))) for g in langs])
        return _softmax(Z)

    def customer_barrier_proba(self, X: np.ndarray) -> np.ndarray:
        """Probability that a pain point's obstacle is on the customer's side."""
        return 1.0 / (1.0 + np.exp(-(X @ self.barrier_w + self.barrier_b)))
