"""Tenants (organisations), their committees, users and the roles users hold per organisation.

Every domain record in Sikt belongs to exactly one :class:`Organization`; the policy module
(:mod:`sikt.web.policy`) scopes every query to the organisations a user is a member of.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) check used by Swedish organisation numbers (Skatteverket SKV 709)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_organization_number(value: str) -> None:
    """Organisation number NNNNNN-NNNN whose last digit is the Luhn check digit."""
    digits = value.replace("-", "")
    if len(digits) != 10 or not digits.isdigit() or value.count("-") > 1:
        raise ValidationError(_("Enter the organisation number as NNNNNN-NNNN."), code="format")
    if not luhn_valid(digits):
        raise ValidationError(_("The organisation number's check digit is wrong."), code="checksum")


class Organization(models.Model):
    """A tenant: a municipality (kommun), a region or a coordination association."""

    organization_path: ClassVar[str] = ""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")
        COORDINATION_ASSOCIATION = "coordination_association", _("Coordination association")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    organization_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_organization_number],
    )
    municipality_code = models.CharField(
        _("municipality or region code"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{2}(\d{2})?$", _("Use the 2- or 4-digit SCB code."))],
        help_text=_("SCB's code, e.g. 0380 for Uppsala; 2 digits for a region."),
    )
    is_fictional = models.BooleanField(
        _("fictional (demo)"),
        default=False,
        help_text=_("Demo organisations are marked as fictional everywhere in the interface."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Committee(models.Model):
    """A committee, administration or company inside an organisation: a cost bearer that repays."""

    organization_path: ClassVar[str] = "organization"

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Committee")
        ADMINISTRATION = "administration", _("Administration")
        COMPANY = "company", _("Municipal company")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="committees",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.COMMITTEE)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="committee_unique_name_per_organization"
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. ``is_superuser`` marks a system administrator."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    """The roles a user may hold in an organisation (DOMAIN.md §2)."""

    COORDINATOR = "coordinator", _("Coordinator")
    APPLICANT = "applicant", _("Applicant / project owner")
    PROJECT_LEADER = "project_leader", _("Project leader")
    MANAGEMENT_GROUP = "management_group", _("Management group member")
    STEERING_GROUP = "steering_group", _("Steering group member")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    ECONOMIST = "economist", _("Economist")
    ANALYST = "analyst", _("Analyst")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """One role of one user in one organisation; a user may hold several."""

    organization_path: ClassVar[str] = "organization"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        ordering: ClassVar[list[str]] = ["organization__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} – {self.get_role_display()}"


class ExternalLogin(models.Model):
    """A person known to an OpenID Connect identity provider: its issuer and subject.

    Why: single sign-on (:mod:`sikt.web.accounts.oidc`) recognises a returning person by the
    provider's stable subject identifier, not by a name or e-mail address that can change."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_logins")
    issuer = models.CharField(_("issuer"), max_length=500)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_login_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"
