"""Stage mapping in conversations: what the conversation evidence adds, on labelled chats and interviews.

The gold sets score segments one by one. In a run, a customer turn of a chat or an interview is also
read with its conversation (:meth:`pipeline.journey.StageMapper.predict_conversation`): the
interviewer's or agent's question before a short answer, the position in an interview, the previous
customer turn and the time since. ``benchmarks/data/stage_conversations.csv`` (48 conversations, 16
per language, 6 interviews and 10 chats each, 12 businesses none of the other sets use; written and
labelled in session 12 by a helper who read only the annotation guide and the stage descriptions,
not the keywords, the examples or the code) labels every customer turn with its stage as read in
the conversation. About 40% of the customer turns are short answers ("my sister", "dwa tygodnie")
that only the conversation places.

Prints accuracy with each kind of evidence switched off in turn, overall, per language, for short
(at most 6 words) and longer turns, and for the two halves of the file (``split`` = dev / test:
choose settings on dev, read the result on test).

Usage:
    python benchmarks/stage_context.py                   # e5-small, default stage model
    python benchmarks/stage_context.py --embedder e5-fast
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATA = ROOT / "benchmarks" / "data" / "stage_conversations.csv"
SHORT_WORDS = 6


def load(path: Path) -> pd.DataFrame:
    """The labelled conversations as a segment table (``is_customer`` from the role)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["turn_index"] = df["turn_index"].astype(int)
    df["is_customer"] = df["role"] == "customer"
    return df.sort_values(["doc_id", "turn_index"], kind="stable").reset_index(drop=True)


def settings():
    """(name, ContextParams or None for the segment alone) pairs: the shipped weights and ablations."""
    from pipeline.journey import ContextParams

    full = ContextParams()
    return [("segment alone (no conversation)", None),
            ("conversation, as shipped", full),
            ("  without the preceding prompt", replace(full, question_weight=0.0)),
            ("  without the interview position", replace(full, position_weight=0.0)),
            ("  without the previous customer turn", replace(full, transition_weight=0.0)),
            ("  the preceding prompt only", replace(full, position_weight=0.0, transition_weight=0.0))]


def main(argv: list[str] | None = None) -> pd.DataFrame:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--stages", default="default", help="Stage model name or TOML path.")
    ap.add_argument("--embedder", default="e5-small")
    ap.add_argument("--cache-dir", default=str(ROOT / ".qsynth-cache"), help="Vector cache folder ('' disables).")
    args = ap.parse_args(argv)

    from pipeline.journey import StageMapper, load_stage_model
    from stages import make_embed

    df = load(args.data)
    cust = df["is_customer"].to_numpy()
    y = df.loc[cust, "stage"].to_numpy()
    embed = make_embed(args.embedder, args.cache_dir)
    mapper = StageMapper(load_stage_model(args.stages), embed)
    texts = df.loc[cust, "text"].tolist()
    X = embed(texts)
    words = np.array([len(t.split()) for t in texts])
    groups = {"all": np.ones(len(y), bool), "short": words <= SHORT_WORDS, "longer": words > SHORT_WORDS}
    groups |= {lang: (df.loc[cust, "lang"] == lang).to_numpy() for lang in ("en", "pl", "ru")}
    groups |= {f"{s} split": (df.loc[cust, "split"] == s).to_numpy() for s in ("dev", "test")}
    groups |= {src: (df.loc[cust, "source_type"] == src).to_numpy() for src in ("interview", "chat")}

    rows = []
    for name, params in settings():
        if params is None:
            pred = np.array(mapper.predict(X, df.loc[cust, "source_type"].tolist(), texts)[0], dtype=object)
        else:
            pred = np.array(mapper.predict_conversation(df, X, cust, params)[0], dtype=object)[cust]
        ok = pred == y
        rows.append({"setting": name, **{g: ok[m].mean() for g, m in groups.items() if m.any()}})
    table = pd.DataFrame(rows)
    n = {g: int(m.sum()) for g, m in groups.items()}
    print(f"Stage accuracy on {len(y)} customer turns of {df['doc_id'].nunique()} labelled conversations "
          f"({args.data.name}; embedder {args.embedder}); turns per column: "
          + ", ".join(f"{g} {k}" for g, k in n.items()) + "\n")
    pd.set_option("display.width", 220)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return table


if __name__ == "__main__":
    main()
