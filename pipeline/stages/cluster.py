"""Cluster each kind of customer evidence (pain points, questions, ...) into named themes.

Each kind is clustered separately on the segment embeddings (so "where is my order?" and
"gdzie jest moje zamówienie?" share a theme). Near-duplicates (copy-paste reviews, macros) are
left out of clustering and inherit their original's theme, so they do not inflate counts.
Turns of fewer than two words ("halo?", "a 6?", an order number) mean something only next to the
message they answer and are not clustered. Short turns of up to ``[cluster] context_words`` words
("czyli nie da się", "и двух петель") are clustered together with the message they answer: their
clustering vector is their own plus that of "the turn before + the turn" (the agent's or
interviewer's message, else the customer's previous one), while quotes and labels keep their own
words. On the sample corpus, against a hand-made topic labelling (``benchmarks/sample_themes.py``),
question themes went from NMI 0.632 to 0.690 and pain-point themes stayed at 0.560 when it was
introduced (the README has the current numbers).
``theme_id`` is unique across kinds; ``-1`` is the visible 'other' bucket. The themes table goes
to ``ctx.artifacts["themes"]``.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

import numpy as np
import pandas as pd

from pipeline.detect import is_question
from pipeline.journey import company_macros, conversation_context, document_blocks, opening_templates
from pipeline.text import content_words, word_key
from pipeline.themes import (ThemeClusterer, centre_languages, key_phrases, label_key, name_theme, reads_right_for,
                             too_short)

NAME = "cluster"
VERSION = "25"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('cluster', 'report', 'run', 'embed')
REQUIRES = ("segment_id", "doc_id", "text", "lang", "kind", "embedded")
CONTEXT_CHARS = 300  # the end of the previous turn that is read with a short turn
BLOCK = 50_000  # rows of whole documents per context block (bounds memory; results do not depend on it)
ASSIGNS = ("theme_id", "theme_label", "subtheme", "subtheme_label")


def main_language(langs: pd.Series) -> str:
    """The corpus's main language: the most common one (ties broken alphabetically)."""
    c = Counter(l for l in langs if l and l != "und")
    return sorted(c.items(), key=lambda x: (-x[1], x[0]))[0][0] if c else "en"


def off_topic_replies(members: np.ndarray, vectors: np.ndarray, replies: dict[int, np.ndarray],
                      pct: float = 10.0) -> set[int]:
    """Replies among ``members`` whose own words do not fit the theme they joined through their context.

    A reply fits when its own vector is as close to the theme's centre as the members' clustering
    vectors usually are (``pct``-th percentile): "jak działa ten test materaca 100 nocy" does, "a ten
    zakręt?" (which joined the dimensions theme through the agent's message) does not.

    Args:
        members: Row positions (into ``vectors``) of one theme.
        vectors: The clustering vectors of the kind (replies already read with context).
        replies: Row position -> the reply's own vector, for rows read with context.
        pct: Percentile of the members' similarities that a reply's own vector must reach.
    """
    mine = [int(i) for i in members if int(i) in replies]
    if not mine:
        return set()
    V = np.asarray(vectors[members], dtype=np.float32)
    V /= np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-12)
    centre = V.mean(axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-12)
    floor = float(np.percentile(V @ centre, pct))
    out = set()
    for i in mine:
        v = np.asarray(replies[i], dtype=np.float32)
        if float(v @ centre) / max(float(np.linalg.norm(v)), 1e-12) < floor:
            out.add(i)
    return out


def same_words(texts: list[str], alone=None) -> np.ndarray:
    """Each text's first text with the same words (:func:`pipeline.text.word_key`: case, punctuation and emoji
    aside), so the two are clustered as one; a text flagged in ``alone`` (a short reply read with the turn it
    answers, whose vector holds that turn too) stands for itself.

    "Dodajcie czat na stronie." (10 answers of an NPS survey) and "dodajcie czat na stronie" (3) had
    been two themes: their vectors differ a little, and neighbourhood smoothing makes each set of
    copies a perfectly tight group that silhouette keeps apart.

    Example:
        >>> same_words(["Dodajcie czat na stronie.", "Nic", "dodajcie czat na stronie 👍"]).tolist()
        [0, 1, 0]
        >>> same_words(["ok dzięki", "OK, dzięki"], alone=[False, True]).tolist()
        [0, 1]
    """
    codes = pd.factorize(pd.Series([word_key(t) for t in texts], dtype=object))[0]
    out = np.unique(codes, return_index=True)[1][codes]
    if alone is not None:
        solo = np.flatnonzero(np.asarray(alone, bool))
        out[solo] = solo
    return out


