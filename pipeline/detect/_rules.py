"""Transparent cues for questions, requests, pain points, praise and customer-side barriers (en, pl, ru).

The cues serve twice: as the whole classifier when no trained head fits the embeddings
(``method = "rules"`` or another embedder), and as extra features beside the embedding for the
trained head, where they carry signals an embedding blurs (a question mark, "czy" at the start of
a sentence, "хотелось бы").
"""

from __future__ import annotations

import re

import numpy as np

from pipeline.text import (CLAUSE_CONTRAST_END, CLAUSE_CONTRAST_WORDS, CONTRAST_WORDS, NOISY, courtesy_phrases,
                           courtesy_words, survey_words, word_key)

__all__ = ["is_courtesy", "passes_thanks", "turns_to_complaint", "praises", "praises_nothing", "complains_quietly", "settles", "is_resolved", "resolved_at", "not_upbeat", "not_complaining", "turn_start", "is_question", "is_request", "is_rhetorical", "asked", "vents", "has_contrast", "barrier_cue", "barrier_side", "rule_features", "RULE_FEATURES",
           "rule_kind", "survey_question_kind", "asks_nothing_in_particular", "survey_kind", "QUESTION_WORD", "all_well", "takes_a_side"]

_I = re.IGNORECASE


def caseless(pattern: str) -> re.Pattern:
    """A long list of cues compiled to be searched in lower-cased text (``caseless(p).search(text.lower())``), which
    finds what ``re.compile(p, re.IGNORECASE).search(text)`` finds, three to ten times faster: with IGNORECASE, Python's
    engine case-folds each letter of each of a hundred alternatives at each position of the text. Its letters must be
    lower-case (escapes aside), so that lowering the text loses no match.

    Example:
        >>> bool(caseless("nie działa|broken").search("To NIE działa".lower()))
        True
        >>> caseless("nie działa|Broken")
        Traceback (most recent call last):
        ...
        ValueError: A caseless() pattern is matched against lower-cased text, so it must be lower-case; got 'nie działa|Broken'. Write its letters in lower case.
    """
    if any(c.isupper() for c in re.sub(r"\\.", "", pattern)):
        raise ValueError(f"A caseless() pattern is matched against lower-cased text, so it must be lower-case; got "
                         f"{pattern!r}. Write its letters in lower case.")
    return re.compile(pattern)


# A word that opens a question (en / pl / ru): the one list, which a sentence (below) and a form's question header
# (pipeline.ingest) open with. Polish "czy" and Russian "ли" are unambiguous. Polish "co" before a span of time or a
# count is "every" or "as for", no question ("Co roku podnosicie abonament", "co najmniej", "co do ceny").
QUESTION_WORD = re.compile(
    r"(?:how|what|what's|when|where|why|who|which|whom|whose|can|could|do|does|did|is|are|was|were|will|would|should|"
    r"shall|may|has|have|any|anything|anyone|anybody|is there|are there|"
    r"jak|jaka|jaki|jakie|jakich|jakim|w jakim|na ile|"
    r"co(?!\s+(?:roku|miesiąc|tydzień|dzień|dnia|noc|rano|wieczór|chwil\w*|godzin\w*|minut\w*|jakiś|najmniej|"
    r"najwyżej|kilka|kilkanaście|raz|drugi\w*|trzeci\w*|pół|do)\b)|kiedy|gdzie|dlaczego|czemu|czy|ile|który|która|"
    r"które|kto|skąd|dokąd|po co|da się|można|macie|jest|dowozicie|wysyłacie|"
    r"как|что|когда|где|почему|зачем|кто|сколько|насколько|какой|какая|какое|какие|каким|какую|какова|каково|можно|"
    r"есть ли|есть|куда|откуда|подскажите|скажите|чем|во сколько|до скольки|нужно ли|будет ли|правда ли)\b",
    _I)
# A question word opening a sentence, after a greeting or a connective, two at most ("Hi, quick one: is SSO included…");
# short English auxiliaries count only at the very start of a sentence.
_Q_START = re.compile(
    r"(?:^|[.!?…]\s+|\n)\s*(?:(?:hi|hello|hey|ok|so|and|but|also|quick (?:one|q(?:uestion)?)|dzień dobry|cześć|hej|"
    r"здравствуйте|привет|добрый день|и|а|так)[,:\s–-]*){0,2}[,:\s–-]*" + QUESTION_WORD.pattern, _I)
# An implicit question: not knowing, wondering, wanting to know. Not finding asks only where what one looked for is
# information, a clause with a question word or nothing at all ("I couldn't find anywhere how to cancel", "Szukałem,
# czy…, ale nie znalazłem"): a thing one could not find is a complaint ("nie mogliśmy znaleźć sejfu na klucze"); "when"
# before an -ing form is a time ("a fee that wasn't clear when booking"), not what one is unsure of.
_FOUND_NOTHING = (r"(?=\s*([,.;:!?…—–-]|$)|\s+(\S+\s+){0,4}?(how|what|where|when|whether|if|which|who|why|jak|czy|gdzie|co|"
                  r"kiedy|ile|któr\w+|jaki\w*|как|где|что|когда|ли|можно|куда|какой|какие)\b)")
_Q_IMPLICIT = caseless(
    r"(i\s+(couldn'?t|could not|can'?t|cannot|didn'?t|did not|never)\s+(really\s+)?(find" + _FOUND_NOTHING + r"|figure out|see|tell|"
    r"work out|understand)|"
    r"(not|wasn'?t|am not|i'?m not|i was not)\s+(really\s+)?(sure|clear)\s+(whether|if|how|what|where|when(?!\s+\w+ing\b)|which|about|on)|"
    r"i\s+(wonder|was wondering|keep wondering)|(i'?m|i am)\s+torn\s+between|"
    r"(still\s+)?(don'?t|do not|didn'?t|did not)\s+(really\s+)?(know|understand|get)\s+"
    r"(if|whether|how|where|what|when|which|who|why)|no (idea|clue) (how|where|whether|if|what)|"
    r"i'?d (like|love) to know|i want(ed)? to (know|ask|check|find out)|i need to (know|find out|understand)|"
    r"(trying|tried) to (figure out|understand|work out|find out)|(can|could) (someone|you|anyone) (tell|explain)|"
    r"(does|do) (anyone|anybody) know|any idea|looking for (info|information)|"
    r"nie\s+wiem,?\s+(czy|jak|gdzie|kiedy|co|ile|który|jaki|jaka|jakie|kto)|"
    r"nie\s+(mog(ę|łem|łam|liśmy)|umiem|potrafię)\s+(nigdzie\s+)?(znaleźć" + _FOUND_NOTHING + r"|ogarnąć|zrozumieć)|"
    r"nie\s+(znalazł(em|am)" + _FOUND_NOTHING + r"|rozumiem)|"
    r"zastanawiam\s+się|waham\s+się|ciekaw(y|a|i)\s+(jestem|mnie)|ciekawi\s+mnie|nie\s+(jestem\s+)?pewn(y|a|i),?\s+czy|"
    r"nie\s+wiadomo,?\s+(czy|jak|kiedy)|nie\s+(miał(em|am)|mam)\s+pojęcia|chciał(a|e)?(bym|m)\s+(się\s+)?(dowiedzieć|zapytać|wiedzieć|sprawdzić)|"
    r"próbuję\s+(zrozumieć|ogarnąć|się\s+dowiedzieć)|muszę\s+się\s+dowiedzieć|(wie|wiecie)\s+ktoś|może\s+mi\s+ktoś|"
    r"dalej\s+nie\s+(jest\s+dla\s+mnie\s+jasne|rozumiem|wiem)|"
    r"не\s+(?:понял[аи]?|понимаю),?\s+(где|как|что|когда|можно|ли|куда|зачем|почему)|не\s+(знаю|знала|знал|знали),?\s+(как|где|что|когда|можно|ли|входит|есть|куда|какой|какие|стоит)|"
    r"не\s+(нашл[аи]|нашёл|могу\s+найти|смог(ла)?\s+найти)" + _FOUND_NOTHING + r"|интересно,?\s+(а\s+)?(можно|есть|как|где|когда|ли|что)|"
    r"не\s+уверен[аы]?,?\s+(что|ли|как|есть)|понятия\s+не\s+име|хотел[аи]?\s+бы\s+(узнать|уточнить|понять)|"
    r"хочу\s+(узнать|уточнить|понять)|не\s+могу\s+(выбрать|решить)|колеблюсь|пытаюсь\s+(понять|разобраться)|кто-нибудь\s+(знает|объяснит)|"
    r"(так\s+и\s+)?не\s+разобрал(ся|ась)|непонятно,?\s+(как|где|что|когда|можно|ли|кто|почему)|мне\s+(всё\s+ещё\s+)?непонятно)")
