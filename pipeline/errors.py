"""All qsynth errors and their messages, in one place.

Every message is one line that names what was expected, what was found and how to fix it
(spaCy's ``Errors`` style). Messages never include customer text: transcripts hold personal data.
"""

from __future__ import annotations

__all__ = ["QsynthError", "ConfigError", "InputError", "NotInstalled", "StageContractError"]


class QsynthError(Exception):
    """Base class: a problem the user can fix; the CLI prints it as one line and exits 1."""


class ConfigError(QsynthError):
    """A config file or parameter is invalid."""


class InputError(QsynthError):
    """Input data cannot be read; the message names the file, the line and the fix."""


class StageContractError(QsynthError):
    """A pipeline stage did not honour its declared ``requires`` / ``assigns`` columns."""


class NotInstalled(QsynthError):
    """An optional dependency is missing; the message says which ``pip install`` fixes it."""

    def __init__(self, package: str, feature: str, extra: str | None = None):
        fix = f'pip install "qsynth[{extra}]"' if extra else f"pip install {package}"
        super().__init__(f"{feature} needs the package '{package}', which is not installed. Fix: {fix}")
        self.package = package


# Message templates (E-codes keep them searchable in issues and docs).
E001 = "Corpus folder '{path}' does not exist. Fix: pass an existing folder, e.g. `qsynth run corpora/sample`."
E002 = "Corpus folder '{path}' holds no readable files ({n_unsupported} unsupported). Fix: add .txt/.vtt/.srt/.docx/.md transcripts, .csv/.tsv/.json/.jsonl/.xlsx exports or .mbox/.eml e-mail."
E003 = "Unknown config section [{section}] in {source}. Valid sections: {opts}."
E004 = "Unknown config key '{key}' in [{section}] of {source}. Valid keys: {opts}."
E005 = "The '{key}' parameter of [{section}] must be {expected}. Got {got!r} instead."
E006 = "Config file '{path}' is not valid TOML: {err}. Fix the syntax at the position shown."
E007 = "Config file '{path}' does not exist."
E008 = "Unknown embedder '{name}'. Available: {opts}, or 'sentence-transformers:<model name or local path>'."
E009 = "Stage '{stage}' requires columns {missing} that no earlier stage assigns. Pipeline order: {order}."
E010 = "Stage '{stage}' declared it assigns {missing} but did not add them."
E011 = "Stage '{stage}' changed or dropped columns it does not own: {cols}."
E012 = "Input file '{path}' does not exist."
E013 = "Unknown stage '{name}' in [run] stages. Available: {opts}."
E014 = "--strict: {n} record(s) were quarantined; see {path}. Fix the input rows listed there or drop --strict."
