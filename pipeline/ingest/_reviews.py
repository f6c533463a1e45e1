"""Review exports: one record per review; text is title + body; the rating is normalised to [0, 1].

The scale is read from the value when it carries one (``4/5``, ``8 out of 10``, ``★★★★☆``, ``FIVE``,
``80%``), else from ``[ingest] rating_scale``, else inferred per file from the largest value in the
first chunk (<= 5 -> 1..5, <= 10 -> 1..10 or 0..10, <= 100 -> 0..100). A scale starting at 1 maps
1 -> 0.0 and the top -> 1.0.
"""

from __future__ import annotations

from pipeline.ingest._records import clean_text
from pipeline.ingest._tables import TableMapper

__all__ = ["ReviewMapper", "join_title"]


def join_title(title: str, body: str) -> str:
    """``'Great sofa' + 'Comfy.'`` -> ``'Great sofa. Comfy.'``; no doubled punctuation or repeated title."""
    title, body = title.strip(), body.strip()
    if not title or body.startswith(title):
        return body
    if not body:
        return title
    sep = " " if title[-1] in ".!?…:;" else ". "
    return f"{title}{sep}{body}"


class ReviewMapper(TableMapper):
    """Rows of a review export -> records with ``doc_id = "review:<file>:<review id or row>"``."""

    kind = "review"

    def map_row(self, row: dict[str, str], line: int | None, idx: int) -> None:
        meta = self.meta(row)
        rid = self.get(row, "id") or str(idx)
        speaker = self.get(row, "speaker")
        raw = self.get(row, "rating")
        text = join_title(clean_text(self.get(row, "title")), clean_text(self.get(row, "text")))
        self.buf.add(self.stats, doc_id=f"review:{self.stats.file}:{rid}", source_type="review", line=line,
                     record_index=idx, turn_index=0, text=text, thread_id=rid, speaker=speaker,
                     role=self.role(speaker, "", "customer"), timestamp=self.timestamp(row, meta),
                     channel=self.get(row, "channel") or "review", rating=self.rating(raw), rating_raw=raw,
                     meta=meta)
