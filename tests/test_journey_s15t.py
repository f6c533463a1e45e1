"""Touchpoints of sources (session 15): a record's channel and file are read by the run's touchpoint lexicon, and only the
platform a review or comment was written on is no moment of it."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.journey import drop_off_phrases, load_stage_model, load_touchpoints, published_on, source_touchpoint

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
patterns = ['odnoklassniki']
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
    ("chat", "odnoklassniki", "", "social"),                                 # a chat's medium
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


def test_published_on_is_a_review_or_comment_platform_only():
    assert published_on("review", "marketplace") == "marketplace" and published_on("social", "social") == "social"
    assert published_on("chat", "chat") == published_on("interview", "") == ""


# ---- moments of truth: only the platform a review was written on is left out ----------------------------------------
GOOGLE = ["I ordered on Allegro and the courier left the box in the rain.",
          "Bought it on Allegro, the courier was three days late.",
          "Allegro order, the courier never called before coming."]
OZON = ["Заказала на Озоне, всё пришло целым.", "Озон как всегда, размер в размер.", "Брала на Озоне, качество хорошее."]


def _mapped(lexicon=None) -> pd.DataFrame:
    """Three Google reviews and three Ozon reviews (by file name) through stage_map's row pass, all at 'delivery'."""
    from pipeline.config import load_config
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper
    from pipeline.stages.stage_map import run_rows

    fake = get_embedder("fake")   # the stage is set below: the touchpoints do not depend on the embedder
    t = pd.DataFrame({"text": GOOGLE + OZON, "is_customer": True, "embedded": True, "source_type": "review",
                      "channel": ["Google"] * 3 + ["review"] * 3, "theme_id": -1,
                      "source_file": ["reviews/google.csv"] * 3 + ["reviews/ozon_reviews_2025-11.csv"] * 3})
    ctx = SimpleNamespace(artifacts={"stage_mapper": StageMapper(load_stage_model("default"), fake.embed),
                                     "touchpoints": lexicon or load_touchpoints(), "embeddings": fake.embed(t["text"].tolist())},
                          cfg=load_config(overrides={"run": {"cache_dir": ""}}), stats={})
    out = run_rows(t, ctx)
    return out.assign(stage="delivery", sentiment_score=-0.7, drop_off=False, segment_id=[f"s{i}" for i in range(len(out))])


def test_a_google_review_about_an_allegro_order_is_a_moment_of_the_marketplace():
    from pipeline.stages.synthesize import moments_of_truth

    out = _mapped()
    assert out["published_on"].tolist() == ["review_sites"] * 3 + ["marketplace"] * 3
    assert all({"marketplace", "delivery", "review_sites"} <= set(c.split(";")) for c in out["touchpoints"][:3])
    cells = {(m["stage"], m["touchpoint"]): m["segment_ids"] for m in moments_of_truth(out)}
    # the Google reviews make the marketplace cell; the Ozon reviews, written there, are not in it
    assert sorted(cells[("delivery", "marketplace")]) == ["s0", "s1", "s2"]
    assert ("delivery", "review_sites") not in cells
    assert sorted(cells[("delivery", "delivery")]) == ["s0", "s1", "s2"]


def test_the_map_script_is_told_each_row_s_platform():
    """The HTML map's script leaves out the same touchpoint per row (R.pub) as moments_of_truth."""
    from pipeline.report._model import build_data

    out = _mapped().assign(kind="other", sentiment="negative", emotions="", lang="en", doc_id=[f"d{i}" for i in range(6)])
    view = {"filters": [], "stages": [], "themes": {}, "evidence": {"thin_evidence": 2, "source_list": []}, "per_segment": []}
    data = build_data(out, view, load_stage_model("default"))
    vocab = data["dict"]["tp"]
    assert [vocab[i] for i in data["rows"]["pub"]] == ["review_sites"] * 3 + ["marketplace"] * 3
    assert "writtenOn" not in data


# ---- drop-offs: a marketplace is a third party by the marketplace touchpoint's own names -------------------------------
@pytest.mark.parametrize("text", ["Amazon cancelled my order without asking.", "Allegro anulował zamówienie.",
                                  "Wildberries отменил заказ.", "WB отказался."])
def test_a_marketplace_that_cancels_is_a_third_party(text):
    # the list of third parties had named only 'озон' and 'вб' of the marketplaces
    assert drop_off_phrases(text) == [], text


@pytest.mark.parametrize("text, phrase", [("На Озоне отменила заказ.", "отменила заказ"),
                                          ("Na Allegro anulowałam zamówienie.", "anulował"),
                                          ("I cancelled my order on Amazon.", "cancelled my order")])
def test_the_customer_cancelling_on_a_marketplace_still_leaves(text, phrase):
    assert drop_off_phrases(text) == [phrase], text
