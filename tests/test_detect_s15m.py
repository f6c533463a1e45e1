"""Session 15 (m2): one owner for each rule detection, theme naming and survey ingest had written twice (the survey
non-answers, the word key, the courtesy words, the question words, what a survey question asks for), their names
asked through the packages, not their private modules; and an answer that is only "all is well" reads no worse than
neutral."""

from __future__ import annotations

import pipeline.text
import pipeline.themes


def test_theme_labels_are_keyed_by_the_one_word_key():
    """themes' label_key had written pipeline.text.word_key's regex again."""
    assert pipeline.themes.label_key is pipeline.text.word_key
    assert "label_key" in pipeline.themes.__all__
