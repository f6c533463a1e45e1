"""Courtesy and small talk said to a research interviewer carry no emotion, as they carry no sentiment (dogfood 18h:
"No problem, bye!" and "Yes, all good." had been neutral with joy at 0.30-0.38, and the interviews' support stage read
joyful). Thanks in a support chat keep the emotions the head reads."""

from __future__ import annotations

import pytest

from pipeline.affect import AffectConfig, AffectModel

from test_affect_s17j import SMALL_TALK

MORE = [("en", "No problem, bye!"), ("en", "Yes, all good."), ("pl", "Nie ma sprawy, dziękuję, do usłyszenia!"),
        ("ru", "Не за что, всего доброго!")]


@pytest.fixture(scope="module", params=["cx", "goemotions"])
def model(request):
    return AffectModel(AffectConfig(taxonomy=request.param))


def test_small_talk_in_an_interview_has_no_emotion(model):
    langs, texts = zip(*(SMALL_TALK + MORE))
    out = model.predict(list(texts), list(langs), interviewed=[True] * len(texts))
    assert list(out["emotions"]) == ["neutral"] * len(texts), list(zip(texts, out["emotions"]))
    emo = [c for c in out.columns if c.startswith("emo_") and c != "emo_neutral"]
    assert (out[emo] == 0).all().all()


def test_the_same_words_in_a_chat_keep_the_heads_emotions(model):
    langs, texts = zip(*MORE)
    chat = model.predict(list(texts), list(langs), interviewed=[False] * len(texts))
    emo = [c for c in chat.columns if c.startswith("emo_") and c != "emo_neutral"]
    assert (chat[emo].to_numpy() > 0).any()
