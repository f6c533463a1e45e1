"""Regenerate the README screenshots (docs/journey_map.png, docs/faq.png) from the sample corpus.

Usage (from the repository root, with headless Chromium installed)::

    python docs/screenshots.py                 # runs the pipeline (default embedder) into a temp folder
    python docs/screenshots.py --out reports/sample   # or reuse an existing output folder

By default the run compares the question themes with ``docs/sample_faq.md``, an example of a
company's current FAQ, so the FAQ screenshot shows coverage.

The browser is driven over the DevTools pipe by ``tests/test_browser.Browser``; nothing is
downloaded.
"""

from __future__ import annotations

import argparse
import base64
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))


def shoot(page: Path, dest: Path, top_selector: str | None, height: int, width: int = 1440) -> None:
    from test_browser import Browser

    b = Browser(width=width, height=900)
    try:
        b.open(page)
        y = b.eval(f"Math.max(0, document.querySelector({top_selector!r}).getBoundingClientRect().top + scrollY - 8)") if top_selector else 0
        shot = b.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                 "clip": {"x": 0, "y": y, "width": width, "height": height, "scale": 1}})
        dest.write_bytes(base64.b64decode(shot["data"]))
        problems = b.problems()
        if problems:
            raise SystemExit(f"{page.name}: {problems}")
    finally:
        b.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="An existing output folder of `qsynth run corpora/sample`.")
    args = ap.parse_args()
    out = args.out
    if out is None:
        import tempfile

        from pipeline.api import run_pipeline

        out = Path(tempfile.mkdtemp(prefix="qsynth-sample-"))
        # with the example FAQ, so the FAQ page shows coverage
        run_pipeline(ROOT / "corpora" / "sample", out=out, overrides={"report": {"faq_file": str(ROOT / "docs" / "sample_faq.md")}})
    docs = ROOT / "docs"
    shoot(out / "journey_map.html", docs / "journey_map.png", "#map", 1500)
    shoot(out / "faq.html", docs / "faq.png", None, 1250)
    print(f"wrote {docs / 'journey_map.png'} and {docs / 'faq.png'}")


if __name__ == "__main__":
    main()
