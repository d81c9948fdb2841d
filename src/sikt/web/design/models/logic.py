"""The logic model (programme logic) of an initiative and its target group.

SKL's guide (004 §4, figure 7) asks for a *simplified* logic model already at the idea stage —
overall purpose and long-term goals, short-term results, activities, resources — and (004 §5,
figure 8) a *detailed* one before the decision: for every level the indicators ("how can it be
measured?"), the data sources ("what data can be used?") and the assumptions or threats the
level rests on. Long-term goals are effects about 2–5 years after the end, short-term results
up to one year after; each main activity gets process measures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The four levels of the chain, in reading order of the visual (resources first)."""

    RESOURCES = "resources", _("Resources")
    ACTIVITIES = "activities", _("Activities")
    SHORT_TERM = "short_term", _("Short-term results")
    LONG_TERM = "long_term", _("Long-term goals")


LEVEL_QUESTIONS = {
    Level.RESOURCES: _("Which resources, tools and structures are needed for the activities?"),
    Level.ACTIVITIES: _("What needs to happen to reach the results and goals?"),
    Level.SHORT_TERM: _("Which direct results are expected up to one year after the end?"),
    Level.LONG_TERM: _("What should the initiative lead to 2–5 years after the end?"),
}

LEVEL_ADD_LABELS = {
    Level.RESOURCES: _("Add a resource"),
    Level.ACTIVITIES: _("Add an activity"),
    Level.SHORT_TERM: _("Add a short-term result"),
    Level.LONG_TERM: _("Add a long-term goal"),
}


