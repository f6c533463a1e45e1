"""Session 16i: employee numbers, chat channels, Kazakh first names, places and role words around names, card endings,
VK mentions, app ids in a table's columns."""

from __future__ import annotations

import pytest

from pipeline.redact import RedactConfig, Redactor


@pytest.fixture(scope="module")
def red() -> Redactor:
    return Redactor(RedactConfig())


# ----------------------------------------------------------------------------- 1. employee / staff numbers
@pytest.mark.parametrize("text, lang, want", [
    # an interviewee's own employee numbers had reached the outputs (dogfood 16b)
    ("Numer pracownika, jak będzie potrzebny do testów, to 48213.", "pl",
     "Numer pracownika, jak będzie potrzebny do testów, to [ID]."),
    ("Mój nr pracownika 55123.", "pl", "Mój nr pracownika [ID]."),
    ("My employee ID is 20417 by the way.", "en", "My employee ID is [ID] by the way."),
    ("Staff number 7781234.", "en", "Staff number [ID]."),
    ("My badge number is 44123.", "en", "My badge number is [ID]."),
    ("Мой табельный номер 004512.", "ru", "Мой табельный номер [ID]."),
    ("Мой личный номер 123456.", "ru", "Мой личный номер [ID]."),
    ("ID сотрудника 778812.", "ru", "ID сотрудника [ID]."),
    # a short number, a count of people, an order after the cue stay
    ("Staff number 3 was rude.", "en", "Staff number 3 was rude."),
    ("Numer pracownika nie pamiętam, ale zamówienie 12345 przyszło.", "pl",
     "Numer pracownika nie pamiętam, ale zamówienie 12345 przyszło."),
])
def test_an_employee_or_staff_number_after_the_word_for_it_is_an_id(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


# ----------------------------------------------------------------------------- 5. the last digits of a card
@pytest.mark.parametrize("text, lang, want", [
    # a card's last four digits after the words that say so had stayed (dogfood 16c: '4417', '8812')
    ("Karta kończy się na 4417, bank to mBank.", "pl", "Karta kończy się na [CARD], bank to mBank."),
    ("It was charged to my card ending 8812.", "en", "It was charged to my card ending [CARD]."),
    ("Visa ending in 5521 was charged twice.", "en", "Visa ending in [CARD] was charged twice."),
    ("карта заканчивается на 3321", "ru", "карта заканчивается на [CARD]"),
    ("последние цифры карты 1234", "ru", "последние цифры карты [CARD]"),
    # no card, a gift card's or an order's number, a year stay
    ("The order ending 4417 never came.", "en", "The order ending 4417 never came."),
    ("My gift card ending 4417 was declined.", "en", "My gift card ending 4417 was declined."),
    ("Karta działa od 2019 roku.", "pl", "Karta działa od 2019 roku."),
])
def test_the_last_four_digits_of_a_card_after_the_words_for_them_are_a_card(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


def test_a_card_ending_beside_a_date_of_birth_is_a_card_and_the_date_a_dob(red):
    # a security check's answers: both had been asked for; before, the card's last digits stayed
    assert red.redact("Yes. Card ending 4242, DOB 12/03/1990. Ask for Bobby", "en")[0] == \
        "Yes. Card ending [CARD], DOB [DOB]. Ask for [PERSON]"


# ----------------------------------------------------------------------------- 2. chat channels
@pytest.mark.parametrize("text, lang, want", [
    # a Slack channel named after a customer's site had stayed (dogfood 16b)
    ("We have a Slack channel with your CSM, #shiftwise-stbrigids, I'll drop the examples there.", "en",
     "We have a Slack channel with your CSM, [ID], I'll drop the examples there."),
    ("Wrzucę to na kanał #acme-mokotow na Teams.", "pl", "Wrzucę to na kanał [ID] na Teams."),
    ("Скинул в канал #kvadrat-almaty, посмотрите.", "ru", "Скинул в канал [ID], посмотрите."),
    # hashtags are content, after 'channel' too, and a hyphenated one without the word for a channel
    ("Super promocja #sale #mojeosiedle", "pl", "Super promocja #sale #mojeosiedle"),
    ("Love this channel #motivation #gym", "en", "Love this channel #motivation #gym"),
    ("Best #black-friday deals so far", "en", "Best #black-friday deals so far"),
])
def test_a_hyphenated_chat_channel_after_the_word_for_a_channel_is_an_id(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


# ----------------------------------------------------------------------------- 6. VK mentions
@pytest.mark.parametrize("text, want", [
    # VK's markup of a mention kept the user's id and left '[id11002|[PERSON]]' (dogfood 16c)
    ("[id11002|Анна], спасибо за ответ!", "[PERSON], спасибо за ответ!"),
    ("[id11002|Анна Петрова], спасибо за ответ!", "[PERSON], спасибо за ответ!"),
    ("[id11002|katya_best], spasibo", "[PERSON], spasibo"),
    # a community's mention is no person
    ("[club123|Квадрат], когда откроетесь?", "[club123|Квадрат], когда откроетесь?"),
])
def test_a_vk_mention_of_a_user_is_a_person_whole(red, text, want):
    assert red.redact(text)[0] == want


# ----------------------------------------------------------------------------- 7. an app's id column
def test_a_package_or_app_name_column_is_no_person_column(red):
    # `qsynth tag` on a Google Play export had turned every 'Package Name' ('com.quickbite.app') into [PERSON]
    import pandas as pd

    from pipeline.redact import redact_columns
    from pipeline.redact._table import person_column

    df = pd.DataFrame({"doc_id": ["review:1", "review:2"], "text": ["Zimna pizza.", "Super!"],
                       "meta_package_name": ["com.quickbite.app"] * 2, "meta_bundle_name": ["QuickBite"] * 2,
                       "meta_reviewer_name": ["Anna Nowak", "Jan Kowalski"]})
    out = redact_columns(df, RedactConfig(), red)
    assert out["meta_package_name"].tolist() == ["com.quickbite.app"] * 2
    assert out["meta_bundle_name"].tolist() == ["QuickBite"] * 2
    assert out["meta_reviewer_name"].tolist() == ["[PERSON]"] * 2
    assert [person_column(c) for c in ("meta_package_name", "meta_application_name", "meta_app_version_name",
                                       "meta_restaurant_name", "meta_customer_name")] == ["", "", "", "", "name"]


# ----------------------------------------------------------------------------- 4. a place, a role word
@pytest.mark.parametrize("text, want", [
    # spaCy reads a town places.txt does not list as a person: one word that is no first name, where a place is expected
    ("Do you deliver to Stratford?", "Do you deliver to Stratford?"),
    ("Do you deliver to Stratford or Bicester?", "Do you deliver to Stratford or Bicester?"),
    ("Can you deliver to Oliver at reception?", "Can you deliver to [PERSON] at reception?"),
    # spaCy takes the role word into the name: the placeholder covers only the name
    ("Courier Dave was polite.", "Courier [PERSON] was polite."),
    ("Courier Dave was really polite and the food was piping hot. 10/10",
     "Courier [PERSON] was really polite and the food was piping hot. 10/10"),
    ("Hi Dave, thanks for the help.", "Hi [PERSON], thanks for the help."),
])
def test_a_place_where_one_is_expected_stays_and_a_role_word_stays_outside_the_name(red, text, want):
    assert red.redact(text, "en")[0] == want


# ----------------------------------------------------------------------------- 3. Kazakh first names
@pytest.mark.parametrize("text, lang, want", [
    # Kazakh first names, unknown to the lists and to pymorphy3 as names, had stayed (dogfood 16c)
    ("Курьер Ерлан — лучший!", "ru", "Курьер [PERSON] — лучший!"),
    ("Привет, я Жандос, заказ не пришёл", "ru", "Привет, я [PERSON], заказ не пришёл"),
    # pymorphy3 guesses a noun of a name it does not know: no word unless simplemma's dictionary knows it too
    ("Жандос, спасибо!", "ru", "[PERSON], спасибо!"),
    ("Айгерим помогла мне, спасибо.", "ru", "[PERSON] помогла мне, спасибо."),
    ("Спасибо Нурлану за быструю доставку.", "ru", "Спасибо [PERSON] за быструю доставку."),
    ("Курьер Санжар, Ернар, Айжан, Даурен, Меруерт.", "ru", "Курьер [PERSON], [PERSON], [PERSON], [PERSON], [PERSON]."),
    ("Courier Yerlan was great.", "en", "Courier [PERSON] was great."),
    ("Spoke to Aigerim yesterday, she refunded me.", "en", "Spoke to [PERSON] yesterday, she refunded me."),
    ("Opyat privezli holodnoe, kurier Erlan ehal 70 minut.", None, "Opyat privezli holodnoe, kurier [PERSON] ehal 70 minut."),
    # a name that is as often a word stays a word opening a sentence ('Канат': a rope)
    ("Канат порвался при доставке.", "ru", "Канат порвался при доставке."),
])
def test_kazakh_first_names_are_names(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


def test_one_unknown_word_is_a_place_only_where_a_delivery_goes():
    """'Do you deliver to Stratford?' keeps its town; after 'sent it to' or 'went to' a short name or a surname
    the lists lack is still a person (the place rule had first read any 'to' as where a place goes)."""
    from pipeline.redact import RedactConfig, Redactor

    red = Redactor(RedactConfig())
    got = [t for t, _ in red.redact_many(["Do you deliver to Stratford?", "I sent it to Dave twice.",
                                          "I went to Jenkins in accounts and he shrugged."], None)]
    assert got == ["Do you deliver to Stratford?", "I sent it to [PERSON] twice.",
                   "I went to [PERSON] in accounts and he shrugged."]
