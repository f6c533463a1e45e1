"""Touchpoints (en/pl/ru, false-positive traps, user config) and drop-off signals."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.journey import (TOUCHPOINTS, detect_touchpoints, drop_off_phrases, is_drop_off, load_stage_model,
                              load_touchpoints, source_touchpoint)


@pytest.mark.parametrize("text, expected", [
    # en
    ("I ordered on your website and the courier left it at the wrong door.", ["website", "delivery"]),
    ("Called the hotline twice, then the live chat finally helped.", ["phone", "chat"]),
    ("Saw your ad on Instagram.", ["advertising", "social"]),
    ("I left a one-star review on Trustpilot.", ["review_sites"]),
    ("My friend recommended you at dinner.", ["word_of_mouth"]),
    ("Went to the showroom to sit on the sofa first.", ["store"]),
    ("The promo code didn't work at checkout.", ["checkout"]),
    # pl
    ("Zadzwoniłam na infolinię, a potem napisałam na czacie.", ["phone", "chat"]),
    ("Znalazłam to na waszej stronie, potem kurier przywiózł paczkę.", ["website", "delivery"]),
    ("Koleżanka poleciła mi wasz sklep.", ["word_of_mouth"]),
    ("Złożyłam reklamację przez aplikację.", ["app"]),  # reklamacja = complaint, not an advert
    ("Zaplacilam przez aplikacje i dostalam maila.", ["app", "email"]),  # typed without diacritics
    ("Montaż szafy z tą instrukcją to koszmar.", ["assembly"]),
    # ru
    ("Подруга посоветовала мне ваш магазин.", ["word_of_mouth"]),
    ("Друг посоветовал этот сервис.", ["word_of_mouth"]),
    ("Позвонила в поддержку, потом курьер привёз заказ.", ["phone", "delivery"]),
    ("Прочитала отзывы, а поддержка была отзывчивая.", ["review_sites"]),
    ("Увидела рекламу в инсте.", ["advertising", "social"]),
])
def test_touchpoints_in_three_languages(text, expected):
    assert detect_touchpoints(text) == expected


@pytest.mark.parametrize("text", [
    "The site of the accident was far away.",        # 'site'
    "I will post the letter tomorrow.",               # 'post'
    "I had to add my partner to the account.",        # 'ad'
    "We store our data in the EU.",                   # 'store'
    "The staff were friendly.",                       # 'friend'
    "Young driver insurance is expensive.",           # 'driver'
    "Z drugiej strony cena była ok.",                 # 'strona' = side
    "Другой магазин был дешевле, а подруга согласна.",  # 'друг' inside other words
    "Złożyłam reklamację i czekam.",                  # 'reklam' inside 'reklamacja'
    "Есть ли интеграция из коробки?",                 # 'коробка' in an idiom
    "Moim zdaniem to dobra opcja.",
])
def test_greedy_words_do_not_fire(text):
    assert detect_touchpoints(text) == []


def test_builtin_control_classes():
    assert TOUCHPOINTS["website"][1] == "owned"
    assert TOUCHPOINTS["review_sites"][1] == "partly"
    assert TOUCHPOINTS["word_of_mouth"][1] == "uncontrolled"
    assert {v[1] for v in TOUCHPOINTS.values()} == {"owned", "partly", "uncontrolled"}


def test_source_touchpoint():
    assert source_touchpoint("review", "google") == "review_sites"
    assert source_touchpoint("chat", "Facebook Messenger") == "social"
    assert source_touchpoint("chat", "mobile app") == "app"
    assert source_touchpoint("chat", "web") == "chat"
    assert source_touchpoint("interview", "interview") == ""


def test_user_touchpoint_file_adds_overrides_and_drops(tmp_path):
    p = tmp_path / "tp.toml"
    p.write_text("""drop = ["packaging"]
