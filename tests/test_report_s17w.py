"""A theme listed at a stage besides its own (8ecb7d2: a fifth of its members there, from 2+ documents) counts
its members AT that stage in every output of the stage's cell (Markdown, the HTML printed and redrawn, CSV, XLSX,
JSON), and its whole size where it is described on its own; the content plan plans it once, at its own stage.

The hand-made table of test_report, plus two "Late courier" complaints at Buy (theme 0 is placed at Get, where 3
of its 5 members sit): the Buy cell had read "5 seg" and the content plan had listed the theme at Buy and Get."""

import pandas as pd

from pipeline.report import content_plan, render_faq_md, render_map_html, render_map_md, safe_cell
from pipeline.report._export import _grid, flat_map, write_xlsx
from pipeline.report._model import build_data, build_view
from pipeline.stages import synthesize

from test_report import MODEL, _ctx, _table


def _seg() -> pd.DataFrame:
    seg = _table()
    extra = seg.iloc[[0, 0]].assign(segment_id=["x1", "x2"], doc_id=["d10", "d11"], stage="buy", lang=["en", "pl"],
                                     text=["courier late again", "kurier spóźniony"], need="")
    return pd.concat([seg, extra], ignore_index=True)


def _view():
    seg = _seg()
    ctx = _ctx()
    synthesize.run(seg, ctx)
    return seg, build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)


def _item(view, stage, key, tid):
    return next(t for t in next(s for s in view["stages"] if s["id"] == stage)[key] if t["theme_id"] == tid)


def test_the_view_lists_the_theme_at_both_stages_with_its_count_there():
    _, view = _view()
    late = view["themes"][0]
    assert (late["stage"], late["size"], late["n_docs"]) == ("get", 5, 5)
    assert (_item(view, "buy", "pain_points", 0)["stage_n"], _item(view, "buy", "pain_points", 0)["stage_docs"]) == (2, 2)
    assert (_item(view, "get", "pain_points", 0)["stage_n"], _item(view, "get", "pain_points", 0)["stage_docs"]) == (3, 3)
    buy = view["stages"][0]
    assert [o["stage_n"] for o in buy["opportunities"]] == [t["stage_n"] for t in buy["pain_points"]]


def test_markdown_prints_the_count_at_the_stage_and_the_whole_theme_where_it_stands_alone():
    _, view = _view()
    md = render_map_md(view)
    buy = md.split("## Buy —", 1)[1].split("\n## ", 1)[0]
    get = md.split("## Get —", 1)[1].split("\n## ", 1)[0]
    assert "**Late courier** — priority " in buy and "2 of 5 segments here (placed at Get), in 2 documents" in buy
    assert "3 of 5 segments here, in 3 documents" in get and "placed at" not in get
    assert not [line for line in (buy + get).splitlines() if "Late courier" in line and "5 segments in" in line]
    glance = md.split("## At a glance", 1)[1].split("\n## ", 1)[0]
    assert "| Buy |" in glance and "Late courier (2 seg, priority " in glance
    top = md.split("## Highest-priority pain points", 1)[1].split("\n## ", 1)[0]
    assert "**Late courier** — priority " in top and "5 segments in 5 documents" in top


def test_csv_and_workbook_count_the_members_at_the_stage(tmp_path):
    from openpyxl import load_workbook

    _, view = _view()
    flat = flat_map(view)
    rows = flat[(flat["row"] == "pain_point") & (flat["theme_id"] == 0)]
    assert [(r.stage, r.segments, r.documents) for r in rows.itertuples()] == [("buy", 2, 2), ("get", 3, 3)]
    grid = _grid(view)
    pains = next(r for r in grid if r[0] == "Pain points & barriers")
    assert "• Late courier (2 · P " in pains[1] and "• Late courier (3 · P " in pains[2]
    path = tmp_path / "map.xlsx"
    write_xlsx(path, view, flat, content_plan(view), pd.DataFrame({"theme_id": [0]}), safe_cell)
    items = list(load_workbook(path)["items"].values)
    head = items[0]
    got = [(r[head.index("stage")], r[head.index("segments")]) for r in items[1:]
           if r[head.index("row")] == "pain_point" and r[head.index("theme_id")] == 0]
    assert got == [("buy", 2), ("get", 3)]


def test_the_content_plan_plans_a_theme_once_at_its_own_stage():
    _, view = _view()
    plan = content_plan(view)
    ids = [c["theme_id"] for c in plan]
    assert len(ids) == len(set(ids))
    late = next(c for c in plan if c["theme_id"] == 0)
    assert (late["stage"], late["n"]) == ("get", 5)
    faq = render_faq_md(view, plan)
    assert faq.count("Explain / prevent: Late courier") == 1
    assert "Explain / prevent: Late courier" in faq.split("### Get —", 1)[1]


def test_html_prints_the_count_at_the_stage_and_the_script_redraws_it(tmp_path):
    from test_browser import SNAPSHOT, opened

    seg, view = _view()
    html = render_map_html(view, {**build_data(seg, view, MODEL), "volKinds": ["pain_point", "question"]})
    assert 'data-k="t0@0.n" data-q="t=0&amp;s=0" data-title="Late courier · Buy">2</button>' in html
    assert 'data-k="t0@1.n" data-q="t=0&amp;s=1" data-title="Late courier · Get">3</button>' in html
    assert ' · of <span data-k="t0.n">5</span> (placed at Get)' in html
    with opened(html, tmp_path) as b:
        printed = b.eval(SNAPSHOT)
        b.eval("window.qsynth.apply()")
        redrawn = b.eval(SNAPSHOT)
        assert {k: (printed[k], redrawn.get(k)) for k in printed if printed[k] != redrawn.get(k)} == {}
        read = "(() => ['t0@0.n', 't0@0.docs', 't0@1.n', 't0.n'].map(k => document.querySelector('[data-k=\"' + k + '\"]')" \
               ".textContent).concat([document.querySelector('[data-box=\"pp:0\"] li[data-t=\"0\"]').hidden]))()"
        assert b.eval(read) == ["2", "2", "3", "5", False]
        lang = "(() => { const s = document.querySelector('select[data-key=lang]'); s.value = '%s'; s.dispatchEvent(new Event('change')); })()"
        b.eval(lang % "1")   # Polish: x2 at Buy, d2 at Get
        assert b.eval(read) == ["1", "1", "1", "2", False]
        b.eval(lang % "2")   # Russian: none of the theme
        assert b.eval(read)[-1] is True
        b.eval("document.getElementById('reset').click()")
        assert b.eval(SNAPSHOT) == printed
        # the count opens the members at the stage
        b.eval("document.querySelector('[data-k=\"t0@0.n\"]').click()")
        assert b.eval("document.querySelectorAll('#dr-list li').length") == 2
        assert b.problems() == []
