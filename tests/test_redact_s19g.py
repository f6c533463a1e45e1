"""Session 19 (g): speech-to-text transcripts (lower case, no punctuation, numbers said in words) and session 18's
leftovers (role words from role_words.txt, a month said to be one, contract numbers by digits alone)."""

from __future__ import annotations

import pytest

from pipeline.redact import RedactConfig, Redactor


@pytest.fixture(scope="module")
def red():
    return Redactor(RedactConfig())


def _redact(red, text, lang):
    return red.redact(text, lang)[0]


# ----------------------------------------------------------------------------- plates and VINs in lower case
@pytest.mark.parametrize("text, lang, want", [
    ("samochód to skoda octavia numer rejestracyjny wa 12345", "pl",
     "samochód to skoda octavia numer rejestracyjny [ID]"),
    ("rejestracja kr 4h221 wymiana oleju i filtrów", "pl", "rejestracja [ID] wymiana oleju i filtrów"),
    ("vin to tmbjg7ne5j0123456 proszę sprawdzić", "pl", "vin to [ID] proszę sprawdzić"),
    ("the reg is lb07 sxm it's the grey focus", "en", "the reg is [ID] it's the grey focus"),
    ("the vin is wf0axxgcda7k12345 if you need it", "en", "the vin is [ID] if you need it"),
    ("номер машины а123вс 77 белая киа рио", "ru", "номер машины [ID] белая киа рио"),
    ("вин xta21099071234567 проверьте", "ru", "вин [ID] проверьте"),
    # a verb's or a preposition's letters before a count are no plate's
    ("samochód ma 98000 przebiegu i stuka", "pl", "samochód ma 98000 przebiegu i stuka"),
    ("my car has 12345 miles on it", "en", "my car has 12345 miles on it"),
])
def test_a_plate_or_a_vin_in_lower_case_after_its_word(red, text, lang, want):
    assert _redact(red, text, lang) == want


def test_a_plate_in_lower_case_given_in_reply():
    from pipeline.redact._patterns import answer_entities

    assert [("wa 12345"[e.start:e.end], e.type) for e in answer_entities("a numer rejestracyjny", "wa 12345")] == [
        ("wa 12345", "ID")]


# ----------------------------------------------------------------------------- phone numbers said in words
@pytest.mark.parametrize("text, lang, want", [
    ("mój numer to sześćset dwanaście trzysta czterdzieści pięć sześćset siedemdziesiąt osiem", "pl",
     "mój numer to [PHONE]"),
    ("proszę oddzwonić plus czterdzieści osiem sześćset jeden dwieście trzydzieści cztery pięćset sześćdziesiąt siedem",
     "pl", "proszę oddzwonić [PHONE]"),
    ("мой телефон восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь", "ru", "мой телефон [PHONE]"),
    ("перезвоните на плюс семь девятьсот двадцать пять один два три четыре пять шесть семь", "ru", "перезвоните на [PHONE]"),
    ("my number is plus four four seven seven zero zero nine zero zero one two three", "en", "my number is [PHONE]"),
    ("call me back on oh seven seven zero zero nine double zero one two three", "en", "call me back on [PHONE]"),
    # counts, prices and an order read aloud are no phone numbers
    ("mechanik powiedział że przebieg to sto dwadzieścia tysięcy", "pl",
     "mechanik powiedział że przebieg to sto dwadzieścia tysięcy"),
    ("пробег сто двадцать три тысячи замена масла обошлась в пять тысяч", "ru",
     "пробег сто двадцать три тысячи замена масла обошлась в пять тысяч"),
    ("it came to four hundred and twenty pounds", "en", "it came to four hundred and twenty pounds"),
    ("my order number is one two three four five six seven eight nine", "en",
     "my order number is one two three four five six seven eight nine"),
    ("one two three four five six seven eight nine", "en", "one two three four five six seven eight nine"),
])
def test_a_phone_number_said_in_words(red, text, lang, want):
    assert _redact(red, text, lang) == want


