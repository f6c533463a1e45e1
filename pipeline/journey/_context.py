"""Conversation context for stage mapping: the question before an answer, position, time and neighbours.

A segment on its own is often too short to place: "my sister recommended it" or "about two weeks"
says little until one knows the interviewer asked "How did you first hear about us?" or "How long
did the delivery take?". Within one document (an interview, a chat, a comment thread) three more
kinds of evidence are available, each added to the per-row log-scores of :class:`StageMapper`:

1. **The preceding prompt.** When the turn right before a customer turn is the interviewer's,
   agent's or bot's, the prompt's own stage scores are added to the answer's, weighted by how short
   the answer is: ``question_weight * max(0, 1 - words / max_answer_words)``. A long answer speaks
   for itself; a four-word answer mostly inherits the question's stage.

   A survey answer (``source_type == "survey"``) has a known prompt, its question
   (``meta_question``): with ``survey_questions`` it is the answer's prompt, weighted the same way,
   but only when the mapper can place the question itself: its likeliest stage at least
   ``min_survey_question_lift`` times an even share (3/k). A generic question is not flat under
   the mapper: questions lean towards consideration (default model, e5-small: "What could we
   improve?" consideration 0.30, "Anything else?" 0.21, "Co możemy poprawić?" 0.26, against
   0.65-0.78 for "How did you first hear about us?" or "How was the delivery?"), and a survey asks
   it of every respondent. Added as it is, that lean moved 105 of 360 short answers (12 generic
   questions x 30 answers), 89 of them to consideration; with the threshold, 17, all after "Is there
   anything you would change?", which the mapper itself places at consideration (0.49). The cost:
   a question the mapper places weakly ("Would you recommend us to a friend?": loyalty 0.26) does
   not move its answers (57 answers to 16 stage-specific questions: 53 placed right, 50 with it).
   The threshold is applied where prompts are scored (:meth:`StageMapper.predict_conversation`).
   Conversation prompts are taken as they are: on the sample corpus's chats and interviews the
   threshold changed 25 of 958 customer segments, read by hand about as many for the worse as for
   the better, and no labelled conversations exist to decide.
2. **Position in an interview.** Research interviews usually walk through the journey in order, so
   in an interview with at least ``min_interview_turns`` customer turns, the relative position of
   a turn (0 = first, 1 = last) adds ``-position_weight * (stage position - turn position)^2``,
   a mild preference for early stages early and late stages late. Chats and threads are not
   ordered by journey stage and get no position prior. A long-time member's interview does not
   start at discovery: a turn stating the customer's tenure (:func:`states_tenure`) is placed in
   the late phase by the mapper's own text evidence, which outweighs the prior. Weakening the prior
   where the text alone is confident (``(1 - max p)``, or one minus the top-two margin) was tried
   and changed nothing on the labelled conversations or the dogfood interviews; it is not used.
3. **The previous customer turn, and the time between.** A customer's consecutive turns usually
   stay at one stage or move forward. The previous turn's probabilities, passed through a
   forward-leaning transition matrix, add ``transition_weight * log(P_prev @ T)``. When both turns
   carry timestamps more than ``gap_days`` apart, the matrix leans further forward (weeks after
   the order the customer is using the product, not still checking out).

Everything is computed per document from the table's ``doc_id``, ``turn_index``, ``timestamp``
and customer flag, so the result does not depend on how the table is partitioned. A survey
respondent's answers are to different questions, not a conversation: they get their question as
the prompt and nothing else (no position, no previous turn).

A chat bot's or agent's *opening template* ("Hi! I'm Sofi, the virtual assistant. How can I
help?") is not a prompt: the customer's first message does not answer it, and read with it, the
first messages of unrelated chats look alike. :func:`opening_templates` finds such openers (the
first turn of a chat or thread, by the company, the same in at least ``OPENER_DOCS`` documents);
:func:`conversation_context` passes over them (``skip_prompts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.detect import is_courtesy
from pipeline.journey._stages import fold
from pipeline.text import courtesy_phrases, courtesy_words, split_sentences

__all__ = ["ContextParams", "conversation_context", "context_logits", "transition_matrix", "document_blocks", "is_contentless", "asks_something", "says_yes_or_no",
           "contentless_anchors", "introduces_oneself", "states_tenure", "asks_what_if", "opening_templates", "company_macros", "customer_flags", "ANSWERING_SOURCES",
           "answers_questions", "survey_answers"]

OPENER_DOCS = 3  # an opening turn repeated in this many documents is a template (bot greeting, canned opener)
_OPENER_SAMPLE = 20_000  # first customer messages read to tell a greeting from a topical opener
_NOT_WORD = re.compile(r"[\W\d_]+")


@dataclass(frozen=True)
class ContextParams:
    """Weights of the conversation evidence (0 switches a kind off).

    Attributes:
        question_weight: Weight of the preceding prompt's log-probabilities for a one-word answer.
        max_answer_words: Answers this long or longer get no weight from the prompt.
        min_survey_question_lift: A survey answer's question counts as its prompt only if the
            question's likeliest stage has at least this many times an even share of the
            probability (``min_survey_question_lift / k``); 0 lets every question count.
        position_weight: Strength of the interview position prior (log-scale at the far end).
        min_interview_turns: Interviews with fewer customer turns get no position prior.
        transition_weight: Weight of the previous customer turn (log-scale).
        gap_days: A gap longer than this between two timestamped turns leans the transition forward.
    """

    question_weight: float = 1.0
    max_answer_words: int = 14
    min_survey_question_lift: float = 3.0
    position_weight: float = 0.75
    min_interview_turns: int = 6
    transition_weight: float = 0.5
    gap_days: float = 1.0


def document_blocks(doc_ids, rows: np.ndarray, block: int):
    """Split ``rows`` (positions in a table) into blocks of whole documents of about ``block`` rows.

    Rows come grouped by document, in table order inside one; a document is never split, so
    context computed per block is the same as over the whole table (and memory stays bounded).

    Example:
        >>> [b.tolist() for b in document_blocks(["a", "b", "a", "c"], np.arange(4), 2)]
        [[0, 2], [1, 3]]
    """
    rows = np.asarray(rows, dtype=int)
    if not len(rows):
        return
    codes, _ = pd.factorize(np.asarray(doc_ids, dtype=object)[rows].astype(str))
    order = np.argsort(codes, kind="stable")  # grouped by document, table order inside one
    rows, codes = rows[order], codes[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    b0 = 0
    while b0 < len(rows):
        j = int(np.searchsorted(starts, b0 + block))
        b1 = int(starts[j]) if j < len(starts) else len(rows)
        yield rows[b0:b1]
        b0 = b1


def customer_flags(frame: pd.DataFrame) -> np.ndarray:
    """Which rows are the customer's: ``is_customer``, else a ``role`` of "customer" or blank, else every row.

    Example:
        >>> customer_flags(pd.DataFrame({"role": ["interviewer", "customer", None]})).tolist()
        [False, True, True]
    """
    if "is_customer" in frame:
        return frame["is_customer"].fillna(False).to_numpy(bool)
    if "role" in frame:
        return (frame["role"].fillna("customer").astype(str).isin(["customer", ""])).to_numpy(bool)
    return np.ones(len(frame), bool)


#: Source types whose customer turns answer a question put to them: an interviewer's, or a survey's (``meta_question``). Such an
#: answer keeps its question however little it says ("Отлично." to "How is the app now?", "5" to "Would you recommend us?"),
#: and the company's turns there are real questions, no template or macro.
ANSWERING_SOURCES = ("interview", "survey")


def answers_questions(source_types) -> np.ndarray:
    """Which rows' source type answers questions put to the customer (:data:`ANSWERING_SOURCES`).

    Example:
        >>> answers_questions(["survey", "chat", "interview", ""]).tolist()
        [True, False, True, False]
    """
    return np.isin(np.asarray(source_types, dtype=object).astype(str), ANSWERING_SOURCES)


def _sources(frame: pd.DataFrame) -> np.ndarray:
    """Each row's ``source_type`` ('' without the column)."""
    n = len(frame)
    return frame["source_type"].fillna("").astype(str).to_numpy() if "source_type" in frame else np.array([""] * n, dtype=object)


