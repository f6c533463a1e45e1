"""Detection mends from review rev2 (session 18), through the shipped models (real e5-small, heads, lexicon).

A review's part headed by a short title had been read without the title even where the words after it take no side:
"Broken on arrival. I ordered it for my son's birthday." (1 star) lost its point and read 'other'.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.affect import AffectConfig, AffectModel
from pipeline.config import load_config
from pipeline.detect import Detector, is_courtesy
from pipeline.embedders import get_embedder
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


def _kinds(rows: list[tuple[str, str]]) -> list[str]:
    """Detection's kinds of ``rows`` (lang, text) with the shipped head on real e5-small and the model's sentiment."""
    texts, langs = [t for _, t in rows], [lang for lang, _ in rows]
    scores = AffectModel(AffectConfig()).predict(texts, langs)["sentiment_score"].tolist()
    vecs = get_embedder("e5-small").embed(texts)
    return Detector(embedder="e5-small").predict(texts, langs, scores, vecs)["kind"].tolist()


ASKED_BY_AN_ID = [
    ("en", "Where is my order [ID]"),  # rev2: question -> other
    ("pl", "Zamówienie [ID] kiedy będzie wysłane"),  # rev2: question -> other
]
A_FAULT_REFERRED_TO = [
    ("ru", "Пишу по поводу двойного списания"),  # rev2: courtesy, 'other'
    ("pl", "Piszę w sprawie podwójnego obciążenia karty"),
]


@pytest.mark.parametrize("lang,text", ASKED_BY_AN_ID + A_FAULT_REFERRED_TO)
def test_a_question_beside_an_id_and_a_reference_to_a_fault_are_no_courtesy(lang, text):
    assert not is_courtesy(text)


def test_a_question_beside_an_id_asks():
    assert _kinds(ASKED_BY_AN_ID) == ["question"] * 2


@pytest.mark.parametrize("text", ["номер заказа [ID]", "My order number is [ID]", "Пишу по поводу заявки [ID]",
                                  "I am writing about claim [ID], car [PLATE], VIN [VIN]"])
def test_an_id_with_a_plain_label_and_a_plain_reference_line_stay_courtesy(text):
    assert is_courtesy(text)  # a8a4f55's cases


@pytest.mark.parametrize("lang,text", [
    ("en", "My budget is tight until my settlement payment arrives."),  # rev2: customer -> company
    ("pl", "Dopóki nie dostanę odszkodowania od sprawcy, nie mam budżetu na naprawę."),  # rev2: customer -> company
])
def test_money_owed_beside_a_cue_of_the_customers_side_is_the_customers_barrier(lang, text):
    from pipeline.detect import barrier_cue

    assert barrier_cue(text) == "customer"
    out = Detector(embedder="fake").predict([text], [lang], [-0.6])
    assert out.loc[0, "kind"] != "pain_point" or out.loc[0, "barrier"] == "customer", out


@pytest.mark.parametrize("text", ["Minęły trzy tygodnie, a wypłata odszkodowania się opóźnia.", "Still waiting for my payout."])
def test_money_owed_alone_is_the_companys_barrier(text):
    from pipeline.detect import barrier_cue

    assert barrier_cue(text) == "company"  # 7e9af65's cases
