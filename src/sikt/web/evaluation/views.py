"""Evaluation pages: the area's list, an initiative's evaluation, upload, run, result."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt.files import FileError, csv_text
from sikt.web import policy, queue
from sikt.web.audit import personal
from sikt.web.evaluation import compute, economics, presentation, selectors, services
from sikt.web.evaluation.forms import RunForm, UploadForm
from sikt.web.evaluation.importing import read_records
from sikt.web.evaluation.models import EconomicEvaluation, EvaluationRun, OutcomeDataset
from sikt.web.initiatives.models import Initiative
from sikt.web.paging import paginate
from sikt.web.scoped import object_view, request_organization


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    paged = paginate(request, selectors.evaluated_initiatives(request.user, organization))
    shown = paged["page"].object_list
    latest = selectors.latest_done_runs(shown)
    rows = []
    for initiative in shown:
        run = latest.get(initiative.pk)
        view = presentation.run_view(run) if run else None
        rows.append({"initiative": initiative, "run": run, "view": view})
    return render(request, "evaluation/index.html", {"rows": rows, **paged})


def _can_evaluate(request: HttpRequest, initiative: Initiative) -> bool:
    return policy.can(request.user, policy.Action.CREATE, initiative, model=EvaluationRun)


@object_view(Initiative)
def for_initiative(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    design = selectors.design_of(initiative)
    can_see_data = policy.can(request.user, policy.Action.VIEW, initiative, model=OutcomeDataset)
    return render(
        request,
        "evaluation/initiative.html",
        {
            "initiative": initiative,
            "design": design,
            "criteria": selectors.criteria_of(initiative),
            "datasets": selectors.datasets_of(initiative) if can_see_data else None,
            "runs": selectors.runs_of(initiative),
            "can_evaluate": _can_evaluate(request, initiative),
            "estimators_offered": compute.estimators_for(design.kind if design else None),
        },
    )


@object_view(Initiative)
def upload(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    policy.require(request.user, policy.Action.CREATE, initiative, model=OutcomeDataset)
    form = UploadForm(request.POST or None, request.FILES or None)
    file_error: FileError | None = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            records = read_records(upload_file.read(), upload_file.name, initiative.organization)
        except FileError as error:
            file_error = error
        else:
            dataset = services.dataset_store(
                actor=request.user,
                initiative=initiative,
                records=records,
                file_name=upload_file.name,
            )
            messages.success(
                request,
                _("Outcome data version %(version)s was saved (%(n)s records, pseudonymised).")
                % {"version": dataset.version, "n": len(records.rows)},
            )
            return redirect("evaluation:run-new", pk=initiative.pk)
    return render(
        request,
        "evaluation/upload.html",
        {"initiative": initiative, "form": form, "file_error": file_error},
    )


@object_view(OutcomeDataset)
def dataset_export(request: HttpRequest, dataset: OutcomeDataset) -> HttpResponse:
    """The pseudonymised records as CSV, for re-analysis elsewhere; recorded in the access log."""
    policy.require(request.user, policy.Action.VIEW, dataset)
    body = csv_text(dataset.columns, dataset.rows)
    personal.record_access(
        actor=request.user,
        dataset=dataset,
        kind=personal.Kind.EXPORT,
        note=f"Utfallsdata version {dataset.version} hämtade (CSV, {len(dataset.rows)} poster)",
    )
    response = HttpResponse(body.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    name = f"utfallsdata-{dataset.initiative_id}-v{dataset.version}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@object_view(Initiative)
def run_new(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    policy.require(request.user, policy.Action.CREATE, initiative, model=EvaluationRun)
    datasets = OutcomeDataset.objects.filter(initiative=initiative).defer("rows")
    latest = datasets.first()
    if latest is None:
        return render(
            request, "evaluation/run_new.html", {"initiative": initiative, "no_data": True}
        )
    design = selectors.design_of(initiative)
    estimators = compute.estimators_for(design.kind if design else None)
    form = RunForm(
        request.POST or None,
        datasets=datasets,
        estimators=estimators,
        criteria=selectors.criteria_of(initiative),
        covariates=latest.covariates,
        initial={"dataset": latest},
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_start(
                actor=request.user,
                dataset=form.cleaned_data["dataset"],
                estimator=form.cleaned_data["estimator"],
                options=form.options(),
                criterion=form.cleaned_data["criterion"],
            )
        except queue.QueueFull as error:
            form.add_error(None, str(error))
        else:
            return redirect("evaluation:run", pk=run.pk)
    return render(
        request,
        "evaluation/run_new.html",
        {"initiative": initiative, "form": form, "design": design},
    )


@object_view(EvaluationRun)
def run_detail(request: HttpRequest, run: EvaluationRun) -> HttpResponse:
    initiative = run.dataset.initiative
    context: dict[str, Any] = {
        "initiative": initiative,
        "run": run,
        "view": presentation.run_view(run),
        "same_as": selectors.same_inputs_before(run),
        "can_evaluate": _can_evaluate(request, initiative),
        "can_economic": run.status == EvaluationRun.Status.DONE
        and policy.can(request.user, policy.Action.CREATE, initiative, model=EconomicEvaluation),
        "economic_evaluations": run.economic_evaluations.all(),
    }
    return render(request, "evaluation/run.html", context)


@object_view(EvaluationRun)
def run_status(request: HttpRequest, run: EvaluationRun) -> HttpResponse:
    response = render(request, "evaluation/_run_status.html", {"run": run})
    if run.finished and request.headers.get("HX-Request") and request.GET.get("poll"):
        response["HX-Refresh"] = "true"
    return response


def _confirm(request: HttpRequest, initiative: Initiative, title: str, text: str) -> HttpResponse:
    return render(
        request,
        "evaluation/confirm.html",
        {"initiative": initiative, "title": title, "text": text},
    )


@object_view(EvaluationRun)
def run_repeat(request: HttpRequest, run: EvaluationRun) -> HttpResponse:
    initiative = run.dataset.initiative
    policy.require(request.user, policy.Action.CREATE, initiative, model=EvaluationRun)
    if request.method != "POST":
        return _confirm(
            request,
            initiative,
            _("Run again with the same inputs"),
            _("The same data version, estimator, options and seed are run again."),
        )
    try:
        new = services.run_repeat(actor=request.user, run=run)
    except queue.QueueFull as error:
        messages.error(request, str(error))
        return redirect("evaluation:run", pk=run.pk)
    return redirect("evaluation:run", pk=new.pk)


def _outcome_choices(initiative: Initiative) -> list[economics.OutcomeChoice]:
    from sikt.web.calculations.frozen import decided_calculation
    from sikt.web.unitcosts.selectors import library_for

    frozen = decided_calculation(initiative)
    if not frozen or not frozen.get("case"):
        return []
    return economics.outcomes(frozen["case"], library_for(initiative.organization))


@object_view(EvaluationRun)
def economic_new(request: HttpRequest, run: EvaluationRun) -> HttpResponse:
    initiative = run.dataset.initiative
    policy.require(request.user, policy.Action.CREATE, initiative, model=EconomicEvaluation)
    choices = _outcome_choices(initiative)
    error = ""
    if request.method == "POST":
        key = request.POST.get("outcome", "")
        if key not in {choice.key for choice in choices}:
            error = _("Choose the outcome of the calculation that the estimate measures.")
        else:
            try:
                evaluation = services.economic_evaluation_create(
                    actor=request.user, run=run, outcome_key=key
                )
            except economics.EconomicsError as problem:
                error = problem.sv if (get_language() or "sv").startswith("sv") else problem.en
            else:
                return redirect("evaluation:economic", pk=evaluation.pk)
    return render(
        request,
        "evaluation/economic_new.html",
        {"initiative": initiative, "run": run, "choices": choices, "error": error},
    )


@object_view(EconomicEvaluation)
def economic_detail(request: HttpRequest, evaluation: EconomicEvaluation) -> HttpResponse:
    from sikt.web.funds.models import RepaymentRevision

    initiative = evaluation.run.dataset.initiative
    return render(
        request,
        "evaluation/economic.html",
        {
            "initiative": initiative,
            "evaluation": evaluation,
            "view": presentation.economic_view(evaluation),
            "can_propose": evaluation.revision_proposed_at is None
            and policy.can(request.user, policy.Action.CREATE, initiative, model=RepaymentRevision),
        },
    )


@object_view(EconomicEvaluation)
def economic_propose(request: HttpRequest, evaluation: EconomicEvaluation) -> HttpResponse:
    from sikt.web.funds.models import RepaymentRevision

    initiative = evaluation.run.dataset.initiative
    policy.require(request.user, policy.Action.CREATE, initiative, model=RepaymentRevision)
    if request.method != "POST":
        return _confirm(
            request,
            initiative,
            _("Propose the revised repayments to the fund"),
            _("One proposal per committee and year whose repayment changes; the fund decides."),
        )
    count = services.economic_revision_propose(actor=request.user, evaluation=evaluation)
    messages.success(
        request,
        _("%(count)s repayment revisions were proposed to the fund for decision.")
        % {"count": count},
    )
    return redirect("evaluation:economic", pk=evaluation.pk)