OFF_TONE = 0.5  # sentiment beyond which a quote contradicts its theme's kind (positive pain point, negative praise)


def tone_mismatch(kind: str, scores: np.ndarray, ratings: np.ndarray | None = None,
                  threshold: float = OFF_TONE) -> np.ndarray:
    """Rows whose tone contradicts ``kind``, so they should not name its theme.

    For a pain point: sentiment above ``threshold`` or a rating of 4-5 stars (``rating`` >= 0.75 on
    the 0-1 scale); for praise: the mirror image. Such rows stay in the theme (a sarcastic five-star
    review is a complaint), they just do not name it. With ``threshold=0`` the rows that merely lean
    the other way (a negative quote in a praise theme).

    Example:
        >>> scores, ratings = np.array([-0.8, 0.1, 0.7, 0.0]), np.array([np.nan, 0.0, np.nan, 1.0])
        >>> tone_mismatch("pain_point", scores, ratings).tolist()
        [False, False, True, True]
    """
    scores = np.asarray(scores, dtype=float)
    ratings = np.full(len(scores), np.nan) if ratings is None else np.asarray(ratings, dtype=float)
    with np.errstate(invalid="ignore"):
        if kind == "pain_point":
            return (scores > threshold) | (ratings >= 0.75)
        if kind == "praise":
            return (scores < -threshold) | (ratings <= 0.25)
    return np.zeros(len(scores), bool)


class Themes(NamedTuple):
    """What :func:`build_themes` finds: row-aligned ids and one table per level."""

    ids: np.ndarray            # theme per row, -1 = unassigned
    table: pd.DataFrame        # one row per theme
    sub_ids: np.ndarray        # sub-theme per row within its theme, -1 = none
    subtable: pd.DataFrame     # one row per (theme, sub-theme)


SUB_COLUMNS = ["theme_id", "subtheme", "label", "label_lang", "gloss_en", "size", "quote_ids"]

