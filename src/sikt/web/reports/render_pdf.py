"""The decision document as PDF, laid out with fpdf2 (pure Python: no system libraries).

The text font is DejaVu Sans, which ships with matplotlib (``mpl-data/fonts/ttf``), so å, ä, ö,
the no-break space and the minus sign print on a machine with nothing but Python. The font is
embedded as a subset with a Unicode map, so the text can be searched and copied (and read back
by the tests).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import matplotlib
from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode

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

FONT = "DejaVu"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
HEADING_FILL = (230, 236, 242)


class _Pdf(FPDF):
    document_title = ""
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(80, 80, 80)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"{self.page_no()} ({{nb}})", align="R")
        self.set_text_color(0, 0, 0)


def _paragraph(pdf: _Pdf, block: Paragraph) -> None:
    pdf.set_font(FONT, "I" if block.note else "", 10)
    pdf.multi_cell(0, 5, block.text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _words(text: str) -> list[str]:
    """The pieces a cell may break between: words at ordinary spaces (a number's no-break
    spaces keep it whole) and after hyphens and slashes ("kommun/region")."""
    return [word for word in re.split(r"[ \n]+|(?<=[-/–])", text) if word]


def _fit_columns(
    pdf: _Pdf, rows: list[list[str]], size: int, weights: tuple[int, ...] | None
) -> tuple[int, tuple[int, ...]] | None:
    """A font size (at most ``size``) and column widths (in 0.1 mm) at which every word fits
    its column, so a cell breaks between words ("Arbetsmarknadsnämnden" stays whole); the
    width left over goes to the columns with the most text (or by ``weights``). ``None`` when
    even 5 pt is too large — then fpdf2 breaks as it must."""
    columns = max(len(row) for row in rows)
    padding = 2 * pdf.c_margin + 0.6
    for points in range(size, 4, -1):
        pdf.set_font(FONT, "B", points)  # headings are bold, the widest case
        longest, content = [0.0] * columns, [0.0] * columns
        for row in rows:
            for index, value in enumerate(row):
                text = str(value)
                words = _words(text) or [""]
                longest[index] = max(longest[index], *(pdf.get_string_width(w) for w in words))
                content[index] = max(content[index], pdf.get_string_width(text))
        spare = pdf.epw - sum(width + padding for width in longest)
        if spare < 0:
            continue
        wants = (
            [float(w) for w in weights]
            if weights
            else [c - w for c, w in zip(content, longest, strict=True)]
        )
        total = sum(wants)
        shares = [
            width + padding + spare * (want / total if total else 1 / columns)
            for width, want in zip(longest, wants, strict=True)
        ]
        return points, tuple(max(1, round(share * 10)) for share in shares)
    return None


def _table(
    pdf: _Pdf,
    caption: str,
    header: list[str] | None,
    rows: list[list[str]],
    *,
    numeric: frozenset[int] = frozenset(),
    total_row: bool = False,
    widths: tuple[int, ...] | None = None,
) -> None:
    columns = len(header or rows[0])
    size = 9 if columns <= 6 else 7 if columns <= 10 else 6
    fitted = _fit_columns(pdf, [*([header] if header else []), *rows], size, widths)
    if fitted is not None:
        size, widths = fitted
    if caption:
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 5, caption, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", size)
    align = ["RIGHT" if index in numeric else "LEFT" for index in range(columns)]
    with pdf.table(
        first_row_as_headings=header is not None,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        text_align=tuple(align),
        col_widths=widths,
        line_height=size * 0.5 + 1,
        cell_fill_mode=TableCellFillMode.NONE,
    ) as table:
        for values in [header] if header else []:
            row = table.row()
            for value in values:
                row.cell(value)
        for index, values in enumerate(rows):
            bold = total_row and index == len(rows) - 1
            row = table.row(style=FontFace(emphasis="BOLD") if bold else None)
            for value in values:
                row.cell(value)
    pdf.ln(3)


def _block(pdf: _Pdf, block: Block) -> None:
    if isinstance(block, Paragraph):
        _paragraph(pdf, block)
    elif isinstance(block, Facts):
        _table(pdf, "", None, [[label, value] for label, value in block.items], widths=(1, 2))
    elif isinstance(block, Bullets):
        pdf.set_font(FONT, "", 10)
        for item in block.items:
            pdf.multi_cell(0, 5, f"•  {item}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    elif isinstance(block, Table):
        _table(
            pdf,
            block.caption,
            block.header,
            block.rows,
            numeric=block.numeric,
            total_row=block.total_row,
        )
    elif isinstance(block, Chart):
        image = io.BytesIO(charts.png(block.spec()))
        pdf.image(image, w=pdf.epw, alt_text=block.title)
        pdf.ln(3)


def render_pdf(document: DecisionDocument) -> bytes:
    """``document`` as the bytes of an A4 PDF."""
    pdf = _Pdf(format="A4")
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / name))
    pdf.set_lang("sv")
    pdf.set_title(f"{document.subtitle}: {document.title}")
    pdf.set_author(document.organization)
    pdf.set_creator("Sikt")
    pdf.footer_text = f"{document.organization} – {document.title}"
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 5, document.subtitle.upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, document.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(
        0,
        5,
        f"{document.organization} · {document.state} · {document.generated_on.isoformat()}"
        f" · {document.reference}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    for number, section in enumerate(document.sections, start=1):
        pdf.set_font(FONT, "B", 13)
        pdf.multi_cell(0, 7, f"{number}. {section.title}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        for block in section.blocks:
            _block(pdf, block)
        pdf.ln(2)
    return bytes(pdf.output())
