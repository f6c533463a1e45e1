"""Session 18t: a sentence that names no topic stays with its neighbour; a concessive is no cut (dogfood 18g #7)."""

import pandas as pd
import pytest

from pipeline.config import load_config
from pipeline.runner import Context
from pipeline.stages import segment

FOLLOW_UPS = [
    "Minął tydzień i nic. Decyzja była miesiąc temu, a pieniędzy z odszkodowania dalej nie ma na koncie.",
    "A week has passed and nothing. The decision came a month ago but the payout still hasn't reached my account.",
    "Прошла неделя, и ничего. Решение приняли месяц назад, а денег на счёте до сих пор нет.",
]


@pytest.mark.parametrize("text", FOLLOW_UPS)
def test_an_e_mail_follow_up_opener_stays_with_the_sentence_that_names_its_topic(text):
    """Cut off, "Minął tydzień i nic." had been dogfood 18g's fifth pain point: a theme of 11 documents, no topic."""
    recs = pd.DataFrame({"doc_id": ["e1"], "record_index": [2], "role": ["customer"], "source_type": ["chat"],
                         "channel": ["email"], "text": [text]})
    assert segment.run(recs, Context(cfg=load_config()))["text"].tolist() == [text]


def test_a_reaction_without_a_topic_stays_with_the_sentence_it_reacts_to():
    assert segment.split_units("Kurier znowu się spóźnił. Znowu to samo. Paczka była też uszkodzona w rogu.") == [
        "Kurier znowu się spóźnił. Znowu to samo.", "Paczka była też uszkodzona w rogu."]
    assert segment.split_units("The sofa arrived scratched. It's been three weeks. Nobody answers my e-mails.") == [
        "The sofa arrived scratched. It's been three weeks.", "Nobody answers my e-mails."]
    # what follows a contrast with no topic of its own leans on what came before it too
    assert segment.split_units("Kurier był bardzo miły, ale minęły dwa tygodnie i nadal nic.") == [
        "Kurier był bardzo miły, ale minęły dwa tygodnie i nadal nic."]


def test_a_sentence_that_names_something_or_judges_stands_alone():
    assert segment.split_units("Jestem bardzo zadowolony. Kurier spóźnił się dwa dni.") == [
        "Jestem bardzo zadowolony.", "Kurier spóźnił się dwa dni."]
    assert segment.split_units("Всё было очень хорошо. Курьер опоздал на два часа.") == [
        "Всё было очень хорошо.", "Курьер опоздал на два часа."]
    assert segment.split_units("A week has passed and no refund. The app crashes at checkout.") == [
        "A week has passed and no refund.", "The app crashes at checkout."]


@pytest.mark.parametrize("text", [
    "Składka przy wznowieniu wzrosła o 40 procent, chociaż nie miałem żadnej szkody.",
    "Łóżko przyszło w trzech paczkach, w dwóch różnych dniach, choć w zamówieniu nie było o tym mowy.",
    "My premium went up 40 percent at renewal, although I have never had a single claim.",
    "The parcel took two weeks, though the shop page promised one or two days.",
    "При продлении полис подорожал на 40 процентов, хотя аварий у меня не было ни одной.",
    "Składka wzrosła o 40 procent, mimo że przez pięć lat jeździłem bez żadnej szkody.",
    "My premium went up 40 percent, even though I have never had a single claim.",
])
def test_a_concessive_clause_is_no_cut(text):
    """Cut at "chociaż", dogfood 18g's renewal complaint had left a tail read as other / positive: a concession grants a
    circumstance of the same opinion, it does not turn to another."""
    assert segment.split_units(text) == [text]


def test_an_adversative_contrast_is_still_cut():
    assert segment.split_units("Składka była przystępna, ale likwidacja szkody trwała ponad dwa miesiące.") == [
        "Składka była przystępna,", "ale likwidacja szkody trwała ponad dwa miesiące."]


def test_no_sentence_break_inside_an_address_after_a_district_or_street_abbreviation():
    """The redaction gold's "г. Алматы, мкр. Самал-2, д. 58, кв. 17" had been cut after "мкр.": the address reached
    redaction in two parts, and "Самал-2, д. 58, кв. 17" alone names no street."""
    text = "Паспорт и адрес: г. Алматы, мкр. Самал-2, д. 58, кв. 17. Курьер так и не приехал."
    assert segment.split_units(text) == ["Паспорт и адрес: г. Алматы, мкр. Самал-2, д. 58, кв. 17.",
                                         "Курьер так и не приехал."]
    assert segment.split_units("Живу на пер. Северный, дом 5. Курьер не нашёл подъезд и уехал.") == [
        "Живу на пер. Северный, дом 5.", "Курьер не нашёл подъезд и уехал."]
