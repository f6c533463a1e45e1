"""Session 16d: inflected first names after a preposition; [redact] always; a role before a first name; -ska adjectives."""

from __future__ import annotations

import pytest

from pipeline.redact import RedactConfig, Redactor, polish_forms
from pipeline.redact._names import russian_forms


@pytest.fixture(scope="module")
def red() -> Redactor:
    return Redactor(RedactConfig())


# ----------------------------------------------------------------------------- 1. case forms after a preposition
@pytest.mark.parametrize("text, lang, expected", [
    # pymorphy3 knows София only as the city: the name's instrumental comes from russian_forms, which the gazetteer
    # had not used (only the Ukrainian suffixes)
    ("Говорил с Софией вчера.", "ru", "Говорил с [PERSON] вчера."),
    ("Я написал Саше, от Андрея ни слова.", "ru", "Я написал [PERSON], от [PERSON] ни слова."),
    ("Говорил с Машей и Соней.", "ru", "Говорил с [PERSON] и [PERSON]."),
    # Sofia was no Polish first name of the list
    ("Rozmawiałam z Sofią wczoraj.", "pl", "Rozmawiałam z [PERSON] wczoraj."),
    ("Dzwoniłem do Kasi i do Sofii.", "pl", "Dzwoniłem do [PERSON] i do [PERSON]."),
    # the -iek, -er and short -ek names had declined from a wrong stem (Krzysika, Macika, Edeka; no Kacpra)
    ("Rozmawiałam z Krzyśkiem i Maćkiem.", "pl", "Rozmawiałam z [PERSON] i [PERSON]."),
    ("Dzwoniłam do Kacpra, potem do Olka.", "pl", "Dzwoniłam do [PERSON], potem do [PERSON]."),
    ("Umówiłam się z Aleksandrem na montaż.", "pl", "Umówiłam się z [PERSON] na montaż."),
])
def test_an_inflected_first_name_after_a_preposition_is_redacted(red, text, lang, expected):
    assert red.redact(text, lang)[0] == expected


@pytest.mark.parametrize("text, lang", [
    # Sofia the city, where a place is expected, in all three languages
    ("Mieszkam w Sofii od roku.", "pl"),
    ("Lecę do Sofii w piątek.", "pl"),
    ("Wysyłka do Sofii trwa tydzień.", "pl"),
    ("Sofia to piękne miasto.", "pl"),
    ("Живу в Софии, доставка идёт неделю.", "ru"),
    ("I moved to Sofia and she loves it.", "en"),
    ("We deliver to Plovdiv or Sofia.", "en"),
    # a generated instrumental that is an everyday word opening a sentence ("Левой": left)
    ("Левой кнопкой мыши ничего не выбирается.", "ru"),
])
def test_a_place_or_an_everyday_word_among_the_case_forms_stays(red, text, lang):
    assert red.redact(text, lang)[0] == text


def test_case_forms_decline_from_the_right_stem():
    assert {"krzyśka", "krzyśkiem", "krzyśkowi"} <= polish_forms("Krzysiek")
    assert {"maćka", "maćkiem"} <= polish_forms("Maciek") and {"edka", "edkiem"} <= polish_forms("Edek")
    assert {"kacpra", "kacprem", "kacprze"} <= polish_forms("Kacper") and "oliwera" in polish_forms("Oliwer")
    assert {"olu", "elu"} <= polish_forms("Ola") | polish_forms("Ela")
    # the Russian instrumental: -ей after -я or a hushing consonant, else -ой; not both ("Людей", "Женой" are words)
    assert "софией" in russian_forms("София") and "машей" in russian_forms("Маша") and "ольгой" in russian_forms("Ольга")
    assert "людей" not in russian_forms("Люда") and "женой" not in russian_forms("Женя")


# ----------------------------------------------------------------------------- 3. a role before a first name
@pytest.mark.parametrize("text, lang, expected", [
    # the product rule ('TV Max', 'HBO Max': one word after an abbreviation) had read 'HR Anna' as a product
    ("HR Anna said I'd get the form", "en", "HR [PERSON] said I'd get the form"),
    ("Pani z HR Anna obiecała formularz.", "pl", "Pani z HR [PERSON] obiecała formularz."),
    ("HR Лена обещала перезвонить.", "ru", "HR [PERSON] обещала перезвонить."),
    # a role word before a first name, as before
    ("The consultant Max said he would call.", "en", "The consultant [PERSON] said he would call."),
    ("konsultantka Ola powiedziała, że oddzwoni", "pl", "konsultantka [PERSON] powiedziała, że oddzwoni"),
    ("оператор Лена сказала, что перезвонит", "ru", "оператор [PERSON] сказала, что перезвонит"),
    # a product's name after an abbreviation stays
    ("I switched to TV Max last year and love it.", "en", "I switched to TV Max last year and love it."),
    ("Thanks to HBO Max and Anna Smith", "en", "Thanks to HBO Max and [PERSON]"),
])
def test_a_role_before_a_first_name_makes_it_a_person(red, text, lang, expected):
    assert red.redact(text, lang)[0] == expected


