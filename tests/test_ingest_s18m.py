"""Session 18 ingest mends (m): findings 1, 4, 8, 10 and 12 of review rev1 (4053c04..bd4b726)."""

from __future__ import annotations

import pytest

from pipeline.ingest._calls import answers_the_call, company_speakers


# --- 1. a customer who picks up an outbound call by name is no agent (57f283f) -----------------------------------

_OUTBOUND = [
    ("Hello, Anna speaking.", "Hi Anna, this is Tom from Medicus Plus, I'm calling about your appointment tomorrow."),
    ("Halo, Marek przy telefonie.", "Dzień dobry, dzwonię z firmy Sofino w sprawie pana wniosku."),
    ("Алло, Игорь на связи.", "Добрый день, звоню по вашей заявке."),
    ("Алло, слушаю вас.", "Добрый день, звоню по вашей заявке."),   # pymorphy3 reads "Алло" as a first name
]


@pytest.mark.parametrize("picks_up, calls", _OUTBOUND)
def test_a_customer_answering_an_outbound_call_by_name_is_not_the_company_s_speaker(picks_up, calls):
    turns = [("S1", picks_up), ("S2", calls), ("S1", "Tak / yes / да."), ("S2", "…")]
    assert company_speakers(turns, ["S1", "S2"]) == []


@pytest.mark.parametrize("text", ["Hi, Anna speaking, I have a question about my bill",
                                  "Good morning, Sarah speaking, you called me earlier about my order?",
                                  "Halo, mówi Anna, dostałam SMS od Państwa", "Hello, Anna speaking."])
def test_answering_by_name_with_a_bare_hello_does_not_answer_for_the_company(text):
    assert not answers_the_call(text)


def test_the_company_answering_by_name_with_its_name_or_an_offer_of_help_still_does():
    turns = [("S1", "Medicus Plus, good morning, Marta speaking."), ("S2", "Hi, I'd like to move my appointment."),
             ("S1", "Sure, which day?")]
    assert company_speakers(turns, ["S1", "S2"]) == ["S1"]
    assert answers_the_call("Anna speaking, how can I help?") and answers_the_call("Mówi Anna, w czym mogę pomóc?")


# --- 4. a customer's own words are no Meta notice (88a23ef) ------------------------------------------------------

def _messenger(path, title: str, owner: str, messages: list[tuple[str, str]]) -> None:
    """A Messenger conversation as Meta's JSON export writes it (newest first)."""
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    msgs = [{"sender_name": who, "timestamp_ms": 1772000000000 + 60000 * i, "content": text}
            for i, (who, text) in enumerate(messages)][::-1]
    path.write_text(json.dumps({"participants": [{"name": title}, {"name": owner}], "messages": msgs, "title": title},
                               ensure_ascii=False), encoding="utf-8")


def test_a_customer_saying_they_sent_an_attachment_is_read_and_meta_s_own_notice_is_not(tmp_path):
    from pipeline.ingest import IngestConfig, read_corpus

    inbox = tmp_path / "messages" / "inbox"
    said = ["Hi, I sent an attachment", "Ok thanks, we sent an attachment.", "I sent an attachment"]
    _messenger(inbox / "annanowak_1" / "message_1.json", "Anna Nowak", "Sofino",
               [("Anna Nowak", t) for t in said] + [("Anna Nowak", "Anna Nowak sent an attachment."),
                                                    ("Anna Nowak", "Reacted ❤ to your message")])
    _messenger(inbox / "olga_2" / "message_1.json", "Ольга Ли", "Sofino",
               [("Ольга Ли", "Я отправил вложение"), ("Ольга Ли", "Я вам отправила вложение"),
                ("Ольга Ли", "Ольга Ли отправила вложение")])
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "WhatsApp Chat with Kasia.txt").write_text(
        "12.05.2026, 14:32 - Kasia: Kasia polubiła wiadomość\n12.05.2026, 14:33 - Sofino: Dziękujemy!\n"
        "12.05.2026, 14:34 - Kasia: Żona wysłała załącznik\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    assert sorted(res.records["text"]) == sorted([*said, "Я отправил вложение", "Я вам отправила вложение",
                                                  "Kasia polubiła wiadomość", "Dziękujemy!", "Żona wysłała załącznik"])
    assert res.quarantine["reason"].str.startswith("Meta's notice").sum() == 3


