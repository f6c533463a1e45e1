"""The journey map and FAQ in a real browser: headless Chromium (Debian's ``chromium``), driven over
the DevTools protocol through ``--remote-debugging-pipe`` (no websocket library, no port).

Checks: no JavaScript error or console error (a Content-Security-Policy violation is one), no
network request other than the file itself, the filters recompute the numbers (and reproduce
the printed ones when reset), and every number opens its quotes. Screenshots are saved under
the test's temp folder.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.api import run_pipeline

from conftest import SAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--hide-scrollbars", "--remote-debugging-pipe"]

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium); "
                                                          "the browser tests need a headless browser")]


class Browser:
    """A headless Chromium controlled through the DevTools protocol over a pipe (fds 3 and 4).

    Messages are JSON objects separated by NUL bytes. One page target is opened; every event is
    kept in ``events`` so tests can look for exceptions, console errors and network requests.
    """

    def __init__(self, width: int = 1440, height: int = 900, timeout: float = 60.0):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="qsynth-chromium-")
        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()

        def wire():  # in the child: the protocol lives on fds 3 (commands in) and 4 (replies out)
            r, w = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                     pass_fds=(3, 4), preexec_fn=wire,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    # -- protocol ---------------------------------------------------------------------------
    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._r], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            if "method" in m:
                self.events.append(m)

    def send(self, method: str, params: dict | None = None) -> dict:
        return self.call(method, params, self.session)

    def wait_for(self, method: str, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        seen = len(self.events)
        while True:
            for m in self.events[seen:]:
                if m.get("method") == method:
                    return m
            seen = len(self.events)
            self.events.append(self._read(deadline))

    # -- helpers ----------------------------------------------------------------------------
    def open(self, path: Path) -> None:
        self.events.clear()
        self.send("Page.navigate", {"url": path.resolve().as_uri()})
        self.wait_for("Page.loadEventFired")
        self.eval("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))", wait=True)

    def eval(self, expr: str, wait: bool = False):
        res = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": wait})
        if "exceptionDetails" in res:
            raise AssertionError(f"script failed: {res['exceptionDetails'].get('exception', {}).get('description')}")
        return res["result"].get("value")

    def screenshot(self, dest: Path, full_page: bool = True) -> Path:
        params = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            w, h = self.eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": w, "height": min(h, 16000), "scale": 1}
        dest.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", params)["data"]))
        return dest

    def pdf(self, dest: Path, landscape: bool = True) -> Path:
        res = self.send("Page.printToPDF", {"landscape": landscape, "printBackground": True, "preferCSSPageSize": True})
        dest.write_bytes(base64.b64decode(res["data"]))
        return dest

    def problems(self) -> list[str]:
        """JavaScript exceptions, console / log errors (CSP violations included) and network requests
        for anything but the page's own file."""
        out = []
        for m in self.events:
            meth, p = m.get("method"), m.get("params", {})
            if meth == "Runtime.exceptionThrown":
                out.append("exception: " + p["exceptionDetails"].get("exception", {}).get("description", p["exceptionDetails"].get("text", "")))
            elif meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console.error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif meth == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append("log error: " + p["entry"].get("text", ""))
            elif meth == "Network.requestWillBeSent":
                url = p["request"]["url"]
                if not (url.startswith("file://") and p.get("type") == "Document") and not url.startswith("data:"):
                    out.append("network request: " + url)
        return out

    def requests(self) -> list[str]:
        return [m["params"]["request"]["url"] for m in self.events if m.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except Exception:  # the browser may already be gone
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)
        shutil.rmtree(self.profile, ignore_errors=True)


