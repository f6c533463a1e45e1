"""Spam comments and reviews are kept with role 'spam' and never counted as customer evidence."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.ingest._spam import is_spam, spam_cues
from pipeline.stages.ingest import mark_spam


@pytest.mark.parametrize("text", [
    "Make $500/day from home 💸 link in bio",
    "WIN an iPhone 17!!! 👉 click link in my bio",
    "want more followers?? DM us 🚀🚀",
    "Darmowi obserwujący na Instagramie, link w bio",
    "Zarabiaj 800 zł dziennie bez wychodzenia z domu, napisz na priv",
    "Wygraj nowy iPhone! Kliknij w link i sprawdź mój profil",
    "Накрутка подписчиков недорого, пишите в лс",
    "Заработок от 5000 руб в день, ссылка в профиле",
    "check out my profile and click the link for free gifts",        # two weak cues
    "🔥🔥 check my profile for FREE furniture giveaways 🔥🔥",
    "Krzesła biurowe od 199 zł!!! Zapraszamy na nasz profil 👉",       # another shop's advert
    "Заходите в наш профиль, мебель со скидкой 50%",
])
def test_spam_in_three_languages(text):
    assert is_spam(text)


@pytest.mark.parametrize("text", [
    "Where is the link to the size chart?",                       # a link, asked for by a customer
    "The giveaway sofa finally arrived, thanks!",                 # one weak cue is not enough
    "At least there's still more likes than dislikes",
    "Link do śledzenia przesyłki nie działa",
    "Ссылка на оплату не открывается, что делать?",
    "I work from home so the desk had to be quiet",
    "Napisz proszę, kiedy przyjedzie kurier",
    "Konkurs na Instagramie był fajny, wygrałam poduszkę",
    "Zapraszam do siebie na kawę, jak już przyjdzie ta sofa 😅",
    "Visit the showroom, it's worth it",
])
def test_customers_mentioning_links_or_giveaways_are_not_spam(text):
    assert not is_spam(text), spam_cues(text)


def _records():
    return pd.DataFrame({
        "doc_id": ["s1", "r1", "c1", "c1", "s2", "s3"],
        "role": ["customer", "customer", "customer", "customer", "brand", "customer"],
        "source_type": ["social", "review", "chat", "chat", "social", "social"],
        "text": ["link in bio 💸 make $300/day", "Great sofa, fast delivery", "link in bio 💸 make $300/day",
                 "My order SOF-104233 has not arrived, where is it?", "link in bio for the summer sale",
                 "promo-bot-7 says hi"],
    })


def test_mark_spam_changes_only_customer_comments_and_reviews():
    rec = _records()
    cfg = SimpleNamespace(spam_patterns=[])
    assert mark_spam(rec, cfg) == 1
    # a chat whose customer also writes about their order is a customer's; the brand's own post is the brand's
    assert rec["role"].tolist() == ["spam", "customer", "customer", "customer", "brand", "customer"]
    rec = _records()
    assert mark_spam(rec, SimpleNamespace(spam_patterns=[r"promo-bot-\d+"])) == 2
    assert rec["role"].iloc[5] == "spam"


def test_spam_settings_are_validated_and_default_on():
    cfg = load_config()
    assert cfg.ingest.spam_filter is True and cfg.ingest.spam_patterns == []
    with pytest.raises(ConfigError, match="spam_patterns"):
        load_config(overrides={"ingest": {"spam_patterns": ["(unclosed"]}})