# ----------------------------------------------------------------------------- 4. a lower-case -ska adjective
@pytest.mark.parametrize("text, expected", [
    # a lower-case word in -ska after a first name had been read as its surname, written by speech-to-text in lower
    # case: a noun it agrees with after it makes it an adjective
    ("Anna warszawska filia nie odpisała.", "[PERSON] warszawska filia nie odpisała."),
    ("Rozmawiałam z Marią polską obsługą.", "Rozmawiałam z [PERSON] polską obsługą."),
    ("Pisałam do Anny warszawskiej filii.", "Pisałam do [PERSON] warszawskiej filii."),
    # a surname in lower case, before a verb, a preposition or nothing, is still one
    ("Anna kowalska dzwoniła wczoraj.", "[PERSON] dzwoniła wczoraj."),
    ("Rozmawiałam z Anną kowalską z działu.", "Rozmawiałam z [PERSON] z działu."),
    ("Zadzwonił Jan kowalski.", "Zadzwonił [PERSON]."),
])
def test_a_lower_case_adjective_after_a_first_name_is_no_surname(red, text, expected):
    assert red.redact(text, "pl")[0] == expected


# ----------------------------------------------------------------------------- 2. [redact] always (and keep, the never list)
def test_always_terms_are_redacted_wherever_they_appear():
    """A list: [REDACTED], whole words, any case, in the case forms keep reads too; not inside another word."""
    red = Redactor(RedactConfig(always=["Fitpunkt Mokotów", "Jan Kowalski"]))
    assert red.redact("Chodzę do FITPUNKT MOKOTÓW, trener Jan Kowalski jest super.", "pl") == (
        "Chodzę do [REDACTED], trener [REDACTED] jest super.", ["REDACTED"])
    assert red.redact("W Fitpunkcie Mokotów było zimno, Jan Kowalskiego nie było.", "pl")[0] == (
        "W [REDACTED] było zimno, [REDACTED] nie było.")
    assert red.redact("Fitpunkt Mokotówek", "pl")[0] == "Fitpunkt Mokotówek"
    # whatever types says, like [redact] patterns
    assert Redactor(RedactConfig(always=["Fitpunkt Mokotów"], types=["EMAIL"])).redact("Fitpunkt Mokotów")[0] == "[REDACTED]"


def test_an_always_table_gives_each_term_its_placeholder_over_what_it_overlaps():
    red = Redactor(RedactConfig(always={"GYM": ["Fitpunkt Mokotów"], "CLIENT": "Kowalski"}, keep=["Fitpunkt"]))
    # a kept word does not keep a term; the person found around the term is one placeholder, not 'Jan [CLIENT]'
    assert red.redact("Chodzę do Fitpunkt Mokotów, pan Jan Kowalski jest super.", "pl") == (
        "Chodzę do [GYM], pan [CLIENT] jest super.", ["GYM", "CLIENT"])
    assert red.redact("Fitpunkt Wola jest ok", "pl")[0] == "Fitpunkt Wola jest ok"


def test_always_is_read_from_the_config_and_reaches_the_stage():
    import pandas as pd

    from pipeline.config import load_config
    from pipeline.redact import redact_table

    cfg = load_config(overrides={"redact": {"always": {"GYM": ["Fitpunkt Mokotów"]}}}).redact
    df = pd.DataFrame({"doc_id": ["d1"], "speaker": [""], "role": ["customer"], "text": ["Fitpunkt Mokotów jest ok."]})
    assert redact_table(df, cfg)["text"].tolist() == ["[GYM] jest ok."]


@pytest.mark.parametrize("always, message", [
    (["Jan Kowalski", " "], "'always' entry of \\[redact\\] must hold non-empty strings. Item\\(s\\) \\[1\\]"),
    ({"gym": ["Jan Kowalski"]}, "names a placeholder type 'gym'"),
    ({"GYM": []}, "must be a term or a list of terms. Got an empty list"),
    ("Jan Kowalski", "must be a list of terms or a table"),
])
def test_a_bad_always_entry_is_named_by_its_place_never_by_its_term(always, message):
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match=message) as err:
        RedactConfig(always=always).validate()
    assert "Kowalski" not in str(err.value)


def test_keep_is_the_never_list():
    """No second list: a product or place caught as a name is listed in [redact] keep, with its case forms."""
    red = Redactor(RedactConfig(keep=["HR Anna", "Kuba"]))
    assert red.redact("Lecieliśmy na Kubę, na Kubie było pięknie.", "pl")[0] == "Lecieliśmy na Kubę, na Kubie było pięknie."
    assert red.redact("The HR Anna app said I'd get the form", "en")[0] == "The HR Anna app said I'd get the form"