def survey_answers(frame: pd.DataFrame) -> np.ndarray:
    """Which rows answer a survey question of their own: a customer's survey row (``source_type == "survey"``) whose
    ``meta_question`` is not blank. Its question is its prompt (:func:`conversation_context`), even when it is its
    respondent's only answer, and the mapper counts it only where it can place the question (see the module docstring).

    Example:
        >>> survey_answers(pd.DataFrame({"source_type": ["survey", "survey", "chat"], "is_customer": True,
        ...                              "meta_question": ["How did you hear about us?", " ", "How did you hear about us?"]})).tolist()
        [True, False, False]
    """
    if "meta_question" not in frame:
        return np.zeros(len(frame), bool)
    asked = frame["meta_question"].fillna("").astype(str).str.strip().to_numpy(dtype=object) != ""
    return (_sources(frame) == "survey") & customer_flags(frame) & asked


def _turn_key(text: str) -> str:
    """A turn's text with case, digits, punctuation and spacing ignored (``"Hi, #12!"`` -> ``"hi"``)."""
    return " ".join(_NOT_WORD.sub(" ", str(text).lower()).split())


# words that only name the number given with them ("заказ 48377", "order no. 5512", "numer zamówienia: 1234")
_ID_WORDS = frozenset(fold(w) for w in """order number no nr numer zamówienia zamówienie заказ заказа номер трек track
tracking ticket zgłoszenie zgłoszenia my mój moje мой here is its""".split())
_WITH_DIGIT = re.compile(r"\S*\d\S*")
_PLACEHOLDER = re.compile(r"\[[a-z_]+\]")
_LETTERS = re.compile(r"[^\W\d_]+")
# Words a chat turn greets, thanks, takes leave or acknowledges with (pipeline/resources/courtesy.txt), folded
# ("dziekuje", "ждем"), and a customer's "I'll wait" ("ok, czekam", "отлично, ждём"), which detection reads as a
# complaint of waiting but which places nothing. The rest of small talk (a yes or no, "no problem", "nie ma sprawy",
# "Can you hear me?") is detection's (pipeline.detect.is_courtesy), the one reader of it.
_FILLER = frozenset(x for w in courtesy_words("greeting", "thanks", "signoff", "goodbye", "reply")
                    for x in _LETTERS.findall(fold(w))) | {fold(w) for w in "czekam czekamy жду ждём".split()}
MAX_CONTENTLESS_WORDS = 8


def is_contentless(text: str) -> bool:
    """True for a turn that says nothing a stage could be read from: thanks, "ok", a greeting or goodbye,
    a bare number (a bot's satisfaction score "5", an order number "49210", "МК-48213"), redacted contact
    details or emoji alone, at most :data:`MAX_CONTENTLESS_WORDS` words; or small talk alone as detection reads it
    (:func:`pipeline.detect.is_courtesy`): a yes or no, "No problem, bye!", "Nie ma sprawy", "Yes, loud and clear."
    A yes or no still answers a question put to it (:func:`says_yes_or_no`, :func:`asks_something`), and
    :meth:`StageMapper.predict_conversation` keeps that question for it.

    Example:
        >>> [is_contentless(t) for t in ("ну ладно", "5!!!", "заказ 48377", "OK thanks anyway", "No problem, bye!", "Nie ma sprawy",
        ...                              "ок, закажу 92 тогда", "No problem with the app")]
        [True, True, True, True, True, True, False, False]
    """
    t = fold(str(text)).lower()
    numbered = bool(_WITH_DIGIT.search(t))
    words = _LETTERS.findall(_WITH_DIGIT.sub(" ", _PLACEHOLDER.sub(" ", t)))
    return (len(words) <= MAX_CONTENTLESS_WORDS and all(w in _FILLER or (numbered and w in _ID_WORDS) for w in words)) or is_courtesy(text)


