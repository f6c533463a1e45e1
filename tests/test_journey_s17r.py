"""s17 f2b: the journey map's stage cells list a theme at every stage holding enough of its members (with
its count and quotes there), custom touchpoints read a chat's file, and bookings made online are the website."""

import pandas as pd

from pipeline.config import load_config
from pipeline.journey import Stage, StageModel
from pipeline.report._model import build_view
from pipeline.runner import Context
from pipeline.stages import synthesize

from conftest import FAST

MODEL = StageModel(name="school", source="", stages=[
    Stage(id="trial", name="Trial lesson", phase="before", description="The free trial lesson.", needs="see a lesson"),
    Stage(id="placement", name="Placement test", phase="during", description="The placement test.", needs="the right level"),
    Stage(id="lessons", name="Lessons", phase="after", description="Weekly lessons.", needs="learn"),
])


def _map():
    """A complaint theme placed at the lessons with 3 of its 8 members at the placement test (3 documents), a praise
    theme placed at the lessons with 3 of its 9 members at the trial, and a one-off member at the trial."""
    rows = ([("lessons", "pain_point", 0, "negative")] * 5 + [("placement", "pain_point", 0, "negative")] * 3
            + [("lessons", "praise", 1, "positive")] * 5 + [("trial", "praise", 1, "positive")] * 3
            + [("placement", "praise", 1, "positive")] + [("trial", "pain_point", 2, "negative")]
            + [("lessons", "pain_point", 2, "negative")] * 4)
    seg = pd.DataFrame(rows, columns=["stage", "kind", "theme_id", "sentiment"])
    seg.insert(0, "segment_id", [f"s{i}" for i in range(len(seg))])
    seg.insert(1, "doc_id", [f"d{i}" for i in range(len(seg))])
    seg["text"] = [f"{k} at {s} {i}" for i, (s, k) in enumerate(zip(seg["stage"], seg["kind"]))]
    seg["sentiment_score"] = seg["sentiment"].map({"negative": -0.6, "positive": 0.7})
    seg = seg.assign(is_customer=True, is_duplicate=False, emotions="", touchpoints="", drop_off=False, barrier="",
                     source_type="review", channel="review", published_on="review_sites", lang="en", need="")
    themes = pd.DataFrame({"theme_id": [0, 1, 2], "kind": ["pain_point", "praise", "pain_point"],
                           "label": ["Test too easy", "Great teacher", "Zoom drops"], "label_lang": "en", "gloss_en": "",
                           "key_phrases": "", "quote_ids": ["s0;s1", "s8", "s17"], "stage": ["lessons", "lessons", "lessons"]})
    cfg = load_config(overrides={**{k: dict(v) for k, v in FAST.items()}, "report": {"thin_evidence": 2}})
    ctx = Context(cfg=cfg, corpus=None, out=None, artifacts={"stage_model": MODEL, "themes": themes})
    synthesize.run(seg, ctx)
    return build_view(seg, ctx.artifacts["themes"], ctx.artifacts["synthesis"], MODEL, cfg)


def test_a_theme_is_listed_at_every_stage_holding_enough_of_its_members():
    stages = {s["id"]: s for s in _map()["stages"]}
    # before: a theme was listed only at its own stage, so the placement test had no pain point, the trial no praise
    pains = [(t["theme_id"], t["stage_n"], t["stage_docs"]) for t in stages["placement"]["pain_points"]]
    assert pains == [(0, 3, 3)]
    assert [(t["theme_id"], t["stage_n"]) for t in stages["trial"]["praise"]] == [(1, 3)]
    # a stage's quotes of a theme are its members there
    assert {q["stage"] for q in stages["placement"]["pain_points"][0]["quotes"]} == {"placement"}
    assert {q["stage"] for q in stages["trial"]["praise"][0]["quotes"]} == {"trial"}
    # one member of nine (the placement's praise) or of five (the trial's dropped call) is no pattern of the stage
    assert stages["placement"]["praise"] == [] and stages["trial"]["pain_points"] == []
    # the theme's own stage keeps it, with its count there; the whole theme's numbers are unchanged
    lessons = stages["lessons"]["pain_points"]
    assert [(t["theme_id"], t["stage_n"], t["size"]) for t in lessons] == [(0, 5, 8), (2, 4, 5)]
    assert [o["theme_id"] for o in stages["placement"]["opportunities"]] == [0]


def test_a_chat_without_a_channel_came_through_the_touchpoint_its_file_names():
    from pipeline.journey import load_touchpoints, source_touchpoint

    # the clinic's stage file names its patient portal; the portal's CSV export has no channel column
    lex = load_touchpoints(extra=[{"id": "portal", "name": "Patient portal", "control": "owned", "patterns": ["portal"]}])
    assert source_touchpoint("chat", "chat", "portal/portal_messages.csv", lex) == "portal"   # had been 'chat'
    assert source_touchpoint("chat", "", "exports/portal_threads.json", lex) == "portal"
    # a channel says more than the file; a file naming nothing, or a messenger, leaves the chat
    assert source_touchpoint("chat", "phone", "portal/calls.csv", lex) == "phone"
    assert source_touchpoint("chat", "chat", "chats/intercom_conversations.json", lex) == "chat"
    assert source_touchpoint("chat", "chat", "whatsapp/Chat with Anna.txt", lex) == "chat"


def test_booking_registering_or_cancelling_online_is_the_website():
    from pipeline.journey import detect_touchpoints

    for text in ("In the end I gave up and booked online.", "Hi, the online booking showed a slot with Dr [PERSON] for Monday.",
                 "I booked it online last week.", "Dwa razy odwołana wizyta zarezerwowana online.", "Możliwość rezygnacji online.",
                 "Rejestracja online pokazuje wolne terminy, po czym dzwonią, że lekarz nie przyjmuje.",
                 "Записалась онлайн, а потом визит отменили.", "Онлайн-запись не работает."):
        assert "website" in detect_touchpoints(text), text
    # online as what a lesson or a consultation is, not where it was booked
    for text in ("I booked an online consultation.", "Lekcje online są super.", "Записалась на онлайн урок.",
                 "The online lessons are great."):
        assert "website" not in detect_touchpoints(text), text
