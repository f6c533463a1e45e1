"""Redaction (s15p), from an internet and TV provider's NPS survey (dogfood 15c): units and plan names that spaCy
called people, customer numbers after 'лицевой счёт' and in a customer_id column, and the metadata columns found
in one pass."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.redact import RedactConfig, Redactor, redact_columns, redact_table


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


def _survey(plans: list[str]) -> pd.DataFrame:
    n = len(plans)
    return pd.DataFrame({"doc_id": [f"survey:s.csv:{i}" for i in range(n)], "speaker": [""] * n, "role": ["customer"] * n,
                         "text": ["Dobra cena."] * n, "meta_pakiet": plans})


def test_a_category_columns_value_names_no_person_after_its_first_word(red):
    # a plan given by many respondents is a label: 'Pakiet Zosia', 'Тариф Максим' had been 'Pakiet [PERSON]'
    plans = ["Pakiet Zosia"] * 5 + ["Тариф Максим"] * 5 + ["Agent Max"] * 5 + ["Anna Nowak"] * 5 + ["Business Oliver"]
    out = redact_columns(_survey(plans), red.cfg, red)
    assert out["meta_pakiet"].tolist() == (["Pakiet Zosia"] * 5 + ["Тариф Максим"] * 5 + ["Agent [PERSON]"] * 5
                                           + ["[PERSON]"] * 5 + ["Business [PERSON]"])


# ----------------------------------------------------------------------------- speed
def test_the_metadata_columns_are_found_in_one_pass(red, monkeypatch):
    # each metadata column had opened the cache and hashed the redaction code again (24 times for one survey)
    from pipeline.redact import _table

    calls = []
    real = _table._cached_find
    monkeypatch.setattr(_table, "_cached_find", lambda *a, **k: calls.append(len(a[1])) or real(*a, **k))
    df = _survey(["TV Max"] * 6).assign(meta_miasto="Kraków", meta_email="a@b.pl", channel="survey")
    redact_columns(redact_table(df, red.cfg, red), red.cfg, red)
    assert len(calls) == 2, calls   # the texts, then every column's distinct values
