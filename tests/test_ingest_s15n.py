"""Survey exports as the form tools write them (dogfood 15c, an internet & TV provider's NPS survey): a Google Forms
XLSX with Polish question headers, a SurveyMonkey CSV with two header rows, a Typeform CSV with hidden fields."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.ingest import IngestConfig, read_corpus
from pipeline.ingest._header import data_cell, headerless

PL_NPS = "Jak bardzo prawdopodobne jest, że polecisz nas znajomemu? (0-10)"
PL_WHY = "Co jest głównym powodem Twojej oceny?"
PL_IMPROVE = "Co powinniśmy poprawić?"


def google_forms_xlsx(path, rows):
    """A Google Forms 'Odpowiedzi' sheet: a timestamp, an e-mail, the NPS question, two open questions, a plan."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Sygnatura czasowa", "Adres e-mail", PL_NPS, PL_WHY, PL_IMPROVE, "Pakiet"])
    for r in rows:
        ws.append(list(r))
    wb.save(path)


# 80 respondents; suggestions repeat (35 different ones), as they do: still an open question, no list of choices
FORM_ROWS = [(f"2026-09-{d % 28 + 1:02d} 10:{d % 60:02d}:00", f"osoba{d}@wp.pl", d % 11,
              f"Internet spada co wieczór, awaria nr {d}.", f"Dodajcie czat na stronie, prośba {d % 35}.", "TV Max")
             for d in range(80)]


# --- a question's header is a column name -------------------------------------------------------------------

def test_a_question_header_with_a_scale_or_option_mark_is_a_column_name():
    assert not data_cell(PL_NPS)
    assert not data_cell("Is there anything else you would like to tell us about Netica (optional)")
    assert not data_cell("Czy chcesz coś jeszcze dodać na temat naszej obsługi i instalacji? (opcjonalnie)")
    assert not data_cell("Насколько вероятно, что вы порекомендуете нас друзьям и знакомым? (0-10)")
    # a respondent's sentence is still a value, a bracket at its end or not
    assert data_cell("Internet przestał działać w piątek wieczorem i nikt nie oddzwonił (znowu)")
    assert headerless(["Sygnatura czasowa", "Adres e-mail", PL_NPS, PL_WHY, PL_IMPROVE]) is None


def test_a_google_forms_export_is_no_headerless_table_and_its_error_names_both_questions(tmp_path):
    google_forms_xlsx(tmp_path / "form.xlsx", FORM_ROWS)
    with pytest.raises(InputError) as exc:
        read_corpus(tmp_path, IngestConfig())
    msg = str(exc.value)
    assert "no header row" not in msg
    assert f'survey_columns = ["{PL_WHY}", "{PL_IMPROVE}"]' in msg


# --- the record's timestamp -----------------------------------------------------------------------------------

def test_form_tools_timestamps_are_the_records_timestamp(tmp_path):
    google_forms_xlsx(tmp_path / "form.xlsx", FORM_ROWS[:2])
    (tmp_path / "typeform.csv").write_text(
        "#,How likely are you to recommend Netica to a friend?,What's the main reason for your score?,plan,"
        "Start Date (UTC),Submit Date (UTC),Network ID\n"
        "ufrw5yt,7,Fast and stable,internet_1000,2026-09-11 03:42:00,2026-09-11 03:45:00,e778323ab6\n", encoding="utf-8")
    (tmp_path / "monkey.csv").write_text("Respondent ID,Start Date,What's the main reason for your score?\n"
                                         "1145,09/13/2026 10:02:00 PM,Slow evenings\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=[PL_WHY, "What's the main reason for your score?"]))
    got = dict(zip(res.records["source_file"], res.records["timestamp"]))
    # Typeform: when the answers were submitted, not when the form was opened; SurveyMonkey with a start only
    assert got == {"form.xlsx": "2026-09-02T10:01:00", "typeform.csv": "2026-09-11T03:45:00",
                   "monkey.csv": "2026-09-13T22:02:00"}
    assert not any(c in res.records for c in ("meta_submit_date_utc", "meta_sygnatura_czasowa"))


# --- SurveyMonkey's second header row -------------------------------------------------------------------------

MONKEY = ("Respondent ID,Start Date,End Date,Email Address,"
          "\"How likely is it that you would recommend Netica to a friend or colleague?\",Which services do you use?,,,"
          "What is the main reason for your score?,City / Город\n"
          ",,,,Response,Internet,TV,Other (please specify),Open-Ended Response,Response\n"
          "114503486260,09/13/2026 10:02:00 PM,09/13/2026 10:09:00 PM,d.petrov@inbox.kz,5,Internet,,,"
          "После 20:00 скорость как у модема.,Шымкент\n"
          "114509856950,09/21/2026 01:54:00 AM,09/21/2026 01:58:00 AM,,9,,TV,IPTV box,Всё стабильно.,Астана\n")


def test_surveymonkeys_second_header_row_names_the_columns_and_is_no_respondent(tmp_path):
    (tmp_path / "monkey.csv").write_text(MONKEY, encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["What is the main reason for your score?"]))
    d = res.records
    assert list(zip(d["line"], d["text"])) == [(3, "После 20:00 скорость как у модема."), (4, "Всё стабильно.")]
    assert "Response" not in set(d["rating_raw"]) | set(d["meta_city_город"])
    # the choice question's columns are named by their options, under the question
    assert d["meta_which_services_do_you_use_other_please_specify"].tolist() == ["", "IPTV box"]
    assert d["meta_which_services_do_you_use_tv"].tolist() == ["", "TV"]
    f = res.files.iloc[0]
    assert (f["records_in"], f["records_ok"], f["quarantined"]) == (2, 2, 0)
    assert "line 2 is a second header row" in f["reason"]
    assert res.quarantine.empty



