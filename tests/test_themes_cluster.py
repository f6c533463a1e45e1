"""ThemeClusterer logic on synthetic embeddings (make_blobs), no model needed."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score, silhouette_score

from pipeline.themes import ThemeClusterer
from pipeline.themes._cluster import _cosine_silhouette
from pipeline.themes import _cluster


def sphere_blobs(n: int, k: int, dim: int = 32, spread: float = 0.25, seed: int = 0, sizes=None):
    """Well-separated groups on the unit sphere, like sentence embeddings of k distinct themes.

    Centres are random directions (nearly orthogonal in 32-d); members are centre + Gaussian noise.
    """
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((k, dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    if sizes is None:
        y = np.arange(n) % k
    else:
        y = np.repeat(np.arange(k), sizes)
    X = centres[y] + spread * rng.standard_normal((len(y), dim)) / np.sqrt(dim) * 3
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return X.astype(np.float32), y


@pytest.mark.parametrize("k", [2, 4, 7, 12])
def test_finds_the_number_of_well_separated_themes(k):
    X, y = sphere_blobs(40 * k, k, seed=k)
    cl = ThemeClusterer(seed=0).fit(X)
    assert cl.n_themes_ == k
    assert adjusted_rand_score(y, cl.labels_) > 0.95


def test_euclidean_make_blobs_example():
    X, y = make_blobs(300, centers=4, n_features=8, random_state=0)
    cl = ThemeClusterer(seed=0).fit(X)
    assert cl.n_themes_ == 4
    assert adjusted_rand_score(y, cl.labels_) == pytest.approx(1.0)


def test_unequal_theme_sizes():
    X, y = sphere_blobs(0, 5, sizes=[120, 60, 25, 10, 5], spread=0.1, seed=3)
    cl = ThemeClusterer(seed=0).fit(X)
    assert cl.n_themes_ == 5
    # ids are ordered by size: theme 0 is the largest group
    assert np.bincount(cl.labels_[cl.labels_ >= 0]).tolist() == [120, 60, 25, 10, 5]


def test_featureless_cloud_is_one_theme():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 64))
    cl = ThemeClusterer(seed=0).fit(X)
    assert cl.n_themes_ == 1
    assert (cl.labels_ == 0).all()


@pytest.mark.parametrize("max_unassigned", [0.0, 0.02, 0.10])
def test_unassigned_share_is_capped(max_unassigned):
    X, _ = sphere_blobs(200, 5, seed=1)
    rng = np.random.default_rng(5)
    noise = rng.standard_normal((40, X.shape[1])).astype(np.float32)  # 40 outliers far from every theme
    Xn = np.vstack([X, noise / np.linalg.norm(noise, axis=1, keepdims=True)])
    cl = ThemeClusterer(max_unassigned=max_unassigned, seed=0).fit(Xn)
    assert np.mean(cl.labels_ == -1) <= max_unassigned + 1e-9
    assert cl.n_themes_ >= 5


def test_outliers_go_to_the_visible_bucket_when_allowed():
    X, _ = sphere_blobs(200, 5, seed=1)
    rng = np.random.default_rng(5)
    noise = rng.standard_normal((12, X.shape[1])).astype(np.float32)
    Xn = np.vstack([X, noise / np.linalg.norm(noise, axis=1, keepdims=True)])
    cl = ThemeClusterer(max_unassigned=0.10, seed=0).fit(Xn)
    assert (cl.labels_[:200] >= 0).all()            # real members are never dropped
    assert (cl.labels_[200:] == -1).mean() >= 0.5   # most of the noise is shown as 'other'


def test_deterministic_for_same_input_and_seed():
    X, _ = sphere_blobs(300, 6, seed=2)
    a = ThemeClusterer(seed=7).fit(X).labels_
    b = ThemeClusterer(seed=7).fit(X.copy()).labels_
    np.testing.assert_array_equal(a, b)


def test_sample_then_assign_path():
    X, y = sphere_blobs(3000, 6, seed=4)
    big = ThemeClusterer(sample_size=500, seed=0).fit(X)
    assert big.n_themes_ == 6
    assert adjusted_rand_score(y, big.labels_) > 0.95
    assert np.mean(big.labels_ == -1) <= 0.10
    again = ThemeClusterer(sample_size=500, seed=0).fit(X)
    np.testing.assert_array_equal(big.labels_, again.labels_)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_inputs_below_min_size_are_unassigned(n):
    X = np.random.default_rng(0).standard_normal((n, 8))
    cl = ThemeClusterer(min_cluster_size=3).fit(X)
    assert cl.labels_.shape == (n,)
    assert (cl.labels_ == -1).all()
    assert cl.n_themes_ == 0


def test_tiny_input_of_min_size_is_one_theme():
    X = np.random.default_rng(0).standard_normal((4, 8))
    cl = ThemeClusterer(min_cluster_size=3).fit(X)
    assert cl.n_themes_ == 1
    assert (cl.labels_ == 0).all()


def test_small_input_with_two_clear_groups():
    X, y = sphere_blobs(12, 2, seed=9)
    cl = ThemeClusterer(min_cluster_size=3).fit(X)
    assert cl.n_themes_ == 2
    assert adjusted_rand_score(y, cl.labels_) == pytest.approx(1.0)


def test_identical_vectors_do_not_crash():
    X = np.ones((10, 16))
    cl = ThemeClusterer().fit(X)
    assert cl.labels_.shape == (10,)
    assert cl.n_themes_ <= 1


def test_max_themes_caps_automatic_k():
    X, _ = sphere_blobs(400, 10, seed=6)
    cl = ThemeClusterer(max_themes=4, seed=0).fit(X)
    assert cl.n_themes_ <= 4
    assert np.mean(cl.labels_ == -1) <= 0.10


def test_fixed_n_clusters():
    X, _ = sphere_blobs(300, 6, seed=8)
    assert ThemeClusterer(n_clusters=3).fit(X).n_themes_ == 3


def test_fit_predict_and_bad_shape():
    X, _ = sphere_blobs(60, 3)
    np.testing.assert_array_equal(ThemeClusterer().fit_predict(X), ThemeClusterer().fit(X).labels_)
    with pytest.raises(ValueError, match="2-D"):
        ThemeClusterer().fit(np.zeros(5))


def test_subthemes_split_a_large_theme_with_inner_structure():
    # 2 far-apart themes; the first is made of 3 tight sub-groups
    rng = np.random.default_rng(0)
    dim = 32
    a = rng.standard_normal(dim)
    subs = [a + 0.5 * rng.standard_normal(dim) for _ in range(3)]
    b = rng.standard_normal(dim) * 2
    rows = [s + 0.08 * rng.standard_normal((30, dim)) for s in subs] + [b + 0.2 * rng.standard_normal((60, dim))]
    X = np.vstack(rows)
    cl = ThemeClusterer(max_themes=2, subthemes=True, seed=0).fit(X)
    assert cl.n_themes_ == 2
    big = cl.labels_[0]
    assert (cl.labels_[:90] == big).all()
    assert len(set(cl.sublabels_[:90].tolist()) - {-1}) == 3
    assert adjusted_rand_score(np.repeat([0, 1, 2], 30), cl.sublabels_[:90]) > 0.9
    assert (cl.sublabels_[90:] == -1).all()  # the unstructured theme is not split


def test_fast_silhouette_matches_scikit_learn():
    X, _ = sphere_blobs(150, 4, seed=3)
    labels = np.random.default_rng(0).integers(0, 5, len(X))
    labels[0] = 9  # a singleton scores 0, as in scikit-learn
    ours = _cosine_silhouette(X.astype(np.float64), labels)
    assert ours == pytest.approx(silhouette_score(X, labels, metric="cosine"), abs=1e-4)


def test_large_inputs_take_at_least_a_share_of_the_silhouette_peaks_k():
    # A sentence-vector-like curve: within the saturation band at K=40, peaking at K=200.
    grid = [10, 20, 40, 80, 120, 160, 200, 300]
    curve = [0.10, 0.30, 0.37, 0.375, 0.38, 0.39, 0.40, 0.38]
    cl = ThemeClusterer(saturation=0.90, min_structure=0)
    big = np.zeros((_cluster._NULL_MAX + 1, 4))
    small = np.zeros((_cluster._NULL_MAX, 4))
    assert cl._choose_k(small, grid, curve) == 40  # small input: the band's first cut
    assert cl._choose_k(big, grid, curve) == 120  # smallest cut >= 0.6 * 200
    # clean data peaking at the band's cut keeps it
    assert cl._choose_k(big, grid, [0.1, 0.3, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]) == 40


def test_centre_languages_makes_themes_form_by_topic_not_language():
    from pipeline.themes import centre_languages

    rng = np.random.default_rng(3)
    topics = rng.standard_normal((3, 32))
    lang_dir = {"pl": 4 * rng.standard_normal(32), "ru": 4 * rng.standard_normal(32)}
    X, topic, langs = [], [], []
    for lang in ("pl", "ru"):
        for t in range(3):
            for _ in range(15):
                X.append(topics[t] + lang_dir[lang] + 0.3 * rng.standard_normal(32))
                topic.append(t)
                langs.append(lang)
    X = np.array(X)
    raw = ThemeClusterer(seed=0).fit(X)
    mixed = [len({langs[i] for i in np.flatnonzero(raw.labels_ == t)}) for t in range(raw.n_themes_)]
    assert max(mixed) == 1  # the problem: as they are, no theme holds both languages
    Z = centre_languages(X, langs)
    assert np.allclose(np.linalg.norm(Z, axis=1), 1.0, atol=1e-5)
    cl = ThemeClusterer(seed=0).fit(Z)
    assert adjusted_rand_score(topic, cl.labels_) == pytest.approx(1.0)
    # one language, or languages below min_items, only get the overall centring
    one = centre_languages(X[:45], langs[:45])
    g = X[:45] / np.linalg.norm(X[:45], axis=1, keepdims=True)
    g = g - g.mean(axis=0)
    np.testing.assert_allclose(one, g / np.linalg.norm(g, axis=1, keepdims=True), atol=1e-5)


def test_fewer_items_than_twice_the_dimension_skip_the_structureless_cloud_check():
    # a Gaussian fitted to n < 2 x dim items has their own few directions and looks as structured as
    # they do: 53 fitness-club questions of a dozen topics had been one theme (see _choose_k)
    rng = np.random.default_rng(0)
    small = rng.standard_normal((60, 64)) + np.repeat(rng.standard_normal((12, 64)), 5, axis=0)
    cl = ThemeClusterer(seed=0).fit(small)
    assert cl.null_curve_ == [] and cl.n_themes_ >= 2
    # from 2 x dim items on the check runs, and a featureless cloud stays one theme
    cloud = ThemeClusterer(seed=0).fit(rng.standard_normal((128, 64)))
    assert cloud.null_curve_ and cloud.n_themes_ == 1
    # a sub-theme split must beat chance at any size
    sub = ThemeClusterer(seed=0)
    sub._null_any_size = True
    assert sub.fit(small).null_curve_
