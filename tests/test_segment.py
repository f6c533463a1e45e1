import pandas as pd

from pipeline.config import load_config
from pipeline.runner import Context
from pipeline.stages import segment


def test_split_sentences_en_pl_ru():
    assert segment.split_sentences("It came late. Nobody called! Why?") == ["It came late.", "Nobody called!", "Why?"]
    assert segment.split_sentences("Kurier się spóźnił… Czekałam cały dzień.") == ["Kurier się spóźnił…", "Czekałam cały dzień."]
    assert segment.split_sentences("Курьер опоздал. Никто не позвонил.") == ["Курьер опоздал.", "Никто не позвонил."]


def test_chunking_keeps_short_text_and_packs_long_text():
    assert segment.chunk_text("Short one.", 50) == ["Short one."]
    text = "First sentence is here. Second sentence is here. Third sentence is here."
    chunks = segment.chunk_text(text, 50)
    assert chunks == ["First sentence is here. Second sentence is here.", "Third sentence is here."]
    assert " ".join(chunks) == text


def _records():
    return pd.DataFrame({"doc_id": ["d1", "d2"], "record_index": [0, 1], "role": ["customer", "agent"],
                         "text": ["A. " * 200, "Hello there."]})


def test_segment_stage_ids_are_stable_and_content_based():
    ctx = Context(cfg=load_config(overrides={"segment": {"max_chars": 100}}))
    a = segment.run(_records(), ctx)
    b = segment.run(_records(), ctx)
    assert a["segment_id"].tolist() == b["segment_id"].tolist()
    assert a["segment_id"].is_unique
    assert (a["doc_id"] == "d1").sum() > 1 and a.loc[a["doc_id"] == "d1", "chunk_index"].tolist()[:2] == [0, 1]
    assert a["is_customer"].tolist().count(False) == 1
    # the id depends on the text and the position, not on row order
    rev = segment.run(_records().iloc[::-1].reset_index(drop=True), ctx)
    assert set(rev["segment_id"]) == set(a["segment_id"])
    changed = _records()
    changed.loc[1, "text"] = "Hello there!"
    assert segment.run(changed, ctx)["segment_id"].iloc[-1] != a["segment_id"].iloc[-1]
