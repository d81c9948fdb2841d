"""The list of initiatives, a new idea, the initiative page and editing the idea and plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.initiatives import lock, selectors, services
from sikt.web.initiatives.amendments import pending_amendment
from sikt.web.initiatives.forms import IdeaForm, PlanForm
from sikt.web.initiatives.models import Comment, Initiative
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.sections import detail_sections
from sikt.web.initiatives.states import DeadlineMode
from sikt.web.paging import paginate
from sikt.web.scoped import object_view, request_organization


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    ruleset = ruleset_for(organization)
    return render(
        request,
        "initiatives/list.html",
        {
            **paginate(request, selectors.initiatives_of(request.user, organization)),
            "can_create": policy.can(
                request.user, policy.Action.CREATE, organization, model=Initiative
            ),
            "can_review": policy.can(
                request.user, policy.Action.REVIEW, organization, model=Initiative
            ),
            "ruleset": ruleset,
            "next_deadline": ruleset.next_deadline(timezone.localdate())
            if ruleset.deadline_mode == DeadlineMode.FIXED
            else None,
            "active_area": "satsningar",
        },
    )


@login_required
def initiative_new(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=Initiative)
    form = IdeaForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The idea was saved as a draft."))
            return redirect("initiatives:detail", pk=initiative.pk)
    return render(
        request,
        "initiatives/form.html",
        {"form": form, "heading": _("New idea"), "active_area": "satsningar"},
    )


@object_view(Initiative)
def initiative_detail(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    ruleset = ruleset_for(initiative.organization)
    sections = [(section.label, section.url_name) for section in detail_sections()]
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "ruleset": ruleset,
            "next_steps": selectors.next_steps(request.user, initiative, ruleset),
            "checklist": selectors.checklist(initiative, ruleset),
            "decisions": initiative.decisions.select_related("recorded_by", "amendment"),
            "grant": selectors.current_grant(initiative),
            "amendment": pending_amendment(initiative),
            "open_comments": initiative.comments.filter(resolved=False).count(),
            "versions": initiative.versions.count(),
            "sections": sections,
            "can_edit": policy.can(request.user, policy.Action.CHANGE, initiative),
            "read_only_reason": lock.closed_reason(initiative),
            "can_comment": policy.can(
                request.user, policy.Action.CREATE, initiative, model=Comment
            ),
            "active_area": "satsningar",
        },
    )


def _edit(
    request: HttpRequest, initiative: Initiative, form_class: type, heading: str, **kwargs: Any
) -> HttpResponse:
    policy.require(request.user, policy.Action.CHANGE, initiative)
    form = form_class(
        request.POST or None, instance=Initiative.objects.get(pk=initiative.pk), **kwargs
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("initiatives:detail", pk=initiative.pk)
    return render(
        request,
        "initiatives/form.html",
        {"form": form, "heading": heading, "initiative": initiative, "active_area": "satsningar"},
    )


@object_view(Initiative)
def idea_edit(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    return _edit(
        request, initiative, IdeaForm, _("Idea description"), organization=initiative.organization
    )


@object_view(Initiative)
def plan_edit(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    return _edit(
        request,
        initiative,
        PlanForm,
        _("Project plan"),
        ruleset=ruleset_for(initiative.organization),
    )
