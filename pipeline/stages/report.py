"""Write every output file into the out folder (see :mod:`pipeline.report`)."""

from __future__ import annotations

import pandas as pd

NAME = "report"
VERSION = "2"
REQUIRES = ("segment_id", "stage", "kind", "theme_id", "text")
ASSIGNS: tuple[str, ...] = ()
# its product is the output folder: a reused checkpoint writes the saved files again (pipeline.checkpoints)
WRITES_FILES = True


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    if ctx.out is None:
        return segments
    from pipeline.report import write_outputs

    ctx.artifacts["outputs"] = {k: str(v) for k, v in write_outputs(segments, ctx).items()}
    return segments
