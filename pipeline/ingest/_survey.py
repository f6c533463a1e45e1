"""Survey exports: one record per open-ended answer, one document per respondent.

A survey table has one row per respondent and a column per question. The open-ended questions are
named in ``[ingest] survey_columns``; each non-empty answer becomes its own record (source
``survey``, the question as written in the header in ``meta_question``), so "What did you like?"
and "What could we improve?" are read, tagged and clustered apart, and a respondent counts once in
a theme's reach. A score column (``nps``, ``csat``, ``rating`` …, or the Net Promoter question itself: "How likely
are you to recommend us to a friend?", "Jak bardzo prawdopodobne jest, że polecisz nas znajomemu? (0-10)") is kept
as written in ``rating_raw``; it is the ``rating`` (evidence for sentiment, an NPS by its category) of the answer
that explains it (:func:`explains_score`: "Why this score?", or a survey's only open question), not of "What could
we improve?", asked of everyone: an NPS of 9 says nothing about that answer. An NPS also gives every record of its
respondent ``meta_nps_group`` (detractor / passive / promoter), a segment for the map. A row that answers none of the questions is quarantined, and so is an
answer that says nothing (:func:`says_nothing`: "—", "n/a", "nie", "нет", "nie wiem", "не знаю", and "nic" to a
question that asks for nothing to like, dislike or improve), each with its question, so it does not count as a
customer's statement.
"""

from __future__ import annotations

import math
from typing import Iterator

from pipeline.detect import asks_nothing_in_particular, survey_question_kind
from pipeline.ingest._header import data_cell, question_header
from pipeline.ingest._records import FileStats, clean_text
from pipeline.ingest._tables import Row, TableMapper, unique_header
from pipeline.text import survey_words, word_key

__all__ = ["SurveyMapper", "says_nothing", "second_header", "skip_second_header"]

def second_header(raw: list[str], values: list[str]) -> list[str] | None:
    """The column names a second header row gives, None when ``values`` (the row under the header) is a
    respondent's. SurveyMonkey writes one: under each question the kind of its answer ("Response",
    "Open-Ended Response"), under a choice question's columns their options ("Internet", "Other (please
    specify)"), and nothing under its own columns (Respondent ID, Start Date …). So the row is a header when it has
    such an answer word and every other value sits under a question or a column without a name and holds no
    value's shape (a date, a number, an e-mail). A question keeps its name; an option's column is the question's
    (the last one named) with the option after " - ".

    Example:
        >>> second_header(["Respondent ID", "How likely…? (0-10)", "Which services?", "", "Why?"],
        ...               ["", "Response", "Internet", "Other (please specify)", "Open-Ended Response"])
        ['Respondent ID', 'How likely…? (0-10)', 'Which services? - Internet', 'Which services? - Other (please specify)', 'Why?']
        >>> second_header(["Respondent ID", "Why?"], ["114503486260", "Response"]) is None
        True
    """
    answers = survey_words("response")
    if len(values) != len(raw) or not any(word_key(v) in answers for v in values):
        return None
    for h, v in zip(raw, values):
        if v.strip() and word_key(v) not in answers and (h.strip() and not question_header(h) or data_cell(v)):
            return None
    out, question = [], ""
    for h, v in zip(raw, values):
        question = h.strip() or question
        out.append(h if not v.strip() or word_key(v) in answers else f"{question} - {v.strip()}")
    return out


def skip_second_header(chunk: list[Row], rows: Iterator[Row], columns: list[str], raw: list[str],
                       stats: FileStats) -> tuple[list[Row], Iterator[Row], list[str], list[str]]:
    """A table's first rows, the rest, its columns and their names as written, with a second header row
    (:func:`second_header`) read as the names of the columns and left out of the rows, ``files.csv`` saying so:
    SurveyMonkey's "Response" / "Open-Ended Response" row had been a respondent, its words two customer segments
    and its "Response" an NPS. Unchanged when the first row is a respondent's."""
    named = second_header(raw, list(chunk[0][1].values())) if chunk and chunk[0][1] is not None else None
    if named is None:
        return chunk, rows, columns, raw
    new = unique_header(named)
    rename = dict(zip(columns, new))
    stats.note(f"line {chunk[0][0]} is a second header row (the kind of each question's answer, a choice question's "
               "options), not a respondent: it names the columns")

    def renamed(it) -> Iterator[Row]:
        for line, row, err in it:
            yield line, None if row is None else {rename.get(k, k): v for k, v in row.items()}, err

    return list(renamed(chunk[1:])), renamed(rows), new, named


def says_nothing(text: str, asks: str = "") -> bool:
    """True for an answer that skips its question (:func:`pipeline.text.survey_words`): no letters, a form's filler ("n/a",
    "brak"), a bare no ("nie", "нет"), "don't know" ("nie wiem", "не знаю"), or "nothing" ("nic", "ничего") to a
    question that asks for nothing to like, dislike or improve (``asks``, what
    :func:`pipeline.detect.survey_question_kind` reads the question as: "" or "score", see
    :func:`pipeline.detect.asks_nothing_in_particular`). To "What should we improve?" ("improve"), "What
    went wrong?" ("problem") or "What did you like?" ("praise"), "nothing" is an answer.

    Example:
        >>> [says_nothing(t) for t in ("—", "nie", "N/A.", "Nie wiem", "не знаю", "Nic, wszystko super", "Чистота")]
        [True, True, True, True, True, False, False]
        >>> says_nothing("Nic", asks="score"), says_nothing("Nic", asks="improve")
        (True, False)
    """
    k = word_key(text)
    return not k or k in survey_words("skip") or (asks_nothing_in_particular(asks) and k in survey_words("nothing"))


def explains_score(asks: str, only: bool) -> bool:
    """True for a question whose answer the respondent's score is sentiment evidence for: one about the score
    (``asks``, as :func:`says_nothing` takes it, is "score": "Why this score?", "Co jest głównym powodem Twojej
    oceny?", "Какова главная причина вашей оценки?"), or the survey's ``only`` open question when it asks for no
    likes, dislikes or improvements. "What should we improve?" is asked of every respondent: a promoter's suggestion
    is no praise, a detractor's "Nic" no complaint.

    Example:
        >>> explains_score("score", False), explains_score("", False), explains_score("", True)
        (True, False, True)
        >>> explains_score("improve", True)
        False
    """
    return asks == "score" or (only and not asks)


class SurveyMapper(TableMapper):
    """Rows of a survey export -> records with ``doc_id = "survey:<file>:<respondent id or row>"``."""

    kind = "survey"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.primary |= set(self.fields["text"])   # every question column is text, none is metadata
        headers = dict(zip(self._columns, self._raw_columns))
        self.questions = [(c, headers.get(c, c)) for c in self.fields["text"]]
        self.asks = {q: survey_question_kind(q) for _, q in self.questions}   # as detection reads each question
        self.scored = {q for _, q in self.questions if explains_score(self.asks[q], len(self.questions) == 1)}

    def map_row(self, row: dict[str, str], line: int | None, idx: int) -> None:
        answers = [(q, text) for c, q in self.questions if (text := clean_text(row.get(c) or ""))]
        skipped = [(q, text) for q, text in answers if says_nothing(text, self.asks[q])]
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
        rating = self.rating(raw)
        if self.nps:   # every record of the respondent, so a map can be drawn per group
            meta["meta_nps_group"] = self.nps_group(raw)
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
                         timestamp=ts, channel=channel, rating=rating if question in self.scored else math.nan,
                         rating_raw=raw,
                         meta={**meta, "meta_question": question})
