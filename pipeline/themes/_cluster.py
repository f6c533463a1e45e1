"""Theme clustering with an automatic number of themes and a small, visible 'other' bucket.

The steps, and why each is there:

1. **Centre and re-normalise.** Multilingual encoders crowd all cosines into a narrow band;
   removing the mean direction spreads them.
2. **Neighbourhood smoothing.** Each vector is averaged with its ``k`` nearest neighbours
   (``k`` grows with the input, 3-10). This denoises paraphrases towards their group and, more
   importantly, gives the silhouette curve a real maximum: on raw sentence vectors silhouette keeps
   rising with K and cannot choose K.
3. **Ward tree, K by silhouette saturation.** Silhouette (cosine, computed exactly from cluster
   sums in O(n*K*d)) is evaluated on a geometric grid of cuts; K is the smallest cut reaching
   ``saturation`` (0.90) of the best score, unless the next cut is still a steep step up (clean,
   well-separated data). Above 2,000 items K is also at least 0.6 of the silhouette peak's K
   (the band is often reached far too early on sentence vectors; on four CLINC150 dev sets mean
   NMI 0.911 -> 0.917). Inputs of 2 x dim to 2,000 items are also compared with a structureless
   Gaussian cloud of the same size and covariance: if no cut beats it by ``min_structure``, the
   input is one theme. Fewer items than twice the dimension are not: a Gaussian fitted to them
   has their own few directions (its covariance has rank below n) and looks as structured as they
   do, so 53 questions of a fitness club, a dozen topics of two to seven each, had been one FAQ
   entry; on 150 CLINC150 val sub-problems of 8-125 queries (4-25 intents) the test had made 5 one
   theme, and skipping it raised mean NMI from 0.877 to 0.898 (0.75 -> 0.83 up to 30 queries, the
   same above). A flat curve (its whole range under ``_FLAT`` = 0.2 of its best: no cut better than
   another) gives the coarsest cut, 2, not a K that noise picked. K is then capped by ``max_themes``.
4. **Split pass.** Silhouette is dominated by large themes, so a small distinct group can hide in
   a big one: each theme is split along the finer best-silhouette cut when its parts are clearly
   separated (local silhouette on the un-smoothed vectors >= 0.6).
5. **Refine.** Themes smaller than ``min_cluster_size`` are dissolved, and a few spherical
   k-means steps on the un-smoothed vectors settle borderline items.
6. **Unassigned bucket.** Items from dissolved tiny clusters that fit their nearest theme worse
   than 95 % of its core members, and gross outliers of any theme (robust z < -5 on similarity to
   the centroid), go to the visible 'other' bucket, capped at ``max_unassigned`` (the most
   similar leftovers are handed back to their nearest theme first).

Inputs above ``sample_size`` are clustered on a seeded sample and the rest assigned to the nearest
centroid, so memory stays bounded: the full matrix is kept once, in float32, and touched only by
blockwise nearest-centroid products (300k x 384 vectors: ~25 s and ~1 GB on top of the 0.44 GB
input). Items outside the sample face only the gross-outlier test for the 'other' bucket.
Everything is deterministic for a given input and seed.

**Copies.** Identical rows (one text given by many) are one item to the Ward tree, the choice of K and the
sample, and count as many towards a theme's size; each reads its first copy's Ward group, sample membership
and similarity, so copies share a theme or the 'other' bucket, whose cap never parts equally similar items.
Clustered one by one, each set of copies had been a perfectly tight group after smoothing, which silhouette
keeps apart from its paraphrases: a telecom NPS survey answered in a few dozen wordings (dogfood 15c) had
a theme per wording, 67 themes for 19 topics (NMI 0.785; 41 themes and 0.854 as one item each), and a
sampled copy had gone to 'other' while its unsampled twin kept a theme.

With ``subthemes=True`` each theme of at least ``min_subtheme_theme`` items is clustered again on
its own members (same steps, at most 8 parts, a sample of at most 2,000, nothing unassigned);
a theme without structure beyond chance (the Gaussian-cloud check) keeps ``sublabels_ == -1``.

Hyper-parameters were tuned on CLINC150 *val* (and random sub-problems of it with 8-150 intents
of unequal sizes) and on a 30-per-intent sample of the *train* split, never on *test*; see
``benchmarks/themes.py`` for the test-split numbers.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ThemeClusterer", "centre_languages"]

_NULL_MAX = 2000  # above this many items, structure is taken for granted (the null check costs a second fit)
_STEEP = 0.03  # a next-cut gain above this share of the best silhouette means K is still too small
_PEAK_SHARE = 0.6  # at least this share of the silhouette peak's number of themes (see _choose_k)
_FLAT = 0.2  # a curve whose whole range is below this share of its best (twice the saturation band) chooses no K
_SPLIT_TAU = 0.6  # local silhouette above which a theme is split along the finer cut
_OUTLIER_Z = 5.0  # robust z-score below which an item is an outlier of its theme
_MAX_SUBTHEMES = 8  # most sub-themes per theme: a reader scans them, they are not a second clustering
_SUB_SAMPLE = 2000  # items clustered exactly per theme when splitting it into sub-themes (<= 8 parts)
_BLOCK = 2048  # rows per block when computing nearest neighbours: bounds memory to BLOCK x n
_LANG_MIN = 10  # items a language needs before its own mean is removed (a smaller mean is mostly topic)


def centre_languages(X: np.ndarray, langs, min_items: int = _LANG_MIN) -> np.ndarray:
    """Unit rows with each language's mean direction removed, so themes form by topic, not language.

    Multilingual encoders map paraphrases across languages close together, but short, informal
    texts (chat turns, comments) still carry a strong language direction: clustered as they are,
    Russian questions about delivery sit nearer to Russian questions about anything than to Polish
    ones about delivery. Subtracting each language's mean (languages with at least ``min_items``
    items; the rest keep the overall mean) removes that direction. On one language this is the
    usual centring, so monolingual results do not change.

    Args:
        X: ``(n, dim)`` embeddings.
        langs: Row-aligned language codes.
        min_items: Smallest language that gets its own mean.

    Returns:
        ``(n, dim)`` float32 unit rows.
    """
    # One float32 copy, changed in place: at 300k rows a float64 detour cost 1.8 GB.
    Z = np.array(X, dtype=np.float32)
    if len(Z) == 0:
        return Z
    _unit_rows(Z)
    langs = np.asarray([str(g) for g in langs])
    means = {g: Z[langs == g].mean(axis=0, dtype=np.float64) for g in np.unique(langs)
             if (langs == g).sum() >= min_items}
    rest = np.isin(langs, list(means), invert=True)
    if rest.any():
        means[None] = Z.mean(axis=0, dtype=np.float64)
    for g, mu in means.items():
        rows = np.flatnonzero(rest if g is None else langs == g)
        for a in range(0, len(rows), _BLOCK * 16):  # fancy indexing copies: bound the copy
            r = rows[a:a + _BLOCK * 16]
            Z[r] -= mu.astype(np.float32)
    _unit_rows(Z)
    return Z


def _unit_rows(Z: np.ndarray) -> None:
    """Scale rows to unit length in place (einsum: no n x dim temporary, unlike ``np.linalg.norm``)."""
    n = np.sqrt(np.einsum("ij,ij->i", Z, Z))
    n[n < 1e-12] = 1.0
    Z /= n[:, None]



def _first_copies(X: np.ndarray) -> np.ndarray:
    """Each row's first identical row (itself when it has no earlier copy).

    Rows are grouped by their first few values read as raw bits (a sort of short keys: 0.4 s for
    300k x 384, where comparing whole rows took 3.5-7 s), and a row joins its group's first only
    when the two are equal throughout, so rows that differ are never taken for copies.

    Example:
        >>> _first_copies(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])).tolist()
        [0, 1, 0]
    """
    head = np.ascontiguousarray(X[:, :8])
    keys = head.view(np.dtype((np.void, head.dtype.itemsize * head.shape[1]))).ravel()
    _, first, inv = np.unique(keys, return_index=True, return_inverse=True)  # stable: the first occurrence
    first = first[inv.ravel()]
    copies = np.flatnonzero(first != np.arange(len(X)))
    for a in range(0, len(copies), _BLOCK * 16):  # bound the two gathered blocks
        c = copies[a:a + _BLOCK * 16]
        differ = c[(X[c] != X[first[c]]).any(axis=1)]
        first[differ] = differ
    return first


def _norm(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return x / n


def _smooth(Z: np.ndarray, k: int) -> np.ndarray:
    """Average each row with the mean of its ``k`` nearest neighbours (cosine), re-normalised."""
    n = len(Z)
    k = min(k, n - 1)
    if k < 1:
        return Z
    out = np.empty_like(Z)
    Z32 = Z.astype(np.float32)  # neighbour ranks only; float32 halves time and memory
    for lo in range(0, n, _BLOCK):
        hi = min(n, lo + _BLOCK)
        S = Z32[lo:hi] @ Z32.T
        S[np.arange(hi - lo), np.arange(lo, hi)] = -np.inf  # not your own neighbour
        part = np.argpartition(-S, k - 1, axis=1)[:, :k]
        out[lo:hi] = 0.5 * Z[lo:hi] + 0.5 * Z[part].mean(axis=1)
    return _norm(out)


def _group_sums(V: np.ndarray, inv: np.ndarray, K: int) -> np.ndarray:
    """Row sums per group (``K x dim``) via a sparse one-hot product (much faster than ``np.add.at``)."""
    from scipy.sparse import csr_matrix

    # the one-hot takes V's dtype: a float64 one-hot would silently copy a float32 V to float64
    onehot = csr_matrix((np.ones(len(inv), dtype=V.dtype), (inv, np.arange(len(inv)))), shape=(K, len(inv)))
    return np.asarray(onehot @ V, dtype=np.float64)


def _own_similarity(Z: np.ndarray, labels: np.ndarray, cent: np.ndarray) -> np.ndarray:
    """Cosine of each row to its own centroid, in blocks (``cent[labels]`` would be another n x dim array)."""
    out = np.empty(len(Z))
    c = cent.astype(Z.dtype)
    for lo in range(0, len(Z), _BLOCK):
        hi = min(len(Z), lo + _BLOCK)
        out[lo:hi] = np.einsum("ij,ij->i", Z[lo:hi], c[labels[lo:hi]])
    return out


def _cosine_silhouette(V: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette with cosine distance, exact, without an n x n matrix.

    For unit rows the mean distance from ``v`` to a cluster ``C`` is ``1 - v . sum(C) / |C|``, so
    one ``n x K`` product gives every item's distance to every cluster. Singletons score 0 (as in
    scikit-learn).
    """
    _, inv, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    K = len(sizes)
    if K < 2 or K >= len(V):
        return -1.0
    sums = _group_sums(V, inv, K)
    P = (V.astype(np.float32) @ sums.T.astype(np.float32)).astype(np.float64)  # (n, K)
    rows = np.arange(len(V))
    own = P[rows, inv]
    self_sim = np.einsum("ij,ij->i", V, V)
    own_n = sizes[inv] - 1
    a = 1.0 - (own - self_sim) / np.maximum(own_n, 1)
    D = 1.0 - P / sizes[None, :]
    D[rows, inv] = np.inf
    b = D.min(axis=1)
    s = (b - a) / np.maximum(np.maximum(a, b), 1e-12)
    s[own_n == 0] = 0.0
    return float(s.mean())


