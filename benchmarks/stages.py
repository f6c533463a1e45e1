"""Benchmark journey-stage mapping on the hand-labelled gold sets (tests/data/gold/{en,pl,ru}.csv).

The gold set is TEST data: nothing is trained on it. Two settings are reported:

* **descriptions only** - the stage file's descriptions, examples and keywords (no gold rows);
* **with a few examples** - k labelled gold rows per stage are added as user examples, always from a
  DIFFERENT split than the rows scored:
    - ``cross-domain``: leave-one-domain-out; examples come from the other 8 business domains;
    - ``in-domain``: for each domain, k examples per stage from that domain (2 folds, seeded),
      the rest of that domain is scored - what a user labelling a few of their own rows gets.

Baseline: always predicting the most frequent gold stage. An ablation (embeddings only,
+ source prior, + keywords) shows where the accuracy comes from.

A separate DEV set (``benchmarks/data/stage_dev.csv``, same columns, 264 rows written for tuning:
travel agency, energy utility, car dealership, vet clinic, online pharmacy, streaming, airline, real
estate - none of the gold businesses) is what the mapper is tuned on; ``--dev`` scores it instead.
``benchmarks/data/stage_holdout.csv`` (72 rows: hair salon, moving company, coworking, concert
tickets, e-book store, plant shop) was written after the tuning and never tuned on: the honest
estimate for a business nobody has looked at. ``benchmarks/data/dev_parallel.csv`` (144 rows: the
same 48 segments in en, pl and ru, 12 other businesses, 6 per stage; every column labelled,
including emotions and kind) was written in session 4 to check stage-mapping settings; it preferred
weaker keywords (temperature 0.08, keyword weight 1.0: 0.764 -> 0.785, holdout 0.667 -> 0.764) that
cost the gold set 0.07, so the defaults stayed. Keywords for its missed vocabulary were then added
to the default stage file (listings, filters, technician, speeding fine, elsewhere, автопродление
...): it reads 0.882 since and is no longer a fair score (gold 0.741 -> 0.743, holdout unchanged).
``benchmarks/data/stage_holdout2.csv`` (75 rows: 25 segments in en, pl and ru; e-scooters, optician,
car repair, florist, tax advisor, wedding photographer, theatre, laptop repair, furniture rental,
language app, mobile game, parking app) was written after that and never tuned on: 0.560. In
``stage_dev.csv`` and ``stage_holdout.csv`` only ``stage`` (and ``sentiment``/``kind``) are labelled;
the two session-4 files label every column. ``benchmarks/data/dev_independent.csv`` (480 rows: 160 per
language, not parallel, 24 businesses from home cleaning to web hosting, 20 rows per stage and
language; ``sentiment``, ``kind`` and ``stage`` labelled) was written in session 7 by three writers who
saw neither the gold sets, the other dev sets nor the stage file's keywords: 0.702. On it weaker
keywords win (temperature 0.08, keyword weight 1.0: 0.725), as on the two holdouts, while gold falls
to 0.672; pooled over gold and the three never-tuned sets (1,167 rows) the defaults stay ahead
(0.710 vs 0.697), so they stay.

Templates with stage ids of their own have check sets of their own, written with the template (a fit check, not an
independent estimate): ``benchmarks/data/stage_banking.csv`` (``--stages banking``) and ``benchmarks/data/stage_telecom.csv``
(72 rows: 24 per language, 9 per stage; broadband, fibre, cable TV and mobile operators; ``--stages telecom``: 0.903 as first
written, 0.986 after one revision of the template on its misses).

Usage:
    python benchmarks/stages.py                         # e5-small, default stage model, k=5
    python benchmarks/stages.py --dev                   # the dev set (tune here, then check gold)
    python benchmarks/stages.py --dev benchmarks/data/stage_holdout.csv
    python benchmarks/stages.py --dev benchmarks/data/dev_independent.csv
    python benchmarks/stages.py --dev benchmarks/data/stage_telecom.csv --stages telecom
    python benchmarks/stages.py --k 3 --stages configs/stages/default.toml
    python benchmarks/stages.py --embedder use-multilingual --cache-dir ""   # no cache

Embeddings go through qsynth's content-addressed cache (``--cache-dir``), so re-runs are instant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD_DIR = ROOT / "tests" / "data" / "gold"
DEV_FILE = ROOT / "benchmarks" / "data" / "stage_dev.csv"
LANGS = ("en", "pl", "ru")
# gold files name the same business differently ("fitness club", "fitness_club"): fold them
_DOMAINS = {"furniture": "furniture", "fitness": "fitness", "saas": "b2b_saas", "bank": "bank_fintech",
            "fintech": "bank_fintech", "telecom": "telecom", "mobile": "telecom", "child": "kids_clothing",
            "kids": "kids_clothing", "food": "food_delivery", "insurance": "car_insurance", "language": "language_school"}


def canonical_domain(name: str) -> str:
    """Fold a gold ``domain`` value to one of the 9 business domains (unknown names pass through)."""
    low = str(name).lower()
    for key, dom in _DOMAINS.items():
        if key in low:
            return dom
    return low.replace(" ", "_")


def load_gold(gold_dir: Path) -> pd.DataFrame:
    """Labelled rows from a folder with en.csv, pl.csv, ru.csv, or from one CSV file (the dev set)."""
    if gold_dir.is_file():
        df = pd.read_csv(gold_dir, dtype=str, keep_default_na=False)
        # a dev file names each business one way: no folding ("pet insurance" is not "car insurance")
        df["dom"] = df["domain"].str.lower().str.replace(" ", "_")
        return df
    frames = []
    for lang in LANGS:
        path = gold_dir / f"{lang}.csv"
        if not path.exists():
            raise SystemExit(f"{path} not found. Fix: pass --gold pointing at the folder with en.csv, pl.csv, ru.csv.")
        frames.append(pd.read_csv(path, dtype=str, keep_default_na=False))
    df = pd.concat(frames, ignore_index=True)
    df["dom"] = df["domain"].map(canonical_domain)
    return df


def make_embed(embedder: str, cache_dir: str):
    """An ``embed(texts)`` function through qsynth's registry and vector cache (same keys as a pipeline run)."""
    from pipeline.cache import VectorCache, cached_embed
    from pipeline.embedders import get_embedder

    emb = get_embedder(embedder)
    cache = VectorCache(cache_dir, f"{emb.name}|{getattr(emb, 'version', '')}|{emb.dim}") if cache_dir else None

    def embed(texts: list[str]) -> np.ndarray:
        mat, _ = cached_embed(list(texts), emb.embed, emb.dim, cache)
        return mat

    return embed


