"""An initiative (satsning): the delimited effort that is applied for, decided, run and evaluated.

Other areas (logic model and design, calculation, follow-up, evaluation) hang their records on
:class:`Initiative` with a foreign key and ``organization_path = "initiative__organization"``.

The idea description follows Uppsala's template (003 step 2: problem, target group, affected
operations and committees for results and for costs); the project plan's core fields follow
003 step 4 (purpose, time period, budget, owners). Richer plan parts (logic model, design,
calculation, repayment plan) live in their own apps.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.initiatives.states import InitiativeState


class Initiative(models.Model):
    organization_path: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        _("state"),
        max_length=32,
        choices=InitiativeState.choices,
        default=InitiativeState.IDEA_DRAFT,
        db_index=True,
    )
    owner_committee = models.ForeignKey(
        "accounts.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_initiatives",
        verbose_name=_("owning committee"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="created_initiatives",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Idea description (003 step 2).
    problem = models.TextField(
        _("problem"), blank=True, help_text=_("Which problem or need the initiative should solve.")
    )
    target_group = models.TextField(
        _("target group"),
        blank=True,
        help_text=_(
            "As concretely as possible, e.g. children 6–12 with neuropsychiatric problems at "
            "schools X and Y."
        ),
    )
    affected_operations = models.TextField(
        _("affected operations"),
        blank=True,
        help_text=_("Which operations and administrations are affected, by results and by costs."),
    )
    result_committees = models.ManyToManyField(
        "accounts.Committee",
        blank=True,
        related_name="initiatives_with_results",
        verbose_name=_("committees affected by the results"),
    )
    cost_committees = models.ManyToManyField(
        "accounts.Committee",
        blank=True,
        related_name="initiatives_with_costs",
        verbose_name=_("committees affected by the costs"),
    )
    needs_analysis_reference = models.CharField(
        _("needs analysis"),
        max_length=500,
        blank=True,
        help_text=_("A reference or web address to the needs analysis the idea builds on."),
    )
    partners = models.TextField(
        _("partners outside the organisation"),
        blank=True,
        help_text=_("One per line, e.g. the region or a non-profit organisation."),
    )

    # Project plan core fields (003 step 4).
    purpose = models.TextField(_("purpose and long-term goal"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget_summary = models.TextField(
        _("budget summary"),
        blank=True,
        help_text=_("Costs per year and what they are for; when money is to be paid out."),
    )
    total_cost_sek = models.DecimalField(
        _("total cost (SEK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    requested_amount_sek = models.DecimalField(
        _("amount applied for from the fund (SEK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    price_year = models.PositiveSmallIntegerField(
        _("price year"),
        null=True,
        blank=True,
        help_text=_("The year whose prices the amounts are given in."),
    )
    owner_name = models.CharField(
        _("project owner"),
        max_length=200,
        blank=True,
        help_text=_("The named person who owns the initiative, e.g. the head of administration."),
    )

    # Timestamps the coordinator's queue and the one-month answer rule read.
    idea_submitted_at = models.DateTimeField(_("idea submitted"), null=True, blank=True)
    plan_submitted_at = models.DateTimeField(_("plan submitted"), null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.title

    @property
    def state_label(self) -> str:
        return str(InitiativeState(self.state).label)

    def partner_lines(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]
