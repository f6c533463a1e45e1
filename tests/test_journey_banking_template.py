"""The financial-services template (configs/stages/banking.toml): stages, phases, touchpoints, keywords and mapping with the real embedder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.journey import STAGES_DIR, load_stage_model, load_touchpoints

from journey_templates import TemplateChecks

IDS = ["discovery", "account_opening", "card_funding", "everyday_use", "problems", "support", "stay_leave"]
CHECK_SET = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "stage_banking.csv"


@pytest.fixture(scope="module")
def model():
    return load_stage_model("banking")


@pytest.fixture(scope="module")
def lex(model):
    return load_touchpoints(extra=model.touchpoints, drop=model.drop_touchpoints, extra_source=model.source)


def test_template_loads_with_the_banking_journey(model):
    assert model.source == str(STAGES_DIR / "banking.toml")
    assert model.ids == IDS
    assert [s.phase for s in model.stages] == ["before"] + ["during"] * 2 + ["after"] * 4
    assert model.phase_labels == {"before": "Choosing a bank", "during": "Opening the account", "after": "Banking with us"}
    for s in model.stages:
        joined = " ".join(s.examples)
        # English, Polish (its letters) and Russian (Cyrillic) examples in every stage
        assert any("a" <= c <= "z" for c in joined.lower()) and any(c in joined for c in "ąćęłńóśźż"), s.id
        assert any("а" <= c <= "я" for c in joined.lower()), s.id
        assert s.needs.strip() and s.content_format.strip() and s.needs != s.content_format, s.id


def test_check_set_uses_the_template_ids():
    """benchmarks/data/stage_banking.csv (scored by benchmarks/stages.py --dev) stays in step with the stage ids."""
    df = pd.read_csv(CHECK_SET, dtype=str, keep_default_na=False)
    assert set(df["stage"]) == set(IDS)
    assert df["lang"].value_counts().to_dict() == {"en": 30, "pl": 30, "ru": 30}
    assert df["id"].is_unique and df["text"].is_unique


def test_touchpoints_are_a_banks(model, lex):
    assert set(model.drop_touchpoints) == {"assembly", "packaging", "store", "delivery", "checkout", "marketplace"}
    assert {"assembly", "packaging", "marketplace", "checkout"}.isdisjoint(lex.ids)
    assert lex.label("store") == "Branch & cash pick-up point" and lex.label("app") == "App & online banking"
    assert lex.control("atm") == lex.control("card_payments") == lex.control("app_store") == "partly"
    assert lex.detect("The courier brought my new card") == ["delivery"]
    assert lex.detect("Пришлось идти в отделение банка с паспортом") == ["store"]
    assert lex.detect("Bankomat połknął mi kartę") == ["atm"]
    # the shop where the card was used is a card payment, not the bank's branch; money is not a parcel
    assert lex.detect("W sklepie nie przeszła płatność kartą") == ["card_payments"]
    assert lex.detect("Paid with Apple Pay at the till") == ["card_payments"]
    assert lex.detect("Деньги доставлены получателю") == []
    assert lex.detect("I can only log in to online banking in the browser") == ["app"]
    assert lex.detect("Allegro and Amazon orders") == []
    from pipeline.journey._touchpoints import source_touchpoint

    assert source_touchpoint("review", "Google Play", known=lex) == "app_store"


# The keyword and mapping checks of every template (journey_templates.TemplateChecks), on this template's cases.

# words that look like a stage's vocabulary but mean something else
LOOKALIKES = [
    ("support", "Do you support transfers to India?"), ("stay_leave", "A friend recommended the app to me."),
    ("problems", "I was on hold for 40 minutes."), ("problems", "Я дважды пытался войти."), ("problems", "Aplikacja się zawiesza."),
    ("problems", "Приложение зависает на заставке."), ("discovery", "Składam reklamację transakcji."),
    ("card_funding", "Money delivered to my brother in minutes."), ("support", "The app supports Polish."),
    ("support", "Opłata za obsługę karty wzrosła."), ("stay_leave", "They closed my account without warning."),
]

# texts whose keywords point to one stage over another: (text, stage, other)
POINTERS = [
    # the problem where it happened, the wait for an answer in support; recommended to me is discovery, by me stay_leave
    ("My transfer has been stuck in pending for three days", "problems", "everyday_use"),
    ("I was on hold for 40 minutes and then got cut off", "support", "problems"),
    ("My payment has been on hold for 3 days", "problems", "support"),
    ("Przelew się zawiesił, pieniądze zniknęły", "problems", "everyday_use"),
    ("Перевод завис, деньги не дошли", "problems", "everyday_use"),
    ("A friend recommended the app to me", "discovery", "stay_leave"),
    ("I'd recommend this bank to anyone", "stay_leave", "discovery"),
    ("I closed my account last week", "stay_leave", "problems"),
]

# clear texts in en / pl / ru, none of them an example of the template or a row of the check set
CLEAR = {
    "discovery": ["Is my money safe with you, are you regulated?", "Zobaczyłam waszą reklamę na Instagramie, czy przelewy za granicę są darmowe?",
                  "Подруга скинула реферальную ссылку, какие у вас комиссии за переводы?"],
    "account_opening": ["The app rejected my passport photo again.", "Weryfikacja tożsamości trwa już cztery dni.",
                        "Не проходит селфи при регистрации."],
    "card_funding": ["My debit card still hasn't arrived.", "Jak doładować konto kartą z innego banku?", "Когда курьер привезёт карту?"],
    "everyday_use": ["What's the exchange rate for euros to pounds today?", "Jaki jest dzienny limit przelewów?", "Как скачать выписку по счёту?"],
    "problems": ["Someone used my card for purchases I never made.", "Przelew do mamy nie doszedł od trzech dni.",
                 "Мне заблокировали счёт и требуют подтвердить источник средств."],
    "support": ["I've been on hold for an hour.", "Nikt z obsługi nie odpisuje od tygodnia.", "Не могу дозвониться до банка уже второй день."],
    "stay_leave": ["I'm closing my account and moving to another bank.", "Polecam ten bank każdemu, jestem z nimi od 10 lat.",
                   "Кешбэк стал меньше, думаю уйти в другой банк."],
}


class TestKeywordsAndMapping(TemplateChecks):
    lookalikes, pointers, clear = LOOKALIKES, POINTERS, CLEAR
