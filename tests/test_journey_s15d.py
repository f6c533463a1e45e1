"""Session 15 (d): whose drop-off a third-person verb is, tenure as evidence of a late stage, support calls' touchpoint,
the app-store touchpoint's one owner."""

import numpy as np
import pandas as pd
import pytest

from pipeline.errors import ConfigError
from pipeline.journey import (BUILTIN_TOUCHPOINTS, StageMapper, TouchpointLexicon, drop_off_phrases, load_stage_model, load_touchpoints,
                              published_on, source_touchpoint, STAGES_DIR)
from pipeline.journey._touchpoints import OPT_IN_TOUCHPOINTS
from pipeline.journey import states_tenure


# ---- drop-offs: a trainer leaving is not the customer leaving -----------------------------------------------------------
@pytest.mark.parametrize("text", [
    # a staff member, a name or he / she as the subject
    "My trainer left for another gym.",
    "My trainer quit after a month.",
    "My personal trainer [PERSON] quit in March and nobody told me.",
    "The coach gave up on our group.",
    "She quit after two sessions.",
    "I liked the classes, then Mark quit.",
    "Co chwilę nowy trener. Zapłaciłem za pakiet treningów personalnych, a trenerka odeszła po dwóch sesjach.",
    "Mój trener personalny odszedł bez uprzedzenia, trzeci raz w tym roku.",
    "Trenerka była świetna, ale po miesiącu odeszła.",
    "Instruktor zrezygnował z prowadzenia zajęć.",
    "Kasia z recepcji zrezygnowała.",
    "Anulowali mi zamówienie bez słowa.",          # a Polish third person without a subject: not the speaker
    "Тренер ушёл к конкурентам.",
    "Мой инструктор ушёл из клуба.",
    # "он" is someone the customer speaks about, not the customer (who says "я"): not the customer's drop-off
    "Он ушёл из клуба.",
    "Он ушёл к конкурентам, теперь новый тренер.",
])
def test_a_staff_member_leaving_is_not_the_customers_drop_off(text):
    assert drop_off_phrases(text) == [], (text, drop_off_phrases(text))


@pytest.mark.parametrize("text", [
    "I left after two sessions.",
    "We left in March, the price went up.",
    "I left the gym because of the price.",
    "My trainer was great but I quit when the price went up.",
    "zrezygnowałam",
    "Zrezygnowałam po trzech miesiącach.",
    "Przez trenera zrezygnowałam z karnetu.",       # first person: the customer, whatever else the sentence names
    "Trener odszedł, więc ja też odeszłam.",
    "Mąż chodził dwa lata, ale w końcu zrezygnował.",  # the customer's household
    "Я ушёл из клуба.",
    "Ушла из клуба после подорожания.",
    "Мой тренер ушёл, и я ушла из клуба.",
])
def test_the_customer_leaving_is_a_drop_off(text):
    assert drop_off_phrases(text), text


@pytest.mark.parametrize("text", ["I left a review.", "I left my towel in the locker.", "I left it at reception."])
def test_leaving_a_thing_is_no_drop_off(text):
    assert drop_off_phrases(text) == [], text


# ---- stages: a tenure statement is the journey's late phase, wherever in an interview it is said --------------------------
@pytest.mark.parametrize("text, expected", [
    ("I've been a member for three years, I train mostly before work.", True),
    ("We've been customers for over ten years.", True),
    ("Been coming here for 5 years and never had this problem.", True),
    ("I'm a loyal customer, so this hurts.", True),
    ("Jestem członkiem od 2019, mam karnet open na wszystkie kluby.", True),
    ("Chodzę od czterech lat, od otwarcia klubu na Ursynowie.", True),
    ("Zrezygnowałam w lutym, po dwóch latach.", True),
    ("Уже четыре года хожу в этот клуб.", True),
    ("Я ваш постоянный клиент с 2018.", True),
    ("I signed a two-year contract.", False),
    ("The warranty is for two years.", False),
    ("Umowa na dwa lata, bez możliwości wypowiedzenia?", False),
    ("Есть ли у вас скидка для постоянных клиентов?", False),   # asks about a programme, says nothing of the speaker
    ("How long have you been a member?", False),
])
def test_states_tenure(text, expected):
    assert states_tenure(text) is expected, text


@pytest.fixture(scope="module")
def subscription_mapper():
    from pipeline.embedders import get_embedder

    return StageMapper(load_stage_model("subscription"), get_embedder("e5-small").embed)


LONG_TIME_MEMBER = [  # interview_06_en of the fitness-club dogfood: the first answer states a three-year tenure
    ("How long have you been a member?", "I've been a member for three years, I train mostly before work."),
    ("How are things with your trainer?", "My personal trainer left in March and nobody told me, I just showed up and there was a different guy."),
    ("Did you get the letter about the new prices?", "The price increase letter came in Polish only, I had to run it through Google Translate."),
    ("And the changing rooms?", "The locker rooms smell of mould, the ventilation obviously doesn't work."),
    ("What would you change?", "Please add a waitlist to the app, so if someone cancels I get the spot automatically."),
    ("Anything else?", "Otherwise the atmosphere is great and people are friendly."),
]


def _interview(pairs, source="interview"):
    turns = [x for (q, a) in pairs for x in ((q, False), (a, True))]
    return pd.DataFrame({"doc_id": "i1", "turn_index": range(len(turns)), "source_type": source,
                         "is_customer": [c for _, c in turns], "text": [t for t, _ in turns]})