# --- 8. an odd zone after a time is no error that rejects the file; an ISO time's zone after it is read (e00da65) ----

def test_a_time_with_an_impossible_zone_is_kept_unread_and_the_file_s_other_rows_are_read(tmp_path):
    from pipeline.ingest import IngestConfig, read_corpus

    (tmp_path / "s.csv").write_text(
        "timestamp,comment\n"
        "2026/03/04 9:15:02 PM GMT+24,The courier never rang the bell.\n"
        "2026/03/04 9:16:00 PM UTC+99,Refund took three weeks.\n"
        "2026-03-04 10:00:00 UTC,The app logs me out every day.\n"
        "8/13/2026 9:15:02 PM GMT+1,Great support from Anna.\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records.set_index("text")
    assert len(d) == 4 and res.quarantine.empty
    assert d.loc["The app logs me out every day.", "timestamp"] == "2026-03-04T10:00:00Z"
    assert d.loc["Great support from Anna.", "timestamp"] == "2026-08-13T21:15:02+01:00"   # month-first, zone after
    assert d.loc["The courier never rang the bell.", "timestamp"] == ""
    assert d.loc["The courier never rang the bell.", "meta_timestamp"] == "2026/03/04 9:15:02 PM GMT+24"


# --- 10. a transcriber's notes are cut from transcripts of speech only, not from a chat's messages (390358a) ----------

def test_bracketed_words_in_a_whatsapp_chat_are_its_writer_s_and_an_interview_s_notes_are_cut(tmp_path):
    from pipeline.ingest import IngestConfig, read_corpus

    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "WhatsApp Chat with Ola.txt").write_text(
        "12.05.2026, 14:32 - Ola: Zadzwoniłam i (cisza)\n12.05.2026, 14:33 - Sofino: Przepraszamy, sprawdzimy.\n"
        "12.05.2026, 14:34 - Ola: Your ad was just [music] and nothing else\n12.05.2026, 14:35 - Ola: (смех)\n",
        encoding="utf-8")
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "int01.txt").write_text(
        "Interviewer: Jak było z dostawą?\nRespondent: Czekałam dwa tygodnie. [śmiech] Ale dotarło.\n"
        "Interviewer: A kontakt?\nRespondent: (cisza)\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    texts = res.records["text"].tolist()
    assert {"Zadzwoniłam i (cisza)", "Your ad was just [music] and nothing else", "(смех)"} <= set(texts)
    assert "Czekałam dwa tygodnie. Ale dotarło." in texts
    assert res.quarantine["reason"].tolist() == ["a transcriber's note without words ((cisza))"]


# --- 12. a transcription tool's credit line is noted by its tool, not a person it names (2862f11) --------------------

@pytest.mark.parametrize("credit, noted", [("Transcribed by Anna Nowak with Otter.ai", "Transcribed by … Otter.ai"),
                                           ("Transkrypcja wykonana przez Annę Nowak w Happy Scribe",
                                            "Transkrypcja wykonana przez … Happy Scribe")])
def test_a_transcriber_named_on_a_tool_s_credit_line_is_not_written_to_files_csv(tmp_path, credit, noted):
    from pipeline.ingest import IngestConfig, read_corpus

    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "int01.txt").write_text(
        f"{credit}\n\nInterviewer: How was the delivery?\nRespondent: Two weeks late.\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    assert res.records["text"].tolist() == ["How was the delivery?", "Two weeks late."]
    assert res.files["reason"].tolist() == [f"the transcription tool's own line is not speech: line 1 '{noted}'"]
    assert "Nowak" not in res.files.to_csv() and "Anna" not in res.files.to_csv()