@contextmanager
def opened(html: str, tmp_path: Path):
    """A :class:`Browser` with ``html`` open (written to ``tmp_path / "map.html"``), closed after; the test is skipped
    where Chromium is not installed."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    page = tmp_path / "map.html"
    page.write_text(html, encoding="utf-8")
    b = Browser()
    try:
        b.open(page)
        yield b
    finally:
        b.close()


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    """The sample corpus through the whole pipeline, with the default embedder and the project's
    content cache: the affect model needs e5-small vectors anyway (it would re-embed, uncached, the
    fake embedder's texts), so this is the fastest honest run - slow once, quick afterwards."""
    out = tmp_path_factory.mktemp("sample_out")
    run_pipeline(SAMPLE, out=out)
    return out


# the printed numbers of every recomputed element, whitespace removed (JS and Jinja differ in spacing only)
SNAPSHOT = """(() => { const o = {};
  document.querySelectorAll('[data-k]').forEach((e, i) => o['k' + i + ':' + e.dataset.k] = e.textContent);
  document.querySelectorAll('[data-dyn]').forEach(e => o['d:' + e.dataset.dyn] = e.textContent.replace(/\\s+/g, ''));
  document.querySelectorAll('ol[data-box]').forEach(e => o['b:' + e.dataset.box] =
      [...e.children].filter(li => !li.hidden).map(li => li.dataset.t + (li.classList.contains('over') ? '+' : '')).join(','));
  document.querySelectorAll('button.more[data-more]').forEach(e => o['m:' + e.dataset.more] = e.hidden ? '' : e.textContent);
  return o; })()"""


def test_journey_map_opens_offline_without_errors(browser, sample_out, tmp_path):
    page = sample_out / "journey_map.html"
    browser.open(page)
    shot = browser.screenshot(tmp_path / "journey_map.png")
    assert shot.stat().st_size > 20_000
    assert browser.problems() == []
    # exactly one request: the file itself
    assert browser.requests() == [page.resolve().as_uri()]
    stages = browser.eval("[...document.querySelectorAll('tr.stages th:not(.row) > div:first-child')].map(e => e.textContent)")
    assert len(stages) == 8 and stages[0] == "Awareness"
    assert browser.eval("document.querySelectorAll('svg.curve circle').length") >= 6


def test_script_recomputes_exactly_the_printed_numbers(browser, sample_out):
    browser.open(sample_out / "journey_map.html")
    printed = browser.eval(SNAPSHOT)
    assert len(printed) > 100
    browser.eval("window.qsynth.apply()")
    redrawn = browser.eval(SNAPSHOT)
    diff = {k: (printed[k], redrawn.get(k)) for k in printed if printed[k] != redrawn.get(k)}
    assert diff == {}
    # the raw numbers too, for every theme and stage (not only those on screen), against journey_map.json
    js = browser.eval("""(() => { const A = window.qsynth.compute({});
        return {themes: A.themes, stages: A.stages.map(s => ({n: s.n, docs: s.docs, net: s.net, mean: s.mean, drop: s.drop,
                emotions: s.emotions, gaps: s.gaps, needs: s.needs, needQuotes: s.needQuotes})), moments: A.moments.map(m => [m.stage, m.tp, m.n, m.score])}; })()""")
    view = json.loads((sample_out / "journey_map.json").read_text(encoding="utf-8"))["view"]
    assert len(js["themes"]) == len(view["themes"]) >= 1
    for tid, t in view["themes"].items():
        assert (js["themes"][tid]["n"], js["themes"][tid]["docs"]) == (t["size"], t["n_docs"]), tid
        assert js["themes"][tid]["pri"] == pytest.approx(t["priority"], abs=1e-9), tid
    for a, b in zip(js["stages"], view["stages"]):
        assert (a["n"], a["docs"], a["drop"], a["gaps"]) == (b["n_segments"], b["n_docs"], b["n_drop_offs"], b["gaps"])
        assert a["net"] == pytest.approx(b["net_sentiment"], abs=1e-9) and a["mean"] == pytest.approx(b["sentiment_mean"], abs=1e-9)
        assert [(e["name"], round(e["share"], 9)) for e in a["emotions"]] == [(e["name"], round(e["share"], 9)) for e in b["emotions"]]
        assert a["needs"] == b["n_needs"]
        assert [text for _, text in a["needQuotes"]] == [q["need"] for q in b["need_quotes"]]
    assert sum(s["n_needs"] for s in view["stages"]) > 0
    assert js["moments"] == [[m["stage"], m["touchpoint"], m["n"], pytest.approx(m["score"], abs=1e-9)] for m in view["moments"]]
    assert browser.problems() == []


def test_filters_recompute_counts_and_reset_restores_them(browser, sample_out, tmp_path):
    browser.open(sample_out / "journey_map.html")
    total = int(browser.eval("document.querySelector('[data-k=\"tot.seg\"]').textContent"))
    printed = browser.eval(SNAPSHOT)
    langs = browser.eval("[...document.querySelectorAll('select[data-key=lang] option')].map(o => o.value + '=' + o.text)")
    assert "0=en" in langs
    # filter to English: the header count, stage counts and chart all change, and agree with the data
    n_en = browser.eval("""(() => { const s = document.querySelector('select[data-key=lang]'); s.value = '0';
        s.dispatchEvent(new Event('change')); return +document.querySelector('[data-k="tot.seg"]').textContent; })()""")
    expected = browser.eval("window.qsynth.data.rows.lang.filter(x => x === 0).length")
    assert 0 < n_en == expected < total
    stage_sum = browser.eval("[...document.querySelectorAll('[data-dyn^=\"head:\"] .n')].reduce((a, b) => a + +b.textContent, 0)")
    mapped = browser.eval("window.qsynth.data.rows.lang.filter((x, i) => x === 0 && window.qsynth.data.rows.st[i] >= 0).length")
    assert stage_sum == mapped
    filtered = browser.eval(SNAPSHOT)
    assert filtered["d:curve"] != printed["d:curve"] or filtered["d:matrix"] != printed["d:matrix"]
    assert "Filtered" in browser.eval("document.getElementById('fnote').textContent")
    # representative quotes of other languages are hidden
    assert browser.eval("[...document.querySelectorAll('li.q[data-i]')].every(li => li.hidden === "
                        "(window.qsynth.data.rows.lang[+li.dataset.i] !== 0))")
    # so are need statements in other languages, and the next ones in the stage's order take their place
    shown_needs = browser.eval("""(() => { const D = window.qsynth.data; const out = [];
        document.querySelectorAll('[data-dyn^="need:"]').forEach(cell => {
          const sx = +cell.dataset.dyn.split(':')[1];
          const want = (D.needs[sx] || []).filter(p => D.rows.lang[p[0]] === 0).slice(0, D.needQuotes).map(p => '\u201c' + p[1] + '\u201d');
          out.push([want, [...cell.querySelectorAll('bdi')].map(b => b.textContent)]); });
        return out; })()""")
    assert any(want for want, _ in shown_needs)
    assert all(want == got for want, got in shown_needs), shown_needs
    browser.screenshot(tmp_path / "journey_map_filtered.png", full_page=False)
    # a segment (persona) filter, combined with the source filter
    browser.eval("""(() => { const s = document.querySelector('select[data-key=f0]'); s.value = '0'; s.dispatchEvent(new Event('change')); })()""")
    combined = int(browser.eval("document.querySelector('[data-k=\"tot.seg\"]').textContent"))
    assert combined == browser.eval("window.qsynth.data.rows.lang.filter((x, i) => x === 0 && window.qsynth.data.rows.f0[i] === 0).length")
    browser.eval("document.getElementById('reset').click()")
    assert browser.eval(SNAPSHOT) == printed
    assert browser.problems() == []


def test_every_number_opens_its_quotes(browser, sample_out, tmp_path):
    browser.open(sample_out / "journey_map.html")
    buttons = browser.eval("document.querySelectorAll('.n[data-q]').length")
    assert buttons > 50
    # click a sample of numbers of every kind: the panel lists as many quotes as the number says
    checked = browser.eval("""(() => { const out = [];
      const pick = sel => [...document.querySelectorAll(sel)].slice(0, 3);
      const groups = ['[data-k^="t"][data-q]', '[data-dyn^="tp:"] button.n', '[data-dyn^="ev:"] button.n', '[data-dyn^="head:"] .n',
                      '[data-dyn="mot"] button.n', '[data-dyn="matrix"] button.n', '[data-dyn="pseg"] button.n',
                      '[data-dyn^="need:"] button.n'];
      for (const g of groups) for (const b of pick(g)) {
        b.click();
        const d = document.getElementById('drawer');
        const shown = document.querySelectorAll('#dr-list li').length;
        const refs = [...document.querySelectorAll('#dr-list .ref')].every(r => r.textContent.length > 3);
        out.push({group: g, n: +b.textContent, shown: shown, open: !d.hidden, refs: refs,
                  sub: document.getElementById('dr-sub').textContent});
      }
      return out; })()""")
    assert len(checked) >= 15
    for c in checked:
        assert c["open"] and c["refs"], c
        # theme counts exclude duplicates (the panel shows them, flagged), so allow the panel to list more
        assert c["shown"] >= c["n"] > 0 or c["shown"] == min(c["n"], 300), c
        assert c["sub"].startswith(f"{c['shown']} customer segment") or c["shown"] == 300, c
    browser.screenshot(tmp_path / "journey_map_quotes.png", full_page=False)
    browser.eval("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))")
    assert browser.eval("document.getElementById('drawer').hidden") is True
    assert browser.problems() == []


def test_print_layout_renders_to_pdf(browser, sample_out, tmp_path):
    browser.open(sample_out / "journey_map.html")
    pdf = browser.pdf(tmp_path / "journey_map.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 30_000
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert 1 <= pages <= 12, pages
    assert browser.problems() == []


def test_faq_opens_offline_without_errors(browser, sample_out, tmp_path):
    page = sample_out / "faq.html"
    browser.open(page)
    browser.screenshot(tmp_path / "faq.png")
    assert browser.problems() == []
    assert browser.requests() == [page.resolve().as_uri()]
    n_entries = browser.eval("document.querySelectorAll('article.entry').length")
    assert n_entries >= 1
    assert browser.eval("[...document.querySelectorAll('article.entry')].every(a => a.querySelector('.answer') && "
                        "a.querySelectorAll('ul.quotes li .ref').length > 0)")
    assert browser.eval("document.querySelectorAll('#plan table.plan tbody tr').length") >= 1
    # the FAQ page carries no script at all
    assert browser.eval("document.scripts.length") == 0
