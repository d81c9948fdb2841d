"""Individual-level event files and the flow analysis (SKL 004 §3, figure 6) for the web pages.

Identity numbers are validated and replaced by the organisation's keyed pseudonym while the
file is read (:func:`sikt.analysis.events.read_events`); only pseudonyms reach the store.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pyarrow.compute as pc
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sikt import charts
from sikt.analysis.datasets import dataset_table, save_event_dataset
from sikt.analysis.events import read_events
from sikt.analysis.flow import KINDS, FlowSettings
from sikt.analysis.flow_results import MONTH_STEP, FlowResult, Link, run
from sikt.analysis.identity import organisation_secret
from sikt.files import xlsx_row
from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.audit import personal
from sikt.web.audit import services as audit
from sikt.web.needs.models import EventDataset, FlowChart, NeedsAnalysis, PseudonymSalt
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
    with transaction.atomic():
        dataset = audit.create(
            actor,
            EventDataset(
                organization=organization,
                title=title,
                file_name=name,
                rows=table.num_rows,
                persons=pc.count_distinct(table.column("person")).as_py(),
            ),
        )
        save_event_dataset(store_for(organization), dataset.dataset_name, table)
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
            + ": "
            + settings_note(flow_settings)
        ),
    )
    return result


def settings_note(flow_settings: FlowSettings) -> str:
    """What a flow analysis followed, for the access log (Swedish, as every log note)."""
    outcome = ", ".join(KINDS.get(kind, kind) for kind in flow_settings.outcome_kinds)
    return (
        f"utfall {outcome}, referensdatum {flow_settings.reference_date}, "
        f"{flow_settings.lookback_years} år bakåt"
    )


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
    links: Sequence[Link], title: str, stage_label: str, count_label: str
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
            for link in links
        ),
        stage_label=stage_label,
        count_label=count_label,
        order=tuple(KINDS.values()),
    )


def flow_chart_save(
    *, actor: Any, dataset: EventDataset, flow_settings: FlowSettings, analysis: NeedsAnalysis
) -> FlowChart:
    """Run the flow analysis and keep its published transitions on ``analysis`` as a
    supporting chart (the run is recorded in the access log like any view of the data)."""
    policy.require(actor, policy.Action.CHANGE, analysis)
    if analysis.organization_id != dataset.organization_id:
        raise PermissionDenied
    result = flow_of(actor, dataset, flow_settings)
    with transaction.atomic():
        return audit.create(actor, kept_chart(analysis, dataset, result))


def flow_chart_remove(*, actor: Any, chart: FlowChart) -> None:
    """Take a supporting chart off its needs analysis; the audit trail keeps its last values."""
    policy.require(actor, policy.Action.DELETE, chart)
    policy.require(actor, policy.Action.CHANGE, chart.analysis)
    audit.delete(actor, chart, note=f"Diagram borttaget från behovsanalysen {chart.analysis_id}")


def kept_chart(analysis: NeedsAnalysis, dataset: EventDataset, result: FlowResult) -> FlowChart:
    """What a needs analysis keeps of a flow analysis's ``result``: its published transitions
    and the choices behind them (not saved)."""
    return FlowChart(
        analysis=analysis,
        dataset=dataset,
        reference_date=result.settings.reference_date,
        lookback_years=result.settings.lookback_years,
        outcome_kinds=list(result.settings.outcome_kinds),
        threshold=result.threshold,
        links=[[link.step, link.source, link.target, link.n] for link in result.links],
        hidden_links=result.hidden_links,
    )


def chart_links(chart: FlowChart) -> list[Link]:
    """The transitions a saved chart keeps."""
    return [
        Link(int(step), str(source), str(target), int(n)) for step, source, target, n in chart.links
    ]


def saved_sankey(chart: FlowChart) -> charts.Sankey:
    """A saved chart's Sankey diagram, titled with what it shows."""
    title = _(
        "%(dataset)s: trajectories step by step of everyone in %(outcome)s on %(date)s, "
        "%(years)d years back"
    ) % {
        "dataset": chart.dataset.title,
        "outcome": chart.outcome,
        "years": chart.lookback_years,
        "date": chart.reference_date.isoformat(),
    }
    return sankey_chart(chart_links(chart), title, _("Step"), _("persons"))


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
