"""Transcript formats: plain text (with/without timestamps), front matter, Otter/Teams headers,
Markdown, WebVTT, SubRip and .docx — exact turns, speakers, roles and times."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import IngestConfig, read_corpus
from pipeline.ingest._transcripts import parse_subtitles, parse_text_transcript

FIX = Path(__file__).parent / "fixtures" / "ingest" / "corpus"


@pytest.fixture(scope="module")
def res():
    return read_corpus(FIX, IngestConfig(brand_authors=["acme_official", "Acme Official"]))


def turns(res, name, cols=("speaker", "role", "media_time", "text")):
    d = res.records[res.records["source_file"] == f"interviews/{name}"]
    return [tuple(r) for r in d[list(cols)].itertuples(index=False)]


def quarantined(res, name):
    q = res.quarantine[res.quarantine["file"] == f"interviews/{name}"]
    return [(int(line) if line == line and line is not None else None, reason) for line, reason in zip(q["line"], q["reason"])]


def test_plain_speaker_lines_and_multiline_turns(res):
    assert turns(res, "plain.txt") == [
        ("Interviewer", "interviewer", "", "How did you hear about us?"),
        ("Anna", "customer", "", "From a friend."),
        ("Interviewer", "interviewer", "", "And then?"),
        ("Anna", "customer", "", "I visited the showroom. It was nice. I bought a sofa."),
    ]
    d = res.records[res.records["source_file"] == "interviews/plain.txt"]
    assert d["line"].tolist() == [1, 2, 3, 4]
    assert d["doc_id"].unique().tolist() == ["interview:interviews/plain.txt"]
    assert d["turn_index"].tolist() == [0, 1, 2, 3]
    assert set(d["channel"]) == {"interview"}


def test_bracketed_timestamps(res):
    assert turns(res, "brackets.txt") == [
        ("Moderator", "interviewer", "00:12:34", "Czy kupiła pani sofę?"),
        ("Kasia", "customer", "00:12:40", "Tak, w maju."),
        ("Moderator", "interviewer", "01:02:03", "Dlaczego?"),
        ("Kasia", "customer", "01:02:09", "Bo stara się rozpadła."),
    ]


def test_bare_timestamps_and_interviewer_guessed_from_questions(res):
    # "Ewa" is not a configured name: she is the interviewer because all her turns are questions.
    assert turns(res, "bare_ts.txt") == [
        ("Ewa", "interviewer", "00:01:02", "Jak długo czekała pani na dostawę?"),
        ("Marta", "customer", "00:01:10", "Osiem tygodni."),
        ("Ewa", "interviewer", "00:01:30", "Czy ktoś panią informował o opóźnieniu?"),
        ("Marta", "customer", "00:01:41", "Nie, sama dzwoniłam."),
    ]


def test_parenthesised_minute_timestamps_before_and_after_the_name(res):
    assert turns(res, "paren.txt") == [
        ("Olga", "interviewer", "00:12:34", "Вы довольны диваном?"),
        ("Иван", "customer", "00:12:50", "Да, очень."),
        ("Olga", "interviewer", "00:13:05", "А доставкой?"),
        ("Иван", "customer", "00:13:20", "Курьер опоздал на три часа."),
    ]


def test_front_matter_names_interviewer_and_becomes_metadata(res):
    d = res.records[res.records["source_file"] == "interviews/frontmatter.txt"]
    assert turns(res, "frontmatter.txt", ("speaker", "role", "text")) == [
        ("Tom", "interviewer", "Tell me about the delivery."),
        ("Priya", "customer", "The crew came late. They did not call before."),
        ("Tom", "interviewer", "Anything else?"),
        ("Priya", "customer", "The carrying fee surprised me!"),
    ]
    assert set(d["meta_segment"]) == {"expat"}
    assert set(d["meta_market"]) == {"DE"}          # quotes removed
    assert set(d["meta_participant"]) == {"P09"}
    assert set(d["timestamp"]) == {"2026-05-04"}    # the interview date
    assert d["line"].tolist() == [8, 9, 11, 12]     # lines in the file, front matter included


def test_otter_style_headers_with_text_on_following_lines(res):
    assert turns(res, "otter.txt") == [
        ("Speaker 1", "interviewer", "00:00:00", "Hi, thanks for joining. How are you?"),
        ("Speaker 2", "customer", "00:00:04", "Good, thanks. It was a long week."),
        ("Speaker 1", "interviewer", "00:01:10", "What happened?"),
        ("Speaker 2", "customer", "00:01:15", "My sofa arrived damaged."),
    ]


@pytest.mark.parametrize("footer, noted", [("Transcribed by https://otter.ai", "Transcribed by https://otter.ai"),
                                           ("(Transcribed by TurboScribe.ai. Go Unlimited to remove this message.)",
                                            "Transcribed by TurboScribe.ai"),
                                           ("Powered by Rev.com", "Powered by Rev.com")])
def test_a_transcription_tools_footer_is_not_the_last_speakers_words(tmp_path, footer, noted):
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "call.txt").write_text(
        "Maya Chen  0:03\nHow was it?\n\nDaniel Okafor  10:18\nFine, thanks. Bye.\n"
        f"Powered by coffee, honestly.\n\n{footer}\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    assert res.records["text"].tolist() == ["How was it?", "Fine, thanks. Bye. Powered by coffee, honestly."]
    assert res.files["reason"].tolist() == [f"the transcription tool's own line is not speech: line 8 '{noted}'"]


def test_note_and_url_inside_an_answer_are_not_speakers(res):
    assert turns(res, "inline_colon.txt", ("speaker", "text")) == [
        ("Interviewer", "What went wrong?"),
        ("Jo", "The legs were scratched. Note: I sent photos the same day. "
               "See https://example.com/photos for details."),
        ("Interviewer", "Did they reply?"),
        ("Jo", "After two weeks."),
    ]


def test_text_before_the_first_speaker_is_quarantined_with_its_line(res):
    assert turns(res, "orphans.txt", ("speaker", "role", "text")) == [
        ("Interviewer", "interviewer", "Shall we start?"),
        ("Lena", "customer", "Yes."),
    ]
    assert quarantined(res, "orphans.txt") == [
        (1, "text outside any speaker turn (no 'Speaker:' label before it)")]
    d = res.records[res.records["source_file"] == "interviews/orphans.txt"]
    assert d["record_index"].tolist() == [1, 2]   # the orphan block was input record 0
    assert d["turn_index"].tolist() == [0, 1]


def test_markdown_bold_labels_lists_and_headings(res):
    assert turns(res, "notes.md", ("speaker", "role", "text")) == [
        ("Interviewer", "interviewer", "What did you buy?"),
        ("Jan", "customer", "A corner sofa."),
        ("Interviewer", "interviewer", "Was delivery on time?"),
        ("Jan", "customer", "No, it was two weeks late."),
    ]
    d = res.records[res.records["source_file"] == "interviews/notes.md"]
    assert set(d["meta_title"]) == {"Interview 7 – Warsaw"}


def test_vtt_voice_tags_merge_consecutive_cues_and_keep_first_start(res):
    assert turns(res, "voices.vtt") == [
        ("Ewa", "interviewer", "00:00:01", "Dzień dobry, czy mnie słychać?"),
        ("Tomasz", "customer", "00:00:04", "Tak, słychać. Zamówiłem fotel w maju i czekałem dwa miesiące."),
        ("Ewa", "interviewer", "01:00:14", "Dlaczego tak długo?"),
    ]
    # the cue with a timing line but no text is an input record with empty text
    assert quarantined(res, "voices.vtt") == [(18, "empty text")]


def test_vtt_without_voice_tags_uses_name_prefixes_and_continues_unlabelled_cues(res):
    assert turns(res, "zoom.vtt") == [
        ("Ewa Nowak", "interviewer", "00:00:01", "How long did you wait?"),
        ("John", "customer", "00:00:02", "Six weeks. Then the crew came without calling."),
        ("Ewa Nowak", "interviewer", "00:00:08", "Did you complain?"),
    ]


def test_srt_with_name_prefixes_and_a_broken_block(res):
    assert turns(res, "subs.srt") == [
        ("Ewa", "interviewer", "00:00:01", "Jak oceniasz montaż?"),
        ("Ola", "customer", "00:00:03", "Instrukcja była niejasna. Brakowało śrub."),
    ]
    assert quarantined(res, "subs.srt") == [(15, "subtitle block without a valid 'start --> end' timing line; fix: write "
                                                 "it as '00:01:02,000 --> 00:01:05,500' (hours:minutes:seconds,milliseconds)")]


def test_docx_paragraphs_and_speaker_table(res):
    assert turns(res, "teams.docx", ("speaker", "role", "text")) == [
        ("Ankieterka", "interviewer", "Co było najtrudniejsze?"),
        ("Ola", "customer", "Montaż szafy. Trwał cały dzień."),
        ("Ankieterka", "interviewer", "Czy dzwoniła pani na infolinię?"),
        ("Ola", "customer", "Tak, czekałam 40 minut."),
    ]
    # the title paragraph "Wywiad 12" is the document's title, read into meta_title, not quarantined
    assert quarantined(res, "teams.docx") == []
    d = res.records[res.records["source_file"] == "interviews/teams.docx"]
    assert set(d["meta_title"]) == {"Wywiad 12"}
    f = res.files.set_index("file").loc["interviews/teams.docx"]
    assert (f["format"], f["encoding"], f["records_in"], f["records_ok"], f["quarantined"]) == ("docx", "docx", 4, 4, 0)
    assert f["reason"] == "line(s) 1 read as the document's title (meta_title), not speech"


def test_unlabelled_text_in_interviews_folder_becomes_paragraph_records(res):
    assert turns(res, "diary.txt", ("speaker", "role", "text")) == [
        ("", "customer", "Day 1. The sofa arrived today, two weeks late."),
        ("", "customer", "Day 2. The fabric looks darker than on the website. I am disappointed."),
    ]


def test_interviewer_from_config_names_and_speaker_roles_override():
    text = "Ola: Jak było?\nBartek: Dobrze.\nOla: A potem?\nBartek: Też dobrze.\n"
    cfg = IngestConfig(interviewer_names=["Bartek"])   # odd but explicit: config wins over the guess
    from pipeline.ingest._corpus import _transcript_roles
    from pipeline.ingest._records import RoleMapper

    tr = parse_text_transcript(text)
    assert _transcript_roles(tr.turns, {}, "interview", cfg, RoleMapper(cfg)) == {"Ola": "customer", "Bartek": "interviewer"}
    cfg2 = IngestConfig(speaker_roles={"ola": "other"})
    assert _transcript_roles(tr.turns, {}, "interview", cfg2, RoleMapper(cfg2)) == {"Ola": "other", "Bartek": "customer"}
    cfg3 = IngestConfig(guess_interviewer=False)
    assert _transcript_roles(tr.turns, {}, "interview", cfg3, RoleMapper(cfg3)) == {"Ola": "customer", "Bartek": "customer"}


def test_second_interviewer_who_mostly_asks_questions():
    text = ("Hannah: Hi, how are you?\nPriya: Fine, my sofa came late and I was angry about it.\n"
            "Piotr: Which model was it?\nPriya: The Lento, in green, the big one.\nHannah: And then?\n"
            "Piotr: Did you complain?\nPriya: Yes, twice, by phone and by e-mail.\n")
    from pipeline.ingest._corpus import _transcript_roles
    from pipeline.ingest._records import RoleMapper

    cfg = IngestConfig()
    tr = parse_text_transcript(text)
    roles = _transcript_roles(tr.turns, {"interviewer": "Hannah"}, "interview", cfg, RoleMapper(cfg))
    assert roles == {"Hannah": "interviewer", "Piotr": "interviewer", "Priya": "customer"}


def test_chat_transcript_in_text_form_maps_role_words():
    from pipeline.ingest._corpus import _transcript_roles
    from pipeline.ingest._records import RoleMapper

    cfg = IngestConfig()
    tr = parse_text_transcript("Bot: Hi! How can I help?\nKlient: Gdzie moja paczka?\nAgent 2: Sprawdzam.\n")
    assert _transcript_roles(tr.turns, {}, "chat", cfg, RoleMapper(cfg)) == {"Bot": "bot", "Klient": "customer", "Agent 2": "agent"}


def test_front_matter_yaml_list_and_separator_that_is_not_front_matter():
    tr = parse_text_transcript("---\ninterviewers:\n  - Ewa\n  - Tom\nsegment: expat\n---\nEwa: Hi?\nJo: Hi.\n")
    assert tr.front == {"interviewers": "Ewa, Tom", "segment": "expat"}
    tr = parse_text_transcript("---\nJust a line of text here\n---\nEwa: Hi?\nJo: Hi.\n")
    assert tr.front == {}
    assert [t.speaker for t in tr.turns] == ["Ewa", "Jo"]


def test_subtitle_cue_with_two_voices_is_split():
    tr = parse_subtitles("WEBVTT\n\n00:01.000 --> 00:03.000\n<v A>Hello?</v>\n<v B>Hi.</v>\n")
    assert [(t.speaker, t.text, t.media_time) for t in tr.turns] == [("A", "Hello?", "00:00:01"), ("B", "Hi.", "00:00:01")]


def test_unlabelled_subtitles_merge_until_sentence_end():
    tr = parse_subtitles("1\n00:00:01,000 --> 00:00:02,000\nwe ordered a sofa\n\n"
                         "2\n00:00:02,000 --> 00:00:03,000\nin May.\n\n3\n00:00:04,000 --> 00:00:05,000\nIt came late.\n")
    assert [(t.speaker, t.text, t.media_time) for t in tr.turns] == [
        ("", "we ordered a sofa\nin May.", "00:00:01"), ("", "It came late.", "00:00:04")]


def test_transcript_exported_as_csv_one_row_per_turn(res):
    assert turns(res, "rev_export.csv") == [
        ("Interviewer", "interviewer", "00:00:01", "How was the delivery?"),
        ("Maja", "customer", "00:00:05", "Late, very late."),
        ("Interviewer", "interviewer", "00:01:10", "Why?"),
        ("Maja", "customer", "", "No call."),
    ]
    d = res.records[res.records["source_file"] == "interviews/rev_export.csv"]
    assert d["doc_id"].unique().tolist() == ["interview:interviews/rev_export.csv"]
    assert d["meta_start_time"].tolist() == ["", "", "", "xx"]     # an unreadable time is kept as metadata
    assert quarantined(res, "rev_export.csv") == [(5, "empty text")]


def test_whatsapp_style_export_lines_carry_clock_time_not_media_time():
    tr = parse_text_transcript(
        "12.05.2026, 14:32 - Messages and calls are end-to-end encrypted.\n"
        "12.05.2026, 14:32 - Ola: Hej, sofa dotarła!\n"
        "12.05.2026, 14:33 - Ewa: Super, jak wrażenia?\n"
        "[5/12/26, 2:34:10 PM] Ola: Fajna, ale noga porysowana.\n")
    assert [(t.speaker, t.text, t.timestamp, t.media_time, t.line) for t in tr.turns] == [
        ("Ola", "Hej, sofa dotarła!", "2026-05-12T14:32:00", "", 2),
        ("Ewa", "Super, jak wrażenia?", "2026-05-12T14:33:00", "", 3),
        ("Ola", "Fajna, ale noga porysowana.", "2026-05-12T14:34:10", "", 4),
    ]
    assert tr.orphans == [(1, "the chat app's notice of end-to-end encryption (a system line, no one's words)")]


def _read_one(tmp_path, name: str, body: str):
    folder = tmp_path / "interviews"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    return read_corpus(tmp_path, IngestConfig())


def test_only_the_interviewer_labelled_the_unlabelled_answers_are_the_participants(tmp_path):
    """Read as continuation lines, every answer was the interviewer's and left out of the analysis."""
    res = _read_one(tmp_path, "one_sided.txt",
                    "Interviewer: How did you find us?\nI saw an ad on Instagram.\nThen my sister had a sofa from them.\n\n"
                    "Interviewer: And then?\nI ordered samples, they took two weeks.\n\n"
                    "Prowadząca: A dostawa?\nSpóźniona, nikt nie zadzwonił.\n")
    d = res.records
    assert list(zip(d["role"], d["text"], d["line"])) == [
        ("interviewer", "How did you find us?", 1),
        ("customer", "I saw an ad on Instagram. Then my sister had a sofa from them.", 2),
        ("interviewer", "And then?", 5),
        ("customer", "I ordered samples, they took two weeks.", 6),
        ("interviewer", "A dostawa?", 8),
        ("customer", "Spóźniona, nikt nie zadzwonił.", 9),
    ]
    assert "only the interviewer is labelled" in res.files.loc[0, "reason"]
    assert res.files.loc[0, "records_in"] == 6 and res.quarantine.empty
    # the answers have a speaker, so their quotes carry a pseudonym like everyone else's
    assert d.loc[d["role"] == "customer", "speaker"].unique().tolist() == ["Participant"]
    named = _read_one(tmp_path / "n", "named.txt", "---\nparticipant: Oksana\n---\nInterviewer: How did you find us?\nAn ad.\n")
    assert named.records["speaker"].tolist() == ["Interviewer", "Oksana"]


