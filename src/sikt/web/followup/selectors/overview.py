"""Status at a glance for many initiatives at once, with a fixed number of queries.

The steering group's page, the initiative's follow-up page, the work queue and the yearly report
all read through :func:`overviews`, which gathers each initiative's follow-up figures with about
ten aggregate queries — whatever the number of initiatives or years of values — and hands them to
the one status function (:func:`sikt.web.followup.status.assess`). Only approved reports count.
What the approved reports add up to per indicator (the count and latest values) and per activity
(done and hours) is read from what the services keep when a report is approved
(:mod:`sikt.web.followup.services.approved`), one row each, not summed from every report.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from sikt.web import generations, policy
from sikt.web.accounts.models import Organization
from sikt.web.design.models import Direction, IndicatorKind
from sikt.web.followup import schedule, status
from sikt.web.followup.models import (
    ActivityPlan,
    ApprovedSeries,
    Deviation,
    Flag,
    FlagKind,
    ProgressReport,
)
from sikt.web.followup.states import FOLLOWED_STATES, OPEN_STATES, ReportState
from sikt.web.initiatives import fundfacts
from sikt.web.initiatives.models import Initiative

OUTCOME_KINDS = (IndicatorKind.OUTCOME_SHORT, IndicatorKind.OUTCOME_LONG)


@dataclass
class Series:
    """An indicator's latest approved values (oldest first) for a sparkline."""

    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    points: list[tuple[dt.date, Decimal]] = field(default_factory=list)


class _Sparkline:
    """The sparkline of a row that keeps its source indicator row (``sparkline_source``, from
    :func:`_sparkline_indicator`)."""

    sparkline_source: dict[str, Any] | None

    @cached_property
    def series(self) -> Series | None:
        """The sparkline's values, built when a page shows the row: the steering page lights
        every followed initiative but draws only the rows of the page it shows."""
        return None if self.sparkline_source is None else _series(self.sparkline_source)


@dataclass
class Overview(_Sparkline):
    initiative: Initiative
    status: status.Status
    figures: status.Figures
    next_due: dt.date | None
    oldest_overdue: dt.date | None
    to_review: int
    harm_flags: int
    stop_flags: int
    #: The indicator row the sparkline is drawn from (:func:`_sparkline_indicator`).
    sparkline_source: dict[str, Any] | None
    has_cost_data: bool


@dataclass(frozen=True)
class Glance(_Sparkline):
    """One followed initiative as the steering group's page lists it: plain values, kept
    between requests (:func:`glances`), the sparkline's values built only for the rows shown."""

    pk: int
    title: str
    state: str
    committee: str
    status: status.Status
    next_due: dt.date | None
    oldest_overdue: dt.date | None
    harm_flags: int
    stop_flags: int
    sparkline_source: dict[str, Any] | None


def glances(organization: Organization, today: dt.date | None = None) -> list[Glance]:
    """Every followed initiative of the organisation with its light, red first (then by
    title), from the cache until something is written in the organisation or the day changes
    (the light counts overdue reports against today): the steering group's page lights
    hundreds of initiatives and opening it should not cost that each time (issue 13). The
    caller picks the rows a user may see; every followed initiative is lit the same for all."""
    today = today or timezone.localdate()

    def compute() -> list[Glance]:
        found = overviews(
            None,
            organization,
            initiatives=Initiative.objects.filter(
                organization=organization, state__in=FOLLOWED_STATES
            ),
            today=today,
        )
        return [
            Glance(
                pk=overview.initiative.pk,
                title=overview.initiative.title,
                state=overview.initiative.state,
                committee=str(overview.initiative.owner_committee or "–"),
                status=overview.status,
                next_due=overview.next_due,
                oldest_overdue=overview.oldest_overdue,
                harm_flags=overview.harm_flags,
                stop_flags=overview.stop_flags,
                sparkline_source=overview.sparkline_source,
            )
            for overview in sorted(found, key=lambda o: (-o.status.light, o.initiative.title))
        ]

    return generations.cached("steering", organization.pk, compute, today.isoformat())


