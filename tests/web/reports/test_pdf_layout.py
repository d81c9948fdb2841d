"""PDF table cells break between words, never inside one (issue 8 item 9: "Arbetsmarkn
adsnämnden" in a ten-column table)."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from sikt.numbers import format_number
from sikt.web.reports.document import DecisionDocument, Section, Table
from sikt.web.reports.render_pdf import render_pdf

NAMES = ["Arbetsmarknadsnämnden", "Kultur- och fritidsnämnden", "Socialnämnden"]


def test_long_committee_names_stay_whole_in_a_wide_table() -> None:
    years = [str(2025 + i) for i in range(9)]
    rows = [[name, *[format_number(1_234_567 * (i + 1)) for i in range(9)]] for name in NAMES]
    table = Table("Återföring per nämnd och år", ["Nämnd", *years], rows, frozenset(range(1, 10)))
    document = DecisionDocument(
        "Satsning",
        "Beslutsunderlag",
        "Exempelby",
        "Beviljad",
        1,
        dt.date(2026, 1, 1),
        None,
        [Section("plan", "Återföringsplan", [table])],
    )
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(document))).pages
    )
    lines = text.splitlines()
    for name in ("Arbetsmarknadsnämnden", "Socialnämnden"):
        assert any(name in line for line in lines), name
    assert "11\u00a0111\u00a0103" in text or "11 111 103" in text
