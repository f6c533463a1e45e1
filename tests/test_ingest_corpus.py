"""Corpus-level behaviour: file discovery, unsupported files, errors, accounting, determinism,
streaming, and the real sample corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import InputError
from pipeline.ingest import (FILE_COLUMNS, QUARANTINE_COLUMNS, RECORD_COLUMNS, IngestConfig, iter_records,
                             read_corpus)

FIX = Path(__file__).parent / "fixtures" / "ingest" / "corpus"
SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "sample"


@pytest.fixture(scope="module")
def res():
    return read_corpus(FIX, IngestConfig(brand_authors=["acme_official", "Acme Official"]))


def test_contract_columns_and_dtypes(res):
    r = res.records
    assert list(r.columns[: len(RECORD_COLUMNS)]) == list(RECORD_COLUMNS)
    assert all(c.startswith("meta_") for c in r.columns[len(RECORD_COLUMNS):])
    assert str(r["line"].dtype) == str(r["record_no"].dtype) == "Int64"
    assert r["record_no"].isna().eq(r["line"].notna()).all()      # one of the two says where a record is
    assert r["record_index"].dtype == "int64" and r["turn_index"].dtype == "int64"
    assert r["rating"].dtype == "float64"
    for c in RECORD_COLUMNS:
        if c not in ("line", "record_no", "record_index", "turn_index", "rating"):
            assert r[c].map(type).eq(str).all(), c     # no NaN in text columns
    meta = [c for c in r.columns if c.startswith("meta_")]
    assert not r[meta].isna().any().any()
    assert (r["text"].str.len() > 0).all()
    assert not r["text"].str.contains(r"\s\s|\n").any()          # whitespace-normalised
    assert set(r["role"]) <= {"customer", "interviewer", "agent", "bot", "brand", "other"}
    assert set(r["source_type"]) <= {"interview", "chat", "review", "social", "table"}
    assert list(res.quarantine.columns) == list(QUARANTINE_COLUMNS)
    assert list(res.files.columns) == list(FILE_COLUMNS)


def test_every_record_is_accounted_for(res):
    f = res.files
    assert (f["records_in"] == f["records_ok"] + f["quarantined"]).all()
    ok = res.records.groupby("source_file").size()
    q = res.quarantine.groupby("file").size()
    for row in f.itertuples():
        assert ok.get(row.file, 0) == row.records_ok, row.file
        assert q.get(row.file, 0) == row.quarantined, row.file
    assert f["records_ok"].sum() == len(res.records)
    assert f["quarantined"].sum() == len(res.quarantine)


def test_unsupported_hidden_and_config_files(res):
    f = res.files.set_index("file")
    assert f.loc["misc/report.pdf", "status"] == "unsupported"
    assert f.loc["misc/report.pdf", "reason"] == "PDF is not read; export the transcript as .txt, .docx or .vtt"
    assert f.loc["misc/photo.png", "reason"].startswith("images, audio and video are not read")
    assert f.loc["README.md", "reason"] == "skipped by [ingest] skip_patterns"
    assert f.loc["misc/unlabelled_notes.txt", "status"] == "unsupported"
    assert "no 'Speaker:' turns found" in f.loc["misc/unlabelled_notes.txt", "reason"]
    # hidden files / folders and the corpus config are not data and not listed
    assert not any(x.startswith(".") or "/." in x for x in f.index)
    assert "qsynth.toml" not in f.index
    assert list(res.files["file"]) == sorted(res.files["file"])


def test_missing_and_empty_folders(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_corpus(tmp_path / "nope")
    with pytest.raises(InputError, match="is empty. Fix: put transcripts"):
        read_corpus(tmp_path)
    (tmp_path / ".hidden").write_text("x")
    (tmp_path / "qsynth.toml").write_text("[ingest]\n")
    with pytest.raises(InputError, match="is empty"):
        read_corpus(tmp_path)
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"holds no readable files \(1 unsupported\).*a.pdf: PDF is not read"):
        read_corpus(tmp_path)


def test_same_input_same_output_and_ids_do_not_depend_on_other_files(tmp_path, res):
    again = read_corpus(FIX, IngestConfig(brand_authors=["acme_official", "Acme Official"]))
    pd.testing.assert_frame_equal(res.records, again.records)
    pd.testing.assert_frame_equal(res.quarantine, again.quarantine)
    pd.testing.assert_frame_equal(res.files, again.files)
    # copy two folders, then add a file that sorts first: the old records keep their ids and indexes
    shutil.copytree(FIX / "chats", tmp_path / "chats")
    shutil.copytree(FIX / "social", tmp_path / "social")
    before = read_corpus(tmp_path).records
    (tmp_path / "chats" / "aaa.csv").write_text("conversation_id,message\nNEW,hello\n", encoding="utf-8")
    after = read_corpus(tmp_path).records
    after = after[after["source_file"] != "chats/aaa.csv"].reset_index(drop=True)
    cols = ["doc_id", "source_file", "line", "record_index", "turn_index", "text"]
    pd.testing.assert_frame_equal(before[cols], after[cols])


def test_iter_records_streams_chunks_that_add_up_to_read_corpus(res):
    stream = iter_records(FIX, IngestConfig(brand_authors=["acme_official", "Acme Official"]), chunk_size=7)
    chunks = list(stream)
    assert all(len(c) <= 7 for c in chunks) and len(chunks) > 5
    streamed = pd.concat(chunks, ignore_index=True)
    cols = list(RECORD_COLUMNS)
    pd.testing.assert_frame_equal(streamed[cols], res.records[cols])
    pd.testing.assert_frame_equal(stream.quarantine, res.quarantine)
    pd.testing.assert_frame_equal(stream.files, res.files)


def test_large_csv_streams_in_bounded_chunks(tmp_path):
    (tmp_path / "chats").mkdir()
    lines = ["conversation_id,author_type,message"] + [f"c{i // 10},{'agent' if i % 2 else 'customer'},message {i}"
                                                       for i in range(2500)]
    (tmp_path / "chats" / "big.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    stream = iter_records(tmp_path, chunk_size=1000)
    sizes = [len(c) for c in stream]
    assert sizes == [1000, 1000, 500]
    assert stream.files["records_ok"].tolist() == [2500]


def test_single_file_path(tmp_path):
    p = tmp_path / "x.vtt"
    p.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\n<v A>Hi?</v>\n\n00:01.000 --> 00:02.000\n<v B>Hello.</v>\n",
                 encoding="utf-8")
    res = read_corpus(p)
    assert res.records[["source_file", "speaker", "role", "text"]].values.tolist() == [
        ["x.vtt", "A", "interviewer", "Hi?"], ["x.vtt", "B", "customer", "Hello."]]


def test_corrupt_docx_is_failed_not_fatal(tmp_path):
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "interviews" / "good.txt").write_text("Ewa: Hi?\nJo: Hello.\n", encoding="utf-8")
    res = read_corpus(tmp_path)
    f = res.files.set_index("file").loc["interviews/bad.docx"]
    assert f["status"] == "failed" and f["reason"].startswith("a damaged zip archive (a .docx file is one)")
    assert (f["records_in"], f["quarantined"]) == (1, 1)
    assert len(res.records) == 2


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="corpora/sample/ not present")
def test_sample_corpus():
    from pipeline.config import read_toml

    local = SAMPLE / "qsynth.toml"
    overrides = read_toml(local).get("ingest", {}) if local.is_file() else {}
    cfg = IngestConfig(**{"brand_authors": ["sofino_official"], **overrides})
    res = read_corpus(SAMPLE, cfg)
    r, f = res.records, res.files
    assert (f["records_in"] == f["records_ok"] + f["quarantined"]).all()
    assert set(f.loc[f["file"].str.endswith((".txt", ".vtt", ".csv")), "status"]) == {"parsed"}
    assert {"interview", "chat", "review", "social"} <= set(r["source_type"])
    # every interview has exactly one participant-side voice that dominates and an interviewer
    for name, d in r[r["source_type"] == "interview"].groupby("source_file"):
        assert "interviewer" in set(d["role"]), name
        assert "customer" in set(d["role"]), name
        # the interviewer named in front matter is never a customer
        fm = d["meta_interviewer"].iloc[0] if "meta_interviewer" in d else ""
        if fm:
            assert not ((d["speaker"].str.split().str[0] == fm.split()[0]) & (d["role"] == "customer")).any(), name
    # agents, bots and the brand account are never customers
    chats = r[r["source_type"] == "chat"]
    assert set(chats["role"]) <= {"customer", "agent", "bot", "other"}
    raw = pd.read_csv(SAMPLE / "chats" / "chat_export.csv", dtype=str, keep_default_na=False)
    assert len(chats) + int((f["file"] == "chats/chat_export.csv").sum() and
                            f.set_index("file").loc["chats/chat_export.csv", "quarantined"]) == len(raw)
    by_type = dict(zip(raw["author_type"], chats.loc[chats["source_file"] == "chats/chat_export.csv", "role"]))
    for author_type, role in by_type.items():
        assert role != "customer" or author_type.lower() in ("customer", "client", "user", "visitor"), author_type
    social = r[r["source_type"] == "social"]
    assert (social.loc[social["speaker"] == "sofino_official", "role"] == "brand").all()
    assert not social.loc[social["speaker"] != "sofino_official", "role"].eq("brand").any()
    reviews = r[r["source_type"] == "review"]
    assert reviews["rating"].between(0, 1).all()
    assert (reviews["role"] == "customer").all()
    assert r["doc_id"].str.match(r"^(interview|chat|review|social):").all()


def test_an_empty_file_says_so_in_files_csv(tmp_path):
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "notes.txt").write_text("", encoding="utf-8")
    (tmp_path / "interviews" / "p1.txt").write_text("Anna: The delivery was late.\n", encoding="utf-8")
    files = read_corpus(tmp_path).files.set_index("file")
    assert files.loc["interviews/notes.txt", "reason"] == "no records: the file has no text"
    assert files.loc["interviews/p1.txt", "reason"] == ""


def test_a_participant_sheet_gives_subtitles_and_transcripts_their_segment(tmp_path):
    # VTT, SRT and .docx interviews have no front matter: without the sheet they were missing from the per-segment map
    import warnings

    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "p01.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>How did you find us?\n\n"
        "00:00:05.000 --> 00:00:08.000\n<v Ola>From an ad on Instagram.\n", encoding="utf-8")
    (tmp_path / "interviews" / "p02.txt").write_text("---\nsegment: student\n---\nInterviewer: Why?\nAnna: Price.\n",
                                                     encoding="utf-8")
    (tmp_path / "participants.csv").write_text("File;Segment;Persona\np01.vtt;freelancer;solo\n"
                                               "interviews/p02.txt;agency;team\np03.vtt;x;y\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = read_corpus(tmp_path, IngestConfig(file_metadata="participants.csv"))
    r = res.records
    # by the file's name or its path; a record's own value (front matter) wins; the sheet is not input
    assert r.groupby("source_file")[["meta_segment", "meta_persona"]].first().to_dict("index") == {
        "interviews/p01.vtt": {"meta_segment": "freelancer", "meta_persona": "solo"},
        "interviews/p02.txt": {"meta_segment": "student", "meta_persona": "team"}}
    assert res.files["file"].tolist() == ["interviews/p01.vtt", "interviews/p02.txt"]
    assert any("name no file of the corpus: row(s) 4 (the header is row 1)" in str(w.message) for w in caught)
    with pytest.raises(InputError, match="file_metadata = 'nope.csv' not found.*Fix"):
        read_corpus(tmp_path, IngestConfig(file_metadata="nope.csv"))
    (tmp_path / "bad.csv").write_text("name,segment\nOla,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"has no 'file' column \(columns: \['name', 'segment'\]\).*Fix"):
        read_corpus(tmp_path, IngestConfig(file_metadata="bad.csv"))


def test_a_participant_sheet_date_is_the_timestamp_of_records_without_one(tmp_path):
    # front matter had dated the .md interviews' quotes; the sheet's date was only meta_date for .txt / .vtt
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "p01.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>How did you find us?\n\n"
        "00:00:05.000 --> 00:00:08.000\n<v Ola>From an ad on Instagram.\n", encoding="utf-8")
    (tmp_path / "interviews" / "p02.md").write_text("---\ndate: 2026-03-09\n---\nInterviewer: Why?\nAnna: Price.\n",
                                                    encoding="utf-8")
    (tmp_path / "interviews" / "p03.txt").write_text("Interviewer: Why?\nEwa: Price.\n", encoding="utf-8")
    (tmp_path / "participants.csv").write_text("file,persona,date\np01.vtt,admin,03/13/2026\np02.md,staff,03/14/2026\n"
                                               "p03.txt,staff,\n", encoding="utf-8")
    r = read_corpus(tmp_path, IngestConfig(file_metadata="participants.csv")).records
    got = r.groupby("source_file")[["timestamp", "meta_date"]].agg(set).to_dict("index")
    assert got == {"interviews/p01.vtt": {"timestamp": {"2026-03-13"}, "meta_date": {"03/13/2026"}},   # month-first: a 13
                   "interviews/p02.md": {"timestamp": {"2026-03-09"}, "meta_date": {"2026-03-09"}},     # its own date wins
                   "interviews/p03.txt": {"timestamp": {""}, "meta_date": {""}}}


def test_names_of_a_files_people_are_hidden_in_its_path_everywhere(tmp_path):
    # "interviews/Daniel Okafor - Shiftly research call.txt" had been cited by every quote, files.csv and run.json
    (tmp_path / "interviews" / "rob").mkdir(parents=True)
    (tmp_path / "chats").mkdir()
    (tmp_path / "interviews" / "Daniel Okafor - Shiftly research call.txt").write_text(
        "a stray line\n\nMaya Chen  0:03\nHow was it?\n\nDaniel Okafor  0:07\nFine.\n", encoding="utf-8")
    (tmp_path / "interviews" / "rob" / "notes.md").write_text(   # a one-word speaker label names the folder
        "---\nparticipant: Rob Delgado\n---\n**Maya:** Hi Rob?\n**Rob:** Hey.\n", encoding="utf-8")
    (tmp_path / "interviews" / "p01.txt").write_text("Interviewer: Why?\nSpeaker 2: Price.\n", encoding="utf-8")
    (tmp_path / "chats" / "jan_kowalski.csv").write_text("chat_id,message\n1,Hello\n", encoding="utf-8")
    (tmp_path / "participants.csv").write_text(   # the sheet names the real files, and the chat's person
        "file,persona,participant\nDaniel Okafor - Shiftly research call.txt,admin,\njan_kowalski.csv,buyer,Jan Kowalski\n",
        encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(file_metadata="participants.csv"), key=b"k" * 32)
    r, q = res.records, res.quarantine
    shown = [*res.files["file"], *q["file"], *r["source_file"], *r["doc_id"], *r["thread_id"]]
    assert not [s for s in shown if any(n in s.casefold() for n in ("daniel", "okafor", "rob", "kowalski"))]
    assert res.files["file"].tolist() == ["chats/contact-3e7299b7.csv", "interviews/contact-1ca70051 - Shiftly research call.txt",
                                          "interviews/p01.txt", "interviews/contact-8ef40cd6/notes.md"]
    assert q["file"].tolist() == ["interviews/contact-1ca70051 - Shiftly research call.txt"]   # the stray line
    assert r.groupby("source_file")["meta_persona"].first().to_dict() == {
        "chats/contact-3e7299b7.csv": "buyer", "interviews/contact-1ca70051 - Shiftly research call.txt": "admin",
        "interviews/contact-8ef40cd6/notes.md": "", "interviews/p01.txt": ""}
    kept = read_corpus(tmp_path, IngestConfig(file_metadata="participants.csv", hide_names_in_paths=False)).files
    assert "interviews/Daniel Okafor - Shiftly research call.txt" in kept["file"].tolist()


def test_a_first_name_speaker_hides_the_surname_beside_it_in_the_path(tmp_path):
    # "interviews/Wywiad Agnieszka Lewandowska.txt" with the speaker "Agnieszka" had become "Wywiad contact-… Lewandowska"
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "Wywiad Agnieszka Lewandowska.txt").write_text(
        "Prowadząca: Jak nas Pani znalazła?\nAgnieszka: Z reklamy.\n", encoding="utf-8")
    shown = read_corpus(tmp_path, IngestConfig(), key=b"k" * 32).files["file"].tolist()
    # the name's shape (a first name, a capitalised word) finds it before the speaker does: hashed as written
    assert shown == ["interviews/Wywiad contact-f37bbe3e.txt"]
