"""The knowledge bank: summaries only from organisations that chose to share, never records."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import AuditEntry
from sikt.web.sharing import knowledge, services
from tests.web.conftest import login
from tests.web.factories import make_finished_evaluation, make_organization, make_user

pytestmark = pytest.mark.django_db


def _share(organization: Organization) -> None:
    services.sharing_setting_save(
        actor=make_user(organization, Role.COORDINATOR),
        organization=organization,
        share_summaries=True,
    )


def test_sharing_is_off_by_default_and_nothing_leaks(
    organization: Organization, other_organization: Organization, client: Client
) -> None:
    make_finished_evaluation(other_organization, "Hemlig satsning")
    assert knowledge.search() == []
    login(client, make_user(organization, Role.ANALYST))
    page = client.get(reverse("sharing:knowledge")).content.decode()
    assert "Hemlig satsning" not in page
    assert other_organization.name not in page


def test_an_opted_in_organisations_summary_is_searchable(
    organization: Organization, other_organization: Organization, client: Client
) -> None:
    make_finished_evaluation(other_organization, "Delad satsning")
    make_finished_evaluation(make_organization("Tyst kommun"), "Ej delad satsning")
    _share(other_organization)
    [summary] = knowledge.search()
    assert (summary.initiative, summary.organization) == ("Delad satsning", "Annan kommun")
    assert (summary.estimate, summary.ci_low, summary.ci_high) == (-0.12, -0.2, -0.04)
    assert summary.cost_per_avoided_event == 125.0
    login(client, make_user(organization, Role.VIEWER))
    page = client.get(reverse("sharing:knowledge"), {"outcome": "utfall"}).content.decode()
    assert "Delad satsning" in page
    assert "Ej delad satsning" not in page
    assert "p1" not in page.split("<tbody>")[1]  # no pseudonym from the records
    assert knowledge.search(outcome="finns inte") == []
    assert knowledge.search(design="rct") == []


def test_small_groups_are_left_out(other_organization: Organization) -> None:
    make_finished_evaluation(other_organization, "Liten grupp", n_treated=3)
    _share(other_organization)
    assert knowledge.search() == []


def test_turning_sharing_off_hides_the_summaries_again(other_organization: Organization) -> None:
    make_finished_evaluation(other_organization, "Delad satsning")
    _share(other_organization)
    coordinator = make_user(other_organization, Role.COORDINATOR)
    services.sharing_setting_save(
        actor=coordinator, organization=other_organization, share_summaries=False
    )
    assert knowledge.search() == []
    changes = [
        entry.changes
        for entry in AuditEntry.objects.filter(
            organization=other_organization, content_type__model="sharingsetting"
        ).order_by("id")
    ]
    assert changes[-1] == {"share_summaries": [True, False]}


def test_only_the_coordinator_changes_the_choice(
    organization: Organization, client: Client
) -> None:
    analyst = make_user(organization, Role.ANALYST)
    with pytest.raises(PermissionDenied):
        services.sharing_setting_save(
            actor=analyst, organization=organization, share_summaries=True
        )
    login(client, analyst)
    url = reverse("sharing:settings")
    assert client.get(url).status_code == 200
    assert client.post(url, {"share_summaries": "on"}).status_code == 403
    login(client, make_user(organization, Role.COORDINATOR))
    assert client.post(url, {"share_summaries": "on"}).status_code == 302
    assert services.sharing_setting_of(organization).share_summaries is True
