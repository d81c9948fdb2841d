"""Who runs the initiative, how it is communicated, its impact statements and how it is meant to
continue after the project.

004 §5: a cross-sector working group, a project owner who anchors the initiative in the
management, a steering group with the final responsibility, a project leader (maybe a deputy),
and a communication plan for internal and external communication. Uppsala's base criteria (003)
require an impact statement from gender-equality and child perspectives, a credible plan for
implementation in ordinary operations, and the maintenance and follow-on investments needed
after the project with their financing. 004 §7: the implementation plan states the full-scale
cost, the financing and what the new way of working replaces.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def _person(user: Any, name: str) -> str:
    return str(user) if user is not None else name


class ProjectOrganisation(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="project_organisation",
        verbose_name=_("initiative"),
    )
    working_group = models.TextField(
        _("working group"), blank=True, help_text=_("One member per line: name and operation.")
    )
    owner_committee = models.ForeignKey(
        "accounts.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owning committee"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project owner (user)"),
    )
    owner_name = models.CharField(
        _("project owner (name)"),
        max_length=200,
        blank=True,
        help_text=_("If the project owner has no account: name and title."),
    )
    steering_group = models.TextField(
        _("steering group"), blank=True, help_text=_("One member per line: name and role.")
    )
    leader_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project leader (user)"),
    )
    leader_name = models.CharField(_("project leader (name)"), max_length=200, blank=True)
    deputy_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deputy project leader (user)"),
    )
    deputy_name = models.CharField(_("deputy project leader (name)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("project organisation")
        verbose_name_plural = _("project organisations")

    def __str__(self) -> str:
        return str(_("Project organisation: %(title)s") % {"title": self.initiative.title})

    @property
    def owner(self) -> str:
        return _person(self.owner_user, self.owner_name)

    @property
    def leader(self) -> str:
        return _person(self.leader_user, self.leader_name)

    @property
    def deputy(self) -> str:
        return _person(self.deputy_user, self.deputy_name)

    def working_group_members(self) -> list[str]:
        return [line.strip() for line in self.working_group.splitlines() if line.strip()]

    def steering_group_members(self) -> list[str]:
        return [line.strip() for line in self.steering_group.splitlines() if line.strip()]

    def clean(self) -> None:
        from sikt.web.accounts.models import Membership

        errors: dict[str, Any] = {}
        organization_id = self.initiative.organization_id if self.initiative_id else None
        if self.owner_committee_id and self.owner_committee.organization_id != organization_id:
            errors["owner_committee"] = _("Choose a committee of the initiative's organisation.")
        for field in ("owner_user", "leader_user", "deputy_user"):
            user_id = getattr(self, f"{field}_id")
            if (
                user_id
                and not Membership.objects.filter(
                    user_id=user_id, organization_id=organization_id
                ).exists()
            ):
                errors[field] = _("Choose a user of the initiative's organisation.")
        for user_field, name_field in (
            ("owner_user", "owner_name"),
            ("leader_user", "leader_name"),
            ("deputy_user", "deputy_name"),
        ):
            if getattr(self, f"{user_field}_id") and getattr(self, name_field):
                errors[name_field] = _("Choose a user or write a name, not both.")
        if (
            self.leader_user_id
            and self.leader_user_id == self.deputy_user_id
            and "deputy_user" not in errors
        ):
            errors["deputy_user"] = _("The deputy must be someone else than the project leader.")
        if errors:
            raise ValidationError(errors)


class ImpactStatement(models.Model):
    """Uppsala base criterion: consequences from a gender-equality and a child perspective."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="impact_statement",
        verbose_name=_("initiative"),
    )
    gender_equality = models.TextField(
        _("gender-equality perspective"),
        help_text=_(
            "How women and men, girls and boys are affected; differences in need or reach."
        ),
    )
    child = models.TextField(
        _("child perspective"),
        help_text=_(
            "How children are affected, directly or indirectly; the child's best interest."
        ),
    )

    class Meta:
        verbose_name = _("impact statement")
        verbose_name_plural = _("impact statements")

    def __str__(self) -> str:
        return str(_("Impact statement: %(title)s") % {"title": self.initiative.title})


class Audience(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class CommunicationItem(models.Model):
    """One row of the communication plan."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="communication_items",
        verbose_name=_("initiative"),
    )
    scope = models.CharField(_("internal or external"), max_length=8, choices=Audience.choices)
    audience = models.CharField(_("audience"), max_length=200)
    message = models.TextField(_("message"))
    channel = models.CharField(_("channel"), max_length=200)
    timing = models.CharField(_("when"), max_length=200)
    responsible = models.CharField(_("responsible"), max_length=200)

    class Meta:
        ordering: ClassVar[list[str]] = ["scope", "id"]
        verbose_name = _("communication activity")
        verbose_name_plural = _("communication plan")

    def __str__(self) -> str:
        return f"{self.audience}: {self.channel}"


class ImplementationOutline(models.Model):
    """The outline of how a successful initiative enters ordinary operations and is maintained."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="implementation_outline",
        verbose_name=_("initiative"),
    )
    ordinary_operations = models.TextField(
        _("into ordinary operations"),
        help_text=_("Which operation takes over, all at once or in phases, and when."),
    )
    full_scale_cost = models.DecimalField(
        _("full-scale cost per year (SEK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Offering the intervention to the whole target group."),
    )
    price_year = models.PositiveSmallIntegerField(_("price year"), null=True, blank=True)
    full_scale_cost_basis = models.TextField(
        _("basis of the cost estimate"),
        blank=True,
        help_text=_("Staff, training, premises; how the estimate was made."),
    )
    financing = models.TextField(
        _("financing after the project"),
        help_text=_("Within the ordinary budget, or which additional funding and from whom."),
    )
    maintenance = models.TextField(
        _("maintenance and follow-on investments"),
        help_text=_("What is needed for the effects to last, and its financing."),
    )
    replaces = models.TextField(
        _("what it replaces"),
        help_text=_("Existing activities that answer the same need less effectively."),
    )

    class Meta:
        verbose_name = _("implementation and maintenance plan")
        verbose_name_plural = _("implementation and maintenance plans")

    def __str__(self) -> str:
        return str(_("Implementation plan: %(title)s") % {"title": self.initiative.title})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.full_scale_cost is not None and self.full_scale_cost < 0:
            errors["full_scale_cost"] = _("The cost cannot be negative.")
        if self.full_scale_cost is not None and self.price_year is None:
            errors["price_year"] = _("Say which year's prices the cost is in.")
        if self.price_year is not None and not 2000 <= self.price_year <= 2100:
            errors["price_year"] = _("Give the price year as a four-digit year.")
        if errors:
            raise ValidationError(errors)
