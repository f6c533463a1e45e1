"""Session 15 (m1): the name finder's questions asked through ``pipeline.redact`` (not its private modules); no
private name of redaction, ingest or pipeline.text left unused."""

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
    ("pipeline/ingest/_survey.py", []),
    ("pipeline/stages/cluster.py", []),
    ("pipeline/stages/segment.py", []),
])
def test_no_private_name_is_imported_across_packages(rel, allowed):
    assert [m for m in _private_imports(rel) if m not in allowed] == []


def test_the_name_finders_questions_are_public():
    assert {"first_name", "everyday_word", "LANGS"} <= set(pipeline.redact.__all__)
    assert pipeline.redact.first_name("Agnieszkę", "pl") and pipeline.redact.everyday_word("Marka", "pl")
    assert pipeline.redact.LANGS == ("en", "pl", "ru")
    assert "norm_key" in pipeline.ingest.__all__ and pipeline.ingest.norm_key("Review Text ") == "review_text"


def _unused_private_names(path: Path) -> list[str]:
    """A module's top-level ``_name`` (constant, function, class) that nothing in the module reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    defined += [t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
                for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)]
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return [d for d in defined if d.startswith("_") and not d.startswith("__") and d not in read]


@pytest.mark.parametrize("path", sorted([*ROOT.glob("pipeline/redact/*.py"), *ROOT.glob("pipeline/ingest/*.py"),
                                         ROOT / "pipeline" / "text.py"]), ids=lambda p: p.name)
def test_no_private_name_is_left_unused(path):
    """_tables._GENERIC and _names._PL_SOFT had outlived the code that read them."""
    assert _unused_private_names(path) == []


def _wrappers(path: Path) -> list[str]:
    """A module's private function that only hands its arguments on to another function (imported or not)."""
    out = []
    for fn in ast.parse(path.read_text(encoding="utf-8")).body:
        if not (isinstance(fn, ast.FunctionDef) and fn.name.startswith("_") and not fn.name.startswith("__")):
            continue
        body = [n for n in fn.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
        body = [n for n in body if not isinstance(n, (ast.Import, ast.ImportFrom))]
        params = [a.arg for a in fn.args.args]
        if (params and len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(call := body[0].value, ast.Call)
                and not call.keywords and [getattr(a, "id", None) for a in call.args] == params):
            out.append(fn.name)
    return out


@pytest.mark.parametrize("path", sorted([*ROOT.glob("pipeline/redact/*.py"), *ROOT.glob("pipeline/ingest/*.py"),
                                         ROOT / "pipeline" / "text.py"]), ids=lambda p: p.name)
def test_no_private_function_only_wraps_another(path):
    """_header._identifier had only called pipeline.redact.has_identifier."""
    assert _wrappers(path) == []


def test_the_place_lists_overlap_as_their_headers_say():
    """local_places.txt keeps the 17 Polish cities places.txt holds too: only local_places.txt makes a name that is one
    whole no person wherever it stands (places.txt: where a place is expected); name_places.txt shares Paris
    with places.txt, for its own rule (no name alone at a sentence's start)."""
    from pipeline.redact._names import _LOCAL_PLACES, _NAME_PLACES, _PLACES, _no_person

    both = _LOCAL_PLACES & _PLACES
    assert len(both) == 17 and {"kraków", "łódź", "zielona góra"} <= both
    assert all(_no_person(p, p.split(), None) for p in both)
    assert not _no_person("vilnius", ["vilnius"], None) and "vilnius" in _PLACES
    assert _NAME_PLACES & _PLACES == {"paris"}   # Sofia is a Polish first name too: places.txt holds none
    assert pipeline.redact.everyday_word("Sofia", "en") and pipeline.redact.everyday_word("Eugene", "en")


@pytest.fixture(scope="module")
def redactor():
    from pipeline.redact import RedactConfig, Redactor

    return Redactor(RedactConfig())


@pytest.mark.parametrize("text, expected", [
    # a first name that is also a place (name_places.txt) is a person when spoken to: spaCy had read 'Sofia' as a city
    ("I spoke to Sofia and she sorted it.", "I spoke to [PERSON] and she sorted it."),
    ("I was talking with Paris from support.", "I was talking with [PERSON] from support."),
    ("Spoke to Eugene at the desk.", "Spoke to [PERSON] at the desk."),
    # a place is moved to, flown to, spoken of; a pronoun after it says nothing of it ('she' is someone else)
    ("I moved to Sofia and she loves it.", "I moved to Sofia and she loves it."),
    ("Flights to Sofia were cancelled and she was upset.", "Flights to Sofia were cancelled and she was upset."),
    ("We spoke about Sofia all evening.", "We spoke about Sofia all evening."),
])
def test_a_first_name_that_is_a_place_is_a_person_when_spoken_to(redactor, text, expected):
    assert redactor.redact(text)[0] == expected
