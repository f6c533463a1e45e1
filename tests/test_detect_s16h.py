"""Session 16 (h): interview small talk, logistics and sign-offs are 'other'; praise that turns to a complaint; plain
praise; a missing product capability is the company's barrier; sentiment misses; transliterated Russian."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.detect import Detector


def _stage_kinds(texts: list[str], langs: list[str], scores: list[float]) -> list[str]:
    """The detect stage's kinds (rules only: no embeddings) for customer rows."""
    from pipeline.stages import detect

    seg = pd.DataFrame({"text": texts, "lang": langs, "is_customer": True, "sentiment": "",
                        "sentiment_score": scores, "rating": None})
    ctx = SimpleNamespace(cfg=SimpleNamespace(run=SimpleNamespace(cache_dir="")), stats={},
                          artifacts={"detector": Detector(embedder="fake")})
    return detect.run(seg, ctx)["kind"].tolist()


def test_the_stage_reads_transliterated_russian_in_cyrillic():
    """'uzhe nedelyu zhdu' (a wait with its length: 'уже неделю жду') had been 'other': the Russian cues read Cyrillic."""
    assert _stage_kinds(["uzhe nedelyu zhdu", "уже неделю жду"], ["ru", "ru"], [0.0, 0.0]) == ["pain_point"] * 2


@pytest.mark.parametrize("text", ["Our IT security team wouldn't approve it without SSO.",
                                  "Tak, nasz dział IT marudził, że nie ma logowania przez Google Workspace, czyli SSO.",
                                  "Наш айтишник не пропустил, потому что нет SSO.",
                                  "We use Okta, and there was no SAML SSO and no SCIM."])
def test_a_capability_the_product_lacks_is_the_companys_barrier_though_a_customer_team_says_no(text):
    """'our (finance|it|legal|procurement)' had made the missing SSO a customer-side barrier, rules and head alike."""
    from pipeline.detect import barrier_side
    from pipeline.embedders import get_embedder

    assert barrier_side(text) == "company"
    assert Detector(embedder="e5-small").predict_barrier([text], get_embedder("e5-fast").embed([text])) == ["company"]


@pytest.mark.parametrize("text", ["My manager doesn't approve swaps in the app anyway, she says she doesn't trust it.",
                                  "We had a budget freeze from October, so the purchase order couldn't go out.",
                                  "Kierowniczka i tak nie zatwierdza zamian w aplikacji, mówi, że woli na kartce.",
                                  "Zarząd długo nie chciał zatwierdzić wydatku.",
                                  "У нас профсоюз и коллективный договор, больше 120 часов сверхурочных нельзя."])
def test_a_manager_a_board_a_union_or_a_budget_that_says_no_is_the_customers_barrier(text):
    """The head had read 'Kierowniczka … nie zatwierdza', 'Zarząd … nie chciał zatwierdzić' and the union's contract as
    the company's (dogfood interviews)."""
    from pipeline.embedders import get_embedder

    assert Detector(embedder="e5-small").predict_barrier([text], get_embedder("e5-fast").embed([text])) == ["customer"]


def test_they_forgot_is_no_customer_side_barrier():
    from pipeline.detect import barrier_side

    assert barrier_side("Забыли положить напиток и соус.") == "company"
    assert barrier_side("Я забыла пароль.") == "customer"


SMALL_TALK = [
    ("en", "Yeah, I'm on my break, so I've got like 40 minutes. Sorry if it's loud, I'm in the break room."),
    ("en", "Hi! No worries, the kids are at school so I've got an hour. Just shout if the connection drops, the wifi "
           "here is rubbish."),
    ("en", "Of course, anytime. Happy Thanksgiving!"),
    ("en", "No, I think that's it. Oh, if you need me again my number's [PHONE], text is easier than calling."),
    ("en", "Sure thing, and hey, if you want to shadow a night shift, my email is [EMAIL]. Take care."),
    ("en", "No problem, it's quiet for now, knock on wood."),
    ("pl", "Nie ma sprawy, pa!"),
    ("pl", "Cześć, jasne, tylko mam jakieś pół godziny, bo potem odbieram syna z przedszkola."),
    ("pl", "Jakby co, mój telefon to [PHONE], a mail [EMAIL]."),
    ("ru", "У нас уже вечер, так что спокойно можем поговорить."),
    ("ru", "Если что, пишите мне на [EMAIL] или в телеграм, номер [PHONE]."),
    ("ru", "Добрый день, да не за что.")]


@pytest.mark.parametrize("lang, text", SMALL_TALK)
def test_interview_openers_logistics_and_sign_offs_are_other(lang, text):
    """Dogfood interviews: 'Yeah, I'm on my break, so I've got like 40 minutes.' had been the map's #4 pain point,
    'Of course, anytime. Happy Thanksgiving!' a praise theme, the contact sign-offs requests."""
    from pipeline.affect import AffectModel
    from pipeline.embedders import get_embedder

    E = get_embedder("e5-fast").embed([text])
    score = AffectModel().predict([text], [lang], E)["sentiment_score"].tolist()
    assert Detector(embedder="e5-small").predict([text], [lang], score, E).loc[0, "kind"] == "other"


