"""Session 17 ingest fixes (p): dogfood 17a (a medical clinic) and 17c (a language school)."""

from __future__ import annotations

import warnings

import pytest

from pipeline.ingest import IngestConfig, read_corpus


def _read(root, cfg: IngestConfig | None = None):
    """The corpus read with every ingest warning kept (message texts)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = read_corpus(root, cfg or IngestConfig())
    return res, [str(w.message) for w in caught]


# --- 1. role words of any business; an unknown role value is said -------------------------------------------------

_PORTAL = ("thread_id,message_id,sent_at,sender_role,sender_name,message\n"
           "TH-1,1,2026-03-02 10:07:00,patient,Paweł Kaczmarek,\"Dzień dobry, w portalu nie widzę wyników morfologii.\"\n"
           "TH-1,2,2026-03-02 11:07:00,staff,Rejestracja,\"Wyniki zostaną udostępnione po autoryzacji przez lekarza.\"\n"
           "TH-1,3,2026-03-02 12:07:00,patient,Paweł Kaczmarek,\"Minął tydzień, a laboratorium mówi, że są gotowe.\"\n"
           "TH-2,4,2026-03-03 10:14:00,пациент,Оксана Мельник,\"Как добавить ребёнка в пакет?\"\n"
           "TH-2,5,2026-03-03 11:14:00,врач,Ирина Волкова,\"Через портал, раздел «Пакет».\"\n"
           "TH-3,6,2026-03-04 10:21:00,pacjentka,Anna Lis,\"Czy mogę przełożyć wizytę?\"\n"
           "TH-3,7,2026-03-04 11:21:00,recepcja,Rejestracja,\"Tak, w portalu.\"\n")


def test_a_clinic_portal_s_patient_is_the_customer_and_its_doctor_and_reception_the_agent(tmp_path):
    # sender_role = patient had been role 'other': every patient message out of every count, without a word
    (tmp_path / "portal").mkdir()
    (tmp_path / "portal" / "portal_messages.csv").write_text(_PORTAL, encoding="utf-8")
    res, said = _read(tmp_path)
    assert res.records["role"].tolist() == ["customer", "agent", "customer", "customer", "agent", "customer", "agent"]
    assert not said and res.files["reason"].fillna("").eq("").all()


@pytest.mark.parametrize("customer, agent", [("student", "teacher"), ("uczeń", "nauczyciel"),
                                             ("студент", "преподаватель"), ("ученик", "учитель"), ("guest", "host"),
                                             ("member", "coach"), ("subscriber", "support"), ("tenant", "landlord"),
                                             ("passenger", "dispatcher"), ("pasażer", "dyspozytor"),
                                             ("пассажир", "диспетчер"), ("parent", "school"), ("гость", "ресепшн"),
                                             ("пациент", "регистратура"), ("patient", "nurse"), ("pacjent", "lekarz"),
                                             ("pacjent", "clinic")])
def test_role_words_of_any_business_name_its_customer_and_its_staff(customer, agent):
    from pipeline.ingest._records import RoleMapper

    roles = RoleMapper(IngestConfig())
    assert (roles.from_value(customer), roles.from_value(agent)) == ("customer", "agent")
    assert roles.from_value("team member") == "agent"   # not a club's member


def test_an_unknown_role_value_is_named_with_its_column_and_the_role_values_fix(tmp_path):
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "portal.csv").write_text(_PORTAL.replace("patient", "resident"), encoding="utf-8")
    res, said = _read(tmp_path)
    assert res.records["role"].tolist()[:3] == ["other", "agent", "other"]   # kept, not lost
    reason = res.files.set_index("file").loc["chats/portal.csv", "reason"]
    assert "column 'sender_role': value(s) 'resident' (2 rows)" in reason and "[ingest.role_values]" in reason
    assert 'customer = ["resident"]' in reason
    assert [s for s in said if s.startswith("chats/portal.csv: column 'sender_role'")]
    # the fix as said: the named value adds to the known ones ("patient" stays the customer)
    res, said = _read(tmp_path, IngestConfig(role_values={"customer": ["resident"]}))
    assert res.records["role"].tolist()[:4] == ["customer", "agent", "customer", "customer"] and not said


def test_cluster_on_a_clinic_portal_with_its_role_column_clusters_the_patients(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    rows = [("patient", f"Wyniki badań krwi nie pojawiły się w portalu od {n} dni, nikt nie oddzwania.") for n in
            range(3, 13)] + [("staff", f"Dzień dobry, wyniki są w autoryzacji, prosimy o cierpliwość ({n}).") for n in
                             range(10)]
    table = tmp_path / "portal.csv"
    table.write_text("thread_id,sender_role,message\n" + "".join(f"T{i},{r},\"{t}\"\n" for i, (r, t) in enumerate(rows)),
                     encoding="utf-8")
    out = tmp_path / "clustered.csv"
    res = CliRunner().invoke(app, ["cluster", str(table), "--text-col", "message", "--role-col", "sender_role",
                                   "--out", str(out), "-q"])
    assert res.exit_code == 0, res.output
    import pandas as pd

    got = pd.read_csv(out)
    assert not got.loc[got["sender_role"] == "patient", "theme_label"].fillna("").str.startswith("not customer").any()
    assert got.loc[got["sender_role"] == "staff", "theme_label"].eq("not customer: agent").all()


def test_in_an_interview_a_participant_s_job_is_no_company_side_and_a_patient_s_asker_is_still_found(tmp_path):
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "t1.txt").write_text(
        "Interviewer: How do you find the groups?\nTeacher: Too big, honestly.\nInterviewer: Why?\n"
        "Teacher: Nobody gets to speak.\n", encoding="utf-8")
    (tmp_path / "interviews" / "t2.txt").write_text(
        "Doctor: What brings you here?\nPatient: My back hurts.\nDoctor: Since when?\nPatient: Two weeks.\n",
        encoding="utf-8")
    res, _ = _read(tmp_path)
    roles = dict(zip(res.records["source_file"] + " " + res.records["speaker"], res.records["role"]))
    assert roles == {"interviews/t1.txt Interviewer": "interviewer", "interviews/t1.txt Teacher": "customer",
                     "interviews/t2.txt Doctor": "interviewer", "interviews/t2.txt Patient": "customer"}


# --- 2. a call answered with the company's name, a hello and an offer of help --------------------------------------

_CALL = """[00:00:03] Speaker 1: Medicus Plus, dzień dobry, w czym mogę pomóc?
[00:00:13] Speaker 2: dzień dobry chciałam zrezygnować z abonamentu jak to zrobić przeprowadzam się do Gdańska
[00:00:27] Speaker 1: Wypowiedzenie składa się pisemnie w placówce albo listem poleconym.
[00:00:39] Speaker 2: a czy mogę to zrobić przez portal pacjenta
[00:00:49] Speaker 1: Niestety nie, tylko pisemnie.
[00:00:55] Speaker 2: a gdzie można zaparkować przy placówce
[00:01:02] Speaker 1: Parking jest w podwórzu, pierwsza godzina bezpłatna.
"""


def test_a_call_answered_with_the_company_s_name_a_hello_and_an_offer_of_help_finds_its_agent(tmp_path):
    # one formula had been below the least score: every line of the operator's had been a patient's
    (tmp_path / "calls").mkdir()
    (tmp_path / "calls" / "call_2026-03-12_1000.txt").write_text(_CALL, encoding="utf-8")
    (tmp_path / "calls" / "call_2026-03-13_1520.txt").write_text(
        "[00:00:03] Speaker 1: Medicus Plus, good afternoon, how can I help you?\n"
        "[00:00:14] Speaker 2: hi I got an e-prescription yesterday but no SMS with the code ever came\n"
        "[00:00:25] Speaker 1: The code is in the patient portal too, under prescriptions.\n", encoding="utf-8")
    res, said = _read(tmp_path)
    roles = dict(zip(res.records["source_file"].str[6:] + " " + res.records["speaker"], res.records["role"]))
    assert roles == {"call_2026-03-12_1000.txt Speaker 1": "agent", "call_2026-03-12_1000.txt Speaker 2": "customer",
                     "call_2026-03-13_1520.txt Speaker 1": "agent", "call_2026-03-13_1520.txt Speaker 2": "customer"}
    assert not said


def test_a_customer_who_names_the_company_opening_a_call_is_no_agent(tmp_path):
    (tmp_path / "calls").mkdir()
    (tmp_path / "calls" / "call_1.txt").write_text(
        "Speaker 1: Medicus Plus, dzień dobry, dzwonię w sprawie wyników, w portalu nic nie ma.\n"
        "Speaker 2: Proszę podać numer PESEL.\nSpeaker 1: 75110834513\n"
        "Speaker 2: Wyniki czekają na lekarza. Czy mogę jeszcze w czymś pomóc?\n", encoding="utf-8")
    (tmp_path / "calls" / "call_2.txt").write_text(
        "Speaker 1: Dzień dobry, w czym mogę pomóc?\nSpeaker 2: Dzień dobry, Medicus Plus to wy? Jak mogę dopisać syna?\n"
        "Speaker 1: W portalu.\n", encoding="utf-8")
    res, _ = _read(tmp_path)
    roles = dict(zip(res.records["source_file"].str[6:] + " " + res.records["speaker"], res.records["role"]))
    assert roles["call_1.txt Speaker 1"] == "customer" and roles["call_1.txt Speaker 2"] == "agent"
    assert roles["call_2.txt Speaker 2"] == "customer"


# --- 3. meta_rename keyed as the header is written; a participant sheet left in the corpus --------------------------

_NPS = ("Data,Rodzaj pakietu,Ocena,Komentarz\n2026-03-02,Pracodawca,3,Czekam na wyniki od tygodnia.\n"
        "2026-03-03,Indywidualny,9,Lekarka bardzo miła.\n")


def test_meta_rename_keyed_with_the_header_as_written_renames_it(tmp_path):
    # only "rodzaj_pakietu" had renamed it: "Rodzaj pakietu" had been ignored without a word
    (tmp_path / "surveys").mkdir()
    (tmp_path / "surveys" / "nps.csv").write_text(_NPS, encoding="utf-8")
    for key in ("Rodzaj pakietu", "rodzaj_pakietu", "RODZAJ PAKIETU "):
        res, said = _read(tmp_path, IngestConfig(meta_rename={key: "segment"}))
        assert res.records["meta_segment"].tolist() == ["Pracodawca", "Indywidualny"], key
        assert "meta_rodzaj_pakietu" not in res.records and not said


def test_a_meta_rename_key_that_names_no_column_is_said(tmp_path):
    (tmp_path / "surveys").mkdir()
    (tmp_path / "surveys" / "nps.csv").write_text(_NPS, encoding="utf-8")
    res, said = _read(tmp_path, IngestConfig(meta_rename={"Rodzaj pakeitu": "segment", "customer_segment": "segment"}))
    assert "meta_rodzaj_pakietu" in res.records
    assert said == [s for s in said if "meta_rename" in s] and len(said) == 1
    assert "'Rodzaj pakeitu'" in said[0] and "customer_segment" not in said[0]   # a default's key is not said


def test_a_participant_sheet_left_in_the_corpus_folder_gets_the_file_metadata_advice(tmp_path):
    # the advice had been text_columns = ["file"]: file paths read as patients' words
    (tmp_path / "calls").mkdir()
    (tmp_path / "calls" / "call_2026-03-12_1000.txt").write_text(_CALL, encoding="utf-8")
    (tmp_path / "calls_meta.csv").write_text("file,segment,queue\ncalls/call_2026-03-12_1000.txt,Pracodawca,rejestracja\n",
                                             encoding="utf-8")
    from pipeline.errors import InputError

    with pytest.raises(InputError, match=r'calls_meta.csv: a participant sheet .*\[ingest\] file_metadata = "calls_meta.csv"'):
        read_corpus(tmp_path, IngestConfig())
    res, _ = _read(tmp_path, IngestConfig(file_metadata="calls_meta.csv"))
    assert res.records["meta_segment"].eq("Pracodawca").all()


# --- 4, 6. a review export's reply by any name; an ISO date without its zeros --------------------------------------

def test_a_review_export_s_reply_column_by_a_name_no_list_knows_is_the_company_s_reply(tmp_path):
    # clinic_reply had been meta_clinic_reply, developerResponse meta_developerresponse: no company answer
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "znanylekarz_opinie.csv").write_text(
        "doctor_name,specialty,stars,date,author,text,clinic_reply\n"
        "dr Marek Zieliński,kardiolog,1,2026-01-12,Elżbieta Nowak,\"Wizyta trwała 5 minut, lekarz był opryskliwy.\","
        "\"Przykro nam, prosimy o kontakt z koordynatorem.\"\n"
        "dr Anna Wiśniewska,internista,5,2026-01-15,Barbara,\"Pani doktor jest niezwykle cierpliwa.\",\n", encoding="utf-8")
    (tmp_path / "reviews" / "app_store_reviews.csv").write_text(
        "id,rating,title,body,reviewerNickname,createdDate,territory,developerResponse\n"
        "11230000016,1,Auto-renewal trap,Charged for another year without any reminder.,angryuser77,"
        "2026-02-24T11:12:00-07:00,GBR,We're sorry! Refunds are handled by Apple.\n", encoding="utf-8")
    res, _ = _read(tmp_path)
    r = res.records
    brand = r[r["role"] == "brand"]
    assert sorted(brand["text"]) == ["Przykro nam, prosimy o kontakt z koordynatorem.",
                                     "We're sorry! Refunds are handled by Apple."]
    assert not {"meta_clinic_reply", "meta_developerresponse"} & set(r.columns)
    assert (r["role"] == "customer").sum() == 3


def test_a_portal_s_timestamps_with_an_unpadded_hour_are_read(tmp_path):
    # "2026-03-02 9:07:00" had been left unread (the value only in meta_sent_at), "10:07:00" read
    (tmp_path / "portal").mkdir()
    (tmp_path / "portal" / "portal_messages.csv").write_text(_PORTAL.replace("10:07:00", "9:07:00"), encoding="utf-8")
    res, _ = _read(tmp_path)
    assert res.records["timestamp"].tolist()[:2] == ["2026-03-02T09:07:00", "2026-03-02T11:07:00"]
    assert "meta_sent_at" not in res.records


# --- 5. Teams' "<name> stopped transcription" ------------------------------------------------------------------------

@pytest.mark.parametrize("notice", ["Ewa Lis stopped transcription", "Ewa Lis zatrzymała transkrypcję",
                                    "Ева Лис остановила транскрипцию"])
def test_teams_notice_that_the_transcription_stopped_is_not_the_last_answer_s(tmp_path, notice):
    # it had been glued to the participant's last answer: "…have a good one! [PERSON] stopped transcription"
    import docx

    (tmp_path / "interviews").mkdir()
    doc = docx.Document()
    for line in ("LinguaFox research call 2026-03-13", "2026-03-13, 10:00AM", "Started transcription",
                 "Ewa Lis   0:03", "How do you find the app?", "Priya Raman   0:10",
                 "Can I pause my subscription while I'm in India for a month? Thanks, have a good one!", notice):
        doc.add_paragraph(line)
    doc.save(tmp_path / "interviews" / "en02_teams.docx")
    res, _ = _read(tmp_path)
    assert res.records["text"].tolist()[-1] == ("Can I pause my subscription while I'm in India for a month? Thanks, "
                                                "have a good one!")
    reason = res.files["reason"].iloc[0]
    assert "transcri" in reason and "Ewa" not in reason and "Ева" not in reason   # said, without the name


# --- 6. a stage file in the corpus is skipped; a table command's own columns fed back -------------------------------

def test_a_stage_file_in_the_corpus_folder_is_listed_as_skipped_config_not_unsupported(tmp_path):
    # files.csv had called the corpus's own stage file "unsupported", though qsynth.toml names it and it is read
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "r.csv").write_text("text,rating\nŚwietna szkoła.,5\n", encoding="utf-8")
    (tmp_path / "qsynth.toml").write_text('[stages]\nmodel = "stages_linguafox.toml"\n', encoding="utf-8")
    (tmp_path / "stages_linguafox.toml").write_text('[[stage]]\nid = "trial"\n', encoding="utf-8")
    (tmp_path / "README.md").write_text("notes", encoding="utf-8")
    res, _ = _read(tmp_path)
    f = res.files.set_index("file")
    assert f.loc["stages_linguafox.toml", "status"] == "skipped" and "config file" in f.loc["stages_linguafox.toml", "reason"]
    assert f.loc["README.md", ["status", "reason"]].tolist() == ["skipped", "skipped by [ingest] skip_patterns"]
    assert len(res.records) == 1


def test_qsynth_cluster_on_qsynth_tag_s_output_keeps_one_line_column(fake_config, tmp_path):
    # tag's own 'line' had come back as 'line_input' beside cluster's
    import pandas as pd
    from typer.testing import CliRunner

    from pipeline.cli import app

    table = tmp_path / "reviews.csv"
    pd.DataFrame({"text": ["The placement test is way too easy.", "Test poziomujący był za łatwy.",
                           "Тест на уровень слишком лёгкий.", "Great teachers, flexible hours."]}).to_csv(table, index=False)
    tagged, clustered = tmp_path / "tagged.csv", tmp_path / "clustered.csv"
    run = CliRunner()
    res = run.invoke(app, ["tag", str(table), "--text-col", "text", "--out", str(tagged), "--config", str(fake_config)])
    assert res.exit_code == 0, res.output
    res = run.invoke(app, ["cluster", str(tagged), "--text-col", "text", "--out", str(clustered), "--config",
                           str(fake_config)])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(clustered)
    assert "line_input" not in got and got["line"].tolist() == [2, 3, 4, 5] and "_input" not in res.output
    assert {"sentiment", "theme_id"} <= set(got.columns)


# --- 7. a participant's first name alone in a file name ------------------------------------------------------------

def test_a_participant_s_first_name_alone_in_an_interview_s_file_name_is_hashed(tmp_path):
    # "ru01_olga_zoom.vtt", "en02_priya_teams.txt" had named the participant in every quote, files.csv and run.json
    (tmp_path / "interviews").mkdir()
    (tmp_path / "notes").mkdir()
    turns = "Interviewer: How was the placement test?\nParticipant: Way too easy, I ended up in the wrong level.\n"
    for name in ("ru01_olga_zoom.txt", "en02_priya_teams.txt", "pl01_katarzyna_teams.txt", "ru02_dmitry.txt"):
        (tmp_path / "interviews" / name).write_text(turns, encoding="utf-8")
    (tmp_path / "notes" / "mark_notes.txt").write_text(turns, encoding="utf-8")
    (tmp_path / "interviews" / "grace_period.txt").write_text(turns, encoding="utf-8")
    res, _ = _read(tmp_path)
    shown = res.files["file"].tolist()
    assert not [f for f in shown if any(n in f.casefold() for n in ("olga", "priya", "katarzyna", "dmitry"))], shown
    assert "notes/mark_notes.txt" in shown and "interviews/grace_period.txt" in shown
    assert sum(f.startswith("interviews/") and "_contact-" in f for f in shown) == 4
    assert set(res.records["source_file"]) == set(shown) and len(res.records) == 12


def test_an_unknown_role_value_that_names_a_person_or_an_address_is_not_printed(tmp_path):
    """A 'from' column of senders' addresses read as the role column had put them in the warning and files.csv, twice
    (reviewer of 13c33f8)."""
    (tmp_path / "chats").mkdir()
    portal = _PORTAL.replace(",patient,", ",anna.kowalska@gmail.com,").replace(",pacjentka,", ",Anna Lis,")
    (tmp_path / "chats" / "portal.csv").write_text(portal, encoding="utf-8")
    res, said = _read(tmp_path)
    reason = res.files.set_index("file").loc["chats/portal.csv", "reason"]
    for text in [reason, *said]:
        assert "kowalska" not in text and "Anna Lis" not in text, text
    assert "value(s) that may name a person or contact (not shown)" in reason


@pytest.mark.parametrize("path, gone", [("interviews/tomasz_nowak.txt", "nowak"),
                                        ("interviews/en02_priya_sharma_teams.docx", "sharma"),
                                        ("interviews/anna_kowalska.vtt", "kowalska")])
def test_a_lower_case_surname_after_a_first_name_in_a_file_name_goes_with_it(path, gone):
    """Only a capitalised surname had gone with the first name: 'tomasz_nowak.txt' read 'contact-…_nowak.txt'
    (reviewer of 2479784); a word that is no name stays ('ru01_olga_zoom.vtt' keeps 'zoom')."""
    from pipeline.ingest._paths import hide_names_in_path, names_in_path

    assert gone not in hide_names_in_path(path, names_in_path(path), b"k" * 32)
    assert hide_names_in_path("interviews/ru01_olga_zoom.vtt", names_in_path("interviews/ru01_olga_zoom.vtt"),
                              b"k" * 32).endswith("_zoom.vtt")


def test_the_table_readers_docstring_examples_hold():
    """Reply columns (not 'reply_author' / 'reply_email' / 'customer_response') and the role values a warning may print
    (not a surname: 'Nowak', 'J. Nowak'; reviewer) are pinned by _tables.py's examples."""
    import doctest

    from pipeline.ingest import _tables

    assert doctest.testmod(_tables, optionflags=doctest.ELLIPSIS).failed == 0
