"""Handling a flag and closing a deviation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.followup import services
from sikt.web.followup.forms import CloseDeviationForm, HandleFlagForm
from sikt.web.followup.models import Deviation, Flag
from sikt.web.followup.views.common import attempt
from sikt.web.scoped import object_view


@object_view(Flag)
def flag_handle(request: HttpRequest, flag: Flag) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, flag)
    allowed = flag.is_open and policy.can(request.user, policy.Action.CHANGE, flag)
    form = HandleFlagForm(request.POST or None)
    if (
        request.method == "POST"
        and allowed
        and form.is_valid()
        and attempt(
            request,
            lambda: services.flag_handle(
                actor=request.user, flag=flag, handling=form.cleaned_data["handling"]
            ),
            form,
        )
    ):
        messages.success(request, _("The flag is handled."))
        return redirect("followup:initiative", pk=flag.initiative_id)
    return render(
        request,
        "followup/flag_handle.html",
        {
            "flag": flag,
            "initiative": flag.initiative,
            "form": form,
            "allowed": allowed,
            "active_area": "uppfoljning",
        },
    )


@object_view(Deviation)
def deviation_close(request: HttpRequest, deviation: Deviation) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, deviation)
    allowed = deviation.is_open and policy.can(request.user, policy.Action.CHANGE, deviation)
    form = CloseDeviationForm(request.POST or None)
    if (
        request.method == "POST"
        and allowed
        and form.is_valid()
        and attempt(
            request,
            lambda: services.deviation_close(
                actor=request.user, deviation=deviation, resolution=form.cleaned_data["resolution"]
            ),
            form,
        )
    ):
        messages.success(request, _("The deviation is closed."))
        return redirect("followup:initiative", pk=deviation.initiative_id)
    return render(
        request,
        "followup/deviation_close.html",
        {
            "deviation": deviation,
            "initiative": deviation.initiative,
            "form": form,
            "allowed": allowed,
            "active_area": "uppfoljning",
        },
    )
