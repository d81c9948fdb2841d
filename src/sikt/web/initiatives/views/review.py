"""The coordinator's queue (one-month answer rule), base criteria, selection scores and the
side-by-side comparison of competing applications (003 steps 3 and 5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.initiatives import selectors, services
from sikt.web.initiatives.forms import CriteriaForm, ScoreForm
from sikt.web.initiatives.models import CriterionAssessment, Initiative, SelectionScore
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.scoped import object_view, request_organization


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.REVIEW, organization, model=Initiative)
    ruleset = ruleset_for(organization)
    return render(
        request,
        "initiatives/queue.html",
        {
            "rows": selectors.idea_queue(request.user, organization, ruleset),
            "ruleset": ruleset,
            "active_area": "satsningar",
        },
    )


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.REVIEW, organization, model=Initiative)
    ruleset = ruleset_for(organization)
    compared = selectors.review_comparison(request.user, organization, ruleset)
    rows = [
        (
            criterion,
            [(item, item.scores.get(criterion, []), item.mean_for(criterion)) for item in compared],
        )
        for criterion in ruleset.selection_criteria
    ]
    totals = [(item, item.total(ruleset.selection_criteria)) for item in compared]
    return render(
        request,
        "initiatives/compare.html",
        {"compared": compared, "rows": rows, "totals": totals, "active_area": "satsningar"},
    )


@object_view(Initiative)
def criteria(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    ruleset = ruleset_for(initiative.organization)
    current = {a.criterion: a for a in CriterionAssessment.objects.filter(initiative=initiative)}
    may_assess = policy.can(
        request.user, policy.Action.CHANGE, initiative, model=CriterionAssessment
    )
    form = CriteriaForm(
        request.POST if request.method == "POST" else None,
        criteria=ruleset.base_criteria,
        current=current,
    )
    if request.method == "POST":
        policy.require(request.user, policy.Action.CHANGE, initiative, model=CriterionAssessment)
        if form.is_valid():
            try:
                services.criteria_assess(
                    actor=request.user, initiative=initiative, assessments=form.assessments()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The base criteria assessment was saved."))
                return redirect("initiatives:detail", pk=initiative.pk)
    return render(
        request,
        "initiatives/criteria.html",
        {
            "initiative": initiative,
            "form": form,
            "current": [(c, current.get(c)) for c in ruleset.base_criteria],
            "may_assess": may_assess,
            "active_area": "satsningar",
        },
    )


@object_view(Initiative)
def scores(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    ruleset = ruleset_for(initiative.organization)
    mine = dict(
        SelectionScore.objects.filter(initiative=initiative, scorer=request.user).values_list(
            "criterion", "score"
        )
    )
    may_score = policy.can(request.user, policy.Action.CREATE, initiative, model=SelectionScore)
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        criteria=ruleset.selection_criteria,
        current=mine,
    )
    if request.method == "POST":
        policy.require(request.user, policy.Action.CREATE, initiative, model=SelectionScore)
        if form.is_valid():
            try:
                services.selection_scores_save(
                    actor=request.user, initiative=initiative, scores=form.scores()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your scores were saved."))
                return redirect("initiatives:detail", pk=initiative.pk)
    return render(
        request,
        "initiatives/scores.html",
        {
            "initiative": initiative,
            "form": form,
            "may_score": may_score,
            "active_area": "satsningar",
        },
    )
