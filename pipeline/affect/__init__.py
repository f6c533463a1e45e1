"""Sentiment and fine-grained emotions for customer texts in English, Polish and Russian.

``AffectModel(cfg).predict(texts, langs, embeddings, ratings)`` returns, per text, a sentiment
label and score in [-1, 1], the emotions above threshold and one probability per label of the
chosen taxonomy (``cx`` by default, ``goemotions``, or a custom mapping onto either).
``aggregate(df, by, labels)`` summarises tagged segments per document / theme / stage / touchpoint.

The trained heads and thresholds live in ``pipeline/resources/affect`` and are rebuilt by
``scripts/train_affect.py``; ``benchmarks/affect.py`` measures them.
"""

from pipeline.affect._aggregate import aggregate
from pipeline.affect._model import RESOURCES, AffectConfig, AffectModel
from pipeline.affect._rules import SHORT_PHRASE, headed_bodies, load_lexicon, text_evidence
from pipeline.affect._taxonomy import (CX_LABELS, CX_SENTIMENT, EKMAN, GOEMOTIONS_LABELS, GOEMOTIONS_TO_CX,
                                       TAXONOMIES, resolve_custom)

__all__ = ["AffectConfig", "AffectModel", "aggregate", "TAXONOMIES", "CX_LABELS", "GOEMOTIONS_LABELS",
           "EKMAN", "GOEMOTIONS_TO_CX", "CX_SENTIMENT", "resolve_custom", "load_lexicon", "text_evidence", "RESOURCES",
           "headed_bodies", "SHORT_PHRASE"]
