"""A development agreement as an Excel workbook, for the funder's and the participants' books.

Sheet one lists every participant's sprints with state and tranche — the amount, what is
payable now and what is paid — with totals as ``SUM`` formulas; sheet two the reports of money
remaining; sheet three the repayments due, with ``SUM`` totals; sheet four sums per participant
with ``SUMIF`` formulas over sheets one and three, so the workbook adds up by itself. Amounts are
kronor with öre as numbers; every text from users is a string cell, never a formula
(:func:`sikt.files.xlsx_row`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from sikt.files import xlsx_row
from sikt.web.agreements.models import Agreement, SprintState
from sikt.web.agreements.selectors import ParticipantStatus

AMOUNT_FORMAT = "# ##0.00"
DATE_FORMAT = "yyyy-mm-dd"


def _header(sheet: Worksheet, names: list[str], widths: Sequence[int]) -> None:
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _formats(sheet: Worksheet, last: int, amounts: str, dates: str) -> None:
    for row in sheet.iter_rows(min_row=2, max_row=last):
        for cell in row:
            if cell.column_letter in amounts:
                cell.number_format = AMOUNT_FORMAT
            elif cell.column_letter in dates:
                cell.number_format = DATE_FORMAT


def _totals(sheet: Worksheet, last: int, columns: str) -> None:
    """A bold total row under rows 2..``last`` summing ``columns`` with formulas."""
    row = [_("Total")] + [""] * (sheet.max_column - 1)
    for letter in columns:
        row[ord(letter) - ord("A")] = f"=SUM({letter}2:{letter}{last})"
    sheet.append(row)
    for cell in sheet[last + 1]:
        cell.font = Font(bold=True)


def agreement_xlsx(agreement: Agreement, statuses: Sequence[ParticipantStatus]) -> bytes:
    with translation.override("sv"):
        workbook = Workbook()
        sprints = workbook.active
        sprints.title = _("Sprints and tranches")[:31]
        _sprint_sheet(sprints, statuses)
        remaining = workbook.create_sheet(_("Money remaining")[:31])
        _remaining_sheet(remaining, statuses)
        repayments = workbook.create_sheet(_("Repayments to the funder")[:31])
        _repayment_sheet(repayments, statuses)
        _per_participant(workbook, statuses, sprints, repayments)
        workbook.properties.title = f"{agreement.title} ({agreement.reference_number})"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _sprint_sheet(sheet: Worksheet, statuses: Sequence[ParticipantStatus]) -> None:
    _header(
        sheet,
        [
            _("Participant"),
            _("Sprint"),
            _("Title"),
            _("To be done by"),
            _("State"),
            _("Tranche (SEK)"),
            _("Payable now (SEK)"),
            _("Paid (SEK)"),
            _("Paid on"),
            _("Invoice reference"),
        ],
        (30, 8, 30, 14, 22, 16, 18, 16, 12, 20),
    )
    for status in statuses:
        for progress in status.progress:
            tranche = getattr(progress, "tranche", None)
            amount = float(tranche.amount) if tranche else 0.0
            paid = tranche is not None and tranche.paid_on is not None
            payable = tranche is not None and not paid and progress.state == SprintState.APPROVED
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        status.participation.organization.name,
                        progress.sprint.number,
                        progress.sprint.title,
                        progress.sprint.deadline,
                        progress.get_state_display(),
                        amount,
                        amount if payable else 0.0,
                        amount if paid else 0.0,
                        tranche.paid_on if paid and tranche else None,
                        tranche.invoice_reference if tranche else "",
                    ],
                )
            )
    last = sheet.max_row
    _formats(sheet, last, amounts="FGH", dates="DI")
    _totals(sheet, last, "FGH")


def _remaining_sheet(sheet: Worksheet, statuses: Sequence[ParticipantStatus]) -> None:
    _header(
        sheet,
        [
            _("Participant"),
            _("Report date"),
            _("Year-end report"),
            _("Money remaining (SEK)"),
            _("Comment"),
        ],
        (30, 14, 16, 22, 40),
    )
    for status in statuses:
        reports = status.participation.remaining_reports.select_related("report_date")
        for report in reports:
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        status.participation.organization.name,
                        report.report_date.due_on,
                        _("yes") if report.report_date.year_end else _("no"),
                        float(report.remaining),
                        report.note,
                    ],
                )
            )
    _formats(sheet, sheet.max_row, amounts="D", dates="B")


def _repayment_sheet(sheet: Worksheet, statuses: Sequence[ParticipantStatus]) -> None:
    _header(
        sheet,
        [
            _("Participant"),
            _("Amount (SEK)"),
            _("Due on"),
            _("The funder's invoice reference"),
            _("Repaid on"),
            _("Still due (SEK)"),
        ],
        (30, 16, 12, 24, 12, 16),
    )
    for status in statuses:
        for repayment in status.repayments:
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        status.participation.organization.name,
                        float(repayment.amount),
                        repayment.due_on,
                        repayment.invoice_reference,
                        repayment.repaid_on,
                        0.0 if repayment.repaid_on else float(repayment.amount),
                    ],
                )
            )
    last = sheet.max_row
    _formats(sheet, last, amounts="BF", dates="CE")
    _totals(sheet, last, "BF")


def _per_participant(
    workbook: Workbook,
    statuses: Sequence[ParticipantStatus],
    sprints: Worksheet,
    repayments: Worksheet,
) -> None:
    sheet = workbook.create_sheet(_("Per participant")[:31])
    _header(
        sheet,
        [_("Participant"), _("Paid (SEK)"), _("Payable now (SEK)"), _("Repayment due (SEK)")],
        (30, 16, 18, 20),
    )
    s, r = f"'{sprints.title}'", f"'{repayments.title}'"
    s_last, r_last = sprints.max_row - 1, repayments.max_row - 1
    for index, status in enumerate(statuses, start=2):
        sheet.append(
            [
                *xlsx_row(sheet, [status.participation.organization.name]),
                f"=SUMIF({s}!A2:A{s_last},A{index},{s}!H2:H{s_last})",
                f"=SUMIF({s}!A2:A{s_last},A{index},{s}!G2:G{s_last})",
                f"=SUMIF({r}!A2:A{r_last},A{index},{r}!F2:F{r_last})",
            ]
        )
    _formats(sheet, sheet.max_row, amounts="BCD", dates="")
