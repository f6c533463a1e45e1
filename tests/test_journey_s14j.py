"""Journey fixes found dogfooding (session 14): B2B and Russian drop-offs, marketplace reviews, contentless chat turns.

The drop-off tables are a labelled check set written for this fix (not taken from any corpus): per language at least 20
sentences a researcher would flag as leaving, about to leave or nearly leaving, and 20 that look alike but are not (a
third party refusing or giving up, a conditional about something else, "almost" of something else, a marketplace named
without going there).
"""

from __future__ import annotations

import pytest

from pipeline.journey import detect_touchpoints, drop_off_phrases, load_touchpoints, source_touchpoint


# ---- marketplaces -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Ordered it on Amazon because it was cheaper.", "Found the same chair on eBay.", "Bought via the marketplace.",
    "Kupiłam na Allegro.", "Na OLX jest taniej.", "Zamówiłam przez Allegro Smart.",
    "Заказала на вб.", "На Озоне дешевле.", "Взяла на Wildberries.", "На Яндекс Маркете нет этого размера.",
    "Маркетплейсы возят быстрее.",
])
def test_marketplace_is_a_builtin_touchpoint(text):
    assert "marketplace" in detect_touchpoints(text), text


@pytest.mark.parametrize("text", ["Dostawa dwa dni temu.", "Это озонатор для воздуха.", "The market was busy."])
def test_marketplace_lookalikes(text):
    assert "marketplace" not in detect_touchpoints(text), text


def test_marketplace_control_and_stage_file_override():
    lex = load_touchpoints()
    assert lex.control("marketplace") == "partly" and lex.label("marketplace") == "Marketplace"
    # a stage file's own marketplace table (as in a corpus that had defined one) renames it and adds patterns
    table = {"id": "marketplace", "name": "Маркетплейс", "control": "partly", "patterns": ["мегамолл"]}
    lex = load_touchpoints(None, [table], "stages_ru.toml")
    assert lex.label("marketplace") == "Маркетплейс" and lex.detect("Взяла в Мегамолл") == ["marketplace"]
    assert lex.detect("Заказала на вб") == ["marketplace"]