def build_themes(table: pd.DataFrame, vectors: np.ndarray, kinds: list[str], cfg, seed: int,
                 quotes: int = 5, centre_by=None, own: dict[int, np.ndarray] | None = None) -> Themes:
    """Cluster rows of ``table`` per kind and name the themes.

    Args:
        table: Rows with ``text``, ``lang``, ``doc_id``, ``kind`` (and optionally ``is_duplicate``, ``dup_group``).
        vectors: Row-aligned embeddings (float16 or float32; each kind's rows are clustered as float32).
        kinds: Kinds to cluster (rows of other kinds get -1).
        cfg: The ``[cluster]`` section.
        seed: Run seed.
        quotes: Representative quotes per theme.
        centre_by: Row-aligned keys whose own mean direction is removed (default: the language).
        own: Row -> the row's own vector, for rows whose ``vectors`` entry was read with context
            (:func:`with_context`); such a reply names its theme only if its own words fit the theme.

    Returns:
        :class:`Themes`; sub-themes only when ``cfg.subthemes`` (themes of at least
        ``cfg.min_subtheme_theme`` items that split beyond chance).
    """
    n = len(table)
    theme_ids = np.full(n, -1, dtype=int)
    sub_ids = np.full(n, -1, dtype=int)
    rows, sub_rows = [], []
    use_sub = bool(getattr(cfg, "subthemes", False))
    dup = table["is_duplicate"].to_numpy(bool) if "is_duplicate" in table else np.zeros(n, bool)
    main = main_language(table["lang"])
    texts, langs, docs = table["text"].tolist(), table["lang"].tolist(), table["doc_id"].astype(str).tolist()
    score = (pd.to_numeric(table["sentiment_score"], errors="coerce").fillna(0.0).to_numpy()
             if "sentiment_score" in table else np.zeros(n))
    rating = pd.to_numeric(table["rating"], errors="coerce").to_numpy() if "rating" in table else np.full(n, np.nan)
    next_id = 0
    for kind in kinds:
        idx = np.where((table["kind"].to_numpy() == kind) & ~dup)[0]
        idx = idx[[not too_short(texts[i]) for i in idx]]
        if len(idx) == 0:
            continue
        # per kind (the run's matrix is float16), each language's own mean removed; the same vectors
        # pick each theme's central quotes, so the label is central by topic, not by language
        k_texts, k_langs, k_docs = [texts[i] for i in idx], [langs[i] for i in idx], [docs[i] for i in idx]
        keys = k_langs if centre_by is None else [centre_by[i] for i in idx]
        replies = {j: own[int(i)] for j, i in enumerate(idx) if own and int(i) in own}
        # one vector per wording (the clusterer gives identical rows one theme)
        Zk = centre_languages(vectors[idx], keys)[same_words(k_texts, [j in replies for j in range(len(idx))])]
        prefer = is_question if kind == "question" else None  # an FAQ entry should read as a question
        # a label reads in its kind's tone: a pain point's not as praise, a praise theme's not as a complaint, a request
        # theme's as a wish (pipeline.themes.reads_right_for)
        reads_right = reads_right_for(kind)
        off_tone = set(np.flatnonzero(tone_mismatch(kind, score[idx], rating[idx])).tolist())
        # a quote that only leans the other way names the theme after those in its tone: in the sample,
        # "Zamówiłam próbki 2 tygodnie temu i nadal nie doszły 😩" (-0.21) named a theme of seven happy ones
        leaning = frozenset(np.flatnonzero(tone_mismatch(kind, score[idx], rating[idx], threshold=0.0)).tolist())
        cl = ThemeClusterer(min_cluster_size=cfg.min_cluster_size, max_unassigned=cfg.max_unassigned,
                            max_themes=cfg.max_themes, seed=seed, subthemes=use_sub,
                            min_subtheme_theme=getattr(cfg, "min_subtheme_theme", 30)).fit(Zk)
        local: dict[int, np.ndarray] = {t: np.flatnonzero(cl.labels_ == t) for t in range(cl.n_themes_)}
        phrases = key_phrases({t: [(k_texts[i], k_langs[i]) for i in g] for t, g in local.items()}, main_lang=main)
        for t, loc in local.items():
            members = idx[loc]
            tid = next_id + t
            theme_ids[members] = tid
            avoid = frozenset(off_tone | off_topic_replies(loc, vectors[idx], replies))
            named = name_theme(loc, k_texts, k_langs, Zk, k_docs, main, quotes=quotes, prefer=prefer, avoid=avoid,
                               leaning=leaning, reads_right=reads_right, taken={label_key(r["label"]) for r in rows})
            named["quotes"] = [int(idx[i]) for i in named["quotes"]]
            rows.append({
                "theme_id": tid, "kind": kind, "label": named["label"], "label_lang": named["label_lang"],
                "gloss_en": named["gloss_en"], "key_phrases": "; ".join(phrases.get(t, [])),
                "quote_ids": ";".join(table["segment_id"].iloc[named["quotes"]].tolist()),
            })
            if use_sub:
                subs = cl.sublabels_[loc]
                for s_id in sorted(set(subs.tolist()) - {-1}):
                    sm = members[subs == s_id]
                    sub_ids[sm] = s_id
                    sn = name_theme(loc[subs == s_id], k_texts, k_langs, Zk, k_docs, main, quotes=min(quotes, 3),
                                    prefer=prefer, avoid=avoid, leaning=leaning, reads_right=reads_right,
                                    taken={label_key(r["label"]) for r in sub_rows if r["theme_id"] == tid})
                    sn["quotes"] = [int(idx[i]) for i in sn["quotes"]]
                    sub_rows.append({"theme_id": tid, "subtheme": int(s_id), "label": sn["label"],
                                     "label_lang": sn["label_lang"], "gloss_en": sn["gloss_en"], "size": int(len(sm)),
                                     "quote_ids": ";".join(table["segment_id"].iloc[sn["quotes"]].tolist())})
        next_id += cl.n_themes_
    # duplicates inherit the theme of their group's first (canonical) member
    if dup.any() and "dup_group" in table:
        grp = table["dup_group"].to_numpy()
        canon = {g: theme_ids[i] for i, g in enumerate(grp) if not dup[i] and g != -1}
        canon_sub = {g: sub_ids[i] for i, g in enumerate(grp) if not dup[i] and g != -1}
        for i in np.where(dup)[0]:
            theme_ids[i] = canon.get(grp[i], -1)
            sub_ids[i] = canon_sub.get(grp[i], -1)
    themes = pd.DataFrame(rows, columns=["theme_id", "kind", "label", "label_lang", "gloss_en", "key_phrases", "quote_ids"])
    return Themes(theme_ids, themes, sub_ids, pd.DataFrame(sub_rows, columns=SUB_COLUMNS))


