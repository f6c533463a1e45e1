"""Session 16 ingest fixes (c): review exports' owner replies with their dates (Apify's Google Maps reviews, the App
Store Connect API), a record's position and id in the quarantine, one reading of HTML entities, one rule for id
columns."""

from __future__ import annotations

import json
from email.message import EmailMessage

from pipeline.ingest import IngestConfig, read_corpus


# --- HTML entities are decoded once -------------------------------------------------------------------------

def test_an_html_body_is_decoded_once_in_a_chat_table_and_an_e_mail(tmp_path):
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "desk.csv").write_text(
        "ticket_id,author_type,body\n"
        'T-1,end-user,"<p>Your page shows &amp;lt;br&amp;gt; in the title.</p>"\n'
        "T-1,agent,Tom &amp; Jerry fixed it.\n", encoding="utf-8")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Ola <ola@wp.pl>", "pomoc@sofino.pl", "Strona"
    msg["Date"], msg["Message-ID"] = "Mon, 03 Aug 2026 10:00:00 +0200", "<a1@wp.pl>"
    msg.set_content("<p>Na stronie widać &amp;lt;b&amp;gt; zamiast pogrubienia.</p>", subtype="html")
    (tmp_path / "email").mkdir()
    (tmp_path / "email" / "1.eml").write_bytes(bytes(msg))
    texts = read_corpus(tmp_path, IngestConfig()).records["text"].tolist()
    # the HTML's "&amp;lt;" is the text "&lt;" (had been "<br>", "<b>"); a plain cell's reference is read as before
    assert texts == ["Your page shows &lt;br&gt; in the title.", "Tom & Jerry fixed it.",
                     "Na stronie widać &lt;b&gt; zamiast pogrubienia."]


# --- an owner's reply carries its own date --------------------------------------------------------------------

