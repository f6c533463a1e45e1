"""Redaction's content cache is keyed on every file its result depends on (reviewer of 1f0370b)."""
import pytest

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
    assert {"translit.py", "resources/translit_ru.txt", "ingest/_config.py", "resources/role_words.txt"} <= keyed, keyed


def test_staff_aliases_follow_the_data_not_the_alphabet_and_span_the_tables_columns():
    """'Doctor 1' had been the alphabetically first doctor (a clinic's staff list is public), and each staff column had
    started again at 'Doctor 1' (reviewer of 0b7538b)."""
    import pandas as pd

    from pipeline.redact import redact_columns

    red = Redactor(RedactConfig())
    df = pd.DataFrame({"doc_id": ["r:1", "r:2", "r:3"], "text": ["Świetna.", "Miła.", "Polecam."],
                       "meta_doctor_name": ["Zofia Zając", "Adam Abacki", "Zofia Zając"],
                       "meta_referring_doctor": ["Adam Abacki", "Marek Mazur", ""]})
    out = redact_columns(df, red.cfg, red)
    assert out["meta_doctor_name"].tolist() == ["Doctor 1", "Doctor 2", "Doctor 1"]
    assert out["meta_referring_doctor"].tolist() == ["Doctor 2", "Doctor 3", ""]


def test_a_speaker_label_that_is_a_role_ingest_knows_is_no_name_to_look_for():
    """A transcript labelled 'Lekarz:' had made 'Lekarz był bardzo miły' in another review '[PERSON] był bardzo miły':
    ingest reads lekarz, teacher, pacjent as roles since 13c33f8, redaction's role words had not followed (reviewer)."""
    from pipeline.redact._names import known_name_tokens, person_tokens

    for label in ("Lekarz", "Doctor", "Teacher", "Pacjent", "Преподаватель", "Nauczycielka"):
        assert person_tokens(label) == [], label
    assert "lekarz" not in known_name_tokens(["Lekarz", "Anna Kowalska"])
    assert "anna" in known_name_tokens(["Lekarz", "Anna Kowalska"])


@pytest.mark.parametrize("label, text, leaked", [
    ("Konsultant Nowak", "Dzwoniłam, odebrał Nowak i nic nie załatwił.", "Nowak"),
    ("Support Nowak", "Czy Nowak oddzwoni?", "Nowak"),
    ("Lekarz Nowak", "Wizyta u Nowak była krótka.", "Nowak"),
    ("Recepcja Kowalska", "Kowalska była bardzo miła.", "Kowalska"),
])
def test_a_role_word_and_a_surname_are_a_person_whose_surname_is_redacted_in_texts(label, text, leaked):
    """Judging a desk with its role word (the commit before) had made 'Konsultant Nowak' a desk and kept 'Nowak' in the
    texts (reviewer)."""
    from pipeline.redact._names import known_name_tokens

    assert leaked.lower() in known_name_tokens([label])
    assert not known_name_tokens(["Rejestracja Medicus Plus"]) and not known_name_tokens(["Obsługa Klienta"])
