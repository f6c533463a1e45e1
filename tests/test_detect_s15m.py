"""Session 15 (m2): one owner for each rule detection, theme naming and survey ingest had written twice (the survey
non-answers, the word key, the courtesy words, the question words, what a survey question asks for), their names
asked through the packages, not their private modules; and an answer that is only "all is well" reads no worse than
neutral."""

from __future__ import annotations

import pytest

import pipeline.text
import pipeline.themes


def test_theme_labels_are_keyed_by_the_one_word_key():
    """themes' label_key had written pipeline.text.word_key's regex again."""
    assert pipeline.themes.label_key is pipeline.text.word_key
    assert "label_key" in pipeline.themes.__all__


def test_one_courtesy_word_set_read_three_ways():
    """Detection, theme naming and the journey had each turned courtesy.txt into a word set of their own."""
    from pipeline.detect import _rules
    from pipeline.journey import _context
    from pipeline.themes import _naming
    from pipeline.text import courtesy_words, fold_accents

    words = courtesy_words()
    assert {"you're", "dzięki", "спасибо"} <= words and courtesy_words("yes_no") < words
    assert _rules._COURTESY == {w.replace("'", "") for w in words}   # as a clause is read: "youre"
    assert _naming._courtesy_lemmas() > words                          # and their lemmas
    assert {"dziekuje", "you", "re"} <= _context._FILLER and "tak" not in _context._FILLER   # folded, no yes / no
    assert {fold_accents(w) for w in courtesy_words("thanks")} <= _context._FILLER


def _private_imports(rel: str) -> list[str]:
    """``from pipeline.<package>._<module> import ...`` of another public package (at the top or in a function)."""
    import ast
    from pathlib import Path

    here = rel.split("/")[1]
    tree = ast.parse((Path(__file__).resolve().parents[1] / rel).read_text(encoding="utf-8"))
    return [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and len(parts := (node.module or "").split(".")) > 2 and parts[0] == "pipeline"
            and parts[2].startswith("_") and parts[1] not in (here, "_e5fast")]   # _e5fast: a private package


@pytest.mark.parametrize("rel", ["pipeline/ingest/_survey.py", "pipeline/themes/_naming.py", "pipeline/detect/__init__.py",
                                 "pipeline/detect/_rules.py", "pipeline/affect/_model.py", "pipeline/affect/_rules.py",
                                 "pipeline/stages/detect.py", "pipeline/ingest/_header.py"])
def test_detection_and_affect_are_asked_through_their_packages(rel):
    """_survey.py and _naming.py had imported survey_question_kind and turn_start from pipeline.detect._rules,
    pipeline.detect text_evidence from pipeline.affect._rules."""
    assert _private_imports(rel) == []


def test_the_names_other_packages_read_are_public():
    import pipeline.affect
    import pipeline.detect

    assert {"turn_start", "not_upbeat", "survey_question_kind", "survey_kind"} <= set(pipeline.detect.__all__)
    assert "text_evidence" in pipeline.affect.__all__


@pytest.mark.parametrize("first", ["pipeline.affect", "pipeline.detect", "pipeline.ingest", "pipeline.themes"])
def test_the_packages_import_in_any_order(first):
    """pipeline.affect's model reads detection's rules at import; detection reads the lexicon's evidence lazily."""
    import subprocess
    import sys

    code = f"import {first}, pipeline.affect, pipeline.detect, pipeline.ingest, pipeline.themes"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_a_form_header_opens_with_detections_question_words():
    """_header._QUESTION_WORD had repeated most of detection's question words, and 3792ac3's Polish 'co roku' /
    'co najmniej' (every, at least: no question) had reached only detection: a respondent's 'Co roku podnosicie
    abonament, …' was a form's question to ingest."""
    from pipeline.detect import QUESTION_WORD
    from pipeline.ingest._header import data_cell, question_header

    answer = "Co roku podnosicie abonament, a jakość internetu jest ciągle ta sama (znowu)"
    assert data_cell(answer) and not question_header(answer)
    assert not question_header("Co najmniej raz w miesiącu (1-5)")
    assert question_header("Co Ci się najbardziej podobało (opcjonalnie)")
    assert question_header("Насколько вы довольны скоростью (1-5)") and question_header("Please rate the installation (1-5)")
    assert QUESTION_WORD.match("Co Ci się podobało") and not QUESTION_WORD.match("Co roku drożej")


@pytest.mark.parametrize("text", ["Насколько быстро вы доставляете в Казань", "Какое время доставки в Казань",
                                  "Anything new on my order", "W jakim terminie dostawa"])
def test_question_words_a_form_header_knew_open_a_question_to_detection(text):
    """'насколько', 'какое', 'какова', 'anything', 'jakim', 'w jakim', 'na ile' had been question words of form
    headers only."""
    from pipeline.detect import is_question

    assert is_question(text)


