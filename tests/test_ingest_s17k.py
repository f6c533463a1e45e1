"""Session 17k: a short-stay apartments dogfood (17b): WhatsApp exporters, chat system lines, Booking / TripAdvisor
columns, Airbnb's host, review titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import IngestConfig, read_corpus


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _roles(res, file_part: str) -> list[tuple[str, str]]:
    d = res.records[res.records["source_file"].str.contains(file_part, regex=False)]
    return list(zip(d["role"], d["text"]))


# --- WhatsApp: the exporting account is the company's ------------------------------------------------------------

@pytest.mark.parametrize("name,guest", [
    ("WhatsApp Chat with Anna Nowak.txt", "Anna Nowak"),
    ("Czat WhatsApp z Anna Nowak.txt", "Anna Nowak"),
    ("Чат WhatsApp с Dmitry Sokolov.txt", "Дмитрий Sokolov"),   # saved in one script, writing in another
    ("WhatsApp Chat with +48 673 158 962.txt", "+48 673 158 962"),
])
def test_the_speaker_a_whatsapp_export_is_not_named_after_is_its_exporter_the_agent(tmp_path, name, guest):
    """Dogfood 17b #1: both speakers had been customers, so the host's key-box code and Wi-Fi password named themes."""
    _write(tmp_path / "chats" / name,
           f"12/03/2026, 14:05 - {guest}: Dzień dobry, czy jest parking w pobliżu?\n"
           "12/03/2026, 14:20 - Stare Miasto Apartments: The key box code is 1357.\n"
           f"12/03/2026, 23:41 - {guest}: Kod nie działa, stoimy pod drzwiami\n")
    res = read_corpus(tmp_path, IngestConfig())
    assert [r for r, _ in _roles(res, "chats/")] == ["customer", "agent", "customer"]
    assert "exporting account" in res.files.loc[0, "reason"]


def test_a_business_with_a_long_contact_name_keeps_its_turns(tmp_path):
    """A contact name over 40 characters had made its lines 'the chat app's own' and quarantined them (reviewer)."""
    long = "Stare Miasto Apartments Kraków Rezerwacje i Recepcja"
    _write(tmp_path / "chats" / "WhatsApp Chat with Anna Nowak.txt",
           "12/03/2026, 14:05 - Anna Nowak: Dzień dobry, czy jest parking?\n"
           f"12/03/2026, 14:20 - {long}: Tak, na podwórzu.\n")
    res = read_corpus(tmp_path, IngestConfig())
    assert _roles(res, "chats/") == [("customer", "Dzień dobry, czy jest parking?"), ("agent", "Tak, na podwórzu.")]


def test_a_support_named_account_stays_the_agent_rather_than_the_exporter(tmp_path):
    _write(tmp_path / "chats" / "WhatsApp Chat with Sofino Support.txt",
           "12/03/2026, 14:05 - Anna Nowak: Gdzie moja sofa?\n12/03/2026, 14:20 - Sofino Support: Sprawdzam.\n")
    res = read_corpus(tmp_path, IngestConfig())
    assert _roles(res, "chats/") == [("customer", "Gdzie moja sofa?"), ("agent", "Sprawdzam.")]


def test_a_chat_named_after_no_one_takes_the_exporter_of_the_folders_other_chats(tmp_path):
    """A group chat or a renamed export: the account that exported the folder's named chats exported it too."""
    chats = tmp_path / "chats"
    _write(chats / "WhatsApp Chat with Ola.txt", "12/03/2026, 14:05 - Ola: Hi\n12/03/2026, 14:06 - Kasia Nowicka: Hello!\n")
    _write(chats / "_chat.txt", "[12.03.2026, 14:05:00] Tom Baker: Is there a lift?\n"
                                "[12.03.2026, 14:09:00] Kasia Nowicka: No, 3rd floor, sorry.\n")
    _write(chats / "Rodzina Nowak.txt", "12/03/2026, 14:05 - Ewa: Hej\n12/03/2026, 14:06 - Adam: Hej\n"
                                        "12/03/2026, 14:07 - Kasia Nowicka: Witamy!\n")
    res = read_corpus(tmp_path, IngestConfig())
    assert _roles(res, "_chat.txt") == [("customer", "Is there a lift?"), ("agent", "No, 3rd floor, sorry.")]
    assert [r for r, _ in _roles(res, "Rodzina")] == ["customer", "customer", "agent"]


