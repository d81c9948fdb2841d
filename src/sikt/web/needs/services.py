"""Write paths for needs analyses: policy check, audit record and transaction in each."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sikt.analysis.flow import FlowSettings
from sikt.analysis.geo import Layer, read_geojson
from sikt.analysis.importers import ImportSummary, import_indicator_values
from sikt.analysis.store import IndicatorDefinition
from sikt.web import policy, queue
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.initiatives.models import Initiative
from sikt.web.needs import flow_runs
from sikt.web.needs.areas import save_layer
from sikt.web.needs.models import EventDataset, FlowRun, NeedsAnalysis
from sikt.web.needs.store import store_for


def needs_analysis_create(
    *,
    actor: Any,
    organization: Organization,
    initiatives: list[Initiative] | None = None,
    **values: Any,
) -> NeedsAnalysis:
    policy.require(actor, policy.Action.CREATE, organization, model=NeedsAnalysis)
    with transaction.atomic():
        analysis = audit.create(actor, NeedsAnalysis(organization=organization, **values))
        _set_initiatives(actor, analysis, initiatives or [])
    return analysis


def _bump(analysis: NeedsAnalysis, version: int | None) -> None:
    """Refuse a save from a stale form; otherwise count the new version."""
    current = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if version is not None and current.version != version:
        raise ValidationError(
            _(
                "Someone else saved this needs analysis while you were editing it. Your "
                "changes are shown below; reload the page to see theirs."
            ),
            code="conflict",
        )
    analysis.version = current.version + 1


def needs_analysis_update(
    *,
    actor: Any,
    analysis: NeedsAnalysis,
    version: int | None = None,
    initiatives: list[Initiative] | None = None,
    **values: Any,
) -> NeedsAnalysis:
    policy.require(actor, policy.Action.CHANGE, analysis)
    with transaction.atomic():
        _bump(analysis, version)
        audit.update(actor, analysis, version=analysis.version, **values)
        if initiatives is not None:
            _set_initiatives(actor, analysis, initiatives)
    return analysis


def _set_initiatives(actor: Any, analysis: NeedsAnalysis, initiatives: list[Initiative]) -> None:
    """Link exactly ``initiatives`` (all of the analysis's organisation) and record the change."""
    foreign = [i for i in initiatives if i.organization_id != analysis.organization_id]
    if foreign:
        raise ValidationError(_("An initiative of another organisation cannot be linked."))
    before = sorted(str(i) for i in analysis.initiatives.all())
    analysis.initiatives.set(initiatives)
    after = sorted(str(i) for i in initiatives)
    if before != after:
        audit.record(
            actor=actor,
            instance=analysis,
            action="update",
            changes={"initiatives": [before, after]},
        )


def initiative_link(*, actor: Any, analysis: NeedsAnalysis, initiative: Initiative) -> None:
    """Link one initiative (e.g. an idea) to the analysis whose needs it answers."""
    policy.require(actor, policy.Action.CHANGE, analysis)
    with transaction.atomic():
        _set_initiatives(actor, analysis, [*analysis.initiatives.all(), initiative])


def _require_analyst(actor: Any, organization: Organization) -> None:
    """Loading data into the indicator store is the analysts' and coordinators' work."""
    policy.require(actor, policy.Action.CREATE, organization, model=NeedsAnalysis)


def indicator_define(
    *, actor: Any, organization: Organization, definition: IndicatorDefinition
) -> None:
    """Add or replace an indicator definition in the organisation's store."""
    _require_analyst(actor, organization)
    store_for(organization).define([definition])
    audit.record(
        actor=actor,
        instance=organization,
        action="update",
        note=f"Indikator definierad: {definition.id} – {definition.title}",
    )


def indicator_values_import(
    *, actor: Any, organization: Organization, name: str, data: bytes
) -> ImportSummary:
    """Validate and import a CSV/XLSX of indicator values; raises
    :class:`~sikt.analysis.importers.ImportRejected` and writes nothing on any error."""
    _require_analyst(actor, organization)
    summary = import_indicator_values(store_for(organization), name, data)
    audit.record(
        actor=actor,
        instance=organization,
        action="update",
        note=f"Indikatorvärden importerade: {name}, {summary.rows} rader",
    )
    return summary


def areas_upload(
    *, actor: Any, organization: Organization, name: str, data: bytes, crs: str | None = None
) -> Layer:
    """Validate a GeoJSON of the organisation's areas and keep it (replacing the earlier one);
    raises :class:`~sikt.analysis.geo.GeoError` naming each bad feature and keeps nothing."""
    _require_analyst(actor, organization)
    layer = read_geojson(name, data, crs=crs or None)
    save_layer(organization, layer)
    audit.record(
        actor=actor,
        instance=organization,
        action="update",
        note=f"Områden inlästa: {name}, {len(layer.shapes)} områden ({layer.source_crs})",
    )
    return layer


def flow_run_start(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    name: str,
    data: bytes,
    rows: int,
    flow_settings: FlowSettings,
) -> FlowRun:
    """Queue the reading and the flow analysis of a large event file; the file is kept only
    sealed. Raises :class:`sikt.web.queue.QueueFull` (before anything is written) when the user
    already has the most runs allowed."""
    from sikt.web.needs.tasks import flow_run_task

    policy.require(actor, policy.Action.CREATE, organization, model=EventDataset)
    queue.check_capacity(actor)
    flow_run = FlowRun.objects.create(
        organization=organization,
        requested_by=actor,
        title=title,
        file_name=name[:300],
        rows=rows,
        reference_date=flow_settings.reference_date,
        lookback_years=flow_settings.lookback_years,
        outcome_kinds=list(flow_settings.outcome_kinds),
        sealed=flow_runs.seal(data),
    )
    transaction.on_commit(
        lambda: queue.enqueue(flow_run_task, flow_run.pk, user=actor, organization=organization)
    )
    return flow_run
