"""The risk matrix and the criteria for stopping an initiative (SKL guide 004 §5, table 1).

Each risk has a number, a description, a probability and an impact (low/medium/high), the
priority that follows from both, the action to take if it happens and who owns the action. The
analysis must say whether the initiative could harm individuals, and when the initiative should
be stopped: the effect is absent, the costs rise, or the conditions change.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level3(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low priority")
    MEDIUM = 2, _("Medium priority")
    HIGH = 3, _("High priority")


def priority_of(probability: int, impact: int) -> Priority:
    """Priority from probability × impact on 1–3 scales: 1–2 low, 3–4 medium, 6–9 high.

    A risk that is high on one scale and at least medium on the other is high priority; a
    risk high on one scale but low on the other is medium, as is medium × medium.
    """
    score = probability * impact
    if score >= 6:
        return Priority.HIGH
    if score >= 3:
        return Priority.MEDIUM
    return Priority.LOW


class RiskCategory(models.TextChoices):
    RESULTS = "results", _("Expected results not reached")
    ECONOMIC = "economic", _("Economic")
    HARM = "harm", _("Harm to individuals")
    IMPLEMENTATION = "implementation", _("Implementation and staffing")
    OTHER = "other", _("Other")


class Risk(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="risks",
        verbose_name=_("initiative"),
    )
    number = models.PositiveSmallIntegerField(_("no."))
    category = models.CharField(
        _("category"), max_length=16, choices=RiskCategory.choices, default=RiskCategory.RESULTS
    )
    description = models.TextField(_("risk description"))
    probability = models.PositiveSmallIntegerField(_("probability"), choices=Level3.choices)
    impact = models.PositiveSmallIntegerField(
        _("impact"), choices=Level3.choices, help_text=_("The consequences for the initiative.")
    )
    action = models.TextField(_("action"), help_text=_("What is done if the risk occurs."))
    owner = models.CharField(_("owner"), max_length=200, help_text=_("Who is responsible."))

    class Meta:
        ordering: ClassVar[list[str]] = ["number", "id"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return f"{self.number}. {self.description[:80]}"

    @property
    def priority(self) -> Priority:
        return priority_of(self.probability, self.impact)

    def clean(self) -> None:
        if (
            self.number is not None
            and self.initiative_id
            and Risk.objects.filter(initiative_id=self.initiative_id, number=self.number)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"number": _("Another risk already has this number.")})


class StopReason(models.TextChoices):
    EFFECT_ABSENT = "effect_absent", _("The effect is absent")
    COSTS_RISE = "costs_rise", _("The costs rise")
    CONDITIONS_CHANGE = "conditions_change", _("The conditions change")
    HARM = "harm", _("Individuals are harmed")


class StopCriterion(models.Model):
    """When the initiative should be stopped or wound down, and how that is handled."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="stop_criteria",
        verbose_name=_("initiative"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=StopReason.choices)
    condition = models.TextField(
        _("when to stop"), help_text=_("A concrete, checkable condition, e.g. a threshold.")
    )
    handling = models.TextField(
        _("how it is handled"),
        blank=True,
        help_text=_("How the participants are taken care of and the work is wound down."),
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("stop criterion")
        verbose_name_plural = _("stop criteria")

    def __str__(self) -> str:
        return str(self.get_reason_display())
