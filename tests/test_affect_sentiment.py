"""Sentiment on the cases issue #8 is about, in English, Polish and Russian, with the shipped model.

Neutral questions and doubts about logistics must not read as complaints, litotes must not read as
negative, and plain complaints and praise must keep their polarity. These run the real default
embedder and the committed heads; the texts are written for this test and are neither in the
training seeds nor in the gold sets (a test below checks the seeds).
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.affect import RESOURCES, AffectConfig, AffectModel, load_lexicon

NEUTRAL_QUESTIONS = [
    ("en", "Does the bookshelf come with wall brackets, or do I buy them separately?"),
    ("en", "What time does the pool open on Saturdays?"),
    ("pl", "Czy regał jest sprzedawany z uchwytami do ściany, czy trzeba je kupić osobno?"),
    ("pl", "O której w soboty otwiera się basen?"),
    ("ru", "Стеллаж продаётся с настенными креплениями или их нужно покупать отдельно?"),
    ("ru", "Во сколько по субботам открывается бассейн?"),
]
NEUTRAL_DOUBTS = [
    ("en", "I'm not sure whether the green curtains would match our sofa."),
    ("pl", "Nie wiem, czy zielone zasłony będą pasować do naszej kanapy."),
    ("ru", "Не знаю, подойдут ли зелёные шторы к нашему дивану."),
]
COMPLAINTS = [
    ("en", "The washing machine leaks every time and the service still hasn't sent anyone."),
    ("pl", "Pralka za każdym razem przecieka, a serwis wciąż nikogo nie przysłał."),
    ("ru", "Стиральная машина каждый раз протекает, а сервис до сих пор никого не прислал."),
]
PRAISE = [
    ("en", "Wonderful teachers, my son loves the classes and his English has improved a lot."),
    ("pl", "Wspaniali lektorzy, syn uwielbia zajęcia, a jego angielski bardzo się poprawił."),
    ("ru", "Замечательные преподаватели, сын обожает занятия, и его английский сильно улучшился."),
]
LITOTES = [("en", "Not bad, the mattress is comfortable."), ("pl", "Nie jest źle, materac jest wygodny."),
           ("ru", "Неплохо, матрас удобный.")]
WISHES = [
    ("en", "It would be great if the app let me choose which reminders I get."),
    ("en", "Would be nice to have a family plan, we'd all switch to you."),
    ("en", "I'd love a dark mode for the reader, it would be perfect for evenings."),
    ("pl", "Fajnie by było, gdyby aplikacja pozwalała wybrać, jakie przypomnienia dostaję."),
    ("pl", "Byłoby super, gdybyście mieli plan rodzinny, przeszlibyśmy do was wszyscy."),
    ("pl", "Przydałby się tryb ciemny w czytniku, wieczorem byłby idealny."),
    ("ru", "Было бы здорово, если бы в приложении можно было выбрать, какие напоминания приходят."),
    ("ru", "Хорошо бы сделать семейный тариф, мы бы всей семьёй к вам перешли."),
    ("ru", "Было бы удобно, если бы в читалке был тёмный режим, вечером было бы идеально."),
]
VENTING = [
    ("en", "Third email about the same broken chair and still no reply. Is this a joke?"),
    ("en", "How many times do I have to send you the same photos of the damaged table?"),
    ("pl", "Trzeci raz dostaję nie ten rozmiar i znowu muszę odsyłać. Ile można?"),
    ("pl", "Czy ktoś u was w ogóle czyta wiadomości? Piszę od tygodnia."),
    ("ru", "Третью неделю жду возврат денег за диван. Сколько можно?"),
    ("ru", "Вы там вообще читаете, что я пишу? Третий раз одно и то же."),
]
# told calmly, without an angry word: still negative (the session-7 single-language seeds; before them
# the Russian one read neutral)
CALM_COMPLAINTS = [
    ("en", "The order was due on Tuesday, it's Friday and there's still nothing."),
    ("en", "Three weeks since I sent the return and the refund hasn't arrived."),
    ("pl", "Zamówienie miało być we wtorek, jest piątek i nadal nic."),
    ("pl", "Trzy tygodnie od odesłania zwrotu, a pieniędzy dalej nie ma."),
    ("ru", "Заказ должен был прийти во вторник, сегодня пятница, и ничего."),
    ("ru", "Три недели как отправила возврат, а денег до сих пор нет."),
]
ALL = NEUTRAL_QUESTIONS + NEUTRAL_DOUBTS + COMPLAINTS + PRAISE + LITOTES + WISHES + VENTING + CALM_COMPLAINTS


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


def _one(model, lang, text):
    return model.predict([text], [lang]).iloc[0]


def test_texts_here_are_not_training_seeds():
    seeds = set(pd.read_csv(RESOURCES / "seed_examples.tsv", sep="\t", quoting=3, dtype=str)["text"])
    seeds |= set(pd.read_csv(RESOURCES / "seed_examples_single.tsv", sep="\t", quoting=3, dtype=str)["text"])
    assert not seeds & {t for _, t in ALL}


CLEAR_CASES = ([(lang, text, "neutral") for lang, text in NEUTRAL_QUESTIONS + NEUTRAL_DOUBTS]
               + [(lang, text, "negative") for lang, text in COMPLAINTS + CALM_COMPLAINTS]
               + [(lang, text, "positive") for lang, text in PRAISE])


@pytest.mark.parametrize("lang,text,expected", CLEAR_CASES)
def test_clear_cases_get_their_sentiment(model, lang, text, expected):
    """Logistics questions and doubts are neutral, plain complaints negative, plain praise positive."""
    out = _one(model, lang, text)
    assert out["sentiment"] == expected, (text, out["sentiment_score"])


@pytest.mark.parametrize("lang,text", LITOTES)
def test_mild_litotes_is_not_negative(model, lang, text):
    out = _one(model, lang, text)
    assert out["sentiment"] != "negative", (text, out["sentiment_score"])


@pytest.mark.parametrize("lang,text", [("en", "In ten years they have never let me down."),
                                       ("pl", "Przez dziesięć lat nigdy mnie nie zawiedli."),
                                       ("ru", "За десять лет они ни разу меня не подвели.")])
def test_never_let_me_down_is_praise_in_the_lexicon(lang, text):
    # The longer positive phrase wins over the negative one inside it ("let me down").
    ev = load_lexicon()[lang].evidence(text)
    assert ev.polarity > 0 and ev.litotes and ev.negative == 0


@pytest.mark.parametrize("lang,text", [("en", "They let me down again."), ("pl", "Znowu mnie zawiedli."),
                                       ("ru", "Они снова меня подвели."), ("pl", "Nie polecam tego sklepu.")])
def test_plain_let_down_and_negated_recommendation_stay_negative(lang, text):
    ev = load_lexicon()[lang].evidence(text)
    assert ev.polarity < 0 and not ev.litotes



@pytest.mark.parametrize("lang,text", WISHES)
def test_a_wish_is_not_praise(model, lang, text):
    """"Would be great if…" names something missing: its positive words do not make it praise."""
    out = _one(model, lang, text)
    assert out["sentiment"] != "positive", (text, out["sentiment_score"])


@pytest.mark.parametrize("lang,text", VENTING)
def test_a_rhetorical_question_is_negative(model, lang, text):
    """"Ile można?" asks nothing: it vents, so it reads as negative, not as a neutral question."""
    out = _one(model, lang, text)
    assert out["sentiment"] == "negative", (text, out["sentiment_score"])
