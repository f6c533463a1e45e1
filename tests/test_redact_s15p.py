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


# ----------------------------------------------------------------------------- customer numbers
@pytest.mark.parametrize("text, lang, want", [
    ("на горячей линии ждал 40 минут. Мой лицевой счёт NT-4379571.", "ru", "на горячей линии ждал 40 минут. Мой лицевой счёт [ID]."),
    ("Номер лицевого счёта 123456789, проверьте.", "ru", "Номер лицевого счёта [ID], проверьте."),
    ("mój numer klienta to NT-4379571", "pl", "mój numer klienta to [ID]"),
    ("Mój numer abonenta: 4412907.", "pl", "Mój numer abonenta: [ID]."),
    ("My account number is NT-4685152.", "en", "My account number is [ID]."),
    # a bare id shape stays: in our corpora it is mostly an order's, a case's or a product's
    ("I called twice about NT-4685152 and nothing happened.", "en", "I called twice about NT-4685152 and nothing happened."),
    ("My phone is a Samsung SM-G991B, order MK-49422.", "en", "My phone is a Samsung SM-G991B, order MK-49422."),
    ("numer klienta i zamówienia 12345", "pl", "numer klienta i zamówienia 12345"),
])
def test_a_customer_number_after_the_word_for_it(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


def test_a_customer_id_column_becomes_an_alias(red):
    # a Typeform hidden field 'customer_id' had left 68 customer numbers in segments.csv
    df = pd.DataFrame({"doc_id": ["survey:t.csv:1", "survey:t.csv:2", "survey:t.csv:3"], "source_file": ["t.csv"] * 3,
                       "text": ["ok"] * 3, "meta_customer_id": ["NT-4027026", "NT-4033344", "NT-4027026"],
                       "meta_network_id": ["75cfc6b704", "75cfc6b704", "a1"], "meta_author_id": ["1", "2", "1"]})
    out = redact_columns(df, red.cfg, red)
    ids = out["meta_customer_id"].tolist()
    assert not any(v.startswith("NT-") for v in ids) and ids[0] == ids[2] != ids[1]
    assert out["meta_network_id"].tolist() == ["75cfc6b704", "75cfc6b704", "a1"]
    assert out["meta_author_id"].tolist() == ["1", "2", "1"]


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


def test_a_word_is_not_looked_up_in_the_other_scripts_dictionary(monkeypatch):
    # 'Dobra' in an English text had loaded the Russian dictionary as well (some 1.6 s), 'Отлично' the Polish one (4 s)
    import simplemma

    from pipeline.redact._names import everyday_word

    asked = []
    real = simplemma.is_known
    monkeypatch.setattr(simplemma, "is_known", lambda w, lang: asked.append((w, lang)) or real(w, lang=lang))
    assert not everyday_word("Qwertyuiop", "ru") and not everyday_word("Отличнейше", "pl")
    assert asked == []
