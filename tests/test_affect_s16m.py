"""Sarcasm and star-rating evidence, with the shipped model (real e5-small, heads and detection head).

Praise words beside a complaint fact (a wait with its length, cold food, a price rise, "again" and a failure) with no
turn and no question are sarcasm: "ну спасибо, отличный сервис, ждал 2 часа 👍" (a one-star review), "Oh great, another
90 minute wait for cold noodles…" had read positive and as praise (food-delivery dogfood: 0 of 9 sarcastic complaints
negative). A one- or two-star review that states a complaint fact is never praise nor positive, whatever it praises
beside it. Mixed reviews with a "but", real praise with a number ("delivered in 20 minutes, great") and a complaint told
with its remedy ("Вернули деньги за холодную пиццу…", gold praise) keep their reading. The texts are written for these
tests (dogfood cases and siblings).
"""

from __future__ import annotations

import pytest

from pipeline.affect import AffectConfig, AffectModel, text_evidence
from pipeline.detect import Detector

SARCASM = [
    ("ru", "ну спасибо, отличный сервис, ждал 2 часа 👍"),
    ("en", "Oh great, another 90 minute wait for cold noodles. Amazing service, well done 🙄"),
    ("en", "Wonderful. Paid £3.49 delivery for a cold pizza that arrived after 2 hours. Bravo QuickBite 👏"),
    ("en", "Thanks a lot, waited an hour and the food was cold."),
    ("ru", "Еда уже будет холодная. Ну спасибо, отличный сервис 👏"),
    ("ru", "Горячий ужин превратился в холодный завтрак 😂 спасибо, Вкусно&Быстро"),
    ("ru", "доставка подорожала в два раза, спасибо вам большое"),
    ("pl", "No pięknie. Półtorej godziny czekania i zimna pizza. Dziękuję bardzo 🙃"),
    ("pl", "Dzięki wielkie, czekałem godzinę na zimną pizzę."),
    ("pl", "Super, znowu spóźnienie."),
]
# praise with a number, a short wait, a mixed review that turns, a complaint with its remedy, a wait worth it or offered: no
# sarcasm
NOT_SARCASM = [
    ("en", "delivered in 20 minutes, great"), ("pl", "Dostarczone w 20 minut, super!"),
    ("ru", "Привезли за 20 минут, отлично!"), ("en", "Waited only 10 minutes, great service"),
    ("ru", "Вернули деньги за холодную пиццу через пять минут после жалобы, ещё и промокод дали. Вот это сервис 👍"),
    ("pl", "Zgłosiłam zimne jedzenie przez czat i po pięciu minutach miałam zwrot całej kwoty. Szacunek."),
    ("en", "We waited two weeks for the sofa and it was worth it."), ("pl", "Czekaliśmy tydzień, ale było warto, super."),
    ("ru", "Ждали неделю, зато диван отличный, стоило того."), ("en", "I can wait a day or two, no problem."),
]


@pytest.mark.parametrize("lang,text", SARCASM)
def test_praise_beside_a_complaint_fact_is_sarcasm(lang, text):
    ev = text_evidence(text, lang)
    assert ev.sarcasm and ev.complains, text


@pytest.mark.parametrize("lang,text", NOT_SARCASM)
def test_real_praise_mixed_and_remedied_are_no_sarcasm(lang, text):
    ev = text_evidence(text, lang)
    assert not ev.sarcasm and not ev.complains, text


# a mixed review that turns to the fact in a few words is no sarcasm, but it complains (session 18c: it ends on the fault)
@pytest.mark.parametrize("lang,text", [("en", "Pizza great, but we waited 2 hours"),
                                       ("pl", "Pizza świetna, ale czekaliśmy 2 godziny")])
def test_praise_that_turns_to_a_fact_is_no_sarcasm_but_complains(lang, text):
    ev = text_evidence(text, lang)
    assert not ev.sarcasm and ev.complains, text


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


def _read(model, rows, ratings):
    texts, langs = [t for _, t in rows], [lang for lang, _ in rows]
    aff = model.predict(texts, langs, ratings=ratings)
    emb = model._vectors(texts, None)
    det = Detector(embedder="e5-small").predict(texts, langs, aff["sentiment_score"].tolist(), emb, ratings)
    return aff, det


def test_sarcasm_reads_negative_and_is_no_praise(model):
    aff, det = _read(model, SARCASM, None)
    assert (aff["sentiment"] == "negative").all(), aff.assign(text=[t for _, t in SARCASM])
    assert (det["kind"] == "pain_point").all(), det.assign(text=[t for _, t in SARCASM])


def test_real_praise_with_a_number_stays_praise(model):
    rows = NOT_SARCASM[:4]
    aff, det = _read(model, rows, None)
    assert (aff["sentiment"] == "positive").all() and (det["kind"] == "praise").all()


def test_low_rating_with_a_complaint_fact_is_neither_praise_nor_positive(model):
    rows = [("en", "Pizza great, but we waited 2 hours"), ("pl", "Pizza świetna, ale czekaliśmy 2 godziny"),
            ("ru", "Пицца отличная, но ждали 2 часа"), ("ru", "ну спасибо, отличный сервис, ждал 2 часа 👍")]
    aff, det = _read(model, rows, [0.0, 0.25, 0.0, 0.0])
    assert (aff["sentiment"] == "negative").all() and (det["kind"] != "praise").all()
    # the text alone reads the mixed ones negative too (session 18c: praise that turns to a fault in a few words ends on
    # it), so text and stars agree
    assert aff["rating_disagrees"].tolist()[:3] == [False, False, False]
    # without the stars the mixed review keeps that reading; a one-star review without a complaint fact keeps its
    # text's reading and its flag
    aff, _ = _read(model, [rows[0], ("en", "Great food, love the app")], [None, 0.0])
    assert aff["sentiment"].tolist() == ["negative", "positive"] and aff["rating_disagrees"].tolist() == [False, True]


def test_a_soup_served_cold_is_no_complaint_fact():
    """Gazpacho, chłodnik and okroshka are cold on purpose: praise of them is praise, not sarcasm (reviewer of 9937e2f)."""
    from pipeline.affect import text_evidence

    for text, lang in [("Loved the gazpacho, a perfect cold soup for a hot day", "en"),
                       ("Świetny chłodnik, zimna zupa idealna na upał", "pl"),
                       ("Отличная окрошка, холодный суп в жару самое то", "ru")]:
        assert not text_evidence(text, lang).complains, text
