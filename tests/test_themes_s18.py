"""A theme is not named by an opening sentence that names nothing (dogfood 18g: "Minął tydzień i nic." had named a
theme of assessors' delays in both rounds, though segmentation keeps that sentence with the one after it)."""

from __future__ import annotations

import numpy as np

from pipeline.themes import name_theme


def _near(n: int) -> np.ndarray:
    return np.array([[1.0, 0.05 * k] for k in range(n)])


def test_an_opener_that_names_nothing_does_not_name_the_theme():
    texts = ["Minął tydzień i nic. Rzeczoznawca nadal nie przyjechał obejrzeć samochodu.",
             "Rzeczoznawca miał przyjechać w poniedziałek, nikt się nie pojawił.",
             "Czekam na rzeczoznawcę od dziesięciu dni.",
             "A week has passed and nothing. The assessor still has not come to see the car."]
    langs = ["pl", "pl", "pl", "en"]
    named = name_theme(np.arange(4), texts, langs, _near(4), list("abcd"), main_lang="pl")
    assert "Minął tydzień" not in named["label"] and "ydzień i nic" not in named["label"]
    assert "zeczoznaw" in named["label"]
    assert not named["gloss_en"] or "nothing" not in named["gloss_en"]
