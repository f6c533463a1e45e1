"""Session 15 (detection): the lexicon is read once per text, across the affect stage and detection."""

from __future__ import annotations

import doctest
from types import SimpleNamespace

import numpy as np
import pytest

import pipeline.affect._rules as affect_rules
import pipeline.detect._rules as detect_rules
from pipeline.affect import AffectConfig, AffectModel
from pipeline.detect import Detector

# no question mark: each of them reaches the satisfaction rule, which reads the lexicon's evidence
TEXTS = [("en", "No complaints about the sofa at all"), ("pl", "Kurier spóźnił się dwa dni, a paczka była mokra"),
         ("ru", "Претензий к качеству нет"), ("en", "The export kept failing, but they fixed it"),
         ("pl", "Wszystko w porządku, nie mam zastrzeżeń"), ("ru", "Курьер опоздал на три часа")]


@pytest.fixture(scope="module")
def model():
    return AffectModel(AffectConfig())


@pytest.mark.model
def test_detection_after_affect_scores_no_text_with_the_lexicon_again(model, monkeypatch):
    """The affect stage has scored these texts; detection asks for the same evidence and gets it kept."""
    langs, texts = [x[0] for x in TEXTS], [x[1] for x in TEXTS]
    affect_rules._memo_evidence.cache_clear()
    scores = model.predict(texts, langs)["sentiment_score"].tolist()
    scored = []
    score = affect_rules.Lexicon._score
    monkeypatch.setattr(affect_rules.Lexicon, "_score", lambda self, text: scored.append(text) or score(self, text))
    kinds = Detector(SimpleNamespace(method="rules")).predict(texts, langs, scores)["kind"].tolist()
    # only the part after a fix ("they fixed it") is read on its own: a different text
    assert [t for t in scored if t not in ("they fixed it",)] == []
    assert kinds[0] == kinds[2] == kinds[3] == kinds[4] == "praise" and kinds[1] == kinds[5] == "pain_point"


def test_kept_evidence_is_bounded_and_the_same_as_scoring_again():
    lex = affect_rules.load_lexicon()["ru"]
    assert affect_rules._memo_evidence.cache_info().maxsize == affect_rules.EVIDENCE_MEMO
    assert lex.evidence("Претензий к качеству нет") == lex._score("Претензий к качеству нет")


@pytest.mark.parametrize("module", [affect_rules, detect_rules])
def test_doc_examples(module):
    assert doctest.testmod(module).failed == 0


# A denied complaint in each language, and the litotes of the same family ("not bad"): each is corrected once
DENIED = [("en", "No complaints about the courier at all"), ("pl", "Do kuriera nie mam żadnych zastrzeżeń"),
          ("ru", "К курьеру претензий нет")]
LITOTES = [("en", "not bad at all"), ("pl", "nie jest źle"), ("ru", "не то чтобы плохо")]


@pytest.mark.model
@pytest.mark.parametrize("cases,guard", [(DENIED, "satisfied"), (LITOTES, "litotes")])
def test_a_denied_complaint_or_a_litotes_is_corrected_once(model, cases, guard):
    """The sentiment head's reading of "К курьеру претензий нет" is moved to positive once, as satisfaction
    (it had also been moved as litotes first); "nie jest źle" once, as litotes."""
    from pipeline.affect._model import litotes_guard, satisfied_guard

    langs, texts = [x[0] for x in cases], [x[1] for x in cases]
    x = model._vectors(texts, None)
    evidence = [affect_rules.text_evidence(t, lang) for t, lang in zip(texts, langs)]
    assert all((ev.no_complaint, ev.litotes) == (guard == "satisfied", guard == "litotes") for ev in evidence)
    _, p = model.base_probabilities(x, evidence, texts)
    once = np.ones(len(texts), bool)
    p = satisfied_guard(p, once) if guard == "satisfied" else litotes_guard(p, once)
    out = model.predict(texts, langs, x)
    np.testing.assert_allclose(out["sentiment_score"], p[:, 2] - p[:, 0], atol=1e-4)
    assert (out["sentiment"] == "positive").all() or guard == "litotes", out
    if guard == "satisfied":
        kinds = Detector(SimpleNamespace(method="rules")).predict(texts, langs, out["sentiment_score"].tolist())
        assert kinds["kind"].tolist() == ["praise"] * 3


# ---- one courtesy vocabulary (pipeline/resources/courtesy.txt) for detection, the journey and theme names ----------
# each had been in one or two of the three lists only: "Dziękujemy" in the journey's, "Добрый день" in the journey's
# and the names', "Good morning" and "Powodzenia" in detection's, "Благодарю" in detection's and the journey's
COURTESIES = ["Dziękujemy!", "Добрый день, спасибо!", "Good morning, thanks", "Powodzenia!", "Благодарю",
              "Will do. Thank you"]


@pytest.mark.parametrize("text", COURTESIES)
def test_detection_reads_every_shared_courtesy_as_courtesy(text):
    assert detect_rules.is_courtesy(text)
    assert Detector(SimpleNamespace(method="rules")).predict([text], ["und"], [0.6])["kind"].tolist() == ["other"]


@pytest.mark.parametrize("text", COURTESIES)
def test_the_journey_reads_every_shared_courtesy_as_a_contentless_turn(text):
    from pipeline.journey import is_contentless

    assert is_contentless(text)


@pytest.mark.parametrize("text", ["Gdzie jest faktura? Dziękujemy!", "Добрый день, где мой заказ? Спасибо большое",
                                  "Good morning, where is my order? Благодарю", "Where is my order? Thanks a lot!"])
def test_theme_names_drop_every_shared_greeting_and_thanks(text):
    from pipeline.themes._naming import without_pleasantries

    assert without_pleasantries(text) in ("Gdzie jest faktura?", "Где мой заказ?", "Where is my order?")


@pytest.mark.parametrize("text", ["yes", "tak", "нет"])
def test_a_bare_yes_or_no_is_courtesy_to_detection_but_placed_by_its_question_in_the_journey(text):
    # since 7cfc2e6 small talk is contentless to the journey too, and a yes or no keeps the real question put to it
    # (says_yes_or_no; test_journey_s18a2 maps them)
    from pipeline.journey import is_contentless
    from pipeline.journey._context import says_yes_or_no

    assert detect_rules.is_courtesy(text) and is_contentless(text) and says_yes_or_no(text)
