"""Exact and near-duplicate flagging."""

from __future__ import annotations

import random
import string

import pandas as pd
import pytest

from pipeline.redact import RedactConfig, flag_duplicates, flag_table_duplicates, normalise_for_dedup

REVIEW = ("Great sofa, fast delivery, would recommend to everyone who needs a comfy couch for the living room!")
MACRO = ("Thank you for your message. Your complaint SOF-2026-104233 has been registered and we will "
         "reply within 14 days. Kind regards, Sofino Customer Care")


def test_normalisation_ignores_case_digits_punctuation_space():
    assert normalise_for_dedup("  Order #123 is LATE!!\n") == normalise_for_dedup("order 456 is late") == "order is late"
    assert normalise_for_dedup("Zamówienie SPÓŹNIONE") == "zamówienie spóźnione"
    assert normalise_for_dedup("!!! 5/5") == ""


def test_exact_duplicates_first_is_canonical():
    texts = ["Hi! How can I help you?", "The sofa is broken.", "hi how can i help you", "HI!! HOW CAN I HELP YOU?"]
    groups, dup = flag_duplicates(texts)
    assert groups == [0, -1, 0, 0]
    assert dup == [False, False, True, True]


def test_singletons_and_empty_input():
    assert flag_duplicates([]) == ([], [])
    assert flag_duplicates(["one thing", "another thing entirely"]) == ([-1, -1], [False, False])
    # Texts with nothing left after normalisation are never grouped.
    assert flag_duplicates(["!!!", "5/5", "!!!"]) == ([-1, -1, -1], [False, False, False])


def test_near_duplicates_with_tiny_edits():
    texts = [
        "I love it",
        REVIEW,
        REVIEW.replace("everyone", "everybody").replace("!", "!!"),
        MACRO,
        MACRO.replace("SOF-2026-104233", "SOF-2026-998877").replace("Kind regards", "Best regards"),
        "The corner sofa arrived with a broken leg and a torn cover, nobody answers the phone.",
    ]
    groups, dup = flag_duplicates(texts)
    assert groups == [-1, 0, 0, 1, 1, -1]
    assert dup == [False, False, True, False, True, False]


def test_groups_are_transitive_and_numbered_by_first_text():
    a = "The delivery was three weeks late and nobody from customer service ever called me back about it."
    b = a.replace("three", "four")
    c = b.replace("ever called", "called")
    texts = ["unrelated short", c, "another one", a, b]
    groups, dup = flag_duplicates(texts)
    assert groups == [-1, 0, -1, 0, 0]
    assert dup == [False, False, False, True, True]


def test_short_texts_only_match_exactly():
    texts = ["Delivery was late", "Delivery was very late", "delivery was late!"]
    groups, dup = flag_duplicates(texts, threshold=0.5)
    assert groups == [0, -1, 0] and dup == [False, False, True]


def test_threshold_one_means_exact_only():
    texts = [REVIEW, REVIEW.replace("everyone", "everybody")]
    assert flag_duplicates(texts, threshold=1.0) == ([-1, -1], [False, False])
    assert flag_duplicates(texts, threshold=0.8)[1] == [False, True]


def test_agent_macros_with_different_names():
    texts = ["Hi Rachel, Michael here. Could you please share your order number?",
             "Hi Daniel, Michael here. Could you please share your order number?",
             "Hi Rachel, could you send a photo of the damaged leg, please?"]
    # Raw, the two macros are ~0.79 similar: a lower threshold groups them ...
    assert flag_duplicates(texts, threshold=0.7) == ([0, 0, -1], [False, True, False])
    # ... and after redaction ("Hi [PERSON], [PERSON] here ...") they are exact duplicates at any threshold.
    redacted = [t.replace("Rachel", "[PERSON]").replace("Daniel", "[PERSON]").replace("Michael", "[PERSON]") for t in texts]
    assert flag_duplicates(redacted, threshold=1.0) == ([0, 0, -1], [False, True, False])


