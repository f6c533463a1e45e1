"""Theme naming: key phrases from lemmas (pl/ru intact), labels with glosses, representative quotes."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.themes import key_phrases, name_theme, representatives, short_label
from pipeline.themes._naming import without_pleasantries


def test_key_phrases_lemmatise_polish_and_keep_diacritics():
    themes = {
        0: [("Kurier nie zadzwonił przed dostawą", "pl"), ("Kurierzy nigdy nie dzwonią przed dostawą", "pl"),
            ("Dostawa bez telefonu od kuriera", "pl")],
        1: [("Zwrot pieniędzy trwa miesiąc", "pl"), ("Czekam na zwrot pieniędzy od miesiąca", "pl"),
            ("Zwrot pieniędzy to koszmar", "pl"), ("Gdzie jest mój zwrot?", "pl")],
    }
    out = key_phrases(themes, top=3)
    assert "kurier" in out[0] and "dostawa" in out[0]  # "kurierzy", "kuriera" -> one lemma
    # bigrams are shown as people write them, with diacritics, not as a lemma pair ("zwrot pieniądz")
    assert out[1][0] == "zwrot pieniędzy"


def test_key_phrases_russian_cyrillic_intact():
    themes = {
        0: [("Возврат денег идёт месяц", "ru"), ("Жду возврат денег уже месяц", "ru"), ("Где возврат денег?", "ru")],
        1: [("Курьер не позвонил", "ru"), ("Курьеры никогда не звонят", "ru"), ("Курьер опоздал", "ru")],
    }
    out = key_phrases(themes, top=2)
    assert out[0][0] == "возврат денег"
    assert out[1][0] == "курьер"


def test_key_phrases_prefer_the_main_language():
    themes = {0: [("Kurier się spóźnił", "pl"), ("Kurier znowu się spóźnił", "pl"), ("The courier was late", "en"),
                  ("Courier late again", "en")],
              1: [("Aplikacja się zawiesza", "pl"), ("App keeps crashing", "en"), ("Aplikacja nie działa", "pl")]}
    out = key_phrases(themes, top=1, main_lang="pl")
    assert out[0] == ["kurier"]


def test_short_label_prefers_first_sentence_and_cuts_at_words():
    assert short_label("Kurier nie zadzwonił przed dostawą. Paczka leżała pod drzwiami cały dzień.", 50) == \
        "Kurier nie zadzwonił przed dostawą."
    lab = short_label("word " * 40, 30)
    assert len(lab) <= 31 and lab.endswith("…") and not lab.endswith(" …")
    assert short_label("  short   text ") == "short text"


def test_representatives_are_central_and_from_different_documents():
    rng = np.random.default_rng(0)
    centre = rng.standard_normal(16)
    V = centre + 0.1 * rng.standard_normal((8, 16))
    V[7] = rng.standard_normal(16)  # far from the centre
    docs = ["d1", "d1", "d1", "d2", "d3", "d4", "d5", "d6"]
    reps = representatives(np.arange(8), V, docs, k=5)
    assert len(reps) == 5
    assert len({docs[i] for i in reps}) == 5
    assert 7 not in reps


def test_representatives_fill_up_when_documents_run_out():
    V = np.eye(4)[[0, 0, 0, 1]] + 0.01
    reps = representatives(np.arange(4), V, ["a", "a", "a", "a"], k=3)
    assert len(reps) == 3 and len(set(reps)) == 3


def test_name_theme_label_in_main_language_with_english_gloss():
    texts = ["Kurier się spóźnił o trzy godziny", "Kurier znowu spóźniony", "The courier was three hours late",
             "Kurier przyjechał za późno", "Курьер опоздал"]
    langs = ["pl", "pl", "en", "pl", "ru"]
    rng = np.random.default_rng(1)
    V = np.ones((5, 8)) + 0.05 * rng.standard_normal((5, 8))
    docs = ["a", "b", "c", "d", "e"]
    named = name_theme(np.arange(5), texts, langs, V, docs, main_lang="pl", quotes=4)
    assert named["label_lang"] == "pl"
    assert named["label"] in texts and langs[texts.index(named["label"])] == "pl"
    assert named["gloss_en"] == "The courier was three hours late"
    assert len(named["quotes"]) == 4 and len({docs[i] for i in named["quotes"]}) == 4


def test_name_theme_english_label_has_no_gloss():
    texts = ["The app crashes at checkout", "App crashed when paying"]
    named = name_theme(np.arange(2), texts, ["en", "en"], np.eye(2) + 1, ["a", "b"], main_lang="en")
    assert named["gloss_en"] == ""
    assert named["label"] in texts


def test_english_quote_says_something_or_is_left_out():
    # "oops sorry. SOF-2026-114032" was shown as the EN quote of a theme about showroom locations
    texts = ["szkoda że tylko w Warszawie, z Gdańska daleko", "Showroom tylko w Warszawie?", "oops sorry. SOF-2026-114032",
             "Is there a showroom outside Warsaw?"]
    langs = ["pl", "pl", "en", "en"]
    V = np.array([[1.0, 0.0], [0.9, 0.1], [1.0, 0.02], [0.7, 0.3]])  # the order-number turn is the most central English one
    named = name_theme(np.arange(4), texts, langs, V, ["a", "b", "c", "d"], main_lang="pl")
    assert named["label_lang"] == "pl" and named["gloss_en"] == "Is there a showroom outside Warsaw?"
    alone = name_theme(np.arange(3), texts[:3], langs[:3], V[:3], ["a", "b", "c"], main_lang="pl")
    assert alone["gloss_en"] == ""


def test_name_theme_label_avoids_placeholders_and_order_numbers():
    texts = ["SOF-2026-109215. Zamówienie jest na nazwisko [PERSON], telefon [PHONE].",
             "Mój numer to 48601234567, proszę oddzwonić w sprawie dostawy",
             "Kiedy przyjdzie moja sofa? Minęło już siedem tygodni.",
             "Gdzie jest moje zamówienie, czekam od miesiąca"]
    # the first two are the most central (the other two pull the centroid their way only a little)
    V = np.array([[1.0, 0.1], [1.0, 0.1], [0.8, 0.6], [0.6, -0.8]])
    named = name_theme(np.arange(4), texts, ["pl"] * 4, V, ["a", "b", "c", "d"], main_lang="pl")
    # the label names the word two quotes share ("zamówienie"); "SOF-2026-109215" is no "sofa" to share
    assert named["label"] == "Gdzie jest moje zamówienie, czekam od miesiąca"
    assert set(named["quotes"][:2]) == {0, 1}  # the quotes keep the central order; only the label is picky


def test_a_theme_whose_main_language_says_only_a_number_is_named_in_another_language():
    # a theme of English complaints whose one Polish member is a phone number, or a contract number:
    # "do mnie [PHONE] jakby ktoś chciał pogadać" and "umowa 2026/WR/1187" had named their themes
    texts = ["Tel. do mnie [PHONE] jakby ktoś chciał pogadać",
             "Hotline in English please. Nobody could help me with a double charge",
             "Nobody at the hotline speaks English and I was charged twice"]
    V = np.array([[1.0, 0.0], [0.9, 0.3], [0.9, -0.3]])
    named = name_theme(np.arange(3), texts, ["pl", "en", "en"], V, ["a", "b", "c"], main_lang="pl")
    assert named["label_lang"] == "en" and "[PHONE]" not in named["label"]
    texts[0] = "umowa 2026/WR/1187, wypowiedzenie 3 lipca"
    named = name_theme(np.arange(3), texts, ["pl", "en", "en"], V, ["a", "b", "c"], main_lang="pl")
    assert named["label_lang"] == "en" and "1187" not in named["label"]
    # a clean Polish member still names it
    texts[0] = "Infolinia tylko po polsku, a pobrali dwa razy"
    assert name_theme(np.arange(3), texts, ["pl", "en", "en"], V, ["a", "b", "c"], main_lang="pl")["label_lang"] == "pl"


def test_a_complaint_that_opens_with_praise_does_not_name_a_pain_point_by_it():
    from pipeline.detect._rules import not_upbeat

    texts = ["Great accountant chat, honestly the best I've seen. But the app crashes on every receipt photo.",
             "The app crashes when I add a receipt photo.",
             "Crashes again on the receipt photo, I give up."]
    V = np.array([[1.0, 0.0], [0.9, 0.3], [0.9, -0.3]])   # the praise-first review is the most central
    plain = name_theme(np.arange(3), texts, ["en"] * 3, V, ["a", "b", "c"], main_lang="en")
    assert plain["label"].startswith("Great accountant chat")
    named = name_theme(np.arange(3), texts, ["en"] * 3, V, ["a", "b", "c"], main_lang="en", reads_right=not_upbeat)
    assert "crashes" in named["label"].lower() and not named["label"].startswith("Great")
    assert named["quotes"][0] == 0   # the evidence keeps its central order


def test_key_phrases_skip_order_numbers_and_do_not_join_words_across_punctuation():
    texts = {0: [("SOF-2026-102875 nadal nie doszło", "pl"), ("SOF-2026-103388, nadal czekam", "pl")],
             1: [("Я увидела у клиентки, она сидела на диване", "ru"), ("У клиентки, она сидела на диване", "ru")]}
    phrases = key_phrases(texts, top=5)
    assert "sofa" not in phrases[0] and "sof" not in phrases[0]    # the order numbers' prefix is no word
    assert "клиентки она сидела" not in phrases[1] and "сидела на диване" in phrases[1]


def test_question_theme_label_is_a_question():
    from pipeline.detect import is_question

    texts = ["wyślę. tkanina to Bella szenil, pytałam w sklepie",
             "Mamy kota, który drapie wszystko, a chcemy kupić nową sofę do salonu. Czy tkanina Bella szenil jest odporna na pazury?",
             "tkanina Bella szenil, odporna na pazury"]
    V = np.array([[1.0, 0.0], [0.9, 0.3], [0.8, -0.5]])  # the first is the most central
    named = name_theme(np.arange(3), texts, ["pl"] * 3, V, ["a", "b", "c"], main_lang="pl", prefer=is_question)
    assert named["label"] == "Czy tkanina Bella szenil jest odporna na pazury?"  # its question sentence
    plain = name_theme(np.arange(3), texts, ["pl"] * 3, V, ["a", "b", "c"], main_lang="pl")
    assert plain["label"] == "tkanina to Bella szenil, pytałam w sklepie"  # the most central, one-word opener dropped


def test_label_names_what_the_theme_shares_not_a_filler():
    texts = ["O, i tu jest historia. Chciałem wziąć na raty, ale wypełniłem wszystko i po dziesięciu minutach odmowa bez powodu.",
             "Wniosek o raty RatyPlus odrzucony bez podania przyczyny.",
             "RatyPlus odrzucił mój wniosek dwa razy, zapłaciłam BLIK-iem.",
             "Raty odrzucone, wniosek bez odpowiedzi."]
    V = np.array([[1.0, 0.0], [0.9, 0.3], [0.9, -0.3], [0.7, 0.5]])  # the filler story is the most central
    named = name_theme(np.arange(4), texts, ["pl"] * 4, V, ["a", "b", "c", "d"], main_lang="pl")
    assert named["label"] != "O, i tu jest historia."
    assert "raty" in named["label"].lower() or "wniosek" in named["label"].lower()
    assert named["quotes"][0] == 0  # the quotes keep the central order


def test_label_drops_a_one_word_opener():
    texts = ["Dokładnie. Ja czekam na odpowiedź na maila od dwóch tygodni.", "Na maila nikt nie odpowiada od tygodnia."]
    named = name_theme(np.arange(2), texts, ["pl"] * 2, np.array([[1.0, 0.0], [0.8, 0.6]]), ["a", "b"], main_lang="pl")
    assert named["label"] == "Ja czekam na odpowiedź na maila od dwóch tygodni."


def test_a_label_leaves_out_the_greeting_and_the_thanks_but_the_quote_keeps_them():
    from pipeline.detect import is_question

    texts = ["Dzień dobry, jak zmienić adres e-mail w koncie? Dzięki!", "Jak zmienić e-mail przypisany do konta?",
             "Mam też pytanie: jak zmienić adres e-mail?"]
    V = np.array([[1.0, 0.0], [0.9, 0.3], [0.8, -0.5]])  # the greeted one is the most central
    named = name_theme(np.arange(3), texts, ["pl"] * 3, V, ["a", "b", "c"], main_lang="pl", prefer=is_question)
    assert named["label"] == "Jak zmienić adres e-mail w koncie?"
    assert texts[named["quotes"][0]].startswith("Dzień dobry,")  # evidence stays word for word
    gloss = name_theme(np.arange(2), ["Hi! Where is my order? Thanks", "Hello, where is my order?"], ["en"] * 2,
                       V[:2], ["a", "b"], main_lang="en", prefer=is_question)
    assert gloss["label"] == "Where is my order?"


def test_off_topic_main_language_member_does_not_name_the_theme():
    # 19 Russian / English "is anyone there?" turns and one Polish member at the theme's edge
    texts = ["живой человек есть??", "hello?? anyone there?"] * 9 + ["есть кто живой?", "a zapach? trochę czuć"]
    langs = ["ru", "en"] * 9 + ["ru", "pl"]
    rng = np.random.default_rng(0)
    V = np.ones((20, 4)) + 0.05 * rng.standard_normal((20, 4))
    V[19] = [1.0, -1.0, 0.5, 0.0]  # the least central
    named = name_theme(np.arange(20), texts, langs, V, [str(i) for i in range(20)], main_lang="pl")
    assert named["label_lang"] != "pl" and "zapach" not in named["label"]


def test_question_label_is_the_question_that_names_the_topic():
    from pipeline.detect import is_question

    texts = ["uff ok. a nie pobierze drugi raz?",
             "Białe mogą być. Czy kod rabatowy działa w aplikacji?",
             "nie widzę kodu rabatowego w aplikacji",
             "gdzie wpisać kod rabatowy w aplikacji?"]
    V = np.array([[1.0, 0.0], [0.95, 0.2], [0.9, -0.3], [0.7, 0.6]])  # the off-topic question is the most central
    named = name_theme(np.arange(4), texts, ["pl"] * 4, V, ["a", "b", "c", "d"], main_lang="pl", prefer=is_question)
    assert named["label"] == "Czy kod rabatowy działa w aplikacji?"


def test_pain_point_theme_is_not_named_by_a_five_star_or_upbeat_quote():
    from pipeline.stages.cluster import tone_mismatch

    texts = ["Raty bez problemu. Wniosek RatyPlus przeszedł w 5 minut.",      # a 5-star review in the theme
             "Raty odrzucone bez słowa, wniosek RatyPlus bez uzasadnienia.",
             "RatyPlus odrzucił mój wniosek o raty, nikt nie wie dlaczego.",
             "Wniosek o raty RatyPlus odrzucony po 10 minutach."]
    V = np.array([[1.0, 0.0], [0.9, 0.3], [0.8, -0.5], [0.7, 0.6]])
    plain = name_theme(np.arange(4), texts, ["pl"] * 4, V, list("abcd"), main_lang="pl")
    assert plain["label"].startswith("Raty bez problemu")          # the most central quote
    off = tone_mismatch("pain_point", np.array([0.03, -0.7, -0.6, -0.5]), np.array([1.0, 0.0, 0.25, np.nan]))
    assert off.tolist() == [True, False, False, False]
    named = name_theme(np.arange(4), texts, ["pl"] * 4, V, list("abcd"), main_lang="pl",
                       avoid=frozenset(np.flatnonzero(off).tolist()))
    assert named["label"].startswith("Raty odrzucone bez słowa")
    # it stays a member and a quote, after the quotes in the theme's tone: it is not the evidence shown first
    assert plain["quotes"][0] == 0 and named["quotes"] == [i for i in plain["quotes"] if i != 0] + [0]
    # when every candidate is to be avoided, the label is still the most central and its quote keeps its place
    cornered = name_theme(np.arange(4), texts, ["pl"] * 4, V, list("abcd"), main_lang="pl", avoid=frozenset(range(4)))
    assert cornered["label"] == plain["label"] and cornered["quotes"][0] == 0
    # praise mirrors it; questions and requests have no tone rule
    praise = tone_mismatch("praise", np.array([0.8, -0.7, 0.1]), np.array([np.nan, np.nan, 0.0]))
    assert praise.tolist() == [False, True, True]
    assert not tone_mismatch("question", np.array([0.9, -0.9])).any()


def test_praise_theme_is_named_by_a_quote_in_its_tone_before_one_that_leans_negative():
    """Found in the sample: "Zamówiłam próbki 2 tygodnie temu i nadal nie doszły 😩" (sentiment -0.21,
    not negative enough to be off tone) named a praise theme of seven happy quotes. A quote whose words do not
    complain leans by its sentiment alone; one whose words complain does not name it, whatever its sentiment."""
    import pandas as pd

    from pipeline.config import load_config
    from pipeline.stages.cluster import build_themes

    rng = np.random.default_rng(0)
    happy = ["Próbki przyszły po trzech dniach, ładnie zapakowane", "Zamówiłam próbki i od razu wybrałam kolor",
             "Próbki tkanin bardzo pomogły, polecam", "Darmowe próbki to świetny pomysł, dziękuję",
             "Próbki doszły szybko, kolor zgodny", "Super, że można zamówić próbki za darmo",
             "Dzięki próbkom trafiliśmy z kolorem"]
    other = [f"Montaż ekipy {w}, szybko i czysto, polecam" for w in
             ("super", "świetny", "ekstra", "bez zarzutu", "profesjonalny", "sprawny", "wzorowy")]
    texts = ["Zamówiłam próbki 2 tygodnie temu, doszły dziś rano"] + happy + other
    c0, c1 = np.eye(16)[0], np.eye(16)[1]
    V = np.vstack([c0] + [c0 + 0.15 * rng.standard_normal(16) for _ in happy]
                  + [c1 + 0.15 * rng.standard_normal(16) for _ in other])  # the lean-negative quote is the centre
    V = (V / np.linalg.norm(V, axis=1, keepdims=True)).astype(np.float32)
    n = len(texts)

    def label(score0: float, first: str = texts[0]) -> str:
        table = pd.DataFrame({"segment_id": [f"s{i}" for i in range(n)], "doc_id": [f"d{i}" for i in range(n)],
                              "text": [first] + texts[1:], "lang": "pl", "kind": "praise",
                              "sentiment_score": [score0] + [0.7] * (n - 1)})
        cfg = load_config(overrides={"cluster": {"max_themes": 2, "subthemes": False, "min_cluster_size": 3}}).cluster
        found = build_themes(table, V, ["praise"], cfg, seed=0)
        return found.table.loc[found.table["theme_id"] == found.ids[0], "label"].item()

    assert label(0.2) == texts[0]           # in tone: the most central names it
    assert label(-0.21) in happy            # leaning negative: a happy one does
    assert label(0.2, "Zamówiłam próbki 2 tygodnie temu i nadal nie doszły 😩") in happy   # its words complain


def test_english_quote_of_a_question_theme_is_a_question_in_the_theme_tone():
    """The EN quote beside a Polish FAQ entry is chosen like the label: a question first, then the
    most central English quote ("Pilling after 3 months." stood beside "Jak to czyścić?")."""
    from pipeline.detect import is_question

    texts = ["Jak to czyścić?", "jak wyczyścić plamę z tkaniny?", "czym czyścić sofę?",
             "Pilling after 3 months.",                                                   # most central English
             "No cleaning instructions came with it either - how are you supposed to care for it?"]
    langs = ["pl", "pl", "pl", "en", "en"]
    V = np.array([[1.0, 0.0], [0.95, 0.3], [0.9, -0.4], [0.98, 0.1], [0.7, 0.7]])
    named = name_theme(np.arange(5), texts, langs, V, list("abcde"), main_lang="pl", prefer=is_question)
    assert named["label"] == "Jak to czyścić?"
    assert named["gloss_en"].startswith("No cleaning instructions came with it either")
    plain = name_theme(np.arange(5), texts, langs, V, list("abcde"), main_lang="pl")
    assert plain["gloss_en"] == "Pilling after 3 months."                 # no preference: the most central
    toned = name_theme(np.arange(5), texts, langs, V, list("abcde"), main_lang="pl", leaning=frozenset({3}))
    assert toned["gloss_en"].startswith("No cleaning instructions")      # a quote that leans off tone comes later


@pytest.mark.parametrize("label, shown", [
    ("алло здравствуйте при загрузке документов приложение вылетает", "При загрузке документов приложение вылетает"),
    ("да здравствуйте не приходит смс код для подтверждения перевода", "Не приходит смс код для подтверждения перевода"),
    ("добрый день Третий раз пытаюсь отправить деньги в Польшу", "Третий раз пытаюсь отправить деньги в Польшу"),
    ("алло Перевод маме в Алматы отклонён", "Перевод маме в Алматы отклонён"),
    ("Halo, dzień dobry, karta nie działa", "Karta nie działa"), ("hi i can't log in since monday", "I can't log in since monday"),
    ("Hello Kitty pajamas are sold out", "Hello Kitty pajamas are sold out")])
def test_a_label_leaves_out_a_spoken_greeting_without_its_comma(label, shown):
    """A transcribed call has no comma after its greeting: 8 of 49 labels of a money-transfer app's calls opened with
    'алло здравствуйте', 'да здравствуйте' or 'добрый день'."""
    assert without_pleasantries(label) == shown


def test_a_theme_of_replies_that_name_nothing_is_named_by_a_member_that_says_what_is_wrong():
    """A money-transfer app's theme of 'не помогло' replies had been labelled 'не помогло'."""
    texts = ["не помогло", "не помогло", "It has been a week and nothing has changed, this is unacceptable.",
             "Minęło już pięć dni i nadal nie dostałam żadnej odpowiedzi w tej sprawie."]
    V = np.array([[1.0, 0.0], [0.99, 0.1], [0.9, 0.3], [0.8, 0.5]])
    named = name_theme(np.arange(4), texts, ["ru", "ru", "en", "pl"], V, ["a", "b", "c", "d"], main_lang="ru")
    assert named["label"] == "It has been a week and nothing has changed, this is unacceptable."


