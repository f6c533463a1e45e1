"""Redaction's content cache is keyed on every file its result depends on (reviewer of 1f0370b)."""
import pipeline.checkpoints as checkpoints
from pipeline.redact import RedactConfig, Redactor
from pipeline.redact._table import _cached_find


def test_the_redaction_cache_is_keyed_on_the_russian_in_latin_letters_it_reads(monkeypatch, tmp_path):
    """A card ending after "karta zakanchivaetsya na" is found through pipeline.translit and its word list: an edit to
    either must not reuse a result cached before it."""
    seen = []
    real = checkpoints.code_hash
    monkeypatch.setattr(checkpoints, "code_hash", lambda paths: seen.append(paths) or real(paths))
    got = _cached_find(Redactor(RedactConfig()), ["karta zakanchivaetsya na 4417"], ["ru"], [frozenset()],
                       RedactConfig(), str(tmp_path))
    assert any(e.type == "CARD" for e in got[0]), got
    keyed = {p for paths in seen for p in paths}
    assert {"translit.py", "resources/translit_ru.txt", "ingest/_config.py", "ingest/_transcripts.py"} <= keyed, keyed
