"""Forms of the needs data pages: define an indicator, import values, choose a comparison,
load areas, event and measurement files, and choose an index, a flow or a distribution."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sikt.analysis.flow import DEFAULT_OUTCOME, PLACEMENTS, FlowSettings
from sikt.analysis.suppression import DEFAULT_THRESHOLD, MINIMUM_THRESHOLD
from sikt.analysis.tabular import MAX_BYTES
from sikt.analysis.variation import MAX_DIMENSIONS
from sikt.web.fields import NumberField, WholeNumberField
from sikt.web.needs.models import OUTCOME_NAMES


def table_upload(upload: Any) -> Any:
    """A CSV or XLSX upload within the size limit of :func:`sikt.files.read_table`."""
    if not upload.name.lower().endswith((".csv", ".xlsx")):
        raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(_("The file is larger than 200 MB."))
    return upload


DIRECTIONS = (
    ("higher", _("Higher is better")),
    ("lower", _("Lower is better")),
    ("neither", _("Neither direction is better")),
)


class IndicatorForm(forms.Form):
    id = forms.CharField(
        label=_("Indicator id"),
        max_length=50,
        help_text=_("A short code, e.g. Kolada's N15419 or an own code such as HVB_UNGA."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=DIRECTIONS)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    licence = forms.CharField(label=_("Licence or terms of use"), max_length=300, required=False)
    attribution = forms.CharField(
        label=_("Attribution shown with the values"), max_length=300, required=False
    )

    def clean_id(self) -> str:
        value = str(self.cleaned_data["id"]).strip()
        if not re.fullmatch(r"[\w.\-]+", value):
            raise forms.ValidationError(_("Use letters, digits, '-', '_' or '.' only."))
        return value

    def higher_is_better(self) -> bool | None:
        return {"higher": True, "lower": False}.get(self.cleaned_data["direction"])


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Long form: indikator, område, period, värde (and optionally kön, antal, "
            "dimension, kategori, områdesnamn). Wide form: one column per year instead of "
            "period and värde."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        return table_upload(self.cleaned_data["file"])


SEX_CHOICES = (("T", _("Total")), ("K", _("Women")), ("M", _("Men")))


class ComparisonForm(forms.Form):
    """What to compare: the indicator, the organisation's area, sex and the peer group."""

    indikator = forms.ChoiceField(label=_("Indicator"))
    omrade = forms.ChoiceField(label=_("Area"))
    kon = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, initial="T", required=False)
    grupp = forms.ChoiceField(label=_("Similar municipalities"), required=False)

    def __init__(
        self,
        *args: Any,
        indicators: list[tuple[str, str]],
        areas: list[tuple[str, str]],
        groups: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indikator"].choices = indicators
        self.fields["omrade"].choices = areas
        self.fields["grupp"].choices = [("", _("No group")), *groups]


class KoladaForm(forms.Form):
    kpis = forms.CharField(
        label=_("Kolada KPI ids"),
        max_length=500,
        help_text=_("One or more ids separated by spaces or commas, e.g. N15419 N00945."),
    )
    years = forms.CharField(
        label=_("Years"), max_length=100, help_text=_("E.g. 2019-2024 or 2022, 2023.")
    )
    group = forms.CharField(
        label=_("Group of similar municipalities (Kolada id)"),
        max_length=50,
        required=False,
        help_text=_("E.g. G124026; find it with sikt needs kolada groups."),
    )

    def clean_kpis(self) -> list[str]:
        ids = [part for part in re.split(r"[\s,;]+", self.cleaned_data["kpis"]) if part]
        bad = [i for i in ids if not re.fullmatch(r"[A-Z]\d{5}", i)]
        if not ids or bad:
            raise forms.ValidationError(
                _("A Kolada KPI id is a capital letter and five digits, e.g. N15419.")
            )
        return list(dict.fromkeys(ids))

    def clean_years(self) -> list[int]:
        years: set[int] = set()
        for part in re.split(r"[\s,;]+", self.cleaned_data["years"].strip()):
            if not part:
                continue
            match = re.fullmatch(r"(\d{4})(?:[-–](\d{4}))?", part)
            if match is None:
                raise forms.ValidationError(_("Write years as 2019-2024 or 2022, 2023."))
            first, last = int(match[1]), int(match[2] or match[1])
            if not 1990 <= first <= last <= 2100 or last - first > 50:
                raise forms.ValidationError(_("Write years as 2019-2024 or 2022, 2023."))
            years.update(range(first, last + 1))
        if not years:
            raise forms.ValidationError(_("Write years as 2019-2024 or 2022, 2023."))
        return sorted(years)

    def clean_group(self) -> str:
        value = str(self.cleaned_data["group"]).strip()
        if value and not re.fullmatch(r"G\d+", value):
            raise forms.ValidationError(_("A Kolada group id starts with G, e.g. G124026."))
        return value


class AreasForm(forms.Form):
    file = forms.FileField(
        label=_("Areas (GeoJSON)"),
        help_text=_(
            "A FeatureCollection of polygons with a code (the area code of the indicator "
            "values: kod, code or id) and a name (namn or name) in each feature's properties."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json"}),
    )
    crs = forms.CharField(
        label=_("Coordinate reference system"),
        max_length=40,
        required=False,
        help_text=_("Only if the file is not in WGS 84 and does not say so, e.g. EPSG:3006."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class IndexForm(forms.Form):
    """The index's variables (the guide's four by default), the year and an outcome."""

    variabel1 = forms.ChoiceField(label=_("Education level"))
    variabel2 = forms.ChoiceField(label=_("Share in employment"))
    variabel3 = forms.ChoiceField(label=_("Share born in the Nordic countries"))
    variabel4 = forms.ChoiceField(label=_("Earned income"))
    ar = forms.TypedChoiceField(label=_("Year"), coerce=int)
    utfall = forms.ChoiceField(label=_("Outcome to relate to the index"), required=False)

    def __init__(
        self, *args: Any, indicators: list[tuple[str, str]], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("variabel1", "variabel2", "variabel3", "variabel4"):
            self.fields[name].choices = indicators
        self.fields["ar"].choices = [(year, str(year)) for year in years]
        self.fields["utfall"].choices = [("", _("No outcome")), *indicators]

    def variables(self) -> list[str]:
        chosen = [self.cleaned_data[f"variabel{i}"] for i in range(1, 5)]
        return list(dict.fromkeys(chosen))


class EventUploadForm(forms.Form):
    title = forms.CharField(label=_("Name of the dataset"), max_length=300)
    file = forms.FileField(
        label=_("Event file (CSV or XLSX)"),
        help_text=_(
            "One row per event: personnummer, start, slut (empty while ongoing) and insats "
            "(HVB, SiS, familjehem, jourhem or öppenvård). Identity numbers are replaced by "
            "pseudonyms while the file is read and are never stored."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        return table_upload(self.cleaned_data["file"])


def first_flow_settings() -> FlowSettings:
    """The flow analysis's first choice: everyone in HVB or SiS on 1 January this year,
    3 years back."""
    return FlowSettings(timezone.localdate().replace(month=1, day=1), 3)


class FlowForm(forms.Form):
    """What the flow analysis follows (:class:`~sikt.analysis.flow.FlowSettings`): on the flow
    page, and on the upload for the run a large file gets in the background."""

    utfall = forms.MultipleChoiceField(
        label=_("Outcome"),
        choices=[(kind, OUTCOME_NAMES[kind]) for kind in PLACEMENTS],
        initial=list(DEFAULT_OUTCOME),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The placements followed: everyone in one of them on the reference date, and every "
            "new placement in one of them after an earlier one (a re-placement)."
        ),
        error_messages={"required": _("Choose at least one placement.")},
    )
    referensdatum = forms.DateField(
        label=_("Reference date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Everyone in the chosen placements on this day is followed backwards."),
    )
    ar = forms.IntegerField(label=_("Years back"), min_value=1, max_value=15, initial=3)

    def flow_settings(self) -> FlowSettings:
        """The chosen settings (the form is valid); the outcome in the kinds' own order."""
        chosen = self.cleaned_data["utfall"]
        return FlowSettings(
            self.cleaned_data["referensdatum"],
            self.cleaned_data["ar"],
            outcome_kinds=tuple(kind for kind in PLACEMENTS if kind in chosen),
        )

    @staticmethod
    def query(flow_settings: FlowSettings) -> dict[str, str | list[str]]:
        """``flow_settings`` as the flow page's query (its form's fields; ``urlencode`` it
        with ``doseq=True``)."""
        return {
            "utfall": list(flow_settings.outcome_kinds),
            "referensdatum": flow_settings.reference_date.isoformat(),
            "ar": str(flow_settings.lookback_years),
        }


class FlowUploadForm(EventUploadForm, FlowForm):
    """The flow page's upload: the event file and the flow analysis to run on it — in the
    background for a large file, on the new dataset's page otherwise. Starts at
    :func:`first_flow_settings`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referensdatum"].initial = first_flow_settings().reference_date


class MeasurementUploadForm(forms.Form):
    title = forms.CharField(label=_("Name of the dataset"), max_length=300)
    value_label = forms.CharField(
        label=_("What the value measures"),
        max_length=200,
        help_text=_("E.g. Merit value in year 9 or Days of absence per term."),
    )
    file = forms.FileField(
        label=_("Measurement file (CSV or XLSX)"),
        help_text=_(
            "One row per person: värde and the columns to group by (e.g. kön, område, "
            "skola), optionally ålder (kept only as an age band) and personnummer (replaced "
            "by a pseudonym while the file is read and never stored)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        return table_upload(self.cleaned_data["file"])


class DistributionForm(forms.Form):
    """Which groups to cross (one to three columns), the analyst's cut-off and the smallest
    count that may be shown."""

    grupper = forms.MultipleChoiceField(
        label=_("Group by"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One to three columns, e.g. age band, sex and area."),
    )
    grans = NumberField(
        label=_("Threshold"),
        required=False,
        help_text=_("Shows the share below the threshold and at or above it in each group."),
    )
    minsta = WholeNumberField(
        label=_("Smallest count shown"),
        min_value=MINIMUM_THRESHOLD,
        max_value=100,
        initial=DEFAULT_THRESHOLD,
        help_text=_("Smaller groups are hidden, and so are cells whose totals would reveal them."),
    )

    def __init__(self, *args: Any, dimensions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grupper"].choices = dimensions

    def clean_grupper(self) -> list[str]:
        chosen = list(self.cleaned_data["grupper"])
        if len(chosen) > MAX_DIMENSIONS:
            raise forms.ValidationError(
                _("Choose at most %(count)d columns.") % {"count": MAX_DIMENSIONS}
            )
        return chosen

    def cut(self) -> float | None:
        value = self.cleaned_data.get("grans")
        return None if value is None else float(value)
