from pipeline.stages.language import detect_languages


def test_three_languages_and_short_texts():
    texts = ["Where is my sofa? It should have arrived on Monday.", "Gdzie jest moja sofa? Miała być w poniedziałek.",
             "Где мой диван? Должны были привезти в понедельник.", "ok", "Dlaczego nikt nie odpisuje na maile", "[EMAIL] 👍"]
    assert detect_languages(texts, ["en", "pl", "ru"], "en") == ["en", "pl", "ru", "en", "pl", "en"]


def test_restricted_to_configured_languages():
    assert detect_languages(["Gdzie jest moja sofa?"], ["en", "ru"], "en") == ["en"]
    assert detect_languages(["Where is it"], ["pl"], "pl") == ["pl"]
