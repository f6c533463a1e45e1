"""Session 17, detection and affect made to agree (review of this session's commits): affect's row cache keyed on the
files detection's rules read, one owner for "too + a positive word" and being left alone (the affect lexicon), the
call-for-attention words from courtesy.txt, rhetorical "why bother then"."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import pipeline.stages.affect as affect_stage

PIPELINE = Path(affect_stage.__file__).resolve().parent.parent


class _Captured(Exception):
    pass


def test_affects_cache_is_keyed_by_the_courtesy_phrases_detections_rules_read(monkeypatch):
    """Affect reads is_courtesy (courtesy.txt): a courtesy.txt-only edit ('do usłyszenia') had left cached affect rows
    stale, since its code tuple named only affect, its lexicon and detect/."""
    seen = {}

    def capture(stage, ctx, keys, predict, code, block):
        seen["code"] = ("stages/affect.py", "embedders.py", "text.py", *code)  # as stage_namespace adds them
        raise _Captured

    monkeypatch.setattr(affect_stage, "cached_stage_rows", capture)
    rows = pd.DataFrame({"text": ["Dziękuję, do usłyszenia!"], "lang": ["pl"], "is_customer": [True],
                         "rating": [np.nan], "source_type": ["interview"]})
    ctx = SimpleNamespace(artifacts={"affect_model": object(), "embeddings": None})
    with pytest.raises(_Captured):
        affect_stage.run(rows, ctx)
    for rel in ("affect/_rules.py", "resources/affect/lexicon.json", "resources/courtesy.txt", "detect/_rules.py"):
        assert any(rel == c or rel.startswith(c.rstrip("/") + "/") for c in seen["code"]), rel
        assert (PIPELINE / rel).is_file()