def test_a_first_respondent_is_no_second_header_row(tmp_path):
    # the row under the header holds a respondent's own columns (an id, a date) or an answer that is no answer's kind
    (tmp_path / "s.csv").write_text("Respondent ID,Which plan?,Why this score?\n1145,TV Max,Response time is slow\n"
                                    "1146,Other,Too slow\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["Why this score?"]))
    assert res.records["text"].tolist() == ["Response time is slow", "Too slow"]
    assert res.records["meta_which_plan"].tolist() == ["TV Max", "Other"]


# --- answers that skip their question ----------------------------------------------------------------------------

def test_dont_know_never_answers_and_nothing_answers_only_what_to_improve(tmp_path):
    (tmp_path / "s.csv").write_text(
        "id,Co jest głównym powodem Twojej oceny?,Co powinniśmy poprawić?\n"
        "1,Nie wiem,nie wiem\n"           # "don't know" is never content
        "2,brak,Brak\n"                   # a form's filler
        "3,nic,Nic\n"                     # nothing to improve: an answer; nothing as a reason: none
        "4,Не знаю.,ничего\n"
        "5,don't know,Nothing\n"
        "6,Szybki internet,Nic nie trzeba poprawiać\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["Co jest głównym powodem Twojej oceny?",
                                                             "Co powinniśmy poprawić?"]))
    assert list(zip(res.records["line"], res.records["text"])) == [
        (4, "Nic"), (5, "ничего"), (6, "Nothing"), (7, "Szybki internet"), (7, "Nic nie trzeba poprawiać")]
    reasons = dict(zip(res.quarantine["line"], res.quarantine["reason"]))
    assert reasons[2].startswith("no answer: 'Nie wiem' to 'Co jest głównym powodem Twojej oceny?'; 'nie wiem' to")
    assert reasons[4] == ("no answer: 'nic' to 'Co jest głównym powodem Twojej oceny?' "
                          "(an answer that skips its question is not a statement)")
    assert sorted(reasons) == [2, 3, 4, 5, 6]


# --- the Net Promoter question ------------------------------------------------------------------------------------

def test_the_recommend_question_is_the_nps_evidence_for_the_reason_and_every_record_has_its_group(tmp_path):
    google_forms_xlsx(tmp_path / "form.xlsx", [("2026-09-14 06:55:00", "a@wp.pl", 0, "Awaria za awarią.", "Nic"),
                                                ("2026-09-19 11:36:00", "b@wp.pl", 10, "Cena jest uczciwa.", "Więcej kanałów"),
                                                ("2026-09-25 02:58:00", "c@wp.pl", 8, "Bywa różnie.", None)])
    res = read_corpus(tmp_path, IngestConfig(survey_columns=[PL_WHY, PL_IMPROVE]))
    d = res.records
    assert list(zip(d["text"], d["rating_raw"], d["meta_nps_group"])) == [
        ("Awaria za awarią.", "0", "detractor"), ("Nic", "0", "detractor"),
        ("Cena jest uczciwa.", "10", "promoter"), ("Więcej kanałów", "10", "promoter"),
        ("Bywa różnie.", "8", "passive")]
    # the score is evidence for the reason it is given, by its category, not for what everyone is asked to improve
    why = d["meta_question"] == PL_WHY
    assert d.loc[why, "rating"].tolist() == [0.0, 1.0, 0.5] and d.loc[~why, "rating"].isna().all()
    assert not any("prawdopodobne" in c for c in d.columns)   # read as the rating, not kept as metadata


def test_an_nps_question_named_as_the_rating_reads_by_category_and_in_russian_and_english_too(tmp_path):
    (tmp_path / "pl.csv").write_text('"Jak bardzo prawdopodobne jest, że polecisz nas znajomemu?",Dlaczego?\n'
                                     "6,Drogo\n7,Ok\n", encoding="utf-8")
    (tmp_path / "ru.csv").write_text('"Насколько вероятно, что вы порекомендуете нас друзьям?",Почему такая оценка?\n'
                                     "9,Быстрый интернет\n", encoding="utf-8")
    (tmp_path / "en.csv").write_text("How likely are you to recommend us to a friend or colleague?,Why?\n"
                                     "3,The internet drops every evening\n", encoding="utf-8")
    cfg = IngestConfig(survey_columns=["Dlaczego?", "Почему такая оценка?", "Why?"],
                       review_columns={"rating": ["Jak bardzo prawdopodobne jest, że polecisz nas znajomemu?",
                                                  "rating", "nps"]})
    d = read_corpus(tmp_path, cfg).records
    # 6 is a detractor (0.25), not 0.6 on a line from 0 to 10
    assert dict(zip(d["rating_raw"], d["rating"])) == {"6": 0.25, "7": 0.5, "9": 0.85, "3": 0.125}
    assert sorted(zip(d["rating_raw"], d["meta_nps_group"])) == [("3", "detractor"), ("6", "detractor"),
                                                                 ("7", "passive"), ("9", "promoter")]


def test_a_question_that_asks_what_to_improve_has_no_score_evidence_even_alone(tmp_path):
    (tmp_path / "s.csv").write_text("NPS,What could we improve?,What would you recommend to a friend?\n"
                                    "10,Fix the evening speed,The TV Max package\n", encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig(survey_columns=["What could we improve?"])).records
    assert d["rating_raw"].tolist() == ["10"] and d["rating"].isna().all() and d["meta_nps_group"].tolist() == ["promoter"]
    # a question about recommending that asks no likelihood is no score
    assert d["meta_what_would_you_recommend_to_a_friend"].tolist() == ["The TV Max package"]
