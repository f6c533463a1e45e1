"""Session 16 (e): detection reads the lexicon's complaint phrases (a wait with its length) where the head read nothing,
"all is well" alike in en / pl / ru, venting questions that ask whether it is only them, and its rules' speed."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.detect import Detector


def _read(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """Sentiment and kind of texts as a run gives them (e5-small's vectors as e5-fast computes them in a run, the
    affect model, detection with its head)."""
    from pipeline.affect import AffectConfig, AffectModel
    from pipeline.embedders import get_embedder

    langs, texts = [r[0] for r in rows], [r[1] for r in rows]
    E = get_embedder("e5-fast").embed(texts)
    aff = AffectModel(AffectConfig()).predict(texts, langs, E)
    det = Detector(embedder="e5-small").predict(texts, langs, aff["sentiment_score"].tolist(), E)
    return pd.concat([aff[["sentiment", "sentiment_score"]], det[["kind", "barrier"]]], axis=1).assign(text=texts)


@pytest.mark.model
def test_a_wait_for_a_person_or_a_delivery_with_its_length_is_a_pain_point():
    """'Czekałam cały dzień na technika.' (-0.41) and 'I waited all day for the engineer.' (-0.34) had been 'other':
    the lexicon read a complaint (a wait and a span of time), the head nothing."""
    out = _read([("pl", "Czekałam cały dzień na technika."), ("ru", "Ждал мастера весь день."),
                 ("en", "I waited all day for the engineer."), ("en", "We waited all day for the delivery."),
                 ("pl", "Czekaliśmy tydzień na dostawę."), ("en", "I waited about a week for delivery.")])
    assert out["kind"].eq("pain_point").all(), out
    assert out["barrier"].eq("company").all(), out


@pytest.mark.model
@pytest.mark.parametrize("lang, text", [("pl", "Mogę poczekać tydzień."), ("ru", "Хорошо, подождём день."),
                                        ("en", "We waited two weeks for the sofa and it was worth it."),
                                        ("en", "I can wait a day or two, no problem.")])
def test_a_wait_offered_or_worth_it_is_no_pain_point(lang, text):
    assert _read([(lang, text)]).loc[0, "kind"] != "pain_point"


@pytest.mark.parametrize("lang, text", [
    ("en", "everything works"), ("en", "All good, works fine"), ("en", "No issues so far"), ("en", "It all works, thanks"),
    ("en", "So far so good"), ("pl", "Wszystko działa"), ("pl", "Wszystko ok, działa"), ("pl", "Na razie bez problemów"),
    ("pl", "Działa bez zarzutu"), ("ru", "Всё работает"), ("ru", "Всё хорошо, работает"), ("ru", "Пока без проблем"),
    ("ru", "Пока всё работает, нареканий нет")])
def test_all_is_well_reads_alike_in_every_language(lang, text):
    """English 'everything works', 'all good, works fine' and 'no issues so far' had not been 'all is well' (only a
    single clause of 'all' or 'everything' before a state was); 'Wszystko ok, działa' and 'Пока без проблем' neither:
    to 'What could we improve?' they had been requests."""
    from pipeline.detect import all_well, survey_kind

    assert all_well(text)
    assert survey_kind("other", "improve", text, 0.3, lang) == "other"


@pytest.mark.parametrize("text", [
    "Everything works except the app", "No issues so far, but the app is slow", "Not everything works", "Nothing works",
    "Works fine on Android but crashes on iOS", "It works sometimes", "Wszystko działa wolno", "Nie działa",
    "Nie ma problemów z dostawą, ale kurier był niemiły", "Всё работает, но медленно", "Нет интернета", "Не работает"])
def test_all_is_well_with_anything_else_is_not(text):
    from pipeline.detect import all_well

    assert not all_well(text)


@pytest.mark.model
def test_a_question_whether_a_problem_is_only_mine_vents():
    """'is it just me or do they always leave the windows streaky' (dev_independent), 'Czy tylko u mnie aplikacja ciągle
    się wylogowuje?' and 'Только у меня приложение постоянно вылетает?' had been questions: the seeds' 'Am I the only
    one whose classes get cancelled…' are pain points, the head read them as asking."""
    out = _read([("en", "Is it just me or is the app really slow lately?"),
                 ("en", "Am I the only one whose parcel never arrives on time?"),
                 ("en", "Anyone else having trouble logging in today?"),
                 ("pl", "Czy tylko u mnie aplikacja ciągle się wylogowuje?"),
                 ("ru", "Только у меня приложение постоянно вылетает?"),
                 ("ru", "У кого-нибудь ещё списали деньги дважды?")])
    assert out["kind"].eq("pain_point").all(), out


@pytest.mark.model
def test_a_question_whether_it_is_only_me_that_reads_no_problem_asks():
    out = _read([("en", "Is it just me or is the new menu amazing?"), ("en", "Anyone else going to the open day on Saturday?"),
                 ("pl", "Czy ktoś jeszcze idzie na dzień otwarty?")])
    assert out["kind"].eq("question").all(), out


def test_the_rules_alone_read_a_negative_only_me_question_as_a_complaint():
    from pipeline.detect import rule_kind

    assert rule_kind("Is it just me or is the app really slow lately?", -0.6)[0] == "pain_point"
    assert rule_kind("Is it just me or is the new menu amazing?", 0.6)[0] == "question"


CUES = ("_Q_IMPLICIT", "_REQUEST", "_CUSTOMER_SIDE", "_NEG_CUES", "_POS_CUES")


@pytest.mark.parametrize("name", CUES)
def test_the_long_cue_lists_are_read_in_lower_cased_text_as_ignorecase_reads_the_text(name):
    """Compiled with re.IGNORECASE, the five long cue lists had cost ~200 µs a text each (62% of detection's time);
    searched in the lower-cased text they find the same, about five times faster (Detector.predict 1.5 -> 0.5 ms a
    text on the gold and dev_independent sets, the same output)."""
    import re
    from pathlib import Path

    from pipeline.detect import _rules

    cues = getattr(_rules, name)
    assert not cues.flags & re.IGNORECASE
    folded = re.compile(cues.pattern, re.IGNORECASE)
    gold = Path(__file__).resolve().parent / "data" / "gold"
    texts = [t for lang in ("en", "pl", "ru") for t in pd.read_csv(gold / f"{lang}.csv")["text"].astype(str)]
    texts += ["NIE DZIAŁA!!!", "ВСЁ СЛОМАЛОСЬ, ЖДУ", "I WISH YOU'D ADD IT", "MY WIFE SAID NO", "Thanks, GREAT job"]
    assert [len(cues.findall(t.lower())) for t in texts] == [len(folded.findall(t)) for t in texts]


def test_a_caseless_cue_list_has_no_upper_case_letter():
    from pipeline.detect._rules import caseless

    assert caseless(r"nie\s+działa|\bbroken\W").search("to nie działa")
    with pytest.raises(ValueError, match="must be lower-case"):
        caseless(r"Broken")


def test_a_need_is_read_whatever_its_case():
    from pipeline.detect import need_statement

    assert need_statement("WE NEEDED A SOFA BED FOR GUESTS.") == "WE NEEDED A SOFA BED FOR GUESTS."
    assert need_statement("МНЕ НУЖЕН СТОЛ ДЛЯ СЫНА") and not need_statement("Do I NEED to be home?")
