"""Theme labels and EN quotes name their theme (dogfood 17a / 17c): a label is central, an FAQ title asks, the EN
quote is an English member on the theme's topic that asks for a question theme, greetings in Russian written in Latin
letters are no part of a label."""

from __future__ import annotations

import numpy as np

from pipeline.detect import is_question
from pipeline.themes import name_theme
from pipeline.themes._naming import without_pleasantries


def _spread(n: int, far: set[int]) -> np.ndarray:
    """n unit vectors near (1, 0), those in ``far`` away from the others."""
    V = np.array([[1.0, 0.05 * k] for k in range(n)])
    for k in far:
        V[k] = [0.3, 1.0]
    return V


def test_a_main_language_member_at_the_edge_does_not_name_a_small_theme():
    # dogfood 17a: Russian and English questions for a doctor who speaks their language had been titled by the one
    # Polish member, about cardiology waiting times, at the theme's edge
    texts = ["Есть ли у вас врачи, которые говорят по-русски или по-украински?",
             "Do you have a doctor who speaks English at the Krzyki clinic?",
             "ok and do you have English-speaking dermatologists in Wrocław?",
             "А можно к врачу, который говорит по-русски?",
             "A jak jest z terminami do kardiologa, bo słyszałam, że fatalnie?",
             "Is there an English-speaking GP?"]
    langs = ["ru", "en", "en", "ru", "pl", "en"]
    named = name_theme(np.arange(6), texts, langs, _spread(6, {4}), list("abcdef"), main_lang="pl", prefer=is_question)
    assert named["label_lang"] != "pl"
    # a main-language member in the central half still names it
    central = name_theme(np.arange(6), texts, langs, _spread(6, {3}), list("abcdef"), main_lang="pl", prefer=is_question)
    assert central["label_lang"] == "pl"


def test_an_faq_title_asks_with_its_question_mark():
    # "Nerwy jak nie wiem co." (an implicit question by its "nie wiem") had titled an FAQ entry; an explicit question
    # of the theme titles it
    texts = ["Nerwy jak nie wiem co z tymi wynikami badań.", "Kiedy będą wyniki badań krwi?",
             "Wyniki badań wciąż nie widać w portalu, nie wiem co robić", "Gdzie znajdę wyniki badań?"]
    assert is_question(texts[0])
    V = np.array([[1.0, 0.3], [0.8, 0.6], [1.0, 0.0], [0.9, 0.5]])  # the first is the most central
    named = name_theme(np.arange(4), texts, ["pl"] * 4, V, list("abcd"), main_lang="pl", prefer=is_question)
    assert named["label"].endswith("?")


def test_the_english_quote_of_an_faq_entry_asks_in_english():
    # dogfood 17c: the pause entry's EN quote had been a complaint, the recordings entry's a Russian sentence of a
    # message tagged English for its transliterated start
    texts = ["Можно ли приостановить подписку на лето?", "Czy mogę zawiesić subskrypcję na wakacje?",
             "Nobody told me about this, there was no reminder e-mail at all.",
             "Можно ли поставить подписку на паузу?"]
    langs = ["ru", "pl", "en", "ru"]
    V = np.array([[1.0, 0.0], [0.95, 0.2], [0.99, 0.1], [0.9, 0.3]])
    assert name_theme(np.arange(4), texts, langs, V, list("abcd"), main_lang="ru", prefer=is_question)["gloss_en"] == ""
    texts[2] = "Perenesti urok nelzya, eto prosto uzhas. А записи уроков вообще есть?"
    assert name_theme(np.arange(4), texts, langs, V, list("abcd"), main_lang="ru", prefer=is_question)["gloss_en"] == ""
    texts[2] = "Are the lessons recorded?"
    assert name_theme(np.arange(4), texts, langs, V, list("abcd"), main_lang="ru",
                      prefer=is_question)["gloss_en"] == "Are the lessons recorded?"


def test_an_off_topic_reply_is_no_english_quote():
    # "This keeps happening. Please fix your booking system." (a reply clustered by the turn it answers) had stood
    # beside "Nikt nie umie powiedzieć, co obejmuje mój pakiet"
    texts = ["Nikt nie umie powiedzieć, co obejmuje mój pakiet.", "Pakiet nie obejmuje rezonansu, a nikt nie uprzedził",
             "This keeps happening. Please fix your booking system.", "Co obejmuje pakiet Komfort, nie wiadomo"]
    langs = ["pl", "pl", "en", "pl"]
    V = np.array([[1.0, 0.0], [0.95, 0.2], [0.99, 0.1], [0.9, 0.3]])
    assert name_theme(np.arange(4), texts, langs, V, list("abcd"), main_lang="pl")["gloss_en"] == texts[2]
    assert name_theme(np.arange(4), texts, langs, V, list("abcd"), main_lang="pl", avoid=frozenset({2}))["gloss_en"] == ""


def test_a_greeting_in_latin_letters_is_no_part_of_a_label():
    # dogfood 17c: "privet, a zapisi urokov gde-to mozhno posmotret?" had titled the recordings entry
    assert without_pleasantries("privet, a zapisi urokov gde-to mozhno posmotret?") == \
        "A zapisi urokov gde-to mozhno posmotret?"
    assert without_pleasantries("Zdravstvuyte, s menya spisali dengi za prodlenie podpiski") == \
        "S menya spisali dengi za prodlenie podpiski"
    assert without_pleasantries("privet gde moy zakaz") == "Gde moy zakaz"
    assert without_pleasantries("Privet, 2 chasa zhdu kuriera") == "2 chasa zhdu kuriera"
    assert without_pleasantries("Hello Kitty pajamas are sold out") == "Hello Kitty pajamas are sold out"


def test_english_means_no_cyrillic_and_no_russian_in_latin_letters():
    from pipeline.themes._naming import _english

    assert [_english(t) for t in ["I paid 99 zł in Kraków", "А записи есть?", "privet, gde moy zakaz?"]] == \
        [True, False, False]