def context_texts(table: pd.DataFrame, rows: np.ndarray, block: int = BLOCK,
                  openers: frozenset[str] | None = None) -> dict[int, str]:
    """The turn before each of ``rows`` followed by the row's own text, for rows that have one.

    The turn before is the interviewer's, agent's or bot's message right before the customer's
    turn, else the customer's previous segment in the same document (a comment thread, a run of
    chat messages); only its last ``CONTEXT_CHARS`` characters are kept.

    Args:
        table: The segment table (all roles), with ``doc_id`` and ``text``; ``turn_index``,
            ``chunk_index`` and ``is_customer`` or ``role`` order the turns; ``source_type`` (when
            present) leaves survey answers without context.
        rows: Positions in ``table`` of the customer turns that need context.
        block: Rows of whole documents handled at once.
        openers: Company turns that are no turn before (default: :func:`opening_templates` of ``table``
            and its :func:`company_macros`): a bot's greeting is not what the customer's first message
            answers, and after a canned "Did that help?" the customer's previous turn says what a reply is about.

    Returns:
        ``{position: "previous turn\nown text"}``.
    """
    if not len(rows) or "doc_id" not in table:
        return {}
    docs = table["doc_id"].astype(str).to_numpy()
    openers = opening_templates(table) | company_macros(table) if openers is None else openers
    in_doc = np.flatnonzero(np.isin(docs, np.unique(docs[rows])))
    want = set(int(r) for r in rows)
    cols = [c for c in ("doc_id", "turn_index", "chunk_index", "text", "is_customer", "role", "source_type") if c in table]
    out: dict[int, str] = {}
    for br in document_blocks(docs, in_doc, block):
        frame = table.iloc[br][cols].reset_index(drop=True)
        cc = conversation_context(frame, skip_prompts=openers)
        texts = frame["text"].fillna("").astype(str).to_numpy()
        for j, (prompt, prev) in enumerate(zip(cc["prompt"].to_numpy(), cc["prev"].to_numpy())):
            if int(br[j]) not in want:
                continue
            before = str(prompt) if prompt else (texts[prev] if prev >= 0 else "")
            if before.strip():
                out[int(br[j])] = before[-CONTEXT_CHARS:] + "\n" + texts[j]
    return out


