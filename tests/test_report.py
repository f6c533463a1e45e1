"""Outputs: the synthesis numbers, formatting shared with the browser, escaping, formula
neutralisation, FAQ reading and coverage, the content plan, and quotes with sources on every
pain point and question."""

import json
import re

import pandas as pd
import pytest

from pipeline.api import run_pipeline
from pipeline.config import load_config
from pipeline.errors import InputError
from pipeline.journey import Stage, StageModel
from pipeline.report import md, safe_cell, safe_frame
from pipeline.report._faq import faq_coverage, read_faq
from pipeline.report._model import clip, fmt_num, fmt_pct, fmt_signed, half_up, source_ref
from pipeline.runner import Context
from pipeline.stages import synthesize

from conftest import FAST


def test_safe_cell_neutralises_formulas():
    assert [safe_cell(v) for v in ["=1+1", "+48 601", "-x", "@SUM(A1)", "ok", 3]] == ["'=1+1", "'+48 601", "'-x", "'@SUM(A1)", "ok", 3]
    # hidden behind spaces, tabs or line breaks, or in full-width forms
    assert [safe_cell(v) for v in [" =1+1", "\t=1", "\n=1", "＝1+1"]] == ["' =1+1", "'\t=1", "'\n=1", "'＝1+1"]
    # control characters that make XLSX unreadable are dropped
    assert safe_cell("a\x01b\x0bc") == "abc"
    frame = safe_frame(pd.DataFrame({"t": ["=x", "y"], "n": [-1.5, 2.0]}))
    assert frame["t"].tolist() == ["'=x", "y"] and frame["n"].tolist() == [-1.5, 2.0]


def test_source_ref_names_file_speaker_and_line_or_time():
    assert source_ref({"source_file": "i/p1.txt", "speaker": "Customer 1", "line": 14, "media_time": ""}) == "i/p1.txt · Customer 1 · line 14"
    assert "[00:03:41]" in source_ref({"source_file": "i/p6.txt", "speaker": "C", "line": 3, "media_time": "00:03:41"})
    assert source_ref({"source_file": "r.json", "speaker": "", "line": None, "record_index": 4, "timestamp": "2026-06-01T10:00:00Z"}) \
        == "r.json · record 5 · 2026-06-01"
    # ingest's own number of a JSON record (a reply before it does not shift it)
    assert source_ref({"source_file": "r.json", "speaker": "", "line": None, "record_no": 3, "record_index": 4}) \
        == "r.json · record 3"


def test_number_formatting_rounds_half_away_from_zero_like_the_browser():
    # Python's round() would give 12 and 0.12; the map's script rounds half away from zero, and so do we
    assert fmt_num(12.5) == "13" and fmt_num(0.125, 2) == "0.13" and fmt_pct(0.125) == "13%"
    assert fmt_signed(-3.5) == "\u22124" and fmt_signed(2.25, 1) == "+2.3" and fmt_signed(0.2) == "0"
    assert fmt_signed(-0.4) == "0"  # no "-0"
    assert fmt_num(None) == "–" and fmt_pct(float("nan")) == "–"
    assert half_up(2.675, 2) == 2.68  # float noise (2.67499999...) does not flip the result
    assert clip("word " * 200, 20) == "word word word word…" and clip("short", 20) == "short"


