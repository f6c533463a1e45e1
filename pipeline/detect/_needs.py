"""Need statements: where a customer says what they wanted, needed, looked for or tried to achieve,
or what mattered to them (en, pl, ru) - the journey map's "goals and needs" in customers' words.

The cues are first-person ("I needed", "szukaliśmy", "мне было важно") so that what the *company*
needs or requires ("Do I need to be at home?", "какие документы нужны?") and courtesy formulas ("I
want to say thank you", "chciałam zapytać", "хочу поблагодарить") do not count. A rule, not a model:
a researcher can read why a sentence counts, and ``benchmarks/detect.py`` prints its precision and
recall on the hand-labelled sets.
"""

from __future__ import annotations

import re

from pipeline.detect._rules import caseless

__all__ = ["need_statement"]

_WANT_EN = (r"\b(?:i|we)(?:'m|'re| am| are| was| were| have been| had been|'ve been)?\s+"
            r"(?:really\s+|just\s+|only\s+|mainly\s+|mostly\s+|simply\s+|desperately\s+|still\s+|actually\s+|originally\s+)?"
            r"(?:need(?:ed)?|want(?:ed)?|wanna|looking\s+for|searching\s+for|hop(?:ed|ing)\s+(?:to|for|that)|trying\s+to|"
            r"tried\s+to|would\s+like|had\s+to\s+have|wish(?:ed)?\s+(?:to|for)|(?:were|was)\s+after|counted\s+on)\b")

