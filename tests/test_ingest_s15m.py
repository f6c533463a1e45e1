"""Session 15 ingest fixes (dogfood: a Polish fitness club): review scrapers' column names (Outscraper's place
``name`` beside the reviewer), offers sent to a page's inbox, a Word transcript's title, a participant's name in a
file name, a table's ``doc`` column as its conversation id."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import IngestConfig, read_corpus, read_table
from pipeline.ingest._spam import is_spam, spam_conversations, spam_cues


@pytest.mark.parametrize("column", ["doc", "call_id"])
def test_a_doc_or_call_id_column_is_the_tables_conversation(tmp_path, column):
    # qsynth stage on a table of chats: 'ок' / 'спасибо' had been rows of their own, with stages of their own
    p = tmp_path / "t.csv"
    p.write_text(f"{column},role,text\nd1,agent,Чем могу помочь?\nd1,customer,ок\nd2,customer,спасибо\n",
                 encoding="utf-8")
    rec = read_table(p).records
    assert rec["thread_id"].tolist() == ["d1", "d1", "d2"]
    assert rec["turn_index"].tolist() == [0, 1, 0]


def _reviews(tmp_path, name: str, body: str, cfg: IngestConfig | None = None):
    (tmp_path / "reviews").mkdir(exist_ok=True)
    (tmp_path / "reviews" / name).write_text(body, encoding="utf-8")
    res = read_corpus(tmp_path, cfg or IngestConfig())
    return res.records[res.records["source_file"] == f"reviews/{name}"].reset_index(drop=True), res


# Outscraper's Google Maps reviews: 'name' is the place, 'rating' its average, 'reviews' its count
OUTSCRAPER = """\
name,rating,reviews,author_title,author_link,review_text,review_rating,review_datetime_utc,owner_answer,review_likes
FitPunkt Wola,4.1,32,Anna B.,https://www.google.com/maps/contrib/1100200300400500600,"Zostawiłam w szatni na Woli zegarek.",2,03/15/2026 10:26:00,"Przykro nam, prosimy o kontakt.",0
FitPunkt Wola,4.1,32,Tom B.,https://www.google.com/maps/contrib/1100200300400508519,Is there parking at the Wola club?,3,01/02/2026 08:00:00,,1
FitPunkt Praga,3.9,12,Ewa K.,https://www.google.com/maps/contrib/1100200300400516438,Na Pradze nie działa suszarka.,1,04/01/2026 09:13:00,,0
"""


def test_outscraper_google_maps_reviews_the_reviewer_the_place_the_date_and_the_owners_answer(tmp_path):
    d, res = _reviews(tmp_path, "google_maps_reviews.csv", OUTSCRAPER)
    assert [tuple(r) for r in d[["speaker", "role", "meta_place", "timestamp", "rating_raw", "text"]].itertuples(
        index=False)] == [
        ("Anna B.", "customer", "FitPunkt Wola", "2026-03-15T10:26:00", "2", "Zostawiłam w szatni na Woli zegarek."),
        ("", "brand", "FitPunkt Wola", "", "2", "Przykro nam, prosimy o kontakt."),   # the owner's answer, last
        ("Tom B.", "customer", "FitPunkt Wola", "2026-01-02T08:00:00", "3", "Is there parking at the Wola club?"),
        ("Ewa K.", "customer", "FitPunkt Praga", "2026-04-01T09:13:00", "1", "Na Pradze nie działa suszarka."),
    ]
    assert d["meta_author_link"].tolist()[0] == "https://www.google.com/maps/contrib/1100200300400500600"
    assert d["meta_rating"].tolist()[0] == "4.1"   # the place's average, not the review's stars
    assert "meta_name" not in d and "meta_owner_answer" not in d and "meta_review_datetime_utc" not in d


def test_a_name_column_alone_is_still_the_reviewer_and_a_title_alone_the_reviews_title(tmp_path):
    d, _ = _reviews(tmp_path, "r.csv", "name,title,text,rating\nMaria K.,Great sofa!,Comfy.,5\nJan,Late,Two weeks.,2\n")
    assert d[["speaker", "meta_title", "text"]].values.tolist() == [["Maria K.", "Great sofa!", "Great sofa! Comfy."],
                                                                    ["Jan", "Late", "Late. Two weeks."]]
    assert "meta_place" not in d


def test_trustpilot_app_store_and_allegro_exports(tmp_path):
    d, _ = _reviews(tmp_path, "trustpilot.csv",
                    "Review Created (UTC),Review Consumer User ID,Review Title,Review Content,Review Stars,Webshop Name,"
                    "Reply Content,Consumer Name\n"
                    "2026-05-03 12:00:00,u1,Late,Two weeks late.,2,sofino.pl,We are sorry.,Maria K.\n")
    assert d[["speaker", "role", "timestamp", "rating_raw", "meta_place", "text"]].values.tolist() == [
        ["Maria K.", "customer", "2026-05-03T12:00:00", "2", "sofino.pl", "Late. Two weeks late."],
        ["", "brand", "", "2", "sofino.pl", "We are sorry."]]
    d, _ = _reviews(tmp_path, "app_store.csv", "id,rating,title,body,reviewerNickname,createdDate,territory\n"
                    "a1,1,Unusable,Crashes at login.,kasia_88,2026-05-03T12:00:00Z,POL\n")
    assert d[["speaker", "timestamp", "meta_title", "text"]].values.tolist() == [["kasia_88", "2026-05-03T12:00:00Z",
                                                                                  "Unusable", "Unusable. Crashes at login."]]
    d, _ = _reviews(tmp_path, "allegro.json", '[{"id": "r1", "rater": {"login": "jan_k"}, "recommended": false, '
                    '"comment": "Paczka przyszła pusta.", "createdAt": "2026-05-03T12:00:00Z", '
                    '"answer": {"message": "Przepraszamy, zwrot wysłany."}}]')
    assert d[["speaker", "role", "timestamp", "text"]].values.tolist() == [
        ["jan_k", "customer", "2026-05-03T12:00:00Z", "Paczka przyszła pusta."],
        ["", "brand", "", "Przepraszamy, zwrot wysłany."]]


def test_google_business_profiles_review_resource_name_is_no_place(tmp_path):
    d, _ = _reviews(tmp_path, "gbp.json", '[{"name": "accounts/1/locations/2/reviews/3", "reviewer": {"displayName": '
                    '"Maria K."}, "starRating": "TWO", "comment": "Cold showers.", "createTime": "2026-07-01T10:00:00Z"}]')
    assert d[["speaker", "meta_name", "text"]].values.tolist() == [["Maria K.", "accounts/1/locations/2/reviews/3",
                                                                    "Cold showers."]]
    assert "meta_place" not in d


def test_qsynth_tag_on_an_outscraper_table_reads_the_reviewer_not_the_place(tmp_path):
    p = tmp_path / "google_maps_reviews.csv"
    p.write_text(OUTSCRAPER, encoding="utf-8")
    rec = read_table(p).records
    assert rec["speaker"].tolist() == ["Anna B.", "Tom B.", "Ewa K."]
    assert rec["meta_place"].tolist() == ["FitPunkt Wola", "FitPunkt Wola", "FitPunkt Praga"]


@pytest.mark.parametrize("text", [
    "Hello! We offer SEO audit and 1000 Google reviews for your gym, best price",
    "We sell real Instagram followers and likes, cheap",
    "I provide high quality backlinks for your website",
    "We will promote your page to 10k people in a week",
    "Oferujemy pozycjonowanie i pozytywne opinie w Google dla Twojej siłowni",
    "Wypromujemy Twój fanpage, pierwsze efekty po tygodniu",
    "Предлагаем отзывы на Яндекс Картах и продвижение вашего клуба",
    "Раскрутим ваш профиль в Instagram за 3 дня",
])
def test_offers_of_seo_reviews_followers_likes_backlinks_or_promotion_are_spam(text):
    assert is_spam(text, chat=True), spam_cues(text, chat=True)


@pytest.mark.parametrize("text", [
    "Hi, do you offer a discount today?",
    "I read 100 reviews before I chose your gym",
    "Do you sell protein bars at the reception?",
    "You should promote your classes better, nobody knows about yoga",
    "Czy oferujecie zniżkę dla studentów? Widziałam opinie w Google",
    "Предлагаете ли вы скидку сегодня? Читала отзывы",
    "Мы сделаем плохой отзыв, если не вернёте деньги",
    "Is the special offer only today?",
])
def test_a_customer_asking_about_offers_discounts_or_reviews_is_no_spam(text):
    assert not is_spam(text, chat=True), spam_cues(text, chat=True)


def test_a_pitch_and_its_urgency_make_the_thread_spam_a_customers_question_clears_it():
    # the dogfood's Messenger thread: the urgency line had four words, so the thread had been a customer's
    assert spam_conversations(["a", "a"], ["Special discount only today!!!", "Hello! We offer SEO audit and 1000 "
                                           "Google reviews for your gym, best price"]) == [True, True]
    assert spam_conversations(["b", "b"], ["Hi, do you offer a discount today?", "Hello! We offer SEO audit and 1000 "
                                           "Google reviews for your gym"]) == [False, False]


def _docx(path: Path, paragraphs: list[tuple[str, str]]) -> None:
    import docx

    doc = docx.Document()
    for style, text in paragraphs:
        doc.add_paragraph(text, style=style)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


TURNS = [("Normal", "[00:00:15] Moderator: Skąd Pan się dowiedział o klubie?"),
         ("Normal", "[00:01:02] Respondent: Zobaczyłem reklamę na Instagramie.")]


@pytest.mark.parametrize("opening, title", [
    ([("Heading 1", "Wywiad – Tomasz Nowak")], "Wywiad – Tomasz Nowak"),
    ([("Title", "Wywiad z uczestnikiem 3. Nowi członkowie, runda pierwsza, marzec 2026.")],   # a heading, sentence or not
     "Wywiad z uczestnikiem 3. Nowi członkowie, runda pierwsza, marzec 2026."),
    ([("Normal", "Wywiad z uczestnikiem 3 – 12.03.2026")], "Wywiad z uczestnikiem 3 – 12.03.2026"),   # a short first line
    ([("Title", "Wywiad 3"), ("Subtitle", "12.03.2026, Warszawa")], "Wywiad 3; 12.03.2026, Warszawa"),
])
def test_a_word_transcripts_title_is_its_meta_title_not_quarantined(tmp_path, opening, title):
    # every .docx title line had been "text outside any speaker turn", so --strict failed on ordinary Word transcripts
    _docx(tmp_path / "interviews" / "p03.docx", opening + TURNS)
    res = read_corpus(tmp_path, IngestConfig())
    assert res.quarantine.empty
    assert res.records["meta_title"].tolist() == [title, title]
    assert res.records["speaker"].tolist() == ["Moderator", "Respondent"]
    lines = ", ".join(str(n) for n in range(1, len(opening) + 1))
    assert res.files["reason"].tolist() == [f"line(s) {lines} read as the document's title (meta_title), not speech"]


def test_text_before_the_first_turn_that_is_no_title_is_still_quarantined(tmp_path):
    _docx(tmp_path / "interviews" / "p03.docx", [("Normal", "Nagranie zaczęło się z opóźnieniem, brak pierwszych minut."),
                                                 ("Normal", "Wywiad 3")] + TURNS)
    res = read_corpus(tmp_path, IngestConfig())
    # a sentence first: the opening is no title, and the two lines are one block of text outside any turn
    assert res.quarantine[["line", "reason"]].values.tolist() == [
        [1, "text outside any speaker turn (no 'Speaker:' label before it)"]]
    assert "meta_title" not in res.records


def test_a_participants_name_in_a_file_name_is_hidden_when_the_sheet_names_no_one(tmp_path):
    # "interviews/Wywiad - Tomasz Nowak.docx" with a sheet of file, segment, date: the name had leaked into 13 outputs
    _docx(tmp_path / "interviews" / "Wywiad - Tomasz Nowak.docx", [("Heading 1", "Wywiad")] + TURNS)
    (tmp_path / "participants.csv").write_text("file,segment\nWywiad - Tomasz Nowak.docx,nowi\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(file_metadata="participants.csv"), key=b"k" * 32)
    r = res.records
    shown = [*res.files["file"], *r["source_file"], *r["doc_id"], *r["thread_id"]]
    assert not [s for s in shown if "tomasz" in s.casefold() or "nowak" in s.casefold()]
    assert res.files["file"].tolist() == ["interviews/Wywiad - contact-0b475525.docx"]
    assert r["meta_segment"].tolist() == ["nowi", "nowi"]   # the sheet's values follow the file


def test_a_first_name_in_a_path_is_no_person_when_the_config_names_a_brand(tmp_path):
    _reviews(tmp_path, "Agata Meble opinie.csv", "text\nSzybka dostawa.\n")
    shown = read_corpus(tmp_path, IngestConfig(brand_authors=["Agata Meble"])).files["file"].tolist()
    assert shown == ["reviews/Agata Meble opinie.csv"]
    assert read_corpus(tmp_path, IngestConfig(), key=b"k" * 32).files["file"].tolist() == ["reviews/contact-c1e551fe opinie.csv"]


def test_qsynth_ingest_strict_reads_a_word_interview_its_title_redacted_its_participants_name_nowhere(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _docx(corpus / "interviews" / "Wywiad - Tomasz Nowak.docx", [("Heading 1", "Wywiad – Tomasz Nowak")] + TURNS)
    (corpus / "qsynth.toml").write_text('[run]\ncache_dir = ""\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(corpus), "--out", str(out), "--strict", "-q"])
    assert res.exit_code == 0, res.output
    seg = (out / "segments.csv").read_text(encoding="utf-8")
    assert "Tomasz" not in seg and "Nowak" not in seg and "Wywiad – [PERSON]" in seg
    assert not [f for f in out.iterdir() if "Nowak" in f.read_text(encoding="utf-8", errors="replace")]


def test_run_on_table_reads_a_list_of_config_files_merged_in_order(tmp_path):
    # what `qsynth tag / cluster / stage` pass: the table folder's qsynth.toml, then --config
    from pipeline.api import run_on_table

    (tmp_path / "t.csv").write_text("id,uwagi\n1,Szatnia brudna.\n", encoding="utf-8")
    (tmp_path / "qsynth.toml").write_text('[ingest]\ntext_columns = ["uwagi"]\nrating_scale = 5\n', encoding="utf-8")
    (tmp_path / "mine.toml").write_text("[ingest]\nrating_scale = 10\n", encoding="utf-8")
    res = run_on_table(tmp_path / "t.csv", None, [], config=[tmp_path / "qsynth.toml", tmp_path / "mine.toml"])
    assert res.segments["text"].tolist() == ["Szatnia brudna."]
    assert (res.ctx.cfg.ingest.text_columns, res.ctx.cfg.ingest.rating_scale) == (["uwagi"], 10)
