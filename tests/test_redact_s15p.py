"""Redaction (s15p), from an internet and TV provider's NPS survey (dogfood 15c): units and plan names that spaCy
called people, customer numbers after 'лицевой счёт' and in a customer_id column, and the metadata columns found
in one pass."""

from __future__ import annotations

import pytest

from pipeline.redact import RedactConfig, Redactor


@pytest.fixture(scope="module")
def red() -> Redactor:
    return Redactor(RedactConfig())


# ----------------------------------------------------------------------------- a unit after a number
@pytest.mark.parametrize("text, lang, want", [
    # spaCy's small model tags 'Mbps' NNP and PERSON: '300 [PERSON]' had labelled a theme on the journey map
    ("Evening speed is a joke, nowhere near the 300 Mbps I pay for.", None,
     "Evening speed is a joke, nowhere near the 300 Mbps I pay for."),
    ("I get 20 Mbps instead of 300.", "en", "I get 20 Mbps instead of 300."),
    # a known first name after a number is still a person
    ("At 5 John called me back.", "en", "At 5 [PERSON] called me back."),
])
def test_a_unit_after_a_number_is_no_name(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


# ----------------------------------------------------------------------------- a plan's name after an abbreviation
@pytest.mark.parametrize("text, lang, want", [
    # the plan 'TV Max' of 80 respondents had been 'TV [PERSON]', which broke segmenting by the plan
    ("TV Max", None, "TV Max"),
    ("I switched to TV Max last year and love it.", "en", "I switched to TV Max last year and love it."),
    ("Thanks to HBO Max and Anna Smith", "en", "Thanks to HBO Max and [PERSON]"),
    # real names in such places
    ("ask Max from support, he was great", "en", "ask [PERSON] from support, he was great"),
    ("OK Max, thanks for the help", "en", "OK [PERSON], thanks for the help"),
])
def test_a_first_name_after_an_abbreviation_is_a_product(red, text, lang, want):
    assert red.redact(text, lang)[0] == want
