"""Indicator pages: the store's indicators, defining one, importing values, and the comparison
over time against the country, the region and similar municipalities with its breakdowns."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt import charts
from sikt.analysis.compare import Comparison
from sikt.analysis.importers import ImportRejected
from sikt.analysis.kolada import KoladaError
from sikt.analysis.store import IndicatorDefinition, IndicatorStore
from sikt.web import policy
from sikt.web.needs import indicators, kolada, services
from sikt.web.needs.indicator_forms import (
    ComparisonForm,
    IndicatorForm,
    IndicatorImportForm,
    KoladaForm,
)
from sikt.web.needs.models import NeedsAnalysis
from sikt.web.needs.store import store_for, store_path
from sikt.web.needs.views import AREA
from sikt.web.scoped import request_organization


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    can_load = policy.can(request.user, policy.Action.CREATE, organization, model=NeedsAnalysis)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST":
        policy.require(request.user, policy.Action.CREATE, organization, model=NeedsAnalysis)
        if form.is_valid():
            data = form.cleaned_data
            services.indicator_define(
                actor=request.user,
                organization=organization,
                definition=IndicatorDefinition(
                    id=data["id"],
                    title=data["title"],
                    unit=data["unit"],
                    higher_is_better=form.higher_is_better(),
                    source=data["source"],
                    licence=data["licence"],
                    attribution=data["attribution"],
                ),
            )
            messages.success(request, _("The indicator was saved."))
            return redirect("needs:indicators")
    return render(
        request,
        "needs/indicators.html",
        {
            "rows": indicators.indicator_rows(store_for(organization)),
            "form": form if can_load else None,
            "can_load": can_load,
            "store_path": store_path(organization),
            "active_area": AREA,
        },
    )


def _issue_rows(error: ImportRejected) -> list[dict[str, str]]:
    language = get_language() or "sv"
    return [
        {
            "file": issue.file,
            "row": str(issue.row) if issue.row else "–",
            "column": issue.column or "–",
            "rule": issue.message.in_language(language),
        }
        for issue in error.issues
    ]


@login_required
def indicator_import(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=NeedsAnalysis)
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    issues: list[dict[str, str]] = []
    total = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = services.indicator_values_import(
                actor=request.user, organization=organization, name=upload.name, data=upload.read()
            )
        except ImportRejected as error:
            issues, total = _issue_rows(error), error.total
        else:
            messages.success(
                request,
                _("Imported %(rows)d values of %(indicators)s for %(areas)d areas.")
                % {
                    "rows": summary.rows,
                    "indicators": ", ".join(summary.indicators),
                    "areas": summary.areas,
                },
            )
            return redirect("needs:indicators")
    return render(
        request,
        "needs/indicator_import.html",
        {"form": form, "issues": issues, "total": total, "active_area": AREA},
    )


def _comparison_form(request: HttpRequest, store: IndicatorStore, own: str) -> ComparisonForm:
    choices = [(d.id, f"{d.title} ({d.id})") for d in store.definitions()]
    chosen = request.GET.get("indikator") or (choices[0][0] if choices else None)
    areas = indicators.area_choices(store, chosen)
    codes = [code for code, _label in areas]
    area = request.GET.get("omrade") or (own if own in codes else (codes[0] if codes else ""))
    return ComparisonForm(
        {
            "indikator": chosen,
            "omrade": area,
            "kon": request.GET.get("kon", "T"),
            "grupp": request.GET.get("grupp", ""),
        },
        indicators=choices,
        areas=areas,
        groups=indicators.group_choices(store, area),
    )


def _chart(result: Comparison) -> charts.BarChart:
    return indicators.comparison_chart(
        result, _("%(indicator)s over time") % {"indicator": result.indicator.title}, _("Year")
    )


@login_required
def comparison(request: HttpRequest) -> HttpResponse:
    """An indicator for an area over time against country, region and similar municipalities."""
    organization = request_organization(request)
    store = store_for(organization)
    form = _comparison_form(request, store, indicators.own_area(organization))
    has_data = bool(form.fields["omrade"].choices)  # type: ignore[attr-defined]
    context: dict[str, object] = {"form": form, "active_area": AREA, "has_data": has_data}
    if form.is_valid():
        data = form.cleaned_data
        result, tables = indicators.comparison_of(
            store, data["indikator"], data["omrade"], data["kon"] or "T", data["grupp"]
        )
        context.update(
            result=result,
            rows=indicators.series_rows(result),
            show_unit=indicators.show_unit(result),
            tables=[(table, indicators.breakdown_rows(table)) for table in tables],
            chart=mark_safe(charts.svg(_chart(result))),
            query=request.GET.urlencode(),
        )
    return render(request, "needs/comparison.html", context)


EXPORTS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml",
    "png": "image/png",
}


@login_required
def comparison_export(request: HttpRequest, kind: str) -> HttpResponse:
    """The comparison's table as XLSX or its chart as SVG or PNG (what the page shows)."""
    organization = request_organization(request)
    store = store_for(organization)
    form = _comparison_form(request, store, indicators.own_area(organization))
    if kind not in EXPORTS or not form.is_valid():
        raise Http404
    data = form.cleaned_data
    result, _tables = indicators.comparison_of(
        store, data["indikator"], data["omrade"], data["kon"] or "T", data["grupp"]
    )
    if kind == "xlsx":
        body: bytes = indicators.comparison_xlsx(result, _("Compared with"), _("Source"))
    elif kind == "svg":
        body = charts.svg(_chart(result)).encode("utf-8")
    else:
        body = charts.png(_chart(result))
    response = HttpResponse(body, content_type=EXPORTS[kind])
    name = slugify(f"jamforelse-{result.indicator.id}-{result.area_code}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
def kolada_fetch(request: HttpRequest) -> HttpResponse:
    """Fetch Kolada's values for the organisation's municipality or region (needs a network)."""
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=NeedsAnalysis)
    area = indicators.own_area(organization)
    form = KoladaForm(request.POST or None)
    error = ""
    if request.method == "POST" and area and form.is_valid():
        data = form.cleaned_data
        try:
            summary = kolada.fetch(
                actor=request.user,
                organization=organization,
                area_code=area,
                kpis=data["kpis"],
                years=data["years"],
                group_id=data["group"],
            )
        except KoladaError as problem:
            error = problem.message.in_language(get_language() or "sv")
        else:
            messages.success(
                request,
                _("Fetched %(values)d values of %(indicators)s from Kolada.")
                % {"values": summary.values, "indicators": ", ".join(summary.indicators)},
            )
            return redirect("needs:indicators")
    return render(
        request,
        "needs/kolada.html",
        {"form": form, "area": area, "error": error, "active_area": AREA},
    )
