"""Taking a step of the lifecycle or of an amendment from the initiative page (with a form when
a reason or a decision record is needed)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.initiatives import requirements, selectors, services
from sikt.web.initiatives.amendments import AMENDMENT_STEPS_BY_KEY
from sikt.web.initiatives.forms import TransitionForm
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.workflow import TRANSITIONS_BY_KEY
from sikt.web.scoped import object_view


@object_view(Initiative)
def initiative_step(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    key = request.POST.get("transition") or request.GET.get("transition", "")
    transition = TRANSITIONS_BY_KEY.get(key) or AMENDMENT_STEPS_BY_KEY.get(key)
    if transition is None:
        ruleset = ruleset_for(initiative.organization)
        return render(
            request,
            "initiatives/steps.html",
            {
                "initiative": initiative,
                "next_steps": selectors.next_steps(request.user, initiative, ruleset),
                "active_area": "satsningar",
            },
        )
    if not policy.can_transition(request.user, initiative, transition.key):
        raise PermissionDenied
    needs_form = transition.needs_reason or transition.needs_decision
    form = TransitionForm(
        request.POST if request.method == "POST" and "submitted" in request.POST else None,
        transition=transition,
        initiative=initiative,
    )
    if request.method == "POST" and (not needs_form or form.is_valid()):
        fields = form.decision_fields() if needs_form else {}
        try:
            if key in AMENDMENT_STEPS_BY_KEY:
                services.amendment_step(
                    actor=request.user, initiative=initiative, step_key=key, **fields
                )
            else:
                services.initiative_transition(
                    actor=request.user, initiative=initiative, transition_key=key, **fields
                )
        except ValidationError as exc:
            if needs_form and hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                for message in exc.messages:
                    messages.error(request, message)
                return redirect("initiatives:detail", pk=initiative.pk)
        else:
            messages.success(
                request,
                _("Done: %(step)s. The state is now “%(state)s”.")
                % {"step": transition.label, "state": initiative.state_label},
            )
            return redirect("initiatives:detail", pk=initiative.pk)
    # What the step still needs, each linked to the page that fixes it (the amendment steps
    # are checked by their own service).
    needed = TRANSITIONS_BY_KEY[key].requirements if key in TRANSITIONS_BY_KEY else ()
    return render(
        request,
        "initiatives/step_form.html",
        {
            "initiative": initiative,
            "transition": transition,
            "form": form,
            "missing": requirements.unmet(initiative, needed, ruleset_for(initiative.organization)),
            "active_area": "satsningar",
        },
    )
