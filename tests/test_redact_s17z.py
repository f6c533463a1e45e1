"""A password of letters alone, said to be one, is redacted (reviewer rev2 #5)."""
import pytest

from pipeline.redact import RedactConfig, Redactor


@pytest.fixture(scope="module")
def red():
    return Redactor(RedactConfig())


@pytest.mark.parametrize("text,lang,secret", [
    ("Hasło do WiFi: sloneczko", "pl", "sloneczko"),
    ("Wi-Fi password: kotekmaly", "en", "kotekmaly"),
    ("Пароль от вайфая: solnyshko", "ru", "solnyshko"),
    ("Hasło to kotekmaly, a kod do drzwi podam jutro.", "pl", "kotekmaly"),
])
def test_a_password_of_letters_after_a_colon_or_is_is_redacted(red, text, lang, secret):
    """The value had to hold a digit, a sign or an inner capital: 'Hasło do WiFi: sloneczko' kept the Wi-Fi's password."""
    out = red.redact(text, lang)[0]
    assert secret not in out and "[CODE]" in out, out


@pytest.mark.parametrize("text,lang", [
    ("The password didn't work", "en"),
    ("I asked for a password reset", "en"),
    ("The password is wrong.", "en"),
    ("Your password is incorrect!", "en"),
    ("Hasło jest nieprawidłowe.", "pl"),
    ("Hasło do WiFi nie działa", "pl"),
    ("Пароль: неверный", "ru"),
    ("The password is long and hard to type", "en"),
])
def test_what_is_said_of_a_password_stays(red, text, lang):
    """An everyday word of the sentence's language after the word for a password says something of it; so does a word
    that does not end the clause."""
    assert red.redact(text, lang)[0] == text
