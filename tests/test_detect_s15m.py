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


def test_one_courtesy_word_set_read_three_ways():
    """Detection, theme naming and the journey had each turned courtesy.txt into a word set of their own."""
    from pipeline.detect import _rules
    from pipeline.journey import _context
    from pipeline.themes import _naming
    from pipeline.text import courtesy_words, fold_accents

    words = courtesy_words()
    assert {"you're", "dzięki", "спасибо"} <= words and courtesy_words("yes_no") < words
    assert _rules._COURTESY == {w.replace("'", "") for w in words}   # as a clause is read: "youre"
    assert _naming._courtesy_lemmas() > words                          # and their lemmas
    assert {"dziekuje", "you", "re"} <= _context._FILLER and "tak" not in _context._FILLER   # folded, no yes / no
    assert {fold_accents(w) for w in courtesy_words("thanks")} <= _context._FILLER
