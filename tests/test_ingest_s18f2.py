"""Ingest, session 18 wave 2: dogfood 18h (a mobile game's Helpshift and Zendesk exports) and 18g (an insurer's NPS)."""

from __future__ import annotations

import warnings
from pathlib import Path

from pipeline.ingest import IngestConfig, read_corpus

HELPSHIFT = (
    "Issue ID,Author Type,Author Name,Message,Created At,Platform,Player Segment\n"
    "issue_1,user,Liam,I watched the ad for a free life and got no reward.,2026-10-10 20:00:00,ios 14,free\n"
    "issue_1,agent,Oksana H.,Sorry! Could you tell me your player ID?,2026-10-10 20:01:00,ios 14,free\n"
    "issue_1,user,Liam,It is in the settings screen.,2026-10-10 20:02:00,ios 14,free\n"
    "issue_2,user,Mia,I bought 1200 gems and never got them.,2026-10-11 09:00:00,android 13,paying\n"
    "issue_2,agent,Oksana H.,Sorry to hear that! Checking now.,2026-10-11 09:01:00,android 13,paying\n"
    "issue_3,user,Noah,The energy refill takes hours.,2026-10-12 10:00:00,android 12,free\n"
    "issue_3,agent,Oksana H.,Thanks for the feedback!,2026-10-12 10:05:00,android 12,free\n")


def _read(root: Path, cfg: IngestConfig | None = None):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = read_corpus(root, cfg or IngestConfig())
    return res, [str(w.message) for w in caught]


def _corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


# --- 1. Helpshift's Issue ID is the conversation; an id column no list knows is named ---------------------------
def test_helpshift_issue_id_is_the_conversation(tmp_path):
    res, _ = _read(_corpus(tmp_path, {"chats/helpshift.csv": HELPSHIFT}))
    assert res.records["doc_id"].drop_duplicates().tolist() == ["chat:issue_1", "chat:issue_2", "chat:issue_3"]


def test_a_column_that_looks_like_the_conversation_is_named_with_the_setting(tmp_path):
    root = _corpus(tmp_path, {"chats/hs.csv": HELPSHIFT.replace("Issue ID", "Request ID", 1)})
    res, said = _read(root)
    assert res.records["doc_id"].nunique() == 1   # read as before: one conversation
    fix = '[ingest.chat_columns] thread_id = ["Request ID"]'
    assert any("chats/hs.csv" in w and "'Request ID' looks like" in w and fix in w for w in said), said
    assert fix in res.files.set_index("file").loc["chats/hs.csv", "reason"]
    # and following it reads each conversation apart
    res, _ = _read(root, IngestConfig(chat_columns={"thread_id": ["Request ID"]}))
    assert res.records["doc_id"].nunique() == 3


def test_one_conversation_with_an_authors_id_is_no_warning(tmp_path):
    chat = ("Author ID,Author,Message\n7,Liam,Hi there\n9,Oksana,Hello!\n7,Liam,My gems are gone\n"
            "9,Oksana,Checking\n7,Liam,Thanks\n")
    _, said = _read(_corpus(tmp_path, {"chats/one.csv": chat}))
    assert not [w for w in said if "looks like" in w]


# --- 2. your column names come first; the defaults stay -------------------------------------------------------------
def _zendesk(n: int) -> str:
    import json

    tickets = [{"id": 100 + t, "comments": [
        {"id": 10 * t + 1, "author_role": "end-user", "author_name": f"Player {t}", "body": "My gems are gone.",
         "created_at": "2026-10-03T09:10:00Z"},
        {"id": 10 * t + 2, "author_role": "agent", "author_name": "Oksana", "body": "Checking now.",
         "created_at": "2026-10-03T10:10:00Z"}]} for t in range(n)]
    return json.dumps({"tickets": tickets})


def test_your_conversation_column_adds_to_the_defaults_so_nested_tickets_stay_apart(tmp_path):
    root = _corpus(tmp_path, {"chats/hs.csv": HELPSHIFT.replace("Issue ID", "Request ID", 1),
                              "chats/zendesk.json": _zendesk(4)})
    res, said = _read(root, IngestConfig(chat_columns={"thread_id": ["Request ID", "ticket_id"]}))
    docs = res.records.groupby("source_file")["doc_id"].nunique().to_dict()
    assert docs == {"chats/hs.csv": 3, "chats/zendesk.json": 4}   # Zendesk's tickets had been one document
    assert res.records.loc[res.records["source_file"] == "chats/hs.csv", "speaker"].nunique() == 4   # the rest read


def test_an_empty_list_of_yours_reads_no_column_for_the_field(tmp_path):
    res, _ = _read(_corpus(tmp_path, {"chats/hs.csv": HELPSHIFT}), IngestConfig(chat_columns={"role": []}))
    assert set(res.records["role"]) == {"customer"}   # no role column read, no agent named
    res, _ = _read(tmp_path, IngestConfig(chat_columns={"thread_id": []}))
    assert res.records["doc_id"].nunique() == 1