def with_context(table: pd.DataFrame, vectors: np.ndarray, embed, kinds, max_words: int,
                 own=None, openers: frozenset[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Clustering vectors of the short turns of the clustered kinds, read with the turn they answer.

    Only those rows are returned (at a million rows a float32 copy of the whole matrix would cost
    1.5 GB): the caller puts them in place of the plain vectors.

    Args:
        table: The whole segment table (the context may be a non-customer turn).
        vectors: Row-aligned embeddings (zeros where not embedded); not changed.
        embed: ``embed(texts) -> (n, dim)`` with the run's embedder (cached by content).
        kinds: Clustered kinds.
        max_words: Turns with at most this many words get context; 0 turns it off.
        own: ``own(rows) -> (n, dim)``, the rows' own clustering vectors (default ``vectors[rows]``;
            the cluster stage passes them through the themes projection).
        openers: Opening templates that are never the turn before (default:
            :func:`~pipeline.journey.opening_templates` of ``table`` with ``vectors``).

    Returns:
        ``(rows, V)``: positions in ``table`` and their unit float32 vectors, own vector plus that
        of "turn before + turn".
    """
    dim = vectors.shape[1] if np.ndim(vectors) == 2 else 0
    none = (np.zeros(0, dtype=int), np.zeros((0, dim), np.float32))
    if max_words <= 0 or "kind" not in table or not len(table):
        return none
    texts = table["text"].fillna("").astype(str).to_numpy()
    cand = np.flatnonzero(table["embedded"].to_numpy(bool) & table["kind"].isin(list(kinds)).to_numpy())
    cand = np.array([i for i in cand if 2 <= len(content_words(texts[i])) <= max_words], dtype=int)
    if openers is None:
        openers = opening_templates(table, vectors=vectors) | company_macros(table)
    found = context_texts(table, cand, openers=openers)
    if not found:
        return none
    rows = np.array(sorted(found), dtype=int)
    C = np.asarray(embed([found[i] for i in rows]), dtype=np.float32)
    mine = np.asarray(vectors[rows] if own is None else own(rows), dtype=np.float32)
    both = mine / np.maximum(np.linalg.norm(mine, axis=1, keepdims=True), 1e-12)
    both += C / np.maximum(np.linalg.norm(C, axis=1, keepdims=True), 1e-12)
    return rows, both / np.maximum(np.linalg.norm(both, axis=1, keepdims=True), 1e-12)


def theme_projection(ctx):
    """The learned map the themes are clustered through (:mod:`pipeline.themes._projection`), or None.

    ``[cluster] projection = true`` (the default) uses the map of the run's vector space where there
    is one (e5-small's, so ``e5-small`` and ``e5-fast`` runs); other embedders, or ``false``, cluster
    the run's vectors as they are.
    """
    from pipeline.stages.embed import head_space
    from pipeline.themes import load_projection

    if not getattr(ctx.cfg.cluster, "projection", False):
        return None
    return load_projection(head_space(ctx))


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    from pipeline.stages.embed import embed_texts

    out = segments.copy()
    mask = out["embedded"].to_numpy(bool)
    vectors = ctx.artifacts["embeddings"]
    sub_vectors = vectors[mask]  # a copy (boolean indexing), in the run's dtype
    proj = theme_projection(ctx)
    if proj is not None:
        proj.transform(sub_vectors, out=sub_vectors)  # in place, block by block, in the run's dtype

    def context(texts):
        C = embed_texts(texts, ctx, label="turn context")
        return C if proj is None else proj.transform(C)

    where = np.cumsum(mask) - 1  # table position -> row of sub_vectors (for embedded rows)
    openers = opening_templates(out, vectors=vectors)
    macros = company_macros(out)
    rows, V = with_context(out, vectors, context, ctx.cfg.cluster.kinds, getattr(ctx.cfg.cluster, "context_words", 0),
                           own=lambda r: sub_vectors[where[r]], openers=openers | macros)
    pos = where[rows]  # context rows are embedded rows
    own = dict(zip(pos.tolist(), np.asarray(sub_vectors[pos], dtype=np.float32)))  # their own words, for labels
    sub_vectors[pos] = V.astype(sub_vectors.dtype)
    del V  # not held through clustering (~200 MB per 130k short turns)
    sub = out.loc[mask].reset_index(drop=True)
    found = build_themes(sub, sub_vectors, ctx.cfg.cluster.kinds, ctx.cfg.cluster, ctx.cfg.run.seed,
                         quotes=ctx.cfg.report.quotes_per_item, own=own)
    themes = found.table
    full = np.full(len(out), -1, dtype=int)
    full[mask] = found.ids
    out["theme_id"] = full
    labels = dict(zip(themes["theme_id"], themes["label"]))
    out["theme_label"] = [labels.get(t, "") for t in full]
    sub_full = np.full(len(out), -1, dtype=int)
    sub_full[mask] = found.sub_ids
    out["subtheme"] = sub_full
    sub_labels = {(t, s): lab for t, s, lab in zip(found.subtable["theme_id"], found.subtable["subtheme"], found.subtable["label"])}
    out["subtheme_label"] = [sub_labels.get((t, s), "") for t, s in zip(full, sub_full)]
    ctx.artifacts["themes"] = themes
    ctx.artifacts["subthemes"] = found.subtable
    ctx.stats.setdefault(NAME, {}).update({
        "themes": int(len(themes)),
        "with_context": int(len(rows)),
        "opening_templates": len(openers),  # bot / agent greetings not read as the turn a reply answers
        "company_macros": len(macros - openers),  # canned replies: a short answer is read with the customer's turn
        "projection": proj is not None,  # clustered through the themes projection
        "subthemes": int(len(found.subtable)),
        "clustered": int(np.isin(out.loc[mask, "kind"], ctx.cfg.cluster.kinds).sum()),
        "unassigned": int(((full == -1) & mask & out["kind"].isin(ctx.cfg.cluster.kinds).to_numpy()).sum()),
    })
    return out