def test_by_key_separates_groups():
    texts = ["Thank you for your help!", "Thank you for your help!", "Thank you for your help!"]
    groups, dup = flag_duplicates(texts, by=["agent", "customer", "agent"])
    assert groups == [0, -1, 0] and dup == [False, False, True]
    with pytest.raises(ValueError, match="one key per text"):
        flag_duplicates(texts, by=["agent"])


def test_many_texts_lsh_finds_planted_copies_and_no_false_groups():
    rng = random.Random(1)
    vocab = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))) for _ in range(2000)]
    texts = [" ".join(rng.choice(vocab) for _ in range(rng.randint(12, 30))) for _ in range(3000)]
    planted = {}
    for k in range(40):
        src = rng.randrange(0, 2900)
        dst = 2900 + k * 2
        src_text = texts[src]
        pos = rng.randrange(len(src_text))
        # A typo (one letter replaced) and maybe some trailing punctuation.
        texts[dst] = src_text[:pos] + rng.choice("xyz") + src_text[pos + 1:] + rng.choice(["", "!", "!!", "."])
        planted[dst] = src
    groups, dup = flag_duplicates(texts)
    for dst, src in planted.items():
        assert groups[dst] == groups[src] != -1
        assert dup[dst] and not dup[src]
    assert sum(dup) == len(planted)


def test_table_duplicates_per_role_and_config_switch():
    df = pd.DataFrame({
        "role": ["bot", "customer", "bot", "customer"],
        "text": ["Hi! I'm Sofi, how can I help?", "Hi! I'm Sofi, how can I help?", "Hi! I'm Sofi, how can I help?", "Where is my sofa?"],
    })
    out = flag_table_duplicates(df, RedactConfig())
    assert out["dup_group"].tolist() == [0, -1, 0, -1]
    assert out["is_dup"].tolist() == [False, False, True, False]
    off = flag_table_duplicates(df, RedactConfig(dedup=False))
    assert off["dup_group"].tolist() == [-1] * 4 and not off["is_dup"].any()
    pd.testing.assert_frame_equal(out[["role", "text"]], df)


def test_a_common_question_from_many_customers_is_not_a_copy():
    """Fifty customers asking "Jak anulować subskrypcję?" are fifty questions (an inbox's FAQ counted it once,
    "Asked 17 times" against 50 conversations); the same customer asking again, a long review pasted by two
    accounts and an agent's macro are copies."""
    long_review = ("Never again. Delivery window 10-14, nobody came, nobody called, the next day the same, and the "
                   "hotline kept me waiting forty minutes before hanging up.")
    df = pd.DataFrame({
        "role": ["customer", "customer", "customer", "customer", "customer", "agent", "agent"],
        "speaker": ["Customer 1", "Customer 2", "Customer 2", "Customer 3", "Customer 4", "Agent 1", "Agent 2"],
        "doc_id": ["c1", "c2", "c2b", "r1", "r2", "c1", "c2"],
        "text": ["Jak anulować subskrypcję?", "Jak anulować subskrypcję?", "jak anulować subskrypcję",
                 long_review, long_review, "Did that answer your question?", "Did that answer your question?"]})
    out = flag_table_duplicates(df, RedactConfig())
    assert out["is_dup"].tolist() == [False, False, True, False, True, False, True]
    # without a speaker, the document is the author
    anon = flag_table_duplicates(df.assign(speaker=""), RedactConfig())
    assert anon["is_dup"].tolist()[:3] == [False, False, False]


def test_signatures_in_chunks_give_the_same_groups(monkeypatch):
    """Chunked MinHash (bounded memory at 1M texts) must not change a single group."""
    import random

    from pipeline.redact import _dedup

    rng = random.Random(0)
    words = "the sofa delivery late order courier table chair never called again refund broken".split()
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(6, 18))) for _ in range(600)]
    texts += [t + " ok" for t in texts[:80]] + [t.upper() for t in texts[80:120]]
    whole = _dedup.flag_duplicates(texts, 0.8)
    monkeypatch.setattr(_dedup, "_CHUNK", 37)
    assert _dedup.flag_duplicates(texts, 0.8) == whole
    assert sum(whole[1]) >= 120   # the planted copies are found
