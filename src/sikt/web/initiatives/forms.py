"""Forms of the initiatives area. Validation at the field; the services decide and record."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sikt.numbers import format_money
from sikt.web.accounts.models import Committee, Organization
from sikt.web.fields import MoneyField, localize_numbers
from sikt.web.initiatives.amendments import AmendmentStep
from sikt.web.initiatives.models import Initiative, RuleSet
from sikt.web.initiatives.models.criteria import SCORE_MAX, SCORE_MIN
from sikt.web.initiatives.periods import months_between
from sikt.web.initiatives.sections import comment_sections
from sikt.web.initiatives.states import DecisionBody
from sikt.web.initiatives.workflow import Transition
from sikt.web.locking import OptimisticLockMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _committees(organization: Organization) -> Any:
    return Committee.objects.filter(organization=organization, is_active=True)


class IdeaForm(OptimisticLockMixin, forms.ModelForm):
    """The idea description (003 step 2)."""

    class Meta:
        model = Initiative
        fields = (
            "title",
            "problem",
            "target_group",
            "affected_operations",
            "result_committees",
            "cost_committees",
            "needs_analysis_reference",
            "partners",
        )
        widgets = {
            "result_committees": forms.CheckboxSelectMultiple,
            "cost_committees": forms.CheckboxSelectMultiple,
            "problem": forms.Textarea(attrs={"rows": 4}),
            "target_group": forms.Textarea(attrs={"rows": 3}),
            "affected_operations": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("result_committees", "cost_committees"):
            self.fields[name].queryset = _committees(organization)  # type: ignore[attr-defined]


class PlanForm(OptimisticLockMixin, forms.ModelForm):
    """The project plan's core fields (003 step 4), checked against the rule set."""

    class Meta:
        model = Initiative
        fields = (
            "purpose",
            "start_date",
            "end_date",
            "budget_summary",
            "total_cost_sek",
            "requested_amount_sek",
            "price_year",
            "owner_committee",
            "owner_name",
        )
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "budget_summary": forms.Textarea(attrs={"rows": 4}),
            "start_date": DATE,
            "end_date": DATE,
        }

    def __init__(self, *args: Any, ruleset: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ruleset = ruleset
        self.fields["owner_committee"].queryset = _committees(  # type: ignore[attr-defined]
            ruleset.organization
        )
        localize_numbers(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        limit = self.ruleset.max_length_months
        if start and end:
            if end < start:
                self.add_error("end_date", _("The end date must be after the start date."))
            elif limit is not None and months_between(start, end) > limit:
                self.add_error(
                    "end_date",
                    _("The rule set allows at most %(limit)s months; this period is %(n)s.")
                    % {"limit": limit, "n": months_between(start, end)},
                )
        requested, total = data.get("requested_amount_sek"), data.get("total_cost_sek")
        if requested is not None and total is not None:
            share = self.ruleset.max_funding_share_percent
            if requested > total:
                self.add_error(
                    "requested_amount_sek", _("The amount applied for exceeds the total cost.")
                )
            elif share is not None and requested * 100 > total * share:
                self.add_error(
                    "requested_amount_sek",
                    _("The fund pays at most %(share)s %% of the cost.") % {"share": share},
                )
        cap = self.ruleset.annual_cap_sek
        if cap is not None and requested is not None and start and end and end >= start:
            years = Decimal(max(months_between(start, end), 12)) / 12
            if requested / years > cap:
                self.add_error(
                    "requested_amount_sek",
                    _("The fund pays at most %(cap)s per year.") % {"cap": format_money(cap)},
                )
        return data


def grant_years_for(initiative: Initiative | None) -> list[int]:
    """The calendar years a grant is given for: the project period's, else this year and the
    next two."""
    if initiative is not None and initiative.start_date and initiative.end_date:
        first, last = initiative.start_date.year, initiative.end_date.year
        if first <= last:
            return list(range(first, last + 1))
    this_year = timezone.localdate().year
    return [this_year, this_year + 1, this_year + 2]


class TransitionForm(forms.Form):
    """Reason and, for decisions, date, body, paragraph and diarienummer; for an approval also
    the grant: amount per year, conditions and project number (issue 8 item 2)."""

    def __init__(
        self,
        *args: Any,
        transition: Transition | AmendmentStep,
        initiative: Initiative | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.grant_years = grant_years_for(initiative) if transition.grants else []
        if transition.needs_decision:
            self.fields["decided_on"] = forms.DateField(
                label=_("Decision date"), initial=timezone.localdate, widget=DATE
            )
            self.fields["body"] = forms.ChoiceField(
                label=_("Decision body"),
                choices=DecisionBody.choices,
                initial=transition.decision_body,
            )
            self.fields["minute_reference"] = forms.CharField(
                label=_("Minute reference (paragraf)"), required=False, max_length=100
            )
            self.fields["registration_number"] = forms.CharField(
                label=_("Registration number (diarienummer)"), required=False, max_length=100
            )
        for year in self.grant_years:
            self.fields[f"grant_{year}"] = MoneyField(
                label=_("Amount granted for %(year)s (SEK)") % {"year": year},
                required=False,
                min_value=0,
                max_value=Decimal("999999999999.99"),  # Decimal(14, 2) in GrantYear
            )
        if transition.grants:
            self.fields["project_number"] = forms.CharField(
                label=_("Project number"),
                max_length=40,
                help_text=_("The number the initiative's costs are booked under, e.g. SI-2025-03."),
            )
            self.fields["conditions"] = forms.CharField(
                label=_("Conditions of the grant"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["reason"] = forms.CharField(
            label=_("Reason"),
            required=transition.needs_reason,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.grant_years and not any(data.get(f"grant_{year}") for year in self.grant_years):
            self.add_error(
                f"grant_{self.grant_years[0]}", _("Give the amount granted for at least one year.")
            )
        return data

    def decision_fields(self) -> dict[str, Any]:
        """The cleaned values as the transition service takes them (grant years gathered)."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith("grant_")
        }
        if self.grant_years:
            data["grant_years"] = {
                year: self.cleaned_data.get(f"grant_{year}") for year in self.grant_years
            }
        return data


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"))
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = comment_sections()  # type: ignore[attr-defined]


class LinesField(forms.CharField):
    """A list of texts edited as one per line in a text area."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class RuleSetForm(forms.ModelForm):
    base_criteria = LinesField(label=_("Base criteria"), required=False)
    selection_criteria = LinesField(label=_("Selection criteria"), required=False)
    fixed_deadlines = LinesField(
        label=_("Fixed deadlines"),
        required=False,
        help_text=_("One date per line as YYYY-MM-DD; used when the deadlines are fixed."),
    )

    class Meta:
        model = RuleSet
        fields = (
            "eligible_applicants",
            "min_partners",
            "annual_cap_sek",
            "max_funding_share_percent",
            "max_length_months",
            "process",
            "deadline_mode",
            "fixed_deadlines",
            "answer_months",
            "base_criteria",
            "selection_criteria",
            "repayment_model",
            "amendment_path",
        )
        widgets = {"eligible_applicants": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_numbers(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("deadline_mode") == "fixed" and not data.get("fixed_deadlines"):
            self.add_error("fixed_deadlines", _("Give at least one date for fixed deadlines."))
        return data


SCORE_CHOICES = [("", "–")] + [(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


class ScoreForm(forms.Form):
    """One score per selection criterion by the acting steering-group member."""

    def __init__(self, *args: Any, criteria: list[str], current: dict[str, int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for index, criterion in enumerate(criteria):
            self.fields[f"score_{index}"] = forms.TypedChoiceField(
                label=criterion,
                choices=SCORE_CHOICES,
                coerce=int,
                required=True,
                initial=current.get(criterion),
            )

    def scores(self) -> dict[str, int]:
        return {c: self.cleaned_data[f"score_{i}"] for i, c in enumerate(self.criteria)}


class CriteriaForm(forms.Form):
    """The base-criteria checklist: met or not, with a justification per criterion."""

    def __init__(self, *args: Any, criteria: list[str], current: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for index, criterion in enumerate(criteria):
            found = current.get(criterion)
            self.fields[f"met_{index}"] = forms.BooleanField(
                label=_("Met"), required=False, initial=bool(found and found.is_met)
            )
            self.fields[f"justification_{index}"] = forms.CharField(
                label=_("Justification"),
                required=False,
                initial=found.justification if found else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index in range(len(self.criteria)):
            if data.get(f"met_{index}") and not str(data.get(f"justification_{index}", "")).strip():
                self.add_error(f"justification_{index}", _("Justify why the criterion is met."))
        return data

    def rows(self) -> list[tuple[str, Any, Any]]:
        return [
            (criterion, self[f"met_{i}"], self[f"justification_{i}"])
            for i, criterion in enumerate(self.criteria)
        ]

    def assessments(self) -> list[tuple[str, bool, str]]:
        return [
            (c, bool(self.cleaned_data[f"met_{i}"]), self.cleaned_data[f"justification_{i}"])
            for i, c in enumerate(self.criteria)
        ]
