"""The yearly aggregated evaluation of the portfolio as a document (PDF, DOCX) and XLSX data.

The document is a :class:`~sikt.web.reports.document.DecisionDocument` tree built from
:class:`~sikt.web.followup.yearly.data.YearlyData`, so the PDF and the DOCX are laid out by the
decision document's renderers and show the same text; the workbook holds the same figures as
numbers (one sheet per part), texts as string cells, never formulas. Always in Swedish: it is a
public record for the budget process, like the decision material.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from sikt import numbers
from sikt.files import xlsx_row
from sikt.web.followup.status import Light
from sikt.web.followup.yearly.data import YearlyData
from sikt.web.funds.money import kr, to_ore
from sikt.web.initiatives.fundfacts import FundPartYear, FundYear
from sikt.web.reports import formatting as f
from sikt.web.reports.document import (
    Bullets,
    Chart,
    DecisionDocument,
    Facts,
    Paragraph,
    Section,
    Table,
)
from sikt.web.reports.render_docx import render_docx
from sikt.web.reports.render_pdf import render_pdf

LANGUAGE = "sv"
AMOUNT_FORMAT = "#,##0"


def _value(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return f.DASH
    shown = numbers.format_decimal(value, max_decimals=2)
    return f"{shown} {unit}".strip()


def _yes_no(value: bool | None) -> str:
    if value is None:
        return f.DASH
    return _("yes") if value else _("no")


def _summary(data: YearlyData) -> Section:
    facts = [
        (_("Year"), numbers.format_year(data.year)),
        (_("Initiatives in all"), numbers.format_integer(data.initiatives_total)),
        (_("Initiatives followed up during the year"), numbers.format_integer(len(data.lights))),
        (
            _("Green, yellow, red"),
            " / ".join(
                numbers.format_integer(data.light_count(light))
                for light in (Light.GREEN, Light.YELLOW, Light.RED)
            ),
        ),
        (
            _("Participants who left (approved reports)"),
            numbers.format_integer(data.attrition_total),
        ),
        (_("Flags raised"), numbers.format_integer(len(data.flags))),
    ]
    if data.fund is not None:
        total = data.fund.total
        facts += [
            (_("Paid out from the fund"), _fund_cell(total.paid_out_sek)),
            (_("Repaid to the fund"), _fund_cell(total.repaid_sek)),
        ]
    return Section("summary", _("Summary"), [Facts(facts)])


def _states(data: YearlyData) -> Section:
    if not data.states:
        return Section("states", _("Initiatives by state"), [Paragraph(_("No initiatives."), True)])
    rows = [[label, numbers.format_integer(count)] for label, count in data.states]
    rows.append([_("Total"), numbers.format_integer(data.initiatives_total)])
    return Section(
        "states",
        _("Initiatives by state"),
        [
            Paragraph(_("Every initiative of the organisation by its state today.")),
            Chart(
                _("Initiatives by state"),
                [label for label, _count in data.states],
                [(_("Initiatives"), [float(count) for _label, count in data.states])],
                value_label=_("Number of initiatives"),
                horizontal=True,
                money=False,
            ),
            Table(_("Initiatives by state"), [_("State"), _("Number")], rows, frozenset({1}), True),
        ],
    )


def _lights(data: YearlyData) -> Section:
    if not data.lights:
        blocks: list[object] = [
            Paragraph(_("No initiative was followed up during the year."), True)
        ]
    else:
        blocks = [
            Paragraph(
                _(
                    "The traffic light of each initiative that ran during the year, against its "
                    "plan, as it reads today (only approved reports count)."
                )
            ),
            Table(
                _("Status at a glance"),
                [_("Initiative"), _("Owning committee"), _("Light"), _("Why")],
                [
                    [row.title, row.committee or f.DASH, row.light_text, row.reasons or f.DASH]
                    for row in data.lights
                ],
            ),
        ]
    return Section("lights", _("Running initiatives and their status"), blocks)  # type: ignore[arg-type]


def _fund_items(part: FundPartYear) -> list[tuple[str, Decimal | int]]:
    """The fund's lines of the year for one part (or the total): label and amount in SEK, or
    the number of corrections."""
    return [
        (_("Balance at the start of the year"), part.opening_balance_sek),
        (_("Allocated from the budget"), part.allocated_sek),
        (_("Repaid by committees"), part.repaid_sek),
        (_("Paid out to initiatives"), part.paid_out_sek),
        (_("Balance at the end of the year"), part.closing_balance_sek),
        (_("Committed (granted) in the year"), part.committed_sek),
        (_("Released (commitments not to be paid)"), part.released_sek),
        (_("Corrections (number)"), part.corrections),
        (_("Reversed by corrections (included above)"), part.corrected_sek),
    ]


def _fund_columns(fund: FundYear) -> tuple[list[str], list[FundPartYear]]:
    """The columns of the fund's table: each part of the fund, and the total if more than one."""
    if len(fund.parts) == 1:
        return [fund.parts[0].name], fund.parts
    return [part.name for part in fund.parts] + [_("Total")], [*fund.parts, fund.total]


