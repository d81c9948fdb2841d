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
