"""The demo design: realistic, complete for the plan requirements, and idempotent."""

from __future__ import annotations

import pytest

from sikt.web.demo import seed_demo
from sikt.web.design.demo import case_for, seed_design_for
from sikt.web.design.models import Indicator, LogicElement, LogicModel, Risk
from sikt.web.design.requirements import design_requirements_for
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from tests.web.design.conftest import set_state
from tests.web.factories import make_initiative, make_organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "title",
    [
        "Tidig läs- och skrivinsats i åk 1–3",
        "Intensivt familjestöd – färre placeringar av unga",
        "Jobbspåret – snabbare etablering för nyanlända",
    ],
)
def test_each_example_case_meets_the_design_requirements(title: str) -> None:
    organization = make_organization()
    from tests.web.factories import make_committee

    for name in ("Utbildningsnämnden", "Socialnämnden", "Arbetsmarknadsnämnden"):
        make_committee(organization, name)
    initiative = set_state(make_initiative(organization, title), InitiativeState.PLAN_DRAFT)
    seed_design_for(initiative)
    reports = design_requirements_for(initiative)
    assert [(r.requirement.key, r.missing) for r in reports if not r.met] == []
    assert LogicModel.objects.get(initiative=initiative).purpose == case_for(initiative).purpose


def test_seeding_twice_keeps_edits_and_adds_nothing() -> None:
    initiative = set_state(
        make_initiative(make_organization(), "Tidig läs- och skrivinsats"),
        InitiativeState.PLAN_DRAFT,
    )
    seed_design_for(initiative)
    counts = (LogicElement.objects.count(), Indicator.objects.count(), Risk.objects.count())
    LogicModel.objects.filter(initiative=initiative).update(purpose="Eget syfte")
    seed_design_for(initiative)
    assert (LogicElement.objects.count(), Indicator.objects.count(), Risk.objects.count()) == counts
    assert LogicModel.objects.get(initiative=initiative).purpose == "Eget syfte"
    assert counts[1] >= 5 and counts[2] == 3


def test_seed_demo_designs_the_demo_initiatives() -> None:
    organization = seed_demo()
    initiative = make_initiative(organization, "Intensivt familjestöd")
    seed_demo()
    assert LogicElement.objects.filter(initiative=initiative).count() == 4
    assert Initiative.objects.filter(organization=organization, logic_model__isnull=False).exists()


def test_an_idea_gets_only_the_simplified_logic_model() -> None:
    from sikt.web.design.models import TargetGroup

    initiative = set_state(
        make_initiative(make_organization(), "Läsglädje i förskoleklass"),
        InitiativeState.IDEA_SUBMITTED,
    )
    seed_design_for(initiative)
    levels = set(LogicElement.objects.filter(initiative=initiative).values_list("level", flat=True))
    assert levels == {"resources", "activities", "short_term", "long_term"}
    assert TargetGroup.objects.filter(initiative=initiative).exists()
    assert not Indicator.objects.filter(element__initiative=initiative).exists()
    assert not Risk.objects.filter(initiative=initiative).exists()
