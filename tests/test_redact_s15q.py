"""Redaction (s15q, dogfoods of a money-transfer app and a fitness club): one-time codes, lower-case surnames from
speech-to-text, Central Asian street names, one pseudonym per sender across files, reply columns, inflected keep
words and a business's own id shapes."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.redact import RedactConfig, Redactor, redact_columns, redact_table


@pytest.fixture(scope="module")
def red() -> Redactor:
    return Redactor(RedactConfig())


@pytest.fixture(scope="module")
def plain() -> Redactor:
    return Redactor(RedactConfig(person_names=False))


# ----------------------------------------------------------------------------- one-time codes
@pytest.mark.parametrize("text, lang, want", [
    ("мне ещё пришёл код 754292, его тоже надо?", "ru", "мне ещё пришёл код [CODE], его тоже надо?"),
    ("код из смс: 754 292", "ru", "код из смс: [CODE]"),
    ("пароль 58120743, поменяйте его", "ru", "пароль [CODE], поменяйте его"),
    ("CVV-код 382", "ru", "CVV-код [CODE]"),
    ("kod SMS to 4821", "pl", "kod SMS to [CODE]"),
    ("nie dostałam smsa z kodem 4821", "pl", "nie dostałam smsa z kodem [CODE]"),
    ("kod BLIK 719 204 wygasł", "pl", "kod BLIK [CODE] wygasł"),
    ("my verification code is 483920", "en", "my verification code is [CODE]"),
    ("OTP: 19283746", "en", "OTP: [CODE]"),
    ("PIN 4071 and CVV 382", "en", "PIN [CODE] and CVV [CODE]"),
])
def test_a_number_after_the_word_for_a_code_is_a_code(plain, text, lang, want):
    # 18 of 18 SMS codes of the money-transfer app's support had stayed ("мне ещё пришёл код 754292")
    assert plain.redact(text, lang)[0] == want


@pytest.mark.parametrize("text, lang", [
    ("код ошибки 403 при входе", "ru"), ("Ошибка, код товара 123456", "ru"), ("код подтверждения не приходит уже 2 часа", "ru"),
    ("код от 12.03.2025 не подходит", "ru"), ("за код заплатил 5000 руб", "ru"), ("kod błędu 40312", "pl"),
    ("kod pocztowy 00950", "pl"), ("kod rabatowy 2024 nie działa", "pl"), ("error code 4031 again", "en"),
    ("the promo code 2024 fails", "en"), ("area code 2125", "en"),
    ("Czy mogę zapłacić BLIKIEM? Kod 123 456 nie działa.", "pl"),   # an example of a generated code
])
def test_an_error_promo_or_postal_code_amount_or_date_is_no_code(plain, text, lang):
    assert plain.redact(text, lang) == (text, [])


def test_a_code_dictated_in_the_turn_after_the_one_asking_for_it_is_a_code(red):
    # the calls' codes: the operator asks, the customer dictates it in the next turn
    df = pd.DataFrame({
        "doc_id": ["call:1"] * 4 + ["call:2"] * 2,
        "speaker": ["Speaker 1", "Speaker 2", "Speaker 1", "Speaker 2", "Speaker 1", "Speaker 2"],
        "role": ["agent", "customer"] * 3,
        "text": ["Сейчас вам придёт код в смс, продиктуйте его пожалуйста", "так… пришёл, 482913",
                 "Спасибо. Сколько вы переводили?", "5000 рублей, 12 марта",
                 "Какой код ошибки показывает приложение?", "пишет 4031"],
    })
    out = redact_table(df, red.cfg, red)
    assert out["text"].tolist()[1] == "так… пришёл, [CODE]"
    assert out["text"].tolist()[3:] == ["5000 рублей, 12 марта", "Какой код ошибки показывает приложение?", "пишет 4031"]
    assert out["pii_found"].tolist()[1] == "CODE"


def test_code_is_a_type_of_its_own(plain):
    assert Redactor(RedactConfig(person_names=False, types=["PHONE"])).redact("код 754292", "ru") == ("код 754292", [])
    assert plain.redact("код 754292", "ru") == ("код [CODE]", ["CODE"])


# ----------------------------------------------------------------------------- lower-case names from speech-to-text
@pytest.mark.parametrize("text, lang, want", [
    ("кузнецов Дмитрий Викторович, дата рождения 12.03.1985", "ru", "[PERSON], дата рождения [DOB]"),
    ("Дмитрий Викторович кузнецов", "ru", "[PERSON]"),
    ("белова Марина", "ru", "[PERSON]"),
    ("алексей Смирнов", "ru", "[PERSON]"),
    ("kowalska Anna, dzwonię w sprawie karnetu", "pl", "[PERSON], dzwonię w sprawie karnetu"),
    ("tomasz Lewandowski, dzień dobry", "pl", "[PERSON], dzień dobry"),
    # ordinary lower-case words next to a name stay
    ("спасибо Дмитрий", "ru", "спасибо [PERSON]"),
    ("Дмитрий готов помочь", "ru", "[PERSON] готов помочь"),
    ("dziękuję Anno", "pl", "dziękuję [PERSON]"),
    ("ok Tomasz", "pl", "ok [PERSON]"),
])
def test_a_lower_case_surname_or_first_name_next_to_a_name_belongs_to_it(red, text, lang, want):
    # 9 of 56 names of the calls' transcripts had kept their surname: "кузнецов [PERSON]", "тимур [PERSON]"
    assert red.redact(text, lang)[0] == want


# ----------------------------------------------------------------------------- Central Asian street names
@pytest.mark.parametrize("text, want", [
    ("живу по адресу Астана, пр. Кабанбай батыра 11, кв. 64.", "живу по адресу Астана, [ADDRESS]."),
    ("Алматы, ул. Толе би 59", "Алматы, [ADDRESS]"),
    ("улица Кабанбай батыра, 11", "[ADDRESS]"),
    ("пер. Жибек жолы 12", "[ADDRESS]"),
    ("пр. Абая ехать 5 минут", "пр. Абая ехать 5 минут"),   # a span of time is no house number
])
def test_a_street_name_with_lower_case_parts_is_an_address(plain, text, want):
    # "Астана, пр. Кабанбай батыра 11, кв. 64" had stayed verbatim: every word of a street name had to be capitalised
    assert plain.redact(text, "ru")[0] == want


# ----------------------------------------------------------------------------- one pseudonym per sender
def test_a_sender_of_one_thread_in_many_files_and_a_full_name_across_files_is_one_customer(red):
    # one customer of one e-mail thread (a file per message) had been two people, 'Customer 82' and 'Customer 83'
    df = pd.DataFrame({
        "doc_id": ["chat:emails/:e4d4", "chat:emails/:e4d4", "chat:emails/:e4d4", "chat:emails/:9d81", "chat:1", "review:7"],
        "source_file": ["emails/t1_1.eml", "emails/t1_2.eml", "emails/t1_3.eml", "emails/t2_1.eml", "chats/x.csv",
                        "reviews.csv"],
        "speaker": ["Ola", "Kvadrat Support", "Ola", "Руслан Ахметов", "Руслан Ахметов", "Ola"],
        "role": ["customer", "agent", "customer", "customer", "customer", "customer"],
        "text": ["Где мой перевод?", "Проверяем.", "Спасибо!", "Карта заблокирована", "Карта снова заблокирована", "Ok"],
    })
    speakers = redact_table(df, red.cfg, red)["speaker"].tolist()
    assert speakers[0] == speakers[2] and speakers[3] == speakers[4]   # one thread; one full name across files
    assert speakers[5] != speakers[0]                                   # another file's 'Ola' is someone else
    assert len({speakers[0], speakers[3], speakers[5]}) == 3


# ----------------------------------------------------------------------------- a reply column is no name
def test_a_page_reply_column_is_text_and_a_sentence_no_name(red):
    # a Google Maps export's owner_answer ('Dziękujemy, przekażemy Markowi!') was a person column and the sentence a
    # name: 'Dziękujemy' became [PERSON] in every document ('[PERSON] za zgłoszenie, przekazaliśmy kierownikowi')
    df = pd.DataFrame({
        "doc_id": ["review:1", "chat:2"], "source_file": ["reviews.csv", "inbox/maja/message_1.json"],
        "speaker": ["Ewa Sikora", "FitPunkt"], "role": ["customer", "brand"],
        "text": ["Trener Marek Duda to złoty człowiek", "Dziękujemy za zgłoszenie, przekazaliśmy kierownikowi klubu."],
        "meta_owner_answer": ["Dziękujemy, przekażemy Markowi!", ""],
        "meta_participant": ["Dziękujemy za opinię", ""],
    })
    out = redact_columns(redact_table(df, red.cfg, red), red.cfg, red)
    assert out["text"].tolist()[1] == "Dziękujemy za zgłoszenie, przekazaliśmy kierownikowi klubu."
    assert out["meta_owner_answer"].tolist()[0] == "Dziękujemy, przekażemy [PERSON]!"
    assert out["meta_participant"].tolist()[0] == "Dziękujemy za opinię"


# ----------------------------------------------------------------------------- keep words in their case forms
def test_a_keep_word_is_kept_in_its_case_forms():
    # keep = ["FitPunkt"] had kept only 'FitPunkt': the club's speaker made 'FitPunktu', 'FitPunkcie' known names
    cfg = RedactConfig(keep=["FitPunkt", "Квадрат", "kontakt@fitpunkt.pl"])
    red = Redactor(cfg)
    df = pd.DataFrame({"doc_id": ["i1", "i1", "c1", "c2"], "speaker": ["Badacz", "Uczestnik", "FitPunkt", "Квадрат"],
                       "role": ["interviewer", "customer", "agent", "agent"],
                       "text": ["Jak Pani trafiła do FitPunktu?", "W FitPunkcie od roku, FitPunkcie Wola najlepszy.",
                                "Pisz na kontakt@fitpunkt.pl, Anna Nowak odpisze.", "Спасибо, что выбрали Квадрат, Анна!"]})
    assert redact_table(df, cfg, red)["text"].tolist() == [
        "Jak Pani trafiła do FitPunktu?", "W FitPunkcie od roku, FitPunkcie Wola najlepszy.",
        "Pisz na kontakt@fitpunkt.pl, [PERSON] odpisze.", "Спасибо, что выбрали Квадрат, [PERSON]!"]
    assert red.redact("перевод через приложение Квадрата, Ольга Петрова", "ru")[0] == "перевод через приложение Квадрата, [PERSON]"
    assert red.redact("Pisz na kontakcie@fitpunkt.pl", "pl")[0] == "Pisz na [EMAIL]"   # an address only as written


# ----------------------------------------------------------------------------- member numbers, [redact] patterns
@pytest.mark.parametrize("text, lang, want", [
    ("Numer mojej karty członkowskiej to FP-0045127, możecie sprawdzić.", "pl",
     "Numer mojej karty członkowskiej to [ID], możecie sprawdzić."),
    ("karta FP-0045127 nie działa na bramce", "pl", "karta [ID] nie działa na bramce"),
    ("numer klienta 0045127", "pl", "numer klienta [ID]"),
    ("My member number is 2044173.", "en", "My member number is [ID]."),
    ("номер карты клиента KV-558201", "ru", "номер карты клиента [ID]"),
    # an order number, a payment card, a year stay what they are
    ("Zapłaciłam kartą, zamówienie SOF-20261 nie doszło", "pl", "Zapłaciłam kartą, zamówienie SOF-20261 nie doszło"),
    ("karta 4526 0181 5908 3012", "pl", "karta [CARD]"),
    ("member since 2019", "en", "member since 2019"),
])
def test_a_member_or_customer_number_after_the_word_for_it_is_an_id(plain, text, lang, want):
    # member card numbers ('FP-0045127') of the fitness club's members had never been redacted
    assert plain.redact(text, lang)[0] == want


def test_own_id_shapes_are_redacted_as_id_or_as_the_type_named():
    text = "FP-0039981. Karolina Maj, tel. 698 765 432."
    assert Redactor(RedactConfig(person_names=False, patterns=[r"FP-\d{7}"])).redact(text, "pl")[0] == \
        "[ID]. Karolina Maj, tel. [PHONE]."
    assert Redactor(RedactConfig(person_names=False, patterns={"MEMBER": r"FP-\d{7}"})).redact(text, "pl")[0] == \
        "[MEMBER]. Karolina Maj, tel. [PHONE]."


@pytest.mark.parametrize("patterns, says", [
    ([r"FP-(\d{7}"], "'patterns[0]' entry of [redact] is no valid regular expression"),
    ({"member": r"FP-\d{7}"}, "'patterns.member' entry of [redact] names a placeholder type"),
    ({"MEMBER": ""}, "must be a non-empty regular expression"),
    ("FP-.*", "must be a list of regular expressions or a table"),
])
def test_a_bad_own_pattern_is_a_config_error_naming_the_entry_and_the_fix(tmp_path, patterns, says):
    from pipeline.config import load_config
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="Fix:") as err:
        RedactConfig(patterns=patterns).validate()
    assert says in str(err.value)
    (tmp_path / "q.toml").write_text("[redact]\npatterns = ['FP-(\\d{7}']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"patterns\[0\]"):
        load_config(tmp_path / "q.toml")


def test_a_member_number_dictated_after_the_turn_asking_for_it_is_an_id(red):
    df = pd.DataFrame({"doc_id": ["chat:1"] * 3, "speaker": ["FitPunkt", "Karolina Maj", "FitPunkt"],
                       "role": ["agent", "customer", "agent"],
                       "text": ["Dzień dobry, prosimy o podanie numeru karty członkowskiej.",
                                "FP-0039981. Karolina Maj, tel. 698 765 432.", "Dziękujemy, przekazaliśmy."]})
    assert redact_table(df, red.cfg, red)["text"].tolist()[1] == "[ID]. [PERSON], tel. [PHONE]."


# ----------------------------------------------------------------------------- public api
def test_has_identifier_is_public_and_answers_as_ingest_asked_the_private_finder():
    from pipeline.redact import has_identifier
    from pipeline.redact._patterns import STRUCTURED_TYPES, find_structured

    cells = ["C-1, ul. Długa 5, Warszawa", "sofino.pl/konto/jan.k", "SW1A 1AA", "+48 600 100 200", "Customer Name",
             "conversation_id", "Imię i nazwisko"]
    private = [any(any(find_structured(c, lang, frozenset(STRUCTURED_TYPES))) for lang in ("en", "pl", "ru")) for c in cells]
    assert [has_identifier(c) for c in cells] == private == [True, True, True, True, False, False, False]
