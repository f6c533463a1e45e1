"""Session 17k: an e-mail is written like a review and is cut like one (dogfood 17b #5)."""

import pandas as pd

from pipeline.config import load_config
from pipeline.runner import Context
from pipeline.stages import segment

EMAIL = ("Dzień dobry, wróciliśmy do domu. Mieszkanie nieskazitelnie czyste. Jedna rzecz: przy wymeldowaniu doliczyli "
         "opłatę za sprzątanie, o której nie było mowy przy rezerwacji. Czy mogą Państwo przesłać fakturę?")


def test_a_customers_email_is_cut_at_sentences_a_chat_message_is_not():
    """The guest's e-mail of praise, a complaint and a question had been one segment, read as a question: all 4 fee
    complaints and 4 cleanliness praises of the dogfood's e-mails had joined the invoice question's theme."""
    recs = pd.DataFrame({"doc_id": ["e1", "c1", "e2"], "record_index": [0, 0, 1], "role": ["customer", "customer", "agent"],
                         "source_type": ["chat"] * 3, "channel": ["email", "whatsapp", "email"], "text": [EMAIL] * 3})
    out = segment.run(recs, Context(cfg=load_config()))
    assert out.loc[out["doc_id"] == "e1", "text"].tolist() == [
        "Dzień dobry, wróciliśmy do domu.", "Mieszkanie nieskazitelnie czyste.",
        "Jedna rzecz: przy wymeldowaniu doliczyli opłatę za sprzątanie, o której nie było mowy przy rezerwacji.",
        "Czy mogą Państwo przesłać fakturę?"]
    assert out.loc[out["doc_id"] != "e1", "text"].tolist() == [EMAIL, EMAIL]   # a chat message; the company's e-mail
    off = segment.run(recs, Context(cfg=load_config(overrides={"segment": {"split_sources": ["review"]}})))
    assert off.loc[off["doc_id"] == "e1", "text"].tolist() == [EMAIL]
