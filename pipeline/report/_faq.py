"""Read the user's current FAQ (Markdown or CSV) and find which question themes it already covers.

Coverage is decided with the run's embedder by *mutual rank*, which adapts to each theme and to the
embedder's similarity scale (e5 puts unrelated sentences near 0.8, the fake test embedder near 0).
For a question theme ``t`` and an FAQ entry ``e``:

* ``rank_t(e)``: the share of customer segments outside ``t`` that are less similar to the theme's
  centre than ``e`` is (does the entry read like a member of the theme?);
* ``rank_e(t)``: for the median member of ``t``, the share of the customer segments *of t's kind*
  outside ``t`` (the other questions; for the complaint check below, the other pain points or
  requests) that are less similar to ``e`` than that member is (are the theme's members among the
  questions nearest the entry?). A member is ranked among those of its own language (the encoder
  scores a text nearer another of its language, so a Russian question sat below English questions
  about anything beside an English entry); where fewer texts share the kind, or the language, than a
  rank needs to reach ``min_rank`` (10 for 0.9), among all customer segments outside ``t`` (of its kind).

The entry with the highest ``min(rank_t, rank_e)`` is the theme's match - for an entry and a theme that
are each other's best, the geometric mean of the two ranks, since a mutual best pair is neither a hub nor a
catch-all -; it covers the theme when that score reaches ``min_rank`` (0.9). Ranks, not raw cosines, mean the same for every embedder;
and requiring both directions defeats "hubs" - short, generic entries ("Is there a warranty?")
that sit close to every short question - as well as catch-all themes whose centre is close to
everything. An entry is its question, and its question with the answer (a terse "Payment options"
heading is matched through an answer that mentions instalments): the closer of the two counts. An
entry no question theme matches is checked the same way against pain-point and request themes
("raised as a complaint rather than asked"), or matches one whose own members raise it: members of at
least two documents and of three quarters of the theme's documents have it as their nearest entry and
rank among the complaints (requests) nearest it (>= ``min_rank``). A complaint theme's centre, of long
interview answers, sits far from a short title: dogfood16b's 8-entry FAQ had read all 8 "not asked",
"Does ShiftWise support SSO?" beside a pure SSO theme at 0.57; now SSO, the Excel import and support
hours are raised as complaints (the 4 hand-judged runs below unchanged; members of half the documents:
3 more wrong question matches, a right and a wrong complaint match more).

``rank_e`` had ranked the members among all customer segments, mostly statements, and every short
question's members sat near any question-shaped entry: a fitness club's "Ile kosztuje trening
personalny?" theme read "covered" by "Czy mogę przyprowadzić dziecko?" (0.93). Measured (session 15)
on four hand-judged runs, right / wrong / missed question-theme matches before -> after: that club
(8 question themes, a 6-entry FAQ) 3/2/0 -> 3/1/0; a Russian money-transfer app's calls and chats (17
themes, 12 entries) 7/1/0 -> 6/0/0; a language app's 1,500 chats (40, 16 entries) 18/4/3 -> 17/3/4;
corpora/sample with docs/sample_faq.md (40, 9 entries) 8/5/2 -> 8/4/2; in all 36 right / 12 wrong ->
34 / 8 (at ``min_rank`` 0.88: 36 / 9). The complaint check: 3 right / 2 wrong -> 2 / 2. Tried and not
kept, in all at 0.9: the question with its answer alone, 33 / 10 (the sample lost "Czy montaż szafy
jest w cenie?" -> the delivery-cost entry); the bare question alone, 28 / 8; requiring both, 27 / 4;
both ranks among the theme's kind, 33 / 8; the entry ranked by each member instead of the centre,
31 / 8; one entry per theme (Hungarian assignment, 23 / 10; or only the entry's best theme, 24 / 5):
themes that ask the same thing rightly share an entry (downloading lessons and offline use); a margin
over the theme's second-best entry (a right promo-code match led by 0.005). Still wrong:
"Czy w Wielkanoc klub będzie otwarty?" -> "Czy w klubie jest sauna?" (0.94, through the bare question).

Session 17 (dogfood 17b, short-stay apartments in en / pl / ru): "Do you have a baby cot?" had read "not asked"
beside a 6-document cot theme (rank_t 0.99, rank_e 0.84: its Polish and Russian members ranked among all the
questions), and "Как доехать из аэропорта до квартиры?" was not the transfer entry's. Language-fair member
ranks cover the second, the mutual-best mean the first; the four hand-judged runs 34 right / 8 wrong / 6
missed -> 34 / 7 / 6 (the sample 8/4/2 -> 8/2/2, the language app 17/3/4 -> 17/4/4), the complaint check
unchanged (2 right / 2 wrong / 2 missed). Tried and not kept: rank_e as the members' 67th percentile instead
of their median, 36 / 9 (and the school dogfood's recordings question read as the rescheduling entry's); a
theme that is the entry's nearest centre counted as rank_e 1.0, 33 / 10; the complaint check on the bare
question (the pets entry's answer, "50 zł per stay", had raised it as a cleaning-fee complaint): it lost two
right complaint matches (self check-in -> key-box complaints, delivery time -> courier delays) for one. Still
wrong there: "Are pets allowed?" raised as the fee complaint (0.92), "Is there a lift in the building?" not
raised by the no-lift complaints (rank_t 0.59: a complaint theme's centre is far from a short question, and
3 of its 5 members' documents rank >= 0.9, not three quarters), "Do you issue invoices?" (the invoice requests
share a theme with fee complaints: segmentation), the school's "Can I get a refund?" (0.82-0.86).

Session 18 (dogfood 18g, a car insurer): of entries tied at the top score (ranks saturate at 1.0 when several
entries are nearer than every other text) the one nearest the theme's centre is its match; file order had given the
documents question to "Jak zgłosić szkodę?" and listed "Jakie dokumenty są potrzebne do zgłoszenia szkody?" (mutual
rank 1.00) as not asked. The four hand-judged runs unchanged (34 right / 7 wrong / 6 missed; complaints 2 / 2 / 2).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.errors import InputError

__all__ = ["read_faq", "faq_coverage", "FaqEntry"]

FaqEntry = dict  # {"question": str, "answer": str, "line": int}

_QUESTION_COLS = ("question", "questions", "q", "faq", "title", "pytanie", "pytania", "вопрос", "вопросы")
_ANSWER_COLS = ("answer", "answers", "a", "odpowiedź", "odpowiedz", "odpowiedzi", "ответ", "ответы")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_PREFIX = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?\s*(?:q|question|pytanie|вопрос)\s*[:.)-]\s*", re.IGNORECASE)
_ANSWER_PREFIX = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(?:a|answer|odpowiedź|ответ)\s*[:.)-]\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)")
_EMPH = re.compile(r"^(\*\*|__)(.+?)(\*\*|__)\s*$")
_RANK_Q = 50
_MIN_MEMBER_DOCS, _MEMBER_SHARE = 2, 0.75  # a complaint theme raises an entry through its members (_raised_by_members)


def _clean(text: str) -> str:
    text = _EMPH.sub(r"\2", text.strip())
    return re.sub(r"\s+", " ", text.strip(" *_#>")).strip()


def _read_markdown(text: str) -> list[FaqEntry]:
    lines = text.splitlines()
    q_headings = any((m := _HEADING.match(line)) and _clean(m.group(2)).endswith("?") for line in lines)
    q_lines = any(not _HEADING.match(line) and (_PREFIX.match(line) or _clean(_BULLET.sub("", line)).endswith("?")) for line in lines)
    entries: list[FaqEntry] = []
    for i, line in enumerate(lines):
        q = None
        if m := _HEADING.match(line):
            title = _clean(m.group(2))
            # a heading is a question if it ends with '?'; in an FAQ with no '?' anywhere, every
            # sub-heading is one ("## Delivery times"), the '#' title is not
            if title.endswith("?") or (not q_headings and not q_lines and len(m.group(1)) > 1 and title):
                q = title
        elif _PREFIX.match(line):
            q = _clean(_PREFIX.sub("", line))
        elif not q_headings and not _ANSWER_PREFIX.match(line) and _clean(_BULLET.sub("", line)).endswith("?"):
            # FAQs without question headings: list items, bold lines or paragraphs ending in '?'
            q = _clean(_BULLET.sub("", line))
        if q:
            entries.append({"question": q, "answer": "", "line": i + 1})
        elif entries and line.strip() and not _HEADING.match(line):
            ans = _clean(_ANSWER_PREFIX.sub("", _BULLET.sub("", line)))
            entries[-1]["answer"] = (entries[-1]["answer"] + " " + ans).strip()[:2000]
    return entries


def _read_table(text: str, path: Path) -> list[FaqEntry]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        sep = dialect.delimiter
    except csv.Error:
        sep = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"FAQ file '{path}' could not be read as a table ({type(exc).__name__}). "
                         f"Fix: save it as UTF-8 CSV with a 'question' column, or as Markdown with one question per heading.") from None
    cols = {c.strip().lower(): c for c in df.columns}
    qcol = next((cols[c] for c in _QUESTION_COLS if c in cols), None)
    if qcol is None:
        # no recognised header: the first column holds the questions
        qcol = df.columns[0] if len(df.columns) else None
    if qcol is None:
        return []
    acol = next((cols[c] for c in _ANSWER_COLS if c in cols), None)
    out = []
    for i, row in enumerate(df.to_dict("records")):
        q = _clean(str(row[qcol]))
        if q:
            out.append({"question": q, "answer": _clean(str(row[acol]))[:2000] if acol else "", "line": i + 2})
    return out


def read_faq(path: str | Path, corpus: str | Path | None = None) -> list[FaqEntry]:
    """Read the questions (and answers, if any) of an existing FAQ.

    Markdown: headings ending in ``?`` (or every sub-heading when none does), ``Q:`` lines, and
    list items or bold lines ending in ``?``; the text below a question is its answer.
    CSV / TSV: a ``question`` column (also ``q``, ``pytanie``, ``вопрос``; else the first column)
    and an optional ``answer`` column.

    Args:
        path: The FAQ file; a relative path is looked up in the working folder, then in the corpus folder.
        corpus: The corpus folder (for relative paths in ``qsynth.toml``).

    Returns:
        Entries ``{"question", "answer", "line"}`` in file order.

    Raises:
        InputError: The file is missing, unreadable or holds no question.
    """
    p = Path(path)
    if not p.is_absolute() and not p.exists() and corpus is not None:
        base = Path(corpus)
        alt = (base if base.is_dir() else base.parent) / p
        if alt.exists():
            p = alt
    if not p.is_file():
        raise InputError(f"FAQ file '{path}' does not exist. Fix: pass an existing Markdown or CSV file with --faq "
                         f"(or set [report] faq_file), or drop the option.")
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"FAQ file '{p}' is not UTF-8 text. Fix: re-save it as UTF-8.") from None
    if p.suffix.lower() in (".csv", ".tsv"):
        entries = _read_table(text, p)
    elif p.suffix.lower() in (".md", ".markdown", ".txt", ""):
        entries = _read_markdown(text)
    else:
        raise InputError(f"FAQ file '{p}' has the unsupported extension '{p.suffix}'. "
                         f"Expected .md, .markdown, .txt, .csv or .tsv. Fix: save the FAQ as Markdown or CSV.")
    if not entries:
        raise InputError(f"FAQ file '{p}' holds no question. Expected Markdown headings or list items ending in '?' "
                         f"or a CSV with a 'question' column. Fix: check the file's format.")
    return entries


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.where(n == 0, 1, n)


def _peers(outside: np.ndarray, kinds: np.ndarray, kind: str, min_rank: float) -> np.ndarray:
    """The segments an entry ranks a theme's members against: those outside the theme of its kind, or all
    outside it when too few share the kind for a rank to reach ``min_rank`` (fewer than 1 / (1 - min_rank)).

    >>> kinds = np.array(["question"] * 10 + ["other"] * 2)
    >>> _peers(np.arange(12), kinds, "question", 0.9).tolist()
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    >>> len(_peers(np.arange(12), kinds, "other", 0.9))
    12
    """
    same = outside[kinds[outside] == kind]
    return same if len(same) * (1 - min_rank) > 1 - 1e-9 else outside  # 1e-9: 10 * (1 - 0.9) < 1 in floats


def _member_ranks(S: np.ndarray, members: np.ndarray, peers: np.ndarray, langs: np.ndarray,
                  min_rank: float) -> np.ndarray:
    """Entry x member ranks: the share of the peers less similar to the entry than the member, each member
    ranked among the peers of its own language where enough share it for a rank to reach ``min_rank`` (the
    encoder scores a text nearer another of its language: a Russian member asking for a baby cot sat below
    English questions about early check-in beside the entry "Do you have a baby cot?").

    Args:
        S: Entry x segment similarities; members, peers: column indices into ``S``; langs: each column's language.

    Example:
        >>> S = np.array([[0.9, 0.7, 0.8, 0.85] + [0.6] * 10 + [0.5] * 10])
        >>> langs = np.array(["en", "ru", "en", "en"] + ["en"] * 10 + ["ru"] * 10)
        >>> _member_ranks(S, np.array([0, 1]), np.arange(2, 24), langs, 0.9).round(2).tolist()   # 0.7 tops ru
        [[1.0, 1.0]]
    """
    out = np.zeros((len(S), len(members)))
    for lang in sorted(set(langs[members].tolist())):
        mine = langs[members] == lang
        pool = _peers(peers, langs, lang, min_rank)
        ranked = np.sort(S[:, pool], axis=1)
        out[:, mine] = np.array([np.searchsorted(ranked[e], S[e, members[mine]], side="left") for e in range(len(S))]
                                ) / len(pool)
    return out


def _raised_by_members(S: np.ndarray, ranks: np.ndarray, docs: np.ndarray, min_rank: float) -> np.ndarray:
    """Per entry, how many documents' members raise it when they are enough, else 0: members of at least two
    documents, and of ``_MEMBER_SHARE`` of the theme's documents, whose nearest entry it is and who rank among
    the texts of their kind nearest it (rank >= ``min_rank``).

    Args:
        S: Entry x member similarities.
        ranks: Entry x member ranks (:func:`_member_ranks`).
        docs: The members' documents.
        min_rank: The rank a member must reach.

    Example:
        >>> S = np.array([[0.9, 0.8, 0.7], [0.1, 0.2, 0.9]])
        >>> ranks = np.array([[1.0, 0.95, 0.92], [0.1, 0.2, 0.5]])
        >>> _raised_by_members(S, ranks, np.array(["a", "b", "b"]), 0.9).tolist()  # two documents raise entry 0
        [2, 0]
    """
    near = S.argmax(axis=0)
    ok = ranks[near, np.arange(S.shape[1])] >= min_rank
    need = max(_MIN_MEMBER_DOCS, _MEMBER_SHARE * len(set(docs)))
    raising = np.array([len(set(docs[ok & (near == e)])) for e in range(len(S))])
    return np.where(raising >= need, raising, 0)


def _top(score: np.ndarray, sims: np.ndarray) -> int:
    """The entry with the highest score, of equal scores the one nearest the theme's centre: ranks saturate at
    1.0 when several entries are nearer than every other text, and file order had decided - dogfood 18g's
    documents question went to "Jak zgłosić szkodę?" (line 3), and "Jakie dokumenty są potrzebne do zgłoszenia
    szkody?" (line 6, mutual rank 1.00) was listed as not asked.

    >>> _top(np.array([1.0, 1.0, 0.5]), np.array([0.80, 0.85, 0.99]))
    1
    """
    return int(np.lexsort((-sims, -score))[0])


def _question_scores(qscores: dict, n: int):
    """``(theme, score per entry, similarities)`` of the question themes: the lower of the two ranks, or their
    geometric mean for a mutual best pair (the theme's best entry whose best theme it is): taking the lower rank
    guards against hub entries and catch-all themes, which a mutual best pair is not; a theme of cot questions in
    three languages had ranked its entry "Do you have a baby cot?" at 0.99 one way and 0.84 the other.

    Example:
        >>> sims = np.array([0.9, 0.8])
        >>> qs = {1: (np.array([0.99, 0.5]), np.array([0.84, 0.95]), sims), 2: (np.array([0.6, 0.8]), np.array([0.9, 0.7]), sims)}
        >>> [(t, s.round(3).tolist()) for t, s, _ in _question_scores(qs, 2)]
        [(1, [0.912, 0.5]), (2, [0.6, 0.748])]
    """
    if not qscores:
        return
    ids = list(qscores)
    low = np.array([np.minimum(a, b) for a, b, _ in qscores.values()])   # theme x entry
    best_theme = np.array(ids)[low.argmax(axis=0)]
    for i, (t, (rank_t, rank_e, sims)) in enumerate(qscores.items()):
        mutual = (best_theme == t) & (np.arange(n) == _top(low[i], sims))
        yield t, np.where(mutual, np.sqrt(rank_t * rank_e), low[i]), sims


def faq_coverage(segments: pd.DataFrame, embeddings: np.ndarray, themes: pd.DataFrame, entries: list[FaqEntry],
                 ctx, min_rank: float = 0.90) -> dict:
    """Which question themes the given FAQ covers (see the module docstring for the rule).

    Args:
        segments: The segment table (row-aligned with ``embeddings``).
        embeddings: The run's embedding matrix.
        themes: Theme table with ``theme_id`` and ``kind``.
        entries: From :func:`read_faq`.
        ctx: Run context (its embedder embeds the FAQ entries, through the cache).
        min_rank: Both ranks must reach this for a match.

    Returns:
        ``{"themes": {theme_id: {"question", "line", "score", "threshold", "similarity"} or None},
        "unmatched": [entries no question theme matched, each with ``related`` (a pain-point or request
        theme it matches by the same rule, with its mutual rank ``score`` and ``member_documents``: how many
        documents' members raise the entry when they decided, 0 when the mutual rank did; else None) and ``nearest`` (the best theme of any kind, its
        ``score`` and ``member_documents`` as for ``related``, and whether another entry covers it, for checking); not their answers, which may name staff], "n_entries": int, "rule": str}``.
    """
    from pipeline.stages.embed import embed_texts

    qthemes = themes[themes["kind"] == "question"]["theme_id"].tolist() if len(themes) else []
    result: dict = {"themes": {int(t): None for t in qthemes}, "unmatched": [], "n_entries": len(entries),
                    "rule": f"mutual rank >= {min_rank:.2f} (the lower of the two ranks; for an entry and a theme that "
                            f"are each other's best, their geometric mean)"}
    if not entries or not len(themes):
        result["unmatched"] = [{"question": e["question"], "line": e["line"], "related": None, "nearest": None}
                               for e in entries]
        return result
    cust = segments["is_customer"].fillna(False).astype(bool).to_numpy().copy()
    if "is_duplicate" in segments:
        cust = cust & ~segments["is_duplicate"].fillna(False).astype(bool).to_numpy()
    tid = segments["theme_id"].to_numpy()
    kinds = segments["kind"].astype(str).to_numpy()
    docs = (segments["doc_id"] if "doc_id" in segments else segments.index.to_series()).astype(str).to_numpy()
    X = _unit(np.asarray(embeddings, np.float32))
    ci = np.flatnonzero(cust)
    if len(ci) < 2:
        result["unmatched"] = [{"question": e["question"], "line": e["line"], "related": None, "nearest": None}
                               for e in entries]
        return result
    # an entry is its question, and its question with the answer (a terse "Payment options"
    # heading is matched through an answer that mentions instalments): the closer of the two counts
    n = len(entries)
    texts = [e["question"] for e in entries] + [f"{e['question']} {e['answer']}".strip() for e in entries]
    E = _unit(embed_texts(texts, ctx, label="faq"))
    S = (E @ X[ci].T).reshape(2, n, len(ci)).max(axis=0)          # entry x customer segment
    col = {int(r): j for j, r in enumerate(ci)}
    col_langs = (segments["lang"].astype(str).to_numpy()[ci] if "lang" in segments else np.full(len(ci), ""))
    matched = set()
    labels = dict(zip(themes["theme_id"].astype(int), themes["label"].astype(str))) if "label" in themes else {}
    best_any = [(-1.0, None)] * n   # per entry: its best theme of any kind, for the entries no question matches
    related = [None] * n
    qscores = {}  # question theme -> (rank_t, rank_e, similarity to its centre) per entry
    for t, kind in zip(themes["theme_id"].astype(int), themes["kind"].astype(str)):
        idx = np.flatnonzero(cust & (tid == t) & (kinds == kind))
        if not len(idx):
            idx = np.flatnonzero(cust & (tid == t))
        outside = np.flatnonzero(cust & (tid != t))
        if not len(idx) or not len(outside):
            continue
        centre = _unit(X[idx].mean(axis=0))
        sims = (E @ centre).reshape(2, n).max(axis=0)
        rank_t = np.searchsorted(np.sort(X[outside] @ centre), sims, side="left") / len(outside)
        peers = _peers(outside, kinds, kind, min_rank)
        inside_cols = np.array([col[int(i)] for i in idx])
        ranks = _member_ranks(S, inside_cols, np.array([col[int(i)] for i in peers]), col_langs, min_rank)
        rank_e = np.percentile(ranks, _RANK_Q, axis=1)
        score = np.minimum(rank_t, rank_e)
        raising = np.zeros(n, int)
        if kind != "question":  # a complaint is long and rarely reads like the entry's title: its members decide
            raising = np.where(score >= min_rank, 0, _raised_by_members(S[:, inside_cols], ranks, docs[idx], min_rank))
        found = {"theme_id": int(t), "kind": kind, "label": labels.get(int(t), "")}
        for e in range(n):
            decided = max(float(score[e]), min_rank if raising[e] else 0.0)   # the member rule ranks as the floor
            if decided > best_any[e][0]:
                best_any[e] = (decided, {**found, "score": round(float(score[e]), 3),
                                         "member_documents": int(raising[e])})
            if kind in ("pain_point", "request") and decided >= min_rank and (
                    related[e] is None or decided > related[e]["decided"]):
                related[e] = {**found, "score": round(float(score[e]), 3), "decided": decided,
                              "member_documents": int(raising[e])}
        if kind != "question":
            continue
        qscores[int(t)] = (rank_t, rank_e, sims)
    for t, score, sims in _question_scores(qscores, n):
        best = _top(score, sims)
        if score[best] >= min_rank:
            matched.add(best)
            result["themes"][int(t)] = {"question": entries[best]["question"], "line": entries[best]["line"],
                                        "score": round(float(score[best]), 3), "threshold": min_rank,
                                        "similarity": round(float(sims[best]), 3)}
    # an entry no question theme matches may still be what customers complain or ask for ("the App Store
    # refund" entry and a theme of refund complaints): it is then no entry nobody raises
    taken = {t for t, m in result["themes"].items() if m is not None}
    for r in related:
        if r is not None:
            del r["decided"]
    result["unmatched"] = [{"question": e["question"], "line": e["line"], "related": related[i],
                            "nearest": {**best_any[i][1], "taken": best_any[i][1]["theme_id"] in taken}
                            if best_any[i][1] else None}
                           for i, e in enumerate(entries) if i not in matched]
    return result
