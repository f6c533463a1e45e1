"""E-mail: .mbox mailboxes and folders of .eml messages, read as threads of the customer's own words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.ingest import IngestConfig, read_corpus
from pipeline.ingest._mail import strip_quoted

FIX = Path(__file__).parent / "fixtures" / "ingest" / "mail"


def _corpus(tmp_path, *names):
    for n in names:
        src = FIX / n
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / n)
    return tmp_path


def _mbox(path: Path, *messages: tuple[str, str]) -> None:
    """An mbox of ``(headers, body)`` messages; headers are "Name: value" lines joined by newlines."""
    path.write_text("".join(f"From x Mon Aug  3 09:00:00 2026\n{h}\n\n{b}\n\n" for h, b in messages), encoding="utf-8")


def test_mbox_threads_roles_and_only_what_each_sender_wrote(tmp_path):
    res = read_corpus(_corpus(tmp_path, "support.mbox"), IngestConfig())
    d = res.records
    by_thread = [list(g.sort_values("turn_index")[["role", "text"]].itertuples(index=False, name=None))
                 for _, g in d.groupby("doc_id", sort=False)]
    assert sorted(by_thread, key=len) == sorted([
        [("customer", "Uszkodzona sofa. Dzień dobry, sofa przyszła z rozdartym bokiem. Zamówienie SOF-2026-101877. "
                      "Proszę o kontakt, tel. 512 889 041."),          # the subject opens the thread; signature cut
         ("agent", "Dzień dobry, prosimy o zdjęcia uszkodzenia przez formularz reklamacyjny."),   # "W dniu … pisze:" cut
         ("customer", "Formularz nie działa, nie da się dodać zdjęć. Wysyłam w załączniku.")],     # "> …" lines cut
        [("customer", "Доставка. Здравствуйте! Когда привезут диван? Жду уже 8 недель."),          # HTML flattened
         ("agent", "Dzień dobry, dostawa planowana jest na przyszły tydzień.")],                  # Outlook quote cut
        [("bot", "Twoje zamówienie zostało wysłane.")],                                            # noreply@ is a bot
    ], key=len)
    assert set(d["source_type"]) == {"chat"} and set(d["channel"]) == {"email"}
    assert not d["doc_id"].str.contains("@").any() and not d["thread_id"].str.contains("@").any()  # ids hashed
    assert d["timestamp"].str.startswith("2026-08-0").all()
    f = res.files.iloc[0]
    assert (f["format"], f["source_type"], f["records_in"], f["records_ok"]) == ("mbox", "chat", 6, 6)


def test_eml_folder_is_one_mailbox_threaded_across_files_in_date_order(tmp_path):
    res = read_corpus(_corpus(tmp_path, "inbox"), IngestConfig())
    d = res.records
    tom = d[d["text"].str.contains("Germany|postcode")].sort_values("turn_index")
    assert tom["doc_id"].nunique() == 1                               # three files, one thread
    assert tom["source_file"].tolist() == ["inbox/01_question.eml", "inbox/02_answer.eml", "inbox/03_followup.eml"]
    assert tom["role"].tolist() == ["customer", "agent", "customer"]
    assert tom["text"].iloc[2] == "Thanks, but the checkout does not accept my postcode."   # "On … wrote:" cut
    # no charset declared: the bytes are read as UTF-8, not as ASCII with replacement characters
    assert d["text"].str.contains("Potrzebuję faktury VAT na firmę.", regex=False).any()
    assert not d["text"].str.contains("\ufffd").any()
    # a reply that only quotes is not lost silently: it is quarantined with the reason
    q = res.quarantine
    assert q["file"].tolist() == ["inbox/06_empty.eml"] and "no text of its own" in q["reason"].iloc[0]
    assert res.files["records_in"].tolist() == [1] * 6


def test_company_domain_from_config_when_the_mailbox_cannot_show_it(tmp_path):
    _mbox(tmp_path / "one.mbox",
          ("From: Ewa <ewa@firma-ewy.pl>\nSubject: Pytanie\nMessage-ID: <e1@x>\nDate: Mon, 03 Aug 2026 09:00:00 +0200",
           "Czy sofa Oslo jest dostępna?"),
          ("From: Sofino <pomoc@sofino.pl>\nSubject: Re: Pytanie\nMessage-ID: <s1@x>\nIn-Reply-To: <e1@x>\n"
           "Date: Mon, 03 Aug 2026 10:00:00 +0200", "Tak, od ręki."))
    guessed = read_corpus(tmp_path, IngestConfig()).records
    assert guessed["role"].tolist() == ["customer", "customer"]       # one thread: too little to tell the company
    told = read_corpus(tmp_path, IngestConfig(company_domains=["sofino.pl"])).records
    assert told["role"].tolist() == ["customer", "agent"]


@pytest.mark.parametrize("body, own", [
    ("Still waiting.\n\nOn Mon, 3 Aug 2026 at 10:00, Sofino <a@b.pl> wrote:\n> soon", "Still waiting."),
    ("Nadal czekam.\nW dniu 3.08.2026 o 10:00 Sofino napisał:\n> wkrótce", "Nadal czekam."),
    ("Всё ещё жду.\n\n3 авг. 2026 г., в 10:00, Sofino <a@b.pl> пишет:\n> скоро", "Всё ещё жду."),
    ("Still waiting.\n\nFrom: Sofino\nSent: Monday, August 3, 2026\nTo: me\n\nsoon", "Still waiting."),
    ("Still waiting.\n-- \nTom Baker\n+48 512 889 041", "Still waiting."),
    ("Still waiting.\n\nSent from my iPhone", "Still waiting."),
    ("From: my side nothing changed.\nStill waiting.", "From: my side nothing changed.\nStill waiting."),
])
def test_strip_quoted_keeps_only_the_senders_words(body, own):
    assert strip_quoted(body) == own


def test_gmail_takeout_thread_id_joins_messages_without_reply_headers(tmp_path):
    _mbox(tmp_path / "takeout.mbox",
          ("X-GM-THRID: 1771234567890\nFrom: Ewa <ewa@gmail.com>\nSubject: Sofa\nDate: Mon, 03 Aug 2026 09:00:00 +0200",
           "Gdzie moja sofa?"),
          ("X-GM-THRID: 1771234567890\nFrom: Ewa <ewa@gmail.com>\nSubject: sofa - ciąg dalszy\n"
           "Date: Mon, 03 Aug 2026 10:00:00 +0200", "Nadal nic."))
    d = read_corpus(tmp_path, IngestConfig()).records
    assert d["doc_id"].nunique() == 1 and d["turn_index"].tolist() == [0, 1]


def test_mail_and_a_survey_run_through_the_pipeline(tmp_path, fast_overrides):
    """End to end: e-mail threads are conversations at the E-mail touchpoint, agents are not the
    customer's voice, survey answers are a source of their own, and nothing is lost."""
    import json

    import pandas as pd

    from pipeline.api import run_pipeline

    root = tmp_path / "corpus"
    (root / "mail").mkdir(parents=True)
    shutil.copy(FIX / "support.mbox", root / "mail" / "support.mbox")
    shutil.copytree(FIX / "inbox", root / "inbox")
    (root / "survey.csv").write_text("Respondent ID,What could we improve?,What did you like?,NPS\n"
                                     "r1,Faster delivery please,The sofa,9\nr2,,,5\n", encoding="utf-8")
    (root / "qsynth.toml").write_text('[ingest]\nsurvey_columns = ["What could we improve?", "What did you like?"]\n',
                                      encoding="utf-8")
    out = tmp_path / "out"
    run_pipeline(root, out=out, overrides=fast_overrides)
    seg = pd.read_csv(out / "segments.csv", dtype=str, keep_default_na=False)
    mail = seg[seg["channel"] == "email"]
    assert set(mail["role"]) == {"customer", "agent", "bot"}
    assert (mail.loc[mail["is_customer"] == "True", "touchpoints"].str.contains("email")).all()
    assert (mail.loc[mail["role"] != "customer", "is_customer"] == "False").all()
    assert not seg["text"].str.contains("512 889 041").any()           # the phone in the first e-mail is redacted
    survey = seg[seg["source_type"] == "survey"]
    assert sorted(survey["text"]) == ["Faster delivery please", "The sofa"]
    # each answer is read with its question: a suggestion to "What could we improve?" is a request
    assert survey.set_index("text").loc["Faster delivery please", "kind"] == "request"
    assert survey.set_index("text").loc["The sofa", "kind"] == "praise"
    counts = json.loads((out / "run.json").read_text(encoding="utf-8"))["counts"]
    assert counts["quarantined"] == 2                                  # the quoted-only e-mail and the empty survey row
    q = pd.read_csv(out / "quarantine.csv", dtype=str, keep_default_na=False)
    assert sorted(q["file"]) == ["inbox/06_empty.eml", "survey.csv"]


