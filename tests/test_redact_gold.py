"""The hand-written redaction gold set: its format, and recall / precision floors on it.

The printed benchmark is ``python benchmarks/redaction.py``; these tests keep the floors from
the issue (recall >= 0.95 on e-mail, phone, card, IBAN and PESEL) from regressing.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.redact import ALL_TYPES, RedactConfig, Redactor

GOLD = Path(__file__).resolve().parent / "data" / "redaction_gold.jsonl"
STRUCTURED = {"EMAIL", "PHONE", "CARD", "IBAN", "PESEL"}


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def _found(red: Redactor, rows: list[dict], langs: bool = False) -> tuple[Counter, Counter, list]:
    texts = [r["text"] for r in rows]
    outs = red.redact_many(texts, [r["lang"] for r in rows] if langs else None)
    gold_n, found_n, alarms = Counter(), Counter(), []
    for row, (out, types) in zip(rows, outs):
        for e in row["entities"]:
            gold_n[e["type"]] += 1
            found_n[e["type"]] += e["value"] not in out and f"[{e['type']}]" in out
        if not row["entities"] and types:
            alarms.append((row["id"], types))
    return gold_n, found_n, alarms


def test_gold_file_format(gold):
    ids = [r["id"] for r in gold]
    assert len(ids) == len(set(ids)), "ids must be unique"
    per_lang = Counter(r["lang"] for r in gold)
    assert len(gold) >= 120 and all(per_lang[l] >= 40 for l in ("en", "pl", "ru")), per_lang
    assert sum(1 for r in gold if not r["entities"]) >= 25, "need ~25 hard negatives"
    for r in gold:
        assert set(r) >= {"id", "lang", "text", "entities"}
        for e in r["entities"]:
            assert e["type"] in ALL_TYPES, (r["id"], e["type"])
            assert e["value"] in r["text"], (r["id"], e["value"])
    covered = {e["type"] for r in gold for e in r["entities"]}
    assert covered == set(ALL_TYPES), f"gold set lacks {set(ALL_TYPES) - covered}"


def test_structured_recall_floor_and_no_alarms_on_negatives(gold):
    red = Redactor(RedactConfig(person_names=False))
    gold_n, found_n, alarms = _found(red, gold)
    for t in STRUCTURED:
        assert found_n[t] / gold_n[t] >= 0.95, (t, found_n[t], gold_n[t])
    total = sum(gold_n[t] for t in STRUCTURED)
    assert sum(found_n[t] for t in STRUCTURED) / total >= 0.95
    assert alarms == []


def test_full_redactor_on_gold(gold):
    red = Redactor(RedactConfig())
    gold_n, found_n, alarms = _found(red, gold)
    recall = sum(found_n.values()) / sum(gold_n.values())
    assert recall >= 0.95, (recall, found_n, gold_n)
    assert found_n["PERSON"] / gold_n["PERSON"] >= 0.85
    # Names on hard negatives (brand or product words) are the known weak spot; keep them rare.
    assert len(alarms) <= 3, alarms
