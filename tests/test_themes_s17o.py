"""Theme labels and EN quotes name their theme (dogfood 17a / 17c): a label is central, an FAQ title asks, the EN
quote is an English member on the theme's topic that asks for a question theme, greetings in Russian written in Latin
letters are no part of a label."""

from __future__ import annotations

from pipeline.themes._naming import without_pleasantries


def test_a_greeting_in_latin_letters_is_no_part_of_a_label():
    # dogfood 17c: "privet, a zapisi urokov gde-to mozhno posmotret?" had titled the recordings entry
    assert without_pleasantries("privet, a zapisi urokov gde-to mozhno posmotret?") == \
        "A zapisi urokov gde-to mozhno posmotret?"
    assert without_pleasantries("Zdravstvuyte, s menya spisali dengi za prodlenie podpiski") == \
        "S menya spisali dengi za prodlenie podpiski"
    assert without_pleasantries("privet gde moy zakaz") == "Gde moy zakaz"
    assert without_pleasantries("Privet, 2 chasa zhdu kuriera") == "2 chasa zhdu kuriera"
    assert without_pleasantries("Hello Kitty pajamas are sold out") == "Hello Kitty pajamas are sold out"
