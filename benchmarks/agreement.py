"""How far two annotators agree on sentiment, kind and stage, and where qsynth stands against both.

A target such as "sentiment accuracy >= 0.85" only means something next to the agreement of two
people labelling the same rows: if annotators agree 0.80 of the time, 0.85 cannot be reached; if
they agree 0.95, a model at 0.75 has a long way to go. This script reads the first labels (the gold
sets, ``tests/data/gold/{en,pl,ru}.csv``, and ``benchmarks/data/dev_independent.csv``) and a second,
blind labelling of the same rows (``tests/data/gold/second_annotator/{en,pl,ru}.csv`` and
``benchmarks/data/dev_independent_second.csv``), and prints per language and label:

* the share of rows on which the two annotators agree, and Cohen's kappa;
* for ``kind``, the second annotator's F1 for questions and pain points, scored against the first
  (the figure the detection targets are set in);
* qsynth's accuracy against the first annotator, against the second, and on the rows where both agree.

How the second labels were made (session 8): six annotators, one per language and file, labelled
the texts without seeing the first labels, qsynth's output, the stage keywords or any other data set,
with the guide in ``benchmarks/data/annotation_guide.md`` (the dev set writers' definitions:
``sentiment`` is the customer's overall attitude, a calm report of a problem is negative; ``kind`` is
the main point of the segment; ``stage`` is what the segment is about, with the default stage model's
descriptions). The annotators, like the writers of
both files, are AI helpers, not people: their agreement is an upper bound that people may not reach.

Usage:
    python benchmarks/agreement.py            # human agreement + qsynth (embeds ~1,000 texts)
    python benchmarks/agreement.py --human    # human agreement only (no model)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "tests" / "data" / "gold"
DEV = ROOT / "benchmarks" / "data" / "dev_independent.csv"
DEV_SECOND = ROOT / "benchmarks" / "data" / "dev_independent_second.csv"
LABELS = ("sentiment", "kind", "stage")
LANGS = ("en", "pl", "ru")


def kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two label arrays."""
    po = float(np.mean(a == b))
    cats = np.union1d(a, b)
    pe = float(sum(np.mean(a == c) * np.mean(b == c) for c in cats))
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def f1(truth: np.ndarray, pred: np.ndarray, cls: str) -> float:
    t, p = truth == cls, pred == cls
    d = t.sum() + p.sum()
    return float(2 * (t & p).sum() / d) if d else float("nan")


def load_pairs() -> dict[str, pd.DataFrame]:
    """First and second labels side by side (columns ``X`` and ``X_2``), one frame per set."""
    gold = pd.concat([pd.read_csv(GOLD / f"{lang}.csv", keep_default_na=False, dtype=str) for lang in LANGS],
                     ignore_index=True)
    gold2 = pd.concat([pd.read_csv(GOLD / "second_annotator" / f"{lang}.csv", keep_default_na=False, dtype=str)
                       for lang in LANGS], ignore_index=True)
    dev = pd.read_csv(DEV, keep_default_na=False, dtype=str)
    dev2 = pd.read_csv(DEV_SECOND, keep_default_na=False, dtype=str)
    out = {}
    for name, first, second in (("gold", gold, gold2), ("dev_independent", dev, dev2)):
        merged = first.merge(second[["id", *LABELS]], on="id", how="left", suffixes=("", "_2"), validate="1:1")
        missing = merged[f"{LABELS[0]}_2"].isna().sum()
        if missing:
            raise SystemExit(f"{name}: {missing} rows have no second label. Fix: label them in the second-annotator file.")
        out[name] = merged
    return out


def qsynth_labels(df: pd.DataFrame, cache_dir: str) -> pd.DataFrame:
    """qsynth's sentiment, kind and stage for the rows (default models and stage file)."""
    from types import SimpleNamespace

    from pipeline.affect import AffectConfig, AffectModel
    from pipeline.cache import embed_with_cache
    from pipeline.detect import Detector
    from pipeline.journey import StageMapper, load_stage_model

    texts, langs = df["text"].tolist(), df["lang"].tolist()
    X, _ = embed_with_cache(texts, "e5-small", cache_dir)
    aff = AffectModel(AffectConfig()).predict(texts, langs, X, [None] * len(texts))
    kind = Detector(SimpleNamespace(method="rules+head"), embedder="e5-small").predict(
        texts, langs, aff["sentiment_score"].astype(float).tolist(), X)["kind"]

    def embed(t):
        return embed_with_cache(list(t), "e5-small", cache_dir)[0]

    stage = StageMapper(load_stage_model("default"), embed).predict(X, df["source_type"].tolist(), texts)[0]
    return pd.DataFrame({"sentiment": aff["sentiment"].to_numpy(), "kind": np.asarray(kind), "stage": np.asarray(stage)})


def table(sets: dict[str, pd.DataFrame], preds: dict[str, pd.DataFrame] | None) -> list[dict]:
    rows = []
    for name, df in sets.items():
        for lang in LANGS:
            m = (df["lang"] == lang).to_numpy()
            if not m.any():
                continue
            for lab in LABELS:
                a, b = df.loc[m, lab].to_numpy(), df.loc[m, f"{lab}_2"].to_numpy()
                row = {"set": name, "lang": lang, "label": lab, "n": int(m.sum()),
                       "agree": round(float(np.mean(a == b)), 3), "kappa": round(kappa(a, b), 3)}
                if lab == "kind":
                    row["F1 question (2 vs 1)"] = round(f1(a, b, "question"), 3)
                    row["F1 pain_point (2 vs 1)"] = round(f1(a, b, "pain_point"), 3)
                if preds is not None:
                    q = preds[name].loc[m, lab].to_numpy()
                    both = a == b
                    row["qsynth vs 1"] = round(float(np.mean(q == a)), 3)
                    row["qsynth vs 2"] = round(float(np.mean(q == b)), 3)
                    row["qsynth on agreed rows"] = round(float(np.mean(q[both] == a[both])), 3) if both.any() else float("nan")
                rows.append(row)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--human", action="store_true", help="Only the annotators' agreement (no model).")
    ap.add_argument("--cache-dir", default=str(ROOT / ".qsynth-cache"), help="Vector cache folder ('' disables).")
    ap.add_argument("--json", type=Path, default=None, help="Also write the rows here.")
    args = ap.parse_args(argv)
    sets = load_pairs()
    preds = None if args.human else {name: qsynth_labels(df, args.cache_dir) for name, df in sets.items()}
    rows = table(sets, preds)
    out = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        for lab in LABELS:
            print(f"\n== {lab}")
            print(out[out["label"] == lab].drop(columns="label").dropna(axis=1, how="all")
                  .to_string(index=False, float_format="{:.3f}".format))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
