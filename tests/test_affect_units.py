"""Fast unit tests of pipeline.affect: taxonomy mapping, custom taxonomy, lexicon rules, rating
evidence, output columns and aggregation. No model is run: embeddings are fixed random vectors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.affect import (CX_LABELS, EKMAN, GOEMOTIONS_LABELS, GOEMOTIONS_TO_CX, TAXONOMIES, AffectConfig,
                             AffectModel, aggregate, load_lexicon, resolve_custom)
from pipeline.affect._model import litotes_guard, venting_guard, wish_guard
from pipeline.config import load_config
from pipeline.errors import ConfigError


def _emb(n: int, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, 384)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


# ----------------------------------------------------------------------------- taxonomy

def test_taxonomies_have_the_issue_labels():
    assert TAXONOMIES["cx"] == ["frustration", "shame", "relief", "pride", "uncertainty", "anxiety", "confidence",
                                "surprise", "disappointment", "fear", "joy", "anger", "disgust", "trust",
                                "suspicion", "neutral"]
    assert len(TAXONOMIES["goemotions"]) == 28 and TAXONOMIES["goemotions"][-1] == "neutral"


def test_goemotions_to_cx_targets_are_cx_labels_and_key_mappings_hold():
    for g, targets in GOEMOTIONS_TO_CX.items():
        assert g in GOEMOTIONS_LABELS
        for c, w in targets.items():
            assert c in CX_LABELS and c != "neutral"
            assert 0 < w <= 1
    assert GOEMOTIONS_TO_CX["annoyance"] == {"frustration": 1.0}
    assert "frustration" in GOEMOTIONS_TO_CX["disapproval"]
    assert GOEMOTIONS_TO_CX["embarrassment"] == {"shame": 1.0}
    assert GOEMOTIONS_TO_CX["nervousness"] == {"anxiety": 1.0}
    assert GOEMOTIONS_TO_CX["confusion"] == {"uncertainty": 1.0}
    assert GOEMOTIONS_TO_CX["relief"] == {"relief": 1.0}


def test_ekman_grouping_covers_every_goemotions_label_once():
    members = [m for ms in EKMAN.values() for m in ms]
    assert sorted(members) == sorted(GOEMOTIONS_LABELS)
    assert len(members) == len(set(members))


def test_resolve_custom_normalises_and_rejects_bad_labels():
    assert resolve_custom({"stress": ["anxiety", "fear"], "delight": "joy"}, "cx") == {
        "stress": ["anxiety", "fear"], "delight": ["joy"]}
    with pytest.raises(ConfigError, match="not emotions of the 'cx' taxonomy"):
        resolve_custom({"stress": ["anxiety", "nervousness"]}, "cx")
    with pytest.raises(ConfigError, match="neutral"):
        resolve_custom({"neutral": "joy"}, "cx")
    assert resolve_custom({"stress": "nervousness"}, "goemotions") == {"stress": ["nervousness"]}


def test_config_loader_validates_affect_section():
    cfg = load_config(overrides={"affect": {"taxonomy": "goemotions", "threshold_scale": 1.5}})
    assert cfg.affect.taxonomy == "goemotions" and cfg.affect.threshold_scale == 1.5
    with pytest.raises(ConfigError, match="taxonomy"):
        load_config(overrides={"affect": {"taxonomy": "plutchik"}})
    with pytest.raises(ConfigError, match="threshold_scale"):
        load_config(overrides={"affect": {"threshold_scale": 0.0}})
    with pytest.raises(ConfigError, match="custom_taxonomy"):
        load_config(overrides={"affect": {"custom_taxonomy": {"stress": "panic"}}})


# ----------------------------------------------------------------------------- lexicon

@pytest.mark.parametrize("lang,text", [
    ("en", "Not bad at all"), ("en", "It's not bad, honestly"),
    ("pl", "Nie jest źle"), ("pl", "Wcale nie jest zły ten fotel"),
    ("ru", "Не то чтобы плохо"), ("ru", "Совсем не плохо"),
])
def test_litotes_is_detected_and_scores_positive(lang, text):
    ev = load_lexicon()[lang].evidence(text)
    assert ev.litotes and not ev.no_complaint
    assert ev.polarity > 0


@pytest.mark.parametrize("lang,text", [
    ("en", "Can't complain about the delivery"), ("pl", "Nie narzekam na dostawę"), ("ru", "К доставке нареканий нет"),
    ("pl", "Nie mogę narzekać"), ("ru", "Жаловаться не на что"),
])
def test_a_denied_complaint_is_no_complaint_not_litotes(lang, text):
    """One correction per text: a denied complaint is satisfaction, not also litotes (the head still reads
    the negated negative word as it was trained: ``all_negated``)."""
    ev = load_lexicon()[lang].evidence(text)
    assert ev.no_complaint and not ev.litotes and ev.all_negated
    assert ev.polarity > 0


@pytest.mark.parametrize("lang,text", [
    ("en", "It's bad, not good at all"), ("pl", "Nie polecam, jest źle"), ("ru", "Не рекомендую, всё плохо"),
    ("en", "The sofa is not good"), ("pl", "To nie jest dobre"), ("ru", "Это не хорошо"),
])
def test_negated_praise_and_plain_complaints_score_negative(lang, text):
    ev = load_lexicon()[lang].evidence(text)
    assert not ev.litotes
    assert ev.polarity < 0


def test_negation_stops_at_a_clause_break_and_hedges_damp():
    lex = load_lexicon()["en"]
    assert lex.evidence("No, the table is broken").polarity < 0  # "No," does not negate "broken"
    plain = lex.evidence("The app is bad").polarity
    hedged = lex.evidence("The app is kind of bad").polarity
    assert plain < hedged < 0


def test_negated_emotion_cue_does_not_fire():
    lex = load_lexicon()
    assert "anxiety" in lex["en"].evidence("I'm worried about the refund").cues
    assert "anxiety" not in lex["en"].evidence("I'm not worried about the refund").cues
    assert "suspicion" in lex["ru"].evidence("Похоже на развод").cues
    assert "trust" in lex["pl"].evidence("Ufam im, to sprawdzona firma").cues
    assert "trust" not in lex["pl"].evidence("Nie ufam im").cues


def test_litotes_guard_moves_negative_mass_only_where_flagged():
    p = np.array([[0.7, 0.2, 0.1], [0.7, 0.2, 0.1]])
    out = litotes_guard(p, np.array([True, False]))
    assert out[0].argmax() == 1 and np.isclose(out[0].sum(), 1.0)
    np.testing.assert_allclose(out[1], p[1])


def test_venting_guard_moves_neutral_and_positive_mass_to_negative_only_where_flagged():
    p = np.array([[0.2, 0.6, 0.2], [0.2, 0.6, 0.2]])
    out = venting_guard(p, np.array([True, False]))
    assert out[0].argmax() == 0 and np.isclose(out[0].sum(), 1.0)
    np.testing.assert_allclose(out[1], p[1])


def test_wish_guard_moves_positive_mass_to_neutral_only_where_flagged():
    p = np.array([[0.1, 0.3, 0.6], [0.1, 0.3, 0.6]])
    out = wish_guard(p, np.array([True, False]))
    assert out[0].argmax() == 1 and np.isclose(out[0].sum(), 1.0)
    assert out[0, 0] == p[0, 0]  # a wish may still name a lack: negative mass stays
    np.testing.assert_allclose(out[1], p[1])


# ----------------------------------------------------------------------------- model outputs

@pytest.fixture(scope="module")
def cx_model():
    return AffectModel(AffectConfig())


def test_output_columns_types_and_order(cx_model):
    texts = ["a", "b", "c"]
    out = cx_model.predict(texts, ["en", "pl", "ru"], _emb(3), [None, 0.9, None])
    assert list(out.columns) == (["sentiment", "sentiment_score", "emotions"]
                                 + [f"emo_{lab}" for lab in CX_LABELS] + ["rating_disagrees"])
    assert len(out) == 3 and list(out.index) == [0, 1, 2]
    assert set(out["sentiment"]) <= {"negative", "neutral", "positive"}
    assert out["sentiment_score"].between(-1, 1).all()
    assert out["rating_disagrees"].dtype == bool
    probs = out[[f"emo_{lab}" for lab in CX_LABELS]].to_numpy()
    assert ((probs >= 0) & (probs <= 1)).all()
    for emos in out["emotions"]:
        labs = emos.split(";")
        assert all(lab in CX_LABELS for lab in labs)
        assert labs == ["neutral"] or "neutral" not in labs


def test_rows_keep_input_order(cx_model):
    x = _emb(4)
    texts = ["w", "x", "y", "z"]
    out = cx_model.predict(texts, ["en"] * 4, x)
    rev = cx_model.predict(texts[::-1], ["en"] * 4, x[::-1])
    pd.testing.assert_frame_equal(out, rev.iloc[::-1].reset_index(drop=True))


def test_empty_input_gives_empty_frame_with_columns(cx_model):
    out = cx_model.predict([], [], None, None)
    assert len(out) == 0 and "emo_trust" in out.columns and "rating_disagrees" in out.columns


def test_mismatched_lengths_are_refused(cx_model):
    with pytest.raises(ValueError, match="langs"):
        cx_model.predict(["a", "b"], ["en"], _emb(2))
    with pytest.raises(ValueError, match="ratings"):
        cx_model.predict(["a", "b"], ["en", "en"], _emb(2), [0.5])


def test_rating_is_evidence_and_contradiction_is_flagged(cx_model):
    x = np.repeat(_emb(1, seed=3), 3, axis=0)
    texts = ["Terrible, broken on arrival, awful service."] * 3
    out = cx_model.predict(texts, ["en"] * 3, x, [None, 1.0, 0.0])
    s_none, s_high, s_low = out["sentiment_score"]
    assert s_low < s_none < s_high
    if out.loc[0, "sentiment"] == "negative":
        assert out.loc[1, "rating_disagrees"] and not out.loc[2, "rating_disagrees"]
    assert not out.loc[0, "rating_disagrees"]  # no rating, nothing to disagree with
    off = AffectModel(AffectConfig(use_rating=False)).predict(texts, ["en"] * 3, x, [None, 1.0, 0.0])
    assert off["sentiment_score"].nunique() == 1


def test_threshold_scale_changes_how_many_emotions_are_tagged():
    x = _emb(50, seed=5)
    texts = ["text"] * 50
    loose = AffectModel(AffectConfig(threshold_scale=0.2)).predict(texts, ["en"] * 50, x)
    strict = AffectModel(AffectConfig(threshold_scale=4.0)).predict(texts, ["en"] * 50, x)
    n = lambda df: sum(0 if e == "neutral" else len(e.split(";")) for e in df["emotions"])  # noqa: E731
    assert n(loose) > n(strict)


def test_custom_taxonomy_maps_onto_base_labels(cx_model):
    custom = AffectModel(AffectConfig(custom_taxonomy={"stress": ["anxiety", "fear"], "delight": "joy"}))
    assert custom.labels == ["stress", "delight", "neutral"]
    x = _emb(6, seed=7)
    texts = ["I'm worried and scared", "love it", "ok", "a", "b", "c"]
    base = cx_model.predict(texts, ["en"] * 6, x)
    out = custom.predict(texts, ["en"] * 6, x)
    assert list(out.columns) == ["sentiment", "sentiment_score", "emotions", "emo_stress", "emo_delight",
                                 "emo_neutral", "rating_disagrees"]
    np.testing.assert_allclose(out["emo_stress"], np.maximum(base["emo_anxiety"], base["emo_fear"]))
    np.testing.assert_allclose(out["emo_delight"], base["emo_joy"])
    for b, c in zip(base["emotions"], out["emotions"]):
        bl = set(b.split(";"))
        expect = [lab for lab, src in (("stress", {"anxiety", "fear"}), ("delight", {"joy"})) if bl & src]
        assert c.split(";") == (expect or ["neutral"])


def test_goemotions_taxonomy_outputs_28_labels():
    model = AffectModel(AffectConfig(taxonomy="goemotions"))
    out = model.predict(["x", "y"], ["en", "en"], _emb(2))
    assert [c for c in out.columns if c.startswith("emo_")] == [f"emo_{lab}" for lab in GOEMOTIONS_LABELS]


def test_unknown_language_uses_the_lexicon_of_its_script(cx_model):
    x = np.repeat(_emb(1, seed=11), 2, axis=0)
    a = cx_model.predict(["Не то чтобы плохо"] * 2, ["ru", "und"], x)
    assert a.loc[0, "sentiment_score"] == pytest.approx(a.loc[1, "sentiment_score"])


# ----------------------------------------------------------------------------- aggregation

def test_aggregate_share_and_intensity_exact():
    t = pd.DataFrame({
        "stage": ["buy", "buy", "buy", "use", "use"],
        "sentiment": ["negative", "positive", "", "neutral", "negative"],
        "sentiment_score": [-0.8, 0.6, np.nan, 0.0, -0.4],
        "emotions": ["anger;frustration", "joy", "", "neutral", "frustration"],
        "emo_anger": [0.9, 0.1, np.nan, 0.0, 0.2],
        "emo_frustration": [0.7, 0.1, np.nan, 0.1, 0.8],
        "emo_joy": [0.0, 0.8, np.nan, 0.2, 0.0],
    })
    out = aggregate(t, "stage", ["anger", "frustration", "joy"])
    assert list(out["stage"]) == ["buy", "use"]
    assert list(out["n_segments"]) == [2, 2]  # the row without sentiment (not a customer) is ignored
    buy = out.iloc[0]
    assert buy["share_anger"] == 0.5 and buy["share_frustration"] == 0.5 and buy["share_joy"] == 0.5
    assert buy["intensity_anger"] == pytest.approx(0.5) and buy["intensity_joy"] == pytest.approx(0.4)
    assert buy["sentiment_mean"] == pytest.approx(-0.1)
    use = out.iloc[1]
    assert use["share_frustration"] == 0.5 and use["sentiment_negative"] == 0.5 and use["sentiment_neutral"] == 0.5
    # the sentiment shares sum to one whatever the emotion "neutral" says (its share had overwritten them)
    t2 = pd.DataFrame({"g": ["a", "a", "a"], "sentiment": ["negative", "neutral", "positive"], "sentiment_score": [-0.5, 0, 0.5],
                       "emotions": ["anger", "neutral", "neutral"], "emo_anger": [0.9, 0, 0], "emo_neutral": [0.1, 0.9, 0.8]})
    a = aggregate(t2, "g", ["anger", "neutral"]).iloc[0]
    assert (a["sentiment_negative"], a["sentiment_neutral"], a["sentiment_positive"]) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert a["share_neutral"] == pytest.approx(2 / 3)


def test_aggregate_multi_valued_groups_and_missing_column():
    t = pd.DataFrame({"touchpoints": ["app;email", "app"], "sentiment": ["negative", "positive"],
                      "sentiment_score": [-1.0, 1.0], "emotions": ["anger", "joy"],
                      "emo_anger": [1.0, 0.0], "emo_joy": [0.0, 1.0]})
    out = aggregate(t, "touchpoints", ["anger", "joy"], multi=True).set_index("touchpoints")
    assert out.loc["app", "n_segments"] == 2 and out.loc["email", "n_segments"] == 1
    assert out.loc["app", "share_anger"] == 0.5 and out.loc["email", "share_anger"] == 1.0
    with pytest.raises(KeyError, match="emo_trust"):
        aggregate(t, "touchpoints", ["trust"])
