"""Round over round: this round's themes marked new / growing / steady / shrinking, and the previous
round's themes that are no longer raised (pipeline.report._rounds, ``qsynth run --previous``)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import InputError
from pipeline.report._rounds import compare_rounds, read_previous_run

DIM = 8
TOPICS = {"refund": 0, "promo": 1, "lift": 2, "app": 3}


def _vec(topic: str, rng) -> np.ndarray:
    v = np.eye(DIM)[TOPICS[topic]] + 0.02 * rng.standard_normal(DIM)
    return v / np.linalg.norm(v)


def _round(docs_per_topic: dict[str, int], theme_of: dict[str, int], rng, prefix: str = "", fillers: int = 20):
    rows, vecs = [], []
    for topic, n in docs_per_topic.items():
        for i in range(n):
            rows.append({"segment_id": f"{prefix}{topic}{i}", "doc_id": f"{topic}-doc{i}",
                         "text": f"{prefix}{topic} {i}", "is_customer": True, "kind": "pain_point", "theme_id": theme_of.get(topic, -1)})
            vecs.append(_vec(topic, rng))
    for i in range(fillers):  # documents about nothing clustered, so shares are shares of a whole corpus
        rows.append({"segment_id": f"other{i}", "doc_id": f"other-doc{i}", "text": "ok", "is_customer": True,
                     "kind": "other", "theme_id": -1})
        vecs.append(np.eye(DIM)[7])
    return pd.DataFrame(rows), np.array(vecs, np.float32)


def test_new_growing_steady_shrinking_and_no_longer_raised():
    rng = np.random.default_rng(0)
    now, X = _round({"refund": 10, "promo": 4, "lift": 12}, {"refund": 0, "promo": 1, "lift": 2}, rng)
    themes = pd.DataFrame({"theme_id": [0, 1, 2], "kind": "pain_point", "label": ["refund", "promo", "lift"]})
    prev, P = _round({"refund": 12, "promo": 20, "app": 8}, {"refund": 5, "promo": 6, "app": 7}, rng, "before ")
    prev = prev[prev["is_customer"]]
    prev_themes = pd.DataFrame({"theme_id": [5, 6, 7], "kind": "pain_point", "label": ["refund", "promo", "app crash"],
                                "size": [12, 20, 8]})
    vec_of = dict(zip(prev["text"], P))
    res = compare_rounds(now, X, themes, prev, prev_themes, lambda texts: np.array([vec_of[t] for t in texts]))
    ch = res["changes"].set_index("label")
    assert ch.loc["lift", "status"] == "new" and ch.loc["lift", "docs_before"] == 0
    assert ch.loc["refund", "status"] == "steady"
    assert ch.loc["promo", "status"] == "shrinking" and ch.loc["promo", "change_points"] < -2
    assert ch.loc["promo", "p_value"] < 0.05 and ch.loc["refund", "p_value"] > 0.3
    # the previous quotes a theme counted are shown, one per document
    before = ch.loc["promo", "quotes_before"].split(" | ")
    assert len(before) == 3 and all(q.startswith("before promo") for q in before)
    assert ch.loc["lift", "quotes_before"] == ""
    # this round counts the theme's members; the previous round's segments of the same topic are placed on it
    assert ch.loc["refund", "docs_now"] == 10 and ch.loc["refund", "docs_before"] >= 9
    assert res["gone"]["label_before"].tolist() == ["app crash"] and res["gone"]["docs_now"].iloc[0] == 0
    # and the reverse direction reads growing
    rev = compare_rounds(prev.assign(theme_id=prev["theme_id"].map({5: 0, 6: 1, 7: 2})), P,
                         pd.DataFrame({"theme_id": [0, 1, 2], "kind": "pain_point", "label": ["refund", "promo", "app"]}),
                         now[now["is_customer"]], themes.assign(size=[10, 4, 12]),
                         lambda texts: np.array([dict(zip(now["text"], X))[t] for t in texts]))
    assert rev["changes"].set_index("label").loc["promo", "status"] == "growing"


def test_a_previous_theme_is_raised_while_this_rounds_documents_sit_on_it():
    """A topic still raised, whose segments fit no theme of this round (here: left in 'other'), is not
    'no longer raised': dogfood15b's "СМС с кодом приходит через 10 минут…" (5 documents) had been, while 3
    second-round documents sat on it. One document is not enough, as for a new theme."""
    rng = np.random.default_rng(1)
    prev, P = _round({"refund": 10, "app": 8}, {"refund": 5, "app": 7}, rng, "before ")
    prev = prev[prev["is_customer"]]
    prev_themes = pd.DataFrame({"theme_id": [5, 7], "kind": "pain_point", "label": ["refund", "app crash"], "size": [10, 8]})
    vec_of = dict(zip(prev["text"], P))
    themes = pd.DataFrame({"theme_id": [0], "kind": "pain_point", "label": ["refund"]})
    gone = {}
    for n_app in (3, 1):
        now, X = _round({"refund": 10, "app": n_app}, {"refund": 0}, rng)   # app segments in no theme now
        res = compare_rounds(now, X, themes, prev, prev_themes, lambda texts: np.array([vec_of[t] for t in texts]))
        gone[n_app] = res["gone"]["label_before"].tolist()
    assert gone == {3: [], 1: ["app crash"]}


def test_a_change_chance_can_explain_is_uncertain():
    """A theme in 6 of 32 documents before and 2 of 27 now is no evidence of a fix (Fisher's exact p ~ 0.3),
    though its share fell by more than half: 'uncertain', not 'shrinking'; such a fall over a hundred
    documents and more is shrinking (a theme of 6 now: the previous segments placed on a theme of 3, whose
    floor three members set, fall short of their documents)."""
    themes = pd.DataFrame({"theme_id": [0, 1], "kind": "pain_point", "label": ["refund", "promo"]})
    prev_themes = pd.DataFrame({"theme_id": [5, 6], "kind": "pain_point", "label": ["refund", "promo"], "size": [4, 6]})
    for (n_now, n_before, fillers), expected in (((2, 6, 20), "uncertain"), ((6, 30, 100), "shrinking")):
        rng = np.random.default_rng(1)
        now, X = _round({"refund": n_now, "promo": 5}, {"refund": 0, "promo": 1}, rng, fillers=fillers)
        prev, P = _round({"refund": n_before, "promo": 6}, {"refund": 5, "promo": 6}, rng, "before ", fillers=fillers)
        vec_of = dict(zip(prev["text"], P))
        res = compare_rounds(now, X, themes, prev, prev_themes, lambda texts: np.array([vec_of[t] for t in texts]))
        row = res["changes"].set_index("label").loc["refund"]
        assert row["share_now"] < row["share_before"] and row["status"] == expected, row.to_dict()
        assert (row["p_value"] < 0.05) == (expected == "shrinking")


def test_rounds_are_compared_in_the_space_the_themes_were_clustered_in():
    """Segments are placed after the themes' own map: a map that draws the previous round's 'app' complaints
    onto the refund axis places them on the refund theme, and without it they fit no theme."""
    rng = np.random.default_rng(2)
    now, X = _round({"refund": 8, "promo": 8}, {"refund": 0, "promo": 1}, rng)
    prev, P = _round({"refund": 8, "app": 8}, {"refund": 5, "app": 7}, rng, "before ")
    themes = pd.DataFrame({"theme_id": [0, 1], "kind": "pain_point", "label": ["refund", "promo"]})
    prev_themes = pd.DataFrame({"theme_id": [5, 7], "kind": "pain_point", "label": ["refund", "app"], "size": [8, 8]})
    vec_of = dict(zip(prev["text"], P))
    embed = lambda texts: np.array([vec_of[t] for t in texts])  # noqa: E731
    fold = np.eye(DIM, dtype=np.float32)
    fold[:, TOPICS["app"]] = np.eye(DIM, dtype=np.float32)[TOPICS["refund"]]  # the map sends 'app' onto 'refund'
    plain = compare_rounds(now, X, themes, prev, prev_themes, embed)
    mapped = compare_rounds(now, X, themes, prev, prev_themes, embed, space=lambda V: V @ fold.T)
    before = [r["changes"].set_index("label").loc["refund", "docs_before"] for r in (plain, mapped)]
    assert before[0] <= 8 and before[1] >= 14, before


def test_previous_run_folder_errors_name_the_file_and_the_fix(tmp_path):
    with pytest.raises(InputError, match="does not exist.*Fix"):
        read_previous_run(tmp_path / "nope")
    (tmp_path / "r1").mkdir()
    with pytest.raises(InputError, match="segments.csv' is missing.*Fix"):
        read_previous_run(tmp_path / "r1")
    pd.DataFrame({"segment_id": ["a"], "text": ["x"]}).to_csv(tmp_path / "r1" / "segments.csv", index=False)
    with pytest.raises(InputError, match=r"no column\(s\) \['doc_id', 'is_customer', 'kind', 'theme_id'\].*Fix"):
        read_previous_run(tmp_path / "r1")


def test_run_with_previous_writes_changes_and_an_unchanged_corpus_is_steady(tiny_corpus, tmp_path, fake_config):
    cfg = fake_config
    r1, r2 = tmp_path / "r1", tmp_path / "r2"
    assert CliRunner().invoke(app, ["run", str(tiny_corpus), "--config", str(cfg), "--out", str(r1), "--quiet"]).exit_code == 0
    assert not (r1 / "changes.csv").exists()
    res = CliRunner().invoke(app, ["run", str(tiny_corpus), "--config", str(cfg), "--out", str(r2), "--quiet",
                                   "--previous", str(r1)])
    assert res.exit_code == 0, res.output
    ch = pd.read_csv(r2 / "changes.csv")
    themes = pd.read_csv(r2 / "themes.csv")
    assert len(ch) == len(themes) > 0 and set(ch["status"]) == {"steady"}
    assert (ch["docs_now"] == ch["docs_before"]).all()
    assert "## Since the previous round" in (r2 / "journey_map.md").read_text(encoding="utf-8")
    html = (r2 / "journey_map.html").read_text(encoding="utf-8")
    assert 'id="rounds"' in html and "No theme changed more than chance can explain." in html
    assert 'id="rounds"' not in (r1 / "journey_map.html").read_text(encoding="utf-8")
    data = json.loads((r2 / "journey_map.json").read_text(encoding="utf-8"))
    assert len(data["since_previous_round"]["themes"]) == len(themes)
    bad = CliRunner().invoke(app, ["run", str(tiny_corpus), "--config", str(cfg), "--out", str(tmp_path / "r3"),
                                   "--quiet", "--previous", str(tmp_path / "missing")])
    assert bad.exit_code == 1 and "Error:" in bad.output and "Fix" in bad.output
