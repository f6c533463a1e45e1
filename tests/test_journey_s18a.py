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
