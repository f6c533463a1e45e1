"""Summaries of tagged segments per document, theme, stage or touchpoint."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["aggregate"]


def aggregate(df: pd.DataFrame, by: str, labels: list[str], multi: bool = False) -> pd.DataFrame:
    """Share of segments with each emotion and its mean intensity, per group.

    Rows without a sentiment (non-customer rows, which the affect stage leaves empty) are ignored.

    Args:
        df: A table with the affect columns (``sentiment``, ``sentiment_score``, ``emotions``,
            ``emo_<label>``) and the grouping column.
        by: The grouping column, e.g. ``doc_id``, ``theme_id``, ``stage`` or ``touchpoints``.
        labels: The emotion labels to summarise (``AffectModel.labels``).
        multi: The grouping column holds ";"-joined values (a segment counted in each group).

    Returns:
        One row per group, sorted by group: ``by``, ``n_segments``, ``sentiment_mean``,
        ``sentiment_negative``, ``sentiment_neutral``, ``sentiment_positive`` (shares of the segments
        by sentiment label, summing to 1), then for each label ``share_<label>`` (share of segments
        tagged with it; ``share_neutral`` is the emotion taxonomy's "neutral", no emotion above its
        threshold) and ``intensity_<label>`` (mean ``emo_<label>`` probability).

    Raises:
        KeyError: ``by`` or an ``emo_<label>`` column is missing.

    Example:
        >>> t = pd.DataFrame({"stage": ["a", "a"], "sentiment": ["negative", "positive"],
        ...                   "sentiment_score": [-0.8, 0.6], "emotions": ["anger", "joy"],
        ...                   "emo_anger": [0.9, 0.1], "emo_joy": [0.0, 0.8]})
        >>> aggregate(t, "stage", ["anger", "joy"])[["stage", "n_segments", "share_anger", "intensity_joy"]]
          stage  n_segments  share_anger  intensity_joy
        0     a           2          0.5            0.4
    """
    missing = [c for c in [by] + [f"emo_{lab}" for lab in labels] if c not in df.columns]
    if missing:
        raise KeyError(f"aggregate() needs the columns {missing}, which the table does not have. "
                       f"Run the affect stage first, or check the 'by' column name.")
    used = [c for c in dict.fromkeys([by, "sentiment", "sentiment_score", "emotions", *(f"emo_{lab}" for lab in labels)])
            if c in df.columns]   # not a copy of the whole table: at a million rows it is gigabytes of text
    keep = df[by].notna().to_numpy().copy()
    if "sentiment" in df.columns:
        keep &= (df["sentiment"].fillna("").astype(str) != "").to_numpy()
    t = df.loc[keep, used]
    if multi:
        t[by] = t[by].astype(str).str.split(";")
        t = t.explode(by)
        t[by] = t[by].str.strip()
        t = t[t[by] != ""]
    tagged = _tagged(t["emotions"], labels) if "emotions" in t.columns else None
    cols: dict[str, object] = {by: t[by].to_numpy(), "n_segments": np.ones(len(t), np.float32)}
    if "sentiment_score" in t.columns:
        cols["sentiment_mean"] = pd.to_numeric(t["sentiment_score"], errors="coerce").to_numpy()
    if "sentiment" in t.columns:
        for s in ("negative", "neutral", "positive"):
            # not "share_neutral": that is the emotion "neutral", and it had overwritten this one
            cols[f"sentiment_{s}"] = (t["sentiment"] == s).to_numpy(np.float32)
    for lab in labels:
        if tagged is not None:
            cols[f"share_{lab}"] = tagged[lab]
        cols[f"intensity_{lab}"] = pd.to_numeric(t[f"emo_{lab}"], errors="coerce").to_numpy(np.float32)
    flat = pd.DataFrame(cols)
    agg = {c: ("sum" if c == "n_segments" else "mean") for c in flat.columns if c != by}
    out = flat.groupby(by, sort=True).agg(agg).reset_index()
    out["n_segments"] = out["n_segments"].astype(int)
    return out


def _tagged(emotions: pd.Series, labels: list[str]) -> dict[str, np.ndarray]:
    """label -> 0/1 per row: is the label among the row's ";"-joined emotions. Each distinct
    combination is split once (a million rows hold a few hundred; a lambda per label and row took
    minutes)."""
    codes, combos = pd.factorize(emotions.fillna("").astype(str))
    sets = [set(c.split(";")) for c in combos]
    return {lab: np.array([lab in e for e in sets], dtype=np.float32)[codes] if sets else np.zeros(len(codes), np.float32)
            for lab in labels}
