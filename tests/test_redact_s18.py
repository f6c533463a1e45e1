"""A Polish street named after a preposition of place is no bare surname (dogfood 17a: "Krążyłem 20 minut po
Puławskiej" had become "po [PERSON]" since cc11b61), while a surname after "u" / "z" still goes."""

from __future__ import annotations

import pytest

from pipeline.redact import RedactConfig, Redactor


@pytest.fixture(scope="module")
def red():
    return Redactor(RedactConfig())


@pytest.mark.parametrize("text", ["Krążyłem 20 minut po Puławskiej, zanim znalazłem parking.",
                                  "Parking jest wzdłuż Puławskiej, ale zawsze zajęty.",
                                  "Klinika jest na rogu, róg Puławskiej i Rakowieckiej.",
                                  "Wejście jest za Grochowską, trudno trafić.",
                                  "Przystanek naprzeciwko Marszałkowskiej jest daleko."])
def test_a_street_after_a_preposition_of_place_stays(red, text):
    assert red.redact(text, "pl")[0] == text


@pytest.mark.parametrize("text, name", [("Byłam u Zawadzkiego w zeszłym tygodniu.", "Zawadzkiego"),
                                        ("Rozmawiałam z Zawadzką z działu szkód.", "Zawadzką")])
def test_a_surname_after_u_or_z_still_goes(red, text, name):
    assert name not in red.redact(text, "pl")[0]
