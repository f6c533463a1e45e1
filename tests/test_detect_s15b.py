"""Session 15 (detection and theme labels, second round): what two dogfood corpora (a Polish fitness club's reviews,
interviews and chats; a Russian money-transfer app's support calls) showed."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import pipeline.stages.detect as detect_stage
from pipeline.affect._rules import text_evidence
from pipeline.detect import Detector, has_contrast, is_rhetorical
from pipeline.detect._rules import turns_to_complaint

PIPELINE = Path(detect_stage.__file__).resolve().parent.parent


def test_detections_cache_is_keyed_by_the_lexicon_and_the_courtesy_phrases_it_reads(monkeypatch):
    """An edit to the affect lexicon (its rules or words) or to courtesy.txt changes detection's kinds: its cached
    rows must not be served after one."""
    seen = {}

    def capture(stage, ctx, keys, predict, code, block):
        seen["code"] = ("stages/detect.py", "embedders.py", "text.py", *code)  # as stage_namespace adds them
        return predict(np.arange(len(keys)))

    monkeypatch.setattr(detect_stage, "cached_stage_rows", capture)
    rows = pd.DataFrame({"text": ["Nie mam zastrzeżeń"], "lang": ["pl"], "is_customer": [True], "sentiment": ["positive"],
                         "sentiment_score": [0.5], "rating": [np.nan]})
    ctx = SimpleNamespace(artifacts={"detector": Detector(SimpleNamespace(method="rules")), "embeddings": None})
    detect_stage.run(rows, ctx)
    read = ("affect/_rules.py", "resources/affect/lexicon.json", "resources/courtesy.txt", "detect/_rules.py")
    for rel in read:
        assert any(rel == c or rel.startswith(c.rstrip("/") + "/") for c in seen["code"]), rel
        assert (PIPELINE / rel).is_file()


@pytest.mark.parametrize("lang, text", [("en", "Can't complain."), ("pl", "Nie mogę narzekać."), ("ru", "Жаловаться не на что."),
                                        ("ru", "Не могу пожаловаться, всё пришло вовремя."), ("ru", "Не жалуюсь.")])
def test_i_cant_complain_is_a_denied_complaint_in_every_language_counted_once(lang, text):
    """'Can't complain' was a denied complaint (satisfaction) while 'Nie mogę narzekać' and 'Жаловаться не на что' were
    litotes (mild praise), and 'can't complain' / 'cant complain' were two positive phrases of one text."""
    ev = text_evidence(text, lang)
    assert ev.no_complaint and not ev.litotes and ev.positive == 1.0


def _read(rows: list[tuple[str, str]], ratings: list[float | None] | None = None) -> pd.DataFrame:
    """Sentiment and kind of texts as a run gives them (e5-small's vectors as e5-fast computes them in a run, the
    affect model, detection with its head)."""
    from pipeline.affect import AffectConfig, AffectModel
    from pipeline.embedders import get_embedder

    langs, texts = [r[0] for r in rows], [r[1] for r in rows]
    E = get_embedder("e5-fast").embed(texts)
    aff = AffectModel(AffectConfig()).predict(texts, langs, E, ratings)
    det = Detector(embedder="e5-small").predict(texts, langs, aff["sentiment_score"].tolist(), E, ratings)
    return pd.concat([aff[["sentiment", "sentiment_score"]], det[["kind"]]], axis=1).assign(text=texts)


@pytest.mark.model
def test_a_report_that_changed_nothing_or_a_payment_blocked_through_the_bank_is_a_complaint():
    """'Zgłaszałem to na recepcji z pięć razy i nic się nie zmieniło.' read +0.43 and praise, 'Zablokowałam to przez
    bank, …' +0.57 and praise: the lexicon knew no such phrase and the head read the embedding alone."""
    out = _read([("pl", "Zgłaszałem to na recepcji z pięć razy i nic się nie zmieniło."),
                 ("pl", "Zablokowałam to przez bank, nie chciało mi się z nimi kłócić."),
                 ("en", "I reported it at the front desk five times and nothing changed."),
                 ("ru", "Я пять раз сообщал об этом на ресепшене, и ничего не изменилось."),
                 ("ru", "Заблокировала платёж через банк, не хотелось с ними ругаться.")])
    assert out["sentiment"].eq("negative").all(), out
    assert out["kind"].eq("pain_point").all(), out


