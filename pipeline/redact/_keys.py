"""The project's redaction key: what keys the redaction cache and the hashes that stand for names in outputs.

A plain hash of a name or a short text gives it back to anyone who hashes a list of names ("contact-963d4f8f" is
"Anna Kowalska" for whoever hashes the 1,000 commonest Polish names and surnames), so such hashes are keyed: an HMAC
under a random key created once in the cache folder (``[run] cache_dir``, ``redact.key``, mode 0600). The same input
and config in the same cache folder give the same hashes; copy ``redact.key`` along to get them on another machine,
delete it to start afresh. Without a cache folder a run makes its own key, so its hashes change from run to run.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from functools import lru_cache
from pathlib import Path

__all__ = ["SECRET_FILE", "cache_secret", "name_key", "keyed_hash"]

SECRET_FILE = "redact.key"


def cache_secret(cache_dir: str | Path) -> bytes:
    """The random key of a cache folder, created once (``redact.key``, mode 0600).

    The redaction cache's entries are keyed by an HMAC of the raw text under this key, not by its plain SHA-256: a plain
    hash of a short text gives it back to anyone who tries the likely values (a phone "600 100 202" came back from its
    key in 0.1 s), so a copied ``results.sqlite`` alone must not be enough. Losing the file only makes the next run
    redact again (and hash names anew: :func:`name_key`).

    Example:
        >>> import tempfile
        >>> d = tempfile.mkdtemp()
        >>> cache_secret(d) == cache_secret(d), len(cache_secret(d)), oct(os.stat(Path(d) / SECRET_FILE).st_mode & 0o777)
        (True, 32, '0o600')
    """
    path = Path(cache_dir) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # made by an earlier run, or by another worker sharing the folder a moment ago
        for _ in range(100):
            data = path.read_bytes()
            if len(data) >= 32:
                return data
            time.sleep(0.05)
        from pipeline.errors import ConfigError

        raise ConfigError(f"{path} holds {len(data)} bytes, not a 32-byte key. Fix: delete it; the next run makes a new one.")
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_bytes(32))
    return path.read_bytes()


@lru_cache(maxsize=1)
def _run_key() -> bytes:
    """A key for this process alone, for a run without a cache folder."""
    return secrets.token_bytes(32)


def name_key(cache_dir: str | Path) -> bytes:
    """The key that hashes names in outputs (:func:`keyed_hash`): derived from the cache folder's :func:`cache_secret`,
    so one key file serves both and neither use reveals the other; ``""`` (no cache): a key of this process alone.

    Example:
        >>> import tempfile
        >>> d = tempfile.mkdtemp()
        >>> name_key(d) == name_key(d) != cache_secret(d), name_key("") == name_key(""), len(name_key(""))
        (True, True, 32)
    """
    if not str(cache_dir):
        return _run_key()
    return hmac.new(cache_secret(cache_dir), b"qsynth names in outputs", hashlib.sha256).digest()


def keyed_hash(value: str, key: bytes, n: int = 8) -> str:
    """The first ``n`` hex digits of the HMAC-SHA256 of ``value`` under ``key`` (:func:`name_key`): an id that shows no
    name, and that no list of names gives back without the key.

    Example:
        >>> a, b = keyed_hash("Anna Kowalska", b"k" * 32), keyed_hash("Anna Kowalska", b"j" * 32)
        >>> len(a), a == keyed_hash("Anna Kowalska", b"k" * 32), a != b
        (8, True, True)
    """
    return hmac.new(key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:n]
