"""How much sentiment an encoder's frozen vectors carry: a linear probe, trained on the seeds.

The sentiment head is linear on frozen sentence vectors, so the vectors cap it. This script
measures that cap for any embedder in a minute or two: a logistic regression is fitted on the
hand-written seed examples (``pipeline/resources/affect/seed_examples*.tsv``, en / pl / ru, the
sentiment head's customer-experience training data) and scored on the gold sets
(``tests/data/gold/{en,pl,ru}.csv``) and on ``benchmarks/data/dev_independent.csv``. Neither of
those is trained on. With ``--more-data``, ``dev_independent.csv`` and ``dev_parallel.csv`` join
the training rows and only gold is scored: whether more labelled text would help, or the vectors
are the limit.

Printed per embedder and regularisation ``C``: sentiment accuracy on gold (all and per language)
and on the independent set. For comparison, the shipped head (GoEmotions + seeds + lexicon and its
guards) reads gold en / pl / ru 0.767 / 0.722 / 0.783.

Use it before building on a new encoder: if the probe does not beat e5-small's, neither will a
head. Session 10 measured (e5-small, best ``C``): gold 0.748, independent 0.667; with the 624 more
labelled rows, gold 0.761 — more data moves it little.

Usage:
    python benchmarks/encoder_probe.py                                  # e5-fast (e5-small's vectors)
    python benchmarks/encoder_probe.py --embedder e5-fast use-multilingual
    python benchmarks/encoder_probe.py --more-data
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

SEEDS = [ROOT / "pipeline" / "resources" / "affect" / name
         for name in ("seed_examples.tsv", "seed_examples_single.tsv")]
GOLD = ROOT / "tests" / "data" / "gold"
INDEPENDENT = ROOT / "benchmarks" / "data" / "dev_independent.csv"
PARALLEL = ROOT / "benchmarks" / "data" / "dev_parallel.csv"
LANGS = ("en", "pl", "ru")


def load_sets() -> dict[str, pd.DataFrame]:
    """The probe's labelled tables: ``seeds``, ``gold``, ``independent``, ``parallel`` (text, lang, sentiment)."""
    read = dict(keep_default_na=False, dtype=str)
    seeds = pd.concat([pd.read_csv(p, sep="\t", quoting=3, **read) for p in SEEDS], ignore_index=True)
    gold = pd.concat([pd.read_csv(GOLD / f"{lang}.csv", **read) for lang in LANGS], ignore_index=True)
    cols = ["text", "lang", "sentiment"]
    return {"seeds": seeds[cols], "gold": gold[cols], "independent": pd.read_csv(INDEPENDENT, **read)[cols],
            "parallel": pd.read_csv(PARALLEL, **read)[cols]}


def probe(X: dict[str, np.ndarray], sets: dict[str, pd.DataFrame], C: float, more_data: bool = False) -> dict:
    """Fit the linear probe on the seeds (plus the two dev sets with ``more_data``) and score it.

    Returns:
        ``{"gold": acc, "gold_en": ..., "gold_pl": ..., "gold_ru": ..., "independent": acc or None}``.
    """
    from sklearn.linear_model import LogisticRegression

    train = ["seeds", "independent", "parallel"] if more_data else ["seeds"]
    clf = LogisticRegression(C=C, max_iter=4000)
    clf.fit(np.vstack([X[k] for k in train]), np.concatenate([sets[k]["sentiment"].to_numpy() for k in train]))
    hit = clf.predict(X["gold"]) == sets["gold"]["sentiment"].to_numpy()
    out = {"gold": float(hit.mean())}
    for lang in LANGS:
        out[f"gold_{lang}"] = float(hit[sets["gold"]["lang"].to_numpy() == lang].mean())
    out["independent"] = float("nan") if more_data else float(
        (clf.predict(X["independent"]) == sets["independent"]["sentiment"].to_numpy()).mean())
    return out


def main(argv: list[str] | None = None) -> pd.DataFrame:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--embedder", nargs="+", default=["e5-fast"],
                    help="embedder names as in [embed] embedder (e5-small, e5-fast, use-multilingual, "
                         "sentence-transformers:<model>)")
    ap.add_argument("--C", type=float, nargs="+", default=[0.3, 1.0, 3.0], help="regularisation values to try")
    ap.add_argument("--more-data", action="store_true",
                    help="also train on dev_independent.csv and dev_parallel.csv; score gold only")
    args = ap.parse_args(argv)

    from pipeline.embedders import get_embedder, normalise_rows
    from pipeline.text import embedding_text

    sets = load_sets()
    rows = []
    for name in args.embedder:
        emb = get_embedder(name)
        t = time.time()
        X = {k: normalise_rows(np.asarray(emb.embed([embedding_text(s) for s in df["text"]]), dtype=np.float32))
             for k, df in sets.items()}
        n = sum(len(df) for df in sets.values())
        print(f"{name}: embedded {n} texts in {time.time() - t:.0f}s", flush=True)
        for C in args.C:
            rows.append({"embedder": name, "C": C, "train": "seeds+dev" if args.more_data else "seeds",
                         **probe(X, sets, C, args.more_data)})
    table = pd.DataFrame(rows)
    print(table.to_string(index=False, float_format="{:.3f}".format, na_rep="–"))
    return table


if __name__ == "__main__":
    main()
