"""Telegram Desktop JSON exports: entity lists joined, service and media-only messages reported, roles."""

from __future__ import annotations

import json

from pipeline.ingest import IngestConfig, read_corpus


def _chat(name: str, messages: list[dict], cid: int = 123) -> dict:
    return {"name": name, "type": "personal_chat", "id": cid, "messages": messages}


def _msg(i: int, sender: str, text, minute: int, **extra) -> dict:
    return {"id": i, "type": "message", "date": f"2026-08-03T09:{minute:02d}:00",
            "date_unixtime": str(1785747600 + 60 * minute), "from": sender, "from_id": f"user{len(sender)}",
            "text": text, **extra}


def test_personal_chat_export_reads_as_a_chat(tmp_path):
    chat = _chat("Анна", [
        {"id": 1, "type": "service", "date": "2026-08-03T09:00:00", "actor": "Анна", "action": "phone_call", "text": ""},
        _msg(3, "Sofino", ["Статус тут: ", {"type": "link", "text": "https://sofino.pl/s"}, " спасибо!"], 15),
        _msg(2, "Анна", "Здравствуйте, где мой диван?", 12),
        _msg(4, "Анна", "", 16, photo="photos/p.jpg"),
    ])
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "result.json").write_text(json.dumps(chat, ensure_ascii=False), encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records
    assert list(zip(d["role"], d["text"])) == [
        ("customer", "Здравствуйте, где мой диван?"),             # time order, not file order
        ("agent", "Статус тут: https://sofino.pl/s спасибо!"),   # the exporting account; the link entity joined
    ]
    assert d["timestamp"].tolist() == ["2026-08-03T09:12:00Z", "2026-08-03T09:15:00Z"]
    assert set(d["channel"]) == {"telegram"} and d["doc_id"].nunique() == 1
    assert sorted(res.quarantine["reason"]) == ["Telegram service message (phone_call)", "message without text (photo)"]
    assert res.files["records_in"].tolist() == [4]


def test_full_export_keeps_chats_apart_and_a_support_account_is_the_agent(tmp_path):
    data = {"about": "x", "chats": {"list": [
        _chat("Sofino Support", [_msg(1, "Ewa", "Kiedy dostawa?", 1), _msg(2, "Sofino Support", "Jutro.", 2)], 1),
        _chat("Tom", [_msg(1, "Tom", "Any news?", 3), _msg(2, "Shop", "Tomorrow.", 4)], 2),
    ]}}
    (tmp_path / "result.json").write_text(json.dumps(data), encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert d["doc_id"].nunique() == 2
    # the first was exported by Ewa, but "Support" says who the company is; the second by the shop
    assert list(zip(d["speaker"], d["role"])) == [("Ewa", "customer"), ("Sofino Support", "agent"),
                                                  ("Tom", "customer"), ("Shop", "agent")]
