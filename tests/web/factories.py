"""Test data builders. :data:`RECORD_FACTORIES` builds one record of each organisation-owned
model inside a given organisation; the tenancy test uses it to visit every object URL as a user
of another organisation. A new model with object URLs needs an entry here (the test says so)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pyarrow as pa
from django.db import models

from sikt.analysis.datasets import save_dataset
from sikt.analysis.examples import EVENT_SCHEMA
from sikt.web.accounts import services
from sikt.web.accounts.models import Committee, Membership, Organization, Role, User
from sikt.web.agreements.models import (
    Agreement,
    Participation,
    Repayment,
    Sprint,
    SprintProgress,
    Tranche,
)
from sikt.web.audit import services as audit
from sikt.web.calculations.models import Calculation, CalculationRun
from sikt.web.design import models as design
from sikt.web.evaluation.models import (
    ComponentAssessment,
    EconomicEvaluation,
    EvaluationRun,
    InterviewNote,
    OutcomeDataset,
)
from sikt.web.followup.models import Attrition, Deviation, Flag, ProgressReport, YearlyReport
from sikt.web.funds.models import CostReport, Fund, LedgerEntry, RepaymentRevision
from sikt.web.initiatives.models import Initiative
from sikt.web.needs.models import (
    EventDataset,
    FlowChart,
    FlowRun,
    MeasurementDataset,
    NeedsAnalysis,
)
from sikt.web.needs.store import store_for
from sikt.web.reports.models import StoredDocument
from sikt.web.sharing.models import Adoption, SharedModel, SharedModelVersion
from sikt.web.unitcosts.models import UnitCostEntry, UnitCostImport

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def _org_number(seed: int) -> str:
    """A Luhn-valid organisation number 2120NNNNN-C for test organisations."""
    body = f"212{seed:06d}"[-9:]
    for check in range(10):
        digits = body + str(check)
        total = 0
        for index, char in enumerate(reversed(digits)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return f"{digits[:6]}-{digits[6:]}"
    raise AssertionError("unreachable")


def make_organization(name: str | None = None, **values: Any) -> Organization:
    n = next(_counter)
    return services.organization_create(
        actor=None,
        name=name or f"Testkommun {n}",
        kind=values.pop("kind", Organization.Kind.MUNICIPALITY),
        organization_number=values.pop("organization_number", _org_number(n)),
        municipality_code=values.pop("municipality_code", f"{n % 10000:04d}"),
        **values,
    )


def make_committee(organization: Organization, name: str | None = None) -> Committee:
    return services.committee_create(
        actor=None, organization=organization, name=name or f"Nämnd {next(_counter)}"
    )


def make_user(organization: Organization | None = None, *roles: Role, **values: Any) -> User:
    user = services.user_create(
        actor=None,
        username=values.pop("username", f"user{next(_counter)}"),
        password=PASSWORD,
        email=values.pop("email", ""),
        **values,
    )
    for role in roles:
        services.membership_grant(actor=None, user=user, organization=organization, role=role)
    return user


def _membership(organization: Organization) -> Membership:
    return make_user(organization, Role.VIEWER).memberships.get()


def make_initiative(organization: Organization, title: str | None = None) -> Initiative:
    creator = make_user(organization, Role.APPLICANT)
    return audit.create(
        creator,
        Initiative(
            organization=organization,
            title=title or f"Satsning {next(_counter)}",
            created_by=creator,
        ),
    )


def make_unit_cost(organization: Organization, key: str | None = None, **row: str) -> UnitCostEntry:
    """A unit cost parsed by ``sikt.calc`` from a table row (defaults: 4 219 kr/dygn, 2025)."""
    from sikt.calc.unit_costs import unit_cost_from_row
    from sikt.web.unitcosts.rows import values_from_cost

    values = {
        "key": key or f"enhetskostnad_{next(_counter)}",
        "name_sv": "HVB-placering, vårddygn",
        "amount_sek": "4219",
        "unit": "kr/vårddygn",
        "price_year": "2025",
        "bearer": "kommun – socialnämnd",
        "source_title": "Prislista",
        "source_publisher": "Testleverantör",
        **row,
    }
    cost = unit_cost_from_row(values)
    return audit.create(None, UnitCostEntry(organization=organization, **values_from_cost(cost)))


def make_unit_cost_import(organization: Organization) -> UnitCostImport:
    """A large import that has finished."""
    return UnitCostImport.objects.create(
        organization=organization, file_name="enhetskostnader.csv", rows=5000, status="done"
    )


# --- design (sikt.web.design) ---------------------------------------------------------------


def make_logic_element(
    organization: Organization,
    level: str = design.Level.SHORT_TERM,
    initiative: Initiative | None = None,
) -> design.LogicElement:
    return audit.create(
        None,
        design.LogicElement(
            initiative=initiative or make_initiative(organization),
            level=level,
            text=f"Element {next(_counter)}",
        ),
    )


def make_indicator(
    organization: Organization, element: design.LogicElement | None = None, **values: Any
) -> design.Indicator:
    element = element or make_logic_element(organization)
    fields: dict[str, Any] = {
        "name": f"Indikator {next(_counter)}",
        "kind": design.DEFAULT_KIND[design.Level(element.level)],
        "unit": "%",
        "frequency": design.Frequency.YEARLY,
        "data_source": "Elevregistret",
        **values,
    }
    return audit.create(None, design.Indicator(element=element, **fields))


def make_risk(organization: Organization, initiative: Initiative | None = None) -> design.Risk:
    return audit.create(
        None,
        design.Risk(
            initiative=initiative or make_initiative(organization),
            number=next(_counter),
            description="Personalen hinner inte delta",
            probability=design.Level3.MEDIUM,
            impact=design.Level3.HIGH,
            action="Boka in utbildningen i god tid",
            owner="Projektledaren",
        ),
    )


def make_stop_criterion(organization: Organization) -> design.StopCriterion:
    return audit.create(
        None,
        design.StopCriterion(
            initiative=make_initiative(organization),
            reason=design.StopReason.COSTS_RISE,
            condition="Kostnaden överstiger budget med 20 %",
        ),
    )


def make_success_criterion(organization: Organization) -> design.SuccessCriterion:
    return audit.create(
        None,
        design.SuccessCriterion(indicator=make_indicator(organization), minimum_effect=5),
    )


def make_stakeholder(organization: Organization) -> design.Stakeholder:
    return audit.create(
        None,
        design.Stakeholder(
            initiative=make_initiative(organization),
            name="Elever",
            relation="Målgrupp",
            method=design.CollectionMethod.FOCUS_GROUP,
            information="Upplevelse av stödet",
        ),
    )


def make_communication_item(organization: Organization) -> design.CommunicationItem:
    return audit.create(
        None,
        design.CommunicationItem(
            initiative=make_initiative(organization),
            scope=design.Audience.INTERNAL,
            audience="Rektorer",
            message="Satsningen startar",
            channel="Rektorsmöte",
            timing="Augusti",
            responsible="Projektledaren",
        ),
    )


#: The committees the worked example cases name as bearers (as in the demo organisation).
EXAMPLE_COMMITTEES = (
    "Kommunstyrelsen",
    "Socialnämnden",
    "Utbildningsnämnden",
    "Kultur- och fritidsnämnden",
    "Arbetsmarknadsnämnden",
)


def prepare_for_examples(organization: Organization) -> None:
    """Give ``organization`` the example cases' committees and the starter unit costs."""
    from sikt.web.unitcosts.services import seed_starter_library

    have = set(organization.committees.values_list("name", flat=True))
    for name in EXAMPLE_COMMITTEES:
        if name not in have:
            make_committee(organization, name)
    seed_starter_library(organization)