def test_numbers_said_in_words_are_written_group_by_group():
    from pipeline.redact._patterns import said_digits

    assert said_digits("sześćset dwanaście trzysta czterdzieści pięć".split()) == ["612", "345"]
    assert said_digits("четыре сто".split()) == ["4", "100"]   # "сто" is a number of its own, "hundred" multiplies
    assert said_digits("four hundred two".split()) == ["402"]


# ----------------------------------------------------------------------------- e-mails spelt out in Cyrillic
@pytest.mark.parametrize("text, want", [
    ("пишите на почту иван точка петров собака яндекс точка ру", "пишите на почту [EMAIL]"),
    ("адрес petrov собака гмейл точка ком и всё", "адрес [EMAIL] и всё"),
    ("у нас собака точка нет", "у нас собака точка нет"),
    ("моя собака любит гулять точка нет", "моя собака любит гулять точка нет"),
])
def test_an_email_spelt_out_with_a_cyrillic_top_level_domain(red, text, want):
    assert _redact(red, text, "ru") == want


# ----------------------------------------------------------------------------- an address said in lower case
@pytest.mark.parametrize("text, lang, want", [
    ("adres do faktury ulica długa dwanaście mieszkania trzy kraków", "pl", "adres do faktury [ADDRESS] kraków"),
    ("адрес улица ленина дом пять квартира двенадцать заберите машину", "ru", "адрес [ADDRESS] заберите машину"),
    ("i live at twelve high street flat three so you can drop it off", "en", "i live at [ADDRESS] so you can drop it off"),
    # no flat, no address: a street named, a count after it
    ("ulica długa jest zamknięta przez remont", "pl", "ulica długa jest zamknięta przez remont"),
    ("kupiłem opony w sklepie na ulicy długiej dwa razy", "pl", "kupiłem opony w sklepie na ulicy długiej dwa razy"),
    ("two more days flat out on the high street", "en", "two more days flat out on the high street"),
])
def test_a_house_and_its_flat_said_in_lower_case_after_the_street_word(red, text, lang, want):
    assert _redact(red, text, lang) == want


# ----------------------------------------------------------------------------- a contract's number after its word alone
@pytest.mark.parametrize("text, lang, want", [
    ("umowa 48213377 na przedłużoną gwarancję", "pl", "umowa [ID] na przedłużoną gwarancję"),
    ("договор 12345678 на обслуживание продлите пожалуйста", "ru", "договор [ID] на обслуживание продлите пожалуйста"),
    ("contract 88812345 covers the extended warranty", "en", "contract [ID] covers the extended warranty"),
    # an order's or a work order's number stays, as does an amount or a term
    ("zamówienie 48213377 nie dotarło", "pl", "zamówienie 48213377 nie dotarło"),
    ("заказ наряд номер 45512 готов", "ru", "заказ наряд номер 45512 готов"),
    ("the contract was for 50000 pounds", "en", "the contract was for 50000 pounds"),
    ("umowa na 24 miesiące za 15000 zł", "pl", "umowa na 24 miesiące za 15000 zł"),
])
def test_a_contract_number_after_the_word_for_a_contract_alone(red, text, lang, want):
    assert _redact(red, text, lang) == want


