"""Flow analysis pages: uploading pseudonymised event files and the analysis of one."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt.analysis.flow import KINDS, FlowSettings
from sikt.analysis.importers import ImportRejected
from sikt.web import policy
from sikt.web.needs import flows
from sikt.web.needs.indicator_forms import EventUploadForm, FlowForm
from sikt.web.needs.indicator_views import _issue_rows
from sikt.web.needs.models import EventDataset
from sikt.web.needs.views import AREA, _organization
from sikt.web.scoped import object_view


@login_required
def flow_list(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=EventDataset)
    form = EventUploadForm(request.POST or None, request.FILES or None)
    issues: list[dict[str, str]] = []
    total = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            dataset = flows.event_dataset_upload(
                actor=request.user,
                organization=organization,
                title=form.cleaned_data["title"],
                name=upload.name,
                data=upload.read(),
            )
        except ImportRejected as error:
            issues, total = _issue_rows(error), error.total
        else:
            messages.success(
                request,
                _("%(rows)d events of %(persons)d persons were saved with pseudonyms.")
                % {"rows": dataset.rows, "persons": dataset.persons},
            )
            return redirect("needs:flow", pk=dataset.pk)
    return render(
        request,
        "needs/flows.html",
        {
            "datasets": policy.scope(
                request.user, EventDataset.objects.filter(organization=organization)
            ),
            "form": form,
            "issues": issues,
            "total": total,
            "active_area": AREA,
        },
    )


@object_view(EventDataset)
def flow_detail(request: HttpRequest, dataset: EventDataset) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, dataset)
    form = FlowForm(
        request.GET or None,
        initial={"referensdatum": dt.date.today().replace(month=1, day=1), "ar": 3},
    )
    context: dict[str, object] = {"dataset": dataset, "form": form, "active_area": AREA}
    if form.is_valid():
        result = flows.flow_of(
            request.user,
            dataset,
            FlowSettings(form.cleaned_data["referensdatum"], form.cleaned_data["ar"]),
        )
        context.update(
            result=result,
            patterns=[
                {"steps": " → ".join(KINDS.get(k, k) for k in p.steps), "n": p.n, "share": p.share}
                for p in result.patterns[:15]
            ],
            links=[
                {
                    "step": link.step,
                    "source": KINDS.get(link.source, link.source),
                    "target": KINDS.get(link.target, link.target),
                    "n": link.n,
                }
                for link in result.links
            ],
            timeline=mark_safe(
                flows.timeline_chart(
                    result,
                    _("Months from discharge to re-placement"),
                    (
                        _("Months"),
                        _("Re-placements"),
                        _("with outpatient support between"),
                        _("without outpatient support"),
                    ),
                )
            ),
        )
    language = get_language() or "sv"
    context["language"] = language
    return render(request, "needs/flow.html", context)