def test_an_e_mails_subject_before_its_greeting_is_no_label():
    """'Problem with my account.' (the subject, then 'Hello, …') had been the English quote of two themes."""
    texts = ["Перевод висит в обработке уже третий день, деньги списали", "перевод завис, деньги списали, а не дошли",
             "Problem with my account. Hello, My transfer to Poland has been stuck in processing for four days and the "
             "money is gone from my card. My account e-mail is [EMAIL].",
             "Ошибка перевода. Здравствуйте! Перевод в Польшу не проходит уже неделю."]
    V = np.array([[1.0, 0.0], [0.99, 0.1], [0.9, 0.3], [0.95, 0.2]])
    named = name_theme(np.arange(4), texts, ["ru", "ru", "en", "ru"], V, ["a", "b", "c", "d"], main_lang="ru")
    assert named["gloss_en"].startswith("My transfer to Poland has been stuck in processing")
    assert without_pleasantries(named["label"]) == named["label"]
    alone = name_theme(np.array([3]), texts, ["ru"] * 4, V, ["a", "b", "c", "d"], main_lang="ru")
    assert alone["label"] == "Перевод в Польшу не проходит уже неделю."
    # a connector is no greeting: what comes before it stays
    assert name_theme(np.array([0]), ["The sofa arrived broken. By the way, where is my invoice?"], ["en"], V[:1], ["a"],
                      main_lang="en")["label"].startswith("The sofa arrived broken.")