# a yes or a no (courtesy.txt's [yes_no]: "yes", "nope", "tak", "нет"), folded: said alone, it answers the question before it
_YES_NO = frozenset(fold(p) for p in courtesy_phrases("yes_no") if " " not in p)


def says_yes_or_no(text: str) -> bool:
    """True for a turn with a yes or a no in it ("Yes, all good.", "nope, that's all", "Нет, всё, спасибо"): contentless, it
    still answers the question before it, in a chat as in an interview.

    Example:
        >>> [says_yes_or_no(t) for t in ("Yes, all good.", "нет, всё, спасибо", "Thanks, bye!", "Nothing else")]
        [True, True, False, False]
    """
    return any(w in _YES_NO for w in _LETTERS.findall(fold(str(text)).lower()))


def asks_something(prompt: str) -> bool:
    """True for an interviewer's, agent's or survey's turn that asks the customer something: a sentence with a question mark
    that is not small talk (:func:`pipeline.detect.is_courtesy`: "Can you hear me?", "Вы меня слышите?"). A contentless answer
    keeps such a question, which places it ("Tak." to "Czy kupiła Pani roczny plan?"); one to a check of the line or a
    thank-you has nothing to keep.

    Example:
        >>> [asks_something(p) for p in ("Thanks for joining! Can you hear me?", "Вы меня слышите? Как вы узнали о нас?",
        ...                               "Great, thanks again, bye.", "Did the refund arrive?")]
        [False, True, False, True]
    """
    return any("?" in s and not is_courtesy(s) for s in split_sentences(str(prompt)))


# Who is speaking, as an interview opens ("I'm the workforce and rostering manager at St Brigid's", "Jestem kierowniczką zmiany w…",
# "Я работаю HR-менеджером в…", "We have about 320 stores"): a role, a workplace or the organisation's size places no stage. Read on the
# sentence as written, lower-cased: the Polish instrumental ending -ą ("kasjerką") is folded away by fold().
_LEAD = (r"^(?:(?:so|well|yeah|yes|sure|of course|ok|okay|right|um|uh|hi|hello|hey|and|tak|więc|no|jasne|oczywiście|dzień dobry|cześć|"
         r"ну|да|так|вот|конечно|здравствуйте|добрый день|привет)\b[\s,.!-]*)*")
_ROLES_EN = (r"manager|director|head|lead|leader|nurse|midwife|cashier|engineer|developer|programmer|officer|administrator|admin|owner|"
             r"co-?founder|founder|ceo|cto|cio|cfo|coo|vp|president|partner|analyst|consultant|coordinator|supervisor|specialist|"
             r"assistant|accountant|bookkeeper|teacher|doctor|physician|surgeon|pharmacist|therapist|technician|designer|architect|"
             r"buyer|planner|scheduler|clerk|associate|employee|worker|receptionist|secretary|controller|executive|representative|"
             r"chef|cook|driver|courier|mechanic|researcher|scientist|lawyer|attorney|professor|lecturer|tutor|student|intern|"
             r"freelancer|contractor|volunteer")
_ROLES_RU = (r"менеджер|руководител|директор|начальни|заведующ|медсестр|медбрат|санитар|врач|кассир|администратор|инженер|"
             r"разработчик|программист|бухгалтер|специалист|аналитик|сотрудни|работни|владел|основател|продав|учител|"
             r"преподавател|студент|стажер|стажёр|супервайзер|координатор|логист|закупщик|технолог|тимлид|hr|эйчар|курьер|водител")
# customers, users and members introduce a relationship with the product, not a job ("Jestem klientką od lat", "I'm a member")
_NOT_ROLE_PL = r"(?!(?:\w+ )?(?:klient|użytkowni|członk|subskryb|abonent)|całkiem\b)"
# what one runs, leads or manages as a job ("I run workforce operations for FreshCo", "I lead the IT team."), not "I run payroll through it"
_UNITS_RUN = (r"team|teams|department|dept|operations|ops|unit|division|function|office|site|sites|store|stores|shop|branch|ward|wards|"
              r"clinic|practice|business|company|firm|agency|restaurant|hotel|procurement|purchasing|finance|hr|it|security|payroll|"
              r"staffing|rostering|scheduling|workforce|people|group|logistics|marketing|sales")
_SELF_INTRO = re.compile(_LEAD + r"(?:"
    r"(?:i['’]?m|i am) (?:\[person\]|(?:a|an|the|one of the|our|their) (?:[\w&/-]+ ){0,4}?(?:" + _ROLES_EN + r")s?\b)"
    r"|my name is|i work (?:as|at|for|in)\b|i(?:['’]ve| have) (?:worked|been working) (?:as|at|for|in)\b"
    r"|i (?:run|lead|head|manage|oversee)(?: up)? (?:[\w&/-]+ ){0,3}?(?:" + _UNITS_RUN + r")\b(?=\s+(?:for|at|in|across|of)\b|\s*[,.;!]|\s*$)"
    r"|i['’]?m (?:responsible|in charge) (?:for|of)\b"
    r"|jestem (?:\[person\]|" + _NOT_ROLE_PL + r"(?:\w+(?:ym|im|ą) )?\w{3,}(?:em|ą)\b)"
    r"|nazywam się|mam na imię|pracuję (?:jako|w|we|na|dla)\b|odpowiadam za|kieruję|zarządzam|jestem odpowiedzialn\w* za"
    r"|я (?:\[person\]|(?:[\w-]+ ){0,2}?(?:[\w-]+-)?(?:" + _ROLES_RU + r"))|меня зовут|я работаю|работаю (?:в|на|кем)\b"
    r"|я (?:отвечаю за|руковожу|управляю)|отвечаю за"
    r")", re.IGNORECASE)
