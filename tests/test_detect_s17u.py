"""Session 17, detection and affect made to agree (review of this session's commits): affect's row cache keyed on the
files detection's rules read, one owner for "too + a positive word" and being left alone (the affect lexicon), the
call-for-attention words from courtesy.txt, rhetorical "why bother then"."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import pipeline.stages.affect as affect_stage

PIPELINE = Path(affect_stage.__file__).resolve().parent.parent


class _Captured(Exception):
    pass


def test_affects_cache_is_keyed_by_the_courtesy_phrases_detections_rules_read(monkeypatch):
    """Affect reads is_courtesy (courtesy.txt): a courtesy.txt-only edit ('do usłyszenia') had left cached affect rows
    stale, since its code tuple named only affect, its lexicon and detect/."""
    seen = {}

    def capture(stage, ctx, keys, predict, code, block):
        seen["code"] = ("stages/affect.py", "embedders.py", "text.py", *code)  # as stage_namespace adds them
        raise _Captured

    monkeypatch.setattr(affect_stage, "cached_stage_rows", capture)
    rows = pd.DataFrame({"text": ["Dziękuję, do usłyszenia!"], "lang": ["pl"], "is_customer": [True],
                         "rating": [np.nan], "source_type": ["interview"]})
    ctx = SimpleNamespace(artifacts={"affect_model": object(), "embeddings": None})
    with pytest.raises(_Captured):
        affect_stage.run(rows, ctx)
    for rel in ("affect/_rules.py", "resources/affect/lexicon.json", "resources/courtesy.txt", "detect/_rules.py"):
        assert any(rel == c or rel.startswith(c.rstrip("/") + "/") for c in seen["code"]), rel
        assert (PIPELINE / rel).is_file()


def _read(rows: list[tuple[str, str]], ratings: list[float | None] | None = None) -> pd.DataFrame:
    """Sentiment and kind as a run reads them (e5-small vectors as e5-fast computes them, the affect model, detection
    with its head)."""
    from pipeline.affect import AffectConfig, AffectModel
    from pipeline.detect import Detector
    from pipeline.embedders import get_embedder

    langs, texts = [r[0] for r in rows], [r[1] for r in rows]
    E = get_embedder("e5-fast").embed(texts)
    aff = AffectModel(AffectConfig()).predict(texts, langs, E, ratings)
    det = Detector(embedder="e5-small").predict(texts, langs, aff["sentiment_score"].tolist(), E, ratings)
    return pd.concat([aff[["sentiment", "sentiment_score"]], det[["kind"]]], axis=1).assign(text=texts)


@pytest.mark.parametrize("lang, text", [("en", "The placement test is way too easy"), ("en", "The course was overly easy"),
                                        ("pl", "Test był zbyt łatwy"), ("pl", "Test był za łatwy"),
                                        ("pl", "Zadania są zbyt proste"), ("ru", "Тест слишком простой"),
                                        ("ru", "Всё слишком легко, скучно")])
def test_a_good_thing_in_excess_is_a_fault_in_the_lexicon(lang, text):
    """'way too easy' read +1.0 in the lexicon (so in sentiment) while detection's own excess rule said it praised
    nothing; 'слишком простой' did nothing anywhere ('простой' is no positive word)."""
    from pipeline.affect import text_evidence

    ev = text_evidence(text, lang)
    assert ev.positive == 0 and ev.negative > 0 and ev.polarity < 0


@pytest.mark.parametrize("lang, text", [("pl", "Plus za szybką dostawę"), ("pl", "Dzięki za łatwą rezerwację"),
                                        ("en", "Easy to book, the room was good too"), ("en", "Not too bad at all")])
def test_for_is_no_excess_and_neither_is_also(lang, text):
    """Polish 'za' is mostly 'for': 'Plus za szybką dostawę' keeps its praise (detection's bare 'za' had dropped
    'szybką'); a 'too' after the word is 'also'; 'not too bad' is a litotes."""
    from pipeline.affect import text_evidence

    ev = text_evidence(text, lang)
    assert ev.positive > 0 and ev.negative == 0


def test_the_excess_rule_has_one_owner():
    """Detection reads the lexicon's excess; its own copy (with a bare Polish 'za') is gone."""
    import pipeline.detect as detect
    from pipeline.detect import _rules

    assert not hasattr(_rules, "without_excess") and "without_excess" not in detect.__all__


