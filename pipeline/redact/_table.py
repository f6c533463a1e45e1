"""Table-level helpers used by the ``redact`` stage: redact ``text``, pseudonymise ``speaker``,
flag duplicates."""

from __future__ import annotations

import pandas as pd

from pipeline.redact._config import RedactConfig
from pipeline.redact._dedup import flag_duplicates
from pipeline.redact._names import known_name_tokens
from pipeline.redact._pseudonym import pseudonymise_speakers
from pipeline.redact._redactor import Redactor

__all__ = ["redact_table", "flag_table_duplicates"]

# Speakers in these roles are organisations or software, whose names are not personal data to
# hunt for inside other texts (their raw names are still pseudonymised in the speaker column).
_NON_PERSON_ROLES = {"bot", "brand"}


def redact_table(segments: pd.DataFrame, cfg: RedactConfig, redactor: Redactor | None = None) -> pd.DataFrame:
    """Redact a segment table: replaces ``text`` and ``speaker`` and adds ``pii_found``.

    Speaker names of people (customers, agents, interviewers) are also looked for inside every
    text, so "Thanks, Marta!" is redacted when Marta is a participant.

    Args:
        segments: Table with at least ``text``; ``speaker``, ``role`` and ``lang`` are used when present.
        cfg: The ``[redact]`` settings. With ``enabled = false`` text and speaker stay as they are.
        redactor: A ready :class:`Redactor` to reuse (it holds the loaded spaCy model).

    Returns:
        A new table: same rows and columns, ``text`` / ``speaker`` replaced, plus ``pii_found``
        (";"-joined placeholder types per row, "" when none).
    """
    out = segments.copy()
    if not cfg.enabled:
        out["pii_found"] = ""
        return out
    redactor = redactor or Redactor(cfg)
    n = len(out)
    texts = out["text"].fillna("").astype(str).tolist()
    speakers = out["speaker"].fillna("").astype(str).tolist() if "speaker" in out else [""] * n
    roles = out["role"].fillna("").astype(str).tolist() if "role" in out else [""] * n
    langs = out["lang"].tolist() if "lang" in out else None
    if langs is not None:
        langs = [l if isinstance(l, str) else None for l in langs]
    people = {s for s, r in zip(speakers, roles) if s and r not in _NON_PERSON_ROLES}
    keep = {k.casefold() for k in cfg.keep}
    known = frozenset(t for t in known_name_tokens(people) if t not in keep) if cfg.person_names and "PERSON" in cfg.types else frozenset()
    results = redactor.redact_many(texts, langs, known_names=known)
    out["text"] = [t for t, _ in results]
    out["pii_found"] = [";".join(types) for _, types in results]
    if "speaker" in out and cfg.pseudonymise_speakers:
        out["speaker"] = pseudonymise_speakers(speakers, roles)
    return out


def flag_table_duplicates(segments: pd.DataFrame, cfg: RedactConfig) -> pd.DataFrame:
    """Add ``dup_group`` (int, -1 for unique texts) and ``is_dup`` (bool) to a segment table.

    Texts are compared within the same ``role`` (when the column exists), so an agent macro
    never makes a customer's words a duplicate. Run it on the redacted text: placeholders make
    "Hi Anna, ..." and "Hi Piotr, ..." greetings identical.

    Args:
        segments: Table with ``text`` (and optionally ``role``).
        cfg: The ``[redact]`` settings (``dedup``, ``dedup_threshold``, ``dedup_min_chars``).

    Returns:
        A new table with the two columns added; with ``dedup = false`` every row is unique.
    """
    out = segments.copy()
    n = len(out)
    if not cfg.dedup or n == 0:
        out["dup_group"] = [-1] * n
        out["is_dup"] = [False] * n
        return out
    by = out["role"].fillna("").astype(str).tolist() if "role" in out else None
    group, dup = flag_duplicates(out["text"].fillna("").astype(str).tolist(), cfg.dedup_threshold,
                                 by=by, min_chars=cfg.dedup_min_chars)
    out["dup_group"] = pd.array(group, dtype="int64")
    out["is_dup"] = pd.array(dup, dtype="bool")
    return out
