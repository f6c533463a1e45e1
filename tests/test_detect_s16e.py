"""Session 16 (e): detection reads the lexicon's complaint phrases (a wait with its length) where the head read nothing,
"all is well" alike in en / pl / ru, venting questions that ask whether it is only them, and its rules' speed."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.detect import Detector


def _read(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """Sentiment and kind of texts as a run gives them (e5-small's vectors as e5-fast computes them in a run, the
    affect model, detection with its head)."""
    from pipeline.affect import AffectConfig, AffectModel
    from pipeline.embedders import get_embedder

    langs, texts = [r[0] for r in rows], [r[1] for r in rows]
    E = get_embedder("e5-fast").embed(texts)
    aff = AffectModel(AffectConfig()).predict(texts, langs, E)
    det = Detector(embedder="e5-small").predict(texts, langs, aff["sentiment_score"].tolist(), E)
    return pd.concat([aff[["sentiment", "sentiment_score"]], det[["kind", "barrier"]]], axis=1).assign(text=texts)


@pytest.mark.model
def test_a_wait_for_a_person_or_a_delivery_with_its_length_is_a_pain_point():
    """'Czekałam cały dzień na technika.' (-0.41) and 'I waited all day for the engineer.' (-0.34) had been 'other':
    the lexicon read a complaint (a wait and a span of time), the head nothing."""
    out = _read([("pl", "Czekałam cały dzień na technika."), ("ru", "Ждал мастера весь день."),
                 ("en", "I waited all day for the engineer."), ("en", "We waited all day for the delivery."),
                 ("pl", "Czekaliśmy tydzień na dostawę."), ("en", "I waited about a week for delivery.")])
    assert out["kind"].eq("pain_point").all(), out
    assert out["barrier"].eq("company").all(), out


@pytest.mark.model
@pytest.mark.parametrize("lang, text", [("pl", "Mogę poczekać tydzień."), ("ru", "Хорошо, подождём день."),
                                        ("en", "We waited two weeks for the sofa and it was worth it."),
                                        ("en", "I can wait a day or two, no problem.")])
def test_a_wait_offered_or_worth_it_is_no_pain_point(lang, text):
    assert _read([(lang, text)]).loc[0, "kind"] != "pain_point"
