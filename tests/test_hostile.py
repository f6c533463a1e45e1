"""A hostile corpus (HTML / JS in texts, spreadsheet formulas, 10,000-character comments, emoji,
right-to-left text, control characters, odd file names) must leave every output well-formed and
safe: shown as text, never run; never a live formula; never a broken document."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from pipeline.api import run_pipeline

from conftest import FAST, write_corpus

SCRIPT = "<script>alert('xss')</script>"
BREAKOUT = "</script><script>alert(document.domain)</script><!--"
IMG = '<img src="https://evil.example/x.png" onerror="alert(2)">'
FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"click\")", "+48 601 000 000 call me", "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1:A9)", "\t=1+1", " =1+2"]
RTL = "התיקון לקח שלושה שבועות והשליח לא התקשר"  # Hebrew: the repair took three weeks and the courier did not call
ARABIC = "تأخر التوصيل ثلاثة أسابيع ولم يتصل أحد"  # Arabic: delivery three weeks late and nobody called
EMOJI = "Courier late again 😡🛋️👎🏽 — the sofa arrived three weeks late 🙄"
LONG = ("The courier was late and nobody called " * 40 + "x" * 200 + " ") * 6  # ~10,000 characters
MD_INJECTION = "[click here](javascript:alert(1)) ![img](https://evil.example/p.png) | table | break | # heading **bold**"
TEMPLATE = "{{ 7*7 }} ${alert(1)} {% raw %} the courier was late"
CONTROL = "The courier\x01 was late\x0b and nobody called\x1f, bell\x07"
SEPARATORS = "courier late\u2028line separator\u2029paragraph separator"

HOSTILE_TEXTS = [SCRIPT + " The courier was late and nobody called.", BREAKOUT + " courier late, nobody called",
                 IMG + " The courier was late again.", EMOJI, RTL, ARABIC, MD_INJECTION, TEMPLATE, CONTROL, SEPARATORS,
                 *[f"{f} The courier was late and nobody called." for f in FORMULAS]]


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory):
    root = write_corpus(tmp_path_factory.mktemp("hostile") / "corpus")
    rows = ["review_id,date,platform,product,rating,title,body,customer_segment"]
    for i, text in enumerate(HOSTILE_TEXTS):
        title = SCRIPT if i % 3 == 0 else FORMULAS[i % len(FORMULAS)]
        rows.append(f"H-{i},2026-06-{10 + i % 18:02d},{_csv_cell('=cmd|x' if i == 1 else 'Google')},{_csv_cell(IMG)},1,"
                    f"{_csv_cell(title)},{_csv_cell(text)},{_csv_cell('<b>persona</b>' if i % 2 else '=segment()')}")
    (root / "reviews" / "hostile.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    social = ["platform,post_id,comment_id,parent_id,author,created_at,likes,text",
              f"instagram,IG-9,h1,,{_csv_cell('<script>x</script>')},2026-07-02T10:00:00Z,1,{_csv_cell(LONG)}",
              f"tiktok,TT-9,h2,,{_csv_cell('=evil()')},2026-07-02T11:00:00Z,2,{_csv_cell('x' * 10_000)}",
              f"instagram,IG-9,h3,,anna,2026-07-02T12:00:00Z,0,{_csv_cell(ARABIC + ' ' + EMOJI)}"]
    weird = root / "social" / "we<i>rd & \"name\".csv"
    weird.write_text("\n".join(social) + "\n", encoding="utf-8")
    # a transcript with markup in the speaker line and the text
    (root / "interviews" / "p02.txt").write_text(
        "Interviewer: What happened with the delivery?\n"
        f"Customer: {SCRIPT} Honestly the courier was late three times. {IMG}\n"
        f"Interviewer: Anything else?\nCustomer: {RTL} {FORMULAS[0]}\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile_out")
    res = run_pipeline(root, out=out, overrides={k: dict(v) for k, v in FAST.items()})
    return out, res


class _Checker(HTMLParser):
    """Fails on unbalanced tags and collects script elements and event-handler attributes."""

    VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source", "circle", "line", "rect",
            "path", "stop", "use"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.scripts: list[dict] = []
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k.startswith("on"):
                self.handlers.append((tag, k))
            if k in ("src", "href", "action", "formaction", "xlink:href") and v and re.match(r"\s*(https?:|//|javascript:)", v, re.I):
                self.urls.append(v)
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        # HTML lets </li>, </p> ... be implied; anything else must close what is open
        while self.stack and self.stack[-1] != tag and self.stack[-1] in ("li", "p", "dd", "dt", "option", "tr", "td", "th"):
            self.stack.pop()
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> at {self.getpos()}, open: {self.stack[-3:]}")
            return
        self.stack.pop()


def _check_html(path: Path) -> _Checker:
    c = _Checker()
    c.feed(path.read_text(encoding="utf-8"))
    c.close()
    assert c.errors == [], c.errors[:5]
    assert c.stack == [], c.stack
    assert c.handlers == [], c.handlers
    assert c.urls == [], c.urls
    return c


def test_hostile_texts_reach_the_outputs(hostile_out):
    out, res = hostile_out
    cust = res.segments[res.segments["is_customer"]]
    assert cust["text"].str.contains("<script>", regex=False).any()
    assert cust["text"].str.contains(ARABIC[:10], regex=False).any()
    assert (cust["source_file"].str.contains("we<i>rd")).any()
    view = json.loads((out / "journey_map.json").read_text(encoding="utf-8"))["view"]
    quoted = " ".join(q["text"] for t in view["themes"].values() for q in t["quotes"])
    assert "<script>" in quoted or "<img" in quoted, "a hostile text should be among the quoted evidence"


def test_html_is_well_formed_and_inert(hostile_out):
    out, _ = hostile_out
    page = _check_html(out / "journey_map.html")
    # exactly the data island and the app script; the island is JSON, not code
    assert [s.get("type") for s in page.scripts] == ["application/json", None]
    html = (out / "journey_map.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=" not in html and "</script><script>alert" not in html
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    island = re.search(r'<script type="application/json" id="qs-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in island and ">" not in island
    data = json.loads(island)
    texts = data["rows"]["txt"]
    assert any(SCRIPT in t for t in texts) and any(BREAKOUT in t for t in texts)
    assert all(len(t) <= 2001 for t in texts)  # the drawer carries clipped texts
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    faq = _check_html(out / "faq.html")
    assert faq.scripts == []
    assert "<script>alert" not in (out / "faq.html").read_text(encoding="utf-8")


def test_spreadsheets_hold_no_live_formula(hostile_out):
    out, _ = hostile_out
    starts = ("=", "+", "-", "@", "\t", "\r")
    for name in ("segments.csv", "themes.csv", "journey_map.csv", "quarantine.csv", "files.csv"):
        with open(out / name, newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                for cell in row:
                    # numbers ("-0.5") are not formulas; any other text starting like one must be neutralised
                    assert not cell.lstrip(" ").startswith(starts) or _is_number(cell), (name, cell[:60])
    seg = pd.read_csv(out / "segments.csv", dtype=str, keep_default_na=False)
    assert seg["text"].str.startswith("'=HYPERLINK").any() or seg["text"].str.startswith("'=").any()
    from openpyxl import load_workbook

    wb = load_workbook(out / "journey_map.xlsx")
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                n += 1
                assert cell.data_type != "f", (ws.title, cell.coordinate, str(cell.value)[:60])
                if isinstance(cell.value, str):
                    assert not cell.value.lstrip(" ").startswith(starts), (ws.title, cell.coordinate, cell.value[:60])
                    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", cell.value)
    assert n > 50


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_markdown_renders_no_markup_links_or_images(hostile_out):
    from markdown_it import MarkdownIt

    out, _ = hostile_out
    mdi = MarkdownIt("commonmark", {"html": True})
    for name in ("journey_map.md", "faq.md"):
        text = (out / name).read_text(encoding="utf-8")
        html = mdi.render(text)
        assert "<script" not in html and "<img" not in html, name
        assert not re.search(r'href="(javascript:|https?:)', html), name
        # each customer line stays one list item: no injected headings
        assert "<h1>heading" not in html and "<h2>heading" not in html


def test_json_round_trips_hostile_text(hostile_out):
    out, _ = hostile_out
    record = json.loads((out / "journey_map.json").read_text(encoding="utf-8"))
    dumped = json.dumps(record, ensure_ascii=False)
    assert "<script>alert('xss')</script>" in dumped
    assert ARABIC[:12] in dumped


def test_long_comments_are_clipped_in_the_page(hostile_out):
    out, _ = hostile_out
    html = (out / "journey_map.html").read_text(encoding="utf-8")
    body = html.split('<script type="application/json"')[0]
    longest = max((len(m) for m in re.findall(r'<bdi class="qt" dir="auto">(.*?)</bdi>', body, re.S)), default=0)
    assert longest <= 700  # QUOTE_CHARS plus entity escapes
    assert "x" * 1000 not in body


@pytest.mark.browser
def test_hostile_map_runs_clean_in_the_browser(hostile_out, tmp_path):
    from test_browser import CHROMIUM, Browser

    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    out, _ = hostile_out
    b = Browser()
    try:
        for page in ("journey_map.html", "faq.html"):
            b.open(out / page)
            b.screenshot(tmp_path / page.replace(".html", ".png"))
            assert b.problems() == [], page
            assert [m for m in b.events if m.get("method") == "Page.javascriptDialogOpening"] == []
            assert b.eval("document.querySelectorAll('img, iframe, object, embed').length") == 0
        b.open(out / "journey_map.html")
        # the panel shows hostile text as text, and RTL quotes keep their direction
        shown = b.eval("""(() => { const all = [...document.querySelectorAll('.n[data-q]')];
            for (const btn of all) { btn.click(); const t = document.getElementById('dr-list').textContent;
              if (t.includes("<script>alert('xss')</script>")) return true; } return false; })()""")
        assert shown is True
        assert b.eval("document.querySelectorAll('#dr-list script, #dr-list img').length") == 0
        # right-to-left quotes are laid out right to left (dir="auto" on every quote)
        direction = b.eval("""(() => { const R = window.qsynth.data.rows;
            const i = R.txt.findIndex(t => /[\\u0590-\\u05ff]/.test(t) && !/[a-z]/i.test(t));
            document.querySelector('.n[data-q="s=' + R.st[i] + '"]').click();
            const el = [...document.querySelectorAll('#dr-list bdi.qt')].find(e => e.textContent === R.txt[i]);
            return el ? getComputedStyle(el).direction : 'missing'; })()""")
        assert direction == "rtl"
        assert b.problems() == []
    finally:
        b.close()
