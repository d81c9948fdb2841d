"""An initiative's follow-up page: status and its reasons, reports, indicator charts,
activities, reach, costs, flags, deviations and the guide's checklist; plus the pages that add a
report, a deviation and the activity plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sikt.numbers import format_decimal
from sikt.web import policy
from sikt.web.design.models import Level, LogicElement
from sikt.web.followup import charts, services
from sikt.web.followup.forms import ActivityPlanForm, AddReportForm, DeviationForm
from sikt.web.followup.models import ActivityPlan, Deviation, ProgressReport
from sikt.web.followup.selectors import initiative as selectors
from sikt.web.followup.selectors.overview import overviews
from sikt.web.followup.services.reports import EDITABLE_INITIATIVE_STATES
from sikt.web.followup.views.common import attempt, status_view
from sikt.web.initiatives import fundfacts
from sikt.web.initiatives.models import Initiative
from sikt.web.scoped import object_view


def _chart(series: selectors.IndicatorSeries) -> str:
    indicator = series.indicator
    references = []
    if indicator.baseline_value is not None:
        references.append(
            charts.Reference(_("Baseline"), indicator.baseline_value, "#555555", "6 4")
        )
    if indicator.target_value is not None:
        references.append(charts.Reference(_("Target"), indicator.target_value, "#009E73", "2 3"))
    if series.success_level is not None:
        references.append(
            charts.Reference(_("Success criterion"), series.success_level, "#D55E00", "10 3 2 3")
        )
    points = [(m.period_end, m.value) for m in series.points]
    first, last = (points[0][1], points[-1][1]) if points else (None, None)
    description = _(
        "%(count)s approved values from %(first)s to %(last)s (%(unit)s). The same numbers are "
        "in the table below the chart."
    ) % {
        "count": len(points),
        "first": format_decimal(first) if first is not None else "–",
        "last": format_decimal(last) if last is not None else "–",
        "unit": indicator.unit,
    }
    return charts.line_chart(
        chart_id=f"indicator-{indicator.pk}",
        title=indicator.name,
        description=description,
        points=points,
        references=references,
        value_label=_("Approved value"),
    )


@object_view(Initiative)
def initiative_page(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, initiative)
    if initiative.state in EDITABLE_INITIATIVE_STATES:
        services.schedule_sync(initiative)
    overview = overviews(
        request.user,
        initiative.organization,
        initiatives=Initiative.objects.filter(pk=initiative.pk),
    )[0]
    rows = selectors.report_rows(initiative)
    series = selectors.indicator_series(initiative)
    group = getattr(initiative, "target_group_definition", None)
    figures = overview.figures
    return render(
        request,
        "followup/initiative.html",
        {
            "initiative": initiative,
            "overview": overview,
            "status": status_view(overview),
            "figures": figures,
            "reports": rows,
            "charts": [{"series": s, "svg": mark_safe(_chart(s))} for s in series],
            "activities": selectors.activity_rows(initiative, figures.approved_through),
            "target_group": group,
            "flags": selectors.open_flags(initiative),
            "handled_flags": selectors.handled_flags(initiative),
            "deviations": selectors.deviations_of(initiative),
            "checklist": selectors.implementation_checklist(initiative, rows),
            "has_fund": fundfacts.has_fund(),
            "can_add_report": policy.can(
                request.user, policy.Action.CREATE, initiative, model=ProgressReport
            ),
            "can_add_deviation": policy.can(
                request.user, policy.Action.CREATE, initiative, model=Deviation
            ),
            "can_plan": policy.can(
                request.user,
                policy.Action.CHANGE,
                ActivityPlan(element=LogicElement(initiative=initiative)),
            ),
            "active_area": "uppfoljning",
        },
    )


@object_view(Initiative)
def report_add(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    policy.require(request.user, policy.Action.CREATE, initiative, model=ProgressReport)
    form = AddReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created: list[ProgressReport] = []
        if attempt(
            request,
            lambda: created.append(
                services.report_add(actor=request.user, initiative=initiative, **form.cleaned_data)
            ),
            form,
        ):
            messages.success(request, _("The report was added; the project leader is told."))
            return redirect("followup:report", pk=created[0].pk)
    return _form_page(request, initiative, form, _("Ask for an extra report"), _("Add the report"))


@object_view(Initiative)
def deviation_add(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    policy.require(request.user, policy.Action.CREATE, initiative, model=Deviation)
    form = DeviationForm(request.POST or None, organization=initiative.organization)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if attempt(
            request,
            lambda: services.deviation_create(actor=request.user, initiative=initiative, **values),
            form,
        ):
            messages.success(request, _("The deviation was recorded."))
            return redirect("followup:initiative", pk=initiative.pk)
    return _form_page(request, initiative, form, _("Record a deviation or obstacle"), _("Record"))


@object_view(Initiative)
def activity_plan(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    """The monthly plan of each activity, which the light compares what was done with."""
    elements = list(
        LogicElement.objects.filter(initiative=initiative, level=Level.ACTIVITIES).select_related(
            "activity_plan"
        )
    )
    probe = ActivityPlan(element=LogicElement(initiative=initiative))
    policy.require(request.user, policy.Action.CHANGE, probe)
    form = ActivityPlanForm(request.POST or None, elements=elements)
    if request.method == "POST" and form.is_valid():

        def save() -> None:
            for element, values in form.plans():
                services.activity_plan_save(actor=request.user, element=element, **values)

        if attempt(request, save, form):
            messages.success(request, _("The activity plan was saved."))
            return redirect("followup:initiative", pk=initiative.pk)
    return render(
        request,
        "followup/activity_plan.html",
        {"initiative": initiative, "form": form, "active_area": "uppfoljning"},
    )


def _form_page(
    request: HttpRequest, initiative: Initiative, form: Any, title: str, submit: str
) -> HttpResponse:
    return render(
        request,
        "followup/form_page.html",
        {
            "initiative": initiative,
            "form": form,
            "title": title,
            "submit_label": submit,
            "active_area": "uppfoljning",
        },
    )
