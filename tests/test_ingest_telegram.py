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


def _group(messages: list[dict], kind: str = "public_supergroup") -> dict:
    return {"name": "Малыш и Ко — чат канала", "type": kind, "id": 77, "messages": messages}


def _discussion() -> dict:
    """A channel's discussion group: two posts, comments under them, replies to comments, a spammer."""
    def post(i, text, minute):
        return _msg(i, "Малыш и Ко", text, minute, from_id="channel1987")

    def comment(i, who, text, minute, to):
        return _msg(i, who, text, minute, from_id=f"user{i}", reply_to_message_id=to)

    return _group([
        post(1, "Новая коллекция уже на сайте!", 0),
        comment(2, "Ольга", "а на 134 будет?", 1, 1),
        comment(3, "Анна | Малыш и Ко", "Ольга, 134 будет в декабре", 2, 2),
        comment(4, "Ольга", "спасибо, ждём", 3, 3),
        comment(5, "Екатерина", "Цены кусаются 😬", 4, 1),
        comment(6, "Алексей", "Заработок от 5000₽ в день без вложений! Пиши в ЛС 💸", 5, 1),
        comment(7, "Мария", "на вб дешевле?", 6, 1),
        comment(8, "Ирина", "а размер 98 есть?", 7, 1),
        post(9, "Задержки СДЭК: рассказываем", 8),
        comment(10, "Елена", "у нас нет сдэка", 9, 9),
    ])


def test_a_discussion_group_is_social_comments_one_document_per_thread(tmp_path):
    from pipeline.stages.ingest import mark_spam

    (tmp_path / "telegram").mkdir()   # no social/ folder: the group's many writers say what it is
    (tmp_path / "telegram" / "result.json").write_text(json.dumps(_discussion(), ensure_ascii=False), encoding="utf-8")
    cfg = IngestConfig(brand_authors=["Анна | Малыш и Ко"])
    res = read_corpus(tmp_path, cfg)
    d = res.records
    assert set(d["source_type"]) == {"social"} and res.files["source_type"].tolist() == ["social"]
    threads = d.groupby("doc_id", sort=False)["text"].apply(list).tolist()
    assert threads == [["Новая коллекция уже на сайте!"],
                       ["а на 134 будет?", "Ольга, 134 будет в декабре", "спасибо, ждём"],   # a reply chain
                       ["Цены кусаются 😬"], ["Заработок от 5000₽ в день без вложений! Пиши в ЛС 💸"],
                       ["на вб дешевле?"], ["а размер 98 есть?"],
                       ["Задержки СДЭК: рассказываем"], ["у нас нет сдэка"]]
    # a comment's thread is its post's; each message names the one it answers
    posts = dict(zip(d["text"], d["thread_id"]))
    assert posts["у нас нет сдэка"] == posts["Задержки СДЭК: рассказываем"] != posts["а на 134 будет?"]
    assert d["parent_id"].tolist()[:4] == ["", "1", "2", "3"]
    # the channel's posts are the brand's though brand_authors does not name it
    assert list(zip(d["speaker"], d["role"]))[:3] == [("Малыш и Ко", "brand"), ("Ольга", "customer"),
                                                      ("Анна | Малыш и Ко", "brand")]
    assert mark_spam(d, cfg) == 1
    assert d.loc[d["role"] == "spam", "speaker"].tolist() == ["Алексей"]


def test_a_personal_chat_in_social_and_a_small_group_stay_chats(tmp_path):
    (tmp_path / "social").mkdir()
    (tmp_path / "chats").mkdir()
    personal = _chat("Анна", [_msg(1, "Анна", "Где мой заказ?", 1), _msg(2, "Shop", "Завтра.", 2)])
    (tmp_path / "social" / "result.json").write_text(json.dumps(personal, ensure_ascii=False), encoding="utf-8")
    team = _group([_msg(1, "Анна", "Где заказ?", 1), _msg(2, "Марина", "Проверю", 2), _msg(3, "Сергей", "Завтра", 3)],
                  kind="private_group")
    (tmp_path / "chats" / "result.json").write_text(json.dumps(team, ensure_ascii=False), encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    assert res.files["source_type"].tolist() == ["chat", "chat"]
    assert res.records.groupby("source_file")["doc_id"].nunique().tolist() == [1, 1]


def test_a_discussion_group_in_social_without_brand_authors_never_makes_a_channel_post_a_customer(tmp_path):
    (tmp_path / "social").mkdir()
    chat = _discussion()
    chat["messages"] = chat["messages"][:3]   # few writers: the social/ folder decides
    (tmp_path / "social" / "result.json").write_text(json.dumps(chat, ensure_ascii=False), encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig(agent_names=["Ольга"])).records
    # agent_names are a chat's: in the comments Ольга is a customer; the channel's post is the brand's
    assert list(zip(d["source_type"], d["speaker"], d["role"])) == [
        ("social", "Малыш и Ко", "brand"), ("social", "Ольга", "customer"), ("social", "Анна | Малыш и Ко", "customer")]
