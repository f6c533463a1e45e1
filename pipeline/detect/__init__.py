"""Detect questions, pain points, requests and praise in customer text (en, pl, ru).

Rules catch explicit and implicit questions, wishes and customer-side barriers in three languages;
sentiment (from :mod:`pipeline.affect`) separates pain points from praise. Rules are transparent,
so a researcher can see why a segment counts as a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Detector", "KINDS", "is_question", "is_request", "barrier_side"]

KINDS = ("question", "pain_point", "request", "praise", "other")

_Q_START = re.compile(
    r"^\s*(how|what|when|where|why|who|which|whom|whose|can|could|do|does|did|is|are|was|will|would|should|shall|may|"
    r"has|have|any|jak|jaka|jaki|jakie|co|kiedy|gdzie|dlaczego|czemu|czy|ile|który|która|które|kto|skąd|dokąd|"
    r"как|что|когда|где|почему|зачем|кто|сколько|какой|какая|какие|каким|можно|есть|куда|откуда|подскажите)\b",
    re.IGNORECASE)
_Q_IMPLICIT = re.compile(
    r"(i\s+(couldn'?t|could not|can'?t|cannot|didn'?t|did not)\s+(find|figure out|see|tell|work out)|"
    r"(not|wasn'?t|am not|i'?m not)\s+sure\s+(whether|if|how|what|where|when|which|about)|i\s+wonder|"
    r"(don'?t|do not|didn'?t)\s+know\s+(if|whether|how|where|what|when|which)|no idea (how|where|whether|if)|"
    r"nie\s+wiem,?\s+(czy|jak|gdzie|kiedy|co|ile|który|jaki)|nie\s+mog(ę|łem|łam|liśmy)\s+znaleźć|"
    r"zastanawiam\s+się|ciekaw(y|a|i)\s+jestem|nie\s+(jestem\s+)?pewn(y|a|i),?\s+czy|nie\s+wiadomo,?\s+(czy|jak|kiedy)|"
    r"не\s+понял[аи]?,?\s+(где|как|что|когда|можно|ли)|не\s+знаю,?\s+(как|где|что|когда|можно|ли|входит|есть)|"
    r"не\s+нашл[аи]|не\s+нашёл|не\s+могу\s+найти|интересно,?\s+(а\s+)?(можно|есть|как|где|когда)|не\s+уверен[аы]?,?\s+(что|ли|как))",
    re.IGNORECASE)
_REQUEST = re.compile(
    r"(would be (great|nice|good|helpful|better) if|it'?d be (great|nice)|please (add|make|consider|bring|offer)|"
    r"i wish|you should|they should|should (add|offer|have|make|let)|would love (to see|if)|why not (add|offer)|"
    r"przydał(oby|aby)\s+się|fajnie\s+(by\s+było|byłoby)|dobrze\s+by\s+było|mogli(by|byście)|powinn(i|iście)|"
    r"chciał(a|o)?bym,?\s+żeby|prosz(ę|e)\s+o\s+(dodanie|wprowadzenie)|dodajcie|"
    r"было\s+бы\s+(хорошо|удобно|здорово|неплохо|классно)|хотелось\s+бы|добавьте|сделайте|стоило\s+бы|"
    r"хорошо\s+бы|предлагаю)",
    re.IGNORECASE)
_CUSTOMER_SIDE = re.compile(
    r"\b(my (wife|husband|partner|boyfriend|girlfriend|spouse)|(can'?t|cannot|couldn'?t) afford|budget|salary|payday|"
    r"no time|too busy|not good with|moving (flat|house)|"
    r"(moja\s+)?żon(a|ie|y)|(mój\s+)?mąż|męż(a|em|owi)|partner(ka|a)?\b|nie\s+stać|budżet|wypłat|pensj|nie\s+mam\s+czasu|"
    r"przeprowadz|"
    r"жена|муж|супруг|не\s+могу\s+себе\s+позволить|бюджет|зарплат|денег\s+нет|нет\s+времени|переезд)",
    re.IGNORECASE)
_NEG_CUES = re.compile(
    r"(never|still (no|not|waiting)|didn'?t|doesn'?t|don'?t|won'?t|wasn'?t|not working|broken|damaged|late|delay|"
    r"waiting|nobody|no one|missing|wrong|refund|complain|issue|problem|annoy|disappoint|"
    r"nie\s+(działa|przyszł|dotarł|ma|było|odpisal|oddzwon)|spóźn|opóźn|uszkodz|zepsu|brak|czekam|problem|reklamacj|"
    r"не\s+(работает|приехал|пришл|ответил|перезвонил)|опозд|задерж|сломан|поврежд|жду|проблем|никто|до\s+сих\s+пор)",
    re.IGNORECASE)


def is_question(text: str) -> bool:
    """True for explicit questions ("?" or a leading question word) and implicit ones ("I couldn't find how to…")."""
    t = text.strip()
    return "?" in t or bool(_Q_START.match(t) and len(t.split()) <= 25) or bool(_Q_IMPLICIT.search(t))


def is_request(text: str) -> bool:
    """True for suggestions and wishes ("it would be great if…", "przydałoby się…", "хотелось бы…")."""
    return bool(_REQUEST.search(text))


def barrier_side(text: str) -> str:
    """``customer`` when the obstacle is on the customer's side (partner, budget, time), else ``company``."""
    return "customer" if _CUSTOMER_SIDE.search(text) else "company"


@dataclass
class Detector:
    """Rule-and-sentiment classifier of customer segments.

    Args:
        cfg: The ``[detect]`` config section.
    """

    cfg: object = None

    def predict(self, texts: list[str], langs: list[str], sentiment_scores: list[float],
                embeddings: np.ndarray | None = None) -> pd.DataFrame:
        kinds, confs, barriers = [], [], []
        for text, score in zip(texts, sentiment_scores):
            score = 0.0 if score is None or np.isnan(score) else float(score)
            neg_cue = bool(_NEG_CUES.search(text))
            if is_request(text):
                kind, conf = "request", 0.8
            elif is_question(text):
                kind, conf = "question", 0.9 if "?" in text else 0.7
            elif score <= -0.25 or (neg_cue and score < 0.25):
                kind, conf = "pain_point", min(0.95, 0.6 + abs(score) / 2)
            elif score >= 0.35:
                kind, conf = "praise", min(0.95, 0.5 + score / 2)
            else:
                kind, conf = "other", 0.5
            kinds.append(kind)
            confs.append(conf)
            barriers.append(barrier_side(text) if kind == "pain_point" else "")
        return pd.DataFrame({"kind": kinds, "kind_confidence": confs, "barrier": barriers})
