"""Short chat turns are clustered together with the turn they answer (pipeline.stages.cluster)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.config import load_config
from pipeline.journey import company_macros, opening_templates
from pipeline.stages.cluster import build_themes, context_texts, with_context


def _chat() -> pd.DataFrame:
    rows = [  # doc, turn, customer?, text, kind
        ("c1", 0, True, "Kod LATO15 nie działa na sofę, pisze że nie dotyczy produktu", "pain_point"),
        ("c1", 1, False, "Kod LATO15 nie łączy się z promocją na sofy.", ""),
        ("c1", 2, True, "czyli nie da się nic zrobić", "pain_point"),
        ("c2", 0, True, "i klatka wąska, zakręt na półpiętrze", "pain_point"),   # first turn: nothing before it
        ("c2", 1, True, "i jeszcze nikt nie odbiera telefonu", "pain_point"),    # previous customer turn
        ("c3", 0, False, "Czy mogę jeszcze w czymś pomóc?", ""),
        ("c3", 1, True, "Zwrot pieniędzy za sofę trwa już pięć tygodni, obiecaliście czternaście dni, "
                        "a na maile nikt nie odpowiada od miesiąca", "pain_point"),   # long: speaks for itself
    ]
    t = pd.DataFrame(rows, columns=["doc_id", "turn_index", "is_customer", "text", "kind"])
    t["embedded"] = t["is_customer"]
    return t


def test_context_is_the_turn_before_else_the_customers_previous_turn():
    t = _chat()
    found = context_texts(t, np.array([2, 3, 4]))
    assert found == {
        2: "Kod LATO15 nie łączy się z promocją na sofy.\nczyli nie da się nic zrobić",
        4: "i klatka wąska, zakręt na półpiętrze\ni jeszcze nikt nie odbiera telefonu",
    }
    # the block size does not change the result (documents are never split)
    assert context_texts(t, np.array([2, 3, 4]), block=1) == found


def test_only_short_turns_of_clustered_kinds_get_context_and_the_input_is_not_changed():
    t = _chat()
    rng = np.random.default_rng(0)
    V = rng.standard_normal((len(t), 8)).astype(np.float32)
    V[~t["embedded"].to_numpy()] = 0.0
    before = V.copy()
    seen: list[str] = []

    def embed(texts):
        seen.extend(texts)
        return np.ones((len(texts), 8), np.float32)

    rows, C = with_context(t, V, embed, ["pain_point"], max_words=8)
    np.testing.assert_array_equal(V, before)
    assert rows.tolist() == [2, 4] and len(seen) == 2 and seen[0].endswith("czyli nie da się nic zrobić")
    expected = before[2] / np.linalg.norm(before[2]) + np.ones(8) / np.sqrt(8)
    np.testing.assert_allclose(C[0], expected / np.linalg.norm(expected), rtol=1e-5)
    # switched off, or for a kind that is not clustered: nothing is embedded or returned
    seen.clear()
    for args in ((["pain_point"], 0), (["question"], 8)):
        rows, C = with_context(t, V, embed, *args)
        assert len(rows) == 0 and C.shape == (0, 8) and not seen


def test_a_reply_joins_the_theme_of_what_it_answers():
    """Six complaints about promo codes, six about refunds, and six short replies ("czyli nic się nie
    da zrobić") whose own vectors say nothing about either topic; each answers an agent message
    about one topic and, read with it, joins that topic's theme."""
    rng = np.random.default_rng(3)
    dim = 16
    promo, refund = np.eye(dim)[0], np.eye(dim)[1]

    def vec(base):
        v = base + 0.05 * rng.standard_normal(dim)
        return v / np.linalg.norm(v)

    rows, vecs = [], []
    for i in range(6):
        rows.append((f"p{i}", 0, True, f"kod rabatowy numer {i} nie działa w koszyku", "pain_point"))
        vecs.append(vec(promo))
        rows.append((f"r{i}", 0, True, f"zwrot pieniędzy numer {i} trwa już tygodnie", "pain_point"))
        vecs.append(vec(refund))
    for j in range(6):
        agent = "Kod rabatowy nie działa z tą promocją." if j % 2 == 0 else "Zwrot pieniędzy trwa do 14 dni."
        doc = f"a{j}"
        rows.append((doc, 0, False, agent, ""))
        vecs.append(np.zeros(dim))
        rows.append((doc, 1, True, "czyli nic się nie da zrobić", "pain_point"))
        vecs.append(vec(np.r_[0.0, 0.0, rng.standard_normal(dim - 2)]))  # no topic of its own
    t = pd.DataFrame(rows, columns=["doc_id", "turn_index", "is_customer", "text", "kind"])
    t["embedded"] = t["is_customer"]
    t["lang"], t["segment_id"] = "pl", [f"s{i}" for i in range(len(t))]
    V = np.array(vecs, dtype=np.float32)

    def embed(texts):  # the context's topic decides its vector
        return np.array([vec(promo if "Kod" in s.split("\n")[0] else refund) for s in texts], dtype=np.float32)

    cfg = load_config(overrides={"cluster": {"subthemes": False}}).cluster
    m = t["embedded"].to_numpy()
    sub = t[m].reset_index(drop=True)
    plain = build_themes(sub, V[m], ["pain_point"], cfg, seed=0).ids
    # the agent messages open their chats, three times each: say they are not templates (the random
    # reply vectors here would pass for the diverse replies a greeting gets; see the tests below)
    rows, C = with_context(t, V, embed, ["pain_point"], cfg.context_words, openers=frozenset())
    Vc = V.copy()
    Vc[rows] = C
    where = np.cumsum(m) - 1  # table row -> row of sub; the replies' own vectors, as the stage hands them on
    joined = build_themes(sub, Vc[m], ["pain_point"], cfg, seed=0, own={int(where[r]): V[r] for r in rows}).ids
    promo_rows = set(sub.index[sub["doc_id"].str.startswith("p")])
    refund_rows = set(sub.index[sub["doc_id"].str.startswith("r")])
    replies = sub.index[sub["doc_id"].str.startswith("a")]
    assert len(rows) == 6
    def right(ids):
        return sum(set(ids[list(promo_rows if k % 2 == 0 else refund_rows)]) == {ids[r]} for k, r in enumerate(replies))

    assert right(plain) <= 3, plain  # without context the replies land anywhere
    # with context each reply shares the theme of the topic it answers
    wrong = [k for k, r in enumerate(replies)
             if joined[r] >= 0 and joined[r] != joined[min(promo_rows if k % 2 == 0 else refund_rows)]]
    assert right(joined) >= 5 and not wrong, (plain, joined)  # a reply may still be left in 'other'


def test_a_reply_whose_own_words_are_off_topic_does_not_name_the_theme():
    from pipeline.stages.cluster import off_topic_replies
    from pipeline.themes import name_theme

    texts = ["a głębokość tego zakrętu?", "Jaka głębokość siedziska? Na stronie nie ma.", "jak mam zmierzyć głębokość sofy",
             "głębokość siedziska sofy Lugano", "ile ma głębokości siedzisko w narożniku"]
    rng = np.random.default_rng(0)
    topic = np.eye(8)[0]
    V = np.array([topic + 0.1 * rng.standard_normal(8) for _ in texts], dtype=np.float32)
    V[0] = topic  # read with the agent's message about seat depth, the reply sits at the centre
    replies = {0: np.eye(8)[5], 2: topic + 0.05 * np.eye(8)[1]}  # own words: off topic / on topic
    avoid = off_topic_replies(np.arange(5), V, replies)
    assert avoid == {0}
    plain = name_theme(np.arange(5), texts, ["pl"] * 5, V, list("abcde"), main_lang="pl")
    named = name_theme(np.arange(5), texts, ["pl"] * 5, V, list("abcde"), main_lang="pl", avoid=frozenset(avoid))
    assert plain["label"] == texts[0] and named["label"] != texts[0]
    assert off_topic_replies(np.arange(5), V, {}) == set()


def _greeted_chats(n: int, source: str = "chat") -> pd.DataFrame:
    """``n`` chats opened by the same bot greeting (punctuation and case vary), each followed by a
    short customer message about something else, then an agent's topical question and a reply."""
    greetings = ["Cześć! Jestem Sofi, wirtualna asystentka. W czym mogę pomóc?",
                 "cześć, jestem Sofi, wirtualna asystentka - w czym mogę pomóc"]
    topics = ["w biurku brakuje śrub", "nie ma głębokości siedziska na stronie", "kod rabatowy nie działa"]
    rows = []
    for i in range(n):
        doc = f"c{i}"
        rows += [(doc, 0, False, greetings[i % 2], "", source),
                 (doc, 1, True, topics[i % 3], "pain_point", source),
                 (doc, 2, False, "Proszę podać numer zamówienia i zdjęcie.", "", source),
                 (doc, 3, True, "zaraz wyślę", "pain_point", source)]
    t = pd.DataFrame(rows, columns=["doc_id", "turn_index", "is_customer", "text", "kind", "source_type"])
    t["embedded"] = t["is_customer"]
    return t


def test_a_repeated_bot_greeting_is_an_opening_template_and_not_the_turn_before():
    t = _greeted_chats(3)
    assert opening_templates(t) == {"cześć jestem sofi wirtualna asystentka w czym mogę pomóc"}
    found = context_texts(t, np.array([1, 3, 5, 7]))
    # the first message is read alone; the reply to the agent's canned question is read with what the
    # customer wrote before it (see the macro test below)
    assert 1 not in found and 5 not in found
    assert found[3] == "w biurku brakuje śrub\nzaraz wyślę"
    assert found[7] == "nie ma głębokości siedziska na stronie\nzaraz wyślę"
    # passing no templates reads the greeting as before
    assert context_texts(t, np.array([1]), openers=frozenset()) == {1: t.loc[0, "text"] + "\n" + t.loc[1, "text"]}


def test_a_reply_to_a_company_macro_is_read_with_the_customers_own_previous_turn():
    """An agent's canned "Could you send the receipt?" in many chats: read with it, every "card ends in …"
    reply would form one theme of receipts whatever the problem; read with the customer's own previous
    turn, each joins its problem. A question asked in one chat only stays the turn before."""
    problems = ["I was charged twice for Premium", "my trial was charged without warning",
                "Premium is not active after paying", "the annual plan charged me monthly"]
    rows = []
    for i, problem in enumerate(problems):
        doc = f"c{i}"
        rows += [(doc, 0, True, problem, "pain_point", "chat"),
                 (doc, 1, False, "Could you send us the receipt, please?" if i < 3 else "Which card did you use?", "", "chat"),
                 (doc, 2, True, f"card ends in {4100 + i}", "pain_point", "chat")]
    t = pd.DataFrame(rows, columns=["doc_id", "turn_index", "is_customer", "text", "kind", "source_type"])
    assert company_macros(t) == {"could you send us the receipt please"}
    found = context_texts(t, np.array([2, 5, 8, 11]))
    assert [found[r] for r in (2, 5, 8)] == [f"{p}\ncard ends in {4100 + i}" for i, p in enumerate(problems[:3])]
    assert found[11] == "Which card did you use?\ncard ends in 4103"
    # an interviewer's repeated question is no macro
    assert company_macros(t.assign(source_type="interview")) == frozenset()


def test_opening_templates_need_several_documents_and_are_not_interview_questions():
    assert opening_templates(_greeted_chats(2)) == frozenset()          # two chats: not yet a template
    assert opening_templates(_greeted_chats(3, source="interview")) == frozenset()  # a guide's question is real
    t = _greeted_chats(3)
    t.loc[t["turn_index"] == 0, "is_customer"] = True                   # the customer opens: not the company's
    assert opening_templates(t) == frozenset()
    # the first turn is found whatever the table's order
    shuffled = _greeted_chats(4).sample(frac=1.0, random_state=0)
    assert len(opening_templates(shuffled)) == 1


def test_greeted_first_messages_keep_their_own_vectors():
    t = _greeted_chats(3)
    V = np.random.default_rng(1).standard_normal((len(t), 8)).astype(np.float32)
    rows, C = with_context(t, V, lambda texts: np.ones((len(texts), 8), np.float32), ["pain_point"], max_words=8)
    assert rows.tolist() == [3, 7, 11]   # the replies to the agent, not the greeted first messages


def test_a_proactive_opener_that_customers_answer_stays_a_prompt():
    """Both openers repeat across chats; only after the greeting do customers write about anything."""
    rng = np.random.default_rng(5)
    dim, rows, vecs = 16, [], []
    delivery = np.eye(dim)[0]
    for i in range(16):
        proactive = i % 2 == 1
        opener = "Your delivery is delayed by two days, sorry!" if proactive else "Hi! How can I help you today?"
        rows += [(f"c{i}", 0, False, opener, "", "chat"), (f"c{i}", 1, True, f"message {i}", "pain_point", "chat")]
        v = 3 * delivery + rng.standard_normal(dim) if proactive else rng.standard_normal(dim)
        vecs += [np.zeros(dim), v / np.linalg.norm(v)]
    t = pd.DataFrame(rows, columns=["doc_id", "turn_index", "is_customer", "text", "kind", "source_type"])
    V = np.array(vecs, dtype=np.float32)
    assert len(opening_templates(t)) == 2                          # by repetition alone, both
    assert opening_templates(t, vectors=V) == {"hi how can i help you today"}
    assert opening_templates(t, vectors=V, seed=1) == opening_templates(t, vectors=V)
    # a company macro is a later turn: the proactive opener stays the prompt its replies are read with
    assert company_macros(t) == frozenset()
    found = context_texts(t, np.array([1, 3]), openers=opening_templates(t, vectors=V) | company_macros(t))
    assert found == {3: "Your delivery is delayed by two days, sorry!\nmessage 1"}


def test_replies_alike_only_in_language_do_not_make_a_greeting_a_prompt():
    """The Russian bot greeting is followed by Russian messages: alike in language, not in topic."""
    rng = np.random.default_rng(7)
    dim, rows, vecs = 16, [], []
    lang_dir = {"ru": 3 * np.eye(dim)[1], "en": 3 * np.eye(dim)[2], "pl": 3 * np.eye(dim)[3]}
    for i in range(24):
        lang = "ru" if i < 6 else ("en" if i % 2 else "pl")
        opener = "Здравствуйте! Чем могу помочь?" if lang == "ru" else f"Hello, this is agent number {'abcdefghijklmnopqrstuvwx'[i]}"
        rows += [(f"c{i}", 0, False, opener, "", "chat", lang), (f"c{i}", 1, True, f"m{i}", "pain_point", "chat", lang)]
        v = lang_dir[lang] + rng.standard_normal(dim)
        vecs += [np.zeros(dim), v / np.linalg.norm(v)]
    t = pd.DataFrame(rows, columns=["doc_id", "turn_index", "is_customer", "text", "kind", "source_type", "lang"])
    V = np.array(vecs, dtype=np.float32)
    assert opening_templates(t, vectors=V) == {"здравствуйте чем могу помочь"}
    # without the language column the Russian replies look like a topic of their own
    assert opening_templates(t.drop(columns="lang"), vectors=V) == frozenset()


def test_a_survey_answer_is_not_read_with_the_respondents_other_answer():
    """Answers to "What did you like?" and "What could we improve?" are not a conversation: read
    together, "Dłuższa gwarancja na piankę" would have been clustered with "Obsługa w salonie"."""
    from pipeline.journey import conversation_context

    t = pd.DataFrame([("s1", 0, True, "Obsługa w salonie", "praise"),
                      ("s1", 1, True, "Dłuższa gwarancja na piankę", "request")],
                     columns=["doc_id", "turn_index", "is_customer", "text", "kind"])
    t["embedded"] = True
    as_chat = context_texts(t.assign(source_type="chat"), np.array([1]))
    assert as_chat == {1: "Obsługa w salonie\nDłuższa gwarancja na piankę"}   # a chat's reply reads its previous turn
    assert context_texts(t.assign(source_type="survey"), np.array([1])) == {}
    c = conversation_context(t.assign(source_type="survey"))
    assert c["prev"].tolist() == [-1, -1] and c["prompt"].tolist() == ["", ""]
