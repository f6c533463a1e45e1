"""Property tests: parsers never raise on arbitrary bytes / text, and every input record is
either a record or a quarantine row (records_in == records_ok + quarantined)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.ingest import IngestConfig, decode_bytes, detect_encoding, read_corpus
from pipeline.ingest._mail import strip_quoted
from pipeline.ingest._records import clean_text
from pipeline.ingest._transcripts import parse_subtitles, parse_text_transcript

SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks a bit like transcripts: labels, colons, timestamps, arrows, tags, newlines.
_pieces = st.sampled_from(["Ewa: ", "Jan:", "[00:12:34] ", "00:01 ", "(12:34) ", " --> ", "<v A>", "</v>", "\n",
                           "\n\n", "---\n", "key: value\n", "**Ann:** ", "# H\n", "?", "WEBVTT\n", "1\n",
                           "00:00:01,000 --> 00:00:02,000\n", "ą", "ж", "\x00", "\ufeff", "\r\n"])
transcript_text = st.lists(st.one_of(_pieces, st.text(max_size=20)), max_size=40).map("".join)


@SETTINGS
@given(transcript_text)
def test_text_parsers_never_raise(text):
    for md in (False, True):
        tr = parse_text_transcript(text, markdown=md)
        n_lines = len(text.splitlines())
        for t in tr.turns:
            assert 1 <= t.line <= max(1, n_lines)
        for line, _ in tr.orphans:
            assert 1 <= line <= max(1, n_lines)
    parse_subtitles(text)


@SETTINGS
@given(st.binary(max_size=2000))
def test_decoding_never_raises(data):
    enc = detect_encoding(data)
    text, enc2 = decode_bytes(data)
    assert enc == enc2 and isinstance(text, str)


def _check_accounting(res):
    f = res.files
    assert (f["records_in"] == f["records_ok"] + f["quarantined"]).all()
    ok = res.records.groupby("source_file").size()
    q = res.quarantine.groupby("file").size()
    for row in f.itertuples():
        assert ok.get(row.file, 0) == row.records_ok
        assert q.get(row.file, 0) == row.quarantined
    assert (res.records["text"].str.len() > 0).all()


@SETTINGS
@given(st.binary(max_size=1500), st.sampled_from(
    ["interviews/a.txt", "interviews/a.md", "interviews/a.vtt", "interviews/a.srt", "chats/a.csv", "reviews/a.tsv",
     "social/a.json", "chats/a.jsonl", "interviews/a.docx", "a.csv", "a.json"]))
def test_any_bytes_in_any_file_never_crash_and_records_add_up(data, name):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        try:
            res = read_corpus(Path(d), IngestConfig())
        except InputError as exc:
            # allowed: a table without a recognisable text column, or nothing readable at all
            assert "no text column" in str(exc) or "no readable files" in str(exc)
            return
        _check_accounting(res)


_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["c1", "c2", ""]), st.sampled_from(["customer", "agent", "bot", "", "xyz"]),
                          _cell), max_size=40),
       st.sampled_from([",", ";", "\t"]))
def test_chat_csv_every_row_is_a_record_or_quarantined(rows, delim):
    buf = io.StringIO()
    # "\r\n" line ends make the writer quote any field holding "\r" or "\n" (valid CSV).
    w = csv.writer(buf, delimiter=delim, lineterminator="\r\n")
    w.writerow(["conversation_id", "author_type", "message"])
    w.writerows(rows)
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "chats").mkdir()
        (Path(d) / "chats" / "x.csv").write_bytes(buf.getvalue().encode("utf-8"))
        res = read_corpus(Path(d), IngestConfig(csv_delimiter="\\t" if delim == "\t" else delim))
        _check_accounting(res)
        # Rows that are blank in every field are not records; every other row is accounted for. A message
        # loses quoted lines and a signature as an e-mail does (strip_quoted).
        own = [clean_text(strip_quoted(r[2])) for r in rows]
        expected_texts = [t for t in own if t]
        assert res.records["text"].tolist() == expected_texts
        assert res.files["records_in"].iloc[0] >= len(expected_texts)
        assert res.files["records_in"].iloc[0] <= len(rows)
        roles = {"customer": "customer", "agent": "agent", "bot": "bot", "": "customer", "xyz": "other"}
        assert res.records["role"].tolist() == [roles[r[1]] for r, t in zip(rows, own) if t]


@SETTINGS
@given(st.lists(st.one_of(st.fixed_dictionaries({"text": _cell, "stars": st.integers(1, 5)}),
                          st.integers(), st.text(max_size=5)), max_size=25))
def test_jsonl_every_line_is_a_record_or_quarantined(items):
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "reviews").mkdir()
        lines = [json.dumps(x) for x in items] + ["{broken"]
        (Path(d) / "reviews" / "x.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        res = read_corpus(Path(d), IngestConfig())
        _check_accounting(res)
        assert res.files["records_in"].iloc[0] == len(items) + 1
        dicts = [x for x in items if isinstance(x, dict) and clean_text(x["text"])]
        assert res.records["text"].tolist() == [clean_text(x["text"]) for x in dicts]
        assert res.records["rating_raw"].tolist() == [str(x["stars"]) for x in dicts]
        assert res.records["rating"].tolist() == [(x["stars"] - 1) / 4 for x in dicts]   # inferred 1..5 scale


_name = st.sampled_from(["Ewa", "Jan Kowalski", "Оксана", "P1"])
_utt = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters=" ,.!?"),
               min_size=1, max_size=40).filter(lambda s: clean_text(s))


@SETTINGS
@given(st.lists(st.tuples(_name, _utt), min_size=1, max_size=20), st.booleans())
def test_generated_transcripts_round_trip(turns, stamped):
    lines = [(f"[00:{i // 60:02d}:{i % 60:02d}] " if stamped else "") + f"{s}: {t}" for i, (s, t) in enumerate(turns)]
    tr = parse_text_transcript("\n".join(lines) + "\n")
    assert [(t.speaker, clean_text(t.text)) for t in tr.turns] == [(s, clean_text(t)) for s, t in turns]
    assert [t.line for t in tr.turns] == list(range(1, len(turns) + 1))
    if stamped:
        assert [t.media_time for t in tr.turns] == [f"00:{i // 60:02d}:{i % 60:02d}" for i in range(len(turns))]


_PL_WORDS = ("zamówienie dostawa kurier się spóźnił wniesienie piętro zapłaciłam złotych kanapa narożnik kolor "
             "zdjęciach reklamację złożyłam śruby brakowało instrukcja niejasna zwrot pieniędzy tygodnie czekałam "
             "żółta tkanina mebel dziękuję świetna obsługa łóżko szafa biurko krzesło źle dobrze").split()
_RU_WORDS = ("заказ доставка курьер опоздал подъём этаж заплатила злотых диван угловой цвет фото рекламация "
             "винты не хватало инструкция непонятная возврат денег недели ждала жёлтая ткань мебель спасибо "
             "отличная поддержка кровать шкаф стол стул плохо хорошо Здравствуйте Добрый день").split()


@SETTINGS
@given(st.lists(st.sampled_from(_PL_WORDS), min_size=6, max_size=30), st.sampled_from(["cp1250", "iso-8859-2"]))
def test_polish_legacy_encodings_round_trip(words, enc):
    text = " ".join(words) + "."
    data = text.encode(enc)
    assert decode_bytes(data)[0] == text


@SETTINGS
@given(st.lists(st.sampled_from(_RU_WORDS), min_size=6, max_size=30), st.sampled_from(["cp1251", "koi8-r"]))
def test_russian_legacy_encodings_round_trip(words, enc):
    text = " ".join(words) + "."
    assert decode_bytes(text.encode(enc))[0] == text


@SETTINGS
@given(st.lists(st.sampled_from(_RU_WORDS), min_size=8, max_size=30), st.sampled_from(["cp1251", "koi8-r"]))
def test_all_caps_russian_round_trips(words, enc):
    # KOI8-R read as cp1251 swaps letter case, so shouting needs the letter-pair check
    text = " ".join(words).upper() + "!"
    assert decode_bytes(text.encode(enc))[0] == text


_FR_DE_WORDS = ("très bon canapé livré à l'heure le livreur était aimable qualité prix excellente je recommande "
                "à mes amis große Freude schön sehr gut geliefert español niño").split()


@SETTINGS
@given(st.lists(st.sampled_from(_FR_DE_WORDS), min_size=1, max_size=20))
def test_western_latin1_round_trips(words):
    text = " ".join(words)
    assert decode_bytes(text.encode("latin-1"))[0] == text