def test_markdown_escaping():
    assert md("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>"
    assert md("[x](javascript:alert(1)) ![i](u) a|b #h *b* _i_") == \
        "\\[x\\](javascript:alert(1)) \\!\\[i\\](u) a\\|b \\#h \\*b\\* \\_i\\_"
    assert md("a & b\nc &lt;x") == "a & b c &amp;lt;x"


# -- synthesis numbers on a hand-made table ----------------------------------------------------
MODEL = StageModel(name="test", source="", stages=[
    Stage(id="buy", name="Buy", phase="before", description="Choosing and paying.", needs="pay easily"),
    Stage(id="get", name="Get", phase="during", description="Delivery.", needs="get it on time"),
    Stage(id="use", name="Use", phase="after", description="Using it.", needs="lasting value"),
])


def _table() -> pd.DataFrame:
    rows = [
        # doc, stage, kind, theme, score, emotions, touchpoints, drop, dup, barrier, source, lang, segment
        ("d1", "get", "pain_point", 0, -0.8, "frustration;anger", "delivery", False, False, "company", "review", "en", "a"),
        ("d2", "get", "pain_point", 0, -0.6, "frustration", "delivery;phone", True, False, "company", "chat", "pl", "a"),
        ("d3", "get", "pain_point", 0, 0.0, "neutral", "delivery", False, False, "company", "review", "en", "b"),
        ("d3", "get", "pain_point", 0, -0.9, "frustration", "delivery", False, True, "company", "review", "en", "b"),
        ("d4", "buy", "pain_point", 1, -0.5, "uncertainty", "checkout", False, False, "customer", "chat", "en", "a"),
        ("d5", "buy", "question", 2, 0.0, "neutral", "website", False, False, "", "social", "en", "b"),
        ("d6", "buy", "question", 2, 0.1, "neutral", "website", False, False, "", "social", "pl", ""),
        ("d7", "use", "praise", 3, 0.9, "joy", "", False, False, "", "review", "en", "a"),
        ("d8", "use", "other", -1, None, "", "", False, False, "", "review", "en", "a"),
        ("d9", "unmapped", "other", -1, 0.0, "", "", False, False, "", "chat", "ru", ""),
    ]
    df = pd.DataFrame(rows, columns=["doc_id", "stage", "kind", "theme_id", "sentiment_score", "emotions", "touchpoints",
                                     "drop_off", "is_duplicate", "barrier", "source_type", "lang", "meta_segment"])
    df.insert(0, "segment_id", [f"s{i}" for i in range(len(df))])
    # the label decides the shares, the score the means: d6's 0.1 is a neutral question, not a positive one
    df["sentiment"] = ["negative", "negative", "neutral", "negative", "negative", "neutral", "neutral", "positive", "",
                       "neutral"]
    df["is_customer"] = True
    df["channel"] = df["source_type"]
    df["published_on"] = df["source_type"].map({"review": "review_sites", "social": "social"}).fillna("")
    df["text"] = [f"text {i}" for i in range(len(df))]
    # a need stated at "get" (and its duplicate, counted with the stage but never quoted twice)
    df["need"] = ["I needed it by Friday.", "", "", "I needed it by Friday.", "", "", "", "", "", ""]
    agent = df.iloc[[0]].assign(segment_id="agent", is_customer=False, doc_id="d1", text="agent turn", kind="other", theme_id=-1, need="")
    return pd.concat([df, agent], ignore_index=True)


def _themes() -> pd.DataFrame:
    return pd.DataFrame({"theme_id": [0, 1, 2, 3], "kind": ["pain_point", "pain_point", "question", "praise"],
                         "label": ["Late courier", "Unsure about instalments", "Delivery cost?", "Comfy"],
                         "label_lang": "en", "gloss_en": "", "key_phrases": "", "quote_ids": ["s0;s1", "s4", "s5", "s7"],
                         "stage": ["get", "buy", "buy", "use"]})


def _ctx(tmp_path=None, **report):
    cfg = load_config(overrides={**{k: dict(v) for k, v in FAST.items()}, "report": {"thin_evidence": 2, **report}})
    return Context(cfg=cfg, corpus=tmp_path, out=None, artifacts={"stage_model": MODEL, "themes": _themes()})


def test_synthesis_numbers_follow_the_stated_formulas():
    seg = _table()
    ctx = _ctx()
    out = synthesize.run(seg, ctx)
    pd.testing.assert_frame_equal(out, seg)  # adds nothing to the table
    themes = ctx.artifacts["themes"].set_index("theme_id")
    late = themes.loc[0]
    # 3 customer segments (the duplicate is excluded), 2 of 3 negative, in 3 of 9 customer documents
    assert (late["size"], late["duplicates"], late["n_docs"]) == (3, 1, 3)
    assert late["negative_share"] == pytest.approx(2 / 3) and late["share_docs"] == pytest.approx(3 / 9)
    assert late["priority"] == pytest.approx(3 * (2 / 3) * (3 / 9) * 100)
    assert late["content_priority"] == pytest.approx(3 * (3 / 9) * (1 + 2 / 3) * 100)
    assert late["barrier"] == "company" and late["drop_offs"] == 1
    assert themes.loc[1, "priority"] == pytest.approx(1 * 1.0 * (1 / 9) * 100)
    assert themes.loc[1, "barrier"] == "customer"
    # with no negative segment, negativity is floored at 0.1
    assert themes.loc[2, "priority"] == pytest.approx(2 * 0.1 * (2 / 9) * 100)
    syn = ctx.artifacts["synthesis"]
    get = syn["stages"][1]
    assert get["id"] == "get" and get["n_segments"] == 4 and get["n_docs"] == 3
    assert (get["n_needs"], get["n_need_docs"], get["need_ids"]) == (2, 2, ["s0"])
    assert syn["stages"][0]["n_needs"] == 0 and syn["stages"][0]["need_ids"] == []
    assert get["net_sentiment"] == pytest.approx((0 - 3 / 4) * 100)
    assert get["emotions"][0] == ("frustration", 0.75) and get["touchpoints"][:2] == [("delivery", 4), ("phone", 1)]
    assert get["pain_points"] == [0] and syn["stages"][0]["pain_points"] == [1] and syn["stages"][0]["questions"] == [2]
    assert syn["stages"][2]["sentiment_mean"] == pytest.approx(0.9)  # the missing score is not a zero
    # shares count labels: the neutral question scored 0.1 is not a positive segment
    buy = syn["stages"][0]
    assert (buy["positive_share"], buy["negative_share"]) == (0.0, pytest.approx(1 / 3))
    assert buy["net_sentiment"] == pytest.approx(-100 / 3) and buy["sentiment_mean"] == pytest.approx(-0.4 / 3)
    # thin evidence: fewer than 2 documents, or a single source type
    assert syn["stages"][2]["gaps"] == ["one source type only (review)"]
    # ... but a single source type is no gap when the whole corpus has one (a round of interviews)
    from pipeline.stages.synthesize import stage_stats

    reviews = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "source_type": "review", "sentiment_score": [0.5, -0.5, 0.1],
                            "sentiment": ["positive", "negative", "neutral"], "emotions": "", "touchpoints": "",
                            "drop_off": False, "segment_id": ["a", "b", "c"]})
    assert stage_stats(reviews, 2, corpus_sources=2)["gaps"] == ["one source type only (review)"]
    assert stage_stats(reviews, 2, corpus_sources=1)["gaps"] == []
    # moments of truth: stage x touchpoint cells with >= 3 segments, never 'unmapped'
    assert [(m["stage"], m["touchpoint"], m["n"], m["drop_offs"]) for m in syn["moments_of_truth"]] == [("get", "delivery", 4, 1)]
    assert syn["moments_of_truth"][0]["score"] == pytest.approx(4 * ((0.8 + 0.6 + 0 + 0.9) / 4) * 2)