_NUMBER = (r"(?:about |around |roughly |approximately |over |almost |nearly |more than |some |około |ok\. |ponad |prawie |blisko |"
           r"около |примерно |более |больше |почти |свыше )?(?:\d[\d,. ]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
           r"twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundreds?|thousands?|dozens?|a few|several|dwa|dwie|trzy|cztery|pięć|"
           r"kilka|kilkanaście|kilkadziesiąt|kilkaset|два|две|три|четыре|пять|несколько|десятки|сотни)")
_UNITS = (r"stores|shops|sites|locations|branches|outlets|hospitals|clinics|practices|restaurants|cafes|hotels|offices|warehouses|"
          r"depots|schools|gyms|clubs|employees|staff|people|nurses|doctors|associates|agents|drivers|engineers|workers|colleagues|"
          r"sklep|placów|oddział|szpital|przychodni|restaurac|biur|magazyn|pracowni|osób|osoby|ludzi|pielęgniar|lokalizac|"
          r"punkt|aptek|salon|магазин|филиал|точ|отделени|больниц|клиник|ресторан|офис|склад|сотрудник|человек|работник|"
          r"медсест|аптек|салон")
_ORGS = r"chain|company|business|group|network|hospital|retailer|firm|startup|agency|sieć|siecią|firm|grup|сеть|компани|групп"
_ORG_SIZE = re.compile(_LEAD + r"(?:"
    r"(?:we have|we['’]ve got|we['’]re|we are|we employ|there are|mamy|zatrudniamy|jest nas|to|у нас|нас|мы)\s+"
    r"(?:" + _NUMBER + r"\s+(?:[\w-]+ ){0,2}?(?:" + _UNITS + r")|(?:a|an|one|jedna|jedną|одна) (?:[\w-]+ ){0,3}?(?:" + _ORGS + r")"
    r"|(?:" + _ORGS + r"))"
    r")", re.IGNORECASE)
_LEAD_ONLY = re.compile(_LEAD + r"\W*$", re.IGNORECASE)


def introduces_oneself(text: str) -> bool:
    """True for a turn that only says who is speaking: each sentence a self-introduction (a role, a workplace, a name), the
    organisation's size or nothing at all (a greeting, "Sure."), and at least one a self-introduction. It places no stage, as an
    interview opens with it whatever the journey; a customer, user or member is no role ("I'm a member since 2019" is tenure).

    Example:
        >>> [introduces_oneself(t) for t in ("I'm the workforce and rostering manager at St Brigid's.", "Jestem kierowniczką zmiany w Lidlu.",
        ...     "Я работаю HR-менеджером в банке.", "Of course. I'm a buyer at Halden. We have about 320 stores.",
        ...     "We have about 320 stores.", "I'm the manager. The import kept failing.", "Jestem klientką od lat.", "I'm a bit lost.")]
        [True, True, True, True, False, False, False, False]
    """
    kinds = []
    for sentence in split_sentences(str(text).strip()):
        s = sentence.strip().lower()
        if _SELF_INTRO.search(s):
            kinds.append("intro")
        elif _ORG_SIZE.search(s):
            kinds.append("size")
        elif is_contentless(s) or _LEAD_ONLY.match(s):
            kinds.append("none")
        else:
            return False
    return "intro" in kinds


# How long the customer has been one ("I've been a member for three years", "Jestem członkiem od 2019", "Chodzę od czterech lat",
# "уже четыре года хожу", "a loyal customer"): a membership, a habit of use or a customer noun with years or a year it began.
_YEARS_EN = r"(?:over |more than |almost |nearly |about |around |the (?:last|past) )?(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|many|several|a few|a couple of) )?years"
_YEARS_PL = (r"(?:ponad |prawie |blisko |już |dobrych )?(?:(?:\d+|dwa|trzy|cztery) lata|(?:\d+|pięć|sześć|siedem|osiem|dziewięć|dziesięć|kilka|kilkanaście|wiele|parę) lat|"
             r"(?:\d+|dwóch|trzech|czterech|pięciu|sześciu|siedmiu|ośmiu|dziewięciu|dziesięciu|kilku|wielu|paru) lat|lat\b)")
_YEARS_RU = r"(?:\d+|два|три|четыре|пять|шесть|семь|восемь|девять|десять|несколько|много|пару) (?:года|лет)|(?:больше|более) (?:года|\w+ лет)"
_TENURE = re.compile(fold(
    r"(?<!\w)(?:"
    r"(?:(?:member|customer|client|user|subscriber)s?|with (?:you|them|you guys|this (?:gym|club|bank|company|app)))\s+(?:for\s+" + _YEARS_EN
    + r"|since (?:19|20)\d\d)\b"
    r"|(?:been|be) (?:going|coming|training|banking|shopping|ordering|using (?:it|you|them|this|the app|the service)|here)"
    r"(?: here| there| to (?:you|them|this \w+))?\s+(?:for\s+"
    + _YEARS_EN + r"|since (?:19|20)\d\d)\b"
    r"|(?:i['’]?m|i am|we['’]?re|we are|as|been) (?:a |an |your |one of your )?(?:long-?time|longstanding|long-standing|loyal|regular) "
    r"(?:member|customer|client|user|subscriber)s?\b"
    r"|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|many|several) years (?:as a|of being a) (?:member|customer|client|user)"
    r"|(?:członki\w*|członkiem|klient\w*|użytkowni\w*|chodzę|chodzimy|ćwiczę|trenuję|korzystam|jestem (?:z wami|u was))"
    r"(?: \w+){0,3}? (?:od|przez) (?:" + _YEARS_PL + r"|(?:roku )?(?:19|20)\d\d)\b"
    r"|po (?:dwóch|trzech|czterech|pięciu|kilku|wielu|paru|\d+) latach\b"
    r"|(?:jestem|jesteśmy|byłam|byłem|byliśmy|jako) (?:wasz\w* |twoj\w* )?(?:stał|wiern|długoletn|wieloletn)\w* (?:członki\w*|członkiem|klient\w*|bywal\w*)"
    r"|(?:хожу|ходим|занимаюсь|занимаемся|пользуюсь|пользуемся|клиент\w*|с вами|у вас)(?: \w+){0,3}? (?:уже )?(?:" + _YEARS_RU + r"|с (?:19|20)\d\d)"
    r"|(?:уже )?(?:" + _YEARS_RU + r") (?:хожу|ходим|занимаюсь|пользуюсь|с вами|у вас|как клиент)"
    r"|(?:я|мы|как|можно сказать,?) (?:ваш\w* )?(?:постоянн|давн|лояльн)\w* клиент"
    r")"), re.IGNORECASE)


