"""Forms for one unit cost, the import and the list filter.

The unit-cost form's fields are the columns of ``sikt.calc``'s table format, and ``clean`` runs
the row through the same loader as an import, so the rules (and messages) are the same.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sikt.calc import InputError, UnitCost
from sikt.files.limits import megabytes
from sikt.web.accounts.models import Organization
from sikt.web.unitcosts.models import UnitCostEntry
from sikt.web.unitcosts.rows import IMPORT_LIMITS, row_of, validate_row


class UnitCostForm(forms.Form):
    key = forms.CharField(
        label=_("Key"),
        max_length=200,
        help_text=_("A short unique name used by calculations, e.g. hvb_placering_dygn."),
    )
    name_sv = forms.CharField(label=_("Name (Swedish)"))
    name_en = forms.CharField(label=_("Name (English)"), required=False)
    amount_sek = forms.CharField(
        label=_("Amount (SEK)"),
        max_length=100,
        help_text=_(
            "A number (5400), a lower bound (>13000) or a range (10000000-15000000). A range is "
            "used as a uniform distribution in Monte Carlo runs."
        ),
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=200, help_text=_("As in the source, e.g. kr/vårddygn.")
    )
    price_year = forms.CharField(
        label=_("Price year"),
        max_length=200,
        required=False,
        help_text=_("Starts with the year, e.g. 2023; leave empty or describe if undated."),
    )
    bearer = forms.CharField(
        label=_("Cost bearer"),
        max_length=300,
        help_text=_(
            "E.g. 'kommun – socialnämnd', 'region', 'stat – Försäkringskassan', "
            "'individ'; 'flera: …' or 'A + B' marks a composite multi-bearer cost."
        ),
    )
    source_title = forms.CharField(label=_("Source title"), required=False)
    source_publisher = forms.CharField(label=_("Publisher"), max_length=300, required=False)
    source_year = forms.CharField(label=_("Source year"), max_length=50, required=False)
    source_url = forms.URLField(
        label=_("Source URL"), max_length=1000, required=False, assume_scheme="https"
    )
    quote = forms.CharField(
        label=_("Quote from the source"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    secondary_source = forms.BooleanField(label=_("Secondary source"), required=False)
    confidence = forms.ChoiceField(
        label=_("Confidence grade"),
        choices=[
            ("", _("Automatic (B, or C for secondary, undated or composite)")),
            *list(UnitCostEntry.Confidence.choices),
        ],
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self,
        *args: Any,
        organization: Organization,
        entry: UnitCostEntry | None = None,
        **kwargs: Any,
    ) -> None:
        if entry is not None and not args and "data" not in kwargs:
            row = row_of(entry)
            kwargs["initial"] = {**row, "secondary_source": entry.secondary_source}
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.entry = entry
        self.cost: UnitCost | None = None

    def clean_key(self) -> str:
        key = str(self.cleaned_data["key"]).strip()
        taken = UnitCostEntry.objects.filter(organization=self.organization, key=key)
        if self.entry is not None:
            taken = taken.exclude(pk=self.entry.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another unit cost already has this key."))
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        row = {name: str(data.get(name) or "") for name in self.fields}
        row["secondary_source"] = "ja" if data.get("secondary_source") else "nej"
        try:
            self.cost = validate_row(row)
        except InputError as error:
            language = get_language() or "sv"
            for issue in error.issues:
                match = re.search(r", (\w+)$", issue.path)
                field = match.group(1) if match and match.group(1) in self.fields else None
                self.add_error(field, issue.message.in_language(language))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns as in the export: key, name_sv, amount_sek, unit, price_year and bearer "
            "are required. Rows whose key already exists update that unit cost."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > IMPORT_LIMITS.max_bytes:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.")
                % {"size": megabytes(IMPORT_LIMITS.max_bytes)}
            )
        return upload


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    bearer = forms.ChoiceField(
        label=_("Cost bearer"),
        required=False,
        choices=[("", _("All")), *list(UnitCostEntry.Bearer.choices)],
    )
    confidence = forms.ChoiceField(
        label=_("Confidence grade"),
        required=False,
        choices=[("", _("All"))] + [(c, c) for c in UnitCostEntry.Confidence.values],
    )
    flag = forms.ChoiceField(
        label=_("Needs attention"),
        required=False,
        choices=[
            ("", _("All")),
            ("secondary", _("Secondary source")),
            ("undated", _("Price year missing")),
            ("composite", _("Composite multi-bearer cost")),
            ("free_text_unit", _("Unit not interpreted")),
        ],
    )
