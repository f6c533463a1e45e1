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
        [("customer", "Dzień dobry, sofa przyszła z rozdartym bokiem. Zamówienie SOF-2026-101877. "
                      "Proszę o kontakt, tel. 512 889 041."),          # the subject is no text; signature cut
         ("agent", "Dzień dobry, prosimy o zdjęcia uszkodzenia przez formularz reklamacyjny."),   # "W dniu … pisze:" cut
         ("customer", "Formularz nie działa, nie da się dodać zdjęć. Wysyłam w załączniku.")],     # "> …" lines cut
        [("customer", "Здравствуйте! Когда привезут диван? Жду уже 8 недель."),                    # HTML flattened
         ("agent", "Dzień dobry, dostawa planowana jest na przyszły tydzień.")],                  # Outlook quote cut
        [("bot", "Twoje zamówienie zostało wysłane.")],                                            # noreply@ is a bot
    ], key=len)
    assert set(d["source_type"]) == {"chat"} and set(d["channel"]) == {"email"}
    assert set(d["meta_subject"]) == {"Uszkodzona sofa", "Доставка", "Twoje zamówienie zostało wysłane"}   # each thread's first subject
    assert not d["doc_id"].str.contains("@").any() and not d["thread_id"].str.contains("@").any()  # ids hashed
    assert d["timestamp"].str.startswith("2026-08-0").all()
    f = res.files.iloc[0]
    assert (f["format"], f["source_type"], f["records_in"], f["records_ok"]) == ("mbox", "chat", 6, 6)


def test_eml_folder_is_one_mailbox_threaded_across_files_in_date_order(tmp_path):
    res = read_corpus(_corpus(tmp_path, "inbox"), IngestConfig())
    d = res.records
    tom = d[d["meta_subject"] == "Delivery to Germany?"].sort_values("turn_index")
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


# --- threading by every id a message mentions (References that name only the parent) -----------------------------

_BANK = [   # Marta's thread: each reply's References names only its direct parent, as many mail clients write it
    ("From: Marta <marta.k@gmail.com>\nSubject: Bank\nMessage-ID: <m1.123@gmail.com>\n"
     "Date: Wed, 02 Sep 2026 09:14:00 +0200", "Wyciągi z mBanku się nie pobierają."),
    ("From: Faktumi Pomoc <pomoc@faktumi.pl>\nSubject: Re: Bank\nMessage-ID: <m2@faktumi.pl>\n"
     "In-Reply-To: <m1.123@gmail.com>\nReferences: <m1.123@gmail.com>\nDate: Thu, 03 Sep 2026 11:02:00 +0200",
     "Prosimy o odnowienie zgody."),
    ("From: Marta <marta.k@gmail.com>\nSubject: Re: Re: Bank\nMessage-ID: <m3@gmail.com>\n"
     "In-Reply-To: <m2@faktumi.pl>\nReferences: <m2@faktumi.pl>\nDate: Thu, 03 Sep 2026 15:40:00 +0200",
     "Odnowiłam i dalej to samo.\n\nW dniu 3.09.2026 o 11:02, Faktumi Pomoc <pomoc@faktumi.pl> napisał(a):\n"
     "> Prosimy o odnowienie zgody.\n\n-- \nMarta\ntel. +48 601 234 567"),
    ("From: Faktumi Pomoc <pomoc@faktumi.pl>\nSubject: Re: Re: Re: Bank\nMessage-ID: <m4@faktumi.pl>\n"
     "In-Reply-To: <m3@gmail.com>\nReferences: <m3@gmail.com>\nDate: Sat, 05 Sep 2026 10:20:00 +0200",
     "Błąd naprawiony."),
]
_VAT = [    # Ivan's thread: In-Reply-To only, and Gmail's Russian quote header with no verb
    ("From: Ivan <ivan.p@yandex.ru>\nSubject: VAT B2B\nMessage-ID: <i1@yandex.ru>\nDate: Sun, 06 Sep 2026 20:05:00 +0200",
     "Нужно ли что-то отмечать в JPK?"),
    ("From: Olga <pomoc@faktumi.pl>\nSubject: Re: VAT B2B\nMessage-ID: <i2@faktumi.pl>\nIn-Reply-To: <i1@yandex.ru>\n"
     "Date: Tue, 08 Sep 2026 09:00:00 +0200", "Нет, JPK заполняется автоматически."),
    ("From: Ivan <ivan.p@yandex.ru>\nSubject: Re: Re: VAT B2B\nMessage-ID: <i3@yandex.ru>\nIn-Reply-To: <i2@faktumi.pl>\n"
     "Date: Tue, 08 Sep 2026 12:30:00 +0200",
     "Спасибо, Ольга! Отличный сервис.\n\nпн, 8 сент. 2026 г. в 09:00, Olga (Faktumi) <pomoc@faktumi.pl>:\n"
     "> Нет, JPK заполняется автоматически.\n\nИван Петров пишет:\n> старый текст"),
]


