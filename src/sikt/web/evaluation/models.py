"""Outcome data and evaluation runs of an initiative.

Why: an effect estimate is only worth as much as the data and choices behind it. The outcome
data are stored as uploaded — already pseudonymised, every personal identity number replaced on
import by the organisation's keyed pseudonym — with a version number and the SHA-256 of their
content. A run records the estimator, its options, the seed, the software version and the hash
of all inputs, so it can be re-run to the same numbers (issue 11 §1).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutcomeDataset(models.Model):
    """One upload of pseudonymised individual outcome records for an initiative."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="outcome_datasets",
        verbose_name=_("initiative"),
    )
    version = models.PositiveIntegerField(_("version"))
    file_name = models.CharField(_("file"), max_length=255)
    #: Column names (``person``, ``grupp``, ``utfall``, then the covariates).
    columns = models.JSONField(_("columns"))
    #: One list per person in the order of ``columns``; ``person`` is a pseudonym.
    rows = models.JSONField(_("records"))
    sha256 = models.CharField(_("content hash (SHA-256)"), max_length=64)
    n_treated = models.PositiveIntegerField(_("participants"))
    n_control = models.PositiveIntegerField(_("comparison group"))
    fictional = models.BooleanField(
        _("fictional (generated demo data)"), default=False, editable=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-version"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["initiative", "version"], name="evaluation_dataset_version_unique"
            )
        ]
        verbose_name = _("outcome data")
        verbose_name_plural = _("outcome data")

    def __str__(self) -> str:
        return str(_("Outcome data, version %(version)s") % {"version": self.version})

    @property
    def covariates(self) -> list[str]:
        return list(self.columns[3:])


class Estimator(models.TextChoices):
    """The estimators offered, named as an evaluator knows them (``sikt.stats``)."""

    DIFF_IN_MEANS = "diff_in_means", _("Difference in means (randomised groups)")
    REGRESSION = "regression", _("Regression adjustment (covariates)")
    MATCHING = "matching", _("Propensity-score matching (1:1 nearest neighbour)")
    IPW = "ipw", _("Inverse-probability weighting (IPW)")
    AIPW = "aipw", _("Doubly robust (augmented IPW)")


class EvaluationRun(models.Model):
    """One estimation on one dataset version, run in the background."""

    organization_path: ClassVar[str] = "dataset__initiative__organization"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    dataset = models.ForeignKey(
        OutcomeDataset,
        on_delete=models.PROTECT,
        related_name="runs",
        verbose_name=_("outcome data"),
    )
    estimator = models.CharField(_("estimator"), max_length=16, choices=Estimator.choices)
    #: ``covariates`` (list), ``caliper`` (matching), ``estimand`` (weighting).
    options = models.JSONField(_("options"), default=dict, blank=True)
    criterion = models.ForeignKey(
        "design.SuccessCriterion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("success criterion"),
    )
    seed = models.PositiveIntegerField(_("seed"), default=1)
    software_version = models.CharField(_("software version"), max_length=40)
    inputs_sha256 = models.CharField(_("hash of the inputs (SHA-256)"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    error = models.TextField(_("error"), blank=True)
    #: ``EffectResult.to_dict()`` of ``sikt.stats`` (texts in Swedish and English).
    result = models.JSONField(_("result"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")

    def __str__(self) -> str:
        return f"{self.get_estimator_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        return round(self.progress * 100)


class EconomicEvaluation(models.Model):
    """The decided calculation recomputed with the estimated effect of a run
    (:mod:`sikt.web.evaluation.economics`), and whether a repayment revision was proposed."""

    organization_path: ClassVar[str] = "run__dataset__initiative__organization"

    run = models.ForeignKey(
        EvaluationRun,
        on_delete=models.PROTECT,
        related_name="economic_evaluations",
        verbose_name=_("evaluation run"),
    )
    outcome_key = models.CharField(_("outcome in the calculation"), max_length=100)
    #: What :func:`sikt.web.evaluation.economics.evaluate` returns.
    figures = models.JSONField(_("figures"))
    #: The content hash of the frozen calculation it was computed from.
    calculation_hash = models.CharField(_("calculation version"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revision_proposed_at = models.DateTimeField(
        _("repayment revision proposed"), null=True, blank=True
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("economic evaluation")
        verbose_name_plural = _("economic evaluations")

    def __str__(self) -> str:
        return str(_("Economic evaluation of %(run)s") % {"run": self.run})