def test_a_label_another_theme_has_is_not_given_again():
    """Four themes of one report had been labelled 'Продиктуйте пожалуйста номер карты'."""
    from pipeline.themes._naming import label_key

    texts = ["Продиктуйте пожалуйста номер карты", "Назовите номер карты, на которую пришёл перевод",
             "продиктуйте, пожалуйста, номер карты", "продиктуйте пожалуйста номер карты"]
    V = np.array([[1.0, 0.0], [0.9, 0.3], [0.99, 0.1], [0.98, 0.05]])
    first = name_theme(np.arange(2), texts, ["ru"] * 4, V, ["a", "b", "c", "d"], main_lang="ru")
    taken = {label_key(first["label"])}
    second = name_theme(np.arange(2), texts, ["ru"] * 4, V, ["a", "b", "c", "d"], main_lang="ru", taken=taken)
    assert {first["label"], second["label"]} == set(texts[:2])  # the next-best quote
    taken = {label_key(texts[0])}
    # a theme of nothing but the same words: the label is told apart
    third = name_theme(np.arange(2, 4), texts, ["ru"] * 4, V, ["a", "b", "c", "d"], main_lang="ru", taken=taken)
    fourth = name_theme(np.arange(2, 4), texts, ["ru"] * 4, V, ["a", "b", "c", "d"], main_lang="ru",
                        taken=taken | {label_key(third["label"])})
    assert len({label_key(x["label"]) for x in (first, third, fourth)}) == 3, (third["label"], fourth["label"])


