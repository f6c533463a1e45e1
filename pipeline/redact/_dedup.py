"""Exact and near-duplicate flagging: copy-paste reviews, repeated bot greetings, agent macros.

Texts are normalised (Unicode NFKC, case, digits, punctuation and white space dropped) and equal
normalised texts are exact duplicates. Near duplicates are found with MinHash over character
5-gram shingles and LSH banding (numpy only, no pairwise loop): texts that share a band become
candidates, and a candidate pair is kept when the Jaccard similarity of its shingle sets reaches
the threshold. Groups are closed transitively; the first text of a group in input order is the
canonical one.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Hashable, Sequence

import numpy as np

__all__ = ["flag_duplicates", "normalise_for_dedup"]

_DROP = re.compile(r"[\W\d_]+", re.UNICODE)
_CHUNK = 20_000  # texts per signature batch: bounds the shingle arrays to tens of megabytes
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def normalise_for_dedup(text: str) -> str:
    """Case-, digit-, punctuation- and space-insensitive form of a text.

    Example:
        >>> normalise_for_dedup("Order #123 is LATE!!")
        'order is late'
    """
    t = unicodedata.normalize("NFKC", text or "").casefold()
    return _DROP.sub(" ", t).strip()


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: turns structured integers into well-spread 64-bit hashes."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def _shingle_hashes(texts: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of all character k-grams of all texts, concatenated, and each text's start offset.

    Texts shorter than k are padded with spaces so each text has at least one shingle.
    """
    padded = [t if len(t) >= k else t.ljust(k) for t in texts]
    lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n_grams = lengths - k + 1
    text_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    # Polynomial rolling hash over k consecutive code points (uint64 arithmetic wraps, as wanted).
    total = len(codes) - k + 1
    h = np.zeros(max(total, 0), dtype=np.uint64)
    base = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * base + codes[j:j + total]
    # Keep only k-grams that start and end inside one text.
    gram_start = np.repeat(text_start, n_grams) + (np.arange(n_grams.sum()) - np.repeat(np.cumsum(n_grams) - n_grams, n_grams))
    with np.errstate(over="ignore"):
        grams = _mix(h[gram_start])
    offsets = np.concatenate(([0], np.cumsum(n_grams)[:-1]))
    return grams, offsets


