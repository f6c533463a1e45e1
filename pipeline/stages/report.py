"""Write every output file into the out folder (see :mod:`pipeline.report`).

The embedding matrix is released first (``ctx.artifacts["embeddings"]`` is gone after a run that
writes a report): nothing in the outputs reads vectors, and at a million rows they are 0.8 GB of
this stage's peak memory. Library users who want the vectors run without an output folder.
"""

from __future__ import annotations

import pandas as pd

NAME = "report"
VERSION = "14"
REQUIRES = ("segment_id", "stage", "kind", "theme_id", "text")
ASSIGNS: tuple[str, ...] = ()
# its product is the output folder: a reused checkpoint writes the saved files again (pipeline.checkpoints)
WRITES_FILES = True


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    if ctx.out is None:
        return segments
    from pipeline.report import write_outputs

    ctx.artifacts.pop("embeddings", None)
    ctx.artifacts["outputs"] = {k: str(v) for k, v in write_outputs(segments, ctx).items()}
    return segments
