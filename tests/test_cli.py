"""The CLI end to end on a tiny corpus (fake embedder), and its one-line errors."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def test_run_writes_every_output(tiny_corpus, fake_config, tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(tiny_corpus), "--config", str(fake_config), "--out", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    for name in ("journey_map.html", "journey_map.md", "faq.md", "faq.html", "segments.csv", "themes.csv", "run.json",
                 "quarantine.csv", "journey_map.csv", "journey_map.json", "emotions.csv"):
        assert (out / name).stat().st_size > 0, name
    seg = pd.read_csv(out / "segments.csv", keep_default_na=False)
    # interviewer, agent, bot and brand turns are kept but never counted as customer evidence
    non_cust = seg[seg["role"] != "customer"]
    assert set(non_cust["role"]) == {"interviewer", "agent", "bot", "brand"}
    assert (non_cust["kind"] == "").all() and (non_cust["stage"] == "").all() and (non_cust["theme_id"] == -1).all()
    # -q prints only warnings and errors: the summary and its "Outputs in …" line had shown (dogfood 17b)
    assert res.output == ""
    # emotions per stage / touchpoint / theme / document, counted as the map counts them
    emo = pd.read_csv(out / "emotions.csv", keep_default_na=False)
    cust = seg[seg["role"] == "customer"]
    assert {"stage", "touchpoint", "theme", "document"} <= set(emo["level"])
    docs = emo[emo["level"] == "document"]
    assert docs["n_segments"].sum() == len(cust) and set(docs["group"]) == set(cust["doc_id"])
    assert {f"intensity_{c[4:]}" for c in seg.columns if c.startswith("emo_")} <= set(emo.columns)


@pytest.mark.parametrize("make,fragment", [
    (lambda tmp: tmp / "missing", "does not exist"),
    (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "is empty"),
])
def test_bad_corpus_fails_with_one_clear_line(tmp_path, make, fragment):
    res = runner.invoke(app, ["run", str(make(tmp_path)), "--out", str(tmp_path / "o"), "--quiet"])
    assert res.exit_code == 1
    lines = [l for l in res.output.strip().splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and fragment in lines[0] and "Fix" in lines[0]


def test_strict_writes_the_quarantine_report_it_points_to(fake_config, tmp_path):
    (tmp_path / "c" / "reviews").mkdir(parents=True)
    (tmp_path / "c" / "reviews" / "r.csv").write_text("text,rating\nGreat sofa,5\n,3\n", encoding="utf-8")
    out = tmp_path / "o"
    res = runner.invoke(app, ["run", str(tmp_path / "c"), "--config", str(fake_config), "--out", str(out), "--strict", "--quiet"])
    assert res.exit_code == 1 and f"see {out / 'quarantine.csv'}" in res.output
    q = pd.read_csv(out / "quarantine.csv")
    assert q[["line", "reason"]].values.tolist() == [[3, "empty text"]] and (out / "files.csv").exists()


def test_unknown_config_key_fails_with_one_clear_line(tiny_corpus, tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[embed]\nembeder = 'fake'\n")
    res = runner.invoke(app, ["run", str(tiny_corpus), "--config", str(cfg), "--quiet"])
    assert res.exit_code == 1
    assert res.output.count("\n") == 1 and "Unknown config key 'embeder' in [embed]" in res.output and "embedder" in res.output


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for cmd in ("run", "ingest", "tag", "cluster", "stage"):
        res = runner.invoke(app, [cmd, "--help"])
        assert res.exit_code == 0 and "Example: qsynth " + cmd in res.output
        assert f"qsynth {cmd}" in readme, f"README does not document `qsynth {cmd}`"


def test_table_commands_keep_an_input_column_they_would_overwrite(fake_config, tmp_path):
    # A researcher's own labels ("sentiment", "stage") must survive: nothing is lost.
    table = tmp_path / "labelled.csv"
    pd.DataFrame({"id": [1, 2, 3],
                  "text": ["The courier came three days late.", "Kurier spóźnił się trzy dni.", "Курьер опоздал на три дня."],
                  "stage": ["onboarding", "onboarding", "support"], "sentiment": ["negative", "negative", "neutral"]}
                 ).to_csv(table, index=False)
    out = tmp_path / "staged.csv"
    res = runner.invoke(app, ["stage", str(table), "--text-col", "text", "--out", str(out), "--config", str(fake_config)])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out, keep_default_na=False)
    assert list(got["stage_input"]) == ["onboarding", "onboarding", "support"]
    assert list(got["sentiment"]) == ["negative", "negative", "neutral"]  # not an output column: untouched
    assert set(got["stage"]) <= {"awareness", "consideration", "decision", "purchase", "onboarding", "use", "support",
                                 "loyalty", "unmapped"}
    assert "'stage' -> 'stage_input'" in res.output
    out = tmp_path / "tagged.csv"
    res = runner.invoke(app, ["tag", str(table), "--text-col", "text", "--out", str(out), "--config", str(fake_config)])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out, keep_default_na=False)
    assert list(got["sentiment_input"]) == ["negative", "negative", "neutral"]
    assert list(got["stage"]) == ["onboarding", "onboarding", "support"]  # not an output of tag: untouched
    assert set(got["sentiment"]) <= {"negative", "neutral", "positive"} and "sentiment_score" in got


def test_cluster_writes_themes_for_any_table_through_the_projection(fake_config, tmp_path, monkeypatch):
    """`qsynth cluster`: OUT is the input plus theme_id / theme_label, OUT_themes.csv lists the themes, and
    the rows are clustered on the projected vectors, as in a run ([cluster] projection)."""
    from pipeline.stages import cluster

    words = ["late", "lost", "torn", "wet", "opened", "missing", "crushed", "wrong"]  # distinct texts: not duplicates
    texts = [f"my {w} {topic} again?" for w in words for topic in ("parcel", "refund")]
    table = tmp_path / "questions.csv"
    pd.DataFrame({"id": range(len(texts)), "text": texts, "team": "cx"}).to_csv(table, index=False)

    class Halves:
        """Stands in for the projection: even rows to one direction, odd rows to another."""

        seen = []

        def transform(self, X):
            self.seen.append(len(X))
            out = np.zeros((len(X), X.shape[1]), np.float32)
            out[np.arange(len(X)), np.arange(len(X)) % 2] = 1.0
            return out + 0.05 * np.random.default_rng(0).standard_normal(out.shape).astype(np.float32)

    halves = Halves()
    monkeypatch.setattr(cluster, "theme_projection", lambda ctx: halves)
    out = tmp_path / "clustered.csv"
    res = runner.invoke(app, ["cluster", str(table), "--text-col", "text", "--out", str(out), "--config", str(fake_config)])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out, keep_default_na=False)
    assert list(got["id"]) == list(range(len(texts))) and set(got["team"]) == {"cx"}  # the input columns kept
    assert halves.seen == [len(texts)]
    even, odd = (set(got.loc[got["id"] % 2 == k, "theme_id"]) - {-1} for k in (0, 1))
    assert len(even) == 1 and len(odd) == 1 and even != odd, got[["text", "theme_id"]]
    assert (got["theme_label"] != "").sum() >= len(texts) - 1
    themes = pd.read_csv(tmp_path / "clustered_themes.csv", keep_default_na=False)
    assert set(themes["theme_id"]) == even | odd and themes["size"].sum() == (got["theme_id"] >= 0).sum()


@pytest.mark.model
def test_tag_reads_a_rating_column_as_evidence_and_says_where_text_and_rating_disagree(tmp_path):
    table = tmp_path / "reviews.csv"
    pd.DataFrame({"id": [1, 2, 3], "stars": [5, 1, 5],
                  "review": ["Great sofa, we love it, best purchase this year.", "Great sofa, we love it, best purchase this year.",
                             "Terrible. The frame cracked after a week and nobody answers my emails."]}).to_csv(table, index=False)
    out = tmp_path / "tagged.csv"
    res = runner.invoke(app, ["tag", str(table), "--text-col", "review", "--out", str(out)])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out)
    assert got["rating_disagrees"].tolist() == [False, True, True]
    assert got["stars"].tolist() == [5, 1, 5]                      # the input column is kept as written
    plain = tmp_path / "plain.csv"
    pd.DataFrame({"text": ["Great sofa"]}).to_csv(plain, index=False)
    assert runner.invoke(app, ["tag", str(plain), "--out", str(out)]).exit_code == 0
    assert "rating_disagrees" not in pd.read_csv(out).columns       # no rating, nothing to disagree with


@pytest.mark.model
def test_stage_reads_a_table_of_conversations_turn_by_turn(tmp_path):
    """Alone, "my sister" and "two weeks" say little; after the agent's question they are plain."""
    rows = [("c1", "agent", "Hi! How did you first hear about us?"), ("c1", "customer", "my sister"),
            ("c2", "agent", "How long did the delivery take in the end?"), ("c2", "customer", "two weeks")]
    table = tmp_path / "chats.csv"
    pd.DataFrame(rows, columns=["conversation_id", "author_role", "message"]).to_csv(table, index=False)
    out = tmp_path / "staged.csv"
    res = runner.invoke(app, ["stage", str(table), "--text-col", "message", "--out", str(out)])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out, keep_default_na=False)
    assert got["stage"].tolist()[1::2] == ["awareness", "onboarding"]
    # the same turns without their conversation (one row each) are not both placed
    alone = tmp_path / "alone.csv"
    pd.DataFrame({"message": ["my sister", "two weeks"]}).to_csv(alone, index=False)
    assert runner.invoke(app, ["stage", str(alone), "--text-col", "message", "--out", str(out)]).exit_code == 0
    assert pd.read_csv(out)["stage"].tolist() != ["awareness", "onboarding"]
    # qsynth's own segments.csv names the conversation doc_id and the speaker's part role
    own = tmp_path / "segments.csv"
    pd.DataFrame(rows, columns=["doc_id", "role", "text"]).to_csv(own, index=False)
    assert runner.invoke(app, ["stage", str(own), "--text-col", "text", "--out", str(out)]).exit_code == 0
    assert pd.read_csv(out, keep_default_na=False)["stage"].tolist()[1::2] == ["awareness", "onboarding"]


