"""Session 18e: redaction leaks of an insurance company's and a mobile game's support chats, reviews and interviews."""

from __future__ import annotations

import pytest

from pipeline.redact import RedactConfig, Redactor


@pytest.fixture(scope="module")
def red():
    return Redactor(RedactConfig())


# ----------------------------------------------------------------------------- 1. a code of one step after the word for it
@pytest.mark.parametrize("text, lang, want", [
    ("code 1234", "en", "code [CODE]"),
    ("PIN 0000", "en", "PIN [CODE]"),
    ("My PIN 0000 was blocked after the update", "en", "My PIN [CODE] was blocked after the update"),
    ("The door code 1234 works now", "en", "The door code [CODE] works now"),
    ("kod 4711", "pl", "kod [CODE]"),
    ("код 8842", "ru", "код [CODE]"),
    ("Мой пин 1111, поменяйте", "ru", "Мой пин [CODE], поменяйте"),
    # a generated code's length: one counting up is an example
    ("Kod BLIK 111 111 nie przechodzi", "pl", "Kod BLIK 111 111 nie przechodzi"),
    ("Kod BLIK 482 913 nie przechodzi", "pl", "Kod BLIK [CODE] nie przechodzi"),
    # no secret's word, or another code's
    ("error code 1234", "en", "error code 1234"),
    ("kod pocztowy 00950", "pl", "kod pocztowy 00950"),
])
def test_digits_after_the_word_for_a_code_are_the_code_whatever_they_look_like(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


# ----------------------------------------------------------------------------- 2. a password of letters after "is"
@pytest.mark.parametrize("text, lang, want", [
    ("My password is sunflower", "en", "My password is [CODE]"),
    ("my password is sunflower and it still fails", "en", "my password is [CODE] and it still fails"),
    ("The new password is pancake, please reset it", "en", "The new password is [CODE], please reset it"),
    ("hasło: słonecznik", "pl", "hasło: [CODE]"),
    ("Moje hasło to stokrotka i nie mogę się zalogować", "pl", "Moje hasło to [CODE] i nie mogę się zalogować"),
    ("пароль ромашка", "ru", "пароль [CODE]"),
    ("мой пароль ромашка, не подходит", "ru", "мой пароль [CODE], не подходит"),
    # a sentence about a password gives none
    ("The password is wrong.", "en", "The password is wrong."),
    ("The password is incorrect and I can't log in", "en", "The password is incorrect and I can't log in"),
    ("Your password is expired.", "en", "Your password is expired."),
    ("The password is mine.", "en", "The password is mine."),
    ("Hasło jest nieprawidłowe.", "pl", "Hasło jest nieprawidłowe."),
    ("Hasło jest problemem.", "pl", "Hasło jest problemem."),
    ("пароль неверный", "ru", "пароль неверный"),
    ("пароль пользователя", "ru", "пароль пользователя"),
    ("Пароль сменила вчера", "ru", "Пароль сменила вчера"),
])
def test_a_password_of_letters_said_to_be_one_is_a_code(red, text, lang, want):
    assert red.redact(text, lang)[0] == want