def _threads(d):
    """{doc_id: [(role, text), …] in turn order} of a read corpus."""
    return {k: list(g.sort_values("turn_index")[["role", "text"]].itertuples(index=False, name=None))
            for k, g in d.groupby("doc_id")}


def test_a_reply_naming_only_its_parent_stays_in_the_thread_and_quote_headers_are_cut(tmp_path):
    from pipeline.ingest._exports import short_hash

    _mbox(tmp_path / "box.mbox", *_BANK, *_VAT)
    key = b"k" * 32
    d = read_corpus(tmp_path, IngestConfig(company_domains=["faktumi.pl"]), key=key).records
    threads = _threads(d)
    assert len(threads) == 2                                          # was 5: every reply started a thread
    # the thread id is the hash of its first message's id (as before for the first message: doc ids stay put)
    assert set(d["thread_id"]) == {short_hash("<m1.123@gmail.com>", key), short_hash("<i1@yandex.ru>", key)}
    assert not d["doc_id"].str.contains("@").any()
    assert threads[f"chat:box.mbox:{short_hash('<m1.123@gmail.com>', key)}"] == [
        ("customer", "Wyciągi z mBanku się nie pobierają."),
        ("agent", "Prosimy o odnowienie zgody."),
        ("customer", "Odnowiłam i dalej to samo."),                  # "W dniu … napisał(a):", quote, signature cut
        ("agent", "Błąd naprawiony."),
    ]
    assert threads[f"chat:box.mbox:{short_hash('<i1@yandex.ru>', key)}"] == [
        ("customer", "Нужно ли что-то отмечать в JPK?"),
        ("agent", "Нет, JPK заполняется автоматически."),
        ("customer", "Спасибо, Ольга! Отличный сервис."),            # "пн, 8 сент. 2026 г. в 09:00, … <…>:" cut
    ]
    assert not d["text"].str.contains("napisał|pomoc@|сент", regex=True).any()


@pytest.mark.parametrize("order", [
    [6, 5, 4, 3, 2, 1, 0],          # reversed: every reply comes before the message it answers
    [3, 6, 0, 4, 2, 5, 1],
    [1, 2, 3, 0, 5, 6, 4],          # the first messages last
])
def test_threads_and_their_ids_do_not_depend_on_message_order(tmp_path, order):
    msgs = [*_BANK, *_VAT]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _mbox(tmp_path / "a" / "box.mbox", *msgs)
    _mbox(tmp_path / "b" / "box.mbox", *[msgs[i] for i in order])
    cfg = IngestConfig(company_domains=["faktumi.pl"])
    in_order = _threads(read_corpus(tmp_path / "a", cfg).records)
    shuffled = _threads(read_corpus(tmp_path / "b", cfg).records)
    assert len(shuffled) == 2
    assert shuffled == in_order                                       # same doc ids, same turns in date order


def _mm(mid, parents=(), subject="Faktura", date="Mon, 03 Aug 2026 09:00:00 +0200", index=0, gmail=""):
    from pipeline.ingest._mail import MailMessage

    return MailMessage(message_id=mid, parents=list(parents), subject=subject, sender_name="", sender_address="a@b.pl",
                       date=date, text="x", index=index, gmail_thread=gmail)


