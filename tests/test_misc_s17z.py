"""Detection's judgements live in pipeline.detect: theme naming reads them there (reviewer rev2 #8)."""
import pytest

import pipeline.detect
from pipeline.themes import reads_right_for


def test_a_praise_themes_label_is_judged_by_detections_not_complaining():
    """themes/_naming had re-implemented the mirror of detect.not_upbeat as a private _no_complaint."""
    assert "not_complaining" in pipeline.detect.__all__
    assert reads_right_for("praise") is pipeline.detect.not_complaining
    assert reads_right_for("pain_point") is pipeline.detect.not_upbeat


@pytest.mark.parametrize("text,lang,fine", [
    ("The host replies fast during the day but at night you're on your own.", "en", False),   # turns to a complaint
    ("Nobody answered our messages at night.", "en", False),                                 # a negative cue alone
    ("Great host, fast replies.", "en", True),
    ("Kurier spóźnił się dwa dni.", "pl", False),
    ("Świetny kontakt z gospodarzem.", "pl", True),
    ("Отличный сервис, всё быстро.", "ru", True),
])
def test_not_complaining_is_the_mirror_of_not_upbeat(text, lang, fine):
    assert pipeline.detect.not_complaining(text, lang) is fine