def followed(user: Any, organization: Organization) -> QuerySet[Initiative]:
    """The organisation's initiatives under follow-up (approved, running, paused)."""
    return policy.scope(
        user,
        Initiative.objects.filter(organization=organization, state__in=FOLLOWED_STATES),
    )


def _latest_participants() -> Subquery:
    return Subquery(
        ProgressReport.objects.filter(
            initiative=OuterRef("pk"),
            state=ReportState.APPROVED,
            participants_total__isnull=False,
        )
        .order_by("-period_end", "-id")
        .values("participants_total")[:1],
        output_field=IntegerField(),
    )


def _report_figures(ids: QuerySet[Any], today: dt.date) -> dict[int, dict[str, Any]]:
    open_before = Q(state__in=OPEN_STATES, due_on__lt=today)
    rows = (
        ProgressReport.objects.filter(initiative__in=ids)
        .values("initiative_id")
        .annotate(
            overdue=Count("id", filter=open_before),
            oldest_overdue=Min("due_on", filter=open_before),
            next_due=Min("due_on", filter=Q(state__in=OPEN_STATES, due_on__gte=today)),
            approved_through=Max("period_end", filter=Q(state=ReportState.APPROVED)),
            to_review=Count("id", filter=Q(state=ReportState.SUBMITTED)),
        )
    )
    return {row["initiative_id"]: row for row in rows}


def _activity_figures(ids: QuerySet[Any]) -> tuple[dict[int, list[Any]], dict[int, Any]]:
    """Each initiative's activity plans, and what the approved reports say was done of the
    planned activities (summed; absent when no approved report covers one), read from the
    totals the services keep (:class:`~sikt.web.followup.models.ApprovedActivity`)."""
    plans: dict[int, list[Any]] = defaultdict(list)
    done: dict[int, dict[str, Any]] = {}
    for plan in ActivityPlan.objects.filter(element__initiative__in=ids).values(
        "per_month",
        "hours_per_month",
        initiative_id=F("element__initiative_id"),
        done=F("element__approved_activity__done"),
        hours=F("element__approved_activity__hours_used"),
    ):
        plans[plan["initiative_id"]].append(plan)
        if plan["done"] is not None:
            total = done.setdefault(plan["initiative_id"], {"done": 0, "hours": None})
            total["done"] += plan["done"]
            if plan["hours"] is not None:
                total["hours"] = (total["hours"] or 0) + plan["hours"]
    return plans, done


