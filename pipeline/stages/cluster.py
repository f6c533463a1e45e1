"""Cluster each kind of customer evidence (pain points, questions, ...) into named themes.

Each kind is clustered separately on the segment embeddings (so "where is my order?" and
"gdzie jest moje zamówienie?" share a theme). Near-duplicates (copy-paste reviews, macros) are
left out of clustering and inherit their original's theme, so they do not inflate counts.
``theme_id`` is unique across kinds; ``-1`` is the visible 'other' bucket. The themes table goes
to ``ctx.artifacts["themes"]``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from pipeline.themes import ThemeClusterer, key_phrases, name_theme

NAME = "cluster"
VERSION = "2"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('cluster', 'report', 'run', 'embed')
REQUIRES = ("segment_id", "doc_id", "text", "lang", "kind", "embedded")
ASSIGNS = ("theme_id", "theme_label")


def main_language(langs: pd.Series) -> str:
    """The corpus's main language: the most common one (ties broken alphabetically)."""
    c = Counter(l for l in langs if l and l != "und")
    return sorted(c.items(), key=lambda x: (-x[1], x[0]))[0][0] if c else "en"


def build_themes(table: pd.DataFrame, vectors: np.ndarray, kinds: list[str], cfg, seed: int,
                 quotes: int = 5) -> tuple[np.ndarray, pd.DataFrame]:
    """Cluster rows of ``table`` per kind and name the themes.

    Args:
        table: Rows with ``text``, ``lang``, ``doc_id``, ``kind`` (and optionally ``is_duplicate``, ``dup_group``).
        vectors: Row-aligned embeddings.
        kinds: Kinds to cluster (rows of other kinds get -1).
        cfg: The ``[cluster]`` section.
        seed: Run seed.
        quotes: Representative quotes per theme.

    Returns:
        ``(theme_id per row, themes table)``.
    """
    n = len(table)
    theme_ids = np.full(n, -1, dtype=int)
    rows = []
    dup = table["is_duplicate"].to_numpy(bool) if "is_duplicate" in table else np.zeros(n, bool)
    main = main_language(table["lang"])
    texts, langs, docs = table["text"].tolist(), table["lang"].tolist(), table["doc_id"].astype(str).tolist()
    next_id = 0
    for kind in kinds:
        idx = np.where((table["kind"].to_numpy() == kind) & ~dup)[0]
        if len(idx) == 0:
            continue
        cl = ThemeClusterer(min_cluster_size=cfg.min_cluster_size, max_unassigned=cfg.max_unassigned,
                            max_themes=cfg.max_themes, seed=seed).fit(vectors[idx])
        groups: dict[int, np.ndarray] = {t: idx[cl.labels_ == t] for t in range(cl.n_themes_)}
        phrases = key_phrases({t: [(texts[i], langs[i]) for i in g] for t, g in groups.items()}, main_lang=main)
        for t, members in groups.items():
            tid = next_id + t
            theme_ids[members] = tid
            named = name_theme(members, texts, langs, vectors, docs, main, quotes=quotes)
            rows.append({
                "theme_id": tid, "kind": kind, "label": named["label"], "label_lang": named["label_lang"],
                "gloss_en": named["gloss_en"], "key_phrases": "; ".join(phrases.get(t, [])),
                "quote_ids": ";".join(table["segment_id"].iloc[named["quotes"]].tolist()),
            })
        next_id += cl.n_themes_
    # duplicates inherit the theme of their group's first (canonical) member
    if dup.any() and "dup_group" in table:
        grp = table["dup_group"].to_numpy()
        canon = {g: theme_ids[i] for i, g in enumerate(grp) if not dup[i] and g != -1}
        for i in np.where(dup)[0]:
            theme_ids[i] = canon.get(grp[i], -1)
    themes = pd.DataFrame(rows, columns=["theme_id", "kind", "label", "label_lang", "gloss_en", "key_phrases", "quote_ids"])
    return theme_ids, themes


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    out = segments.copy()
    vectors = ctx.artifacts["embeddings"]
    mask = out["embedded"].to_numpy(bool)
    sub = out.loc[mask].reset_index(drop=True)
    ids, themes = build_themes(sub, vectors[mask], ctx.cfg.cluster.kinds, ctx.cfg.cluster, ctx.cfg.run.seed,
                               quotes=ctx.cfg.report.quotes_per_item)
    full = np.full(len(out), -1, dtype=int)
    full[mask] = ids
    out["theme_id"] = full
    labels = dict(zip(themes["theme_id"], themes["label"]))
    out["theme_label"] = [labels.get(t, "") for t in full]
    ctx.artifacts["themes"] = themes
    ctx.stats.setdefault(NAME, {}).update({
        "themes": int(len(themes)),
        "clustered": int(np.isin(out.loc[mask, "kind"], ctx.cfg.cluster.kinds).sum()),
        "unassigned": int(((full == -1) & mask & out["kind"].isin(ctx.cfg.cluster.kinds).to_numpy()).sum()),
    })
    return out
