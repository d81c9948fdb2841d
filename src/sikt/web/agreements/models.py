"""Development agreements (*överenskommelser*, DOMAIN.md §6; the SKL Aktion 2016/2017 agreements).

A funder (SKR, a coordination association — any organisation in Sikt) agrees with one or more
participating organisations on goals per area and a series of **sprints**, each with a deadline
and a checklist of deliverables. Each participant works through its own copy of every sprint
(:class:`SprintProgress`): it ticks the deliverables and submits; the funder alone approves or
returns the sprint with a comment ("SKL avgör ensamt om och när … har uppfyllt respektive
Sprint"). Money comes in **tranches** tied to sprints (Ale 2016: 100 000 kr each for sprints 1, 3
and 4); a tranche is payable once its sprint is approved and is recorded paid with the date and
the invoice reference. The participant reports how much of the money paid remains on given dates;
what remains at the year-end report is due for repayment to the funder.

Every record is shared: ``organization_sides`` tells the policy that the funder's and the
participants' members see it and which side may do what (:mod:`sikt.web.policy`); nobody else
sees it. Amounts are exact ``Decimal`` kronor with öre.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _sides(prefix: str, participant: str) -> dict[str, str]:
    return {"funder": f"{prefix}funder", "participant": participant}


class Agreement(models.Model):
    organization_path: ClassVar[str] = "funder"
    organization_sides: ClassVar[dict[str, str]] = _sides("", "participations__organization")

    funder = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="funded_agreements",
        verbose_name=_("funder"),
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    reference_number = models.CharField(
        _("reference number for invoices"),
        max_length=60,
        help_text=_("The invoice must refer to the agreement with this reference (ref nr)."),
    )
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(
        _("valid until"), help_text=_("Money not used by this day is paid back to the funder.")
    )
    repayment_due_on = models.DateField(
        _("unused money to be repaid by"),
        help_text=_("When the amount reported as remaining at the year end is due."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-starts_on", "title"]
        verbose_name = _("development agreement")
        verbose_name_plural = _("development agreements")

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """A goal of the agreement within one area (needs analysis, method support, …)."""

    organization_path: ClassVar[str] = "agreement__funder"
    organization_sides: ClassVar[dict[str, str]] = _sides(
        "agreement__", "agreement__participations__organization"
    )

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(_("area"), max_length=120)
    text = models.TextField(_("goal"))

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.area}: {self.text[:60]}"


class Sprint(models.Model):
    organization_path: ClassVar[str] = "agreement__funder"
    organization_sides: ClassVar[dict[str, str]] = _sides(
        "agreement__", "agreement__participations__organization"
    )

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sprints")
    number = models.PositiveSmallIntegerField(_("number"))
    deadline = models.DateField(_("to be done by"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    tranche = models.DecimalField(
        _("tranche (kr)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Paid to each participant when the sprint is approved; empty if none."),
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["number"]
        verbose_name = _("sprint")
        verbose_name_plural = _("sprints")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agreement", "number"], name="sprint_unique_number"),
            models.CheckConstraint(
                condition=models.Q(tranche__isnull=True) | models.Q(tranche__gt=0),
                name="sprint_tranche_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"Sprint {self.number}"


class Deliverable(models.Model):
    organization_path: ClassVar[str] = "sprint__agreement__funder"
    organization_sides: ClassVar[dict[str, str]] = _sides(
        "sprint__agreement__", "sprint__agreement__participations__organization"
    )

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="deliverables")
    text = models.CharField(_("deliverable"), max_length=500)

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return self.text


class ReportDate(models.Model):
    """A day by which the participants report how much of the money paid remains."""

    organization_path: ClassVar[str] = "agreement__funder"
    organization_sides: ClassVar[dict[str, str]] = _sides(
        "agreement__", "agreement__participations__organization"
    )

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="report_dates")
    due_on = models.DateField(_("report by"))
    year_end = models.BooleanField(
        _("year-end report"),
        default=False,
        help_text=_("What remains at this report is due for repayment to the funder."),
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["due_on"]
        verbose_name = _("report date")
        verbose_name_plural = _("report dates")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agreement", "due_on"], name="report_date_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d}"


class Participation(models.Model):
    """One participating organisation of an agreement, with its contact person."""

    organization_path: ClassVar[str] = "agreement__funder"
    organization_sides: ClassVar[dict[str, str]] = _sides("agreement__", "organization")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="participations"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="agreement_participations",
        verbose_name=_("participating organisation"),
    )
    contact = models.CharField(_("local contact person"), max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["organization__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["agreement", "organization"], name="participation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.agreement}"


class SprintState(models.TextChoices):
    OPEN = "open", _("In progress")
    SUBMITTED = "submitted", _("Submitted to the funder")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class SprintProgress(models.Model):
    """One participant's work on one sprint: its ticked deliverables and the funder's verdict."""

    organization_path: ClassVar[str] = "participation__agreement__funder"
    organization_sides: ClassVar[dict[str, str]] = _sides(
        "participation__agreement__", "participation__organization"
    )

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="progress"
    )
    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="progress")
    state = models.CharField(
        _("state"), max_length=16, choices=SprintState.choices, default=SprintState.OPEN
    )
    done = models.ManyToManyField(Deliverable, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("the funder's comment"), blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["sprint__number", "participation__organization__name"]
        verbose_name = _("sprint status")
        verbose_name_plural = _("sprint statuses")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["participation", "sprint"], name="progress_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sprint} – {self.participation.organization}"


class Tranche(models.Model):
    """The money of one approved sprint for one participant; paid against an invoice."""

    organization_path: ClassVar[str] = "progress__participation__agreement__funder"
    organization_sides: ClassVar[dict[str, str]] = _sides(
        "progress__participation__agreement__", "progress__participation__organization"
    )

    progress = models.OneToOneField(
        SprintProgress, on_delete=models.PROTECT, related_name="tranche"
    )
    amount = models.DecimalField(_("amount (kr)"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    invoice_reference = models.CharField(_("invoice reference"), max_length=100, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["progress__sprint__number"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="tranche_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.progress} – {self.amount} kr"

    @property
    def payable(self) -> bool:
        return self.paid_on is None and self.progress.state == SprintState.APPROVED


class RemainingReport(models.Model):
    """A participant's report of how much of the money paid remains unused on a report date."""

    organization_path: ClassVar[str] = "participation__agreement__funder"
    organization_sides: ClassVar[dict[str, str]] = _sides(
        "participation__agreement__", "participation__organization"
    )

    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="remaining_reports"
    )
    report_date = models.ForeignKey(
        ReportDate, on_delete=models.PROTECT, related_name="reports", verbose_name=_("report date")
    )
    remaining = models.DecimalField(_("money remaining (kr)"), max_digits=14, decimal_places=2)
    note = models.TextField(_("comment"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["report_date__due_on"]
        verbose_name = _("report of remaining money")
        verbose_name_plural = _("reports of remaining money")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["participation", "report_date"], name="remaining_report_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(remaining__gte=0), name="remaining_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation.organization} {self.report_date}: {self.remaining} kr"


class Repayment(models.Model):
    """Money unused at the year end, due back to the funder (from the year-end report)."""

    organization_path: ClassVar[str] = "participation__agreement__funder"
    organization_sides: ClassVar[dict[str, str]] = _sides(
        "participation__agreement__", "participation__organization"
    )

    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="repayments"
    )
    report = models.OneToOneField(
        RemainingReport, on_delete=models.PROTECT, related_name="repayment"
    )
    amount = models.DecimalField(_("amount due (kr)"), max_digits=14, decimal_places=2)
    due_on = models.DateField(_("due on"))
    invoice_reference = models.CharField(
        _("the funder's invoice reference"), max_length=100, blank=True
    )
    repaid_on = models.DateField(_("repaid on"), null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["due_on"]
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="repayment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.participation.organization}: {self.amount} kr"
