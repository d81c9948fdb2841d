"""Individual-level event files and the flow analysis (SKL 004 §3, figure 6) for the web pages.

Identity numbers are validated and replaced by the organisation's keyed pseudonym while the
file is read (:func:`sikt.analysis.events.read_events`); only pseudonyms reach the store.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.db import transaction

from sikt import charts
from sikt.analysis.datasets import dataset_table, save_dataset
from sikt.analysis.events import read_events
from sikt.analysis.flow import KINDS, FlowSettings
from sikt.analysis.flow_results import MONTH_STEP, FlowResult, run
from sikt.analysis.identity import organisation_secret
from sikt.files import xlsx_row
from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.audit import personal
from sikt.web.audit import services as audit
from sikt.web.needs.models import EventDataset, PseudonymSalt
from sikt.web.needs.store import store_for


def secret_for(organization: Organization) -> bytes:
    salt, _created = PseudonymSalt.objects.get_or_create(organization=organization)
    return organisation_secret(settings.SECRET_KEY, salt.salt)


def event_dataset_upload(
    *, actor: Any, organization: Organization, title: str, name: str, data: bytes
) -> EventDataset:
    """Validate and pseudonymise an event file and keep it; raises
    :class:`~sikt.analysis.importers.ImportRejected` (rows and rules, never a number) and keeps
    nothing on any error."""
    policy.require(actor, policy.Action.CREATE, organization, model=EventDataset)
    table = read_events(name, data, secret=secret_for(organization))
    persons = len(set(table.column("person").to_pylist()))
    with transaction.atomic():
        dataset = audit.create(
            actor,
            EventDataset(
                organization=organization,
                title=title,
                file_name=name,
                rows=table.num_rows,
                persons=persons,
            ),
        )
        save_dataset(store_for(organization), dataset.dataset_name, table)
    return dataset


def flow_of(
    actor: Any, dataset: EventDataset, flow_settings: FlowSettings, export: str = ""
) -> FlowResult:
    """Run the flow analysis on the dataset; the view — or the export ``export`` — is recorded
    in the access log of personal data."""
    policy.require(actor, policy.Action.VIEW, dataset)
    with dataset_table(store_for(dataset.organization), dataset.dataset_name) as events:
        result = run(events, flow_settings)
    personal.record_access(
        actor=actor,
        dataset=dataset,
        kind=personal.Kind.EXPORT if export else personal.Kind.VIEW,
        note=(
            (f"Flödesanalys exporterad ({export})" if export else "Flödesanalys visad")
            + f": referensdatum {flow_settings.reference_date}, "
            f"{flow_settings.lookback_years} år bakåt"
        ),
    )
    return result


def timeline_chart(
    result: FlowResult, title: str, labels: tuple[str, str, str, str]
) -> charts.BarChart:
    """Months from discharge to re-placement, with and without outpatient support between."""
    months_label, count_label, with_label, without_label = labels
    categories = tuple(
        f"{row.months}+"
        if row is result.months[-1]
        else f"{row.months}–{row.months + MONTH_STEP - 1}"
        for row in result.months
    )
    nan = float("nan")
    return charts.BarChart(
        title=title,
        categories=categories,
        series=(
            (
                with_label,
                tuple(
                    nan if r.with_outpatient is None else float(r.with_outpatient)
                    for r in result.months
                ),
            ),
            (
                without_label,
                tuple(
                    nan if r.without_outpatient is None else float(r.without_outpatient)
                    for r in result.months
                ),
            ),
        ),
        value_label=count_label,
        category_label=months_label,
        money=False,
    )


def sankey_chart(
    result: FlowResult, title: str, stage_label: str, count_label: str
) -> charts.Sankey:
    """The published step-to-step transitions as a Sankey diagram (links under the threshold
    are already left out by :func:`sikt.analysis.flow_results.run`)."""
    return charts.Sankey(
        title=title,
        links=tuple(
            (
                link.step,
                KINDS.get(link.source, link.source),
                KINDS.get(link.target, link.target),
                link.n,
            )
            for link in result.links
        ),
        stage_label=stage_label,
        count_label=count_label,
        order=tuple(KINDS.values()),
    )


def flow_xlsx(result: FlowResult, sheets: dict[str, list[str]]) -> bytes:
    """The page's tables as one XLSX workbook: re-placement groups, transitions, trajectories
    and months to re-placement; hidden counts stay empty cells. ``sheets`` gives each sheet's
    title and column headings in the user's language (keys ``groups``, ``links``,
    ``patterns``, ``months``)."""
    from openpyxl import Workbook

    rows: dict[str, list[list[Any]]] = {
        "groups": [
            [g.label, g.n, g.share, g.with_outpatient, g.outpatient_share] for g in result.groups
        ],
        "links": [
            [
                link.step,
                KINDS.get(link.source, link.source),
                KINDS.get(link.target, link.target),
                link.n,
            ]
            for link in result.links
        ],
        "patterns": [
            [" → ".join(KINDS.get(k, k) for k in p.steps), p.n, p.share] for p in result.patterns
        ],
        "months": [[m.months, m.with_outpatient, m.without_outpatient] for m in result.months],
    }
    book = Workbook()
    book.remove(book.active)
    for key, (title, *headings) in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.append(xlsx_row(sheet, headings))
        for row in rows[key]:
            sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
