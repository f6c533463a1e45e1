"""Train the detection head: logistic regression on sentence embeddings + rule cues.

Reads the hand-written seed examples in ``pipeline/resources/detect/seeds.csv`` (en/pl/ru, many
domains; written for training, independent of the gold test sets in ``tests/data/gold``), embeds
them with the chosen embedder (cached by content), picks the regularisation and the class
weighting by grouped cross-validation on the seeds, calibrates small per-language offsets for
pain_point/other on the out-of-fold scores, and writes ``pipeline/resources/detect/head_<embedder>.npz``:
a kind head (5 classes) and a barrier head (company vs customer, trained on pain points). At run
time the detector only needs numpy. Finally it reports per-language F1 on ``dev.csv`` (longer
interview/review/chat segments written apart from the seeds; never used for a choice).

Usage:
    python scripts/train_detect.py                       # e5-small, writes the shipped weights
    python scripts/train_detect.py --embedder use-multilingual
    python scripts/train_detect.py --dry-run             # cross-validation report only
    python scripts/train_detect.py --no-calibration      # no per-language offsets
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.detect import KINDS  # noqa: E402
from pipeline.detect._head import RESOURCES, features, head_path  # noqa: E402
from pipeline.detect._rules import RULE_FEATURES  # noqa: E402

SEEDS = RESOURCES / "seeds.csv"
DEV = RESOURCES / "dev.csv"  # longer interview/review/chat segments written apart from the seeds; only reported
# Re-run this script when pipeline.affect changes: its sentiment score is one of the head's features.


def embed(texts: list[str], embedder: str, cache_dir: str) -> np.ndarray:
    from pipeline.cache import embed_with_cache

    mat, _ = embed_with_cache(texts, embedder, cache_dir)
    return mat


def affect_scores(texts: list[str], langs: list[str], E: np.ndarray) -> np.ndarray:
    """Sentiment from the current pipeline.affect model, as the detector will receive it at run time."""
    from pipeline.affect import AffectConfig, AffectModel

    return AffectModel(AffectConfig()).predict(texts, langs, E, [None] * len(texts))["sentiment_score"].astype(float).to_numpy()


def _fit(X, y, C, seed, class_weight=None):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000, random_state=seed, class_weight=class_weight).fit(X, y)


def cross_validate(X, y, groups, langs, grid, seed) -> tuple[dict, dict]:
    """Macro-F1 per (C, class_weight) by 5-fold cross-validation grouped by ``group``.

    Seeds are written as parallel en/pl/ru sets; grouping keeps all translations of one example in
    the same fold, so a score never comes from having seen the same sentence in another language.

    Returns:
        The macro-F1 per setting and the out-of-fold class log-odds per setting (rows aligned with
        ``y``, columns in :data:`KINDS` order), used to calibrate the per-language margins.
    """
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedGroupKFold

    out, oof = {}, {}
    folds = list(StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(X, y, groups))
    for C, cw in grid:
        Z = np.zeros((len(y), len(KINDS)))
        for tr, te in folds:
            m = _fit(X[tr], y[tr], C, seed, cw)
            Z[te] = m.decision_function(X[te])[:, [list(m.classes_).index(k) for k in KINDS]]
        pred = np.array(KINDS)[Z.argmax(axis=1)]
        out[(C, cw)], oof[(C, cw)] = f1_score(y, pred, average="macro"), Z
        per_lang = " ".join(f"{g}:{f1_score(y[langs == g], pred[langs == g], average='macro'):.3f}"
                            for g in np.unique(langs))
        per_kind = " ".join(f"{k}:{f1_score(y == k, pred == k):.3f}" for k in KINDS)
        print(f"C={C:<6} class_weight={str(cw):<8} grouped 5-fold macro-F1 {out[(C, cw)]:.3f}  ({per_lang})  {per_kind}")
    return out, oof


# Offsets tried for the pain_point and other log-odds per language. Kept small and coarse: the
# seeds are parallel across languages, so a language-specific shift should only absorb how the
# embedder and the sentiment model treat that language, not re-learn the classes.
BIAS_GRID = (-1.0, -0.5, 0.0, 0.5, 1.0)
CALIBRATED = ("pain_point", "other")


def calibrate_language_bias(Z: np.ndarray, y: np.ndarray, langs: np.ndarray) -> dict[str, np.ndarray]:
    """Per-language additive offsets to the class log-odds, chosen on out-of-fold scores.

    For each language, every combination of offsets in :data:`BIAS_GRID` for the classes in
    :data:`CALIBRATED` is scored by the mean of macro-F1 and pain_point F1 on that language's
    out-of-fold predictions; a non-zero offset must beat no offset by at least 0.005 (ties and
    noise keep 0).
    """
    from itertools import product

    from sklearn.metrics import f1_score

    cols = [KINDS.index(k) for k in CALIBRATED]
    out = {}
    for g in np.unique(langs):
        m = langs == g

        def score(b):
            pred = np.array(KINDS)[(Z[m] + b).argmax(axis=1)]
            return (f1_score(y[m], pred, average="macro") + f1_score(y[m] == "pain_point", pred == "pain_point")) / 2

        zero = np.zeros(len(KINDS))
        best, best_s = zero, score(zero)
        for offs in product(BIAS_GRID, repeat=len(cols)):
            b = zero.copy()
            b[cols] = offs
            sc = score(b)
            if sc > best_s + 0.005 or (abs(sc - best_s) <= 0.005 and np.abs(b).sum() < np.abs(best).sum() and sc >= best_s):
                best, best_s = b, sc
        out[str(g)] = best
        print(f"  {g}: offsets " + " ".join(f"{k}={best[KINDS.index(k)]:+.1f}" for k in CALIBRATED)
              + f"  (out-of-fold score {score(zero):.3f} -> {best_s:.3f})")
    return out


def dev_report(path: Path, embedder: str, cache_dir: str, use_sentiment: bool) -> None:
    """Per-language F1 of the freshly written head on the held-out dev set (never trained on)."""
    from sklearn.metrics import f1_score

    from pipeline.detect import Detector
    from pipeline.detect._head import DetectHead

    DetectHead.load.cache_clear()
    dev = pd.read_csv(path, keep_default_na=False, dtype=str)
    texts, langs = dev["text"].tolist(), dev["lang"].tolist()
    E = embed(texts, embedder, cache_dir)
    s = affect_scores(texts, langs, E) if use_sentiment else np.zeros(len(texts))
    pred = Detector(embedder=embedder).predict(texts, langs, list(s), E)
    y, p, L = dev["kind"].to_numpy(), pred["kind"].to_numpy(), dev["lang"].to_numpy()
    print(f"dev set {path.name} ({len(dev)} segments, not used for training or for any choice above):")
    for g in np.unique(L):
        m = L == g
        print(f"  {g}: " + " ".join(f"{k}:{f1_score(y[m] == k, p[m] == k, zero_division=0):.2f}" for k in KINDS)
              + f"  macro {f1_score(y[m], p[m], average='macro'):.3f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--embedder", default="e5-small")
    ap.add_argument("--cache-dir", default=str(ROOT / ".qsynth-cache"))
    ap.add_argument("--seeds", type=Path, default=SEEDS, help="seed examples CSV (lang, kind, barrier, text, batch, group)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-sentiment", action="store_true", help="train without the pipeline.affect sentiment feature")
    ap.add_argument("--no-calibration", action="store_true", help="no per-language class offsets")
    ap.add_argument("--dev", type=Path, default=DEV, help="held-out dev CSV reported after training ('' skips)")
    ap.add_argument("--dry-run", action="store_true", help="only print cross-validation scores")
    args = ap.parse_args(argv)

    seeds = pd.read_csv(args.seeds, keep_default_na=False, dtype=str)
    bad = sorted(set(seeds["kind"]) - set(KINDS))
    if bad:
        raise SystemExit(f"{args.seeds}: unknown kind(s) {bad}; expected one of {list(KINDS)}.")
    texts = seeds["text"].tolist()
    E = embed(texts, args.embedder, args.cache_dir)
    sent = None if args.no_sentiment else affect_scores(texts, seeds["lang"].tolist(), E)
    X = features(texts, E, sent)
    y = seeds["kind"].to_numpy()
    print(f"{len(texts)} seed examples, {X.shape[1]} features ({E.shape[1]} embedding + {len(RULE_FEATURES)} cues + sentiment"
          f"{' (off)' if sent is None else ''})")
    langs = seeds["lang"].to_numpy()
    grid = [(C, cw) for cw in (None, "balanced") for C in (3.0, 10.0, 30.0, 100.0)]
    scores, oof = cross_validate(X, y, seeds["group"].to_numpy(), langs, grid, args.seed)
    # ties -> unweighted, then the stronger regularisation
    C, cw = max(scores, key=lambda k: (round(scores[k], 3), k[1] is None, -k[0]))
    print(f"chosen C={C}, class_weight={cw}; per-language margins:")
    lang_bias = calibrate_language_bias(oof[(C, cw)], y, langs) if not args.no_calibration else {}

    pain = seeds["kind"].to_numpy() == "pain_point"
    yb = (seeds["barrier"].to_numpy()[pain] == "customer").astype(int)
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold, cross_val_predict

    Cb = 10.0  # barrier head: fixed; few customer-side examples make a C search noisy
    pb = cross_val_predict(LogisticRegression(C=Cb, max_iter=5000, class_weight="balanced"), X[pain], yb,
                           cv=GroupKFold(5), groups=seeds["group"].to_numpy()[pain])
    print(f"barrier head (pain points only, n={pain.sum()}): 5-fold accuracy {np.mean(pb == yb):.3f}, "
          f"customer-side F1 {f1_score(yb, pb):.3f}")
    if args.dry_run:
        return
    kind = _fit(X, y, C, args.seed, cw)
    barrier = LogisticRegression(C=Cb, max_iter=5000, class_weight="balanced").fit(X[pain], yb)
    order = [list(kind.classes_).index(k) for k in KINDS]
    path = head_path(args.embedder)
    np.savez_compressed(
        path, embedder=args.embedder, dim=E.shape[1], kinds=np.array(KINDS), rule_features=np.array(RULE_FEATURES),
        W=kind.coef_[order].astype(np.float32), b=kind.intercept_[order].astype(np.float32),
        barrier_w=barrier.coef_[0].astype(np.float32), barrier_b=np.float32(barrier.intercept_[0]),
        bias_langs=np.array(sorted(lang_bias) or [""]),
        bias=np.array([lang_bias[g] for g in sorted(lang_bias)] or [np.zeros(len(KINDS))], dtype=np.float32),
        C=C, class_weight=str(cw), n_train=len(texts), affect="off" if sent is None else "pipeline.affect")
    print(f"wrote {path.relative_to(ROOT)}")
    if str(args.dev) and Path(args.dev).is_file():
        dev_report(Path(args.dev), args.embedder, args.cache_dir, sent is not None)


if __name__ == "__main__":
    main()
