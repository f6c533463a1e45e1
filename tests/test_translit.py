"""Russian written in Latin letters: recognised as Russian and read by the models in Cyrillic."""

import numpy as np
import pytest

from pipeline.stages.language import detect_languages
from pipeline.text import embedding_text
from pipeline.translit import looks_translit, to_cyrillic

TRANSLIT = ["privet, kak otmenit perevod? otpravil ne tomu", "posle obnovleniya prilozhenie vyletaet srazu",
            "zdravstvujte, kogda pridet zakaz? uzhe nedelyu zhdu", "4to za bred, zhdu kurera 2 chasa",
            "spasibo", "Oplata kartoy ne prohodit, pochemu?", "Opyat privezli holodnoe, kurier ehal 70 minut. uzhas",
            "on ne mozhet nayti adres, ya zhe napisal ul. Abaya 150, kv 12"]
# Polish written without diacritics shares many words with transliterated Russian; English too
NOT_TRANSLIT = ["Byl problem z dostawa, kurier byl spozniony", "Kurier nie przyszedł", "Kurier przyjechal", "Jak moge zmienic adres dostawy?",
                "Nie ma tak dobrze, to nie moja wina", "Zakaz wjazdu na parking", "Karta nie przechodzi",
                "the app does not work on my phone", "Can I pay by karta?", "Kto mi odda pieniadze?",
                "Pozdrawiam, Anna", "Oplata za dostawe to 15 zl", "Gdzie jest moje zamowienie?", "Ok"]


@pytest.mark.parametrize("text", TRANSLIT)
def test_russian_in_latin_letters_is_recognised(text):
    assert looks_translit(text)


@pytest.mark.parametrize("text", NOT_TRANSLIT)
def test_polish_without_diacritics_and_english_are_not_taken_for_it(text):
    assert not looks_translit(text)


def test_it_is_spelt_back_in_cyrillic_for_the_models_only_when_it_is_translit():
    assert to_cyrillic("Zhdu zakaz uzhe nedelyu, gde kurer?") == "Жду заказ уже неделю, где курьер?"
    # spellings the letters cannot tell (initial э, soft signs) and a final "i" after a vowel
    assert to_cyrillic("eto moi dengi, oplata kartoi") == "это мой деньги, оплата картой"
    assert embedding_text("posle obnovleniya prilozhenie vyletaet srazu") == "после обновления приложение вылетает сразу"
    assert embedding_text("Jak moge zmienic adres dostawy?") == "Jak moge zmienic adres dostawy?"


def test_language_stage_reads_it_as_russian():
    assert detect_languages(TRANSLIT[:3] + ["Byl problem z dostawa, kurier byl spozniony"],
                            ["en", "pl", "ru"], "en") == ["ru", "ru", "ru", "pl"]


def test_the_encoder_puts_it_beside_the_same_complaint_in_cyrillic():
    from pipeline.embedders import get_embedder

    emb = get_embedder("e5-fast")
    texts = ["posle obnovleniya prilozhenie vyletaet srazu", "После обновления приложение сразу вылетает",
             "Курьер опоздал на два часа, еда холодная", "Как изменить адрес доставки?"]
    v = np.asarray(emb.embed([embedding_text(t) for t in texts]), dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    sims = v[0] @ v[1:].T
    assert sims[0] > 0.95 and sims[0] - sims[1:].max() > 0.05, sims
    raw = np.asarray(emb.embed([texts[0]]), dtype=np.float32)[0]
    assert float(raw / np.linalg.norm(raw) @ v[1]) < sims[0] - 0.05  # read as written, it sat far off


def test_a_table_of_it_gets_the_sentiment_and_emotions_of_the_same_texts_in_cyrillic(tmp_path):
    import pandas as pd

    from pipeline.api import run_on_table

    texts = ["ne rabotaet prilozhenie, uzhasno, uzhe tretiy raz!!!", "spasibo ogromnoe, kurer priehal bystro, vse otlichno",
             "ne to chtoby ploho, no mogli by i bystree", "nakonec-to vernuli dengi, kak gora s plech",
             "mne stydno, ya pereputal adres"]
    pd.DataFrame({"text": texts + [to_cyrillic(t) for t in texts]}).to_csv(tmp_path / "t.csv", index=False)
    seg = run_on_table(tmp_path / "t.csv", "text", ["language", "embed", "affect"],
                       overrides={"run": {"cache_dir": "", "reuse_stages": False}}).segments
    n = len(texts)
    assert list(seg["lang"]) == ["ru"] * 2 * n
    assert list(seg["sentiment"][:n]) == list(seg["sentiment"][n:]) == ["negative", "positive", "neutral", "positive",
                                                                        "negative"]
    assert list(seg["emotions"][:n]) == list(seg["emotions"][n:])  # the lexicon reads it in Cyrillic too
    assert "relief" in seg["emotions"][3] and "shame" in seg["emotions"][4]