def test_view_content_plan_and_renderings_on_the_hand_made_table(tmp_path):
    from pipeline.report import content_plan, render_faq_md, render_map_html, render_map_md
    from pipeline.report._model import build_data, build_view

    seg = _table()
    ctx = _ctx()
    synthesize.run(seg, ctx)
    view = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)
    assert [s["id"] for s in view["stages"]] == ["buy", "get", "use"]
    assert [p["name"] for p in view["phases"]] == ["before", "during", "after"]
    assert view["top_pains"] == [0, 1]
    assert view["evidence"]["non_customer_segments"] == 1 and view["evidence"]["docs"] == 9
    get = view["stages"][1]
    assert get["opportunities"][0]["text"].startswith("Fix or explain “Late courier”")
    assert view["stages"][0]["opportunities"][0]["text"].startswith("Help customers past")  # customer-side barrier
    assert view["per_segment"] and [p["segment"] for p in view["per_segment"]] == ["a", "b"]
    # a persona's cell resting on fewer than thin_evidence (2) documents says so: its net is one person
    a_buy, a_get = view["per_segment"][0]["cells"][:2]
    assert (a_buy["n_docs"], a_buy["thin"], a_get["n_docs"], a_get["thin"]) == (1, True, 2, False)
    assert [f["key"] for f in view["filters"]] == ["f0", "src", "lang"] and view["filters"][0]["values"] == ["a", "b"]
    no_seg = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, _ctx(segment_column="").cfg)
    assert no_seg["per_segment"] == [] and [f["key"] for f in no_seg["filters"]] == ["src", "lang"]
    plan = content_plan(view)
    assert [(c["stage"], c["kind"]) for c in plan][:2] == [("buy", "question"), ("buy", "pain_point")]
    assert all("× 100 =" in c["why"] and c["quotes"] for c in plan)
    data = build_data(seg, view, MODEL)
    assert len(data["rows"]["st"]) == 10  # customer segments only
    assert data["rows"]["ss"][8] is None and data["rows"]["ss"][0] == -8000
    html = render_map_html(view, {**data, "volKinds": ["pain_point", "question"]})
    assert ">Late courier<" in html and "Goals &amp; needs" in html
    md_map = render_map_md(view)
    assert "## Get — purchase & delivery" in md_map and "**Late courier**" in md_map and "priority 66.7" in md_map
    assert "### Delivery cost?" not in md_map
    assert "### a — 5 documents, 5 segments" in md_map
    assert "| Buy | 1 (1) **thin** | −100 | uncertainty 100% | Unsure about instalments (1 seg in 1 doc(s); quote `s4`) | — | — |" in md_map
    assert "### 1. Delivery cost?" in render_faq_md(view, plan)
    # the stage file's own phase headers ([phases]) replace the shop's "Purchase & delivery"
    import dataclasses
    gym = dataclasses.replace(MODEL, phase_labels={**MODEL.phase_labels, "during": "Joining & first weeks"})
    gym_view = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], gym, ctx.cfg)
    assert [p["label"] for p in gym_view["phases"]][1] == "Joining & first weeks"
    assert "## Get — joining & first weeks" in render_map_md(gym_view)
    assert ">Joining &amp; first weeks<" in render_map_html(gym_view, {**build_data(seg, gym_view, gym), "volKinds": ["pain_point"]})


