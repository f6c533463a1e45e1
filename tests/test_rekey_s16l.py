"""scripts/rekey_sample_topics.py: the carry-over rule on a two-record toy run (no pipeline run)."""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

_SPEC = importlib.util.spec_from_file_location(
    "rekey_sample_topics", Path(__file__).resolve().parent.parent / "scripts" / "rekey_sample_topics.py")
rekey_mod = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(rekey_mod)


def _seg(sid, doc, text, kind="pain_point"):
    return {"segment_id": sid, "doc_id": doc, "record_index": 0, "turn_index": 0, "text": text, "kind": kind,
            "lang": "en"}


def test_kept_carried_hand_and_dropped(monkeypatch):
    old = pd.DataFrame([_seg("o1", "d1", "Late by 3 weeks. Nobody called."),
                        _seg("o2", "d2", "Torn on arrival. Hotline 40 minutes."),
                        _seg("k1", "d3", "where is my sofa?", "question")])
    new = pd.DataFrame([_seg("n1", "d1", "Late by 3 weeks."), _seg("n2", "d1", "Nobody called."),
                        _seg("n3", "d2", "Torn on arrival."), _seg("n4", "d2", "Hotline 40 minutes."),
                        _seg("k1", "d3", "where is my sofa?", "question"), _seg("n5", "d2", "Nice.", "praise")])
    labels = pd.DataFrame([{"segment_id": "k1", "topic": "lead time / how long delivery takes", "lang": "en",
                            "text": "where is my sofa?"},
                           {"segment_id": "o1", "topic": "delivery delay without communication", "lang": "en",
                            "text": "Late by 3 weeks. Nobody called."},
                           {"segment_id": "o2", "topic": "damaged on delivery (torn, dented, scratched)",
                            "lang": "en", "text": "Torn on arrival. Hotline 40 minutes."}])
    monkeypatch.setattr(rekey_mod, "TWO_PROBLEMS", {"o2": {"n3": "DMG", "n4": "HL"}})
    monkeypatch.setattr(rekey_mod, "NO_LABELLED_PARENT", {})
    table, counts = rekey_mod.rekey(new, old, labels)
    assert counts == {"kept": 1, "carried": 2, "read by hand": 2, "dropped": 2}
    assert dict(zip(table["segment_id"], table["topic"])) == {
        "n1": "delivery delay without communication", "n2": "delivery delay without communication",
        "n3": "damaged on delivery (torn, dented, scratched)", "n4": "hotline wait / unanswered e-mails",
        "k1": "lead time / how long delivery takes"}


def test_a_part_with_no_label_to_carry_stops_naming_it(monkeypatch):
    old = pd.DataFrame([_seg("o1", "d1", "Great sofa. Legs wobble.", "praise")])
    new = pd.DataFrame([_seg("n1", "d1", "Legs wobble.")])
    labels = pd.DataFrame(columns=["segment_id", "topic", "lang", "text"])
    monkeypatch.setattr(rekey_mod, "TWO_PROBLEMS", {})
    monkeypatch.setattr(rekey_mod, "NO_LABELLED_PARENT", {})
    with pytest.raises(SystemExit, match="n1 .*Legs wobble"):
        rekey_mod.rekey(new, old, labels)


def test_every_hand_topic_is_one_of_the_labelling():
    labels = pd.read_csv(rekey_mod.TOPICS_CSV, keep_default_na=False)
    hand = set(rekey_mod.NO_LABELLED_PARENT.values())
    hand |= {c for parts in rekey_mod.TWO_PROBLEMS.values() for c in parts.values()}
    assert hand <= set(rekey_mod.TOPICS)
    assert set(rekey_mod.TOPICS.values()) == set(labels["topic"])
