"""Session 18a2: stage mapping of interview small talk, the app template on a free-to-play game, praise of a person."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.embedders import get_embedder
from pipeline.journey import StageMapper, is_contentless, load_stage_model
from pipeline.journey._context import asks_something, says_yes_or_no


@pytest.fixture(scope="module")
def embed():
    return get_embedder("e5-small").embed


@pytest.fixture(scope="module")
def app_mapper(embed):
    return StageMapper(load_stage_model("app"), embed)


# ---- 1. small talk places nothing: it takes its conversation's nearest turn with content (dogfood 18h: 15 of 16 at Support)

@pytest.mark.parametrize("text", ["No problem, bye!", "Nie ma sprawy", "Nie ma sprawy, do widzenia!", "Yes, all good.", "Да, всё хорошо.",
                                  "Не за что, пока!", "no worries, thanks"])
def test_small_talk_is_contentless(text):
    assert is_contentless(text)


@pytest.mark.parametrize("text", ["No problem with the app, only the ads.", "Tak, dwa razy straciłam klejnoty.", "Yes, twice I lost my gems."])
def test_a_yes_or_a_no_with_content_is_not(text):
    assert not is_contentless(text)


def test_a_check_of_the_line_or_a_thank_you_asks_nothing():
    assert not asks_something("Thanks for joining! Can you hear me?")
    assert not asks_something("Вы меня слышите?")
    assert not asks_something("Thank you so much, that was really helpful.")
    assert asks_something("Thanks for joining! Can you hear me? How did you find the game?")
    assert asks_something("Czy kupiła Pani roczny plan?")
    assert says_yes_or_no("nope, that's all") and not says_yes_or_no("thanks, bye")


def _interview(turns):
    return pd.DataFrame({"doc_id": "i1", "turn_index": range(len(turns)), "source_type": "interview",
                         "is_customer": [i % 2 == 1 for i in range(len(turns))], "text": turns})


@pytest.mark.parametrize("hello, hello_reply, thanks, bye", [
    ("Thanks for joining, Jake! Can you hear me?", "Yes, all good.", "Thank you so much, that was really helpful.", "No problem, bye!"),
    ("Dziękuję, że Pani dołączyła! Czy mnie słychać?", "Tak, wszystko w porządku.", "Bardzo dziękuję, to było pomocne.",
     "Nie ma sprawy, do widzenia!"),
    ("Спасибо, что пришли! Вы меня слышите?", "Да, всё хорошо.", "Большое спасибо, это очень полезно.", "Не за что, пока!"),
])
def test_interview_small_talk_takes_its_neighbours_stage(app_mapper, hello, hello_reply, thanks, bye):
    t = _interview([hello, hello_reply,
                    "How did you find the game?", "Honestly, just an ad on TikTok, so I downloaded it on the bus.",
                    "Any problems with purchases?", "I bought the big gem pack twice and the gems never showed up, the money was gone.",
                    thanks, bye])
    labels = app_mapper.predict_conversation(t)[0]
    assert labels[1] == labels[3]      # the check of the line: the first answer's stage
    assert labels[7] == labels[5]      # the goodbye: the last answer's stage


def test_a_chat_goodbye_to_a_statement_takes_the_last_message_stage(app_mapper):
    t = pd.DataFrame({"doc_id": "c1", "turn_index": range(4), "source_type": "chat", "is_customer": [True, False, True, False][:4],
                      "text": ["I bought 1200 gems and never got them.", "Sorry about that! I've added the gems to your account now.",
                               "No problem, thanks!", ""]}).iloc[:3]
    labels = app_mapper.predict_conversation(t)[0]
    assert labels[2] == labels[0]


# ---- 2. the app template on a free-to-play game: rewarded ads, lives and levels (dogfood 18h: strict 0.42, lenient 0.60)

@pytest.mark.parametrize("text, stage", [
    ("I watched a video ad for the bonus coins and the coins never came.", "free_trial"),
    ("Obejrzałam reklamę za dodatkowe serce, a serca nie było.", "free_trial"),
    ("Посмотрела рекламу за подсказку, подсказку так и не дали.", "free_trial"),
    ("Hearts run out after four mistakes and refill one every hour.", "free_trial"),
    ("Energia kończy się po pięciu rundach, potem czekam godzinę.", "free_trial"),
    ("Stuck on level 80 for a week, it's pay to win.", "daily_use"),
    ("Utknęłam na poziomie 60, bez dopłat nie da się przejść.", "daily_use"),
])
def test_a_free_to_play_game_is_placed_at_its_free_version_and_its_levels(app_mapper, text, stage):
    assert app_mapper.predict_texts([text], ["review"])[0] == [stage]