def make_grant(initiative: Initiative, number: str = "SI-2026-01") -> Any:
    """The board's approval of ``initiative`` with a grant (recorded directly, no documents):
    what an amendment is opened against."""
    from sikt.web.initiatives.models import Decision, Grant
    from sikt.web.initiatives.states import DecisionBody, InitiativeState

    decision = Decision.objects.create(
        initiative=initiative,
        transition="approve",
        outcome=InitiativeState.APPROVED,
        decided_on=dt.date(2025, 12, 1),
        body=DecisionBody.EXECUTIVE_BOARD,
    )
    return Grant.objects.create(decision=decision, initiative=initiative, project_number=number)


def make_calculation(organization: Organization, example: str = "placeringar-unga") -> Calculation:
    """An initiative with a worked example case attached and calculated."""
    from sikt.web.calculations.services import seed_calculation_for

    prepare_for_examples(organization)
    return seed_calculation_for(make_initiative(organization), example)


def make_calculation_run(organization: Organization) -> CalculationRun:
    calculation = make_calculation(organization)
    return CalculationRun.objects.create(
        calculation=calculation, draws=100_000, case=calculation.case
    )


# --- the fund (sikt.web.funds) ------------------------------------------------------------


def make_fund(organization: Organization) -> Fund:
    from sikt.web.funds.selectors import default_fund
    from sikt.web.funds.services.funds import fund_create

    return default_fund(organization) or fund_create(
        actor=None, organization=organization, name="Sociala investeringar"
    )