def test_faq_variants_are_the_ways_of_asking_first():
    from pipeline.report._model import _variants

    quotes = [{"text": t} for t in ["Mostly the mattress. I never bought one without lying on it for ages.",
                                    "jak działa ten test materaca 100 nocy", "Jak działa ten test materaca 100 nocy?",
                                    "правда что матрас можно вернуть через 100 ночей?",
                                    "Hi, my bed frame came with a scratched leg"]]
    assert [q["text"] for q in _variants(quotes, n=3)] == [
        "jak działa ten test materaca 100 nocy", "правда что матрас можно вернуть через 100 ночей?",
        "Mostly the mattress. I never bought one without lying on it for ages."]


def test_emotions_table_counts_as_the_map_counts(tmp_path):
    from pipeline.report._export import emotions_table
    from pipeline.report._model import build_view

    seg = _table()
    seg["emo_frustration"] = seg["emotions"].str.contains("frustration").astype(float) * 0.8
    seg["emo_joy"] = seg["emotions"].str.contains("joy").astype(float) * 0.6
    ctx = _ctx()
    synthesize.run(seg, ctx)
    view = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)
    t = emotions_table(seg, view).set_index(["level", "group"])
    get = t.loc[("stage", "get")]
    # the stage's four segments, the duplicate included, as the map's column counts them
    assert (get["name"], get["n_segments"], get["sentiment_negative"]) == ("Get", 4, 0.75)
    assert get["share_frustration"] == 0.75 and get["intensity_frustration"] == pytest.approx(0.6)
    late = t.loc[("theme", "0")]   # the theme without its duplicate, as its size
    assert (late["name"], late["n_segments"]) == ("Late courier", 3)
    assert t.loc[("touchpoint", "phone"), "n_segments"] == 1
    # persona "a": five customer segments, of which d8 has no sentiment to summarise
    assert t.loc[("segment", "a"), "n_segments"] == 4 and t.loc[("document", "d3"), "n_segments"] == 2
    assert ("theme", "-1") not in t.index and ("stage", "get") in t.index