def test_a_speaker_of_every_chat_export_in_a_folder_is_its_exporter(tmp_path):
    chats = tmp_path / "chats"
    _write(chats / "a.txt", "12/03/2026, 14:05 - Tom: Hi, is there parking?\n12/03/2026, 14:06 - Marta: Yes.\n")
    _write(chats / "b.txt", "12/03/2026, 14:05 - Ewa: Hej, jest winda?\n12/03/2026, 14:06 - Marta: Nie ma.\n")
    res = read_corpus(tmp_path, IngestConfig())
    assert res.records["role"].tolist() == ["customer", "agent", "customer", "agent"]
    # one export alone says nothing of who exported it
    res = read_corpus(chats / "a.txt", IngestConfig())
    assert set(res.records["role"]) == {"customer"}


@pytest.mark.parametrize("line,why", [
    ("12/04/2026, 09:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
     "can read or listen to them. Tap to learn more.", "end-to-end encryption"),
    ("[06.06.2026, 09:00:00] Stare Miasto Apartments: \u200eMessages and calls are end-to-end encrypted. No one outside "
     "of this chat, not even WhatsApp, can read or listen to them.", "end-to-end encryption"),
    ("[25.04.2026, 23:19:00] Anna Nowak: \u200eThis message was deleted.", "deleted message"),
    ("25/04/2026, 23:19 - Anna Nowak: Ta wiadomość została usunięta", "deleted message"),
    ("25/04/2026, 23:19 - Anna Nowak: Это сообщение удалено", "deleted message"),
    ("25/04/2026, 23:19 - Stare Miasto Apartments: You deleted this message", "deleted message"),
    ("25/04/2026, 23:19 - Anna Nowak added Tom", "chat app's own line"),
])
def test_a_chat_apps_system_lines_are_quarantined_with_their_reason_not_customer_text(tmp_path, line, why):
    """Dogfood 17b #1 / #6: 'This message was deleted' had joined a pain-point theme, the iPhone's encryption notice
    had been a message; a dated line without a speaker had gone on with the turn before it."""
    _write(tmp_path / "chats" / "WhatsApp Chat with Anna Nowak.txt",
           "12/04/2026, 08:59 - Anna Nowak: Dzień dobry\n" + line.replace("[", "\u200e[", 0) + "\n"
           "12/04/2026, 09:03 - Anna Nowak: Czy jest parking?\n"
           "12/04/2026, 09:28 - Stare Miasto Apartments: Tak.\n")
    res = read_corpus(tmp_path, IngestConfig())
    assert _roles(res, "chats/") == [("customer", "Dzień dobry"), ("customer", "Czy jest parking?"), ("agent", "Tak.")]
    assert len(res.quarantine) == 1 and why in res.quarantine.loc[0, "reason"]


def test_a_dated_line_outside_a_chat_export_is_text():
    from pipeline.ingest._transcripts import parse_text_transcript

    tr = parse_text_transcript("Interviewer: When was it?\nAnna: Let me check.\n12.05.2026, 14:32 - we met the courier.\n")
    assert not tr.chat_export and tr.turns[-1].text == "Let me check.\n12.05.2026, 14:32 - we met the courier."


# --- Airbnb: the host answers for the company ----------------------------------------------------------------------

def test_airbnb_messages_hosts_are_the_agent(tmp_path):
    """Dogfood 17b: sender_role 'host' had been 'other' (unknown value), neither the company's nor the guest's."""
    _write(tmp_path / "chats" / "airbnb_messages.csv",
           "thread_id,sent_at,sender_role,sender_name,message\n"
           "air-1,2026-04-01 10:53,guest,Jack T.,Can we check in early?\n"
           "air-1,2026-04-01 13:37,host,Marta,\"Yes, that should be fine.\"\n"
           "air-1,2026-04-01 13:40,co-host,Kasia,I'll confirm the day before.\n")
    res = read_corpus(tmp_path, IngestConfig())
    assert res.records["role"].tolist() == ["customer", "agent", "agent"]


# --- Booking.com and TripAdvisor review exports ----------------------------------------------------------------------