def make_ledger_entry(organization: Organization) -> LedgerEntry:
    from sikt.web.funds.services.ledger import Kind, book

    return book(
        actor=make_user(organization, Role.COORDINATOR),
        fund=make_fund(organization),
        kind=Kind.ALLOCATION,
        amount_ore=1_000_000_00,
        year=2025,
    )


def make_cost_report(organization: Organization) -> CostReport:
    initiative = make_initiative(organization)
    return audit.create(
        None,
        CostReport(
            initiative=initiative,
            year=2025,
            period="delar1",
            reported_by=make_user(organization, Role.PROJECT_LEADER),
        ),
    )


def make_repayment_revision(organization: Organization) -> RepaymentRevision:
    return audit.create(
        None,
        RepaymentRevision(
            initiative=make_initiative(organization),
            committee=make_committee(organization),
            year=2026,
            previous_ore=100_00,
            amount_ore=50_00,
            reason="Mindre effekt",
            proposed_by=make_user(organization, Role.ECONOMIST),
        ),
    )


# --- follow-up (sikt.web.followup) ----------------------------------------------------------


def make_running_initiative(
    organization: Organization,
    *,
    title: str | None = None,
    start: Any = None,
    end: Any = None,
    reporting: str = "quarterly",
    leader: User | None = None,
) -> Initiative:
    """A running initiative with an activity (planned 10 a month, 20 hours), a monthly process
    measure, a quarterly outcome measure broken down by sex (baseline 60, target 80, higher is
    better, success at +5), a target group of 40 to reach, a stop criterion about harm and a
    follow-up plan reporting at ``reporting``; its reports are scheduled."""
    import datetime as dt
    from decimal import Decimal

    from sikt.web.followup.models import ActivityPlan
    from sikt.web.followup.services import schedule_sync
    from sikt.web.initiatives.states import InitiativeState

    start = start or dt.date(2026, 1, 1)
    end = end or dt.date(2028, 12, 31)
    initiative = make_initiative(organization, title)
    initiative.state = InitiativeState.RUNNING
    initiative.start_date, initiative.end_date = start, end
    initiative.save()
    activity = make_logic_element(organization, design.Level.ACTIVITIES, initiative)
    audit.create(
        None,
        ActivityPlan(element=activity, per_month=Decimal(10), hours_per_month=Decimal(20)),
    )
    make_indicator(
        organization,
        activity,
        name="Genomförda gruppträffar",
        unit="antal",
        frequency=design.Frequency.MONTHLY,
    )
    outcome = make_indicator(
        organization,
        make_logic_element(organization, design.Level.SHORT_TERM, initiative),
        name="Andel med godkänd läsförmåga",
        unit="%",
        frequency=design.Frequency.QUARTERLY,
        baseline_value=Decimal(60),
        baseline_date=start,
        target_value=Decimal(80),
        direction=design.Direction.HIGHER,
        disaggregations=["sex"],
    )
    audit.create(None, design.SuccessCriterion(indicator=outcome, minimum_effect=Decimal(5)))
    audit.create(
        None,
        design.TargetGroup(
            initiative=initiative, description="Elever", size_estimate=100, reached_estimate=40
        ),
    )
    audit.create(
        None,
        design.StopCriterion(
            initiative=initiative,
            reason=design.StopReason.HARM,
            condition="En deltagare far illa av insatsen",
        ),
    )
    audit.create(
        None,
        design.FollowUpPlan(
            initiative=initiative,
            measurement_plan="Projektledaren registrerar",
            evaluation_questions="Blev det bättre?",
            reporting_frequency=reporting,
            responsible="Projektledaren",
        ),
    )
    if leader is not None:
        audit.create(
            None,
            design.ProjectOrganisation(
                initiative=initiative, leader_user=leader, steering_group="Styrgruppen"
            ),
        )
    schedule_sync(initiative)
    return initiative


