"""Stage models: the user's own journey stages, read from TOML and validated.

A stage file looks like::

    name = "Default journey"
    drop_touchpoints = ["packaging"]     # optional, before the first table: built-in touchpoints that make
                                         # no sense for this business (unknown ids are an error)
    [[stage]]
    id = "onboarding"
    name = "Delivery & onboarding"
    phase = "during"                     # before | during | after
    description = "Getting set up after buying: ..."
    examples = ["When will my sofa arrive?", "Jak zamontować szafę?"]   # optional, any language
    keywords = ['deliver', 'kurier', 'достав']                        # optional regexes, word start

    [[touchpoint]]                       # optional: business-specific touchpoints (see _touchpoints.py)
    id = "reception"
    name = "Reception desk"
    control = "owned"
    patterns = ['reception', 'recepcj', 'ресепшн']

Every problem is reported with the file, the line of the offending ``[[stage]]`` table, what was
expected and what was found.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ConfigError

__all__ = ["Stage", "StageModel", "load_stage_model", "STAGES_DIR", "PHASES", "PHASE_LABELS", "compile_keywords", "fold"]

STAGES_DIR = Path(__file__).resolve().parents[2] / "configs" / "stages"
_STAGE_KEYS = {"id", "name", "phase", "description", "examples", "keywords", "content_format", "needs"}
_TOP_KEYS = {"name", "description", "stage", "touchpoint", "phases", "drop_touchpoints"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
PHASES = ("before", "during", "after")
# what the map's phase headers say unless the stage file's [phases] table names them for its business
# ("Before joining", "Joining & first weeks", "Membership")
PHASE_LABELS = {"before": "Before purchase", "during": "Purchase & delivery", "after": "After purchase"}


@dataclass
class Stage:
    """One journey stage.

    Attributes:
        id: Lowercase id used in every output.
        name: Label shown in the map.
        phase: ``before``, ``during`` or ``after`` the purchase.
        description: What customers do and talk about at this stage.
        examples: Short customer utterances typical of the stage (any language).
        keywords: Regular expressions matched at the start of a word (case ignored); extra evidence.
        content_format: Suggested content type for the content plan.
        needs: The customer's need at this stage, for the map.
    """

    id: str
    name: str
    phase: str
    description: str
    examples: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    content_format: str = ""
    needs: str = ""


@dataclass
class StageModel:
    """An ordered list of stages, plus any touchpoints the stage file defines.

    Attributes:
        name: Model name (``name`` key or the file stem).
        stages: Stages in journey order.
        source: Path of the file it was read from.
        touchpoints: Raw ``[[touchpoint]]`` tables from the stage file (validated by
            :func:`pipeline.journey.load_touchpoints`).
        drop_touchpoints: Built-in touchpoint ids the stage file removes (``drop_touchpoints``;
            applied by :func:`pipeline.journey.load_touchpoints`), e.g. "assembly" for software.
        phase_labels: Header of each phase in the map (:data:`PHASE_LABELS` unless the file's
            ``[phases]`` table says otherwise).
    """

    name: str
    stages: list[Stage]
    source: str
    touchpoints: list[dict] = field(default_factory=list)
    drop_touchpoints: list[str] = field(default_factory=list)
    phase_labels: dict[str, str] = field(default_factory=lambda: dict(PHASE_LABELS))

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.stages]

    def get(self, sid: str) -> Stage:
        """The stage with id ``sid`` (KeyError if absent)."""
        for s in self.stages:
            if s.id == sid:
                return s
        raise KeyError(sid)


# Chat messages are often typed without diacritics ("platnosc", "zwrot pieniedzy"), so keywords and
# texts are both folded to plain letters before matching. Only letters change, so regex syntax survives.
_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻёЁ", "acelnoszzACELNOSZZеЕ")


def fold(text: str) -> str:
    """Drop Polish diacritics and Russian ё (ą→a, ł→l, ё→е), one character for one, so match offsets stay valid."""
    return text.translate(_FOLD)


def compile_keywords(patterns: list[str], where: str) -> re.Pattern | None:
    """Compile keyword regexes into one alternation anchored at the start of a word.

    Args:
        patterns: Regular expressions; ``refund`` also matches ``refunded``.
        where: Description of the source for error messages, e.g. "stage 'support' in 'x.toml' (line 40)".

    Returns:
        A compiled pattern (case-insensitive, diacritics folded: match it against ``fold(text)``),
        or None when ``patterns`` is empty.

    Raises:
        ConfigError: A pattern is not a valid regular expression.
    """
    if not patterns:
        return None
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ConfigError(f"Keyword {p!r} of {where} is not a valid regular expression ({exc}). "
                              "Fix the pattern or escape special characters with a backslash.") from None
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{fold(p)})" for p in patterns) + ")", re.IGNORECASE)


def _table_lines(text: str, header: str) -> list[int]:
    """1-based line numbers of each ``[[header]]`` table, so errors can point at the right place."""
    rx = re.compile(r"^[ \t]*\[\[[ \t]*" + re.escape(header) + r"[ \t]*\]\]", re.MULTILINE)
    return [text.count("\n", 0, m.start()) + 1 for m in rx.finditer(text)]


def _str_list(value, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(e, str) for e in value):
        raise ConfigError(f"The '{key}' of {where} must be a list of strings. Got {type(value).__name__} instead.")
    return [e for e in value if e.strip()]


def resolve_stage_path(spec: str | Path) -> Path:
    """Turn a stage model name (``default``, ``saas``) or a path into an existing file path.

    Raises:
        ConfigError: No such model or file.
    """
    path = Path(spec)
    if not path.suffix and not path.exists():
        path = STAGES_DIR / f"{str(spec).lower()}.toml"   # "SaaS" is the saas template
    if not path.is_file():
        avail = sorted(p.stem for p in STAGES_DIR.glob("*.toml"))
        raise ConfigError(f"Stage model '{spec}' not found. Use one of {avail} or a path to a TOML file ([stages] model).")
    return path


def load_stage_model(spec: str | Path) -> StageModel:
    """Load a stage model by name (a file in ``configs/stages/``) or path.

    Args:
        spec: ``"default"``, ``"ecommerce"``, ``"subscription"``, ``"saas"``, ``"b2b"``, ``"app"``, ``"banking"``, ``"telecom"`` or a path to a
            TOML file.

    Returns:
        The validated :class:`StageModel`.

    Raises:
        ConfigError: File missing, bad TOML, unknown key, missing or duplicate id, bad phase,
            empty description, examples/keywords not a list of strings, invalid keyword regex.

    Example:
        >>> load_stage_model("default").ids[:3]
        ['awareness', 'consideration', 'decision']
    """
    path = resolve_stage_path(spec)
    text = path.read_text(encoding="utf-8-sig")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Stage file '{path}' is not valid TOML: {exc}. Fix the syntax at the position shown.") from None
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise ConfigError(f"Unknown key(s) {sorted(unknown)} at the top of stage file '{path}'. Valid keys: {sorted(_TOP_KEYS)}.")
    items = raw.get("stage")
    if not isinstance(items, list) or not items:
        raise ConfigError(f"Stage file '{path}' defines no [[stage]] tables. Add at least one with id, name, phase and description.")
    lines = _table_lines(text, "stage")
    stages, seen = [], {}
    for i, st in enumerate(items, 1):
        line = lines[i - 1] if i - 1 < len(lines) else "?"
        where = f"stage #{i} in '{path}' (line {line})"
        bad = set(st) - _STAGE_KEYS
        if bad:
            hint = (" Top-level keys (name, phases, drop_touchpoints) go before the first [[stage]] table."
                    if bad & _TOP_KEYS else "")
            raise ConfigError(f"Unknown key(s) {sorted(bad)} in {where}. Valid keys: {sorted(_STAGE_KEYS)}.{hint}")
        sid = st.get("id")
        if not isinstance(sid, str) or not sid:
            raise ConfigError(f"{where[0].upper() + where[1:]} has no 'id'. Add id = \"some_stage\" (lowercase letters, digits, _).")
        if not _ID.match(sid) or sid == "unmapped":
            raise ConfigError(f"Stage id {sid!r} in '{path}' (line {line}) must be lowercase letters, digits and _ "
                              "(starting with a letter) and not 'unmapped'.")
        if sid in seen:
            raise ConfigError(f"Duplicate stage id '{sid}' in '{path}' (line {line}; first defined on line {seen[sid]}). "
                              "Each stage needs its own id.")
        seen[sid] = line
        where = f"stage '{sid}' in '{path}' (line {line})"
        desc = st.get("description", "")
        if not isinstance(desc, str) or not desc.strip():
            raise ConfigError(f"The 'description' of {where} is missing or empty. Describe in a sentence or two what customers do there.")
        phase = st.get("phase", "during")
        if phase not in PHASES:
            raise ConfigError(f"The 'phase' of {where} must be one of {list(PHASES)}. Got {phase!r} instead.")
        ex = _str_list(st.get("examples", []), "examples", where)
        kw = _str_list(st.get("keywords", []), "keywords", where)
        compile_keywords(kw, where)  # fail at load time, not in the middle of a run
        for key in ("name", "content_format", "needs"):
            if key in st and not isinstance(st[key], str):
                raise ConfigError(f"The '{key}' of {where} must be a string. Got {type(st[key]).__name__} instead.")
        stages.append(Stage(id=sid, name=st.get("name") or sid.replace("_", " ").title(), phase=phase,
                            description=desc.strip(), examples=ex, keywords=kw,
                            content_format=st.get("content_format", ""), needs=st.get("needs", "")))
    tps = raw.get("touchpoint", [])
    if not isinstance(tps, list) or not all(isinstance(t, dict) for t in tps):
        raise ConfigError(f"'touchpoint' in stage file '{path}' must be [[touchpoint]] tables.")
    drop = raw.get("drop_touchpoints", [])
    from pipeline.journey._touchpoints import BUILTIN_TOUCHPOINTS  # here: _touchpoints imports this module
    builtin = [t.id for t in BUILTIN_TOUCHPOINTS]
    if not isinstance(drop, list) or not all(isinstance(d, str) for d in drop):
        raise ConfigError(f"'drop_touchpoints' in stage file '{path}' must be a list of built-in touchpoint ids, e.g. "
                          f"drop_touchpoints = [\"assembly\", \"packaging\"]. Got {drop!r} instead. Built-in ids: {builtin}.")
    unknown = [d for d in drop if d not in builtin]
    if unknown:
        raise ConfigError(f"'drop_touchpoints' in stage file '{path}' names unknown touchpoint(s) {unknown}. Built-in ids: {builtin}.")
    phases = raw.get("phases", {})
    if not isinstance(phases, dict) or set(phases) - set(PHASES) or not all(isinstance(v, str) and v.strip() for v in phases.values()):
        raise ConfigError(f"[phases] in stage file '{path}' names the phases' headers: before / during / after = \"…\" "
                          f"(non-empty strings). Got {phases!r} instead.")
    return StageModel(name=str(raw.get("name", path.stem)), stages=stages, source=str(path), touchpoints=tps,
                      drop_touchpoints=list(dict.fromkeys(drop)), phase_labels={**PHASE_LABELS, **{k: v.strip() for k, v in phases.items()}})