# -- the user's FAQ ------------------------------------------------------------------------------
def test_read_faq_markdown_styles(tmp_path):
    p = tmp_path / "faq.md"
    p.write_text("# FAQ\n\n## Delivery\n- How much does delivery cost?\n  99 zł.\n- **Can I pay in instalments?**\nYes.\n", encoding="utf-8")
    assert [(e["question"], e["answer"], e["line"]) for e in read_faq(p)] == [
        ("How much does delivery cost?", "99 zł.", 4), ("Can I pay in instalments?", "Yes.", 6)]
    p.write_text("# FAQ\n## Delivery costs\n99 zł\n## Returns\n30 days\n", encoding="utf-8")
    assert [e["question"] for e in read_faq(p)] == ["Delivery costs", "Returns"]
    p.write_text("Q: Gdzie jest moje zamówienie?\nA: Sprawdź status.\nВопрос: Сколько стоит доставка?\nОтвет: 99 zł\n", encoding="utf-8")
    assert [e["question"] for e in read_faq(p)] == ["Gdzie jest moje zamówienie?", "Сколько стоит доставка?"]


def test_read_faq_csv_and_errors(tmp_path):
    p = tmp_path / "faq.csv"
    p.write_text("Pytanie;Odpowiedź\nIle kosztuje dostawa?;99 zł\n;\nCzy mogę zwrócić?;Tak\n", encoding="utf-8")
    assert [(e["question"], e["answer"], e["line"]) for e in read_faq(p)] == [("Ile kosztuje dostawa?", "99 zł", 2),
                                                                             ("Czy mogę zwrócić?", "Tak", 4)]
    with pytest.raises(InputError, match="does not exist"):
        read_faq(tmp_path / "missing.md")
    (tmp_path / "faq.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unsupported extension '.pdf'"):
        read_faq(tmp_path / "faq.pdf")
    (tmp_path / "empty.md").write_text("# FAQ\nNothing here yet.\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no question"):
        read_faq(tmp_path / "empty.md")
    # relative paths in a corpus's qsynth.toml are looked up in the corpus folder
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "our_faq.md").write_text("## Is there a warranty?\nYes.\n", encoding="utf-8")
    assert read_faq("our_faq.md", corpus=tmp_path / "corpus")[0]["question"] == "Is there a warranty?"


def test_faq_coverage_matches_by_mutual_rank():
    from pipeline.embedders import get_embedder

    delivery = ["How much does delivery to Krakow cost?", "What does delivery cost to Gdansk?", "How much is delivery to Poznan?",
                "delivery cost to Warsaw how much?", "what is the delivery cost for a sofa?"]
    payment = ["Can I pay in instalments with a card?", "Do you accept instalments payment?", "Is paying in instalments possible?",
               "instalments for the bed, how does it work?"]
    # the rest of a corpus: remarks and other one-off questions (many start like an FAQ entry does)
    items, adjectives = ["sofa", "bed", "wardrobe", "chair", "desk", "lamp"], ["comfortable", "wobbly", "too dark", "lovely"]
    noise = [f"The {i} is {a}" for i in items for a in adjectives]
    noise += [f"Do you have the {i} in {c}?" for i in items for c in ("green", "grey")]
    texts = delivery + payment + noise
    seg = pd.DataFrame({"segment_id": [f"s{i}" for i in range(len(texts))], "text": texts, "is_customer": True,
                        "is_duplicate": False, "kind": ["question"] * 9 + ["other"] * len(noise),
                        "theme_id": [0] * 5 + [1] * 4 + [-1] * len(noise)})
    themes = pd.DataFrame({"theme_id": [0, 1], "kind": ["question", "question"]})
    emb = get_embedder("fake").embed(texts)
    entries = [{"question": "How much does delivery cost?", "answer": "99 zł to any city.", "line": 3},
               {"question": "Do you sell gift cards?", "answer": "Yes, in every showroom.", "line": 7}]
    cov = faq_coverage(seg, emb, themes, entries, _ctx())
    assert cov["themes"][0]["question"] == "How much does delivery cost?" and cov["themes"][0]["score"] >= 0.9
    assert cov["themes"][1] is None  # nobody asked about gift cards; the instalments theme stays uncovered
    assert [e["question"] for e in cov["unmatched"]] == ["Do you sell gift cards?"]
    assert cov["unmatched"][0]["related"] is None and "answer" not in cov["unmatched"][0]  # an answer may name staff
    # an FAQ that only has the generic entry covers nothing
    assert all(v is None for v in faq_coverage(seg, emb, themes, entries[1:], _ctx())["themes"].values())


