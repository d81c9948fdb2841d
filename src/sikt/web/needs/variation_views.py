"""Variation pages: uploading individual-level measurements and the distributions per group
behind an average, with their exports (table as XLSX, chart as SVG or PNG)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sikt.analysis.suppression import DEFAULT_THRESHOLD
from sikt.analysis.variation import Distribution, hidden_groups
from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.needs import measurements
from sikt.web.needs.flow_views import upload_page
from sikt.web.needs.indicator_forms import DistributionForm, MeasurementUploadForm
from sikt.web.needs.indicator_views import EXPORTS
from sikt.web.needs.models import MeasurementDataset
from sikt.web.needs.views import AREA
from sikt.web.scoped import object_view


@login_required
def variation_list(request: HttpRequest) -> HttpResponse:
    def save(organization: Organization, form: forms.Form) -> MeasurementDataset:
        upload = form.cleaned_data["file"]
        return measurements.measurement_dataset_upload(
            actor=request.user,
            organization=organization,
            title=form.cleaned_data["title"],
            value_label=form.cleaned_data["value_label"],
            name=upload.name,
            data=upload.read(),
        )

    return upload_page(
        request,
        model=MeasurementDataset,
        form_class=MeasurementUploadForm,
        save=save,
        saved=_("%(rows)d values of %(persons)d persons were saved with pseudonyms."),
        detail="needs:variation",
        template="needs/variations.html",
    )


def _form(request: HttpRequest, dataset: MeasurementDataset) -> DistributionForm:
    """The chosen groups; without a choice the first two grouping columns of the file."""
    dimensions = [(name, name.capitalize()) for name in dataset.dimensions]
    data = request.GET.copy()
    if not data.getlist("grupper"):
        data.setlist("grupper", list(dataset.dimensions[:2]))
    if not data.get("minsta"):
        data["minsta"] = str(DEFAULT_THRESHOLD)
    return DistributionForm(data, dimensions=dimensions)


def _result(
    request: HttpRequest, dataset: MeasurementDataset, form: DistributionForm, export: str = ""
) -> Distribution:
    return measurements.distribution_of(
        request.user,
        dataset,
        form.cleaned_data["grupper"],
        cut=form.cut(),
        threshold=form.cleaned_data["minsta"],
        export=export,
    )


def _chart_texts(dataset: MeasurementDataset) -> tuple[str, str, tuple[str, str, str]]:
    return (
        _("%(value)s per group: 25th percentile, median and 75th percentile")
        % {"value": dataset.value_label},
        dataset.value_label,
        (_("25th percentile"), _("Median"), _("75th percentile")),
    )


@object_view(MeasurementDataset)
def variation_detail(request: HttpRequest, dataset: MeasurementDataset) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, dataset)
    form = _form(request, dataset)
    context: dict[str, object] = {"dataset": dataset, "form": form, "active_area": AREA}
    if form.is_valid():
        result = _result(request, dataset, form)
        title, value_label, labels = _chart_texts(dataset)
        context.update(
            result=result,
            rows=measurements.group_rows(result, _("Everyone")),
            hidden=[
                {"label": measurements.group_label(g.key, ""), "group": g}
                for g in hidden_groups(result)
            ],
            chart=mark_safe(measurements.spread_chart(result, title, value_label, labels)),
            query=request.GET.urlencode(),
        )
    return render(request, "needs/variation.html", context)


def _headings() -> list[str]:
    return [
        _("Group"),
        _("Number"),
        _("Mean"),
        _("Standard deviation"),
        _("10th percentile"),
        _("25th percentile"),
        _("Median"),
        _("75th percentile"),
        _("90th percentile"),
        _("Below the threshold"),
        _("Share below"),
        _("At or above the threshold"),
        _("Share at or above"),
    ]


@object_view(MeasurementDataset)
def variation_export(request: HttpRequest, dataset: MeasurementDataset, kind: str) -> HttpResponse:
    """The distribution table as XLSX or its chart as SVG or PNG (what the page shows)."""
    policy.require(request.user, policy.Action.VIEW, dataset)
    form = _form(request, dataset)
    if kind not in EXPORTS or not form.is_valid():
        raise Http404
    result = _result(request, dataset, form, export=kind)
    title, value_label, labels = _chart_texts(dataset)
    if kind == "xlsx":
        body = measurements.distribution_xlsx(result, dataset, _headings(), _("Everyone"))
    elif kind == "svg":
        body = measurements.spread_chart(result, title, value_label, labels).encode("utf-8")
    else:
        body = measurements.spread_png(result, title, value_label, labels)
    response = HttpResponse(body, content_type=EXPORTS[kind])
    name = slugify(f"fordelning-{dataset.title}-{'-'.join(result.dimensions)}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
