"""The figures of the yearly aggregated evaluation of the portfolio (issue 10 item 5).

Uppsala evaluates its portfolio every year before budget planning (003). This selector gathers
one organisation's figures for one calendar year from the records — nothing is stored or
estimated here — so the PDF, the DOCX and the XLSX (:mod:`sikt.web.followup.yearly.render`) all show
the same numbers:

* initiatives by state (on the day the report is made), and the traffic light of those that
  ran during the year (the one status function, :mod:`sikt.web.followup.status`, as it reads
  on the day the report is made);
* money into and out of the fund in the year, per part of the fund: what the fund's ledger
  says through its provider (:func:`sikt.web.funds.facts.fund_year`);
* results against goals and success criteria: each outcome indicator's latest value approved
  for a period ending in the year, against its baseline, target and success criterion;
* expected against realised savings per committee: the repayment the decided plans expect in
  the year, the amount in force after revisions (savings that did not arise are not repaid),
  and what was booked as repaid;
* attrition by reason in approved reports for the year, and the flags raised in the year or
  by attrition in the year's reports;
* the lessons recorded in approved reports for the year.

Follow-up sits above the fund (ARCHITECTURE: layers): it reads the repayment list directly and
the fund's yearly figures through :mod:`sikt.web.initiatives.fundfacts`, and never writes to
the fund.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone, translation

from sikt.web.accounts.models import Organization
from sikt.web.design.models import Direction, Indicator, IndicatorKind, SuccessCriterion
from sikt.web.followup.labels import light_label, status_text
from sikt.web.followup.models import Attrition, AttritionReason, Flag, Measurement, ProgressReport
from sikt.web.followup.selectors.overview import overviews
from sikt.web.followup.states import ReportState
from sikt.web.followup.status import Light
from sikt.web.funds.services.repayments import repayment_list
from sikt.web.initiatives import fundfacts
from sikt.web.initiatives.fundfacts import FundYear
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState

#: Labels (states, reasons, lights) are in Swedish: the report is a public record.
LANGUAGE = "sv"
ORE = Decimal(100)
OUTCOME_KINDS = (IndicatorKind.OUTCOME_SHORT, IndicatorKind.OUTCOME_LONG)
#: Steps reported to the progress callback (one per part of the report).
STEPS = 7

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LightRow:
    title: str
    committee: str
    light: Light
    light_text: str
    reasons: str


@dataclass(frozen=True)
class ResultRow:
    initiative: str
    indicator: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    #: The value that meets the success criterion (baseline ± smallest effect), if any.
    success_at: Decimal | None
    value: Decimal | None
    measured_on: dt.date | None
    #: Whether the value reaches the success criterion / the target (``None``: cannot say).
    success_met: bool | None
    target_met: bool | None


@dataclass(frozen=True)
class CommitteeMoney:
    committee: str
    expected: Decimal
    in_force: Decimal
    repaid: Decimal


@dataclass(frozen=True)
class FlagRow:
    initiative: str
    kind: str
    raised_on: dt.date
    handled: bool


@dataclass(frozen=True)
class Lesson:
    initiative: str
    period_end: dt.date
    text: str


@dataclass
class YearlyData:
    organization: str
    year: int
    generated_on: dt.date
    states: list[tuple[str, int]] = field(default_factory=list)
    lights: list[LightRow] = field(default_factory=list)
    fund: FundYear | None = None
    results: list[ResultRow] = field(default_factory=list)
    committees: list[CommitteeMoney] = field(default_factory=list)
    attrition: list[tuple[str, int]] = field(default_factory=list)
    flags: list[FlagRow] = field(default_factory=list)
    lessons: list[Lesson] = field(default_factory=list)

    @property
    def initiatives_total(self) -> int:
        return sum(count for _label, count in self.states)

    @property
    def attrition_total(self) -> int:
        return sum(count for _label, count in self.attrition)

    def light_count(self, light: Light) -> int:
        return sum(1 for row in self.lights if row.light == light)


def _states(organization: Organization) -> list[tuple[str, int]]:
    """Every initiative of the organisation by its state on the day the report is made."""
    counts = dict(
        Initiative.objects.filter(organization=organization)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        (str(state.label), counts[state.value])
        for state in InitiativeState
        if counts.get(state.value)
    ]


def _ran_in(organization: Organization, year: int) -> QuerySet[Initiative]:
    return Initiative.objects.filter(
        organization=organization,
        start_date__lte=dt.date(year, 12, 31),
        end_date__gte=dt.date(year, 1, 1),
        progress_reports__isnull=False,
    ).distinct()


def _lights(organization: Organization, year: int) -> list[LightRow]:
    initiatives = _ran_in(organization, year)
    rows = []
    for overview in overviews(None, organization, initiatives=initiatives):
        initiative = overview.initiative
        committee = initiative.owner_committee.name if initiative.owner_committee else ""
        reasons = status_text(overview.status).partition(": ")[2]
        rows.append(
            LightRow(
                initiative.title,
                committee,
                overview.status.light,
                light_label(overview.status.light),
                reasons,
            )
        )
    return sorted(rows, key=lambda row: (-row.light, row.title))


def _sek(ore: int) -> Decimal:
    return Decimal(ore) / ORE


def _met(value: Decimal | None, goal: Decimal | None, higher: bool | None) -> bool | None:
    if value is None or goal is None or higher is None:
        return None
    return value >= goal if higher else value <= goal


def _results(organization: Organization, year: int) -> list[ResultRow]:
    indicators = list(
        Indicator.objects.filter(
            element__initiative__in=_ran_in(organization, year), kind__in=OUTCOME_KINDS
        )
        .select_related("element__initiative")
        .order_by("element__initiative__title", "element__position", "id")
    )
    latest: dict[int, Measurement] = {}
    for measurement in Measurement.objects.filter(
        indicator__in=indicators,
        report__state=ReportState.APPROVED,
        period_end__year=year,
    ).order_by("indicator_id", "period_end", "id"):
        latest[measurement.indicator_id] = measurement
    effects = dict(
        SuccessCriterion.objects.filter(indicator__in=indicators).values_list(
            "indicator_id", "minimum_effect"
        )
    )
    rows = []
    for indicator in indicators:
        higher = None if not indicator.direction else indicator.direction == Direction.HIGHER
        baseline, target = indicator.baseline_value, indicator.target_value
        if higher is None and baseline is not None and target is not None and target != baseline:
            higher = target > baseline
        effect = effects.get(indicator.pk)
        success_at = None
        if baseline is not None and effect is not None and higher is not None:
            success_at = baseline + effect if higher else baseline - effect
        found = latest.get(indicator.pk)
        value = found.value if found else None
        rows.append(
            ResultRow(
                initiative=indicator.element.initiative.title,
                indicator=indicator.name,
                unit=indicator.unit,
                baseline=baseline,
                target=target,
                success_at=success_at,
                value=value,
                measured_on=found.period_end if found else None,
                success_met=_met(value, success_at, higher),
                target_met=_met(value, target, higher),
            )
        )
    return rows


def _committees(organization: Organization, year: int) -> list[CommitteeMoney]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in repayment_list(organization, year):
        sums = totals[row.committee_name]
        sums[0] += row.planned_ore
        sums[1] += row.amount_ore
        sums[2] += row.booked_ore
    return [
        CommitteeMoney(name, _sek(planned), _sek(in_force), _sek(booked))
        for name, (planned, in_force, booked) in sorted(totals.items())
    ]


def _attrition(organization: Organization, year: int) -> list[tuple[str, int]]:
    counts = dict(
        Attrition.objects.filter(
            report__initiative__organization=organization,
            report__state=ReportState.APPROVED,
            report__period_end__year=year,
        )
        .values_list("reason")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return [
        (str(reason.label), int(counts[reason.value]))
        for reason in AttritionReason
        if counts.get(reason.value)
    ]


def _flags(organization: Organization, year: int) -> list[FlagRow]:
    return [
        FlagRow(
            flag.initiative.title,
            str(flag.get_kind_display()),
            timezone.localtime(flag.raised_at).date(),
            flag.handled_at is not None,
        )
        for flag in Flag.objects.filter(
            Q(raised_at__year=year) | Q(attrition__report__period_end__year=year),
            initiative__organization=organization,
        )
        .select_related("initiative")
        .order_by("raised_at", "id")
    ]


def _lessons(organization: Organization, year: int) -> list[Lesson]:
    return [
        Lesson(report.initiative.title, report.period_end, report.lessons.strip())
        for report in ProgressReport.objects.filter(
            ~Q(lessons=""),
            initiative__organization=organization,
            state=ReportState.APPROVED,
            period_end__year=year,
        )
        .select_related("initiative")
        .order_by("initiative__title", "period_end")
    ]


def yearly_data(
    organization: Organization, year: int, progress: Progress | None = None
) -> YearlyData:
    """Everything the yearly report of ``organization`` for ``year`` shows."""
    with translation.override(LANGUAGE):
        return _gather(organization, year, progress)


def _gather(organization: Organization, year: int, progress: Progress | None) -> YearlyData:
    data = YearlyData(organization.name, year, timezone.localdate())

    def flags_and_lessons() -> None:
        data.flags = _flags(organization, year)
        data.lessons = _lessons(organization, year)

    parts: list[Callable[[], None]] = [
        lambda: setattr(data, "states", _states(organization)),
        lambda: setattr(data, "lights", _lights(organization, year)),
        lambda: setattr(data, "fund", fundfacts.fund_year(organization.pk, year)),
        lambda: setattr(data, "results", _results(organization, year)),
        lambda: setattr(data, "committees", _committees(organization, year)),
        lambda: setattr(data, "attrition", _attrition(organization, year)),
        flags_and_lessons,
    ]
    for done, part in enumerate(parts, start=1):
        part()
        if progress is not None:
            progress(done, STEPS)
    return data