def make_progress_report(organization: Organization) -> ProgressReport:
    return make_running_initiative(organization).progress_reports.first()  # type: ignore[return-value]


def make_attrition(organization: Organization) -> Attrition:
    from sikt.web.followup.models import AttritionReason

    report = make_progress_report(organization)
    return audit.create(None, Attrition(report=report, count=1, reason=AttritionReason.MOVED))


def make_flag(organization: Organization) -> Flag:
    from sikt.web.followup.models import FlagKind

    return audit.create(
        None,
        Flag(
            initiative=make_running_initiative(organization),
            kind=FlagKind.HARM,
            message="En deltagare mådde sämre",
        ),
    )


def make_deviation(organization: Organization) -> Deviation:
    return audit.create(
        None,
        Deviation(
            initiative=make_running_initiative(organization),
            description="Lokalen är inte klar",
        ),
    )


def make_needs_analysis(organization: Organization) -> NeedsAnalysis:
    return audit.create(
        None,
        NeedsAnalysis(
            organization=organization,
            title="Placeringar av unga",
            identified_needs="Fler unga placeras på HVB än i jämförbara kommuner.",
        ),
    )


# --- evaluation (sikt.web.evaluation) ------------------------------------------------------


def make_outcome_dataset(organization: Organization) -> OutcomeDataset:
    rows = [[f"p{i}", i % 2, float(i % 3), float(i)] for i in range(12)]
    return audit.create(
        None,
        OutcomeDataset(
            initiative=make_initiative(organization),
            version=1,
            file_name="utfall.csv",
            columns=["person", "grupp", "utfall", "alder"],
            rows=rows,
            sha256="0" * 64,
            n_treated=6,
            n_control=6,
        ),
    )


def make_evaluation_run(organization: Organization) -> EvaluationRun:
    return audit.create(
        None,
        EvaluationRun(
            dataset=make_outcome_dataset(organization),
            estimator="diff_in_means",
            software_version="sikt test",
            inputs_sha256="1" * 64,
        ),
    )


