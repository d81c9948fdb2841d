"""Demo: a finished initiative in Exempelby evaluated — generated, fictional outcome records
(marked as such) for a matched comparison, the matching run with its diagnostics and
sensitivity, and (when the approving decision froze a calculation) the economic evaluation;
then its stakeholders, interview and focus-group notes, component analysis and implementation
plan, and the board's implementation decision, which freezes the plan. The implemented demo
initiative gets its plan and decision here too (the decision requires a complete plan).
Deterministic and idempotent: an initiative that already has outcome data (or a plan) is left
alone."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from sikt.web.accounts.models import Membership, Organization, Role, User
from sikt.web.design.models import (
    CollectionMethod,
    Indicator,
    Level,
    LogicElement,
    Stakeholder,
    TargetGroup,
)
from sikt.web.design.services import design_record_create
from sikt.web.evaluation import economics, importing, services, synthetic, tasks
from sikt.web.evaluation.models import (
    ComponentAssessment,
    ImplementationPlan,
    InterviewNote,
    OutcomeDataset,
)
from sikt.web.followup import services as followup
from sikt.web.followup.selectors.expected import ValueInput, indicators_of
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.services import initiative_transition
from sikt.web.initiatives.states import InitiativeState
from sikt.web.reports.demo import LAST_STEP_DAYS_AGO, STEP_DAYS

#: An initiative past its evaluation in the demo (reports.demo), the family-support case.
DEMO_TITLE = "Föräldrastöd för familjer i förskolan"
#: The demo's implemented initiative: evaluated in reports.demo, implemented here (the
#: implementation decision needs a plan, which this area owns).
IMPLEMENTED_TITLE = "Elevhälsa i samverkan"
FILE_NAME = "exempelby-utfall-FIKTIVA.csv"


def _member(organization: Organization, role: Role) -> User | None:
    found = (
        Membership.objects.filter(organization=organization, role=role)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def seed_evaluation_for_organization(organization: Organization) -> bool:
    """Evaluate the demo initiative once and, when it waits for the implementation decision,
    write its qualitative records and plan and take the decision; take the implemented demo
    initiative from "evaluated" through its plan and decision to "implemented". Returns whether
    outcome data were added."""
    analyst = _member(organization, Role.ANALYST)
    board = _member(organization, Role.DECISION_MAKER)
    if analyst is None:
        return False
    if board is not None:
        _seed_implemented(organization, analyst, board)
    initiative = Initiative.objects.filter(organization=organization, title=DEMO_TITLE).first()
    if initiative is None:
        return False
    added = _seed_outcome(initiative, analyst)
    if initiative.state == InitiativeState.EVALUATED and board is not None:
        _seed_qualitative(initiative, analyst)
        _seed_plan_and_decision(initiative, analyst, board)
    return added


def _seed_outcome(initiative: Initiative, member: User) -> bool:
    if OutcomeDataset.objects.filter(initiative=initiative).exists():
        return False
    columns, rows = synthetic.generate(240, seed=11)
    treated = sum(1 for row in rows if row[1] == 1)
    records = importing.Records(columns, rows, treated, len(rows) - treated)
    dataset = services.dataset_store(
        actor=member,
        initiative=initiative,
        records=records,
        file_name=FILE_NAME,
        fictional=True,
    )
    run = services.run_start(
        actor=member,
        dataset=dataset,
        estimator="matching",
        options={"covariates": list(synthetic.COVARIATES), "caliper": "0.2"},
    )
    tasks.execute(run.pk)
    run.refresh_from_db()
    # Without a calculation frozen at the approval the effect evaluation stands alone.
    with contextlib.suppress(economics.EconomicsError):
        services.economic_evaluation_create(actor=member, run=run, outcome_key="hvb")
    return True


#: ``(name, link, method, information)`` of the stakeholders the evaluation talked to.
STAKEHOLDERS = (
    (
        "Förskolans personal",
        "Möter familjerna varje dag och bjöd in till grupperna",
        CollectionMethod.FOCUS_GROUP,
        "Hur föräldrarna tog emot stödet och vad som hindrade deltagande",
    ),
    (
        "Föräldrar som deltog",
        "Målgruppen",
        CollectionMethod.INTERVIEW,
        "Vad de fick ut av grupperna och hembesöken",
    ),
    (
        "Socialtjänstens familjeenhet",
        "Tar över arbetssättet i ordinarie verksamhet",
        CollectionMethod.INTERVIEW,
        "Hur insatsen passar in bland dagens insatser och vad den kostar",
    ),
)

#: ``(kind, days before today, topic, stakeholder index, taking part, notes)``.
NOTES = (
    (
        "focus_group",
        120,
        "Föräldragruppernas upplägg",
        0,
        8,
        "Personalen ser att föräldrarna i grupperna oftare söker hjälp tidigt. Kvällstiderna "
        "passade inte familjer med skiftarbete; dagtid på förskolan nådde fler.",
    ),
    (
        "interview",
        100,
        "Erfarenheter av hembesöken",
        1,
        1,
        "Hembesöken beskrivs som det viktigaste: det gick att prata om det svåra hemma. "
        "Tolk behövdes i hälften av besöken.",
    ),
    (
        "interview",
        60,
        "Övertagande i ordinarie verksamhet",
        2,
        2,
        "Familjeenheten kan ta över med fyra familjebehandlare om de köpta "
        "öppenvårdsinsatserna minskar i motsvarande grad.",
    ),
)

#: ``(component, verdict, why, context)``.
COMPONENTS = (
    (
        "Hembesök",
        "worked",
        "Förtroende byggdes hemma; familjerna tog emot stöd de inte sökt på mottagningen.",
        "Familjer med barn 1–5 år i förskolan, med tolk vid behov.",
    ),
    (
        "Föräldragrupper på kvällstid",
        "partly",
        "Uppskattade av dem som kom, men få kunde på kvällen.",
        "Fungerade när gruppen låg på förskolan dagtid.",
    ),
    (
        "Digitalt stödmaterial",
        "did_not_work",
        "Användes knappt; språk och format passade inte målgruppen.",
        "Alla demoområden.",
    ),
)


def _seed_qualitative(initiative: Initiative, analyst: User) -> None:
    """Stakeholders (the design's analysis, completed), notes and the component analysis."""
    if ComponentAssessment.objects.filter(initiative=initiative).exists():
        return
    have = {s.name: s for s in Stakeholder.objects.filter(initiative=initiative)}
    stakeholders = []
    for name, relation, method, information in STAKEHOLDERS:
        if name not in have:
            have[name] = design_record_create(
                actor=analyst,
                initiative=initiative,
                instance=Stakeholder(
                    initiative=initiative,
                    name=name,
                    relation=relation,
                    method=method,
                    information=information,
                ),
            )
        stakeholders.append(have[name])
    today = timezone.localdate()
    for kind, days, topic, index, taking_part, text in NOTES:
        services.note_save(
            actor=analyst,
            initiative=initiative,
            note=InterviewNote(
                initiative=initiative,
                kind=kind,
                held_on=today - dt.timedelta(days=days),
                topic=topic,
                participants=taking_part,
                notes=text,
            ),
            stakeholders=[stakeholders[index]],
        )
    activity = (
        LogicElement.objects.filter(initiative=initiative, level=Level.ACTIVITIES)
        .order_by("position")
        .first()
    )
    for number, (component, verdict, why, context) in enumerate(COMPONENTS):
        services.record_create(
            actor=analyst,
            initiative=initiative,
            instance=ComponentAssessment(
                initiative=initiative,
                component=component,
                element=activity if number == 0 else None,
                verdict=verdict,
                why=why,
                context=context,
            ),
        )


def _family_plan(initiative: Initiative, size: int, year: int) -> ImplementationPlan:
    return ImplementationPlan(
        initiative=initiative,
        receiving_operation="Socialnämnden, familjeenheten",
        target_group_size=size,
        full_scale_cost=Decimal(6000 * size),
        price_year=year,
        cost_basis="Fyra familjebehandlare, tolk och handledning; beräknat från "
        "projektets utfall per familj.",
        financing="Inom socialnämndens ram: köpta öppenvårdsinsatser minskas i samma takt "
        "som arbetssättet införs.",
        rollout="phased",
        phases=f"{year + 1}: förskolorna i Norra Exempelby\n{year + 2}: alla förskolor i kommunen",
        starts_on=dt.date(year + 1, 1, 1),
        complete_on=dt.date(year + 2, 12, 31),
        replaces="Köpta öppenvårdsinsatser för familjer med små barn.",
        replaced_cost=Decimal(2500 * size),
    )


def _school_plan(initiative: Initiative, size: int, year: int) -> ImplementationPlan:
    return ImplementationPlan(
        initiative=initiative,
        receiving_operation="Barn- och utbildningsnämnden, elevhälsan",
        target_group_size=size,
        full_scale_cost=Decimal(3500 * size),
        price_year=year,
        cost_basis="Skolkurator och specialpedagog i samverkan med socialtjänstens "
        "fältsekreterare; beräknat från projektets kostnad per elev.",
        financing="Delas mellan barn- och utbildningsnämnden och socialnämnden som under "
        "projekttiden.",
        rollout="at_once",
        starts_on=dt.date(year, 8, 1),
        complete_on=dt.date(year, 12, 31),
        replaces="Separata möten i elevhälsan och socialtjänsten kring samma elev.",
        replaced_cost=Decimal(1000 * size),
    )


def _seed_plan(
    initiative: Initiative, analyst: User, build: Callable[..., ImplementationPlan], year: int
) -> None:
    """The implementation plan the decision rests on (sized for the design's target group)."""
    target = TargetGroup.objects.filter(initiative=initiative).first()
    size = (target.size_estimate if target else None) or 400
    services.plan_save(actor=analyst, initiative=initiative, plan=build(initiative, size, year))


def _seed_plan_and_decision(initiative: Initiative, analyst: User, board: User) -> None:
    """The implementation plan, then the board's decision (which freezes it), then the
    follow-up that continues in ordinary operations."""
    if ImplementationPlan.objects.filter(initiative=initiative).exists():
        return
    year = timezone.localdate().year
    _seed_plan(initiative, analyst, _family_plan, year)
    initiative_transition(
        actor=board,
        initiative=initiative,
        transition_key="decide_implementation",
        reason="Utvärderingen visar effekt; arbetssättet införs i ordinarie verksamhet.",
        minute_reference="§ 88",
        registration_number=f"KS-{year}-0412",
    )
    _seed_operations_followup(initiative)


def _seed_implemented(organization: Organization, analyst: User, board: User) -> None:
    """The implemented demo initiative: its plan, the implementation decision and
    "implemented", on the days the lifecycle demo left room for (one step a month, the last a
    week ago)."""
    initiative = Initiative.objects.filter(
        organization=organization, title=IMPLEMENTED_TITLE, state=InitiativeState.EVALUATED
    ).first()
    coordinator = _member(organization, Role.COORDINATOR)
    if initiative is None or coordinator is None:
        return
    decided_on = timezone.localdate() - dt.timedelta(days=LAST_STEP_DAYS_AGO + STEP_DAYS)
    _seed_plan(initiative, analyst, _school_plan, decided_on.year)
    initiative_transition(
        actor=board,
        initiative=initiative,
        transition_key="decide_implementation",
        reason="Utvärderingen visar effekt; arbetssättet införs i ordinarie verksamhet.",
        decided_on=decided_on,
        minute_reference="§ 61",
        registration_number=f"KS-{decided_on.year}-{initiative.pk:04d}",
    )
    initiative_transition(
        actor=coordinator, initiative=initiative, transition_key="mark_implemented"
    )


def _indicator_value(indicator: Indicator, share: Decimal) -> Decimal | None:
    """A value ``share`` of the way from the baseline to the target (one decimal)."""
    baseline, target = indicator.baseline_value, indicator.target_value
    if baseline is None or target is None:
        return None
    return (baseline + (target - baseline) * share).quantize(Decimal("0.1"))


def _seed_operations_followup(initiative: Initiative) -> None:
    """The project's closing values, approved, and the first report asked of ordinary
    operations after the decision (left for the project leader to fill in), through the
    follow-up's own services."""
    coordinator = _member(initiative.organization, Role.COORDINATOR)
    if coordinator is None or initiative.end_date is None:
        return
    today = timezone.localdate()
    end = min(initiative.end_date, today - dt.timedelta(days=1))
    closing = followup.report_add(
        actor=coordinator,
        initiative=initiative,
        title="Projektets slutvärden",
        period_start=end - dt.timedelta(days=182),
        period_end=end,
        due_on=end + dt.timedelta(days=15),
    )
    values = [
        ValueInput(indicator.pk, closing.period_start, value)
        for indicator in indicators_of(initiative)
        if (value := _indicator_value(indicator, Decimal("0.8"))) is not None
    ]
    if values:
        followup.report_values_save(actor=None, report=closing, values=values)
    target = TargetGroup.objects.filter(initiative=initiative).first()
    reached = target.reached_estimate if target else None
    followup.report_details_save(
        actor=None,
        report=closing,
        participants_total=round(reached * 0.9) if reached else None,
        summary="Projektperioden avslutad; arbetssättet lämnas över till familjeenheten.",
    )
    followup.report_submit(actor=None, report=closing)
    followup.report_approve(actor=coordinator, report=closing)
    followup.report_add(
        actor=coordinator,
        initiative=initiative,
        title="Ordinarie verksamhet, första halvåret",
        period_start=today + dt.timedelta(days=1),
        period_end=today + dt.timedelta(days=182),
        due_on=today + dt.timedelta(days=197),
    )
