"""Chat, review and social exports (CSV / TSV / JSON / JSONL / XLSX) and ``read_table``."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import InputError
from pipeline.ingest import IngestConfig, read_corpus, read_table
from pipeline.ingest._records import normalise_rating, parse_rating, parse_timestamp
from pipeline.ingest._reviews import join_title

FIX = Path(__file__).parent / "fixtures" / "ingest"
CORPUS = FIX / "corpus"


@pytest.fixture(scope="module")
def res():
    return read_corpus(CORPUS, IngestConfig(brand_authors=["acme_official", "Acme Official"]))


def rows(res, name, cols):
    d = res.records[res.records["source_file"] == name]
    return [tuple(r) for r in d[list(cols)].itertuples(index=False)]


def quarantined(res, name):
    q = res.quarantine[res.quarantine["file"] == name]
    return [(None if pd.isna(l) else int(l), None if pd.isna(i) else int(i), r)
            for l, i, r in zip(q["line"], q["record_index"], q["reason"])]


# --- chat ---------------------------------------------------------------------------------------------

def test_zendesk_csv_threads_roles_multiline_and_bad_rows(res):
    assert rows(res, "chats/zendesk.csv", ("doc_id", "line", "record_index", "turn_index", "speaker", "role",
                                           "timestamp", "channel", "text")) == [
        ("chat:T-1", 2, 0, 0, "Ola", "customer", "2026-05-01T10:00:00", "web", "Hello, where is my order SOF-2026-104233?"),
        ("chat:T-1", 3, 1, 1, "Marek", "agent", "2026-05-01T10:02:00", "web", "Hi Ola, it ships tomorrow."),
        ("chat:T-2", 6, 3, 0, "Sofi", "bot", "2026-05-01T11:00:00", "chat", "How can I help?"),
        ("chat:T-2", 8, 5, 1, "Jan", "customer", "", "chat", "Hello?"),
        ("chat:T-1", 9, 6, 2, "Marek", "agent", "2026-05-01T10:05:00", "web", "Anything else?"),
    ]
    assert quarantined(res, "chats/zendesk.csv") == [
        (5, 2, "empty text"),
        (7, 4, 'row has 8 fields, the header has 7; fix: put the values that hold a comma in double quotes ("…")')]
    d = res.records[res.records["source_file"] == "chats/zendesk.csv"]
    # extra columns are metadata; an unreadable date is kept as metadata instead of being lost
    assert d["meta_plan"].tolist() == ["premium", "premium", "", "basic", "premium"]
    assert d["meta_created_at"].tolist() == ["", "", "", "yesterday", ""]
    f = res.files.set_index("file").loc["chats/zendesk.csv"]
    assert (f["source_type"], f["records_in"], f["records_ok"], f["quarantined"]) == ("chat", 7, 5, 2)


def test_nested_intercom_json_html_bodies_and_epoch_times(res):
    assert rows(res, "chats/intercom.json", ("doc_id", "thread_id", "turn_index", "speaker", "role", "timestamp", "text")) == [
        ("chat:conv-9", "conv-9", 0, "Ola", "customer", "2026-05-01T01:47:40Z", "Hi & hello My chair is broken"),
        ("chat:conv-9", "conv-9", 1, "Fin", "bot", "2026-05-01T01:47:41Z", "Sorry to hear that!"),
        ("chat:conv-9", "conv-9", 2, "Kasia", "agent", "2026-05-01T01:48:40Z", "Send a photo, please."),
        ("chat:conv-10", "conv-10", 0, "Anonymous", "customer", "2026-05-02T05:33:25Z", "Do you ship to Germany?"),
    ]
    d = res.records[res.records["source_file"] == "chats/intercom.json"]
    # a conversation-level column is inherited by its messages (customer_segment -> meta_segment)
    assert d["meta_segment"].tolist() == ["home office"] * 3 + [""]
    assert d["line"].isna().all()   # JSON arrays have no line numbers


def test_jsonl_bad_lines_are_quarantined_and_unknown_role_value_is_other(res):
    assert rows(res, "chats/livechat.jsonl", ("doc_id", "line", "speaker", "role", "timestamp", "text")) == [
        ("chat:L1", 1, "Guest 12", "customer", "2026-06-01T08:00:00+02:00", "Is the sofa in stock?"),
        ("chat:L1", 2, "Piotr", "agent", "2026-06-01T08:01:00+02:00", "Yes, 3 left."),
        ("chat:L2", 7, "Zofia", "other", "2026-06-02T09:05:00Z", "We are closed today."),
    ]
    q = quarantined(res, "chats/livechat.jsonl")
    assert [(l, i) for l, i, _ in q] == [(3, 2), (5, 3), (6, 4)]
    assert q[0][2].startswith("invalid JSON at line 3, column 78 (unterminated string); fix: close the text's quote")
    assert q[1][2] == "not a JSON object (found str)"
    assert q[2][2] == "empty text"


def test_chat_csv_in_cp1251_with_semicolons(res):
    assert rows(res, "chats/chat_cp1251.csv", ("speaker", "role", "timestamp", "text")) == [
        ("Дмитрий", "customer", "2026-06-01T10:00:00", "Где мой заказ? Уже две недели жду."),
        ("Ольга", "agent", "2026-06-01T10:05:00", "Заказ передан курьеру, ожидайте звонка."),
    ]
    assert res.files.set_index("file").loc["chats/chat_cp1251.csv", "encoding"] == "cp1251"


def test_excel_unicode_tsv_utf16_with_spaced_headers(res):
    assert rows(res, "chats/excel_export.tsv", ("doc_id", "speaker", "role", "timestamp", "text")) == [
        ("chat:X-1", "Łucja", "customer", "2026-07-01T09:00:00", "Czy mogę zmienić adres dostawy?"),
        ("chat:X-1", "Adam", "agent", "2026-07-01T09:04:00", "Tak, proszę podać nowy adres."),
    ]
    assert res.files.set_index("file").loc["chats/excel_export.tsv", "encoding"] == "utf-16"


def test_agent_and_bot_names_from_config_when_export_has_no_role_column(tmp_path):
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "c.csv").write_text(
        "chat_id,sender,message\n1,Sofi,Hello!\n1,Ann,Hi there\n1,Bartek,How can I help?\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(agent_names=["bartek"], bot_names=["Sofi"]))
    assert res.records[["speaker", "role"]].values.tolist() == [["Sofi", "bot"], ["Ann", "customer"], ["Bartek", "agent"]]


def test_agent_names_yield_to_a_role_column_and_never_touch_reviews_surveys_or_comments(tmp_path):
    for folder in ("chats", "reviews", "social", "surveys"):
        (tmp_path / folder).mkdir()
    (tmp_path / "chats" / "jivo.csv").write_text(   # a customer called Марина, an operator called Сергей
        "chat_id,sender_type,sender_name,message\n1,client,Марина,Где заказ?\n1,operator,Сергей,Проверю\n"
        "1,,Сергей,Завтра\n", encoding="utf-8")
    (tmp_path / "reviews" / "wb.csv").write_text(
        "Оценка,Текст отзыва,Имя покупателя\n2,Маломерит,Марина\n5,Тепло,Анна\n4,Ок,Малыш и Ко\n", encoding="utf-8")
    (tmp_path / "social" / "vk.csv").write_text("comment_id,author,text\n1,Сергей,Когда поступление?\n", encoding="utf-8")
    (tmp_path / "surveys" / "s.csv").write_text("name,Why?\nМарина,Долгая доставка\n", encoding="utf-8")
    cfg = IngestConfig(agent_names=["Марина", "Сергей"], brand_authors=["Малыш и Ко"], survey_columns=["Why?"])
    d = read_corpus(tmp_path, cfg).records
    assert list(zip(d["source_type"], d["speaker"], d["role"])) == [
        ("chat", "Марина", "customer"), ("chat", "Сергей", "agent"),
        ("chat", "Сергей", "agent"),   # no role value: the name decides
        ("review", "Марина", "customer"), ("review", "Анна", "customer"),
        ("review", "Малыш и Ко", "brand"),   # brand_authors still speak for the company
        ("social", "Сергей", "customer"), ("survey", "Марина", "customer")]
    # an explicit speaker_roles entry still decides everywhere
    d = read_corpus(tmp_path, IngestConfig(speaker_roles={"Анна": "spam"}, survey_columns=["Why?"])).records
    assert d.loc[d["speaker"] == "Анна", "role"].tolist() == ["spam"]


def test_chat_without_conversation_id_is_one_thread_per_file(tmp_path):
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "one.csv").write_text("role,text\nuser,Hi\nagent,Hello\n", encoding="utf-8")
    res = read_corpus(tmp_path)
    assert res.records["doc_id"].tolist() == ["chat:chats/one.csv"] * 2
    assert res.records["turn_index"].tolist() == [0, 1]
    assert res.records["role"].tolist() == ["customer", "agent"]


# --- reviews --------------------------------------------------------------------------------------------

def test_trustpilot_reviews_title_body_rating_and_metadata(res):
    assert rows(res, "reviews/trustpilot.csv", ("doc_id", "rating", "rating_raw", "timestamp", "channel", "role", "text")) == [
        ("review:reviews/trustpilot.csv:TP-1", 1.0, "5", "2026-05-03T12:00:00Z", "review", "customer", "Great sofa! Comfy and firm."),
        ("review:reviews/trustpilot.csv:TP-2", 0.25, "2", "2026-05-04", "review", "customer", "Delivery was two weeks late."),
        ("review:reviews/trustpilot.csv:TP-3", 0.5, "3", "2026-05-05", "review", "customer", "Meh"),
        ("review:reviews/trustpilot.csv:TP-4", 0.0, "1", "2026-05-06", "review", "customer",
         "Colour differs. The green is much darker than on the photos."),
    ]
    # a title opens its review's text and is the headline of its records (meta_title)
    assert rows(res, "reviews/trustpilot.csv", ("meta_title",)) == [("Great sofa!",), ("",), ("Meh",), ("Colour differs",)]
    assert rows(res, "reviews/trustpilot.csv", ("meta_country",)) == [("PL",), ("DE",), ("PL",), ("",)]


def test_rating_scales_inferred_per_file_and_carried_by_value(res):
    d = res.records[res.records["source_file"] == "reviews/scales.csv"]
    got = dict(zip(d["rating_raw"], d["rating"]))
    assert got["10"] == 1.0 and got["1"] == 0.0            # inferred 1..10 scale
    assert got["8/10"] == pytest.approx(7 / 9)               # the value carries its scale
    assert got["★★★☆☆"] == pytest.approx(0.5)
    assert got["7,5"] == pytest.approx(6.5 / 9)              # decimal comma
    assert math.isnan(got["n/a"])
    assert d["channel"].tolist() == ["Ceneo", "Ceneo", "Opineo", "Opineo", "Ceneo", "Ceneo"]


def test_google_reviews_json_star_words_and_nested_reply(res):
    assert rows(res, "reviews/google.json", ("doc_id", "turn_index", "speaker", "role", "rating_raw", "timestamp",
                                             "text")) == [
        ("review:reviews/google.json:g-1", 0, "Maria K.", "customer", "FOUR", "2026-07-01T10:00:00Z", "Nice showroom staff."),
        ("review:reviews/google.json:g-3", 0, "Ewa", "customer", "FIVE", "2026-07-03T10:00:00Z", "Szybka dostawa."),
        ("review:reviews/google.json:g-3", 1, "", "brand", "FIVE", "2026-07-04T08:00:00Z", "Dziękujemy!"),   # the owner's reply, last, of its date
    ]
    assert quarantined(res, "reviews/google.json") == [(None, 1, "record 2: empty text")]   # no line: its number
    d = res.records[res.records["source_file"] == "reviews/google.json"]
    assert d["rating"].tolist()[:2] == [0.75, 1.0] and math.isnan(d["rating"].iloc[2])
    assert d["meta_review_part"].tolist() == ["text", "text", "reply"]


def test_polish_review_export_in_cp1250_with_fraction_ratings(res):
    assert rows(res, "reviews/opinie_cp1250.csv", ("rating", "timestamp", "text")) == [
        (0.75, "2026-06-03", "Ładna sofa, ale wniesienie kosztowało 99 zł."),
        (0.25, "2026-06-04", "Źle zapakowana, porysowane nóżki."),
    ]


def test_pros_and_cons_are_records_of_their_review(tmp_path):
    # an Ozon export: a five-star "all fine" whose con is a return; a review of only pros; a con that names none
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "ozon.csv").write_text(
        "ID;Оценка;Достоинства;Недостатки;Комментарий\n"
        "1;5;Теплый, мягкий;Маломерит на размер, пришлось оформлять возврат;Все отлично, спасибо!\n"
        "2;5;Мягкая, приятная к телу;Нет;\n"
        "3;4;;;\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records
    assert list(zip(d["doc_id"], d["record_index"], d["turn_index"], d["meta_review_part"], d["text"])) == [
        ("review:reviews/ozon.csv:1", 0, 0, "text", "Все отлично, спасибо!"),
        ("review:reviews/ozon.csv:1", 1, 1, "pros", "Теплый, мягкий"),
        ("review:reviews/ozon.csv:1", 2, 2, "cons", "Маломерит на размер, пришлось оформлять возврат"),
        ("review:reviews/ozon.csv:2", 3, 0, "pros", "Мягкая, приятная к телу"),   # not empty
    ]
    # the stars are evidence for the review's text, not for its con; every part keeps them as written
    assert d["rating"].iloc[0] == 1.0 and d["rating"].iloc[1:].isna().all()
    assert d["rating_raw"].tolist() == ["5", "5", "5", "5"] and set(d["role"]) == {"customer"}
    assert quarantined(res, "reviews/ozon.csv") == [
        (3, 4, "cons 'Нет' (column 'Недостатки') names none: not a statement"), (4, 5, "empty text")]
    f = res.files.iloc[0]
    assert f["reason"] == ("text read from 'Комментарий' (text), 'Достоинства' (pros), 'Недостатки' (cons): "
                           "each a record of its review")
    assert (f["records_in"], f["records_ok"], f["quarantined"]) == (6, 4, 2)


def test_a_json_review_of_only_cons_is_a_review(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "r.json").write_text(
        '[{"id": "a", "stars": 2, "pros": "", "cons": "Zips break"}, {"id": "b", "stars": 5, "text": "Great"}]',
        encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert list(zip(d["doc_id"], d["meta_review_part"], d["text"])) == [
        ("review:reviews/r.json:a", "cons", "Zips break"), ("review:reviews/r.json:b", "text", "Great")]


@pytest.mark.parametrize("header, row", [
    ("Дата публикации;Оценка;Текст отзыва;Имя покупателя", "02.09.2025 13:09;5;Все отлично;Екатерина П."),   # WB / Ozon
    ("Data publikacji;Ocena;Treść opinii;Autor", "02.09.2025 13:09;5;Wszystko super;Ewa"),                    # Polish
    ("Published at;Rating;Review text;Customer name", "2025-09-02T13:09:00;5;All good;Kate"),                 # English
], ids=["ru", "pl", "en"])
def test_marketplace_headers_name_the_text_date_and_author(tmp_path, header, row):
    # no reviews/ folder: the columns alone say it is a review export; "Текст отзыва" had stopped the run
    (tmp_path / "export.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    date, _, text, author = row.split(";")
    assert res.files["source_type"].tolist() == ["review"]
    assert res.records[["timestamp", "speaker", "text"]].values.tolist() == [["2025-09-02T13:09:00", author, text]]
    assert not [c for c in res.records.columns if c.startswith("meta_")]   # nothing left as metadata


def test_rating_scale_from_config(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "r.csv").write_text("rating,text\n4,ok\n5,good\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(rating_scale=10, rating_min=0))
    assert res.records["rating"].tolist() == [0.4, 0.5]
    res = read_corpus(tmp_path)   # inferred 1..5
    assert res.records["rating"].tolist() == [0.75, 1.0]


@pytest.mark.parametrize("raw,expected", [
    ("4", (4.0, None)), ("4,5", (4.5, None)), ("4/5", (4.0, 5.0)), ("8 out of 10", (8.0, 10.0)),
    ("★★★★☆", (4.0, 5.0)), ("FIVE", (5.0, 5.0)), ("80%", (80.0, 100.0)), ("", (None, None)), ("abc", (None, None)),
    ("3 z 5", (3.0, 5.0)), ("4 из 5", (4.0, 5.0)),
])
def test_parse_rating(raw, expected):
    assert parse_rating(raw) == expected


def test_normalise_rating_bounds():
    assert normalise_rating(3.0, None, 1.0, 5.0) == 0.5
    assert normalise_rating(50.0, None, 0.0, 100.0) == 0.5
    assert math.isnan(normalise_rating(7.0, None, 1.0, 5.0))      # above the scale: unknown, not clipped
    assert normalise_rating(0.0, 10.0, 1.0, 5.0) == 0.0            # NPS-like 0/10


def test_join_title():
    assert join_title("Great", "Comfy.") == "Great. Comfy."
    assert join_title("Great!", "Comfy.") == "Great! Comfy."
    assert join_title("", "Comfy.") == "Comfy."
    assert join_title("Only title", "") == "Only title"
    assert join_title("Meh", "Meh") == "Meh"


# --- social ---------------------------------------------------------------------------------------------

def test_facebook_comments_threads_parents_brand(res):
    assert rows(res, "social/fb.csv", ("doc_id", "thread_id", "parent_id", "turn_index", "speaker", "role", "timestamp", "text")) == [
        ("social:social/fb.csv:c1", "P1", "", 0, "Kasia W", "customer", "2026-08-01T10:00:00Z", "Is this sofa available in grey?"),
        ("social:social/fb.csv:c2", "P1", "c1", 1, "Acme Official", "brand", "2026-08-01T11:00:00Z", "Yes, in three shades of grey!"),
        ("social:social/fb.csv:c3", "P1", "c1", 2, "Kasia W", "customer", "2026-08-01T11:30:00Z", "Thanks 😍"),
        ("social:social/fb.csv:c4", "P2", "", 0, "Marek", "customer", "2026-08-02T09:00:00Z", "Still waiting for my refund."),
    ]
    assert rows(res, "social/fb.csv", ("meta_like_count",)) == [("4",), ("1",), ("0",), ("12",)]


def test_instagram_nested_json_post_comments_replies(res):
    assert rows(res, "social/ig.json", ("doc_id", "thread_id", "parent_id", "speaker", "role", "channel", "text")) == [
        ("social:social/ig.json:k1", "IGP-1", "", "ola.home", "customer", "Instagram", "Love it! Price?"),
        ("social:social/ig.json:k2", "IGP-1", "k1", "@acme_official", "brand", "Instagram", "2999 zł 🙂"),
        ("social:social/ig.json:k3", "IGP-1", "", "tom_k", "customer", "Instagram", "Mine sags after 3 months."),
    ]


# --- kinds, errors, read_table -----------------------------------------------------------------------------

def test_kind_from_columns_when_folder_says_nothing(tmp_path):
    (tmp_path / "a.csv").write_text("post_id,comment_id,parent_id,author,text\nP,1,,x,hello there\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("review_id,stars,body\n1,5,great\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("conversation_id,author_type,message\n1,agent,hi\n", encoding="utf-8")
    (tmp_path / "d.csv").write_text("id,text\n1,just text\n", encoding="utf-8")
    res = read_corpus(tmp_path)
    assert res.files["source_type"].tolist() == ["social", "review", "chat", "table"]
    assert res.records["doc_id"].tolist() == ["social:a.csv:1", "review:b.csv:1", "chat:1", "table:d.csv:1"]


def test_no_text_column_error_names_file_columns_and_config_key():
    with pytest.raises(InputError) as e:
        read_corpus(FIX / "errors" / "no_text.csv")
    msg = str(e.value)
    assert "no_text.csv" in msg
    assert "no text column found among ['id', 'stars', 'uwagi']" in msg
    assert '[ingest] text_columns = ["uwagi"]' in msg
    assert "--text-col" in msg   # the table commands take the column on the command line


def test_text_columns_config_fixes_it(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "x.csv").write_text("id,stars,uwagi\n1,5,Super sofa\n", encoding="utf-8")
    with pytest.raises(InputError, match=r'text_columns = \["uwagi"\]'):
        read_corpus(tmp_path)
    res = read_corpus(tmp_path, IngestConfig(text_columns=["uwagi"]))
    assert res.records["text"].tolist() == ["Super sofa"]
    assert res.records["rating"].tolist() == [1.0]


def test_user_column_mapping_keeps_defaults_for_other_fields(tmp_path):
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "x.csv").write_text("conversation_id,author_type,tresc_wiadomosci\n7,agent,Dzień dobry\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(chat_columns={"text": ["tresc_wiadomosci"]}))
    assert res.records[["doc_id", "role", "text"]].values.tolist() == [["chat:7", "agent", "Dzień dobry"]]


def test_text_over_max_chars_is_quarantined_not_cut(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "r.csv").write_text(f"text\nshort\n{'x' * 150}\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(max_text_chars=100))
    assert res.records["text"].tolist() == ["short"]
    assert res.quarantine["reason"].str.contains("over \\[ingest\\] max_text_chars = 100").tolist() == [True]


def test_unclosed_quote_is_quarantined_and_the_lines_it_swallowed_are_read_again():
    res = read_corpus(FIX / "errors" / "broken_quote.csv")
    f = res.files.iloc[0]
    assert (f["records_in"], f["records_ok"], f["quarantined"]) == (2, 1, 1)
    assert res.quarantine["line"].tolist() == [2]
    assert res.quarantine["reason"].iloc[0].startswith('a quote (") opened on this line is not closed, so the row ran over 2 lines')
    assert res.records["text"].tolist() == ["next row"]


def test_an_unclosed_quote_mid_file_loses_no_later_review(tmp_path):
    # a Google-reviews style export: the quote opened on line 3 is closed by the first quote of line 4,
    # which made one row of 12 fields and took the next review with it
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "g.csv").write_text(
        'Reviewer;Stars;Date;Title;Review text;Owner response\n'
        '"Ola";5;6/1/2026;"Super";"Czysto i miło.";\n'
        '"Kasia";2;7/8/2026;"Sauna";"Sauna zamknięta od 2 tygodni, a cena ta sama.;\n'
        '"Rafał";5;8/15/2026;"Mega";"Rewelacyjny klub, zawsze czysto rano.";\n'
        '"Viktor";1;9/22/2026;"Cancel";"To cancel I must go to reception with paper.";"Sorry"\n', encoding="utf-8")
    res = read_corpus(tmp_path)
    f = res.files.iloc[0]
    assert (f["records_in"], f["records_ok"], f["quarantined"]) == (5, 4, 1)
    assert res.quarantine["line"].tolist() == [3] and "fix the quote" in res.quarantine["reason"].iloc[0]
    assert [t.split(". ", 1)[-1] for t in res.records["text"]] == [
        "Czysto i miło.", "Rewelacyjny klub, zawsze czysto rano.", "To cancel I must go to reception with paper.", "Sorry"]
    assert res.records["line"].tolist() == [2, 4, 5, 5]   # the owner's response is a record of its review


def test_multiline_quoted_text_is_not_mistaken_for_an_unclosed_quote(tmp_path):
    (tmp_path / "c.csv").write_text('id,text\n1,"line one, with comma\nline two"\n2,next\n', encoding="utf-8")
    res = read_corpus(tmp_path / "c.csv")
    assert res.records["text"].tolist() == ["line one, with comma line two", "next"]


def test_read_table_explicit_and_auto_text_column(tmp_path):
    p = tmp_path / "survey.csv"
    p.write_text("id,answer,segment,role\n1,Too slow delivery,expat,customer\n2,,expat,\n3,Nice,first apartment,agent\n",
                 encoding="utf-8")
    res = read_table(p, "answer")
    r = res.records
    assert r["source_type"].tolist() == ["table", "table"]
    assert r["doc_id"].tolist() == ["table:survey.csv:1", "table:survey.csv:3"]
    assert r["text"].tolist() == ["Too slow delivery", "Nice"]
    assert r["role"].tolist() == ["customer", "agent"]
    assert r["meta_segment"].tolist() == ["expat", "first apartment"]
    assert res.quarantine[["line", "reason"]].values.tolist() == [[3, "empty text"]]
    with pytest.raises(InputError, match="text column 'nope' not found; the file has columns \\['id', 'answer', 'segment', 'role'\\]"):
        read_table(p, "nope")
    with pytest.raises(InputError, match='text_columns = \\["answer"\\]'):
        read_table(p, None)


def test_read_table_jsonl_and_xlsx(tmp_path):
    p = tmp_path / "t.jsonl"
    p.write_text('{"text": "a", "score": 5}\n{"text": "b", "score": 1}\n', encoding="utf-8")
    assert read_table(p).records[["text", "rating"]].values.tolist() == [["a", 1.0], ["b", 0.0]]
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Comment", "Segment"])
    ws.append(["Great sofa", "expat"])
    ws.append([None, None])
    ws.append(["Late delivery", 3])
    x = tmp_path / "t.xlsx"
    wb.save(x)
    r = read_table(x).records
    assert r[["line", "text", "meta_segment"]].values.tolist() == [[2, "Great sofa", "expat"], [4, "Late delivery", "3"]]


def test_read_table_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_table(tmp_path / "missing.csv")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="is not a table"):
        read_table(tmp_path / "a.txt")
    (tmp_path / "bad.json").write_text('[{"text": "a"},', encoding="utf-8")
    with pytest.raises(InputError, match="invalid JSON"):
        read_table(tmp_path / "bad.json")


@pytest.mark.parametrize("raw,iso", [
    ("2026-04-03 14:05:00", "2026-04-03T14:05:00"), ("2026-04-03T14:05:00Z", "2026-04-03T14:05:00Z"),
    ("2026-04-03", "2026-04-03"), ("03.04.2026", "2026-04-03"), ("03.04.2026 14:05", "2026-04-03T14:05:00"),
    ("03/04/2026", "2026-04-03"), ("Apr 3, 2026", "2026-04-03"), ("1775224800", "2026-04-03T14:00:00Z"),
    ("1775224800000", "2026-04-03T14:00:00Z"), ("2026-04-03T14:05:00+02:00", "2026-04-03T14:05:00+02:00"),
    ("04/03/2026 2:05 PM", "2026-04-03T14:05:00"), ("yesterday", ""), ("", ""), ("12345", ""),
])
def test_parse_timestamp(raw, iso):
    assert parse_timestamp(raw) == iso


SURVEY = ("Respondent ID,Submitted,What did you like?,What could we improve?,NPS\n"
          "r1,2026-05-01,\"Fast delivery, nice sofa\",The app crashes at checkout,9\n"
          "r2,2026-05-02,Obsługa w salonie,Dłuższa gwarancja na piankę,0\n"
          "r3,2026-05-03,,Доставка слишком долгая,3\n"
          "r4,2026-05-04,,,8\n")


def test_survey_each_open_answer_is_a_record_of_its_respondent(tmp_path):
    (tmp_path / "survey.csv").write_text(SURVEY, encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["What did you like?", "What could we improve?"]))
    d = res.records
    assert list(zip(d["doc_id"], d["turn_index"], d["text"], d["meta_question"])) == [
        ("survey:survey.csv:r1", 0, "Fast delivery, nice sofa", "What did you like?"),
        ("survey:survey.csv:r1", 1, "The app crashes at checkout", "What could we improve?"),
        ("survey:survey.csv:r2", 0, "Obsługa w salonie", "What did you like?"),
        ("survey:survey.csv:r2", 1, "Dłuższa gwarancja na piankę", "What could we improve?"),
        ("survey:survey.csv:r3", 0, "Доставка слишком долгая", "What could we improve?"),
    ]
    assert set(d["source_type"]) == {"survey"} and set(d["role"]) == {"customer"} and set(d["channel"]) == {"survey"}
    assert d["line"].tolist() == [2, 2, 3, 3, 4] and d["record_index"].is_unique
    assert d["timestamp"].str.startswith("2026-05-0").all()
    # with two open questions the score is kept as written but is no evidence for either answer's sentiment
    assert d["rating_raw"].tolist() == ["9", "9", "0", "0", "3"] and d["rating"].isna().all()
    assert not any(c.startswith("meta_what") for c in d.columns)      # the questions are text, not metadata
    # nothing is lost: the respondent who answered no question is quarantined with the reason
    assert res.quarantine["line"].tolist() == [5] and "no answer in any of the survey columns" in res.quarantine["reason"][0]
    f = res.files.iloc[0]
    assert (f["source_type"], f["records_in"], f["records_ok"], f["quarantined"]) == ("survey", 6, 5, 1)


def test_a_survey_answer_that_skips_its_question_is_quarantined_with_the_question(tmp_path):
    (tmp_path / "s.csv").write_text("id,Liked?,Improve?,Anything else?\n"
                                    "r1,Trenerzy,—,nie\n"
                                    "r2,-,N/A,\n"
                                    "r3,Nic,Nic,Nie wiem co dodać\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["Liked?", "Improve?", "Anything else?"]))
    # "Nic" (nothing to improve) is an answer; "—", "-", "N/A" and "nie" skip their questions
    assert list(zip(res.records["doc_id"], res.records["text"])) == [
        ("survey:s.csv:r1", "Trenerzy"), ("survey:s.csv:r3", "Nic"), ("survey:s.csv:r3", "Nic"),
        ("survey:s.csv:r3", "Nie wiem co dodać")]
    q = res.quarantine
    assert q["line"].tolist() == [2, 2, 3]
    assert q["reason"].tolist()[:2] == ["no answer: '—' to 'Improve?' (an answer that skips its question is not a statement)",
                                        "no answer: 'nie' to 'Anything else?' (an answer that skips its question is not a statement)"]
    assert q["reason"].iloc[2].startswith("no answer: '-' to 'Liked?'; 'N/A' to 'Improve?'")
    f = res.files.iloc[0]
    assert (f["records_in"], f["records_ok"], f["quarantined"]) == (7, 4, 3)
    assert q["record_index"].is_unique and not set(q["record_index"]) & set(res.records["record_index"])


def test_survey_with_one_open_question_reads_the_nps_as_its_rating(tmp_path):
    (tmp_path / "nps.csv").write_text("id,Why this score?,NPS\n1,Great service,10\n2,Slow delivery,0\n3,OK,5\n"
                                      "4,Fine,8\n5,Good,9\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["Why this score?"]))
    # NPS is 0-10, not 1-10, and read by its category: a 5 is a detractor (negative), an 8 a passive (neutral)
    assert res.records["rating"].tolist() == [1.0, 0.0, round(0.25 * 5 / 6, 4), 0.5, 0.85]
    assert set(res.records["source_type"]) == {"survey"}


def test_survey_columns_leave_other_tables_alone_and_a_survey_without_them_gets_a_clear_fix(tmp_path):
    (tmp_path / "reviews.csv").write_text("review_id,rating,text\n1,5,Great sofa\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["What did you like?"]))
    assert res.records["source_type"].tolist() == ["review"]
    (tmp_path / "reviews.csv").unlink()
    (tmp_path / "survey.csv").write_text(SURVEY, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_corpus(tmp_path, IngestConfig())
    msg = str(exc.value)
    assert "survey.csv" in msg and 'survey_columns = ["What did you like?", "What could we improve?"]' in msg


US_FORM = ("Timestamp,Email Address,What could we improve?\n"
           "8/3/2026 9:12:00,a@example.com,Delivery took three weeks\n"
           "8/3/2026 17:40:11,b@example.com,The app crashes at checkout\n")


def test_a_us_form_export_is_read_month_first_when_one_date_shows_it(tmp_path):
    # Google Forms with a US locale writes month/day/year without AM/PM: one day past the 12th
    # shows the order of the whole column, "8/3/2026" included (day-first it would be 8 March).
    (tmp_path / "form.csv").write_text(US_FORM + "8/13/2026 10:00:00,c@example.com,Too few colours\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["What could we improve?"]))
    assert res.records["timestamp"].tolist() == ["2026-08-03T09:12:00", "2026-08-03T17:40:11", "2026-08-13T10:00:00"]
    assert "day-first" not in res.files["reason"].iloc[0]


def test_dates_no_value_decides_are_read_day_first_and_files_csv_says_how_to_change_it(tmp_path):
    (tmp_path / "form.csv").write_text(US_FORM, encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["What could we improve?"]))
    assert res.records["timestamp"].tolist() == ["2026-03-08T09:12:00", "2026-03-08T17:40:11"]
    assert 'date_order = "month-first"' in res.files["reason"].iloc[0]
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["What could we improve?"], date_order="month-first"))
    assert res.records["timestamp"].tolist() == ["2026-08-03T09:12:00", "2026-08-03T17:40:11"]
    assert "day-first" not in res.files["reason"].iloc[0]


def _chat_timestamps(tmp_path, rows: list[str]) -> tuple[list[str], str]:
    (tmp_path / "chat.csv").write_text("conversation_id,author,created_at,message\n" + "".join(f"1,Anna,{r}\n" for r in rows),
                                       encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    return res.records["timestamp"].tolist(), res.files["reason"].iloc[0]


@pytest.mark.parametrize("rows, expected", [
    # a UK export: AM/PM times, day first; read as US dates "13/8/2026" was unreadable and "3/8/2026" March
    (["3/8/2026 9:12 AM,Where is my sofa?", "13/8/2026 2:05 PM,Still waiting"], ["2026-08-03T09:12:00", "2026-08-13T14:05:00"]),
    # a European column stays day-first
    (["03/08/2026 09:12,Gdzie jest moja kanapa?", "21/08/2026 10:00,Nadal czekam"], ["2026-08-03T09:12:00", "2026-08-21T10:00:00"]),
])
def test_a_column_whose_dates_show_day_first_is_read_so(tmp_path, rows, expected):
    assert _chat_timestamps(tmp_path, rows) == (expected, "")


def test_iso_dates_need_no_note(tmp_path):
    assert _chat_timestamps(tmp_path, ["2026-08-03 09:12,Hej"]) == (["2026-08-03T09:12:00"], "")


def test_google_play_console_export_in_utf16_has_dates_and_stars(tmp_path):
    (tmp_path / "reviews").mkdir()
    hdr = ("Package Name,App Version Code,Reviewer Language,Review Submit Date and Time,"
           "Review Submit Millis Since Epoch,Star Rating,Review Title,Review Text,Developer Reply Text")
    rows = ['pl.sofino.app,120,pl,2026-08-01T10:00:00Z,1785578400000,1,,"Aplikacja wywala się przy płatności BLIK",'
            '"Dziękujemy, poprawka w 1.2.1."']
    (tmp_path / "reviews" / "reviews_pl.sofino.app_202608.csv").write_text(hdr + "\n" + "\n".join(rows) + "\n",
                                                                          encoding="utf-16")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert d["timestamp"].tolist()[0] == "2026-08-01T10:00:00Z" and d["rating"].tolist()[0] == 0.0
    # the developer's reply is kept as the brand's, after the review: not the customer's voice
    assert list(zip(d["role"], d["text"])) == [("customer", "Aplikacja wywala się przy płatności BLIK"),
                                               ("brand", "Dziękujemy, poprawka w 1.2.1.")]


def test_vk_comments_community_is_the_brand_and_mentions_become_names(tmp_path):
    import json

    (tmp_path / "social").mkdir()
    data = {"response": {"count": 3, "items": [
        {"id": 11, "from_id": -12345, "date": 1785748320, "text": "Новая коллекция уже в продаже!", "post_id": 5},
        {"id": 12, "from_id": 777, "date": 1785749320, "text": "Когда доставка в Минск?", "post_id": 5},
        {"id": 14, "from_id": 888, "date": 1785751320, "text": "[id777|Ольга], у меня тоже вопрос", "post_id": 5}]}}
    (tmp_path / "social" / "vk.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert list(zip(d["role"], d["text"])) == [("brand", "Новая коллекция уже в продаже!"),
                                               ("customer", "Когда доставка в Минск?"),
                                               ("customer", "Ольга, у меня тоже вопрос")]
    assert d["timestamp"].iloc[0] == "2026-08-03T09:12:00Z"


def test_open_questions_beside_a_text_column_are_not_dropped_silently(tmp_path):
    (tmp_path / "feedback.csv").write_text("id,comment,What could we improve?\n1,Great sofa,Faster delivery please\n"
                                           "2,Nice staff,More colours of the Oslo\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    assert res.records["text"].tolist() == ["Great sofa", "Nice staff"]
    reason = res.files.loc[0, "reason"]
    assert '"What could we improve?"' in reason and "survey_columns" in reason
    both = read_corpus(tmp_path, IngestConfig(survey_columns=["comment", "What could we improve?"])).records
    assert len(both) == 4


def test_a_helpdesk_export_names_its_channel_in_a_nested_via_field(tmp_path):
    # Zendesk: {"via": {"channel": "mobile"}} flattens to via_channel
    import json

    (tmp_path / "chats").mkdir()
    rows = [{"ticket_id": 1, "author_role": "end-user", "body": "Bank sync fails", "via": {"channel": "mobile"}},
            {"ticket_id": 1, "author_role": "agent", "body": "We will check", "via": {"channel": "web"}}]
    (tmp_path / "chats" / "t.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert read_corpus(tmp_path).records["channel"].tolist() == ["mobile", "web"]


def test_a_helpdesk_comment_loses_its_quoted_macro_and_signature(tmp_path):
    # an agent's quoted macro had been a customer's praise in the map, and a signature carried a NIP and a phone
    import json

    (tmp_path / "chats").mkdir()
    rows = [{"ticket_id": 7, "author_role": "end-user",
             "body": "Can you turn it off?\n> To renew the connection go to Settings\n> Best regards, The Team"},
            {"ticket_id": 7, "author_role": "end-user",
             "body": "Import klientów to podstawa.\n-- \nAnna Nowak, MK Design Studio, tel. 604 555 321"},
            {"ticket_id": 7, "author_role": "end-user", "body": "> To renew the connection go to Settings"}]
    (tmp_path / "chats" / "t.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    res = read_corpus(tmp_path)
    assert res.records["text"].tolist() == ["Can you turn it off?", "Import klientów to podstawa."]
    assert res.quarantine["reason"].tolist() == ["only quoted text or a signature: no words of its own"]


def test_a_numbered_repeat_never_takes_a_later_columns_name():
    from pipeline.ingest._tables import unique_header

    assert unique_header(["a", "a", "a_2"]) == ["a", "a_2", "a_2_2"]
    assert unique_header(["Score", "score", "SCORE"]) == ["score", "score_2", "score_3"]
