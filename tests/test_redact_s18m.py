"""Session 18 mends of redaction (reviewer rev1's findings 2, 5, 6, 7, 9, 11)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.redact import RedactConfig, Redactor

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def red():
    return Redactor(RedactConfig())


# ----------------------------------------------------------------------------- 2. every file redaction reads keys its cache
_OPENED = r"""
import json, sys
import pipeline.detect   # ingest's __init__ imports it; redaction reads none of its files (courtesy.txt)
opened = set()
sys.addaudithook(lambda event, args: event == "open" and isinstance(args[0], str) and opened.add(args[0]))
from pipeline.redact import Redactor, RedactConfig, known_name_tokens
texts = ["Dispatcher Kowalska said the password is garbage", "Hasło to problem, dzwoniła Anna Nowak",
         "Пароль ошибка, звонил Иван Петров", "I called Sydney office in Jan", "gde moy zakaz, zvonil Ivan Petrov"]
Redactor(RedactConfig()).find_many(texts, ["en", "pl", "ru", "en", "ru"])
known_name_tokens(["Dispatcher Kowalska", "Speaker 2"])
print(json.dumps(sorted(opened)))
"""


def test_every_resource_redaction_reads_is_in_its_cache_key():
    # role_words.txt (read through ingest's role words) was missing: an edit to it kept serving cached results
    from pipeline.checkpoints import PACKAGE_DIR
    from pipeline.redact._table import CACHE_CODE

    out = subprocess.run([sys.executable, "-c", _OPENED], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    read = {Path(p).resolve() for p in json.loads(out.splitlines()[-1])}
    resources = sorted(str(p.relative_to(PACKAGE_DIR)) for p in read
                       if p.is_relative_to(PACKAGE_DIR) and p.suffix not in (".py", ".pyc"))
    assert "resources/role_words.txt" in resources
    assert [r for r in resources if not any(r == k or r.startswith(k + "/") for k in CACHE_CODE)] == []


# ----------------------------------------------------------------------------- 5. the month "Jan"
@pytest.mark.parametrize("text, want", [
    ("I was charged in Jan", "I was charged in Jan"),
    ("Since Jan the app keeps crashing", "Since Jan the app keeps crashing"),
    ("From Jan to March nothing happened", "From Jan to March nothing happened"),
    ("From Jan - March nothing happened", "From Jan - March nothing happened"),
    ("Ordered late Jan, still waiting", "Ordered late Jan, still waiting"),
    ("I have been waiting since Jan", "I have been waiting since Jan"),
    ("Dec - Jan was bad", "Dec - Jan was bad"),
    ("on Jan 5", "on Jan 5"),
    # a person: spoken to, from, by, beside another name
    ("Jan said he would call back", "[PERSON] said he would call back"),
    ("I talked to Jan in March", "I talked to [PERSON] in March"),
    ("A message from Jan", "A message from [PERSON]"),
    ("Jan and Anna came", "[PERSON] and [PERSON] came"),
])
def test_jan_after_a_word_of_time_or_in_a_range_is_the_month(red, text, want):
    assert red.redact(text, "en")[0] == want


# ----------------------------------------------------------------------------- 6. a place's branch called
@pytest.mark.parametrize("text, want", [
    ("I called Sydney office", "I called Sydney office"),
    ("I called Chelsea branch", "I called Chelsea branch"),
    ("I called Lincoln office twice", "I called Lincoln office twice"),
    ("I emailed Florence office", "I emailed Florence office"),
    ("I asked Paris office for a refund", "I asked Paris office for a refund"),
    ("I rang Victoria station lost property", "I rang Victoria station lost property"),
    # the person called, written to
    ("I texted Sydney yesterday", "I texted [PERSON] yesterday"),
    ("I called Sydney and she sorted it", "I called [PERSON] and she sorted it"),
    ("I emailed Florence about the refund", "I emailed [PERSON] about the refund"),
])
def test_a_place_name_with_a_business_word_after_a_call_verb_is_its_branch(red, text, want):
    assert red.redact(text, "en")[0] == want


# ----------------------------------------------------------------------------- 7. a word judging a password is none
@pytest.mark.parametrize("text, lang, want", [
    ("Hasło to problem.", "pl", "Hasło to problem."),
    ("Hasło to porażka i nic nie działa.", "pl", "Hasło to porażka i nic nie działa."),
    ("Hasło to masakra.", "pl", "Hasło to masakra."),
    ("Hasło to tajemnica.", "pl", "Hasło to tajemnica."),
    ("My password is garbage and I forgot it.", "en", "My password is garbage and I forgot it."),
    ("The password is rubbish and I hate it", "en", "The password is rubbish and I hate it"),
    ("The password is nonsense.", "en", "The password is nonsense."),
    ("пароль ошибка", "ru", "пароль ошибка"),
    # a password still
    ("My password is sunflower", "en", "My password is [CODE]"),
    ("My password is love", "en", "My password is [CODE]"),
    ("Hasło to stokrotka", "pl", "Hasło to [CODE]"),
    ("пароль ромашка", "ru", "пароль [CODE]"),
])
def test_an_evaluative_word_said_of_a_password_is_no_password(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


# ----------------------------------------------------------------------------- 9. one list of role words
def test_redaction_reads_role_words_through_ingests_public_api_only():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pipeline" / "redact").glob("*.py"))
    assert "pipeline.ingest._" not in sources


def test_every_role_word_of_role_words_txt_names_no_one_in_a_label():
    from pipeline.ingest import role_words
    from pipeline.redact import known_name_tokens
    from pipeline.redact._names import _ROLE_WORDS

    sections = ("customer", "agent", "bot", "brand", "interviewer", "support_name", "bot_name", "generic_label")
    assert {w for s in sections for w in role_words(s)} <= _ROLE_WORDS
    # a desk's word beside a surname ("Helpdesk Nowak", "Bok Kowalska") is no name to look for in texts
    assert known_name_tokens(["Helpdesk Nowak"]) == known_name_tokens(["Nowak"])
    assert known_name_tokens(["Speaker 2", "Dispatcher Kowalska"]) == known_name_tokens(["Kowalska"])


# ----------------------------------------------------------------------------- 11. first names that are products
@pytest.mark.parametrize("text, want", [
    ("The Angus burger was cold.", "The Angus burger was cold."),
    ("The Angus steak was raw.", "The Angus steak was raw."),
    ("The Tiffany lamp arrived broken.", "The Tiffany lamp arrived broken."),
    ("My Tiffany necklace broke.", "My Tiffany necklace broke."),
    # a person still where a name is said
    ("I spoke to Tiffany in billing.", "I spoke to [PERSON] in billing."),
    ("Thanks, Angus Murray sorted it.", "Thanks, [PERSON] sorted it."),
])
def test_a_first_name_that_is_a_product_is_a_name_only_where_a_name_is_said(red, text, want):
    assert red.redact(text, "en")[0] == want
