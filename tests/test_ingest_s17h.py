"""Session 17 ingest fixes (h): a VK reply's parent is the comment it answers."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.ingest import IngestConfig, read_corpus


# --- a VK reply's parent is the comment it answers ---------------------------------------------------------------

def _vk_comment(cid: int, from_id: int, text: str, **extra) -> dict:
    return {"id": cid, "from_id": from_id, "post_id": 102, "owner_id": -212345678, "date": 1791000000 + cid,
            "text": text, "likes": {"can_like": 1, "count": 0, "user_likes": 0, "can_publish": 1}, **extra}


# wall.getComments with thread_items_count: the replies nested in their top comment's thread
_VK_THREADED = {"response": {"count": 4, "current_level_count": 2, "can_post": True, "items": [
    _vk_comment(501, 4411087, "Доставка опоздала на час, роллы холодные.", parents_stack=[], thread={
        "count": 2, "can_post": True, "show_reply_button": True, "items": [
            _vk_comment(502, -212345678, "[id4411087|Ольга], извините! Напишите номер заказа в личные сообщения.",
                        parents_stack=[501], reply_to_user=4411087, reply_to_comment=501),
            _vk_comment(503, 4411087, "Написала, жду ответа.", parents_stack=[501], reply_to_user=-212345678,
                        reply_to_comment=502)]}),
    _vk_comment(504, 5512345, "А промокод ВЕСНА20 ещё работает?", parents_stack=[],
                thread={"count": 0, "items": [], "can_post": True})]}}
# wall.getComments with comment_id: one thread's replies, flat; one answers the top comment with no reply_to_comment
_VK_FLAT = {"response": {"count": 3, "items": [
    _vk_comment(602, 7700111, "У меня то же самое", parents_stack=[601], reply_to_user=7700222, reply_to_comment=601),
    _vk_comment(603, -212345678, "Уже исправили, проверьте.", parents_stack=[601], reply_to_user=7700111,
                reply_to_comment=602),
    _vk_comment(604, 7700333, "И у меня не работает", parents_stack=[601])]}}


def test_a_vk_reply_s_parent_is_the_comment_it_answers_in_api_json_and_a_csv_export(tmp_path):
    # reply_to_comment had been metadata: flat replies had no parent, a nested one the thread's top comment
    (tmp_path / "social").mkdir()
    (tmp_path / "social" / "vk_threaded.json").write_text(json.dumps(_VK_THREADED, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "social" / "vk_flat.json").write_text(json.dumps(_VK_FLAT, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "social" / "vk_comments.csv").write_text(
        "id,from_id,from_name,post_id,date,text,reply_to_user,reply_to_comment\n"
        "701,11001,Ержан Тулеуов,120,1791000000,Промокод не работает,,\n"
        "702,-212345678,Вкусно&Быстро,120,1791005000,\"Ержан, проверьте регистр букв.\",11001,701\n"
        "703,11001,Ержан Тулеуов,120,1791006000,\"Спасибо, сработало\",-212345678,702\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records.set_index("doc_id")
    parents = {k.rsplit(":", 1)[1]: v for k, v in d["parent_id"].items()}
    assert parents == {"501": "", "502": "501", "503": "502", "504": "", "602": "601", "603": "602", "604": "601",
                       "701": "", "702": "701", "703": "702"}
    assert d["role"].tolist().count("brand") == 3 and res.quarantine.empty
    # the person a reply answers is a person's id as its author's is, not meta_reply_to_user
    assert "meta_reply_to_user" not in d
    assert d.loc["social:social/vk_comments.csv:702", "meta_reply_to_author_id"] == "11001"


def test_the_person_a_vk_reply_answers_reaches_the_outputs_as_the_same_alias_as_their_comment(tmp_path):
    from pipeline.redact import RedactConfig, Redactor, redact_columns

    (tmp_path / "social").mkdir()
    (tmp_path / "social" / "vk.json").write_text(json.dumps(_VK_THREADED, ensure_ascii=False), encoding="utf-8")
    records = read_corpus(tmp_path, IngestConfig()).records
    red = Redactor(RedactConfig())
    out = redact_columns(records, red.cfg, red).set_index(records["doc_id"].str.rsplit(":", n=1).str[1])
    assert "4411087" not in out.filter(like="meta_").stack().tolist()
    assert out.loc["502", "meta_reply_to_author_id"] == out.loc["501", "meta_author_id"]


# --- a review's title is repeated only by the body's whole words -------------------------------------------------

def test_a_title_that_starts_the_body_s_first_word_is_kept_and_a_repeated_one_is_not(tmp_path):
    # 'Crash' before 'Crashes at checkout every time' had been dropped as a repeat (a string prefix)
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "appstore.csv").write_text(
        "review_id,title,review,rating\n"
        "1,Crash,Crashes at checkout every time,1\n"
        "2,Zwrot,Zwroty są płatne i trwają miesiąc.,2\n"
        "3,Dostawa,Dostawa trwała trzy tygodnie.,2\n"
        "4,Доставка!,\"Доставка быстрая, курьер вежливый.\",5\n"
        "5,Доставка,Доставкой довольна.,5\n"
        "6,\"Zamówiłam sofę w piątek, przyszła poryso…\",\"Zamówiłam sofę w piątek, przyszła porysowana.\",1\n",
        encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert d["text"].tolist() == [
        "Crash. Crashes at checkout every time", "Zwrot. Zwroty są płatne i trwają miesiąc.",
        "Dostawa trwała trzy tygodnie.", "Доставка быстрая, курьер вежливый.", "Доставка. Доставкой довольна.",
        "Zamówiłam sofę w piątek, przyszła porysowana."]
    assert d["meta_title"].tolist()[:2] == ["Crash", "Zwrot"]   # and the headline of each of its records


# --- Apify's Google Maps reviews: 'title' is the place, one review of it or many ---------------------------------

def _apify_review(place: str, place_id: str, rid: str, name: str, text: str | None, stars: int) -> dict:
    """One item of Apify's Google Maps Reviews Scraper dataset, as its JSON export writes it."""
    return {"title": place, "placeId": place_id, "url": f"https://www.google.com/maps/place/?q=place_id:{place_id}",
            "address": "ul. Długa 5, 31-147 Kraków", "categoryName": "Sklep meblowy", "totalScore": 4.3,
            "reviewsCount": 212, "reviewerId": f"1098{rid}", "name": name, "reviewerNumberOfReviews": 7,
            "isLocalGuide": False, "text": text, "textTranslated": None, "publishAt": "2 months ago",
            "publishedAtDate": "2026-03-02T10:15:00.000Z", "likesCount": 0, "reviewId": f"Ci9{rid}", "stars": stars,
            "rating": None, "responseFromOwnerDate": None, "responseFromOwnerText": None, "reviewImageUrls": [],
            "reviewContext": {"Usługa": "W sklepie"}, "reviewDetailedRating": {}, "language": "pl"}


