"""Session 18f ingest fixes: a call answered "<Name> speaking" ("Mówi Anna", "Анна, слушаю вас") finds its agent; VK's
extended names are one author; Meta's notices in Polish and Russian are quarantined; Teams' "started transcription" is
no title; one owner of role words; messy exports a researcher drops in."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest import IngestConfig, read_corpus


def _roles(tmp_path: Path) -> dict[str, str]:
    res = read_corpus(tmp_path, IngestConfig())
    return dict(zip(res.records["source_file"].str.split("/").str[-1] + " " + res.records["speaker"], res.records["role"]))


# --- 1. "<Name> speaking" opening a call or chat turn is the company's ------------------------------------------------

def test_a_call_answered_by_name_finds_its_agent_and_a_caller_naming_themself_is_none(tmp_path):
    # dogfood 17a's "Medicus Plus, good morning, Marta speaking." call had had no agent: her lines were a patient's
    (tmp_path / "calls").mkdir()
    calls = {
        "call_en.txt": ["Medicus Plus, good morning, Marta speaking.", "hi, I need to move my appointment to Friday",
                        "Sure, Friday at ten is free.", "great thanks"],
        "call_en2.txt": ["Anna speaking, how can I help?", "my card was charged twice", "I see it, it will be refunded.",
                         "ok"],
        "call_pl.txt": ["Mówi Anna, dzień dobry.", "dzień dobry, paczka nie doszła", "Proszę podać numer zamówienia.",
                        "SOF-1002"],
        "call_ru.txt": ["Анна, слушаю вас.", "у меня не проходит оплата картой", "Сейчас посмотрю, это сбой банка.",
                        "понятно"],
        # the caller names themself: the one asking for the order number is the agent, not the caller
        "call_pl2.txt": ["Dzień dobry, mówi Jan Kowalski, dzwonię w sprawie zamówienia.", "Proszę podać numer zamówienia.",
                         "SOF-1003, miało być wczoraj", "Już sprawdzam. Kurier dowiezie jutro."],
    }
    for name, turns in calls.items():
        (tmp_path / "calls" / name).write_text("".join(f"Speaker {1 + i % 2}: {t}\n" for i, t in enumerate(turns)),
                                               encoding="utf-8")
    roles = _roles(tmp_path)
    assert roles == {f"{n} Speaker {k}": ("agent" if (k == 1) != (n == "call_pl2.txt") else "customer")
                     for n in calls for k in (1, 2)}