def states_tenure(text: str) -> bool:
    """True when a turn says the customer has been one for years: evidence of the journey's late phase, wherever in an interview it
    is said.

    Example:
        >>> [states_tenure(t) for t in ("I've been a member for three years", "Jestem członkiem od 2019", "Chodzę od czterech lat",
        ...                             "уже четыре года хожу", "I signed a two-year contract")]
        [True, True, True, True, False]
    """
    return bool(_TENURE.search(fold(str(text))))


# What would happen if ("If I go annual and it's not for me, do I get the rest refunded?", "A jak ślub się przesunie, to zaliczka
# przepada?", "если посылка потеряется, вы компенсируете?"): a condition and a question in one sentence. An English "if" after a verb
# of knowing or asking is "whether" ("can you check if my order shipped?"), no condition; Polish says "czy" there.
_WHAT_IF = re.compile(fold(
    r"(?<!\w)(?:(?<!know )(?<!check )(?<!see )(?<!ask )(?<!asking )(?<!wonder )(?<!wondering )(?<!sure )(?<!tell me )(?<!confirm )"
    r"(?<!find out )(?<!clarify )if|in case|jeśli|jeżeli|gdyby\w*|a jak|w razie|w przypadku|если|а вдруг|в случае)(?!\w)"), re.IGNORECASE)
# A polite "if" puts no condition: "If possible, could you call me back?", "jeśli to możliwe", "если не сложно", "if you can"
_POLITE_IF = re.compile(fold(
    r"(?<!\w)(?:if (?:(?:it['’]?s|it is) )?possible|if you (?:can|could)(?!\w|['’]?t\b| not)|"
    r"(?:jeśli|jeżeli) (?:to )?(?:(?:jest|będzie) )?możliwe|(?:jeśli|jeżeli) (?:można|się da)(?!\w)|"
    r"если (?:это )?возможно|если (?:можно|(?:вам )?не (?:сложно|трудно)))(?!\w)"), re.IGNORECASE)
# ... unless the customer already has it: has bought or ordered ("I ordered the wrong shade, can I exchange it if I opened it?",
# "what if it's thawed when it gets here?"), renews or cancels ("If I renew now, do I keep my discount?", "Если я отменю подписку,
# деньги вернут?") or names their own subscription, plan, booking or flight ("If my flight is delayed, do I get compensation?")
_BOUGHT = re.compile(fold(
    r"(?<!\w)(?:i(?: have|['’]ve)? (?:ordered|bought|booked|paid|purchased)|(?:my|the) order\b|when it (?:gets|arrives|comes)|"
    r"renew(?:s|ed|ing|al)?\b|cancel(?:s|l?ed|l?ing)?\b|"
    r"my (?:subscription|plan|membership|account|booking|reservation|flight|contract|policy|tariff)s?\b|"
    r"(?:zamówi|kupi|zapłaci|opłaci)(?:łam|łem|liśmy|łyśmy)|moje zamówienie|odnow\w*|zrezygnuj\w*|anuluj\w*|"
    r"moj(?:a|ą|ej) (?:subskrypcj|umow|rezerwacj|polis|karnet)\w*|(?:mój|mojego|moim) (?:abonament|karnet|lot)\w*|"
    r"(?:заказал|купил|оплатил)(?:а|и)?(?!\w)|мой заказ|отмен(?:ю|им|ить|ите|яю)(?!\w)|продл\w*|"
    r"мо(?:я|ю|ей|й|его|ем|им) (?:подписк|тариф|абонемент|бронь|брони|полис|договор|рейс)\w*)"),
    re.IGNORECASE)
# ... or has told a fault of it as a fact, not as the condition: "The heater broke again. If I send it back, who pays shipping?"
_FAULT = re.compile(fold(
    r"(?<!\w)(?:broke|broken|stopped working|(?:doesn['’]?t|does not|isn['’]?t|is not|not) work(?:ing)?(?! out)|"
    r"(?:zepsuł|przestał|rozpruł|pękł|popsuł)\w*|nie działa|(?:сломал|перестал|порвал|треснул)\w*|не работает)(?!\w)"),
    re.IGNORECASE)


