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
    assert source_touchpoint("chat", "Facebook Messenger") == "chat"      # a messenger's conversation is the chat
    assert source_touchpoint("chat", "mobile app") == "app"
    assert source_touchpoint("chat", "mobile") == source_touchpoint("chat", "android") == "app"   # a helpdesk's via.channel
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


# ---- SaaS drop-offs: switching to a named competitor, closing the account, "we'll pass" -------------------------------
@pytest.mark.parametrize("text, phrase", [
    ("Przechodzę do wFirmy", "Przechodzę do wFirmy"),
    ("Хочу отменить подписку. Перехожу в inFakt", "Перехожу в inFakt"),
    ("Switched to Fakturownia", "Switched to Fakturownia"),
    ("proszę o zamknięcie konta", "proszę o zamknięcie kont"),
    ("We're moving to wFirma", "moving to wFirma"),
    ("We'll pass for now", "We'll pass for now"),
    ("Przeszliśmy na Fakturownię w marcu.", "Przeszliśmy na Fakturownię"),
    ("Przenosimy się do iFirmy od stycznia.", "Przenosimy się do iFirmy"),
    ("Перешли в Контур, там дешевле.", "Перешли в Контур"),
    ("Перехожу на Тинькофф.", "Перехожу на Тинькофф"),
    ("Switching to QuickBooks next month.", "Switching to QuickBooks"),
    ("We decided to switch to Xero.", "We decided to switch to Xero"),
    ("We moved our invoicing to Xero.", "moved our invoicing to Xero"),
    ("We're moving to Xero instead.", "moving to Xero instead"),
    ("Please close my account.", "close my account"),
    ("Please delete my account and all my data.", "delete my account"),
    ("Закройте мой аккаунт, пожалуйста.", "Закройте мой аккаунт"),
    ("Прошу удалить мой аккаунт.", "Прошу удалить мой аккаунт"),
    ("Не могли бы вы удалить мой аккаунт?", "удалить мой аккаунт"),  # a polite request, not a hypothetical
    ("Chcę usunąć moje konto.", "Chcę usunąć moje konto"),
    ("I'll pass, thanks.", "I'll pass"),
    ("We'll pass on this one.", "We'll pass on this one"),
    ("Na razie podziękujemy.", "Na razie podziękujemy"),
    ("Пока откажемся.", "Пока откажемся"),
])
def test_saas_drop_offs_switching_closing_and_passing(text, phrase):
    assert phrase in drop_off_phrases(text), (text, drop_off_phrases(text))


def test_cancelling_the_subscription_in_russian_is_a_drop_off():
    assert drop_off_phrases("Хочу отменить подписку. Перехожу в inFakt") == ["Хочу отменить подписк", "Перехожу в inFakt"]
    assert is_drop_off("Хотела бы отменить подписку.")  # a wish, not a hypothetical


@pytest.mark.parametrize("text", [
    "Switched to the annual plan last week.",
    "Switched to Pro plan, works fine.",
    "Switched to English and the invoices look right.",
    "Switched to Android last year, the app works the same.",
    "We're moving to Warsaw next month.",
    "We moved to Berlin and the app still works.",
    "Когда переехал в Польшу, не знал, что нужен OC.",
    "Przechodzę do rzeczy: faktura się nie wysyła.",
    "Przechodzę do Ustawień > Konto i nic tam nie ma.",
    "Przechodzę do Pana pytania o KSeF.",
    "Przechodzimy na KSeF od lutego.",
    "Перехожу в Настройки → Реквизиты, а там пусто.",
    "Перехожу на Про тариф.",
    "Перешла на Windows 11, программа работает.",
    "Перешли на годовой тариф.",
    "You should switch to Admin view first.",
    "I'm not switching to Xero, don't worry.",
    "Nie przechodzę do wFirmy, zostaję.",
    "I'll pass it to my accountant.",
    "I'll pass the message on to the team.",
    "Please remove my account manager from the thread.",
    "How do I close my account settings page?",
    "Usunęłam fakturę i wystawiłam nową.",
    "Как удалить аккаунт сотрудника?",
])
def test_saas_lookalikes_are_not_drop_offs(text):
    assert not is_drop_off(text), (text, drop_off_phrases(text))


@pytest.mark.parametrize("text, expected", [
    # "ушла/ушли" of a thing is a payment or an invoice going through
    ("Не знаю, ушла фактура или нет", False),
    ("…ушла фактура или нет", False),
    ("Оплатил ОСАГО через сайт, деньги ушли, а полиса нет.", False),
    ("Каждый раз непонятно, ушли деньги или нет.", False),
    ("Боюсь, что деньги уйдут куда-нибудь не туда.", False),  # 'уйду' only of the speaker
    ("Платёж ушёл, а заказ не оформлен.", False),
    ("Я ушла в отпуск, а счёт так и не выставили.", False),
    ("Я не ушла, осталась.", False),
    # a person leaving
    ("Мы от них в итоге ушли, переехали в облако.", True),
    ("Нет, ушла к конкурентам.", True),
    ("Я ушла от вас к другому мастеру.", True),
    ("Ушли в другой банк.", True),
    ("Я ушёл, ничего не купив.", True),
    ("Уйду, если опять поднимут цену.", True),
])
def test_russian_leaving_needs_a_person(text, expected):
    assert is_drop_off(text) is expected, (text, drop_off_phrases(text))


