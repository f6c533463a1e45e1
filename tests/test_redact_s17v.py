"""Session 17v: the reviewer's redaction findings: lower-case Polish surnames read as adjectives, spaCy's name spans cut
at an everyday word, a message's 'do' read as a delivery's, one list of a name's particles, and NAMES_DIR public."""

from __future__ import annotations

import pytest

from pipeline.redact import RedactConfig, Redactor


@pytest.fixture(scope="module")
def red() -> Redactor:
    return Redactor(RedactConfig())


# ----------------------------------------------------------------------------- 1. only a place's adjective is one
@pytest.mark.parametrize("text, want", [
    # speech-to-text's lower-case surname before any masculine noun had been read as an adjective and kept
    ("Jan kowalski numer klienta podam później", "[PERSON] numer klienta podam później"),
    ("Piotr nowacki oddział Warszawa, proszę o kontakt.", "[PERSON] oddział Warszawa, proszę o kontakt."),
    ("Jan lewandowski numer klienta 5", "[PERSON] numer klienta 5"),
    ("Tomasz zieliński sklep", "[PERSON] sklep"),
    ("Anna nowacka sprawa reklamacji nadal otwarta.", "[PERSON] sprawa reklamacji nadal otwarta."),
    # an adjective of a place or a language stays
    ("Jan polski oddział", "[PERSON] polski oddział"),
    ("Marek krakowski sklep zamknęli.", "[PERSON] krakowski sklep zamknęli."),
    ("Anna angielska grupa zaczyna we wtorek.", "[PERSON] angielska grupa zaczyna we wtorek."),
])
def test_a_lower_case_ski_word_after_a_first_name_is_an_adjective_only_of_a_place_or_language(red, text, want):
    assert red.redact(text, "pl")[0] == want


# ----------------------------------------------------------------------------- 2. spaCy's span is cut only before a place
@pytest.mark.parametrize("text, want", [
    # the span had been cut at the everyday word and only its best part redacted
    ("Our agent Maria do Carmo was great", "Our agent [PERSON] was great"),
    ("Hello, agent Anna y Pablo", "Hello, agent [PERSON]"),
    # a place where a delivery goes is still cut off (a Polish question read as English)
    ("Dostarczacie do Stratford?", "Dostarczacie do Stratford?"),
    ("Reklamacja - Ewelina Pawlak", "Reklamacja - [PERSON]"),
])
def test_a_spacy_name_is_cut_at_an_everyday_word_only_before_a_place(red, text, want):
    assert red.redact(text, "en")[0] == want


def test_one_list_of_name_particles_for_texts_and_columns():
    """_table.py had its own particles (no 'dos', 'das', 'ter'): 'Maria dos Santos' in a column was no name."""
    from pipeline.redact import _names, _table

    assert _table.looks_like_name("Maria dos Santos") and _table.looks_like_name("Anna i Piotr")
    assert not hasattr(_table, "_NAME_PARTICLES") and _table.NAME_PARTICLES is _names.NAME_PARTICLES


# ----------------------------------------------------------------------------- 3. a message goes to a person
@pytest.mark.parametrize("text, want", [
    ("Wysłałem maila do Sofii wczoraj", "Wysłałem maila do [PERSON] wczoraj"),   # had kept 'Sofii'
    ("Przesłałam wiadomość do Sofii.", "Przesłałam wiadomość do [PERSON]."),
    # goods and a shop's shipping still go to a place
    ("Wysłałem paczkę do Sofii wczoraj", "Wysłałem paczkę do Sofii wczoraj"),
    ("Czy wysyłacie paczki do Sofii?", "Czy wysyłacie paczki do Sofii?"),
    ("Wysyłacie do Sofii?", "Wysyłacie do Sofii?"),
    ("Czy wysyłka do Sofii jest możliwa?", "Czy wysyłka do Sofii jest możliwa?"),
])
def test_polish_sending_marks_a_place_only_for_goods(red, text, want):
    assert red.redact(text, "pl")[0] == want


# ----------------------------------------------------------------------------- 4. NAMES_DIR is public
def test_the_places_build_imports_only_the_public_redact_api():
    from pathlib import Path

    from pipeline.redact import NAMES_DIR

    assert (NAMES_DIR / "places.txt").is_file()
    script = (Path(__file__).resolve().parent.parent / "scripts" / "build_places.py").read_text(encoding="utf-8")
    assert "from pipeline.redact._" not in script
