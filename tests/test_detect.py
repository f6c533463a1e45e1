"""Detection in en/pl/ru: rule cues, the rules-only classifier, the trained head's plumbing."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from pipeline.detect import (KINDS, Detector, DetectHead, barrier_side, has_contrast, is_question, is_request, is_rhetorical,
                             rule_features)
from pipeline.detect._head import RESOURCES, features, head_path
from pipeline.detect._rules import RULE_FEATURES, rule_kind

RULES = SimpleNamespace(method="rules")


@pytest.mark.parametrize("text", [
    "How long does a refund take?",
    "does the price include installation",                        # no '?', chat style
    "I couldn't find how to cancel my subscription.",              # implicit
    "I wasn't sure whether the warranty covers water damage.",
    "Czy mogę zapłacić w ratach",
    "Nie wiem, czy gwarancja obejmuje zalanie.",                  # implicit pl
    "Zastanawiam się, czy macie zniżki dla studentów.",
    "Nie mogłam nigdzie znaleźć, jak anulować subskrypcję.",
    "Сколько идёт возврат денег",
    "Не понял, где посмотреть номер полиса.",                      # implicit ru
    "Подскажите, как выгрузить счета в Excel",
    "Интересно, а есть ли скидки для студентов.",
])
def test_questions_explicit_and_implicit(text):
    assert is_question(text)
    assert rule_kind(text, 0.0)[0] == "question"


@pytest.mark.parametrize("text", [
    "We moved to Warsaw two years ago.",
    "Przeprowadziliśmy się do Krakowa dwa lata temu.",
    "Мы переехали в Екатеринбург два года назад.",
])
def test_statements_are_not_questions(text):
    assert not is_question(text)


@pytest.mark.parametrize("text", [
    "It would be great if you could add Apple Pay.",
    "Please add a dark mode.",
    "Przydałoby się więcej dań wegetariańskich.",
    "Dodajcie tryb ciemny.",
    "Было бы здорово, если бы вы добавили Apple Pay.",
    "Хотелось бы, чтобы приложение запоминало заказ.",
])
def test_requests(text):
    assert is_request(text)
    assert rule_kind(text, 0.0)[0] == "request"


@pytest.mark.parametrize("text,score", [
    ("The courier never came and nobody answers the phone.", -0.7),
    ("Kurier nie przyjechał i nikt nie zadzwonił.", -0.7),
    ("Курьер так и не приехал, никто не перезвонил.", -0.7),
    ("The delivery was late again.", 0.0),  # cue alone, neutral sentiment
])
def test_pain_points(text, score):
    assert rule_kind(text, score)[0] == "pain_point"


@pytest.mark.parametrize("text,score", [
    ("Great service, the sofa arrived early.", 0.8),
    ("Super obsługa, polecam!", 0.8),
    ("Отличный сервис, спасибо!", 0.0),  # cue alone
])
def test_praise(text, score):
    assert rule_kind(text, score)[0] == "praise"


@pytest.mark.parametrize("text,rhetorical", [
    ("Forty minutes on hold again. Is this a joke?", True),
    ("Are you kidding me? The sofa is the wrong colour.", True),
    ("Trzeci raz to samo. Ile można?", True),
    ("Czy ktoś tu w ogóle odpisuje na maile?", True),
    ("Zamówienie miało być wczoraj, serio?", True),
    ("Сколько можно ждать возврат?", True),
    ("Вы там вообще читаете, что я пишу?", True),
    ("Опять не тот размер?!", True),
    ("Во сколько можно забрать заказ?", False),
    ("А вы вообще доставляете в наш посёлок?", False),
    ("Ile kosztuje dostawa do Gdańska?", False),
    ("How long does delivery take to Leeds?", False),
    ("Is this a joke offer or can I really get two mattresses for one price?", False),
])
def test_is_rhetorical(text, rhetorical):
    assert is_rhetorical(text) is rhetorical


@pytest.mark.parametrize("text,turns", [
    ("Great sofa, but the delivery took eight weeks.", True), ("sofa is great tho", True),
    ("Ładna, ale się mechaci.", True), ("Диван хороший, но доставка опоздала.", True),
    ("Great sofa, quick delivery.", False), ("Butter-soft leather.", False), ("Нормально, спасибо.", False),
])
def test_has_contrast(text, turns):
    assert has_contrast(text) is turns


def test_rhetorical_question_with_negative_sentiment_is_a_pain_point_in_the_rules():
    assert rule_kind("Trzeci raz dostaję nie ten rozmiar. Ile można?", -0.5)[0] == "pain_point"
    assert rule_kind("Во сколько можно забрать заказ?", 0.0)[0] == "question"


def test_rhetorical_complaint_question_is_a_pain_point():
    assert rule_kind("Why is it so hard to reach anyone? Nobody answers and my order is still missing.", -0.8)[0] == \
        "pain_point"


@pytest.mark.parametrize("text,side", [
    ("My husband thought it was too expensive.", "customer"),
    ("We just couldn't afford the deposit this month.", "customer"),
    ("Mąż uznał, że to za drogo.", "customer"),
    ("Nie mam czasu chodzić na zajęcia.", "customer"),
    ("Жена сомневалась, что компания честная.", "customer"),
    ("Зарплата приходит в конце месяца, раньше заплатить не мог.", "customer"),
    ("The quote took six weeks to arrive.", "company"),
    ("Wycena kuchni trwała sześć tygodni.", "company"),
    ("Расчёт кухни делали шесть недель.", "company"),
])
def test_barrier_side(text, side):
    assert barrier_side(text) == side


def test_rule_features_shape_and_range():
    f = rule_features("Czy mogę zapłacić w ratach?")
    assert f.shape == (len(RULE_FEATURES),)
    assert ((f >= 0) & (f <= 1)).all()
    named = dict(zip(RULE_FEATURES, f))
    assert named["qmark"] == 1 and named["qmark_end"] == 1 and named["q_start"] == 1


def test_detector_rules_only_output_contract():
    texts = ["Czy mogę zapłacić w ratach?", "Kurier nie przyjechał, nikt nie zadzwonił.", "Mąż uznał, że to za drogo.",
             "Dodajcie tryb ciemny.", "Super obsługa, polecam!", "Mam dwoje dzieci."]
    scores = [0.0, -0.8, -0.5, 0.0, 0.9, 0.0]
    out = Detector(RULES).predict(texts, ["pl"] * 6, scores)
    assert list(out.columns) == ["kind", "kind_confidence", "barrier"]
    assert out["kind"].tolist() == ["question", "pain_point", "pain_point", "request", "praise", "other"]
    assert out["barrier"].tolist() == ["", "company", "customer", "", "", ""]
    assert out["kind_confidence"].between(0, 1).all()


def test_detector_accepts_missing_sentiment_and_rejects_misaligned_input():
    out = Detector(RULES).predict(["Where is my order?"], ["en"], [float("nan")])
    assert out["kind"].tolist() == ["question"]
    with pytest.raises(ValueError, match="row-aligned"):
        Detector(RULES).predict(["a", "b"], ["en"], [0.0, 0.0])


def test_no_head_for_other_embedders_or_rules_method():
    E = np.ones((1, 64)) / 8
    assert Detector(embedder="fake").head_for(E) is None
    assert Detector(RULES, embedder="e5-small").head_for(np.ones((1, 384))) is None
    # a 384-d matrix from another model must not use the e5 head when the caller names the model
    assert Detector(embedder="sentence-transformers:all-MiniLM-L6-v2").head_for(np.ones((1, 384))) is None


def test_shipped_head_loads_and_matches_rule_features():
    head = DetectHead.load("e5-small")
    assert head is not None, f"missing {head_path('e5-small')}; run scripts/train_detect.py"
    assert head.kinds == KINDS
    assert head.W.shape == (len(KINDS), head.dim + len(RULE_FEATURES) + 1)
    assert head.dim == 384


def test_head_path_is_filesystem_safe():
    assert head_path("sentence-transformers:org/model").name == "head_sentence-transformers_org_model.npz"


def test_head_used_with_matching_embeddings_and_rules_for_unembedded_rows():
    head = DetectHead.load("e5-small")
    rng = np.random.default_rng(0)
    E = rng.standard_normal((3, 384))
    E /= np.linalg.norm(E, axis=1, keepdims=True)
    E[2] = 0.0  # a row that was not embedded falls back to the rules
    texts = ["Where is my order?", "The courier never came.", "Czy mogę zapłacić w ratach?"]
    out = Detector(embedder="e5-small").predict(texts, ["en", "en", "pl"], [0.0, -0.8, 0.0], E)
    X = features(texts[:2], E[:2], np.array([0.0, -0.8]))
    P = head.predict_proba(X)
    assert out["kind"].tolist()[:2] == [KINDS[i] for i in P.argmax(axis=1)]
    np.testing.assert_allclose(out["kind_confidence"].to_numpy()[:2], P.max(axis=1))
    assert out["kind"].iloc[2] == "question"


def test_bare_order_numbers_and_contact_details_are_other_with_and_without_the_head():
    texts = ["SOF-2026-102875", "[EMAIL]", "SOF-2026-108117 REK-2026-0544",
             "SOF-2026-108990, reklamacja na rozdarte obicie fotela", "SOF-2026-102875?"]
    scores = [0.0, 0.0, -0.3, -0.6, 0.0]
    rules = Detector(RULES).predict(texts, ["pl"] * 5, scores)
    rng = np.random.default_rng(1)
    E = rng.standard_normal((5, 384))
    E /= np.linalg.norm(E, axis=1, keepdims=True)
    head = Detector(embedder="e5-small").predict(texts, ["pl"] * 5, scores, E)
    for out in (rules, head):
        assert out["kind"].tolist()[:3] == ["other"] * 3
        assert out["barrier"].tolist()[:3] == [""] * 3
    # a complaint that carries its order number is still read, and a question mark keeps the turn a question
    assert rules["kind"].iloc[3] == "pain_point"
    assert rules["kind"].iloc[4] == "question"


def test_predict_barrier_without_head_uses_cues():
    det = Detector(RULES)
    assert det.predict_barrier(["My wife said no.", "The app crashed."]) == ["customer", "company"]


def test_seed_examples_are_well_formed():
    seeds = pd.read_csv(RESOURCES / "seeds.csv", keep_default_na=False, dtype=str)
    assert set(seeds["kind"]) == set(KINDS)
    assert set(seeds["lang"]) == {"en", "pl", "ru"}
    assert seeds["text"].is_unique
    assert (seeds.loc[seeds["kind"] == "pain_point", "barrier"].isin(["company", "customer"])).all()
    assert (seeds.loc[seeds["kind"] != "pain_point", "barrier"] == "").all()
    assert seeds.groupby("lang").size().min() >= 300


def test_bare_thanks_and_agreement_are_not_praise():
    # a fitness-club corpus's "What works" had a theme "dzięki, w końcu" of thank-yous and an interview consent
    from types import SimpleNamespace

    from pipeline.detect import Detector

    det = Detector(SimpleNamespace(method="rules"))
    texts = ["Great, thanks 👍", "super, dzięki!", "Dzień dobry, tak, jasne, nie ma problemu.", "ок, спасибо",
             "Dziękuję również, powodzenia.", "Thanks, you too, have a nice day!",
             "Thank you so much, the sofa is lovely", "Спасибо, курьер был очень вежлив"]
    kinds = det.predict(texts, ["en", "pl", "pl", "ru", "pl", "en", "en", "ru"], [0.8, 0.8, 0.3, 0.6, 0.7, 0.8, 0.9, 0.8])["kind"].tolist()
    assert kinds[:6] == ["other"] * 6
    assert kinds[6:] == ["praise", "praise"]
