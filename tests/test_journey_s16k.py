"""Session 16k: journey touchpoints, drop-offs and stage keywords from the dogfood corpora (16a, 16b, 16c)."""

from __future__ import annotations

import pytest

from pipeline.journey import detect_touchpoints, drop_off_phrases, load_stage_model, load_touchpoints, source_touchpoint


# ---- 1. a messenger's support conversation is the chat, a Telegram channel's comments social media
@pytest.mark.parametrize("channel", ["telegram", "Telegram Desktop", "whatsapp", "WhatsApp Business", "Facebook Messenger", "viber"])
def test_a_chat_held_in_a_messenger_is_the_chat_touchpoint(channel):
    # dogfood 16c: all 65 turns of a Telegram support chat export had been 'Social media'
    assert source_touchpoint("chat", channel) == "chat"
    assert source_touchpoint("chat", channel, "", load_touchpoints(None, *_template("ecommerce"))) == "chat"


def _template(name):
    model = load_stage_model(name)
    return model.touchpoints, model.source, model.drop_touchpoints


@pytest.mark.parametrize("channel", ["telegram", "facebook", "vk"])
def test_comments_on_a_messenger_channel_stay_social(channel):
    assert source_touchpoint("social", channel) == "social"


@pytest.mark.parametrize("text, expected", [
    ("I wrote to you on WhatsApp and nobody answered", ["chat"]),
    ("Написала в телеграм, ответили через минуту", ["chat"]),
    ("Napisałam na Messengerze do obsługi", ["chat"]),
    ("Saw the sale on your Telegram channel", ["social"]),
    ("Увидела акцию в вашем телеграм-канале", ["social"]),
])
def test_a_messenger_in_text_is_a_chat_its_channel_social(text, expected):
    assert detect_touchpoints(text) == expected
