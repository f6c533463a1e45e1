"""Survey exports: one record per open-ended answer, one document per respondent.

A survey table has one row per respondent and a column per question. The open-ended questions are
named in ``[ingest] survey_columns``; each non-empty answer becomes its own record (source
``survey``, the question as written in the header in ``meta_question``), so "What did you like?"
and "What could we improve?" are read, tagged and clustered apart, and a respondent counts once in
a theme's reach. A score column (``nps``, ``csat``, ``rating`` …) is kept as written in ``rating_raw``; it is the
``rating`` (evidence for sentiment, an ``nps`` column on the 0-10 scale) only when the survey asks one
open question, the "why this score?" kind: with several, an NPS of 9 says nothing about the answer to
"What could we improve?". A row that answers none of the questions is quarantined, and so is an
answer that says nothing ("—", "-", "n/a", "nie", "нет": a form's way of skipping a question), each with its
question, so it does not count as a customer's statement.
"""

from __future__ import annotations

import math
import re

from pipeline.ingest._records import clean_text
from pipeline.ingest._tables import TableMapper

__all__ = ["SurveyMapper", "says_nothing"]

# An answer that skips the question. Not "nic" / "nothing" / "brak": to "What could we improve?" those
# are answers (nothing to improve).
_SKIP = re.compile(r"^[\W_]*(?:n/?a|nie|no|nope|нет|не|-)?[\W_]*$", re.IGNORECASE)


def says_nothing(text: str) -> bool:
    """True for a survey answer that skips its question: no letters, or only "n/a", "no", "nie", "нет".

    Example:
        >>> [says_nothing(t) for t in ("—", "nie", "N/A.", "Nic, wszystko super", "Чистота")]
        [True, True, True, False, False]
    """
    return bool(_SKIP.match(text))


class SurveyMapper(TableMapper):
    """Rows of a survey export -> records with ``doc_id = "survey:<file>:<respondent id or row>"``."""

    kind = "survey"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.primary |= set(self.fields["text"])   # every question column is text, none is metadata
        headers = dict(zip(self._columns, self._raw_columns))
        self.questions = [(c, headers.get(c, c)) for c in self.fields["text"]]

    def map_row(self, row: dict[str, str], line: int | None, idx: int) -> None:
        answers = [(q, text) for c, q in self.questions if (text := clean_text(row.get(c) or ""))]
        skipped = [(q, text) for q, text in answers if says_nothing(text)]
        answers = [a for a in answers if a not in skipped]
        if not answers and skipped:
            self.buf.reject(self.stats, line, idx, "no answer: " + "; ".join(f"{t!r} to {q!r}" for q, t in skipped)
                            + " (an answer that skips its question is not a statement)")
            return
        if not answers:
            self.buf.reject(self.stats, line, idx, "no answer in any of the survey columns "
                                                   f"({', '.join(q for _, q in self.questions)})")
            return
        meta = self.meta(row)
        rid = self.get(row, "id") or str(line if line is not None else idx)   # the respondent: the row
        speaker = self.get(row, "speaker")
        raw = self.get(row, "rating")
        rating = self.rating(raw) if len(self.questions) == 1 else math.nan
        ts = self.timestamp(row, meta)
        role = self.role(speaker, "")
        channel = self.get(row, "channel") or "survey"
        for question, text in skipped:   # each skipped question of an answering respondent, on its own line
            self.buf.reject(self.stats, line, self.record_index, f"no answer: {text!r} to {question!r} "
                                                                 "(an answer that skips its question is not a statement)")
            self.record_index += 1
        for turn, (question, text) in enumerate(answers):
            if turn:  # one record index per answer, after the row's own
                index, self.record_index = self.record_index, self.record_index + 1
            else:
                index = idx
            self.buf.add(self.stats, doc_id=f"survey:{self.stats.file}:{rid}", source_type="survey", line=line,
                         record_index=index, turn_index=turn, text=text, thread_id=rid, speaker=speaker, role=role,
                         timestamp=ts, channel=channel, rating=rating, rating_raw=raw,
                         meta={**meta, "meta_question": question})