@pytest.mark.parametrize("tenure", [
    "I've been a member for three years, I train mostly before work.",
    "Jestem członkiem od 2019, mam karnet open na wszystkie kluby.",
    "Chodzę od czterech lat, od otwarcia klubu na Ursynowie.",
])
def test_a_long_time_members_first_answer_is_not_an_early_stage(subscription_mapper, tenure):
    pairs = [(LONG_TIME_MEMBER[0][0], tenure)] + LONG_TIME_MEMBER[1:]
    labels, _ = subscription_mapper.predict_conversation(_interview(pairs))
    phase = {s.id: s.phase for s in subscription_mapper.model.stages}
    assert phase[labels[1]] == "after", (tenure, labels[1])


def test_tenure_weight_zero_switches_the_lean_off(subscription_mapper):
    texts = ["I've been a member for three years."]
    X = subscription_mapper.embed(texts)
    off = StageMapper(subscription_mapper.model, subscription_mapper.embed, tenure_weight=0.0)
    early = [s.phase != "after" for s in subscription_mapper.model.stages]
    diff = off.logits(X, None, texts) - subscription_mapper.logits(X, None, texts)
    assert np.allclose(diff[0], np.where(early, 1.5, 0.0))


# ---- touchpoints: a support call came through the phone; an interview through nothing -----------------------------------
@pytest.mark.parametrize("template", sorted(p.stem for p in STAGES_DIR.glob("*.toml")))
def test_a_support_call_is_the_phone_touchpoint_and_an_interview_none(template):
    model = load_stage_model(template)
    lex = load_touchpoints(None, model.touchpoints, model.source, model.drop_touchpoints)
    # ingest reads a support call as source_type "chat", channel "phone" (pipeline/ingest/_calls.py)
    assert source_touchpoint("chat", "phone", "calls/call_0001.txt", lex) == "phone"
    assert source_touchpoint("chat", "Phone", "", lex) == "phone"
    assert published_on("chat", "phone") == ""          # a moment of the hotline, not where it was written
    assert source_touchpoint("interview", "", "interviews/p01.md", lex) == ""
    assert lex.detect("Mam pytanie o moje konto.") == []  # an interview turn mentioning nothing has no touchpoint


# ---- touchpoints: App Store & Google Play has one owner, a built-in opt-in touchpoint ------------------------------------
def _lexicon(template, path=None):
    model = load_stage_model(template)
    return load_touchpoints(path, model.touchpoints, model.source, model.drop_touchpoints)


@pytest.mark.parametrize("template", ["app", "banking"])
def test_the_app_and_banking_templates_turn_on_the_built_in_app_store(template):
    lex = _lexicon(template)
    (opt,) = [t for t in OPT_IN_TOUCHPOINTS if t.id == "app_store"]
    assert lex.label("app_store") == opt.name == "App Store & Google Play" and lex.control("app_store") == "partly"
    for text in ("I downloaded it from the App Store", "Pobrałam z Google Play", "Скачал в Плей Маркете", "Ściągnęłam ze sklepu Play"):
        assert "app_store" in lex.detect(text), (template, text)
    assert source_touchpoint("review", "ios", "", lex) == "app_store"
    # neither template repeats the store's names
    tables = [t for t in load_stage_model(template).touchpoints if t["id"] == "app_store"]
    assert len(tables) == 1 and set(tables[0]) <= {"id", "patterns"}
    assert not set(tables[0].get("patterns", [])) & set(opt.patterns)


def test_in_app_purchases_are_the_app_templates_own_store_patterns():
    assert "app_store" in _lexicon("app").detect("I was charged for an in-app purchase twice")
    assert "app_store" not in _lexicon("banking").detect("I was charged for an in-app purchase twice")


def test_the_app_store_is_off_unless_named_and_a_table_naming_it_turns_it_on(tmp_path):
    assert "app_store" not in _lexicon("default") and "app_store" not in TouchpointLexicon(BUILTIN_TOUCHPOINTS)
    assert source_touchpoint("review", "App Store", "", _lexicon("default")) == "review_sites"
    p = tmp_path / "touchpoints.toml"
    p.write_text('[[touchpoint]]\nid = "app_store"\npatterns = ["rustore"]\n', encoding="utf-8")
    lex = _lexicon("default", p)
    assert lex.detect("Pobrałam z Google Play") == ["app_store"] and lex.detect("Скачал из RuStore") == ["app_store"]
    assert lex.control("app_store") == "partly"


def test_a_new_touchpoint_without_control_names_the_opt_in_ones(tmp_path):
    p = tmp_path / "touchpoints.toml"
    p.write_text('[[touchpoint]]\nid = "app_stor"\npatterns = ["rustore"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"needs 'control'.*Opt-in built-in touchpoints.*'app_store'"):
        _lexicon("default", p)


# ---- stage_map: an edit to the courtesy list clears its cache -----------------------------------------------------------
def test_stage_map_results_are_keyed_by_the_courtesy_list(tmp_path, monkeypatch):
    from pipeline import checkpoints
    from pipeline.stages import stage_map

    for rel in stage_map.CODE:   # no misspelt path that would hash nothing
        assert (checkpoints.BUILTIN_CONFIG_DIR.parent if rel.startswith("configs/") else checkpoints.PACKAGE_DIR).joinpath(rel).exists(), rel
    courtesy = tmp_path / "resources" / "courtesy.txt"
    courtesy.parent.mkdir()
    courtesy.write_bytes((checkpoints.PACKAGE_DIR / "resources" / "courtesy.txt").read_bytes())
    monkeypatch.setattr(checkpoints, "PACKAGE_DIR", tmp_path)
    before = checkpoints.code_hash(stage_map.CODE)
    courtesy.write_text(courtesy.read_text(encoding="utf-8") + "\nsiema\n", encoding="utf-8")
    assert checkpoints.code_hash(stage_map.CODE) != before
