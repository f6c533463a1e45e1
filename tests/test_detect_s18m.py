"""Detection mends from review rev2 (session 18), through the shipped models (real e5-small, heads, lexicon).

A review's part headed by a short title had been read without the title even where the words after it take no side:
"Broken on arrival. I ordered it for my son's birthday." (1 star) lost its point and read 'other'.
"""

from __future__ import annotations

import pandas as pd

from pipeline.config import load_config
from pipeline.runner import Context, run_stages


def _reviews(rows: list[tuple[str, str, str]], ratings: list[float | None]) -> pd.DataFrame:
    """rows (lang, title, text) through the embed, affect and detect stages, as a review's parts."""
    seg = pd.DataFrame({"text": [t for _, _, t in rows], "lang": [lang for lang, _, _ in rows],
                        "meta_title": [title for _, title, _ in rows], "source_type": "review",
                        "is_customer": True, "rating": ratings})
    ctx = Context(cfg=load_config(overrides={"run": {"cache_dir": "", "reuse_stages": False}}))
    return run_stages(seg, ctx, stages=["embed", "affect", "detect"])


def test_a_title_that_carries_the_point_is_read_with_words_that_take_no_side():
    out = _reviews([
        ("en", "Broken on arrival", "Broken on arrival. I ordered it for my son's birthday."),  # rev2: other
        ("pl", "Nie polecam", "Nie polecam. Kupiłam w marcu na prezent."),
        ("en", "Don't buy!", "Don't buy! Bought two of these last month."),
        ("en", "Best purchase ever", "Best purchase ever. Ordered in March for the garden."),  # rev2: praise -> other
    ], [0.0, 0.0, 0.0, 1.0])
    assert out["kind"].tolist() == ["pain_point"] * 3 + ["praise"], out[["text", "kind", "sentiment"]]
    assert out["sentiment"].tolist() == ["negative"] * 3 + ["positive"], out[["text", "sentiment"]]
