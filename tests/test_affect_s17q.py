"""Sentiment of short-stay, clinic and language-school feedback, with the shipped model (real e5-small, heads, lexicon).

Plain praise in a few words reads as it says: the embedding of "Nieskazitelna czystość." or "Niezawodny internet." read
the "nie-" of the word as a negation (-0.70, -0.55), and the lexicon had no word of cleanliness, comfort, quiet or
friendliness to set against it ("nieskazitelny", "wysprzątany", "przytulny", "безупречный", "уютный", "spotless").

A part of a one- or two-star review keeps its review's stars as evidence (the review is cut into sentences, each part
carries the rating): read neutral but leaning negative, it is the complaint the stars say ("The club across the street
was booming until 4 in the morning, zero sleep.", 2 of 5 bubbles, had read neutral); a part read positive, the pro of a
two-star review, stays positive. Lost progress or data ("wyzerowała mi serię", "слетел весь прогресс", "lost my streak")
is a complaint fact. Fit words: "tight", "cisną", "жмёт". The texts are the dogfoods' cases and siblings.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.affect import AffectConfig, AffectModel, text_evidence
from pipeline.config import load_config
from pipeline.runner import Context, run_stages


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


SHORT_PRAISE = [
    ("pl", "Mieszkanie nieskazitelnie czyste."), ("pl", "Apartament wysprzątany na błysk."), ("pl", "Nieskazitelna czystość."),
    ("pl", "Niezawodny internet."), ("pl", "Niesamowity widok z okna."), ("ru", "Безупречно чистая квартира."),
    ("en", "Spotless and cosy flat."),
]


@pytest.mark.parametrize("lang,text", SHORT_PRAISE)
def test_plain_praise_in_a_few_words_is_positive(model, lang, text):
    assert model.predict([text], [lang]).loc[0, "sentiment"] == "positive"


def test_plain_praise_stays_positive_with_a_top_score(model):
    out = model.predict(["Nieskazitelna czystość."], ["pl"], ratings=[1.0])
    assert out.loc[0, "sentiment"] == "positive" and out.loc[0, "sentiment_score"] > 0.5


@pytest.mark.parametrize("lang,text", [
    ("pl", "Czysto, przytulnie, cicho."), ("pl", "Gospodarze bardzo życzliwi i gościnni."), ("ru", "Уютно, тихо, чисто."),
    ("ru", "Хозяйка очень гостеприимная и отзывчивая."), ("en", "Immaculate, quiet and spacious."),
])
def test_the_lexicon_knows_cleanliness_comfort_quiet_and_friendliness(lang, text):
    ev = text_evidence(text, lang)
    assert ev.positive >= 2 and ev.negative == 0


@pytest.mark.parametrize("lang,text", [
    ("pl", "Dzień dobry, w portalu nie widzę wyników morfologii z 4 marca."),  # a greeting is no praise
    ("pl", "Czysto, ale głośno."), ("en", "Clean?"), ("en", "Not clean at all."),
    ("en", "Oh great, still waiting 🙄"),
])
def test_short_praise_needs_plain_praise(lang, text):
    assert not text_evidence(text, lang).short_praise


@pytest.mark.parametrize("lang,text", [("pl", "Niemiła obsługa."), ("ru", "Невкусно и неприятно."),
                                       ("pl", "Winda nieczynna.")])
def test_negative_nie_words_stay_negative(model, lang, text):
    assert text_evidence(text, lang).negative > 0
    assert model.predict([text], [lang]).loc[0, "sentiment"] == "negative"


LOST = [("pl", "Aktualizacja wyzerowała mi serię i postępy."), ("pl", "Zniknęły postępy po aktualizacji."),
        ("ru", "После обновления слетел весь прогресс и streak 150 дней."), ("ru", "Пропали все мои заметки."),
        ("en", "After the update I lost my streak."), ("en", "All my progress is gone.")]


@pytest.mark.parametrize("lang,text", LOST)
def test_lost_progress_or_data_is_a_complaint_fact(lang, text):
    ev = text_evidence(text, lang)
    assert ev.complaint_fact and ev.complains


@pytest.mark.parametrize("lang,text", [("en", "I lost 5 kg and my progress is great."),
                                       ("ru", "Прогресс не пропал, всё на месте.")])
def test_progress_without_a_loss_is_no_fact(lang, text):
    assert not text_evidence(text, lang).complaint_fact


def test_lost_progress_with_low_stars_reads_negative(model):
    out = model.predict(["Aktualizacja wyzerowała mi serię i postępy.",
                         "После обновления слетел весь прогресс и streak 150 дней. Поддержка отвечает шаблонами."],
                        ["pl", "ru"], ratings=[0.25, 0.0])
    assert list(out["sentiment"]) == ["negative", "negative"]


LOW_PARTS = [  # parts of 1- and 2-star reviews the text alone reads as neutral, leaning negative
    ("en", "But the club across the street was booming until 4 in the morning, zero sleep.", 0.25),
    ("pl", "Znów zapłaciłam za wizytę, która była w pakiecie.", 0.0833),
    ("ru", "Поддержка отвечает шаблонами.", 0.0),
    ("pl", "Za takie wizyty płaci mój pracodawca.", 0.25),
]


@pytest.mark.parametrize("lang,text,rating", LOW_PARTS)
def test_a_low_rated_part_leaning_negative_is_negative(model, lang, text, rating):
    assert model.predict([text], [lang], ratings=[rating]).loc[0, "sentiment"] == "negative"


def test_the_pro_of_a_two_star_review_stays_positive(model):
    texts = ["The location was great, five minutes from the old town.", "Gospodyni bardzo miła i pomocna."]
    out = model.predict(texts, ["en", "pl"], ratings=[0.25, 0.25])
    assert list(out["sentiment"]) == ["positive", "positive"]


def test_a_neutral_part_without_stars_stays_neutral(model):
    out = model.predict(["Za takie wizyty płaci mój pracodawca."], ["pl"])
    assert out.loc[0, "sentiment"] == "neutral"


def test_every_part_of_a_low_rated_review_is_read_with_its_stars():
    parts = ["The location was great, five minutes from the old town.",
             "But the club across the street was booming until 4 in the morning, zero sleep."]
    table = pd.DataFrame({"text": parts, "lang": "en", "is_customer": True, "rating": [0.25, 0.25],
                          "source_type": "review"})
    ctx = Context(cfg=load_config(overrides={"run": {"cache_dir": ""}}))
    out = run_stages(table, ctx, ["embed", "affect"])
    assert list(out["sentiment"]) == ["positive", "negative"]


@pytest.mark.parametrize("lang,text", [("en", "Nice shoes, but a bit tight"), ("pl", "Ładne buty, ale trochę cisną"),
                                       ("ru", "Красивые туфли, но жмёт в пальцах"),
                                       ("pl", "Buty obcierają piętę.")])
def test_fit_words(lang, text):
    assert text_evidence(text, lang).negative > 0

