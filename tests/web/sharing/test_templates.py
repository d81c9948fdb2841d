"""An adopted logic-model template fills a new initiative's logic model, through the design
rules, and never overwrites one that exists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.design import models as design
from sikt.web.sharing import services, templates_apply
from sikt.web.sharing.models import Adoption
from tests.web.conftest import login
from tests.web.factories import (
    make_indicator,
    make_initiative,
    make_logic_element,
    make_organization,
    make_unit_cost,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def adoption(organization: Organization) -> Adoption:
    association = make_organization(kind=Organization.Kind.COORDINATION_ASSOCIATION)
    publisher = make_user(association, Role.COORDINATOR)
    example = make_initiative(association, title="Förbundets exempel")
    design.LogicModel.objects.create(initiative=example, purpose="Fler i egen försörjning")
    design.ComparisonDesign.objects.create(
        initiative=example,
        kind=design.DesignKind.MATCHING,
        rationale="Ingen lottning",
        baseline_plan="Register före start",
    )
    element = make_logic_element(association, design.Level.SHORT_TERM, initiative=example)
    make_indicator(
        association,
        element,
        name="Andel i arbete",
        baseline_value=12,
        baseline_date=dt.date(2026, 1, 31),
    )
    shared_model = services.shared_model_create(
        actor=publisher, organization=association, title="Jobbspår"
    )
    version = services.version_publish(
        actor=publisher,
        shared_model=shared_model,
        source_description="Exempelfallet",
        unit_costs=[make_unit_cost(association)],
        initiative=example,
    )
    assert "baseline_value" not in version.content["logic_model"]["elements"][0]["indicators"][0]
    return services.version_adopt(
        actor=make_user(organization, Role.COORDINATOR), organization=organization, version=version
    )


def test_the_template_fills_a_new_initiatives_logic_model(
    adoption: Adoption, organization: Organization
) -> None:
    initiative = make_initiative(organization, title="Vårt jobbspår")
    applicant = make_user(organization, Role.APPLICANT)
    assert templates_apply.candidates(applicant, adoption) == [initiative]
    added = templates_apply.template_apply(
        actor=applicant, adoption=adoption, initiative=initiative
    )
    assert added == 1
    assert design.LogicModel.objects.get(initiative=initiative).purpose == "Fler i egen försörjning"
    indicator = design.Indicator.objects.get(element__initiative=initiative)
    assert (indicator.name, indicator.baseline_value) == ("Andel i arbete", None)
    assert design.ComparisonDesign.objects.get(initiative=initiative).kind == "matching"
    with pytest.raises(ValidationError):
        templates_apply.template_apply(actor=applicant, adoption=adoption, initiative=initiative)
    assert design.LogicElement.objects.filter(initiative=initiative).count() == 1


def test_a_viewer_cannot_apply_a_template(adoption: Adoption, organization: Organization) -> None:
    initiative = make_initiative(organization)
    viewer = make_user(organization, Role.VIEWER)
    assert templates_apply.candidates(viewer, adoption) == []
    with pytest.raises(PermissionDenied):
        templates_apply.template_apply(actor=viewer, adoption=adoption, initiative=initiative)


def test_applying_through_the_page(
    adoption: Adoption, organization: Organization, client: Client
) -> None:
    initiative = make_initiative(organization, title="Vårt jobbspår")
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("sharing:apply", args=[adoption.pk])
    assert "Vårt jobbspår" in client.get(url).content.decode()
    response = client.post(url, {"initiative": initiative.pk})
    assert response["Location"] == reverse("design:logic-model", args=[initiative.pk])
    assert design.LogicElement.objects.filter(initiative=initiative).count() == 1