def asks_what_if(text: str) -> bool:
    """True when a sentence asks what would happen if something happened: a condition and a question mark in one sentence. The
    customer is weighing what they have not yet bought (the warranty, the return or cancellation terms), so the refund or breakage
    it names is no claim. One who already has it is past that: who says they have bought ("I ordered", "zamówiłam", "мой заказ"),
    renews or cancels, names their own subscription or flight, or tells a fault outside the condition ("The heater broke again.
    If I send it back, …"). A polite "if possible" / "jeśli to możliwe" / "если не сложно" is no condition.

    Example:
        >>> [asks_what_if(t) for t in ("If the file doesn't open on my old Kindle, do I get my money back?",
        ...                            "A jak ślub się przesunie, to zaliczka przepada?", "если посылка потеряется, вы компенсируете?",
        ...                            "Can you check if the parcel shipped?", "If it breaks again I want a refund.",
        ...                            "I ordered the wrong shade, can I exchange it if I opened it once?",
        ...                            "Если я отменю подписку, деньги вернут?", "The heater broke. If I send it back, who pays?",
        ...                            "If possible, could you call me back?")]
        [True, True, True, False, False, False, False, False, False]
    """
    text = fold(str(text))
    if _BOUGHT.search(text):
        return False
    asked = False
    for sentence in split_sentences(text):
        sentence = _POLITE_IF.sub(" ", sentence)
        cond = _WHAT_IF.search(sentence)
        if _FAULT.search(sentence[:cond.start()] if cond else sentence):
            return False
        asked = asked or bool(cond and "?" in sentence)
    return asked