_CUES = (
    # English: a first-person want, need, search, hope or requirement
    _WANT_EN,
    r"\b(?:i|we)'d\s+(?:really\s+)?(?:like|love)\s+to\b",
    r"(?:^|[,;:]\s*|\b(?:so|and|but|just)\s+)(?:really\s+)?(?:want|need)(?:ed)?\s+(?:to|a|an|it|the|something|one)\b",
    r"\bmy\s+(?:main\s+|only\s+|first\s+|top\s+)?(?:goal|priority|requirement|aim|plan)\b",
    r"\b(?:was|is|were)\s+(?:really\s+|very\s+|super\s+)?important\s+(?:to|for)\s+(?:me|us)\b",
    r"\bmattered\s+(?:to|for)\s+(?:me|us)\b|\bdeal[- ]?breaker\b|\bmust[- ]have\b",
    r"\bso\s+(?:that\s+)?(?:i|we)\s+(?:could|can|would|wouldn't)\b",
    # what decided the choice, the "why" behind it (en, pl, ru)
    r"\bthe\s+(?:main\s+|whole\s+|only\s+)?(?:reason|point)\s+(?:i|we)\s+"
    r"(?:chose|picked|went|bought|signed|booked|came|stayed|switched|joined)\b",
    r"\bwhat\s+(?:really\s+|finally\s+)?(?:swung|tipped|sold|clinched|decided|did)\s+it\b",
    r"\bwhat\s+made\s+(?:me|us)\s+(?:choose|go|sign|buy|pick|book|stay|switch)",
    r"\b(?:convinced|persuaded)\s+(?:me|us)\b|\bthat'?s\s+why\s+(?:i|we)\s+(?:chose|picked|went|bought|signed|booked|stayed)",
    r"\b(?:chose|picked|went\s+with|signed\s+up\s+with|booked)\s+(?:them|you|it|this\s+one)\s+(?:because|since|for)\b",
    r"\bprzekonał(?:o|a|y)?\s+(?:mnie|nas)\b|\bprzeważył(?:o|a|y)?\b|\bzdecydował(?:o|a|y)\b",
    r"\bdlatego\s+(?:wybrał|wzięł|zamówił|kupił|zapisał)",
    r"\bwybrał(?:am|em|iśmy|yśmy)\s+(?:ich|was|ją|go|to|tę|ten)\b.{0,20}\b(?:bo|ponieważ|ze\s+względu)",
    r"решающ(?:им|ее|ий|ая)|\bубедил(?:о|а|и)?\s+(?:меня|нас)|\bперевесил(?:о|а|и)?\b",
    r"\bпоэтому\s+(?:и\s+)?(?:выбрал|взял|купил|записал|заказал)|\bвыбрал(?:а|и)?\s+(?:их|вас|это|эту|этот)\b.{0,20}потому\s+что",
    # Polish wants, needs and searches, first person only ("ktoś chciał ją odebrać" is someone else's)
    r"\b(?:chc(?:ę|emy|iał(?:am|em|abym|bym|ybym|yśmy)|ieli(?:śmy|byśmy))|(?:bym|byśmy)\s+chciał(?:a|y|i)?|"
    r"potrzeb(?:uję|ujemy|ował(?:am|em|yśmy)|owaliśmy)|szuka(?:m|my|ł(?:am|em|yśmy)|liśmy)(?!\s+(?:w|we|na|po|u)\b)|"
    r"liczył(?:am|em|yśmy)\s+na|liczyliśmy\s+na|miał(?:am|em|yśmy)\s+nadzieję|mieliśmy\s+nadzieję|"
    r"marz(?:ę|ył(?:am|em|yśmy)|yliśmy))\b",
    r"\bpotrzebn(?:y|a|e|ych)\s+(?:był(?:a|o|y)?|jest|są|mi|nam)\b|\b(?:był(?:a|o|y)?|jest|są)\s+(?:mi|nam)\s+potrzebn",
    r"\bzależ(?:ało|y|ałoby)\s+(?:mi|nam)\b|\bchodziło\s+(?:mi|nam)\s+o\b",
    r"\b(?:dla\s+mnie|dla\s+nas|mi|nam)\s+(?:było\s+|jest\s+|bardzo\s+|najbardziej\s+)*(?:ważne|najważniejsze|istotne|kluczowe)\b",
    r"\b(?:ważne|najważniejsze|istotne|kluczowe)\s+(?:było|jest)\s+(?:dla\s+(?:mnie|nas)|mi|nam|żeby|aby|,)",
    # Russian (the past tense has no person: "хотел" may be someone else's)
    r"\b(?:хочу|хотим|хотел(?:а|и)?|хотелось\s+бы|ищу|ищем|искал(?:а|и)?(?=\s+[а-яёa-z])|мечтал(?:а|и)?|"
    r"рассчитывал(?:а|и)?\s+на|надеял(?:ся|ась|ись))\b",
    r"\b(?:мне|нам)\s+(?:очень\s+|срочно\s+|просто\s+|был(?:о|а|и)?\s+)*нуж(?:ен|на|но|ны)\b",
    r"\bнуж(?:ен|на|ны)\s+был(?:а|и|о)?\b|^\W*нуж(?:ен|на|ны)\b|\b(?:нужно|важно),?\s+чтобы\b",
    r"\b(?:для\s+[а-яё]+|мне|нам|тоже)\s+(?:очень\s+|срочно\s+|тоже\s+)?надо\b",
    r"\b(?:мне|нам|для\s+меня|для\s+нас)\s+(?:было\s+|очень\s+|всегда\s+)*(?:важно|главное|принципиально)\b",
    r"\b(?:важно|главное)\s+(?:было|для\s+меня|для\s+нас)\b",
)

