"""Notifications: delivered on commit to the inbox and by e-mail, as each user chose."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.notifications import kinds, notify, register_kind
from sikt.web.notifications.models import Notification
from sikt.web.notifications.services import notification_choices_save
from tests.web.conftest import login
from tests.web.factories import make_organization, make_user

pytestmark = pytest.mark.django_db

KIND = "test_report_returned"


@pytest.fixture(autouse=True)
def test_kind() -> Iterator[None]:
    register_kind(KIND, "Rapport returnerad (test)")
    yield
    kinds._KINDS.pop(KIND, None)


@pytest.fixture
def leader(organization: Organization) -> User:
    return make_user(organization, Role.PROJECT_LEADER, email="petra@exempelby.example")


def _send(capture: Any, users: list[User], organization: Organization | None = None) -> None:
    with capture(execute=True):
        notify(
            users=users,
            kind=KIND,
            title="Delår 1 returnerades",
            url="/uppfoljning/",
            organization=organization,
        )


def test_message_reaches_inbox_and_email_after_commit(
    django_capture_on_commit_callbacks: Any, leader: User, organization: Organization
) -> None:
    _send(django_capture_on_commit_callbacks, [leader], organization)
    notification = Notification.objects.get(recipient=leader)
    assert (notification.title, notification.url) == ("Delår 1 returnerades", "/uppfoljning/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["petra@exempelby.example"]
    assert message.subject == "Sikt: Delår 1 returnerades"
    assert "http://127.0.0.1:8000/uppfoljning/" in message.body
    assert "/meddelanden/installningar/" in message.body


def test_nothing_is_sent_when_the_action_rolls_back(
    django_capture_on_commit_callbacks: Any, leader: User
) -> None:
    def failing_action() -> None:
        with transaction.atomic():
            notify(users=[leader], kind=KIND, title="x", url="/")
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            failing_action()
        notify(users=[leader], kind=KIND, title="kept", url="/")
    assert len(callbacks) == 1
    assert list(Notification.objects.values_list("title", flat=True)) == ["kept"]


def test_each_user_chooses_inbox_and_email(
    django_capture_on_commit_callbacks: Any, organization: Organization, leader: User
) -> None:
    mail_only = make_user(organization, Role.COORDINATOR, email="sara@exempelby.example")
    notification_choices_save(user=leader, wanted={KIND: (True, False)})
    notification_choices_save(user=mail_only, wanted={KIND: (False, True)})
    _send(django_capture_on_commit_callbacks, [leader, mail_only])
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        leader.username
    ]
    assert [message.to for message in mail.outbox] == [["sara@exempelby.example"]]


def test_unknown_kind_is_refused(leader: User) -> None:
    with pytest.raises(ValueError, match="unknown notification kind"):
        notify(users=[leader], kind="no_such_kind", title="x", url="/")


def test_header_shows_unread_count_and_opening_marks_read(
    client: Client, django_capture_on_commit_callbacks: Any, leader: User
) -> None:
    _send(django_capture_on_commit_callbacks, [leader])
    login(client, leader)
    page = client.get(reverse("shell:home")).content.decode()
    assert 'class="badge badge-unread">1<span class="visually-hidden"> oläst' in page
    notification = Notification.objects.get()
    response = client.get(reverse("notifications:open") + f"?id={notification.pk}")
    assert response.status_code == 302 and response["Location"] == "/uppfoljning/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "badge-unread" not in client.get(reverse("shell:home")).content.decode()


def test_someone_elses_message_cannot_be_opened(
    client: Client,
    django_capture_on_commit_callbacks: Any,
    leader: User,
    organization: Organization,
) -> None:
    _send(django_capture_on_commit_callbacks, [leader])
    other = make_user(organization, Role.COORDINATOR)
    notification = Notification.objects.get()
    response = login(client, other).get(reverse("notifications:open") + f"?id={notification.pk}")
    assert response.status_code == 404
    assert login(client, other).get(reverse("notifications:open") + "?id=x").status_code == 404


def test_messages_about_an_organisation_left_are_hidden(
    django_capture_on_commit_callbacks: Any, leader: User
) -> None:
    elsewhere = make_organization("Grannkommun")
    _send(django_capture_on_commit_callbacks, [leader], elsewhere)
    from sikt.web.notifications.selectors import unread_count

    assert unread_count(leader) == 0


def test_inbox_mark_all_read_and_choices_page(
    client: Client, django_capture_on_commit_callbacks: Any, leader: User
) -> None:
    _send(django_capture_on_commit_callbacks, [leader])
    login(client, leader)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Delår 1 returnerades" in page and "Olästa meddelanden: 1." in page
    client.post(reverse("notifications:mark-all-read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    page = client.get(reverse("notifications:choices")).content.decode()
    assert "Rapport returnerad (test)" in page
    client.post(reverse("notifications:choices"), {f"{KIND}-in_app": "on"})
    mail.outbox.clear()
    _send(django_capture_on_commit_callbacks, [leader])
    assert mail.outbox == [] and Notification.objects.count() == 2
