"""Session 15 (detection and theme labels, second round): what two dogfood corpora (a Polish fitness club's reviews,
interviews and chats; a Russian money-transfer app's support calls) showed."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import pipeline.stages.detect as detect_stage
from pipeline.affect._rules import text_evidence
from pipeline.detect import Detector

PIPELINE = Path(detect_stage.__file__).resolve().parent.parent


def test_detections_cache_is_keyed_by_the_lexicon_and_the_courtesy_phrases_it_reads(monkeypatch):
    """An edit to the affect lexicon (its rules or words) or to courtesy.txt changes detection's kinds: its cached
    rows must not be served after one."""
    seen = {}

    def capture(stage, ctx, keys, predict, code, block):
        seen["code"] = ("stages/detect.py", "embedders.py", "text.py", *code)  # as stage_namespace adds them
        return predict(np.arange(len(keys)))

    monkeypatch.setattr(detect_stage, "cached_stage_rows", capture)
    rows = pd.DataFrame({"text": ["Nie mam zastrzeżeń"], "lang": ["pl"], "is_customer": [True], "sentiment": ["positive"],
                         "sentiment_score": [0.5], "rating": [np.nan]})
    ctx = SimpleNamespace(artifacts={"detector": Detector(SimpleNamespace(method="rules")), "embeddings": None})
    detect_stage.run(rows, ctx)
    read = ("affect/_rules.py", "resources/affect/lexicon.json", "resources/courtesy.txt", "detect/_rules.py")
    for rel in read:
        assert any(rel == c or rel.startswith(c.rstrip("/") + "/") for c in seen["code"]), rel
        assert (PIPELINE / rel).is_file()


@pytest.mark.parametrize("lang, text", [("en", "Can't complain."), ("pl", "Nie mogę narzekać."), ("ru", "Жаловаться не на что."),
                                        ("ru", "Не могу пожаловаться, всё пришло вовремя."), ("ru", "Не жалуюсь.")])
def test_i_cant_complain_is_a_denied_complaint_in_every_language_counted_once(lang, text):
    """'Can't complain' was a denied complaint (satisfaction) while 'Nie mogę narzekać' and 'Жаловаться не на что' were
    litotes (mild praise), and 'can't complain' / 'cant complain' were two positive phrases of one text."""
    ev = text_evidence(text, lang)
    assert ev.no_complaint and not ev.litotes and ev.positive == 1.0
