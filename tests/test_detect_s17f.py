"""Session 17 (f): detection of kinds read with the real models (e5-small head, the affect model's sentiment)."""

from __future__ import annotations

import pytest

from pipeline.detect import Detector


def _kinds(texts: list[str], langs: list[str]) -> list[str]:
    """Kinds as a pipeline run reads them: the e5-small head, sentiment from pipeline.affect."""
    from pipeline.affect import AffectConfig, AffectModel
    from pipeline.embedders import get_embedder

    E = get_embedder("e5-fast").embed(texts)
    scores = AffectModel(AffectConfig()).predict(texts, langs, E, [None] * len(texts))["sentiment_score"].tolist()
    return Detector(embedder="e5-small").predict(texts, langs, scores, E)["kind"].tolist()


@pytest.mark.parametrize("text", ["Hi, quick one: is SSO included in the Team plan or only in Enterprise",
                                  "Hello, quick question - does the annual plan include the API"])
def test_a_greeting_and_quick_one_before_a_question_word_open_a_question(text):
    """A greeting before 'quick one:' had kept the question word from opening the sentence (gold en-043 was a pain
    point)."""
    from pipeline.detect import is_question

    assert is_question(text)
    assert _kinds([text], ["en"]) == ["question"]
