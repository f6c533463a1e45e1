"""Session 18 (d): the theme benchmarks count fragmenting and over-merging apart (themes per topic, topics per theme)."""

from __future__ import annotations

import pandas as pd

from conftest import load_benchmark


def test_spread_counts_a_topic_split_over_themes_and_a_theme_mixing_topics():
    spread = load_benchmark("themes").spread
    topics = list("aaaaaa") + list("bbbb") + list("ccc")
    # a stray single item (one 'a' in b's theme) counts on neither side; a topic left unassigned is on neither
    themes = [0, 0, 0, 0, 0, 1] + [1, 1, 1, 1] + [-1, -1, -1]
    assert spread(topics, themes) == {"themes/topic": 1.0, "topics/theme": 1.0}
    themes = [0, 0, 0, 1, 1, 1] + [2, 2, 2, 2] + [2, 2, 2]       # a split in two; b and c in one theme
    assert spread(topics, themes) == {"themes/topic": (2 + 1 + 1) / 3, "topics/theme": (1 + 1 + 2) / 3}
    # scattered as single items, a topic still counts one theme (not zero, which would read as better than one)
    assert spread(list("aaabbb"), [0, 1, 2, 3, 3, 3])["themes/topic"] == 1.0


def test_both_benchmarks_report_the_two_sides():
    themes = load_benchmark("themes")
    assert {"themes/topic", "topics/theme"} <= set(themes.score([0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0]))
    sample = load_benchmark("sample_themes")
    seg = pd.DataFrame({"segment_id": list("abcdef"), "kind": "question", "theme_id": [0, 0, 0, 1, 1, 1]})
    topics = pd.DataFrame({"segment_id": list("abcdef"), "topic": ["x"] * 6})
    row = sample.score(seg, topics, "question")
    assert row["themes/topic"] == 2.0 and row["topics/theme"] == 1.0
