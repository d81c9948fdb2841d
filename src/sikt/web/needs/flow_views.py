"""Flow analysis pages: uploading pseudonymised event files and the analysis of one (and the
upload page shared with the other individual-level datasets)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt import charts
from sikt.analysis.flow import KINDS
from sikt.analysis.flow_results import FlowResult
from sikt.analysis.importers import ImportRejected
from sikt.web import policy, queue
from sikt.web.accounts.models import Organization
from sikt.web.audit import personal
from sikt.web.needs import flow_runs, flows, selectors, services
from sikt.web.needs.forms import ChooseAnalysisForm
from sikt.web.needs.indicator_forms import FlowForm, FlowUploadForm, first_flow_settings
from sikt.web.needs.indicator_views import EXPORTS, _issue_rows
from sikt.web.needs.models import (
    EventDataset,
    FlowChart,
    FlowRun,
    MeasurementDataset,
    outcome_text,
)
from sikt.web.needs.views import AREA
from sikt.web.scoped import object_view, request_organization


def upload_page(
    request: HttpRequest,
    *,
    model: type[EventDataset | MeasurementDataset],
    form_class: type[forms.Form],
    save: Callable[[Organization, forms.Form], EventDataset | MeasurementDataset | FlowRun],
    saved: str,
    detail: str,
    template: str,
    extra: dict[str, object] | None = None,
    detail_query: Callable[[forms.Form], dict[str, str | list[str]]] | None = None,
) -> HttpResponse:
    """An individual-level dataset list with its upload form: validated and pseudonymised by
    ``save``; on any error nothing is kept and the rows are listed; ``saved`` is the message
    (``%(rows)d``, ``%(persons)d``) before going to the new dataset's ``detail`` page (with
    ``detail_query`` of the form as its query, when given). A ``save`` that queued the file
    (:class:`FlowRun`) leads to the run's page."""
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=model)
    form = form_class(request.POST or None, request.FILES or None)
    issues: list[dict[str, str]] = []
    total = 0
    if request.method == "POST" and form.is_valid():
        try:
            dataset = save(organization, form)
        except ImportRejected as error:
            issues, total = _issue_rows(error), error.total
        except queue.QueueFull as error:
            form.add_error(None, str(error))
        else:
            if isinstance(dataset, FlowRun):
                return redirect("needs:flow-run", pk=dataset.pk)
            messages.success(request, saved % {"rows": dataset.rows, "persons": dataset.persons})
            url = reverse(detail, kwargs={"pk": dataset.pk})
            if detail_query is not None:
                url = f"{url}?{urlencode(detail_query(form), doseq=True)}"
            return redirect(url)
    datasets = model._default_manager.filter(organization=organization)
    return render(
        request,
        template,
        {
            "datasets": policy.scope(request.user, datasets),
            "form": form,
            "issues": issues,
            "total": total,
            "active_area": AREA,
            **(extra or {}),
        },
    )


@login_required
def flow_list(request: HttpRequest) -> HttpResponse:
    """Event datasets and the upload, with the flow analysis to run on the file: a large file
    is analysed with it in the background, a smaller one opens its page with it chosen."""

    def save(organization: Organization, form: forms.Form) -> EventDataset | FlowRun:
        assert isinstance(form, FlowUploadForm)
        upload = form.cleaned_data["file"]
        data = upload.read()
        rows = flow_runs.event_rows(upload.name, data)
        if rows > flow_runs.BACKGROUND_ROWS:
            return services.flow_run_start(
                actor=request.user,
                organization=organization,
                title=form.cleaned_data["title"],
                name=upload.name,
                data=data,
                rows=rows,
                flow_settings=form.flow_settings(),
            )
        return flows.event_dataset_upload(
            actor=request.user,
            organization=organization,
            title=form.cleaned_data["title"],
            name=upload.name,
            data=data,
        )

    def chosen(form: forms.Form) -> dict[str, str | list[str]]:
        assert isinstance(form, FlowUploadForm)
        return FlowForm.query(form.flow_settings())

    runs = FlowRun.objects.filter(organization=request_organization(request))[:5]

    return upload_page(
        request,
        model=EventDataset,
        form_class=FlowUploadForm,
        save=save,
        saved=_("%(rows)d events of %(persons)d persons were saved with pseudonyms."),
        detail="needs:flow",
        template="needs/flows.html",
        extra={"runs": runs, "background_rows": flow_runs.BACKGROUND_ROWS},
        detail_query=chosen,
    )


