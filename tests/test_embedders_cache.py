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


def test_cached_rows_predicts_each_distinct_key_once_and_rounds_like_the_cache(tmp_path):
    import numpy as np
    import pandas as pd

    from pipeline.cache import ResultCache, cached_rows

    keys = ["a", "b", "a", "c", "b", "a"]
    calls: list[list[int]] = []

    def predict(pos):
        calls.append(list(pos))
        return pd.DataFrame({"label": pd.Series([keys[i].upper() for i in pos], dtype=object),
                             "score": np.array([1 / 3 + ord(keys[i]) for i in pos], dtype=float),
                             "flag": np.array([keys[i] == "b" for i in pos], dtype=bool)})

    cache = ResultCache(tmp_path, "t|1")
    first, stats = cached_rows(keys, predict, cache, block=2)
    assert stats == {"unique": 3, "cached": 0, "computed": 3}
    assert sorted(i for c in calls[1:] for i in c) == [0, 1, 3]  # first rows of a, b, c; calls[0] is the template
    assert first["label"].tolist() == ["A", "B", "A", "C", "B", "A"]
    assert first["score"].iloc[0] == round(1 / 3 + ord("a"), 4)
    assert first["flag"].tolist() == [False, True, False, False, True, False]
    calls.clear()
    again, stats = cached_rows(keys, predict, cache, block=5)
    assert stats == {"unique": 3, "cached": 3, "computed": 0}
    assert calls == [[]]  # only the column template
    pd.testing.assert_frame_equal(again, first)
    cache.close()
    empty, stats = cached_rows([], predict, None)
    assert list(empty.columns) == ["label", "score", "flag"] and len(empty) == 0
