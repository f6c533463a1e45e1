"""Benchmark detection on the hand-labelled gold sets (tests/data/gold/{en,pl,ru}.csv).

For each language: per-class precision / recall / F1 for question, pain_point, request, praise
and other, the confusion matrix (rows = gold, columns = predicted), and barrier accuracy on the
gold pain points (company vs customer). Texts are embedded with the configured embedder through
qsynth's content cache; sentiment comes from :mod:`pipeline.affect` as in a pipeline run.

The gold sets are test data: nothing in qsynth is trained on them. The trained head learns from
``pipeline/resources/detect/seeds.csv`` (see ``scripts/train_detect.py``).

Need statements (the map's "Goals & needs" in customers' words, :mod:`pipeline.detect._needs`) are
scored where a row's ``id`` is labelled ``need`` 0/1 in ``tests/data/gold/needs.csv`` (the gold rows)
or ``benchmarks/data/needs_dev.csv`` (``dev_independent.csv``), each labelled in session 13 by a
helper who saw neither the rules nor the other set, from one guide: a customer
stating, as their own, what they wanted, needed, looked for, or what decided their choice. The rules
were written against the dev labels; after a first reading of gold's errors two general false-positive
classes were added (outbursts such as "I just wanted to hide", searching a website for a setting), so
gold is not untouched for them. The rules count explicit statements only, so recall is low by design:
most needs the labellers saw are implied ("What areas do you cover? I'm just outside the ring road").

``--dev benchmarks/data/dev_independent.csv`` scores one CSV with a ``lang`` column instead (480
segments of 24 businesses written in session 7 by three writers who saw neither the gold sets nor
the seeds; ``kind`` labelled, no ``barrier``): how detection does on text nobody tuned it on.

Usage:
    python benchmarks/detect.py                      # rules + trained head (e5-small)
    python benchmarks/detect.py --dev benchmarks/data/dev_independent.csv
    python benchmarks/detect.py --method rules       # rules and sentiment only
    python benchmarks/detect.py --gold-sentiment     # rules fed the gold sentiment (upper bound for affect)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "tests" / "data" / "gold"
NEED_LABELS = (GOLD / "needs.csv", ROOT / "benchmarks" / "data" / "needs_dev.csv")
TARGETS = {"question": 0.85, "pain_point": 0.80}


def embed(texts: list[str], embedder: str, cache_dir: str) -> np.ndarray:
    from pipeline.cache import embed_with_cache

    mat, _ = embed_with_cache(texts, embedder, cache_dir)
    return mat


def sentiment(texts: list[str], langs: list[str], E: np.ndarray) -> np.ndarray:
    from pipeline.errors import QsynthError

    try:
        from pipeline.affect import AffectConfig, AffectModel

        out = AffectModel(AffectConfig()).predict(texts, langs, E, [None] * len(texts))
    except (QsynthError, ImportError) as exc:  # the affect model is optional for this benchmark
        print(f"sentiment unavailable ({exc}); using 0 for every text", file=sys.stderr)
        return np.zeros(len(texts))
    return out["sentiment_score"].astype(float).to_numpy()


def report(gold: pd.DataFrame, pred: pd.DataFrame, lang: str) -> dict:
    """Print one language's table and return the per-class F1."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    from pipeline.detect import KINDS

    y, p = gold["kind"].to_numpy(), pred["kind"].to_numpy()
    P, R, F, S = precision_recall_fscore_support(y, p, labels=list(KINDS), zero_division=0)
    table = pd.DataFrame({"precision": P, "recall": R, "F1": F, "support": S}, index=list(KINDS))
    print(f"\n== {lang}: {len(gold)} segments, accuracy {np.mean(y == p):.3f}, macro-F1 {F.mean():.3f}")
    print(table.to_string(float_format="{:.3f}".format))
    cm = pd.DataFrame(confusion_matrix(y, p, labels=list(KINDS)), index=[f"gold {k}" for k in KINDS], columns=list(KINDS))
    print(cm.to_string())
    need = need_scores(gold)
    if "barrier" not in gold:
        return {"lang": lang, **{f"F1 {k}": f for k, f in zip(KINDS, F)}, "macro-F1": F.mean(), "barrier acc": float("nan"), **need}
    pain = (gold["kind"] == "pain_point").to_numpy()
    gb = gold["barrier"].fillna("").to_numpy()[pain]
    both = pain & (pred["kind"] == "pain_point").to_numpy()
    pb_all = pred["barrier_any"].to_numpy()[pain]
    acc_all = float(np.mean(pb_all == gb)) if pain.any() else float("nan")
    acc_both = float(np.mean(pred["barrier"].to_numpy()[both] == gold["barrier"].fillna("").to_numpy()[both])) if both.any() else float("nan")
    cust = gb == "customer"
    rec_c = float(np.mean(pb_all[cust] == "customer")) if cust.any() else float("nan")
    print(f"barrier accuracy on gold pain points: {acc_all:.3f} (n={pain.sum()}; customer-side recall {rec_c:.3f}, "
          f"n={cust.sum()}); on pain points also detected as such: {acc_both:.3f} (n={both.sum()})")
    return {"lang": lang, **{f"F1 {k}": f for k, f in zip(KINDS, F)}, "macro-F1": F.mean(), "barrier acc": acc_all, **need}