def scores(y: np.ndarray, pred: np.ndarray, labels: list[str]) -> tuple[float, float]:
    from sklearn.metrics import accuracy_score, f1_score

    return float(accuracy_score(y, pred)), float(f1_score(y, pred, labels=labels, average="macro", zero_division=0))


def report(name: str, df: pd.DataFrame, pred: np.ndarray, labels: list[str], mask: np.ndarray | None = None) -> dict:
    """One table row: overall and per-language accuracy / macro-F1."""
    mask = np.ones(len(df), bool) if mask is None else mask
    y = df["stage"].to_numpy()
    row = {"setting": name, "n": int(mask.sum())}
    row["acc"], row["macro_f1"] = scores(y[mask], pred[mask], labels)
    for lang in LANGS:
        m = mask & (df["lang"] == lang).to_numpy()
        row[f"acc_{lang}"], row[f"f1_{lang}"] = scores(y[m], pred[m], labels) if m.any() else (float("nan"),) * 2
    return row


def sample_examples(df: pd.DataFrame, k: int, seed: int) -> list[tuple[str, str]]:
    """Up to k rows per stage from ``df``, seeded."""
    rng = np.random.default_rng(seed)
    out = []
    for stage, g in df.groupby("stage", sort=True):
        take = rng.choice(len(g), min(k, len(g)), replace=False)
        out += [(t, stage) for t in g["text"].iloc[np.sort(take)]]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR, help="Folder with en.csv, pl.csv, ru.csv.")
    ap.add_argument("--dev", nargs="?", type=Path, const=DEV_FILE, default=None, metavar="CSV",
                    help=f"Score a dev CSV instead of --gold (default {DEV_FILE.relative_to(ROOT)}; "
                         "benchmarks/data/stage_holdout.csv is a second, never-tuned-on set).")
    ap.add_argument("--stages", default="default", help="Stage model name or TOML path (ids must match the gold).")
    ap.add_argument("--embedder", default="e5-small")
    ap.add_argument("--cache-dir", default=str(ROOT / ".qsynth-cache"), help="Vector cache folder ('' disables).")
    ap.add_argument("--k", type=int, default=5, help="Labelled examples per stage in the with-examples settings.")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from pipeline.journey import StageMapper, load_stage_model

    df = load_gold(args.dev or args.gold)
    setname = f"dev ({args.dev.name})" if args.dev else "gold"
    model = load_stage_model(args.stages)
    labels = model.ids
    unknown = sorted(set(df["stage"]) - set(labels))
    if unknown:
        raise SystemExit(f"Gold stages {unknown} are not in stage model '{model.source}'. Use a model with ids {sorted(set(df['stage']))}.")
    embed = make_embed(args.embedder, args.cache_dir)
    texts, src, y = df["text"].tolist(), df["source_type"].tolist(), df["stage"].to_numpy()
    X = embed(texts)

    rows = []
    majority = df["stage"].value_counts().idxmax()
    rows.append(report(f"majority baseline ('{majority}')", df, np.full(len(df), majority, dtype=object), labels))

    mapper = StageMapper(model, embed)
    ablation = [("embeddings only", None, None), ("embeddings + source prior", src, None),
                ("embeddings + keywords", None, texts)]
    for name, s, t in ablation:
        rows.append(report(f"  ablation: {name}", df, np.array(mapper.predict(X, s, t)[0], dtype=object), labels))
    zero = np.array(mapper.predict(X, src, texts)[0], dtype=object)
    rows.append(report("DESCRIPTIONS ONLY (embeddings + keywords + prior)", df, zero, labels))

    # with examples, cross-domain: leave one business domain out
    cross = np.empty(len(df), dtype=object)
    for dom in sorted(df["dom"].unique()):
        test = (df["dom"] == dom).to_numpy()
        ex = sample_examples(df[~test], args.k, args.seed)
        m = StageMapper(model, embed, ex)
        cross[test] = m.predict(X[test], [src[i] for i in np.flatnonzero(test)], [texts[i] for i in np.flatnonzero(test)])[0]
    rows.append(report(f"WITH {args.k} EXAMPLES/STAGE, cross-domain (leave-one-domain-out, {df['dom'].nunique()} folds)", df, cross, labels))

    # with examples, in-domain: 2 seeded folds inside each domain; only rows never used as examples are scored
    inside = np.empty(len(df), dtype=object)
    scored = np.zeros(len(df), bool)
    rng = np.random.default_rng(args.seed)
    for dom in sorted(df["dom"].unique()):
        idx = np.flatnonzero((df["dom"] == dom).to_numpy())
        fold = rng.permutation(len(idx)) % 2
        for f in (0, 1):
            pool = df.iloc[idx[fold == f]]
            ex = sample_examples(pool, args.k, args.seed)
            used = set(t for t, _ in ex)
            test = idx[(fold != f)]
            test = np.array([i for i in test if texts[i] not in used and not scored[i]], dtype=int)
            if not len(test):
                continue
            m = StageMapper(model, embed, ex)
            inside[test] = m.predict(X[test], [src[i] for i in test], [texts[i] for i in test])[0]
            scored[test] = True
    rows.append(report(f"WITH {args.k} EXAMPLES/STAGE, in-domain (2 folds per domain)", df, inside, labels, scored))

    table = pd.DataFrame(rows)
    pd.set_option("display.width", 220)
    pd.set_option("display.max_columns", 20)
    print(f"Stage mapping on {len(df)} {setname} segments ({', '.join(f'{l}={int((df.lang == l).sum())}' for l in LANGS)}), "
          f"stage model '{model.name}', embedder {args.embedder}\n")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    per_dom = pd.DataFrame({"domain": df["dom"], "ok": zero == y}).groupby("domain")["ok"].agg(["mean", "size"])
    print("\nAccuracy per business domain, descriptions only: " +
          ", ".join(f"{d} {r['mean']:.2f}" for d, r in per_dom.iterrows()))
    print("\nConfusion matrix, descriptions only (rows = gold, columns = predicted):")
    cm = pd.crosstab(pd.Categorical(y, labels), pd.Categorical(zero, labels), rownames=["gold"], colnames=["pred"],
                     dropna=False)
    print(cm.to_string())
    print("\nPer stage, descriptions only:")
    from sklearn.metrics import classification_report
    print(classification_report(y, zero, labels=labels, digits=3, zero_division=0))


if __name__ == "__main__":
    main()
