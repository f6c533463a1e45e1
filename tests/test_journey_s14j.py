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


# ---- where a review was published ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("channel, source_file, expected", [
    ("review", "reviews/ozon_reviews_2025-11.csv", "marketplace"),      # the file name
    ("review", "reviews/wb_feedbacks_export.csv", "marketplace"),
    ("review", "allegro/opinie_2025.csv", "marketplace"),              # the folder
    ("review", "exports/yandex_market_reviews.xlsx", "marketplace"),
    ("Amazon", "reviews.csv", "marketplace"),                          # a platform column
    ("Wildberries", "", "marketplace"),
    ("Google", "amazon_reviews.csv", "review_sites"),                  # the platform column wins over the file name
    ("Trustpilot", "", "review_sites"),
    ("review", "reviews/google_2025.csv", "review_sites"),
    ("review", "reviews/webinar_feedback.csv", "review_sites"),       # 'wb' only as a word
    ("review", "", "review_sites"),
])
def test_review_published_on_a_marketplace(channel, source_file, expected):
    assert source_touchpoint("review", channel, source_file) == expected


def test_marketplace_review_without_the_touchpoint_is_a_review_site_and_chats_are_unchanged():
    assert source_touchpoint("review", "Ozon", "", known={"review_sites", "chat"}) == "review_sites"
    assert source_touchpoint("chat", "web", "chats/ozon_chats.json") == "chat"
    assert source_touchpoint("social", "telegram", "wb/tg.json") == "social"


def test_stage_map_reads_a_reviews_file_name():
    """reviews/ozon_reviews_2025-11.csv without a platform column: its reviews were published on a marketplace."""
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    from pipeline.config import load_config
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper, load_stage_model
    from pipeline.stages.stage_map import run_rows

    fake = get_embedder("fake")
    t = pd.DataFrame({"text": ["Комбинезон тёплый, размер в размер."] * 2, "is_customer": True, "embedded": True,
                      "source_type": "review", "channel": "review", "theme_id": -1,
                      "source_file": ["reviews/ozon_reviews_2025-11.csv", "reviews/google_maps.csv"]})
    ctx = SimpleNamespace(artifacts={"stage_mapper": StageMapper(load_stage_model("default"), fake.embed),
                                     "touchpoints": load_touchpoints(), "embeddings": fake.embed(t["text"].tolist())},
                          cfg=load_config(overrides={"run": {"cache_dir": ""}}), stats={})
    assert run_rows(t, ctx)["touchpoints"].tolist() == ["marketplace", "review_sites"]
    assert run_rows(t.drop(columns="source_file"), ctx)["touchpoints"].tolist() == ["review_sites"] * 2