@pytest.mark.parametrize("body, own", [
    ("Sofa nadal nie dotarła.\n\nPozdrawiam,\nAnna Kowalska\ntel. 512 889 041", "Sofa nadal nie dotarła."),
    ("Where is my refund?\nKind regards\nTom Baker\nBaker & Co", "Where is my refund?"),
    ("Когда доставка?\nС уважением,\nИван", "Когда доставка?"),
    ("Thanks!", "Thanks!"),                                       # a thank-you on its own is the message
    ("Thank you\nfor nothing, the sofa is still broken.", "Thank you\nfor nothing, the sofa is still broken."),
])
def test_a_closing_line_starts_the_signature(body, own):
    assert strip_quoted(body) == own


def test_outlook_and_apple_mail_files_say_how_to_export_them(tmp_path):
    (tmp_path / "mail").mkdir()
    for name in ("a.msg", "b.pst", "c.emlx"):
        (tmp_path / "mail" / name).write_bytes(b"\x00binary")
    shutil.copy(FIX / "support.mbox", tmp_path / "mail" / "support.mbox")
    files = read_corpus(tmp_path, IngestConfig()).files.set_index("file")
    assert files.loc["mail/a.msg", "status"] == "unsupported" and ".eml" in files.loc["mail/a.msg", "reason"]
    assert ".mbox" in files.loc["mail/b.pst", "reason"] and ".mbox" in files.loc["mail/c.emlx", "reason"]
    assert files.loc["mail/support.mbox", "records_ok"] == 6


