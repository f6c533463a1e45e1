"""Sentiment of waits told far from their length (session 18c), with the shipped model (real e5-small, heads,
lexicon).

"We waited, all in all, almost three weeks" had been no complaint fact: the wait and its length stood more
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
