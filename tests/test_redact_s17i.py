"""Session 17i: one delivery rule for en / pl / ru places, chat channels beside a channel word, masculine Polish
surnames in their case forms, the places list's first names, and a clinic's / flat's / language school's feedback."""

from __future__ import annotations

import pytest

from pipeline.redact import RedactConfig, Redactor


@pytest.fixture(scope="module")
def red() -> Redactor:
    return Redactor(RedactConfig())


# ----------------------------------------------------------------------------- 1. where a delivery goes, in each language
@pytest.mark.parametrize("text, lang, want", [
    # a Polish question without diacritics reads as English: spaCy called the town a person ('Dowozicie do [PERSON]?')
    ("Dowozicie do Stratford?", None, "Dowozicie do Stratford?"),
    ("Dostarczacie do Stratford?", None, "Dostarczacie do Stratford?"),   # spaCy's one span over the verb
    ("Dowozicie do Sofii?", None, "Dowozicie do Sofii?"),
    ("Czy dostarczacie do Sofii?", "pl", "Czy dostarczacie do Sofii?"),
    ("Доставляете ли вы в Stratford?", "ru", "Доставляете ли вы в Stratford?"),
    ("Do you deliver to Stratford?", "en", "Do you deliver to Stratford?"),
    # a person still: a first name after a delivery, a name after another verb's 'do'
    ("Do you deliver to Oliver at reception?", "en", "Do you deliver to [PERSON] at reception?"),
    ("Dzwoniłam do Sofii wczoraj.", "pl", "Dzwoniłam do [PERSON] wczoraj."),
    ("Wysłałam list do Kasi.", "pl", "Wysłałam list do [PERSON]."),
    ("Anna kowalska called me", "en", "[PERSON] called me"),
])
def test_a_place_after_a_delivery_to_is_a_place_in_every_language(red, text, lang, want):
    assert red.redact(text, lang)[0] == want
