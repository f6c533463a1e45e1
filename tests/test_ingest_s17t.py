"""Session 17t: a review's title is the headline of its first part. It opens the review's text (unless the body
repeats it) and the segment stage keeps it with the first sentence after it: alone, Booking's "Lovely apartment" and
"Great stay" had been the biggest praise theme (dogfood 17b #9), and left out (8dab334), a title that says the point
("Torn upholstery on arrival.", "Nie polecam – kurier zgubił paczkę") was not read at all."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import load_config
from pipeline.ingest import IngestConfig, read_corpus
from pipeline.runner import Context
from pipeline.stages import segment

REVIEWS = ("id,title,text,rating\n"
           "r1,Torn upholstery on arrival.,The corner sofa arrived with a tear on the back panel. "
           "Reklamacja submitted on 12 April with 6 photos.,1\n"
           "r2,Nie polecam – kurier zgubił paczkę,Czekałam dwa tygodnie na zwrot pieniędzy.,1\n"
           "r3,Dostawa,Dostawa trwała długo. Kurier był za to bardzo miły.,3\n"
           "r4,Would stay again,,5\n"
           "r5,,Clean and quiet flat. The street is loud at night.,4\n")


def _segments(tmp_path: Path, name: str, text: str, **segment_cfg):
    (tmp_path / "reviews").mkdir(exist_ok=True)
    (tmp_path / "reviews" / name).write_text(text, encoding="utf-8")
    records = read_corpus(tmp_path, IngestConfig()).records
    return segment.run(records, Context(cfg=load_config(overrides={"segment": segment_cfg} if segment_cfg else None)))


def test_a_title_is_one_segment_with_the_first_sentence_and_the_rest_is_cut_as_before(tmp_path):
    out = _segments(tmp_path, "r.csv", REVIEWS)
    assert out.groupby("doc_id", sort=False)["text"].apply(list).tolist() == [
        ["Torn upholstery on arrival. The corner sofa arrived with a tear on the back panel.",
         "Reklamacja submitted on 12 April with 6 photos."],
        ["Nie polecam – kurier zgubił paczkę. Czekałam dwa tygodnie na zwrot pieniędzy."],
        ["Dostawa trwała długo.", "Kurier był za to bardzo miły."],   # the body repeats the title: cut as without one
        ["Would stay again"],   # a review of only a title reads the title
        ["Clean and quiet flat.", "The street is loud at night."]]
    # each part refers to its review's record, numbered from its first
    assert out["record_index"].tolist() == [0, 0, 1, 2, 2, 3, 4, 4] and out["chunk_index"].tolist()[:2] == [0, 1]


def test_a_booking_title_is_the_headline_of_the_liked_part(tmp_path):
    """Booking's title has no body to open: it opens the first part that says something, the pros here."""
    out = _segments(tmp_path, "booking.csv",
                    "Review score,Review title,Liked,Disliked\n"
                    "9,Lovely apartment,\"Great location, two minutes from the square. The kitchen was spotless.\","
                    "Noisy street.\n"
                    "4,Great stay,-,The key box code did not work and nobody answered.\n")
    assert list(zip(out["meta_review_part"], out["text"])) == [
        ("pros", "Lovely apartment. Great location, two minutes from the square."),
        ("pros", "The kitchen was spotless."),
        ("cons", "Noisy street."), ("cons", "Great stay. The key box code did not work and nobody answered.")]


def test_a_record_cut_only_into_chunks_keeps_its_title_too(tmp_path):
    """With no cut at sentences ([segment] split_sources = []), a long review is chunked: never after its title."""
    body = "The sofa arrived torn on the back panel and on the left armrest under the cushions. " * 3
    out = _segments(tmp_path, "r.csv", f"id,title,text\nr1,Torn upholstery on arrival,{body.strip()}\n",
                    split_sources=[], max_chars=100)
    opens = out["text"].str.startswith("Torn upholstery on arrival. The sofa arrived torn")
    assert opens.tolist() == [True, False, False]