_REQUEST = caseless(
    r"(would be (great|nice|good|helpful|better|useful|fantastic|fair) (if|to)|it'?d be (great|nice|good|better|useful)|"
    r"would (make a|help)|please (add|make|consider|bring|offer|let|publish|give)|"
    r"i wish|you should|they should|should (add|offer|have|make|let|send)|would love (to see|if|an?)|we'?d love|"
    r"i'?d love (to see|if|an?|some)|"
    r"why not (add|offer|make)|suggestion:|i'?d suggest|(could|can) you (please )?(add|consider|make)|"
    r"(could|might|may) (be )?(offer|add|consider)|maybe (offer|add|let|make)|consider adding|ideally|"
    r"if i could change|just give us|make the .+ (easier|bigger|clearer)|let (us|me|people) (choose|pick|change|set)|"
    r"przydał(oby|aby|yby|by)\s+się|fajnie\s+(by\s+było|byłoby)|super\s+by\s+było|byłoby\s+(super|świetnie|fajnie|dobrze|miło)|"
    r"(dobrze|lepiej|świetnie)\s+by\s+było|mogli(by|byście)|powinn(i|iście)|moglibyście|"
    r"chciał(a|o)?(bym|abym),?\s+(żeby|aby|móc|opcję)|prosz(ę|e)\s+o\s+(dodanie|wprowadzenie|możliwość)|prosimy\s+o|"
    r"dodajcie|wprowadźcie|przywróćcie|opublikujcie|dajcie|zróbcie|sugestia|proponuję|najlepiej,?\s+żeby|"
    r"czemu\s+nie\s+dodacie|może\s+(rozważycie|jakiś|jakaś|dodacie)|gdybym\s+mógł|"
    r"было\s+бы\s+(хорошо|удобно|здорово|неплохо|классно|отлично|честно|полезно)|хотелось\s+бы,?\s+(чтобы|побольше|поменьше|детск|больше)|"
    r"добавьте|сделайте|верните|введите|опубликуйте|\bдайте|пришлите|стоило\s+бы|хорошо\s+бы|"
    r"предлагаю|предложение:|почему\s+бы\s+не|может,?\s+(сделать|рассмотрите|добавить)|можно\s+было\s+бы|лучше\s+бы|"
    r"не\s+помешал[аои]?\s+бы|очень\s+(ждём|хочется)|в\s+идеале|если\s+бы\s+я\s+мог|"
    r"прошу\s+(добавить|сделать)|(очень\s+)?бы\s+(помог|пригодил)|"
    # what one misses, opening a sentence ("Очень не хватает утренних занятий", "Brakuje mi eksportu do PDF"); a delivery
    # short of something is a complaint ("W kartonie zabrakło nóżek", "в коробке не хватает детали")
    r"(^|[.!?…]\s*)((мне|нам)\s+)?((очень|так|сильно|реально)\s+)?((мне|нам)\s+)?не\s+хватает\b|"
    r"(^|[.!?…]\s*)((bardzo|strasznie|naprawdę)\s+)?brakuje\s+(mi|nam)\b)")
_CUSTOMER_SIDE = caseless(
    r"(my (wife|husband|partner|boyfriend|girlfriend|spouse|mum|mom|dad|parents|boss|landlord)|"
    r"(can'?t|cannot|couldn'?t) afford|budget|salary|payday|credit score|no money left|"
    r"my (manager|supervisor|team lead|line manager) (doesn'?t|does not|won'?t|wouldn'?t|didn'?t) (approve|allow|trust|sign)|"
    r"(our|the) union|union contract|unionized|unionised|(that'?s|it'?s|it was) on us|on our side|our (own )?problem|"
    r"no time|too busy|never have time|not (great|good|confident) with|not confident|moving (flat|house)|"
    r"my (own )?fault|i forgot|i kept forgetting|i lost my|never read the terms|i typed the wrong|"
    r"our (finance|it|legal|procurement)|(finance|it) (team|department) on our side|i work nights|"
    r"(moja\s+)?żon(a|ie|y)|(mój\s+)?mąż|męż(a|em|owi)|partner(ka|a)?\b|mam(a|ie)\b|rodzic|szef|właściciel|"
    r"nie\s+(było\s+)?(nas\s+|mnie\s+)?stać|budżet|wypłat|pensj|nie\s+mam\s+(czasu|kiedy|pieniędzy)|"
    r"przeprowadz|moja\s+wina|zapomniał(em|am)|ciągle\s+zapominał|zgubił(em|am)|nie\s+czytał(em|am)|"
    r"nasz\s+dział|historię\s+kredytową|pracuję\s+na\s+nocki|słabo\s+znam|nie\s+jestem\s+za\s+dobr|"
    r"(kierowni\w*|przełożon\w*|zarząd)\s+(\S+\s+){0,3}nie\s+(chce|chciał\w*|zatwierdz\w*|zgadza|zgodził\w*|pozwala|ufa)|"
    r"związk\w*\s+zawodow|nasz\s+problem|nasza\s+wina|po\s+naszej\s+stronie|"
    r"nie\s+zostało\s+(nam\s+|mi\s+)?pieniędzy|"
    r"жена|муж|супруг|мам[аеуы]|родител|начальник|хозяин|не\s+могу\s+себе\s+позволить|не\s+потянул|бюджет|(?<!для )зарплат|"
    r"денег\s+нет|нет\s+денег|денег\s+(на\s+\w+\s+)?(просто\s+)?не\s+осталось|нет\s+времени|переезд|сам\s+виноват|"
    r"сама\s+виновата|наша\s+вина|с\s+нашей\s+стороны|забыл[а]?\b|забывал|потерял[аи]?\s+карту|"
    r"не\s+читал|наша\s+бухгалтерия|наш\s+(айтишник|отдел)|кредитная\s+история|ночную\s+смену|плохо\s+знаю|не\s+очень\s+дружу|"
    r"(руководител\w*|начальств\w*)\s+(\S+\s+){0,3}не\s+(одобря|разреша|подтвержда|довер|хоч|хоте)|профсоюз|"
    r"коллективный\s+договор)")
# A capability the product lacks ("no SSO", "without SCIM", "brak SSO", "nie ma logowania przez Google", "нет
# интеграции", "doesn't support…"): the barrier is the company's even when a customer's team is the one that says no
# ("Our IT security team wouldn't approve it without SSO", "nasz dział IT marudził, że nie ma logowania przez Google")
_PRODUCT_GAP = caseless(
    r"\b(?:without|no|lack of|missing|there was no|there wasn'?t any|there'?s no|there is no)\s+(?:an?\s+|any\s+)?"
    r"(?:saml\s+)?(?:sso|scim|saml|single sign-on|api|integration|export|import|mfa|2fa|audit log|sandbox|"
    r"soc ?2|iso ?27001|gdpr|dpa)\b|"
    r"\b(?:it|app|system|software|tool|platform|product|you|they)\s+(?:doesn'?t|does not|didn'?t|did not|don'?t|do not|"
    r"won'?t|can'?t|cannot)\s+(?:even\s+)?(?:support|integrate|offer)\b|"
    r"\b(?:sso|scim|saml|api|integration)\s+(?:still\s+)?(?:isn'?t|wasn'?t|is not|was not|not)\s+(?:there|available|supported|ready)|"
    r"\b(?:brak|bez)\s+(?:logowania|integracji|opcji|funkcji|możliwości|eksportu|importu|sso|scim|api)|"
    r"nie\s+ma\s+(?:logowania|integracji|opcji|funkcji|możliwości|eksportu|importu|sso|scim|api)|nie\s+obsługuj|"
    r"(?:нет|без)\s+(?:sso|scim|api|интеграци\w*|функци\w*|возможност\w*|выгрузк\w*|экспорт\w*)|не\s+поддерживает")
# Money the company owes the customer, a payout, compensation or refund ("still waiting for my payout", "wypłata
# odszkodowania się opóźnia", "выплата задерживается"): waiting on it is the company's barrier, unless a cue of the
# customer's side stands beside it ("My budget is tight until my settlement payment arrives"); "wypłata" alone is one's
# pay (_CUSTOMER_SIDE), "wypłata odszkodowania" one phrase of money owed
_OWED = caseless(
    r"\b(?:payouts?|pay-outs?|compensation|refunds?|reimbursement|settlement payment|claim payment|insurance money)\b|"
    r"(?:wypłat\w* )?(?:odszkodowa\w*|świadczeni\w*)|rekompensat\w*|zwrot\w* (?:pieniędzy|środków|kosztów|składki)|"
    r"выплат(?:а|ы|у|е|ой|ами|ах)?\b|не выплатил\w*|компенсаци\w*|возмещени\w*|возврат\w* (?:денег|средств)")
_NEG_CUES = caseless(
    r"(never|still (no|not|waiting)|didn'?t|doesn'?t|don'?t|won'?t|wasn'?t|isn'?t|can'?t|not working|broken|broke|damaged|"
    r"late|delay|waiting|waited|nobody|no one|missing|wrong|refund|complain|issue|problem|annoy|disappoint|terrible|"
    r"awful|worst|rude|cancel+ed|charged twice|double[- ]charg|double[- ]bill|hidden fee|crash|frozen|blocked|scratch|"
    r"dent|cold|dirty|nightmare|joke|"
    r"nie\s+(działa|przyszł|dotarł|ma\b|było|odpisa|oddzwoni|odbiera|da\s+się|przyjecha)|nikt|spóźn|opóźn|uszkodz|zepsu|"
    r"brak|brakowało|czekam|czekał|problem|reklamacj|fataln|niemił|odwoła|zablokowa|porysowa|zimn|kpina|koszmar|"
    r"ukryte\s+opłaty|pobrali|pobrano\s+dwa|podwójn\w*\s+(?:obciąż|pobran|płatnoś)|dwukrotn\w*\s+(?:obciąż|pobran)|oszuka|"
    r"не\s+(работает|приехал|пришл|ответил|перезвонил|берёт|было|смог|дозвон|привез)|никто|опозд|задерж|сломал|"
    r"поврежд|жду|ждал|проблем|отменил|заблокир|поцарапа|холодн|хамск|ужасн|кошмар|издевательств|скрытые|списал|"
    r"двойн\w*\s+(?:списани|оплат)|"
    r"до\s+сих\s+пор|бесит|обидно)")
# A call for attention ("Hello??", "Anyone?", "Halo??", "Алло?", "Ау!?"): its question mark asks nothing. A greeting is
# courtesy.txt's; the words that only call are here.
_GREETING = "|".join(re.escape(p).replace(r"\ ", r"\s+")
                     for p in sorted(courtesy_phrases("greeting"), key=len, reverse=True))
_CALL = re.compile(r"(?:^|(?<=[.!?…]))\s*(?:(?:" + _GREETING + r"|ау|эй)[\s,!]*)?(?:" + _GREETING + r"|anyone|anybody|"
                   r"(?:is )?any(?:one|body) (?:there|here)|(?:jest )?(?:tam |tu )?ktoś(?: tam| tu)?|ау|эй|"
                   r"есть (?:тут |там )?кто(?:-нибудь|-то)?(?: живой)?|кто-нибудь)[\s!]*\?[?!]*", _I)
