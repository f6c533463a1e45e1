"""Per-segment (persona) outputs beyond the HTML filter: every static output names each segment's top pain
point, question and request per stage; the workbook carries the per-segment map and the round's changes."""

import pandas as pd

from pipeline.report._export import flat_map, per_segment_table, render_map_md, write_xlsx
from pipeline.report._model import build_view
from pipeline.stages import synthesize

from test_report import MODEL, _ctx, _table


def _view():
    seg = _table()
    ctx = _ctx()
    synthesize.run(seg, ctx)
    return build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)


def test_a_segment_that_only_asks_shows_its_question_in_every_static_output(tmp_path):
    # segment b asks "Delivery cost?" at Buy and complains of nothing there: the map had shown it nothing
    view = _view()
    b_buy = view["per_segment"][1]["cells"][0]
    assert b_buy["top"]["pain_point"] is None and b_buy["top"]["request"] is None
    assert {k: b_buy["top"]["question"][k] for k in ("theme_id", "label", "n", "docs")} == \
        {"theme_id": 2, "label": "Delivery cost?", "n": 1, "docs": 1}
    assert b_buy["top"]["question"]["quote"]["id"] == "s5" and b_buy["thin"]
    md = render_map_md(view)
    assert "**thin**: fewer than 2 documents (`[report] thin_evidence`)" in md
    section = md.split("### b — 2 documents, 3 segments", 1)[1].split("\n## ", 1)[0]
    assert "| Buy | 1 (1) **thin** | 0 | — | — | Delivery cost? (1 seg in 1 doc(s); quote `s5`) | — |" in section
    flat = flat_map(view)
    row = flat[(flat["segment"] == "b") & (flat["row"] == "segment: question")].iloc[0]
    assert (row["stage"], row["label"], row["segments"], row["documents"], row["detail"]) == \
        ("buy", "Delivery cost?", 1, 1, "quote s5")
    table = per_segment_table(view)
    b = table[(table["segment"] == "b") & (table["stage"] == "buy")].iloc[0]
    assert (b["top_question"], b["question_quote_id"], b["top_pain_point"], b["thin"]) == ("Delivery cost?", "s5", "", True)


def test_per_segment_cells_count_a_theme_without_its_duplicates_and_carry_the_emotion_mix():
    view = _view()
    # b's two segments at Get are one customer's complaint and its duplicate: a theme of one segment, as the theme counts
    b_get = view["per_segment"][1]["cells"][1]
    assert (b_get["n"], b_get["top"]["pain_point"]["n"], b_get["top"]["pain_point"]["quote"]["id"]) == (2, 1, "s2")
    a_get = view["per_segment"][0]["cells"][1]
    assert [(e["name"], e["share"]) for e in a_get["emotions"]] == [("frustration", 1.0), ("anger", 0.5)]
    assert a_get["top"]["pain_point"]["quote"]["id"] == "s0"  # the theme's most central quote


def test_workbook_has_a_per_segment_sheet_and_the_round_changes(tmp_path):
    from openpyxl import load_workbook

    from pipeline.report import safe_cell

    view = _view()
    changes = pd.DataFrame({"theme_id": [2], "kind": ["question"], "label": ["=Delivery cost?"], "status": ["new"]})
    path = tmp_path / "map.xlsx"
    write_xlsx(path, view, flat_map(view), [], pd.DataFrame({"theme_id": [0]}), safe_cell, changes=changes)
    wb = load_workbook(path)
    assert {"per segment", "changes"} <= set(wb.sheetnames)
    rows = list(wb["per segment"].values)
    head = rows[0]
    b_buy = dict(zip(head, next(r for r in rows[1:] if r[0] == "b" and r[1] == "buy")))
    assert (b_buy["top_question"], b_buy["question_documents"], b_buy["question_quote_id"]) == ("Delivery cost?", 1, "s5")
    assert list(wb["changes"].values)[1][2] == "'=Delivery cost?"  # formula-safe like every sheet
    path2 = tmp_path / "map2.xlsx"
    write_xlsx(path2, view, flat_map(view), [], pd.DataFrame({"theme_id": [0]}), safe_cell)
    assert "changes" not in load_workbook(path2).sheetnames


