"""How much an encoder's frozen vectors carry for sentiment and for pain points: a linear probe.

The sentiment and detection heads are small models on frozen sentence vectors, so the vectors cap
them. This script measures that cap for any embedder in a minute or two: a logistic regression is
fitted on the hand-written seed examples of the task (``--task sentiment``: the affect seeds,
``pipeline/resources/affect/seed_examples*.tsv``; ``--task kind``: the detection seeds,
``pipeline/resources/detect/seeds.csv``; en / pl / ru) and scored on the gold sets
(``tests/data/gold/{en,pl,ru}.csv``) and on ``benchmarks/data/dev_independent.csv``. Neither of
those is trained on. With ``--more-data``, ``dev_independent.csv`` and ``dev_parallel.csv`` join
the training rows and only gold is scored: whether more labelled text would help, or the vectors
are the limit.

Printed per embedder and regularisation ``C``: sentiment accuracy, or pain-point F1, on gold (all
and per language) and on the independent set. For comparison, the shipped sentiment head
(GoEmotions + seeds + lexicon and its guards) reads gold en / pl / ru 0.767 / 0.722 / 0.783, and
detection (head + rules + sentiment) pain-point F1 0.77 / 0.85 / 0.80.

Use it before building on a new encoder: if the probe does not beat e5-small's, neither will a
head. Session 10 measured (e5-small, best ``C``): sentiment on gold 0.748, independent 0.667 (with
the 624 more labelled rows, gold 0.761: more data moves it little); pain-point F1 on gold 0.745 /
0.742 / 0.678, independent 0.534.

Usage:
    python benchmarks/encoder_probe.py                                  # e5-fast (e5-small's vectors)
    python benchmarks/encoder_probe.py --embedder e5-fast use-multilingual
    python benchmarks/encoder_probe.py --more-data
    python benchmarks/encoder_probe.py --task kind
    python benchmarks/encoder_probe.py --C 1 --fractions 0.25 0.5 1    # a learning curve
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

SEEDS = {
    "sentiment": [ROOT / "pipeline" / "resources" / "affect" / name
                  for name in ("seed_examples.tsv", "seed_examples_single.tsv")],
    "kind": [ROOT / "pipeline" / "resources" / "detect" / "seeds.csv"],
}
GOLD = ROOT / "tests" / "data" / "gold"
INDEPENDENT = ROOT / "benchmarks" / "data" / "dev_independent.csv"
PARALLEL = ROOT / "benchmarks" / "data" / "dev_parallel.csv"
LANGS = ("en", "pl", "ru")


def load_sets(task: str = "sentiment") -> dict[str, pd.DataFrame]:
    """The probe's labelled tables: ``seeds`` (the task's training data), ``gold``, ``independent``,
    ``parallel``, each with ``text``, ``lang`` and ``label`` (the ``sentiment`` or ``kind`` column)."""
    read = dict(keep_default_na=False, dtype=str)
    seeds = pd.concat([pd.read_csv(p, sep="\t", quoting=3, **read) if p.suffix == ".tsv" else pd.read_csv(p, **read)
                       for p in SEEDS[task]], ignore_index=True)
    gold = pd.concat([pd.read_csv(GOLD / f"{lang}.csv", **read) for lang in LANGS], ignore_index=True)
    tables = {"seeds": seeds, "gold": gold, "independent": pd.read_csv(INDEPENDENT, **read),
              "parallel": pd.read_csv(PARALLEL, **read)}
    return {k: df[["text", "lang", task]].rename(columns={task: "label"}) for k, df in tables.items()}


def score(truth: np.ndarray, pred: np.ndarray, task: str) -> float:
    """Sentiment: accuracy. Kind: pain-point F1 (the detection target of issue #4)."""
    if task == "sentiment":
        return float((truth == pred).mean())
    t, p = truth == "pain_point", pred == "pain_point"
    d = t.sum() + p.sum()
    return float(2 * (t & p).sum() / d) if d else 0.0


def probe(X: dict[str, np.ndarray], sets: dict[str, pd.DataFrame], C: float, more_data: bool = False,
          task: str = "sentiment", fraction: float = 1.0, seed: int = 0) -> dict:
    """Fit the linear probe on the seeds (plus the two dev sets with ``more_data``) and score it.

    ``fraction`` < 1 fits on that share of the training rows (drawn with ``seed``): points of a
    learning curve, to see how fast more labelled text would help.

    Returns:
        ``{"gold": s, "gold_en": ..., "gold_pl": ..., "gold_ru": ..., "independent": s or NaN}``
        with ``s`` as :func:`score` computes it.
    """
    from sklearn.linear_model import LogisticRegression

    train = ["seeds", "independent", "parallel"] if more_data else ["seeds"]
    clf = LogisticRegression(C=C, max_iter=4000)
    Xt, yt = np.vstack([X[k] for k in train]), np.concatenate([sets[k]["label"].to_numpy() for k in train])
    if fraction < 1.0:
        keep = np.random.default_rng(seed).random(len(yt)) < fraction
        Xt, yt = Xt[keep], yt[keep]
    clf.fit(Xt, yt)
    truth, pred = sets["gold"]["label"].to_numpy(), clf.predict(X["gold"])
    out = {"gold": score(truth, pred, task)}
    for lang in LANGS:
        m = sets["gold"]["lang"].to_numpy() == lang
        out[f"gold_{lang}"] = score(truth[m], pred[m], task)
    out["independent"] = float("nan") if more_data else score(
        sets["independent"]["label"].to_numpy(), clf.predict(X["independent"]), task)
    return out


def main(argv: list[str] | None = None) -> pd.DataFrame:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--embedder", nargs="+", default=["e5-fast"],
                    help="embedder names as in [embed] embedder (e5-small, e5-fast, use-multilingual, "
                         "sentence-transformers:<model>)")
    ap.add_argument("--C", type=float, nargs="+", default=[0.3, 1.0, 3.0], help="regularisation values to try")
    ap.add_argument("--task", choices=("sentiment", "kind"), default="sentiment",
                    help="sentiment (accuracy; the affect seeds) or kind (pain-point F1; the detection seeds)")
    ap.add_argument("--more-data", action="store_true",
                    help="also train on dev_independent.csv and dev_parallel.csv; score gold only")
    ap.add_argument("--fractions", type=float, nargs="+", default=[1.0],
                    help="learning curve: fit on these shares of the training rows (mean of 3 draws below 1)")
    args = ap.parse_args(argv)

    from pipeline.embedders import get_embedder, normalise_rows
    from pipeline.text import embedding_text

    sets = load_sets(args.task)
    rows = []
    for name in args.embedder:
        emb = get_embedder(name)
        t = time.time()
        X = {k: normalise_rows(np.asarray(emb.embed([embedding_text(s) for s in df["text"]]), dtype=np.float32))
             for k, df in sets.items()}
        n = sum(len(df) for df in sets.values())
        print(f"{name}: embedded {n} texts in {time.time() - t:.0f}s", flush=True)
        for C in args.C:
            for frac in args.fractions:
                draws = [probe(X, sets, C, args.more_data, args.task, frac, seed) for seed in range(1 if frac >= 1 else 3)]
                rows.append({"embedder": name, "task": args.task, "C": C,
                             "train": "seeds+dev" if args.more_data else "seeds", "fraction": frac,
                             **{k: float(np.mean([d[k] for d in draws])) for k in draws[0]}})
    table = pd.DataFrame(rows)
    print(table.to_string(index=False, float_format="{:.3f}".format, na_rep="–"))
    return table


if __name__ == "__main__":
    main()
