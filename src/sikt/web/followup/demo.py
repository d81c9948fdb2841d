"""Demo follow-up for Exempelby: three initiatives that have run for two years (issue 10 item 6).

Each is decided and started through the demo workflow (:mod:`sikt.web.reports.demo`) on 1 January
two years before the current one, so its project period is the current year and the two before
it. Every scheduled report that is due is then filled in by the demo project leader and approved
by the demo coordinator through the follow-up services, so the audit trail, the flags and the
notifications are what real use leaves:

* *Läsfrämjande i lågstadiet* — on plan: **green**.
* *Familjeteam i Norra Exempelby* — reaches 62 % of the families it should by now: **yellow**;
  a report the coordinator asked for before the steering meeting was **returned** with a note on
  one value, and one deviation is open.
* *Jobbspår med handledare* — a participant was harmed (attrition with reason *harm*, not yet
  handled) and the latest report is **overdue**: **red**.

Values follow a fixed path from the baseline toward the target, so the demo is the same every
time for the same day. Idempotent: an initiative whose title exists is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from sikt.web.accounts.models import Organization, User
from sikt.web.audit import services as audit
from sikt.web.design.models import Indicator, Level, LogicElement, ProjectOrganisation, TargetGroup
from sikt.web.followup import services
from sikt.web.followup.models import (
    AttritionReason,
    DeviationKind,
    Flag,
    ProgressReport,
    YearlyReport,
)
from sikt.web.followup.schedule import month_fraction, period_share_passed
from sikt.web.followup.selectors.expected import (
    PERCENT_UNITS,
    PartInput,
    ValueInput,
    declared_dimensions,
    expected_rows,
    indicators_of,
)
from sikt.web.followup.services.yearly import yearly_report_request
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from sikt.web.reports.demo import RUNNING, DemoInitiative, seed_demo_initiative

LEADER = "projektledare"
COORDINATOR = "samordnare"

#: Planned per month for each activity of the logic model: (count, staff hours).
ACTIVITY_PLAN = (Decimal(8), Decimal(60))

#: The groups a demo breakdown is reported in.
GROUPS = {
    "sex": ("Flickor och kvinnor", "Pojkar och män"),
    "age_band": ("13–15 år", "16–17 år"),
    "area": ("Norra Exempelby", "Södra Exempelby"),
    "unit": ("Norrskolan", "Söderskolan"),
    "country_of_birth": ("Född i Sverige", "Född utomlands"),
    "socioeconomic": ("Lägre", "Högre"),
}


@dataclass(frozen=True)
class FollowedDemo:
    title: str
    #: Participants as a share of the planned reach to date.
    reach: Decimal
    #: How far along the time-proportional path from baseline to target the outcomes are.
    progress: Decimal
    #: Attrition with reason "harm" in the latest approved report (flag left unhandled).
    harm: bool = False
    #: The latest due report is left unsubmitted (overdue).
    overdue: bool = False
    #: A report requested by the coordinator is returned with a note on one value.
    returned: bool = False


FOLLOWED = (
    FollowedDemo("Läsfrämjande i lågstadiet", reach=Decimal("1.02"), progress=Decimal("1.05")),
    FollowedDemo(
        "Familjeteam i Norra Exempelby",
        reach=Decimal("0.62"),
        progress=Decimal("0.85"),
        returned=True,
    ),
    FollowedDemo(
        "Jobbspår med handledare",
        reach=Decimal("0.95"),
        progress=Decimal("0.90"),
        harm=True,
        overdue=True,
    ),
)

LESSONS = (
    "Samverkan med skolan och socialtjänsten kom i gång först när en gemensam kontaktperson "
    "utsågs; börja med det nästa gång."
)


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=[LEADER, COORDINATOR])}


def _round(indicator: Indicator, value: Decimal) -> Decimal:
    step = Decimal(1) if indicator.unit.strip().lower() == "antal" else Decimal("0.1")
    return value.quantize(step, rounding=ROUND_HALF_UP)


def _value(indicator: Indicator, share: Decimal, demo: FollowedDemo) -> Decimal:
    """The demo value on the path from the baseline toward the target at ``share`` elapsed."""
    baseline, target = indicator.baseline_value, indicator.target_value
    if baseline is not None and target is not None:
        return _round(indicator, baseline + (target - baseline) * share * demo.progress)
    if target is not None:
        is_rate = indicator.unit.strip().lower() in PERCENT_UNITS or indicator.frequency in {
            "monthly",
            "continuous",
        }
        return _round(indicator, target * (Decimal("0.95") if is_rate else share))
    return Decimal(10)


def _parts(indicator: Indicator, value: Decimal) -> list[PartInput]:
    """The total split over two groups of each declared breakdown (shares: ±2 around it)."""
    parts = []
    shares = indicator.unit.strip().lower() in PERCENT_UNITS
    for dimension in declared_dimensions(indicator):
        first, second = GROUPS.get(dimension, ("Grupp A", "Grupp B"))
        if shares:
            low = max(Decimal(0), value - 2)
            parts += [PartInput(dimension, first, value + 2), PartInput(dimension, second, low)]
        else:
            one = _round(indicator, value * Decimal("0.55"))
            parts += [PartInput(dimension, first, one), PartInput(dimension, second, value - one)]
    return parts


def _values(report: ProgressReport, demo: FollowedDemo) -> list[ValueInput]:
    initiative = report.initiative
    assert initiative.start_date and initiative.end_date
    rows = expected_rows(report, indicators_of(initiative))
    values = []
    for row in rows:
        share = period_share_passed(initiative.start_date, initiative.end_date, row.period_end)
        value = _value(row.indicator, share, demo)
        values.append(
            ValueInput(
                row.indicator.pk, row.period_start, value, parts=_parts(row.indicator, value)
            )
        )
    return values


def _fill(
    report: ProgressReport, demo: FollowedDemo, leader: User, *, lessons: bool = False
) -> None:
    """Values, activities, reach and a summary of one report, as the project leader enters them."""
    initiative = report.initiative
    assert initiative.start_date and initiative.end_date
    services.report_values_save(actor=leader, report=report, values=_values(report, demo))
    months = month_fraction(report.period_start, report.period_end)
    count, hours = ACTIVITY_PLAN
    services.report_activities_save(
        actor=leader,
        report=report,
        rows=[
            services.ActivityInput(
                element.pk, (count * months).quantize(Decimal(1)), hours * months
            )
            for element in LogicElement.objects.filter(
                initiative=initiative, level=Level.ACTIVITIES
            )
        ],
    )
    group = TargetGroup.objects.filter(initiative=initiative).first()
    reach = Decimal(group.reached_estimate or 0) if group else Decimal(0)
    planned = reach * period_share_passed(
        initiative.start_date, initiative.end_date, report.period_end
    )
    participants = int((planned * demo.reach).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    services.report_details_save(
        actor=leader,
        report=report,
        participants_total=participants,
        participants_active=participants * 3 // 4,
        summary="Verksamheten har genomförts enligt aktivitetsplanen under perioden.",
        lessons=LESSONS if lessons else "",
    )
    if participants >= 10:
        services.attrition_add(
            actor=leader, report=report, count=1, reason=AttritionReason.MOVED, description=""
        )


def _backdate(report: ProgressReport, **times: dt.date) -> None:
    """Give the submission, the review and the flags the dates they would have had."""
    stamps = {
        name: dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC) for name, day in times.items()
    }
    ProgressReport.objects.filter(pk=report.pk).update(**stamps)
    Flag.objects.filter(attrition__report=report).update(raised_at=stamps["submitted_at"])


def _approve(report: ProgressReport, leader: User, coordinator: User) -> None:
    services.report_submit(actor=leader, report=report)
    services.report_approve(actor=coordinator, report=report)
    _backdate(
        report,
        submitted_at=report.due_on - dt.timedelta(days=2),
        reviewed_at=report.due_on + dt.timedelta(days=5),
    )


def _harm(report: ProgressReport, leader: User) -> None:
    services.attrition_add(
        actor=leader,
        report=report,
        count=1,
        reason=AttritionReason.HARM,
        description="En deltagare mådde sämre av kraven på praktikplatsen och avbröt. "
        "Handledaren och socialsekreteraren har följt upp; stödet ges nu inom ordinarie "
        "verksamhet.",
    )


def _returned(initiative: Initiative, demo: FollowedDemo, leader: User, coordinator: User) -> None:
    """A report the coordinator asked for before the steering meeting, returned with a note."""
    today = timezone.localdate()
    start = max(initiative.start_date or today, today.replace(day=1) - dt.timedelta(days=60))
    report = services.report_add(
        actor=coordinator,
        initiative=initiative,
        title="Inför styrgruppsmötet",
        period_start=start,
        period_end=today - dt.timedelta(days=1),
        due_on=today + dt.timedelta(days=10),
    )
    services.report_values_save(actor=leader, report=report, values=_values(report, demo))
    services.report_details_save(
        actor=leader,
        report=report,
        summary="Färre familjer än planerat har tackat ja; vi har börjat samarbeta med skolan.",
    )
    services.report_submit(actor=leader, report=report)
    first = report.measurements.order_by("indicator_id", "period_start").first()
    services.report_return(
        actor=coordinator,
        report=report,
        comment="Ange hur många familjer som tackat nej under perioden.",
        notes={first.pk: "Stämmer värdet med verksamhetssystemet?"} if first else None,
    )
    services.deviation_create(
        actor=coordinator,
        initiative=initiative,
        kind=DeviationKind.OBSTACLE,
        description="Färre familjer än planerat tackar ja till stödet.",
        action="Informera skolornas elevhälsa och förskolorna om stödet.",
        owner=leader,
        due_on=today + dt.timedelta(days=30),
    )


def _lead(initiative: Initiative, leader: User) -> None:
    """Make the demo project leader the initiative's project leader (who reports)."""
    organisation = ProjectOrganisation.objects.filter(initiative=initiative).first()
    if organisation is not None and organisation.leader_user_id != leader.pk:
        audit.update(None, organisation, leader_user=leader, leader_name="")


