"""Theme quality on the bundled sample corpus against a hand-made topic labelling.

``benchmarks/data/sample_topics.csv`` gives a topic to each of the sample corpus's 871 customer
pain points, questions and requests (38 topics such as "refund delay after return" or "promo code
does not work", the same topic across languages and kinds; labelled one by one by reading each
segment and the turn before it, in session 6, by a helper working apart from the clustering code;
re-keyed to the sentence cut of reviews, survey answers and comments, and to review titles kept with
their first sentence, by ``scripts/rekey_sample_topics.py``, which records which labels were carried
and which read again).
This script runs the pipeline on ``corpora/sample`` (the
cached stages make re-runs fast) with the given ``[cluster]`` settings and prints, per kind, NMI and
ARI between themes and topics, purity (share of items whose theme's most common topic is their
own; unassigned items count as wrong), the unassigned share, and the two sides NMI folds together
(``benchmarks/themes.py`` ``spread``): themes per topic (fragmenting) and topics per theme
(over-merging). Items labelled "no topic" are left out. It is a development set: the short-turn
context (``context_words``) was chosen on it.

Usage:
    python benchmarks/sample_themes.py                      # default settings vs context_words = 0
    python benchmarks/sample_themes.py --context-words 0 5 8 12
    python benchmarks/sample_themes.py --context-words 8 --projection on off   # the themes projection's effect
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from themes import spread  # noqa: E402  (benchmarks/themes.py: one definition of fragmenting and over-merging)

TOPICS = ROOT / "benchmarks" / "data" / "sample_topics.csv"


def score(segments: pd.DataFrame, topics: pd.DataFrame, kind: str) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    g = segments.merge(topics[["segment_id", "topic"]], on="segment_id")
    g = g[(g["kind"] == kind) & (g["topic"] != "no topic")]
    if g.empty:
        return {"kind": kind, "n": 0}
    assigned = g[g["theme_id"] >= 0]
    pure = sum(int((t["topic"] == t["topic"].mode().iloc[0]).sum()) for _, t in assigned.groupby("theme_id"))
    return {"kind": kind, "n": len(g), "themes": int(assigned["theme_id"].nunique()),
            "NMI": normalized_mutual_info_score(g["topic"], g["theme_id"]),
            "ARI": adjusted_rand_score(g["topic"], g["theme_id"]),
            "purity": pure / len(g), "unassigned": float(np.mean(g["theme_id"] < 0)),
            **spread(g["topic"], g["theme_id"])}


def main(argv: list[str] | None = None) -> pd.DataFrame:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "sample")
    ap.add_argument("--topics", type=Path, default=TOPICS)
    ap.add_argument("--context-words", type=int, nargs="+", default=[0, 8])
    ap.add_argument("--projection", nargs="+", choices=("on", "off"), default=["on"],
                    help="[cluster] projection settings to compare")
    args = ap.parse_args(argv)

    from pipeline.api import run_pipeline

    topics = pd.read_csv(args.topics, keep_default_na=False)
    rows = []
    for proj in args.projection:
        for words in args.context_words:
            with tempfile.TemporaryDirectory() as out:
                res = run_pipeline(args.corpus, out=out,
                                   overrides={"cluster": {"context_words": words, "projection": proj == "on"}})
            seg = res.segments[res.segments["is_customer"].astype(bool)]
            matched = seg["segment_id"].isin(topics["segment_id"]).sum()
            if matched < 0.9 * len(topics):
                print(f"only {matched} of {len(topics)} labelled segments are in this run: the corpus or the "
                      f"segmentation changed; re-key {args.topics} with scripts/rekey_sample_topics.py", file=sys.stderr)
            rows += [{"projection": proj, "context_words": words, **score(seg, topics, k)}
                     for k in ("pain_point", "question")]
    table = pd.DataFrame(rows)
    print(table.to_string(index=False, float_format="{:.3f}".format))
    return table


if __name__ == "__main__":
    main()
