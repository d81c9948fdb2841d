"""Demo initiatives for Exempelby: one in every state of the lifecycle, from a fresh idea to an
implemented one (issue 4 item 10), built on the three worked example cases.

Every step is taken through the services by the demo user who holds the role (the applicant
submits, the management group clears, the steering group reviews, assesses and recommends, the
board decides), so the audit trail, the decision records (date, paragraf, diarienummer) and the
frozen application versions are what a real process would leave. Each initiative's design and
calculation come from the design and calculations apps' seeding helpers before its plan is
submitted. Idempotent: an initiative whose title already exists is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sikt.web.accounts.models import Committee, Organization, User
from sikt.web.calculations.demo import example_for
from sikt.web.calculations.services import seed_calculation_for
from sikt.web.design.demo import case_for, seed_design_for
from sikt.web.initiatives.models import Grant, Initiative
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.services import (
    comment_create,
    criteria_assess,
    initiative_create,
    initiative_transition,
    initiative_update,
    selection_scores_save,
)
from sikt.web.initiatives.states import InitiativeState as S
from sikt.web.initiatives.workflow import TRANSITIONS_BY_KEY
from sikt.web.reports.archive import documents_not_kept

#: Who takes which step (demo usernames from :data:`sikt.web.demo.DEMO_USERS`).
ACTORS = {
    "submit_idea": "sokande",
    "clear_idea": "ledningsgrupp",
    "reject_idea": "ledningsgrupp",
    "start_plan": "sokande",
    "submit_plan": "sokande",
    "take_up_review": "styrgrupp",
    "return_for_completion": "styrgrupp",
    "recommend": "styrgrupp",
    "not_recommend": "styrgrupp",
    "approve": "beslutsfattare",
    "reject": "beslutsfattare",
    "start": "projektledare",
    "pause": "samordnare",
    "end": "projektledare",
    "mark_evaluated": "analytiker",
    "stop": "styrgrupp",
}

REASONS = {
    "reject_idea": "Idén överlappar en pågående satsning i ordinarie verksamhet.",
    "return_for_completion": "Kalkylen behöver motivera effektantagandet; komplettera "
    "riskanalysen med stoppkriterier.",
    "not_recommend": "Effektantagandet saknar stöd i forskningen för målgruppen.",
    "reject": "Fonden räcker inte till fler satsningar i år.",
    "pause": "Rekryteringen av personal är försenad.",
    "stop": "Stoppkriteriet om uteblivet deltagande har uppfyllts.",
    "recommend": "Ansökan uppfyller grundkriterierna och kalkylen är granskad.",
    "approve": "Kommunstyrelsen beviljar medel ur den sociala investeringsfonden.",
    "clear_idea": "Idén bedöms kunna bli en social investering.",
}

IDEA = ("submit_idea",)
CLEARED = (*IDEA, "clear_idea")
PLAN = (*CLEARED, "start_plan")
SUBMITTED = (*PLAN, "submit_plan")
REVIEW = (*SUBMITTED, "take_up_review")
RECOMMENDED = (*REVIEW, "return_for_completion", "submit_plan", "take_up_review", "recommend")
APPROVED = (*RECOMMENDED, "approve")
RUNNING = (*APPROVED, "start")
ENDED = (*RUNNING, "end")
EVALUATED = (*ENDED, "mark_evaluated")


@dataclass(frozen=True)
class DemoInitiative:
    title: str
    state: S
    path: tuple[str, ...]
    #: Steps another area's demo takes afterwards (dates here leave room for them, so the
    #: initiative's start — and the periods the fund's demo reports costs for — stay put).
    steps_after: int = 0


#: One initiative per state; the title's words pick the example case (design and calculation).
DEMO_INITIATIVES = (
    DemoInitiative("Läsglädje i förskoleklass", S.IDEA_DRAFT, ()),
    DemoInitiative("Jobbcoacher för unga vuxna", S.IDEA_SUBMITTED, IDEA),
    DemoInitiative("Läxhjälp på elevcaféet", S.IDEA_REJECTED, (*IDEA, "reject_idea")),
    DemoInitiative("Familjecentral i Södra Exempelby", S.IDEA_CLEARED, CLEARED),
    DemoInitiative("Språkstöd i etableringsfasen", S.PLAN_DRAFT, PLAN),
    DemoInitiative("Familjebehandling för unga i riskzon", S.PLAN_SUBMITTED, SUBMITTED),
    DemoInitiative("Etableringsspår med yrkessvenska", S.STEERING_REVIEW, REVIEW),
    DemoInitiative("Tidiga insatser i skolan", S.RECOMMENDED, RECOMMENDED),
    DemoInitiative(
        "Hemmaplanslösning i stället för HVB", S.NOT_RECOMMENDED, (*REVIEW, "not_recommend")
    ),
    DemoInitiative("Läsombud på skolbiblioteken", S.APPROVED, APPROVED),
    DemoInitiative("Arbetsträning i kommunal regi", S.REJECTED, (*RECOMMENDED, "reject")),
    DemoInitiative("Familjestöd i hemmet", S.RUNNING, RUNNING),
    DemoInitiative("Skolsocialt team", S.PAUSED, (*RUNNING, "pause")),
    DemoInitiative("Jobbspår för nyanlända", S.ENDED, ENDED),
    DemoInitiative("Läsdelegater i skolan", S.EVALUATED, EVALUATED),
    # Evaluated here; the evaluation demo writes its final report and implementation plan and
    # then takes the implementation decision, which freezes the plan (sikt.web.evaluation.demo).
    DemoInitiative(
        "Föräldrastöd för familjer i förskolan", S.IMPLEMENTATION_DECIDED, EVALUATED, steps_after=1
    ),
    # Evaluated here; the evaluation demo writes its implementation plan (which the decision
    # requires), takes the implementation decision and marks it implemented.
    DemoInitiative("Elevhälsa i samverkan", S.IMPLEMENTED, EVALUATED, steps_after=2),
    DemoInitiative("Sommarjobb för unga arbetssökande", S.STOPPED, (*RUNNING, "stop")),
)

#: Days between two steps; the last step was taken this many days ago.
STEP_DAYS = 30
LAST_STEP_DAYS_AGO = 7


def _users() -> dict[str, User]:
    return {user.username: user for user in User.objects.filter(username__in=set(ACTORS.values()))}


def _committee(organization: Organization, name: str) -> Committee | None:
    return organization.committees.filter(name=name).first()


def _idea(organization: Organization, demo: DemoInitiative, applicant: User) -> Initiative:
    case = case_for(Initiative(title=demo.title))
    owner = _committee(organization, case.owner_committee)
    others = list(organization.committees.exclude(pk=owner.pk if owner else None)[:1])
    return initiative_create(
        actor=applicant,
        organization=organization,
        title=demo.title,
        problem=f"{case.target_group['description']} får i dag inte det stöd de behöver, "
        "vilket leder till högre kostnader längre fram.",
        target_group=case.target_group["description"],
        affected_operations="Berörda förvaltningar för resultat och kostnader enligt kalkylen.",
        needs_analysis_reference="Behovsanalys Exempelby 2025 (fiktiv)",
        owner_committee=owner,
        result_committees=[c for c in [owner] if c is not None],
        cost_committees=[c for c in [owner, *others] if c is not None],
    )


def _plan(actor: User, initiative: Initiative, start: dt.date) -> None:
    """Fill the project plan and attach the design and calculation (before submission)."""
    seed_design_for(initiative)
    calculation = seed_calculation_for(initiative, example_for(initiative))
    cost = Decimal(round(float(calculation.repayment_plan.get("investment_cost", 0))))
    initiative_update(
        actor=actor,
        initiative=initiative,
        purpose=case_for(initiative).purpose,
        budget_summary="Personal och material under projekttiden enligt kalkylen; utbetalning "
        "i efterskott per år.",
        start_date=start,
        end_date=start.replace(year=start.year + 3) - dt.timedelta(days=1),
        total_cost_sek=cost,
        requested_amount_sek=cost,
        price_year=int(calculation.result.get("price_year", start.year)),
        owner_name="Förvaltningschefen",
    )


def _assess(actor: User, initiative: Initiative, *, all_met: bool) -> None:
    ruleset = ruleset_for(initiative.organization)
    criteria_assess(
        actor=actor,
        initiative=initiative,
        assessments=[
            (
                criterion,
                all_met or index > 0,
                "Styrkt i projektplanen och kalkylen." if all_met or index > 0 else "",
            )
            for index, criterion in enumerate(ruleset.base_criteria)
        ],
    )
    selection_scores_save(
        actor=actor,
        initiative=initiative,
        scores=dict.fromkeys(ruleset.selection_criteria, 4 if all_met else 2),
    )


GRANT_CONDITIONS = (
    "Medlen betalas ut i efterskott mot faktiska kostnader vid delår 1, delår 2 och "
    "årsbokslut. Satsningen redovisar ekonomi och verksamhet enligt projektplanen."
)


def grant_fields(initiative: Initiative, decided_on: dt.date) -> dict[str, Any]:
    """A demo grant: the amount applied for spread evenly over the project years, and the
    next project number of the organisation (``SI-2025-03``)."""
    start, end = initiative.start_date, initiative.end_date
    years = list(range(start.year, end.year + 1)) if start and end else [decided_on.year]
    total = initiative.requested_amount_sek or Decimal(1_000_000)
    share = (total / len(years)).quantize(Decimal(1))
    amounts = dict.fromkeys(years, share)
    amounts[years[-1]] += total - share * len(years)
    taken = Grant.objects.filter(initiative__organization=initiative.organization).count()
    return {
        "grant_years": amounts,
        "project_number": f"SI-{decided_on.year}-{taken + 1:02d}",
        "conditions": GRANT_CONDITIONS,
    }


def _take(initiative: Initiative, key: str, actor: User, number: int, decided_on: dt.date) -> None:
    fields: dict[str, Any] = {"reason": REASONS.get(key, "")}
    fields.update(
        decided_on=decided_on,
        minute_reference=f"§ {10 + number}",
        registration_number=f"KS-{decided_on.year}-{initiative.pk:04d}",
    )
    if TRANSITIONS_BY_KEY[key].grants:
        fields.update(grant_fields(initiative, decided_on))
    initiative_transition(actor=actor, initiative=initiative, transition_key=key, **fields)


def seed_demo_initiative(
    organization: Organization, demo: DemoInitiative, *, last_step_on: dt.date | None = None
) -> Initiative:
    """Take ``demo`` through its path; the last step is taken on ``last_step_on`` (by default
    :data:`LAST_STEP_DAYS_AGO` days ago) and each earlier one :data:`STEP_DAYS` before the next.
    """
    users = _users()
    last = last_step_on or timezone.localdate() - dt.timedelta(
        days=LAST_STEP_DAYS_AGO + STEP_DAYS * demo.steps_after
    )
    steps = len(demo.path)
    dates = [last - dt.timedelta(days=STEP_DAYS * (steps - 1 - index)) for index in range(steps)]
    start = (
        dates[demo.path.index("start")]
        if "start" in demo.path
        else timezone.localdate() + dt.timedelta(60)
    )
    initiative = _idea(organization, demo, users["sokande"])
    for number, (key, decided_on) in enumerate(zip(demo.path, dates, strict=True)):
        first_plan = not initiative.versions.filter(transition="submit_plan").exists()
        if key == "submit_plan" and first_plan:
            _plan(users["sokande"], initiative, start)
        if key in {"recommend", "not_recommend"}:
            _assess(users["styrgrupp"], initiative, all_met=key == "recommend")
        if key == "return_for_completion":
            comment_create(
                actor=users["styrgrupp"],
                initiative=initiative,
                section="plan",
                text="Motivera effektantagandet med källor och komplettera riskanalysen.",
            )
        _take(initiative, key, users[ACTORS[key]], number, decided_on)
        initiative.refresh_from_db()
    if demo.state == S.PLAN_DRAFT:
        _plan(users["sokande"], initiative, start)
    return initiative


@transaction.atomic
def seed_demo_initiatives(organization: Organization) -> int:
    """Create the demo initiatives that are missing; returns how many were created. Their
    decisions keep no rendered documents (:func:`~sikt.web.reports.archive.documents_not_kept`):
    a decision taken in the demo afterwards keeps its own as usual."""
    have = set(Initiative.objects.filter(organization=organization).values_list("title", flat=True))
    created = 0
    with documents_not_kept():
        for demo in DEMO_INITIATIVES:
            if demo.title not in have:
                seed_demo_initiative(organization, demo)
                created += 1
    return created
