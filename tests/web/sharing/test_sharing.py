"""Shared models: publishing is immutable, adoption copies and records provenance, adopters
hear of newer versions, and the knowledge bank shows only organisations that chose to share."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.notifications.models import Notification
from sikt.web.sharing import services
from sikt.web.sharing.models import Adoption, SharedModelVersion
from sikt.web.unitcosts.models import UnitCostEntry
from tests.web.conftest import login
from tests.web.factories import (
    make_organization,
    make_published_version,
    make_unit_cost,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def association(db: None) -> Organization:
    return make_organization(
        "Samordningsförbundet Testdalen", kind=Organization.Kind.COORDINATION_ASSOCIATION
    )


def test_publishing_a_change_makes_a_new_version_and_keeps_the_old(
    association: Organization,
) -> None:
    first = make_published_version(association, key="hvb_dygn", amount_sek="4219")
    publisher = first.published_by
    entry = UnitCostEntry.objects.get(organization=association, key="hvb_dygn")
    first_content = dict(first.content)
    entry.amount_text, entry.amount_sek = "4500", 4500
    entry.save()
    second = services.version_publish(
        actor=publisher,
        shared_model=first.shared_model,
        source_description="SKR:s tabell 2026",
        changes="Nytt dygnspris",
        unit_costs=[entry],
    )
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.content == first_content
    assert first.content["unit_costs"][0]["amount_sek"] == "4219"
    assert second.content["unit_costs"][0]["amount_sek"] == "4500"
    assert first.content_sha256 != second.content_sha256


def test_a_published_version_cannot_be_edited(association: Organization) -> None:
    version = make_published_version(association)
    with pytest.raises(ValidationError, match=r"new version|ny version"):
        audit.update(version.published_by, version, source_description="Ändrad i efterhand")
    version.refresh_from_db()
    assert version.source_description == "SKR:s tabell 2025"


def test_publishing_the_same_content_again_is_refused(association: Organization) -> None:
    version = make_published_version(association, key="samma")
    entry = UnitCostEntry.objects.get(organization=association, key="samma")
    with pytest.raises(ValidationError, match=r"Nothing has changed|Inget har ändrats"):
        services.version_publish(
            actor=version.published_by,
            shared_model=version.shared_model,
            source_description="igen",
            unit_costs=[entry],
        )
    assert SharedModelVersion.objects.filter(shared_model=version.shared_model).count() == 1


def test_only_the_publishers_coordinator_publishes(
    association: Organization, organization: Organization
) -> None:
    version = make_published_version(association)
    outsider = make_user(organization, Role.COORDINATOR)
    economist = make_user(association, Role.ECONOMIST)
    for actor in (outsider, economist):
        with pytest.raises(PermissionDenied):
            services.version_publish(
                actor=actor,
                shared_model=version.shared_model,
                source_description="x",
                unit_costs=[],
            )


def test_another_organisations_unit_costs_cannot_be_published(
    association: Organization, organization: Organization
) -> None:
    version = make_published_version(association)
    foreign = make_unit_cost(organization)
    with pytest.raises(ValidationError):
        services.version_publish(
            actor=version.published_by,
            shared_model=version.shared_model,
            source_description="x",
            unit_costs=[foreign],
        )


def test_adoption_copies_the_unit_costs_and_records_provenance(
    association: Organization, organization: Organization
) -> None:
    version = make_published_version(association, key="hvb_dygn", amount_sek="4219")
    make_unit_cost(organization, key="hvb_dygn", amount_sek="3900")
    economist = make_user(organization, Role.ECONOMIST)
    adoption = services.version_adopt(actor=economist, organization=organization, version=version)
    copy = UnitCostEntry.objects.get(organization=organization, key="hvb_dygn")
    assert copy.amount_sek == 4219
    assert adoption.summary["updated"] == ["hvb_dygn"]
    assert (adoption.publisher_name, adoption.version_number) == (association.name, 1)
    assert adoption.content == version.content
    # The adopter's copy is its own: the publisher's later edits do not reach it.
    UnitCostEntry.objects.filter(organization=association).update(amount_sek=1)
    copy.refresh_from_db()
    assert copy.amount_sek == 4219
    assert AuditEntry.objects.filter(organization=organization, object_repr=str(adoption)).exists()


def test_adopting_needs_the_economist_or_coordinator_and_happens_once(
    association: Organization, organization: Organization
) -> None:
    version = make_published_version(association)
    with pytest.raises(PermissionDenied):
        services.version_adopt(
            actor=make_user(organization, Role.VIEWER), organization=organization, version=version
        )
    coordinator = make_user(organization, Role.COORDINATOR)
    services.version_adopt(actor=coordinator, organization=organization, version=version)
    with pytest.raises(ValidationError):
        services.version_adopt(actor=coordinator, organization=organization, version=version)
    assert Adoption.objects.filter(organization=organization).count() == 1


def test_adopters_are_told_of_a_newer_version_and_adopt_it_explicitly(
    association: Organization,
    organization: Organization,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    client: Client,
) -> None:
    first = make_published_version(association, key="hvb_dygn", amount_sek="4219")
    economist = make_user(organization, Role.ECONOMIST)
    viewer = make_user(organization, Role.VIEWER)
    services.version_adopt(actor=economist, organization=organization, version=first)
    entry = UnitCostEntry.objects.get(organization=association, key="hvb_dygn")
    entry.amount_text, entry.amount_sek = "4500", 4500
    entry.save()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.version_publish(
            actor=first.published_by,
            shared_model=first.shared_model,
            source_description="2026",
            unit_costs=[entry],
        )
    told = Notification.objects.filter(kind="shared_model_new_version")
    assert [n.recipient for n in told] == [economist]
    assert viewer.notifications.count() == 0
    # Nothing changes until the adopter chooses to adopt the new version.
    assert UnitCostEntry.objects.get(organization=organization, key="hvb_dygn").amount_sek == 4219
    login(client, economist)
    page = client.get(reverse("sharing:model", args=[first.shared_model.pk])).content.decode()
    assert "version 2" in page.lower()
    listing = client.get(reverse("sharing:list")).content.decode()
    assert "nyare version publicerad: 1" in listing
    response = client.post(reverse("sharing:adopt", args=[second.pk]))
    assert response.status_code == 302
    assert UnitCostEntry.objects.get(organization=organization, key="hvb_dygn").amount_sek == 4500
    assert list(
        Adoption.objects.filter(organization=organization).values_list("version_number", flat=True)
    ) == [2, 1]


def test_every_organisation_can_read_a_published_model_but_not_publish_to_it(
    association: Organization, organization: Organization, client: Client
) -> None:
    version = make_published_version(association, title="Gemensam modell")
    login(client, make_user(organization, Role.VIEWER))
    assert "Gemensam modell" in client.get(reverse("sharing:list")).content.decode()
    assert client.get(reverse("sharing:model", args=[version.shared_model.pk])).status_code == 200
    assert client.get(reverse("sharing:version", args=[version.pk])).status_code == 200
    publish = reverse("sharing:publish", args=[version.shared_model.pk])
    assert client.get(publish).status_code == 404


def test_a_user_without_organisation_sees_no_published_model(
    association: Organization, client: Client
) -> None:
    version = make_published_version(association)
    login(client, make_user(None))
    assert client.get(reverse("sharing:version", args=[version.pk])).status_code == 404


def test_publishing_through_the_pages(association: Organization, client: Client) -> None:
    coordinator = make_user(association, Role.COORDINATOR)
    entry = make_unit_cost(association, key="ek_bistand", name_sv="Ekonomiskt bistånd")
    login(client, coordinator)
    response = client.post(
        reverse("sharing:create"), {"title": "Arbetsmarknadsmodell", "description": "För unga"}
    )
    assert response.status_code == 302
    response = client.post(
        response["Location"],
        {"unit_costs": [entry.pk], "source_description": "Socialstyrelsen 2025", "changes": ""},
    )
    assert response.status_code == 302
    version = SharedModelVersion.objects.get()
    assert version.number == 1
    assert version.content["unit_costs"][0]["key"] == "ek_bistand"
    assert version.published_by == coordinator


def test_the_adopters_pages_show_provenance(
    association: Organization, organization: Organization, client: Client
) -> None:
    version = make_published_version(association, title="Förbundets modell", key="ek_bistand")
    economist = make_user(organization, Role.ECONOMIST)
    adoption = services.version_adopt(actor=economist, organization=organization, version=version)
    login(client, economist)
    listing = client.get(reverse("sharing:adoptions")).content.decode()
    assert "Förbundets modell" in listing
    assert association.name in listing
    page = client.get(reverse("sharing:adoption", args=[adoption.pk])).content.decode()
    assert "ek_bistand" in page
    assert "SKR:s tabell 2025" in page
