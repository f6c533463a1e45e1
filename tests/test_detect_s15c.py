"""Session 15 (detection, dogfood 15c: an internet & TV provider's NPS survey in pl / en / ru)."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.affect._rules import text_evidence
from pipeline.detect import Detector, is_question
from pipeline.detect._rules import survey_kind


def _read(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """Sentiment and kind of texts as a run gives them (e5-small's vectors as e5-fast computes them in a run, the
    affect model, detection with its head)."""
    from pipeline.affect import AffectConfig, AffectModel
    from pipeline.embedders import get_embedder

    langs, texts = [r[0] for r in rows], [r[1] for r in rows]
    E = get_embedder("e5-fast").embed(texts)
    aff = AffectModel(AffectConfig()).predict(texts, langs, E)
    det = Detector(embedder="e5-small").predict(texts, langs, aff["sentiment_score"].tolist(), E)
    return pd.concat([aff[["sentiment", "sentiment_score"]], det[["kind"]]], axis=1).assign(text=texts)


@pytest.mark.parametrize("text, score", [("всё ок", -0.03), ("всё устраивает", -0.28), ("Всё хорошо, спасибо!", 0.7),
                                         ("all good", 0.1), ("Everything's fine.", 0.2), ("wszystko ok", 0.1),
                                         ("Wszystko mi odpowiada 👍", 0.3), ("меня всё устраивает", 0.0)])
def test_an_answer_that_all_is_well_is_nothing_to_improve(text, score):
    """'всё ок' (4) and 'всё устраивает' (3) to 'Что нам стоит улучшить?' had been request themes, and the content
    plan said 'Respond to: всё ок'."""
    assert survey_kind("other", "improve", text, score) == "other"


@pytest.mark.parametrize("text", ["всё ок, но добавьте спортивные каналы", "All good but the app is slow",
                                  "Wszystko ok, tylko szybszy internet wieczorem"])
def test_all_is_well_with_something_after_it_is_still_read_with_the_question(text):
    assert survey_kind("other", "improve", text, 0.1) == "request"


def test_the_lexicon_reads_it_suits_me_as_satisfaction_and_its_denial_as_a_complaint():
    """'устраивает' was no word of the lexicon: 'всё устраивает' had only the head's reading (negative)."""
    assert text_evidence("всё устраивает", "ru").positive > 0
    assert text_evidence("Wszystko mi odpowiada", "pl").positive > 0
    ev = text_evidence("Меня не устраивает цена", "ru")
    assert ev.negative > 0 and ev.positive == 0


@pytest.mark.parametrize("lang, text", [
    ("pl", "Na infolinii czekałem 45 minut."), ("en", "I waited 45 minutes on the hotline."),
    ("ru", "На горячей линии ждал 40 минут."), ("ru", "Ждали монтажника весь день, так никто и не приехал."),
    ("ru", "Закончилась акция и абонплата выросла на 40%."), ("pl", "Co roku podnosicie abonament, a jakość ta sama."),
    ("en", "Once the promo ended my bill nearly doubled.")])
def test_a_wait_with_its_span_of_time_or_a_price_with_its_rise_complains(lang, text):
    """The lexicon had no phrase for either: numbers are no tokens, and 'czekałem', 'minut', 'абонплата' and 'выросла'
    are no negative words alone."""
    assert text_evidence(text, lang).complains


@pytest.mark.parametrize("lang, text", [
    ("pl", "Konsultant odebrał od razu, nie czekałem ani minuty."), ("ru", "Цена не выросла за два года."),
    ("en", "Prices went down this year."), ("en", "I waited at the door; the courier came in a minute")])
def test_a_wait_or_a_rise_denied_or_apart_is_no_complaint(lang, text):
    assert not text_evidence(text, lang).complains


@pytest.mark.model
def test_a_wait_or_a_price_rise_told_plainly_is_a_negative_pain_point():
    """'Закончилась акция и абонплата выросла на 40%.' had read +0.59 and praise, 'Na infolinii czekałem 45 minut.'
    +0.14 and praise."""
    out = _read([("ru", "Закончилась акция и абонплата выросла на 40%."), ("pl", "Na infolinii czekałem 45 minut."),
                 ("ru", "На горячей линии ждал 40 минут."), ("en", "I waited 45 minutes on the hotline.")])
    assert out["sentiment"].eq("negative").all(), out
    assert out["kind"].eq("pain_point").all(), out


@pytest.mark.parametrize("text, asks", [
    ("Co roku podnosicie abonament, a jakość ta sama.", False), ("Co miesiąc rachunek jest inny.", False),
    ("Co najmniej raz w tygodniu nie ma internetu.", False), ("Co do ceny, jest w porządku.", False),
    ("Co to za opłata", True), ("Co robić, gdy router nie działa", True), ("co roku?", True)])
def test_polish_co_before_a_span_of_time_is_every_not_what(text, asks):
    """'Co roku podnosicie abonament, a jakość ta sama.' had been a question (it titled an FAQ entry)."""
    assert is_question(text) is asks


@pytest.mark.parametrize("asks", ["", "praise"])
def test_an_answer_that_praises_to_why_this_score_is_praise(asks):
    """'Dobra cena za pakiet internet + TV.' to 'Co jest głównym powodem Twojej oceny?' had been a request (4 of 4):
    the head reads a bare noun phrase as a wish."""
    assert survey_kind("request", asks, "Dobra cena za pakiet internet + TV.", 0.29, "pl") == "praise"
    assert survey_kind("request", asks, "Fajna telewizja, dużo kanałów w HD.", 0.4, "pl") == "praise"


@pytest.mark.parametrize("asks, text", [("", "Dodajcie czat na stronie, obsługa dobra"), ("", "Więcej kanałów sportowych"),
                                        ("", "Dobra cena, ale dodajcie kanały"), ("improve", "Dobra cena za pakiet")])
def test_a_wish_or_an_answer_to_what_to_improve_stays_a_request(asks, text):
    assert survey_kind("request", asks, text, 0.3, "pl") == "request"


def test_the_stage_reads_an_answer_with_its_language():
    import numpy as np

    from pipeline.stages.detect import _read_with_question

    out = pd.DataFrame({"text": ["Dobra cena za pakiet internet + TV.", "Więcej kanałów sportowych."],
                        "lang": ["pl", "pl"], "source_type": "survey",
                        "meta_question": "Co jest głównym powodem Twojej oceny?", "kind": "request",
                        "kind_confidence": 0.7, "barrier": "", "sentiment_score": [0.29, 0.0]})
    _read_with_question(out, np.ones(len(out), bool))
    assert out["kind"].tolist() == ["praise", "request"]


@pytest.mark.parametrize("lang, text", [("en", "Good value for money."), ("en", "Rock solid connection."),
                                        ("ru", "Много каналов, хорошее качество картинки.")])
def test_an_answer_that_praises_to_why_this_score_is_praise_though_the_head_read_it_as_nothing(lang, text):
    """Dogfood 15c: 'Good value for money.' (4 of 6) and 'Много каналов, хорошее качество картинки.' to 'What is the main
    reason for your score?' had been 'other'; courtesy alone stays other."""
    assert survey_kind("other", "", text, 0.3, lang) == "praise"
    assert survey_kind("other", "", "ok, dzięki", 0.3, "pl") == "other"
