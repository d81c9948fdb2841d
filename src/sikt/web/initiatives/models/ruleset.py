"""The organisation's rule set for social investments (DOMAIN §4b): data the coordinator edits.

Organisations differ in who may apply, caps and co-funding, project length, one- or two-stage
handling, deadlines, criteria and repayment. The workflow and the forms read these values; the
shipped default is Uppsala's guideline (003), see :mod:`sikt.web.initiatives.ruleset_templates`.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.initiatives.states import AmendmentPath, DeadlineMode, Process, RepaymentModel


def _validate_text_list(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        raise ValidationError(_("Give one non-empty criterion per line."), code="list")


class RuleSet(models.Model):
    organization_path: ClassVar[str] = "organization"

    organization = models.OneToOneField(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="ruleset",
        verbose_name=_("organisation"),
    )
    template = models.CharField(_("started from"), max_length=40, blank=True)
    eligible_applicants = models.TextField(
        _("who may apply"),
        help_text=_("E.g. all committees and majority-owned municipal companies."),
    )
    min_partners = models.PositiveSmallIntegerField(
        _("minimum number of partners"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "Committees and outside partners that must stand behind an application together; "
            "1 means one committee may apply alone."
        ),
    )
    annual_cap_sek = models.DecimalField(
        _("maximum per year from the fund (SEK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Empty means no cap."),
    )
    max_funding_share_percent = models.PositiveSmallIntegerField(
        _("maximum share of the cost paid by the fund (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("E.g. 50 when the applicants must pay at least half. Empty means no limit."),
    )
    max_length_months = models.PositiveSmallIntegerField(
        _("maximum length (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Empty means no limit."),
    )
    process = models.CharField(
        _("process"), max_length=16, choices=Process.choices, default=Process.TWO_STAGE
    )
    deadline_mode = models.CharField(
        _("deadlines"), max_length=16, choices=DeadlineMode.choices, default=DeadlineMode.ROLLING
    )
    fixed_deadlines = models.JSONField(
        _("fixed deadlines"),
        default=list,
        blank=True,
        help_text=_("Dates (YYYY-MM-DD) by which applications must be in."),
    )
    answer_months = models.PositiveSmallIntegerField(
        _("answer to an idea within (months)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Uppsala: the coordinators answer the applicant within one month."),
    )
    base_criteria = models.JSONField(
        _("base criteria"),
        default=list,
        blank=True,
        validators=[_validate_text_list],
        help_text=_("All must hold before the steering group may recommend."),
    )
    selection_criteria = models.JSONField(
        _("selection criteria"),
        default=list,
        blank=True,
        validators=[_validate_text_list],
        help_text=_("Unweighted; each steering-group member scores them 1–5 to prioritise."),
    )
    repayment_model = models.CharField(
        _("repayment model"),
        max_length=20,
        choices=RepaymentModel.choices,
        default=RepaymentModel.COMMITTEE_PLAN,
    )
    amendment_path = models.CharField(
        _("how an amendment is decided"),
        max_length=24,
        choices=AmendmentPath.choices,
        default=AmendmentPath.RECOMMEND_THEN_DECIDE,
        help_text=_(
            "The steps an amendment to an approved initiative goes back through before it is "
            "decided again."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self) -> str:
        return str(_("Rule set of %(organization)s") % {"organization": self.organization})

    def deadlines(self) -> list[dt.date]:
        return sorted(dt.date.fromisoformat(value) for value in self.fixed_deadlines)

    def next_deadline(self, today: dt.date) -> dt.date | None:
        return next((day for day in self.deadlines() if day >= today), None)

    def clean(self) -> None:
        for value in self.fixed_deadlines or []:
            try:
                dt.date.fromisoformat(str(value))
            except ValueError:
                raise ValidationError(
                    {"fixed_deadlines": _("Write each deadline as YYYY-MM-DD.")}
                ) from None
