"""An initiative's cost and benefit calculation (*kalkyl*), its background runs and reviews.

Why: the applicant builds the case in the application (issue 4 §6, SKL 004 §5); ``sikt.calc``
computes it. The case is stored as the JSON ``sikt.calc.load_case`` validates, and the results
as JSON beside it, so pages and decision documents render without recomputing.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.progress import RunProgress


class Calculation(models.Model):
    """The calculation of one initiative: case, committee mapping and stored results."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="calculation",
        verbose_name=_("initiative"),
    )
    #: The case as ``sikt.calc.case_to_dict`` writes it (validated by ``load_case``).
    case = models.JSONField(_("case"))
    #: Committee bearer key in the case → pk of the organisation's Committee.
    committee_map = models.JSONField(_("committees of the cost bearers"), default=dict)
    #: ``Result``, ``RepaymentPlan`` and ``Sensitivity`` as JSON (SEK of the case's price year).
    result = models.JSONField(_("deterministic result"), default=dict, editable=False)
    repayment_plan = models.JSONField(_("repayment plan"), default=dict, editable=False)
    sensitivity = models.JSONField(_("sensitivity"), default=dict, editable=False)
    #: The latest ``MonteCarloResult`` for the current case (empty when the case changed since).
    monte_carlo = models.JSONField(
        _("Monte Carlo result"), default=dict, blank=True, editable=False
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calculation")
        verbose_name_plural = _("calculations")

    def __str__(self) -> str:
        return str(_("Calculation: %(initiative)s") % {"initiative": self.initiative})


class CalculationRun(RunProgress, models.Model):
    """A Monte Carlo run in the background; its progress is polled by the results page."""

    organization_path: ClassVar[str] = "calculation__initiative__organization"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    calculation = models.ForeignKey(
        Calculation, on_delete=models.CASCADE, related_name="runs", verbose_name=_("calculation")
    )
    draws = models.PositiveIntegerField(_("draws"))
    seed = models.PositiveIntegerField(_("seed"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    error = models.TextField(_("error"), blank=True)
    #: The case the run was started for: a result is only stored if the case is unchanged.
    case = models.JSONField(_("case"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("calculation run")
        verbose_name_plural = _("calculation runs")

    def __str__(self) -> str:
        return f"{self.calculation} – {self.draws} ({self.get_status_display()})"


class CalculationReview(models.Model):
    """An economist's review of the calculation (SKL 004 §5: credible costs and benefits)."""

    organization_path: ClassVar[str] = "calculation__initiative__organization"

    class Verdict(models.TextChoices):
        REVIEWED = "reviewed", _("Reviewed – no objections")
        NEEDS_CHANGES = "needs_changes", _("Needs changes")

    calculation = models.ForeignKey(
        Calculation,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("calculation"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    comment = models.TextField(_("comment"))
    #: SHA-256 of the case and committee mapping reviewed (:mod:`sikt.web.calculations.frozen`):
    #: the review counts only while the calculation is unchanged.
    content_hash = models.CharField(
        _("reviewed version"), max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} ({self.reviewer})"


class TypeCaseSource(models.Model):
    """Where a type case copied into the calculation from an adopted shared model came from
    (:func:`sikt.web.calculations.services.type_case_copy`): publisher, shared model and
    version as they stood when adopted, and the calculation it was published from. Plain text,
    not links: the calculations area sits below sharing, and the provenance must outlive a
    renamed publisher."""

    organization_path: ClassVar[str] = "calculation__initiative__organization"

    calculation = models.ForeignKey(
        Calculation,
        on_delete=models.CASCADE,
        related_name="type_case_sources",
        verbose_name=_("calculation"),
    )
    #: The type case's key in the calculation's case.
    key = models.CharField(_("type case"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    publisher_name = models.CharField(_("publisher"), max_length=200)
    model_title = models.CharField(_("shared model"), max_length=200)
    version_number = models.PositiveIntegerField(_("version"))
    source_initiative = models.CharField(_("published from"), max_length=300, blank=True)
    source_price_year = models.PositiveIntegerField(_("price year"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["calculation", "key"]
        verbose_name = _("type case source")
        verbose_name_plural = _("type case sources")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["calculation", "key"], name="typecasesource_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.model_title} v{self.version_number}, {self.publisher_name})"