# --- 3. a device or its operating system is no channel -------------------------------------------------------------
def test_helpshift_platform_is_metadata_not_the_channel(tmp_path):
    res, _ = _read(_corpus(tmp_path, {"chats/helpshift.csv": HELPSHIFT}))
    rec = res.records
    assert set(rec["channel"]) == {"chat"}   # evidence had read "chat · ios 14", the FAQ "Channels: ios 4"
    assert rec["meta_platform"].tolist()[:4] == ["ios 14", "ios 14", "ios 14", "android 13"]
    assert "'Platform' name devices or operating systems" in res.files.set_index("file").loc["chats/helpshift.csv", "reason"]


def test_a_channel_column_of_channels_stays_the_channel(tmp_path):
    chat = "chat_id,author_type,message,channel\n1,user,Hi,WhatsApp\n1,agent,Hello,WhatsApp\n2,user,Hey,email\n"
    res, _ = _read(_corpus(tmp_path, {"chats/c.csv": chat}))
    assert res.records["channel"].tolist() == ["WhatsApp", "WhatsApp", "email"]


# --- 4. one open question beside a score: the fix is survey_columns ----------------------------------------------
NPS = ("Respondent ID,Sygnatura czasowa,Numer szkody,\"Jak bardzo prawdopodobne jest, że polecisz nas znajomemu? (0-10)\","
       "Co jest głównym powodem Twojej oceny?\n"
       "R1-1000,02.03.2026 09:00,SZK/2026/80509,0,Czekam na wypłatę odszkodowania już szósty tydzień.\n"
       "R1-1001,03.03.2026 09:00,SZK/2026/71467,3,\"Obiecaliście wypłatę w 14 dni, a czekam dwa miesiące.\"\n"
       "R1-1002,04.03.2026 09:00,SZK/2026/40607,9,Szybka likwidacja szkody i miły konsultant.\n"
       "R1-1003,05.03.2026 09:00,SZK/2026/40611,10,Wszystko załatwione przez aplikację.\n")


def test_one_open_question_beside_an_nps_score_is_advised_as_a_survey(tmp_path):
    import pytest

    from pipeline.errors import InputError

    root = _corpus(tmp_path, {"ankiety/nps.csv": NPS})
    with pytest.raises(InputError) as err:
        read_corpus(root, IngestConfig())
    question = "Co jest głównym powodem Twojej oceny?"
    assert f'survey_columns = ["{question}"]' in str(err.value)   # had advised text_columns, which loses the survey
    res, _ = _read(root, IngestConfig(survey_columns=[question]))   # following it keeps the question and NPS group
    assert res.records["meta_question"].tolist() == [question] * 4
    assert res.records["meta_nps_group"].tolist() == ["detractor", "detractor", "promoter", "promoter"]


def test_one_question_without_a_score_still_advises_text_columns(tmp_path):
    import pytest

    from pipeline.errors import InputError

    table = "ID,Dlaczego?\n1,Długo czekam na wypłatę.\n2,Miły konsultant przez telefon.\n3,Aplikacja się zawiesza.\n"
    with pytest.raises(InputError, match=r'text_columns = \["Dlaczego\?"\]'):
        read_corpus(_corpus(tmp_path, {"ankiety/s.csv": table}), IngestConfig())


# --- 5. a name in a file name is hashed under redaction's key of the cache folder --------------------------------
def _stage_files(corpus: Path, cache: str) -> list[str]:
    import pandas as pd

    from pipeline.config import load_config
    from pipeline.runner import Context
    from pipeline.stages import ingest

    ctx = Context(cfg=load_config(overrides={"run": {"cache_dir": cache}}), corpus=corpus)
    ingest.run(pd.DataFrame(), ctx)
    return ctx.artifacts["files"]["file"].tolist()


def test_a_name_in_a_file_name_is_hashed_under_the_cache_folders_key(tmp_path):
    import hashlib

    from pipeline.redact import keyed_hash, name_key

    corpus = _corpus(tmp_path / "corpus", {
        "chats/WhatsApp Chat with Anna Kowalska.txt": "[8/3/26, 9:12:00 AM] Anna Kowalska: Where is my sofa?\n"})
    one, again, other = (_stage_files(corpus, str(tmp_path / c)) for c in ("a", "a", "b"))
    assert one == again != other   # same input, config and cache folder: the same output
    assert one == [f"chats/WhatsApp Chat with contact-{keyed_hash('Anna Kowalska', name_key(tmp_path / 'a'), 8)}.txt"]
    # whoever hashes a list of names as the SHA-1 had been finds nothing
    assert hashlib.sha1(b"Anna Kowalska").hexdigest()[:8] not in one[0]