def test_one_unnamed_labelled_speaker_who_asks_is_the_interviewer(tmp_path):
    res = _read_one(tmp_path, "anna.txt", "Anna: How did you find us?\nAn ad on Instagram.\n"
                                          "Anna: What happened next?\nI ordered samples.\nAnna: Thanks!\n")
    assert res.records["role"].tolist() == ["interviewer", "customer", "interviewer", "customer", "interviewer"]
    assert res.records["text"].tolist()[1::2] == ["An ad on Instagram.", "I ordered samples."]


@pytest.mark.parametrize("body, expected", [
    # both sides labelled: an unlabelled line continues its speaker's turn
    ("Interviewer: How did you find us?\nAnna: From a friend.\nShe has the same sofa.\nInterviewer: And then?\n",
     [("interviewer", "How did you find us?"), ("customer", "From a friend. She has the same sofa."),
      ("interviewer", "And then?")]),
    # one labelled speaker who does not ask: a diary, not an interview with unlabelled answers
    ("Marta: Today the sofa came.\nThe courier was late.\nMarta: I assembled it alone.\nIt took two hours.\n",
     [("customer", "Today the sofa came. The courier was late."), ("customer", "I assembled it alone. It took two hours.")]),
    # the label on its own line, the question below it: the line is still the interviewer's
    ("Interviewer:\nHow did you find us?\n\nAnna: From a friend.\n",
     [("interviewer", "How did you find us?"), ("customer", "From a friend.")]),
])
def test_continuation_lines_stay_with_their_turn_otherwise(tmp_path, body, expected):
    res = _read_one(tmp_path, "t.txt", body)
    assert "only the interviewer" not in str(res.files.loc[0, "reason"])
    assert list(zip(res.records["role"], res.records["text"])) == expected