def test_the_summary_and_what_the_map_leaves_out_follow_a_segment_filter(tmp_path):
    """Under a Segment filter the summary had still read the whole corpus's "(chat 3, review 5, social 2 …)"."""
    from test_browser import CHROMIUM, Browser

    from pipeline.report import render_map_html
    from pipeline.report._model import build_data

    if CHROMIUM is None:
        import pytest

        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    seg = _table()
    seg["role"] = ["customer"] * (len(seg) - 1) + ["agent"]   # the agent's turn is in a document of segment a
    ctx = _ctx()
    synthesize.run(seg, ctx)
    view = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)
    page = tmp_path / "map.html"
    page.write_text(render_map_html(view, {**build_data(seg, view, MODEL), "volKinds": ["pain_point", "question"]}),
                    encoding="utf-8")
    b = Browser()
    try:
        b.open(page)
        read = "(() => ['mix', 'notmap'].map(k => document.querySelector('[data-dyn=\"' + k + '\"]').textContent.replace(/\\n/g, ''))" \
               ".concat([document.querySelector('[data-k=\"tot.other\"]').textContent]))()"
        printed = b.eval(read)
        assert printed[0] == "chat 3, review 5, social 2; languages en 7, pl 2, ru 1" and printed[2] == "1"
        pick = "(() => { const s = document.querySelector('select[data-key=f0]'); s.value = '%s'; s.dispatchEvent(new Event('change')); })()"
        b.eval(pick % "1")   # segment b: d3 (a complaint and its duplicate) and d5
        mix, notmap, other = b.eval(read)
        assert mix == "review 2, social 1; languages en 3" and other == "0"
        assert notmap.startswith("0 customer segments not mapped") and "1 duplicate customer segments" in notmap \
            and "0 non-customer turns excluded" in notmap
        b.eval(pick % "0")   # segment a: the agent's turn is of its documents
        assert b.eval(read)[2] == "1" and "1 non-customer turns excluded: agent 1" in b.eval(read)[1]
        b.eval("document.getElementById('reset').click()")
        assert b.eval(read) == printed
        assert b.problems() == []
    finally:
        b.close()


def test_e_mails_among_chats_get_their_own_evidence_column():
    """Ingest reads an e-mail thread as a conversation (source chat, channel email): the Evidence table had no
    e-mail column, its messages counted as chat."""
    from pipeline.report._model import build_data, source_labels

    seg = _table()
    seg.loc[seg["source_type"] == "chat", "channel"] = ["email", "web_chat", "web_chat"]
    ctx = _ctx()
    synthesize.run(seg, ctx)
    view = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)
    ev = view["evidence"]
    assert ev["source_list"] == ["chat · email", "chat · web_chat", "review", "social"]
    assert ev["sources"] == {"chat · email": 1, "chat · web_chat": 2, "review": 5, "social": 2}
    get = next(r for r in ev["matrix"] if r["id"] == "get")
    assert [(c["source"], c["n"], c["docs"]) for c in get["cells"]][:2] == [("chat · email", 1, 1), ("chat · web_chat", 0, 0)]
    md = render_map_md(view)
    assert "| Stage | chat · email | chat · web\\_chat | review | social | All | Gaps |" in md
    assert "chat · email 1" in md.split("## Get", 1)[1].split("### ", 1)[0]   # the stage's evidence line
    data = build_data(seg, view, MODEL)
    assert data["dict"]["ch"] == ev["source_list"] and data["dict"]["src"] == ["chat", "review", "social"]
    # one channel per source type: the source type alone, as before
    assert source_labels(_table()).unique().tolist() == ["review", "chat", "social"]
