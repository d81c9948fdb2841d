"""Using an adopted type case (typfall) in one of the adopter's own calculations: publish →
adopt → add to a draft calculation, through the calculations area's services, with where it
came from. A committee bearer without a matching committee refuses and writes nothing; a
decided calculation is locked; another organisation sees nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Committee, Organization, Role
from sikt.web.audit.models import AuditEntry
from sikt.web.calculations import services as calculations
from sikt.web.calculations.models import Calculation, TypeCaseSource
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from sikt.web.sharing import services
from sikt.web.sharing.models import Adoption
from tests.web.conftest import login
from tests.web.factories import (
    make_calculation,
    make_initiative,
    make_organization,
    make_user,
    prepare_for_examples,
)
from tests.web.reports.conftest import plain

pytestmark = pytest.mark.django_db

EXAMPLE = "arbetsmarknad-etablering"
TYPE_CASE = "deltagare-i-arbete"


@pytest.fixture
def association(db: None) -> Organization:
    return make_organization(
        "Samordningsförbundet Testdalen", kind=Organization.Kind.COORDINATION_ASSOCIATION
    )


@pytest.fixture
def published(association: Organization) -> tuple[Calculation, Any]:
    """The association's calculation and version 1 of its model holding its type case."""
    calculation = make_calculation(association, EXAMPLE)
    publisher = make_user(association, Role.COORDINATOR)
    shared_model = services.shared_model_create(
        actor=publisher, organization=association, title="Jobbspår för nyanlända"
    )
    version = services.version_publish(
        actor=publisher,
        shared_model=shared_model,
        source_description="Jobbspårets kalkyl 2025",
        unit_costs=[],
        type_cases=[(calculation, TYPE_CASE)],
    )
    return calculation, version


def _adopt(organization: Organization, version: Any) -> Adoption:
    prepare_for_examples(organization)
    economist = make_user(organization, Role.ECONOMIST)
    return services.version_adopt(actor=economist, organization=organization, version=version)


def _draft_without_type_cases(organization: Organization) -> Calculation:
    """A draft calculation of the same example without its type case and the unit costs
    defined for it: what the shared type case completes."""
    prepare_for_examples(organization)
    data = calculations.example_data(EXAMPLE)
    data["organisation"] = organization.name
    data.pop("type_cases")
    data.pop("unit_costs")
    return calculations.calculation_save_case(
        actor=make_user(organization, Role.ECONOMIST),
        initiative=make_initiative(organization, "Jobbspåret i Uppsala"),
        data=data,
    )


def _npv(calculation: Calculation) -> dict[str, float]:
    return {p["key"]: p["npv"] for p in calculation.result["perspectives"]}


def test_an_adopted_type_case_added_to_a_draft_gives_the_npv_of_the_whole_case(
    client: Client, organization: Organization, published: tuple[Calculation, Any]
) -> None:
    source_calculation, version = published
    adoption = _adopt(organization, version)
    draft = _draft_without_type_cases(organization)
    economist = make_user(organization, Role.ECONOMIST)
    login(client, economist)
    page = reverse("sharing:type-case", args=[adoption.pk])
    # The calculation page offers the adopted model's type cases, for this calculation.
    detail = client.get(reverse("calculations:detail", args=[draft.pk])).content.decode()
    assert f'href="{page}?kalkyl={draft.pk}"' in detail
    assert "Jobbspår för nyanlända, version 1 (Samordningsförbundet Testdalen)" in detail
    form = client.get(page, {"kalkyl": draft.pk}).content.decode()
    assert f'value="{draft.pk}" selected' in form
    assert "Deltagare som kommer i arbete" in form

    response = client.post(page, {"type_case": "0", "calculation": str(draft.pk)})
    assert response.status_code == 302
    assert response["Location"] == reverse("calculations:type-case", args=[draft.pk]) + "?rad=0"

    draft.refresh_from_db()
    (copied,) = draft.case["type_cases"]
    assert copied["key"] == TYPE_CASE
    original = next(t for t in source_calculation.case["type_cases"] if t["key"] == TYPE_CASE)
    assert copied["lines"] == original["lines"]
    # The same case imported as YAML with that type case, and the publisher's own figures.
    imported = calculations.calculation_save_case(
        actor=economist,
        initiative=make_initiative(organization),
        data={**calculations.example_data(EXAMPLE), "organisation": organization.name},
    )
    assert _npv(draft) == pytest.approx(_npv(imported), rel=1e-12)
    assert _npv(draft) == pytest.approx(_npv(source_calculation), rel=1e-12)
    assert _npv(draft)["society"] != 0

    origin = TypeCaseSource.objects.get(calculation=draft)
    assert (origin.key, origin.publisher_name, origin.model_title, origin.version_number) == (
        TYPE_CASE,
        "Samordningsförbundet Testdalen",
        "Jobbspår för nyanlända",
        1,
    )
    shown = plain(client.get(response["Location"]).content.decode())
    assert (
        "Kopierat från den delade modellen ”Jobbspår för nyanlända”, version 1, publicerad av "
        "Samordningsförbundet Testdalen." in shown
    )
    assert f"Från kalkylen för ”{source_calculation.initiative.title}”, i 2025 års priser." in shown
    notes = AuditEntry.objects.filter(object_id=str(draft.pk)).values_list("note", flat=True)
    assert any("Jobbspår för nyanlända v1" in note for note in notes)
    assert AuditEntry.objects.filter(
        object_id=str(origin.pk), action=AuditEntry.Action.CREATE, actor=economist
    ).exists()

    # Removing the type case in the builder removes where it came from (audited).
    client.post(response["Location"], {"delete": "1"})
    assert not TypeCaseSource.objects.filter(calculation=draft).exists()
    assert AuditEntry.objects.filter(
        object_id=str(origin.pk), action=AuditEntry.Action.DELETE
    ).exists()