@pytest.mark.parametrize("text, expected", [
    # a hypothetical cancels the signal
    ("Gdybym nie był programistą, to bym się poddał", False),
    ("Gdyby nie support, dawno bym zrezygnowała.", False),
    ("Zrezygnowałabym, ale mam umowę na rok.", False),
    ("Poddałbym się, gdyby nie wasz konsultant.", False),
    ("Если бы не скидка, я бы давно ушла.", False),
    ("Если бы не вы, ушла бы давно.", False),
    ("I would have given up without the chat.", False),
    ("I'd have quit after a week if not for the onboarding call.", False),
    # a wish or a request stays a drop-off
    ("Chciałabym zrezygnować z subskrypcji.", True),
    ("Chciałbym anulować moje konto i subskrypcję, zrezygnowałem.", True),
    ("I would like to close my account.", True),
    # an emphatic "never" is not a hypothetical
    ("Nigdy więcej bym tam nie zamówiła.", True),
    ("I would never go back, never again.", True),
    # the conditional in another clause does not count
    ("Gdybym wiedziała wcześniej, nie kupiłabym. Zrezygnowałam.", True),
    ("Poddałam się.", True),
])
def test_conditional_hypotheticals_cancel_the_signal(text, expected):
    assert is_drop_off(text) is expected, (text, drop_off_phrases(text))


# ---- stage files dropping built-in touchpoints --------------------------------------------------------------------------
def _template_lexicon(name):
    model = load_stage_model(name)
    return load_touchpoints(None, model.touchpoints, model.source, model.drop_touchpoints)


def test_saas_template_has_no_furniture_touchpoints():
    lex = _template_lexicon("saas")
    for tid in ("assembly", "packaging", "delivery", "store"):
        assert tid not in lex, tid
    assert "checkout" in lex and "app" in lex
    # the built-in lexicon reads these as assembly; in an invoicing app they are the docs and video editors
    assert "assembly" in detect_touchpoints("Gdzie jest instrukcja wystawiania faktury korygującej?")
    assert "assembly" in detect_touchpoints("Zatrudniamy montażystów i wystawiamy im faktury.")
    assert lex.detect("Gdzie jest instrukcja wystawiania faktury korygującej?") == ["help_center"]
    assert lex.detect("Zatrudniamy montażystów i wystawiamy im faktury.") == []
    assert "delivery" not in lex.detect("Faktura poszła do klienta, a przesyłka z dokumentami?")


@pytest.mark.parametrize("text", [
    "Couldn't find it in the help centre.", "Your docs are outdated.", "The help article about VAT is wrong.",
    "Searched the knowledge base first.", "Checked the FAQ, nothing there.", "The help center search is useless.",
    "Nie ma tego w centrum pomocy.", "Szukałam w bazie wiedzy.", "Artykuł pomocy o KSeF jest nieaktualny.",
    "В справке ничего нет.", "В базе знаний нет ответа.",
])
def test_saas_help_centre_is_a_touchpoint(text):
    lex = _template_lexicon("saas")
    assert "help_center" in lex.detect(text), text
    assert lex.control("help_center") == "owned"


def test_b2b_keeps_delivery_and_installation_but_not_packaging():
    lex = _template_lexicon("b2b")
    assert "packaging" not in lex
    assert lex.detect("Montaż linii na miejscu trwał dwa dni, kurier przywiózł części na czas.") == ["delivery", "assembly"]
    assert "packaging" not in lex.detect("The crates arrived, packaging was damaged.")


def test_subscription_drops_packaging_and_assembly():
    lex = _template_lexicon("subscription")
    assert "packaging" not in lex and "assembly" not in lex
    assert "delivery" in lex  # meal-kit subscriptions are delivered


def test_default_and_ecommerce_keep_every_builtin_touchpoint():
    for name in ("default", "ecommerce"):
        assert load_stage_model(name).drop_touchpoints == []
        assert {"assembly", "packaging", "delivery", "store"} <= set(_template_lexicon(name).ids)


def test_stage_drop_then_redefine_and_user_file_drop_the_same_id(tmp_path):
    p = tmp_path / "tp.toml"
    p.write_text('drop = ["packaging"]\n', encoding="utf-8")
    # the user's file and the stage file may both drop the same id
    lex = load_touchpoints(p, [], "stages.toml", ["packaging", "assembly"])
    assert "packaging" not in lex and "assembly" not in lex and "delivery" in lex
    # an id dropped by the stage file may be defined anew by its own tables
    table = {"id": "assembly", "name": "Installation", "control": "owned", "patterns": ["commissioning"]}
    lex = load_touchpoints(None, [table], "stages.toml", ["assembly"])
    assert lex.detect("Commissioning took a week") == ["assembly"] and lex.label("assembly") == "Installation"
    assert lex.detect("The instructions were unclear") == []  # built-in patterns gone


@pytest.mark.parametrize("drop, fragment", [
    (["assembly", "montage"], "unknown touchpoint(s) ['montage']"),
    ("assembly", "must be a list of touchpoint ids"),
    ([1], "must be a list of touchpoint ids"),
])
def test_bad_stage_drop_is_a_clear_error(drop, fragment):
    with pytest.raises(ConfigError) as err:
        load_touchpoints(None, [], "my_stages.toml", drop)
    assert fragment in str(err.value) and "my_stages.toml" in str(err.value)
