"""Session 15 (m1): one "case and punctuation aside" key, :func:`pipeline.text.word_key`, for theme labels, survey
cells and call formulas (they had each written their own regex)."""

from __future__ import annotations

import doctest
import re

from hypothesis import given, strategies as st

import pipeline.text
from pipeline.ingest._calls import fold
from pipeline.text import fold_accents, survey_words, word_key

CASES = ["Продиктуйте, пожалуйста, номер карты.", "Open-Ended Response", "brak_uwag", "W czym mogę pomóc, Łukasz?",
         "Могу я ещё чем-то помочь?", "  Nie wiem!!  ", "ŒUVRE — Ærø", "123 abc_DEF", "", "?!"]


def test_word_key_reads_as_the_keys_it_replaced():
    """The label key of pipeline/themes/_naming.py, survey_words.txt's cell key, the call formulas' fold."""
    for text in CASES:
        assert word_key(text) == " ".join(re.findall(r"[^\W_]+", text.casefold())), text
        assert word_key(text) == " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split()), text
        assert word_key(text, accents=True) == " ".join(re.findall(r"[^\W_]+", fold_accents(text))), text


@given(st.text(max_size=40))
def test_call_formulas_are_read_by_word_key(text):
    assert fold(text) == word_key(text, accents=True)


def test_survey_words_are_read_by_word_key():
    assert "open ended response" in survey_words("response")
    assert word_key("Open-Ended Response") == "open ended response"


def test_word_key_examples():
    assert word_key("Продиктуйте, пожалуйста, номер карты.") == "продиктуйте пожалуйста номер карты"
    assert word_key("W czym mogę pomóc, Łukasz?", accents=True) == "w czym moge pomoc lukasz"
    assert word_key("W czym mogę pomóc, Łukasz?") == "w czym mogę pomóc łukasz"
    assert word_key(12.5) == "12 5"   # a spreadsheet cell that is a number
    assert doctest.testmod(pipeline.text).failed == 0
