"""The consumer-app template (configs/stages/app.toml): stages, phases, touchpoints, keywords and mapping with the real embedder."""

from __future__ import annotations

import pytest

from pipeline.journey import STAGES_DIR, load_stage_model, load_touchpoints

from journey_templates import TemplateChecks

IDS = ["discovery", "install_signup", "free_trial", "subscribe", "daily_use", "billing_account", "support", "renew_cancel"]


@pytest.fixture(scope="module")
def model():
    return load_stage_model("app")


def test_template_loads_with_the_app_journey(model):
    assert model.source == str(STAGES_DIR / "app.toml")
    assert model.ids == IDS
    assert [s.phase for s in model.stages] == ["before"] * 3 + ["during"] + ["after"] * 4
    assert model.phase_labels == {"before": "Finding & trying the app", "during": "Subscribing", "after": "Using & staying"}
    for s in model.stages:
        joined = " ".join(s.examples)
        assert 3 <= len(s.examples) <= 5, s.id
        # English, Polish (its letters) and Russian (Cyrillic) examples in every stage
        assert any("a" <= c <= "z" for c in joined.lower()) and any(c in joined for c in "ąćęłńóśźż"), s.id
        assert any("а" <= c <= "я" for c in joined.lower()), s.id
        assert s.needs.strip() and s.content_format.strip() and s.needs != s.content_format, s.id


def test_touchpoints_of_physical_goods_are_gone_and_the_app_store_is_there(model):
    assert set(model.drop_touchpoints) == {"assembly", "packaging", "delivery", "store"}
    lex = load_touchpoints(extra=model.touchpoints, drop=model.drop_touchpoints, extra_source=model.source)
    assert not set(model.drop_touchpoints) & set(lex.ids)
    assert lex.label("app") == "App (mobile & web)" and lex.control("app_store") == "partly"
    assert lex.detect("I asked for a refund in the App Store") == ["app_store"]   # the store, not also the app
    assert lex.detect("The app crashes since the App Store update") == ["app", "app_store"]
    assert lex.detect("Kupiłam subskrypcję w sklepie Google Play") == ["app_store"]   # no 'store' (shop floor) any more
    assert lex.detect("Оплатил через Гугл Плей") == ["checkout", "app_store"]
    assert lex.detect("Instalacja trwała wieki, paczka danych 2 GB") == []         # no assembly, no parcel
    assert lex.detect("The web version logs me out") == ["app"]
    assert lex.detect("I log in with my Apple ID") == []                           # signing in, not the store
    # a store review was written in the store when the stage file has it; elsewhere it is a review site's
    from pipeline.journey._touchpoints import source_touchpoint

    assert source_touchpoint("review", "App Store", known=lex) == source_touchpoint("review", "Google Play", known=lex) == "app_store"
    assert source_touchpoint("review", "App Store", known=load_touchpoints()) == "review_sites"


# The keyword and mapping checks of every template (journey_templates.TemplateChecks), on this template's cases.

# words that look like a stage's vocabulary but mean something else
LOOKALIKES = [
    ("discovery", "Składam reklamację na kurs."), ("discovery", "I saw the address on the invoice."), ("discovery", "Рекламация принята."),
    ("install_signup", "I pay in installments."), ("install_signup", "Signing the contract took ages."),
    ("billing_account", "Pobrałam aplikację wczoraj."), ("billing_account", "Ściągnęłam aplikację na telefon."),
    ("billing_account", "I tried twice and it still freezes."), ("billing_account", "Double tap the word to hear it."),
    ("billing_account", "Spróbowałam dwa razy i dalej nic."), ("billing_account", "Proszę zwrócić uwagę na wymowę."),
    ("support", "Does the app support offline mode?"), ("support", "Subskrypcja odnawia się automatycznie."),
    ("renew_cancel", "I can't pause the video."), ("renew_cancel", "A friend recommended the app to me."),
    ("renew_cancel", "How do I unsubscribe from the newsletter?"), ("renew_cancel", "Перехожу в настройки, а там пусто."),
    ("renew_cancel", "The tutor cancelled the lesson again."), ("renew_cancel", "I had to cancel the lesson with my tutor."),
    ("renew_cancel", "Lektor anulował lekcję bez uprzedzenia."), ("renew_cancel", "Как отписаться от рассылки?"),
    ("daily_use", "Znajomy pokazał mi aplikację do medytacji."), ("free_trial", "I saw your ad on YouTube."),
]

# texts whose keywords point to one stage over another: (text, stage, other)
POINTERS = [
    # leaving is the churn stage, a charge after leaving is billing, an ad seen somewhere is discovery, one in the app the free version
    ("How do I cancel my subscription?", "renew_cancel", "billing_account"),
    ("Jak zrezygnować z subskrypcji?", "renew_cancel", "billing_account"),
    ("Как отменить подписку?", "renew_cancel", "billing_account"),
    ("I cancelled in March but you still charged me in April", "billing_account", "renew_cancel"),
    ("Zrezygnowałam, a dalej pobieracie pieniądze", "billing_account", "subscribe"),
    ("Saw your ad on Instagram", "discovery", "free_trial"),
    ("Too many ads in the free version", "free_trial", "discovery"),
    ("Reklamy po każdej lekcji w darmowej wersji", "free_trial", "discovery"),
    ("A friend recommended the app to me", "discovery", "renew_cancel"),
    ("I'd recommend it to anyone learning Spanish", "renew_cancel", "discovery"),
    ("I paid for Premium but it still shows the free version", "subscribe", "free_trial"),
]

# clear texts in en / pl / ru, none of them an example of the template
CLEAR = {
    "discovery": ["I first saw the app in a TikTok ad.", "Znajomy pokazał mi waszą aplikację do medytacji.",
                  "Увидела рекламу вашего приложения в Instagram."],
    "install_signup": ["I can't log in with my Google account.", "Nie mogę założyć konta, kod weryfikacyjny nie przychodzi.",
                       "Не могу зарегистрироваться, письмо с подтверждением не приходит."],
    "free_trial": ["How long is the free trial?", "Czy okres próbny jest za darmo?", "Сколько длится пробный период?"],
    "subscribe": ["Is there a student discount?", "Czy jest plan rodzinny?", "Не проходит оплата подписки, карта отклонена."],
    "daily_use": ["The audio in the lessons doesn't play.", "Zgubiłam serię 150 dni po aktualizacji.", "Приложение вылетает при запуске урока."],
    "billing_account": ["You charged me twice this month.", "Proszę o zwrot pieniędzy za subskrypcję.", "Удалите мой аккаунт и все данные."],
    "support": ["I've been waiting three days for a reply from support.", "Chcę rozmawiać z człowiekiem, nie z botem.",
                "Поддержка так и не ответила."],
    "renew_cancel": ["How do I cancel my subscription?", "Jak wyłączyć automatyczne odnawianie?", "Как отменить подписку?"],
}


class TestKeywordsAndMapping(TemplateChecks):
    lookalikes, pointers, clear = LOOKALIKES, POINTERS, CLEAR
