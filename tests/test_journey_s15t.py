"""Touchpoints of sources (session 15): a record's channel and file are read by the run's touchpoint lexicon."""

from __future__ import annotations

import pytest

from pipeline.journey import load_stage_model, load_touchpoints, source_touchpoint

# a touchpoint file that knows a marketplace, an app store and a price-comparison site the built-in list does not
TOUCHPOINT_FILE = """
[[touchpoint]]
id = "marketplace"
patterns = ['uzum( market)?']
[[touchpoint]]
id = "app_store"
patterns = ['rustore']
[[touchpoint]]
id = "comparison"
name = "Price comparison"
control = "partly"
patterns = ['idealo', 'skąpiec']
[[touchpoint]]
id = "social"
patterns = ['viber']
"""


@pytest.fixture()
def app_lexicon(tmp_path):
    """The app template's touchpoints (it has 'App Store & Google Play') with the touchpoint file above."""
    p = tmp_path / "touchpoints.toml"
    p.write_text(TOUCHPOINT_FILE, encoding="utf-8")
    model = load_stage_model("app")
    return load_touchpoints(p, model.touchpoints, model.source, model.drop_touchpoints)


@pytest.mark.parametrize("source_type, channel, source_file, expected", [
    ("review", "review", "reviews/uzum_reviews_2025.csv", "marketplace"),   # the file name
    ("review", "Uzum Market", "", "marketplace"),                            # the platform column
    ("review", "RuStore", "", "app_store"),
    ("review", "review", "exports/rustore_otzyvy.csv", "app_store"),
    ("review", "Idealo", "", "comparison"),                                  # a touchpoint of the user's own
    ("review", "Skąpiec", "", "comparison"),
    ("chat", "viber", "", "social"),                                         # a chat's medium
    ("review", "Trustpilot", "", "review_sites"),
])
def test_a_platform_the_touchpoint_file_adds_is_where_reviews_were_written(app_lexicon, source_type, channel, source_file,
                                                                            expected):
    assert source_touchpoint(source_type, channel, source_file, app_lexicon) == expected


@pytest.mark.parametrize("channel, source_file", [("review", "reviews/uzum_reviews_2025.csv"), ("RuStore", ""), ("Idealo", "")])
def test_without_the_touchpoint_file_they_are_review_sites(channel, source_file):
    assert source_touchpoint("review", channel, source_file, load_touchpoints()) == "review_sites"


def test_a_store_named_in_a_file_is_the_store_not_the_app(app_lexicon):
    # 'app' matches too; the longer 'google play' names the platform
    assert source_touchpoint("review", "review", "reviews/google_play_app_reviews.csv", app_lexicon) == "app_store"
    assert source_touchpoint("review", "android", "", app_lexicon) == "app_store"          # a store export's code
    assert source_touchpoint("chat", "android", "", app_lexicon) == "app"                  # a helpdesk's: the app


def test_a_review_file_named_after_an_owned_touchpoint_is_about_it_not_written_on_it():
    # the app and the website are the company's: 'app_reviews.csv' holds reviews of the app, written on a review site
    assert source_touchpoint("review", "review", "reviews/app_reviews.csv") == "review_sites"
    assert source_touchpoint("review", "website", "") == "review_sites"
    assert source_touchpoint("chat", "website chat widget", "") == "website"   # a chat comes through any touchpoint
