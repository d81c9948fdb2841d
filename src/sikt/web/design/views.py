"""Pages of an initiative's design: overview, logic model, risks, evaluation design,
communication plan, and one page per single-record section (target group, plans …)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.design import rules, selectors, services
from sikt.web.design.kinds import REGIONS, SECTIONS, region_context
from sikt.web.design.models import LogicModel
from sikt.web.design.requirements import design_requirements_for
from sikt.web.initiatives.models import Initiative
from sikt.web.paging import paginate

#: The main-navigation area these pages belong to.
AREA = "satsningar"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The organisation's initiatives, each with a link to its design."""
    organization = getattr(request, "organization", None)
    if organization is None:
        raise Http404
    initiatives = policy.scope(request.user, Initiative.objects.filter(organization=organization))
    return render(
        request, "design/index.html", {"active_area": AREA, **paginate(request, initiatives)}
    )


def _page(
    request: HttpRequest,
    initiative: Initiative,
    template: str,
    regions: tuple[str, ...],
    **extra: object,
) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, initiative)
    context: dict[str, object] = {
        "initiative": initiative,
        "active_area": AREA,
        "frozen_reason": rules.frozen_reason(initiative, REGIONS[regions[0]].models[0]),
        **extra,
    }
    for key in regions:
        context[key.replace("-", "_")] = region_context(REGIONS[key], initiative, request.user)
    return render(request, template, context)


def overview(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, initiative)
    summary = selectors.design_summary_for(initiative)
    return render(
        request,
        "design/overview.html",
        {
            "initiative": initiative,
            "active_area": AREA,
            "summary": summary,
            "requirements": design_requirements_for(initiative),
            "sections": SECTIONS,
        },
    )


def logic_model(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    return _page(
        request,
        initiative,
        "design/logic_model.html",
        ("logic-model",),
        can_edit_purpose=rules.can_edit(request.user, initiative, LogicModel),
    )


def risks(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    return _page(request, initiative, "design/risks.html", ("risks", "stop-criteria"))


def evaluation(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    return _page(
        request,
        initiative,
        "design/evaluation.html",
        ("success-criteria", "stakeholders"),
        comparison=selectors.comparison_design_for(initiative),
        follow_up=selectors.follow_up_plan_for(initiative),
        indicators=selectors.indicators_for(initiative),
    )


def communication(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    return _page(request, initiative, "design/communication.html", ("communication",))


def section_edit(request: HttpRequest, initiative: Initiative, *, section: str) -> HttpResponse:
    """Show one single-record section; its editors get the form (a plain form, no JS needed)."""
    policy.require(request.user, policy.Action.VIEW, initiative)
    found = SECTIONS[section]
    instance = found.model._default_manager.filter(initiative=initiative).first()
    can_edit = rules.can_edit(request.user, initiative, found.model)
    form = None
    if can_edit:
        form = found.form(
            request.POST or None,
            instance=instance or found.model(initiative=initiative),
            initial=None if instance else found.initial(initiative),
            **found.form_kwargs(initiative),
        )
    elif request.method == "POST":
        rules.require_edit(request.user, initiative, found.model)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.section_save(
                actor=request.user, initiative=initiative, model=found.model, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(section)s was saved.") % {"section": found.title})
            return redirect(found.back, pk=initiative.pk)
    return render(
        request,
        "design/section.html",
        {
            "initiative": initiative,
            "active_area": AREA,
            "section": found,
            "instance": instance,
            "form": form,
            "frozen_reason": rules.frozen_reason(initiative, found.model),
            "fields": _display_fields(instance, found.form),
            "comparison": selectors.comparison_design_for(initiative)
            if section == "follow-up"
            else None,
            "indicators": selectors.indicators_for(initiative) if section == "follow-up" else [],
        },
    )


def _display_fields(instance: object, form_class: type) -> list[tuple[str, object]]:
    """``(label, value)`` pairs for the read-only view of a section."""
    if instance is None:
        return []
    pairs = []
    for name in form_class._meta.fields:  # type: ignore[attr-defined]
        field = instance._meta.get_field(name)  # type: ignore[attr-defined]
        display = getattr(instance, f"get_{name}_display", None)
        value = display() if display else getattr(instance, name)
        pairs.append((str(field.verbose_name), value))
    return pairs
