"""Emotions agree with the final sentiment, with the shipped model (real e5-small, heads, lexicon, goemotions branch).

The emotion heads see neither the star rating nor the lexicon's rules that set the sentiment: a two-star
"Aktualizacja wyzerowała mi serię i postępy." read negative but had pride and joy, "Nieskazitelna czystość." read
positive but had disappointment, anger and disgust, and a sarcastic one-star "ну спасибо, отличный сервис, ждал 2 часа"
had gratitude and admiration (goemotions). A researcher reading a theme's emotion mix saw joy in complaints.
Now an emotion against the final sentiment is dropped where the rules or the rating turned the head's reading, and (cx)
halved elsewhere: it stays only where the head read it at twice its threshold.
"""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.affect import CX_SENTIMENT, AffectConfig, AffectModel
from pipeline.affect._taxonomy import GOEMOTIONS_SENTIMENT


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


@pytest.fixture(scope="module")
def goemotions():
    return AffectModel(AffectConfig(taxonomy="goemotions"))


def _against(emotions: str, sentiment: str, valence: dict[str, int]) -> list[str]:
    side = {"negative": -1, "neutral": 0, "positive": 1}[sentiment]
    return [e for e in emotions.split(";") if valence.get(e, 0) * side < 0]


# (lang, text, rating 0..1 or None, expected sentiment); each had an emotion of the other side before
AGAINST = [
    ("pl", "Aktualizacja wyzerowała mi serię i postępy.", 0.25, "negative"),  # pride;joy
    ("ru", "Слетел весь прогресс после обновления.", 0.25, "negative"),  # relief
    ("ru", "Суп приехал разлитым по всему пакету, хлеб в нём плавал. Мерзость, пришлось всё выбросить.", None,
     "negative"),  # relief
    ("pl", "Jedzenie przyszło zimne, sos wylany na całą torbę, a w zupie włos. Obrzydliwe, nie dało się tego jeść.",
     None, "negative"),  # joy
    ("en", "Done with them. Third order in a row with something missing from the parcel, and every time I have to "
           "chase support.", None, "negative"),  # trust
    ("pl", "Nieskazitelna czystość.", None, "positive"),  # disappointment;anger;disgust
    ("pl", "Apartament wysprzątany na błysk.", None, "positive"),  # disgust
    ("pl", "Niezawodny internet.", None, "positive"),  # frustration;anger
    ("en", "Spotless apartment.", None, "positive"),  # disappointment;disgust
]


@pytest.mark.parametrize("lang,text,rating,sentiment", AGAINST)
def test_no_emotion_against_the_final_sentiment(model, lang, text, rating, sentiment):
    row = model.predict([text], [lang], ratings=[rating]).iloc[0]
    assert row["sentiment"] == sentiment
    assert _against(row["emotions"], sentiment, CX_SENTIMENT) == []


SARCASM = [("ru", "ну спасибо, отличный сервис, ждал 2 часа 👍"),  # admiration;gratitude
           ("en", "Oh great, another 90 minute wait for cold noodles… thanks a lot"),  # gratitude
           ("pl", "Dzięki wielkie, super obsługa, czekałem 2 godziny.")]  # admiration


@pytest.mark.parametrize("lang,text", SARCASM)
def test_goemotions_sarcasm_has_no_gratitude_or_admiration(goemotions, lang, text):
    row = goemotions.predict([text], [lang], ratings=[0.0]).iloc[0]
    assert row["sentiment"] == "negative"
    assert _against(row["emotions"], "negative", GOEMOTIONS_SENTIMENT) == []


def test_probabilities_and_labels_stay_consistent(model):
    """``emotions`` lists exactly the ``emo_<label>`` columns at or above their thresholds: the damped probability is
    the one reported."""
    texts = [t for _, t, _, _ in AGAINST]
    out = model.predict(texts, [lang for lang, *_ in AGAINST], ratings=[r for _, _, r, _ in AGAINST])
    thr = model._thresholds("cx")
    for _, row in out.iterrows():
        above = [lab for lab in thr if row[f"emo_{lab}"] >= thr[lab]]
        assert row["emotions"] == (";".join(lab for lab in model.labels if lab in above) or "neutral")
    assert out.loc[0, "emo_pride"] == 0.0  # the rating and the rules turned the head's positive reading: dropped


def test_a_strong_emotion_against_the_sentiment_stays(model):
    """Shame told in a story with a good ending is read at many times its threshold: it stays (the gold label)."""
    text = ("Мне стыдно признаться, но я вернула уже ношеные колготки — перепутала пакеты. Мне позвонили и вежливо "
            "всё объяснили, без упрёков.")
    row = model.predict([text], ["ru"]).iloc[0]
    assert row["sentiment"] == "positive"
    assert "shame" in row["emotions"].split(";")


@pytest.mark.parametrize("lang,text", [("en", "Wow, I did not expect the parcel to arrive the next morning!"),
                                       ("pl", "Nie spodziewałam się, że paczka przyjdzie już następnego dnia!")])
def test_neutral_side_emotions_are_untouched(model, lang, text):
    row = model.predict([text], [lang]).iloc[0]
    assert row["sentiment"] == "positive"
    assert "surprise" in row["emotions"].split(";")


def test_neutral_segments_keep_their_emotions(model):
    """A neutral segment's emotion probabilities are the head's: nothing to agree with."""
    text = "Zamówiłam w poniedziałek, zobaczymy kiedy przyjdzie."
    row = model.predict([text], ["pl"]).iloc[0]
    assert row["sentiment"] == "neutral"
    p_emo = model.base_probabilities(model._vectors([text], None), [model._lexicon["pl"].evidence(text)], [text])[0]
    probs, _ = model._label_outputs(p_emo)
    assert np.allclose(row[[f"emo_{lab}" for lab in model.labels]].to_numpy(float), probs[0])
