"""Pages of the needs analyses: list, record, create/edit, and the initiative's link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sikt import charts
from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.initiatives.models import Initiative
from sikt.web.needs import flows, selectors, services
from sikt.web.needs.forms import ChooseAnalysisForm, NeedsAnalysisForm
from sikt.web.needs.models import NeedsAnalysis
from sikt.web.needs.store import store_for
from sikt.web.scoped import object_view, request_organization

AREA = "behov"


@login_required
def analysis_list(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    return render(
        request,
        "needs/list.html",
        {
            "analyses": selectors.analyses_for(request.user, organization),
            "can_create": policy.can(
                request.user, policy.Action.CREATE, organization, model=NeedsAnalysis
            ),
            "active_area": AREA,
        },
    )


def _form(
    request: HttpRequest, organization: Organization, analysis: NeedsAnalysis | None
) -> NeedsAnalysisForm:
    initial = {}
    chosen = request.GET.get("satsning", "")
    if analysis is None and chosen.isdigit():
        initial["initiatives"] = selectors.initiatives_for(request.user, organization).filter(
            pk=int(chosen)
        )
    return NeedsAnalysisForm(
        request.POST or None,
        instance=analysis,
        initial=initial,
        indicators=store_for(organization).definitions(),
        initiatives=selectors.initiatives_for(request.user, organization),
    )


@login_required
def analysis_create(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=NeedsAnalysis)
    form = _form(request, organization, None)
    if request.method == "POST" and form.is_valid():
        analysis = services.needs_analysis_create(
            actor=request.user,
            organization=organization,
            initiatives=list(form.cleaned_data["initiatives"]),
            **form.values(),
        )
        messages.success(request, _("The needs analysis was saved."))
        return redirect("needs:detail", pk=analysis.pk)
    return render(request, "needs/form.html", {"form": form, "analysis": None, "active_area": AREA})


@object_view(NeedsAnalysis)
def analysis_edit(request: HttpRequest, analysis: NeedsAnalysis) -> HttpResponse:
    policy.require(request.user, policy.Action.CHANGE, analysis)
    form = _form(request, analysis.organization, analysis)
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_analysis_update(
                actor=request.user,
                analysis=NeedsAnalysis.objects.get(pk=analysis.pk),
                version=form.cleaned_data["version"],
                initiatives=list(form.cleaned_data["initiatives"]),
                **form.values(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The needs analysis was saved."))
            return redirect("needs:detail", pk=analysis.pk)
    return render(
        request, "needs/form.html", {"form": form, "analysis": analysis, "active_area": AREA}
    )


@object_view(NeedsAnalysis)
def analysis_detail(request: HttpRequest, analysis: NeedsAnalysis) -> HttpResponse:
    definitions = {d.id: d for d in store_for(analysis.organization).definitions()}
    indicators = [{"id": key, "definition": definitions.get(key)} for key in analysis.indicator_ids]
    return render(
        request,
        "needs/detail.html",
        {
            "analysis": analysis,
            "indicators": indicators,
            "initiatives": policy.scope(request.user, analysis.initiatives.all()),
            "charts": [
                {
                    "chart": chart,
                    "svg": mark_safe(charts.svg(flows.saved_sankey(chart), height=4.2)),
                }
                for chart in analysis.flow_charts.select_related("dataset")
            ],
            "can_change": policy.can(request.user, policy.Action.CHANGE, analysis),
            "active_area": AREA,
        },
    )


@object_view(Initiative)
def for_initiative(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    """The needs analyses an initiative answers, and linking one to it."""
    changeable = selectors.changeable_analyses(request.user, initiative.organization)
    form = ChooseAnalysisForm(request.POST or None, analyses=changeable)
    if request.method == "POST" and form.is_valid():
        services.initiative_link(
            actor=request.user, analysis=form.cleaned_data["analysis"], initiative=initiative
        )
        messages.success(request, _("The needs analysis was linked to the initiative."))
        return redirect("needs:for-initiative", pk=initiative.pk)
    return render(
        request,
        "needs/for_initiative.html",
        {
            "initiative": initiative,
            "analyses": selectors.analyses_of_initiative(request.user, initiative),
            "form": form if changeable.exists() else None,
            "can_create": policy.can(
                request.user, policy.Action.CREATE, initiative.organization, model=NeedsAnalysis
            ),
            "active_area": "satsningar",
        },
    )
