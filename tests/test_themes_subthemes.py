"""Sub-theme hierarchy (``ThemeClusterer(subthemes=True)``) and the float32 large-input path."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from pipeline.themes import ThemeClusterer
from pipeline.themes._cluster import _MAX_SUBTHEMES


def nested_blobs(seed: int = 0, per: int = 30, dim: int = 32):
    """Three far-apart themes; theme 0 has 3 tight sub-groups, theme 1 has 2, theme 2 none."""
    rng = np.random.default_rng(seed)
    rows, top, sub = [], [], []
    for t, n_sub in enumerate([3, 2, 0]):
        centre = rng.standard_normal(dim) * 3
        if n_sub == 0:
            rows.append(centre + 0.3 * rng.standard_normal((2 * per, dim)))
            top += [t] * 2 * per
            sub += [-1] * 2 * per
            continue
        for s in range(n_sub):
            c = centre + 0.6 * rng.standard_normal(dim)
            rows.append(c + 0.08 * rng.standard_normal((per, dim)))
            top += [t] * per
            sub += [s] * per
    return np.vstack(rows), np.array(top), np.array(sub)


def test_subthemes_follow_the_nested_structure():
    X, top, sub = nested_blobs()
    cl = ThemeClusterer(max_themes=3, subthemes=True, seed=0).fit(X)
    assert cl.n_themes_ == 3
    assert adjusted_rand_score(top, cl.labels_) == pytest.approx(1.0)
    for t, n_sub in enumerate([3, 2]):
        mask = top == t
        got = cl.sublabels_[mask]
        assert len(set(got.tolist())) == n_sub and (got >= 0).all()
        assert adjusted_rand_score(sub[mask], got) == pytest.approx(1.0)
    assert (cl.sublabels_[top == 2] == -1).all()  # a structureless theme is not split


def test_subthemes_are_deterministic_and_numbered_by_size():
    X, _, _ = nested_blobs(seed=3)
    a = ThemeClusterer(max_themes=3, subthemes=True, seed=5).fit(X)
    b = ThemeClusterer(max_themes=3, subthemes=True, seed=5).fit(X.copy())
    np.testing.assert_array_equal(a.labels_, b.labels_)
    np.testing.assert_array_equal(a.sublabels_, b.sublabels_)
    for t in range(a.n_themes_):
        s = a.sublabels_[a.labels_ == t]
        if (s >= 0).any():  # sub-theme 0 is the theme's largest part
            sizes = np.bincount(s)
            assert (np.diff(sizes) <= 0).all()


def test_sublabels_only_inside_themes_and_capped():
    X, _, _ = nested_blobs(seed=1)
    rng = np.random.default_rng(9)
    X = np.vstack([X, rng.standard_normal((6, X.shape[1])) * 10])  # far outliers -> 'other'
    cl = ThemeClusterer(max_themes=3, subthemes=True, seed=0).fit(X)
    assert (cl.sublabels_[cl.labels_ == -1] == -1).all()
    assert cl.sublabels_.max() < _MAX_SUBTHEMES
    assert cl.sublabels_.shape == cl.labels_.shape


def test_no_sublabels_attribute_unless_asked():
    X, _, _ = nested_blobs()
    assert not hasattr(ThemeClusterer(max_themes=3, seed=0).fit(X), "sublabels_")


def test_small_themes_get_no_subthemes():
    X, _, _ = nested_blobs(per=8)  # themes of 16-24 items, below min_subtheme_theme=30
    cl = ThemeClusterer(max_themes=3, subthemes=True, seed=0).fit(X)
    assert (cl.sublabels_ == -1).all()


def test_large_input_path_is_float32_deterministic_and_agrees_with_float64():
    # above sample_size the full matrix is handled in float32 (half the memory); the themes must
    # match what the same sample gives in float64, and repeat exactly
    rng = np.random.default_rng(0)
    k, dim = 6, 48
    centres = rng.standard_normal((k, dim))
    y = np.arange(3000) % k
    X = (centres[y] + 0.25 * rng.standard_normal((3000, dim))).astype(np.float32)
    big = ThemeClusterer(sample_size=800, seed=0).fit(X)
    again = ThemeClusterer(sample_size=800, seed=0).fit(X)
    np.testing.assert_array_equal(big.labels_, again.labels_)
    assert big.n_themes_ == k
    assert adjusted_rand_score(y, big.labels_) > 0.99
    exact = ThemeClusterer(sample_size=5000, seed=0).fit(X.astype(np.float64))
    assert adjusted_rand_score(exact.labels_, big.labels_) > 0.99
    assert big.centroids_.shape == (k, dim)


def test_cluster_stage_wiring_names_subthemes_and_fills_row_columns():
    """build_themes (the cluster stage) turns sub-labels into named sub-themes and row columns."""
    import pandas as pd

    from pipeline.config import load_config
    from pipeline.stages.cluster import build_themes

    X, top, sub = nested_blobs()
    X = (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)
    n = len(X)
    table = pd.DataFrame({"segment_id": [f"s{i}" for i in range(n)], "doc_id": [f"d{i}" for i in range(n)],
                          "text": [f"text {top[i]}-{sub[i]} number {i}" for i in range(n)], "lang": "en",
                          "kind": "pain_point"})
    cfg = load_config(overrides={"cluster": {"max_themes": 3}}).cluster
    found = build_themes(table, X, ["pain_point"], cfg, seed=0)
    assert len(found.table) == 3 and len(found.subtable) == 5
    for row in found.subtable.itertuples():
        members = (found.ids == row.theme_id) & (found.sub_ids == row.subtheme)
        assert members.sum() == row.size
        assert row.label.startswith("text ") and len(row.quote_ids.split(";")) >= 1
    assert ((found.sub_ids >= 0) <= (found.ids >= 0)).all()      # a sub-theme only inside a theme
    off = build_themes(table, X, ["pain_point"], load_config(overrides={"cluster": {"max_themes": 3, "subthemes": False}}).cluster, seed=0)
    assert (off.sub_ids == -1).all() and off.subtable.empty and (off.ids == found.ids).all()


def test_turns_of_fewer_than_two_words_are_not_clustered():
    import pandas as pd

    from pipeline.config import load_config
    from pipeline.stages.cluster import build_themes
    from pipeline.themes import too_short

    assert [too_short(t) for t in ("?", "halo?", "a 6?", "a w niedzielę?", "SOF-2026-102875", "[PERSON]?")] == [True] * 6
    assert not any(too_short(t) for t in ("а рассрочка есть?", "do you ship to Germany?", "Zwrot 199 zł?"))
    X, top, _ = nested_blobs()
    X = (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)
    n = len(X)
    texts = [f"text {top[i]} number {i}" for i in range(n)]
    for i in range(0, n, 10):
        texts[i] = "halo?"  # the vector still sits inside its blob
    table = pd.DataFrame({"segment_id": [f"s{i}" for i in range(n)], "doc_id": [f"d{i}" for i in range(n)],
                          "text": texts, "lang": "en", "kind": "question"})
    found = build_themes(table, X, ["question"], load_config(overrides={"cluster": {"max_themes": 3}}).cluster, seed=0)
    short = np.array([t == "halo?" for t in texts])
    assert (found.ids[short] == -1).all()
    assert (found.ids[~short] >= 0).mean() > 0.95
    assert not found.table["label"].eq("halo?").any()