@pytest.mark.parametrize("lang, text", [("en", "The host replies fast during the day but at night you're on your own."),
                                        ("en", "After the sale we were left to fend for ourselves."),
                                        ("pl", "Gospodarz odpisuje szybko w dzień, ale w nocy jesteśmy zdani na siebie."),
                                        ("pl", "Po zakupie radź sobie sam."),
                                        ("ru", "Днём хозяин отвечает быстро, но ночью вы предоставлены сами себе.")])
def test_being_left_alone_is_a_negative_phrase_of_the_lexicon(lang, text):
    """'you're on your own' was a cue of detection only (_NEG_CUES): the lexicon, which sentiment reads, found nothing
    negative in it, so detection called a pain point what sentiment read as plain praise."""
    from pipeline.affect import text_evidence
    from pipeline.detect import has_contrast, turns_to_complaint
    from pipeline.detect._rules import _NEG_CUES

    assert text_evidence(text, lang).negative > 0
    assert not _NEG_CUES.search("at night you're on your own")  # one owner: the lexicon
    assert turns_to_complaint(text, lang) or not has_contrast(text)


def test_being_left_alone_reads_as_a_complaint_in_detection_and_sentiment():
    """Alone, being left to cope reads negative and is a pain point (the lexicon's complaint phrase); after praise and a
    'but' it is a pain point whatever the head reads."""
    out = _read([("en", "At night you're on your own."), ("pl", "W nocy jesteśmy zdani na siebie."),
                 ("en", "The host replies fast during the day but at night you're on your own.")])
    assert out["kind"].tolist() == ["pain_point"] * 3, out
    assert (out["sentiment_score"].iloc[:2] < 0).all(), out


def test_a_call_for_attention_greets_with_courtesy_txts_greetings():
    """_CALL had its own greeting words (hello, halo, hey, алло) beside courtesy.txt's [greeting]: now it reads them
    there ('Dzień dobry??', 'Алё?' call too)."""
    from pipeline.detect._rules import _CALL, asked
    from pipeline.text import courtesy_phrases

    assert asked("Dzień dobry?? Czekam od godziny") == "Czekam od godziny"
    assert asked("Алё? Когда доставка?") == "Когда доставка?"
    assert asked("Hallo??") == "" and asked("Halo, jest ktoś?") == ""
    assert all(_CALL.fullmatch(f"{g}??") for g in courtesy_phrases("greeting"))
    assert asked("This?") == "This?"


@pytest.mark.parametrize("lang, text", [("ru", "Если запись урока нельзя посмотреть, зачем тогда её делать?"),
                                        ("pl", "Jeśli nie można obejrzeć nagrania, to po co w takim razie je robić?"),
                                        ("en", "If I can't watch the recording, why bother then?")])
def test_why_then_is_a_rhetorical_complaint(lang, text):
    """Dogfood 17c: '…, зачем тогда её делать?' had been a question (an FAQ entry)."""
    from pipeline.detect import is_rhetorical

    assert is_rhetorical(text)
    assert _read([(lang, text)])["kind"].tolist() == ["pain_point"]


@pytest.mark.parametrize("lang, text", [("en", "Nice shoes, but a bit tight"), ("pl", "Ładne buty, ale trochę cisną")])
def test_praise_then_a_fit_word_is_a_pain_point(lang, text):
    """With 'tight' / 'cisną' negative words of the lexicon (fb9b747), praise before the 'but' and a fit fault after it
    is a mixed message: a pain point."""
    from pipeline.detect import turns_to_complaint

    assert turns_to_complaint(text, lang, after_praise=True)
    assert _read([(lang, text)])["kind"].tolist() == ["pain_point"]
