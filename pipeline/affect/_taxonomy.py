"""Emotion label sets and how they relate.

* ``cx`` (default): the customer-experience emotions practitioners ask about, plus ``neutral``.
* ``goemotions``: the 27 GoEmotions emotions plus ``neutral`` (Demszky et al. 2020).
* ``EKMAN``: the GoEmotions paper's grouping of its labels into Ekman's six basic emotions.
* ``GOEMOTIONS_TO_CX``: how much each GoEmotions label is evidence for a cx label; used to turn
  GoEmotions annotations into (soft) cx training targets. trust, suspicion and confidence have no
  GoEmotions counterpart and are learned from the hand-written seed examples and the lexicon.
* A *custom* taxonomy maps user labels onto labels of a base taxonomy (see :func:`resolve_custom`).
"""

from __future__ import annotations

from pipeline.errors import ConfigError

__all__ = ["CX_LABELS", "GOEMOTIONS_LABELS", "TAXONOMIES", "EKMAN", "GOEMOTIONS_TO_CX",
           "GOEMOTIONS_SENTIMENT", "CX_SENTIMENT", "VALENCE", "resolve_custom"]

CX_LABELS = ["frustration", "shame", "relief", "pride", "uncertainty", "anxiety", "confidence", "surprise",
             "disappointment", "fear", "joy", "anger", "disgust", "trust", "suspicion", "neutral"]

# Order = GoEmotions label ids 0..27 (labels.txt of the dataset).
GOEMOTIONS_LABELS = ["admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion",
                     "curiosity", "desire", "disappointment", "disapproval", "disgust", "embarrassment",
                     "excitement", "fear", "gratitude", "grief", "joy", "love", "nervousness", "optimism",
                     "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral"]

TAXONOMIES: dict[str, list[str]] = {"cx": CX_LABELS, "goemotions": GOEMOTIONS_LABELS}

EKMAN: dict[str, list[str]] = {
    "anger": ["anger", "annoyance", "disapproval"],
    "disgust": ["disgust"],
    "fear": ["fear", "nervousness"],
    "joy": ["joy", "amusement", "approval", "excitement", "gratitude", "love", "optimism", "relief", "pride",
            "admiration", "desire", "caring"],
    "sadness": ["sadness", "disappointment", "embarrassment", "grief", "remorse"],
    "surprise": ["surprise", "realization", "confusion", "curiosity"],
    "neutral": ["neutral"],
}

# GoEmotions label -> {cx label: target weight}. Weights < 1 are soft targets: disapproval is
# often plain disagreement, not frustration; sadness in a review is mostly disappointment.
GOEMOTIONS_TO_CX: dict[str, dict[str, float]] = {
    "anger": {"anger": 1.0, "frustration": 0.3},
    "annoyance": {"frustration": 1.0},
    "disapproval": {"frustration": 0.4},
    "embarrassment": {"shame": 1.0},
    "remorse": {"shame": 0.6},
    "relief": {"relief": 1.0},
    "pride": {"pride": 1.0},
    "confusion": {"uncertainty": 1.0},
    "curiosity": {"uncertainty": 0.3},
    "nervousness": {"anxiety": 1.0},
    "fear": {"fear": 1.0, "anxiety": 0.3},
    "surprise": {"surprise": 1.0},
    "realization": {"surprise": 0.3},
    "disappointment": {"disappointment": 1.0},
    "sadness": {"disappointment": 0.6},
    "grief": {"disappointment": 0.3},
    "joy": {"joy": 1.0},
    "amusement": {"joy": 0.7},
    "excitement": {"joy": 0.9},
    "love": {"joy": 0.8},
    "admiration": {"joy": 0.6},
    "gratitude": {"joy": 0.5},
    "optimism": {"confidence": 0.3},
    "approval": {"trust": 0.2},
    "disgust": {"disgust": 1.0},
}

# Sentiment implied by a GoEmotions label (the GoEmotions paper's sentiment grouping);
# ambiguous labels (surprise, confusion, curiosity, realization) and neutral imply neutral.
GOEMOTIONS_SENTIMENT: dict[str, int] = {
    **{lab: 1 for lab in ["admiration", "amusement", "approval", "caring", "desire", "excitement", "gratitude",
                          "joy", "love", "optimism", "pride", "relief"]},
    **{lab: -1 for lab in ["anger", "annoyance", "disappointment", "disapproval", "disgust", "embarrassment",
                           "fear", "grief", "nervousness", "remorse", "sadness"]},
}

# Valence of each cx label: an emotion against the segment's final sentiment is damped (AffectModel.predict).
CX_SENTIMENT: dict[str, int] = {
    "frustration": -1, "shame": -1, "relief": 1, "pride": 1, "uncertainty": 0, "anxiety": -1, "confidence": 1,
    "surprise": 0, "disappointment": -1, "fear": -1, "joy": 1, "anger": -1, "disgust": -1, "trust": 1,
    "suspicion": -1, "neutral": 0,
}

# Base taxonomy -> valence of its labels (a label missing from the map is neutral-side: 0).
VALENCE: dict[str, dict[str, int]] = {"cx": CX_SENTIMENT, "goemotions": GOEMOTIONS_SENTIMENT}


def resolve_custom(custom: dict, base: str) -> dict[str, list[str]]:
    """Check a custom taxonomy and normalise it to ``{user label: [base labels]}``.

    Args:
        custom: User label -> one base label (str) or several (list of str), e.g.
            ``{"stress": ["anxiety", "fear"], "delight": "joy"}``.
        base: The base taxonomy name (``cx`` or ``goemotions``).

    Returns:
        The mapping with every value as a list, in the user's order.

    Raises:
        ConfigError: A value is not a label of the base taxonomy, or a user label is ``neutral``.
    """
    labels = TAXONOMIES[base]
    out: dict[str, list[str]] = {}
    for user, targets in custom.items():
        targets = [targets] if isinstance(targets, str) else targets
        if not isinstance(targets, list) or not targets or not all(isinstance(t, str) for t in targets):
            raise ConfigError(f"The 'custom_taxonomy' parameter of [affect] must map each label to a base label "
                              f"or a list of base labels. Got {targets!r} for '{user}' instead.")
        if user == "neutral" or not user.strip():
            raise ConfigError("The 'custom_taxonomy' parameter of [affect] may not define the label "
                              f"{user!r}: 'neutral' is added automatically. Fix: rename it.")
        bad = [t for t in targets if t not in labels or t == "neutral"]
        if bad:
            raise ConfigError(f"The 'custom_taxonomy' parameter of [affect] maps '{user}' to {bad}, which are not "
                              f"emotions of the '{base}' taxonomy. Valid: {[x for x in labels if x != 'neutral']}.")
        out[user] = list(dict.fromkeys(targets))
    return out
