"""Review exports: one document per review; its text is title + body, its pros and cons are records of their own, and
the seller's reply a brand record after them. The title is the headline of the review's first part: it opens the text
(the pros, when the review has no body; the whole text, when it has nothing else), unless the body repeats it, and it
is ``meta_title`` of each of the review's records. The segment stage keeps it with the first sentence after it
(:func:`title_end`): as a segment of its own a headline ("Lovely apartment", "Great stay") had been the biggest praise
theme, named after no one thing (dogfood 17b), and left out, a title that says the point ("Torn upholstery on
arrival.", "Nie polecam – kurier zgubił paczkę") was not read at all.

Marketplaces export what the customer liked and disliked beside the text ("Достоинства" / "Недостатки" on
Ozon and Wildberries, "Zalety" / "Wady" on Ceneo, "Pros" / "Cons"): a five-star "Все отлично, спасибо!"
can carry "Маломерит на размер, пришлось оформлять возврат" as its con. Each of the three is a record of
the review's document (``turn_index`` 0, 1, 2 in that order), so the con is read, tagged and counted as a
complaint on its own; ``meta_review_part`` says which part a record is (``text``, ``pros``, ``cons``). A pro
or con that says nothing ("Нет", "-", "brak") is quarantined with that reason, and a review of only pros or
only cons is not empty. The company's public answer ("Ответ продавца" on Ozon and Wildberries, "Odpowiedź
sprzedawcy", "Seller response", Google's "Owner response", the App Store's and Google Play's developer reply) is
the last record of the document, role ``brand`` and ``meta_review_part`` ``reply``: out of the customer analysis,
visible as the company's answer, and never the turn a customer's words answer. Its timestamp is the reply's own date
where a column holds it (Outscraper's ``owner_answer_timestamp_datetime_utc``, Trustpilot's ``Company Reply Date
(UTC)``, Google Play's ``Developer Reply Date and Time``: ``[ingest] review_columns`` ``reply_date``), not the review's. The reviewed place of a
multi-location business (Outscraper's ``name`` beside the reviewer's ``author_title``) is ``meta_place`` on every
record of the review.

The rating is read from the value when it carries its scale (``4/5``, ``8 out of 10``, ``★★★★☆``, ``FIVE``,
``80%``), else from ``[ingest] rating_scale``, else inferred per file from the largest value in the first
chunk (<= 5 -> 1..5, <= 10 -> 1..10 or 0..10, <= 100 -> 0..100); a scale starting at 1 maps 1 -> 0.0 and the
top -> 1.0. It is the sentiment evidence of the review's text only: five stars say nothing of its con
(``rating_raw`` keeps it on every part).
"""

from __future__ import annotations

import math
import re

from pipeline.ingest._records import clean_text
from pipeline.ingest._survey import says_nothing
from pipeline.ingest._tables import TableMapper

__all__ = ["ReviewMapper", "join_title", "no_pros_or_cons", "title_end"]

# "Недостатки: нет", "Wady: brak", "Cons: none": no con, not a statement about the product
# (a bare "нет", "brak", "none": survey_words.txt, read by says_nothing)
_NONE = re.compile(r"^[\W_]*(?:не (?:обнаружено|выявлено|нашла|нашёл|нашел|заметила|заметил)|недостатков нет|"
                   r"нет недостатков|пока нет|отсутствуют|brak wad|żadnych|zadnych|no cons)[\W_]*$", re.IGNORECASE)


# what ends a title, not its words: "Great sofa!" is repeated by "Great sofa. Comfy."
_TITLE_END = " \t.!?…:;,-–—"
# a title the platform cut from the body's opening ("Zamówiłam sofę w piątek, przyszła poryso…"): three words or more
_CUT_TITLE = re.compile(r"^(\S+\s+){2,}\S*?(?:…|\.\.\.)$")


