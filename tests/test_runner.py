import pandas as pd
import pytest

from pipeline import runner
from pipeline.config import load_config
from pipeline.errors import StageContractError
from pipeline.runner import Context, run_stages


class _Stage:
    def __init__(self, name, requires, assigns, fn):
        self.NAME, self.REQUIRES, self.ASSIGNS, self.VERSION, self.run = name, requires, assigns, "t", fn


@pytest.fixture
def fake_stages(monkeypatch):
    table = {}
    monkeypatch.setattr(runner, "PIPELINE", ["a", "b"])
    monkeypatch.setattr(runner, "load_stage", lambda name: table[name])
    return table


def _df():
    return pd.DataFrame({"text": ["x", "y"], "n": [1, 2]})


def test_stage_adds_columns_and_stats(fake_stages):
    fake_stages["a"] = _Stage("a", ("text",), ("upper",), lambda d, c: d.assign(upper=d["text"].str.upper()))
    fake_stages["b"] = _Stage("b", ("upper",), ("len",), lambda d, c: d.assign(len=d["upper"].str.len()))
    ctx = Context(cfg=load_config())
    out = run_stages(_df(), ctx)
    assert out["upper"].tolist() == ["X", "Y"] and out["len"].tolist() == [1, 1]
    pd.testing.assert_frame_equal(out[["text", "n"]], _df())
    assert set(ctx.stats) == {"a", "b"} and ctx.stats["a"]["rows"] == 2


def test_missing_required_column_is_refused(fake_stages):
    fake_stages["a"] = _Stage("a", ("lang",), (), lambda d, c: d)
    fake_stages["b"] = _Stage("b", (), (), lambda d, c: d)
    with pytest.raises(StageContractError, match=r"Stage 'a' requires columns \['lang'\]"):
        run_stages(_df(), Context(cfg=load_config()))


def test_undeclared_assign_and_tampering_are_refused(fake_stages):
    fake_stages["a"] = _Stage("a", (), ("new",), lambda d, c: d)
    fake_stages["b"] = _Stage("b", (), (), lambda d, c: d)
    with pytest.raises(StageContractError, match="did not add them"):
        run_stages(_df(), Context(cfg=load_config()))
    fake_stages["a"] = _Stage("a", (), (), lambda d, c: d.assign(text=["changed", "y"]))
    with pytest.raises(StageContractError, match=r"changed or dropped columns it does not own: \['text'\]"):
        run_stages(_df(), Context(cfg=load_config()))
    fake_stages["a"] = _Stage("a", (), (), lambda d, c: d.drop(columns=["n"]))
    with pytest.raises(StageContractError, match="n"):
        run_stages(_df(), Context(cfg=load_config()))


def test_pipeline_order_is_declared_once():
    assert runner.PIPELINE[0] == "ingest" and runner.PIPELINE[-1] == "report"
    for name in runner.PIPELINE:
        mod = runner.load_stage(name)
        assert mod.NAME == name and isinstance(mod.REQUIRES, tuple) and isinstance(mod.ASSIGNS, tuple)