[[touchpoint]]
id = "marketplace"
name = "Marketplace"
control = "partly"
patterns = ['allegro', 'ozon']
[[touchpoint]]
id = "store"
control = "partly"
patterns = ['pop-?up']
""", encoding="utf-8")
    lex = load_touchpoints(p)
    assert "packaging" not in lex and "marketplace" in lex
    assert lex.detect("Kupiłam to na Allegro, a potem w pop-up na rynku") == ["store", "marketplace"]
    assert lex.control("store") == "partly" and lex.label("store") == "Store / branch / showroom"
    assert lex.detect("Went to the showroom") == ["store"]  # built-in patterns kept
    assert lex.label("marketplace") == "Marketplace" and lex.control("marketplace") == "partly"


def test_replace_starts_from_an_empty_list(tmp_path):
    p = tmp_path / "tp.toml"
    p.write_text("replace = true\n[[touchpoint]]\nid = 'kiosk'\ncontrol = 'owned'\npatterns = ['kiosk']\n", encoding="utf-8")
    lex = load_touchpoints(p)
    assert lex.ids == ["kiosk"]
    assert lex.detect("The courier used the kiosk") == ["kiosk"]


def test_stage_file_touchpoints_are_merged():
    model = load_stage_model("subscription")
    lex = load_touchpoints(None, model.touchpoints, model.source)
    assert lex.detect("The trainer at reception was great") == ["reception", "trainer"]
    assert load_touchpoints().detect("The trainer at reception was great") == []  # gym-specific, not built in
    assert lex.control("locker_room") == "owned"


@pytest.mark.parametrize("text, fragment", [
    ("[[touchpoint]]\nid = 'x'\ncontrol = 'mine'\npatterns = ['a']\n", "'control' of touchpoint 'x'"),
    ("[[touchpoint]]\nid = 'x'\npatterns = ['a']\n", "needs 'control'"),
    ("[[touchpoint]]\nid = 'x'\ncontrol = 'owned'\npatterns = ['(']\n", "not a valid regular expression"),
    ("[[touchpoint]]\nid = 'x'\ncontrol = 'owned'\nwords = ['a']\n", "Unknown key(s) ['words']"),
    ("[[touchpoint]]\nid = 'Bad Id'\ncontrol = 'owned'\npatterns = ['a']\n", "needs an 'id'"),
    ("drop = ['nothing']\n", "unknown touchpoint(s) ['nothing']"),
    ("colour = 1\n", "Unknown key(s) ['colour']"),
])
def test_bad_touchpoint_file(tmp_path, text, fragment):
    p = tmp_path / "tp.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_touchpoints(p)
    assert fragment in str(err.value) and str(p) in str(err.value)


def test_missing_touchpoint_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_touchpoints(tmp_path / "nope.toml")


@pytest.mark.parametrize("text", [
    "I gave up after the third try.", "Cancelled my subscription yesterday.", "We went with a competitor in the end.",
    "Zrezygnowałam z karnetu.", "Zrezygnowalam, bo za drogo.", "Nigdy więcej nie zamówię.", "Kupiłam gdzie indziej.",
    "Я передумал покупать.", "Больше не буду у них заказывать.", "Отменила заказ и купила в другом магазине.",
])
def test_drop_off_signals(text):
    assert is_drop_off(text), text
    assert drop_off_phrases(text)


@pytest.mark.parametrize("text", [
    "Coach never let me give up.", "I didn't give up.", "Nie zrezygnowałam, choć było ciężko.", "Я не передумал.",
    "I am quite happy with it.", "Sofa arrived on time.",
])
def test_not_drop_off(text):
    assert not is_drop_off(text), text


@pytest.mark.parametrize("text", [
    # considering cancelling / leaving / switching
    "no to słabo, w Zdroficie można. pomyślę o rezygnacji",
    "Myślę o zmianie klubu",
    "Zastanawiam się nad rezygnacją z karnetu.",
    "I'm thinking of cancelling my membership.",
    "Seriously considering switching gyms.",
    "Думаю уйти из этого клуба.",
    "Подумываю о расторжении договора.",
    "Думаю сменить банк.",
    # handing in notice
    "Już składam wypowiedzenie.",
    "Wypowiedziałam umowę w marcu.",
    "Подала заявление на расторжение.",
    "I'm handing in my notice.",
    "I've sent my cancellation.",
    "Cancelled my Plus membership.",
    # going to a competitor
    "No to kupię w Zdroficie, tam działa",
    "Następne meble raczej kupię gdzie indziej.",
    "If my renewal comes up and nothing changes, I'll probably go there.",
    "If they don't fix it, I'll go elsewhere.",
    "Пойду в другой клуб.",
    "Перейду к конкурентам.",
])
def test_drop_off_leaving_notice_and_competitor(text):
    assert is_drop_off(text), text
    assert drop_off_phrases(text)


@pytest.mark.parametrize("text", [
    "Думала… Я пока осталась из-за бассейна.",          # she stayed
    "Думала уйти… Я пока осталась из-за бассейна.",
    "Думала бросить… Я пока осталась из-за бассейна.",  # 'думала бросить' is cancelled by staying
    "Хотел уйти, но передумал: я остался с вами.",
    "Thought about cancelling, but I stayed because of the pool.",
    "Wypowiedziałam się na forum o nowym grafiku.",      # 'wypowiedzieć się' = to give an opinion
    "A jak wygląda wypowiedzenie umowy na 12 miesięcy?",  # a question before buying
    "Jak będzie promocja, to kupię w sklepie stacjonarnym.",
    "Thinking of leaving a review for the new coach.",
    "Thinking of switching to the annual plan.",
    "If the app doesn't open, I'll go to the reception.",
    "Nie myślę o rezygnacji, jest super.",
    "Я не думаю уходить.",
])
def test_not_drop_off_staying_and_lookalikes(text):
    assert not is_drop_off(text), text


def test_staying_before_the_signal_does_not_cancel_it():
    assert is_drop_off("Я пока осталась из-за бассейна, но думаю уйти.")
    assert is_drop_off("Ушла к конкурентам и осталась довольна.")
    assert is_drop_off("Ушла от них, но остался неприятный осадок.")  # 'остался' of the aftertaste, not of the customer
    assert not is_drop_off("Myślałam o rezygnacji, ale jednak zostałam.")


@pytest.mark.parametrize("text, expected", [
    ("If they don't fix it, I'll go elsewhere.", True),  # the negation is in another clause
    ("Nie działało. Zrezygnowałam.", True),
    ("Nie, zrezygnowałam.", True),
    ("I won’t cancel my membership.", False),            # typographic apostrophe
    ("Nie chcę wypowiedzieć umowy.", False),
])
def test_negation_only_counts_in_the_same_clause(text, expected):
    assert is_drop_off(text) is expected, text


@pytest.mark.parametrize("text", [
    "The changing room is packed.",
    "The gym was packed with people.",
    "It's always packed at 6pm.",
    "The studio was so packed I couldn't find a mat.",
])
def test_packed_as_crowded_is_not_packaging(text):
    assert "packaging" not in detect_touchpoints(text), text


@pytest.mark.parametrize("text", [
    "Delivered to Vilnius in a week, well packed.",
    "The table arrived badly packed.",
    "It came poorly packed and scratched.",
    "Everything was packed in bubble wrap.",
    "Packed with foam corners, nothing broke.",
    "Whoever packed it did a great job.",
    "They packed them properly this time.",
])
def test_packed_as_wrapping_is_packaging(text):
    assert "packaging" in detect_touchpoints(text), text
