"""The ledger as an Excel workbook: every entry with what it rests on, and the figures per year.

Amounts are kronor with öre as numbers (so a controller can sum and pivot them); every text
from users is a string cell, never a formula (:func:`sikt.files.xlsx_row`). The summary sheet
sums the entry sheet with formulas, so the workbook checks itself against the figures.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from sikt.files import xlsx_row
from sikt.web.funds.ledger_rules import Figures
from sikt.web.funds.models import LedgerEntry
from sikt.web.funds.money import to_kronor
from sikt.web.funds.presentation import rests_on

AMOUNT_FORMAT = "# ##0.00"


def ledger_xlsx(
    entries: Iterable[LedgerEntry], by_year: dict[int, Figures], organization_name: str
) -> bytes:
    with translation.override("sv"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Ledger")[:31]
        header = [
            _("Entry"),
            _("Booking date"),
            _("Booked in year"),
            _("Period"),
            _("Kind"),
            _("Corrects"),
            _("Year"),
            _("Part of the fund"),
            _("Initiative"),
            _("Committee"),
            _("Amount (SEK)"),
            _("Effect (SEK)"),
            _("Rests on"),
            _("Booked by"),
            _("Note"),
        ]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        count = 0
        for entry in entries:
            count += 1
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        entry.pk,
                        entry.booked_on,
                        entry.booked_year,
                        entry.period,
                        entry.get_kind_display(),
                        entry.get_corrected_kind_display() if entry.corrected_kind else "",
                        entry.year,
                        entry.fund.name,
                        entry.initiative.title if entry.initiative else "",
                        entry.committee.name if entry.committee else "",
                        float(to_kronor(entry.amount_ore)),
                        float(to_kronor(entry.signed_ore)),
                        rests_on(entry).text,
                        str(entry.actor),
                        entry.note,
                    ],
                )
            )
        for row in sheet.iter_rows(min_row=2, max_row=count + 1):
            row[1].number_format = "yyyy-mm-dd"
            row[10].number_format = row[11].number_format = AMOUNT_FORMAT
        sheet.freeze_panes = "B2"
        for letter, width in zip(
            "ABCDEFGHIJKLMNO",
            (8, 12, 8, 10, 26, 22, 8, 24, 36, 24, 16, 16, 40, 22, 40),
            strict=True,
        ):
            sheet.column_dimensions[letter].width = width
        _summary(workbook, by_year, count)
        workbook.properties.title = f"{_('Ledger')} – {organization_name}"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _summary(workbook: Workbook, by_year: dict[int, Figures], count: int) -> None:
    """One row per year: the figures (numbers) and, beside them, the same sums as formulas
    over the ledger sheet, so a reader sees both agree."""
    sheet = workbook.create_sheet(_("Per year")[:31])
    sheet.append(
        [
            _("Year"),
            _("Allocated (SEK)"),
            _("Committed (SEK)"),
            _("Paid out (SEK)"),
            _("Repaid (SEK)"),
            _("Available (SEK)"),
            _("Paid out, summed from the ledger sheet (SEK)"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    ledger = f"'{_('Ledger')[:31]}'"
    last = count + 1
    payout, correction = _("Payout"), _("Correction")
    for index, year in enumerate(sorted(by_year), start=2):
        figures = by_year[year]
        formula = (
            f'=SUMIFS({ledger}!L2:L{last},{ledger}!G2:G{last},A{index},{ledger}!E2:E{last},"{payout}")'
            f'+SUMIFS({ledger}!L2:L{last},{ledger}!G2:G{last},A{index},{ledger}!F2:F{last},"{payout}",'
            f'{ledger}!E2:E{last},"{correction}")'
        )
        sheet.append(
            [
                year,
                float(to_kronor(figures.allocated)),
                float(to_kronor(figures.committed_net)),
                float(to_kronor(figures.paid)),
                float(to_kronor(figures.repaid)),
                float(to_kronor(figures.available)),
                formula,
            ]
        )
        for cell in sheet[index][1:]:
            cell.number_format = AMOUNT_FORMAT
    for letter in "ABCDEFG":
        sheet.column_dimensions[letter].width = 18
