"""Forms of the fund's ledger pages: amounts in kronor as Swedish users type them
(:mod:`sikt.web.fields`), each posting form carrying an idempotency key so a double click or a
retried request books nothing twice."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sikt.web.accounts.models import Committee
from sikt.web.fields import MoneyField, YearField
from sikt.web.funds.models import Fund
from sikt.web.initiatives.models import Initiative


class IdempotentForm(forms.Form):
    """A form whose hidden key identifies one intended booking."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())


class AllocationForm(IdempotentForm):
    fund = forms.ModelChoiceField(label=_("Part of the fund"), queryset=Fund.objects.none())
    year = YearField(label=_("Budget year"))
    amount = MoneyField(label=_("Amount (SEK)"), min_value=Decimal("0.01"))
    booked_on = forms.DateField(
        label=_("Booking date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Decides the period the entry is booked in; the period must be open."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        help_text=_("E.g. the budget decision: Mål och budget 2026, KF § 123."),
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        funds = Fund.objects.filter(organization=organization)
        self.fields["fund"].queryset = funds  # type: ignore[attr-defined]
        self.fields["fund"].initial = funds.filter(is_default=True).first()
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["booked_on"].initial = today


class CorrectionForm(IdempotentForm):
    note = forms.CharField(
        label=_("Why is the entry corrected?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ClosePeriodForm(forms.Form):
    year = YearField(label=_("Year"))
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year


class FundForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Fund
        fields = ("name", "kind", "is_default")


class ReportStartForm(forms.Form):
    year = YearField(label=_("Year"))
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year


class CostImportForm(ReportStartForm):
    file = forms.FileField(
        label=_("Accounting export (CSV or Excel)"),
        help_text=_("Columns: projektnummer, kostnadspost, belopp; optional: kommentar."),
    )


class CostLineForm(forms.Form):
    cost_line = forms.CharField(label=_("Cost line"), max_length=200)
    amount = MoneyField(label=_("Actual cost (SEK)"), min_value=Decimal(0))
    comment = forms.CharField(label=_("Comment on deviations"), max_length=500, required=False)


CostLineFormSet = forms.formset_factory(CostLineForm, extra=1, can_delete=True)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class OverrunForm(forms.Form):
    year = YearField(label=_("Year"))
    amount = MoneyField(label=_("Amount above the grant (SEK)"), min_value=Decimal("0.01"))
    decided_on = forms.DateField(
        label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    body = forms.CharField(
        label=_("Decision body"), max_length=200, initial=_("Municipal executive board")
    )
    minute_reference = forms.CharField(label=_("Minute reference (paragraf)"), max_length=100)
    registration_number = forms.CharField(
        label=_("Registration number (diarienummer)"), max_length=100, required=False
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class AdoptionForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    minute_reference = forms.CharField(
        label=_("Minute reference (paragraf)"), max_length=100, required=False
    )


class RevisionForm(forms.Form):
    initiative = forms.ModelChoiceField(label=_("Initiative"), queryset=Initiative.objects.none())
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    year = YearField(label=_("Year"))
    amount = MoneyField(label=_("New repayment (SEK)"), min_value=Decimal(0))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(
        label=_("Based on"),
        max_length=200,
        required=False,
        help_text=_("E.g. the economic evaluation that established the realised effects."),
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.filter(  # type: ignore[attr-defined]
            organization=organization
        ).order_by("title")
        self.fields["committee"].queryset = Committee.objects.filter(  # type: ignore[attr-defined]
            organization=organization
        )


class DecideForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    minute_reference = forms.CharField(
        label=_("Minute reference (paragraf)"), max_length=100, required=False
    )
