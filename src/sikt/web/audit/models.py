"""The audit trail: who changed (or saw) which record, when, and from what to what."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One recorded event on one record; written by services in the same transaction."""

    organization_path: ClassVar[str] = "organization"

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        TRANSITION = "transition", _("Changed state")
        VIEW = "view", _("Viewed")

    organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    #: ``{field name: [old, new]}`` in JSON-friendly form; empty for views.
    changes = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["content_type", "object_id"], name="audit_record_idx")
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


class PersonalDataAccess(models.Model):
    """One view, export or analysis of an individual-level dataset: who, which, when.

    Why a log of its own: the GDPR's accountability (art. 5.2) and the Patient Data Act's
    access-log practice ask the organisation to be able to show who has looked at personal data;
    the change history (:class:`AuditEntry`) answers "who changed what". The organisation's
    administrator (the coordinator) reads it on the access-log page. Rows are only ever added.
    """

    organization_path: ClassVar[str] = "organization"

    class Kind(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        ANALYSIS = "analysis", _("Analysed")

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="personal_data_accesses",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="personal_data_accesses",
        verbose_name=_("user"),
    )
    #: The user name at the time (kept when the account is later removed).
    actor_name = models.CharField(_("user name"), max_length=150)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("access"), max_length=16, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    dataset = models.CharField(_("dataset"), max_length=300)
    note = models.CharField(_("what was shown"), max_length=500, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["organization", "at"], name="personal_access_org_idx")
        ]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.kind} {self.dataset}"