def _repeats_opening(title: str, body: str) -> bool:
    """True when the body opens with the title's whole words (any case, any closing punctuation), or with a title
    cut short by an ellipsis: the title says nothing the body does not. A title that is only the start of the body's
    first word says something of its own: "Crash" before "Crashes at checkout", "Zwrot" before "Zwroty są…".

    Example:
        >>> [_repeats_opening(t, "Dostawa trwała 3 tygodnie.") for t in ("Dostawa", "dostawa!", "Dostawa trwała", "Dost")]
        [True, True, True, False]
        >>> _repeats_opening("Crash", "Crashes at checkout"), _repeats_opening("Zwrot", "Zwroty są płatne")
        (False, False)
        >>> _repeats_opening("Заказала диван, привезли с пятн...", "Заказала диван, привезли с пятном на спинке.")
        True
    """
    words = title.rstrip(_TITLE_END)
    if not words:
        return False
    if _CUT_TITLE.match(title) and body.casefold().startswith(title.rstrip(".…").rstrip().casefold()):
        return True
    return bool(re.match(re.escape(words) + r"(?!\w)", body, re.IGNORECASE))


def _headline(title: str) -> str:
    """The title as it opens its review's text: with a full stop unless it ends a sentence itself.

    Example:
        >>> _headline("Great sofa"), _headline("Great sofa!"), _headline("Nie polecam – kurier zgubił paczkę…")
        ('Great sofa.', 'Great sofa!', 'Nie polecam – kurier zgubił paczkę…')
    """
    return title if title[-1] in ".!?…:;" else f"{title}."


def join_title(title: str, body: str) -> str:
    """The text of a review: its title, then its body, unless the body opens with the title (:func:`_repeats_opening`).

    Example:
        >>> join_title("Great sofa", "Comfy."), join_title("Great sofa!", "Great sofa. Comfy."), join_title("Crash", "Crashes at checkout")
        ('Great sofa. Comfy.', 'Great sofa. Comfy.', 'Crash. Crashes at checkout')
        >>> join_title("Meh", ""), join_title("", "Comfy.")
        ('Meh', 'Comfy.')
    """
    title, body = title.strip(), body.strip()
    if not title or _repeats_opening(title, body):
        return body
    if not body:
        return title
    return f"{_headline(title)} {body}"


def title_end(title: str, text: str) -> int:
    """How many characters of a review's ``text`` are its title, joined before the words that follow it
    (:func:`join_title`); 0 when the text does not open with it (the body repeats it, a part without it) or is only it.
    The segment stage keeps these characters with the first part of the rest.

    Example:
        >>> text = join_title("Torn upholstery on arrival", "The sofa arrived torn. Reklamacja ignored.")
        >>> text[:title_end("Torn upholstery on arrival", text)]
        'Torn upholstery on arrival.'
        >>> title_end("Dostawa", join_title("Dostawa", "Dostawa trwała trzy tygodnie.")), title_end("Meh", "Meh")
        (0, 0)
    """
    head = _headline(title.strip()) if title.strip() else ""
    return len(head) if head and text.startswith(f"{head} ") else 0