@pytest.mark.parametrize("text", [
    "I've got an hour of waiting every time I call", "The app crashes every hour so I have minutes to fix it",
    "Please call me, my internet is down", "I emailed him at [EMAIL] three times and nobody answered",
    "ok makes sense. can you mail me the delivery cost to Szczecin? [EMAIL]", "А сейчас?", "Happy with the app, thanks",
    "If you want to know, the courier was rude"])
def test_a_message_with_something_to_say_is_no_small_talk(text):
    from pipeline.detect import is_courtesy

    assert not is_courtesy(text)



def _read(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """Sentiment and kind of texts as a run gives them (e5-fast vectors, the affect model, detection with its head)."""
    from pipeline.affect import AffectModel
    from pipeline.embedders import get_embedder

    langs, texts = [r[0] for r in rows], [r[1] for r in rows]
    E = get_embedder("e5-fast").embed(texts)
    aff = AffectModel().predict(texts, langs, E)
    det = Detector(embedder="e5-small").predict(texts, langs, aff["sentiment_score"].tolist(), E)
    return pd.concat([aff[["sentiment", "sentiment_score"]], det[["kind"]]], axis=1).assign(text=texts)


MIXED = [("pl", "Czapka ok, jakość dobra, ale paczka z DPD przyszła po tygodniu, choć w sklepie pisało 1-2 dni."),
         ("pl", "ale paczka z DPD przyszła po tygodniu, choć w sklepie pisało 1-2 dni."),
         ("pl", "Buciki bardzo ładne i dobrze uszyte, tylko są wąskie…"), ("pl", "tylko są wąskie…"),
         ("pl", "buty super ale wąskie"), ("pl", "Ładna sukienka, ale za mała"),
         ("en", "Good quality shoes, but the toe box is narrow"), ("en", "but the toe box is narrow"),
         ("en", "Nice jacket but it runs small"), ("ru", "Красивые ботинки, но маломерят")]


@pytest.mark.parametrize("lang, text", MIXED)
def test_praise_that_turns_to_a_fit_or_a_late_parcel_is_a_pain_point(lang, text):
    """The lexicon had no fit or size complaint ('wąskie', 'za mała', 'runs small', 'narrow', 'маломерят') and no
    parcel that came after a week ('przyszła po tygodniu'): these had stayed praise (dogfood reviews)."""
    assert _read([(lang, text)]).loc[0, "kind"] == "pain_point"


@pytest.mark.parametrize("lang, text", [("en", "Premium went up 40% at renewal"), ("en", "I had to chase them three times"),
                                        ("pl", "Zamówienie wysłane DPD 25 maja, do dziś nie dotarło, status się nie "
                                               "zmienia od tygodnia. Proszę o zwrot pieniędzy")])
def test_a_premium_that_went_up_a_chased_company_and_a_parcel_that_never_came_complain(lang, text):
    """'Premium went up 40% at renewal' had been 'other' ('premium' no price word, 'went up' no rise), 'I had to chase
    them three times' 'other', the DPD parcel a question."""
    out = _read([(lang, text)])
    assert out.loc[0, "sentiment"] == "negative" and out.loc[0, "kind"] == "pain_point", out


@pytest.mark.parametrize("lang, text", [("en", "The wait was only five minutes"), ("ru", "Ждал всего пять минут"),
                                        ("pl", "Czekałam tylko pięć minut"), ("pl", "Paczka przyszła w tym tygodniu")])
def test_a_short_wait_is_no_complaint_phrase(lang, text):
    """'only' / 'всего' / 'tylko' before the length had not cancelled the wait: the lexicon read a complaint."""
    from pipeline.affect import text_evidence

    ev = text_evidence(text, lang)
    assert not ev.complains and ev.negative == 0


@pytest.mark.parametrize("lang, text", [("pl", "Najpiękniejsze wzory w internecie, mam wszystkie z kolekcji Las 💚💚"),
                                        ("pl", "Najładniejsze wzory, kocham tę kolekcję 💚🦔")])
def test_plain_clearly_positive_praise_is_praise(lang, text):
    """The head had read these 'other' (dogfood comments); 'najpiękniejsze' and 'najładniejsze' had been no positive
    words ('piękn*' and 'ładn*' do not reach them)."""
    assert _read([(lang, text)]).loc[0, "kind"] == "praise"


@pytest.mark.parametrize("lang, text", [("pl", "Najładniejsze wzory? Macie jeszcze kolekcję Las?"),
                                        ("pl", "Najładniejsze wzory, ale dodajcie większe rozmiary")])
def test_a_question_or_a_wish_beside_praise_is_no_plain_praise(lang, text):
    assert _read([(lang, text)]).loc[0, "kind"] != "praise"
