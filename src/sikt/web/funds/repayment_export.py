"""The year's frame cuts for the budget process as an Excel workbook.

Sheet one lists each committee's cut per initiative (the amount in force and, beside it, the
plan and what the ledger has booked); sheet two sums per committee with ``SUMIF`` formulas over
sheet one, next to the same totals as numbers. Texts are string cells, never formulas.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from sikt.files import xlsx_row
from sikt.web.funds.grants import project_number
from sikt.web.funds.money import to_kronor
from sikt.web.funds.services.repayments import RepaymentRow, totals_by_committee

AMOUNT_FORMAT = "# ##0.00"


def repayments_xlsx(rows: Sequence[RepaymentRow], year: int, organization_name: str) -> bytes:
    with translation.override("sv"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = (_("Frame cuts %(year)s") % {"year": year})[:31]
        sheet.append(
            [
                _("Committee"),
                _("Initiative"),
                _("Project number"),
                _("Frame cut (SEK)"),
                _("According to the plan (SEK)"),
                _("Revised"),
                _("Booked in the fund (SEK)"),
            ]
        )
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        row.committee_name,
                        row.initiative.title,
                        project_number(row.initiative),
                        float(to_kronor(row.amount_ore)),
                        float(to_kronor(row.planned_ore)),
                        _("yes") if row.revised else _("no"),
                        float(to_kronor(row.booked_ore)),
                    ],
                )
            )
        last = len(rows) + 1
        total = sum(row.amount_ore for row in rows)
        sheet.append([_("Total"), "", "", float(to_kronor(total)), "", "", ""])
        sheet.cell(row=last + 1, column=1).font = Font(bold=True)
        for line in sheet.iter_rows(min_row=2, max_row=last + 1):
            for index in (3, 4, 6):
                line[index].number_format = AMOUNT_FORMAT
        for letter, width in zip("ABCDEFG", (28, 40, 16, 18, 20, 10, 20), strict=True):
            sheet.column_dimensions[letter].width = width
        _per_committee(workbook, sheet.title, rows, last)
        workbook.properties.title = f"{sheet.title} – {organization_name}"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _per_committee(
    workbook: Workbook, source: str, rows: Sequence[RepaymentRow], last: int
) -> None:
    sheet = workbook.create_sheet(_("Per committee")[:31])
    sheet.append([_("Committee"), _("Frame cut (SEK)"), _("Summed from the list (SEK)")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    quoted = f"'{source}'"
    for index, (name, amount) in enumerate(totals_by_committee(rows).items(), start=2):
        formula = f"=SUMIF({quoted}!A2:A{last},A{index},{quoted}!D2:D{last})"
        sheet.append([*xlsx_row(sheet, [name, float(to_kronor(amount))]), formula])
        sheet.cell(row=index, column=2).number_format = AMOUNT_FORMAT
        sheet.cell(row=index, column=3).number_format = AMOUNT_FORMAT
    for letter, width in zip("ABC", (30, 18, 24), strict=True):
        sheet.column_dimensions[letter].width = width