def _title_first(title: str, parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A review's parts (part, text) with its title joined to the first that says something: the body, else the pros
    or cons (a Booking review has no body); the title alone is the text of a review that says nothing else.

    Example:
        >>> _title_first("Lovely apartment", [("pros", "Great location."), ("cons", "Noisy street.")])
        [('pros', 'Lovely apartment. Great location.'), ('cons', 'Noisy street.')]
        >>> _title_first("Not good", [("cons", "Brak")]), _title_first("", [("text", "Comfy.")])
        ([('text', 'Not good'), ('cons', 'Brak')], [('text', 'Comfy.')])
    """
    if not title:
        return parts
    for k, (part, text) in enumerate(parts):
        if part == "text" or not no_pros_or_cons(text):
            return parts[:k] + [(part, join_title(title, text))] + parts[k + 1:]
    return [("text", title)] + parts


def no_pros_or_cons(text: str) -> bool:
    """True for a pros or cons field that names none ("Нет", "-", "Brak", "n/a").

    Example:
        >>> [no_pros_or_cons(t) for t in ("Нет", "Недостатков нет.", "brak", "-", "швы", "нет застежки")]
        [True, True, True, True, False, False]
    """
    return says_nothing(text) or bool(_NONE.match(text))


class ReviewMapper(TableMapper):
    """Rows of a review export -> records with ``doc_id = "review:<file>:<review id or row>"``."""

    kind = "review"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = dict(zip(self._columns, self._raw_columns))   # as written in the file
        # (part, column) of the parts beside the text; the text's own column is the first present candidate
        self.sides = [(p, cols[0]) for p in ("pros", "cons") if (cols := self.fields.get(p))]
        self.reply = (self.fields.get("reply") or [""])[0]   # the seller's answer ("Ответ продавца")
        if self.sides:
            read = [f"'{self.headers.get(c, c)}' ({p})" for p, c in
                    ([("text", self.fields["text"][0])] if self.fields.get("text") else []) + self.sides]
            self.stats.note(f"text read from {', '.join(read)}: each a record of its review")
        if self.fields.get("title"):
            self.stats.note(f"'{self.headers.get(self.fields['title'][0], self.fields['title'][0])}' read as each "
                            "review's headline (meta_title): the opening of its first part, unless the body repeats it")
        if self.reply:
            self.stats.note(f"'{self.headers.get(self.reply, self.reply)}' read as the company's reply: a brand record "
                            "of its review, after the customer's words")

    def map_row(self, row: dict[str, str], line: int | None, idx: int) -> None:
        meta = self.meta(row)
        rid = self.get(row, "id") or str(idx)
        speaker = self.get(row, "speaker")
        raw = self.get(row, "rating")
        title = clean_text(self.get(row, "title"))
        parts = [("text", clean_text(self.get(row, "text")))] + [(p, clean_text(row.get(c) or "")) for p, c in self.sides]
        parts = _title_first(title, [(p, t) for p, t in parts if t])
        if not parts:
            self.buf.reject(self.stats, line, idx, "empty text")
            return
        if title:
            meta = {**meta, "meta_title": title}
        ts = self.timestamp(row, meta)
        role = self.role(speaker, "")
        channel = self.get(row, "channel") or "review"
        turn = 0
        for k, (part, part_text) in enumerate(parts):
            if k:   # one record index per part, after the row's own
                index, self.record_index = self.record_index, self.record_index + 1
            else:
                index = idx
            if part != "text" and no_pros_or_cons(part_text):
                column = self.headers.get(dict(self.sides)[part], part)
                self.buf.reject(self.stats, line, index, f"{part} {part_text!r} (column '{column}') names none: "
                                                         "not a statement")
                continue
            if self.buf.add(self.stats, doc_id=f"review:{self.stats.file}:{rid}", source_type="review", line=line,
                            record_index=index, turn_index=turn, text=part_text, thread_id=rid, speaker=speaker,
                            role=role, timestamp=ts, channel=channel,
                            rating=self.rating(raw) if part == "text" else math.nan, rating_raw=raw,
                            meta={**meta, "meta_review_part": part} if self.sides or self.reply else meta):
                turn += 1
        reply = clean_text(self.get(row, "reply")) if self.reply else ""
        if reply:   # last, so it is never read as what the customer answered
            index, self.record_index = self.record_index, self.record_index + 1
            meta = {**meta, "meta_review_part": "reply"}
            self.buf.add(self.stats, doc_id=f"review:{self.stats.file}:{rid}", source_type="review", line=line,
                         record_index=index, turn_index=turn, text=reply, thread_id=rid, speaker="", role="brand",
                         timestamp=self.timestamp(row, meta, "reply_date"), channel=channel, rating_raw=raw, meta=meta)
