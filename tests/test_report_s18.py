"""A stage's cell ranks its pain points by their priority AT the stage (members there x negativity x the reach of
their documents), and prints that priority, in every output of the cell (Markdown, the HTML printed and redrawn by
the map's script, the CSV grid). Before, a big theme placed elsewhere with two of its members at the stage
outranked a problem all of whose members sit there, by the whole theme's priority.

The table of test_report_s17w ("Late courier": placed at Get, 2 of its 5 members at Buy) plus two more customers
unsure about instalments at Buy: three members, all at Buy."""

import pandas as pd
import pytest

from pipeline.report import render_map_html, render_map_md
from pipeline.report._export import flat_map
from pipeline.report._model import build_data, build_view
from pipeline.stages import synthesize

from test_report import MODEL, _ctx
from test_report_s17w import _seg


def _view():
    seg = _seg()
    unsure = seg[seg["theme_id"] == 1]
    more = unsure.iloc[[0, 0]].assign(segment_id=["u1", "u2"], doc_id=["d12", "d13"], text=["raty?", "instalments??"])
    seg = pd.concat([seg, more], ignore_index=True)
    ctx = _ctx()
    synthesize.run(seg, ctx)
    return seg, build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)


def _buy(view):
    return next(s for s in view["stages"] if s["id"] == "buy")


def test_the_buy_cell_ranks_by_the_priority_at_buy():
    _, view = _view()
    late, unsure = view["themes"][0], view["themes"][1]
    assert late["priority"] > unsure["priority"]          # the whole theme outranks ...
    cell = _buy(view)["pain_points"]
    assert [t["theme_id"] for t in cell] == [1, 0]         # ... but at Buy the problem that sits there comes first
    at = {t["theme_id"]: t["stage_priority"] for t in cell}
    assert at[1] == pytest.approx(unsure["priority"])      # all its members are here
    assert at[0] == pytest.approx(late["priority"] * 2 / late["size"] * 2 / late["n_docs"])


def test_markdown_and_csv_print_the_priority_at_the_stage():
    _, view = _view()
    late = view["themes"][0]
    md = render_map_md(view)
    buy = md.split("## Buy —", 1)[1].split("\n## ", 1)[0]
    first, second = [line for line in buy.splitlines() if line.startswith(("1. ", "2. "))][:2]
    assert "Unsure about instalments" in first and "Late courier" in second
    here = _buy(view)["pain_points"][1]["stage_priority"]
    assert f"priority {here:.1f} here ({late['priority']:.1f} for the whole theme)" in second
    glance = md.split("## At a glance", 1)[1].split("\n## ", 1)[0]
    assert "| Buy |" in glance and "Unsure about instalments (3 seg, priority " in glance
    rows = flat_map(view)
    ranked = rows[(rows["stage"] == "buy") & (rows["row"] == "pain_point")]
    assert ranked["label"].tolist() == ["Unsure about instalments", "Late courier"]
    assert ranked["value"].iloc[1] == pytest.approx(round(here, 2))


def test_html_prints_the_priority_at_the_stage_and_the_script_redraws_it(tmp_path):
    from test_browser import SNAPSHOT, opened

    seg, view = _view()
    html = render_map_html(view, {**build_data(seg, view, MODEL), "volKinds": ["pain_point", "question"]})
    here = _buy(view)["pain_points"][1]["stage_priority"]
    assert f'<b data-k="t0@0.pri">{here:.1f}</b>' in html
    with opened(html, tmp_path) as b:
        printed = b.eval(SNAPSHOT)
        b.eval("window.qsynth.apply()")
        assert b.eval(SNAPSHOT) == printed
        order = "[...document.querySelectorAll('[data-box=\"pp:0\"] li[data-t]')].map(li => li.getAttribute('data-t'))"
        assert b.eval(order) == ["1", "0"]
        assert b.eval("document.querySelector('[data-k=\"t0@0.pri\"]').textContent") == f"{here:.1f}"
        assert b.problems() == []


def test_documents_without_the_segment_column_but_with_another_persona_column_are_named(monkeypatch):
    """A game's reviews carry `segment`, its Helpshift chats "Player Segment": the chats were in neither persona's
    map, silently."""
    seg = _seg()
    chats = seg["doc_id"].isin(["d1", "d2", "d3"])
    seg["meta_segment"] = ["free" if i % 2 else "paying" for i in range(len(seg))]
    seg.loc[chats, "meta_segment"] = ""
    seg["meta_player_segment"] = ""
    seg.loc[chats, "meta_player_segment"] = "whale"
    ctx = _ctx()
    synthesize.run(seg, ctx)
    with pytest.warns(UserWarning, match=r"3 customer documents have no value in \[report\] segment_column = "
                                         r"'meta_segment'.*3 of them have one in 'meta_player_segment'.*"
                                         r"\[ingest.meta_rename\] player_segment = \"segment\""):
        view = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)
    assert {p["segment"] for p in view["per_segment"]} == {"free", "paying"}


def test_no_warning_when_every_document_has_a_segment(recwarn):
    seg = _seg()
    seg["meta_segment"] = ["free" if i % 2 else "paying" for i in range(len(seg))]
    seg["meta_player_segment"] = "whale"
    ctx = _ctx()
    synthesize.run(seg, ctx)
    build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)
    assert not [w for w in recwarn if "segment_column" in str(w.message)]
