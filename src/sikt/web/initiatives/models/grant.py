"""The grant an approving decision records: amount per year, conditions and the project number.

Uppsala's guideline pays an initiative in arrears for actual costs booked under one project
number (003, "Ekonomi"); the fund pays out against what the board granted. So the approval
records, beside the decision itself, how much is granted for each year, on which conditions and
under which project number (*projektnummer*) the costs are booked. An approved amendment
records a new grant on its own decision; the grant in force is the one of the latest approving
decision (:func:`sikt.web.initiatives.selectors.current_grant`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Grant(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    decision = models.OneToOneField(
        "initiatives.Decision",
        on_delete=models.CASCADE,
        related_name="grant",
        verbose_name=_("decision"),
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="grants",
        verbose_name=_("initiative"),
    )
    #: Unique within the organisation across initiatives (the same initiative keeps its number
    #: through amendments); checked by the transition service.
    project_number = models.CharField(
        _("project number"),
        max_length=40,
        help_text=_("The number the initiative's costs are booked under, e.g. SI-2025-03."),
    )
    conditions = models.TextField(
        _("conditions"),
        blank=True,
        help_text=_("Conditions of the grant, e.g. reports at each interim report."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["decision__decided_on", "decision_id"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self) -> str:
        return f"{self.project_number}: {self.initiative}"

    @property
    def total_sek(self) -> Decimal:
        return sum((year.amount_sek for year in self.years.all()), Decimal(0))


class GrantYear(models.Model):
    organization_path: ClassVar[str] = "grant__initiative__organization"

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="years", verbose_name=_("grant")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_sek = models.DecimalField(
        _("amount granted (SEK)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["year"]
        verbose_name = _("granted amount for a year")
        verbose_name_plural = _("granted amounts per year")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["grant", "year"], name="grant_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.grant.project_number} {self.year}: {self.amount_sek}"
