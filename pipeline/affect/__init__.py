"""Sentiment and fine-grained emotions (interim minimal version; see issue 8 for the full model)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.config import option

__all__ = ["AffectConfig", "AffectModel", "TAXONOMIES"]

TAXONOMIES = {
    "cx": ["frustration", "shame", "relief", "pride", "uncertainty", "anxiety", "confidence", "surprise",
           "disappointment", "fear", "joy", "anger", "disgust", "trust", "suspicion", "neutral"],
}


@dataclass
class AffectConfig:
    taxonomy: str = option("cx", choices=("cx", "goemotions"), help="Emotion label set.")
    use_rating: bool = option(True, help="Use a review's star rating as evidence for sentiment.")


class AffectModel:
    """Interim: sentiment from rating only; emotions all neutral."""

    def __init__(self, cfg: AffectConfig):
        self.cfg = cfg
        self.labels = TAXONOMIES[cfg.taxonomy]

    def predict(self, texts, langs, embeddings=None, ratings=None) -> pd.DataFrame:
        n = len(texts)
        r = np.array([np.nan if x is None else x for x in (ratings if ratings is not None else [None] * n)], float)
        score = np.where(np.isnan(r), 0.0, r * 2 - 1)
        df = pd.DataFrame({
            "sentiment": np.where(score > 0.2, "positive", np.where(score < -0.2, "negative", "neutral")),
            "sentiment_score": score,
            "emotions": ["neutral"] * n,
        })
        for lab in self.labels:
            df[f"emo_{lab}"] = 1.0 if lab == "neutral" else 0.0
        df["rating_disagrees"] = False
        return df
