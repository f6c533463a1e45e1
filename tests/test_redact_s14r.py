"""Redaction leaks found by the privacy audit and two dogfood runs (s14): cache keys, id and name columns,
known names per document."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pandas as pd
import pytest

from pipeline.redact import RedactConfig, Redactor, redact_table


@pytest.fixture(scope="module")
def red() -> Redactor:
    return Redactor(RedactConfig())


# ----------------------------------------------------------------------------- cache keys
def test_redaction_cache_keys_cannot_be_brute_forced_from_the_cache_file(red, tmp_path):
    # keys were sha256(lang + "\x1f" + raw text): a phone "600 100 202" came back from its key in 0.1 s
    df = pd.DataFrame({"text": ["600 100 202"], "speaker": [""], "role": ["customer"], "lang": ["pl"]})
    out = redact_table(df, red.cfg, red, cache_dir=str(tmp_path))
    assert out["text"].tolist() == ["[PHONE]"]
    with sqlite3.connect(tmp_path / "results.sqlite") as db:
        keys = {k for (k,) in db.execute("SELECT key FROM res")}
    assert keys and hashlib.sha256("pl\x1f600 100 202".encode()).hexdigest() not in keys
    secret = tmp_path / "redact.key"
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600 and len(secret.read_bytes()) == 32
    # the same input still finds its entry: a second run computes nothing and gives the same output
    again = redact_table(df, red.cfg, red, cache_dir=str(tmp_path))
    assert again["text"].tolist() == ["[PHONE]"]
    with sqlite3.connect(tmp_path / "results.sqlite") as db:
        assert {k for (k,) in db.execute("SELECT key FROM res")} == keys


def test_table_docstring_examples_hold():
    import doctest

    from pipeline.redact import _table

    assert doctest.testmod(_table).failed == 0


# ----------------------------------------------------------------------------- name columns
def test_columns_of_people_by_their_part_are_redacted_whole_but_not_their_attributes(red):
    from pipeline.redact import redact_values

    cfg = RedactConfig()
    # dogfood: front matter participant / interviewer / client and a chat's contact / assigned_agent had stayed
    for col, value in [("meta_participant", "Aisha Khan"), ("meta_interviewer", "Maya Chen"), ("meta_interviewer", "Patel"),
                       ("meta_client", "Smirnova O."), ("meta_contact", "Nowak"), ("meta_assigned_agent", "Domi"),
                       ("meta_uczestnik", "Joasia"), ("meta_клиент", "Смирнова О.")]:
        assert redact_values(pd.Series([value]), cfg, red, column=col).tolist() == ["[PERSON]"], (col, value)
    # categories under a person word, and attributes of a person, keep their values
    for col, value in [("meta_customer_type", "Returning"), ("meta_agent_team", "Billing"),
                       ("meta_client_segment", "Enterprise"), ("meta_author_id", "1"), ("meta_customer", "vip")]:
        assert redact_values(pd.Series([value]), cfg, red, column=col).tolist() == [value], (col, value)
    # an attribute column is still redacted as text, keeping the placeholder's type
    assert redact_values(pd.Series(["ewelina.pawlak@wp.pl"]), cfg, red, column="meta_requester_email").tolist() == ["[EMAIL]"]
