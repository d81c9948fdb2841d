"""Assessment against the rule set's criteria (003 "Grundkriterier" and "Urvalskriterier").

Base criteria are a checklist with a justification per criterion: all must hold to recommend.
Selection criteria are unweighted and scored by each steering-group member, so competing
applications can be compared side by side. Both are keyed by the criterion's text: when the
coordinator rewrites a criterion, old assessments no longer count for it.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCORE_MIN = 1
SCORE_MAX = 5


class CriterionAssessment(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="criterion_assessments"
    )
    criterion = models.CharField(_("criterion"), max_length=500)
    is_met = models.BooleanField(_("met"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("base criterion assessment")
        verbose_name_plural = _("base criterion assessments")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["initiative", "criterion"], name="assessment_unique_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.criterion[:60]}"


class SelectionScore(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="selection_scores"
    )
    criterion = models.CharField(_("criterion"), max_length=500)
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="selection_scores"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("selection score")
        verbose_name_plural = _("selection scores")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["initiative", "criterion", "scorer"], name="score_unique_per_scorer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.criterion[:40]} = {self.score}"
