import pandas as pd

from pipeline.config import load_config
from pipeline.runner import Context
from pipeline.stages import segment


def test_split_sentences_en_pl_ru():
    assert segment.split_sentences("It came late. Nobody called! Why?") == ["It came late.", "Nobody called!", "Why?"]
    assert segment.split_sentences("Kurier się spóźnił… Czekałam cały dzień.") == ["Kurier się spóźnił…", "Czekałam cały dzień."]
    assert segment.split_sentences("Курьер опоздал. Никто не позвонил.") == ["Курьер опоздал.", "Никто не позвонил."]


def test_chunking_keeps_short_text_and_packs_long_text():
    assert segment.chunk_text("Short one.", 50) == ["Short one."]
    text = "First sentence is here. Second sentence is here. Third sentence is here."
    chunks = segment.chunk_text(text, 50)
    assert chunks == ["First sentence is here. Second sentence is here.", "Third sentence is here."]
    assert " ".join(chunks) == text


def _records():
    return pd.DataFrame({"doc_id": ["d1", "d2"], "record_index": [0, 1], "role": ["customer", "agent"],
                         "text": ["A. " * 200, "Hello there."]})


def test_segment_stage_ids_are_stable_and_content_based():
    ctx = Context(cfg=load_config(overrides={"segment": {"max_chars": 100}}))
    a = segment.run(_records(), ctx)
    b = segment.run(_records(), ctx)
    assert a["segment_id"].tolist() == b["segment_id"].tolist()
    assert a["segment_id"].is_unique
    assert (a["doc_id"] == "d1").sum() > 1 and a.loc[a["doc_id"] == "d1", "chunk_index"].tolist()[:2] == [0, 1]
    assert a["is_customer"].tolist().count(False) == 1
    # the id depends on the text and the position, not on row order
    rev = segment.run(_records().iloc[::-1].reset_index(drop=True), ctx)
    assert set(rev["segment_id"]) == set(a["segment_id"])
    changed = _records()
    changed.loc[1, "text"] = "Hello there!"
    assert segment.run(changed, ctx)["segment_id"].iloc[-1] != a["segment_id"].iloc[-1]


def test_no_sentence_break_inside_an_address_or_phone_number():
    assert segment.split_sentences("Technik może przyjść na os. Tysiąclecia 45 m. 12, Katowice. Dzięki!") == [
        "Technik może przyjść na os. Tysiąclecia 45 m. 12, Katowice.", "Dzięki!"]
    assert segment.split_sentences("Живу на ул. Абая 150, кв. 12. Курьер не пришёл.") == [
        "Живу на ул. Абая 150, кв. 12.", "Курьер не пришёл."]
    assert segment.split_sentences("Call me at tel. 600 700 800. I paid 5. 50 zł more.") == [
        "Call me at tel. 600 700 800.", "I paid 5. 50 zł more."]


def test_written_opinions_are_cut_at_sentences_and_contrasts_conversations_are_not():
    review = "Czapka ok, jakość dobra, ale paczka z DPD przyszła po tygodniu. Rozmiarówka zaniżona, wzięłam 104 na 98 cm."
    recs = pd.DataFrame({"doc_id": ["r1", "c1", "r2"], "record_index": [0, 0, 0], "role": ["customer"] * 3,
                         "source_type": ["review", "chat", "review"],
                         "text": [review, review, "Kurier nawet nie zadzwonił, tylko zostawił awizo. Super, ale drogo."]})
    out = segment.run(recs, Context(cfg=load_config()))
    assert out.loc[out["doc_id"] == "r1", "text"].tolist() == [
        "Czapka ok, jakość dobra,", "ale paczka z DPD przyszła po tygodniu.", "Rozmiarówka zaniżona, wzięłam 104 na 98 cm."]
    assert out.loc[out["doc_id"] == "c1", "text"].tolist() == [review]  # a chat turn's sentences lean on each other
    # what follows a contrast in a few words leans on what came before; a short sentence joins its neighbour
    assert out.loc[out["doc_id"] == "r2", "text"].tolist() == [
        "Kurier nawet nie zadzwonił, tylko zostawił awizo.", "Super, ale drogo."]
    off = segment.run(recs, Context(cfg=load_config(overrides={"segment": {"split_sources": []}})))
    assert off.loc[off["doc_id"] == "r1", "text"].tolist() == [review]


def test_a_review_cut_into_parts_is_still_fully_redacted(tmp_path):
    from pipeline.api import run_pipeline

    text = ("Internet ciągle się rozłącza, były już 3 awarie. Technik może przyjść na os. Tysiąclecia 45 m. 12, "
            "Katowice, najlepiej po 17. Proszę o kontakt, tel. 601 234 567.")
    (tmp_path / "reviews").mkdir()
    pd.DataFrame({"review_id": ["r1"], "rating": [2], "body": [text]}).to_csv(tmp_path / "reviews" / "r.csv", index=False)
    seg = run_pipeline(tmp_path, out=None, stages=["ingest", "segment", "redact"],
                       overrides={"run": {"cache_dir": ""}}).segments
    assert set(seg["source_type"]) == {"review"} and len(seg) == 3, seg["text"].tolist()
    joined = " ".join(seg["text"])
    assert "Tysiąclecia" not in joined and "601 234 567" not in joined, joined


def test_an_order_number_or_a_short_but_sentence_stays_with_its_neighbour():
    assert segment.split_units("Zamówienie SOF-2026-100871. Sofa przyszła porysowana, oparcie pęknięte.") == [
        "Zamówienie SOF-2026-100871. Sofa przyszła porysowana, oparcie pęknięte."]
    assert segment.split_units("Returned the mattress within the 100 nights. Pickup was fine. But the refund?") == [
        "Returned the mattress within the 100 nights.", "Pickup was fine. But the refund?"]
    # a contrast opening a sentence of its own, long enough to stand alone, is its own part
    assert segment.split_units("Pickup was fine. But the refund took five weeks and three e-mails.") == [
        "Pickup was fine.", "But the refund took five weeks and three e-mails."]


def test_a_review_turns_at_words_detection_does_not_read_as_a_contrast():
    assert segment.split_units("Sukienka ładnie uszyta, niestety zamek zepsuł się po dwóch tygodniach.") == [
        "Sukienka ładnie uszyta,", "niestety zamek zepsuł się po dwóch tygodniach."]
    assert segment.split_units("Диван красивый и удобный, а вот оплата картой не прошла с первого раза.") == [
        "Диван красивый и удобный,", "а вот оплата картой не прошла с первого раза."]
