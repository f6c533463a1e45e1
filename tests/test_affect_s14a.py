"""Sentiment on customers' own words for "nothing wrong", with the shipped model (real e5-small and heads).

A denied complaint ("претензий нет", "nie mam zastrzeżeń", "no complaints", "не линяет и не садится")
is a satisfied customer: the head alone read the Russian ones as negative (its complaint word) and
the Polish ones as flat. The texts are written for these tests (dogfooding cases and siblings); none
is in the gold sets or the training seeds (checked below).
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.affect import RESOURCES, AffectConfig, AffectModel, load_lexicon

DENIED_COMPLAINTS = [
    ("ru", "претензий нет"), ("ru", "претензий к качеству нет"), ("ru", "нареканий нет"),
    ("ru", "не линяет и не садится"), ("ru", "а у меня все норм пришло… нареканий нет"),
    ("ru", "после обновления проблем нет"),
    ("ru", "Куртка после стирки не села, молнию не заедает — претензий к продавцу нет."),
    ("pl", "nie mam zastrzeżeń"), ("pl", "bez zarzutu"), ("pl", "nie ma się do czego przyczepić"),
    ("pl", "nie farbuje i nie kurczy się"), ("pl", "Kurtka po praniu nie farbuje, zamek się nie zacina, zero zastrzeżeń."),
    ("en", "no complaints"), ("en", "nothing to complain about"), ("en", "doesn't shrink or fade"),
    ("en", "haven't heard a single complaint about swaps since April"),
]
# the same words with a complaint beside them, or a fault stated: not satisfaction
NOT_DENIED = [
    ("ru", "после стирки линяет и садится"), ("pl", "po praniu farbuje i się kurczy"),
    ("en", "it shrinks and fades after one wash"), ("ru", "Проблема в том что ответа нет"),
    ("en", "No complaints about the sofa, but the delivery was late"),
]


# a past problem told as solved: the head read the Polish and Russian ones as neutral or, with the story of the
# problem before it, negative
RESOLVED = [
    ("en", "now it works"), ("en", "it's fixed"), ("en", "since the update no problems"),
    ("en", "The export kept failing for two weeks, but they fixed it and it works fine now."),
    ("pl", "teraz już działa"), ("pl", "naprawili"), ("pl", "od aktualizacji bez problemów"),
    ("pl", "Eksport przez dwa tygodnie się wysypywał, ale naprawili i teraz już działa."),
    ("ru", "теперь всё работает"), ("ru", "починили"), ("ru", "после обновления проблем нет"),
    ("ru", "Экспорт две недели падал, но починили, теперь всё работает."),
]
STILL_BROKEN = [
    ("en", "it was fixed but broke again"), ("en", "still not fixed"),
    ("en", "They said it's fixed, but it still crashes when I log in."),
    ("pl", "Naprawili, ale po tygodniu znowu przestało działać."),
]


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


def test_texts_here_are_not_training_seeds():
    seeds = set(pd.read_csv(RESOURCES / "seed_examples.tsv", sep="\t", quoting=3, dtype=str)["text"])
    seeds |= set(pd.read_csv(RESOURCES / "seed_examples_single.tsv", sep="\t", quoting=3, dtype=str)["text"])
    assert not seeds & {t for _, t in DENIED_COMPLAINTS + NOT_DENIED + RESOLVED + STILL_BROKEN}


@pytest.mark.parametrize("lang,text", DENIED_COMPLAINTS)
def test_a_denied_complaint_is_in_the_lexicon(lang, text):
    ev = load_lexicon()[lang].evidence(text)
    assert ev.no_complaint and ev.polarity > 0, text


@pytest.mark.parametrize("lang,text", NOT_DENIED)
def test_a_stated_fault_is_no_denial(lang, text):
    assert not load_lexicon()[lang].evidence(text).no_complaint


@pytest.mark.parametrize("lang,text", DENIED_COMPLAINTS)
def test_a_denied_complaint_reads_positive(model, lang, text):
    out = model.predict([text], [lang]).iloc[0]
    assert out["sentiment"] == "positive", (text, out["sentiment_score"])


@pytest.mark.parametrize("lang,text", [("ru", "после стирки линяет и садится"), ("pl", "po praniu farbuje i się kurczy"),
                                       ("en", "it shrinks and fades after one wash")])
def test_a_stated_fault_reads_negative(model, lang, text):
    out = model.predict([text], [lang]).iloc[0]
    assert out["sentiment"] == "negative", (text, out["sentiment_score"])


@pytest.mark.parametrize("lang,text", [("pl", "Zapłaciłam bez problemów, ale przydałaby się płatność w ratach."),
                                       ("ru", "Оплатила без проблем, но хорошо бы добавить рассрочку.")])
def test_a_wish_after_no_problems_is_not_made_praise(model, lang, text):
    out = model.predict([text], [lang]).iloc[0]
    assert out["sentiment"] != "positive", (text, out["sentiment_score"])


@pytest.mark.parametrize("lang,text", RESOLVED)
def test_a_problem_told_as_solved_reads_positive(model, lang, text):
    out = model.predict([text], [lang]).iloc[0]
    assert out["sentiment"] == "positive", (text, out["sentiment_score"])


@pytest.mark.parametrize("lang,text", STILL_BROKEN)
def test_a_problem_still_there_reads_negative(model, lang, text):
    out = model.predict([text], [lang]).iloc[0]
    assert out["sentiment"] == "negative", (text, out["sentiment_score"])


@pytest.mark.parametrize("lang,text", [("ru", "Передайте ей спасибо!"),
                                       ("ru", "Передайте спасибо курьеру [PERSON], донёс до пятого этажа без лифта 🙏")])
def test_thanks_passed_on_is_no_wish(model, lang, text):
    """"Передайте" had matched the request cue "дайте", and a wish's positive mass goes to neutral."""
    out = model.predict([text], [lang]).iloc[0]
    assert out["sentiment"] == "positive", (text, out["sentiment_score"])


@pytest.mark.parametrize("lang,text", [
    ("ru", "Заказывала розовый, пришел голубой. Возврат оформила, жду деньги"),
])
def test_one_star_against_a_positive_reading_is_no_praise(model, lang, text):
    """The head reads this as praise; with one star the mix was positive at a score of 0.08: a tie. (Opened with
    "Пришло не то что заказывала!!!", the text is a complaint phrase with no positive word: negative alone, s15.)"""
    alone = model.predict([text], [lang]).iloc[0]
    rated = model.predict([text], [lang], ratings=[0.0]).iloc[0]
    assert alone["sentiment"] == "positive"  # the head's misreading the rating has to meet
    assert rated["rating_disagrees"] and rated["sentiment"] != "positive", rated["sentiment_score"]
    assert model.predict(["Пришло не то что заказывала!!! " + text], [lang]).iloc[0]["sentiment"] == "negative"


@pytest.mark.parametrize("lang,text", [("ru", "ожидала лучшего от хлопка"), ("ru", "пришло не то, что заказывала"),
                                       ("pl", "Przyszło nie to, co zamawiałam"), ("en", "expected better for the price"),
                                       ("ru", "застегивать неудобно"), ("ru", "курьер приехал без звонка")])
def test_complaints_without_an_angry_word_are_in_the_lexicon(lang, text):
    assert load_lexicon()[lang].evidence(text).polarity < 0, text