def _flow_form(request: HttpRequest, *, bound: bool = False) -> FlowForm:
    """The chosen population; an export without a choice uses the form's defaults."""
    first = first_flow_settings()
    if request.GET or not bound:
        return FlowForm(request.GET or None, initial=FlowForm.query(first))
    return FlowForm(FlowForm.query(first))


def _result(
    request: HttpRequest, dataset: EventDataset, form: FlowForm, export: str = ""
) -> FlowResult:
    return flows.flow_of(request.user, dataset, form.flow_settings(), export=export)


def _sankey(result: FlowResult) -> charts.Sankey:
    return flows.sankey_chart(result.links, _("Trajectories step by step"), _("Step"), _("persons"))


def _timeline(result: FlowResult) -> charts.BarChart:
    return flows.timeline_chart(
        result,
        _("Months from discharge to re-placement"),
        (
            _("Months"),
            _("Re-placements"),
            _("with outpatient support between"),
            _("without outpatient support"),
        ),
    )


def _save_chart(request: HttpRequest, dataset: EventDataset) -> HttpResponse:
    """Keep the analysis's Sankey diagram on the chosen needs analysis."""
    form = FlowForm(request.POST)
    choice = ChooseAnalysisForm(
        request.POST,
        analyses=selectors.changeable_analyses(request.user, dataset.organization),
    )
    if not (form.is_valid() and choice.is_valid()):
        messages.error(request, _("Choose the needs analysis the chart supports."))
        return redirect("needs:flow", pk=dataset.pk)
    analysis = choice.cleaned_data["analysis"]
    flows.flow_chart_save(
        actor=request.user,
        dataset=dataset,
        flow_settings=form.flow_settings(),
        analysis=analysis,
    )
    messages.success(request, _("The Sankey diagram was added to the needs analysis."))
    return redirect("needs:detail", pk=analysis.pk)


@object_view(EventDataset)
def flow_detail(request: HttpRequest, dataset: EventDataset) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, dataset)
    if request.method == "POST":
        return _save_chart(request, dataset)
    form = _flow_form(request)
    context: dict[str, object] = {}
    if form.is_valid():
        context = _result_context(request, dataset, form, _result(request, dataset, form))
    return _flow_page(request, dataset, form, context)


def _flow_page(
    request: HttpRequest, dataset: EventDataset, form: FlowForm, context: dict[str, object]
) -> HttpResponse:
    context.update(dataset=dataset, form=form, active_area=AREA, language=get_language() or "sv")
    return render(request, "needs/flow.html", context)


def _result_context(
    request: HttpRequest, dataset: EventDataset, form: FlowForm, result: FlowResult
) -> dict[str, object]:
    """What the flow page shows of ``result`` (the choices of ``form``, which is valid)."""
    analyses = selectors.changeable_analyses(request.user, dataset.organization)
    query = FlowForm.query(form.flow_settings())
    return {
        "attach": ChooseAnalysisForm(analyses=analyses) if analyses.exists() else None,
        "result": result,
        "patterns": [
            {"steps": " → ".join(KINDS.get(k, k) for k in p.steps), "n": p.n, "share": p.share}
            for p in result.patterns[:15]
        ],
        "links": [
            {
                "step": link.step,
                "source": KINDS.get(link.source, link.source),
                "target": KINDS.get(link.target, link.target),
                "n": link.n,
            }
            for link in result.links
        ],
        "sankey": mark_safe(charts.svg(_sankey(result), height=4.2)),
        "timeline": mark_safe(charts.svg(_timeline(result))),
        "query": urlencode(query, doseq=True),
        "outcome": outcome_text(result.settings.outcome_kinds),
    }


def _sheets() -> dict[str, list[str]]:
    return {
        "groups": [
            _("Re-placements"),
            _("Path"),
            _("Number"),
            _("Share"),
            _("With outpatient support between"),
            _("Share with outpatient support"),
        ],
        "links": [_("Transitions"), _("Step"), _("From"), _("To"), _("Persons")],
        "patterns": [_("Trajectories"), _("Trajectory"), _("Persons"), _("Share")],
        "months": [
            _("Months to re-placement"),
            _("Months"),
            _("with outpatient support between"),
            _("without outpatient support"),
        ],
    }


