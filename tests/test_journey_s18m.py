"""Session 18 mends, stage mapping (review rev2 #8 and its cache note): a what-if question from a customer who already has
it (renews, cancels, names their own subscription or flight, has told a fault) or a polite "if possible" is no weighing of
terms before buying; stage_map's row cache is keyed by the detection rules its contentless turns read."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import pipeline.stages.stage_map as stage_map
from pipeline.embedders import get_embedder
from pipeline.journey import StageMapper, asks_what_if, load_stage_model, load_touchpoints

PIPELINE = Path(stage_map.__file__).resolve().parent.parent

# a customer who already has it, asking what would happen if: each was placed in the before phase by the what-if cue
ALREADY_HAS_IT = [
    "If I renew now, is the price the same?",
    "Если я отменю подписку, деньги вернут?",
    "Если я продлю подписку сейчас, скидка сохранится?",
    "Jeśli zrezygnuję z subskrypcji, dostanę zwrot?",
    "If my flight is delayed, do I get compensation?",
    "The heater broke again. If I send it back, will you replace it?",
    "Kurtka się rozpruła. Jeśli odeślę ją do naprawy, ile to potrwa?",
]
POLITE = ["If possible, could you call me back?", "Если возможно, можете перезвонить?"]


@pytest.mark.parametrize("text", ALREADY_HAS_IT + POLITE + [
    "If I renew now, do I keep my discount?",
    "The heater broke again. If I send it back, who pays shipping?",
    "Czajnik przestał działać. Jeśli go odeślę, kto płaci za wysyłkę?",
    "Чайник сломался. Если я его отправлю, кто оплатит доставку?",
    "Jeśli to możliwe, czy możecie oddzwonić?",
    "If you can, call me back?",
])
def test_no_what_if_from_one_who_already_has_it_nor_a_polite_if(text):
    assert not asks_what_if(text)


@pytest.mark.parametrize("text", [
    "If you can't fix it, do I get a refund?",                          # "if you can't" is a condition
    "If the file doesn't work on my old Kindle, do I get my money back?",  # the fault is the condition, not told
    "Jeśli nie działa, mogę zwrócić?",
    "If I book the fortnightly plan and it doesn't work out, is there a cancellation fee?",  # a fee, no cancelling
    "Like, what if I put all my books in there and they go bust? My accountant said it's fine.",  # "my account…" is no account
])
def test_a_condition_is_still_a_what_if(text):
    assert asks_what_if(text)


def test_who_already_has_it_is_placed_after_the_purchase():
    mapper = StageMapper(load_stage_model("default"), get_embedder("e5-small").embed)
    texts = ALREADY_HAS_IT + POLITE
    stages = mapper.predict_texts(texts, ["chat"] * len(texts))[0]
    assert [mapper.model.get(s).phase for s in stages] == ["after"] * len(texts), list(zip(texts, stages))


class _Captured(Exception):
    pass


def test_stage_maps_cache_is_keyed_by_the_detection_rules_its_contentless_turns_read(monkeypatch):
    """is_contentless reads detection's is_courtesy (detect/_rules.py, the affect lexicon through it): an edit there had left
    cached stage_map rows stale, since its code tuple named only the journey, the stage files and courtesy.txt."""
    seen = {}

    def capture(stage, ctx, keys, predict, code):
        seen["code"] = ("stages/stage_map.py", "embedders.py", "text.py", *code)  # as stage_namespace adds them
        raise _Captured

    monkeypatch.setattr(stage_map, "cached_stage_rows", capture)
    rows = pd.DataFrame({"text": ["No problem, bye!"], "embedded": [True], "source_type": ["chat"], "channel": [""],
                         "is_customer": [True]})
    ctx = SimpleNamespace(artifacts={"stage_mapper": object(), "touchpoints": load_touchpoints(), "embeddings": np.zeros((1, 4))})
    with pytest.raises(_Captured):
        stage_map.run_rows(rows, ctx)
    for rel in ("journey/_context.py", "text.py", "detect/_rules.py", "resources/courtesy.txt", "resources/affect/lexicon.json",
                "affect/__init__.py"):
        assert any(rel == c or rel.startswith(c.rstrip("/") + "/") for c in seen["code"]), rel
        assert (PIPELINE / rel).is_file()
