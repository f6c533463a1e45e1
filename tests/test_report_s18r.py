"""Round comparison and FAQ coverage, session 18 (dogfood 18g: a Polish car insurer's claims, two rounds).

Rounds: a topic the previous round split into fragments is compared whole - the payout delay (17 documents in
three round-1 themes, 4 in one round-2 theme) had read "steady" from one fragment while the others were "no
longer raised".

FAQ: of two entries that both rank above every other text beside a question theme, the nearer covers it - file
order had given the documents question to "Jak zgłosić szkodę?" and listed the entry that answers it as not asked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.config import load_config
from pipeline.embedders import get_embedder
from pipeline.report._faq import faq_coverage
from pipeline.report._rounds import compare_rounds
from pipeline.runner import Context

DIM = 8


def _at(degrees: float) -> np.ndarray:
    """A unit vector in the plane of the first two axes, at this angle."""
    v = np.zeros(DIM)
    v[0], v[1] = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    return v


def _segments(prefix: str, groups: list[tuple[int, list[float]]], docs: dict[int, str] | None = None):
    """One customer pain point per ``(theme_id, angle)``, one document each (``docs`` renames some), then fillers."""
    rows, vecs = [], []
    for theme, angles in groups:
        for i, a in enumerate(angles):
            n = len(rows)
            rows.append({"segment_id": f"{prefix}{n}", "doc_id": (docs or {}).get(n, f"{prefix}doc{n}"),
                         "text": f"{prefix}text {n}", "is_customer": True, "kind": "pain_point", "theme_id": theme,
                         "sentiment": "negative"})
            vecs.append(_at(a))
    for i in range(20):
        rows.append({"segment_id": f"{prefix}o{i}", "doc_id": f"{prefix}other{i}", "text": f"{prefix}ok {i}",
                     "is_customer": True, "kind": "other", "theme_id": -1, "sentiment": "neutral"})
        vecs.append(np.eye(DIM)[7])
    return pd.DataFrame(rows), np.array(vecs, np.float32)


def test_a_topic_in_fragments_before_counts_every_fragment_and_none_is_no_longer_raised():
    """Round 1 held the payout delay in two themes (10: 4 documents; 11, close to it: 3, one document shared);
    round 2's theme has 2 members on theme 10 and 1 on theme 11. Theme 11's segments all sit on round 2's theme:
    its "before" counts both fragments' documents once each (6), and theme 11 is not "no longer raised"."""
    now, X = _segments("", [(0, [1, 3, 9, 30])])
    prev, P = _segments("before ", [(10, [0, 3, 6, 9]), (11, [7, 8, 9])], docs={4: "before doc0"})
    vec_of = dict(zip(prev["text"], P))
    themes = pd.DataFrame({"theme_id": [0], "kind": "pain_point", "label": ["payout delay"]})
    prev_themes = pd.DataFrame({"theme_id": [10, 11], "kind": "pain_point", "label": ["payout a", "payout b"],
                                "size": [4, 3]})
    res = compare_rounds(now, X, themes, prev, prev_themes, lambda texts: np.array([vec_of[t] for t in texts]))
    row = res["changes"].set_index("theme_id").loc[0]
    assert row["docs_before"] == 6 and row["theme_id_before"] == 10, res["changes"].to_dict("records")
    assert len(res["gone"]) == 0 and (res["changes"]["theme_id"] >= 0).all()


