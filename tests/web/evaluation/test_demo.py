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
    from sikt.web.evaluation.implementation import FREEZER_KEY
    from sikt.web.evaluation.models import ComponentAssessment, ImplementationPlan, InterviewNote
    from sikt.web.initiatives.models import Decision, Initiative
    from sikt.web.initiatives.states import InitiativeState

    make_user(organization, Role.ANALYST)
    make_user(organization, Role.DECISION_MAKER)
    initiative = make_initiative(organization, title=DEMO_TITLE)
    Initiative.objects.filter(pk=initiative.pk).update(state=InitiativeState.EVALUATED)
    seed_evaluation_for_organization(organization)
    initiative.refresh_from_db()
    assert initiative.state == InitiativeState.IMPLEMENTATION_DECIDED
    assert ComponentAssessment.objects.filter(initiative=initiative).count() == 3
    note = InterviewNote.objects.filter(initiative=initiative).first()
    assert note is not None and note.stakeholders.exists()
    plan = ImplementationPlan.objects.get(initiative=initiative)
    decision = Decision.objects.get(initiative=initiative, transition="decide_implementation")
    assert decision.frozen[FREEZER_KEY]["full_scale_cost"] == str(plan.full_scale_cost)
    seed_evaluation_for_organization(organization)
    assert Decision.objects.filter(initiative=initiative).count() == 1
