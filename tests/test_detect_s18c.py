"""A review's part headed by a short title is read without it (session 18c), through the embed, affect and detect
stages with the shipped models (real e5-small, heads, lexicon).

The segment stage keeps a review's title with the first sentence after it ("Lovely apartment. An extra 150 PLN cleaning
fee…"), and the sentiment head and detection had read the generic praise of the title over the complaint it heads:
dogfood 17b's apartments had such parts as praise, positive. The title stays in the quote; the stars carry the verdict.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.config import load_config
from pipeline.runner import Context, run_stages

ROWS = [  # (lang, title, text)
    ("en", "Lovely apartment", "Lovely apartment. An extra 150 PLN cleaning fee at the end felt like a hidden cost."),
    ("pl", "Świetne miejsce", "Świetne miejsce. Przy wymeldowaniu doliczono nam 150 zł za sprzątanie, o którym nikt nie "
                              "mówił."),
    ("ru", "Отличная квартира", "Отличная квартира. При выезде с нас взяли ещё 150 злотых за уборку, о которой никто "
                                "не предупреждал."),
]


def _read(rows: list[tuple[str, str, str]], ratings: list[float | None] | None = None) -> pd.DataFrame:
    seg = pd.DataFrame({"text": [t for _, _, t in rows], "lang": [lang for lang, _, _ in rows],
                        "meta_title": [title for _, title, _ in rows], "source_type": "review",
                        "is_customer": True, "rating": ratings or [None] * len(rows)})
    ctx = Context(cfg=load_config(overrides={"run": {"cache_dir": "", "reuse_stages": False}}))
    return run_stages(seg, ctx, stages=["embed", "affect", "detect"])


@pytest.fixture(scope="module")
def titled() -> pd.DataFrame:
    return _read(ROWS)


def test_a_short_generic_title_does_not_outweigh_the_complaint_it_heads(titled):
    assert titled["sentiment"].tolist() == ["negative"] * 3, titled[["text", "sentiment", "sentiment_score"]]
    assert titled["kind"].tolist() == ["pain_point"] * 3, titled[["text", "kind"]]
    assert titled["text"].tolist() == [t for _, _, t in ROWS]  # the quote keeps its title


def test_a_plain_sentence_under_a_title_is_plain_and_the_stars_give_the_verdict():
    out = _read([("en", "Would stay again", "Would stay again. I was in town for a conference and needed a quiet place "
                                            "to work in the evenings."),  # dogfood 17b: positive
                 ("en", "Terrible stay", "Terrible stay. We were there for three nights in March.")], [None, 0.0])
    assert out["sentiment"].tolist() == ["neutral", "negative"]
    assert out["kind"].tolist()[0] == "other"


def test_a_chat_message_or_a_long_title_is_read_whole():
    from pipeline.affect import headed_bodies

    seg = pd.DataFrame({"text": [ROWS[0][2], "The flat was lovely and the host was helpful. An extra fee was added."],
                        "source_type": ["chat", "review"],
                        "meta_title": [ROWS[0][1], "The flat was lovely and the host was helpful"]})
    assert headed_bodies(seg).tolist() == ["", ""]
