"""The needs-analysis form: the record's texts, the checklist, the indicators from the
organisation's store that back it and the initiatives that answer it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sikt.analysis.store import IndicatorDefinition
from sikt.web.initiatives.models import Initiative
from sikt.web.needs.models import NeedsAnalysis

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class NeedsAnalysisForm(forms.ModelForm):  # type: ignore[type-arg]
    indicator_ids = forms.MultipleChoiceField(
        label=_("Indicators that back the analysis"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Indicators in the organisation's indicator store (Needs → Indicators)."),
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives that answer the needs"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = NeedsAnalysis
        fields = (
            "title",
            "identified_needs",
            "target_group_idea",
            "data_sources",
            "qualitative_sources",
            "conclusions",
            "indicator_ids",
            "communicated",
            "communicated_on",
            "initiatives",
        )
        widgets = {
            "identified_needs": TEXTAREA,
            "target_group_idea": TEXTAREA,
            "data_sources": TEXTAREA,
            "qualitative_sources": TEXTAREA,
            "conclusions": TEXTAREA,
            "communicated_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(
        self,
        *args: Any,
        indicators: list[IndicatorDefinition],
        initiatives: QuerySet[Initiative],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        known = [(d.id, f"{d.title} ({d.id})") for d in indicators]
        chosen = set(self.instance.indicator_ids or []) if self.instance.pk else set()
        # An indicator removed from the store stays choosable so saving does not drop it.
        known += [(i, i) for i in sorted(chosen - {d.id for d in indicators})]
        self.fields["indicator_ids"].choices = known
        self.fields["initiatives"].queryset = initiatives  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("communicated_on") and not data.get("communicated"):
            self.add_error(
                "communicated",
                _("Tick this box if the analysis was communicated on the given date."),
            )
        return data

    def values(self) -> dict[str, Any]:
        """The record's field values for the service (without links and version)."""
        data = self.cleaned_data
        return {name: data[name] for name in self.Meta.fields if name not in ("initiatives",)}


class ChooseAnalysisForm(forms.Form):
    """One of the needs analyses the user may change (to link an initiative or attach a chart)."""

    analysis = forms.ModelChoiceField(
        label=_("Needs analysis"), queryset=NeedsAnalysis.objects.none()
    )

    def __init__(self, *args: Any, analyses: QuerySet[NeedsAnalysis], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["analysis"].queryset = analyses  # type: ignore[attr-defined]
