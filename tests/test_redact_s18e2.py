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


# ----------------------------------------------------------------------------- a plate, a VIN or a PESEL given when asked for
@pytest.mark.parametrize("question, answer, want", [
    ("A numer rejestracyjny pojazdu?", "PO 549J3", "[ID]"),
    ("Numer rejestracyjny?", "WX12345, Toyota Corolla.", "[ID], Toyota Corolla."),
    ("Numer VIN z dowodu?", "JTDBR32E720123456", "[ID]"),
    ("And the registration number of the car?", "KR 6D714", "[ID]"),
    # the answer's first sentence when the turn goes on
    ("Can I have the registration?", "It's KR 4H221. My name is Oliver and my wife usually drives it to work.",
     "It's [ID]. My name is [PERSON] and my wife usually drives it to work."),
    ("Numer polisy i rejestracyjny?", "WX12345", "[ID]"),
    # a mistyped PESEL given when asked for one
    ("Poproszę numer PESEL.", "85031507738", "[PESEL]"),
    # not asked for
    ("Jaki model?", "Toyota Corolla, rok 2019", "Toyota Corolla, rok 2019"),
    ("What happened to the car?", "Someone hit it on the A4 near exit 12", "Someone hit it on the A4 near exit 12"),
])
def test_a_plate_vin_or_pesel_given_when_asked_for_is_redacted(question, answer, want):
    import pandas as pd

    from pipeline.redact import redact_table

    df = pd.DataFrame({"doc_id": ["d", "d"], "text": [question, answer], "speaker": ["Agent", "Customer"],
                       "role": ["agent", "customer"]})
    assert redact_table(df, RedactConfig(), cache_dir="")["text"].tolist()[1] == want