class LogicModel(models.Model):
    """The overall purpose of the initiative; the levels' elements hang on the initiative."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="logic_model",
        verbose_name=_("initiative"),
    )
    purpose = models.TextField(
        _("overall purpose"),
        help_text=_("What should the initiative lead to? One or two sentences."),
    )

    class Meta:
        verbose_name = _("logic model")
        verbose_name_plural = _("logic models")

    def __str__(self) -> str:
        return str(_("Logic model: %(title)s") % {"title": self.initiative.title})


class LogicElement(models.Model):
    """One resource, activity, short-term result or long-term goal, with its assumptions."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="logic_elements",
        verbose_name=_("initiative"),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    text = models.CharField(_("description"), max_length=300)
    assumptions = models.TextField(
        _("assumptions and threats"),
        blank=True,
        help_text=_("What must hold for this step to lead to the next? What could prevent it?"),
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["position", "id"]
        verbose_name = _("logic model element")
        verbose_name_plural = _("logic model elements")

    def __str__(self) -> str:
        return self.text

    @property
    def form_slot(self) -> str:
        """Id of the place on the page where this element's forms open."""
        return f"element-{self.pk}-form"


class IndicatorKind(models.TextChoices):
    PROCESS = "process", _("Process measure")
    OUTCOME_SHORT = "outcome_short", _("Outcome measure (short term)")
    OUTCOME_LONG = "outcome_long", _("Outcome measure (long term)")


#: Which indicator kinds belong on which level (004 §5: process measures for activities and
#: resources, outcome measures for results and goals).
KINDS_BY_LEVEL = {
    Level.RESOURCES: {IndicatorKind.PROCESS},
    Level.ACTIVITIES: {IndicatorKind.PROCESS},
    Level.SHORT_TERM: {IndicatorKind.OUTCOME_SHORT},
    Level.LONG_TERM: {IndicatorKind.OUTCOME_LONG},
}
DEFAULT_KIND = {level: next(iter(kinds)) for level, kinds in KINDS_BY_LEVEL.items()}


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    CONTINUOUS = "continuous", _("Continuously")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    TERM = "term", _("Every school term")
    INTERIM = "interim", _("At the interim reports (delår 1, delår 2, annual report)")
    YEARLY = "yearly", _("Yearly")
    START_END = "start_end", _("At start and end")
    AFTER_END = "after_end", _("Once, after the end")


class Disaggregation(models.TextChoices):
    """Breakdowns that reveal variation behind averages (004 §3)."""

    SEX = "sex", _("Sex")
    AGE_BAND = "age_band", _("Age band")
    AREA = "area", _("Area")
    SCHOOL_OR_UNIT = "unit", _("School or unit")
    COUNTRY_OF_BIRTH = "country_of_birth", _("Born in Sweden or abroad")
    SOCIOECONOMIC = "socioeconomic", _("Socio-economic status")


class Indicator(models.Model):
    """A measure of how far an element is reached: a process or outcome measure.

    Numbers are decimals in the indicator's unit. The baseline is measured before the start
    (004 §5: it cannot be collected afterwards); the target says the value hoped for at the
    end, and the direction says which way is an improvement.
    """

    organization_path: ClassVar[str] = "element__initiative__organization"

    element = models.ForeignKey(
        LogicElement,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("element"),
    )
    name = models.CharField(_("indicator"), max_length=200, help_text=_("How can it be measured?"))
    kind = models.CharField(_("type"), max_length=16, choices=IndicatorKind.choices)
    unit = models.CharField(
        _("unit"), max_length=40, help_text=_("For example: number, %, points, days, SEK.")
    )
    allows_negative = models.BooleanField(
        _("values can be negative"),
        default=False,
        help_text=_("Only for measures such as change scores or net amounts."),
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_date = models.DateField(
        _("baseline date"),
        null=True,
        blank=True,
        help_text=_("When the baseline was (or will be) measured — before the start."),
    )
    target_value = models.DecimalField(
        _("target"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, blank=True
    )
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    data_source = models.CharField(
        _("data source"),
        max_length=300,
        help_text=_(
            "What data can be used? Individual-level data that isolates the group is best."
        ),
    )
    instrument = models.CharField(
        _("instrument"),
        max_length=200,
        blank=True,
        help_text=_("A validated assessment instrument, if one is used (e.g. SDQ)."),
    )
    disaggregations = models.JSONField(_("broken down by"), default=list, blank=True)
    disaggregation_other = models.CharField(_("other breakdown"), max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        element = self.element if self.element_id else None
        if element is not None and self.kind and self.kind not in KINDS_BY_LEVEL[element.level]:
            allowed = ", ".join(
                str(IndicatorKind(kind).label) for kind in KINDS_BY_LEVEL[element.level]
            )
            errors["kind"] = _("On this level use: %(kinds)s.") % {"kinds": allowed}
        for name in ("baseline_value", "target_value"):
            value = getattr(self, name)
            if value is not None and value < 0 and not self.allows_negative:
                errors[name] = _(
                    "The value cannot be negative unless “values can be negative” is ticked."
                )
        if self.baseline_value is not None and self.baseline_date is None:
            errors["baseline_date"] = _("Say when the baseline was measured.")
        unknown = set(self.disaggregations or []) - set(Disaggregation.values)
        if unknown:
            errors["disaggregations"] = _("Unknown breakdown: %(names)s.") % {
                "names": ", ".join(sorted(map(str, unknown)))
            }
        if not errors:
            errors.update(self._target_errors())
        if errors:
            raise ValidationError(errors)

    def _target_errors(self) -> dict[str, Any]:
        baseline, target = self.baseline_value, self.target_value
        if baseline is None or target is None:
            return {}
        if target == baseline and not self.direction:
            return {
                "target_value": _(
                    "The target equals the baseline: state the expected change, or choose a "
                    "direction to show the level is to be kept."
                )
            }
        if self.direction == Direction.HIGHER and target < baseline:
            return {"target_value": _("Higher is better, but the target is below the baseline.")}
        if self.direction == Direction.LOWER and target > baseline:
            return {"target_value": _("Lower is better, but the target is above the baseline.")}
        return {}

    @property
    def expected_change(self) -> Decimal | None:
        if self.baseline_value is None or self.target_value is None:
            return None
        return self.target_value - self.baseline_value

    def disaggregation_labels(self) -> list[str]:
        labels = [str(Disaggregation(value).label) for value in self.disaggregations or []]
        if self.disaggregation_other:
            labels.append(self.disaggregation_other)
        return labels


class TargetGroup(models.Model):
    """The concretely narrowed target group (004 §4: diagnosis, risk factor, area, age, current
    intervention, or a mix — e.g. "children 6–12 with neuropsychiatric problems at schools X
    and Y"), with an estimate of its size, needed for full-scale costs (004 §4, §7)."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="target_group_definition",
        verbose_name=_("initiative"),
    )
    description = models.TextField(
        _("description"), help_text=_("Who the initiative is for, as concretely as possible.")
    )
    diagnosis = models.CharField(_("diagnosis"), max_length=200, blank=True)
    risk_factor = models.CharField(_("risk factor"), max_length=200, blank=True)
    area = models.CharField(
        _("area"), max_length=200, blank=True, help_text=_("Area, school or unit.")
    )
    age_from = models.PositiveSmallIntegerField(_("age from"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("age to"), null=True, blank=True)
    current_intervention = models.CharField(
        _("current intervention"),
        max_length=200,
        blank=True,
        help_text=_("A group receiving a certain kind of support today."),
    )
    size_estimate = models.PositiveIntegerField(
        _("estimated size"),
        null=True,
        blank=True,
        help_text=_("How many people the whole target group has in the organisation."),
    )
    reached_estimate = models.PositiveIntegerField(
        _("reached by the initiative"),
        null=True,
        blank=True,
        help_text=_("How many of them the initiative expects to reach."),
    )

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return str(_("Target group: %(title)s") % {"title": self.initiative.title})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.age_from is not None and self.age_to is not None and self.age_from > self.age_to:
            errors["age_to"] = _("The upper age cannot be below the lower age.")
        if (
            self.size_estimate is not None
            and self.reached_estimate is not None
            and self.reached_estimate > self.size_estimate
        ):
            errors["reached_estimate"] = _("More cannot be reached than the group has.")
        if errors:
            raise ValidationError(errors)
