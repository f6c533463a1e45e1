"""Facebook Messenger / Instagram DM exports: Meta's mojibake undone, time order, the page is the agent."""

from __future__ import annotations

import json

from pipeline.ingest import IngestConfig, read_corpus
from pipeline.ingest._messenger import repair


def _meta(s: str) -> str:
    """How Meta's export writes text: UTF-8 bytes as Latin-1 code points."""
    return s.encode("utf-8").decode("latin-1")


def _export(folder, title="Anna Wiśniewska"):
    thread = {
        "participants": [{"name": _meta("Anna Wiśniewska")}, {"name": "Sofino"}],
        "messages": [   # newest first, as Meta writes them
            {"sender_name": _meta("Anna Wiśniewska"), "timestamp_ms": 1754310000000, "photos": [{"uri": "p.jpg"}]},
            {"sender_name": "Sofino", "timestamp_ms": 1754300000000, "content": _meta("Dzień dobry! Sprawdzimy to.")},
            {"sender_name": _meta("Anna Wiśniewska"), "timestamp_ms": 1754290000000,
             "content": _meta("Kiedy dostawa sofy? Czekam już 8 tygodni 😡")},
        ],
        "title": _meta(title), "is_still_participant": True, "thread_path": "inbox/annawisniewska_1234567890",
    }
    folder.mkdir(parents=True)
    (folder / "message_1.json").write_text(json.dumps(thread, ensure_ascii=True), encoding="utf-8")


def test_page_inbox_export_reads_as_a_chat_in_time_order(tmp_path):
    _export(tmp_path / "messages" / "inbox" / "annawisniewska_1234567890")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records
    assert list(zip(d["role"], d["text"])) == [
        ("customer", "Kiedy dostawa sofy? Czekam już 8 tygodni 😡"),   # the oldest message first, text repaired
        ("agent", "Dzień dobry! Sprawdzimy to."),                     # the exporting page answers
    ]
    assert d["speaker"].tolist() == ["Anna Wiśniewska", "Sofino"]
    assert d["timestamp"].tolist() == ["2025-08-04T06:46:40Z", "2025-08-04T09:33:20Z"]
    assert set(d["channel"]) == {"messenger"} and set(d["source_type"]) == {"chat"}
    assert "annawisniewska" not in d["thread_id"].iloc[0]               # the thread path names the customer
    # the photo without text is reported, not dropped; participants are not records
    assert res.quarantine["reason"].tolist() == ["message without text (photos)"]
    assert res.files["records_in"].tolist() == [3]


def test_instagram_path_and_configured_agent(tmp_path):
    _export(tmp_path / "your_instagram_activity" / "messages" / "inbox" / "t1", title="Grupa sofowa")
    d = read_corpus(tmp_path, IngestConfig(agent_names=["Sofino"])).records
    assert set(d["channel"]) == {"instagram"}
    assert d["role"].tolist() == ["customer", "agent"]   # a title naming no participant: the config decides


def test_repair_leaves_correct_text_alone():
    assert repair("Dzień dobry") == "Dzień dobry" and repair("Всё хорошо") == "Всё хорошо"
    assert repair(_meta("Всё хорошо 👍")) == "Всё хорошо 👍"


def test_names_in_export_paths_are_hidden_in_every_output(tmp_path):
    """WhatsApp names the file, Messenger the folder, after the person; a report cites both."""
    _export(tmp_path / "messages" / "inbox" / "annawisniewska_1234567890")
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "WhatsApp Chat with Tom Baker.txt").write_text(
        "[8/3/26, 9:12:00 AM] Tom Baker: Hi, where is my sofa?\n", encoding="utf-8")
    key = b"k" * 32
    res = read_corpus(tmp_path, IngestConfig(), key=key)
    shown = " ".join(res.files["file"]) + " ".join(res.records["source_file"]) + " ".join(res.records["doc_id"])
    assert "annawisniewska" not in shown and "Tom Baker" not in shown
    assert sorted(res.files["file"]) == sorted(["chats/WhatsApp Chat with contact-5aba2c95.txt",
                                                "messages/inbox/thread-2a62d058/message_1.json"])
    from pipeline.ingest._corpus import hide_names_in_path

    # an iPhone's export is a zip that unpacks to a folder named after the contact
    assert hide_names_in_path("chats/WhatsApp Chat - Tom Baker/_chat.txt", (), key) == "chats/WhatsApp Chat - contact-5aba2c95/_chat.txt"
    assert hide_names_in_path("interviews/p01_pl.txt", (), key) == "interviews/p01_pl.txt"
    assert hide_names_in_path("mail/inbox/2026/a.eml", (), key) == "mail/inbox/2026/a.eml"   # not Meta's layout
    kept = read_corpus(tmp_path, IngestConfig(hide_names_in_paths=False)).files["file"]
    assert "chats/WhatsApp Chat with Tom Baker.txt" in kept.tolist()
