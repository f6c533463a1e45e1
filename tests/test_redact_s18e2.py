"""Session 18e2: redaction leaks of a car insurer's calls (dogfood 18g) and a mobile game's tickets and reviews (18h)."""

from __future__ import annotations

import pytest

from pipeline.redact import RedactConfig, Redactor


@pytest.fixture(scope="module")
def red():
    return Redactor(RedactConfig())


# ----------------------------------------------------------------------------- 1. a policy's or a contract's number
@pytest.mark.parametrize("text, lang, want", [
    ("Mój numer polisy to PL/2026/445120.", "pl", "Mój numer polisy to [ID]."),
    ("PESEL 90042466234, polisa PL/2026/534439.", "pl", "PESEL [PESEL], polisa [ID]."),
    ("Sure, the policy is PL/2026/753776.", "en", "Sure, the policy is [ID]."),
    ("my windscreen cracked, policy number PL/2026/778812.", "en", "my windscreen cracked, policy number [ID]."),
    ("Номер полиса ААА/2026/445120, продлите", "ru", "Номер полиса [ID], продлите"),
    ("a ubezpieczenia OC 998877665", "pl", "a ubezpieczenia OC [ID]"),
    ("numer umowy UM/2025/00123", "pl", "numer umowy [ID]"),
    ("my contract number is CN-2025-44512", "en", "my contract number is [ID]"),
    ("Номер договора 4471203", "ru", "Номер договора [ID]"),
    # an amount, another policy, a claim's number: none
    ("Polisa kosztuje 15000 zł.", "pl", "Polisa kosztuje 15000 zł."),
    ("Our return policy allows 30 days, SKU 1234567", "en", "Our return policy allows 30 days, SKU 1234567"),
    ("My Polish is bad, order 1234567", "en", "My Polish is bad, order 1234567"),
    ("Dziękuję, numer szkody to SZK/2026/55512.", "pl", "Dziękuję, numer szkody to SZK/2026/55512."),
])
def test_a_policy_or_contract_number_is_redacted_as_an_account_number(red, text, lang, want):
    assert red.redact(text, lang)[0] == want
