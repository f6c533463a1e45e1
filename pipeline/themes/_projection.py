"""A learned linear map of the run's vectors into a space where one intent is one tight group.

Sentence encoders such as e5-small place texts by what they say *and* how they say it; for themes
only the first matters. ``scripts/train_themes_projection.py`` fits a 384 x 384 map, started at the
identity and moved a little (300 Adam steps), with a supervised contrastive loss on CLINC150 train
(paraphrases of one intent together, other intents apart) and a second one on the parallel seed
examples (each English text must pick out its own Polish and Russian translation; CLINC150 is
English only). Measured (see the script and the README):

- CLINC150 test intents of domains the map never saw (2 folds): qsynth NMI 0.896 -> 0.917, k-means
  (true K) 0.881 -> 0.893; a text's translation is still its nearest neighbour as often as before
  (dev_parallel.csv: en~pl 0.927 -> 0.917, en~ru 0.927 -> 0.927).
- The sample corpus against its hand-made topic labelling: NMI pain points 0.594 -> 0.614, questions
  0.676 -> 0.670 (509 items: 0.01 is noise).

The map is a matrix product on vectors the run already has: no second embedding pass, no model.
It exists for e5-small's vector space only (``e5-small`` and ``e5-fast``); other embedders are
clustered on their own vectors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["ThemeProjection", "load_projection", "PROJECTIONS"]

_RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "themes"
#: vector space (as the trained heads name it, see ``pipeline.stages.embed.head_space``) -> its map
PROJECTIONS = {"e5-small": _RESOURCES / "e5_projection.npz"}
_BLOCK = 16384  # rows projected at a time: bounds the float32 temporaries (~25 MB each)


@dataclass(frozen=True)
class ThemeProjection:
    """``x -> unit((x - mean) @ weight.T)``.

    Attributes:
        weight: ``(dim, dim)`` float32 map.
        mean: ``(dim,)`` float32 vector removed first (the training texts' mean).
        meta: Settings, counts and hashes recorded by the training script.
    """

    weight: np.ndarray
    mean: np.ndarray
    meta: dict

    @property
    def dim(self) -> int:
        return int(self.weight.shape[1])

    def transform(self, X: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Project rows of ``X`` to unit vectors, in blocks.

        Args:
            X: ``(n, dim)`` vectors (any float dtype).
            out: Array to write into (may be ``X`` itself, e.g. a float16 matrix changed in place).

        Returns:
            ``out``, or a new float32 array.

        Raises:
            ValueError: ``X`` has another width than the map (vectors of another embedder).
        """
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.dim:
            raise ValueError(f"The themes projection expects {self.dim}-d vectors, got shape {X.shape}. "
                             "Fix: set [cluster] projection = false for this embedder.")
        if out is None:
            out = np.empty(X.shape, np.float32)
        for lo in range(0, len(X), _BLOCK):
            Z = (np.asarray(X[lo:lo + _BLOCK], dtype=np.float32) - self.mean) @ self.weight.T
            Z /= np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-12)
            out[lo:lo + _BLOCK] = Z
        return out


@lru_cache(maxsize=None)
def _load(path: str) -> ThemeProjection:
    with np.load(path) as z:
        return ThemeProjection(weight=z["weight"].astype(np.float32), mean=z["mean"].astype(np.float32),
                               meta=json.loads(str(z["meta"])))


def load_projection(space: str) -> ThemeProjection | None:
    """The committed projection for a vector space, or None where there is none.

    Raises:
        FileNotFoundError: The space has a projection but its file is missing (a broken install).
    """
    path = PROJECTIONS.get(space)
    if path is None:
        return None
    if not path.is_file():
        raise FileNotFoundError(f"The themes projection {path} is missing. Fix: reinstall qsynth, run "
                                "scripts/train_themes_projection.py, or set [cluster] projection = false.")
    return _load(str(path))