def test_two_themes_of_one_words_are_told_apart_by_a_number_not_by_a_thanks():
    """Two themes of 'хорошо, буду ждать, спасибо' had been told apart as 'Хорошо, буду ждать (спасибо)'."""
    from pipeline.themes._naming import label_key

    texts = ["хорошо, буду ждать, спасибо"] * 4
    V = np.array([[1.0, 0.0], [0.99, 0.1], [0.98, 0.2], [0.97, 0.25]])
    first = name_theme(np.arange(2), texts, ["ru"] * 4, V, list("abcd"), main_lang="ru")
    second = name_theme(np.arange(2, 4), texts, ["ru"] * 4, V, list("abcd"), main_lang="ru",
                        taken={label_key(first["label"])})
    assert first["label"] == "Хорошо, буду ждать" and second["label"] == "Хорошо, буду ждать (2)"


def test_a_pain_point_is_named_by_what_follows_the_praise_its_quote_opens_with():
    """Dogfood 15c: pain-point themes of 'praise. Ale complaint' quotes had been named 'Duży wybór kanałów i dobra jakość
    obrazu.' and 'Pan technik przyszedł punktualnie i wszystko wytłumaczył.': the tone check knew no 'dobra', and a
    first sentence with no positive cue read right."""
    from pipeline.detect._rules import not_upbeat

    texts = ["Duży wybór kanałów i dobra jakość obrazu. Ale internet zrywa się kilka razy dziennie.",
             "Pan technik przyszedł punktualnie i wszystko wytłumaczył. Ale internet zrywa się co wieczór.",
             "Internet zrywa się kilka razy dziennie, nie da się pracować."]
    V = np.array([[1.0, 0.0], [0.95, 0.2], [0.9, -0.3]])   # the praise-first quotes are the most central
    named = name_theme(np.arange(3), texts, ["pl"] * 3, V, ["a", "b", "c"], main_lang="pl", reads_right=not_upbeat)
    assert named["label"] == "Internet zrywa się kilka razy dziennie."
    assert not_upbeat("Fajna telewizja, duzo kanalow w HD.", "pl") is False
    assert not_upbeat("Dobra obsługa, ale czekałem 45 minut.", "pl") is True


def test_an_faq_entry_is_titled_by_the_sentence_with_its_question_mark():
    """Dogfood 15c: 'Co roku podnosicie abonament, a jakość ta sama.' had titled an FAQ entry whose quote asks in its
    next sentence ('Jak mogę rozwiązać umowę bez kary?'): a statement that opens like a question came first."""
    from pipeline.detect import is_question

    texts = ["Jak zwykle wieczorem internet zwalnia. Jak mogę rozwiązać umowę bez kary?",
             "Jak mogę rozwiązać umowę bez kary? Mam dość.", "Jak rozwiązać umowę bez kary?"]
    V = np.array([[1.0, 0.0], [0.9, 0.3], [0.9, -0.3]])
    named = name_theme(np.arange(3), texts, ["pl"] * 3, V, ["a", "b", "c"], main_lang="pl", prefer=is_question)
    assert named["label"] == "Jak mogę rozwiązać umowę bez kary?"