def make_economic_evaluation(organization: Organization) -> EconomicEvaluation:
    plan = {"years": [2026], "committees": ["sn"], "repayments": {"sn": [100.0]}}
    figures = {
        "outcome_key": "hvb", "outcome_name": "Undvikna placeringar", "probability": True,
        "planned_effect": 0.15, "realised_effect": 0.1, "realised_se": 0.04, "effect_ratio": 0.667,
        "participants": 80, "investment_cost": 1000.0, "cost_per_participant": 12.5,
        "avoided_events": 8.0, "cost_per_avoided_event": 125.0, "target_group": 90.0,
        "full_scale_cost": 1125.0, "full_scale_avoided": 9.0, "from_year": 2026, "draws": 10,
        "seed": 1, "planned_plan": plan, "revised_plan": {**plan, "repayments": {"sn": [60.0]}},
        "perspectives": [
            {"key": "sn", "name": {"sv": "Socialnämnden", "en": "Social services"},
             "level": "actor", "planned_npv": 10.0, "realised_npv": 5.0,
             "planned_probability": 0.6, "realised_probability": 0.5},
        ],
    }  # fmt: skip
    return audit.create(
        None,
        EconomicEvaluation(
            run=make_evaluation_run(organization),
            outcome_key="hvb",
            figures=figures,
            calculation_hash="2" * 64,
        ),
    )


def make_interview_note(organization: Organization) -> InterviewNote:
    return audit.create(
        None,
        InterviewNote(
            initiative=make_initiative(organization),
            kind="interview",
            held_on=dt.date(2026, 5, 4),
            topic="Hembesöken",
            notes="Uppskattade",
        ),
    )


def make_component_assessment(organization: Organization) -> ComponentAssessment:
    return audit.create(
        None,
        ComponentAssessment(
            initiative=make_initiative(organization),
            component="Hembesök",
            verdict="worked",
            why="Familjerna öppnade sig",
        ),
    )


def make_event_dataset(organization: Organization) -> EventDataset:
    """A dataset record with an empty events table (its analysis shows no one)."""
    dataset = audit.create(
        None,
        EventDataset(organization=organization, title="Placeringar", file_name="p.csv"),
    )
    save_dataset(store_for(organization), dataset.dataset_name, EVENT_SCHEMA.empty_table())
    return dataset


def make_flow_chart(organization: Organization) -> FlowChart:
    """A Sankey diagram of two transitions kept on a needs analysis."""
    return audit.create(
        None,
        FlowChart(
            analysis=make_needs_analysis(organization),
            dataset=make_event_dataset(organization),
            reference_date=dt.date(2024, 12, 31),
            lookback_years=3,
            threshold=5,
            links=[[1, "HVB", "SiS", 60], [1, "SiS", "HVB", 40]],
            hidden_links=1,
        ),
    )


def make_flow_run(organization: Organization) -> FlowRun:
    """A background flow analysis waiting for the worker (its upload sealed)."""
    return FlowRun.objects.create(
        organization=organization,
        title="Placeringar 2015–2024",
        file_name="stor.csv",
        rows=250_000,
        reference_date=dt.date(2024, 12, 31),
        lookback_years=3,
        sealed=b"gAAAA-sealed",
    )


def make_measurement_dataset(organization: Organization) -> MeasurementDataset:
    """A dataset of twelve values with its table in the organisation's store."""
    dataset = audit.create(
        None,
        MeasurementDataset(
            organization=organization,
            title="Meritvärden",
            value_label="Meritvärde",
            file_name="m.csv",
            rows=12,
            persons=12,
            dimensions=["kön"],
        ),
    )
    table = pa.table(
        {
            "person": [f"p{i}" for i in range(12)],
            "value": [float(200 + i) for i in range(12)],
            "kön": ["K", "M"] * 6,
        }
    )
    save_dataset(store_for(organization), dataset.dataset_name, table)
    return dataset


def make_yearly_report(organization: Organization) -> YearlyReport:
    """A finished yearly report (its files are placeholders; the tests of the report read
    real ones)."""
    return audit.create(
        None,
        YearlyReport(
            organization=organization,
            year=2025,
            status=YearlyReport.Status.DONE,
            progress=1.0,
            pdf=b"%PDF-1.4",
            docx=b"PK",
            xlsx=b"PK",
        ),
    )


# --- shared models (sikt.web.sharing) -------------------------------------------------------