def test_a_survey_question_is_read_once_by_detection():
    """Ingest's _ABOUT_SCORE had classified survey questions beside detection's survey_question_kind."""
    import pipeline.ingest._survey as survey
    from pipeline.detect import asks_nothing_in_particular, survey_kind, survey_question_kind

    kinds = [survey_question_kind(q) for q in ("Co jest głównym powodem Twojej oceny?", "Why?", "Почему такая оценка?",
                                               "Комментарий", "Co powinniśmy poprawić?")]
    assert kinds == ["score", "score", "score", "", "improve"]
    assert [survey.explains_score(k, False) for k in kinds] == [True, True, True, False, False]
    assert survey.explains_score("", True) and not survey.explains_score("improve", True)
    assert survey.says_nothing("Nic", "score") and not survey.says_nothing("Nic", "improve")
    assert asks_nothing_in_particular("score") and not asks_nothing_in_particular("praise")
    assert survey_kind("other", "score", "Nic", 0.0) == survey_kind("other", "", "Nic", 0.0) == "other"
    assert not hasattr(survey, "_ABOUT_SCORE")


@pytest.mark.parametrize("text", ["Nic, wszystko super", "Nie wiem.", "Нет, всё хорошо", "n/a", "Nope", "idk", "nd",
                                  "Nic nie trzeba poprawiać 👍", "Nothing really", "brak uwag", "всё устраивает, спасибо"])
def test_nothing_to_improve_is_read_from_the_survey_words(text):
    """detect's _NOTHING had written its own list of non-answers beside survey_words.txt ('Nope', 'idk', 'nd' were
    none to it)."""
    from pipeline.detect import survey_kind

    assert survey_kind("other", "improve", text, 0.0) == "other"


@pytest.mark.parametrize("kind, text, score, expected", [
    # the dogfood's NPS survey, to 'Co powinniśmy poprawić?': _NOTHING's 'n/?a' had read 'Na' as n/a, so the head's
    # praise stayed
    ("praise", "Na infolinii czekałem 45 minut. Lepsza aplikacja, żeby można było zgłosić awarię bez dzwonienia.", 0.33,
     "request"),
    ("other", "Brak parkingu pod klubem", 0.0, "request"),        # 'brak' opening a lack, not 'brak' alone
    ("praise", "No wifi in rooms", 0.1, "request"),
    ("other", "Нет подключения Revolut, выписку загружаю вручную.", -0.2, "request"),
])
def test_an_answer_that_opens_with_a_lack_is_no_non_answer(kind, text, score, expected):
    from pipeline.detect import survey_kind

    assert survey_kind(kind, "improve", text, score) == expected


def test_survey_words_have_one_reader():
    """ingest had read survey_words.txt through its own survey_words; detection's non-answers read the same file."""
    import pipeline.ingest._survey
    from pipeline.detect import RULE_FILES

    assert pipeline.ingest._survey.survey_words is pipeline.text.survey_words
    assert {"nie wiem", "не знаю", "n a"} <= pipeline.text.survey_words("skip") and "nic" in pipeline.text.survey_words()
    assert "resources/survey_words.txt" in RULE_FILES   # in the cache key of detection (and affect), which call the rules


@pytest.fixture(scope="module")
def affect_model():
    from pipeline.affect import AffectModel

    return AffectModel()


@pytest.mark.parametrize("lang, text", [("ru", "всё устраивает"), ("ru", "все устраивает"), ("pl", "wszystko spoko")])
def test_all_is_well_reads_no_negative(affect_model, lang, text):
    """'всё устраивает' had read -0.16 (the sentiment head outweighing the lexicon's 'устраива*'), 'все устраивает'
    -0.39, 'wszystko spoko' -0.06."""
    out = affect_model.predict([text], [lang])
    assert out.loc[0, "sentiment"] == "neutral" and out.loc[0, "sentiment_score"] >= 0


@pytest.mark.parametrize("lang, text", [("ru", "Меня не устраивает цена"), ("pl", "Wszystko ok, ale aplikacja się zawiesza"),
                                        ("en", "All good until the router died again")])
def test_a_complaint_beside_all_is_well_stays_negative(affect_model, lang, text):
    assert affect_model.predict([text], [lang]).loc[0, "sentiment"] == "negative"


def test_all_is_well_moves_only_a_negative_reading_to_neutral():
    import numpy as np

    from pipeline.affect._model import guard_sentiment
    from pipeline.detect import all_well

    assert [all_well(t) for t in ("All good, thanks!", "wszystko mi odpowiada", "меня всё устраивает",
                                  "All good until the router died", "не всё устраивает")] == [True, True, True, False, False]
    p = np.array([[0.5, 0.2, 0.3], [0.1, 0.2, 0.7], [0.5, 0.2, 0.3]])
    out = guard_sentiment(p, ["All good, thanks!", "All good, thanks!", "The router died"], np.zeros(3, bool))
    assert out.round(2).tolist() == [[0.0, 0.7, 0.3], [0.1, 0.2, 0.7], [0.5, 0.2, 0.3]]
