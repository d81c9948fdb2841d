"""The fund (*social investeringsfond / reservation*) of an organisation, its reporting periods
and the periods closed for booking.

An organisation may keep its fund in parts (Ale, 001: one part under the repayment model and one
for collaborations where repayment does not apply); each part is a :class:`Fund` with its own
ledger. Reporting periods (Uppsala 003: *delår 1*, *delår 2* and the annual report) are data the
coordinator edits, so organisations that report by tertial, half-year or quarter fit too.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Fund(models.Model):
    organization_path: ClassVar[str] = "organization"

    class Kind(models.TextChoices):
        REPAYMENT = "repayment", _("Repayment part (committees pay back)")
        COLLABORATION = "collaboration", _("Collaboration part (no repayment)")

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="funds",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REPAYMENT)
    is_default = models.BooleanField(
        _("commitments from decisions go here"),
        default=False,
        help_text=_("Grants decided for initiatives are committed from this part of the fund."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-is_default", "name"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="fund_unique_name_per_organization"
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(is_default=True),
                name="fund_one_default_per_organization",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def takes_repayments(self) -> bool:
        return self.kind == self.Kind.REPAYMENT


class ReportingPeriod(models.Model):
    """A period of the organisation's financial reporting, ending on a day of the year.

    Payouts are made in arrears for the costs of a period (Uppsala: delår 1, delår 2, helår).
    A period runs from the day after the previous period's end to its own end.
    """

    organization_path: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="reporting_periods",
        verbose_name=_("organisation"),
    )
    key = models.SlugField(_("key"), max_length=16)
    label = models.CharField(_("name"), max_length=60)
    end_month = models.PositiveSmallIntegerField(
        _("last month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    end_day = models.PositiveSmallIntegerField(
        _("last day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["end_month", "end_day"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organization", "key"], name="reporting_period_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def end_in(self, year: int) -> dt.date:
        """The period's last day in ``year`` (29 February falls back to the 28th)."""
        day = self.end_day
        while True:
            try:
                return dt.date(year, self.end_month, day)
            except ValueError:
                day -= 1

    def clean(self) -> None:
        try:
            dt.date(2024, self.end_month or 1, self.end_day or 1)
        except ValueError:
            message = _("That day does not exist in that month.")
            raise ValidationError({"end_day": message}) from None


class ClosedPeriod(models.Model):
    """A reporting period of a year closed for booking: no ledger entry may be booked in it."""

    organization_path: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="closed_periods",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.SlugField(_("period"), max_length=16)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-year", "-period"]
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organization", "year", "period"], name="closed_period_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.period}"