def test_thread_keys_join_transitively_whatever_the_order():
    import itertools

    from pipeline.ingest._mail import thread_keys

    day = "{} Aug 2026 09:00:00 +0200".format
    msgs = [
        _mm("<b@x>", ["<a@x>"], "Re: Faktura", day(4)),               # the first message <a@x> is not in the mailbox
        _mm("<c@x>", ["<b@x>"], "Re: Faktura", day(5)),               # only its parent
        _mm("<d@x>", ["<b@x>"], "Re: Faktura", day(6)),               # a branch: a second answer to <b@x>
        _mm("<e@x>", ["<d@x>"], "Re: Faktura", day(7)),
        _mm("<f@x>", [], "Re: Faktura", day(8)),                      # no reply headers: the subject joins it
        _mm("<z@x>", [], "Inna sprawa", day(4)),
    ]
    for perm in itertools.permutations(range(len(msgs))):
        ms = [msgs[i] for i in perm]
        got = dict(zip((m.message_id for m in ms), thread_keys(ms)))
        assert got == {"<b@x>": "<a@x>", "<c@x>": "<a@x>", "<d@x>": "<a@x>", "<e@x>": "<a@x>", "<f@x>": "<a@x>",
                       "<z@x>": "<z@x>"}


def test_thread_keys_keep_gmail_threads_and_join_them_by_headers():
    from pipeline.ingest._mail import thread_keys

    msgs = [_mm("<a@x>", gmail="177"), _mm("<b@x>", ["<a@x>"], gmail="177"), _mm("<c@x>", gmail="177"),
            _mm("<d@x>", ["<c@x>"], date="Tue, 04 Aug 2026 09:00:00 +0200", gmail="188"),   # Gmail split it off
            _mm("<y@x>", subject="Other", gmail="199")]
    assert thread_keys(msgs) == ["gmail:177"] * 4 + ["gmail:199"]


# --- Polish and Russian quote headers ----------------------------------------------------------------------------

@pytest.mark.parametrize("body, own", [
    # Gmail
    ("Odnowiłam i dalej to samo.\n\nW dniu 3.09.2026 o 11:02, Faktumi Pomoc <pomoc@faktumi.pl> napisał(a):\n> Prosimy",
     "Odnowiłam i dalej to samo."),
    ("Спасибо!\n\nпн, 8 сент. 2026 г. в 09:00, Olga (Faktumi) <pomoc@faktumi.pl>:\n> Иван, добрый день!", "Спасибо!"),
    # Gmail wraps a long header line
    ("Nadal nic.\n\nW dniu pt., 11.09.2026 o 09:30 Faktumi Sprzedaż Dział Obsługi Klienta\n<sprzedaz@faktumi.pl> "
     "napisał(a):\n> Dzień dobry", "Nadal nic."),
    ("Still waiting.\n\nOn Fri, Sep 11, 2026 at 9:30 AM Faktumi Sprzedaż Customer Care <\nsprzedaz@faktumi.pl> wrote:\n"
     "> Hi", "Still waiting."),
    # Thunderbird
    ("Nadal nic.\n\nW dniu 03.09.2026 o 11:02, Faktumi Pomoc pisze:\n> Dzień dobry", "Nadal nic."),
    ("Жду ответа.\n\n03.09.2026 11:02, Faktumi Pomoc пишет:\n> Добрый день", "Жду ответа."),
    # Outlook / Apple Mail
    ("Nadal nic.\nDnia 3 września 2026 11:02 Faktumi Pomoc <pomoc@faktumi.pl> napisał(a):\n> Dzień dobry", "Nadal nic."),
    ("Nadal nic.\n\nWiadomość napisana przez Faktumi Pomoc <pomoc@faktumi.pl> w dniu 03.09.2026, o godz. 11:02:\n\n"
     "Dzień dobry", "Nadal nic."),
    ("Жду ответа.\n\n3 сент. 2026 г., в 11:02, Faktumi Pomoc <pomoc@faktumi.pl> написал(а):\n> Добрый день",
     "Жду ответа."),
    ("Nadal nic.\n\n________________________________\nOd: Faktumi Pomoc <pomoc@faktumi.pl>\n"
     "Wysłano: czwartek, 3 września 2026 11:02\nDo: Marta <marta.k@gmail.com>\nTemat: RE: Bank\n\nDzień dobry",
     "Nadal nic."),
    ("Жду ответа.\n\nОт: Faktumi Pomoc <pomoc@faktumi.pl>\nОтправлено: 3 сентября 2026 г. 11:02\nКому: Иван\n"
     "Тема: RE: НДС\n\nДобрый день", "Жду ответа."),
    ("Still waiting.\n\n-----Original Message-----\nFrom: Faktumi\nSent: Friday\n\nHi John", "Still waiting."),
    ("Nadal nic.\n\n-----Wiadomość oryginalna-----\nOd: Faktumi Pomoc\nDzień dobry", "Nadal nic."),
    ("Жду ответа.\n\n-------- Исходное сообщение --------\nОт: Faktumi\nДобрый день", "Жду ответа."),
])
def test_polish_and_russian_quote_headers_cut_the_quoted_message(body, own):
    assert strip_quoted(body) == own


