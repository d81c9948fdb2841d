"""The organisation's rule set: everyone reads it, the coordinator edits it (DOMAIN §4b)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikt.web import policy
from sikt.web.initiatives import services
from sikt.web.initiatives.forms import RuleSetForm
from sikt.web.initiatives.ruleset_templates import TEMPLATES
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.scoped import request_organization


@login_required
def ruleset_page(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    ruleset = ruleset_for(organization)
    policy.require(request.user, policy.Action.VIEW, ruleset)
    can_change = policy.can(request.user, policy.Action.CHANGE, ruleset)
    form = RuleSetForm(request.POST or None, instance=ruleset) if can_change else None
    if request.method == "POST":
        policy.require(request.user, policy.Action.CHANGE, ruleset)
        assert form is not None
        if form.is_valid():
            try:
                services.ruleset_save(
                    actor=request.user, organization=organization, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The rule set was saved."))
                return redirect("initiatives:ruleset")
    return render(
        request,
        "initiatives/ruleset.html",
        {
            "ruleset": ruleset,
            "form": form,
            "templates": TEMPLATES,
            "can_change": can_change,
            "active_area": "satsningar",
        },
    )


@require_POST
@login_required
def ruleset_template(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CHANGE, ruleset_for(organization))
    try:
        services.ruleset_apply_template(
            actor=request.user,
            organization=organization,
            template=request.POST.get("template", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The template was applied; adjust the values as needed."))
    return redirect("initiatives:ruleset")
