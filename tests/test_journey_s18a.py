"""Session 18a: stage mapping evidence beyond the text's similarity to the descriptions (issue #5)."""

from __future__ import annotations

import pytest

from pipeline.embedders import get_embedder
from pipeline.journey import StageMapper, asks_what_if, load_stage_model


@pytest.fixture(scope="module")
def default_mapper():
    return StageMapper(load_stage_model("default"), get_embedder("e5-small").embed)


# ---- 1. a question about what would happen if: weighing the terms before buying, not a claim
WHAT_IF = [
    "If the sofa doesn't fit through the door, do I get my money back?",
    "If I take the yearly plan and move abroad, will you refund the rest?",
    "Jeśli kurtka nie będzie pasować, mogę ją zwrócić za darmo?",
    "A jak zepsuje się po pół roku, naprawicie to w ramach gwarancji?",
    "Если абонемент не подойдёт, деньги вернут?",
    "А если курс мне не понравится, можно будет отказаться и получить возврат?",
]


@pytest.mark.parametrize("text", WHAT_IF)
def test_a_condition_and_a_question_in_one_sentence_asks_what_if(text):
    assert asks_what_if(text)


@pytest.mark.parametrize("text", [
    "Can you check if my parcel has shipped?",               # "if" = whether
    "I'd like to know if you deliver on Sundays?",
    "If it breaks again I want a refund.",                   # a condition, no question
    "The sofa arrived scratched, can I return it?",          # a question, no condition
    "I ordered the wrong size, can I exchange it if I've worn it once?",   # bought already
    "Zamówiłam dwa rozmiary, a jeśli oba nie pasują?",
    "Я заказала не тот цвет, а если я открыла упаковку, можно обменять?",
    "Jeśli nie odpiszecie do jutra, zgłaszam reklamację.",
])
def test_no_what_if_without_a_condition_a_question_or_before_buying(text):
    assert not asks_what_if(text)


def test_what_if_questions_map_before_the_purchase(default_mapper):
    # without the cue half of them were claims to support (or use): 'money back', 'zwrot', 'гарантия' are support's words
    off = StageMapper(default_mapper.model, default_mapper.embed, what_if_weight=0.0)
    phase = default_mapper.model.get
    before = [phase(s).phase == "before" for s in default_mapper.predict_texts(WHAT_IF, ["chat"] * len(WHAT_IF))[0]]
    before_off = [phase(s).phase == "before" for s in off.predict_texts(WHAT_IF, ["chat"] * len(WHAT_IF))[0]]
    assert sum(before_off) == 2 and sum(before) == 5   # 'Jeśli kurtka nie będzie pasować, mogę ją zwrócić' stays support


def test_what_if_weight_zero_turns_it_off(default_mapper):
    off = StageMapper(default_mapper.model, default_mapper.embed, what_if_weight=0.0)
    texts = WHAT_IF
    on_l = default_mapper.logits(default_mapper.embed(texts), ["chat"] * len(texts), texts)
    off_l = off.logits(off.embed(texts), ["chat"] * len(texts), texts)
    before = [s.phase == "before" for s in default_mapper.model.stages]
    diff = on_l - off_l
    assert diff[:, before] == pytest.approx(1.5) and (diff[:, [not b for b in before]] == 0).all()


# ---- 2. a review is about the during phase too: where the product is used there (a stay), its praise is no check-out
# the stage file of dogfood 17b (a short-stay flat's guest journey), as its tester wrote it
FLAT_STAGES = '''
name = "Short-stay apartment guest journey"
phases = {before = "Before the stay", during = "The stay", after = "After checkout"}
drop_touchpoints = ["packaging", "assembly", "marketplace"]

[[stage]]
id = "booking"
name = "Choosing & booking"
phase = "before"
description = "Looking for a place to stay, comparing apartments, reading reviews and photos, asking what is included before booking, choosing dates and paying for the reservation on Booking.com, Airbnb or directly."
content_format = "listing page, comparison, photos"
needs = "find a well-located apartment that fits the group and budget"
examples = ["Is the apartment suitable for 6 people?", "We chose it because of the reviews and the price.", "Czy cena obejmuje sprzątanie?", "Подходит ли квартира для семьи с детьми?"]

[[stage]]
id = "pre_arrival"
name = "Before arrival"
phase = "before"
description = "After booking and before arriving: questions about arrival time, early check-in or late check-out, luggage storage, parking, airport transfer, baby cot, sending passport details for registration."
content_format = "pre-arrival message, FAQ"
needs = "plan the trip and the arrival"
examples = ["Can we check in early?", "Is there parking nearby?", "Czy organizujecie transfer z lotniska?", "Можно ли оставить вещи до заселения?"]

[[stage]]
id = "check_in"
name = "Arrival & check-in"
phase = "during"
description = "Arriving at the building, finding the apartment, self check-in with the key box code, carrying luggage up the stairs, getting in late at night and reaching the host when something goes wrong on arrival."
content_format = "check-in guide with photos, video"
needs = "get into the apartment quickly and without stress"
examples = ["The key box code doesn't work.", "We can't find the entrance.", "Nie możemy wejść do mieszkania.", "Код от ключницы не подходит."]

[[stage]]
id = "stay"
name = "During the stay"
phase = "during"
description = "Living in the apartment: sleep, noise, hot water, heating, Wi-Fi, cleanliness, equipment, the neighbourhood and location, and help from the host during the stay."
content_format = "in-apartment guide, house manual"
needs = "rest, work and enjoy the city comfortably"
examples = ["No hot water this morning.", "Very noisy at night.", "Wi-Fi nie działa.", "Отличное расположение."]

[[stage]]
id = "check_out"
name = "Check-out & after"
phase = "after"
description = "Leaving the apartment, the final bill, cleaning fee, city tax, deposit return, invoices, lost items, writing a review and coming back again."
content_format = "check-out message, price breakdown"
needs = "leave easily and pay what they expected"
examples = ["We were charged a cleaning fee at checkout.", "Could you send an invoice?", "Opłata miejscowa była niespodzianką.", "Верните депозит, пожалуйста."]
'''


def test_a_reviews_praise_of_the_stay_is_no_check_out(tmp_path):
    path = tmp_path / "flat.toml"
    path.write_text(FLAT_STAGES, encoding="utf-8")
    mapper = StageMapper(load_stage_model(str(path)), get_embedder("e5-small").embed)
    texts = ["Mieszkanie nieskazitelnie czyste.", "Very helpful and friendly host, answered all our questions.",
             "Очень чисто, свежее бельё и полотенца.", "The apartment was spotless."]
    assert mapper.predict_texts(texts, ["review"] * len(texts))[0] == ["stay"] * len(texts)
