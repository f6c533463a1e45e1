"""Per-segment rows and filter values read in order: an NPS score's 0 … 10, not "0, 1, 10, 2"."""

import pandas as pd

from pipeline.report._model import _per_segment, natural_order


def test_numbers_sort_by_value_before_words():
    assert natural_order({"10", "2", "0", "1", "nan", "passive", "detractor"}) == [
        "0", "1", "2", "10", "detractor", "nan", "passive"]


def test_per_segment_rows_of_an_nps_score_run_from_0_to_10():
    from pipeline.journey import load_stage_model

    model = load_stage_model("default")
    scores = ["10", "2", "0", "9", "1"]
    cust = pd.DataFrame({"meta_nps": scores, "stage": model.stages[0].id, "doc_id": [f"d{i}" for i in range(5)],
                         "sentiment": "neutral", "sentiment_score": 0.0, "kind": "other", "theme_id": -1,
                         "segment_id": [f"s{i}" for i in range(5)], "source_type": "survey", "emotions": "",
                         "touchpoints": "", "drop_off": False})
    rows = _per_segment(cust, "meta_nps", model, {})
    assert [r["segment"] for r in rows] == ["0", "1", "2", "9", "10"]
