"""Session 15 (m1): the name finder's questions asked through ``pipeline.redact`` (not its private modules)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pipeline.ingest
import pipeline.redact

ROOT = Path(__file__).resolve().parents[1]


def _private_imports(rel: str) -> list[str]:
    """``from pipeline.<package>._<module> import ...`` of another package, or a private name from anywhere."""
    here = rel.split("/")[1]
    out = []
    for node in ast.walk(ast.parse((ROOT / rel).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline."):
            parts = node.module.split(".")
            if len(parts) > 2 and parts[2].startswith("_") and parts[1] != here:
                out.append(node.module)
            out.extend(f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_"))
    return out


@pytest.mark.parametrize("rel, allowed", [
    ("pipeline/ingest/_paths.py", []),
    ("pipeline/api.py", []),
    # what each survey question asks for, as detection reads it: to be made public there later
    ("pipeline/ingest/_survey.py", ["pipeline.detect._rules"]),
])
def test_no_private_name_is_imported_across_packages(rel, allowed):
    assert [m for m in _private_imports(rel) if m not in allowed] == []


def test_the_name_finders_questions_are_public():
    assert {"first_name", "everyday_word", "LANGS"} <= set(pipeline.redact.__all__)
    assert pipeline.redact.first_name("Agnieszkę", "pl") and pipeline.redact.everyday_word("Marka", "pl")
    assert pipeline.redact.LANGS == ("en", "pl", "ru")
    assert "norm_key" in pipeline.ingest.__all__ and pipeline.ingest.norm_key("Review Text ") == "review_text"