def test_every_command_that_logs_takes_quiet(tiny_corpus, fake_config, tmp_path):
    """`qsynth ingest -q` had been rejected ('No such option: -q') while `qsynth run -q` was accepted."""
    for cmd in ("run", "ingest", "tag", "cluster", "stage"):
        assert "--quiet" in runner.invoke(app, [cmd, "--help"]).output
    loud = runner.invoke(app, ["ingest", str(tiny_corpus), "--config", str(fake_config), "--out", str(tmp_path / "a")])
    quiet = runner.invoke(app, ["ingest", str(tiny_corpus), "--config", str(fake_config), "--out", str(tmp_path / "b"), "-q"])
    assert loud.exit_code == quiet.exit_code == 0
    assert "redact" in loud.stderr and "redact" not in quiet.stderr      # the stage lines
    assert "Input files" in loud.stdout and "Time per stage" in loud.stdout and "Wrote " in loud.stdout
    assert quiet.stdout == quiet.stderr == ""                               # -q: warnings and errors only


def test_table_commands_read_the_qsynth_toml_beside_the_input_and_say_so(tmp_path):
    """The dogfood's tables/qsynth.toml said keep = ["Kvadrat"]; `qsynth tag tables/chat.csv` had not read it, so the
    bot's author 'Kvadrat Bot' became [PERSON]. It is read as `qsynth run` reads the corpus's, then --config."""
    table = tmp_path / "tables" / "chat.csv"
    table.parent.mkdir()
    table.write_text('author,text\nKvadrat Bot,"Cześć! Jestem Kvi, wirtualny asystent Kvadrat. W czym mogę pomóc?"\n'
                     'Kvadrat Bot,"Здравствуйте! Я Кви, виртуальный помощник Kvadrat. Чем могу помочь?"\n', encoding="utf-8")
    (table.parent / "qsynth.toml").write_text('[redact]\nkeep = ["Kvadrat"]\n', encoding="utf-8")
    fast = tmp_path / "fast.toml"
    fast.write_text('[embed]\nembedder = "fake"\n[run]\ncache_dir = ""\n', encoding="utf-8")
    res = runner.invoke(app, ["tag", str(table), "--out", str(tmp_path / "t.csv"), "--config", str(fast)])
    assert res.exit_code == 0, res.output
    assert pd.read_csv(tmp_path / "t.csv")["author"].tolist() == ["Kvadrat Bot", "Kvadrat Bot"]
    assert f"Config: defaults + {table.parent / 'qsynth.toml'} + {fast}" in res.stderr
    (table.parent / "qsynth.toml").unlink()   # without it the brand is a name, as before
    res = runner.invoke(app, ["tag", str(table), "--out", str(tmp_path / "u.csv"), "--config", str(fast), "-q"])
    assert pd.read_csv(tmp_path / "u.csv")["author"].tolist() == ["[PERSON]", "[PERSON]"] and "Config" not in res.stderr
