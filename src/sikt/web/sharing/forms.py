"""Forms of the sharing pages: a new model, a version to publish, the sharing choice, the
knowledge-bank search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sikt.web.calculations.models import Calculation
from sikt.web.design.models import DesignKind
from sikt.web.initiatives.models import Initiative
from sikt.web.sharing.models import SharedModel
from sikt.web.unitcosts.models import UnitCostEntry


class SharedModelForm(forms.ModelForm[SharedModel]):
    class Meta:
        model = SharedModel
        fields = ("title", "description")


class PublishForm(forms.Form):
    """What goes into the next version: chosen unit costs of the publisher's own library and,
    optionally, one of its initiatives' logic model and evaluation design."""

    unit_costs = forms.ModelMultipleChoiceField(
        label=_("Unit costs"),
        queryset=UnitCostEntry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    initiative = forms.ModelChoiceField(
        label=_("Logic model and evaluation design from the initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    type_cases = forms.MultipleChoiceField(
        label=_("Type cases"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A typical person's use of services with and without the initiative, from your "
            "calculations. The unit costs they use are published with them."
        ),
    )
    source_description = forms.CharField(
        label=_("Sources"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the figures and the model come from: reports, price lists, years."),
    )
    changes = forms.CharField(
        label=_("What is new"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("What changed since the previous version."),
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit_costs"]
        field.queryset = UnitCostEntry.objects.filter(organization=organization)
        field.label_from_instance = lambda entry: (
            f"{entry.name_sv} – {entry.amount_text} {entry.unit_text}"
        )
        choice: Any = self.fields["initiative"]
        choice.queryset = Initiative.objects.filter(organization=organization).order_by("title")
        self.calculations = {
            calculation.pk: calculation
            for calculation in Calculation.objects.filter(
                initiative__organization=organization
            ).select_related("initiative")
        }
        typed: Any = self.fields["type_cases"]
        typed.choices = [
            (f"{calculation.pk}:{item['key']}", f"{calculation.initiative.title} › {item['name']}")
            for calculation in sorted(
                self.calculations.values(), key=lambda c: (c.initiative.title, c.pk)
            )
            for item in calculation.case.get("type_cases", [])
        ]

    def type_cases_like(self, items: list[dict[str, Any]]) -> list[str]:
        """The choices of the type cases a published version holds (by initiative and key),
        so the next version starts from the same selection."""
        published = {(item["source"]["initiative"], item["key"]) for item in items}
        return [
            f"{calculation.pk}:{item['key']}"
            for calculation in self.calculations.values()
            for item in calculation.case.get("type_cases", [])
            if (calculation.initiative.title, item["key"]) in published
        ]

    def chosen_type_cases(self) -> list[tuple[Calculation, str]]:
        """The chosen type cases as ``(calculation, type-case key)``."""
        chosen = []
        for value in self.cleaned_data["type_cases"]:
            pk, key = value.split(":", 1)
            chosen.append((self.calculations[int(pk)], key))
        return chosen


class SharingSettingForm(forms.Form):
    share_summaries = forms.BooleanField(
        label=_("Share our finished evaluations' summaries in the knowledge bank"),
        required=False,
        help_text=_(
            "Target group, outcome, comparison alternative, effect with interval and cost per "
            "effect become searchable by other organisations. Individual records are never "
            "shared, and evaluations with groups smaller than five are left out."
        ),
    )


class KnowledgeSearchForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=100)
    target_group = forms.CharField(label=_("Target group"), required=False, max_length=100)
    design = forms.ChoiceField(
        label=_("Comparison alternative"),
        required=False,
        choices=[("", _("(all)")), *DesignKind.choices],
    )
