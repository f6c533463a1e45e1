from pipeline.stages.language import detect_languages


def test_three_languages_and_short_texts():
    texts = ["Where is my sofa? It should have arrived on Monday.", "Gdzie jest moja sofa? Miała być w poniedziałek.",
             "Где мой диван? Должны были привезти в понедельник.", "ok", "Dlaczego nikt nie odpisuje na maile", "[EMAIL] 👍"]
    assert detect_languages(texts, ["en", "pl", "ru"], "en") == ["en", "pl", "ru", "en", "pl", "en"]


def test_restricted_to_configured_languages():
    assert detect_languages(["Gdzie jest moja sofa?"], ["en", "ru"], "en") == ["en"]
    assert detect_languages(["Where is it"], ["pl"], "pl") == ["pl"]


def test_a_few_polish_words_do_not_make_a_text_polish():
    """English-speaking customers in Poland name streets, towns and prices in Polish; short Polish
    turns and Polish texts with few diacritics stay Polish (lingua decides those)."""
    texts = ["Then the crew said the building has no lift, it's an old building on Puławska, and carrying it up costs 99 zł.",
             "Paid the extra 149 zł for assembly and it was worth every złoty.",
             "My sister in Poznań has the Lento and loves it. Ordering one for us in Berlin now!",
             "Sofa dobra, dostawa słaba.",
             "Kurier przyjechał wczoraj po południu i zostawił paczkę pod drzwiami sąsiada, nikt mnie nie uprzedził.",
             "Zamówiłem sofę w kolorze szarym, przyszła zielona, proszę o wymianę albo zwrot pieniędzy",
             "Kraków?"]
    assert detect_languages(texts, ["en", "pl", "ru"], "en") == ["en", "en", "en", "pl", "pl", "pl", "pl"]


def test_a_turn_too_short_to_tell_takes_its_documents_language():
    """Read alone, "да" was English (two letters), an order number the default, and "Na Black Friday."
    English to lingua; in their conversations they are Russian and Polish."""
    import pandas as pd

    from pipeline.config import load_config
    from pipeline.stages import language

    frame = pd.DataFrame({
        "doc_id": ["pl-int"] * 4 + ["ru-chat"] * 3 + ["mixed"] * 3 + ["alone"],
        "is_customer": [False, True, True, True, False, True, True, False, True, True, True],
        "text": ["Skąd pan się dowiedział o kursie?", "Kolega polecił, mówił że warto spróbować.", "Na Black Friday.",
                 "KW/2026/04/1187",
                 "Здравствуйте! Чем могу помочь?", "хочу вернуть линзы, не подошли", "да",
                 "Dzień dobry, w czym mogę pomóc?", "Hi, I ordered the sofa last week, where is it?", "ok thanks",
                 "LC-330912"],
    })
    ctx = type("Ctx", (), {"cfg": load_config(overrides={"run": {"cache_dir": ""}}), "stats": {}})()
    out = language.run(frame, ctx)
    assert out["lang"].tolist() == ["pl", "pl", "pl", "pl", "ru", "ru", "ru", "pl", "en", "en", "en"]
    # the customer's own turns decide before the company's: an English customer of a Polish shop stays English
    assert language.run_rows(frame, ctx)["lang"].tolist()[2] == "en"      # what lingua alone said


def test_latin_names_in_a_russian_sentence_do_not_make_it_english():
    """"Black Friday" has more letters than "Когда будет": read by letters, the question was English and
    became an FAQ entry's English quote; an English sentence with one Russian word stays English."""
    texts = ["Когда будет Black Friday? 🖤", "заказала на Wildberries, пришло через неделю",
             "Spasibo, the delivery was really fast and the courier was polite"]
    assert detect_languages(texts, ["en", "pl", "ru"], "en") == ["ru", "ru", "en"]
