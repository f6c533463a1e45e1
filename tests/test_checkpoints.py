"""Stage checkpoints: an unchanged re-run reuses saved stage results and writes identical outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.api import run_pipeline
from pipeline.checkpoints import Checkpoints, SAVE_AFTER

from conftest import write_corpus

OUTPUTS = ("segments.csv", "themes.csv", "journey_map.html", "journey_map.md", "journey_map.xlsx", "faq.md", "journey_map.json")


def _overrides(cache: Path, **extra) -> dict:
    o = {"embed": {"embedder": "fake"}, "run": {"cache_dir": str(cache), "progress": False},
         "cluster": {"min_cluster_size": 2}}
    for section, values in extra.items():
        o.setdefault(section, {}).update(values)
    return o


def _reused(res) -> set[str]:
    return {k for k, v in res.ctx.stats.items() if v.get("reused")}


def _same_outputs(a: Path, b: Path) -> None:
    compared = 0
    for name in OUTPUTS:
        if (a / name).exists() or (b / name).exists():
            assert (a / name).read_bytes() == (b / name).read_bytes(), name
            compared += 1
    assert compared >= 4


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


def test_unchanged_rerun_reuses_every_stage_and_writes_the_same_outputs(corpus, tmp_path):
    cache = tmp_path / "cache"
    first = run_pipeline(corpus, out=tmp_path / "o1", overrides=_overrides(cache))
    assert _reused(first) == set()
    assert len(list((cache / "checkpoints").glob("*.pkl"))) == len(SAVE_AFTER)
    # library use without an output folder reuses the table but cannot reuse a report
    lib = run_pipeline(corpus, out=None, overrides=_overrides(cache))
    assert "synthesize" in _reused(lib) and "report" not in _reused(lib)
    second = run_pipeline(corpus, out=tmp_path / "o2", overrides=_overrides(cache))
    # every stage comes from the checkpoints; the report's saved files are written into the new folder
    assert _reused(second) == {"ingest", "segment", "redact", "language", "embed", "affect", "detect", "cluster",
                               "stage_map", "synthesize", "report"}
    _same_outputs(tmp_path / "o1", tmp_path / "o2")
    assert set(second.paths) >= {"journey_map.html", "segments.csv", "run.json"}
    assert all(p.parent == tmp_path / "o2" and p.is_file() for p in second.paths.values())
    assert second.segments.equals(first.segments)
    assert second.record["counts"]["segments"] == first.record["counts"]["segments"]


def test_a_cluster_setting_change_resumes_after_detection(corpus, tmp_path):
    cache = tmp_path / "cache"
    run_pipeline(corpus, out=tmp_path / "o1", overrides=_overrides(cache))
    changed = _overrides(cache, cluster={"min_cluster_size": 3})
    res = run_pipeline(corpus, out=tmp_path / "o2", overrides=changed)
    # [cluster] is read from the cluster stage on: the per-text work before it is reused
    assert _reused(res) == {"ingest", "segment", "redact", "language", "embed", "affect", "detect"}
    fresh = run_pipeline(corpus, out=tmp_path / "o3", overrides=_overrides(Path(""), cluster={"min_cluster_size": 3})
                         | {"run": {"cache_dir": "", "progress": False}})
    _same_outputs(tmp_path / "o2", tmp_path / "o3")


def test_progress_and_executor_settings_do_not_invalidate(corpus, tmp_path):
    cache = tmp_path / "cache"
    run_pipeline(corpus, out=tmp_path / "o1", overrides=_overrides(cache))
    res = run_pipeline(corpus, out=tmp_path / "o2", overrides=_overrides(cache, run={"progress": True}))
    assert "synthesize" in _reused(res)


def test_an_edited_input_file_is_recomputed(corpus, tmp_path):
    cache = tmp_path / "cache"
    run_pipeline(corpus, out=tmp_path / "o1", overrides=_overrides(cache))
    reviews = corpus / "reviews" / "reviews.csv"
    reviews.write_text(reviews.read_text(encoding="utf-8") + "R-6,2026-06-06,Google,Sofa Lento,2,Meh,The legs wobble.,\n",
                       encoding="utf-8")
    res = run_pipeline(corpus, out=tmp_path / "o2", overrides=_overrides(cache))
    assert _reused(res) == set()
    assert res.segments["text"].str.contains("legs wobble").any()


def test_an_edited_file_named_by_the_config_is_recomputed(corpus, tmp_path):
    cache = tmp_path / "cache"
    faq = tmp_path / "faq.md"
    faq.write_text("## How much is delivery?\nDelivery costs 99 zł.\n", encoding="utf-8")
    ov = _overrides(cache, report={"faq_file": str(faq)})
    run_pipeline(corpus, out=tmp_path / "o1", overrides=ov)
    assert "synthesize" in _reused(run_pipeline(corpus, out=tmp_path / "o2", overrides=ov))
    faq.write_text("## Do you ship to Germany?\nYes.\n", encoding="utf-8")
    reused = _reused(run_pipeline(corpus, out=tmp_path / "o3", overrides=ov))
    assert "detect" in reused and "synthesize" not in reused   # [report] is read from clustering on


def test_reuse_can_be_switched_off(corpus, tmp_path):
    cache = tmp_path / "cache"
    run_pipeline(corpus, out=tmp_path / "o1", overrides=_overrides(cache))
    res = run_pipeline(corpus, out=tmp_path / "o2", overrides=_overrides(cache, run={"reuse_stages": False}))
    assert _reused(res) == set()


def test_a_damaged_checkpoint_is_ignored(corpus, tmp_path):
    cache = tmp_path / "cache"
    run_pipeline(corpus, out=tmp_path / "o1", overrides=_overrides(cache))
    for p in (cache / "checkpoints").glob("*.pkl"):
        p.write_bytes(b"not a pickle")
    res = run_pipeline(corpus, out=tmp_path / "o2", overrides=_overrides(cache))
    assert _reused(res) == set()
    _same_outputs(tmp_path / "o1", tmp_path / "o2")


def test_keys_chain_and_old_files_are_pruned(tmp_path):
    import pandas as pd

    from pipeline import checkpoints as cp

    ck = Checkpoints(tmp_path, "root", {"x": {"v": 1}, "y": {"v": 1}})
    k1 = ck.keys([("a", "1", ("x",)), ("b", "1", ("y",))])
    assert k1 == ck.keys([("a", "1", ("x",)), ("b", "1", ("y",))])
    assert ck.keys([("a", "2", ("x",)), ("b", "1", ("y",))])[1] != k1[1]   # an earlier stage's version breaks the chain
    ck2 = Checkpoints(tmp_path, "root", {"x": {"v": 1}, "y": {"v": 2}})
    k2 = ck2.keys([("a", "1", ("x",)), ("b", "1", ("y",))])
    assert k2[0] == k1[0] and k2[1] != k1[1]                           # [y] changes only b's key
    assert Checkpoints(tmp_path, "root2").keys([("a", "1", None)])[0] != ck.keys([("a", "1", None)])[0]
    for i in range(cp.KEEP + 3):
        ck.save(f"{i:02d}".ljust(64, "0"), pd.DataFrame({"x": [i]}), {"detector": object(), "themes": i}, {})
    assert len(list((tmp_path / "checkpoints").glob("*.pkl"))) == cp.KEEP
    table, arts, _, _ = ck.load(f"{cp.KEEP + 2:02d}".ljust(64, "0"))
    assert table["x"].tolist() == [cp.KEEP + 2] and arts == {"themes": cp.KEEP + 2}   # live objects not pickled


def test_stage_config_declarations_cover_what_each_stage_reads():
    """A stage reading a config section it does not declare (and no earlier stage declares) would
    reuse stale results after that section changed."""
    import re

    from pipeline.runner import PIPELINE, load_stage

    seen: set[str] = set()
    for name in PIPELINE:
        mod = load_stage(name)
        declared = getattr(mod, "CONFIG", None)
        if declared is None:          # undeclared: the whole config is in the key
            continue
        seen |= set(declared)
        read = set(re.findall(r"ctx\.cfg\.([a-z_]+)", Path(mod.__file__).read_text(encoding="utf-8")))
        assert read <= seen, f"{name} reads {sorted(read - seen)} without declaring it in CONFIG"


def test_affect_and_detect_blocks_do_not_change_results(corpus, tmp_path, monkeypatch):
    """The per-row stages predict in blocks (bounded memory at 1M rows); the block size must not matter."""
    from pipeline.stages import affect, detect

    ov = _overrides(Path(""))
    ov["run"]["cache_dir"] = ""
    upto = ["ingest", "segment", "redact", "language", "embed", "affect", "detect"]
    whole = run_pipeline(corpus, out=None, overrides=ov, stages=upto).segments
    monkeypatch.setattr(affect, "BLOCK", 3)
    monkeypatch.setattr(detect, "BLOCK", 4)
    blocked = run_pipeline(corpus, out=None, overrides=ov, stages=upto).segments
    assert whole["is_customer"].sum() > 8                       # several blocks really ran
    cols = ["sentiment", "sentiment_score", "emotions", "kind", "kind_confidence", "barrier"]
    assert blocked[cols].equals(whole[cols])


def _per_text(res) -> dict[str, dict]:
    return {s: {k: res.ctx.stats[s][k] for k in ("unique", "cached", "computed")} for s in ("affect", "detect", "stage_map")}


def test_new_texts_rerun_computes_only_the_new_texts_in_the_per_text_stages(corpus, tmp_path):
    """Issue 7: a re-run with new texts pays for the new texts only (affect, detection, stage mapping),
    and its table equals a run without any cache."""
    cache = tmp_path / "cache"
    first = run_pipeline(corpus, out=None, overrides=_overrides(cache))
    assert all(v["computed"] == v["unique"] > 0 and v["cached"] == 0 for v in _per_text(first).values())
    (corpus / "reviews" / "more.csv").write_text(
        "review_id,rating,title,body\n"
        "m1,1,Never again,The courier broke the table leg and nobody answered my e-mails for two weeks.\n"
        "m2,5,Świetnie,Sofa przyszła szybko i montaż poszedł bez problemu.\n", encoding="utf-8")
    second = run_pipeline(corpus, out=None, overrides=_overrides(cache))
    stats = _per_text(second)
    new_rows = second.segments["source_file"].str.contains("more.csv") & second.segments["is_customer"]
    n_new = int(second.segments.loc[new_rows, "text"].nunique())
    assert n_new >= 2
    for stage, v in stats.items():
        assert v["computed"] == n_new, stage
        assert v["cached"] == v["unique"] - n_new, stage
    fresh = run_pipeline(corpus, out=None, overrides=_overrides(tmp_path / "other_cache", run={"reuse_stages": False}))
    cols = ["segment_id", "sentiment", "sentiment_score", "emotions", "kind", "kind_confidence", "barrier", "stage",
            "stage_confidence", "touchpoints", "drop_off"]
    assert second.segments[cols].equals(fresh.segments[cols])


def test_a_changed_stage_setting_recomputes_that_stage_only(corpus, tmp_path):
    cache = tmp_path / "cache"
    run_pipeline(corpus, out=None, overrides=_overrides(cache, run={"reuse_stages": False}))
    again = run_pipeline(corpus, out=None, overrides=_overrides(cache, run={"reuse_stages": False},
                                                               stages={"min_confidence": 0.5}))
    stats = _per_text(again)
    assert stats["affect"]["computed"] == stats["detect"]["computed"] == 0
    assert stats["stage_map"]["computed"] == stats["stage_map"]["unique"] > 0


def test_disk_budget_drops_the_least_recently_used_and_keeps_the_newest(tmp_path):
    import os

    import numpy as np
    import pandas as pd

    big = {"embeddings": np.zeros((4000, 64), np.float16)}  # ~0.5 MB per checkpoint
    ck = Checkpoints(tmp_path, "root", max_bytes=1_200_000)
    keys = [f"{i:02d}".ljust(64, "0") for i in range(4)]
    for i, k in enumerate(keys):
        ck.save(k, pd.DataFrame({"x": [i]}), big, {})
        path = tmp_path / "checkpoints" / f"{k[:32]}.pkl"
        os.utime(path, (1000 + i, 1000 + i))  # distinct times whatever the clock resolution
    left = sorted(p.name[:2] for p in (tmp_path / "checkpoints").glob("*.pkl"))
    assert left == ["02", "03"]                      # two fit in the budget, the newest two
    assert ck.load(keys[2]) is not None             # a load marks it used, so 03 is now the oldest
    ck.save("04".ljust(64, "0"), pd.DataFrame({"x": [4]}), big, {})
    assert sorted(p.name[:2] for p in (tmp_path / "checkpoints").glob("*.pkl")) == ["02", "04"]
    tiny = Checkpoints(tmp_path, "root", max_bytes=1)
    tiny.save("99".ljust(64, "0"), pd.DataFrame({"x": [9]}), big, {})
    assert [p.name[:2] for p in (tmp_path / "checkpoints").glob("*.pkl")] == ["99"]  # the new one always stays
