"""Session 18m: a concessive is cut where its two sides take opposite sides (rev2 #7); a noun after "no" and a
judgement name a topic (rev2 #11)."""

import pytest

from pipeline.stages import segment


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
