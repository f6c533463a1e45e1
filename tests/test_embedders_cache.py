import numpy as np
import pytest

from pipeline.cache import VectorCache, cached_embed
from pipeline.embedders import FakeEmbedder, get_embedder, normalise_rows
from pipeline.errors import ConfigError


def test_fake_embedder_is_deterministic_normalised_and_lexical():
    e = get_embedder("fake")
    a = e.embed(["the courier was late", "the courier was late again", "great comfortable sofa"])
    assert a.shape == (3, e.dim) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1, atol=1e-3)
    assert np.array_equal(a, e.embed(["the courier was late", "the courier was late again", "great comfortable sofa"]))
    assert a[0] @ a[1] > a[0] @ a[2]
    assert e.embed([]).shape == (0, e.dim)


def test_unknown_embedder_lists_options():
    with pytest.raises(ConfigError, match="Unknown embedder 'bert'.*e5-small"):
        get_embedder("bert")


def test_cache_computes_each_text_once_and_reuses_disk(tmp_path):
    calls = []

    def embed(texts):
        calls.append(list(texts))
        return FakeEmbedder().embed(texts)

    texts = ["a b", "c d", "a b", "e f"]
    cache = VectorCache(tmp_path, "fake")
    m1, s1 = cached_embed(texts, embed, 64, cache)
    assert s1 == {"unique": 3, "cached": 0, "computed": 3} and sum(map(len, calls)) == 3
    assert np.array_equal(m1[0], m1[2])
    m2, s2 = cached_embed(texts + ["g h"], embed, 64, VectorCache(tmp_path, "fake"))
    assert s2 == {"unique": 4, "cached": 3, "computed": 1}
    assert np.array_equal(m2[:4], m1), "a cached run must give exactly the fresh vectors"
    _, s3 = cached_embed(texts, embed, 64, VectorCache(tmp_path, "other-model"))
    assert s3["cached"] == 0, "namespaces (models) never share vectors"


def test_normalise_rows_rounds_through_float16():
    x = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert np.allclose(x[0], [0.6, 0.8], atol=1e-3) and np.array_equal(x, normalise_rows(x))


def test_result_cache_maps_each_distinct_input_once_and_persists(tmp_path):
    from pipeline.cache import ResultCache, cached_map, text_key

    calls = []

    def upper(batch):
        calls.extend(batch)
        return [t.upper() for t in batch]

    items = ["ab", "cd", "ab"]
    res, st = cached_map(items, upper, text_key, ResultCache(tmp_path, "ns"))
    assert res == ["AB", "CD", "AB"] and st == {"unique": 2, "cached": 0, "computed": 2} and calls == ["ab", "cd"]
    res2, st2 = cached_map(items + ["ef"], upper, text_key, ResultCache(tmp_path, "ns"))
    assert res2 == ["AB", "CD", "AB", "EF"] and st2["cached"] == 2 and calls == ["ab", "cd", "ef"]
    _, st3 = cached_map(items, upper, text_key, ResultCache(tmp_path, "other"))
    assert st3["cached"] == 0
