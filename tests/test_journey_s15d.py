"""Session 15 (d): whose drop-off a third-person verb is, tenure as evidence of a late stage, support calls' touchpoint,
the app-store touchpoint's one owner."""

import pytest

from pipeline.journey import drop_off_phrases


# ---- drop-offs: a trainer leaving is not the customer leaving -----------------------------------------------------------
@pytest.mark.parametrize("text", [
    # a staff member, a name or he / she as the subject
    "My trainer left for another gym.",
    "My trainer quit after a month.",
    "My personal trainer [PERSON] quit in March and nobody told me.",
    "The coach gave up on our group.",
    "She quit after two sessions.",
    "I liked the classes, then Mark quit.",
    "Co chwilę nowy trener. Zapłaciłem za pakiet treningów personalnych, a trenerka odeszła po dwóch sesjach.",
    "Mój trener personalny odszedł bez uprzedzenia, trzeci raz w tym roku.",
    "Trenerka była świetna, ale po miesiącu odeszła.",
    "Instruktor zrezygnował z prowadzenia zajęć.",
    "Kasia z recepcji zrezygnowała.",
    "Anulowali mi zamówienie bez słowa.",          # a Polish third person without a subject: not the speaker
    "Тренер ушёл к конкурентам.",
    "Мой инструктор ушёл из клуба.",
    # "он" is someone the customer speaks about, not the customer (who says "я"): not the customer's drop-off
    "Он ушёл из клуба.",
    "Он ушёл к конкурентам, теперь новый тренер.",
])
def test_a_staff_member_leaving_is_not_the_customers_drop_off(text):
    assert drop_off_phrases(text) == [], (text, drop_off_phrases(text))


@pytest.mark.parametrize("text", [
    "I left after two sessions.",
    "We left in March, the price went up.",
    "I left the gym because of the price.",
    "My trainer was great but I quit when the price went up.",
    "zrezygnowałam",
    "Zrezygnowałam po trzech miesiącach.",
    "Przez trenera zrezygnowałam z karnetu.",       # first person: the customer, whatever else the sentence names
    "Trener odszedł, więc ja też odeszłam.",
    "Mąż chodził dwa lata, ale w końcu zrezygnował.",  # the customer's household
    "Я ушёл из клуба.",
    "Ушла из клуба после подорожания.",
    "Мой тренер ушёл, и я ушла из клуба.",
])
def test_the_customer_leaving_is_a_drop_off(text):
    assert drop_off_phrases(text), text


@pytest.mark.parametrize("text", ["I left a review.", "I left my towel in the locker.", "I left it at reception."])
def test_leaving_a_thing_is_no_drop_off(text):
    assert drop_off_phrases(text) == [], text
