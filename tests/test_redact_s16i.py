"""Session 16i: employee numbers, chat channels, Kazakh first names, places and role words around names, card endings,
VK mentions, app ids in a table's columns."""

from __future__ import annotations

import pytest

from pipeline.redact import RedactConfig, Redactor


@pytest.fixture(scope="module")
def red() -> Redactor:
    return Redactor(RedactConfig())


# ----------------------------------------------------------------------------- 1. employee / staff numbers
@pytest.mark.parametrize("text, lang, want", [
    # an interviewee's own employee numbers had reached the outputs (dogfood 16b)
    ("Numer pracownika, jak będzie potrzebny do testów, to 48213.", "pl",
     "Numer pracownika, jak będzie potrzebny do testów, to [ID]."),
    ("Mój nr pracownika 55123.", "pl", "Mój nr pracownika [ID]."),
    ("My employee ID is 20417 by the way.", "en", "My employee ID is [ID] by the way."),
    ("Staff number 7781234.", "en", "Staff number [ID]."),
    ("My badge number is 44123.", "en", "My badge number is [ID]."),
    ("Мой табельный номер 004512.", "ru", "Мой табельный номер [ID]."),
    ("Мой личный номер 123456.", "ru", "Мой личный номер [ID]."),
    ("ID сотрудника 778812.", "ru", "ID сотрудника [ID]."),
    # a short number, a count of people, an order after the cue stay
    ("Staff number 3 was rude.", "en", "Staff number 3 was rude."),
    ("Numer pracownika nie pamiętam, ale zamówienie 12345 przyszło.", "pl",
     "Numer pracownika nie pamiętam, ale zamówienie 12345 przyszło."),
])
def test_an_employee_or_staff_number_after_the_word_for_it_is_an_id(red, text, lang, want):
    assert red.redact(text, lang)[0] == want
