"""The decision document as a Word file (municipal documents are Word), with python-docx.

Headings use Word's built-in heading styles, so the navigation pane and a table of contents
work and screen readers announce the structure; tables use "Table Grid" with a bold header row
that repeats on every page.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable

from sikt import charts
from sikt.web.reports.document import (
    Block,
    Bullets,
    Chart,
    DecisionDocument,
    Facts,
    Paragraph,
    Table,
)

CONTENT_WIDTH = Cm(16)


def _repeat_header(table: DocxTable) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _fill(
    table: DocxTable,
    rows: list[list[str]],
    *,
    numeric: frozenset[int],
    bold_rows: set[int],
    size: Pt,
) -> None:
    # Row by row: ``table.cell(r, c)`` rebuilds the whole grid on every call (quadratic in the
    # number of rows — minutes for the yearly report's 500-row tables).
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(value)
            run.font.size = size
            run.bold = r in bold_rows
            if c in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(doc: object, block: Table) -> None:
    caption = doc.add_paragraph(block.caption, style="Caption")  # type: ignore[attr-defined]
    caption.paragraph_format.keep_with_next = True
    rows = [block.header, *block.rows]
    table = doc.add_table(rows=len(rows), cols=len(block.header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    bold = {0} | ({len(rows) - 1} if block.total_row else set())
    size = Pt(9) if len(block.header) <= 6 else Pt(7)
    _fill(table, rows, numeric=block.numeric, bold_rows=bold, size=size)
    _repeat_header(table)
    doc.add_paragraph()  # type: ignore[attr-defined]


def _facts(doc: object, block: Facts) -> None:
    table = doc.add_table(rows=len(block.items), cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    _fill(
        table,
        [[label, value] for label, value in block.items],
        numeric=frozenset(),
        bold_rows=set(),
        size=Pt(10),
    )
    for row in table.rows:
        row.cells[0].paragraphs[0].runs[0].bold = True
        row.cells[0].width = Cm(5.5)
        row.cells[1].width = Cm(10.5)
    doc.add_paragraph()  # type: ignore[attr-defined]


def _block(doc: object, block: Block) -> None:
    if isinstance(block, Paragraph):
        paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
        run = paragraph.add_run(block.text)
        run.italic = block.note
    elif isinstance(block, Facts):
        _facts(doc, block)
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")  # type: ignore[attr-defined]
    elif isinstance(block, Table):
        _table(doc, block)
    elif isinstance(block, Chart):
        doc.add_picture(io.BytesIO(charts.png(block.spec())), width=CONTENT_WIDTH)  # type: ignore[attr-defined]
        picture = doc.paragraphs[-1]  # type: ignore[attr-defined]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(block.title, style="Caption")  # type: ignore[attr-defined]


def render_docx(document: DecisionDocument) -> bytes:
    """``document`` as the bytes of a .docx file."""
    doc = Document()
    properties = doc.core_properties
    properties.title = f"{document.subtitle}: {document.title}"
    properties.author = document.organization
    properties.language = "sv-SE"
    properties.subject = document.subtitle
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    doc.add_paragraph(document.subtitle.upper())
    doc.add_heading(document.title, level=0)
    doc.add_paragraph(
        f"{document.organization} · {document.state} · {document.generated_on.isoformat()}"
        f" · {document.reference}"
    )
    for number, part in enumerate(document.sections, start=1):
        doc.add_heading(f"{number}. {part.title}", level=1)
        for block in part.blocks:
            _block(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
