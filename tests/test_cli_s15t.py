"""The table commands' outputs for a BI table: files named after OUT, a rating column named on the command line,
rows joined back by their input row (dogfood15c: an NPS survey analyst's raw exports)."""

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


@pytest.fixture
def fake_config(tmp_path) -> Path:
    p = tmp_path / "fast.toml"
    p.write_text('[embed]\nembedder = "fake"\n[run]\ncache_dir = ""\n[cluster]\nmin_cluster_size = 2\n')
    return p


def _answers(path: Path, topic: str) -> Path:
    texts = [f"The {topic} {w} again, every evening." for w in ("fails", "drops", "stops", "breaks", "lags", "dies")]
    pd.DataFrame({"text": texts}).to_csv(path, index=False)
    return path


def test_cluster_names_its_themes_file_after_the_output_and_says_where(fake_config, tmp_path):
    """Two files clustered into one folder: the second's themes had replaced the first's, both in themes.csv."""
    outs = {}
    for name, topic in (("gf", "internet"), ("sm", "tv box")):
        out = tmp_path / "bi" / f"{name}_cluster.csv"
        res = runner.invoke(app, ["cluster", str(_answers(tmp_path / f"{name}.csv", topic)), "--out", str(out),
                                  "--config", str(fake_config), "-q"])
        assert res.exit_code == 0, res.output
        outs[name] = tmp_path / "bi" / f"{name}_cluster_themes.csv"
        assert f"listed in {outs[name]}" in res.stderr and str(outs[name]) not in res.stdout
    assert not (tmp_path / "bi" / "themes.csv").exists()
    for name, topic in (("gf", "internet"), ("sm", "tv box")):
        themes = pd.read_csv(outs[name], keep_default_na=False)
        assert len(themes) and all(topic in q for q in themes["quotes"]), themes
