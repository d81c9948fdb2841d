"""Outcome data and evaluation runs of an initiative.

Why: an effect estimate is only worth as much as the data and choices behind it. The outcome
data are stored as uploaded — already pseudonymised, every personal identity number replaced on
import by the organisation's keyed pseudonym — with a version number and the SHA-256 of their
content. A run records the estimator, its options, the seed, the software version and the hash
of all inputs, so it can be re-run to the same numbers (issue 11 §1). The qualitative records
(notes, component analysis) and the implementation plan complete the final report (items 4, 5).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.progress import RunProgress


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
    #: Column names (``person``, ``grupp``, ``utfall``, ``period`` in panel data, then the
    #: covariates).
    columns = models.JSONField(_("columns"))
    #: One list per person (per person and period in panel data) in the order of ``columns``;
    #: ``person`` is a pseudonym.
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
    def has_periods(self) -> bool:
        """Panel data: one row per person and period (``period`` is the fourth column)."""
        return len(self.columns) > 3 and self.columns[3] == "period"

    @property
    def covariates(self) -> list[str]:
        return list(self.columns[4:] if self.has_periods else self.columns[3:])


class Estimator(models.TextChoices):
    """The estimators offered, named as an evaluator knows them (``sikt.stats``)."""

    DIFF_IN_MEANS = "diff_in_means", _("Difference in means (randomised groups)")
    REGRESSION = "regression", _("Regression adjustment (covariates)")
    MATCHING = "matching", _("Propensity-score matching (1:1 nearest neighbour)")
    IPW = "ipw", _("Inverse-probability weighting (IPW)")
    AIPW = "aipw", _("Doubly robust (augmented IPW)")
    DID = "did", _("Difference-in-differences (groups measured before and after)")
    BEFORE_AFTER = "before_after", _("Before–after comparison (participants only)")
    EARLIER = "earlier", _("Comparison with an earlier implementation's result")


#: Estimators that need a ``period`` column (one row per person and period).
PANEL_ESTIMATORS = frozenset({Estimator.DID, Estimator.BEFORE_AFTER})


class EvaluationRun(RunProgress, models.Model):
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


# --- The qualitative parts and the implementation plan (issue 11 items 4 and 5) -------------
#
# The stakeholder analysis itself is the design's :class:`~sikt.web.design.models.Stakeholder`
# list (004 §7, table 2), kept up to date through the evaluation; the notes below link to it.


class NoteKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    FOCUS_GROUP = "focus_group", _("Focus group")


class InterviewNote(models.Model):
    """The notes of one interview or focus group, linked to the stakeholders who took part.

    Notes describe what people said; they are kept to the evaluators (``rules``) and hold no
    personal identity numbers — name roles, not people."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="interview_notes",
        verbose_name=_("initiative"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoteKind.choices)
    held_on = models.DateField(_("date"))
    stakeholders = models.ManyToManyField(
        "design.Stakeholder",
        related_name="interview_notes",
        verbose_name=_("stakeholders"),
        blank=True,
    )
    participants = models.PositiveSmallIntegerField(_("number taking part"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(
        _("notes"), help_text=_("What was said, in summary. Describe roles, not named persons.")
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-held_on", "-id"]
        verbose_name = _("interview or focus-group note")
        verbose_name_plural = _("interview and focus-group notes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}: {self.topic}"


class ComponentVerdict(models.TextChoices):
    WORKED = "worked", _("Worked")
    PARTLY = "partly", _("Worked in part")
    DID_NOT_WORK = "did_not_work", _("Did not work")


class ComponentAssessment(models.Model):
    """One row of the component analysis: a part of the intervention, whether it worked, why,
    and in what context (004 §7) — what the implementation decision keeps or changes."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="component_assessments",
        verbose_name=_("initiative"),
    )
    component = models.CharField(_("component"), max_length=200)
    element = models.ForeignKey(
        "design.LogicElement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity in the logic model"),
    )
    verdict = models.CharField(_("did it work?"), max_length=16, choices=ComponentVerdict.choices)
    why = models.TextField(_("why"))
    context = models.TextField(
        _("in what context"),
        blank=True,
        help_text=_("For whom, where and under which conditions the finding holds."),
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("component assessment")
        verbose_name_plural = _("component analysis")

    def __str__(self) -> str:
        return f"{self.component}: {self.get_verdict_display()}"

    def clean(self) -> None:
        element = self.element if self.element_id is not None else None
        if element is not None and element.initiative_id != self.initiative_id:
            raise ValidationError({"element": _("Choose an activity of this initiative.")})


class Rollout(models.TextChoices):
    PHASED = "phased", _("In phases")
    AT_ONCE = "at_once", _("All at once")


class ImplementationPlan(models.Model):
    """How the evaluated initiative enters ordinary operations (*implementeringsplan*, 004 §8):
    the decision material of the implementation decision, frozen when it is taken."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="implementation_plan",
        verbose_name=_("initiative"),
    )
    receiving_operation = models.CharField(
        _("operation that takes over"), max_length=200, help_text=_("Committee and unit.")
    )
    target_group_size = models.PositiveIntegerField(_("people in the whole target group per year"))
    full_scale_cost = models.DecimalField(
        _("full-scale cost per year (SEK)"),
        max_digits=14,
        decimal_places=0,
        help_text=_("Offering the intervention to the whole target group."),
    )
    price_year = models.PositiveSmallIntegerField(_("price year"))
    cost_basis = models.TextField(
        _("basis of the cost estimate"),
        blank=True,
        help_text=_("Staff, training, premises; how the estimate was made."),
    )
    financing = models.TextField(
        _("financing"),
        help_text=_("Within the ordinary budget, reallocated, or which funding and from whom."),
    )
    rollout = models.CharField(_("rollout"), max_length=16, choices=Rollout.choices)
    phases = models.TextField(
        _("phases"), blank=True, help_text=_("One per line: when, and which part or area.")
    )
    starts_on = models.DateField(_("start"))
    complete_on = models.DateField(_("fully in place"))
    replaces = models.TextField(
        _("what it replaces in ordinary operations"),
        help_text=_("Existing activities that answer the same need less effectively."),
    )
    replaced_cost = models.DecimalField(
        _("cost of what it replaces per year (SEK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")

    def __str__(self) -> str:
        return str(_("Implementation plan: %(title)s") % {"title": self.initiative.title})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.full_scale_cost is not None and self.full_scale_cost < 0:
            errors["full_scale_cost"] = _("The cost cannot be negative.")
        if self.replaced_cost is not None and self.replaced_cost < 0:
            errors["replaced_cost"] = _("The cost cannot be negative.")
        if self.price_year is not None and not 2000 <= self.price_year <= 2100:
            errors["price_year"] = _("Give the price year as a four-digit year.")
        if self.starts_on and self.complete_on and self.complete_on < self.starts_on:
            errors["complete_on"] = _("The end of the rollout cannot come before its start.")
        if self.rollout == Rollout.PHASED and not self.phases.strip():
            errors["phases"] = _("Describe the phases of a phased rollout.")
        if self.target_group_size == 0:
            errors["target_group_size"] = _("The target group must have at least one person.")
        if errors:
            raise ValidationError(errors)

    @property
    def cost_per_person(self) -> Decimal | None:
        if not self.target_group_size or self.full_scale_cost is None:
            return None
        return self.full_scale_cost / self.target_group_size

    @property
    def net_cost(self) -> Decimal | None:
        """The yearly full-scale cost less the cost of what it replaces."""
        if self.full_scale_cost is None:
            return None
        return self.full_scale_cost - (self.replaced_cost or Decimal(0))

    def phase_list(self) -> list[str]:
        return [line.strip() for line in self.phases.splitlines() if line.strip()]