def _fund_cell(value: Decimal | int) -> str:
    """A count, or an amount to the öre as the fund's pages show it (whole kronor plainly)."""
    if isinstance(value, int):
        return numbers.format_integer(value)
    return kr(to_ore(value))


def _fund(data: YearlyData) -> Section:
    fund = data.fund
    if fund is None:
        return Section(
            "fund", _("Money in and out of the fund"), [Paragraph(_("No fund data."), True)]
        )
    names, parts = _fund_columns(fund)
    columns = [_fund_items(part) for part in parts]
    rows = [
        [label, *(_fund_cell(column[index][1]) for column in columns)]
        for index, (label, _amount) in enumerate(columns[0])
    ]
    total = fund.total
    return Section(
        "fund",
        _("Money in and out of the fund"),
        [
            Paragraph(
                _(
                    "From the fund's ledger, per part of the fund: the entries that concern the "
                    "year, each net of the corrections that reverse them."
                )
            ),
            Chart(
                _("Money in and out of the fund"),
                [_("Allocated"), _("Repaid"), _("Paid out")],
                [
                    (
                        _("SEK"),
                        [
                            float(total.allocated_sek),
                            float(total.repaid_sek),
                            float(total.paid_out_sek),
                        ],
                    )
                ],
                value_label=_("Amount"),
            ),
            Table(
                _("The fund in the year"),
                [_("Item"), *names],
                rows,
                frozenset(range(1, len(names) + 1)),
            ),
        ],
    )


def _results(data: YearlyData) -> Section:
    if not data.results:
        return Section(
            "results",
            _("Results against goals and success criteria"),
            [Paragraph(_("No outcome measures."), True)],
        )
    rows = [
        [
            row.initiative,
            row.indicator,
            _value(row.baseline, row.unit),
            _value(row.target, row.unit),
            _value(row.success_at, row.unit),
            _value(row.value, row.unit),
            _yes_no(row.success_met),
            _yes_no(row.target_met),
        ]
        for row in data.results
    ]
    return Section(
        "results",
        _("Results against goals and success criteria"),
        [
            Paragraph(
                _(
                    "The latest approved value of each outcome measure for a period ending in "
                    "the year. The success criterion is the baseline plus the smallest effect "
                    "that counts as success."
                )
            ),
            Table(
                _("Outcome measures"),
                [
                    _("Initiative"),
                    _("Measure"),
                    _("Baseline"),
                    _("Target"),
                    _("Success at"),
                    _("Value in the year"),
                    _("Success criterion met"),
                    _("Target met"),
                ],
                rows,
                frozenset({2, 3, 4, 5}),
            ),
        ],
    )


def _committees(data: YearlyData) -> Section:
    title = _("Expected and realised savings per committee; repayments")
    if not data.committees:
        return Section(
            "committees", title, [Paragraph(_("No repayments are due in the year."), True)]
        )
    rows = [
        [
            row.committee,
            numbers.format_money(row.expected),
            numbers.format_money(row.in_force),
            numbers.format_money(row.repaid),
            numbers.format_money(row.in_force - row.repaid),
        ]
        for row in data.committees
    ]
    totals = [
        sum((getattr(r, k) for r in data.committees), Decimal(0))
        for k in ("expected", "in_force", "repaid")
    ]
    rows.append(
        [
            _("Total"),
            *(numbers.format_money(value) for value in totals),
            numbers.format_money(totals[1] - totals[2]),
        ]
    )
    return Section(
        "committees",
        title,
        [
            Paragraph(
                _(
                    "Expected: the repayment the decided repayment plans expect in the year. "
                    "Realised: the amount in force after revisions (when effects are smaller, "
                    "less is repaid). Repaid: booked in the fund. Outstanding: realised less "
                    "repaid."
                )
            ),
            Chart(
                _("Expected and realised savings per committee"),
                [row.committee for row in data.committees],
                [
                    (_("Expected"), [float(row.expected) for row in data.committees]),
                    (_("Realised"), [float(row.in_force) for row in data.committees]),
                    (_("Repaid"), [float(row.repaid) for row in data.committees]),
                ],
                value_label=_("Amount"),
                horizontal=True,
            ),
            Table(
                _("Savings and repayments per committee"),
                [_("Committee"), _("Expected"), _("Realised"), _("Repaid"), _("Outstanding")],
                rows,
                frozenset({1, 2, 3, 4}),
                True,
            ),
        ],
    )


