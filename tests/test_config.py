import dataclasses
import tomllib
from pathlib import Path

import pytest

from pipeline.config import SECTIONS, _section_class, load_config
from pipeline.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_load_and_validate():
    cfg = load_config()
    assert cfg.embed.embedder == "e5-fast"
    assert cfg.cluster.max_unassigned == pytest.approx(0.10)
    assert cfg.sources == ["defaults"]


@pytest.mark.parametrize("section,key,value,fragment", [
    ("cluster", "min_cluster_size", 1, "The 'min_cluster_size' parameter of [cluster] must be an int in [2, inf). Got 1 instead."),
    ("cluster", "min_cluster_size", "3", "must be an int"),
    ("cluster", "max_unassigned", 1.5, "must be a float in [0.0, 1.0]"),
    ("run", "progress", "yes", "must be a bool"),
    ("run", "executor", "spark", "among ['local', 'dask']"),
    ("language", "languages", ["en", "de"], "a list of str among"),
])
def test_bad_values_are_refused_with_sklearn_style_message(section, key, value, fragment):
    with pytest.raises(ConfigError) as exc:
        load_config(overrides={section: {key: value}})
    assert fragment in str(exc.value)


def test_unknown_key_names_valid_keys(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[cluster]\nmin_size = 3\n")
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    msg = str(exc.value)
    assert "Unknown config key 'min_size' in [cluster]" in msg and "min_cluster_size" in msg and str(p) in msg


def test_unknown_section_and_bad_toml_and_missing_file(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[clustre]\nx = 1\n")
    with pytest.raises(ConfigError, match=r"Unknown config section \[clustre\]"):
        load_config(p)
    p.write_text("[cluster\n")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_config(p)
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")


def test_corpus_config_then_user_config_then_overrides(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "qsynth.toml").write_text("[cluster]\nmin_cluster_size = 4\nmax_themes = 12\n")
    user = tmp_path / "user.toml"
    user.write_text("[cluster]\nmin_cluster_size = 5\n")
    cfg = load_config(user, corpus_dir=corpus, overrides={"report": {"title": "T"}})
    assert (cfg.cluster.min_cluster_size, cfg.cluster.max_themes, cfg.report.title) == (5, 12, "T")
    assert cfg.sources[1].endswith("qsynth.toml") and cfg.sources[2] == str(user)


def test_default_toml_documents_exactly_the_defaults():
    """configs/default.toml must list every section and key with the dataclass default (docs kept honest)."""
    doc = tomllib.loads((ROOT / "configs" / "default.toml").read_text(encoding="utf-8"))
    assert set(doc) == set(SECTIONS)
    for name in SECTIONS:
        cls = _section_class(name)
        defaults = dataclasses.asdict(cls())
        assert doc[name] == defaults, f"[{name}] in configs/default.toml differs from the code defaults"


def test_a_misspelt_stage_model_fails_when_the_config_is_read(tmp_path):
    # it used to fail only at stage mapping, after ingest, embedding and clustering had run
    p = tmp_path / "c.toml"
    p.write_text('[stages]\nmodel = "subscriptions"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="Stage model 'subscriptions' not found. Use one of .*'subscription'"):
        load_config(p)
    bad = tmp_path / "stages.toml"
    bad.write_text('[[stage]]\nid = "a"\nname = "A"\ndescription = "x"\ncolour = "red"\n', encoding="utf-8")
    p.write_text(f'[stages]\nmodel = "{bad.as_posix()}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="colour"):
        load_config(p)


def test_a_template_name_is_read_whatever_its_case():
    from pipeline.journey import load_stage_model

    assert load_stage_model("SaaS").ids == load_stage_model("saas").ids


def test_a_corpus_configs_stage_file_is_read_from_the_corpus_folder(tmp_path, monkeypatch):
    """`[stages] model = "stages_ru.toml"` in a corpus's qsynth.toml names the corpus's own file, wherever
    qsynth is started from (it had been looked up in the working folder: 'not found')."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    default = Path(__file__).resolve().parents[1] / "configs" / "stages" / "default.toml"
    (corpus / "stages_ru.toml").write_text(default.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "qsynth.toml").write_text('[stages]\nmodel = "stages_ru.toml"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    cfg = load_config(corpus_dir=corpus)
    assert Path(cfg.stages.model) == (corpus / "stages_ru.toml").resolve()
    monkeypatch.chdir(tmp_path)   # the same corpus named relatively: the same setting
    assert load_config(corpus_dir="./corpus").stages.model == cfg.stages.model
    monkeypatch.chdir(elsewhere)
    # a built-in model's name and a path relative to the working folder are kept as written
    (corpus / "qsynth.toml").write_text('[stages]\nmodel = "saas"\n', encoding="utf-8")
    assert load_config(corpus_dir=corpus).stages.model == "saas"
    (elsewhere / "mine.toml").write_text(default.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "qsynth.toml").write_text('[stages]\nmodel = "mine.toml"\n', encoding="utf-8")
    assert load_config(corpus_dir=corpus).stages.model == "mine.toml"