@pytest.mark.parametrize("body", [
    # a customer's own sentence that merely mentions writing, a date or a time is not a quote header
    "W dniu 3.09.2026 napisałam do Was w sprawie faktury.\nNadal brak odpowiedzi.",
    "Dnia 5.09 Paulina napisała:\nproszę odnowić zgodę. Odnowiłam i nie działa.",
    "Wczoraj o 10:30 konsultant napisał:\nże to potrwa. Nadal czekam.",
    "Ваш бот в чате постоянно пишет:\n«Ошибка 21405». Что это значит?",
    "On Monday your agent wrote:\nit will be fixed. It is not.",
    "Od: poniedziałku nie działa import.\nProszę o pomoc.",
    "Dwa problemy:\n-- Eksport\n-- Import",                            # a list, not a signature
    "I tried again on Thursday, 3 Sep 2026 at 10:00 and nothing\nchanged since you wrote:\nrenew the consent.",
])
def test_the_customers_own_sentences_are_kept(body):
    assert strip_quoted(body) == body


# --- the public stripper, for other readers' message bodies ------------------------------------------------------

def test_strip_quoted_cleans_a_helpdesk_comment_body():
    import pipeline.ingest._mail as mail

    assert "strip_quoted" in mail.__all__
    macro = ("Can you at least turn off automatic reminders when the bank feed is down?\n\n"
             "> To renew the connection go to Settings → Bank → Renew consent\n> Best regards, The Faktumi Team\n\n"
             "-- Marta Kowalczyk, MK Design Studio, NIP 525-224-84-81, tel. +48 601 234 567")
    assert strip_quoted(macro) == "Can you at least turn off automatic reminders when the bank feed is down?"
    multi = "Import nie działa.\n\n--\nMarta Kowalczyk\nMK Design Studio\nNIP 525-224-84-81\ntel. +48 601 234 567"
    assert strip_quoted(multi) == "Import nie działa."
    assert strip_quoted("Dzięki, działa.\n-- Marta Kowalczyk") == "Dzięki, działa."
    # an export that lost the line breaks: the header run into the text, then "> …"
    flat = ("I reconnected on Monday. The reminders went out anyway. On Thu, 4 Sep 2026 at 11:02, Faktumi Support "
            "<pomoc@faktumi.pl> wrote: > Hello, under PSD2 rules … > Best regards, The Faktumi Team")
    assert strip_quoted(flat) == "I reconnected on Monday. The reminders went out anyway."
    assert strip_quoted("Thanks, fixed.\n\nPozdrawiamy,\nPaulina\nZespół Faktumi\ntel. 22 555 12 34") == "Thanks, fixed."


def test_strip_quoted_examples_run():
    import doctest

    import pipeline.ingest._mail as mail

    res = doctest.testmod(mail)
    assert res.attempted >= 4 and res.failed == 0


def test_a_mailbox_folder_named_after_the_customer_is_shown_without_the_name(tmp_path):
    """A team saves one customer's e-mails in "email/Marek Dąbrowski/": the folder named every quote's source."""
    box = tmp_path / "email" / "Marek Dąbrowski"
    box.mkdir(parents=True)
    (box / "01.eml").write_text("From: Marek Dąbrowski <marek.d@wp.pl>\nTo: kontakt@sofino.pl\nSubject: Zwrot\n"
                                "Date: Mon, 3 Aug 2026 09:00:00 +0200\nMessage-ID: <a1@wp.pl>\n\nChcę zwrócić fotel.\n",
                                encoding="utf-8")
    (box / "02.eml").write_text("From: Sofino <kontakt@sofino.pl>\nTo: marek.d@wp.pl\nSubject: Re: Zwrot\n"
                                "Date: Mon, 3 Aug 2026 10:00:00 +0200\nMessage-ID: <b2@sofino.pl>\nIn-Reply-To: <a1@wp.pl>\n\n"
                                "Prosimy o numer zamówienia.\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    shown = " ".join(res.records["source_file"]) + " ".join(res.records["doc_id"]) + " ".join(res.files["file"])
    assert "Dąbrowsk" not in shown and "Marek" not in shown
    assert res.records["source_file"].str.startswith("email/contact-").all()