# Rhetorical questions vent rather than ask ("Is this a joke?", "Ile można?", "Сколько можно ждать?").
_RHETORICAL = re.compile(
    r"(\?!|!\?|\bis this (a|some kind of|some sort of) joke\s*[?!.]|\bare you (kidding|serious)\b|"
    # "seriously" as an interjection in a question: "Serio, w 2026 roku list polecony?", "Serio nie można mailowo?",
    # "Сколько можно ждать, серьёзно?" (not "Is it seriously damaged?")
    r"(?:(?:^|[.!?…,]\s*)(?:seriously|serio|серь[её]зно)\b[^.!?…]*|\b(?:seriously|serio|серь[её]зно)|"
    # ... and "really" after what it doubts ("Two hours for a pizza on a Tuesday night, really?"), "неужели" (surely
    # not…?: "Неужели нельзя онлайн?")
    r",\s*(?:really|naprawdę))\?|\bнеужели\b|"
    r"\bwhat'?s the point\b|"
    # "why then" of what the customer is denied ("…, зачем тогда её делать?", "…, to po co w takim razie je nagrywać?",
    # "…, why bother then?")
    r"\b(?:зачем тогда|тогда зачем|po co w takim razie|w takim razie po co|why bother then|then why bother)\b|"
    r"\bhow hard (can|is) it\b|\bhow many (more )?times (do|must|will|should|have) (i|we)\b|"
    r"\bhow long (do|must|will|should|am|are) (i|we) (have to |supposed to )?(wait|keep)\b|"
    r"\bile można\b|\bco to ma być\b|\bczy ktoś (to |tu |u was )?w ogóle\b|\b(jaja|żarty) sobie\b|"
    r"\bto jakiś żart\b|\bjak tak można\b|"
    r"(?<!во )\bсколько можно\b|\bвы (там|тут) вообще\b|\bиздеваетесь\b|\bэто нормально\?|"
    r"\bкак так можно\b|\bчто за (бред|безобразие|цирк)\b|\bгде (логика|совесть)\b)",
    _I)
# A question whether a problem is only the customer's ("Is it just me or…", "Am I the only one whose…", "Anyone else
# having…", "Czy tylko u mnie…", "Только у меня…?", "У кого-нибудь ещё…"): it vents when it reads negative, and asks
# when it does not ("Is it just me or is the new menu amazing?"); "Anyone else going on Saturday?" asks of no problem
_ONLY_ME = re.compile(
    r"\b(?:is it (?:just|only) me|am i the only one|(?:any|some)(?:one|body) else (?:ha(?:ve|s|d|ving)|get(?:ting)?|got|"
    r"notic\w*|see(?:ing)?|seen|find(?:ing)?|experienc\w*|struggl\w*|stuck)|"
    r"czy tylko (?:u mnie|ja|mnie|mi)|tylko u mnie|ktoś jeszcze (?:ma|miał\w*)|"
    r"только у меня|у меня одно(?:го|й)|у кого-(?:нибудь|то) (?:ещё|еще)|(?:ещё|еще) у кого-(?:нибудь|то)|"
    r"я (?:одна такая|один такой))\b", _I)
# Thanks passed on to someone ("Передайте ей спасибо!", "Pass my thanks to the courier", "Przekażcie
# podziękowania panu kurierowi"): praise of that person, though it is phrased as a request.
_PASS_THANKS = re.compile(
    r"\b(?:pass (?:on )?(?:my|our)(?: \w+)? (?:thanks|gratitude|compliments|regards)|please (?:thank|say thank you to)|"
    r"say (?:a )?(?:big )?thank(?:s| you) to|give (?:my|our) thanks|"
    r"przekaż(?:cie)?\s+(?:\S+\s+){0,2}(?:podziękowania|dzięki|wyrazy uznania|pozdrowienia)|podziękujcie|"
    r"передайте\s+(?:\S+\s+){0,2}(?:огромное\s+|большое\s+|моё\s+|мое\s+)?(?:спасибо|благодарность|привет))",
    _I)
# A contrast marks a mixed message ("sofa is great tho, 8 weeks and nobody told me"): its complaint counts. The
# words are pipeline.text's (CONTRAST_WORDS, and a clause-opening "tylko" / "jedynie" / "только", not before a
# number or "только что"), which the segment stage cuts reviews at too.
_CONTRAST = re.compile(rf"\b(?:{'|'.join(CONTRAST_WORDS)})\b|"
                       rf"(?<=[,;:.!?…])\s*(?:{'|'.join(CLAUSE_CONTRAST_WORDS)})\b{CLAUSE_CONTRAST_END}", _I)
_POS_CUES = caseless(
    r"(thank|thanks|great|love|loved|amazing|excellent|perfect|happy|impressed|brilliant|fantastic|best|smooth|"
    r"easy|quick|friendly|helpful|recommend|well done|10/10|five stars|5 stars|🙌|❤|😍|"
    r"dzięk|super|świetn|uwielbia|zadowolon|idealn|polecam|najlepsz|sprawn|szybko|miło|sympatyczn|brawo|pięć\s+gwiazd|"
    r"спасибо|отличн|отлично|прекрасн|обожа|доволен|довольна|довольны|идеальн|рекоменду|лучш|быстро|вежлив|молодцы|"
    r"пять\s+звёзд|замечательн|чудесн)")

# A past problem told as solved: "it's fixed", "now it works", "teraz już działa", "naprawili", "починили",
# "теперь всё работает", "больше не вылетает" ...
_RESOLVED = re.compile(
    r"\b(?:(?:it'?s|is|was|got|been|all|finally|now|they|they'?ve|you|you'?ve|someone|support|somebody)\s+"
    r"(?:finally\s+|quickly\s+|already\s+)?(?:fixed|resolved|solved|sorted|repaired)"
    r"(?!\s+(?:by|at|in|into|alphabetically|according|price|rate|term|fee|amount|date))|"
    r"(?:fixed|resolved|solved|sorted(?: out)?|repaired)\s+(?:now|at last|finally)|"
    r"(?:works?|working|runs?|running|loads?|loading|syncs?|syncing)\s+(?:(?:fine|properly|perfectly|ok|okay|normally|"
    r"great|well|smoothly|again)\s+)*(?:now|again)|now\s+(?:it|they|everything|all|the\s+\w+)?\s*(?:works?|working|"
    r"loads?|syncs?|runs?)|no\s+(?:more|longer\s+any)\s+(?:crash|error|problem|issue|bug|freez|glitch|complaint)|"
    r"(?:doesn'?t|does\s+not|don'?t|isn'?t|no\s+longer)\s+(?:crash|freez|hang|glitch|lag)\w*\s+(?:any\s?more|now)|"
    r"teraz\s+(?:już\s+)?(?:wszystko\s+|aplikacja\s+|appka\s+)?(?:działa|chodzi)|już\s+(?:wszystko\s+)?działa|"
    r"działa\s+już|znowu\s+działa|naprawi(?:li|ł|ła|ło|one|ony|ona)|(?:został[aoy]?\s+)?rozwiązan[yaeo]|"
    r"rozwiązali|już\s+się\s+nie\s+(?:zawiesza|wysypuje|wywala|zacina)|"
    r"теперь\s+(?:уже\s+)?(?:всё\s+|все\s+|приложение\s+)?(?:работает|работают|грузится|открывается)|"
    r"уже\s+(?:всё\s+|все\s+)?работает|снова\s+работает|(?:всё\s+|все\s+)?заработало|почини(?:ли|л|ла)|"
    r"исправи(?:ли|л|ла)|проблем[ау]\s+решен[аы]?|(?:проблему|вопрос)\s+решили|решили\s+(?:проблему|вопрос)|больше\s+не\s+(?:вылетает|виснет|зависает|глючит|падает|"
    r"тормозит))\b",
    _I)
# ... unless it is still broken, broke again, or only said to be fixed
_UNRESOLVED = re.compile(
    r"\b(?:still|yet|supposedly|apparently|allegedly|(?:they|support)\s+(?:said|say|claim\w*)|not\s+(?:yet\s+)?"
    r"(?:fixed|resolved|solved|sorted|working)|(?:isn'?t|wasn'?t|never\s+(?:got\s+)?)\s*(?:fixed|resolved|solved|sorted)|"
    r"(?:broke|broken|crash\w*|fail\w*|stopp\w*|froze|freez\w*|happen\w*|down)\s+(?:\w+\s+)?again|"
    r"again\s+(?:broke|crash\w*|fail\w*|stopp\w*)|stopped\s+working|doesn'?t\s+work|not\s+working|"
    r"nadal|wciąż|dalej\s+nie|znowu\s+(?:nie|się\s+zepsu|przesta|wysyp|zawiesz)|ponownie|niby|podobno|przestał[aoy]?|"
    r"nie\s+(?:naprawi|rozwiąza|działa)|"
    r"до\s+сих\s+пор|всё\s+ещё|все\s+еще|опять|снова\s+(?:не|слома|перестал|глюч|завис|вылета|пада)|так\s+и\s+не|"
    r"не\s+(?:почини|исправи|решили|работает)|якобы|вроде\s+бы|вроде|перестал[аио]?|сломал[аио]?с[ья])",
    _I)
# No length feature on purpose: seed examples are shorter than real interview turns, and a length
# weight learned from them mislabels long neutral narrative.
RULE_FEATURES = ("qmark", "qmark_end", "q_start", "q_implicit", "request", "neg_cues", "pos_cues",
                 "customer_side")


# A language one may apologise for speaking poorly, as a noun ("my Polish", "mój polski", "мой польский") and as it is
# spoken in ("speak Polish", "mówię po polsku", "говорю по-польски": the hyphen is no word)
_LANGUAGE = (r"(?:english|polish|russian|ukrainian|german|angielski|polski|rosyjski|ukraiński|niemiecki|английский|"
             r"польский|русский|украинский|немецкий)")
