"""Every change to a domain record is recorded (who, when, old → new) and readable per record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from sikt.web.accounts import services
from sikt.web.accounts.models import Committee, Organization, Role, User
from sikt.web.audit.models import AuditEntry
from tests.web.conftest import login
from tests.web.factories import make_committee, make_user

pytestmark = pytest.mark.django_db


def test_update_records_actor_and_old_to_new(organization: Organization, coordinator: User) -> None:
    committee = make_committee(organization, "Socialnämnden")
    services.committee_update(actor=coordinator, committee=committee, name="Socialnämnden (ny)")
    entry = AuditEntry.objects.filter(object_id=str(committee.pk), action="update").get()
    assert entry.actor == coordinator
    assert entry.organization == organization
    assert entry.changes == {"name": ["Socialnämnden", "Socialnämnden (ny)"]}


def test_saving_without_changes_records_nothing(
    organization: Organization, coordinator: User
) -> None:
    committee = make_committee(organization)
    services.committee_update(actor=coordinator, committee=committee, name=committee.name)
    assert not AuditEntry.objects.filter(object_id=str(committee.pk), action="update").exists()


def test_denied_change_writes_nothing(organization: Organization) -> None:
    committee = make_committee(organization, "Utbildningsnämnden")
    viewer = make_user(organization, Role.VIEWER)
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.committee_update(actor=viewer, committee=committee, name="X")
    committee.refresh_from_db()
    assert committee.name == "Utbildningsnämnden"
    assert AuditEntry.objects.count() == before


def test_edit_form_records_change_and_history_shows_it(
    client: Client, organization: Organization, coordinator: User
) -> None:
    committee = make_committee(organization, "Kultur- och fritidsnämnden")
    login(client, coordinator)
    response = client.post(
        reverse("shell:committee-edit", args=[committee.pk]),
        {"name": "Kulturnämnden", "kind": "committee", "description": "", "is_active": "on"},
    )
    assert response.status_code == 302
    history = client.get(
        reverse("audit:history", args=["accounts.committee", committee.pk]), HTTP_HX_REQUEST="true"
    )
    text = history.content.decode()
    assert "Kultur- och fritidsnämnden" in text and "Kulturnämnden" in text
    assert coordinator.username in text or str(coordinator) in text


def test_invalid_edit_shows_error_at_field_and_saves_nothing(
    client: Client, organization: Organization, coordinator: User
) -> None:
    committee = make_committee(organization, "Arbetsmarknadsnämnden")
    login(client, coordinator)
    response = client.post(
        reverse("shell:committee-edit", args=[committee.pk]),
        {"name": "", "kind": "committee", "description": ""},
    )
    assert response.status_code == 200
    assert 'id="id_name_error"' in response.content.decode()
    committee.refresh_from_db()
    assert committee.name == "Arbetsmarknadsnämnden"
    assert not AuditEntry.objects.filter(object_id=str(committee.pk), action="update").exists()


def test_viewer_gets_403_on_edit_and_sees_no_edit_button(
    client: Client, organization: Organization, viewer: User
) -> None:
    committee = make_committee(organization)
    login(client, viewer)
    detail = client.get(reverse("shell:committee-detail", args=[committee.pk]))
    assert reverse("shell:committee-edit", args=[committee.pk]) not in detail.content.decode()
    response = client.post(
        reverse("shell:committee-edit", args=[committee.pk]), {"name": "X", "kind": "committee"}
    )
    assert response.status_code == 403
    assert Committee.objects.get(pk=committee.pk).name != "X"