def _activity_plans(initiative: Initiative) -> None:
    count, hours = ACTIVITY_PLAN
    for element in LogicElement.objects.filter(initiative=initiative, level=Level.ACTIVITIES):
        services.activity_plan_save(
            actor=None,
            element=element,
            unit="träffar",
            per_month=count,
            hours_per_month=hours,
            done_means="Träffen hölls med minst hälften av deltagarna.",
        )


def seed_followed(organization: Organization, demo: FollowedDemo) -> Initiative:
    """Start ``demo`` two years ago and report and review every report that is due."""
    users = _users()
    leader, coordinator = users[LEADER], users[COORDINATOR]
    today = timezone.localdate()
    initiative = seed_demo_initiative(
        organization,
        DemoInitiative(demo.title, InitiativeState.RUNNING, RUNNING),
        last_step_on=dt.date(today.year - 2, 1, 1),
    )
    _lead(initiative, leader)
    _activity_plans(initiative)
    services.schedule_sync(initiative)
    due = list(initiative.progress_reports.filter(due_on__lt=today).order_by("period_end"))
    if demo.overdue and due:
        due.pop()
    for index, report in enumerate(due):
        _fill(report, demo, leader, lessons=report.period_end.month == 12)
        if demo.harm and index == len(due) - 1:
            _harm(report, leader)
        _approve(report, leader, coordinator)
    if demo.returned:
        _returned(initiative, demo, leader, coordinator)
    return initiative


def seed_yearly_report(organization: Organization) -> None:
    """Last year's yearly portfolio report, generated once (at once, not in the background)."""
    year = timezone.localdate().year - 1
    if not YearlyReport.objects.filter(organization=organization, year=year).exists():
        yearly_report_request(actor=None, organization=organization, year=year, background=False)


@transaction.atomic
def seed_followup_demo(organization: Organization) -> int:
    """Create the followed demo initiatives that are missing; returns how many were created."""
    have = set(Initiative.objects.filter(organization=organization).values_list("title", flat=True))
    created = 0
    for demo in FOLLOWED:
        if demo.title not in have:
            seed_followed(organization, demo)
            created += 1
    return created
