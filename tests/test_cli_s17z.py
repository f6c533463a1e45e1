"""`-q` keeps warnings and drops notices in the table commands too (reviewer rev2 #11)."""
import pandas as pd
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def test_quiet_drops_the_renamed_columns_notice_and_keeps_the_unread_rows_warning(fake_config, tmp_path):
    """'Input column(s) kept under new names …' had printed under -q, and 'N row(s) could not be read' had printed
    without the 'Warning:' the CLI's other warnings carry."""
    table = tmp_path / "labelled.csv"
    pd.DataFrame({"text": ["The courier came three days late.", "", "Kurier spóźnił się trzy dni."],
                  "stage": ["onboarding", "support", "support"]}).to_csv(table, index=False)
    args = ["stage", str(table), "--text-col", "text", "--out", str(tmp_path / "staged.csv"), "--config", str(fake_config)]
    loud, quiet = runner.invoke(app, args), runner.invoke(app, [*args, "-q"])
    assert loud.exit_code == quiet.exit_code == 0, quiet.output
    unread = (f"Warning: 1 row(s) could not be read, listed in {tmp_path / 'staged_quarantine.csv'}; the first: "
              "labelled.csv line 3: empty text")
    assert "'stage' -> 'stage_input'" in loud.stderr and unread in loud.stderr
    assert quiet.stderr.strip() == unread and quiet.stdout == ""