def contentless_anchors(prev: np.ndarray, gap_days: np.ndarray, empty: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pass over contentless turns in conversations: the previous turn with content, the time since it,
    and for each contentless turn its anchor, the turn whose stage it takes.

    Args:
        prev: Position of each turn's previous customer turn in its document (-1: none), as in
            :func:`conversation_context`.
        gap_days: Days since that turn (NaN without timestamps).
        empty: Which turns are contentless (:func:`is_contentless`).

    Returns:
        ``(prev, gap_days, anchor)``: ``prev`` with contentless turns passed over and ``gap_days`` summed
        across them; ``anchor`` the nearest turn with content before a contentless turn, else the nearest
        after it, else -1 (-1 for turns with content).

    Example:
        >>> p, g, a = contentless_anchors(np.array([-1, 0, 1, -1]), np.array([np.nan, 1.0, 2.0, np.nan]),
        ...                               np.array([False, True, False, True]))
        >>> p.tolist(), g.tolist()[2], a.tolist()
        ([-1, 0, 0, -1], 3.0, [-1, 0, -1, -1])
    """
    prev, empty = np.asarray(prev, dtype=int), np.asarray(empty, dtype=bool)
    gap = np.asarray(gap_days, dtype=float)
    nxt = np.full(len(prev), -1, dtype=int)
    for j, p in enumerate(prev):
        if p >= 0:
            nxt[p] = j
    skipped, summed = prev.copy(), gap.copy()
    for j in range(len(prev)):
        while skipped[j] >= 0 and empty[skipped[j]]:
            summed[j] += gap[skipped[j]]
            skipped[j] = prev[skipped[j]]
    anchor = np.full(len(prev), -1, dtype=int)
    for j in np.flatnonzero(empty):
        a = skipped[j]
        if a < 0:
            a = nxt[j]
            while a >= 0 and empty[a]:
                a = nxt[a]
        anchor[j] = a
    return skipped, summed, anchor


def opening_templates(frame: pd.DataFrame, min_docs: int = OPENER_DOCS, vectors=None,
                      seed: int = 0) -> frozenset[str]:
    """Opening turns the company repeats across documents: a bot's greeting, an agent's canned hello.

    A document's first turn counts when it is not the customer's and the document does not answer
    questions (:data:`ANSWERING_SOURCES`: an interview guide's first question is a real question).
    Texts are compared with case, digits and punctuation ignored.

    With ``vectors``, an opener is a template only if the customer messages that follow it are no
    more alike than customers' first messages drawn at random (at the 95th percentile of 50 seeded
    draws of the same size, each message replaced by one in its own language when ``frame`` has a
    ``lang`` column: texts of one language are alike in any multilingual space): after "How can I
    help?" customers write about anything, after a proactive "Your delivery is delayed" they write
    about the delivery, and that opener stays a prompt.

    Args:
        frame: The whole segment table (all roles) with ``doc_id`` and ``text``; ``turn_index``,
            ``chunk_index``, ``is_customer`` (or ``role``) and ``source_type`` are used when present.
        min_docs: Documents that must open with the same text.
        vectors: Optional row-aligned embeddings of ``frame`` (all-zero rows where not embedded).
        seed: Seed of the random draws.

    Returns:
        The templates' keys, to pass to :func:`conversation_context` as ``skip_prompts``.

    Example:
        >>> t = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c"], "turn_index": [0, 1] * 3,
        ...                   "is_customer": [False, True] * 3, "source_type": "chat",
        ...                   "text": ["Hi! How can I help?", "x", "hi, how can I help", "y", "Hi! How can I help?", "z"]})
        >>> sorted(opening_templates(t))
        ['hi how can i help']
    """
    if not len(frame) or "doc_id" not in frame or "text" not in frame:
        return frozenset()
    n = len(frame)
    turn = pd.to_numeric(frame["turn_index"], errors="coerce").fillna(0).to_numpy() if "turn_index" in frame else np.zeros(n)
    chunk = pd.to_numeric(frame["chunk_index"], errors="coerce").fillna(0).to_numpy() if "chunk_index" in frame else np.zeros(n)
    doc = frame["doc_id"].astype(str).to_numpy()
    order = np.lexsort((np.arange(n), chunk, turn, doc))
    first = order[np.r_[True, doc[order][1:] != doc[order][:-1]]]  # each document's first turn
    first = first[~customer_flags(frame)[first] & ~answers_questions(_sources(frame)[first])]
    if not len(first):
        return frozenset()
    keys = pd.Series([_turn_key(t) for t in frame["text"].fillna("").astype(str).to_numpy()[first]])
    counts = keys[keys != ""].value_counts()
    found = frozenset(counts.index[counts >= min_docs])
    if vectors is None or not found:
        return found
    # each document's first customer turn, and which opener (if any) it follows
    cust = customer_flags(frame)
    ranked = order[cust[order]]
    first_cust = ranked[np.r_[True, doc[ranked][1:] != doc[ranked][:-1]]]
    opener_of = dict(zip(doc[first], keys))
    rng = np.random.default_rng(seed)
    if len(first_cust) > _OPENER_SAMPLE:  # a seeded sample estimates how alike messages are; memory stays small
        first_cust = np.sort(rng.choice(first_cust, _OPENER_SAMPLE, replace=False))
    V = np.asarray(vectors[first_cust], dtype=np.float32)
    norms = np.linalg.norm(V, axis=1)
    ok = norms > 0
    first_cust, V = first_cust[ok], V[ok] / norms[ok, None]
    follows = np.array([opener_of.get(d, "") for d in doc[first_cust]], dtype=object)
    lang = (frame["lang"].fillna("").astype(str).to_numpy()[first_cust] if "lang" in frame
            else np.array([""] * len(first_cust), dtype=object))
    pools = {lg: np.flatnonzero(lang == lg) for lg in np.unique(lang)}
    kept = set()
    for key in sorted(found):
        idx = np.flatnonzero(follows == key)
        if len(idx) < 2:
            kept.add(key)  # too few embedded replies to tell: repetition decides
            continue
        alike = float(np.square(V[idx].mean(0)).sum())
        need = pd.Series(lang[idx]).value_counts().sort_index()
        draws = []
        for _ in range(50):
            pick = np.concatenate([rng.choice(pools[lg], k, replace=False) for lg, k in need.items()])
            draws.append(float(np.square(V[pick].mean(0)).sum()))
        if alike <= np.quantile(draws, 0.95):
            kept.add(key)
    return frozenset(kept)


def company_macros(frame: pd.DataFrame, min_docs: int = OPENER_DOCS) -> frozenset[str]:
    """Agent and bot turns repeated word for word across conversations after their opening: canned replies
    ("Did that answer your question?", "Could you send us the receipt?").

    A short reply to a macro ("Niestety nie pomogło", "card ends in 4165") is about the customer's problem,
    not the macro: read with the macro, every answer to it would form one theme whatever the problem. A
    document's first turn is left to :func:`opening_templates`, which keeps an opener customers answer on
    topic as a prompt; an interviewer's repeated question is no macro (the guide's questions are real prompts,
    :data:`ANSWERING_SOURCES`).

    Returns:
        Keys (as :func:`opening_templates` gives them) of later company turns repeated in at least
        ``min_docs`` documents.

    Example:
        >>> t = pd.DataFrame({"doc_id": list("aabbcc"), "turn_index": [0, 1] * 3, "is_customer": [True, False] * 3,
        ...                   "source_type": "chat", "text": ["x", "Did that help?", "y", "did that help", "z", "Done."]})
        >>> sorted(company_macros(t, min_docs=2))
        ['did that help']
    """
    if not len(frame) or "doc_id" not in frame or "text" not in frame:
        return frozenset()
    n = len(frame)
    turn = pd.to_numeric(frame["turn_index"], errors="coerce").fillna(0).to_numpy() if "turn_index" in frame else np.zeros(n)
    doc = frame["doc_id"].astype(str).to_numpy()
    order = np.lexsort((np.arange(n), turn, doc))
    later = np.ones(n, bool)
    later[order[np.r_[True, doc[order][1:] != doc[order][:-1]]]] = False   # each document's first turn
    company = ~customer_flags(frame) & later & ~answers_questions(_sources(frame))
    if not company.any():
        return frozenset()
    keys = pd.DataFrame({"key": [_turn_key(t) for t in frame["text"].fillna("").astype(str).to_numpy()[company]],
                         "doc": doc[company]})
    docs = keys[keys["key"] != ""].drop_duplicates().groupby("key")["doc"].size()
    return frozenset(docs.index[docs >= min_docs])


def conversation_context(frame: pd.DataFrame, min_interview_turns: int = 2,
                         skip_prompts: frozenset[str] = frozenset(), survey_questions: bool = False) -> pd.DataFrame:
    """Context of every row of a segment table, from its document.

    Args:
        frame: Rows with ``doc_id``, ``turn_index``, ``text`` and ``is_customer`` (or ``role``);
            ``timestamp``, ``chunk_index`` and ``source_type`` are used when present. Any order.
        min_interview_turns: Interviews with fewer customer turns get no ``position``.
        skip_prompts: Keys of turns that are never a prompt (:func:`opening_templates`).
        survey_questions: A survey answer's prompt is its question (``meta_question``, when the
            frame has it). Stage mapping reads an answer with its question; clustering does not.

    Returns:
        A frame aligned with ``frame`` (same index) with columns ``prompt`` (text of the
        non-customer turn right before this customer turn, else ""), ``prev`` (positional row
        number in ``frame`` of the previous customer segment of the document, -1 if none),
        ``gap_days`` (days since that segment, NaN without two timestamps) and ``position``
        (0..1 among the interview's customer turns, NaN outside long-enough interviews). A survey
        respondent's answers (``source_type == "survey"``) are not a conversation: no previous turn and
        no position; each answers its own question, their ``prompt`` with ``survey_questions``.

    Example:
        >>> t = pd.DataFrame({"doc_id": ["d", "d"], "turn_index": [0, 1], "is_customer": [False, True],
        ...                   "text": ["How did you hear about us?", "A friend."]})
        >>> conversation_context(t)["prompt"].tolist()
        ['', 'How did you hear about us?']
    """
    n = len(frame)
    cust = customer_flags(frame)
    doc = frame["doc_id"].astype(str).to_numpy() if "doc_id" in frame else np.array([""] * n, dtype=object)
    turn = pd.to_numeric(frame["turn_index"], errors="coerce").fillna(0).to_numpy() if "turn_index" in frame else np.zeros(n)
    chunk = pd.to_numeric(frame["chunk_index"], errors="coerce").fillna(0).to_numpy() if "chunk_index" in frame else np.zeros(n)
    if "timestamp" in frame:
        ts = pd.to_datetime(frame["timestamp"].fillna("").astype(str).replace("", None), errors="coerce", utc=True,
                            format="ISO8601")
        days = ((ts - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds() / 86400.0).to_numpy(float)
    else:
        days = np.full(n, np.nan)
    source = _sources(frame)
    texts = frame["text"].fillna("").astype(str).to_numpy() if "text" in frame else np.array([""] * n, dtype=object)

    prompt = np.array([""] * n, dtype=object)
    own = survey_answers(frame) if survey_questions else np.zeros(n, bool)
    if own.any():
        prompt[own] = frame["meta_question"].astype(str).str.strip().to_numpy(dtype=object)[own]
    prev = np.full(n, -1, dtype=int)
    gap = np.full(n, np.nan)
    position = np.full(n, np.nan)
    # stable order inside a document: turn, then chunk, then the table's own order
    order = np.lexsort((np.arange(n), chunk, turn))
    by_doc: dict[str, list[int]] = {}
    for i in order:
        by_doc.setdefault(doc[i], []).append(int(i))
    for rows in by_doc.values():
        # a survey respondent's answers are to different questions, not a conversation: no turn context
        if len(rows) < 2 or all(source[i] == "survey" for i in rows):
            continue
        last_cust, last_turn_prompt = -1, ""
        cust_rows = [i for i in rows if cust[i]]
        for k, i in enumerate(rows):
            if not cust[i]:
                last_turn_prompt = "" if skip_prompts and _turn_key(texts[i]) in skip_prompts else texts[i]
                continue
            # the prompt counts only for the customer turn that answers it (all chunks of that turn)
            if last_turn_prompt:
                prompt[i] = last_turn_prompt
            if last_cust >= 0:
                prev[i] = last_cust
                if not (np.isnan(days[i]) or np.isnan(days[last_cust])):
                    gap[i] = days[i] - days[last_cust]
            last_cust = i
            # a later customer turn of a different record no longer answers the same prompt
            nxt = rows[k + 1] if k + 1 < len(rows) else None
            if nxt is None or turn[nxt] != turn[i]:
                last_turn_prompt = ""
        if len(cust_rows) >= max(min_interview_turns, 2) and all(source[i] == "interview" for i in cust_rows):
            for r, i in enumerate(cust_rows):
                position[i] = r / (len(cust_rows) - 1)
    return pd.DataFrame({"prompt": prompt, "prev": prev, "gap_days": gap, "position": position}, index=frame.index)


def transition_matrix(k: int, long_gap: bool = False) -> np.ndarray:
    """Row-stochastic (k, k) matrix: from stage a (row) to stage b (column) at the next customer turn.

    Staying is likeliest; moving forward is likelier than moving back, and more so after a long gap.
    """
    stay, fwd, back = (0.2, 0.65, 0.15) if long_gap else (0.6, 0.25, 0.15)
    T = np.zeros((k, k))
    for a in range(k):
        f = np.array([0.6 ** (b - a - 1) for b in range(a + 1, k)])
        bk = np.array([0.6 ** (a - b - 1) for b in range(a)])
        T[a, a] = stay
        if len(f):
            T[a, a + 1:] = fwd * f / f.sum()
        if len(bk):
            T[a, :a] = back * bk / bk.sum()
        T[a] /= T[a].sum()
    return T


def _log_softmax(L: np.ndarray) -> np.ndarray:
    Z = L - L.max(axis=1, keepdims=True)
    return Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))


def context_logits(L: np.ndarray, context: pd.DataFrame, texts, prompt_logits: np.ndarray | None,
                   params: ContextParams = ContextParams()) -> np.ndarray:
    """Add conversation evidence to per-row stage log-scores.

    Args:
        L: (n, k) log-scores of the rows from :meth:`StageMapper.logits`, stages in journey order.
        context: :func:`conversation_context` of the same n rows (``prev`` refers to positions in L;
            -1 or a position outside L means no previous turn).
        texts: The n rows' texts (answer length).
        prompt_logits: (n, k) log-scores of each row's prompt (rows without a prompt are ignored),
            or None to skip the prompt evidence.
        params: Weights.

    Returns:
        The adjusted (n, k) log-scores.
    """
    L = np.asarray(L, dtype=np.float64).copy()
    n, k = L.shape
    prompts = context["prompt"].to_numpy()
    if prompt_logits is not None and params.question_weight:
        lp = _log_softmax(np.asarray(prompt_logits, dtype=np.float64))
        for i in range(n):
            if prompts[i]:
                words = len(str(texts[i]).split())
                alpha = params.question_weight * max(0.0, 1.0 - words / max(params.max_answer_words, 1))
                if alpha > 0:
                    L[i] += alpha * lp[i]
    pos = context["position"].to_numpy(float)
    if params.position_weight and k > 1:
        stage_pos = np.arange(k) / (k - 1)
        for i in np.flatnonzero(~np.isnan(pos)):
            L[i] -= params.position_weight * (stage_pos - pos[i]) ** 2
    if params.transition_weight and k > 1:
        prev = context["prev"].to_numpy(int)
        gaps = context["gap_days"].to_numpy(float)
        T_near, T_far = transition_matrix(k), transition_matrix(k, long_gap=True)
        # the previous turn's own evidence (question + position, not yet smoothed): one causal pass
        P = np.exp(_log_softmax(L))
        add = np.zeros_like(L)
        for i in range(n):
            p = prev[i]
            if 0 <= p < n and p != i:
                T = T_far if (not np.isnan(gaps[i]) and gaps[i] > params.gap_days) else T_near
                add[i] = params.transition_weight * np.log(P[p] @ T + 1e-12)
        L = L + add
    return L