# round 1's customer questions as the run clustered them (text, kind, theme, language, document): theme 12 is the
# e-mails' reference line, 13 asks for a replacement car, 14 what documents a claim needs
QUESTIONS = [
    ('czy przysługuje mi auto zastępcze na czas naprawy? !!', 'question', 13, 'pl', 'survey:ankiety/nps_r1.csv:R1-1007'),
    ('What documents do I need to report the accident?', 'question', 14, 'en', 'survey:ankiety/nps_r1.csv:R1-1010'),
    ('Am I entitled to a replacement car while mine is in the workshop?', 'question', 13, 'en', 'survey:ankiety/nps_r1.csv:R1-1012'),
    ('czy przysługuje mi auto zastępcze na czas naprawy? !!', 'question', 13, 'pl', 'survey:ankiety/nps_r1.csv:R1-1015'),
    ('How long can I keep the courtesy car during the repair?', 'question', 13, 'en', 'survey:ankiety/nps_r1.csv:R1-1021'),
    ("Do I need a police report to file the claim or is the other driver's statement enough?", 'question', 14, 'en', 'chat:emails/:d931c1da6cc8'),
    ('Dzień dobry, Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].', 'question', 12, 'pl', 'chat:emails/:b347f0c10bbc'),
    ('Dzień dobry, Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].', 'question', 12, 'pl', 'chat:emails/:aae008be7a88'),
    ('Dzień dobry, Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].', 'question', 12, 'pl', 'chat:emails/:970a4cbfa8df'),
    ('Dzień dobry, Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].', 'question', 12, 'pl', 'chat:emails/:56ff640b4695'),
    ('Dzień dobry, Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].', 'question', 12, 'pl', 'chat:emails/:db0efbc5f374'),
    ('Dzień dobry, Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].', 'question', 12, 'pl', 'chat:emails/:ad2a31eba251'),
    ('Co muszę wysłać, żeby zgłosić szkodę z OC sprawcy?', 'question', 14, 'pl', 'chat:emails/:ad2a31eba251'),
    ('Dzień dobry, Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].', 'question', 12, 'pl', 'chat:emails/:de8b479f8968'),
    ('Dzień dobry, Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].', 'question', 12, 'pl', 'chat:emails/:cbd73249cdf6'),
    ('Dzień dobry, Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].', 'question', 12, 'pl', 'chat:emails/:8eeb18dd502b'),
    ('Dzień dobry, Piszę w sprawie szkody [CLAIM], samochód [PLATE], VIN [VIN].', 'question', 12, 'pl', 'chat:emails/:d958a02b542b'),
    ('Czy przysługuje mi auto zastępcze na czas naprawy?', 'question', 13, 'pl', 'chat:emails/:d958a02b542b'),
    ('Czy zdjęcia uszkodzeń mam wysłać mailem, czy dołączyć w formularzu?', 'question', 14, 'pl', 'chat:emails/:d6b2bc7618fa'),
    ('Jakie dokumenty muszę przygotować do zgłoszenia szkody?', 'question', 14, 'pl', 'chat:rozmowy/call_r1_013.txt'),
    ('How long can I keep the courtesy car during the repair?', 'question', 13, 'en', 'chat:rozmowy/call_r1_015.txt'),
    ('Czy zdjęcia uszkodzeń mam wysłać mailem, czy dołączyć w formularzu?', 'question', 14, 'pl', 'chat:rozmowy/call_r1_018.txt'),
    ('Na ile dni dostanę samochód zastępczy, jak auto będzie w warsztacie?', 'question', 13, 'pl', 'chat:rozmowy/call_r1_020.txt'),
    ('Czy auto zastępcze jest w ramach OC sprawcy, czy muszę mieć assistance?', 'question', 13, 'pl', 'chat:rozmowy/call_r1_021.txt'),
    ('Czy do zgłoszenia szkody potrzebne jest oświadczenie sprawcy, czy wystarczy notatka policji?', 'question', 14, 'pl', 'chat:rozmowy/call_r1_022.txt'),
    ('Положена ли мне подменная машина на время ремонта?', 'question', 13, 'ru', 'chat:rozmowy/call_r1_024.txt'),
    ('No więc tak... Co muszę wysłać, żeby zgłosić szkodę z OC sprawcy?', 'question', 14, 'pl', 'chat:rozmowy/call_r1_025.txt'),
    ('Co muszę wysłać, żeby zgłosić szkodę z OC sprawcy?', 'question', 14, 'pl', 'chat:rozmowy/call_r1_030.txt'),
]
FAQ = [
    {'question': 'Jak zgłosić szkodę?', 'answer': 'Zadzwoń na infolinię 22 100 200 300 lub wypełnij formularz na stronie autoochrona.pl/szkoda.',
     'line': 3},
    {'question': 'Jakie dokumenty są potrzebne do zgłoszenia szkody?', 'answer': 'Oświadczenie sprawcy lub notatka policji, zdjęcia uszkodzeń, dowód rejestracyjny, prawo jazdy.',
     'line': 6},
    {'question': 'Czy przysługuje mi samochód zastępczy?', 'answer': 'Tak, w wariancie Assistance Plus do 7 dni, z OC sprawcy na czas naprawy.',
     'line': 9},
    {'question': 'Ile trwa wypłata odszkodowania?', 'answer': 'Do 30 dni od zgłoszenia szkody, zgodnie z ustawą.',
     'line': 12},
    {'question': 'Czy mogę zapłacić składkę w ratach?', 'answer': 'Tak, w 2 lub 4 ratach bez dodatkowych kosztów.',
     'line': 15},
    {'question': 'Czy polisa działa za granicą (Zielona Karta)?', 'answer': 'Tak, OC obowiązuje w całej UE; Zieloną Kartę wydajemy bezpłatnie.',
     'line': 18},
    {'question': 'Jak wymienić szybę?', 'answer': 'Zgłoś szkodę szybową; partnerski serwis szyb oddzwoni w ciągu 24 godzin.',
     'line': 21},
]


def test_of_faq_entries_tied_at_the_top_the_one_nearest_the_theme_covers_it():
    seg = pd.DataFrame(QUESTIONS, columns=["text", "kind", "theme_id", "lang", "doc_id"]).assign(is_customer=True)
    themes = seg[seg["theme_id"] >= 0].groupby("theme_id")["kind"].first().reset_index()
    ctx = Context(cfg=load_config(overrides={"embed": {"embedder": "e5-fast"}, "run": {"cache_dir": ""}}),
                  corpus=None, out=None, artifacts={})
    cov = faq_coverage(seg, get_embedder("e5-fast").embed(seg["text"].tolist()), themes, FAQ, ctx)
    assert cov["themes"][14]["line"] == 6 and cov["themes"][14]["score"] == 1.0   # the documents entry
    assert cov["themes"][13]["line"] == 9
    unasked = {u["line"]: u for u in cov["unmatched"]}
    assert 6 not in unasked and unasked[3]["nearest"]["taken"]   # the generic entry: covered more closely
