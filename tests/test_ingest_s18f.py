"""Session 18f ingest fixes: a call answered "<Name> speaking" ("Mówi Anna", "Анна, слушаю вас") finds its agent; VK's
extended names are one author; Meta's notices in Polish and Russian are quarantined; Teams' "started transcription" is
no title; one owner of role words; messy exports a researcher drops in."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest import IngestConfig, read_corpus


def _roles(tmp_path: Path) -> dict[str, str]:
    res = read_corpus(tmp_path, IngestConfig())
    return dict(zip(res.records["source_file"].str.split("/").str[-1] + " " + res.records["speaker"], res.records["role"]))


# --- 1. "<Name> speaking" opening a call or chat turn is the company's ------------------------------------------------

def test_a_call_answered_by_name_finds_its_agent_and_a_caller_naming_themself_is_none(tmp_path):
    # dogfood 17a's "Medicus Plus, good morning, Marta speaking." call had had no agent: her lines were a patient's
    (tmp_path / "calls").mkdir()
    calls = {
        "call_en.txt": ["Medicus Plus, good morning, Marta speaking.", "hi, I need to move my appointment to Friday",
                        "Sure, Friday at ten is free.", "great thanks"],
        "call_en2.txt": ["Anna speaking, how can I help?", "my card was charged twice", "I see it, it will be refunded.",
                         "ok"],
        "call_pl.txt": ["Mówi Anna, dzień dobry.", "dzień dobry, paczka nie doszła", "Proszę podać numer zamówienia.",
                        "SOF-1002"],
        "call_ru.txt": ["Анна, слушаю вас.", "у меня не проходит оплата картой", "Сейчас посмотрю, это сбой банка.",
                        "понятно"],
        # the caller names themself: the one asking for the order number is the agent, not the caller
        "call_pl2.txt": ["Dzień dobry, mówi Jan Kowalski, dzwonię w sprawie zamówienia.", "Proszę podać numer zamówienia.",
                         "SOF-1003, miało być wczoraj", "Już sprawdzam. Kurier dowiezie jutro."],
    }
    for name, turns in calls.items():
        (tmp_path / "calls" / name).write_text("".join(f"Speaker {1 + i % 2}: {t}\n" for i, t in enumerate(turns)),
                                               encoding="utf-8")
    roles = _roles(tmp_path)
    assert roles == {f"{n} Speaker {k}": ("agent" if (k == 1) != (n == "call_pl2.txt") else "customer")
                     for n in calls for k in (1, 2)}


# --- 4. Teams' "<name> started transcription" is the meeting's line, no title ----------------------------------------

def _docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    doc.save(str(path))


def test_teams_opening_notice_is_no_title_and_is_noted_without_the_name(tmp_path):
    # the dogfood 17c Teams interviews' "Ewa Lis started transcription" had been each record's meta_title
    (tmp_path / "interviews").mkdir()
    _docx(tmp_path / "interviews" / "pl03.docx", [
        "Wywiad pl03", "Ewa Lis rozpoczęła transkrypcję", "Ewa Lis   0:03", "Jak ocenia pani dostawę?",
        "Anna Nowak   0:10", "Kurier spóźnił się dwa dni.", "Ewa Lis   0:25", "A montaż?", "Anna Nowak   0:31",
        "Montaż był w porządku.", "Ewa Lis zatrzymała transkrypcję"])
    (tmp_path / "interviews" / "en01.txt").write_text(
        "Priya Raman started transcription\n\nPriya Raman   0:02\nHow was the delivery?\n\nTom Hale   0:09\n"
        "Late by a day.\n\nPriya Raman   0:20\nAnd the assembly?\n\nTom Hale   0:26\nFine.\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    rec = res.records.set_index("source_file")
    assert rec.loc["interviews/pl03.docx", "meta_title"].tolist() == ["Wywiad pl03"] * 4
    assert rec.loc["interviews/en01.txt", "meta_title"].tolist() == [""] * 4
    assert "transkrypcj" not in " ".join(res.records["text"]) and "transcription" not in " ".join(res.records["text"])
    reasons = dict(zip(res.files["file"], res.files["reason"]))
    assert "line 2 'rozpoczęła transkrypcję'" in reasons["interviews/pl03.docx"]
    assert "line 1 'started transcription'" in reasons["interviews/en01.txt"]
    assert "Ewa" not in reasons["interviews/pl03.docx"].split("title")[0] and "Priya" not in reasons["interviews/en01.txt"]


# --- 3. Meta's notices in Polish and Russian are quarantined, not a customer's words ------------------------------------

def _messenger(path: Path, title: str, owner: str, messages: list[tuple[str, str]]) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    msgs = [{"sender_name": who, "timestamp_ms": 1772000000000 + 60000 * i, "content": text}
            for i, (who, text) in enumerate(messages)][::-1]   # Meta writes the newest first
    path.write_text(json.dumps({"participants": [{"name": title}, {"name": owner}], "messages": msgs, "title": title},
                               ensure_ascii=False), encoding="utf-8")


def test_meta_notices_in_polish_and_russian_are_quarantined_with_their_reason(tmp_path):
    inbox = tmp_path / "your_facebook_activity" / "messages" / "inbox"
    _messenger(inbox / "annanowak_1" / "message_1.json", "Anna Nowak", "Sofino", [
        ("Anna Nowak", "Wiadomości i połączenia są zabezpieczone pełnym szyfrowaniem."),
        ("Anna Nowak", "Dzień dobry, sofa przyszła porysowana."), ("Sofino", "Przepraszamy, proszę o zdjęcia."),
        ("Anna Nowak", "Anna Nowak zareagowała 😡 na Twoją wiadomość"), ("Anna Nowak", "Anna Nowak wysłała załącznik."),
        ("Anna Nowak", "Anna Nowak cofnęła wysłanie wiadomości"), ("Anna Nowak", "Ta wiadomość została usunięta")])
    _messenger(inbox / "olga_2" / "message_1.json", "Ольга Ли", "Sofino", [
        ("Ольга Ли", "Сообщения и звонки защищены сквозным шифрованием."), ("Ольга Ли", "Где мой заказ?"),
        ("Sofino", "Уточним у курьера."), ("Ольга Ли", "Ольга Ли отреагировала 👍 на ваше сообщение"),
        ("Ольга Ли", "Ольга Ли отменила отправку сообщения"), ("Ольга Ли", "Данное сообщение удалено")])
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "WhatsApp Chat with Ola.txt").write_text(
        "12.05.2026, 14:30 - Wiadomości i połączenia są szyfrowane end-to-end. Nikt spoza tego czatu nie może ich "
        "czytać.\n12.05.2026, 14:32 - Ola: Kiedy dostawa?\n12.05.2026, 14:33 - Sofino: Jutro.\n"
        "12.05.2026, 14:34 - Ola: <Pominięto multimedia>\n12.05.2026, 14:35 - Ola: Ta wiadomość została usunięta\n",
        encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    assert sorted(res.records["text"]) == sorted(["Dzień dobry, sofa przyszła porysowana.", "Przepraszamy, proszę o zdjęcia.",
                                                  "Где мой заказ?", "Уточним у курьера.", "Kiedy dostawa?", "Jutro."])
    reasons = res.quarantine["reason"].tolist()
    assert len(reasons) == 12 and sum("Meta's notice" in r for r in reasons) == 5
    assert sum("encryption" in r for r in reasons) == 3 and sum("deleted message" in r for r in reasons) == 3


# --- 2. VK's extended names: one author across posts ----------------------------------------------------------------

def _vk(cid: int, from_id: int, post: int, text: str) -> dict:
    return {"id": cid, "from_id": from_id, "post_id": post, "owner_id": -2120, "date": 1791000000 + cid, "text": text}


def test_vk_extended_names_are_one_author_across_posts_and_files(tmp_path):
    import json

    (tmp_path / "social").mkdir()
    profiles = [{"id": 4411087, "first_name": "Ольга", "last_name": "Ли", "nickname": "Оля", "screen_name": "olga_li"}]
    groups = [{"id": 2120, "name": "Sofino", "screen_name": "sofino"}]
    # wall.getComments?extended=1 for two posts, saved as one list of responses
    (tmp_path / "social" / "vk_api.json").write_text(json.dumps([
        {"response": {"count": 2, "items": [_vk(501, 4411087, 102, "Доставка опоздала на час."),
                                            _vk(502, -2120, 102, "[id4411087|Ольга], извините!")],
                      "profiles": profiles, "groups": groups}},
        {"response": {"count": 1, "items": [_vk(601, 4411087, 103, "Опять опоздали, второй раз.")],
                      "profiles": profiles, "groups": groups}}], ensure_ascii=False), encoding="utf-8")
    # an export tool's CSV: the name with the nickname after it on one post, without on another
    (tmp_path / "social" / "vk_tool.csv").write_text(
        "id,from_id,author,post_id,text\n701,4411087,Ольга Ли (olga_li),104,Курьер не позвонил.\n"
        "702,4411087,Ольга Ли,105,И снова без звонка.\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    by = dict(zip(res.records["text"], zip(res.records["speaker"], res.records["role"])))
    assert {by[t] for t in ("Доставка опоздала на час.", "Опять опоздали, второй раз.", "Курьер не позвонил.",
                            "И снова без звонка.")} == {("Ольга Ли", "customer")}
    assert by["Ольга, извините!"] == ("Sofino", "brand")
    assert "olga_li" not in res.records.astype(str).to_string()


# --- 5. one owner of ingest's role words ------------------------------------------------------------------------------

def test_ingest_s_role_words_are_read_from_one_list():
    from pipeline.ingest import role_words
    from pipeline.ingest._config import INTERVIEWER_LABELS
    from pipeline.ingest._records import RoleMapper, company_label
    from pipeline.ingest._transcripts import GENERIC_LABEL

    cfg = IngestConfig()
    assert cfg.role_values == {r: list(role_words(r)) for r in ("customer", "agent", "bot", "brand")}
    assert [x.lower() for x in INTERVIEWER_LABELS] == list(role_words("interviewer")) == [
        x.lower() for x in cfg.interviewer_names]
    assert {company_label(f"Sofino {w.title()}") for w in role_words("support_name")} == {"agent"}
    assert {company_label(f"QuickBite {w}") for w in role_words("bot_name")} == {"bot"}
    assert all(GENERIC_LABEL.match(f"{w.title()} 2") for w in role_words("generic_label"))
    roles = RoleMapper(cfg)
    assert {roles.from_value(w) for w in role_words("agent")} == {"agent"}


# --- messy exports a researcher drops in ------------------------------------------------------------------------------

def _google_forms(path: Path, n: int = 24) -> None:
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Timestamp", "Email Address", "How did you hear about us?",
                    "What was the hardest part of getting started?", "Anything else you'd like to tell us?"])
        w.writerow(["2026/03/04 9:15:02 AM GMT+1", "ola.k@example.com", "Instagram",
                    "Choosing the fabric.\nThe samples took 2 weeks to arrive\nand one was the wrong colour.", "n/a"])
        for k in range(1, n):
            w.writerow([f"2026/03/{4 + k // 6:02d} {1 + k % 11}:{k:02d}:00 PM GMT+1", "", ("Instagram", "Friend", "Google")[k % 3],
                        f"Getting the delivery slot {k} days later than promised.",
                        ("n/a", "-", "", f"Please add colour option {k}.")[k % 4]])


def test_a_google_forms_export_s_open_questions_are_named_though_its_other_answers_are_fillers(tmp_path):
    # "Anything else?" is mostly "n/a" and "-": it had not read as an open question, and the fix offered was
    # text_columns = one of them (or the form's "Timestamp", long and never repeated, when the answers repeat)
    import pytest

    from pipeline.errors import InputError

    _google_forms(tmp_path / "surveys" / "Onboarding survey (Responses) - Form Responses 1.csv")
    with pytest.raises(InputError) as err:
        read_corpus(tmp_path, IngestConfig())
    assert ('survey_columns = ["What was the hardest part of getting started?", "Anything else you\'d like to tell us?"]'
            in str(err.value))


def test_a_google_forms_timestamp_with_its_zone_is_the_answers_time(tmp_path):
    # Google Forms writes "2026/03/04 9:15:02 AM GMT+1": it had been unread, kept as meta_timestamp only
    _google_forms(tmp_path / "surveys" / "form.csv")
    res = read_corpus(tmp_path, IngestConfig(survey_columns=["What was the hardest part of getting started?",
                                                             "Anything else you'd like to tell us?"]))
    first = res.records[res.records["line"] == 2]
    assert first["timestamp"].tolist() == ["2026-03-04T09:15:02+01:00"]
    assert first["text"].tolist() == ["Choosing the fabric. The samples took 2 weeks to arrive and one was the wrong colour."]
    assert (res.records["timestamp"] != "").all() and "meta_timestamp" not in res.records
    # the line after the three-line answer is the file's line 5
    assert res.records.loc[res.records["text"].str.startswith("Getting the delivery slot 1 "), "line"].tolist() == [5]


def test_a_telegram_message_forwarded_from_another_chat_is_no_one_s_words_here_and_replies_keep_their_parent(tmp_path):
    import json

    (tmp_path / "chats").mkdir()
    msgs = [{"id": 101, "type": "message", "date": "2026-03-06T10:00:00", "from": "Ольга Ли", "from_id": "user44",
             "text": "Где мой заказ 10088?"},
            {"id": 102, "type": "message", "date": "2026-03-06T10:05:00", "from": "Sofino Support", "from_id": "user7",
             "reply_to_message_id": 101, "text": "Заказ у курьера, доставка завтра."},
            {"id": 103, "type": "message", "date": "2026-03-06T10:07:00", "from": "Ольга Ли", "from_id": "user44",
             "forwarded_from": "СДЭК", "text": ["Ваш заказ ", {"type": "bold", "text": "1234-5678"},
                                               " будет доставлен 9 марта."]},
            {"id": 104, "type": "message", "date": "2026-03-06T10:08:00", "from": "Ольга Ли", "from_id": "user44",
             "reply_to_message_id": 102, "text": "СДЭК пишет 9 марта, а не завтра."}]
    (tmp_path / "chats" / "result.json").write_text(json.dumps(
        {"name": "Ольга Ли", "type": "personal_chat", "id": 51, "messages": msgs}, ensure_ascii=False), encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    # the courier's notice had been the customer's words (a delivery date she "said")
    assert res.records["text"].tolist() == ["Где мой заказ 10088?", "Заказ у курьера, доставка завтра.",
                                            "СДЭК пишет 9 марта, а не завтра."]
    assert res.records["role"].tolist() == ["customer", "agent", "customer"]
    assert res.records["parent_id"].tolist() == ["", "101", "102"]
    assert res.quarantine["reason"].tolist() == [
        "a forwarded message: another's words (a courier's notice, another chat's message), not its sender's"]


def test_a_zendesk_export_s_internal_notes_are_not_read_and_an_inline_image_is_quarantined_as_one(tmp_path):
    import csv

    (tmp_path / "chats").mkdir()
    with open(tmp_path / "chats" / "zendesk_export.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([
            ["Ticket ID", "Comment ID", "Created at", "Author", "Author role", "Public", "Body"],
            ["4411", "1", "2026-03-02 09:07:11", "Marta W.", "end-user", "true",
             "<p>Dzień dobry,</p><p>zamówienie <strong>#10023</strong> miało być we wtorek, a&nbsp;nadal nic.</p>"],
            ["4411", "2", "2026-03-02 10:15:40", "Kasia (Sofino)", "agent", "false",
             "<p>Internal: sprawdzić z DPD, paczka utknęła w Strykowie</p>"],
            ["4411", "3", "2026-03-02 10:20:02", "Kasia (Sofino)", "agent", "true", "<p>Kurier dowiezie ją w poniedziałek.</p>"],
            ["4411", "4", "2026-03-02 11:02:59", "Marta W.", "end-user", "true",
             '<p><img src="https://sofino.zendesk.com/attachments/token/abc/?name=IMG_2231.jpg"></p>'],
            ["4411", "5", "2026-03-02 11:03:30", "Marta W.", "end-user", "true",
             '<div>A odbiór osobisty?<div class="gmail_quote">W dniu pon., 2 mar 2026 o 10:20 Sofino &lt;pomoc@sofino.pl&gt; '
             'napisał(a):<blockquote>Kurier dowiezie'
             '</blockquote></div></div>']])
    res = read_corpus(tmp_path, IngestConfig())
    assert list(zip(res.records["role"], res.records["text"])) == [
        ("customer", "Dzień dobry, zamówienie #10023 miało być we wtorek, a nadal nic."),
        ("agent", "Kurier dowiezie ją w poniedziałek."), ("customer", "A odbiór osobisty?")]
    # the team's note had been an agent's turn (now counted in files.csv, as Intercom's notes are), a screenshot "only
    # quoted text or a signature", and a reply in a block opened inside another glued to the quote's attribution line,
    # kept as the customer's words
    assert list(zip(res.quarantine["line"], res.quarantine["reason"])) == [(5, "a file or image without text")]
    assert "1 internal note(s) not read (the customer never saw them)" in res.files["reason"].iloc[0]


def test_a_docx_interview_s_polish_labels_and_a_transcriber_s_notes(tmp_path):
    (tmp_path / "interviews").mkdir()
    _docx(tmp_path / "interviews" / "Wywiad_07.docx", [
        "Wywiad 07 – klientka, Łódź", "Badacz: Co było najtrudniejsze przy zamówieniu?",
        "Respondentka: Wybór tkaniny. [śmiech] Próbki szły dwa tygodnie.", "I jedna była w innym kolorze.",
        "Badacz: A dostawa?", "Respondentka: [niezrozumiałe]", "Badacz: Przepraszam, nie usłyszałem. A dostawa?",
        "Respondentka: Kurier nie zadzwonił (pauza) i zostawił awizo. Użyłam [aplikacji Sofino], żeby to zgłosić."])
    res = read_corpus(tmp_path, IngestConfig())
    said = list(zip(res.records["speaker"], res.records["role"], res.records["text"]))
    # the notes had been the respondent's words, "[niezrozumiałe]" a statement of its own
    assert said == [
        ("Badacz", "interviewer", "Co było najtrudniejsze przy zamówieniu?"),
        ("Respondentka", "customer", "Wybór tkaniny. Próbki szły dwa tygodnie. I jedna była w innym kolorze."),
        ("Badacz", "interviewer", "A dostawa?"),
        ("Badacz", "interviewer", "Przepraszam, nie usłyszałem. A dostawa?"),
        ("Respondentka", "customer", "Kurier nie zadzwonił i zostawił awizo. Użyłam [aplikacji Sofino], żeby to zgłosić.")]
    assert res.quarantine["reason"].tolist() == ["a transcriber's note without words ([niezrozumiałe])"]
    assert res.records["meta_title"].unique().tolist() == ["Wywiad 07 – klientka, Łódź"]
