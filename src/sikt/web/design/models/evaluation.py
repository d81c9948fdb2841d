"""How the initiative's effect will be judged: success criteria, comparison alternative,
follow-up and evaluation plan, stakeholders.

SKL's guide 004 §5: success criteria (what effect size counts as success) are agreed by the
project owner and the steering group *before* the start; the comparison alternative (appendix A:
RCT, matching, parallel comparable group, earlier implementations, before–after) can seldom be
added afterwards, and the baseline must be measured before the start. Uppsala (003) asks for a
follow-up and evaluation plan attached to every project plan, including how adherence to
evidence-based methods is followed up. 004 §7: a stakeholder analysis structures the
qualitative data collection.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SuccessCriterion(models.Model):
    """The smallest effect on one indicator that counts as success, agreed before the start."""

    organization_path: ClassVar[str] = "indicator__element__initiative__organization"

    indicator = models.ForeignKey(
        "design.Indicator",
        on_delete=models.CASCADE,
        related_name="success_criteria",
        verbose_name=_("indicator"),
    )
    minimum_effect = models.DecimalField(
        _("smallest effect that counts as success"),
        max_digits=14,
        decimal_places=3,
        help_text=_(
            "The improvement compared with the comparison alternative, in the indicator's unit."
        ),
    )
    description = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("Why this size: research, earlier experience, local conditions."),
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_by = models.CharField(
        _("agreed by"),
        max_length=200,
        blank=True,
        help_text=_("Normally the project owner and the steering group together."),
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("success criterion")
        verbose_name_plural = _("success criteria")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.minimum_effect}"

    def clean(self) -> None:
        if self.minimum_effect is not None and self.minimum_effect <= 0:
            raise ValidationError(
                {
                    "minimum_effect": _(
                        "Give the improvement as a positive number; the indicator's direction "
                        "says which way is better."
                    )
                }
            )


class DesignKind(models.TextChoices):
    """Comparison alternatives, strongest first (004 appendix A)."""

    RCT = "rct", _("Randomised controlled evaluation (RCT)")
    MATCHING = "matching", _("Matching")
    PARALLEL_GROUP = "parallel_group", _("Parallel comparable group")
    EARLIER_IMPLEMENTATION = "earlier", _("Earlier implementation")
    BEFORE_AFTER = "before_after", _("Before–after measurement")


class ComparisonDesign(models.Model):
    """What the outcome is compared with: what would have happened without the initiative."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="comparison_design",
        verbose_name=_("initiative"),
    )
    kind = models.CharField(_("comparison alternative"), max_length=16, choices=DesignKind.choices)
    rationale = models.TextField(
        _("rationale"),
        help_text=_("Why this alternative, and why a stronger one is not possible."),
    )
    comparison_group = models.TextField(
        _("comparison group"),
        blank=True,
        help_text=_("Who is compared with: the control group, the matched or parallel group."),
    )
    baseline_plan = models.TextField(
        _("baseline plan"),
        help_text=_("What is measured before the start, for whom, and by whom."),
    )
    baseline_by = models.DateField(
        _("baseline measured by"), null=True, blank=True, help_text=_("No later than the start.")
    )
    expected_effect = models.TextField(
        _("expected effect"),
        blank=True,
        help_text=_("From research or earlier experience, adjusted for local conditions."),
    )

    class Meta:
        verbose_name = _("comparison alternative")
        verbose_name_plural = _("comparison alternatives")

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_weakest(self) -> bool:
        return self.kind == DesignKind.BEFORE_AFTER


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    EVERY_OTHER_MONTH = "bimonthly", _("Every other month")
    QUARTERLY = "quarterly", _("Quarterly")
    INTERIM = "interim", _("At the interim reports (delår 1, delår 2, annual report)")
    YEARLY = "yearly", _("Yearly")


class FollowUpPlan(models.Model):
    """What is measured when and by whom, the evaluation questions and the reporting rhythm."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="follow_up_plan",
        verbose_name=_("initiative"),
    )
    measurement_plan = models.TextField(
        _("what is measured, when and by whom"),
        help_text=_("Which activities are reported, how often, who registers and who reports."),
    )
    evaluation_questions = models.TextField(
        _("evaluation questions"), help_text=_("One question per line.")
    )
    reporting_frequency = models.CharField(
        _("reporting frequency"), max_length=16, choices=ReportingFrequency.choices
    )
    responsible = models.CharField(_("responsible for follow-up"), max_length=200)
    evaluator = models.CharField(
        _("evaluator"),
        max_length=200,
        blank=True,
        help_text=_("Internal or external; an external evaluator is engaged before the start."),
    )
    fidelity = models.TextField(
        _("following the method"),
        blank=True,
        help_text=_("How adherence to the evidence-based method is followed up."),
    )
    obstacles = models.TextField(
        _("unexpected obstacles"),
        blank=True,
        help_text=_("Who raises unexpected obstacles, to whom and when."),
    )

    class Meta:
        verbose_name = _("follow-up and evaluation plan")
        verbose_name_plural = _("follow-up and evaluation plans")

    def __str__(self) -> str:
        return str(_("Follow-up and evaluation plan: %(title)s") % {"title": self.initiative.title})

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.evaluation_questions.splitlines() if line.strip()]


class CollectionMethod(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    FOCUS_GROUP = "focus_group", _("Focus group")
    SURVEY = "survey", _("Survey")
    OBSERVATION = "observation", _("Observation")
    DOCUMENTS = "documents", _("Documents and registers")
    OTHER = "other", _("Other")


class Stakeholder(models.Model):
    """One row of the stakeholder analysis (004 §7, table 2)."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="stakeholders",
        verbose_name=_("initiative"),
    )
    name = models.CharField(_("stakeholder"), max_length=200)
    relation = models.TextField(_("link to the initiative"))
    method = models.CharField(
        _("data-collection method"), max_length=16, choices=CollectionMethod.choices
    )
    information = models.TextField(_("what information they have"))

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.name