def test_a_bearer_without_a_matching_committee_refuses_and_writes_nothing(
    client: Client, organization: Organization, published: tuple[Calculation, Any]
) -> None:
    _calculation, version = published
    adoption = _adopt(organization, version)
    draft = _draft_without_type_cases(organization)
    Committee.objects.filter(organization=organization, name="Socialnämnden").update(
        is_active=False
    )
    login(client, make_user(organization, Role.ECONOMIST))
    before = copy.deepcopy(draft.case)
    entries = AuditEntry.objects.count()
    response = client.post(
        reverse("sharing:type-case", args=[adoption.pk]),
        {"type_case": "0", "calculation": str(draft.pk)},
        follow=True,
    )
    text = plain(response.content.decode())
    assert (
        "Ingen nämnd i er organisation har namnet på dessa kostnadsbärare i typfallet: "
        "Socialnämnden." in text
    )
    draft.refresh_from_db()
    assert draft.case == before
    assert not TypeCaseSource.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_a_decided_calculation_is_locked_and_other_roles_may_not_add(
    client: Client, organization: Organization, published: tuple[Calculation, Any]
) -> None:
    _calculation, version = published
    adoption = _adopt(organization, version)
    draft = _draft_without_type_cases(organization)
    economist = make_user(organization, Role.ECONOMIST)
    Initiative.objects.filter(pk=draft.initiative_id).update(state=InitiativeState.APPROVED)
    draft.refresh_from_db()
    assert services.type_case_candidates(economist, adoption) == []
    with pytest.raises(PermissionDenied):
        services.type_case_use(actor=economist, adoption=adoption, index=0, calculation=draft)
    login(client, economist)
    response = client.post(
        reverse("sharing:type-case", args=[adoption.pk]),
        {"type_case": "0", "calculation": str(draft.pk)},
    )
    assert response.status_code == 200
    assert "Välj ett typfall och en av de listade kalkylerna" in plain(response.content.decode())
    login(client, make_user(organization, Role.ANALYST))
    response = client.post(
        reverse("sharing:type-case", args=[adoption.pk]),
        {"type_case": "0", "calculation": str(draft.pk)},
    )
    assert response.status_code == 403
    assert draft.case.get("type_cases", []) == []


def test_another_organisation_gets_404_and_cannot_name_its_own_calculation(
    client: Client,
    organization: Organization,
    other_organization: Organization,
    published: tuple[Calculation, Any],
) -> None:
    _calculation, version = published
    adoption = _adopt(organization, version)
    theirs = _draft_without_type_cases(other_organization)
    page = reverse("sharing:type-case", args=[adoption.pk])
    login(client, make_user(other_organization, Role.ECONOMIST))
    assert client.get(page).status_code == 404
    detail = client.get(reverse("calculations:detail", args=[theirs.pk])).content.decode()
    assert page not in detail
    assert client.post(page, {"type_case": "0", "calculation": str(theirs.pk)}).status_code == 404
    # The adopter cannot name another organisation's calculation either.
    login(client, make_user(organization, Role.ECONOMIST))
    response = client.post(page, {"type_case": "0", "calculation": str(theirs.pk)})
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.case.get("type_cases", []) == []
    with pytest.raises(Exception, match="annan organisation"):
        services.type_case_use(
            actor=make_user(organization, Role.ECONOMIST),
            adoption=adoption,
            index=0,
            calculation=theirs,
        )