def make_published_version(
    organization: Organization, title: str | None = None, **row: str
) -> SharedModelVersion:
    """Version 1 of a model ``organization`` publishes, holding one of its unit costs."""
    from sikt.web.sharing import services as sharing

    publisher = make_user(organization, Role.COORDINATOR)
    shared_model = sharing.shared_model_create(
        actor=publisher, organization=organization, title=title or f"Modell {next(_counter)}"
    )
    entry = make_unit_cost(organization, **row)
    return sharing.version_publish(
        actor=publisher,
        shared_model=shared_model,
        source_description="SKR:s tabell 2025",
        unit_costs=[entry],
    )


#: A finished estimate's result as ``sikt.stats`` stores it (the fields a summary shows).
FINISHED_RESULT = {
    "estimate": -0.12, "se": 0.04, "ci_low": -0.2, "ci_high": -0.04, "level": 0.95,
    "n_treated": 60, "n_control": 180,
}  # fmt: skip


def make_finished_evaluation(organization: Organization, title: str, **result: Any) -> None:
    """An initiative called ``title`` with a finished run and its economic evaluation."""
    run = make_economic_evaluation(organization).run
    EvaluationRun.objects.filter(pk=run.pk).update(
        status=EvaluationRun.Status.DONE, result={**FINISHED_RESULT, **result}
    )
    run.dataset.initiative.title = title
    run.dataset.initiative.save()


def make_shared_model(organization: Organization) -> SharedModel:
    return make_published_version(organization).shared_model


def make_adoption(organization: Organization) -> Adoption:
    from sikt.web.sharing import services as sharing

    version = make_published_version(make_organization())
    adopter = make_user(organization, Role.ECONOMIST)
    return sharing.version_adopt(actor=adopter, organization=organization, version=version)


# --- development agreements (sikt.web.agreements) ------------------------------------------


def make_agreement(
    organization: Organization, participant: Organization | None = None
) -> Agreement:
    """An Aktion-like agreement funded by ``organization`` with ``participant`` (default a new
    organisation): one sprint with two deliverables and a 100 000 kr tranche, two report dates
    (the second the year-end report)."""
    import datetime as dt
    from decimal import Decimal

    from sikt.web.agreements import services as agreements

    funder = make_user(organization, Role.COORDINATOR)
    agreement = agreements.agreement_create(
        actor=funder,
        funder=organization,
        participant=participant or make_organization(),
        title="Aktion 2017 – sociala investeringar",
        reference_number="359144",
        starts_on=dt.date(2017, 3, 1),
        ends_on=dt.date(2017, 12, 31),
        repayment_due_on=dt.date(2018, 1, 31),
    )
    agreements.sprint_add(
        actor=funder,
        agreement=agreement,
        deadline=dt.date(2017, 4, 15),
        title="Process och organisation",
        deliverables=["Projektplan beslutad", "Styrgrupp på plats"],
        tranche=Decimal("100000"),
    )
    agreements.report_date_add(actor=funder, agreement=agreement, due_on=dt.date(2017, 9, 28))
    agreements.report_date_add(
        actor=funder, agreement=agreement, due_on=dt.date(2017, 12, 31), year_end=True
    )
    return agreement


def _first_progress(organization: Organization) -> SprintProgress:
    return SprintProgress.objects.get(participation__agreement=make_agreement(organization))


def make_participation(organization: Organization) -> Participation:
    return make_agreement(organization).participations.get()


def make_tranche(organization: Organization) -> Tranche:
    return Tranche.objects.get(progress=_first_progress(organization))