def test_an_faq_entry_customers_complain_about_is_not_listed_as_not_asked():
    """No one asks how to get an App Store refund, but many complain they did not get one: the entry is
    'raised as a complaint', with the theme that raises it, not 'not asked in this corpus'."""
    from pipeline.embedders import get_embedder

    refunds = ["The App Store refund never arrived", "still no App Store refund after two weeks",
               "App Store refund denied for no reason", "I asked Apple for a refund of the App Store charge, nothing"]
    delivery = ["How much does delivery to Krakow cost?", "What does delivery cost to Gdansk?", "How much is delivery to Poznan?"]
    items, adjectives = ["sofa", "bed", "wardrobe", "chair", "desk", "lamp"], ["comfortable", "wobbly", "too dark", "lovely"]
    noise = [f"The {i} is {a}" for i in items for a in adjectives]
    texts = refunds + delivery + noise
    seg = pd.DataFrame({"segment_id": [f"s{i}" for i in range(len(texts))], "text": texts, "is_customer": True,
                        "kind": ["pain_point"] * 4 + ["question"] * 3 + ["other"] * len(noise),
                        "theme_id": [0] * 4 + [1] * 3 + [-1] * len(noise)})
    themes = pd.DataFrame({"theme_id": [0, 1], "kind": ["pain_point", "question"],
                           "label": ["The App Store refund never arrived", "How much does delivery to Krakow cost?"]})
    entries = [{"question": "How do I get an App Store refund?", "answer": "Write to anna@shop.example.", "line": 3},
               {"question": "Do you sell gift cards?", "answer": "Yes.", "line": 7}]
    cov = faq_coverage(seg, get_embedder("fake").embed(texts), themes, entries, _ctx())
    gone = {e["question"]: e for e in cov["unmatched"]}
    assert gone["How do I get an App Store refund?"]["related"]["theme_id"] == 0
    assert gone["Do you sell gift cards?"]["related"] is None and gone["Do you sell gift cards?"]["nearest"]["score"] < 0.9


def test_faq_file_through_the_pipeline(tiny_corpus, fast_overrides, tmp_path):
    faq = tmp_path / "faq.md"
    faq.write_text("# FAQ\n## Ile kosztuje dostawa do Krakowa?\n99 zł.\n## Do you sell gift cards?\nYes.\n", encoding="utf-8")
    out = tmp_path / "out"
    res = run_pipeline(tiny_corpus, out=out, overrides={**fast_overrides, "report": {"faq_file": str(faq)}})
    cov = res.ctx.artifacts["faq_coverage"]
    assert cov["n_entries"] == 2 and "Do you sell gift cards?" in [e["question"] for e in cov["unmatched"]]
    text = (out / "faq.md").read_text(encoding="utf-8")
    assert "Your FAQ covers" in text and "In your FAQ but not asked in this corpus" in text
    assert "Do you sell gift cards?" in (out / "faq.html").read_text(encoding="utf-8")


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
    for name in ("journey_map.html", "faq.html", "journey_map.md", "faq.md", "journey_map.csv", "journey_map.xlsx", "journey_map.json"):
        assert (out / name).stat().st_size > 200, name
    from openpyxl import load_workbook

    wb = load_workbook(out / "journey_map.xlsx")
    assert wb.sheetnames == ["map", "items", "content plan", "faq", "themes", "per segment", "evidence"]
    grid = [[c.value for c in row] for row in wb["map"].iter_rows()]
    assert grid[0][1].startswith("Awareness") and grid[2][0] == "Goals & needs"