def _minhash(grams: np.ndarray, offsets: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signatures: per permutation, the minimum of ``a * g + b`` (mod 2**64) over a text's shingles.

    The shingle hashes are already well mixed, so one multiply-add with an odd ``a`` is a good
    enough permutation and keeps this at two vector operations per permutation.
    """
    rng = np.random.default_rng(seed)
    a = (rng.integers(0, 2**62, size=num_perm, dtype=np.int64).astype(np.uint64) << np.uint64(1)) | np.uint64(1)
    b = rng.integers(0, 2**62, size=num_perm, dtype=np.int64).astype(np.uint64)
    sig = np.empty((len(offsets), num_perm), dtype=np.uint64)
    tmp = np.empty_like(grams)
    with np.errstate(over="ignore"):
        for p in range(num_perm):
            np.multiply(grams, a[p], out=tmp)
            np.add(tmp, b[p], out=tmp)
            sig[:, p] = np.minimum.reduceat(tmp, offsets)
    return sig


def _candidate_pairs(sig: np.ndarray, bands: int, group_key: np.ndarray) -> np.ndarray:
    """Pairs (i, j), i < j, of rows sharing at least one LSH band (and the same group key).

    Within a bucket each member is paired with the bucket's earliest row (a star, not all pairs),
    which keeps the work linear; union-find closes the groups afterwards.
    """
    n, num_perm = sig.shape
    rows = num_perm // bands
    found = []
    with np.errstate(over="ignore"):
        for band in range(bands):
            h = _mix(group_key * np.uint64(0x9E3779B97F4A7C15) + np.uint64(band))
            for r in range(rows):
                h = _mix(h ^ sig[:, band * rows + r])
            # Sort by bucket, then by row index, so each bucket starts with its earliest row.
            order = np.lexsort((np.arange(n), h))
            hs = h[order]
            new = np.ones(n, dtype=bool)
            new[1:] = hs[1:] != hs[:-1]
            head = order[np.maximum.accumulate(np.where(new, np.arange(n), 0))]
            member = ~new
            if member.any():
                found.append(np.stack([head[member], order[member]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found).astype(np.int64)
    code = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([code // n, code % n], axis=1)


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller index (earlier in input order) stays the root: it is the canonical text.
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


def flag_duplicates(
    texts: Sequence[str],
    threshold: float = 0.8,
    *,
    by: Sequence[Hashable] | None = None,
    min_chars: int = 30,
    num_perm: int = 64,
    bands: int = 16,
    shingle: int = 5,
    seed: int = 0,
) -> tuple[list[int], list[bool]]:
    """Group exact and near-duplicate texts.

    Args:
        texts: The texts, in input order.
        threshold: Jaccard similarity of character-shingle sets from which two texts are near
            duplicates (1.0 means exact duplicates only).
        by: Optional key per text (e.g. the speaker role); texts are only compared within a key,
            so a customer's "Thank you" is not a copy of the agent's.
        min_chars: Texts shorter than this (normalised) are matched exactly only: short texts
            written alike by different people ("Delivery was late") are not copies.
        num_perm: MinHash permutations (must be divisible by ``bands``).
        bands: LSH bands; more bands catch lower similarities at the cost of more candidates.
        shingle: Character n-gram length.
        seed: Seed of the hash permutations (results do not depend on it beyond rare misses).

    Returns:
        ``(dup_group, is_dup)``: ``dup_group[i]`` is the group id shared by texts that duplicate
        each other (groups numbered 0, 1, ... in the order of their first text) or -1 for a
        text with no duplicate; ``is_dup[i]`` is True for every member but the first.

    Example:
        >>> flag_duplicates(["Great sofa!", "Bad delivery", "great sofa"])
        ([0, -1, 0], [False, False, True])
    """
    n = len(texts)
    if by is not None and len(by) != n:
        raise ValueError(f"by has {len(by)} items but texts has {n}; pass one key per text.")
    if num_perm % bands:
        raise ValueError(f"num_perm ({num_perm}) must be divisible by bands ({bands}).")
    keys = list(by) if by is not None else [None] * n
    uf = _UnionFind(n)

    # 1. Exact duplicates after normalisation.
    first: dict[tuple, int] = {}
    reps: list[int] = []
    norms: list[str] = []
    for i, t in enumerate(texts):
        norm = normalise_for_dedup(t)
        if not norm:
            continue  # nothing left to compare ("!!!", "5/5")
        key = (keys[i], norm)
        j = first.get(key)
        if j is None:
            first[key] = i
            if len(norm) >= min_chars:
                reps.append(i)
                norms.append(norm)
        else:
            uf.union(j, i)

    # 2. Near duplicates among the distinct texts long enough to compare.
    if threshold < 1.0 and len(reps) > 1:
        # signatures chunk by chunk: the shingle arrays of a million texts would need gigabytes
        sig = np.empty((len(norms), num_perm), dtype=np.uint64)
        for s in range(0, len(norms), _CHUNK):
            sig[s:s + _CHUNK] = _minhash(*_shingle_hashes(norms[s:s + _CHUNK], shingle), num_perm, seed)
        key_ids: dict = {}
        group_key = np.array([key_ids.setdefault(keys[i], len(key_ids)) for i in reps], dtype=np.uint64)
        pa = _candidate_pairs(sig, bands, group_key)
        if len(pa):
            est = (sig[pa[:, 0]] == sig[pa[:, 1]]).mean(axis=1)
            # The MinHash estimate decides clear cases; pairs near the threshold are checked exactly
            # (when there are not too many of them) on their shingle sets.
            accept = est >= threshold
            border = np.flatnonzero((est >= threshold - 0.15) & (est < threshold + 0.1))
            if len(border) <= 50_000:
                sets: dict[int, np.ndarray] = {}

                def shingles(x: int) -> np.ndarray:
                    if x not in sets:
                        sets[x] = np.unique(_shingle_hashes([norms[x]], shingle)[0])
                    return sets[x]

                for k in border:
                    sa, sc = shingles(int(pa[k, 0])), shingles(int(pa[k, 1]))
                    inter = len(np.intersect1d(sa, sc, assume_unique=True))
                    accept[k] = inter / (len(sa) + len(sc) - inter) >= threshold
            for x, y in pa[accept]:
                uf.union(reps[int(x)], reps[int(y)])

    # 3. Number groups by their first (canonical) text.
    roots = [uf.find(i) for i in range(n)]
    sizes: dict[int, int] = {}
    for r in roots:
        sizes[r] = sizes.get(r, 0) + 1
    group_id: dict[int, int] = {}
    dup_group, is_dup = [], []
    for i, r in enumerate(roots):
        if sizes[r] == 1:
            dup_group.append(-1)
            is_dup.append(False)
            continue
        if r not in group_id:
            group_id[r] = len(group_id)
        dup_group.append(group_id[r])
        is_dup.append(i != r)
    return dup_group, is_dup
