"""Forms of the agreement pages; amounts in kronor as Swedish users type them
(:mod:`sikt.web.fields`), the agreement's own form with optimistic locking."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from sikt.web.accounts.models import Organization
from sikt.web.agreements.models import Agreement, Deliverable, ReportDate, Sprint
from sikt.web.fields import MoneyField
from sikt.web.locking import OptimisticLockMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(OptimisticLockMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields: ClassVar[list[str]] = [
            "title",
            "purpose",
            "reference_number",
            "starts_on",
            "ends_on",
            "repayment_due_on",
        ]
        widgets: ClassVar[dict[str, Any]] = {
            "starts_on": DATE,
            "ends_on": DATE,
            "repayment_due_on": DATE,
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The agreement must end after it starts."))
        due = cleaned.get("repayment_due_on")
        if ends and due and due < ends:
            self.add_error("repayment_due_on", _("Repayment falls due after the agreement ends."))
        return cleaned


def _others(funder: Organization) -> forms.ModelChoiceField[Organization]:
    return forms.ModelChoiceField(
        label=_("Participating organisation"),
        queryset=Organization.objects.exclude(pk=funder.pk).order_by("name"),
    )


class AgreementCreateForm(AgreementForm):
    """The agreement with its first participant (more can be added on its page)."""

    def __init__(self, *args: Any, funder: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"] = _others(funder)
        self.fields["contact"] = forms.CharField(
            label=_("Local contact person"), max_length=200, required=False
        )


class ParticipantForm(forms.Form):
    contact = forms.CharField(label=_("Local contact person"), max_length=200, required=False)

    def __init__(self, *args: Any, funder: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"organization": _others(funder), **self.fields}


class GoalForm(forms.Form):
    area = forms.CharField(
        label=_("Area"),
        max_length=120,
        help_text=_("E.g. needs analysis, key people's competence, method support."),
    )
    text = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}))


class SprintForm(forms.Form):
    deadline = forms.DateField(label=_("To be done by"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    deliverables = forms.CharField(
        label=_("Deliverables"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One deliverable per line; the participant ticks each one off."),
    )
    tranche = MoneyField(
        label=_("Tranche (kr)"),
        required=False,
        min_value=Decimal("0.01"),
        help_text=_("Paid to each participant when the sprint is approved; empty if none."),
    )

    def clean_deliverables(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["deliverables"].splitlines()]
        return [line[:500] for line in lines if line]


class SprintEditForm(OptimisticLockMixin, forms.ModelForm):
    """A sprint's deadline, title, tranche and deliverables, changed by the funder; a form
    loaded before someone else saved the sprint is refused rather than overwriting it."""

    tranche = SprintForm.base_fields["tranche"]
    deliverables = SprintForm.base_fields["deliverables"]
    #: The deliverables as the form showed them (the checklist is not a field of the sprint's
    #: row, so the service compares it itself).
    loaded_deliverables = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Sprint
        fields: ClassVar[list[str]] = ["deadline", "title", "tranche"]
        widgets: ClassVar[dict[str, Any]] = {"deadline": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        loaded = "\n".join(
            Deliverable.objects.filter(sprint_id=self.instance.pk)
            .order_by("id")
            .values_list("text", flat=True)
        )
        self.fields["deliverables"].initial = loaded
        self.fields["loaded_deliverables"].initial = loaded

    clean_deliverables = SprintForm.clean_deliverables

    def clean_loaded_deliverables(self) -> str | None:
        """``None`` when the form did not send it (as the lock's token, then unchecked)."""
        loaded = str(self.cleaned_data["loaded_deliverables"]).replace("\r\n", "\n")
        return loaded or None

    def add_error(self, field: str | None, error: Any) -> None:
        if isinstance(error, ValidationError) and getattr(error, "code", "") == (
            "deliverables_conflict"
        ):
            # Saving again deliberately replaces the list saved since.
            assert isinstance(self.data, QueryDict)
            data = self.data.copy()
            data[self.add_prefix("loaded_deliverables")] = (error.params or {})["current"]
            self.data = data
        super().add_error(field, error)


class ReportDateForm(forms.Form):
    due_on = forms.DateField(label=_("Report by"), widget=DATE)
    year_end = forms.BooleanField(
        label=_("Year-end report: what remains is repaid to the funder"), required=False
    )


class ChecklistForm(forms.Form):
    done = forms.ModelMultipleChoiceField(
        label=_("Deliverables done"),
        queryset=Deliverable.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, sprint_deliverables: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["done"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = sprint_deliverables


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the participant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when returning the sprint: say what is missing."),
    )


class TranchePaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    invoice_reference = forms.CharField(
        label=_("Invoice reference"),
        max_length=100,
        help_text=_("The participant's invoice the payment was made against."),
    )


class RemainingForm(forms.Form):
    report_date = forms.ModelChoiceField(label=_("Report date"), queryset=ReportDate.objects.none())
    remaining = MoneyField(label=_("Money remaining (kr)"), min_value=Decimal("0"))
    note = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, report_dates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["report_date"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = report_dates


class RepaymentForm(forms.Form):
    invoice_reference = forms.CharField(
        label=_("The funder's invoice reference"), max_length=100, required=False
    )
    repaid_on = forms.DateField(label=_("Repaid on"), widget=DATE, required=False)
