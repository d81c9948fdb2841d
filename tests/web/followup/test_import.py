"""Importing values from CSV/XLSX: all or nothing, errors name the row and the column."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from sikt.files import FileError
from sikt.web.accounts.models import User
from sikt.web.followup.importing import import_values, template_rows
from sikt.web.followup.models import ProgressReport
from sikt.web.initiatives.models import Initiative

pytestmark = pytest.mark.django_db

OUTCOME = "Andel med godkänd läsförmåga"
PROCESS = "Genomförda gruppträffar"


def _report(initiative: Initiative) -> ProgressReport:
    return initiative.progress_reports.order_by("period_end").first()  # type: ignore[return-value]


def _csv(*lines: str) -> bytes:
    return ("\n".join(["indikator;period;värde;nedbrytning;grupp;kommentar", *lines])).encode(
        "cp1252"
    )


def test_a_good_csv_file_is_imported_with_its_breakdown(
    initiative: Initiative, leader: User
) -> None:
    report = _report(initiative)
    data = _csv(
        f"{OUTCOME};2026-01;64,5;;;efter första terminen",
        f"{OUTCOME};2026-01;70;kön;Flickor;",
        f"{OUTCOME};2026-01;59;Kön;Pojkar;",
        f"{PROCESS};2026-01;8;;;",
        f"{PROCESS};2026-02;1 0;;;",
    ).replace(b"1 0", b"10")
    assert import_values(actor=leader, report=report, data=data, name="värden.csv") == 3
    outcome = report.measurements.get(indicator__name=OUTCOME)
    assert outcome.value == Decimal("64.5") and outcome.comment == "efter första terminen"
    assert sorted(outcome.parts.values_list("category", "value")) == [
        ("Flickor", Decimal("70.000")),
        ("Pojkar", Decimal("59.000")),
    ]


def test_errors_name_row_and_column_and_nothing_is_written(
    initiative: Initiative, leader: User
) -> None:
    report = _report(initiative)
    data = _csv(
        f"{PROCESS};2026-01;tolv;;;",
        "Läsförståelse;2026-01;12;;;",
        f"{OUTCOME};2026-01;64;;;",
        f"{OUTCOME};2026-01;60;ålder;10–12 år;",
        f"{PROCESS};2026-02;9;;;",
    )
    with pytest.raises(FileError) as caught:
        import_values(actor=leader, report=report, data=data, name="värden.csv")
    where = {(issue.row, issue.column) for issue in caught.value.issues}
    assert where == {(2, "värde"), (3, "indikator"), (5, "nedbrytning")}
    messages = " ".join(issue.message.sv for issue in caught.value.issues)
    assert "”tolv” är inte ett tal" in messages
    assert "okänd indikator ”Läsförståelse”" in messages
    assert "bryts inte ned på ”ålder”" in messages
    assert not report.measurements.exists()


def test_a_period_the_report_does_not_ask_for_is_refused(
    initiative: Initiative, leader: User
) -> None:
    with pytest.raises(FileError) as caught:
        import_values(
            actor=leader,
            report=_report(initiative),
            data=_csv(f"{PROCESS};2026-07;9;;;"),
            name="juli.csv",
        )
    assert [(i.row, i.column) for i in caught.value.issues] == [(2, "period")]


def test_an_excel_template_round_trips(initiative: Initiative, leader: User) -> None:
    report = _report(initiative)
    rows = list(template_rows(report))
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        if not row[3].value:
            row[2].value = 7
    buffer = io.BytesIO()
    workbook.save(buffer)
    count = import_values(actor=leader, report=report, data=buffer.getvalue(), name="mall.xlsx")
    assert count == len([row for row in rows[1:] if not row[3]]) == 4
