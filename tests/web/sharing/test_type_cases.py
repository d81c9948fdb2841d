"""Type cases (typfall) in shared models: a coordinator publishes type cases of the
organisation's calculations, another organisation adopts the version and gets its own copy with
where it came from, and the library unit costs the type case uses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.sharing import services
from sikt.web.sharing.models import SharedModelVersion
from sikt.web.unitcosts.models import UnitCostEntry
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_organization, make_user
from tests.web.reports.conftest import plain

pytestmark = pytest.mark.django_db

TYPE_CASE = "deltagare-i-arbete"
#: The unit costs its lines take from the starter library (the others are defined in the case).
LIBRARY_KEYS = {"ekonomiskt_bistand_per_hushall_2024", "aktivitetsstod_ej_akassa"}


@pytest.fixture
def association(db: None) -> Organization:
    return make_organization(
        "Samordningsförbundet Testdalen", kind=Organization.Kind.COORDINATION_ASSOCIATION
    )


def test_type_cases_are_published_and_adopted_with_their_provenance(
    client: Client, association: Organization, organization: Organization
) -> None:
    calculation = make_calculation(association, "arbetsmarknad-etablering")
    publisher = make_user(association, Role.COORDINATOR)
    shared_model = services.shared_model_create(
        actor=publisher, organization=association, title="Jobbspår för nyanlända"
    )
    login(client, publisher)
    publish = reverse("sharing:publish", args=[shared_model.pk])
    choice = f"{calculation.pk}:{TYPE_CASE}"
    assert f'value="{choice}"' in client.get(publish).content.decode()
    response = client.post(
        publish, {"type_cases": [choice], "source_description": "Jobbspårets kalkyl 2025"}
    )
    assert response.status_code == 302
    version = SharedModelVersion.objects.get(shared_model=shared_model)
    (shared,) = version.content["type_cases"]
    original = next(t for t in calculation.case["type_cases"] if t["key"] == TYPE_CASE)
    assert shared["lines"] == original["lines"]
    assert shared["persons_per_year"] == original["persons_per_year"]
    assert {u["key"] for u in shared["unit_costs"]} == {
        "utebliven-skatt",
        "inkomstbortfall",
        "af-handlaggning",
    }
    assert {b["key"] for b in shared["bearers"]} == {
        "socialnamnden",
        "forsakringskassan",
        "arbetsformedlingen",
        "kommunstyrelsen",
        "regionen",
        "individen",
    }
    assert shared["source"] == {"initiative": calculation.initiative.title, "price_year": 2025}
    # The library unit costs the lines use are published with the type case.
    assert {row["key"] for row in version.content["unit_costs"]} == LIBRARY_KEYS
    # The next version starts from the same selection.
    assert client.get(publish).context["form"]["type_cases"].value() == [choice]

    # Another organisation adopts the version: its own copy, its library completed.
    economist = make_user(organization, Role.ECONOMIST)
    UnitCostEntry.objects.filter(organization=organization).delete()
    adoption = services.version_adopt(actor=economist, organization=organization, version=version)
    assert adoption.content["type_cases"] == version.content["type_cases"]
    assert adoption.summary["type_cases"] == [original["name"]]
    assert (adoption.publisher_name, adoption.version_number) == (association.name, 1)
    assert (
        set(UnitCostEntry.objects.filter(organization=organization).values_list("key", flat=True))
        == LIBRARY_KEYS
    )
    login(client, economist)
    page = plain(client.get(reverse("sharing:adoption", args=[adoption.pk])).content.decode())
    assert original["name"] in page
    assert f"Från kalkylen för ”{calculation.initiative.title}”" in page
    assert association.name in page
    assert "10..14..18" in page  # persons per start year as a triangular distribution


def test_type_cases_of_another_organisation_or_with_unknown_unit_costs_are_refused(
    association: Organization, organization: Organization
) -> None:
    ours = make_calculation(association, "arbetsmarknad-etablering")
    theirs = make_calculation(organization, "arbetsmarknad-etablering")
    publisher = make_user(association, Role.COORDINATOR)
    shared_model = services.shared_model_create(
        actor=publisher, organization=association, title="Jobbspår"
    )

    def publish(calculation: object, key: str = TYPE_CASE) -> None:
        services.version_publish(
            actor=publisher,
            shared_model=shared_model,
            source_description="Kalkylen",
            unit_costs=[],
            type_cases=[(calculation, key)],
        )

    with pytest.raises(ValidationError, match="egna organisationens typfall"):
        publish(theirs)
    with pytest.raises(ValidationError, match="inget typfall"):
        publish(ours, "finns-inte")
    UnitCostEntry.objects.filter(organization=association, key="aktivitetsstod_ej_akassa").delete()
    with pytest.raises(ValidationError, match="aktivitetsstod_ej_akassa"):
        publish(ours)
    assert not SharedModelVersion.objects.filter(shared_model=shared_model).exists()
