"""Read the text of a Word ``.docx`` transcript, one paragraph per line, for the text-transcript parser.

Transcripts kept as a table (columns *speaker | text* or *time | speaker | text*, as some
transcription services export) become ``[time] Speaker: text`` lines, in document order. The lines of
paragraphs in Word's Title, Subtitle or Heading styles are returned too: before the first speaker turn they are
the document's title, not text outside any turn.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import NotInstalled

__all__ = ["docx_text"]


# Word's built-in styles keep their English names in the file, whatever the language of Word ("Heading 1", "Title")
_HEADING_STYLES = ("title", "subtitle", "heading")


def docx_text(path: Path) -> tuple[str, frozenset[int]]:
    """Return the document body as text (paragraphs and table rows in order, one per line), and the line numbers
    (from 1) of its title and heading paragraphs.

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
    headings: set[int] = set()
    line_no = 1   # of the next paragraph: a soft line break makes a paragraph two lines
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            par = Paragraph(block, doc)
            lines.append(par.text)
            if par.style is not None and (par.style.name or "").casefold().startswith(_HEADING_STYLES):
                headings.update(range(line_no, line_no + par.text.count("\n") + 1))
            line_no += par.text.count("\n") + 1
        elif tag == "tbl":
            for row in Table(block, doc).rows:
                cells = []
                for c in row.cells:
                    t = c.text.strip()
                    if not cells or t != cells[-1]:   # merged cells repeat their text
                        cells.append(t)
                lines.append(_row_line(cells))
                line_no += lines[-1].count("\n") + 1
            lines.append("")
            line_no += 1
    return "\n".join(lines), frozenset(headings)


def _row_line(cells: list[str]) -> str:
    import re

    cells = [c.replace("\n", " ") for c in cells]
    if len(cells) == 2 and cells[0] and len(cells[0]) <= 40:
        return f"{cells[0]}: {cells[1]}"
    if len(cells) == 3 and re.fullmatch(r"[\[(]?\d{1,2}:\d{2}(:\d{2})?[\])]?", cells[0]) and cells[1]:
        return f"[{cells[0].strip('[]()')}] {cells[1]}: {cells[2]}"
    return " ".join(c for c in cells if c)