def test_the_exporting_mailbox_is_the_company_even_in_one_thread_and_on_webmail(tmp_path):
    _mbox(tmp_path / "box.mbox",
          ("Delivered-To: sklep.meble@gmail.com\nFrom: Ewa <ewa@wp.pl>\nTo: sklep.meble@gmail.com\nSubject: Pytanie\n"
           "Message-ID: <e1@x>\nDate: Mon, 03 Aug 2026 09:00:00 +0200", "Czy sofa Oslo jest dostępna?"),
          ("Delivered-To: sklep.meble@gmail.com\nFrom: Sklep <sklep.meble@gmail.com>\nSubject: Re: Pytanie\n"
           "Message-ID: <s1@x>\nIn-Reply-To: <e1@x>\nDate: Mon, 03 Aug 2026 10:00:00 +0200", "Tak, od ręki."))
    d = read_corpus(tmp_path, IngestConfig()).records
    assert d["role"].tolist() == ["customer", "agent"]


def test_a_file_that_is_no_mailbox_is_reported_with_the_fix(tmp_path):
    (tmp_path / "notes.mbox").write_text("just some notes\nnot a mailbox\n", encoding="utf-8")
    (tmp_path / "junk.mbox").write_bytes(bytes(range(256)) * 20)
    shutil.copy(FIX / "support.mbox", tmp_path / "support.mbox")      # one readable mailbox, or the run stops
    res = read_corpus(tmp_path, IngestConfig())
    f = res.files.set_index("file")
    assert f.loc["notes.mbox", "status"] == "failed" and "'From <address> <date>'" in f.loc["notes.mbox", "reason"]
    assert f.loc["junk.mbox", "reason"] == "binary content, not a mailbox"
    assert sorted(res.quarantine["file"]) == ["junk.mbox", "notes.mbox"]      # nothing disappears without a reason