def test_subthemes_show_under_their_theme_in_the_map(tmp_path):
    """[cluster] subthemes: a large theme's split is listed under it in the HTML and Markdown map."""
    from pipeline.report import render_map_html, render_map_md
    from pipeline.report._model import build_data, build_view

    seg = _table()
    ctx = _ctx()
    synthesize.run(seg, ctx)
    subs = pd.DataFrame({"theme_id": [0, 0], "subtheme": [1, 0], "label": ["Courier came a day late", "Kurier nie dzwonił"],
                         "label_lang": ["en", "pl"], "gloss_en": ["", "The courier did not call"], "size": [1, 2],
                         "quote_ids": ["s0", "s1;s2"]})
    view = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg, subthemes=subs)
    late = view["themes"][0]
    assert [s["label"] for s in late["subthemes"]] == ["Kurier nie dzwonił", "Courier came a day late"]  # largest first
    assert late["subthemes"][0]["gloss_en"] == "The courier did not call" and late["subthemes"][0]["quotes"][0]["id"] == "s1"
    assert view["themes"][1]["subthemes"] == []
    html = render_map_html(view, {**build_data(seg, view, MODEL), "volKinds": ["pain_point"]})
    assert "sub-themes:" in html and "Kurier nie dzwonił" in html and "EN quote: The courier did not call" in html
    md = render_map_md(view)
    assert "- sub-themes: Kurier nie dzwonił (2); Courier came a day late (1)" in md
    plain = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)
    assert "sub-themes" not in render_map_md(plain)


def test_source_refs_equal_row_by_row_refs_with_missing_values():
    from pipeline.report._model import source_refs

    frame = pd.DataFrame({
        "source_file": ["interviews/p01.txt", "chats/c.csv", "reviews/r.csv", None],
        "speaker": ["Customer 2", "", None, "x"],
        "media_time": ["00:01:02", "", "", None],
        "line": pd.array([14, pd.NA, 3, pd.NA], dtype="Int64"),
        "record_index": [0, 5, 2, 7],
        "timestamp": ["", "2026-03-01T10:00:00", None, ""],
        "text": ["a", "b", "c", "d"]}).astype({"source_file": "str", "speaker": "str"})
    expected = [source_ref(r) for r in frame.to_dict("records")]
    assert source_refs(frame, chunk=3) == expected
    assert expected[0] == "interviews/p01.txt · Customer 2 · [00:01:02] · line 14"
    assert expected[1] == "chats/c.csv · record 6 · 2026-03-01"
    assert source_refs(frame[["text"]]) == ["", "", "", ""]


def test_segments_csv_in_chunks_equals_one_pass(tiny_corpus, fast_overrides, tmp_path):
    from pipeline.report import safe_frame, write_segments_csv
    from pipeline.report._model import source_refs

    seg = run_pipeline(tiny_corpus, out=None, overrides=fast_overrides).segments
    assert len(seg) > 7
    write_segments_csv(seg, tmp_path / "chunked.csv", chunk=7)
    whole = seg.copy()
    whole.insert(list(whole.columns).index("text") + 1, "source_ref", source_refs(whole))
    safe_frame(whole).to_csv(tmp_path / "whole.csv", index=False)
    assert (tmp_path / "chunked.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    back = pd.read_csv(tmp_path / "chunked.csv", dtype=str, keep_default_na=False)
    assert len(back) == len(seg) and list(back.columns).index("source_ref") == list(back.columns).index("text") + 1


def test_chunked_json_equals_one_dump():
    from pipeline.report import _dumps, _dumps_chunked

    obj = {"rows": {"ss": [None, 5, -8000] * 7, "em": [[], [1, 2], []] * 5, "ref": ["a · b", "ó\u2028", "</script>"] * 4},
           "dict": {}, "themes": {"3": {"label": "x"}}, "n": 1.5, "top": [], "flag": True}
    assert _dumps_chunked(obj, chunk=4) == _dumps(obj)
    assert _dumps_chunked([1, 2, 3], chunk=1) == "[1,2,3]"


def test_at_a_glance_shows_how_many_segments_back_a_stage_top_pain_point():
    """A four-segment theme can top a stage: the glance table says so instead of only a priority."""
    from pipeline.report import render_map_md
    from pipeline.report._model import build_view

    seg = _table()
    ctx = _ctx()
    synthesize.run(seg, ctx)
    view = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)
    top = next(t for s in view["stages"] for t in s["pain_points"] if t.get("size"))
    md = render_map_md(view)
    glance = md.split("## At a glance", 1)[1].split("\n## ", 1)[0]
    assert f"({top['size']} seg, priority " in glance