class ThemeClusterer:
    """Scikit-learn-style clusterer; ``labels_`` holds a theme per item, ``-1`` for unassigned.

    Args:
        min_cluster_size: Themes smaller than this are dissolved.
        max_unassigned: Largest share of items allowed in the unassigned bucket.
        max_themes: Upper bound on the number of themes (the automatic K is capped by it).
        n_clusters: Fix K instead of choosing it (for benchmarks and experiments).
        sample_size: Items clustered exactly; the rest are assigned to the nearest centroid.
        seed: Seed for the sample.
        saturation: K is the smallest cut whose silhouette reaches this share of the best cut's.
        min_structure: Inputs of 2 x dim to 2,000 items are split only if some cut's silhouette beats the same
            cut on a structureless Gaussian cloud (same size and covariance) by at least this much.
            A featureless cloud stays under 0.02; real customer texts of one kind (the sample
            corpus's questions, praise, pain points) reach only 0.06-0.12, so 0.10 made whole
            kinds one theme.
        neighbours: Neighbours averaged in the smoothing step; ``None`` picks 3-10 from the input size.
        subthemes: Also split large themes into sub-themes (``sublabels_``).
        min_subtheme_theme: Smallest theme that is considered for sub-themes.

    Attributes:
        labels_: Theme per item (0 = largest theme), ``-1`` = unassigned.
        n_themes_: Number of themes.
        centroids_: Unit centroid per theme, in the centred space.
        k_chosen_: The K picked before dissolving small themes (or ``n_clusters``).
        silhouette_curve_: ``[(K, silhouette), ...]`` evaluated when choosing K.
        sublabels_: Sub-theme per item within its theme, ``-1`` when the theme has none
            (only when ``subthemes=True``).

    Example:
        >>> from sklearn.datasets import make_blobs
        >>> X, _ = make_blobs(300, centers=4, n_features=8, random_state=0)
        >>> ThemeClusterer(seed=0).fit(X).n_themes_
        4
    """

    def __init__(self, min_cluster_size: int = 3, max_unassigned: float = 0.10, max_themes: int = 40,
                 n_clusters: int | None = None, sample_size: int = 6000, seed: int = 0,
                 saturation: float = 0.90, min_structure: float = 0.05, neighbours: int | None = None,
                 subthemes: bool = False, min_subtheme_theme: int = 30):
        self.min_cluster_size = min_cluster_size
        self.max_unassigned = max_unassigned
        self.max_themes = max_themes
        self.n_clusters = n_clusters
        self.sample_size = sample_size
        self.seed = seed
        self.saturation = saturation
        self.min_structure = min_structure
        self.neighbours = neighbours
        self.subthemes = subthemes
        self.min_subtheme_theme = min_subtheme_theme
        # Largest cut examined when choosing K (None = up to n / min_cluster_size). Sub-theme
        # clusterers look at 4 x their cap only: 40 cuts up to n/3 cost ~3 s per theme, for parts
        # that are capped at 8 anyway.
        self._grid_cap: int | None = None
        # Sub-theme clusterers compare with a structureless cloud at any size (see _choose_k).
        self._null_any_size = False

    # -- choosing K -------------------------------------------------------------------------
    def _neighbours(self, m: int) -> int:
        if self.neighbours is not None:
            return self.neighbours
        # tuned on CLINC150 val sub-problems (86-3000 items): sqrt(n)/5 beat fixed 5 or 10
        return int(min(10, max(3, round(np.sqrt(m) / 5))))

    def _grid(self, m: int) -> list[int]:
        hi = max(2, min(m // max(self.min_cluster_size, 1), 2000, self._grid_cap or 2000))
        return sorted({int(round(k)) for k in np.geomspace(2, hi, num=40)} | {hi}) if hi > 2 else [2]

    def _curve(self, Z: np.ndarray, grid: list[int]) -> tuple[np.ndarray, list[float]]:
        """Ward tree of the smoothed vectors and the silhouette of each cut in ``grid``."""
        from scipy.cluster.hierarchy import fcluster, linkage

        V = _smooth(Z, self._neighbours(len(Z)))
        tree = linkage(V, "ward")
        return tree, [_cosine_silhouette(V, fcluster(tree, k, "maxclust")) for k in grid]

    def _null(self, Z: np.ndarray) -> np.ndarray:
        """Structureless data of the same size and covariance (a Gaussian cloud), as unit rows."""
        rng = np.random.default_rng(self.seed)
        _, s, vt = np.linalg.svd(Z - Z.mean(axis=0), full_matrices=False)
        g = rng.standard_normal((len(Z), len(s))) * (s / np.sqrt(len(Z)))
        return _norm(g @ vt)

    def _choose_k(self, Z: np.ndarray, grid: list[int], curve: list[float]) -> int:
        """Smallest K reaching ``saturation`` of the best silhouette; 1 when there is no structure."""
        self.silhouette_curve_ = list(zip(grid, curve))
        best = max(curve)
        if (2 * Z.shape[1] <= len(Z) or self._null_any_size) and len(Z) <= _NULL_MAX and self.min_structure > 0:
            # Smoothing gives even a featureless cloud a silhouette peak, so compare with one:
            # a split must beat structureless data of the same size and covariance by min_structure.
            _, null = self._curve(self._null(Z), grid)
            self.null_curve_ = list(zip(grid, null))
            if max(c - z for c, z in zip(curve, null)) < self.min_structure:
                return 1
        if best - min(curve) < _FLAT * abs(best):
            # A flat curve: no cut groups the items better than another, so the band's first point is wherever
            # noise lifts the curve, and a corpus's one big problem was cut into arbitrary parts (dogfood 17a round 2,
            # 32 pain points, 24 of them lab results late: 0.26-0.32 over 2-10 themes, K = 2 or 6 from one segment
            # more). The coarsest cut; not one theme, which the structure check above decides where it can.
            return grid[0]
        floor = best - (1.0 - self.saturation) * abs(best)
        # The smallest cut within the band, unless the next cut is still a big step up: on clean
        # data the curve climbs steeply right up to the true K, and the band's first point would
        # then stop one theme short. On sentence embeddings the curve flattens well before that.
        k_peak = grid[int(np.argmax(curve))]
        k_sat = k_peak
        for j, (k, s) in enumerate(zip(grid, curve)):
            if s >= floor and (j + 1 == len(curve) or curve[j + 1] - s < _STEEP * abs(best)):
                k_sat = k
                break
        # On sentence embeddings the band is reached early, while smoothing makes the silhouette
        # peak well beyond the true K (paraphrase groups fall apart into tight fragments): the
        # best cut is about 0.6-0.7 of the peak's K. Never fewer themes than the band gives, so
        # clean data (peak = true K) keeps its K. Below _NULL_MAX items the peak is too noisy to
        # lean on (on CLINC150 val sub-problems of 8-60 intents it cost 0.002 NMI on average).
        if len(Z) <= _NULL_MAX:
            return k_sat
        return max(k_sat, next(k for k in grid if k >= _PEAK_SHARE * k_peak))

    def _split_pass(self, Z, tree, lab, grid, curve):
        """Split a theme along the best-silhouette cut when its parts are clearly separated.

        Saturation favours fewer themes, and silhouette is dominated by large themes, so a small
        but distinct group can hide inside a big one. Each theme is checked against the finer cut
        at the silhouette maximum; it is split when the parts' own silhouette, measured on the
        un-smoothed vectors, is high (smoothing makes any split look clean).
        """
        from scipy.cluster.hierarchy import fcluster

        kb = min(grid[int(np.argmax(curve))], self.max_themes)
        if kb <= lab.max() + 1:
            return lab
        fine = fcluster(tree, kb, "maxclust") - 1
        out = lab.copy()
        nxt = lab.max() + 1
        budget = self.max_themes - (lab.max() + 1)
        for t in range(lab.max() + 1):
            mem = np.where(lab == t)[0]
            parts, inv, sizes = np.unique(fine[mem], return_inverse=True, return_counts=True)
            big = sizes >= self.min_cluster_size
            if big.sum() < 2 or budget <= 0:
                continue
            keep = big[inv]
            if _cosine_silhouette(Z[mem[keep]], inv[keep]) < _SPLIT_TAU:
                continue
            for j in np.where(big)[0][1:][:budget]:
                out[mem[inv == j]] = nxt
                nxt += 1
                budget -= 1
        return out

    # -- fitting ------------------------------------------------------------------------------
    def fit(self, X: np.ndarray) -> "ThemeClusterer":
        """Cluster the rows of ``X`` (any embedding; rows need not be normalised).

        Args:
            X: ``(n, dim)`` array.

        Returns:
            self, with ``labels_``, ``n_themes_``, ``centroids_`` set.
        """
        from scipy.cluster.hierarchy import fcluster

        X = np.asarray(X)
        if X.ndim != 2:
            raise ValueError(f"ThemeClusterer.fit expects a 2-D array (n_items, dim); got shape {X.shape}.")
        n = len(X)
        self.labels_ = np.full(n, -1, dtype=int)
        self.n_themes_ = 0
        self.centroids_ = np.zeros((0, X.shape[1]))
        self.k_chosen_ = 0
        self.silhouette_curve_ = []
        self.null_curve_ = []
        if self.subthemes:
            self.sublabels_ = np.full(n, -1, dtype=int)
        if n < self.min_cluster_size or n == 0:
            return self
        # Inputs above sample_size keep float32 (300k x 384 is 0.46 GB instead of 0.92 GB, and only
        # the nearest-centroid assignment touches them); the exactly clustered sample is float64.
        dtype = np.float64 if n <= self.sample_size else np.float32
        X = X.astype(dtype, copy=False)
        if n > 2:
            Z = X - X.mean(axis=0, dtype=np.float64).astype(dtype)  # the one n x dim copy we keep
            norms = np.linalg.norm(Z, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            Z /= norms
        else:
            Z = _norm(X)
        # Copies of one text are one item to the tree and to the choice of K (and count as many towards a theme's
        # size): each set of copies is a perfectly tight group, which silhouette keeps apart from its paraphrases.
        first = _first_copies(X)
        distinct = np.flatnonzero(first == np.arange(n))
        if len(distinct) > self.sample_size:
            rng = np.random.default_rng(self.seed)
            idx = np.sort(rng.choice(distinct, self.sample_size, replace=False))
        else:
            idx = distinct
        S = Z[idx].astype(np.float64)
        m = len(S)
        if m < 2 * self.min_cluster_size:
            lab, k = np.zeros(m, int), 1
        else:
            grid = self._grid(m)
            tree, curve = self._curve(S, grid if not self.n_clusters else [])
            k = self.n_clusters or self._choose_k(S, grid, curve)
            k = min(k, self.max_themes)
            lab = fcluster(tree, k, "maxclust") - 1 if k > 1 else np.zeros(m, int)
            if not self.n_clusters and k > 1 and _SPLIT_TAU is not None:
                lab = self._split_pass(S, tree, lab, grid, curve)
        self.k_chosen_ = int(k)
        sizes = np.bincount(lab, weights=np.bincount(first, minlength=n)[idx])
        keep = [c for c in range(len(sizes)) if sizes[c] >= self.min_cluster_size]
        if not keep:
            return self
        core = np.full(n, -1, dtype=int)  # Ward membership, kept themes only
        remap = np.full(len(sizes), -1)
        remap[keep] = np.arange(len(keep))
        core[idx] = remap[lab]

        labels, cent = self._refine(Z, core[first], len(keep))
        if len(cent) == 0:
            return self
        labels, cent = self._renumber(labels[first], cent)
        sampled = np.zeros(n, dtype=bool)
        sampled[idx] = True
        labels = self._unassign(Z, labels, cent, core[first], sampled[first], first)
        self.labels_ = labels
        self.centroids_ = cent
        self.n_themes_ = len(cent)
        if self.subthemes:
            self._fit_subthemes(Z)
        return self

    def _refine(self, Z: np.ndarray, core: np.ndarray, K: int, iters: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Spherical k-means steps from the Ward themes; every item gets its nearest theme."""
        lab = core.copy()
        cent = None
        for _ in range(iters):
            members = lab >= 0
            sums = _group_sums(Z[members], lab[members], K)
            alive = np.bincount(lab[members], minlength=K) >= self.min_cluster_size
            if not alive.all():  # a theme that shrank below the floor is dissolved
                sums, K = sums[alive], int(alive.sum())
            cent = _norm(sums)
            new = (Z @ cent.T.astype(Z.dtype)).argmax(axis=1) if K else np.full(len(Z), -1)
            if np.array_equal(new, lab):
                break
            lab = new
        return lab, cent

    @staticmethod
    def _renumber(labels: np.ndarray, cent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Largest theme first; ties by first member - ids do not depend on Ward's arbitrary order."""
        K = len(cent)
        sizes = np.bincount(labels[labels >= 0], minlength=K)
        first = np.array([np.argmax(labels == c) if sizes[c] else len(labels) for c in range(K)])
        order = [c for c in sorted(range(K), key=lambda c: (-sizes[c], first[c])) if sizes[c] > 0]
        remap = np.full(K, -1)
        remap[order] = np.arange(len(order))
        out = np.where(labels >= 0, remap[np.maximum(labels, 0)], -1)
        return out, cent[order]

    def _unassign(self, Z: np.ndarray, labels: np.ndarray, cent: np.ndarray, core: np.ndarray,
                  sampled: np.ndarray, first: np.ndarray) -> np.ndarray:
        """Send items that fit no theme to the visible 'other' bucket (capped at ``max_unassigned``).

        Two kinds of misfit: items from dissolved tiny clusters that are less similar to their
        nearest theme than 95 % of its core members, and gross outliers of any theme (similarity to
        the centroid more than ``_OUTLIER_Z`` robust deviations below the theme's median). Copies
        (``first``: each row's first identical row) read their first's similarity, so they go together.
        """
        n = len(Z)
        sim = _own_similarity(Z, labels, cent)[first]
        is_core = core >= 0
        floors = np.ones(len(cent))
        gross = np.full(len(cent), -np.inf)
        for t in range(len(cent)):
            s = sim[(labels == t) & is_core]
            if len(s):
                floors[t] = np.quantile(s, 0.05)
            s_all = sim[labels == t]
            if len(s_all) >= 2 * self.min_cluster_size:
                med = np.median(s_all)
                gross[t] = med - _OUTLIER_Z * 1.4826 * np.median(np.abs(s_all - med))
        # "dissolved" means clustered but left in a too-small group; items outside the sample were
        # never clustered, so they face the outlier test only (else ~5 % of them would go to 'other')
        dissolved = sampled & ~is_core
        cand = np.where((dissolved & (sim < floors[labels])) | (sim < gross[labels]))[0]
        allowed = int(np.floor(self.max_unassigned * n))
        if len(cand) > allowed:
            # keep only the least similar in the bucket, never some of a tie: the rest join their nearest theme
            cand = cand[sim[cand] < np.sort(sim[cand])[allowed]]
        out = labels.copy()
        out[cand] = -1
        return out

    def _fit_subthemes(self, Z: np.ndarray) -> None:
        """Cluster each large theme again, on its own (re-centred) vectors; keep splits into >= 2 parts."""
        for t in range(self.n_themes_):
            members = np.where(self.labels_ == t)[0]
            if len(members) < max(self.min_subtheme_theme, 4 * self.min_cluster_size):
                continue
            sub = ThemeClusterer(min_cluster_size=self.min_cluster_size, max_unassigned=0.0,
                                 max_themes=min(_MAX_SUBTHEMES, len(members) // self.min_cluster_size),
                                 sample_size=min(self.sample_size, _SUB_SAMPLE), seed=self.seed,
                                 saturation=self.saturation, min_structure=self.min_structure)
            sub._grid_cap = 4 * sub.max_themes
            sub._null_any_size = True   # a theme splits only beyond chance, even when the test is conservative
            sub.fit(Z[members])
            if sub.n_themes_ >= 2:
                self.sublabels_[members] = sub.labels_

    def fit_predict(self, X: np.ndarray) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(X).labels_
