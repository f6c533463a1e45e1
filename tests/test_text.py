"""Shared text helpers: what the embedder reads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.config import load_config
from pipeline.runner import Context
from pipeline.text import embedding_text


@pytest.mark.parametrize("text, expected", [
    ("SOF-2026-108990, reklamacja na rozdarte obicie fotela", "reklamacja na rozdarte obicie fotela"),
    ("oops sorry. SOF-2026-114032", "oops sorry."),
    ("хочу перенести доставку, заказ SOF-2026-107230. у нас переезд", "хочу перенести доставку, заказ. у нас переезд"),
    ("tracking PL1234567890 nie działa", "tracking nie działa"),
    ("Order #REK-2026-1204 still open", "Order still open"),
    ("zamówienie #48213 nie doszło", "zamówienie nie doszło"),
    ("посылка 00340434161234567890 застряла", "посылка застряла"),
    ("заказ МК-48102 уже 10 дней едет", "заказ уже 10 дней едет"),   # a Cyrillic order number
])
def test_order_and_tracking_numbers_are_not_read_by_the_embedder(text, expected):
    assert embedding_text(text) == expected


@pytest.mark.parametrize("text", [
    "SOF-2026-114032",                              # nothing else to read: unchanged
    "za 12000 zł spodziewałem się więcej",          # prices, sizes and dates carry meaning
    "the 140cm desk, delivery on 6.08",
    "[PERSON] nie oddzwonił",                       # redaction placeholders stay
    "COVID-19 delays again?",                       # a name with a short number, not an identifier
    "find the square root of 1243435",              # a bare number is a number
])
def test_other_text_is_left_alone(text):
    assert embedding_text(text) == text


def test_embed_stage_gives_turns_that_differ_only_by_order_number_one_vector():
    from pipeline.stages import embed

    cfg = load_config(overrides={"embed": {"embedder": "fake"}, "run": {"cache_dir": ""}})
    ctx = Context(cfg=cfg)
    seg = pd.DataFrame({"text": ["SOF-2026-100001, gdzie jest moja sofa?", "SOF-2026-100002, gdzie jest moja sofa?",
                                 "gdzie jest moja sofa?", "SOF-2026-100003"], "is_customer": True})
    embed.run(seg, ctx)
    v = ctx.artifacts["embeddings"].astype(np.float32)
    assert np.array_equal(v[0], v[1]) and np.array_equal(v[0], v[2])
    assert ctx.stats["embed"]["unique"] == 2
    assert np.linalg.norm(v[3]) > 0.99  # an identifier alone is still embedded


def test_contract_and_invoice_numbers_are_identifiers_dates_are_not():
    from pipeline.text import IDENTIFIER, embedding_text

    for ident in ("2026/WR/1187", "FV/2026/05/123", "SOF-2026-102875"):
        assert IDENTIFIER.search(f"umowa {ident}, wypowiedzenie"), ident
    for text in ("12/05/2026", "size 2/3/4", "A-B-C", "COVID-19 rules"):
        assert not IDENTIFIER.search(text), text
    assert embedding_text("umowa 2026/WR/1187, wypowiedzenie 3 lipca") == "umowa, wypowiedzenie 3 lipca"


def test_courtesy_phrases_are_read_by_kind_from_one_file(tmp_path):
    from pipeline.text import courtesy_phrases, phrase_sections

    assert {"dzień dobry", "добрый день", "good morning"} <= set(courtesy_phrases("greeting"))
    assert "tak" in courtesy_phrases("yes_no") and "tak" not in courtesy_phrases("greeting", "thanks", "reply")
    assert set(courtesy_phrases()) == {p for k in ("greeting", "thanks", "signoff", "goodbye", "reply", "yes_no")
                                       for p in courtesy_phrases(k)}
    with pytest.raises(ValueError, match="No courtesy kind 'thank'"):
        courtesy_phrases("thank")
    bad = tmp_path / "courtesy.txt"
    bad.write_text("[thanks]\nen: thanks, thank you\nde: danke\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"courtesy.txt, line 3: expected"):
        phrase_sections(str(bad))
    good = tmp_path / "ok.txt"
    good.write_text("# c\n[thanks]\nen: Thanks,  thank you,\n    cheers # a comment\n", encoding="utf-8")
    assert phrase_sections(str(good)) == {"thanks": ("thanks", "thank you", "cheers")}