_LANGUAGE_AS_SPOKEN = (r"(?:english|polish|russian|ukrainian|german|po (?:polsku|angielsku|rosyjsku|ukraińsku|niemiecku)|"
                       r"по (?:польски|английски|русски|украински|немецки))")
# what a message may carry: a screenshot, a photo, a receipt, a file
_ATTACHED = (r"(?:screenshots?|screens?|photos?|pictures?|pics?|images?|files?|receipts?|invoices?|videos?|recordings?|"
             r"documents?|scans?|zrzut\w*(?: ekranu)?|zdjęci\w*|skan\w*|paragon\w*|faktur\w*|plik\w*|nagrani\w*|"
             r"dokument\w*|скриншот\w*|скрин\w*|фото\w*|снимк?\w*|чек\w*|файл\w*|видео|документ\w*|запис[ьи])")
# Interview and chat small talk and logistics: hearing each other, one second, sorry, where one is
# ("Yes, loud and clear", "Sorry, I'm walking to class, is that okay?", "Sekundkę, zamknę drzwi",
# "Вы меня слышите?"). A clause that is only this says nothing about the product.
_SMALL_TALK = re.compile(
    r"^(?:so |and |but |because |cause |oh |więc |bo |так что )?(?:just |only |tylko |ja |я |только )?(?:"
    # the time one has for the call and where one takes it ("so I've got like 40 minutes", "I'm on my break", "mam
    # jakieś pół godziny", "у меня есть полчаса", "the kids are at school so I've got an hour"): numbers are no words here
    r"(?:[\w']+ ){0,6}?(?:so |and )?(?:i'?ve|i have|we'?ve|we have|i only have|i'?ve only|i got)(?: got)? (?:like |about |"
    r"maybe |only |just |around |roughly )?(?:an? |half an? |a few |a couple of )?(?:hour|hours|minutes|mins|min)"
    r"(?: or so)?|(?:i'?m|i am) (?:on (?:my|a) (?:break|lunch|lunch break|day off|way home)|in the (?:break|staff) room|"
    r"at home|between (?:meetings|shifts|calls)|(?:just )?(?:grabbing|getting|making) (?:a |my )?(?:coffee|tea|lunch))|"
    r"(?:sorry )?if it'?s (?:a bit |a little )?(?:loud|noisy)|it'?s (?:a bit |a little )?(?:loud|noisy)(?: in here| here)?|"
    r"it'?s quiet(?: for now| right now| today)?|knock on wood|touch wood|"
    r"(?:just )?(?:shout|tell me|let me know) if (?:the |my )?(?:connection|line|call|wifi|audio|sound|video)(?: [\w']+){0,3}|"
    r"if my (?:pager|bleep|beeper|phone) goes off(?: [\w']+){0,6}|i (?:might|may) (?:have to )?(?:drop|hop off|jump off)|"
    r"jakby co|если что|just in case|(?:i think |i guess )?(?:that'?s|thats) (?:it|all|about it)(?: from me| for now| really)?|"
    # agreement, and a season's wishes, in phrases whose words alone say something ("course", "pleasure", "sprawy",
    # "happy"), so they are not courtesy.txt's words
    r"(?:of course|sure thing|my pleasure|(?:it was )?a pleasure|nie ma sprawy|żaden problem)(?: [\w']+)?|"
    r"(?:happy|merry) (?:thanksgiving|holidays|new year|easter|christmas|xmas|hanukkah|diwali|eid)|"
    r"(?:wesołych|spokojnych|zdrowych) świąt|szczęśliwego nowego roku|с (?:праздник(?:ом|ами)|новым годом|рождеством)|"
    r"mam (?:jakieś |tylko |około |ze |z )?(?:pół godziny|godzinę|kwadrans|minut\w*|chwilę)|"
    r"(?:jestem )?(?:na przerwie|w domu|po (?:nocnej )?(?:zmianie|nocce|dyżurze))|(?:możemy|można) (?:spokojnie )?"
    r"(?:rozmawiać|porozmawiać)|to chyba (?:wszystko|tyle)|"
    r"у меня (?:есть )?(?:где-то |примерно |около |только )?(?:полчаса|час|минут\w*)|(?:я )?(?:на перерыве|дома|после "
    r"(?:ночной )?смены)|у нас уже (?:вечер|ночь|утро)|(?:можем|можно) (?:спокойно )?поговорить|"
    # the noise of the room one talks from, apologised for or expected ("sorry za hałas", "извините заранее", "so there
    # might be some noise", "może być trochę głośno"); what makes it may come beside it as a plain aside ("tylko sąsiad
    # wierci za ścianą", "только у меня тут кот по клавиатуре ходит", "I'm in a hotel lobby in Gdynia")
    r"(?:sorry|excuse me|pardon|apologies|so sorry|przepraszam|извините|простите)(?: (?:for|about|za|за) (?:the |all the )?"
    r"(?:noise|background noise|mess|hałas|szum|bałagan|шум|шумы)| in advance| z góry| заранее)?|"
    r"(?:so )?there (?:might|may|could|will) be (?:some |a bit of |a little )?(?:background )?noise|"
    r"(?:może|będzie) (?:być )?(?:trochę |troszkę )?(?:głośno|hałas\w*|słychać \w+)|"
    r"(?:может|будет) (?:быть )?(?:немного |чуть )?(?:шумно|слышно \w+)|"
    # who is speaking, the name redacted or said ("Hi, this is [PERSON]", "z tej strony [PERSON]", "меня зовут Анна"), and
    # an apology for one's own language ("sorry my Polish is not good", "przepraszam za mój polski", "я плохо говорю
    # по-польски"): courtesy to the listener, no complaint
    r"(?:this is|it'?s|here'?s|z tej strony|tu|mówi|это|с вами говорит)|(?:my name is|my name'?s|nazywam się|"
    r"mam na imię|меня зовут)(?: [\w']+){0,2}|"
    r"(?:(?:sorry|so sorry|excuse|pardon|apologies|przepraszam|извините|простите)(?: for| about| za| за)? )?(?:(?:my|mój|"
    r"moj|мой) )?" + _LANGUAGE + r"(?: (?:is|isn'?t|is not|jest|nie jest|не|not|very|so|too|that|still|a bit|kind of|"
    r"pretty|za|zbyt|jeszcze|trochę|очень|слишком|такой|ещё|еще|пока))*(?: (?:good|great|bad|poor|perfect|weak|rusty|"
    r"broken|the best|dobry|najlepszy|słaby|idealny|kiepski|хороший|плохой|идеальный|так себе))?|"
    r"(?:i )?(?:don'?t|do not|can'?t|cannot) speak (?:much |good )?" + _LANGUAGE_AS_SPOKEN + r"(?: (?:very )?(?:well|much|"
    r"good|fluently))?|(?:ja )?(?:słabo|kiepsko|nie za dobrze|nie najlepiej|trochę|nie) mówię " + _LANGUAGE_AS_SPOKEN +
    r"|(?:плохо|не очень|немного|не очень хорошо|не) говорю " + _LANGUAGE_AS_SPOKEN + r"|"
    # what a message carries, and a bare plea (dogfood 18h: "Screenshot attached.", "Zrzut ekranu w załączniku", "Скриншот
    # прилагаю", "Помогите пожалуйста")
    r"(?:(?:please )?see |the |a |my )?" + _ATTACHED + r"(?: (?:is|are))? (?:attached|in the attachment|załączon\w*|"
    r"w załączniku|прилагаю|прикладываю|прикрепляю|прикрепил\w*|приложил\w*|приложен\w*|прикреплен\w*|во вложении|"
    r"в приложении)(?: (?:here|below|above|as well|too|także|też|тоже|также))?|"
    r"(?:(?:i'?ve|i have|i) )?(?:attached|attaching|w załączniku|załączam|przesyłam|wysyłam|dołączam|załączył\w*|"
    r"прилагаю|прикладываю|прикрепляю|прикрепил\w*|приложил\w*|во вложении|в приложении)(?: (?:a|the|my|two|some|"
    r"dwa|kilka|два|пару))? " + _ATTACHED + r"|(?:please )?see (?:the )?attach(?:ed|ment)|"
    r"(?:please )?help(?: (?:me|us))?(?: please)?|(?:proszę|prosimy) o pomoc|pomóżcie(?: proszę)?|pomocy|"
    r"(?:помогите|прошу помочь)(?: пожалуйста)?|"
    r"(?:just )?(?:one|a) (?:sec|second|moment|minute|min)|"
    r"(?:hold on|hang on|bear with me)(?: a (?:sec|second|moment))?|(?:i )?(?:can )?hear you(?: (?:fine|well|ok|okay))?|"
    r"(?:can|do) you hear me|loud and clear|(?:is|was) (?:that|this|it) (?:ok|okay|alright|all right|fine)|"
    r"(?:i'?m|i am) (?:walking|driving|on my way|outside|in the car|on the (?:bus|train)|at work|back)(?: (?:to|from|in|at) "
    r"\w+)?|let me (?:just )?(?:go|close|grab|get|move|find|switch|turn|put|step|shut|mute|unmute)(?: \w+){0,3}|"
    r"(?:good|nice|great) to (?:meet|see|hear) you|(?:nice|pleased) to meet you|see you(?: \w+)?|"
    r"talk (?:to you )?(?:soon|later)|how are you(?: doing)?|"
    r"(?:i'?m )?(?:good|fine|ok|okay|well)(?: thanks)?,? (?:and )?you|"
    r"(?:i'?m )?(?:a (?:little|bit) |kind of |pretty )?tired|(?:you'?re|i'?m) on mute|you'?re breaking up|"
    r"sekund(?:k)?[ęa]|chwil(?:k|eczk)?[ęa]|moment(?:ik)?|już jestem|(?:dobrze |świetnie )?(?:słychać|słyszę)"
    r"(?: (?:mnie|cię|pana|panią|was|dobrze|świetnie))*|słyszymy się|czy (?:mnie )?słychać|"
    r"(?:zamknę|zamykam|wyjdę|wychodzę|idę|przejdę)(?: \w+){0,3}|jestem w drodze|(?:może|czy może) być|"
    r"na razie|(?:jestem )?(?:trochę |troszkę )?zmęczon[ya]|miło (?:mi|pana|panią|cię)(?: \w+)?|"
    r"секунд(?:очк)?у|одну секунду|минут(?:к|очк)?у|сейчас|(?:вас |тебя |всё |все )?(?:хорошо |отлично )?"
    r"(?:слышно|слышу)(?: (?:вас|тебя|хорошо|отлично))*|вы меня слышите|(?:закрою|закрываю|выйду|выхожу|иду|перейду)"
    r"(?: \w+){0,3}|я в дороге|вам (?:так )?(?:удобно|нормально)|(?:я )?(?:немного |чуть )?"
    r"устал[аи]?|приятно познакомиться)$",
    _I)
