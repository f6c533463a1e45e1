"""Session 14 ingest fixes: Intercom conversation exports, chat spam, error messages without personal data,
file names in another encoding, sellers' replies to reviews."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest import IngestConfig, read_corpus


# --- Intercom ---------------------------------------------------------------------------------------

def _part(pid, kind, author, body, at, **extra):
    return {"type": "conversation_part", "id": pid, "part_type": kind, "body": body, "created_at": at,
            "author": author, "attachments": [], **extra}


LEAD = {"type": "lead", "id": "u1", "name": "Marta", "email": "marta@wp.pl"}
USER = {"type": "user", "id": "u2", "name": None, "email": "tom@gmail.com"}
SAM = {"type": "admin", "id": "5", "name": "Sam", "email": "sam@lingvo.app"}
FIN = {"type": "bot", "id": "44", "name": "Fin", "email": "operator+lingvo@intercom.io"}


def _conversation(cid, at, source_author, source_body, parts, delivered="customer_initiated"):
    return {
        "type": "conversation", "id": cid, "created_at": at, "updated_at": at + 500, "open": False, "state": "closed",
        "source": {"type": "conversation", "id": f"s{cid}", "delivered_as": delivered, "subject": "",
                   "body": source_body, "author": source_author, "attachments": [], "url": None},
        "contacts": {"type": "contact.list", "contacts": [{"type": "contact", "id": "u1", "external_id": "x"}]},
        "teammates": {"type": "admin.list", "admins": [{"type": "admin", "id": "5"}]},
        "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": "77", "name": "billing"}]},
        "custom_attributes": {"Plan": "family", "Platform": "Android"},
        "conversation_parts": {"type": "conversation_part.list", "conversation_parts": parts},
    }


def _intercom_export():
    t = 1756390327
    return [
        _conversation("c1", t, LEAD, '<p>I was charged twice, my e-mail is <a href="mailto:marta@wp.pl">marta@wp.pl</a>.</p>', [
            _part("p1", "comment", FIN, "<p>Thanks for getting in touch!</p>", t + 10),
            _part("p2", "assignment", FIN, None, t + 20, assigned_to={"type": "team", "id": "5011"}),
            _part("p3", "note", SAM, "<p>Refund approved by finance, she is a VIP</p>", t + 30),
            _part("p5", "comment", LEAD, "<p>Any news?</p>", t + 50),     # listed before p4, written after it
            _part("p4", "comment", SAM, "<p>Hi Marta, refunded.</p>", t + 40),
            _part("p6", "close", SAM, None, t + 60),
        ]),
        _conversation("c2", t + 1000, FIN, "<p>Your Premium renews in 3 days.</p>", [
            _part("q1", "comment", USER, "<p>How do I cancel it?</p>", t + 1100),
            _part("q2", "close", SAM, "<p>Profile &gt; Subscription. Bye!</p>", t + 1200),   # a reply sent while closing
        ], delivered="automated"),
    ]


def _read_intercom(tmp_path, payload, cfg=None):
    (tmp_path / "chats").mkdir(exist_ok=True)
    (tmp_path / "chats" / "intercom.json").write_text(json.dumps(payload), encoding="utf-8")
    return read_corpus(tmp_path, cfg or IngestConfig())


@pytest.mark.parametrize("wrap", [lambda c: c, lambda c: {"type": "conversation.list", "conversations": c}])
def test_intercom_opening_message_is_turn_zero_and_notes_and_events_are_not_records(tmp_path, wrap):
    res = _read_intercom(tmp_path, wrap(_intercom_export()))
    d = res.records
    assert list(zip(d["doc_id"], d["turn_index"], d["speaker"], d["role"], d["text"])) == [
        ("chat:c1", 0, "Marta", "customer", "I was charged twice, my e-mail is marta@wp.pl."),
        ("chat:c1", 1, "Fin", "bot", "Thanks for getting in touch!"),
        ("chat:c1", 2, "Sam", "agent", "Hi Marta, refunded."),
        ("chat:c1", 3, "Marta", "customer", "Any news?"),      # the note is never the turn before it
        ("chat:c2", 0, "Fin", "bot", "Your Premium renews in 3 days."),
        ("chat:c2", 1, "", "customer", "How do I cancel it?"),
        ("chat:c2", 2, "Sam", "agent", "Profile > Subscription. Bye!"),
    ]
    assert d["timestamp"].iloc[0] == "2025-08-28T14:12:07Z" and d["channel"].eq("chat").all()
    # tags, contacts and teammates are metadata, not messages quarantined as "empty text"
    assert res.quarantine.empty
    assert d["meta_tags"].eq("billing").all() and d["meta_plan"].eq("family").all()
    assert d["meta_part_id"].tolist() == ["sc1", "p1", "p4", "p5", "sc2", "q1", "q2"]   # to find it in Intercom
    assert "meta_source_body" not in d and not any("contacts" in c or "teammates" in c for c in d.columns)
    f = res.files.iloc[0]
    assert (f["source_type"], f["records_in"], f["records_ok"], f["quarantined"]) == ("chat", 7, 7, 0)
    assert "2 conversation(s)" in f["reason"] and "1 internal note(s)" in f["reason"]
    assert "2 assignment / open / close event(s)" in f["reason"]


def test_intercom_author_type_wins_over_agent_names_and_an_empty_part_is_quarantined(tmp_path):
    conv = _conversation("c3", 1756390327, LEAD, "<p>Hello</p>", [
        _part("r1", "comment", {"type": "admin", "name": "Marta"}, "<p>How can I help?</p>", 1756390400),
        _part("r2", "comment", LEAD, "", 1756390500, attachments=[{"url": "https://x/y.png"}]),
    ])
    res = _read_intercom(tmp_path, [conv], IngestConfig(agent_names=["Marta"]))
    assert res.records["role"].tolist() == ["customer", "agent"]
    assert res.quarantine["reason"].tolist() == ["a file or image without text"]


def test_generic_json_conversation_reads_lists_without_text_as_metadata(tmp_path):
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "front.json").write_text(json.dumps([{
        "conversation_id": "f1", "tags": [{"id": 1, "name": "vip"}, {"id": 2, "name": "refund"}],
        "recipients": [{"handle": "ola@wp.pl", "role": "from"}],
        "messages": [{"author_type": "customer", "text": "Where is my sofa?"}, {"author_type": "agent", "text": "On its way."}],
    }]), encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    assert res.quarantine.empty
    assert res.records["text"].tolist() == ["Where is my sofa?", "On its way."]
    assert res.records["meta_tags"].tolist() == ["vip; refund"] * 2


# --- spam in a support inbox ------------------------------------------------------------------------

def _chat_records(convs):
    rows = [(doc, role, text) for doc, msgs in convs.items() for role, text in msgs]
    return pd.DataFrame({"doc_id": [d for d, _, _ in rows], "role": [r for _, r, _ in rows],
                         "source_type": "chat", "text": [t for _, _, t in rows]})


def test_a_chat_whose_customer_only_sends_an_offer_is_spam_and_a_customer_pasting_a_link_is_not():
    from types import SimpleNamespace

    from pipeline.stages.ingest import mark_spam

    rec = _chat_records({
        "chat:1": [("customer", "Darmowe iPhone 15!!! Kliknij link i odbierz nagrodę http://bit.ly/free-iph0ne"),
                   ("bot", "Dziękujemy za wiadomość!")],
        "chat:2": [("customer", "Hello"), ("customer", "Hello, I am an SEO expert and I can bring your app to the first "
                                                        "page of Google. Reply for a free audit!")],
        "chat:3": [("customer", "Hi! We offer app store review services, 500 five-star reviews delivered in 7 days.")],
        "chat:4": [("customer", "Guest post opportunity on our education blog, DA 55, only $150")],
        "chat:5": [("customer", "Hi, I'm an influencer with 80k followers on TikTok, would you like to collaborate? "
                                "My rates are attached.")],
        "chat:6": [("customer", "Заработок от 5000₽ в день без вложений! Пиши в ЛС")],
        "chat:7": [("customer", "Dzień dobry, oferujemy pozycjonowanie stron i aplikacji, pierwsza strona Google w 30 dni.")],
        # real customers
        "chat:8": [("customer", "This page is broken: https://lingvo.app/pricing, click the link and see"),
                   ("agent", "Thanks, fixing it")],
        "chat:9": [("customer", "I work from home, reach me on WhatsApp +48 600 100 200 please")],
        "chat:10": [("customer", "Got 'Darmowe iPhone 15!!! Kliknij link' from your number"),
                    ("customer", "Is it really from you? I am afraid to open that link, my card is saved in the app")],
    })
    assert mark_spam(rec, SimpleNamespace(spam_patterns=[])) == 8
    assert rec.groupby("doc_id", sort=False)["role"].apply(lambda r: "spam" in set(r)).tolist() == [True] * 7 + [False] * 3
    assert rec.loc[rec["doc_id"] == "chat:1", "role"].tolist() == ["spam", "bot"]


@pytest.mark.parametrize("text, spam", [
    ("🔥 Подпишись на @best_deals_kids — скидки до 90% на детские вещи! Переходи по ссылке t.me/best_deals_kids", True),
    ("Subscribe to @deals4u for 90% off, link: https://t.me/deals4u", True),
    ("Zaobserwuj @promki_pl i kliknij link w bio", True),
    ("I can't subscribe to @lingvo_app, the link is broken", False),
    ("Подписалась на ваш канал по ссылке, но скидки нет", False),
    ("Obserwuję was od roku, link do sklepu nie działa", False),
])
def test_subscribe_and_follow_the_link_is_spam_in_three_languages(text, spam):
    from pipeline.ingest._spam import is_spam

    assert is_spam(text) is spam


# --- error messages without personal data --------------------------------------------------------------

_ROW = "C-1,2026-04-03T09:12:41Z,customer,Jan Kowalski,jan.kowalski@wp.pl,+48 600 100 200,Gdzie moja sofa?\n"
_PERSONAL = ("Jan Kowalski", "kowalski@wp.pl", "600 100 200", "Gdzie moja sofa", "2026-04-03", "C-1")


def _message(call) -> str:
    from pipeline.errors import InputError

    with pytest.raises(InputError) as caught:
        call()
    return str(caught.value)


def test_a_table_without_a_header_row_is_described_without_its_first_row(tmp_path):
    from openpyxl import Workbook

    from pipeline.ingest import read_table

    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "export.csv").write_text(_ROW + "C-1,2026-04-03T09:14:00Z,agent,Ola,,,Jutro\n", encoding="utf-8")
    (tmp_path / "headerless.csv").write_text(_ROW, encoding="utf-8")
    wb = Workbook()
    wb.active.append(["Jan Kowalski", "jan.kowalski@wp.pl", "+48 600 100 200", "Gdzie moja sofa?"])
    wb.active.append(["Anna Nowak", "anna@wp.pl", "601 234 567", "Dziękuję"])
    wb.save(tmp_path / "headerless.xlsx")
    messages = [_message(lambda: read_corpus(tmp_path / "chats")),
                _message(lambda: read_table(tmp_path / "headerless.csv", "text")),
                _message(lambda: read_table(tmp_path / "headerless.csv")),
                _message(lambda: read_table(tmp_path / "headerless.xlsx"))]
    for m in messages:
        assert "seems to have no header row" in m and "Fix: add a header row" in m
        assert not any(p in m for p in _PERSONAL), m
    assert "it has 7 columns, of which 'customer' looks like a column name" in messages[0]
    assert "it has 4 columns, none like a column name" in messages[3]
    # a real header is still listed, so the user can pick the text column
    (tmp_path / "h.csv").write_text("conversation_id,Customer Name,notes\n1,Ola,x\n", encoding="utf-8")
    assert "['conversation_id', 'Customer Name', 'notes']" in _message(lambda: read_table(tmp_path / "h.csv", "text"))


def test_a_participant_sheet_without_a_header_and_its_unmatched_rows_name_no_person(tmp_path):
    import warnings

    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "a.txt").write_text("Interviewer: Why?\nOla: Price.\n", encoding="utf-8")
    (tmp_path / "sheet.csv").write_text("a.txt,Katarzyna Wiśniewska,kasia.wisniewska85@gmail.com,+48 600-100-200\n",
                                        encoding="utf-8")
    m = _message(lambda: read_corpus(tmp_path, IngestConfig(file_metadata="sheet.csv")))
    assert "seems to have no header row; it has 4 columns" in m and "'file'" in m
    assert not any(p in m for p in ("Wiśniewska", "kasia", "600-100", "a.txt")), m
    (tmp_path / "sheet.csv").write_text("file,segment\na.txt,student\nwywiad_beata_jabłońska.vtt,agency\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_corpus(tmp_path, IngestConfig(file_metadata="sheet.csv"))
    (w,) = [str(w.message) for w in caught if "file_metadata" in str(w.message)]
    assert "row(s) 3 (the header is row 1)" in w and "jabłońska" not in w


# --- file names in another encoding -------------------------------------------------------------------

def test_a_file_name_in_another_encoding_is_read_and_shown_decoded(tmp_path):
    from pipeline.ingest import read_table

    root = os.fsencode(tmp_path)
    try:   # an unpacked Windows zip: the names' bytes are cp1250 / cp1251, not UTF-8
        for folder in (b"/interviews", b"/reviews", b"/\xef\xe8\xf1\xfc\xec\xe0"):   # cp1251 "письма"
            os.mkdir(root + folder)
        with open(root + b"/interviews/opinie_\xb3\xf3d\xbc.txt", "wb") as fh:
            fh.write("Interviewer: Jak?\nAnna: Dobrze, ale drogo.\n".encode())
        with open(root + b"/reviews/\xee\xf2\xe7\xfb\xe2\xfb.csv", "wb") as fh:   # cp1251 "отзывы"
            fh.write("rating,text\n5,Отлично\n".encode())
        with open(root + b"/\xef\xe8\xf1\xfc\xec\xe0/1.eml", "wb") as fh:
            fh.write(b"From: Ola <ola@wp.pl>\nTo: help@sofino.pl\nSubject: Sofa\nDate: Mon, 3 Aug 2026 10:00:00 +0200\n"
                     b"Message-ID: <1@wp.pl>\n\nGdzie jest moja sofa?\n")
    except OSError:
        pytest.skip("the file system does not take names that are not UTF-8")
    res = read_corpus(tmp_path, IngestConfig())
    assert res.files["file"].tolist() == ["interviews/opinie_łódź.txt", "reviews/отзывы.csv", "письма/1.eml"]
    assert res.files["records_ok"].tolist() == [2, 1, 1]
    assert set(res.records["source_file"]) == {"interviews/opinie_łódź.txt", "reviews/отзывы.csv", "письма/1.eml"}
    assert res.records["doc_id"].iloc[-1].startswith("chat:письма/:")
    one = read_table(Path(os.fsdecode(root + b"/reviews/\xee\xf2\xe7\xfb\xe2\xfb.csv")))
    assert one.files["file"].tolist() == ["отзывы.csv"] and one.records["text"].tolist() == ["Отлично"]


# --- sellers' replies to reviews -----------------------------------------------------------------------

def test_a_sellers_reply_is_the_brands_record_after_the_customers_parts(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "ozon.csv").write_text(
        "ID отзыва;Оценка;Достоинства;Недостатки;Комментарий;Имя покупателя;Ответ продавца\n"
        "1;2;Тёплый;Маломерит;Пришлось вернуть;Ольга;Ольга, здравствуйте! Напишите нам в чат, разберемся.\n"
        "2;5;;;Отличный комбинезон;Анна;\n", encoding="utf-8")
    (tmp_path / "reviews" / "ceneo.csv").write_text(
        "Ocena,Treść opinii,Odpowiedź sprzedawcy\n1,Sofa przyszła porysowana,\"Przepraszamy, wymienimy ją.\"\n",
        encoding="utf-8")
    (tmp_path / "reviews" / "google.csv").write_text(
        "Rating,Review,Owner response,Seller response\n4,Nice staff,Thanks for visiting!,\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records
    assert list(zip(d["source_file"], d["turn_index"], d["role"], d["meta_review_part"], d["text"])) == [
        ("reviews/ceneo.csv", 0, "customer", "text", "Sofa przyszła porysowana"),
        ("reviews/ceneo.csv", 1, "brand", "reply", "Przepraszamy, wymienimy ją."),
        ("reviews/google.csv", 0, "customer", "text", "Nice staff"),
        ("reviews/google.csv", 1, "brand", "reply", "Thanks for visiting!"),
        ("reviews/ozon.csv", 0, "customer", "text", "Пришлось вернуть"),
        ("reviews/ozon.csv", 1, "customer", "pros", "Тёплый"),
        ("reviews/ozon.csv", 2, "customer", "cons", "Маломерит"),
        ("reviews/ozon.csv", 3, "brand", "reply", "Ольга, здравствуйте! Напишите нам в чат, разберемся."),
        ("reviews/ozon.csv", 0, "customer", "text", "Отличный комбинезон"),
    ]
    reply = d[d["role"] == "brand"]
    assert reply["speaker"].eq("").all() and reply["rating"].isna().all()   # the stars are the customer's
    assert not any(c.startswith("meta_ответ") or c.startswith("meta_odpowied") for c in d.columns)
    assert "'Ответ продавца' read as the company's reply" in res.files.set_index("file").loc["reviews/ozon.csv", "reason"]
