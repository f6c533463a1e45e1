"""Stage models: the user's own journey stages, read from TOML and validated.

A stage file looks like::

    name = "Default journey"
    [[stage]]
    id = "onboarding"
    name = "Delivery & onboarding"
    phase = "during"                     # before | during | after
    description = "Getting set up after buying: ..."
    examples = ["When will my sofa arrive?", "Jak zamontować szafę?"]   # optional, any language
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ConfigError

__all__ = ["Stage", "StageModel", "load_stage_model", "STAGES_DIR"]

STAGES_DIR = Path(__file__).resolve().parents[2] / "configs" / "stages"
_STAGE_KEYS = {"id", "name", "phase", "description", "examples", "content_format", "needs"}
_TOP_KEYS = {"name", "description", "stage"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
PHASES = ("before", "during", "after")


@dataclass
class Stage:
    id: str
    name: str
    phase: str
    description: str
    examples: list[str] = field(default_factory=list)
    content_format: str = ""
    needs: str = ""


@dataclass
class StageModel:
    name: str
    stages: list[Stage]
    source: str

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.stages]

    def get(self, sid: str) -> Stage:
        return next(s for s in self.stages if s.id == sid)


def load_stage_model(spec: str | Path) -> StageModel:
    """Load a stage model by name (a file in ``configs/stages/``) or path.

    Raises:
        ConfigError: File missing, bad TOML, unknown key, missing or duplicate id, bad phase.
    """
    path = Path(spec)
    if not path.suffix and not path.exists():
        path = STAGES_DIR / f"{spec}.toml"
    if not path.is_file():
        avail = sorted(p.stem for p in STAGES_DIR.glob("*.toml"))
        raise ConfigError(f"Stage model '{spec}' not found. Use one of {avail} or a path to a TOML file ([stages] model).")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Stage file '{path}' is not valid TOML: {exc}.") from None
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise ConfigError(f"Unknown key(s) {sorted(unknown)} at the top of stage file '{path}'. Valid keys: {sorted(_TOP_KEYS)}.")
    items = raw.get("stage")
    if not isinstance(items, list) or not items:
        raise ConfigError(f"Stage file '{path}' defines no [[stage]] tables. Add at least one with id, name and description.")
    stages, seen = [], set()
    for i, st in enumerate(items, 1):
        bad = set(st) - _STAGE_KEYS
        if bad:
            raise ConfigError(f"Unknown key(s) {sorted(bad)} in stage #{i} of '{path}'. Valid keys: {sorted(_STAGE_KEYS)}.")
        sid = st.get("id")
        if not isinstance(sid, str) or not sid:
            raise ConfigError(f"Stage #{i} in '{path}' has no 'id'. Add id = \"some_stage\" (lowercase letters, digits, _).")
        if not _ID.match(sid) or sid == "unmapped":
            raise ConfigError(f"Stage id '{sid}' in '{path}' must be lowercase letters, digits and _ (and not 'unmapped').")
        if sid in seen:
            raise ConfigError(f"Duplicate stage id '{sid}' in '{path}' (stage #{i}). Each stage needs its own id.")
        seen.add(sid)
        desc = st.get("description", "")
        if not isinstance(desc, str) or not desc.strip():
            raise ConfigError(f"Stage '{sid}' in '{path}' has no 'description'. Describe in a sentence or two what customers do there.")
        phase = st.get("phase", "during")
        if phase not in PHASES:
            raise ConfigError(f"The 'phase' of stage '{sid}' in '{path}' must be one of {list(PHASES)}. Got {phase!r} instead.")
        ex = st.get("examples", [])
        if not isinstance(ex, list) or not all(isinstance(e, str) for e in ex):
            raise ConfigError(f"The 'examples' of stage '{sid}' in '{path}' must be a list of strings.")
        stages.append(Stage(id=sid, name=str(st.get("name", sid.replace("_", " ").title())), phase=phase,
                            description=desc.strip(), examples=ex, content_format=str(st.get("content_format", "")),
                            needs=str(st.get("needs", ""))))
    return StageModel(name=str(raw.get("name", path.stem)), stages=stages, source=str(path))
