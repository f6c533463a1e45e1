"""Split long records into sentence chunks and give every segment a stable id.

Short records (chat lines, comments) stay whole. Longer ones (reviews, interview answers) are cut
at sentence ends into chunks of about ``[segment] max_chars``, so a quote is readable, a theme is
about one thing, and the embedder (whose cost grows faster than length) stays fast.
The id is a hash of the document id, the record's position, the chunk's position and its text:
the same input always gives the same ids, whatever order files are read in.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

NAME = "segment"
VERSION = "1"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('segment',)
REQUIRES = ("doc_id", "record_index", "text", "role")
ASSIGNS = ("segment_id", "chunk_index", "is_customer")
MODIFIES = ("text",)

# A sentence ends at . ! ? … (possibly repeated, possibly followed by quotes/brackets) and white space.
_SENT_END = re.compile(r"(?<=[.!?…])[\"'»)\]]*\s+(?=\S)")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences with a light, language-neutral rule (good enough for en/pl/ru)."""
    parts = [p.strip() for p in _SENT_END.split(text) if p and p.strip()]
    out: list[str] = []
    for p in parts:
        out.extend(s.strip() for s in p.split("\n") if s.strip())
    return out or [text.strip()]


def chunk_text(text: str, max_chars: int, min_chars: int = 2) -> list[str]:
    """Pack sentences greedily into chunks of at most ``max_chars`` (a single long sentence stays whole)."""
    if len(text) <= max_chars:
        return [text]
    chunks: list[str] = []
    cur = ""
    for s in split_sentences(text):
        if cur and len(cur) + 1 + len(s) > max_chars:
            chunks.append(cur)
            cur = s
        else:
            cur = f"{cur} {s}".strip()
    if cur:
        if chunks and len(cur) < min_chars:
            chunks[-1] = f"{chunks[-1]} {cur}"
        else:
            chunks.append(cur)
    return chunks


def segment_id(doc_id: str, record_index: int, chunk_index: int, text: str) -> str:
    h = hashlib.sha1(f"{doc_id}\x1f{record_index}\x1f{chunk_index}\x1f{text}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    max_chars, min_chars = ctx.cfg.segment.max_chars, ctx.cfg.segment.min_chars
    pieces = [chunk_text(t, max_chars, min_chars) for t in segments["text"].tolist()]
    counts = [len(p) for p in pieces]
    out = segments.loc[segments.index.repeat(counts)].reset_index(drop=True)
    out["text"] = [c for p in pieces for c in p]
    out["chunk_index"] = [i for n in counts for i in range(n)]
    out["segment_id"] = [segment_id(d, int(r), int(c), t) for d, r, c, t in
                         zip(out["doc_id"], out["record_index"], out["chunk_index"], out["text"])]
    out["is_customer"] = out["role"].eq("customer")
    cols = ["segment_id"] + [c for c in out.columns if c != "segment_id"]
    return out[cols]
