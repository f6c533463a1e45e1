"""Session 16 ingest fixes (j): a bot is known by its name or by what it sends, a signature without a closing word is
cut, a platform's user id is a person id, a JSON document's record keeps its own number."""

from __future__ import annotations

import json
from email.message import EmailMessage

import pytest

from pipeline.ingest import IngestConfig, read_corpus
from pipeline.ingest._mail import strip_quoted
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
    ("QuickBiteBot", "chat", "bot"), ("@quickbitebot", "chat", "bot"),
    # in public comments a name is anyone's to choose: "@not.a.bot.99" is the public (the sample corpus's spam)
    ("QuickBite Bot", "social", "customer"), ("@not.a.bot.99", "social", "customer"),
    ("Talbot", "chat", "customer"), ("Robot Fan", "chat", "customer"), ("QuickBite Support", "chat", "agent"),
])
def test_a_name_says_bot_as_it_says_support(name, source, role):
    assert RoleMapper(IngestConfig()).decide(name, source) == role


def test_a_bot_named_in_the_config_is_the_bot_in_public_comments_too():
    assert RoleMapper(IngestConfig(bot_names=["QuickBite Bot"])).decide("QuickBite Bot", "social") == "bot"


# --- a signature without a closing word is cut ---------------------------------------------------------------

def _eml(body: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Tomasz Jankowski <tj@wp.pl>", "sklep@malyodkrywca.pl", "Paczka"
    msg["Date"], msg["Message-ID"] = "Mon, 23 Mar 2026 10:00:00 +0100", "<t1@wp.pl>"
    msg.set_content(body)
    return bytes(msg)


def test_a_name_and_phone_under_an_e_mail_are_its_signature(tmp_path):
    # the dogfood repro: "… anuluję zamówienie. [PERSON] [PHONE]" had been the customer's quote
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "1.eml").write_bytes(_eml(
        "Dzień dobry,\n\nPaczka nie dotarła do paczkomatu. Jeśli nie dojdzie do piątku, anuluję zamówienie.\n\n"
        "Tomasz Jankowski\n504 987 321\n"))
    texts = read_corpus(tmp_path, IngestConfig()).records["text"].tolist()
    assert texts == ["Dzień dobry, Paczka nie dotarła do paczkomatu. Jeśli nie dojdzie do piątku, anuluję zamówienie."]


@pytest.mark.parametrize("body, kept", [
    ("Sofa broken.\nMarta Kowalczyk | MK Design sp. z o.o.\ntel. +48 601 234 567\nul. Lipowa 7, 05-500 Piaseczno",
     "Sofa broken."),
    ("Не пришёл заказ.\nИван Петров\n+7 916 123-45-67\nivan@mail.ru", "Не пришёл заказ."),
    ("Still no refund.\nJohn Smith\nAcme Ltd", "Still no refund."),
    ("Paczka nie dotarła.\nTomasz Jankowski", "Paczka nie dotarła."),
    # not a signature: the number asked for, a list of products, a sentence, a phone inside the words
    ("Proszę o kontakt:\n504 987 321", "Proszę o kontakt:\n504 987 321"),
    ("Brakuje:\nKurtka Lis\nCzapka Zając", "Brakuje:\nKurtka Lis\nCzapka Zając"),
    ("Order 1234567890 never came.\nCall the manager", "Order 1234567890 never came.\nCall the manager"),
    ("My number is 504 987 321", "My number is 504 987 321"),
    # an order number, a link or an address with no one signing is the message's own (reviewer of b83b60f)
    ("Gdzie jest paczka?\nNumer zamówienia\n100871234", "Gdzie jest paczka?\nNumer zamówienia\n100871234"),
    ("The app crashes at payment.\nScreenshot\nhttps://imgur.com/a/x1y2", "The app crashes at payment.\nScreenshot\nhttps://imgur.com/a/x1y2"),
    ("It went to the wrong address, it should go to\nul. Długa 5, 00-123 Warszawa",
     "It went to the wrong address, it should go to\nul. Długa 5, 00-123 Warszawa"),
    ("Paczka nie dotarła.\nAnna\n600 100 200", "Paczka nie dotarła."),
])
def test_a_signature_is_a_block_of_names_and_contact_details_at_the_end(body, kept):
    assert strip_quoted(body) == kept


# --- a platform's user id is a person's id -----------------------------------------------------------------------

def test_a_commenters_and_a_reviewers_platform_id_are_meta_author_id(tmp_path):
    # the dogfood VK export's from_id had been meta_from_id, which redaction does not read as a person's id
    (tmp_path / "social").mkdir()
    (tmp_path / "social" / "vk_comments.csv").write_text(
        "id,from_id,from_name,post_id,date,text\n"
        "1,11001,Ержан Тулеуов,102,1791000000,\"Промокод ВЕСНА20 не работает, какие условия?\"\n"
        "2,-212345678,Вкусно&Быстро,102,1791005000,Промокод действует от 5000 тенге.\n", encoding="utf-8")
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "appstore.json").write_text(json.dumps(
        [{"reviewerId": "u-8812", "reviewerNickname": "kasia88", "title": "Broken", "body": "Crashes at checkout.",
          "rating": 1}]), encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records.set_index("text")
    assert not any(c in d for c in ("meta_from_id", "meta_reviewerid"))
    assert d["meta_author_id"].to_dict() == {"Промокод ВЕСНА20 не работает, какие условия?": "11001",
                                             "Промокод действует от 5000 тенге.": "-212345678",
                                             "Broken. Crashes at checkout.": "u-8812"}


def test_a_vk_user_id_reaches_the_outputs_as_an_alias(tmp_path):
    from pipeline.redact import RedactConfig, Redactor, redact_columns

    (tmp_path / "social").mkdir()
    (tmp_path / "social" / "vk.csv").write_text(
        "id,from_id,from_name,post_id,text\n1,4411087,Ольга Ли,102,Доставка опоздала на час.\n"
        "2,4411087,Ольга Ли,102,И курьер нагрубил.\n", encoding="utf-8")
    records = read_corpus(tmp_path, IngestConfig()).records
    red = Redactor(RedactConfig())
    out = redact_columns(records, red.cfg, red)
    ids = out.filter(like="_id").stack().tolist()
    assert "4411087" not in ids and out["meta_author_id"].nunique() == 1


# --- a JSON document's record keeps its own number --------------------------------------------------------------

def test_a_json_documents_records_carry_their_own_number(tmp_path):
    # the report had shown 'record 4' (record_index + 1) for the 3rd review: the 1st review's cons took an index
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "ozon.json").write_text(json.dumps([
        {"id": "r1", "text": "Хороший диван.", "cons": "Швы кривые.", "rating": 4},
        {"id": "r2", "text": "", "rating": 1},
        {"id": "r3", "text": "Доставка опоздала.", "rating": 2}], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "reviews" / "more.jsonl").write_text('{"id": "j1", "text": "Slow courier.", "rating": 2}\n',
                                                     encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records.set_index("text")
    assert d["record_no"].to_dict() == {"Хороший диван.": 1, "Швы кривые.": 1, "Доставка опоздала.": 3,
                                        "Slow courier.": None}
    assert d.loc["Slow courier.", "line"] == 1 and d.loc["Доставка опоздала.", "record_index"] == 3
    assert res.quarantine["reason"].tolist() == ["record 2: empty text"]
