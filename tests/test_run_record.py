"""run.json: what a run records about itself, without the people named in its config."""

from __future__ import annotations

import json
import os

from pipeline.api import _corpus_fingerprint, run_pipeline


def test_run_json_counts_the_staff_names_of_the_config_but_does_not_name_them(tiny_corpus, fast_overrides, tmp_path):
    out = tmp_path / "out"
    overrides = {**fast_overrides, "ingest": {"agent_names": ["Ewa Nowak", "Helen Fairbanks"],
                                              "interviewer_names": ["Dominika Kaczmarek"]}}
    run_pipeline(tiny_corpus, out=out, overrides=overrides)
    text = (out / "run.json").read_text(encoding="utf-8")
    for name in ("Ewa Nowak", "Helen Fairbanks", "Dominika Kaczmarek"):
        assert name not in text
    config = json.loads(text)["config"]["ingest"]
    assert config["agent_names"] == "[2 name(s) given]" and config["interviewer_names"] == "[1 name(s) given]"


def test_a_file_name_in_another_encoding_does_not_break_the_fingerprint(tmp_path):
    """A cp1250 'łódź' in a file name (a zip unpacked on Linux) is bytes Python cannot encode as UTF-8."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("x", encoding="utf-8")
    before = _corpus_fingerprint(folder)
    with open(os.fsencode(folder) + b"/opinie_\xb3\xf3d\xbc.txt", "wb") as f:
        f.write(b"hello")
    after = _corpus_fingerprint(folder)
    assert len(after) == 16 and after != before


def test_terms_always_redacted_are_counted_not_written_to_run_json():
    from pipeline.api import shareable_config

    cfg = {"redact": {"always": ["Jan Kowalski", "Fitpunkt Mokotów"], "keep": ["InPost"]},
           "ingest": {"speaker_roles": {"Ewa": "agent", "Olek": "interviewer"}}}
    assert shareable_config(cfg)["redact"] == {"always": "[2 name(s) given]", "keep": ["InPost"]}
    assert shareable_config({"redact": {"always": {"CLIENT": ["Jan Kowalski", "Anna Nowak"], "SITE": ["Mokotów"]}}}
                            )["redact"]["always"] == "[3 name(s) given]"
    assert shareable_config(cfg)["ingest"]["speaker_roles"] == "[2 name(s) given]"
