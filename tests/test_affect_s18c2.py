"""Sentiment, session 18 wave 2 (dogfood 18g: a Polish car insurer; 18h: a mobile game), with the shipped model (real
e5-small, heads, lexicon) and detection.

An idiom of impossibility ("graniczy z cudem", "borders on a miracle", "это просто чудо, если…") had read as praise; a
relief of a burden ("nie muszę dzwonić") and plain praise in a longer phrase ("Obsługa na infolinii bardzo uprzejma,
konkretna rozmowa.") as a complaint with frustration and anger.
"""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.affect import AffectConfig, AffectModel, text_evidence
from pipeline.affect._rules import _entry_words
from pipeline.detect import Detector


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


def _kinds(texts: list[str], langs: list[str], scores) -> list[str]:
    return Detector(embedder="fake").predict(texts, langs, list(scores))["kind"].tolist()  # rules: no head for 'fake'


IMPOSSIBLE = [
    ("pl", "Dodzwonienie się na infolinię graniczy z cudem, 35 minut muzyczki."),  # dogfood 18g: a praise theme
    ("en", "Getting through to the hotline borders on a miracle, 35 minutes of music."),
    ("ru", "Дозвониться на горячую линию — это просто чудо, если повезёт."),
]


@pytest.mark.parametrize("lang,text", IMPOSSIBLE)
def test_an_idiom_of_impossibility_is_a_complaint(model, lang, text):
    assert text_evidence(text, lang).complains
    out = model.predict([text], [lang])
    assert out.loc[0, "sentiment"] == "negative", out.loc[0, "sentiment_score"]


def test_a_comma_written_in_a_lexicon_phrase_is_read_as_the_texts_comma():
    assert _entry_words("чудо, если") == ["чудо", ",", "если"]
    assert text_evidence("Это просто чудо, если дозвонишься", "ru").negative
    assert not text_evidence("Это просто чудо если честно", "ru").negative  # no comma: no match


PRAISE = [
    ("pl", "Obsługa na infolinii bardzo uprzejma, konkretna rozmowa."),  # 18g: -0.54, frustration and anger
    ("pl", "Super, że można teraz sprawdzić status szkody w aplikacji, nie muszę dzwonić."),  # 18g: -0.57
    ("en", "Great that I can check the claim status in the app now, I don't have to call."),
    ("ru", "Здорово, что теперь можно проверить статус в приложении, больше не нужно звонить."),
]


@pytest.mark.parametrize("lang,text", PRAISE)
def test_plain_praise_and_a_burden_lifted_are_positive(model, lang, text):
    ev = text_evidence(text, lang)
    assert ev.positive > 0 and ev.negative == 0
    out = model.predict([text], [lang])
    assert out.loc[0, "sentiment"] == "positive", out.loc[0, "sentiment_score"]
    assert not {"frustration", "anger"} & set(out.loc[0, "emotions"].split(";"))


def test_plain_praise_may_be_longer_the_more_it_praises():
    one = "Obsługa na infolinii bardzo uprzejma, rozmowa trwała krótko."  # one positive word, seven words
    assert not text_evidence(one, "pl").short_praise
    assert text_evidence(PRAISE[0][1], "pl").short_praise  # two positive words, seven words


def test_the_rules_read_the_idiom_as_a_pain_point_and_the_relief_as_no_pain_point(model):
    texts, langs = [t for _, t in IMPOSSIBLE + PRAISE[:2]], [lang for lang, _ in IMPOSSIBLE + PRAISE[:2]]
    scores = model.predict(texts, langs)["sentiment_score"].to_numpy()
    kinds = _kinds(texts, langs, scores)
    assert kinds[:3] == ["pain_point"] * 3 and "pain_point" not in kinds[3:], kinds
    assert np.all(scores[3:] > 0)


ONE_STAR = [
    ("ru", "Игра классная, но энергия кончается за 10 минут, а восстанавливается часами."),  # dogfood 18h: positive, joy
    ("pl", "Gra super, ale chcę zwrotu pieniędzy za przypadkowy zakup."),  # 18h: positive
    ("en", "Great game, but the energy runs out in 10 minutes and takes hours to refill."),
]


@pytest.mark.parametrize("lang,text", ONE_STAR)
def test_praise_that_turns_to_a_demanded_refund_or_a_slow_refill_is_negative_at_one_star(model, lang, text):
    """A refund demanded and a refill that takes hours are complaint facts (the lexicon's complaint_pairs), so a one-star
    review's praise beside them is no praise (low_rating_guard; detection's praise in a low review with a fact)."""
    assert text_evidence(text, lang).complaint_fact
    out = model.predict([text], [lang], ratings=[0.0])
    assert out.loc[0, "sentiment"] == "negative", out.loc[0, "sentiment_score"]
    kinds = Detector(embedder="fake").predict([text], [lang], out["sentiment_score"].tolist(), ratings=[0.0])["kind"]
    assert kinds.tolist() == ["pain_point"]


@pytest.mark.parametrize("lang,text", [
    ("en", "I want my money back for the purchase my kid made by accident."),  # 18h: neutral
    ("pl", "Chcę zwrotu pieniędzy za przypadkowy zakup."),
    ("ru", "Хочу вернуть деньги за случайную покупку."),
])
def test_a_demanded_refund_complains(model, lang, text):
    assert text_evidence(text, lang).complains
    assert model.predict([text], [lang]).loc[0, "sentiment"] == "negative"


@pytest.mark.parametrize("lang,text", [
    ("en", "I could play this for hours."),
    ("ru", "Могу играть часами."),
    ("en", "We had a full refund, so I got my money back."),
])
def test_hours_of_play_and_a_refund_received_are_no_complaint_fact(lang, text):
    assert not text_evidence(text, lang).complaint_fact
