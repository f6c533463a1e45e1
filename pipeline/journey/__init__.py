"""Journey structure: stage models, stage mapping, touchpoints and drop-off signals."""

from pipeline.journey._context import (ANSWERING_SOURCES, ContextParams, answers_questions, company_macros, contentless_anchors,
                                      context_logits, conversation_context, customer_flags, document_blocks, introduces_oneself,
                                      is_contentless,
                                      opening_templates, states_tenure, asks_what_if, survey_answers, transition_matrix)
from pipeline.journey._mapper import PHASE_PRIOR, StageMapper
from pipeline.journey._stages import PHASES, STAGES_DIR, Stage, StageModel, compile_keywords, fold, load_stage_model
from pipeline.journey._touchpoints import (BUILTIN_TOUCHPOINTS, CONTROL_CLASSES, MARKETPLACE, PUBLISHED_SOURCES, TOUCHPOINTS,
                                           DropOffReader, Touchpoint, TouchpointLexicon, detect_touchpoints, drop_off_phrases,
                                           is_drop_off, load_touchpoints, published_on, source_touchpoint)

__all__ = ["StageMapper", "PHASE_PRIOR", "ContextParams", "conversation_context", "context_logits", "transition_matrix",
           "document_blocks", "opening_templates", "company_macros", "is_contentless", "introduces_oneself", "contentless_anchors",
           "states_tenure", "asks_what_if",
           "customer_flags", "ANSWERING_SOURCES", "answers_questions", "survey_answers",
           "Stage", "StageModel", "load_stage_model", "STAGES_DIR", "PHASES",
           "compile_keywords", "fold", "Touchpoint", "TouchpointLexicon", "TOUCHPOINTS", "BUILTIN_TOUCHPOINTS",
           "CONTROL_CLASSES", "load_touchpoints", "detect_touchpoints", "source_touchpoint", "published_on", "PUBLISHED_SOURCES",
           "MARKETPLACE", "DropOffReader", "is_drop_off", "drop_off_phrases"]
