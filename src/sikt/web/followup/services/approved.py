"""What the approved reports add up to, kept for the overview pages (issue 10's performance
target: the steering group's page for 500 initiatives × 5 years of monthly values).

The pages need each indicator's number of approved values and the latest of them (the light's
outcome signal, the sparkline) and each activity's approved total. Computing them on every
request sorted or summed every approved value and report of the organisation;
:class:`~sikt.web.followup.models.ApprovedSeries` and
:class:`~sikt.web.followup.models.ApprovedActivity` keep them instead, computed again here from
the approved reports in the transaction that approves one (:func:`approved_refresh`). Only
approval changes what counts: the services refuse to change or delete anything in an approved
report.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, Sum, Window
from django.db.models.functions import RowNumber

from sikt.web.followup.models import (
    SERIES_POINTS,
    ActivityReport,
    ApprovedActivity,
    ApprovedSeries,
    Measurement,
    ProgressReport,
)
from sikt.web.followup.states import ReportState
from sikt.web.initiatives.models import Initiative

#: Indicators or activities computed per query when many are refreshed at once (a bulk load).
BATCH = 2000


def approved_refresh(report: ProgressReport) -> None:
    """Keep the stored series and totals of what ``report`` holds in step with its approval.

    The initiative's row is locked first: two of its reports approved at the same time are then
    counted one after the other, the second seeing the first's values (PostgreSQL reads what is
    committed at each statement), so neither approval overwrites the other's sums."""
    list(Initiative.objects.select_for_update().filter(pk=report.initiative_id).values_list("pk"))
    approved_series_refresh(report.measurements.values_list("indicator_id", flat=True))
    approved_activities_refresh(report.activities.values_list("element_id", flat=True))


def _batches(ids: Iterable[int]) -> Iterable[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), BATCH):
        yield unique[start : start + BATCH]


def approved_series_refresh(indicator_ids: Iterable[int]) -> None:
    """Compute the stored series of these indicators again from their approved values (one
    window query and one upsert per :data:`BATCH` indicators)."""
    for ids in _batches(indicator_ids):
        ranked = (
            Measurement.objects.filter(indicator_id__in=ids, report__state=ReportState.APPROVED)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("indicator_id")],
                    order_by=[F("period_end").desc(), F("id").desc()],
                ),
                approved=Window(Count("id"), partition_by=[F("indicator_id")]),
            )
            .filter(rank__lte=SERIES_POINTS)
            .order_by("indicator_id", "rank")
            .values_list("indicator_id", "report__initiative_id", "approved", "period_end", "value")
        )
        found: dict[int, ApprovedSeries] = {}
        for indicator_id, initiative_id, approved, period_end, value in ranked:
            series = found.get(indicator_id)
            if series is None:
                series = found[indicator_id] = ApprovedSeries(
                    indicator_id=indicator_id,
                    initiative_id=initiative_id,
                    count=approved,
                    points=[],
                )
            series.points.append([period_end.isoformat(), str(value)])
        ApprovedSeries.objects.bulk_create(
            found.values(),
            update_conflicts=True,
            unique_fields=["indicator"],
            update_fields=["initiative", "count", "points"],
        )


def approved_activities_refresh(element_ids: Iterable[int]) -> None:
    """Compute the stored approved totals of these activities again (one grouped query and one
    upsert per :data:`BATCH` activities)."""
    for ids in _batches(element_ids):
        totals = (
            ActivityReport.objects.filter(element_id__in=ids, report__state=ReportState.APPROVED)
            .values("element_id", "report__initiative_id")
            .annotate(done=Sum("done"), hours=Sum("hours_used"))
            .order_by()
        )
        ApprovedActivity.objects.bulk_create(
            (
                ApprovedActivity(
                    element_id=row["element_id"],
                    initiative_id=row["report__initiative_id"],
                    done=row["done"],
                    hours_used=row["hours"],
                )
                for row in totals
            ),
            update_conflicts=True,
            unique_fields=["element"],
            update_fields=["initiative", "done", "hours_used"],
        )