def test_booking_reviews_liked_disliked_score_and_property_reply(tmp_path):
    """Dogfood 17b #8: the run had stopped on Liked / Disliked, 'Review score' had been meta_review_score (no rating)
    and the property's reply a column of metadata."""
    _write(tmp_path / "reviews" / "booking.csv",
           "Guest name,Review date,Review score,Review title,Liked,Disliked,Property reply\n"
           "Olena K,2026-04-01,4,Not good,Location is great.,The key box code did not work.,Sorry about that!\n"
           "Tom Z,2026-04-06,10,Polecam,Spotless apartment.,-,\n")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records
    # the title is the headline of the review's first part, the pros of a review without a body (s17k #9, s17t)
    assert list(zip(d["meta_review_part"], d["role"], d["text"])) == [
        ("pros", "customer", "Not good. Location is great."), ("cons", "customer", "The key box code did not work."),
        ("reply", "brand", "Sorry about that!"), ("pros", "customer", "Polecam. Spotless apartment.")]
    assert d["meta_title"].tolist() == ["Not good"] * 3 + ["Polecam"]
    assert d["rating_raw"].tolist() == ["4", "4", "4", "10"] and "meta_review_score" not in d
    # a score is the rating of the review's text, a title alone here (a pro or con takes none), on the file's 1-10 scale
    _write(tmp_path / "reviews" / "booking.csv", "Review score,Review title,Liked\n4,Not good,\n10,Polecam,Clean.\n")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert d["text"].tolist() == ["Not good", "Polecam. Clean."] and d["rating"].tolist()[0] == pytest.approx(1 / 3)


@pytest.mark.parametrize("pros,cons", [("Positive review", "Negative review"), ("Co się podobało", "Co się nie podobało"),
                                       ("Понравилось", "Не понравилось")])
def test_booking_pros_and_cons_in_other_words_and_languages(tmp_path, pros, cons):
    _write(tmp_path / "reviews" / "b.csv", f"Review score,{pros},{cons}\n8,Czysto,Głośno w nocy\n")
    res = read_corpus(tmp_path, IngestConfig())
    assert res.records["meta_review_part"].tolist() == ["pros", "cons"]


def test_tripadvisor_bubble_rating_and_management_response(tmp_path):
    _write(tmp_path / "reviews" / "ta.csv",
           "Reviewer,Bubble rating,Review title,Review text,Management response\n"
           "EmilyH80,2,Not as expected,No lift and a loud bar.,Thank you for your review.\n")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert d["role"].tolist() == ["customer", "brand"] and d["rating"].tolist()[0] == 0.25


def test_a_pair_of_liked_and_disliked_columns_of_any_name_is_read_whole(tmp_path):
    """The error had suggested text_columns = ["Disliked"], which drops every praise: a review file with a column and
    its negation and no text column reads both; elsewhere the error names both."""
    _write(tmp_path / "reviews" / "r.csv", "score,What guests liked,What guests disliked\n9,Quiet street,Small boiler\n")
    assert read_corpus(tmp_path, IngestConfig()).records["text"].tolist() == ["Quiet street", "Small boiler"]
    from pipeline.errors import InputError
    from pipeline.ingest import read_table

    table = _write(tmp_path / "t.csv", "id,Good things,No good things\n1,Quiet street,Small boiler\n")
    with pytest.raises(InputError, match=r"pros = \[\"Good things\"\] and cons = \[\"No good things\"\]"):
        read_table(table)


def test_a_rating_like_column_not_read_as_the_rating_is_named_in_files_csv(tmp_path):
    _write(tmp_path / "reviews" / "r.csv", "Rating,Cleanliness score,Review\n5,9,Lovely\n4,7,Fine\n")
    res = read_corpus(tmp_path, IngestConfig())
    assert "'Cleanliness score' look like a rating and are kept as metadata only" in res.files.loc[0, "reason"]


# --- a review's title is its headline ---------------------------------------------------------------------------------

def test_a_reviews_title_opens_its_text_and_is_the_headline_of_its_records(tmp_path):
    """Dogfood 17b #9: 'Lovely apartment' (13 documents) had been the map's top praise theme, made of Booking titles,
    and TripAdvisor's 'Nice flat, some issues' had been cut off its body as praise. The title opens the text (the
    segment stage keeps it with the first sentence, tests/test_ingest_s17t.py) and is meta_title of every record."""
    _write(tmp_path / "reviews" / "ta.csv",
           "Reviewer,Bubble rating,Review title,Review text\n"
           "EmilyH80,3,\"Nice flat, some issues\",But we were surprised by a cleaning fee at checkout.\n"
           "LiamG65,5,Would stay again,\n")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records
    assert list(zip(d["meta_title"], d["text"])) == [
        ("Nice flat, some issues", "Nice flat, some issues. But we were surprised by a cleaning fee at checkout."),
        ("Would stay again", "Would stay again")]   # a title alone is the review's words
    assert "'Review title' read as each review's headline" in res.files.loc[0, "reason"]
