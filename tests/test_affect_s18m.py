"""Sentiment mends from review rev2 (session 18), with the shipped model (real e5-small, heads, lexicon) and detection.

Complaint pairs and phrases added in session 18 wave 2 had fired on praise and on neutral questions: a refund asked for
and received, a battery that recharges in two hours, "a miracle if you have dry skin".
"""

from __future__ import annotations

import pytest

from pipeline.affect import AffectConfig, AffectModel, text_evidence
from pipeline.detect import Detector


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


def _read(model, rows: list[tuple[str, str]], ratings=None) -> tuple[list[str], list[str]]:
    """(sentiments, kinds) of ``rows`` (lang, text): the model's sentiment, detection's rules on its score."""
    texts, langs = [t for _, t in rows], [lang for lang, _ in rows]
    out = model.predict(texts, langs, ratings=ratings)
    kinds = Detector(embedder="fake").predict(texts, langs, out["sentiment_score"].tolist(), ratings=ratings)["kind"]
    return out["sentiment"].tolist(), kinds.tolist()


REFUND_PRAISE = [
    ("en", "I asked for a refund and got it the same day, great service!"),  # rev2: pain_point -0.21
    ("en", "Asked for a refund, had it in my account next morning. Brilliant."),
    ("en", "The battery recharges in two hours, amazing!"),  # rev2: pain_point -0.21
]
REFUND_QUESTIONS = [
    ("en", "I need to know the refund policy before buying."),  # rev2: -0.60
    ("pl", "Chciałabym zapytać o zwrot towaru."),  # rev2: -0.58
]


@pytest.mark.parametrize("lang,text", REFUND_PRAISE + REFUND_QUESTIONS)
def test_a_refund_asked_about_or_received_and_a_quick_recharge_are_no_complaint_fact(lang, text):
    ev = text_evidence(text, lang)
    assert not ev.complaint_fact and not ev.sarcasm and not ev.complains


def test_praise_of_a_quick_refund_is_praise_and_a_refund_question_is_not_negative(model):
    sentiments, kinds = _read(model, REFUND_PRAISE + REFUND_QUESTIONS)
    assert sentiments[:3] == ["positive"] * 3 and "pain_point" not in kinds[:3], (sentiments, kinds)
    assert "negative" not in sentiments[3:], sentiments


MIRACLE_PRAISE = [
    ("en", "This cream is a miracle if you have dry skin."),  # rev2: praise -> request, -0.47
    ("ru", "Этот крем просто чудо, если у вас сухая кожа."),  # rev2: praise -> pain_point, -0.37
    ("pl", "Ta maść to cud, jeśli chodzi o blizny."),  # rev2: complains
]


@pytest.mark.parametrize("lang,text", MIRACLE_PRAISE)
def test_a_miracle_under_a_condition_is_no_idiom_of_impossibility(lang, text):
    ev = text_evidence(text, lang)
    assert not ev.negative and not ev.complains


def test_a_cream_that_is_a_miracle_for_dry_skin_is_praise(model):
    sentiments, kinds = _read(model, MIRACLE_PRAISE[:2])
    assert sentiments == ["positive"] * 2 and "pain_point" not in kinds, (sentiments, kinds)


@pytest.mark.parametrize("lang,text", [
    ("ru", "Дозвониться до них — чудо, если повезёт."),
    ("pl", "Na infolinii to cud, jeśli ktoś odbierze."),
    ("en", "It's a miracle if you get through before noon."),
])
def test_the_whole_idiom_of_impossibility_still_complains(lang, text):
    assert text_evidence(text, lang).complains


CANCELLED = [
    ("en", "I no longer have to use your app, I cancelled."),  # rev2: pain_point -> praise
    ("pl", "Nie muszę już korzystać z waszych usług, zrezygnowałam."),  # rev2: pain_point -> praise
    ("ru", "Мне больше не нужно ваше приложение, удалила."),  # rev2: pain_point -> praise
    ("en", "I don't have to put up with this anymore, cancelling today."),  # rev2: pain_point -> other
]


@pytest.mark.parametrize("lang,text", CANCELLED)
def test_not_having_to_alone_praises_nothing(lang, text):
    assert text_evidence(text, lang).positive == 0


def test_a_customer_who_cancelled_is_a_pain_point(model):
    sentiments, kinds = _read(model, CANCELLED)
    assert sentiments == ["negative"] * 4 and kinds == ["pain_point"] * 4, (sentiments, kinds)


@pytest.mark.parametrize("lang,text", [
    ("pl", "Nie muszę już stać w kolejce na poczcie."),
    ("en", "I no longer have to queue at the branch."),
    ("ru", "Больше не нужно ездить в офис."),
])
def test_not_having_to_do_a_chore_is_a_burden_lifted(lang, text):
    assert text_evidence(text, lang).positive > 0


@pytest.mark.parametrize("lang,text", [
    ("en", "Friendly driver, great price, the parcel arrived opened and half the items gone"),  # rev2: 14 words
    ("pl", "Miły kierowca, świetna cena, paczka przyszła otwarta i połowy rzeczy w środku po prostu zabrakło"),
    ("ru", "Вежливый водитель, отличная цена, посылка пришла вскрытой и половины вещей в ней просто не было"),
])
def test_plain_praise_has_at_most_twelve_words_however_much_it_praises(lang, text):
    assert not text_evidence(text, lang).short_praise


def test_two_positive_words_in_seven_are_still_short_praise():
    assert text_evidence("Obsługa na infolinii bardzo uprzejma, konkretna rozmowa.", "pl").short_praise  # 18g


WISTFUL = [
    ("en", "Loved it, but sad to leave!"),  # rev2: +0.11 -> -0.56
    ("pl", "Super wakacje, ale smutno wracać."),  # rev2: +0.03 -> -0.59
    ("ru", "Отличный отдых, но грустно уезжать."),  # rev2: -0.40 -> -0.76
    ("en", "Amazing holiday, but sad it's over"),
    ("pl", "Piękny film, ale smutny"),
]


@pytest.mark.parametrize("lang,text", WISTFUL)
def test_praise_that_turns_to_a_sad_feeling_is_no_complaint(lang, text):
    assert not text_evidence(text, lang).complains


def test_wistful_praise_of_a_stay_is_not_negative(model):
    sentiments, _ = _read(model, WISTFUL[:2])
    assert "negative" not in sentiments, sentiments


@pytest.mark.parametrize("lang,text", [
    ("en", "Nice shoes, but tight"),  # f611a73's cases
    ("pl", "Ładne buty, ale ciasne"),
    ("ru", "Красивые туфли, но тесные"),
    ("en", "Great hotel, but sadly the pool was dirty."),
])
def test_praise_that_turns_to_a_fault_still_complains(lang, text):
    assert text_evidence(text, lang).complains