@object_view(EventDataset)
def flow_export(request: HttpRequest, dataset: EventDataset, kind: str) -> HttpResponse:
    """The analysis's tables as XLSX, or its Sankey diagram or timeline as SVG or PNG."""
    policy.require(request.user, policy.Action.VIEW, dataset)
    form = _flow_form(request, bound=True)
    if kind not in FLOW_EXPORTS or not form.is_valid():
        raise Http404
    result = _result(request, dataset, form, export=kind.upper())
    suffix = kind.rsplit(".", 1)[-1]
    if kind == "xlsx":
        body = flows.flow_xlsx(result, _sheets())
    else:
        chart = _sankey(result) if kind.startswith("sankey") else _timeline(result)
        body = (
            charts.png(chart, height=4.2)
            if suffix == "png"
            else charts.svg(chart, height=4.2).encode("utf-8")
        )
    response = HttpResponse(body, content_type=EXPORTS[suffix])
    name = slugify(f"flodesanalys-{dataset.title}-{kind.split('.')[0]}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
    return response


#: What the flow page exports: its tables, and each chart in both formats.
FLOW_EXPORTS = ("xlsx", "sankey.svg", "sankey.png", "timeline.svg", "timeline.png")


@object_view(FlowChart)
def chart_export(request: HttpRequest, chart: FlowChart, suffix: str) -> HttpResponse:
    """A needs analysis's saved Sankey diagram as SVG or PNG."""
    policy.require(request.user, policy.Action.VIEW, chart)
    diagram = flows.saved_sankey(chart)
    body = (
        charts.png(diagram, height=4.2)
        if suffix == "png"
        else charts.svg(diagram, height=4.2).encode("utf-8")
    )
    response = HttpResponse(body, content_type=EXPORTS[suffix])
    name = slugify(f"sankey-{chart.analysis.title}-{chart.pk}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
    return response


@object_view(FlowChart)
def chart_remove(request: HttpRequest, chart: FlowChart) -> HttpResponse:
    """Confirm, then take a saved Sankey diagram off its needs analysis."""
    policy.require(request.user, policy.Action.DELETE, chart)
    analysis = chart.analysis
    if request.method != "POST":
        return render(
            request,
            "needs/chart_remove.html",
            {"chart": chart, "analysis": analysis, "active_area": AREA},
        )
    flows.flow_chart_remove(actor=request.user, chart=chart)
    messages.success(request, _("The chart was removed from the needs analysis."))
    return redirect("needs:detail", pk=analysis.pk)


@object_view(FlowRun)
def flow_run(request: HttpRequest, run: FlowRun) -> HttpResponse:
    """A background flow analysis: its progress (polled until it has ended), why it failed,
    or its result as the flow page shows it (each view logged in the access log)."""
    policy.require(request.user, policy.Action.VIEW, run)
    if run.status == FlowRun.Status.DONE and run.dataset is not None:
        dataset = run.dataset
        policy.require(request.user, policy.Action.VIEW, dataset)
        result = flow_runs.stored_result(run)
        form = FlowForm(FlowForm.query(result.settings))
        form.is_valid()
        personal.record_access(
            actor=request.user,
            dataset=dataset,
            kind=personal.Kind.VIEW,
            note=f"Flödesanalys visad (bakgrundskörning {run.pk}): "
            + flows.settings_note(result.settings),
        )
        context = _result_context(request, dataset, form, result)
        # The page shows the run's choice; choosing again analyses the saved dataset.
        context.update(run=run, form_action=reverse("needs:flow", kwargs={"pk": dataset.pk}))
        return _flow_page(request, dataset, form, context)
    language = get_language() or "sv"
    context = {
        "run": run,
        "issues": [
            {**issue, "rule": issue["rule_sv"] if language == "sv" else issue["rule_en"]}
            for issue in run.issues
        ],
        "active_area": AREA,
    }
    if request.headers.get("HX-Request") and request.GET.get("poll"):
        response = render(request, "needs/_flow_run.html", context)
        if run.finished:
            response["HX-Refresh"] = "true"
        return response
    return render(request, "needs/flow_run.html", context)
