"""Session 15 ingest fixes (dogfood: a Polish fitness club): review scrapers' column names (Outscraper's place
``name`` beside the reviewer), offers sent to a page's inbox, a Word transcript's title, a participant's name in a
file name, a table's ``doc`` column as its conversation id."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import IngestConfig, read_corpus, read_table


@pytest.mark.parametrize("column", ["doc", "call_id"])
def test_a_doc_or_call_id_column_is_the_tables_conversation(tmp_path, column):
    # qsynth stage on a table of chats: 'ок' / 'спасибо' had been rows of their own, with stages of their own
    p = tmp_path / "t.csv"
    p.write_text(f"{column},role,text\nd1,agent,Чем могу помочь?\nd1,customer,ок\nd2,customer,спасибо\n",
                 encoding="utf-8")
    rec = read_table(p).records
    assert rec["thread_id"].tolist() == ["d1", "d1", "d2"]
    assert rec["turn_index"].tolist() == [0, 1, 0]
