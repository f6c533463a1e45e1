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
    ("The password is dragonfly and it says incorrect", "en", "The password is [CODE] and it says incorrect"),
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


# ----------------------------------------------------------------------------- 3. a first name after a contact verb
@pytest.mark.parametrize("text, lang, want", [
    ("Please email to Sofia about it", "en", "Please email to [PERSON] about it"),
    ("I emailed Sofia twice about the claim", "en", "I emailed [PERSON] twice about the claim"),
    ("I wrote to Sofia yesterday", "en", "I wrote to [PERSON] yesterday"),
    ("Can you forward this to Sofia?", "en", "Can you forward this to [PERSON]?"),
    ("I moved to Sofia last year", "en", "I moved to Sofia last year"),   # a city
    ("Thanks to Siobhan from claims, she sorted my windscreen", "en", "Thanks to [PERSON] from claims, she sorted my windscreen"),
    ("napisz do Zosi", "pl", "napisz do [PERSON]"),
    ("напишите Насте", "ru", "напишите [PERSON]"),
])
def test_a_first_name_written_to_is_a_person(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


@pytest.mark.parametrize("name", ["Zosia", "Kasia", "Basia", "Asia", "Gosia"])
def test_polish_diminutives_are_names_in_every_case(red, name):
    stem = name[:-1]
    text = f"{name}, do {stem}, z {stem}ą, dla {stem}, o {stem}ę, {stem}u!"
    assert red.redact(text, "pl")[0] == "[PERSON], do [PERSON], z [PERSON], dla [PERSON], o [PERSON], [PERSON]!"


@pytest.mark.parametrize("name", ["Настя", "Саша", "Маша", "Женя", "Катя", "Ваня"])
def test_russian_diminutives_are_names_in_every_case(red, name):
    stem = name[:-1]
    text = f"Передал {stem}е, жду {stem}у, нет {stem}и, с {stem}ей"
    assert red.redact(text.replace(f"{stem}у", f"{stem}ю") if name.endswith("я") else text, "ru")[0] == \
        "Передал [PERSON], жду [PERSON], нет [PERSON], с [PERSON]"


# ----------------------------------------------------------------------------- 4. a surname alone
@pytest.mark.parametrize("text, lang, want", [
    ("Zawadzki said the claim was approved", "en", "[PERSON] said the claim was approved"),
    ("Byłam u Zawadzkiego w biurze", "pl", "Byłam u [PERSON] w biurze"),
    ("Zawadzki obiecał oddzwonić", "pl", "[PERSON] obiecał oddzwonić"),
    ("Rozmawiałam z Zawadzką z działu szkód", "pl", "Rozmawiałam z [PERSON] z działu szkód"),
    ("pani Zawadzka", "pl", "pani [PERSON]"),
    # a place's or a language's adjective, a proper name's, a street, a noun's plural
    ("Polski oddział nie odpowiada", "pl", "Polski oddział nie odpowiada"),
    ("Uniwersytet Jagielloński ma zniżki", "pl", "Uniwersytet Jagielloński ma zniżki"),
    ("Bielański szpital wystawił zaświadczenie", "pl", "Bielański szpital wystawił zaświadczenie"),
    ("Mieszkam na Grochowskiej od lat", "pl", "Mieszkam na Grochowskiej od lat"),
    ("the showroom on Grochowska was closed", "en", "the showroom on Grochowska was closed"),
    ("Przyciski nazywały się inaczej", "pl", "Przyciski nazywały się inaczej"),
])
def test_a_polish_surname_alone_is_a_person(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


# ----------------------------------------------------------------------------- 5. Jan, a month or a person
@pytest.mark.parametrize("text, want", [
    ("Jan said he would call back", "[PERSON] said he would call back"),
    ("I spoke with Jan on Monday", "I spoke with [PERSON] on Monday"),
    ("Ask Jan about it", "Ask [PERSON] about it"),
    ("Jan Nowak handled my claim", "[PERSON] handled my claim"),
    ("The accident was on Jan 5", "The accident was on Jan 5"),
    ("Since 5th of Jan nothing works", "Since 5th of Jan nothing works"),
    ("Jan 2024 invoice attached", "Jan 2024 invoice attached"),
])
def test_jan_is_a_month_beside_a_number_and_a_person_elsewhere(red, text, want):
    assert red.redact(text, "en")[0] == want


# ----------------------------------------------------------------------------- 6. a surname after a role, in its case forms
@pytest.mark.parametrize("text, lang, want", [
    ("Z konsultantem Nowakiem nie da się rozmawiać", "pl", "Z konsultantem [PERSON] nie da się rozmawiać"),
    ("U doradcy Wójcika wszystko szybko", "pl", "U doradcy [PERSON] wszystko szybko"),
    ("Z likwidatorem Szymczakiem rozmawiałam trzy razy", "pl", "Z likwidatorem [PERSON] rozmawiałam trzy razy"),
    ("Rzeczoznawca Kaczmarek przyjechał po tygodniu", "pl", "Rzeczoznawca [PERSON] przyjechał po tygodniu"),
    ("Rozmawiałam z recepcjonistką Nowaczyk", "pl", "Rozmawiałam z recepcjonistką [PERSON]"),
    ("Z doktorem Kowalczykiem wszystko ok", "pl", "Z doktorem [PERSON] wszystko ok"),
    ("Оценщик Смирнов приехал", "ru", "Оценщик [PERSON] приехал"),
    ("Агент Ковальчук не перезвонил", "ru", "Агент [PERSON] не перезвонил"),
    ("The adjuster Whitfield never called back", "en", "The adjuster [PERSON] never called back"),
    # a company after a role
    ("Rozmawiałam z doradcą Banku Pekao", "pl", "Rozmawiałam z doradcą Banku Pekao"),
    ("Konsultant Klienta nie odpisał", "pl", "Konsultant Klienta nie odpisał"),
])
def test_a_surname_after_a_role_is_a_person_in_its_case_forms(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


# ----------------------------------------------------------------------------- 7. a name's hash in an output is keyed
def test_a_names_hash_is_keyed_by_the_cache_folder_and_no_name_list_gives_it_back(tmp_path):
    import hashlib

    from pipeline.redact import keyed_hash, name_key

    names = ["Anna Kowalska", "Daniel Okafor", "Kasia Wiśniewska"]
    one, other = name_key(tmp_path / "a"), name_key(tmp_path / "b")
    assert name_key(tmp_path / "a") == one != other                  # same folder, same key; another folder, another
    hashed = keyed_hash("Anna Kowalska", one)
    assert hashed == keyed_hash("Anna Kowalska", name_key(tmp_path / "a"))   # same input and folder, same output
    # whoever hashes a list of names as the output does without the key finds nothing
    assert hashed not in {hashlib.sha1(n.encode()).hexdigest()[:8] for n in names}
    assert hashed not in {keyed_hash(n, b"") for n in names}
    assert (tmp_path / "a" / "redact.key").stat().st_mode & 0o777 == 0o600
    assert name_key("") == name_key("") and len(name_key("")) == 32   # no cache: one key for the run


# ----------------------------------------------------------------------------- hunt: a game's and an insurer's ids
@pytest.mark.parametrize("text, lang, want", [
    ("My player ID is 5F3A9C21 and my username is DarkLord_99, I lost all my gems",
     "en", "My player ID is [ID] and my username is [ID], I lost all my gems"),
    ("Mój nick w grze to Kruczek_2009, ID gracza 77120934, zniknęły mi diamenty.",
     "pl", "Mój nick w grze to [ID], ID gracza [ID], zniknęły mi diamenty."),
    ("Мой ник в игре Shadow_Fox, айди 48213377, донат пропал", "ru", "Мой ник в игре [ID], айди [ID], донат пропал"),
    ("Мой логин kuznetsova.olga, восстановите доступ", "ru", "Мой логин [ID], восстановите доступ"),
    ("полис ОСАГО ХХХ 0123456789", "ru", "полис ОСАГО [ID]"),
    ("Date of birth 14/02/1987, reg plate KR 4F321, thanks", "en", "Date of birth [DOB], reg plate [ID], thanks"),
    ("Samochód WX 1234K, VIN WVWZZZ1JZXW000001, sprawca uciekł", "pl", "Samochód [ID], VIN [ID], sprawca uciekł"),
    ("Машина А123ВС 77, ДТП было на Ленинском проспекте, д. 45.", "ru", "Машина [ID], ДТП было на [ADDRESS]."),
    # no id: a word after the word for a login, a car's make and model, an order number
    ("The login page hangs on my phone", "en", "The login page hangs on my phone"),
    ("my car is a BMW X5 2019", "en", "my car is a BMW X5 2019"),
    ("ник не меняется уже неделю", "ru", "ник не меняется уже неделю"),
])
def test_a_players_id_a_username_a_policy_and_a_vehicle_are_ids(red, text, lang, want):
    assert red.redact(text, lang)[0] == want


# ----------------------------------------------------------------------------- hunt: a surname said, a child's pet name
@pytest.mark.parametrize("text, lang, want", [
    ("Оценщик приехал, его фамилия Гладков, очень грубый.", "ru", "Оценщик приехал, его фамилия [PERSON], очень грубый."),
    ("Его зовут Андрей", "ru", "Его зовут [PERSON]"),
    ("his surname is Brennan, from the Leeds office", "en", "his surname is [PERSON], from the Leeds office"),
    ("Zawadzki from the Leeds office said the claim was approved.", "en",
     "[PERSON] from the Leeds office said the claim was approved."),
    ("Syn Antoś kupił pakiet za 199 zł", "pl", "Syn [PERSON] kupił pakiet za 199 zł"),
    ("Сын Антошка купил кристаллы", "ru", "Сын [PERSON] купил кристаллы"),
    ("Дочке Настеньке понравилось", "ru", "Дочке [PERSON] понравилось"),
    ("Муж сказал, что всё нормально", "ru", "Муж сказал, что всё нормально"),
])
def test_a_surname_said_and_a_childs_pet_name_are_persons(red, text, lang, want):
    assert red.redact(text, lang)[0] == want
