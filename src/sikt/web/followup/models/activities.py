"""Activities against plan: what each main activity should deliver per month, and what each
report says was done, with the staff hours used (004 §5–6: resources per activity; an activity
that needs twice the planned hours is a signal to analyse)."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityPlan(models.Model):
    """The plan for one activity of the logic model, per month of the project period."""

    organization_path: ClassVar[str] = "element__initiative__organization"

    element = models.OneToOneField(
        "design.LogicElement",
        on_delete=models.CASCADE,
        related_name="activity_plan",
        verbose_name=_("activity"),
    )
    unit = models.CharField(
        _("counted as"),
        max_length=60,
        default="tillfällen",
        help_text=_("What is counted, e.g. sessions, home visits, group meetings."),
    )
    per_month = models.DecimalField(
        _("planned per month"),
        max_digits=10,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    hours_per_month = models.DecimalField(
        _("planned staff hours per month"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    done_means = models.CharField(
        _("what counts as done"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the session took place with at least half of the group."),
    )

    class Meta:
        verbose_name = _("activity plan")
        verbose_name_plural = _("activity plans")

    def __str__(self) -> str:
        return str(self.element)


class ActivityReport(models.Model):
    """How much of one activity was done in a report's period, and the hours it took."""

    organization_path: ClassVar[str] = "report__initiative__organization"

    report = models.ForeignKey(
        "followup.ProgressReport",
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("report"),
    )
    element = models.ForeignKey(
        "design.LogicElement",
        on_delete=models.PROTECT,
        related_name="activity_reports",
        verbose_name=_("activity"),
    )
    done = models.DecimalField(
        _("done"), max_digits=10, decimal_places=1, validators=[MinValueValidator(0)]
    )
    hours_used = models.DecimalField(
        _("staff hours used"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["element__position", "id"]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["report", "element"], name="activity_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.element}: {self.done}"


class ApprovedActivity(models.Model):
    """What the approved reports say was done of one activity, summed (with the staff hours;
    ``None`` when no approved report gave hours).

    Derived data, kept by :func:`~sikt.web.followup.services.approved.approved_activities_refresh`
    in the transaction that approves a report, so the overview pages read one row per activity
    instead of summing every approved report (issue 10's performance target).
    """

    organization_path: ClassVar[str] = "initiative__organization"

    element = models.OneToOneField(
        "design.LogicElement",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="approved_activity",
        verbose_name=_("activity"),
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("initiative"),
    )
    done = models.DecimalField(_("done"), max_digits=14, decimal_places=1)
    hours_used = models.DecimalField(
        _("staff hours used"), max_digits=14, decimal_places=1, null=True
    )

    class Meta:
        verbose_name = _("approved activity total")
        verbose_name_plural = _("approved activity totals")

    def __str__(self) -> str:
        return f"{self.element}: {self.done}"
