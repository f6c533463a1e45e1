"""Survey answers are read with their question: a flat answer to "What could we improve?" is a request."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("question, asks", [
    ("What could we improve?", "improve"), ("Co możemy poprawić?", "improve"), ("Что нам улучшить?", "improve"),
    ("Czego zabrakło?", "improve"), ("What was missing?", "improve"),
    ("What went wrong?", "problem"), ("Co Ci się najmniej podobało?", "problem"), ("Что не понравилось?", "problem"),
    ("What did you like?", "praise"), ("Co Ci się podobało?", "praise"), ("Что вам понравилось?", "praise"),
    ("Why this score?", "score"), ("Dlaczego taka ocena?", "score"), ("Комментарий", ""), ("Anything else?", ""),
])
def test_survey_question_kind(question, asks):
    from pipeline.detect._rules import survey_question_kind

    assert survey_question_kind(question) == asks


@pytest.mark.parametrize("kind, asks, text, score, expected", [
    ("praise", "improve", "Dłuższa gwarancja na piankę", 0.1, "request"),     # a flat suggestion
    ("other", "improve", "Faster delivery please", -0.1, "request"),
    ("pain_point", "improve", "The app crashes at checkout", -0.7, "pain_point"),  # a complaint stays one
    ("other", "improve", "Nic, wszystko super", 0.8, "other"),                # nothing to improve
    ("praise", "improve", "Wszystko jest świetne!", 0.9, "praise"),           # upbeat: not a suggestion
    ("question", "improve", "Czy będzie aplikacja na iPada?", 0.0, "question"),
    ("other", "problem", "Montaż trwał trzy godziny", -0.2, "pain_point"),
    ("other", "praise", "Obsługa w salonie", 0.1, "praise"),
    ("pain_point", "praise", "Nothing, the delivery was late", -0.6, "pain_point"),
    ("other", "", "9 bo tak", 0.2, "other"),
    # found on a fitness-club survey: flat answers to "What should we improve?" the model read otherwise
    ("question", "improve", "Informacja o opłacie wpisowej wcześniej", 0.0, "request"),
    ("question", "improve", "Faktury w aplikacji nie działają", -0.84, "pain_point"),
    ("pain_point", "improve", "Dłuższy darmowy parking", 0.04, "request"),
    ("pain_point", "improve", "Tłok po 17. Nie da się ćwiczyć", -0.66, "pain_point"),
    ("pain_point", "praise", "Чистота", -0.33, "praise"),                  # "What do you like most?"
])
def test_survey_answer_is_read_with_its_question(kind, asks, text, score, expected):
    from pipeline.detect._rules import survey_kind

    assert survey_kind(kind, asks, text, score) == expected


def test_a_reviews_cons_are_read_as_what_went_wrong_and_its_pros_as_what_they_liked():
    """A five-star review's "Недостатки" ("Маломерит на размер, пришлось оформлять возврат") is a complaint
    whatever the model made of it; its pros are praise; the review's own text and survey answers keep
    their rules (a survey answer is read with its question)."""
    import numpy as np
    import pandas as pd

    from pipeline.stages.detect import _read_with_question

    out = pd.DataFrame({
        "text": ["Маломерит на размер, пришлось оформлять возврат", "Мягкая, приятная к телу", "Все отлично, спасибо!",
                 "Dłuższa gwarancja na piankę"],
        "source_type": ["review", "review", "review", "survey"],
        "meta_review_part": ["cons", "pros", "text", ""],
        "meta_question": ["", "", "", "Co możemy poprawić?"],
        "kind": ["other", "other", "praise", "praise"], "kind_confidence": 0.9, "barrier": "",
        "sentiment_score": [0.1, 0.2, 0.9, 0.1]})
    _read_with_question(out, np.ones(len(out), bool))
    assert out["kind"].tolist() == ["pain_point", "praise", "praise", "request"]
    assert out.loc[0, "barrier"] in ("company", "customer")
