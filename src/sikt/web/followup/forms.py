"""Forms of follow-up. Numbers are read with :mod:`sikt.web.fields` (``1 200``, ``12,5``,
``−3``); the report's value form is built from the rows the report asks for."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sikt.web.accounts.models import Committee, Organization, User
from sikt.web.design.models import Disaggregation
from sikt.web.fields import NumberField, WholeNumberField
from sikt.web.followup.models import Attrition, AttritionReason, Deviation, DeviationKind
from sikt.web.followup.selectors.expected import (
    PERCENT_UNITS,
    PartInput,
    ValueInput,
    declared_dimensions,
)
from sikt.web.followup.selectors.initiative import ValueRow
from sikt.web.followup.services.plans import ActivityInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SMALL_TEXT = forms.Textarea(attrs={"rows": 2})

#: Groups offered for a breakdown before the user adds their own.
DEFAULT_GROUPS = {
    Disaggregation.SEX: ["Flickor/kvinnor", "Pojkar/män"],
    Disaggregation.COUNTRY_OF_BIRTH: ["Född i Sverige", "Född utomlands"],
}
EMPTY_GROUP_ROWS = 2


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ValuesForm(VersionedForm):
    """One value per asked-for row, with comment, quotient (for %) and breakdown groups."""

    def __init__(self, *args: Any, rows: list[ValueRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.layout: list[dict[str, Any]] = []
        for row in rows:
            self.layout.append(self._row_fields(row))

    def _row_fields(self, row: ValueRow) -> dict[str, Any]:
        key, indicator, measurement = row.expected.key, row.expected.indicator, row.measurement
        self.fields[f"{key}-value"] = NumberField(
            label=_("Value (%(unit)s)") % {"unit": indicator.unit},
            required=False,
            initial=measurement.value if measurement else None,
        )
        quotient = indicator.unit.strip().lower() in PERCENT_UNITS
        if quotient:
            for part in ("numerator", "denominator"):
                self.fields[f"{key}-{part}"] = NumberField(
                    label=_("Numerator") if part == "numerator" else _("Denominator"),
                    required=False,
                    initial=getattr(measurement, part) if measurement else None,
                )
        self.fields[f"{key}-comment"] = forms.CharField(
            label=_("Comment"),
            required=False,
            widget=SMALL_TEXT,
            initial=measurement.comment if measurement else "",
        )
        groups = []
        existing = list(measurement.parts.all()) if measurement else []
        for dimension, label in declared_dimensions(indicator).items():
            names = [p.category for p in existing if p.dimension == dimension]
            values = {p.category: p.value for p in existing if p.dimension == dimension}
            for name in DEFAULT_GROUPS.get(dimension, []):
                if name not in names:
                    names.append(name)
            names += [""] * EMPTY_GROUP_ROWS
            slots = []
            for index, name in enumerate(names):
                prefix = f"{key}-{dimension}-{index}"
                self.fields[f"{prefix}-group"] = forms.CharField(
                    label=_("Group"), required=False, initial=name, max_length=100
                )
                self.fields[f"{prefix}-value"] = NumberField(
                    label=_("Value"), required=False, initial=values.get(name)
                )
                slots.append(prefix)
            groups.append({"dimension": dimension, "label": label, "slots": slots})
        return {
            "row": row,
            "key": key,
            "quotient": quotient,
            "groups": groups,
            "return_note": measurement.return_note if measurement else "",
        }

    def blocks(self) -> list[dict[str, Any]]:
        """The layout with bound fields, for the template."""
        shown = []
        for block in self.layout:
            key = block["key"]
            shown.append(
                {
                    "row": block["row"],
                    "return_note": block["return_note"],
                    "fields": [
                        self[name]
                        for name in (
                            f"{key}-value",
                            *(
                                (f"{key}-numerator", f"{key}-denominator")
                                if block["quotient"]
                                else ()
                            ),
                            f"{key}-comment",
                        )
                    ],
                    "groups": [
                        {
                            "label": group["label"],
                            "slots": [
                                (self[f"{prefix}-group"], self[f"{prefix}-value"])
                                for prefix in group["slots"]
                            ],
                        }
                        for group in block["groups"]
                    ],
                }
            )
        return shown

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for block in self.layout:
            for group in block["groups"]:
                for prefix in group["slots"]:
                    name = (data.get(f"{prefix}-group") or "").strip()
                    value = data.get(f"{prefix}-value")
                    if value is not None and not name:
                        self.add_error(f"{prefix}-group", _("Name the group."))
        return data

    def to_inputs(self) -> list[ValueInput]:
        data = self.cleaned_data
        inputs = []
        for block in self.layout:
            key = block["key"]
            expected = block["row"].expected
            parts = [
                PartInput(group["dimension"], data[f"{prefix}-group"].strip(), value)
                for group in block["groups"]
                for prefix in group["slots"]
                if (value := data.get(f"{prefix}-value")) is not None
            ]
            inputs.append(
                ValueInput(
                    indicator_id=expected.indicator.pk,
                    period_start=expected.period_start,
                    value=data.get(f"{key}-value"),
                    numerator=data.get(f"{key}-numerator"),
                    denominator=data.get(f"{key}-denominator"),
                    comment=data.get(f"{key}-comment") or "",
                    parts=parts,
                )
            )
        return inputs

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for key, messages in errors.items():
            field = f"{key}-value" if key != "__all__" else None
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class DetailsForm(VersionedForm):
    """Reach, activities done and hours used, and how the period went."""

    participants_total = WholeNumberField(
        label=_("Participants so far"),
        required=False,
        min_value=0,
        help_text=_("Everyone who has started in the initiative up to the end of the period."),
    )
    participants_active = WholeNumberField(
        label=_("Participants taking part now"), required=False, min_value=0
    )
    summary = forms.CharField(
        label=_("How the period went"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What was done, what worked, what did not, and any signs that the results "
            "will not be reached."
        ),
    )
    lessons = forms.CharField(
        label=_("Lessons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What others can learn from this period; collected in the yearly report."),
    )

    def __init__(self, *args: Any, activities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = []
        for element, reported in activities:
            prefix = f"act-{element.pk}"
            self.fields[f"{prefix}-done"] = NumberField(
                label=_("Done"),
                required=False,
                min_value=0,
                max_decimals=1,
                initial=reported.done if reported else None,
            )
            self.fields[f"{prefix}-hours"] = NumberField(
                label=_("Staff hours used"),
                required=False,
                min_value=0,
                max_decimals=1,
                initial=reported.hours_used if reported else None,
            )
            self.fields[f"{prefix}-comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=SMALL_TEXT,
                initial=reported.comment if reported else "",
            )
            self.activities.append((element, prefix))

    def activity_blocks(self) -> list[tuple[Any, list[Any]]]:
        return [
            (element, [self[f"{prefix}-{name}"] for name in ("done", "hours", "comment")])
            for element, prefix in self.activities
        ]

    def activity_inputs(self) -> list[ActivityInput]:
        data = self.cleaned_data
        return [
            ActivityInput(
                element.pk,
                data.get(f"{prefix}-done"),
                data.get(f"{prefix}-hours"),
                data.get(f"{prefix}-comment") or "",
            )
            for element, prefix in self.activities
        ]


class AttritionForm(forms.ModelForm):
    count = WholeNumberField(label=_("Participants who left"), min_value=1, initial=1)

    class Meta:
        model = Attrition
        fields = ("count", "reason", "description")
        widgets = {"description": SMALL_TEXT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = AttritionReason.choices
        # Its own words: "reason" alone is a decision's motivation in other apps' catalogues.
        self.fields["reason"].label = _("Reason for leaving")


class ReviewForm(forms.Form):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve the report")), (RETURN, _("Return it for correction"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the project leader"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the report: say what should be corrected."),
    )

    def __init__(self, *args: Any, measurements: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes = []
        for measurement in measurements:
            name = f"note-{measurement.pk}"
            self.fields[name] = forms.CharField(
                label=_("Why this value is returned"), required=False, max_length=500
            )
            self.notes.append((measurement, name))

    def note_map(self) -> dict[int, str]:
        return {
            measurement.pk: self.cleaned_data[name]
            for measurement, name in self.notes
            if self.cleaned_data.get(name, "").strip()
        }


class AddReportForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("E.g. Before the steering group in May.")
    )
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    due_on = forms.DateField(label=_("Due"), widget=DATE)


class DeviationForm(forms.ModelForm):
    class Meta:
        model = Deviation
        fields = ("kind", "description", "action", "owner", "owner_name", "due_on")
        widgets = {"due_on": DATE, "description": SMALL_TEXT, "action": SMALL_TEXT}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = User.objects.filter(
            memberships__organization=organization, is_active=True
        ).distinct()
        self.fields["kind"].choices = DeviationKind.choices


class CloseDeviationForm(forms.Form):
    resolution = forms.CharField(label=_("How it was resolved"), widget=SMALL_TEXT)


class HandleFlagForm(forms.Form):
    handling = forms.CharField(
        label=_("How it was handled"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. what the steering group decided, and what happens to the participants."),
    )


class ActivityPlanForm(forms.Form):
    """The monthly plan of each activity of the logic model."""

    def __init__(self, *args: Any, elements: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for element in elements:
            plan = getattr(element, "activity_plan", None)
            prefix = f"plan-{element.pk}"
            self.fields[f"{prefix}-unit"] = forms.CharField(
                label=_("Counted as"),
                max_length=60,
                required=False,
                initial=plan.unit if plan else "tillfällen",
            )
            self.fields[f"{prefix}-per_month"] = NumberField(
                label=_("Planned per month"),
                required=False,
                min_value=0,
                max_decimals=1,
                initial=plan.per_month if plan else None,
            )
            self.fields[f"{prefix}-hours"] = NumberField(
                label=_("Planned staff hours per month"),
                required=False,
                min_value=0,
                max_decimals=1,
                initial=plan.hours_per_month if plan else None,
            )
            self.fields[f"{prefix}-done_means"] = forms.CharField(
                label=_("What counts as done"),
                max_length=300,
                required=False,
                initial=plan.done_means if plan else "",
            )
            self.rows.append((element, prefix))

    def blocks(self) -> list[tuple[Any, list[Any]]]:
        return [
            (
                element,
                [self[f"{prefix}-{name}"] for name in ("unit", "per_month", "hours", "done_means")],
            )
            for element, prefix in self.rows
        ]

    def plans(self) -> list[tuple[Any, dict[str, Any]]]:
        data = self.cleaned_data
        return [
            (
                element,
                {
                    "unit": data.get(f"{prefix}-unit") or "tillfällen",
                    "per_month": data[f"{prefix}-per_month"],
                    "hours_per_month": data.get(f"{prefix}-hours"),
                    "done_means": data.get(f"{prefix}-done_means") or "",
                },
            )
            for element, prefix in self.rows
            if data.get(f"{prefix}-per_month") is not None
        ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_("Columns: indikator, period, värde; optional: nedbrytning, grupp, kommentar."),
    )


class SteeringFilterForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        required=False,
        queryset=Committee.objects.none(),
        empty_label=_("All committees"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        committee: Any = self.fields["committee"]
        committee.queryset = Committee.objects.filter(organization=organization)