# A want that is a courtesy or a way of asking, not a need: "I want to say thank you", "chciałam
# zapytać", "хотела уточнить"; "I just wanted to hide", "хотелось разбить телефон" are outbursts.
_NOT_NEEDS = (
    # (also without "I": "Just wanted to say the chat is amazing")
    r"(?:\b(?:i|we)\s+(?:just\s+|only\s+|really\s+)?(?:want(?:ed)?|would\s+like)|\b(?:i|we)'d\s+(?:just\s+)?like|"
    r"(?:^\W*|\b(?:just|only|really)\s+)(?:want(?:ed)?|would\s+like))\s+to\s+"
    r"(?:say|thank|let\s+you\s+know|share|tell|ask|know|check|confirm|leave|give\s+(?:a\s+)?(?:shout|thanks|kudos)|praise|"
    r"mention|point\s+out|add|complain|report|clarify|hide|scream|cry|die|disappear|throw|kill|sink|run\s+away)\b",
    r"\b(?:that'?s|this\s+is|exactly)\s+(?:all|what)\s+(?:i|we)\s+(?:need(?:ed)?|want(?:ed)?)\b",
    r"\bchc(?:ę|iał(?:am|em|a|abym|bym|ybym|iśmy)?|ieliśmy)\s+(?:tylko\s+|bardzo\s+|jeszcze\s+)?(?:się\s+)?"
    r"(?:podziękować|pochwalić|powiedzieć|zapytać|spytać|dowiedzieć|upewnić|zgłosić|poinformować|dodać|zostawić|podzielić|"
    r"wiedzieć|sprawdzić|potwierdzić|doprecyzować|zwrócić\s+uwagę)",
    r"\b(?:хоч(?:у|ется)|хотим|хотел(?:а|и|ось)?)\s+(?:бы\s+)?(?:просто\s+|ещё\s+|только\s+|очень\s+)?"
    r"(?:сказать|поблагодарить|спросить|уточнить|узнать|оставить|поделиться|отметить|похвалить|сообщить|добавить|"
    r"пожаловаться|понять|разобраться|уйти)\b",
    r"\bхотел(?:ось|а|и)?\b.*\b(?:кинуть|разбить|швырнуть|плакать|кричать|выть|убить|удавиться|провалиться|сбежать)\b",
    # searching a website or an app for a button is something they did, not what they needed
    r"\b(?:looking|searching|search(?:ed)?|look(?:ed)?)\s+(?:for\s+)?(?:the\s+)?(?:button|setting|option|menu|link|page|field)s?\b",
    r"\bszuka\w*\s+(?:\w+\s+)?(?:ustawie\w*|opcj\w*|przycisk\w*|zakładk\w*|link\w*|formularz\w*|pol[ae]\b)",
    r"\b(?:искал|ищу)\w*\s+(?:\w+\s+)?(?:кнопк\w*|настрой\w*|ссылк\w*|вкладк\w*|пункт\w*|форм[уы])\b",
)

# A sentence that asks whether something is needed ("Do I need to be at home?", "нужна ли сборка?")
_ASKS_NEEDS = (
    r"\b(?:do|does|will|would|should)\s+(?:i|we|you)\s+(?:really\s+)?(?:need|want|have\s+to)\b",
    r"\bczy\s+(?:\w+\s+)?(?:potrzebuj|muszę|musimy|trzeba|potrzebn|chcę|chcesz)",
    r"\bнуж(?:ен|на|но|ны)\s+ли\b|^\W*нуж(?:ен|на|но|ны)\b[^.!]*\?\s*$",
    r"\b(?:какой|какая|какие|какое|что|чего)\s+(?:\w+\s+)?нуж(?:ен|на|но|ны)\b",
)

# read in the lower-cased sentence (caseless)
_CUE, _NOT_NEED, _ASKS_NEED = (caseless("|".join(p)) for p in (_CUES, _NOT_NEEDS, _ASKS_NEEDS))

_SENT = re.compile(r"[^.!?…\n]+[.!?…]*", re.UNICODE)
MAX_CHARS = 240


def need_statement(text: str) -> str:
    """The sentence in which the customer states a goal, need or requirement of their own, else "".

    Example:
        >>> need_statement("We loved the showroom. We needed a sofa bed for guests, so size mattered.")
        'We needed a sofa bed for guests, so size mattered.'
        >>> need_statement("Do I need to be at home for the delivery?"), need_statement("хочу сказать спасибо курьеру")
        ('', '')
    """
    for m in _SENT.finditer(str(text)):
        s = m.group(0).strip()
        plain = s.replace("’", "'").lower()  # "I’m looking for", typed on a phone
        # a cue must survive once the ways of asking and the courtesies are taken out
        if not s or not _CUE.search(_NOT_NEED.sub(" ", _ASKS_NEED.sub(" ", plain))):
            continue
        return s if len(s) <= MAX_CHARS else s[:MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return ""
