"""Session 16 ingest fixes (j): a bot is known by its name or by what it sends, a signature without a closing word is
cut, a platform's user id is a person id, a JSON document's record keeps its own number."""

from __future__ import annotations

import json

import pytest

from pipeline.ingest import IngestConfig, read_corpus
from pipeline.ingest._records import RoleMapper


# --- a bot is known by its name or by what it sends ------------------------------------------------------------

def _tg_message(i: int, sender: str, from_id: str, text: str, **extra) -> dict:
    return {"id": i, "type": "message", "date": f"2026-10-05T18:0{i}:00", "from": sender, "from_id": from_id,
            "text": text, **extra}


def _tg_export(*messages: dict) -> str:
    chat = {"name": "QuickBite Support | Oliver Bennett", "type": "private_group", "id": 1, "messages": list(messages)}
    return json.dumps({"chats": {"list": [chat]}}, ensure_ascii=False)


def test_a_bot_named_telegram_account_is_the_bot_without_bot_names(tmp_path):
    # the dogfood repro: QuickBite's menu bot had been the customer (45 menu turns as customer evidence)
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "result.json").write_text(_tg_export(
        _tg_message(1, "QuickBite Bot", "user61", "Hi! I'm the QuickBite bot. Choose a topic: 1) Where is my order"),
        _tg_message(2, "Oliver Bennett", "user53", "The app crashes every time I try to pay."),
        _tg_message(3, "Tom from QuickBite Support", "user62", "Hi Oliver, sorry! Fix is coming this week.")),
        encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert d["role"].tolist() == ["bot", "customer", "agent"]


def test_an_account_that_sends_inline_keyboards_and_a_message_via_a_bot_are_the_bots(tmp_path):
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "result.json").write_text(_tg_export(
        _tg_message(1, "QuickBite", "user61", "Choose a topic", inline_bot_buttons=[[{"type": "callback", "text": "Order"}]]),
        _tg_message(2, "QuickBite", "user61", "Type your order number."),
        _tg_message(3, "Oliver Bennett", "user53", "QB-1234, it never came."),
        _tg_message(4, "Tom (QuickBite Support)", "user62", "Your order status: delayed", via_bot="@qb_status_bot"),
        _tg_message(5, "Tom (QuickBite Support)", "user62", "Sorry Oliver, the courier is late.")),
        encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert d["role"].tolist() == ["bot", "bot", "customer", "bot", "agent"]


@pytest.mark.parametrize("name, source, role", [
    ("QuickBite Bot", "chat", "bot"), ("Бот поддержки", "chat", "bot"), ("quickbite_bot", "chat", "bot"),
    ("QuickBiteBot", "chat", "bot"), ("@quickbitebot", "chat", "bot"), ("QuickBite Bot", "social", "bot"),
    ("Talbot", "chat", "customer"), ("Robot Fan", "chat", "customer"), ("QuickBite Support", "chat", "agent"),
])
def test_a_name_says_bot_as_it_says_support(name, source, role):
    assert RoleMapper(IngestConfig()).decide(name, source) == role
