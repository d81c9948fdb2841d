"""The append-only ledger of a fund and the decisions to pay above a grant.

A :class:`LedgerEntry` is never changed or deleted — the database refuses ``UPDATE`` and
``DELETE`` on its table (triggers installed by migration, see :mod:`sikt.web.funds.triggers`);
a mistake is undone by a *correction*, a new entry that reverses one earlier entry in full.
Amounts are integer öre. Every entry names the actor and what it rests on: the decision, the
cost report, the budget adoption, the repayment revision or the entry it corrects.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.funds.ledger_rules import Kind


class EntryKind(models.TextChoices):
    ALLOCATION = Kind.ALLOCATION.value, _("Allocation from the budget")
    COMMITMENT = Kind.COMMITMENT.value, _("Commitment")
    PAYOUT = Kind.PAYOUT.value, _("Payout")
    RELEASE = Kind.RELEASE.value, _("Release of commitment")
    REPAYMENT = Kind.REPAYMENT.value, _("Repayment from committee")
    CORRECTION = Kind.CORRECTION.value, _("Correction")


class OverrunDecision(models.Model):
    """A recorded decision to pay an initiative more than its grant for a year."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.PROTECT,
        related_name="overrun_decisions",
        verbose_name=_("initiative"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_ore = models.BigIntegerField(_("amount above the grant (öre)"))
    decided_on = models.DateField(_("decision date"))
    body = models.CharField(_("decision body"), max_length=200)
    minute_reference = models.CharField(_("minute reference (paragraf)"), max_length=100)
    registration_number = models.CharField(
        _("registration number (diarienummer)"), max_length=100, blank=True
    )
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-decided_on", "-id"]
        verbose_name = _("decision to pay above the grant")
        verbose_name_plural = _("decisions to pay above the grant")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(amount_ore__gt=0), name="overrun_decision_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.decided_on} {self.minute_reference}"


class LedgerEntry(models.Model):
    organization_path: ClassVar[str] = "fund__organization"

    fund = models.ForeignKey(
        "funds.Fund", on_delete=models.PROTECT, related_name="entries", verbose_name=_("fund")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    #: For a correction: the kind of the entry it reverses (the figure it counts against).
    corrected_kind = models.CharField(
        _("corrects"), max_length=16, choices=EntryKind.choices, blank=True, default=""
    )
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    #: The year the money concerns: budget year, grant year or repayment-plan year.
    year = models.PositiveSmallIntegerField(_("year"))
    #: The accounting period the entry is booked in (must be open).
    booked_year = models.PositiveSmallIntegerField(_("booked in year"))
    period = models.SlugField(_("booked in period"), max_length=16)
    booked_on = models.DateField(_("booking date"))
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("initiative"),
    )
    committee = models.ForeignKey(
        "accounts.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("committee"),
    )
    decision = models.ForeignKey(
        "initiatives.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("decision"),
    )
    overrun_decision = models.ForeignKey(
        OverrunDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("decision to pay above the grant"),
    )
    cost_report = models.ForeignKey(
        "funds.CostReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("cost report"),
    )
    budget_adoption = models.ForeignKey(
        "funds.BudgetAdoption",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("budget adoption"),
    )
    repayment_revision = models.ForeignKey(
        "funds.RepaymentRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("repayment revision"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("booked by"),
    )
    note = models.TextField(_("note"), blank=True)
    #: A key from the form that booked the entry: a repeated POST books nothing twice.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes: ClassVar[list[models.Index]] = [
            # The fund page's aggregates: per fund and year, summed by kind.
            models.Index(
                fields=["fund", "year", "kind", "corrected_kind", "amount_ore"],
                name="ledger_fund_year_kind_idx",
            ),
            # An initiative's money and the payout rule (committed vs paid per year).
            models.Index(
                fields=["initiative", "year", "kind", "corrected_kind", "amount_ore"],
                name="ledger_initiative_year_idx",
            ),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(amount_ore__gt=0), name="ledger_amount_positive"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=Kind.CORRECTION.value)
                    & models.Q(reverses__isnull=False)
                    & ~models.Q(corrected_kind="")
                )
                | (
                    ~models.Q(kind=Kind.CORRECTION.value)
                    & models.Q(reverses__isnull=True)
                    & models.Q(corrected_kind="")
                ),
                name="ledger_correction_names_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    kind__in=[Kind.COMMITMENT.value, Kind.PAYOUT.value, Kind.RELEASE.value]
                )
                | models.Q(initiative__isnull=False),
                name="ledger_initiative_entry_names_initiative",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=Kind.REPAYMENT.value) | models.Q(committee__isnull=False),
                name="ledger_repayment_names_committee",
            ),
            # Exactly once: one payout per cost report, whoever approves it and however often.
            models.UniqueConstraint(
                fields=["cost_report"],
                condition=models.Q(kind=Kind.PAYOUT.value),
                name="ledger_one_payout_per_cost_report",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.amount_ore / 100:.2f} kr"

    @property
    def signed_ore(self) -> int:
        """The entry's effect on its figure (a correction counts negative)."""
        return -self.amount_ore if self.kind == Kind.CORRECTION else self.amount_ore

    @property
    def figure_kind(self) -> str:
        return self.corrected_kind or self.kind
