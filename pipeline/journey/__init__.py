"""Journey structure: stage models, touchpoints, drop-off signals."""

from pipeline.journey._mapper import StageMapper
from pipeline.journey._stages import STAGES_DIR, Stage, StageModel, load_stage_model
from pipeline.journey._touchpoints import TOUCHPOINTS, detect_touchpoints, is_drop_off, source_touchpoint

__all__ = ["StageMapper", "Stage", "StageModel", "load_stage_model", "STAGES_DIR", "TOUCHPOINTS", "detect_touchpoints",
           "is_drop_off", "source_touchpoint"]
