"""Session 18m: a concessive is cut where its two sides take opposite sides (rev2 #7); a noun after "no" and a
judgement name a topic (rev2 #11)."""

import pytest

from pipeline.stages import segment
from pipeline.text import names_topic, stop_words


@pytest.mark.parametrize("text, parts", [
    ("The room was great, though the breakfast was cold and the staff rude.",
     ["The room was great,", "though the breakfast was cold and the staff rude."]),
    ("The breakfast was cold and the staff rude, though the room itself was great.",
     ["The breakfast was cold and the staff rude,", "though the room itself was great."]),
    ("Lovely host and spotless flat, although the wifi kept dropping every evening.",
     ["Lovely host and spotless flat,", "although the wifi kept dropping every evening."]),
    ("Еда очень вкусная, хотя обслуживание было медленным и грубым.",
     ["Еда очень вкусная,", "хотя обслуживание было медленным и грубым."]),
    ("Great sofa overall, although the legs wobble a bit on tiles.",
     ["Great sofa overall,", "although the legs wobble a bit on tiles."]),
])
def test_a_concession_that_takes_the_other_side_is_cut(text, parts):
    """Not cut at "though" (0b21801), the praise had vanished into one pain point (rev2 #7)."""
    assert segment.split_units(text) == parts


@pytest.mark.parametrize("text", [
    "Składka wzrosła o 40 procent, chociaż nie miałem żadnej szkody.",
    "The parcel took two weeks, though the shop page promised one or two days.",
    "The staff were lovely, though the manager was even more helpful.",
])
def test_a_concession_on_the_same_side_is_no_cut(text):
    assert segment.split_units(text) == [text]


@pytest.mark.parametrize("text", ["Still no sofa.", "Still no call back.", "No show again.", "Never again.",
                                  "Nigdy więcej.", "Больше никогда."])
def test_a_noun_after_no_and_a_verdict_name_a_topic(text):
    """The sample corpus's "sofa" and spaCy's "call" had counted as function words, and a verdict as naming nothing,
    though a judgement is a topic of its own (rev2 #11)."""
    assert names_topic(text)


@pytest.mark.parametrize("text", ["Minął tydzień i nic.", "Znowu to samo.", "It's been three weeks.", "Again the same."])
def test_time_and_reactions_still_name_nothing(text):
    assert not names_topic(text)


def test_a_missing_call_back_stands_as_its_own_part():
    assert segment.split_units("The sofa arrived with a torn seat. Still no call back.") == [
        "The sofa arrived with a torn seat.", "Still no call back."]


def test_the_stop_words_themes_and_redaction_read_are_unchanged():
    assert {"sofa", "call", "never", "just", "się", "очень"} <= stop_words("en") | stop_words("pl") | stop_words("ru")