# ----------------------------------------------------------------------------- names said in lower case
@pytest.mark.parametrize("text, lang, want", [
    ("dzień dobry z tej strony marek nowak dzwonię w sprawie naprawy", "pl", "dzień dobry z tej strony [PERSON] dzwonię w sprawie naprawy"),
    ("nazywam się anna wiśniewska chciałam umówić przegląd", "pl", "nazywam się [PERSON] chciałam umówić przegląd"),
    ("rozmawiałem z panem tomkiem z recepcji", "pl", "rozmawiałem z panem [PERSON] z recepcji"),
    ("dzień dobry panie marku czy mogę odebrać auto", "pl", "dzień dobry panie [PERSON] czy mogę odebrać auto"),
    ("pani doktor nowak była bardzo miła", "pl", "pani doktor [PERSON] była bardzo miła"),
    ("алло меня зовут игорь петров я по поводу ремонта", "ru", "алло меня зовут [PERSON] я по поводу ремонта"),
    ("мастер сергей сказал что нужно менять сцепление", "ru", "мастер [PERSON] сказал что нужно менять сцепление"),
    ("с вами говорит ольга администратор сервиса", "ru", "с вами говорит [PERSON] администратор сервиса"),
    ("hi this is john smith calling about my car", "en", "hi this is [PERSON] calling about my car"),
    ("my name's emma watts i booked the brake pads", "en", "my name's [PERSON] i booked the brake pads"),
    ("yeah i spoke to dave at the front desk", "en", "yeah i spoke to [PERSON] at the front desk"),
    ("hey its jess my new number", "en", "hey its [PERSON] my new number"),
    ("my name is mark", "en", "my name is [PERSON]"),   # an everyday word said to be one's name
    ("i'm dave thanks for calling back", "en", "i'm [PERSON] thanks for calling back"),   # a courtesy word is no surname
    # no naming cue, or an everyday word after a weak one: no name
    ("mark the date the car will be ready on friday", "en", "mark the date the car will be ready on friday"),
    ("will you be open on saturday", "en", "will you be open on saturday"),
    ("this is will", "en", "this is will"),
    ("the app and its max plan", "en", "the app and its max plan"),
    ("naklejka róża na tylnej szybie się odkleja", "pl", "naklejka róża na tylnej szybie się odkleja"),
    ("mechanik powiedział że klocki mają jeszcze pół roku", "pl", "mechanik powiedział że klocki mają jeszcze pół roku"),
    ("z tej strony budynku jest wjazd", "pl", "z tej strony budynku jest wjazd"),
    ("pan mechanik powiedział że jutro", "pl", "pan mechanik powiedział że jutro"),
    ("надежда только на вас машина нужна к пятнице", "ru", "надежда только на вас машина нужна к пятнице"),
    ("это вера в лучшее", "ru", "это вера в лучшее"),
    ("с вами говорит оператор", "ru", "с вами говорит оператор"),
])
def test_a_name_said_in_lower_case_after_a_naming_cue(red, text, lang, want):
    assert _redact(red, text, lang) == want


# ----------------------------------------------------------------------------- a month's name said to be a month
@pytest.mark.parametrize("text, want", [
    ("Jan was a slow month for us, then the parts came.", "Jan was a slow month for us, then the parts came."),
    ("Jan is our busiest month.", "Jan is our busiest month."),
    ("In the month of Jan we closed early.", "In the month of Jan we closed early."),
    # a person: the month is said of something else
    ("Jan was here last month.", "[PERSON] was here last month."),
    ("Jan was a pain this month, never called back.", "[PERSON] was a pain this month, never called back."),
    ("Jan said he would call.", "[PERSON] said he would call."),
])
def test_a_month_name_said_to_be_a_month(red, text, want):
    assert _redact(red, text, "en") == want


# ----------------------------------------------------------------------------- role words: role_words.txt is their one owner
def test_role_words_redaction_reads_come_from_role_words_txt():
    from pipeline.ingest import role_words
    from pipeline.redact._names import _ROLE_WORDS, _STOP, known_name_tokens, person_tokens

    # 'менеджер' and 'unknown' had been typed in redaction's code (session 18's leftover)
    assert "менеджер" in role_words("support_name") and "unknown" in role_words("generic_label")
    assert {"менеджер", "unknown"} <= _ROLE_WORDS
    assert person_tokens("Unknown") == [] and known_name_tokens(["Менеджер Ольга"]) == known_name_tokens(["Ольга"])
    # no name starts at a role's word, whichever role_words.txt lists ("Dispatcher", "Pasażer", "Служба поддержки")
    words = {w for section in ("customer", "agent", "support_name") for p in role_words(section) for w in p.split()}
    assert words <= _STOP and {"dispatcher", "pasażer", "служба", "поддержки"} <= _STOP


def test_no_role_word_is_typed_in_the_name_finder():
    import re
    from pathlib import Path

    import pipeline.redact._names as names

    src = Path(names.__file__).read_text(encoding="utf-8")
    stop = src[src.index("_STOP = "):src.index("} | {word for section in")]   # its literal words
    assert not re.search(r'"(?:customer|agent|support|team|service|obsługa|klient|менеджер|оператор|клиент|поддержка|'
                         r'служба)"', stop)
    assert '{"менеджер", "unknown"}' not in src