def _indicators(ids: QuerySet[Any]) -> dict[int, list[dict[str, Any]]]:
    """Each initiative's indicators that have approved values, with how many and the latest
    :data:`~sikt.web.followup.models.SERIES_POINTS` of them (as stored, newest first), read from
    the series the services keep (:class:`~sikt.web.followup.models.ApprovedSeries`): one row
    per indicator, however many values. An indicator without approved values gives no signal."""
    rows = (
        ApprovedSeries.objects.filter(initiative__in=ids)
        .values(
            "initiative_id",
            "count",
            "points",
            name=F("indicator__name"),
            kind=F("indicator__kind"),
            unit=F("indicator__unit"),
            baseline_value=F("indicator__baseline_value"),
            target_value=F("indicator__target_value"),
            direction=F("indicator__direction"),
        )
        .order_by("indicator__element__position", "indicator_id")
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        found[row["initiative_id"]].append(row)
    return found


def _sparkline_indicator(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The outcome indicator with the most approved values (else a process measure)."""
    candidates = [r for r in rows if r["count"] >= 2]
    outcomes = [r for r in candidates if r["kind"] in OUTCOME_KINDS]
    chosen = outcomes or candidates
    return max(chosen, key=lambda r: r["count"]) if chosen else None


def _series(row: dict[str, Any]) -> Series:
    return Series(
        row["name"],
        row["unit"],
        row["baseline_value"],
        row["target_value"],
        sorted((dt.date.fromisoformat(day), Decimal(value)) for day, value in row["points"]),
    )


def _counts(ids: QuerySet[Any], today: dt.date) -> tuple[dict[int, Any], dict[int, Any]]:
    deviations = {
        row["initiative_id"]: row
        for row in Deviation.objects.filter(initiative__in=ids, closed_on__isnull=True)
        .values("initiative_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    }
    flags: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Flag.objects.filter(initiative__in=ids, handled_at__isnull=True)
        .values("initiative_id", "kind")
        .annotate(n=Count("id"))
    ):
        flags[row["initiative_id"]][row["kind"]] = row["n"]
    return deviations, flags


def _planned(plans: list[Any], key: str, start: dt.date | None, through: Any) -> Any:
    values = [plan[key] for plan in plans if plan[key] is not None]
    if not values or start is None or through is None:
        return None
    return sum(values) * schedule.month_fraction(start, through)


def _outcome(row: dict[str, Any]) -> status.Outcome:
    direction = row["direction"]
    return status.Outcome(
        name=row["name"],
        baseline=row["baseline_value"],
        target=row["target_value"],
        higher_is_better=None if not direction else direction == Direction.HIGHER,
        latest=Decimal(row["points"][0][1]),
    )


def overviews(
    user: Any,
    organization: Organization,
    *,
    initiatives: QuerySet[Initiative] | None = None,
    today: dt.date | None = None,
) -> list[Overview]:
    """Light, figures, next due date, flags and sparkline for each followed initiative."""
    today = today or timezone.localdate()
    chosen_qs = initiatives if initiatives is not None else followed(user, organization)
    found = list(
        chosen_qs.select_related("owner_committee", "target_group_definition")
        .annotate(participants=_latest_participants())
        .order_by("title", "id")
    )
    ids = chosen_qs.values("pk")
    reports = _report_figures(ids, today)
    plans, done = _activity_figures(ids)
    indicators = _indicators(ids)
    deviations, flags = _counts(ids, today)
    costs = fundfacts.reported_costs([i.pk for i in found], today)
    result = []
    for initiative in found:
        report = reports.get(initiative.pk, {})
        through = report.get("approved_through")
        activity = done.get(initiative.pk, {})
        group = getattr(initiative, "target_group_definition", None)
        reach_total = getattr(group, "reached_estimate", None)
        reach_planned = None
        if reach_total and initiative.start_date and initiative.end_date and through:
            reach_planned = Decimal(reach_total) * schedule.period_share_passed(
                initiative.start_date, initiative.end_date, through
            )
        deviation = deviations.get(initiative.pk, {})
        flag = flags.get(initiative.pk, {})
        cost = costs.get(initiative.pk)
        oldest = report.get("oldest_overdue")
        figures = status.Figures(
            today=today,
            start=initiative.start_date,
            end=initiative.end_date,
            approved_through=through,
            activities_planned=_planned(
                plans.get(initiative.pk, []), "per_month", initiative.start_date, through
            ),
            activities_done=activity.get("done"),
            hours_planned=_planned(
                plans.get(initiative.pk, []), "hours_per_month", initiative.start_date, through
            ),
            hours_used=activity.get("hours"),
            reach_planned=reach_planned,
            reach_actual=None
            if initiative.participants is None  # type: ignore[attr-defined]
            else Decimal(initiative.participants),  # type: ignore[attr-defined]
            costs_budget=cost.budget_sek if cost else None,
            costs_reported=cost.reported_sek if cost else None,
            outcomes=tuple(
                _outcome(row)
                for row in indicators.get(initiative.pk, [])
                if row["kind"] in OUTCOME_KINDS
            ),
            open_deviations=deviation.get("open", 0),
            overdue_deviations=deviation.get("overdue", 0),
            overdue_reports=report.get("overdue", 0),
            oldest_overdue_days=(today - oldest).days if oldest else 0,
            harm_flags=flag.get(FlagKind.HARM, 0),
            stop_flags=flag.get(FlagKind.STOP_CRITERION, 0),
        )
        result.append(
            Overview(
                initiative=initiative,
                status=status.assess(figures),
                figures=figures,
                next_due=report.get("next_due"),
                oldest_overdue=oldest,
                to_review=report.get("to_review", 0),
                harm_flags=figures.harm_flags,
                stop_flags=figures.stop_flags,
                sparkline_source=_sparkline_indicator(indicators.get(initiative.pk, [])),
                has_cost_data=cost is not None,
            )
        )
    return result
