"""Session 16 (h): interview small talk, logistics and sign-offs are 'other'; praise that turns to a complaint; plain
praise; a missing product capability is the company's barrier; sentiment misses; transliterated Russian."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.detect import Detector


def _stage_kinds(texts: list[str], langs: list[str], scores: list[float]) -> list[str]:
    """The detect stage's kinds (rules only: no embeddings) for customer rows."""
    from pipeline.stages import detect

    seg = pd.DataFrame({"text": texts, "lang": langs, "is_customer": True, "sentiment": "",
                        "sentiment_score": scores, "rating": None})
    ctx = SimpleNamespace(cfg=SimpleNamespace(run=SimpleNamespace(cache_dir="")), stats={},
                          artifacts={"detector": Detector(embedder="fake")})
    return detect.run(seg, ctx)["kind"].tolist()


def test_the_stage_reads_transliterated_russian_in_cyrillic():
    """'uzhe nedelyu zhdu' (a wait with its length: 'уже неделю жду') had been 'other': the Russian cues read Cyrillic."""
    assert _stage_kinds(["uzhe nedelyu zhdu", "уже неделю жду"], ["ru", "ru"], [0.0, 0.0]) == ["pain_point"] * 2
