"""Personal-data redaction and near-duplicate flagging for qsynth.

Redaction replaces e-mails, phone numbers (pl / ru / by / ua / en formats), Luhn-checked card
numbers, checksum-checked IBANs, PESEL and NIP numbers, URLs carrying tokens, one-time codes and PINs,
street addresses and person names with placeholders such as ``[EMAIL]``; speaker names become role aliases
("Customer 7"). Duplicate flagging marks exact and near-duplicate texts so that copy-paste
reviews, bot greetings and agent macros do not inflate counts.

Example:
    >>> from pipeline.redact import Redactor, RedactConfig
    >>> Redactor(RedactConfig(person_names=False)).redact("Mój PESEL to 85031488535")
    ('Mój PESEL to [PESEL]', ['PESEL'])
"""

from pipeline.redact._checksums import iban_ok, luhn_ok, nip_ok, nrb_ok, pesel_ok
from pipeline.redact._config import ALL_TYPES, RedactConfig
from pipeline.redact._dedup import flag_duplicates, normalise_for_dedup
from pipeline.redact._keys import cache_secret, keyed_hash, name_key
from pipeline.redact._names import LANGS, NAMES_DIR, NameFinder, everyday_word, first_name, known_name_tokens, polish_forms
from pipeline.redact._patterns import Entity, has_identifier
from pipeline.redact._pseudonym import ROLE_LABELS, id_aliases, pseudonymise_speaker, pseudonymise_speakers
from pipeline.redact._redactor import Redactor, apply, guess_lang
from pipeline.redact._table import flag_table_duplicates, redact_columns, redact_quarantine, redact_table, redact_values

__all__ = [
    "ALL_TYPES",
    "Entity",
    "LANGS",
    "NAMES_DIR",
    "NameFinder",
    "ROLE_LABELS",
    "RedactConfig",
    "Redactor",
    "apply",
    "cache_secret",
    "everyday_word",
    "first_name",
    "flag_duplicates",
    "flag_table_duplicates",
    "guess_lang",
    "has_identifier",
    "id_aliases",
    "iban_ok",
    "keyed_hash",
    "known_name_tokens",
    "luhn_ok",
    "name_key",
    "nip_ok",
    "normalise_for_dedup",
    "nrb_ok",
    "pesel_ok",
    "polish_forms",
    "pseudonymise_speaker",
    "pseudonymise_speakers",
    "redact_columns",
    "redact_quarantine",
    "redact_table",
    "redact_values",
]
