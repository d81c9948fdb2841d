"""Repayments through the budget frame: the adoption of a year's budget and revisions of the
decided repayment plan.

Uppsala 003 ("Återföringsmodellen"): the repayment plan is an input to the budget process and
repayment is made by lowering the municipal allocation (*kommunbidrag*) of the committee whose
costs fall; if effects turn out smaller, repayment is made to the degree actual effects occur —
a revision, decided on its own, with its history kept.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BudgetAdoption(models.Model):
    """The adopted budget of a year: its frame cuts are booked as repayments into the fund."""

    organization_path: ClassVar[str] = "fund__organization"

    fund = models.ForeignKey(
        "funds.Fund", on_delete=models.PROTECT, related_name="budget_adoptions"
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    adopted_on = models.DateField(_("adopted on"))
    minute_reference = models.CharField(
        _("minute reference (paragraf)"), max_length=100, blank=True
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-year"]
        verbose_name = _("budget adoption")
        verbose_name_plural = _("budget adoptions")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["fund", "year"], name="budget_adoption_once_per_year"),
        ]

    def __str__(self) -> str:
        values = {"year": self.year, "date": self.adopted_on}
        return str(_("Budget %(year)s adopted %(date)s") % values)


class RepaymentRevision(models.Model):
    """A proposed (and then decided or rejected) new repayment amount for one initiative,
    committee and year — e.g. from an economic evaluation that found smaller effects."""

    organization_path: ClassVar[str] = "initiative__organization"

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        DECIDED = "decided", _("Decided")
        REJECTED = "rejected", _("Rejected")

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.PROTECT,
        related_name="repayment_revisions",
        verbose_name=_("initiative"),
    )
    committee = models.ForeignKey(
        "accounts.Committee",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("committee"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    previous_ore = models.BigIntegerField(_("amount before (öre)"))
    amount_ore = models.BigIntegerField(_("new amount (öre)"))
    reason = models.TextField(_("reason"))
    source = models.CharField(
        _("based on"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the economic evaluation that established the realised effects."),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    minute_reference = models.CharField(
        _("minute reference (paragraf)"), max_length=100, blank=True
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-proposed_at", "-id"]
        verbose_name = _("repayment revision")
        verbose_name_plural = _("repayment revisions")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(amount_ore__gte=0), name="repayment_revision_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.committee} {self.year}"