def test_a_forgotten_label_between_two_turns_of_one_speaker_goes_to_the_other_speaker(tmp_path):
    """Read as written, the interviewer's question was Anna's and her answer to "Why Sofino?" the interviewer's."""
    res = _read_one(tmp_path, "p01.txt",
                    "Interviewer: How did you find us?\nAnna: An ad on Instagram.\nIt looked nice.\n"
                    "And how did you pay?\nAnna: BLIK, it failed twice.\n"
                    "Interviewer: Why Sofino?\nThe price, mostly.\nInterviewer: Anything else?\nAnna: No.\n")
    d = res.records
    assert list(zip(d["role"], d["text"], d["line"])) == [
        ("interviewer", "How did you find us?", 1),
        ("customer", "An ad on Instagram. It looked nice.", 2),
        ("interviewer", "And how did you pay?", 4),
        ("customer", "BLIK, it failed twice.", 5),
        ("interviewer", "Why Sofino?", 6),
        ("customer", "The price, mostly.", 7),
        ("interviewer", "Anything else?", 8),
        ("customer", "No.", 9),
    ]
    assert "2 unlabelled line(s) between two turns of one speaker" in res.files.loc[0, "reason"]
    assert res.files.loc[0, "records_in"] == 8 and res.quarantine.empty


