"""Name redaction (s15): names found once per text and propagated by their spans, one spaCy pass for all texts,
one owner for 'first name' and 'everyday word', the word lists in resources/names, names that were missed."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.redact import RedactConfig, Redactor, redact_table


@pytest.fixture(scope="module")
def red() -> Redactor:
    return Redactor(RedactConfig())


def _table(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """(doc_id, speaker, text) rows of customers' English chats."""
    return pd.DataFrame({"doc_id": [d for d, _, _ in rows], "speaker": [s for _, s, _ in rows],
                         "text": [t for _, _, t in rows], "role": ["customer"] * len(rows), "lang": ["en"] * len(rows)})


# ----------------------------------------------------------------------------- found once, propagated by span
def test_each_text_is_searched_once_and_english_texts_share_one_spacy_pass(red, monkeypatch):
    # texts with different known names had been split into one nlp.pipe call per name set, and a text of a
    # document with a name found elsewhere in it went through the whole redactor (spaCy too) a second time
    df = _table([("chat:1", "Marta", "Thanks, Marta! The Oslo sofa is late."),
                 ("chat:1", "", "And then one time Carlos changed my delivery slot."),
                 ("chat:1", "", "Carlos never calls back."),
                 ("chat:2", "Kevin", "Kevin said the Bergen chair ships Monday."),
                 ("chat:3", "Fiona", "Is Fiona still on my order?")])
    nlp = red._names.nlp
    pipe, calls, searched = nlp.pipe, [], []
    monkeypatch.setattr(nlp, "pipe", lambda texts, **kw: calls.append(list(texts)) or pipe(calls[-1], **kw))
    find_many = red.find_many
    monkeypatch.setattr(red, "find_many", lambda texts, *a, **kw: searched.extend(texts) or find_many(texts, *a, **kw))
    out = redact_table(df, red.cfg, red)["text"].tolist()
    assert out == ["Thanks, [PERSON]! The Oslo sofa is late.", "And then one time [PERSON] changed my delivery slot.",
                   "[PERSON] never calls back.", "[PERSON] said the Bergen chair ships Monday.",
                   "Is [PERSON] still on my order?"]
    assert len(calls) == 1 and len(searched) == len(df)


def test_names_a_document_gives_are_the_found_names_not_the_capitalised_words_that_went(red):
    # the names of a document were the capitalised words missing from a redacted text: the 'Meblex' and 'Pomoc'
    # of an e-mail address beside a name became names, and 'Meblex' was redacted in the document's other texts
    df = _table([("chat:1", "", "Write to Kasia Nowak at Meblex.Pomoc@wp.pl please."),
                 ("chat:1", "", "Meblex delivers on Fridays, Pomoc answers on Mondays.")])
    assert redact_table(df, red.cfg, red)["text"].tolist() == [
        "Write to [PERSON] at [EMAIL] please.", "Meblex delivers on Fridays, Pomoc answers on Mondays."]
