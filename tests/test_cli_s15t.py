"""The table commands' outputs for a BI table: files named after OUT, a rating column named on the command line,
rows joined back by their input row (dogfood15c: an NPS survey analyst's raw exports)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


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
                                  "--config", str(fake_config)])   # -q would not say where
        assert res.exit_code == 0, res.output
        outs[name] = tmp_path / "bi" / f"{name}_cluster_themes.csv"
        assert f"listed in {outs[name]}" in res.stderr and str(outs[name]) not in res.stdout
    assert not (tmp_path / "bi" / "themes.csv").exists()
    for name, topic in (("gf", "internet"), ("sm", "tv box")):
        themes = pd.read_csv(outs[name], keep_default_na=False)
        assert len(themes) and all(topic in q for q in themes["quotes"]), themes


@pytest.mark.model
def test_tag_reads_the_rating_column_it_is_given(tmp_path):
    """A survey's score column has a name of its own ('Twoja ocena (1-5)'): no alias finds it, --rating-col does."""
    table = tmp_path / "survey.csv"
    praise = "Great sofa, we love it, best purchase this year."
    pd.DataFrame({"Twoja ocena (1-5)": [5, 1, 5],
                  "Dlaczego?": [praise, praise, "Terrible. The frame cracked after a week and nobody answers my emails."]}
                 ).to_csv(table, index=False)
    out = tmp_path / "tagged.csv"
    res = runner.invoke(app, ["tag", str(table), "--text-col", "Dlaczego?", "--out", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert "rating_disagrees" not in pd.read_csv(out).columns     # found by no name
    res = runner.invoke(app, ["tag", str(table), "--text-col", "Dlaczego?", "--rating-col", "twoja ocena (1-5)",
                              "--out", str(out), "-q"])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out)
    assert got["rating_disagrees"].tolist() == [False, True, True]
    assert got["Twoja ocena (1-5)"].tolist() == [5, 1, 5]          # the input column is kept as written


@pytest.mark.parametrize("col,fragment", [
    ("Stars", "rating column 'Stars' not found; the file has columns ['Twoja ocena', 'Miasto', 'Dlaczego?']"),
    ("Miasto", "no value of column 'Miasto' reads as a rating"),
])
def test_a_rating_column_that_gives_no_rating_fails_with_one_clear_line(fake_config, tmp_path, col, fragment):
    table = tmp_path / "survey.csv"
    pd.DataFrame({"Twoja ocena": [5, 1], "Miasto": ["Gdynia", "Sopot"], "Dlaczego?": ["Szybki internet.", "Drogo."]}
                 ).to_csv(table, index=False)
    res = runner.invoke(app, ["tag", str(table), "--text-col", "Dlaczego?", "--rating-col", col,
                              "--out", str(tmp_path / "t.csv"), "--config", str(fake_config), "-q"])
    assert res.exit_code == 1
    lines = [l for l in res.output.strip().splitlines() if l.strip()]
    assert len(lines) == 1 and fragment in lines[0] and "Fix:" in lines[0], res.output
    assert "Gdynia" not in res.output                                # a column's values are never shown


def test_rows_left_out_join_back_to_the_input_by_their_line(fake_config, tmp_path):
    """A Google Forms export has no respondent key: its blank answers, split off into OUT_quarantine.csv, could be
    joined back to nothing. OUT and the quarantine name every input row by its line (a spreadsheet's row number)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Sygnatura czasowa", "Jak bardzo prawdopodobne jest, że polecisz nas znajomemu? (0-10)",
               "Co jest głównym powodem Twojej oceny?", "Miasto"])
    answers = ["Internet działa stabilnie i szybko.", None, "Na infolinii czekałem 45 minut.", "", "Dobra cena."]
    for i, answer in enumerate(answers):
        ws.append([f"2026-09-1{i} 10:00:00", i * 2, answer, "Gdynia"])
    table = tmp_path / "Netica NPS (Odpowiedzi).xlsx"
    wb.save(table)
    for cmd in ("tag", "stage", "cluster"):
        out = tmp_path / f"{cmd}.csv"
        res = runner.invoke(app, [cmd, str(table), "--text-col", "Co jest głównym powodem Twojej oceny?",
                                  "--out", str(out), "--config", str(fake_config), "-q"])
        assert res.exit_code == 0, res.output
        got = pd.read_csv(out, keep_default_na=False)
        left = pd.read_csv(tmp_path / f"{cmd}_quarantine.csv", keep_default_na=False)
        assert got["line"].tolist() == [2, 4, 6] and left["line"].tolist() == [3, 5], (cmd, got, left)
        assert got.set_index("line")["Co jest głównym powodem Twojej oceny?"].to_dict() == {
            2 + i: a for i, a in enumerate(answers) if a}                     # each line is the input's row


def test_cluster_labels_of_one_table_differ(fake_config, tmp_path, monkeypatch):
    """Two themes of a Google Forms export were both 'Internet działa stabilnie i szybko.': the table command names its
    themes through the run's build_themes, which hands each theme's label to the next theme's naming."""
    from pipeline.stages import cluster
    from pipeline.themes import label_key

    class Halves:
        """Stands in for the projection: even rows to one direction, odd rows to another."""

        def transform(self, X):
            out = np.zeros((len(X), X.shape[1]), np.float32)
            out[np.arange(len(X)), np.arange(len(X)) % 2] = 1.0
            return out + 0.05 * np.random.default_rng(0).standard_normal(out.shape).astype(np.float32)

    monkeypatch.setattr(cluster, "theme_projection", lambda ctx: Halves())
    # each answer's label is its first sentence, the rest being too long to show
    why = ["od kiedy wymienili mi router na nowy", "odkąd przeszedłem na światłowód w zeszłym roku",
           "nawet gdy cała rodzina ogląda filmy wieczorem", "po przeprowadzce technik wszystko ustawił",
           "w weekendy, kiedy wszyscy są w domu", "na każdym piętrze domu i w ogrodzie",
           "choć wcześniej miałem same problemy", "a cena jest niższa niż u konkurencji"]
    texts = [f"Internet działa stabilnie i szybko. {w.capitalize()}, {tail} i bez żadnych przerw przez cały dzień."
             for w in why for tail in ("naprawdę polecam", "jestem bardzo zadowolony")]
    table = tmp_path / "gf.csv"
    pd.DataFrame({"Co jest głównym powodem Twojej oceny?": texts}).to_csv(table, index=False)
    out = tmp_path / "gf_cluster.csv"
    res = runner.invoke(app, ["cluster", str(table), "--out", str(out), "--config", str(fake_config), "-q",
                              "--text-col", "Co jest głównym powodem Twojej oceny?"])
    assert res.exit_code == 0, res.output
    themes = pd.read_csv(tmp_path / "gf_cluster_themes.csv", keep_default_na=False)
    keys = [label_key(label) for label in themes["label"]]
    assert len(keys) == 2 and len(set(keys)) == 2, themes["label"].tolist()
