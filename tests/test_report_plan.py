"""The content plan says where content should live for every touchpoint a shipped template can show."""

from pathlib import Path

import pytest

from pipeline.journey._stages import load_stage_model
from pipeline.journey._touchpoints import BUILTIN_TOUCHPOINTS, TOUCHPOINTS
from pipeline.report._plan import PUBLISH_CHANNELS, _channels

TEMPLATES = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "configs" / "stages").glob("*.toml"))


def _ids(entries) -> set[str]:
    return {e["id"] if isinstance(e, dict) else getattr(e, "id", e) for e in entries}


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_touchpoint_of_a_template_has_a_publishing_channel(template):
    model = load_stage_model(template)
    ids = (_ids(TOUCHPOINTS) | _ids(BUILTIN_TOUCHPOINTS) | _ids(model.touchpoints)) - set(model.drop_touchpoints)
    assert sorted(ids - set(PUBLISH_CHANNELS)) == []


def test_a_banking_theme_raised_at_atms_is_published_on_atm_screens():
    theme = {"touchpoint_counts": [{"id": "atm", "n": 5}, {"id": "card_payments", "n": 2}], "sources": "chat 5"}
    assert _channels(theme, {"touchpoints": []})[0] == "ATM screens & branch notices · card & payment help (app & website)"


def test_a_theme_met_at_installation_is_published_as_an_installation_guide_too():
    # the built-in touchpoint is "Assembly & installation": a telecom's technician visit lands there as well
    theme = {"touchpoint_counts": [{"id": "assembly", "n": 3}], "sources": "survey 3"}
    assert "installation guide" in _channels(theme, {"touchpoints": []})[0]
