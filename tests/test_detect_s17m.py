"""Session 17 (m): detection of kinds read with the real models (e5-small head, the affect model's sentiment), from the
short-stay (dogfood 17b) and language-school (dogfood 17c) dogfood runs."""

from __future__ import annotations

import pytest

from pipeline.detect import Detector, is_question


def _kinds(texts: list[str], langs: list[str], ratings: list[float | None] | None = None) -> list[str]:
    """Kinds as a pipeline run reads them: the e5-small head, sentiment from pipeline.affect."""
    from pipeline.affect import AffectConfig, AffectModel
    from pipeline.embedders import get_embedder

    E = get_embedder("e5-fast").embed(texts)
    scores = AffectModel(AffectConfig()).predict(texts, langs, E, [None] * len(texts))["sentiment_score"].tolist()
    return Detector(embedder="e5-small").predict(texts, langs, scores, E, ratings)["kind"].tolist()


@pytest.mark.parametrize("text", ["We were surprised by a cleaning fee at checkout that wasn't clear when booking.",
                                  "Instrukcja zameldowania była niejasna, nie mogliśmy znaleźć sejfu na klucze.",
                                  "Hello?? It's 1am and we've been waiting for an answer for an hour"])
def test_a_statement_with_no_question_form_is_no_implicit_question(text):
    """'when booking' is a time, a key safe one could not find a thing, 'Hello??' a call: none asks anything (each had
    given the head's question cue, and the text was a question)."""
    assert not is_question(text)


@pytest.mark.parametrize("text", ["I couldn't find anywhere on the site how to cancel my subscription.",
                                  "Szukałem informacji, czy pakiet obejmuje dentystę, ale nie znalazłem.",
                                  "Я так и не нашла на сайте, как отменить подписку.",
                                  "I'm not sure when the parcel arrives", "Halo?? Gdzie jest kurier?",
                                  "Czytałem regulamin, czy gwarancja obejmuje silnik, wie ktoś?",
                                  "I'm torn between mid tier and full cover."])
def test_information_one_could_not_find_still_asks(text):
    """Not finding information, an uncertain 'when', a question after a call, a choice one is torn between ask."""
    assert is_question(text)


@pytest.mark.parametrize("text,lang", [
    ("We were surprised by a cleaning fee at checkout that wasn't clear when booking.", "en"),
    ("Instrukcja zameldowania była niejasna, nie mogliśmy znaleźć sejfu na klucze.", "pl"),
    ("Skrzynka na klucze się nie otwiera, wpisuję kod i nic", "pl"),
    ("Hello?? It's 1am and we've been waiting for an answer for an hour", "en")])
def test_complaints_without_a_question_are_pain_points(text, lang):
    """Dogfood 17b: 11 of 66 planted pain points had been questions, and formed the FAQ's first entry."""
    assert _kinds([text], [lang]) == ["pain_point"]


def test_a_question_without_its_mark_still_asks():
    """The rule for statements with no question form leaves a question word's question alone."""
    assert _kinds(["hi, does the oak dining table come with the chairs or are they sold separately",
                   "I'm torn between mid tier and full cover. Never claimed anything, but my street isn't exactly safe "
                   "at night."], ["en", "en"]) == ["question", "question"]


@pytest.mark.parametrize("text,lang", [
    ("The placement test is way too easy, I ended up in a level far above mine and felt lost.", "en"),
    ("Test poziomujący był za łatwy, trafiłam do grupy powyżej mojego poziomu i czułam się zagubiona.", "pl")])
def test_a_low_rated_review_of_too_much_of_a_good_thing_is_no_praise(text, lang):
    """'easy' in 'way too easy' had counted as the positive word that lets a two-star review be praise (dogfood 17c);
    the affect lexicon reads it as a fault (its excess), for detection and sentiment alike."""
    from pipeline.affect import text_evidence

    assert text_evidence(text, lang).positive == 0
    assert _kinds([text], [lang], [0.25]) != ["praise"]


def test_thanks_beside_an_excess_still_praise():
    """Only the word after 'too' is a fault: thanks stay a positive word, and Polish 'za' ('for') is no excess."""
    from pipeline.affect import text_evidence

    assert text_evidence("Dziękuję za szybką dostawę", "pl").positive > 0
    assert text_evidence("Thanks, the courier was too kind", "en").positive > 0


@pytest.mark.parametrize("text,lang", [("Cześć, słyszę, tylko sąsiad wierci za ścianą, sorry za hałas.", "pl"),
                                       ("Да, привет, всё слышно, только у меня тут кот по клавиатуре ходит, извините заранее.",
                                        "ru"),
                                       ("Yeah, loud and clear. Sorry, I'm in a hotel lobby in Gdynia, so there might be "
                                        "some noise.", "en"),
                                       ("Dziękuję, do usłyszenia!", "pl"), ("Спасибо, до связи!", "ru")])
def test_interview_small_talk_about_the_room_is_courtesy_in_pl_and_ru(text, lang):
    """Dogfood 17c: these openers had formed a ranked pain-point theme (and 'do usłyszenia' a praise): the small-talk
    rules knew English noise only ("if it's loud")."""
    from pipeline.detect import is_courtesy

    assert is_courtesy(text)
    assert _kinds([text], [lang]) == ["other"]


@pytest.mark.parametrize("text", ["Sąsiad wierci za ścianą od 8 rano, nie da się spać.",
                                  "Przepraszam, ale sąsiad wierci za ścianą od rana",
                                  "Sorry for the noise complaint, but the neighbours drill all day"])
def test_a_noise_complaint_is_no_small_talk(text):
    from pipeline.detect import is_courtesy

    assert not is_courtesy(text)


@pytest.mark.parametrize("text,lang", [
    ("The host replies fast during the day but at night you're on your own.", "en"),
    ("Gospodarz odpisuje szybko w dzień, ale w nocy jesteśmy zdani na siebie.", "pl")])
def test_praise_then_being_left_on_ones_own_is_a_pain_point(text, lang):
    """Dogfood 17b: praise, a 'but' and a situation told without a negative word had been praise, positive (the seeds
    label 'and then you're on your own' / 'a potem radź sobie sam' pain points)."""
    from pipeline.detect import turns_to_complaint

    assert turns_to_complaint(text, lang)
    assert _kinds([text], [lang]) == ["pain_point"]