# Where to reach the speaker or a colleague ("you can email him at [EMAIL]", "my number's [PHONE]", "Proszę pisać na
# [EMAIL]", "пишите мне на [EMAIL]"): small talk in a message that gives contact details (a redaction placeholder)
_CONTACT = re.compile(
    r"\b(?:(?:e-?mail|mail|ring|call|text|message|reach|contact|ping) (?:me|him|her|us|them)\b|"
    r"my (?:e-?mail|email address|number|number's|phone|cell|mobile|direct line|whatsapp)\b|send (?:anything|it|them)"
    r"(?: [\w']+)? to me\b|get in touch\b|(?:mój|moj) (?:numer|telefon|mail|e-?mail)\b|(?:proszę|prosze) (?:pisać|pisac|"
    r"dzwonić|dzwonic)\b|piszcie\b|dzwońcie\b|kontakt (?:przez|pod|na)\b|^(?:a )?(?:mail|e-?mail|numer|telefon)$|"
    r"пишите\b|звоните\b|мой (?:номер|телефон|email|имейл)\b|моя почта\b|^(?:а )?(?:номер|телефон|почта)$)")
# What a message is about (dogfood 18g): a reference line ("I am writing about claim [ID], car [PLATE]", "Piszę w sprawie
# szkody [ID]", "Пишу по поводу заявки [ID]", "I'm calling about my car") is small talk in plain words only: "I'm writing
# about the broken heater" names a fault.
_REFERENCE = re.compile(
    r"^(?:(?:(?:i'?m|i am|we'?re|we are|i|we) )?(?:writing|calling|ringing|emailing|messaging|contacting you|reaching out|"
    r"getting in touch|write|call)(?: (?:to you|you|in))? (?:about|regarding|re|concerning|in connection with|"
    r"with regard to|in relation to|with reference to|in reference to)|"
    r"(?:piszę|pisze|piszemy|dzwonię|dzwonie|dzwonimy|zwracam się|zwracamy się|kontaktuję się|kontaktujemy się)"
    r"(?: (?:do (?:was|pana|pani|państwa)|z wami))? (?:w sprawie|ws|odnośnie|w związku z|w temacie|co do)|"
    r"(?:пишу|пишем|звоню|звоним|обращаюсь|обращаемся)(?: (?:вам|к вам))? (?:по поводу|насчёт|насчет|по вопросу|"
    r"касательно|относительно|в связи с))(?: [\w']+){0,4}$", _I)
# an identifier where a message is read for courtesy (a redaction placeholder, an order or ticket number: NOISY), not a
# person's name; a private-use character, which no text has and no word pattern reads
_ID_MARK = "\ue000"
_NAMES = frozenset({"[PERSON]", "[NAME]"})
_ID_LABEL_WORDS = 4  # "Мой ID игрока [ID]", "numer zamówienia [ID]", "car [PLATE]": an id's label, at most this many words
_CONNECTIVES = frozenset({"and", "so", "but", "or", "oraz", "więc", "и", "а"})  # "and hey": courtesy after a connective
_COURTESY_WORDS = 25  # a message of courtesy and small talk alone has at most this many words ("I'm" is one)
_PLAIN_ANSWER_WORDS = 3  # "Yeah, the gmail one", "It's [EMAIL]": a reply to the agent, at most this many words
_SMALL_TALK_AFTER_WORDS = 8  # "…, let me go outside, it's loud in here": a plain aside to small talk, at most this many
_APOLOGY = re.compile(r"^(?:sorry|so sorry|excuse me|pardon|apologies|przepraszam|извините|простите)$", _I)
# "n't", or its spelling without the apostrophe ("dont", "cant"): not the end of "want", "event" or "plant"
_NEGATION = re.compile(r"\b(?:no|not|never|nothing|nie|nic|не|нет|ни|ничего)\b|n['’]t\b|"
                       r"\b(?:do|does|did|ca|wo|is|was|are|were|could|should|would|have|has|had|ai)nt\b", _I)
_WORKS = re.compile(r"(?<!\bi )(?<!\bwe )(?<!\bthey )\b(?:works?|worked|working)\b|"
                    r"\b(?:działa\w*|zadziała\w*|работает|работают|получилось|заработал\w*)\b", _I)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", _I)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def _spoken_words(text: str) -> list[str]:
    """The words of a clause as courtesy is read: lower case, an apostrophe dropped ("you're" -> "youre")."""
    return _WORDS.findall(text.lower().replace("'", "").replace("’", ""))


# Words a chat greets, thanks, takes leave or agrees with ("Great, thanks 👍", "super, dzięki!", "tak, jasne, nie ma
# problemu", "ок, спасибо", "Good morning", "do widzenia"): a clause made only of them is courtesy, not praise of
# anything
_COURTESY = frozenset(w for x in courtesy_words() for w in _spoken_words(x))
_YES_NO = frozenset(w for x in courtesy_words("yes_no") for w in _spoken_words(x))