# ----------------------------------------------------------------------------- 3. an address said in a call
@pytest.mark.parametrize("text, lang, want", [
    ("ul. Długa 15 mieszkania 4, Kraków", "pl", "[ADDRESS], Kraków"),
    ("Długa 15 mieszkania 4, Kraków.", "pl", "[ADDRESS], Kraków."),
    ("Długa piętnaście mieszkania cztery", "pl", "[ADDRESS]"),
    ("Mieszkam na Długiej 15 mieszkanie 4", "pl", "Mieszkam na [ADDRESS]"),
    ("улица Ленина дом 5 квартира 12", "ru", "[ADDRESS]"),
    ("Ленина дом пять квартира двенадцать", "ru", "[ADDRESS]"),
    ("15 Long Street flat 4", "en", "[ADDRESS]"),
    ("I live at fifteen Long Street flat four", "en", "I live at [ADDRESS]"),
    # no flat, no street: none
    ("Mieszkanie 4 pokoje, 60 metrów", "pl", "Mieszkanie 4 pokoje, 60 metrów"),
    ("Pixel 7 has a flat battery", "en", "Pixel 7 has a flat battery"),
])
def test_an_address_said_with_its_flat_is_redacted(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


@pytest.mark.parametrize("question, answer, want", [
    ("A adres zamieszkania?", "Długa 15, Kraków.", "[ADDRESS], Kraków."),
    ("Adres do korespondencji?", "Kraków, Długa 15.", "Kraków, [ADDRESS]."),
    ("Ваш адрес?", "Ленина 5, Москва", "[ADDRESS], Москва"),
    ("A adres e-mail?", "Gmail 2024", "Gmail 2024"),
    ("Jaki model?", "Galaxy 15", "Galaxy 15"),
])
def test_a_street_and_house_given_when_asked_for_an_address_are_redacted(question, answer, want):
    import pandas as pd

    from pipeline.redact import redact_table

    df = pd.DataFrame({"doc_id": ["d", "d"], "text": [question, answer], "speaker": ["Agent", "Customer"],
                       "role": ["agent", "customer"]})
    assert redact_table(df, RedactConfig(), cache_dir="")["text"].tolist()[1] == want


# ----------------------------------------------------------------------------- 4. a device is no person
@pytest.mark.parametrize("text", [
    "I got a new Pixel and it crashes",
    "Since I switched to Honor the game lags",
    "On my iPad it freezes, Kindle too",
    "I got a new Tecno and it crashes",
    "Works fine on Switch, crashes on iPhone",
    "Tried it on my wife's Galaxy and same issue",
    "My Redmi lags, and the Poco too",
])
def test_a_device_named_by_its_brand_is_no_person(red, text):
    assert red.redact(text, "en")[0] == text


def test_a_person_named_beside_a_device_is_still_one(red):
    assert red.redact("I gave my Pixel to Siobhan yesterday", "en")[0] == "I gave my Pixel to [PERSON] yesterday"


# ----------------------------------------------------------------------------- 5. no dictionary of a language not in the corpus
def test_an_english_table_loads_no_polish_dictionary_for_its_speaker_labels(monkeypatch):
    """A speaker label of two capitalised words ("Oksana H.") is tried as a desk's name; its everyday words are looked
    up in the corpus's languages only: the Polish dictionary took 4-7 s to load for a 4-row English chat export."""
    import pandas as pd

    import pipeline.redact._names as names
    from pipeline.redact import redact_table

    asked = []
    real = names._dictionary_word
    monkeypatch.setattr(names, "_dictionary_word", lambda word, lang: asked.append(lang) or real(word, lang))
    df = pd.DataFrame({"doc_id": ["d"] * 3, "speaker": ["Liam", "Oksana H.", "Gemmy Support"],
                       "role": ["customer", "agent", "agent"],
                       "text": ["I watched the ad and got no reward.", "Sorry! Could you tell me your player ID?",
                                "Thanks, Oksana will check it."]})
    out = redact_table(df, RedactConfig(), cache_dir="")
    assert "pl" not in asked and "ru" not in asked
    assert out["text"].tolist()[2] == "Thanks, [PERSON] will check it."


def test_a_polish_desk_label_in_a_polish_corpus_is_still_a_desk():
    import pandas as pd

    from pipeline.redact import redact_table

    df = pd.DataFrame({"doc_id": ["d"] * 2, "speaker": ["Obsługa Klienta", "Marta"], "role": ["agent", "customer"],
                       "text": ["Dzień dobry, w czym mogę pomóc?", "Obsługa klienta nie odpowiada od tygodnia."]})
    assert redact_table(df, RedactConfig(), cache_dir="")["text"].tolist()[1] == "Obsługa klienta nie odpowiada od tygodnia."


# ----------------------------------------------------------------------------- a player's id in a help desk's custom field
def test_a_players_id_in_a_metadata_column_becomes_an_alias():
    import pandas as pd

    from pipeline.redact import redact_columns

    df = pd.DataFrame({"doc_id": ["chat:1", "chat:2"], "source_file": ["chats/zendesk.json"] * 2,
                       "source_type": ["chat"] * 2, "text": ["Lost my gems", "Refund please"],
                       "meta_custom_fields_player_id": ["82323072", "76157004"], "meta_player_segment": ["paying", "free"]})
    out = redact_columns(df, RedactConfig(), Redactor(RedactConfig()), cache_dir="")
    assert not set(out["meta_custom_fields_player_id"]) & {"82323072", "76157004"}
    assert out["meta_player_segment"].tolist() == ["paying", "free"]


# ----------------------------------------------------------------------------- a player's number after the word for a player
@pytest.mark.parametrize("text, lang, want", [
    ("Sprawdziłam gracza 76157004: zakup GPA.3345-4512-1579-96684 nie jest przypisany do konta.", "pl",
     "Sprawdziłam gracza [ID]: zakup GPA.3345-4512-1579-96684 nie jest przypisany do konta."),
    ("Проверила игрока 89097245: покупка MP27Y487C9 не привязана", "ru", "Проверила игрока [ID]: покупка MP27Y487C9 не привязана"),
    ("I checked player 35628495, the purchase is missing", "en", "I checked player [ID], the purchase is missing"),
    # a level, a count, an order: none
    ("Player 2 keeps winning at level 45", "en", "Player 2 keeps winning at level 45"),
    ("Gracz z 12000 punktów", "pl", "Gracz z 12000 punktów"),
])
def test_a_players_number_after_the_word_for_a_player_is_redacted(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


# ----------------------------------------------------------------------------- 2. an order's id stays, as the README says
@pytest.mark.parametrize("text", [
    "My order number is GPA.3345-6441-5242-47278.",
    "Order GPA.3345-7712-0094-55120, I still have no gems",
    "my Apple order ID MLQ7X2K9P",
    "Номер заказа MP27Y487C9.",
    "Dziękuję, numer szkody to SZK/2026/55512.",
])
def test_an_orders_ticket_or_claims_number_stays_unless_listed_in_patterns(red, text):
    assert red.redact(text, "en")[0] == text
    listed = Redactor(RedactConfig(patterns={"ORDER": r"GPA\.\d{4}(?:-\d{4}){2}-\d{5}|\bM[A-Z0-9]{8,10}\b|SZK/\d{4}/\d{5}"}))
    assert "[ORDER]" in listed.redact(text, "en")[0]


# ----------------------------------------------------------------------------- an "ID" of one's own
@pytest.mark.parametrize("text, lang, want", [
    ("hej Obejrzałem reklamę za życie i nic nie dostałem. id 19286257", "pl",
     "hej Obejrzałem reklamę za życie i nic nie dostałem. id [ID]"),
    ("Мой ник в игре OlegTheGreat, ID 77340918.", "ru", "Мой ник в игре [ID], ID [ID]."),
    ("my ID 55120934, please check", "en", "my ID [ID], please check"),
    # another thing's id
    ("transaction ID 55120934 failed", "en", "transaction ID 55120934 failed"),
    ("Order ID 55120934 never came", "en", "Order ID 55120934 never came"),
    ("The Apple ID 55120934 is wrong", "en", "The Apple ID 55120934 is wrong"),
])
def test_an_id_opening_a_clause_or_after_my_is_the_writers_own(red, text, lang, want):
    assert red.redact(text, lang)[0] == want