def _attrition(data: YearlyData) -> Section:
    blocks: list[object] = []
    if data.attrition:
        rows = [[label, numbers.format_integer(count)] for label, count in data.attrition]
        rows.append([_("Total"), numbers.format_integer(data.attrition_total)])
        blocks += [
            Chart(
                _("Attrition by reason"),
                [label for label, _count in data.attrition],
                [(_("Participants"), [float(count) for _label, count in data.attrition])],
                value_label=_("Participants"),
                horizontal=True,
                money=False,
            ),
            Table(
                _("Attrition by reason"),
                [_("Reason for leaving"), _("Participants")],
                rows,
                frozenset({1}),
                True,
            ),
        ]
    else:
        blocks.append(Paragraph(_("No attrition was reported in approved reports."), True))
    if data.flags:
        blocks.append(
            Table(
                _("Flags raised in the year"),
                [_("Initiative"), _("Flag"), _("Raised"), _("Handled")],
                [
                    [row.initiative, row.kind, f.date(row.raised_on), _yes_no(row.handled)]
                    for row in data.flags
                ],
            )
        )
    else:
        blocks.append(Paragraph(_("No flags were raised in the year."), True))
    return Section("attrition", _("Attrition and flags"), blocks)  # type: ignore[arg-type]


def _lessons(data: YearlyData) -> Section:
    if not data.lessons:
        return Section(
            "lessons", _("Lessons recorded"), [Paragraph(_("No lessons recorded."), True)]
        )
    return Section(
        "lessons",
        _("Lessons recorded"),
        [
            Bullets(
                [
                    f"{lesson.initiative} ({f.date(lesson.period_end)}): {lesson.text}"
                    for lesson in data.lessons
                ]
            )
        ],
    )


def yearly_document(data: YearlyData) -> DecisionDocument:
    """The yearly report as a document tree (always Swedish)."""
    with translation.override(LANGUAGE):
        return DecisionDocument(
            title=_("Yearly evaluation of the portfolio %(year)s") % {"year": data.year},
            subtitle=_("Social investments"),
            organization=data.organization,
            state=_("Yearly report"),
            reference=data.year,
            generated_on=data.generated_on,
            key_figures=None,
            sections=[
                _summary(data),
                _states(data),
                _lights(data),
                _fund(data),
                _results(data),
                _committees(data),
                _attrition(data),
                _lessons(data),
            ],
        )


def yearly_pdf(data: YearlyData) -> bytes:
    return render_pdf(yearly_document(data))


def yearly_docx(data: YearlyData) -> bytes:
    return render_docx(yearly_document(data))


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list[object]]) -> None:
    sheet = workbook.create_sheet(title[:31])
    sheet.append(xlsx_row(sheet, header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float | int) and abs(cell.value) >= 1000:
                cell.number_format = AMOUNT_FORMAT
    for index, width in enumerate([40] + [18] * (len(header) - 1), start=1):
        sheet.column_dimensions[chr(64 + index)].width = width


def _xlsx_amount(value: Decimal | int) -> float | int:
    """SEK as a number cell; a count stays a whole number."""
    return value if isinstance(value, int) else float(value)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def yearly_xlsx(data: YearlyData) -> bytes:
    """The figures of the yearly report as numbers, one sheet per part."""
    with translation.override(LANGUAGE):
        workbook = Workbook()
        workbook.remove(workbook.active)
        _sheet(
            workbook,
            _("States"),
            [_("State"), _("Number")],
            [[label, n] for label, n in data.states],
        )
        _sheet(
            workbook,
            _("Status"),
            [_("Initiative"), _("Owning committee"), _("Light"), _("Why")],
            [[r.title, r.committee, r.light_text, r.reasons] for r in data.lights],
        )
        fund = data.fund
        names, parts = ([], []) if fund is None else _fund_columns(fund)
        columns = [_fund_items(part) for part in parts]
        _sheet(
            workbook,
            _("Fund"),
            [_("Item"), *names],
            [
                [label, *(_xlsx_amount(column[index][1]) for column in columns)]
                for index, (label, _amount) in enumerate(columns[0] if columns else [])
            ],
        )
        _sheet(
            workbook,
            _("Results"),
            [
                _("Initiative"),
                _("Measure"),
                _("Unit"),
                _("Baseline"),
                _("Target"),
                _("Success at"),
                _("Value in the year"),
                _("Measured to"),
            ],
            [
                [
                    r.initiative,
                    r.indicator,
                    r.unit,
                    _number(r.baseline),
                    _number(r.target),
                    _number(r.success_at),
                    _number(r.value),
                    r.measured_on,
                ]
                for r in data.results
            ],
        )
        _sheet(
            workbook,
            _("Committees"),
            [_("Committee"), _("Expected (SEK)"), _("Realised (SEK)"), _("Repaid (SEK)")],
            [
                [r.committee, float(r.expected), float(r.in_force), float(r.repaid)]
                for r in data.committees
            ],
        )
        _sheet(
            workbook,
            _("Attrition"),
            [_("Reason for leaving"), _("Participants")],
            [[label, count] for label, count in data.attrition],
        )
        _sheet(
            workbook,
            _("Flags"),
            [_("Initiative"), _("Flag"), _("Raised"), _("Handled")],
            [[r.initiative, r.kind, r.raised_on, _yes_no(r.handled)] for r in data.flags],
        )
        _sheet(
            workbook,
            _("Lessons"),
            [_("Initiative"), _("Period to"), _("Lesson")],
            [[r.initiative, r.period_end, r.text] for r in data.lessons],
        )
        workbook.properties.title = yearly_document(data).title
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