def _courtesy_clause(clause: str, aside: int = _PLAIN_ANSWER_WORDS, contact: bool = False) -> str:
    """``courtesy`` (thanks, greeting, agreement), ``small_talk`` (logistics; where to reach someone when the message
    gives ``contact`` details; what a message is about, :data:`_REFERENCE`, in plain words),
    ``apology``, ``reference`` (an id, :data:`_ID_MARK`, with a label of at most :data:`_ID_LABEL_WORDS` plain words:
    "номер заказа [ID]", "car [PLATE]"), ``answer`` (at most ``aside`` plain words: no praise, complaint, negation or "it
    works"), or ``""`` (anything else, and a question before or after an id, as a chat asks without "?": "Where is my
    order [ID]", "Zamówienie [ID] kiedy będzie wysłane")."""
    words = _spoken_words(clause)
    if not words:
        return "empty"
    if "?" not in clause and all(w in _COURTESY for w in words[len(words) > 1 and words[0] in _CONNECTIVES:]):
        return "courtesy"
    spoken = " ".join(re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", clause.lower()))
    if _APOLOGY.match(spoken):
        return "apology"
    low = clause.lower()
    if _SMALL_TALK.match(spoken) or (contact and "?" not in clause and _CONTACT.search(spoken)
                                      and not _NEG_CUES.search(low)):
        return "small_talk"
    if "?" in clause or _ID_MARK in clause and any(map(is_question, clause.split(_ID_MARK))):  # "Where is my order [ID]"
        return ""
    if _REFERENCE.match(spoken):
        return "small_talk" if _plain(clause, lexicon=True) else ""
    if _ID_MARK in clause and len(words) <= _ID_LABEL_WORDS:
        return "reference" if _plain(clause, lexicon=True) else ""
    return "answer" if len(words) <= aside and _plain(clause) else ""


def _plain(clause: str, lexicon: bool = False) -> bool:
    """True for a clause with no praise, complaint, negation or "it works" (detection's cues; with ``lexicon``, no word
    of the affect lexicon either, its language by script): "I'm calling about my car", not "I'm writing about the broken
    heater".

    Example:
        >>> _plain("I'm calling about my car", lexicon=True), _plain("I'm writing about the broken heater"), _plain("nie działa")
        (True, False, False)
    """
    from pipeline.affect import text_evidence  # lazy: pipeline.affect imports this package

    low = clause.lower()
    if (_POS_CUES.search(low) or _NEG_CUES.search(low) or _NEGATION.search(clause) or _WORKS.search(clause)
            or _RESOLVED.search(clause)):
        return False
    return not lexicon or not (ev := text_evidence(clause, "")).positive and not ev.negative


def takes_a_side(text: str) -> bool:
    """True for a text that praises, complains, negates, says "it works" or turns (:func:`_plain` with the lexicon, and
    :func:`has_contrast`): the body of a review read without its title takes a side of its own ("An extra fee felt like
    a hidden cost.", "Ale opłata miejscowa pobrana dopiero na koniec"); "I ordered it for my son's birthday." takes none,
    and its title ("Broken on arrival.") carries the review's point.

    Example:
        >>> takes_a_side("An extra fee felt like a hidden cost."), takes_a_side("I ordered it for my son's birthday.")
        (True, False)
    """
    return not _plain(text, lexicon=True) or has_contrast(text)


def is_courtesy(text: str) -> bool:
    """True for a message of thanks, greetings, agreement and small talk alone, at most 25 words ("Great,
    thanks 👍", "Dzień dobry, tak, jasne, nie ma problemu", "Good morning! Yes, loud and clear. Let me just
    close my door.", "Sekundkę, zamknę drzwi", "Вы меня слышите?"): it praises nothing a map could show.
    Redaction placeholders, order numbers and links are neutral ("Awesome, thanks! It's [EMAIL]."); so is one
    short plain reply after a yes or no or beside contact details ("Yeah, the gmail one. Thanks!"), and a plain
    aside to small talk ("Sorry, one sec, let me go outside, it's loud in here"). "Działa, dzięki" and
    "Очень тёплый комбинезон, спасибо!" praise something.

    Example:
        >>> is_courtesy("super, dzięki!"), is_courtesy("Thanks, the courier was great")
        (True, False)
        >>> is_courtesy("Hi, yes! Sorry, I'm walking to class, is that okay?"), is_courtesy("Sorry, it never arrived")
        (True, False)
    """
    raw = _URL.sub(" [LINK] ", str(text))
    text = NOISY.sub(lambda m: " " if m.group() in _NAMES else f" {_ID_MARK} ", raw)
    if not 0 < len(_spoken_words(text)) <= _COURTESY_WORDS:
        return False
    sentences = [s for s in re.split(r"(?<=[.!?…])\s+|\n", text) if s.strip()]
    clauses = [(n, c) for n, s in enumerate(sentences)
               for c in re.split(r"(?<=[,;:])\s*|\s+[–—-]\s+", s) if c.strip(" .!?…;:,")]
    contact = bool(NOISY.search(raw))
    kinds = [_courtesy_clause(c, contact=contact) for _, c in clauses]
    talk = {n for (n, _), k in zip(clauses, kinds) if k == "small_talk"}
    # an aside in a sentence of small talk may be longer ("A little tired, I worked the closing shift yesterday")
    kinds = [_courtesy_clause(c, _SMALL_TALK_AFTER_WORDS, contact) if k == "" and n in talk else k
             for (n, c), k in zip(clauses, kinds)]
    clauses = [c for _, c in clauses]
    if "answer" in kinds and not talk and not NOISY.search(raw):  # else a reply only right after a yes or no
        kinds = [k if k != "answer" or (j and _WORDS.findall(clauses[j - 1].lower()) and
                                         set(_WORDS.findall(clauses[j - 1].lower())) <= _YES_NO) else ""
                 for j, k in enumerate(kinds)]
    return "" not in kinds and kinds.count("answer") <= 1 and any(k not in ("answer", "empty") for k in kinds)


def settles(text: str, lang: str, evidence) -> bool:
    """True for a text that ends in satisfaction: a statement that there is nothing to complain about
    ("нареканий нет", "nie mam zastrzeżeń", "doesn't shrink or fade": the lexicon's ``no_complaint``, with no
    turn and no wish beside it), or a past problem told as solved (:func:`resolved_at`) with nothing negative
    and no turn after it ("It kept failing, but they fixed it" settles; "It was sorted, but it took a whole
    evening" does not). Such a text states satisfaction; it neither asks nor complains.

    Args:
        text: A customer segment.
        lang: Its language (en | pl | ru; others by script), to read the part after the solution with.
        evidence: The lexicon's evidence for ``text`` (:func:`~pipeline.affect.text_evidence`).

    Example:
        >>> from pipeline.affect import text_evidence
        >>> [settles(t, lang, text_evidence(t, lang)) for t, lang in
        ...  (("Экспорт две недели падал, но починили", "ru"), ("Fixed, but it took three weeks", "en"))]
        [True, False]
    """
    from pipeline.affect import text_evidence  # lazy: pipeline.affect imports this package

    if evidence.no_complaint:
        return True
    at = resolved_at(text)
    if at < 0 or is_request(text):
        return False
    tail = text[at:]
    return not has_contrast(tail) and text_evidence(tail, lang).negative == 0


def resolved_at(text: str) -> int:
    """Where a text tells that a past problem is solved ("it's fixed", "now it works", "teraz już działa",
    "naprawili", "починили", "теперь всё работает"), as a character offset; -1 when it does not, or when
    the problem is still there or came back ("it was fixed but broke again", "still not fixed", "znowu nie
    działa", "опять вылетает").

    Example:
        >>> resolved_at("The export kept failing, but they fixed it"), resolved_at("It was fixed but broke again")
        (29, -1)
    """
    m = _RESOLVED.search(text)
    return -1 if m is None or "?" in text or _UNRESOLVED.search(text) else m.start()


def is_resolved(text: str) -> bool:
    """True for a past problem told as solved (see :func:`resolved_at`): not a current pain point.

    Example:
        >>> is_resolved("Починили, теперь всё работает"), is_resolved("Вроде починили, но опять вылетает")
        (True, False)
    """
    return resolved_at(text) >= 0


def is_question(text: str) -> bool:
    """True for explicit questions ("?" or a leading question word) and implicit ones ("I couldn't find how to…"); a
    call for attention asks nothing (:func:`asked`: "Hello??").

    Example:
        >>> is_question("nie wiem, czy gwarancja to obejmuje"), is_question("Hello?? We've been waiting for an hour")
        (True, False)
    """
    t = asked(text)
    return "?" in t or bool(_Q_START.search(t) and len(t.split()) <= 25) or bool(_Q_IMPLICIT.search(t.lower()))


def is_request(text: str) -> bool:
    """True for suggestions and wishes ("it would be great if…", "przydałoby się…", "хотелось бы, чтобы…").

    Example:
        >>> is_request("Добавьте оплату частями"), is_request("Передайте ей спасибо!")
        (True, False)
    """
    return bool(_REQUEST.search(text.lower()))


def passes_thanks(text: str) -> bool:
    """True for thanks passed on to someone ("Передайте ей спасибо!", "Pass my thanks to the courier",
    "Przekażcie podziękowania kurierowi"): praise, though it is phrased as a request.

    Example:
        >>> passes_thanks("Передайте спасибо курьеру [PERSON], донес до 5 этажа"), passes_thanks("Передайте [PERSON], что я жду")
        (True, False)
    """
    return bool(_PASS_THANKS.search(text))


def vents(text: str, score: float) -> bool:
    """True for a question that vents rather than asks, read negative (``score`` < 0): a rhetorical one
    (:func:`is_rhetorical`), or one whether a problem is only the customer's ("is it just me or do they always leave the
    windows streaky", "Czy tylko u mnie aplikacja ciągle się wylogowuje?", "Только у меня приложение вылетает?").
    "Is it just me or is the new menu amazing?" reads positive and asks.

    Example:
        >>> vents("Is it just me or is the app really slow lately?", -0.7), vents("Is it just me or is it amazing?", 0.7)
        (True, False)
        >>> vents("Ile można?", -0.5), vents("Anyone else going to the open day?", -0.1)
        (True, False)
    """
    return score < 0 and (is_rhetorical(text) or bool(_ONLY_ME.search(text)))


def is_rhetorical(text: str) -> bool:
    """True for a venting question that asks nothing ("Is this a joke?", "Ile można?", "Сколько можно ждать?").

    Example:
        >>> is_rhetorical("Dwa tygodnie czekam na zwrot. Ile można?"), is_rhetorical("Во сколько можно заселиться?")
        (True, False)
    """
    return bool(_RHETORICAL.search(text))


def not_upbeat(text: str, lang: str = "") -> bool:
    """False for a sentence that only praises ("Great accountant chat, honestly the best I've seen.", "Duży wybór
    kanałów i dobra jakość obrazu."): a pain point's label should not read as praise. Praise is a positive cue or a
    positive word of the affect lexicon (in ``lang``; by script when it is not given); a complaint with a kind word
    stays ("Thanks, but it broke").

    Example:
        >>> not_upbeat("Great chat, the best I've seen."), not_upbeat("Great sofa, but it came damaged")
        (False, True)
        >>> not_upbeat("Duży wybór kanałów i dobra jakość obrazu.", "pl")
        False
    """
    from pipeline.affect import text_evidence  # lazy: pipeline.affect imports this package

    ev = text_evidence(text, lang)
    low = text.lower()
    return not (_POS_CUES.search(low) or ev.positive > 0) or bool(_NEG_CUES.search(low) or ev.negative > 0)


def not_complaining(text: str, lang: str = "") -> bool:
    """False for a sentence that reads as a complaint, the mirror of :func:`not_upbeat`: it turns to one
    (:func:`turns_to_complaint`: "The host replies fast during the day but at night you're on your own.") or has a
    negative cue or a negative word of the affect lexicon and nothing positive. A praise theme's label should not read
    as a complaint: sentiment reads that host sentence as positive, so the tone rules do not catch it.

    Example:
        >>> not_complaining("The host replies fast during the day but at night you're on your own.", "en")
        False
        >>> not_complaining("Nobody answered our messages at night.", "en"), not_complaining("Great host, fast replies.", "en")
        (False, True)
    """
    from pipeline.affect import text_evidence  # lazy: pipeline.affect imports this package

    ev = text_evidence(text, lang)
    low = text.lower()
    negative, positive = _NEG_CUES.search(low) or ev.negative > 0, _POS_CUES.search(low) or ev.positive > 0
    return not (turns_to_complaint(text, lang) or negative and not positive)


def turn_start(text: str) -> int:
    """Where what a text turns to begins when a sentence after its first opens with a contrast word ("…obrazu. Ale
    internet zrywa się…", "…HD. But the connection drops…", "…занятия. Только тренеры меняются"), as a character
    offset past that word; -1 when no sentence turns so.

    Example:
        >>> t = "Duży wybór kanałów i dobra jakość obrazu. Ale internet zrywa się kilka razy dziennie"
        >>> t[turn_start(t):], turn_start("Ładny, ale czekam już 9 tygodni")
        ('internet zrywa się kilka razy dziennie', -1)
    """
    for m in _CONTRAST.finditer(text):
        before = text[:m.start()].rstrip()
        if before and before[-1] in ".!?…" and before.rstrip(".!?…"):
            return len(text) - len(text[m.end():].lstrip(" ,:;—–-"))
    return -1


def has_contrast(text: str) -> bool:
    """True for a message that turns ("…, but", "ale", "но"): praise and a complaint side by side.

    Example:
        >>> has_contrast("Ładny, ale czekam już 9 tygodni"), has_contrast("Ładny i wygodny")
        (True, False)
    """
    return bool(_CONTRAST.search(text))


def turns_to_complaint(text: str, lang: str = "", after_praise: bool = False, words: int = 0) -> bool:
    """True for a message that turns to a complaint: after a contrast word ("but", "ale", "но", a clause's "tylko"),
    the rest of that sentence carries a negative word of the affect lexicon, no mere sad feeling ("Loved it, but sad to
    leave!" turns to none), and reads negative ("хороший комбез, но молния заедает", "Все хорошо, но курьер приехал без
    звонка") or names a failure ("Tylko o 6 rano w aplikacji nie
    da się zapisać na nic"); a contrast word that ends its sentence turns the sentence it ends ("The app crashes every
    morning at 6 though."). With ``after_praise``, only a turn from praise counts: the part of the sentence before the
    contrast word praises (:func:`praises`), as in a review's "praise, but a shortcoming" ("Хорошие кроссовки, но узкие").
    With ``words``, only a turn to at most that many words counts ("Nice shoes, but tight").

    Example:
        >>> turns_to_complaint("хороший комбез, но молния заедает внизу", "ru")
        True
        >>> turns_to_complaint("Good gym. The app crashes every morning at 6 though.", "en")
        True
        >>> turns_to_complaint("The gears need adjusting, but the frame is solid", "en")
        False
        >>> turns_to_complaint("Хорошие кроссовки, но узкие", "ru", after_praise=True)
        True
        >>> turns_to_complaint("I'm not a sporty person, but my doctor scared me", "en", after_praise=True)
        False
        >>> turns_to_complaint("Good doctors, but the call centre hold times are ridiculous", "en", True, words=6)
        False
        >>> turns_to_complaint("Loved it, but sad to leave!", "en", after_praise=True)
        False
    """
    from pipeline.affect import text_evidence  # lazy: pipeline.affect imports this package

    for m in _CONTRAST.finditer(text):
        rest = re.split(r"[.!?…]", text[m.end():], maxsplit=1)[0]
        before = re.split(r"[.!?…]", text[:m.start()])[-1]
        if after_praise and not (_WORDS.search(rest) and praises(before, lang)):
            continue
        if words and len(_spoken_words(rest)) > words:
            continue
        if not _WORDS.search(rest):
            rest = before
        ev = text_evidence(rest, lang)
        if ev.negative > ev.feeling and ev.polarity < 0 or ev.positive == 0 and _NEG_CUES.search(rest.lower()):
            return True
    return False


def praises_nothing(evidence) -> bool:
    """True when the affect lexicon found no positive word in a text ("После первой же стирки комбинезон
    потерял вид…"; ``evidence``: its :func:`~pipeline.affect.text_evidence`): with a negative
    sentiment, such a text is no praise, whatever the head says.

    Example:
        >>> from pipeline.affect import text_evidence
        >>> praises_nothing(text_evidence("Кнопки тугие, застегивать неудобно", "ru")), praises_nothing(text_evidence("Świetny fotel", "pl"))
        (True, False)
    """
    return evidence.positive == 0


def complains_quietly(evidence, score: float, below: float = 0.0) -> bool:
    """True for a complaint in calm words: the affect lexicon found a negative word and no positive one (``evidence``:
    its :func:`~pipeline.affect.text_evidence`) and the text reads below ``below`` (``score``; by default negative at
    all, if only mildly: "tabela jest niejasna, same cm bez wieku 🙈" at -0.27). Where the head is unsure of the praise
    or plain reading it gave, such a text is a pain point; praise with nothing positive in it needs only not to read
    positive ("We were surprised by a cleaning fee at checkout that wasn't clear when booking" at +0.01).

    Example:
        >>> from pipeline.affect import text_evidence
        >>> ev = text_evidence("tabela jest niejasna, same cm bez wieku", "pl")
        >>> complains_quietly(ev, -0.27), complains_quietly(ev, 0.1), complains_quietly(text_evidence("Świetny fotel", "pl"), -0.2)
        (True, False, False)
        >>> complains_quietly(ev, 0.1, below=0.3)
        True
    """
    return evidence.positive == 0 and evidence.negative > 0 and score < below


def barrier_cue(text: str) -> str:
    """The side a pain point's obstacle is on by its cues: ``company`` for a capability the product lacks ("no SSO",
    "brak SCIM", "нет интеграции"), even where a customer's team is the one that says no, and for money the company owes
    (a payout, compensation, a refund: "Wypłata odszkodowania się opóźnia", "Still waiting for my payout") where no cue
    of the customer's side stands beside it ("My budget is tight until my settlement payment arrives" is the customer's);
    else ``customer`` for a cue of the customer's side (partner, budget, time, skills, a manager or a union that says no);
    ``""`` for no cue.

    Example:
        >>> barrier_cue("Our IT security team wouldn't approve it without SSO"), barrier_cue("We had a budget freeze")
        ('company', 'customer')
        >>> barrier_cue("Kierowniczka nie zatwierdza zamian w aplikacji"), barrier_cue("The app crashes")
        ('customer', '')
        >>> barrier_cue("Wypłata odszkodowania się opóźnia"), barrier_cue("Czekam na wypłatę, wtedy kupię")
        ('company', 'customer')
        >>> barrier_cue("Выплата задерживается"), barrier_cue("Может, когда выплатим кредит за машину")
        ('company', '')
        >>> barrier_cue("My budget is tight until my settlement payment arrives.")
        'customer'
    """
    low = text.lower()
    if _PRODUCT_GAP.search(low):
        return "company"
    if _CUSTOMER_SIDE.search(_OWED.sub(" ", low)):
        return "customer"
    return "company" if _OWED.search(low) else ""


def barrier_side(text: str) -> str:
    """``customer`` when the obstacle is on the customer's side (partner, budget, time, skills), else ``company``
    (:func:`barrier_cue`; no cue is the company's).

    Example:
        >>> barrier_side("my husband said it's too expensive"), barrier_side("Our IT wouldn't approve it without SSO")
        ('customer', 'company')
    """
    return barrier_cue(text) or "company"


def asked(text: str) -> str:
    """A text as far as it asks: a call for attention left out ("Hello?? It's 1am and we've been waiting for an answer
    for an hour": its "??" calls, it asks nothing).

    Example:
        >>> asked("Hello?? It's 1am and we've been waiting for an hour"), asked("Halo?? Gdzie jest kurier?")
        ("It's 1am and we've been waiting for an hour", 'Gdzie jest kurier?')
    """
    return _CALL.sub(" ", text).strip()


def rule_features(text: str) -> np.ndarray:
    """The cue vector used beside the embedding (order: :data:`RULE_FEATURES`), values in [0, 1]."""
    t = asked(text)
    stripped = re.sub(r"[\s\W]*$", "", t.replace("?", "?x"))  # keep '?' visible at the end through emoji
    low = t.lower()
    return np.array([
        float("?" in t),
        float(stripped.endswith("?x") or t.rstrip(" )\"'”»").endswith("?")),
        float(bool(_Q_START.search(t))),
        float(bool(_Q_IMPLICIT.search(low))),
        float(bool(_REQUEST.search(low))),
        min(len(_NEG_CUES.findall(low)), 3) / 3.0,
        min(len(_POS_CUES.findall(low)), 3) / 3.0,
        float(bool(_CUSTOMER_SIDE.search(low))),
    ])


def rule_kind(text: str, score: float) -> tuple[str, float]:
    """Kind and confidence from the cues and a sentiment score in [-1, 1] alone (no embeddings)."""
    f = dict(zip(RULE_FEATURES, rule_features(text)))
    neg, pos = f["neg_cues"] > 0, f["pos_cues"] > 0
    if f["request"]:
        return "request", 0.75
    question = f["qmark"] or f["q_implicit"] or (f["q_start"] and len(text.split()) <= 25)
    # a rhetorical "why is it so hard to reach anyone?" is a complaint, not an information need
    complaint = ((f["neg_cues"] >= 2 / 3 and (score <= -0.25 or not f["q_implicit"]))
                 or vents(text, score))
    if question and not complaint:
        return "question", 0.85 if f["qmark"] else 0.7
    if score <= -0.25 or (neg and score < 0.25 and not (pos and not f["neg_cues"] >= 2 / 3)):
        return "pain_point", min(0.95, 0.6 + abs(score) / 2)
    if score >= 0.35 or (pos and not neg):
        return "praise", min(0.95, 0.55 + max(score, 0.0) / 2)
    return "other", 0.5


# What a survey's open question asks for (en / pl / ru), checked in this order: "What did you like
# least?" asks for problems, "What could be better?" for improvements, "What did you like?" for praise, "Why this
# score?" (or for its reason, or naming it) for the score's reason.
_SURVEY_PROBLEM = re.compile(
    r"least|problem|difficult|hard|frustrat|dislike|annoy|disappoint|went wrong|issue|najmniej|trudn|przeszkadza|"
    r"nie podoba|nie spodoba|irytuj|rozczarow|poszło nie tak|меньше всего|сложн|трудн|проблем|не понрав|не нрав|"
    r"раздраж|мешал|разочаров", re.I)
_SURVEY_IMPROVE = re.compile(
    r"improve|better|change|wish|missing|suggest|recommend(ation)? to us|poprawi|ulepsz|zmieni|lepiej|lepsz|brakuje|"
    r"brakowało|zabrakło|sugest|улучш|измени|лучше|не хватает|не хватило|пожелан|предлож", re.I)
_SURVEY_PRAISE = re.compile(r"\blike|love|enjoy|\bbest|great|happy|podoba|spodoba|lubi|najlep|zadowol|нрав|понрав|"
                            r"любим|лучш", re.I)
_SURVEY_SCORE = re.compile(r"\bwhy\b|reason|score|rating|grade|dlaczego|czemu|powod|powód|uzasadn|ocen|почему|причин|"
                           r"оценк|балл|обоснуй", re.I)
POSITIVE_NOT_REQUEST = 0.5  # an upbeat answer to "what could we improve?" ("Nic, jest super") is not a suggestion
# A clause that says all is well, alike in en / pl / ru: everything is fine or works ("all good", "wszystko działa",
# "всё устраивает"), it works ("works fine", "działa bez zarzutu", "работает отлично"), nothing is wrong ("no issues",
# "bez problemów", "нареканий нет"), or one is happy with everything ("всем доволен"); "so far" before or after it
_WORKS_WELL = (r"(?:works?|working|działa|działają|работает|работают)(?: (?:fine|well|great|perfectly|ok|okay|smoothly|"
               r"as expected|dobrze|świetnie|sprawnie|bez zarzutu|bez problemu|jak należy|нормально|хорошо|отлично|"
               r"исправно|стабильно|без сбоев|как часы))?")
_WELL_CLAUSE = (
    r"(?:(?:so far|for now|na razie|jak dotąd|póki co|do tej pory|пока|пока что) )?(?:"
    r"(?:(?:it'?s |it is )?all|it all|everything(?:'s| is)?)(?: (?:is|was|just|really|very|pretty|seems))* "
    r"(?:good|fine|ok|okay|great|perfect|alright|all right|well|" + _WORKS_WELL + r")|"
    r"wszystko(?: (?:mi|nam|jest|było|bardzo|w pełni))* (?:ok|okej|okay|w porządku|dobrze|super|gra|świetnie|git|spoko|"
    r"pasuje|odpowiada|" + _WORKS_WELL + r")|"
    r"(?:меня |нас )?(?:всё|все)(?: (?:меня|нас|было|очень|вполне|в целом))* (?:ок|окей|ok|хорошо|нормально|норм|отлично|"
    r"супер|устраивает|в порядке|здорово|прекрасно|нравится|" + _WORKS_WELL + r")|(?:it )?" + _WORKS_WELL + r"|"
    r"(?:(?:i'?ve |we'?ve |i have |we have )?(?:no|zero)|bez|brak|żadnych|nie ma|nie mam|никаких|нет|без) "
    r"(?:issues|problems|complaints|problemów|zastrzeżeń|zarzutów|проблем|нареканий|претензий)|"
    r"(?:проблем|нареканий|претензий) (?:нет|не было)|so far so good|"
    r"(?:i'?m |we'?re )?(?:happy|satisfied|pleased) with everything|(?:всем|всём) (?:доволен|довольна|довольны))"
    r"(?: (?:so far|for now|at all|whatsoever|na razie|jak dotąd|póki co|пока))?")
# An answer that is only "all is well", a clause or a few ("всё ок", "All good, works fine", "Wszystko ok, działa"),
# thanks after it at most: nothing to change or report (all_well)
_ALL_WELL = re.compile(r"^\W*" + _WELL_CLAUSE + r"(?:[\s,.;!–—-]+" + _WELL_CLAUSE + r")*"
                       r"(?:[\s,.!]+(?:thanks|thank you|dzięki|dziękuję|спасибо))?[\W_]*$", re.I)
# an answer that opens with "nothing" ("Nic nie trzeba poprawiać 👍", "Nothing, all great"), read on its word_key
_NOTHING_FIRST = re.compile(r"(?:" + "|".join(map(re.escape, sorted(survey_words("nothing"), key=len, reverse=True)))
                            + r")\b")
# where an answer's opening clause ends: a punctuation mark or a dash between spaces ("Nie wiem, może ceny")
_OPENING_END = re.compile(r"[,.;:!?…]|\s[-–—]\s")


def all_well(text: str) -> bool:
    """True for a text that is only "all is well", in a clause or a few, thanks after it at most: "всё ок", "меня всё
    устраивает", "All good, thanks!", "Everything works", "All good, works fine", "No issues so far", "Wszystko mi
    odpowiada 👍", "Na razie bez problemów", "всем доволен", "Пока всё работает". It asks for nothing, reports nothing
    and complains of nothing: "nothing" to a survey's "What should we improve?", and no negative sentiment (the affect
    model's reading).

    Example:
        >>> all_well("всё устраивает"), all_well("Wszystko mi odpowiada 👍"), all_well("All good, but the app is slow")
        (True, True, False)
        >>> all_well("All good, works fine"), all_well("No issues so far"), all_well("Everything works except the app")
        (True, True, False)
    """
    return bool(_ALL_WELL.match(text))


def _answers_nothing(text: str) -> bool:
    """True for "nothing" to a survey question: an answer whose opening clause skips it (a form's filler, a bare no,
    "don't know": :func:`pipeline.text.survey_words`, as ingest reads a cell) or that opens with "nothing", or that
    is only "all is well". "Brak parkingu", "Нет подключения Revolut", "Na infolinii czekałem 45 minut." name what is
    wrong.

    Example:
        >>> [_answers_nothing(t) for t in ("Nic, wszystko super", "Nie wiem.", "Нет, всё хорошо", "n/a", "—",
        ...                                "Nic nie trzeba poprawiać 👍", "всё устраивает, спасибо")]
        [True, True, True, True, True, True, True]
        >>> [_answers_nothing(t) for t in ("Brak parkingu", "Нет подключения Revolut", "Na infolinii czekałem 45 minut.")]
        [False, False, False]
    """
    opening = word_key(_OPENING_END.split(text, maxsplit=1)[0])
    return (not opening or opening in survey_words("skip") or bool(_NOTHING_FIRST.match(word_key(text)))
            or all_well(text))


def praises(text: str, lang: str) -> bool:
    """True for a text with a positive word of the affect lexicon and nothing negative, no turn, no wish, and more than
    courtesy ("ok, dzięki" praises nothing).

    Example:
        >>> praises("Dobra cena za pakiet internet + TV.", "pl"), praises("Dobra cena, ale dodajcie kanały", "pl")
        (True, False)
    """
    from pipeline.affect import text_evidence  # lazy: pipeline.affect imports this package

    ev = text_evidence(text, lang)
    return (ev.positive > 0 and ev.negative == 0 and not has_contrast(text) and not is_request(text)
            and not is_courtesy(text))


def survey_question_kind(question: str) -> str:
    """What a survey question asks for: ``problem``, ``improve``, ``praise``, ``score`` (the reason for the
    respondent's score: "Why this score?", "Co jest głównym powodem Twojej oceny?", "Dlaczego?") or ``""`` (nothing
    in particular: "Comments", "Anything else?"). The one reading of a question: detection reads its answers with it,
    ingest asks it whether "nothing" answers a question and which answer a score is evidence for.

    Example:
        >>> [survey_question_kind(q) for q in ("What could we improve?", "Co Ci się najmniej podobało?",
        ...                                    "Что вам понравилось?", "Why this score?", "Anything else?")]
        ['improve', 'problem', 'praise', 'score', '']
    """
    for kind, asks in (("problem", _SURVEY_PROBLEM), ("improve", _SURVEY_IMPROVE), ("praise", _SURVEY_PRAISE),
                       ("score", _SURVEY_SCORE)):
        if asks.search(question):
            return kind
    return ""


def asks_nothing_in_particular(asks: str) -> bool:
    """True for a question's kind (:func:`survey_question_kind`) that asks for no problem, improvement or praise
    ("Why this score?", "Comments"): "nothing" skips such a question, and its answer is read as it is.

    Example:
        >>> [asks_nothing_in_particular(k) for k in ("", "score", "improve")]
        [True, True, False]
    """
    return asks in ("", "score")


def survey_kind(kind: str, asks: str, text: str, score: float, lang: str = "") -> str:
    """The kind of a survey answer read with its question (``asks`` from :func:`survey_question_kind`; ``lang``
    the answer's language, for the affect lexicon).

    The answer to "What could we improve?" is a suggestion even when it reads flat ("Dłuższa gwarancja
    na piankę": a request, not praise) or as a mild complaint or a question without a question mark;
    to "What went wrong?" a problem; to "What did you like?" praise, even a bare noun the model read
    as a complaint ("Чистота"). An answer to "Why this score?" or "What did you like?" that praises (a positive word
    of the affect lexicon, nothing negative, no turn, no wish, no courtesy alone) is praise, though the model read the
    bare noun phrase as a wish or as nothing ("Dobra cena za pakiet internet + TV.", "Good value for money."). A real question, a clear complaint or a "nothing" answer ("Nic", "нет", or only "all
    is well": "всё ок", "всё устраивает", "all good", "wszystko mi odpowiada") keeps its own reading.

    Example:
        >>> survey_kind("praise", "improve", "Dłuższa gwarancja na piankę", 0.1)
        'request'
        >>> survey_kind("other", "improve", "Nic, wszystko super", 0.8), survey_kind("other", "improve", "всё ок", 0.0)
        ('other', 'other')
        >>> survey_kind("request", "", "Dobra cena za pakiet internet + TV.", 0.29, "pl")
        'praise'
    """
    if kind in ("request", "other") and asks in ("", "score", "praise") and score > 0 and praises(text, lang):
        return "praise"
    if asks_nothing_in_particular(asks) or _answers_nothing(text or ""):
        return kind
    if kind == "question":
        # an answer to "What should we improve?" that asks nothing ("Informacja o opłacie wpisowej wcześniej")
        if asks == "improve" and "?" not in text:
            return "pain_point" if score <= -0.5 else "request"
        return kind
    if asks == "improve" and (kind in ("other", "praise") and score < POSITIVE_NOT_REQUEST
                              or kind == "pain_point" and score > -0.3):
        return "request"   # "Dłuższy darmowy parking", "Sauna często zamknięta": what to change
    if asks == "praise" and kind == "pain_point" and score > -0.4 and len(text.split()) <= 3:
        return "praise"    # "Чистота" to "What do you like most?": a noun the model read as a complaint
    if asks == "problem" and kind in ("other", "praise", "request") and score < POSITIVE_NOT_REQUEST:
        return "pain_point"
    if asks == "praise" and kind == "other" and score > -0.3:
        return "praise"
    return kind
