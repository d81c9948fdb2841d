"""The portfolio as an Excel workbook (openpyxl): one row per initiative, numbers as numbers.

Amounts are whole kronor in the price year of each initiative's calculation (a column says
which); shares are fractions formatted as percent, so a coordinator can sum and chart them.
Texts (titles, target groups …) are string cells, never formulas (:func:`sikt.files.xlsx_row`).
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sikt.files import xlsx_row
from sikt.web.reports.portfolio import Portfolio

AMOUNT_FORMAT = "#,##0"  # Excel shows its own locale's separator (a space in Swedish Excel)
PERCENT_FORMAT = "0%"


def portfolio_xlsx(portfolio: Portfolio, organization_name: str) -> bytes:
    with translation.override("sv"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Portfolio")[:31]
        header = [
            _("Initiative"),
            _("State"),
            _("Owning committee"),
            _("Target group"),
            _("Start date"),
            _("End date"),
            _("Duration (months)"),
            _("Cost (SEK)"),
            _("Expected net present value, organisation (SEK)"),
            _("Probability of profit"),
            _("Price year"),
            _("Risk level"),
        ]
        sheet.append(xlsx_row(sheet, header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in portfolio.rows:
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        row.title,
                        row.state_label,
                        row.committee,
                        row.target_group,
                        row.start_date,
                        row.end_date,
                        row.months,
                        None if row.cost is None else round(row.cost),
                        None if row.expected_npv is None else round(row.expected_npv),
                        row.probability,
                        row.price_year,
                        row.risk_label,
                    ],
                )
            )
        for values in sheet.iter_rows(min_row=2):
            values[4].number_format = values[5].number_format = "yyyy-mm-dd"
            values[7].number_format = values[8].number_format = AMOUNT_FORMAT
            values[9].number_format = PERCENT_FORMAT
        widths = (40, 24, 26, 40, 12, 12, 10, 14, 18, 12, 9, 16)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "B2"
        workbook.properties.title = f"{_('Portfolio')} – {organization_name}"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
