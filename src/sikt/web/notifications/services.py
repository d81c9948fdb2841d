"""Sending notifications and keeping the user's inbox and choices (write paths).

:func:`notify` is called inside an area's service transaction; delivery waits for the commit
(``transaction.on_commit``), so an action that rolls back sends nothing. Delivery writes the
inbox rows in one statement and hands the e-mails to Django's mail backend in one batch (the
console backend in development, SMTP when ``SIKT_EMAIL_HOST`` is set). A failing mail server
never breaks the action that caused the message: the inbox row is already written and the
failure is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sikt.web.accounts.models import Organization, User
from sikt.web.audit import services as audit
from sikt.web.notifications import kinds
from sikt.web.notifications.models import Notification, NotificationChoice

log = logging.getLogger(__name__)

#: Mail goes out in the organisation's language (Swedish), whatever the sender's choice.
MAIL_LANGUAGE = "sv"


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: str,
    url: str,
    organization: Organization | None = None,
) -> None:
    """Queue ``title`` (with a link to ``url``) for ``users`` until the transaction commits."""
    kinds.get(kind)
    user_ids = sorted({user.pk for user in users if user is not None and user.is_active})
    if not user_ids:
        return
    organization_id = organization.pk if organization is not None else None
    transaction.on_commit(
        lambda: deliver(
            user_ids=user_ids,
            kind=kind,
            title=title[:300],
            url=url,
            organization_id=organization_id,
        )
    )


def _wants(choice: NotificationChoice | None, kind: kinds.Kind) -> tuple[bool, bool]:
    """``(in the inbox, by e-mail)`` for one user and kind."""
    if choice is None:
        return True, kind.email_by_default
    return choice.in_app, choice.by_email


def _mail(user: User, title: str, url: str, organization_name: str) -> EmailMessage:
    base = settings.SIKT_BASE_URL
    with translation.override(MAIL_LANGUAGE):
        body = "\n\n".join(
            [
                title,
                _("Open in Sikt: %(link)s") % {"link": f"{base}{url}"},
                _("You get this message from Sikt (%(organization)s) because of your role.")
                % {"organization": organization_name},
                _("Choose which messages you get: %(link)s")
                % {"link": f"{base}{reverse('notifications:choices')}"},
            ]
        )
        subject = _("Sikt: %(title)s") % {"title": title}
    return EmailMessage(subject=subject[:200], body=body, to=[user.email])


def deliver(
    *, user_ids: list[int], kind: str, title: str, url: str, organization_id: int | None
) -> int:
    """Write the inbox rows and send the e-mails; returns how many users were reached."""
    definition = kinds.get(kind)
    choices = {
        choice.user_id: choice
        for choice in NotificationChoice.objects.filter(user_id__in=user_ids, kind=kind)
    }
    organization = (
        Organization.objects.filter(pk=organization_id).first() if organization_id else None
    )
    inbox, mails = [], []
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        in_app, by_email = _wants(choices.get(user.pk), definition)
        if in_app:
            inbox.append(
                Notification(
                    recipient=user, organization=organization, kind=kind, title=title, url=url
                )
            )
        if by_email and user.email:
            mails.append(_mail(user, title, url, organization.name if organization else "Sikt"))
    Notification.objects.bulk_create(inbox)
    if mails:
        try:
            get_connection().send_messages(mails)
        except OSError:
            log.exception("notification e-mail (%s) could not be sent", kind)
    return len(inbox) + len(mails)


def notification_open(*, user: Any, notification: Notification) -> str:
    """Mark the user's own ``notification`` as read; returns where its link points."""
    if notification.recipient_id != user.pk:
        raise PermissionError
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return notification.url


def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_choices_save(*, user: Any, wanted: dict[str, tuple[bool, bool]]) -> None:
    """Store ``{kind: (in the inbox, by e-mail)}`` for ``user``, recording what changed."""
    existing = {choice.kind: choice for choice in NotificationChoice.objects.filter(user=user)}
    for key, (in_app, by_email) in wanted.items():
        kinds.get(key)
        choice = existing.get(key)
        if choice is None:
            audit.create(
                user,
                NotificationChoice(user=user, kind=key, in_app=in_app, by_email=by_email),
            )
        else:
            audit.update(user, choice, in_app=in_app, by_email=by_email)