@pytest.mark.parametrize("body", [
    # the next labelled turn is the other speaker's: an ordinary continuation
    "Interviewer: How did you find us?\nAnna: An ad.\nWas it on Instagram? Yes, I think so?\nInterviewer: OK.\n",
    # two participants: whose line it is cannot be told
    "Interviewer: Hi both.\nAnna: Hi.\nWhat about you?\nAnna: Sorry, go on.\nMarek: Hi.\n",
])
def test_an_unlabelled_line_is_reassigned_only_where_it_is_plain_whose(tmp_path, body):
    res = _read_one(tmp_path, "t.txt", body)
    assert "missing label" not in str(res.files.loc[0, "reason"])
    assert len(res.records) == body.count(":")


def test_whatsapp_exports_read_as_chats_with_the_support_account_as_agent(tmp_path):
    chats = tmp_path / "chats"
    chats.mkdir()
    (chats / "WhatsApp Chat z Anna.txt").write_text(
        "03.08.2026, 09:12 - Wiadomości i połączenia są szyfrowane end-to-end.\n"
        "03.08.2026, 09:12 - Anna Wiśniewska: Dzień dobry, kiedy dostawa sofy?\n"
        "03.08.2026, 09:15 - Sofino Obsługa: Dzień dobry! Proszę o numer zamówienia.\n"
        "03.08.2026, 09:16 - Anna Wiśniewska: SOF-2026-101877\nCzekam już 8 tygodni.\n"
        "03.08.2026, 09:20 - Anna Wiśniewska: <Pominięto multimedia>\n", encoding="utf-8")
    (chats / "tom.txt").write_text("[8/3/26, 9:12:00 AM] Tom: Hi, where is my sofa?\n"
                                   "[8/3/26, 9:15:10 AM] Sofino Support: Hello! Checking now.\n"
                                   "[8/3/26, 9:16:02 AM] Tom: <Media omitted>\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig(), key=b"k" * 32)
    d = res.records
    anna = "chats/WhatsApp Chat z contact-66cfa951.txt"   # a first name alone in a file name is hidden too
    assert list(zip(d["source_file"], d["role"], d["text"])) == [
        (anna, "customer", "Dzień dobry, kiedy dostawa sofy?"),
        (anna, "agent", "Dzień dobry! Proszę o numer zamówienia."),
        (anna, "customer", "SOF-2026-101877 Czekam już 8 tygodni."),
        ("chats/contact-77e2dcc1.txt", "customer", "Hi, where is my sofa?"),   # Tom's name hidden (as written)
        ("chats/contact-77e2dcc1.txt", "agent", "Hello! Checking now."),
    ]
    assert d["timestamp"].iloc[0] == "2026-08-03T09:12:00"
    media = res.quarantine[res.quarantine["reason"].str.contains("without text")]
    assert sorted(media["file"]) == [anna, "chats/contact-77e2dcc1.txt"]
    # an iPhone's export opens attachment lines with a left-to-right mark; they are still new turns
    (chats / "_chat.txt").write_text("[03.08.26, 09:12:00] Anna: Gdzie moja sofa?\n"
                                     "\u200e[03.08.26, 09:13:00] Anna: \u200eimage omitted\n"
                                     "[03.08.26, 09:15:00] Sofino Obsługa: Sprawdzam.\n"
                                     "\u200e[03.08.26, 09:16:00] Anna: \u200e<attached: 00000012-PHOTO-2026-08-03.jpg>\n",
                                     encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    ios = res.records[res.records["source_file"] == "chats/_chat.txt"]
    assert list(zip(ios["role"], ios["text"])) == [("customer", "Gdzie moja sofa?"), ("agent", "Sprawdzam.")]
    assert res.quarantine.loc[res.quarantine["file"] == "chats/_chat.txt", "line"].tolist() == [2, 4]
    # in an interview a "support" word in a name is not a role: only chats read it
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "i.txt").write_text("Interviewer: Who helped you?\nKasia Support: The chat.\n",
                                                   encoding="utf-8")
    d = read_corpus(tmp_path, IngestConfig()).records
    assert d.loc[d["source_file"] == "interviews/i.txt", "role"].tolist() == ["interviewer", "customer"]
