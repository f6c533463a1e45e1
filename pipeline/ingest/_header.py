"""Whether a table's first row is a header, so that an error message never prints a row of personal data.

A CSV exported without a header row has its first record where the column names should be:
``C-1, 2026-04-03T09:12:41Z, customer, Jan Kowalski, jan.kowalski@wp.pl, +48 600 100 200, Gdzie moja sofa?``.
Printed as "the file's columns", that row put a customer's name, e-mail and phone in the terminal and in
logs. :func:`headerless` says when a first row holds values instead of names, and describes it by its number
of cells and the cells that look like column names only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.detect import QUESTION_WORD
from pipeline.ingest._config import IngestConfig
from pipeline.ingest._records import norm_key, parse_timestamp

__all__ = ["headerless", "data_cell", "question_header"]

# words of column names beside the configured candidates ("Order Number", "Customer Name", "Data wywiadu")
_MORE_WORDS = {"order", "number", "product", "status", "country", "city", "plan", "segment", "persona", "language",
               "platform", "version", "email", "e", "mail", "phone", "first", "last", "full", "sku", "price", "category",
               "question", "answer", "tags", "tag", "url", "link", "file", "participant", "interviewer", "note", "notes",
               "of", "the", "and", "at", "in", "on", "date", "time", "code", "size", "imię", "nazwisko", "telefon",
               "miasto", "plik", "фио", "телефон", "город", "файл", "размер", "артикул", "статус", "товара", "название"}
_CAPITALISED = re.compile(r"[^\W\d_][^\W\d_'’.\-]*")
# A form's question as a column name (Google Forms, SurveyMonkey, Typeform write the whole question): it opens with
# a question word (detection's: pipeline.detect.QUESTION_WORD) or a request (en / pl / ru), and may end in a scale or
# option mark after the question mark: "(0-10)", "(optional)", "(opcjonalnie)", "[1-5]", "(выберите все подходящие)".
_REQUEST_WORD = re.compile(r"(?:please|rate|overall|on a scale|tell us|describe|proszę|prosimy|oceń|opisz|napisz|"
                           r"пожалуйста|оцените|укажите|по шкале|опишите|напишите)\b", re.IGNORECASE)
_TRAILING_MARK = re.compile(r"(?:\s*[(\[][^()\[\]]{1,40}[)\]])+$")


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    cfg = IngestConfig()
    names = [c for cols in (cfg.chat_columns, cfg.review_columns, cfg.social_columns, cfg.interview_columns)
             for cands in cols.values() for c in cands]
    names += [v for vals in cfg.role_values.values() for v in vals]
    return frozenset(w for n in names for w in norm_key(n).split("_") if w) | _MORE_WORDS


def _words(cell: str) -> list[str]:
    return [w for w in re.split(r"[\s_\-./]+", cell.casefold()) if w]


def question_header(cell: str) -> bool:
    """True for a cell shaped like a form's question: it ends in "?" or ":", or in a scale or option mark after
    one ("… znajomemu? (0-10)"), or it opens with a question word or a request and ends in such a mark
    ("Please rate the installation (1-5)").

    Example:
        >>> [question_header(c) for c in ("Jak bardzo prawdopodobne jest, że polecisz nas znajomemu? (0-10)",
        ...                                "Anything else you would like to tell us (optional)", "Comments:",
        ...                                "Internet przestał działać w piątek wieczorem (znowu)")]
        [True, True, True, False]
    """
    c = " ".join(str(cell).split())
    core = _TRAILING_MARK.sub("", c)
    return core.endswith(("?", ":")) or (core != c and bool(QUESTION_WORD.match(core) or _REQUEST_WORD.match(core)))


def data_cell(cell: str) -> bool:
    """True for a cell that holds a value, not a column name: a handle, a long number, a date, what redaction
    reads as personal data or a link (:func:`pipeline.redact.has_identifier`: an e-mail, a phone, an address, a
    URL …), a person's name ("Jan Kowalski": capitalised words none of which names a column), or a sentence that is
    no question (:func:`question_header`).

    Example:
        >>> [data_cell(c) for c in ("jan.kowalski@wp.pl", "+48 600 100 200", "2026-04-03T09:12:41Z", "Jan Kowalski",
        ...                         "ul. Długa 5, Warszawa", "sofino.pl/konto/jan", "SW1A 1AA",
        ...                         "Customer Name", "Imię i nazwisko", "conversation_id", "What could we improve?",
        ...                         "Jak bardzo prawdopodobne jest, że polecisz nas znajomemu? (0-10)")]
        [True, True, True, True, True, True, True, False, False, False, False, False]
    """
    from pipeline.redact import has_identifier   # redaction owns the shapes of personal data (it reads ingest's labels)

    c = " ".join(str(cell).split())
    if "@" in c:   # an e-mail, or a handle redaction has no shape for ("@anna_k")
        return True
    if sum(ch.isdigit() for ch in c) >= 6 or re.search(r"\d{5}", c) or (re.search(r"\d", c) and parse_timestamp(c)):
        return True
    words = c.split()
    if 2 <= len(words) <= 4 and all(_CAPITALISED.fullmatch(w) and w[0].isupper() for w in words):
        return not set(_words(c)) & _known_words()
    return ((len(words) > 8 or len(c) > 80) and not question_header(c)) or has_identifier(c)


def _column_like(cell: str) -> bool:
    """A cell safe to show as a column name: no digits, short, and snake_case or made of column-name words."""
    c = cell.strip()
    if not c or len(c) > 30 or re.search(r"\d", c) or data_cell(c):
        return False
    return ("_" in c and " " not in c) or all(w in _known_words() for w in _words(c))


def headerless(raw: list[str]) -> str | None:
    """How to describe a first row that holds values instead of column names (see :func:`data_cell`); None when
    it reads as a header. The description names the number of columns and, at most, the cells that look like
    column names: never a cell that may be personal data.

    Example:
        >>> headerless(["C-1", "2026-04-03T09:12:41Z", "customer", "Jan Kowalski", "jan.kowalski@wp.pl", "Gdzie moja sofa?"])
        "the first row holds values (an e-mail address, a number, a date or a name), not column names: the file seems to have no header row; it has 6 columns, of which 'customer' looks like a column name"
        >>> headerless(["conversation_id", "Customer Name", "Message"]) is None
        True
    """
    if not any(data_cell(c) for c in raw):
        return None
    shown = [c.strip() for c in raw if _column_like(c)]
    if not shown:
        names = ", none like a column name"
    elif len(shown) == 1:
        names = f", of which '{shown[0]}' looks like a column name"
    else:
        names = f", of which {', '.join(repr(c) for c in shown)} look like column names"
    return ("the first row holds values (an e-mail address, a number, a date or a name), not column names: the file "
            f"seems to have no header row; it has {len(raw)} columns{names}")
