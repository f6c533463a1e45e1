"""scripts/rekey_sample_topics.py: a review's title joined to its first sentence (c9a7b08), and the parts after it
whose chunk index moved, carry the labels of the segments they hold (no pipeline run)."""

import importlib.util
from pathlib import Path

import pandas as pd

_SPEC = importlib.util.spec_from_file_location(
    "rekey_sample_topics", Path(__file__).resolve().parent.parent / "scripts" / "rekey_sample_topics.py")
rekey_mod = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(rekey_mod)

DMG, CR, UP = "damaged on delivery (torn, dented, scratched)", "complaint (reklamacja) rejected or ignored", \
    "carrying furniture upstairs / no lift / narrow staircase"


def _seg(sid, doc, text, kind="pain_point"):
    return {"segment_id": sid, "doc_id": doc, "record_index": 0, "turn_index": 0, "text": text, "kind": kind,
            "lang": "en"}


def _label(sid, topic, text):
    return {"segment_id": sid, "topic": topic, "lang": "en", "text": text}


def test_a_joined_title_takes_its_sentences_label_or_its_own_and_moved_parts_keep_theirs(monkeypatch):
    # labelled with the title a segment of its own: t1 | s1 | r1 (d1) and t2 | s2, the sentence praise (d2)
    labels = pd.DataFrame([_label("t1", DMG, "Torn upholstery on arrival."),
                           _label("s1", DMG, "The sofa arrived torn."),
                           _label("r1", CR, "Reklamacja ignored for weeks."), _label("t2", UP, "No lift, 99 zł.")])
    old = pd.DataFrame([_seg("o1", "d1", "Torn upholstery on arrival. The sofa arrived torn. Reklamacja ignored for "
                                         "weeks."),
                        _seg("o2", "d2", "No lift, 99 zł. Lovely sofa though.")])
    new = pd.DataFrame([_seg("n1", "d1", "Torn upholstery on arrival. The sofa arrived torn."),
                        _seg("n2", "d1", "Reklamacja ignored for weeks."),   # its chunk index moved: a new id
                        _seg("n3", "d2", "No lift, 99 zł. Lovely sofa though.")])
    monkeypatch.setattr(rekey_mod, "TWO_PROBLEMS", {"o1": {}})   # the old record held two problems: no parent carry
    monkeypatch.setattr(rekey_mod, "NO_LABELLED_PARENT", {})
    table, counts = rekey_mod.rekey(new, old, labels)
    assert dict(zip(table["segment_id"], table["topic"])) == {"n1": DMG, "n2": CR, "n3": UP}
    assert counts == {"kept": 0, "carried": 3, "read by hand": 0, "dropped": 1}   # the title t1, in n1


def test_a_label_inside_a_word_is_not_held():
    assert rekey_mod.held_label("Why? Nobody knows.", [("q", "?"), ("k", "knows")]) is None