def test_opportunity_follows_the_side_the_map_shows():
    from pipeline.report._model import opportunity_for

    # half the members customer-side: the badge says company-side, and so must the hypothesis
    tied = {"label": "Tłok po 17. Nie da się ćwiczyć", "barrier": "company", "customer_side": 0.5}
    assert opportunity_for(tied).startswith("Fix or explain “Tłok po 17")
    assert opportunity_for({**tied, "barrier": "customer"}).startswith("Help customers past")


def test_segment_column_may_be_named_as_the_input_header_spells_it():
    from pipeline.report._model import build_view, segment_column

    cols = ["text", "meta_club", "meta_jak_oceniasz_klub_0_10"]
    assert segment_column(cols, "meta_club") == "meta_club"
    assert segment_column(cols, "Club") == "meta_club"
    assert segment_column(cols, "Jak oceniasz klub? (0-10)") == "meta_jak_oceniasz_klub_0_10"
    with pytest.warns(UserWarning, match="segment_column = 'Klub' is not a column.*'meta_club'"):
        assert segment_column(cols, "Klub") == "Klub"
    seg = _table()
    ctx = _ctx(segment_column="Segment")
    synthesize.run(seg, ctx)
    view = build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, ctx.cfg)
    assert view["per_segment_column"] == "meta_segment" and [p["segment"] for p in view["per_segment"]] == ["a", "b"]


def test_a_review_is_no_moment_of_the_site_it_was_posted_on():
    # the sample's first moment of truth had been "Support × Review sites": where reviews were written
    cust = pd.DataFrame({"stage": ["support"] * 6, "source_type": ["review"] * 3 + ["chat"] * 3,
                         "touchpoints": ["review_sites;phone"] * 3 + ["chat;review_sites"] * 3,
                         "published_on": ["review_sites"] * 3 + [""] * 3,
                         "sentiment_score": [-0.8] * 6, "drop_off": [False] * 6, "segment_id": [f"s{i}" for i in range(6)]})
    cells = {(m["stage"], m["touchpoint"]): m["n"] for m in synthesize.moments_of_truth(cust)}
    # a chat that mentions a review site ("I'll post this on Google") is a moment there; the reviews themselves are not
    assert cells == {("support", "phone"): 3, ("support", "chat"): 3, ("support", "review_sites"): 3}
    # nor is the marketplace a marketplace review was written on (Ozon, Wildberries, Allegro)
    market = cust.assign(touchpoints=["marketplace;courier"] * 3 + ["chat;marketplace"] * 3,
                         published_on=["marketplace"] * 3 + [""] * 3)
    cells = {(m["stage"], m["touchpoint"]): m["n"] for m in synthesize.moments_of_truth(market)}
    assert cells == {("support", "courier"): 3, ("support", "chat"): 3, ("support", "marketplace"): 3}


def test_content_plan_names_help_articles_where_customers_meet_the_help_centre():
    from pipeline.report._plan import _channels

    theme = {"touchpoint_counts": [{"id": "help_center", "n": 4}], "sources": "chat 4"}
    assert _channels(theme, {"touchpoints": []})[0].startswith("help centre articles")
