"""Detection's judgements live in pipeline.detect: theme naming reads them there (reviewer rev2 #8)."""
import pytest

import pipeline.detect
from pipeline.themes import reads_right_for


def test_a_praise_themes_label_is_judged_by_detections_not_complaining():
    """themes/_naming had re-implemented the mirror of detect.not_upbeat as a private _no_complaint."""
    assert "not_complaining" in pipeline.detect.__all__
    assert reads_right_for("praise") is pipeline.detect.not_complaining
    assert reads_right_for("pain_point") is pipeline.detect.not_upbeat


@pytest.mark.parametrize("text,lang,fine", [
    ("The host replies fast during the day but at night you're on your own.", "en", False),   # turns to a complaint
    ("Nobody answered our messages at night.", "en", False),                                 # a negative cue alone
    ("Great host, fast replies.", "en", True),
    ("Kurier spóźnił się dwa dni.", "pl", False),
    ("Świetny kontakt z gospodarzem.", "pl", True),
    ("Отличный сервис, всё быстро.", "ru", True),
])
def test_not_complaining_is_the_mirror_of_not_upbeat(text, lang, fine):
    assert pipeline.detect.not_complaining(text, lang) is fine


def test_no_library_module_imports_a_stage():
    """The analysis library (text, ingest, journey, themes, detect, affect, redact) is what stages are built from, not
    the other way round: journey/_context.py had read split_sentences from the segment stage (reviewer); it lives in
    pipeline.text. (The report package and the cache read the embed and synthesize stages by design.)"""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "pipeline"
    library = ("text.py", "translit.py", "ingest", "journey", "themes", "detect", "affect", "redact")
    outside = [p for p in root.rglob("*.py") if p.parts[len(root.parts)] in library]
    bad = [f"{p.relative_to(root)}: {n.module}" for p in outside for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
           if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("pipeline.stages")]
    assert not bad, bad
