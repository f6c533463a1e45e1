"""Detection, session 18 wave 2 (dogfood 18g: a car insurer; 18h: a mobile game), through the embed, affect and
detect stages with the shipped models (real e5-small, heads, lexicon).

A message that only says what it is about ("Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].") had been a
question, and FAQ entry #1 ("asked 10 times"); an English caller's "Hi, this is [PERSON], sorry my Polish is not good,
I'm calling about my car." a pain point; "Мой ID игрока [ID], номер заказа [ID]. Помогите пожалуйста." an FAQ question;
"Zrzut ekranu w załączniku" a pain point. They ask and complain of nothing: 'other'.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.config import load_config
from pipeline.detect import is_courtesy
from pipeline.runner import Context, run_stages


def _read(rows: list[tuple[str, str]], source: str = "chat") -> pd.DataFrame:
    seg = pd.DataFrame({"text": [t for _, t in rows], "lang": [lang for lang, _ in rows], "source_type": source,
                        "is_customer": True, "rating": [None] * len(rows)})
    ctx = Context(cfg=load_config(overrides={"run": {"cache_dir": "", "reuse_stages": False}}))
    return run_stages(seg, ctx, stages=["embed", "affect", "detect"])


LOGISTICS = [
    ("pl", "Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN]."),  # dogfood 18g: question 0.61
    ("en", "I am writing about claim SZK/2026/12345, car [PLATE], VIN [VIN]."),
    ("ru", "Пишу по поводу заявки [ID], автомобиль [PLATE]."),
    ("en", "Hi, this is [PERSON], sorry my Polish is not good, I'm calling about my car."),  # 18g: pain point, shame
    ("pl", "Przepraszam za mój polski, dzwonię w sprawie szkody."),
    ("ru", "Извините, я плохо говорю по-польски, звоню по поводу машины."),
    ("ru", "Мой ID игрока [ID], номер заказа [ID]. Помогите пожалуйста."),  # dogfood 18h: an FAQ question
    ("pl", "Zrzut ekranu w załączniku."),  # 18h: pain point, frustration
    ("en", "Screenshot attached."),
    ("ru", "Скриншот прилагаю."),
    ("pl", "Numer zamówienia [ID]."),
]


@pytest.mark.parametrize("lang,text", LOGISTICS)
def test_a_message_of_ids_and_logistics_is_courtesy(lang, text):
    assert is_courtesy(text)


def test_a_reference_line_an_introduction_or_an_attachment_note_is_other():
    out = _read(LOGISTICS)
    assert out["kind"].tolist() == ["other"] * len(LOGISTICS), out[["text", "kind"]]


@pytest.mark.parametrize("text", [
    "I'm writing about the broken heater.",  # a reference line that names a fault
    "Piszę w sprawie szkody, wypłata się opóźnia.",
    "Order [ID] never arrived.",
    "[PERSON] fixed my sink",  # a name is no id
    "Please see the attached photos, the bumper is scratched.",
    "My Polish is terrible, but your agent was patient",
    "It's broken",
])
def test_a_fault_beside_the_logistics_is_no_courtesy(text):
    assert not is_courtesy(text)


PAYOUTS = [
    ("pl", "Wypłata odszkodowania się opóźnia."),  # dogfood 18g: customer-side ("wypłata" alone is one's pay)
    ("pl", "Minęły trzy tygodnie, a wypłata odszkodowania się opóźnia."),
    ("en", "Still waiting for my payout."),  # the head's reading: customer-side
    ("ru", "Выплата задерживается уже месяц."),
]


def test_waiting_on_the_companys_money_is_the_companys_barrier():
    out = _read(PAYOUTS)
    assert out["kind"].tolist() == ["pain_point"] * len(PAYOUTS), out[["text", "kind"]]
    assert out["barrier"].tolist() == ["company"] * len(PAYOUTS), out[["text", "barrier"]]


def test_ones_own_pay_and_paying_off_a_loan_stay_the_customers():
    from pipeline.detect import barrier_cue

    assert barrier_cue("Czekam na wypłatę, wtedy kupię pakiet.") == "customer"
    assert barrier_cue("В этом году не вписывается в бюджет, может, когда выплатим кредит за машину.") == "customer"
