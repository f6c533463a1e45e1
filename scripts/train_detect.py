"""Train the detection head: logistic regression on sentence embeddings + rule cues.

Reads the hand-written seed examples in ``pipeline/resources/detect/seeds.csv`` (en/pl/ru, many
domains; written for training, independent of the gold test sets in ``tests/data/gold``), embeds
them with the chosen embedder (cached by content), picks the regularisation by stratified
cross-validation on the seeds, and writes ``pipeline/resources/detect/head_<embedder>.npz``:
a kind head (5 classes) and a barrier head (company vs customer, trained on pain points). At run
time the detector only needs numpy.

Usage:
    python scripts/train_detect.py                       # e5-small, writes the shipped weights
    python scripts/train_detect.py --embedder use-multilingual
    python scripts/train_detect.py --dry-run             # cross-validation report only
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
# Re-run this script when pipeline.affect changes: its sentiment score is one of the head's features.


def embed(texts: list[str], embedder: str, cache_dir: str) -> np.ndarray:
    from pipeline.cache import embed_with_cache

    mat, _ = embed_with_cache(texts, embedder, cache_dir)
    return mat


def affect_scores(texts: list[str], langs: list[str], E: np.ndarray) -> np.ndarray:
    """Sentiment from the current pipeline.affect model, as the detector will receive it at run time."""
    from pipeline.affect import AffectConfig, AffectModel

    return AffectModel(AffectConfig()).predict(texts, langs, E, [None] * len(texts))["sentiment_score"].astype(float).to_numpy()


def _fit(X, y, C, seed):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000, random_state=seed).fit(X, y)


def cross_validate(X, y, groups, langs, C_grid, seed) -> dict[float, float]:
    """Macro-F1 per C by 5-fold cross-validation grouped by ``group``.

    Seeds are written as parallel en/pl/ru sets; grouping keeps all translations of one example in
    the same fold, so a score never comes from having seen the same sentence in another language.
    """
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedGroupKFold

    out = {}
    folds = list(StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(X, y, groups))
    for C in C_grid:
        pred = np.empty(len(y), dtype=object)
        for tr, te in folds:
            pred[te] = _fit(X[tr], y[tr], C, seed).predict(X[te])
        out[C] = f1_score(y, pred, average="macro")
        per_lang = " ".join(f"{g}:{f1_score(y[langs == g], pred[langs == g], average='macro'):.3f}"
                            for g in np.unique(langs))
        per_kind = " ".join(f"{k}:{f1_score(y == k, pred == k):.3f}" for k in KINDS)
        print(f"C={C:<6} grouped 5-fold macro-F1 {out[C]:.3f}  ({per_lang})  {per_kind}")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--embedder", default="e5-small")
    ap.add_argument("--cache-dir", default=str(ROOT / ".qsynth-cache"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-sentiment", action="store_true", help="train without the pipeline.affect sentiment feature")
    ap.add_argument("--dry-run", action="store_true", help="only print cross-validation scores")
    args = ap.parse_args(argv)

    seeds = pd.read_csv(SEEDS, keep_default_na=False, dtype=str)
    bad = sorted(set(seeds["kind"]) - set(KINDS))
    if bad:
        raise SystemExit(f"{SEEDS}: unknown kind(s) {bad}; expected one of {list(KINDS)}.")
    texts = seeds["text"].tolist()
    E = embed(texts, args.embedder, args.cache_dir)
    sent = None if args.no_sentiment else affect_scores(texts, seeds["lang"].tolist(), E)
    X = features(texts, E, sent)
    y = seeds["kind"].to_numpy()
    print(f"{len(texts)} seed examples, {X.shape[1]} features ({E.shape[1]} embedding + {len(RULE_FEATURES)} cues + sentiment"
          f"{' (off)' if sent is None else ''})")
    scores = cross_validate(X, y, seeds["group"].to_numpy(), seeds["lang"].to_numpy(), [1.0, 3.0, 10.0, 30.0, 100.0], args.seed)
    C = max(scores, key=lambda c: (round(scores[c], 3), -c))  # ties -> the stronger regularisation
    print(f"chosen C={C}")

    pain = seeds["kind"].to_numpy() == "pain_point"
    yb = (seeds["barrier"].to_numpy()[pain] == "customer").astype(int)
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold, cross_val_predict

    Cb = 10.0  # barrier head: fixed; few customer-side examples make a C search noisy
    pb = cross_val_predict(LogisticRegression(C=Cb, max_iter=5000), X[pain], yb,
                           cv=GroupKFold(5), groups=seeds["group"].to_numpy()[pain])
    print(f"barrier head (pain points only, n={pain.sum()}): 5-fold accuracy {np.mean(pb == yb):.3f}, "
          f"customer-side F1 {f1_score(yb, pb):.3f}")
    if args.dry_run:
        return
    kind = _fit(X, y, C, args.seed)
    barrier = LogisticRegression(C=Cb, max_iter=5000).fit(X[pain], yb)
    order = [list(kind.classes_).index(k) for k in KINDS]
    path = head_path(args.embedder)
    np.savez_compressed(
        path, embedder=args.embedder, dim=E.shape[1], kinds=np.array(KINDS), rule_features=np.array(RULE_FEATURES),
        W=kind.coef_[order].astype(np.float32), b=kind.intercept_[order].astype(np.float32),
        barrier_w=barrier.coef_[0].astype(np.float32), barrier_b=np.float32(barrier.intercept_[0]),
        C=C, n_train=len(texts), affect="off" if sent is None else "pipeline.affect")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
