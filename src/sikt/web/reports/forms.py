"""The portfolio's filter form (GET): state, owning committee, target group text, duration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sikt.web.accounts.models import Committee, Organization
from sikt.web.initiatives.states import InitiativeState
from sikt.web.reports.portfolio import DURATION_BANDS, SORT_KEYS, Filters


class PortfolioFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *InitiativeState.choices]
    )
    committee = forms.ModelChoiceField(
        label=_("Owning committee"),
        required=False,
        queryset=Committee.objects.none(),
        empty_label=_("All"),
    )
    target_group = forms.CharField(label=_("Target group contains"), required=False)
    duration = forms.ChoiceField(
        label=_("Duration"),
        required=False,
        choices=[("", _("All")), *[(band.key, band.label) for band in DURATION_BANDS]],
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key) for name in SORT_KEYS for key in (name, f"-{name}")],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = organization.committees.order_by("name")  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        """The chosen filters; an invalid choice (a forged URL) counts as no filter."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        committee = data.get("committee")
        return Filters(
            state=data.get("state") or "",
            committee=committee.pk if committee else None,
            target_group=(data.get("target_group") or "").strip(),
            duration=data.get("duration") or "",
            sort=data.get("sort") or "title",
        )
