"""Themes are clustered through a learned linear map of the run's vectors (``[cluster] projection``)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from pipeline.config import load_config
from pipeline.runner import Context
from pipeline.stages import cluster
from pipeline.stages.cluster import theme_projection, with_context
from pipeline.themes import ThemeProjection, load_projection
from pipeline.themes._projection import PROJECTIONS


def _segments(n: int = 12) -> pd.DataFrame:
    rows = []
    for i in range(n):
        topic = "refund" if i % 2 == 0 else "courier"
        rows.append((f"d{i}", f"s{i}", f"my {topic} problem number {i} is still not solved, week {i}", "pain_point"))
    rows.append(("d99", "s99", "thanks, all good", "praise"))
    t = pd.DataFrame(rows, columns=["doc_id", "segment_id", "text", "kind"])
    t["lang"], t["embedded"], t["turn_index"], t["is_customer"] = "en", True, 0, True
    return t


class Named:
    def __init__(self, name):
        self.name = name


def _ctx(projection: bool, embedder: str = "e5-fast", **artifacts) -> Context:
    cfg = load_config(overrides={"embed": {"embedder": "fake"}, "run": {"cache_dir": ""},
                                 "cluster": {"projection": projection, "subthemes": False}})
    return Context(cfg=cfg, artifacts={"embedder": Named(embedder), **artifacts})


def _topic_map(dim: int = 8) -> ThemeProjection:
    """A map that keeps coordinates 0 and 1 (the topic) and drops the 'style' coordinates 2.."""
    W = np.zeros((dim, dim), np.float32)
    W[0, 0] = W[1, 1] = 1.0
    return ThemeProjection(W, np.zeros(dim, np.float32), {})


def _styled_vectors(seg: pd.DataFrame, rng) -> np.ndarray:
    """Topic in coordinates 0/1; a stronger 'style' (two registers) in coordinate 2 that cuts across
    the topics, and a little noise: as they are, the vectors group by style."""
    X = np.zeros((len(seg), 8), np.float32)
    X[:, 0] = seg["text"].str.contains("refund")
    X[:, 1] = seg["text"].str.contains("courier")
    X[:, 2] = np.where((np.arange(len(seg)) // 2) % 2 == 0, 3.0, -3.0)
    X += 0.1 * rng.standard_normal(X.shape).astype(np.float32)
    return X


def test_the_cluster_stage_clusters_through_the_projection(monkeypatch):
    seg = _segments(24)
    X = _styled_vectors(seg, np.random.default_rng(0)).astype(np.float16)
    before = X.copy()
    monkeypatch.setattr(cluster, "theme_projection", lambda ctx: _topic_map())
    ctx = _ctx(True, embeddings=X)
    out = cluster.run(seg, ctx)
    pain = out[out["kind"] == "pain_point"]
    by_topic = pain[pain["theme_id"] >= 0].groupby(pain["text"].str.contains("refund"))["theme_id"].agg(set)
    assert by_topic.map(len).tolist() == [1, 1] and by_topic[True] != by_topic[False], by_topic  # one theme a topic
    assert (pain["theme_id"] < 0).mean() <= 0.1  # the visible 'other' bucket stays small
    np.testing.assert_array_equal(ctx.artifacts["embeddings"], before)  # the run's vectors are left alone
    # without the map, the same vectors do not separate the topics: the map made the difference
    plain = cluster.run(seg, _ctx(False, embeddings=X))
    pp = plain[plain["kind"] == "pain_point"]
    assert pp.groupby(pp["text"].str.contains("refund"))["theme_id"].agg(set).map(len).max() > 1


def test_which_runs_get_the_projection():
    assert theme_projection(_ctx(True, "e5-fast")) is load_projection("e5-small")
    assert theme_projection(_ctx(True, "e5-small")) is load_projection("e5-small")
    assert theme_projection(_ctx(False, "e5-fast")) is None  # turned off
    assert theme_projection(_ctx(True, "use-multilingual")) is None  # no map for that vector space
    assert theme_projection(_ctx(True, "fake")) is None


def test_a_missing_projection_file_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(PROJECTIONS, "e5-small", tmp_path / "gone.npz")
    with pytest.raises(FileNotFoundError, match=r"gone\.npz.*Fix:.*projection = false"):
        theme_projection(_ctx(True, "e5-fast"))


def test_transform_in_blocks_and_in_place_matches_the_formula(monkeypatch):
    from pipeline.themes import _projection

    rng = np.random.default_rng(1)
    W = (np.eye(6) + 0.3 * rng.standard_normal((6, 6))).astype(np.float32)
    mu = rng.standard_normal(6).astype(np.float32)
    p = ThemeProjection(W, mu, {})
    X = rng.standard_normal((10, 6)).astype(np.float32)
    want = (X - mu) @ W.T
    want /= np.linalg.norm(want, axis=1, keepdims=True)
    monkeypatch.setattr(_projection, "_BLOCK", 3)  # 4 blocks, the last one short
    np.testing.assert_allclose(p.transform(X), want, rtol=1e-5, atol=1e-6)
    H = X.astype(np.float16)
    assert p.transform(H, out=H) is H and H.dtype == np.float16
    np.testing.assert_allclose(H, (lambda Z: Z / np.linalg.norm(Z, axis=1, keepdims=True))((X.astype(np.float16).astype(np.float32) - mu) @ W.T), atol=2e-3)
    with pytest.raises(ValueError, match="expects 6-d vectors.*Fix"):
        p.transform(np.zeros((2, 5)))


def test_with_context_mixes_the_given_own_vectors():
    t = pd.DataFrame({"doc_id": ["c", "c"], "turn_index": [0, 1], "is_customer": [False, True],
                      "text": ["Zwrot trwa do 14 dni.", "czyli nic się nie da zrobić"], "kind": ["", "pain_point"],
                      "embedded": [False, True]})
    V = np.zeros((2, 4), np.float32)
    V[1] = [1, 0, 0, 0]
    rows, C = with_context(t, V, lambda texts: np.tile([0, 1, 0, 0], (len(texts), 1)), ["pain_point"], 8,
                           own=lambda r: np.tile([0, 0, 1, 0], (len(r), 1)))
    assert rows.tolist() == [1]
    np.testing.assert_allclose(C[0], [0, 1 / np.sqrt(2), 1 / np.sqrt(2), 0], rtol=1e-6)


def test_the_committed_projection_is_near_the_identity_and_recorded():
    p = load_projection("e5-small")
    assert p.weight.shape == (384, 384) and p.mean.shape == (384,)
    assert p.meta["clinc150_intents"] == 150 and p.meta["parallel_seed_groups"] > 400
    moved = np.linalg.norm(p.weight - np.eye(384)) / np.sqrt(384)
    assert moved == pytest.approx(p.meta["moved"], rel=1e-5) and 0.01 < moved < 0.5
    json.dumps(p.meta)  # plain JSON


@pytest.mark.model
def test_the_projection_pulls_paraphrases_of_one_intent_together_across_languages():
    """Real model: the same complaint in English and Polish (and the same question in English and
    Russian) are each other's nearest text, by a wider margin after the projection than before."""
    from pipeline.embedders import get_embedder

    texts = ["My refund still hasn't arrived after three weeks",
             "Zwrot pieniędzy wciąż nie dotarł, minęły już trzy tygodnie",
             "How do I change my delivery address?",
             "Как изменить адрес доставки?",
             "The courier left the parcel at the wrong house",
             "The app crashes every time I try to pay"]
    E = get_embedder("e5-fast").embed(texts)
    P = load_projection("e5-small").transform(E)
    assert np.allclose(np.linalg.norm(P, axis=1), 1, atol=1e-5)

    def margin(V, a, b):  # similarity of the pair minus the best similarity of either to any other text
        S = V @ V.T
        others = [j for j in range(len(texts)) if j not in (a, b)]
        return S[a, b] - max(S[a, others].max(), S[b, others].max())

    for a, b in ((0, 1), (2, 3)):
        assert margin(P, a, b) > 0.0, (a, b)
        assert margin(P, a, b) > margin(E, a, b) + 0.01, (a, b, margin(P, a, b), margin(E, a, b))
