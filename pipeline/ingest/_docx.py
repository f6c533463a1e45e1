"""Read the text of a Word ``.docx`` transcript, one paragraph per line, for the text-transcript parser.

Transcripts kept as a table (columns *speaker | text* or *time | speaker | text*, as some
transcription services export) become ``[time] Speaker: text`` lines, in document order.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import NotInstalled

__all__ = ["docx_text"]


def docx_text(path: Path) -> str:
    """Return the document body as text: paragraphs and table rows in order, one per line.

    Raises:
        NotInstalled: python-docx is missing.
        Exception: whatever python-docx raises on a corrupt file (the caller marks the file failed).
    """
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - python-docx is a core dependency
        raise NotInstalled("python-docx", "Reading .docx transcripts") from None

    doc = docx.Document(str(path))
    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, doc).text)
        elif tag == "tbl":
            for row in Table(block, doc).rows:
                cells = []
                for c in row.cells:
                    t = c.text.strip()
                    if not cells or t != cells[-1]:   # merged cells repeat their text
                        cells.append(t)
                lines.append(_row_line(cells))
            lines.append("")
    return "\n".join(lines)


def _row_line(cells: list[str]) -> str:
    import re

    cells = [c.replace("\n", " ") for c in cells]
    if len(cells) == 2 and cells[0] and len(cells[0]) <= 40:
        return f"{cells[0]}: {cells[1]}"
    if len(cells) == 3 and re.fullmatch(r"[\[(]?\d{1,2}:\d{2}(:\d{2})?[\])]?", cells[0]) and cells[1]:
        return f"[{cells[0].strip('[]()')}] {cells[1]}: {cells[2]}"
    return " ".join(c for c in cells if c)