def test_apify_s_title_is_the_place_also_when_a_place_has_one_review(tmp_path):
    # one review of a place, or a search with one review per place: the title does not repeat, and the place's name
    # had opened the review ('Sofino Kraków. Sofa przyszła porysowana.'); a rating without text had read the place's name
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "one.json").write_text(json.dumps(
        [_apify_review("Sofino Kraków", "ChIJ123", "A1", "Anna Kowalska", "Sofa przyszła porysowana.", 2)]),
        encoding="utf-8")
    (tmp_path / "reviews" / "search.json").write_text(json.dumps(
        [_apify_review("Sofino Gdańsk", "ChIJ456", "B1", "Jan Nowak", "Świetna obsługa.", 5),
         _apify_review("Sofino Poznań", "ChIJ789", "B2", "Ewa Lis", "Długo czekałam na fakturę.", 3),
         _apify_review("Sofino Łódź", "ChIJ012", "B3", "Olga Ruda", None, 5)]), encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records
    assert list(zip(d["meta_place"], d["text"])) == [("Sofino Kraków", "Sofa przyszła porysowana."),
                                                     ("Sofino Gdańsk", "Świetna obsługa."),
                                                     ("Sofino Poznań", "Długo czekałam na fakturę.")]
    assert res.quarantine["reason"].tolist() == ["record 3: empty text"]


# --- Meta's Messenger and Instagram exports as Meta writes them ---------------------------------------------------

META = Path(__file__).parent / "data" / "ingest" / "meta_export"


def test_a_messenger_conversation_split_over_files_is_one_chat_and_meta_s_notices_are_no_one_s_words():
    # Facebook's Download your information: message_1.json the newest part of a long conversation, message_2.json
    # the older (each had been a document of its own, turns from 0); an unsent message, a call, a photo, and the
    # reactions and likes Meta writes as text (which had been the customer's words: 'Reacted ❤ to your message')
    res = read_corpus(META / "your_facebook_activity", IngestConfig())
    d = res.records
    assert d["doc_id"].nunique() == 1 and d["doc_id"].iloc[0].endswith("/message_1.json")
    assert list(zip(d["turn_index"], d["role"], d["text"])) == [
        (0, "customer", "Sofa przyszła porysowana, co teraz?"),
        (1, "agent", "Dzień dobry, przykro nam. Prosimy o zdjęcie."),
        (2, "agent", "https://sofino.pl/reklamacje"),
        (3, "customer", "Tu zdjęcie porysowanej nogi"),
        (4, "agent", "Kurier będzie jutro między 8 a 12.")]
    assert d["source_file"].str.rsplit("/", n=1).str[1].tolist() == ["message_2.json"] * 2 + ["message_1.json"] * 3
    assert sorted(res.quarantine["reason"]) == [
        "Messenger service message (Call)", "Meta's notice of a reaction, a like or an attachment: no words of its own",
        "message without text (photos)", "unsent message (removed by its sender)"]
    assert res.files["records_in"].tolist() == [7, 2]


def test_instagram_likes_and_reactions_are_quarantined_and_e2ee_messenger_chats_are_read_as_chats():
    # Instagram writes a like or a reaction as a message ('Liked a message'); Messenger's end-to-end encrypted chats
    # come as threadName / senderName / text / timestamp, which had been read as a table of comments, the shop's
    # answer a customer's with no speaker
    res = read_corpus(META, IngestConfig())
    d = res.records[~res.records["source_file"].str.contains("facebook")]
    assert list(zip(d["channel"], d["speaker"], d["role"], d["text"])) == [
        ("messenger", "Jan Kowalski", "customer", "Dzień dobry, gdzie moja paczka?"),
        ("messenger", "Sofino Meble", "agent", "Paczka wyjechała dziś rano."),
        ("instagram", "Kasia Nowak 🌸", "customer", "Czy ta sofa jest dostępna od ręki?"),
        ("instagram", "Sofino", "agent", "Tak, wysyłamy w 5 dni roboczych.")]
    assert set(d["source_type"]) == {"chat"} and d["timestamp"].iloc[0] == "2026-02-25T06:13:30Z"
    q = res.quarantine[~res.quarantine["file"].str.contains("facebook")]
    assert q["reason"].value_counts().to_dict() == {
        "Meta's notice of a reaction, a like or an attachment: no words of its own": 2,
        "message without text (media)": 1, "unsent message (removed by its sender)": 1,
        "message without text (share)": 1}


def test_a_file_beside_a_conversation_s_parts_that_is_none_of_them_is_read_on_its_own(tmp_path):
    import shutil

    thread = tmp_path / "messages" / "inbox" / "annawisniewska_1234567890"
    shutil.copytree(META / "your_facebook_activity" / "messages" / "inbox" / "annawisniewska_1234567890", thread)
    (thread / "message_3.json").write_text('{"participants": [', encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    assert len(res.records) == 5 and res.records["doc_id"].nunique() == 1
    bad = res.files.set_index(res.files["file"].str.rsplit("/", n=1).str[1]).loc["message_3.json"]
    assert bad["status"] == "failed" and bad["reason"].startswith("invalid JSON")
    # a part [ingest] skip_patterns leaves out is reported skipped, as any file is (a grouped file had been read)
    res = read_corpus(tmp_path, IngestConfig(skip_patterns=["message_2.json"]))
    assert len(res.records) == 3 and "skipped by [ingest] skip_patterns" in res.files["reason"].tolist()
