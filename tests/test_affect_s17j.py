"""Sentiment of interview talk, with the shipped model (real e5-small, heads and lexicon).

Courtesy and small talk said to a research interviewer ("Thanks, take care, bye!", "Dziękuję, do widzenia",
"Добрый день, да не за что. Я после ночной смены…") speak of the conversation, not of the product: neutral (the B2B
interview dogfood had read 13 of its 19 such segments positive or negative). Thanks in a support chat thank the
service and keep the head's reading.

A fault told calmly (the lexicon's ``states_fault``: a negative word, nothing positive, no hedge, turn, wish or question)
is negative where the head reads the even tone as neutral: confusion ("zagmatwany", "запутанный"), work done by hand
("manually", "ręcznie", "вручную"), a problem named, a delay ("took forever", "trwało dłużej", "затянулось"). A story
with a good ending, a question, a hedge and handmade goods ("szyta ręcznie", "сделана вручную") are no fault.

A lone ironic part ("Amazing service, well done 🙄", "Super, dziękuję 🙃 czekam dalej", "Спасибо большое, жду
дальше"): praise beside an irony mark (an eye-roll or upside-down face, "still waiting", "czekam dalej", "жду
дальше") with no turn and no question is sarcasm, negative; praise with a clap or a plain thanks stays praise. The texts
are written for these tests (dogfood cases and siblings).
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.affect import AffectConfig, AffectModel, text_evidence
from pipeline.config import load_config
from pipeline.runner import Context, run_stages

SMALL_TALK = [
    ("en", "Thanks, take care, bye!"), ("en", "My pleasure."), ("en", "Of course, anytime. Happy Thanksgiving!"),
    ("en", "Yeah, I'm on my break, so I've got like 40 minutes. Sorry if it's loud, I'm in the break room."),
    ("pl", "Dziękuję, do widzenia."), ("pl", "Nie ma sprawy, pa!"), ("pl", "Dzień dobry, tak, słychać, wszystko gra."),
    ("ru", "Спасибо, до свидания."), ("ru", "Здравствуйте, да, всё слышно."),
    ("ru", "Добрый день, да не за что. Я после ночной смены, так что если буду тормозить, извините."),
]


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


def test_courtesy_in_an_interview_is_neutral(model):
    langs, texts = zip(*SMALL_TALK)
    out = model.predict(list(texts), list(langs), interviewed=[True] * len(texts))
    assert list(out["sentiment"]) == ["neutral"] * len(texts), list(zip(texts, out["sentiment"]))
    assert (out["sentiment_score"] == 0).all()


def test_thanks_in_a_chat_keep_their_reading(model):
    texts, langs = ["Brilliant, thank you!", "Super, dziękuję!", "Супер, спасибо большое!"], ["en", "pl", "ru"]
    out = model.predict(texts, langs, interviewed=[False] * 3)
    assert list(out["sentiment"]) == ["positive"] * 3


def test_interview_content_is_not_courtesy(model):
    texts = ["Thanks. The swapping thing is super confusing though, I never know who took my shift.",
             "Dziękuję. Automatyczny grafik jest świetny, oszczędza nam kilka godzin tygodniowo."]
    asked = model.predict(texts, ["en", "pl"], interviewed=[True, True])
    pd.testing.assert_frame_equal(asked, model.predict(texts, ["en", "pl"], interviewed=[False, False]))


def test_interviewed_needs_one_flag_per_text(model):
    with pytest.raises(ValueError, match="interviewed must have one entry per text"):
        model.predict(["Thanks, bye."], ["en"], interviewed=[True, False])


def test_the_stage_reads_interviews_from_source_type():
    texts = ["Thanks, bye.", "Thanks, bye.", "Спасибо, до свидания.", "Спасибо, до свидания."]
    table = pd.DataFrame({"text": texts, "lang": ["en", "en", "ru", "ru"], "is_customer": True, "rating": float("nan"),
                          "source_type": ["interview", "chat", "interview", "chat"]})
    ctx = Context(cfg=load_config(overrides={"run": {"cache_dir": ""}}))
    out = run_stages(table, ctx, ["embed", "affect"])
    assert list(out["sentiment"][::2]) == ["neutral", "neutral"]
    assert list(out["sentiment"][1::2]) == ["positive", "positive"]


FAULTS = [
    ("en", "The export is honestly the most confusing part of the tool."), ("pl", "Eksport grafików jest strasznie zagmatwany."),
    ("ru", "Отчёт по сменам очень запутанный."), ("en", "We end up fixing the rota manually every week."),
    ("pl", "Co tydzień poprawiamy grafik ręcznie."), ("ru", "Каждую неделю правим график вручную."),
    ("en", "Pricing per seat is a problem for us."), ("pl", "Największy problem to brak integracji z kadrami."),
    ("ru", "С выгрузкой проблема из-за часовых поясов."), ("en", "The approval took forever, about four months."),
    ("pl", "Wdrożenie trwało dłużej, niż zakładaliśmy."), ("ru", "Внедрение затянулось на полгода."),
]
NO_FAULTS = [
    ("pl", "Sukienka szyta ręcznie, piękna."), ("ru", "Игрушка сделана вручную, очень аккуратно."),
    ("en", "Is the export confusing for new users?"), ("en", "The export was a bit confusing at first, I guess."),
    ("en", "I was worried about the import, but it went fine."), ("pl", "Fajnie by było, gdyby eksport był mniej zagmatwany."),
]


@pytest.mark.parametrize("lang,text", FAULTS)
def test_a_fault_told_calmly_is_stated(lang, text):
    assert text_evidence(text, lang).states_fault, text


@pytest.mark.parametrize("lang,text", NO_FAULTS)
def test_handmade_questions_hedges_turns_and_wishes_state_no_fault(lang, text):
    assert not text_evidence(text, lang).states_fault, text


def test_a_fault_told_calmly_reads_negative(model):
    langs, texts = zip(*FAULTS)
    out = model.predict(list(texts), list(langs))
    assert list(out["sentiment"]) == ["negative"] * len(texts), list(zip(texts, out["sentiment"]))


def test_handmade_is_no_fault(model):
    out = model.predict(["Sukienka szyta ręcznie, piękna.", "Игрушка сделана вручную, очень аккуратно."], ["pl", "ru"])
    assert list(out["sentiment"]) == ["positive", "positive"]


IRONY = [
    ("en", "Amazing service, well done 🙄"), ("en", "Great support, still waiting."), ("pl", "Super, dziękuję 🙃 czekam dalej"),
    ("pl", "Świetna obsługa 🙄"), ("ru", "Отличный сервис, спасибо 🙃"), ("ru", "Спасибо большое, жду дальше"),
]


@pytest.mark.parametrize("lang,text", IRONY)
def test_praise_beside_an_irony_mark_is_sarcasm(lang, text):
    ev = text_evidence(text, lang)
    assert ev.sarcasm and ev.complains, text


def test_irony_reads_negative_and_plain_praise_positive(model):
    langs, texts = zip(*IRONY)
    plain = ["Amazing service, well done 👏", "Super, dziękuję!", "Отличный сервис, спасибо!"]
    out = model.predict(list(texts) + plain, list(langs) + ["en", "pl", "ru"])
    assert list(out["sentiment"]) == ["negative"] * len(texts) + ["positive"] * 3, list(zip(texts, out["sentiment"]))


def test_waiting_still_is_a_complaint_on_its_own():
    for lang, text in (("en", "Still waiting for my refund."), ("pl", "Czekam dalej na zwrot."), ("ru", "Жду дальше.")):
        ev = text_evidence(text, lang)
        assert ev.complains and not ev.sarcasm, text
