"""Forms of the evaluation pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from sikt.web.design.models import Level, LogicElement, Stakeholder, SuccessCriterion
from sikt.web.evaluation import compute
from sikt.web.evaluation.models import (
    ComponentAssessment,
    Estimator,
    ImplementationPlan,
    InterviewNote,
    OutcomeDataset,
)
from sikt.web.fields import MoneyField, NumberField, WholeNumberField, localize_numbers
from sikt.web.initiatives.models import Initiative
from sikt.web.locking import OptimisticLockMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Outcome data (CSV or Excel)"),
        help_text=_(
            "One row per person: person (a pseudonym) or personnummer, grupp (1 = initiative, "
            "0 = comparison), utfall, and covariates measured before the start. For a "
            "before–after comparison or a difference-in-differences: one row per person and "
            "period, with a period column (a year, or före/efter)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )


ESTIMANDS = (
    ("ATT", _("The participants (ATT)")),
    ("ATE", _("Everyone in the data (ATE)")),
)


class RunForm(forms.Form):
    dataset = forms.ModelChoiceField(
        label=_("Outcome data version"), queryset=OutcomeDataset.objects.none(), empty_label=None
    )
    estimator = forms.ChoiceField(label=_("Estimator"))
    covariates = forms.MultipleChoiceField(
        label=_("Covariates"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Characteristics measured before the start that the groups are balanced on."),
    )
    caliper = NumberField(
        label=_("Caliper (matching)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(5),
        max_decimals=2,
        help_text=_(
            "Largest allowed distance between matched people, in standard deviations of the "
            "propensity score's logit; 0,2 is common. Empty: no limit."
        ),
    )
    estimand = forms.ChoiceField(label=_("Effect for (weighting)"), choices=ESTIMANDS)
    first_treated_period = forms.CharField(
        label=_("First period with the initiative (difference-in-differences)"),
        required=False,
        max_length=40,
        help_text=_(
            "Needed only when the data has more than two periods: the first period in which "
            "the initiative group took part, e.g. 2025."
        ),
    )
    earlier_mean = NumberField(
        label=_("Earlier implementation: mean outcome"),
        required=False,
        help_text=_(
            "From the earlier implementation's evaluation report, in the outcome's unit (a share "
            "0–1 for an event)."
        ),
    )
    earlier_n = WholeNumberField(
        label=_("Earlier implementation: number of people"), required=False, min_value=2
    )
    earlier_sd = NumberField(
        label=_("Earlier implementation: standard deviation"),
        required=False,
        min_value=Decimal(0),
        help_text=_("May be left empty for an event (0/1) outcome."),
    )
    criterion = forms.ModelChoiceField(
        label=_("Success criterion to compare with"),
        queryset=SuccessCriterion.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(
        self,
        *args: Any,
        datasets: Any,
        estimators: tuple[str, ...],
        criteria: Any,
        covariates: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        dataset_field: Any = self.fields["dataset"]
        dataset_field.queryset = datasets
        criterion_field: Any = self.fields["criterion"]
        criterion_field.queryset = criteria
        labels = dict(Estimator.choices)
        estimator_field: Any = self.fields["estimator"]
        estimator_field.choices = [(key, labels[key]) for key in estimators]
        covariate_field: Any = self.fields["covariates"]
        covariate_field.choices = [(c, c) for c in covariates]
        self.initial.setdefault("covariates", covariates)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        dataset = data.get("dataset")
        if dataset is not None:
            unknown = set(data.get("covariates") or []) - set(dataset.covariates)
            if unknown:
                self.add_error(
                    "covariates",
                    _("Not in the chosen data version: %(names)s")
                    % {"names": ", ".join(sorted(unknown))},
                )
        estimator = str(data.get("estimator") or "")
        if estimator in compute.NEEDS_COVARIATES and not data.get("covariates"):
            self.add_error("covariates", _("Choose at least one covariate for this estimator."))
        if dataset is not None and estimator:
            self._check_shape(estimator, dataset)
        if estimator == Estimator.EARLIER:
            for name in ("earlier_mean", "earlier_n"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give the earlier implementation's result."))
        return data

    def _check_shape(self, estimator: str, dataset: OutcomeDataset) -> None:
        if compute.fits_data(estimator, has_periods=dataset.has_periods):
            return
        if dataset.has_periods:
            message = _(
                "This data version has one row per person and period; choose the "
                "before–after comparison or the difference-in-differences, or upload one row "
                "per person."
            )
        else:
            message = _(
                "This estimator needs one row per person and period with a period column; "
                "the chosen data version has one row per person."
            )
        self.add_error("estimator", message)

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        estimator = data["estimator"]
        options: dict[str, Any] = {}
        if estimator in compute.NEEDS_COVARIATES:
            options["covariates"] = list(data["covariates"])
        if estimator == Estimator.MATCHING and data.get("caliper") is not None:
            options["caliper"] = str(data["caliper"])
        if estimator in {Estimator.IPW, Estimator.AIPW}:
            options["estimand"] = data["estimand"]
        first = (data.get("first_treated_period") or "").strip()
        if estimator == Estimator.DID and first:
            options["first_treated_period"] = int(first) if first.isdigit() else first
        if estimator == Estimator.EARLIER:
            options["earlier_mean"] = str(data["earlier_mean"])
            options["earlier_n"] = int(data["earlier_n"])
            if data.get("earlier_sd") is not None:
                options["earlier_sd"] = str(data["earlier_sd"])
        return options


class InterviewNoteForm(OptimisticLockMixin, forms.ModelForm):
    """An interview or focus group, linked to the initiative's stakeholders."""

    class Meta:
        model = InterviewNote
        fields: ClassVar[list[str]] = [
            "kind",
            "held_on",
            "topic",
            "stakeholders",
            "participants",
            "notes",
        ]
        widgets: ClassVar[dict[str, Any]] = {
            "held_on": DATE,
            "stakeholders": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stakeholders: Any = self.fields["stakeholders"]
        stakeholders.queryset = Stakeholder.objects.filter(initiative=initiative)
        stakeholders.help_text = _("The stakeholders of the stakeholder analysis who took part.")
        localize_numbers(self)


class ComponentAssessmentForm(OptimisticLockMixin, forms.ModelForm):
    """One component of the intervention: did it work, why, in what context."""

    class Meta:
        model = ComponentAssessment
        fields: ClassVar[list[str]] = ["component", "element", "verdict", "why", "context"]
        widgets: ClassVar[dict[str, Any]] = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "context": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        element: Any = self.fields["element"]
        element.queryset = LogicElement.objects.filter(
            initiative=initiative, level=Level.ACTIVITIES
        ).order_by("position")
        element.empty_label = _("(not an activity of the logic model)")


class ImplementationPlanForm(OptimisticLockMixin, forms.ModelForm):
    """The implementation plan: full-scale cost for the whole target group, financing, phased
    or at once, time frame, and what it replaces in ordinary operations."""

    class Meta:
        model = ImplementationPlan
        fields: ClassVar[list[str]] = [
            "receiving_operation",
            "target_group_size",
            "full_scale_cost",
            "price_year",
            "cost_basis",
            "financing",
            "rollout",
            "phases",
            "starts_on",
            "complete_on",
            "replaces",
            "replaced_cost",
        ]
        widgets: ClassVar[dict[str, Any]] = {
            "starts_on": DATE,
            "complete_on": DATE,
            "rollout": forms.RadioSelect,
            "cost_basis": forms.Textarea(attrs={"rows": 3}),
            "financing": forms.Textarea(attrs={"rows": 3}),
            "phases": forms.Textarea(attrs={"rows": 3}),
            "replaces": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_numbers(self)
        for name in ("full_scale_cost", "replaced_cost"):
            field = self.fields[name]
            self.fields[name] = MoneyField(
                label=field.label,
                help_text=field.help_text,
                required=field.required,
                min_value=Decimal(0),
                max_decimals=0,
            )
