"""The demo: a finished Exempelby initiative evaluated on fictional, labelled outcome data."""

from __future__ import annotations

from sikt.web.accounts.models import Organization, Role
from sikt.web.evaluation.demo import DEMO_TITLE, seed_evaluation_for_organization
from sikt.web.evaluation.models import EvaluationRun, OutcomeDataset
from tests.web.factories import make_initiative, make_user


def test_demo_evaluates_the_finished_initiative_on_fictional_data_once(
    organization: Organization,
) -> None:
    make_user(organization, Role.ANALYST)
    make_initiative(organization, title=DEMO_TITLE)
    assert seed_evaluation_for_organization(organization) is True
    dataset = OutcomeDataset.objects.get(initiative__title=DEMO_TITLE)
    assert dataset.fictional and "FIKTIVA" in dataset.file_name
    run = EvaluationRun.objects.get(dataset=dataset)
    assert run.status == EvaluationRun.Status.DONE
    assert run.result["balance"] and run.result["sensitivity"]["e_value"]["text"]["sv"]
    assert seed_evaluation_for_organization(organization) is False
    assert OutcomeDataset.objects.count() == 1


def test_demo_writes_the_qualitative_parts_and_plan_and_decides_implementation_once(
    organization: Organization,
) -> None:
    import datetime as dt

    from sikt.web.evaluation.implementation import FREEZER_KEY, comparison
    from sikt.web.evaluation.models import ComponentAssessment, ImplementationPlan, InterviewNote
    from sikt.web.followup.models import ProgressReport
    from sikt.web.initiatives.models import Decision, Initiative
    from sikt.web.initiatives.states import InitiativeState
    from tests.web.factories import make_indicator, make_logic_element

    make_user(organization, Role.ANALYST)
    make_user(organization, Role.DECISION_MAKER)
    make_user(organization, Role.COORDINATOR)
    initiative = make_initiative(organization, title=DEMO_TITLE)
    element = make_logic_element(organization, initiative=initiative)
    make_indicator(
        organization,
        element,
        name="Andel i stöd",
        baseline_value="20",
        baseline_date=dt.date(2023, 12, 1),
        target_value="40",
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        state=InitiativeState.EVALUATED,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    seed_evaluation_for_organization(organization)
    initiative.refresh_from_db()
    assert initiative.state == InitiativeState.IMPLEMENTATION_DECIDED
    assert ComponentAssessment.objects.filter(initiative=initiative).count() == 3
    note = InterviewNote.objects.filter(initiative=initiative).first()
    assert note is not None and note.stakeholders.exists()
    plan = ImplementationPlan.objects.get(initiative=initiative)
    decision = Decision.objects.get(initiative=initiative, transition="decide_implementation")
    assert decision.frozen[FREEZER_KEY]["full_scale_cost"] == str(plan.full_scale_cost)
    # Ordinary operations are asked for the same indicator; the project's closing value (80 %
    # of the way from 20 to 40) stands beside it.
    (row,) = comparison(initiative, decision.decided_on)
    assert row.project_value == 36 and row.operations_value is None
    assert ProgressReport.objects.filter(
        initiative=initiative, state="draft", period_start__gt=decision.decided_on
    ).exists()
    seed_evaluation_for_organization(organization)
    assert Decision.objects.filter(initiative=initiative).count() == 1


def test_demo_implements_its_school_initiative_on_a_frozen_plan(
    organization: Organization,
) -> None:
    from sikt.web.evaluation.demo import IMPLEMENTED_TITLE
    from sikt.web.evaluation.implementation import FREEZER_KEY
    from sikt.web.initiatives.models import Decision, Initiative
    from sikt.web.initiatives.states import InitiativeState

    make_user(organization, Role.ANALYST)
    make_user(organization, Role.DECISION_MAKER)
    make_user(organization, Role.COORDINATOR)
    initiative = make_initiative(organization, title=IMPLEMENTED_TITLE)
    Initiative.objects.filter(pk=initiative.pk).update(state=InitiativeState.EVALUATED)
    seed_evaluation_for_organization(organization)
    initiative.refresh_from_db()
    assert initiative.state == InitiativeState.IMPLEMENTED
    decision = Decision.objects.get(initiative=initiative, transition="decide_implementation")
    assert decision.frozen[FREEZER_KEY]["rollout"] == "at_once"
    seed_evaluation_for_organization(organization)
    assert Decision.objects.filter(initiative=initiative).count() == 1
