"""Theme clustering with an automatic number of themes and a small, visible 'other' bucket.

Pipeline: centre and re-normalise the vectors (multilingual encoders crowd cosines into a narrow
band; removing the mean direction spreads them), build a Ward tree, pick the cut by silhouette
(the smallest K that reaches 95 % of the best score over a geometric grid), dissolve themes
smaller than ``min_cluster_size``, then give unassigned items to their nearest theme while the
'other' bucket is above ``max_unassigned``. Larger inputs are clustered on a seeded sample and the
rest assigned to the nearest centroid, so memory stays bounded.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ThemeClusterer"]


def _norm(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return x / n


class ThemeClusterer:
    """Scikit-learn-style clusterer; ``labels_`` holds a theme per item, ``-1`` for unassigned.

    Args:
        min_cluster_size: Themes smaller than this are dissolved.
        max_unassigned: Largest share of items allowed in the unassigned bucket.
        max_themes: Upper bound on the number of themes.
        n_clusters: Fix K instead of choosing it (for benchmarks and experiments).
        sample_size: Items clustered exactly; the rest are assigned to the nearest centroid.
        seed: Seed for the sample.

    Example:
        >>> from sklearn.datasets import make_blobs
        >>> X, _ = make_blobs(300, centers=4, n_features=8, random_state=0)
        >>> len(set(ThemeClusterer(seed=0).fit(X).labels_) - {-1})
        4
    """

    def __init__(self, min_cluster_size: int = 3, max_unassigned: float = 0.10, max_themes: int = 40,
                 n_clusters: int | None = None, sample_size: int = 6000, seed: int = 0):
        self.min_cluster_size = min_cluster_size
        self.max_unassigned = max_unassigned
        self.max_themes = max_themes
        self.n_clusters = n_clusters
        self.sample_size = sample_size
        self.seed = seed

    def _choose_k(self, Z: np.ndarray, tree: np.ndarray) -> int:
        from scipy.cluster.hierarchy import fcluster
        from sklearn.metrics import silhouette_score

        n = len(Z)
        hi = max(2, min(self.max_themes, n // max(self.min_cluster_size, 1)))
        grid = sorted({int(round(k)) for k in np.geomspace(2, hi, num=min(24, hi - 1))} | {hi}) if hi > 2 else [2]
        D = np.clip(1.0 - Z @ Z.T, 0.0, None)
        np.fill_diagonal(D, 0.0)
        scores = []
        for k in grid:
            lab = fcluster(tree, k, "maxclust")
            scores.append(silhouette_score(D, lab, metric="precomputed") if len(set(lab)) > 1 else -1.0)
        best = max(scores)
        floor = best - 0.05 * abs(best)
        return next(k for k, s in zip(grid, scores) if s >= floor)

    def fit(self, X: np.ndarray) -> "ThemeClusterer":
        from scipy.cluster.hierarchy import fcluster, linkage

        X = np.asarray(X, dtype=np.float64)
        n = len(X)
        self.labels_ = np.full(n, -1, dtype=int)
        if n < self.min_cluster_size:
            self.n_themes_ = 0
            return self
        Z = _norm(X - X.mean(axis=0)) if n > 2 else _norm(X)
        if n > self.sample_size:
            rng = np.random.default_rng(self.seed)
            idx = np.sort(rng.choice(n, self.sample_size, replace=False))
        else:
            idx = np.arange(n)
        S = Z[idx]
        if len(S) < 2 * self.min_cluster_size:
            lab = np.ones(len(S), int)
        else:
            tree = linkage(S, "ward")
            k = self.n_clusters or self._choose_k(S, tree)
            lab = fcluster(tree, k, "maxclust")
        # dissolve small themes, then renumber by size (largest first), ties by first member: stable ids
        sizes = np.bincount(lab)
        keep = [c for c in np.unique(lab) if sizes[c] >= self.min_cluster_size]
        if not keep:
            self.n_themes_ = 0
            return self
        keep.sort(key=lambda c: (-sizes[c], int(np.argmax(lab == c))))
        cent = _norm(np.vstack([S[lab == c].mean(axis=0) for c in keep]))
        sims = Z @ cent.T
        best = sims.argmax(axis=1)
        best_sim = sims[np.arange(n), best]
        labels = np.full(n, -1, dtype=int)
        remap = {c: i for i, c in enumerate(keep)}
        sample_lab = np.array([remap.get(c, -1) for c in lab])
        labels[idx] = sample_lab
        # members' typical similarity to their own centroid sets each theme's acceptance floor
        floors = np.array([np.quantile(best_sim[idx][sample_lab == i], 0.05) if (sample_lab == i).any() else 1.0
                           for i in range(len(keep))])
        todo = np.where(labels == -1)[0]
        ok = todo[best_sim[todo] >= floors[best[todo]]]
        labels[ok] = best[ok]
        # cap the unassigned bucket: hand out the most similar leftovers first
        left = np.where(labels == -1)[0]
        allowed = int(np.floor(self.max_unassigned * n))
        if len(left) > allowed:
            order = left[np.argsort(-best_sim[left], kind="stable")]
            give = order[: len(left) - allowed]
            labels[give] = best[give]
        self.labels_ = labels
        self.centroids_ = cent
        self.n_themes_ = len(keep)
        return self

    def fit_predict(self, X: np.ndarray) -> np.ndarray:
        return self.fit(X).labels_