def make_payable_tranche(organization: Organization) -> Tranche:
    """Sprint 1's tranche, payable: the participant submitted the sprint, the funder approved."""
    from sikt.web.agreements import services as agreements
    from sikt.web.agreements.models import SprintState

    progress = _first_progress(organization)
    worker = make_user(progress.participation.organization, Role.PROJECT_LEADER)
    funder = make_user(organization, Role.COORDINATOR)
    agreements.deliverables_mark(
        actor=worker, progress=progress, done=list(progress.sprint.deliverables.all())
    )
    agreements.sprint_transition(actor=worker, progress=progress, to=SprintState.SUBMITTED)
    agreements.sprint_transition(actor=funder, progress=progress, to=SprintState.APPROVED)
    return Tranche.objects.get(progress=progress)


def make_agreement_repayment(organization: Organization) -> Repayment:
    """A repayment due: sprint 1 approved and paid, 12 500,50 kr left at the year end."""
    import datetime as dt
    from decimal import Decimal

    from sikt.web.agreements import services as agreements

    tranche = make_payable_tranche(organization)
    participation = tranche.progress.participation
    agreements.tranche_pay(
        actor=make_user(organization, Role.COORDINATOR),
        tranche=tranche,
        paid_on=dt.date(2017, 5, 2),
        invoice_reference="F-2017-11",
    )
    agreements.remaining_report(
        actor=make_user(participation.organization, Role.PROJECT_LEADER),
        participation=participation,
        report_date=participation.agreement.report_dates.get(year_end=True),
        remaining=Decimal("12500.50"),
    )
    return participation.repayments.get()


def make_stored_document(organization: Organization) -> StoredDocument:
    """A decision's kept PDF (a few bytes stand in for the rendered file)."""
    import datetime as dt
    import hashlib

    from sikt.web.initiatives.models import Decision
    from sikt.web.initiatives.states import DecisionBody, InitiativeState

    decision = Decision.objects.create(
        initiative=make_initiative(organization),
        transition="clear_idea",
        outcome=InitiativeState.IDEA_CLEARED,
        decided_on=dt.date(2026, 3, 2),
        body=DecisionBody.MANAGEMENT_GROUP,
    )
    content = b"%PDF-1.4 beslut"
    return StoredDocument.objects.create(
        decision=decision,
        format=StoredDocument.Format.PDF,
        file_name="beslut.pdf",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )


RECORD_FACTORIES: dict[type[models.Model], Callable[[Organization], models.Model]] = {
    Organization: lambda organization: organization,
    Committee: make_committee,
    Membership: _membership,
    Initiative: make_initiative,
    UnitCostEntry: make_unit_cost,
    UnitCostImport: make_unit_cost_import,
    design.LogicElement: make_logic_element,
    design.Indicator: make_indicator,
    design.Risk: make_risk,
    design.StopCriterion: make_stop_criterion,
    design.SuccessCriterion: make_success_criterion,
    design.Stakeholder: make_stakeholder,
    design.CommunicationItem: make_communication_item,
    Calculation: make_calculation,
    CalculationRun: make_calculation_run,
    LedgerEntry: make_ledger_entry,
    CostReport: make_cost_report,
    RepaymentRevision: make_repayment_revision,
    ProgressReport: make_progress_report,
    Attrition: make_attrition,
    Flag: make_flag,
    Deviation: make_deviation,
    NeedsAnalysis: make_needs_analysis,
    OutcomeDataset: make_outcome_dataset,
    EvaluationRun: make_evaluation_run,
    EconomicEvaluation: make_economic_evaluation,
    InterviewNote: make_interview_note,
    ComponentAssessment: make_component_assessment,
    EventDataset: make_event_dataset,
    FlowChart: make_flow_chart,
    FlowRun: make_flow_run,
    MeasurementDataset: make_measurement_dataset,
    YearlyReport: make_yearly_report,
    SharedModel: make_shared_model,
    Adoption: make_adoption,
    Agreement: make_agreement,
    Participation: make_participation,
    Sprint: lambda organization: make_agreement(organization).sprints.get(),
    SprintProgress: _first_progress,
    Tranche: make_tranche,
    Repayment: make_agreement_repayment,
    StoredDocument: make_stored_document,
}
