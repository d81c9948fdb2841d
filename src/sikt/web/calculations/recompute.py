"""The recompute action offered on a unit cost's page for each calculation that uses it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt.calc import InputError
from sikt.web import policy
from sikt.web.calculations import services, unit_cost_usage
from sikt.web.calculations.models import Calculation
from sikt.web.scoped import object_view


@object_view(Calculation)
def recompute(request: HttpRequest, calculation: Calculation) -> HttpResponse:
    """Recompute with the organisation's current unit costs (POST; GET asks to confirm),
    recorded in the history; refused for a calculation a decision rests on."""
    policy.require(request.user, policy.Action.CHANGE, calculation)
    decided = unit_cost_usage.is_decided(calculation)
    if request.method != "POST":
        return render(
            request, "calculations/recompute.html", {"calculation": calculation, "decided": decided}
        )
    if decided:
        raise PermissionDenied
    try:
        services.calculation_save_case(
            actor=request.user,
            initiative=calculation.initiative,
            data=calculation.case,
            note=_("Recomputed with the current unit costs."),
        )
    except InputError as error:
        language = get_language() or "sv"
        for issue in error.issues:
            messages.error(request, f"{issue.path}: {issue.message.in_language(language)}")
    else:
        messages.success(request, _("The calculation was recomputed with the current unit costs."))
    return redirect("calculations:detail", pk=calculation.pk)