def test_a_complaint_phrase_beside_a_question_or_a_positive_word_is_left_to_the_other_rules():
    """'If … it doesn't work out, is there a cancellation fee?' asks; 'nothing changed, and it's great' is no plain
    complaint."""
    assert text_evidence("Zgłaszałem to pięć razy i nic się nie zmieniło.", "pl").complains
    assert not text_evidence("If I book it and it doesn't work out, is there a fee?", "en").complains
    assert not text_evidence("Nothing changed and the coffee is still great", "en").complains
    assert text_evidence("Zablokowałem płatność, bo pobrali dwa razy", "pl").complains  # 'zablokował* płatnoś*'


@pytest.mark.parametrize("lang, text", [
    ("pl", "Żeby zrezygnować, musiałem wysłać list polecony na adres centrali. Serio, w 2026 roku list polecony?"),
    ("pl", "Serio nie można mailowo? Pracuję do 20 i recepcja biurowa jest już zamknięta."),
    ("en", "Seriously, a registered letter in 2026?"), ("ru", "Серьёзно, заказное письмо в 2026 году?")])
def test_seriously_opening_a_question_vents(lang, text):
    """Only 'serio?' right before the question mark had counted: 'Serio, w 2026 roku list polecony?' was a question."""
    assert is_rhetorical(text)


@pytest.mark.parametrize("text", ["Is the frame seriously damaged?", "Czy to serio działa?", "Это серьёзно повредит мотор?"])
def test_seriously_inside_a_question_asks(text):
    assert not is_rhetorical(text)


@pytest.mark.model
def test_a_question_opened_with_seriously_is_a_pain_point():
    out = _read([("pl", "Żeby zrezygnować, musiałem wysłać list polecony na adres centrali. Serio, w 2026 roku list "
                        "polecony?"), ("en", "Seriously, a registered letter in 2026?")])
    assert out["kind"].eq("pain_point").all(), out


@pytest.mark.parametrize("text", ["Trenerzy byli w porządku, tylko ciągle nowi.", "Fajny klub; jedynie szatnie brudne",
                                  "Fajne zajęcia. Tylko że o 6 rano nie da się zapisać.", "Хороший зал, только тренеры меняются"])
def test_tylko_and_tolko_opening_a_clause_after_another_are_a_but(text):
    assert has_contrast(text)


@pytest.mark.parametrize("text", ["Tylko jeden trener jest dobry", "Świetny klub, tylko 10 minut od domu",
                                  "Зал открылся, только что был там", "Zapłaciłam tylko 50 zł"])
def test_tylko_as_only_is_no_contrast(text):
    assert not has_contrast(text)


def test_a_contrast_word_ending_its_sentence_turns_that_sentence():
    """'…The app crashes every morning at 6 though.': nothing follows 'though', the complaint is before it."""
    assert turns_to_complaint("Good gym, friendly staff. The app crashes every morning at 6 though.", "en")
    assert turns_to_complaint("Fajne zajęcia, dobry sprzęt. Tylko o 6 rano w aplikacji nie da się zapisać na nic.", "pl")
    assert not turns_to_complaint("Good gym, friendly staff. Parking is free though.", "en")


@pytest.mark.model
def test_a_mixed_review_keeps_its_complaint():
    """Four-star reviews that praise and then complain, and an interview's lukewarm praise with 'tylko', had been praise."""
    out = _read([("pl", "Fajne zajęcia, dobry sprzęt. Tylko o 6 rano w aplikacji nie da się zapisać na nic."),
                 ("en", "Good gym, friendly staff, spacious free weights area. The app crashes every morning at 6 when "
                        "class booking opens though."),
                 ("pl", "Trenerzy byli w porządku, tylko ciągle nowi.")],
                ratings=[0.75, 0.75, None])
    assert out["kind"].eq("pain_point").all(), out
