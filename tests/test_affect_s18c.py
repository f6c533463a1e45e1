"""Sentiment of praise that turns to a short fault, and of waits told far from their length (session 18c), with the
shipped model (real e5-small, heads, lexicon).

"Nice shoes, but tight" had read positive: the embedding of so short a turn is the praise before it. The lexicon read
both words, so praise that turns, in a few words, to a fault (detection's ``turns_to_complaint`` after praise) now
complains. "We waited, all in all, almost three weeks" had been no complaint fact: the wait and its length stood more
than four words apart, or across the commas of an aside; the lexicon's ``pair_fillers`` (sums, approximations, number
words) no longer count.
"""

from __future__ import annotations

import pytest

from pipeline.affect import AffectConfig, AffectModel, text_evidence
from pipeline.detect import Detector


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


TURNS = [
    ("en", "Nice shoes, but tight"),
    ("pl", "Ładne buty, ale ciasne"),
    ("ru", "Красивые туфли, но тесные"),
    ("ru", "Врачи хорошие, но анализы ждать долго."),  # dogfood 17a
    ("en", "The host replies fast during the day but at night you're on your own."),  # dogfood 17b
]


@pytest.mark.parametrize("lang,text", TURNS)
def test_praise_that_turns_to_a_short_fault_is_negative(model, lang, text):
    assert text_evidence(text, lang).complains
    assert model.predict([text], [lang]).loc[0, "sentiment"] == "negative"


@pytest.mark.parametrize("lang,text", [
    ("en", "Good doctors, but the call centre hold times are ridiculous."),  # a long turn: the head reads it
    ("en", "A friend recommended them at the playground, but the name sounded like some cheap marketplace brand, "
           "so I ignored it for a while."),
    ("en", "The gears need adjusting, but the frame is solid"),  # turns to praise
    ("en", "Good hotel, but is it noisy at night?"),  # asks
])
def test_a_long_turn_or_a_turn_to_praise_is_no_complaint_phrase(lang, text):
    assert not text_evidence(text, lang).complains


WAITS = [
    ("en", "We waited, all in all, almost three weeks."),
    ("pl", "Czekaliśmy w sumie prawie trzy tygodnie."),
    ("ru", "Ждали мы в итоге почти три недели."),
]


@pytest.mark.parametrize("lang,text", WAITS)
def test_a_wait_told_far_from_its_length_is_a_complaint(model, lang, text):
    ev = text_evidence(text, lang)
    assert ev.complaint_fact and ev.complains
    row = model.predict([text], [lang]).iloc[0]
    assert row["sentiment"] == "negative"
    kind = Detector(embedder="fake").predict([text], [lang], [row["sentiment_score"]])["kind"].tolist()
    assert kind == ["pain_point"]


@pytest.mark.parametrize("lang,text", [
    ("pl", "Czekałam tylko pięć minut"),  # a short wait: cancelled, as before
    ("ru", "Ждал всего пять минут"),
    ("en", "I waited, and two days later it came"),  # the comma before 'and' is a clause break
])
def test_fillers_leave_short_waits_and_clause_breaks_alone(lang, text):
    assert not text_evidence(text, lang).complaint_fact


# what decided a customer's choice praises it ("What swung it was…", "Przekonało mnie to, że…", "Меня убедила…"): the
# lexicon's positive phrases; dev_independent had such interview answers labelled positive read neutral or negative
DECIDED = [
    ("en", "What swung it was the free cancellation, you can stop any month."),
    ("en", "I'd looked at three gyms. What did it in the end was the 24h opening."),
    ("pl", "Przekonało mnie to, że mają darmowe zwroty przez 30 dni."),
    ("pl", "Długo się wahałem, ale darmowa dostawa mnie przekonała."),
    ("ru", "Решающим было то, что можно вернуть деньги в течение месяца."),
    ("ru", "Меня убедила бесплатная доставка до двери."),
]


@pytest.mark.parametrize("lang,text", DECIDED)
def test_what_decided_the_choice_is_a_positive_phrase(lang, text):
    ev = text_evidence(text, lang)
    assert ev.positive > 0 and ev.negative == 0


def test_a_short_reason_for_the_choice_reads_positive(model):
    assert model.predict([DECIDED[-1][1]], ["ru"]).loc[0, "sentiment"] == "positive"  # had read neutral
