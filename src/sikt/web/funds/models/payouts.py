"""Cost reports: the actual costs of an initiative for one reporting period, per cost line.

Uppsala 003: an initiative is paid in arrears for its actual costs at delår 1, delår 2 and the
annual report, under the project number it was given. The project leader reports, the economist
approves (the fund then pays out) or returns the report with a comment.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CostReport(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved and paid")

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.PROTECT,
        related_name="cost_reports",
        verbose_name=_("initiative"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.SlugField(_("period"), max_length=16)
    project_number = models.CharField(_("project number"), max_length=40, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Empty when typed in; the file name when imported from the accounts."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("comment from the economist"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-year", "-period", "-id"]
        verbose_name = _("cost report")
        verbose_name_plural = _("cost reports")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["initiative", "year", "period"], name="cost_report_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Costs %(year)s %(period)s: %(initiative)s")
            % {"year": self.year, "period": self.period, "initiative": self.initiative}
        )

    @property
    def total_ore(self) -> int:
        return sum(line.amount_ore for line in self.lines.all())


class CostReportLine(models.Model):
    organization_path: ClassVar[str] = "report__initiative__organization"

    report = models.ForeignKey(CostReport, on_delete=models.CASCADE, related_name="lines")
    cost_line = models.CharField(_("cost line"), max_length=200)
    amount_ore = models.BigIntegerField(_("actual cost (öre)"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(amount_ore__gte=0), name="cost_report_line_not_negative"
            ),
            models.UniqueConstraint(fields=["report", "cost_line"], name="cost_report_line_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.cost_line}: {self.amount_ore / 100:.2f} kr"