def need_scores(gold: pd.DataFrame) -> dict:
    """Precision and recall of need statements on the rows labelled in :data:`NEED_LABELS` (printed)."""
    from pipeline.detect import need_statement

    labels = pd.concat([pd.read_csv(p, dtype={"id": str}) for p in NEED_LABELS if p.exists()], ignore_index=True)
    y = gold["id"].map(dict(zip(labels["id"], labels["need"]))) if "id" in gold else pd.Series(dtype=float)
    m = y.notna().to_numpy()
    if not m.any():
        return {"need P": float("nan"), "need R": float("nan")}
    truth = y[m].astype(int).to_numpy() == 1
    found = np.array([bool(need_statement(t)) for t in gold.loc[m, "text"]])
    prec = float((truth & found).sum() / found.sum()) if found.any() else float("nan")
    rec = float((truth & found).sum() / truth.sum()) if truth.any() else float("nan")
    print(f"need statements: precision {prec:.3f}, recall {rec:.3f} ({found.sum()} found, {truth.sum()} labelled, n={m.sum()})")
    return {"need P": prec, "need R": rec}


def main(argv: list[str] | None = None) -> pd.DataFrame:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD, help="folder with en.csv, pl.csv, ru.csv")
    ap.add_argument("--dev", type=Path, default=None, metavar="CSV",
                    help="score one CSV with a lang column (e.g. benchmarks/data/dev_independent.csv) instead of --gold")
    ap.add_argument("--langs", default="en,pl,ru")
    ap.add_argument("--embedder", default="e5-small")
    ap.add_argument("--method", default="rules+head", choices=("rules", "rules+head"))
    ap.add_argument("--cache-dir", default=str(ROOT / ".qsynth-cache"), help="embedding cache ('' disables)")
    ap.add_argument("--gold-sentiment", action="store_true", help="feed the gold sentiment label instead of pipeline.affect")
    args = ap.parse_args(argv)

    from types import SimpleNamespace

    from pipeline.detect import Detector

    det = Detector(SimpleNamespace(method=args.method), embedder=args.embedder)
    rows = []
    for lang in [x.strip() for x in args.langs.split(",") if x.strip()]:
        if args.dev:
            gold = pd.read_csv(args.dev, keep_default_na=False, dtype=str)
            gold = gold[gold["lang"] == lang].reset_index(drop=True)
        else:
            gold = pd.read_csv(args.gold / f"{lang}.csv", keep_default_na=False, dtype=str)
        if "barrier" in gold:
            gold["barrier"] = gold["barrier"].replace("", np.nan)
        texts, langs = gold["text"].tolist(), gold["lang"].tolist()
        t = time.perf_counter()
        E = embed(texts, args.embedder, args.cache_dir)
        if args.gold_sentiment:
            s = gold["sentiment"].map({"negative": -0.7, "positive": 0.7}).fillna(0.0).to_numpy()
        else:
            s = sentiment(texts, langs, E)
        pred = det.predict(texts, langs, list(s), E)
        pred["barrier_any"] = det.predict_barrier(texts, E, list(s))
        dt = time.perf_counter() - t
        rows.append({**report(gold, pred, lang), "seconds": dt})
    summary = pd.DataFrame(rows)
    print(f"\nSummary ({args.method}, embedder {args.embedder}; targets: F1 question >= 0.85, pain_point >= 0.80)")
    print(summary.to_string(index=False, float_format="{:.3f}".format))
    ok = all(r[f"F1 {k}"] >= v for r in rows for k, v in TARGETS.items())
    print("targets met in every language" if ok else "targets NOT met in every language")
    return summary


if __name__ == "__main__":
    main()