def test_a_sellers_reply_has_its_own_date_where_the_export_gives_it(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "outscraper.csv").write_text(
        "name,place_id,author_title,review_text,review_rating,review_datetime_utc,owner_answer,"
        "owner_answer_timestamp_datetime_utc\n"
        "Sofino Kraków,ChIJ1,Anna K.,Sofa porysowana.,2,03/13/2026 10:15:00,Przepraszamy!,03/04/2026 08:00:00\n",
        encoding="utf-8")
    (tmp_path / "reviews" / "play.csv").write_text(
        "Package Name,Review Submit Date and Time,Star Rating,Review Text,Developer Reply Date and Time,"
        "Developer Reply Text\n"
        "pl.sofino.app,2026-03-05T09:00:00Z,1,Aplikacja się wiesza.,2026-03-06T11:30:00Z,Poprawka w wersji 2.1.\n",
        encoding="utf-8")
    (tmp_path / "reviews" / "google.json").write_text(
        '[{"reviewId": "g-3", "reviewer": {"displayName": "Ewa"}, "starRating": "FIVE", "comment": "Szybka dostawa.",'
        ' "createTime": "2026-07-03T10:00:00Z", "reviewReply": {"comment": "Dziękujemy!",'
        ' "updateTime": "2026-07-04T08:00:00Z"}}]', encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert list(zip(d["source_file"], d["role"], d["timestamp"])) == [
        ("reviews/google.json", "customer", "2026-07-03T10:00:00Z"), ("reviews/google.json", "brand", "2026-07-04T08:00:00Z"),
        ("reviews/outscraper.csv", "customer", "2026-03-13T10:15:00"), ("reviews/outscraper.csv", "brand", "2026-03-04T08:00:00"),
        ("reviews/play.csv", "customer", "2026-03-05T09:00:00Z"), ("reviews/play.csv", "brand", "2026-03-06T11:30:00Z")]
    # read in the file's order (Outscraper writes month-first: 03/13), as the review's date is; the reply's date is
    # its record's timestamp, not metadata of the customer's words
    assert not [c for c in d.columns if "owner_answer" in c or "developer_reply" in c or "reviewreply" in c]


# --- Apify's Google Maps reviews ------------------------------------------------------------------------------

APIFY = ("title,placeId,url,reviewId,name,reviewerId,text,stars,publishedAtDate,responseFromOwnerText,"
         "responseFromOwnerDate,reviewUrl\n"
         "Sofino Kraków,ChIJ123,https://www.google.com/maps/place/?q=place_id:ChIJ123,Ci9DQUlR1,Anna Kowalska,10983,"
         '"Sofa przyszła porysowana, czekam na wymianę już trzy tygodnie.",2,2026-03-02T10:15:00.000Z,'
         '"Pani Anno, przepraszamy, skontaktujemy się w sprawie wymiany.",2026-03-03T08:00:00.000Z,https://maps.app/r1\n'
         "Sofino Kraków,ChIJ123,https://www.google.com/maps/place/?q=place_id:ChIJ123,Ci9DQUlR2,Tomasz Nowak,20411,"
         "Świetna obsługa w salonie.,5,2026-03-05T12:00:00.000Z,,,https://maps.app/r2\n"
         "Sofino Gdańsk,ChIJ456,https://www.google.com/maps/place/?q=place_id:ChIJ456,Ci9DQUlR3,Ewa Zielińska,31552,"
         '"Dostawa na czas, montaż sprawny.",4,2026-03-07T09:30:00.000Z,Dziękujemy!,2026-03-08T10:00:00.000Z,'
         "https://maps.app/r3\n"
         "Sofino Gdańsk,ChIJ456,https://www.google.com/maps/place/?q=place_id:ChIJ456,Ci9DQUlR4,Jan Wiśniewski,40012,"
         "Długo czekałem na fakturę.,3,2026-03-09T09:30:00.000Z,,,https://maps.app/r4\n")


def test_apify_google_maps_reviews_title_is_the_place_name_the_reviewer_and_the_reply_the_owners(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "apify.csv").write_text(APIFY, encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert list(zip(d["doc_id"], d["role"], d["speaker"], d["meta_place"], d["timestamp"], d["text"])) == [
        ("review:reviews/apify.csv:Ci9DQUlR1", "customer", "Anna Kowalska", "Sofino Kraków", "2026-03-02T10:15:00Z",
         "Sofa przyszła porysowana, czekam na wymianę już trzy tygodnie."),   # had opened "Sofino Kraków. Sofa …"
        ("review:reviews/apify.csv:Ci9DQUlR1", "brand", "", "Sofino Kraków", "2026-03-03T08:00:00Z",
         "Pani Anno, przepraszamy, skontaktujemy się w sprawie wymiany."),   # had been meta_responsefromownertext
        ("review:reviews/apify.csv:Ci9DQUlR2", "customer", "Tomasz Nowak", "Sofino Kraków", "2026-03-05T12:00:00Z",
         "Świetna obsługa w salonie."),
        ("review:reviews/apify.csv:Ci9DQUlR3", "customer", "Ewa Zielińska", "Sofino Gdańsk", "2026-03-07T09:30:00Z",
         "Dostawa na czas, montaż sprawny."),
        ("review:reviews/apify.csv:Ci9DQUlR3", "brand", "", "Sofino Gdańsk", "2026-03-08T10:00:00Z", "Dziękujemy!"),
        ("review:reviews/apify.csv:Ci9DQUlR4", "customer", "Jan Wiśniewski", "Sofino Gdańsk", "2026-03-09T09:30:00Z",
         "Długo czekałem na fakturę."),
    ]
    assert d["rating_raw"].tolist() == ["2", "2", "5", "4", "4", "3"]
    assert not [c for c in d.columns if c in ("meta_title", "meta_responsefromownertext", "meta_responsefromownerdate")]


def test_apify_reviewer_names_are_pseudonymised_and_redacted_in_the_owners_reply(tmp_path):
    from pipeline.redact import RedactConfig, redact_table

    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "apify.csv").write_text(APIFY, encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records.assign(lang="pl")
    out = redact_table(d, RedactConfig())
    assert not out["speaker"].str.contains("Kowalska|Nowak|Zielińska|Wiśniewski").any()
    assert "Anno" not in out["text"].iloc[1]   # the reply speaks to the reviewer by name
    assert out["meta_place"].tolist()[:2] == ["Sofino Kraków", "Sofino Kraków"]


# --- the App Store Connect API's customer reviews ---------------------------------------------------------------

APP_STORE = """{"data": [
  {"type": "customerReviews", "id": "00000031-2a3b", "attributes": {"rating": 1, "title": "Nie działa logowanie",
    "body": "Po aktualizacji aplikacja wylogowuje mnie co chwilę.", "reviewerNickname": "kasia_92",
    "createdDate": "2026-03-01T10:00:00-08:00", "territory": "POL"},
   "relationships": {"response": {"data": {"type": "customerReviewResponses", "id": "r-77"},
     "links": {"related": "https://api.appstoreconnect.apple.com/v1/customerReviews/00000031-2a3b/response"}}},
   "links": {"self": "https://api.appstoreconnect.apple.com/v1/customerReviews/00000031-2a3b"}},
  {"type": "customerReviews", "id": "00000032-4c5d", "attributes": {"rating": 5, "title": "Super",
    "body": "Szybkie płatności BLIK.", "reviewerNickname": "marekk", "createdDate": "2026-03-02T09:00:00-08:00",
    "territory": "DEU"},
   "relationships": {"response": {"links": {"related": "https://api.appstoreconnect.apple.com/v1/customerReviews/00000032-4c5d/response"}}}}
 ],
 "included": [
  {"type": "customerReviewResponses", "id": "r-77", "attributes": {"responseBody": "Dziękujemy, poprawka jest w wersji 4.2.",
    "lastModifiedDate": "2026-03-03T12:00:00-08:00", "state": "PUBLISHED"}}
 ],
 "links": {"self": "https://api.appstoreconnect.apple.com/v1/apps/123/customerReviews"},
 "meta": {"paging": {"total": 2, "limit": 50}}}"""


def test_app_store_connect_api_reviews_are_read_with_their_responses(tmp_path):
    (tmp_path / "appstore.json").write_text(APP_STORE, encoding="utf-8")   # no reviews/ folder: its columns say so
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records
    assert list(zip(d["doc_id"], d["role"], d["speaker"], d["timestamp"], d["meta_territory"], d["text"])) == [
        ("review:appstore.json:00000031-2a3b", "customer", "kasia_92", "2026-03-01T10:00:00-08:00", "POL",
         "Nie działa logowanie. Po aktualizacji aplikacja wylogowuje mnie co chwilę."),
        ("review:appstore.json:00000031-2a3b", "brand", "", "2026-03-03T12:00:00-08:00", "POL",
         "Dziękujemy, poprawka jest w wersji 4.2."),
        ("review:appstore.json:00000032-4c5d", "customer", "marekk", "2026-03-02T09:00:00-08:00", "DEU",
         "Super. Szybkie płatności BLIK."),
    ]
    # the stars are the customer's text's evidence only; the links and the paging are no record
    assert d["rating_raw"].tolist() == ["1", "1", "5"] and d["rating"].fillna(-1).tolist() == [0.0, -1, 1.0]
    assert set(d["source_type"]) == {"review"} and res.quarantine.empty


# --- one rule for id columns --------------------------------------------------------------------------------

TYPEFORM = ("#,Co Ci się podobało?,Co powinniśmy poprawić?,Start Date (UTC),Submit Date (UTC),Network ID\n"
            "a8x2kq1v9c,Szybka instalacja,Dłuższa gwarancja,2026-09-01 10:00:00,2026-09-01 10:04:00,3f2a9c\n"
            "b7n4pz0w2d,Miła obsługa,Tańszy abonament,2026-09-02 11:00:00,2026-09-02 11:03:00,8d1e0b\n")
MONKEY = ("Respondent ID,Collector ID,Start Date,Jak oceniasz instalację?\n"
          "114503486260,4321,09/01/2026 10:00:00 AM,Instalator się spóźnił\n"
          "114503486261,4321,09/02/2026 11:00:00 AM,Wszystko sprawnie\n")


def test_a_typeform_number_sign_is_the_response_id_in_a_survey_and_a_table(tmp_path):
    from pipeline.ingest import read_table

    (tmp_path / "typeform.csv").write_text(TYPEFORM, encoding="utf-8")
    cfg = IngestConfig(survey_columns=["Co Ci się podobało?", "Co powinniśmy poprawić?"])
    d = read_corpus(tmp_path, cfg).records
    assert d["doc_id"].tolist() == ["survey:typeform.csv:a8x2kq1v9c"] * 2 + ["survey:typeform.csv:b7n4pz0w2d"] * 2
    assert "meta_column_1" not in d.columns   # had been the response id, and the doc id the row's line
    t = read_table(tmp_path / "typeform.csv", "Co powinniśmy poprawić?").records
    assert t["doc_id"].tolist() == ["table:typeform.csv:a8x2kq1v9c", "table:typeform.csv:b7n4pz0w2d"]


def test_a_plain_tables_respondent_id_is_its_document_id_as_in_a_survey(tmp_path):
    from pipeline.ingest import read_table

    (tmp_path / "monkey.csv").write_text(MONKEY, encoding="utf-8")
    t = read_table(tmp_path / "monkey.csv", "Jak oceniasz instalację?").records
    # had been table:monkey.csv:0 and :1 (the row), the respondent's id only a meta column
    assert t["doc_id"].tolist() == ["table:monkey.csv:114503486260", "table:monkey.csv:114503486261"]
    s = read_corpus(tmp_path, IngestConfig(survey_columns=["Jak oceniasz instalację?"])).records
    assert s["doc_id"].tolist() == ["survey:monkey.csv:114503486260", "survey:monkey.csv:114503486261"]


# --- where a quarantined record is, and its own id ------------------------------------------------------------

REVIEWS_JSON = """[
  {"reviewId": "g-1", "comment": "Sofa przyszła porysowana.", "starRating": "TWO",
   "reviewReply": {"comment": "Przepraszamy!", "updateTime": "2026-07-04T08:00:00Z"}},
  {"reviewId": "g-2", "comment": "Szybka dostawa.", "starRating": "FIVE"},
  {"reviewId": "g-3", "comment": "", "starRating": "ONE"},
  "a line the scraper wrote by mistake"
]"""


def test_a_json_documents_quarantined_record_is_named_by_its_number_in_the_array(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "google.json").write_text(REVIEWS_JSON, encoding="utf-8")
    (tmp_path / "reviews" / "google.jsonl").write_text(
        "\n".join(json.dumps(r) for r in json.loads(REVIEWS_JSON)[:3]) + "\n", encoding="utf-8")
    q = read_corpus(tmp_path, IngestConfig()).quarantine
    # the third review is record 3 of the array, though the reply before it made its record_index 3 (a 4th row);
    # a JSON document has no line, JSON lines have one
    assert list(zip(q["file"], q["line"].astype(object).where(q["line"].notna(), None), q["record_id"], q["reason"])) == [
        ("reviews/google.json", None, "g-3", "record 3: empty text"),
        ("reviews/google.json", None, "", "record 4: not a JSON object (found str)"),
        ("reviews/google.jsonl", 3, "g-3", "empty text")]


def test_a_quarantined_row_carries_the_inputs_own_id(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "ceneo.csv").write_text(
        "id_opinii,ocena,treść_opinii,zalety,wady\n"
        "C-101,5,Świetna sofa.,wygodna,brak\n"      # a con that names none: quarantined, the review read
        "C-102,4,,,\n"                               # no text at all
        "C-103,3,Za długo czekałem,szybko,wolno,extra\n", encoding="utf-8")   # one field too many: no id to read
    cfg = IngestConfig(survey_columns=["Co powinniśmy poprawić?"])
    (tmp_path / "nps.csv").write_text("Respondent ID,NPS,Co powinniśmy poprawić?\n114503486260,9,Nic\n"
                                      "114503486261,3,—\n", encoding="utf-8")
    q = read_corpus(tmp_path, cfg).quarantine
    assert list(zip(q["file"], q["line"], q["record_id"])) == [
        ("nps.csv", 3, "114503486261"), ("reviews/ceneo.csv", 2, "C-101"), ("reviews/ceneo.csv", 3, "C-102"),
        ("reviews/ceneo.csv", 4, "")]
    assert list(q.columns) == ["file", "line", "record_index", "record_id", "reason"]
