"""Individual-level event files and the flow analysis (SKL 004 §3, figure 6) for the web pages.

Identity numbers are validated and replaced by the organisation's keyed pseudonym while the
file is read (:func:`sikt.analysis.events.read_events`); only pseudonyms reach the store.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from sikt import charts
from sikt.analysis.datasets import dataset_table, save_dataset
from sikt.analysis.events import read_events
from sikt.analysis.flow import FlowSettings
from sikt.analysis.flow_results import FlowResult, run
from sikt.analysis.identity import organisation_secret
from sikt.web import policy
from sikt.web.accounts.models import Organization
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


def flow_of(actor: Any, dataset: EventDataset, flow_settings: FlowSettings) -> FlowResult:
    """Run the flow analysis on the dataset and log who viewed it."""
    policy.require(actor, policy.Action.VIEW, dataset)
    with dataset_table(store_for(dataset.organization), dataset.dataset_name) as events:
        result = run(events, flow_settings)
    audit.record(
        actor=actor,
        instance=dataset,
        action="view",
        note=(
            f"Flödesanalys visad: referensdatum {flow_settings.reference_date}, "
            f"{flow_settings.lookback_years} år bakåt"
        ),
    )
    return result


def timeline_chart(result: FlowResult, title: str, labels: tuple[str, str, str, str]) -> str:
    """Months from discharge to re-placement, with and without outpatient support between."""
    months_label, count_label, with_label, without_label = labels
    categories = tuple(
        f"{row.months}+" if row is result.months[-1] else str(row.months) for row in result.months
    )
    nan = float("nan")
    chart = charts.BarChart(
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
    return charts.svg(chart)
