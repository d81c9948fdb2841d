"""Forms for the logic model and design artefacts. Numbers are read by
:mod:`sikt.web.fields` (a Swedish user types 12,5 or 1 200); cross-field rules live in the
models' ``clean`` so the service and the form give the same message at the same field."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from sikt.web.accounts.models import Committee, User
from sikt.web.design.models import (
    KINDS_BY_LEVEL,
    CommunicationItem,
    ComparisonDesign,
    Disaggregation,
    FollowUpPlan,
    ImpactStatement,
    ImplementationOutline,
    Indicator,
    LogicElement,
    LogicModel,
    ProjectOrganisation,
    Risk,
    Stakeholder,
    StopCriterion,
    SuccessCriterion,
    TargetGroup,
)
from sikt.web.fields import localize_numbers
from sikt.web.locking import OptimisticLockMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DesignForm(OptimisticLockMixin, forms.ModelForm):
    """Swedish numbers (:func:`sikt.web.fields.localize_numbers`) and short text areas for
    every design form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_numbers(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3


class LogicModelForm(DesignForm):
    class Meta:
        model = LogicModel
        fields: ClassVar[list[str]] = ["purpose"]


class LogicElementForm(DesignForm):
    class Meta:
        model = LogicElement
        fields: ClassVar[list[str]] = ["level", "text", "assumptions"]


class IndicatorForm(DesignForm):
    disaggregations = forms.MultipleChoiceField(
        label=Indicator._meta.get_field("disaggregations").verbose_name,
        choices=Disaggregation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Indicator
        fields: ClassVar[list[str]] = [
            "name",
            "kind",
            "unit",
            "allows_negative",
            "baseline_value",
            "baseline_date",
            "target_value",
            "direction",
            "frequency",
            "data_source",
            "instrument",
            "disaggregations",
            "disaggregation_other",
        ]
        widgets: ClassVar[dict[str, Any]] = {"baseline_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        element = self.instance.element if self.instance.element_id else None
        if element is not None:
            allowed = KINDS_BY_LEVEL[element.level]
            kind = self.fields["kind"]
            kind.choices = [(value, label) for value, label in kind.choices if value in allowed]
            if len(allowed) == 1:
                kind.initial = next(iter(allowed))


class TargetGroupForm(DesignForm):
    class Meta:
        model = TargetGroup
        fields: ClassVar[list[str]] = [
            "description",
            "diagnosis",
            "risk_factor",
            "area",
            "age_from",
            "age_to",
            "current_intervention",
            "size_estimate",
            "reached_estimate",
        ]


class SuccessCriterionForm(DesignForm):
    class Meta:
        model = SuccessCriterion
        fields: ClassVar[list[str]] = [
            "indicator",
            "minimum_effect",
            "description",
            "agreed_on",
            "agreed_by",
        ]
        widgets: ClassVar[dict[str, Any]] = {"agreed_on": DATE}

    def __init__(self, *args: Any, initiative: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if initiative is not None:
            from sikt.web.design.selectors import outcome_indicators_for

            self.fields["indicator"].queryset = outcome_indicators_for(initiative)


class ComparisonDesignForm(DesignForm):
    class Meta:
        model = ComparisonDesign
        fields: ClassVar[list[str]] = [
            "kind",
            "rationale",
            "comparison_group",
            "baseline_plan",
            "baseline_by",
            "expected_effect",
        ]
        widgets: ClassVar[dict[str, Any]] = {"baseline_by": DATE}


class FollowUpPlanForm(DesignForm):
    class Meta:
        model = FollowUpPlan
        fields: ClassVar[list[str]] = [
            "measurement_plan",
            "evaluation_questions",
            "reporting_frequency",
            "responsible",
            "evaluator",
            "fidelity",
            "obstacles",
        ]


class RiskForm(DesignForm):
    class Meta:
        model = Risk
        fields: ClassVar[list[str]] = [
            "number",
            "category",
            "description",
            "probability",
            "impact",
            "action",
            "owner",
        ]


class StopCriterionForm(DesignForm):
    class Meta:
        model = StopCriterion
        fields: ClassVar[list[str]] = ["reason", "condition", "handling"]


class StakeholderForm(DesignForm):
    class Meta:
        model = Stakeholder
        fields: ClassVar[list[str]] = ["name", "relation", "method", "information"]


class ProjectOrganisationForm(DesignForm):
    class Meta:
        model = ProjectOrganisation
        fields: ClassVar[list[str]] = [
            "owner_committee",
            "owner_user",
            "owner_name",
            "leader_user",
            "leader_name",
            "deputy_user",
            "deputy_name",
            "steering_group",
            "working_group",
        ]

    def __init__(self, *args: Any, initiative: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if initiative is not None:
            organization = initiative.organization
            self.fields["owner_committee"].queryset = Committee.objects.filter(
                organization=organization, is_active=True
            )
            members = User.objects.filter(memberships__organization=organization).distinct()
            for name in ("owner_user", "leader_user", "deputy_user"):
                self.fields[name].queryset = members.order_by("first_name", "last_name")


class ImpactStatementForm(DesignForm):
    class Meta:
        model = ImpactStatement
        fields: ClassVar[list[str]] = ["gender_equality", "child"]


class CommunicationItemForm(DesignForm):
    class Meta:
        model = CommunicationItem
        fields: ClassVar[list[str]] = [
            "scope",
            "audience",
            "message",
            "channel",
            "timing",
            "responsible",
        ]


class ImplementationOutlineForm(DesignForm):
    class Meta:
        model = ImplementationOutline
        fields: ClassVar[list[str]] = [
            "ordinary_operations",
            "full_scale_cost",
            "price_year",
            "full_scale_cost_basis",
            "financing",
            "maintenance",
            "replaces",
        ]
