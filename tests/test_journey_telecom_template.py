"""The telecom template (configs/stages/telecom.toml): stages, phases, touchpoints, keywords and mapping with the real embedder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.journey import STAGES_DIR, load_stage_model, load_touchpoints

from journey_templates import TemplateChecks

IDS = ["awareness", "comparing", "signup", "installation", "use", "support", "renewal", "advocacy"]
CHECK_SET = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "stage_telecom.csv"


@pytest.fixture(scope="module")
def model():
    return load_stage_model("telecom")


@pytest.fixture(scope="module")
def lex(model):
    return load_touchpoints(extra=model.touchpoints, drop=model.drop_touchpoints, extra_source=model.source)


def test_template_loads_with_the_telecom_journey(model):
    assert model.source == str(STAGES_DIR / "telecom.toml")
    assert model.ids == IDS
    assert [s.phase for s in model.stages] == ["before"] * 2 + ["during"] * 2 + ["after"] * 4
    assert model.phase_labels == {"before": "Choosing a provider", "during": "Signing up & getting connected", "after": "Being a customer"}
    for s in model.stages:
        joined = " ".join(s.examples)
        # English, Polish (its letters) and Russian (Cyrillic) examples in every stage
        assert any("a" <= c <= "z" for c in joined.lower()) and any(c in joined for c in "ąćęłńóśźż"), s.id
        assert any("а" <= c <= "я" for c in joined.lower()), s.id
        assert s.needs.strip() and s.content_format.strip() and s.needs != s.content_format, s.id


def test_check_set_uses_the_template_ids_and_none_of_its_examples(model):
    """benchmarks/data/stage_telecom.csv (scored by benchmarks/stages.py --dev … --stages telecom) stays in step with the stage ids."""
    df = pd.read_csv(CHECK_SET, dtype=str, keep_default_na=False)
    assert set(df["stage"]) == set(IDS) and df["stage"].value_counts().min() >= 9
    assert df["lang"].value_counts().to_dict() == {"en": 24, "pl": 24, "ru": 24}
    assert df["id"].is_unique and df["text"].is_unique
    assert set(df["text"]).isdisjoint(e for s in model.stages for e in s.examples)


def test_touchpoints_are_an_operators(model, lex):
    assert set(model.drop_touchpoints) == {"packaging", "marketplace", "checkout", "assembly"}
    assert {"packaging", "marketplace", "checkout", "assembly"}.isdisjoint(lex.ids)
    assert lex.label("technician") == "Technician visit" and lex.label("equipment") == "Router & TV box"
    assert lex.label("store") == "Shop & salespeople" and lex.label("app") == "App & online account"
    assert lex.detect("The technician never showed up") == ["technician"]
    assert lex.detect("Serwisant wymienił router") == ["technician", "equipment"]
    assert lex.detect("Приставка зависает") == ["equipment"]
    assert lex.detect("Faktura za ten miesiąc jest za wysoka") == ["billing"]
    assert lex.detect("В личном кабинете не видно счёта") == ["app"]
    # a marketplace is none of an operator's touchpoints, nor a place its customers leave for
    assert lex.detect("Kupiłam router na Allegro") == ["equipment"]
    assert lex.marketplace_names() == ()


# The keyword and mapping checks of every template (journey_templates.TemplateChecks), on this template's cases.

# words that look like a stage's vocabulary but mean something else
LOOKALIKES = [
    ("installation", "I installed the app on my phone."), ("advocacy", "A neighbour recommended you to me."),
    ("support", "Does the router support 5 GHz?"), ("renewal", "Cancel my last message, wrong chat."),
    ("use", "Dziękuję, to wszystko."), ("comparing", "Sounds good, thanks."),
]

# texts whose keywords point to one stage over another: (text, stage, other)
POINTERS = [
    # the fault where it happened, its repair in support; the first visit is installation, a repair visit support
    ("The internet drops every evening", "use", "support"),
    ("I reported the outage and the ticket was closed", "support", "use"),
    ("The technician never came for the installation", "installation", "support"),
    ("Po zakończeniu promocji rachunek wzrósł", "renewal", "use"),
    ("Polecam was znajomym", "advocacy", "awareness"),
    ("Сравниваю тарифы трёх провайдеров", "comparing", "use"),
    ("Хочу расторгнуть договор без штрафа", "renewal", "signup"),
]

# clear texts in en / pl / ru, none of them an example of the template or a row of the check set
CLEAR = {
    "awareness": ["I saw your ad on the side of a bus and didn't know you were in our town.",
                  "Sąsiadka powiedziała mi, że u nich w bloku macie światłowód.", "Увидел вашу рекламу в лифте нашего дома."],
    "comparing": ["Which plan would you suggest for two people working from home?", "Ile kosztuje pakiet z internetem i telewizją po promocji?",
                  "Есть ли у вас тариф без договора на год?"],
    "signup": ["I ordered the package online, when will I get the contract to sign?", "Podpisałam umowę, ale w dokumentach jest inna opłata.",
               "Какие документы нужны, чтобы оформить подключение?"],
    "installation": ["The installer drilled through the wrong wall.", "Technik miał przyjść na instalację w środę i się nie pojawił.",
                     "Монтажник подключил интернет за час и всё настроил."],
    "use": ["The connection keeps dropping during video calls.", "Wieczorem internet bardzo zwalnia.", "Картинка на телевизоре постоянно зависает."],
    "support": ["I've been on hold with customer service for an hour.", "Zgłosiłem awarię tydzień temu i nikt się nie odezwał.",
                "В поддержке ответили шаблоном и закрыли заявку."],
    "renewal": ["How do I terminate my contract when I move abroad?", "Chcę przedłużyć umowę, ale taniej niż teraz.",
                "Как вернуть роутер после расторжения договора?"],
    "advocacy": ["I've recommended you to all my colleagues.", "Nikomu nie polecam tego operatora.", "Всем друзьям советую этого провайдера."],
}


class TestKeywordsAndMapping(TemplateChecks):
    lookalikes, pointers, clear = LOOKALIKES, POINTERS, CLEAR
