"""Encodings: UTF-8 (+BOM), UTF-16 LE/BE (BOM and not), cp1250, ISO-8859-2, cp1251, KOI8-R, latin-1 —
detected per file, decoded exactly; a bad byte never crashes."""

from __future__ import annotations

import codecs
import importlib.util
from pathlib import Path

import pytest

from pipeline.ingest import IngestConfig, decode_bytes, detect_encoding, read_corpus
from pipeline.ingest._encoding import looks_binary, sniff_file

FIX = Path(__file__).parent / "fixtures" / "ingest"
_spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
mf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mf)


@pytest.fixture(scope="module")
def res():
    return read_corpus(FIX / "corpus", IngestConfig())


@pytest.mark.parametrize("name", sorted(mf.ENCODED))
def test_encoded_transcripts_are_detected_and_decoded_exactly(res, name):
    text, _, reported = mf.ENCODED[name]
    expected = {mf.PL: mf.PL_TURNS, mf.RU: mf.RU_TURNS, mf.EN: mf.EN_TURNS}[text]
    f = res.files.set_index("file").loc[f"encodings/{name}"]
    assert f["encoding"] == reported
    assert f["status"] == "parsed" and f["reason"] == ""
    d = res.records[res.records["source_file"] == f"encodings/{name}"]
    assert list(zip(d["speaker"], d["role"], d["text"])) == expected


def test_committed_fixture_bytes_match_the_generator(tmp_path):
    mf.build(tmp_path)
    for name in mf.ENCODED:
        assert (tmp_path / "encodings" / name).read_bytes() == (FIX / "corpus" / "encodings" / name).read_bytes()
    for rel in ("chats/chat_cp1251.csv", "chats/excel_export.tsv", "reviews/opinie_cp1250.csv"):
        assert (tmp_path / rel).read_bytes() == (FIX / "corpus" / rel).read_bytes()


def test_bad_byte_in_utf8_is_replaced_and_reported(res):
    f = res.files.set_index("file").loc["encodings/pl_utf-8-badbyte.txt"]
    assert f["encoding"] == "utf-8"
    assert f["reason"] == "1 undecodable byte(s) replaced with U+FFFD"
    d = res.records[res.records["source_file"] == "encodings/pl_utf-8-badbyte.txt"]
    assert d["text"].tolist() == ["Co się stało?", "Sofa przyszła\ufffd porysowana."]


PL_LONG = ("Zamówiłam narożnik w kwietniu, przyszedł po ośmiu tygodniach. Kurier nie zadzwonił, a za wniesienie "
           "zapłaciłam 99 zł. Żółta kanapa ma inny kolor niż na zdjęciach! Źle to wygląda, gęś, jaźń.")
RU_LONG = ("Заказала диван в апреле, привезли только через восемь недель. Курьер не позвонил, а за подъём на этаж "
           "попросили доплатить. Цвет ткани совсем не такой, как на фото. Съешь ещё этих мягких булок.")
RU_CAPS = "ОТЗЫВ: УЖАС, НЕ ПОКУПАЙТЕ ЭТОТ ДИВАН"
FR = "Très bon canapé, livré à l'heure. Le livreur était très aimable. Qualité-prix excellente. Große Freude!"


@pytest.mark.parametrize("text,enc,expected", [
    (PL_LONG, "cp1250", "cp1250"), (PL_LONG, "iso-8859-2", "iso-8859-2"), (PL_LONG, "utf-8", "utf-8"),
    (RU_LONG, "cp1251", "cp1251"), (RU_LONG, "koi8-r", "koi8-r"), (RU_LONG, "utf-8", "utf-8"),
    (RU_CAPS, "cp1251", "cp1251"), (RU_CAPS, "koi8-r", "koi8-r"),
    ("Спасибо, всё хорошо", "cp1251", "cp1251"), ("Спасибо, всё хорошо", "koi8-r", "koi8-r"),
    ("Dziękuję, świetna obsługa", "cp1250", "cp1250"), ("Łódź", "cp1250", "cp1250"),
    (FR, "latin-1", "latin-1"), ("plain ascii", "ascii", "utf-8"),
])
def test_detect_encoding(text, enc, expected):
    data = text.encode(enc)
    got = detect_encoding(data)
    assert got == expected
    assert decode_bytes(data)[0] == text


@pytest.mark.parametrize("text", [PL_LONG, RU_LONG])
@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(text, enc):
    assert detect_encoding(text.encode(enc)) == enc
    assert decode_bytes(text.encode(enc))[0] == text


@pytest.mark.parametrize("bom,enc,expected", [
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
])
def test_boms(bom, enc, expected):
    data = bom + PL_LONG.encode(enc)
    assert detect_encoding(data) == expected
    assert decode_bytes(data)[0] == PL_LONG   # the BOM is not part of the text


def test_windows_smart_quotes_decode_right():
    # latin-1 would turn these bytes into control characters; cp1250 and cp1252 agree on them.
    data = "It’s “great” – really €5 cheaper, très bien".encode("cp1252")
    assert detect_encoding(data) in ("cp1252", "cp1250")
    assert decode_bytes(data)[0] == "It’s “great” – really €5 cheaper, très bien"


def test_forced_encoding_from_config(tmp_path):
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "a.txt").write_bytes("Ewa: Czy było źle?\nJo: Tak.\n".encode("cp1250"))
    res = read_corpus(tmp_path, IngestConfig(encoding="cp1250"))
    assert res.records["text"].tolist() == ["Czy było źle?", "Tak."]
    assert res.files["encoding"].tolist() == ["cp1250"]


def test_sniff_finds_legacy_bytes_after_a_long_ascii_start(tmp_path):
    p = tmp_path / "big.csv"
    p.write_bytes(b"id,text\n" + b"1,plain ascii row\n" * 80000 + "2,Где мой заказ? Жду две недели.\n".encode("cp1251"))
    assert sniff_file(p) == ("cp1251", False)


def test_binary_detection():
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not looks_binary("Zażółć".encode("utf-16"))
    assert not looks_binary("plain text\n".encode())


def test_binary_file_with_text_extension_is_failed_not_crashing(tmp_path):
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "a.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "interviews" / "b.txt").write_text("Ewa: Hi?\nJo: Hi.\n", encoding="utf-8")
    res = read_corpus(tmp_path)
    f = res.files.set_index("file")
    assert (f.loc["interviews/a.txt", "status"], f.loc["interviews/a.txt", "reason"]) == ("failed", "binary content, not text")
    assert f.loc["interviews/a.txt", "records_in"] == 1 == f.loc["interviews/a.txt", "quarantined"]
    assert res.records["text"].tolist() == ["Hi?", "Hi."]


def test_shouted_russian_in_cp1251_is_not_read_as_koi8r():
    """A case the property test found: letter case had tipped the near-tie to the mis-decoded reading."""
    from pipeline.ingest._encoding import decode_bytes

    text = "КУРЬЕР КУРЬЕР ОПОЗДАЛ ФОТО СТУЛ ДОБРЫЙ ДОБРЫЙ ДОБРЫЙ!"
    assert decode_bytes(text.encode("cp1251")) == (text, "cp1251")
    assert decode_bytes(text.encode("koi8-r"))[0] == text
