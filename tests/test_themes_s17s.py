"""A theme's label reads in its kind's tone (dogfood 17b / 17c): a praise theme is not named by a complaint that
sentiment reads as positive, a request theme by a wish before a question."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.config import load_config
from pipeline.stages.cluster import build_themes


def _label(texts: list[str], kind: str, lang: str = "en") -> str:
    """The label build_themes gives one theme of ``texts``, the first of them its most central member."""
    rng = np.random.default_rng(0)
    c = np.eye(16)[0]
    V = np.vstack([c] + [c + 0.2 * rng.standard_normal(16) for _ in texts[1:]])
    V = (V / np.linalg.norm(V, axis=1, keepdims=True)).astype(np.float32)
    n = len(texts)
    table = pd.DataFrame({"segment_id": [f"s{i}" for i in range(n)], "doc_id": [f"d{i}" for i in range(n)],
                          "text": texts, "lang": lang, "kind": kind, "sentiment_score": 0.6})
    cfg = load_config(overrides={"cluster": {"max_themes": 2, "subthemes": False, "min_cluster_size": 3}}).cluster
    found = build_themes(table, V, [kind], cfg, seed=0)
    return found.table.loc[found.table["theme_id"] == found.ids[0], "label"].item()


def test_a_praise_theme_is_not_named_by_a_complaint_sentiment_reads_as_positive():
    # dogfood 17b: "The host replies fast during the day but at night you're on your own." (read positive) had named
    # a theme praising the host
    texts = ["The host replies fast during the day but at night you're on your own.",
             "The host was super helpful and gave us great restaurant tips.",
             "Very helpful and friendly host, answered all our questions.",
             "Lovely host, replied within minutes every time.",
             "Our host was kind and helpful from check-in to check-out."]
    assert _label(texts, "praise") != texts[0]
    # a praise that turns names the theme by its praise: the complaint after "But" is left out
    turned = ["Nobody answered our messages at night. But the host was lovely and helpful during the day."] + texts[1:]
    assert _label(turned, "praise") == "The host was lovely and helpful during the day."


def test_a_request_theme_is_named_by_a_wish_before_a_question():
    # dogfood 17c: "Are there any extra speaking sessions?" had named the request theme beside "Лучше бы добавили
    # больше разговорной практики"
    texts = ["Are there any extra speaking sessions?",
             "It would be great to have more speaking practice in group lessons.",
             "Please add more speaking practice, the lessons are mostly grammar.",
             "Are there speaking clubs on weekends?",
             "I wish there were more speaking sessions."]
    assert _label(texts, "request") != texts[0]
