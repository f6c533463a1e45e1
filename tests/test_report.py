"""Outputs: escaping, formula neutralisation, quotes with sources on every pain point and question."""

import json
import re

import pandas as pd

from pipeline.api import run_pipeline
from pipeline.report import safe_cell
from pipeline.report._model import source_ref


def test_safe_cell_neutralises_formulas():
    assert [safe_cell(v) for v in ["=1+1", "+48 601", "-x", "@SUM(A1)", "ok", 3]] == ["'=1+1", "'+48 601", "'-x", "'@SUM(A1)", "ok", 3]


def test_source_ref_names_file_speaker_and_line_or_time():
    assert source_ref({"source_file": "i/p1.txt", "speaker": "Customer 1", "line": 14, "media_time": ""}) == "i/p1.txt · Customer 1 · line 14"
    assert "[00:03:41]" in source_ref({"source_file": "i/p6.txt", "speaker": "C", "line": 3, "media_time": "00:03:41"})


def test_map_items_carry_quotes_and_hostile_text_is_escaped(tiny_corpus, fast_overrides, tmp_path):
    with open(tiny_corpus / "reviews" / "reviews.csv", "a", encoding="utf-8") as f:
        f.write('R-9,2026-06-09,Google,Sofa Lento,1,<script>alert(1)</script>,"=HYPERLINK(""http://x"") The courier was late and <b>nobody</b> called.",\n')
    out = tmp_path / "out"
    res = run_pipeline(tiny_corpus, out=out, overrides=fast_overrides)
    html = (out / "journey_map.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>nobody</b>" not in html
    # no external resources: the file opens offline
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    seg = pd.read_csv(out / "segments.csv", dtype=str, keep_default_na=False)
    assert not seg["text"].str.startswith("=").any()
    view = json.loads((out / "journey_map.json").read_text(encoding="utf-8"))["view"]
    shown = [t for s in view["stages"] for t in s["pain_points"] + s["questions"]]
    assert shown, "the tiny corpus should yield at least one pain point or question theme"
    for t in shown:
        assert t["quotes"] and all(q["ref"] and q["text"] for q in t["quotes"])
    assert [s["id"] for s in view["stages"]] == res.ctx.artifacts["stage_model"].ids
