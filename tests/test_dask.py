"""The Dask executor gives exactly the local executor's results (2 local worker processes)."""

import pandas as pd
import pytest

pytest.importorskip("dask.distributed")

from pipeline.api import run_pipeline  # noqa: E402
from pipeline.executors import DaskExecutor  # noqa: E402


def test_dask_equals_local(tiny_corpus, fast_overrides, tmp_path):
    local = run_pipeline(tiny_corpus, out=tmp_path / "local", overrides=fast_overrides)
    ex = DaskExecutor("", n_workers=2, partition_rows=7)  # small partitions: several per stage
    try:
        assert len(ex.client.scheduler_info()["workers"]) == 2
        dask_over = {**fast_overrides, "run": {**fast_overrides["run"], "executor": "dask"}}
        dist = run_pipeline(tiny_corpus, out=tmp_path / "dask", overrides=dask_over, artifacts={"executor": ex})
    finally:
        ex.close()
    assert dist.ctx.stats["embed"]["partitions"] > 1
    pd.testing.assert_frame_equal(local.segments.reset_index(drop=True), dist.segments.reset_index(drop=True), check_exact=True)
    pd.testing.assert_frame_equal(local.ctx.artifacts["themes"], dist.ctx.artifacts["themes"])
    for name in ("segments.csv", "themes.csv", "journey_map.md", "faq.md"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
