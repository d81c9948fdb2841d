"""Pages of the qualitative records and the implementation plan (issue 11 items 4 and 5).

The stakeholder analysis is the design's stakeholder list (edited on the design's evaluation
page, also while the initiative is evaluated); this page lists it beside the interview and
focus-group notes linked to it and the component analysis. Views stay thin: a form, a service
call, a redirect; a stale form is refused by the optimistic lock and shown with both versions.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.design.models import ImplementationOutline, Stakeholder
from sikt.web.evaluation import rules, services
from sikt.web.evaluation.forms import (
    ComponentAssessmentForm,
    ImplementationPlanForm,
    InterviewNoteForm,
)
from sikt.web.evaluation.models import ComponentAssessment, ImplementationPlan, InterviewNote
from sikt.web.initiatives.models import Initiative
from sikt.web.scoped import object_view


def _can(request: HttpRequest, action: policy.Action, obj: Any, model: Any = None) -> bool:
    return policy.can(request.user, action, obj, model=model)


class Closed(Exception):
    """The record cannot be written in the initiative's state (the page says why)."""

    def __init__(self, initiative: Initiative, label: str) -> None:
        self.initiative, self.label = initiative, label


def _require(request: HttpRequest, action: policy.Action, obj: Any, model: Any = None) -> None:
    """403 unless the user may; when only the initiative's state closes the record to a role
    that may write it, a GET gets a page that says why (:class:`Closed`) instead of a bare
    refusal."""
    if _can(request, action, obj, model):
        return
    label = (model or type(obj))._meta.label_lower
    if (
        request.method == "GET"
        and policy.role_allows(request.user, action, obj, model=model)
        and not rules.open_for(action, label, obj)
    ):
        initiative = obj if isinstance(obj, Initiative) else obj.initiative
        raise Closed(initiative, label)
    raise PermissionDenied


def _closed(request: HttpRequest, closed: Closed) -> HttpResponse:
    if closed.label == "evaluation.implementationplan":
        reason = _(
            "The implementation plan is written after the project period, while the initiative "
            "is ended or evaluated; the implementation decision freezes it."
        )
    else:
        reason = _(
            "Notes and the component analysis are written while the initiative runs, has ended "
            "or is evaluated."
        )
    return render(
        request,
        "evaluation/closed.html",
        {"initiative": closed.initiative, "title": _("Cannot be changed now"), "text": reason},
    )


def closable(view: Any) -> Any:
    """Turn :class:`Closed` into its explaining page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, obj: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, obj, **kwargs)
        except Closed as closed:
            return _closed(request, closed)
        return response

    return wrapper


@object_view(Initiative)
def qualitative(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    """Stakeholders, interview and focus-group notes, and the component analysis."""
    can_notes = _can(request, policy.Action.VIEW, initiative, InterviewNote)
    return render(
        request,
        "evaluation/qualitative.html",
        {
            "initiative": initiative,
            "stakeholders": Stakeholder.objects.filter(initiative=initiative).prefetch_related(
                "interview_notes"
            ),
            "can_edit_stakeholders": _can(request, policy.Action.CREATE, initiative, Stakeholder),
            "notes": InterviewNote.objects.filter(initiative=initiative).prefetch_related(
                "stakeholders"
            )
            if can_notes
            else None,
            "can_add_note": _can(request, policy.Action.CREATE, initiative, InterviewNote),
            "components": ComponentAssessment.objects.filter(initiative=initiative).select_related(
                "element"
            ),
            "can_add_component": _can(
                request, policy.Action.CREATE, initiative, ComponentAssessment
            ),
        },
    )


def _back(initiative: Initiative, anchor: str) -> str:
    return f"{reverse('evaluation:qualitative', kwargs={'pk': initiative.pk})}#{anchor}"


def _form_page(
    request: HttpRequest, initiative: Initiative, form: Any, title: str, cancel: str
) -> HttpResponse:
    return render(
        request,
        "evaluation/record_form.html",
        {"initiative": initiative, "form": form, "title": title, "cancel_url": cancel},
    )


def _saved(form: Any, save: Any) -> bool:
    """Run ``save()``; a model validation error (or an edit conflict) goes to its field."""
    if not form.is_valid():
        return False
    try:
        save()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def _note_form(
    request: HttpRequest, initiative: Initiative, note: InterviewNote, title: str
) -> HttpResponse:
    form = InterviewNoteForm(
        request.POST if request.method == "POST" else None,
        instance=note,
        initiative=initiative,
    )

    def save() -> None:
        values = {
            name: form.cleaned_data[name] for name in form.Meta.fields if name != "stakeholders"
        }
        services.note_save(
            actor=request.user,
            initiative=initiative,
            note=note,
            stakeholders=list(form.cleaned_data["stakeholders"]),
            **values,
        )

    if request.method == "POST" and _saved(form, save):
        messages.success(request, _("The note was saved."))
        return redirect(_back(initiative, "notes"))
    return _form_page(request, initiative, form, title, _back(initiative, "notes"))


@object_view(Initiative)
@closable
def note_new(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    _require(request, policy.Action.CREATE, initiative, InterviewNote)
    return _note_form(
        request, initiative, InterviewNote(initiative=initiative), _("New interview or focus group")
    )


@object_view(InterviewNote)
@closable
def note_edit(request: HttpRequest, note: InterviewNote) -> HttpResponse:
    _require(request, policy.Action.CHANGE, note)
    return _note_form(request, note.initiative, note, _("Change the note"))


def _component_form(
    request: HttpRequest, initiative: Initiative, component: ComponentAssessment, title: str
) -> HttpResponse:
    form = ComponentAssessmentForm(
        request.POST if request.method == "POST" else None,
        instance=component,
        initiative=initiative,
    )

    def save() -> None:
        if component.pk is None:
            services.record_create(actor=request.user, initiative=initiative, instance=component)
        else:
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            services.record_update(actor=request.user, instance=component, **values)

    if request.method == "POST" and _saved(form, save):
        messages.success(request, _("The component assessment was saved."))
        return redirect(_back(initiative, "components"))
    return _form_page(request, initiative, form, title, _back(initiative, "components"))


@object_view(Initiative)
@closable
def component_new(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    _require(request, policy.Action.CREATE, initiative, ComponentAssessment)
    return _component_form(
        request,
        initiative,
        ComponentAssessment(initiative=initiative),
        _("New component in the analysis"),
    )


@object_view(ComponentAssessment)
@closable
def component_edit(request: HttpRequest, component: ComponentAssessment) -> HttpResponse:
    _require(request, policy.Action.CHANGE, component)
    return _component_form(
        request, component.initiative, component, _("Change the component assessment")
    )


def _delete(request: HttpRequest, record: models.Model, anchor: str) -> HttpResponse:
    initiative: Initiative = record.initiative  # type: ignore[attr-defined]
    _require(request, policy.Action.DELETE, record)
    if request.method != "POST":
        return render(
            request,
            "evaluation/confirm.html",
            {
                "initiative": initiative,
                "title": _("Delete “%(record)s”") % {"record": record},
                "text": _("The record is removed; the audit trail keeps its last values."),
            },
        )
    services.record_delete(actor=request.user, instance=record)
    messages.success(request, _("Deleted."))
    return redirect(_back(initiative, anchor))


@object_view(InterviewNote)
@closable
def note_delete(request: HttpRequest, note: InterviewNote) -> HttpResponse:
    return _delete(request, note, "notes")


@object_view(ComponentAssessment)
@closable
def component_delete(request: HttpRequest, component: ComponentAssessment) -> HttpResponse:
    return _delete(request, component, "components")


def _from_outline(initiative: Initiative) -> dict[str, Any]:
    """The planning-stage outline (design) as the first draft of the plan."""
    outline = ImplementationOutline.objects.filter(initiative=initiative).first()
    if outline is None:
        return {}
    return {
        "full_scale_cost": outline.full_scale_cost,
        "price_year": outline.price_year,
        "cost_basis": outline.full_scale_cost_basis,
        "financing": outline.financing,
        "replaces": outline.replaces,
    }


@object_view(Initiative)
@closable
def plan_edit(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    """Fill in or change the implementation plan (the first draft comes from the outline)."""
    plan = ImplementationPlan.objects.filter(initiative=initiative).first()
    if plan is None:
        _require(request, policy.Action.CREATE, initiative, ImplementationPlan)
        plan = ImplementationPlan(initiative=initiative)
    else:
        _require(request, policy.Action.CHANGE, plan)
    form = ImplementationPlanForm(
        request.POST if request.method == "POST" else None,
        instance=plan,
        initial=_from_outline(initiative) if plan.pk is None else None,
    )
    if request.method == "POST" and _saved(
        form, lambda: services.plan_save(actor=request.user, initiative=initiative, plan=plan)
    ):
        messages.success(request, _("The implementation plan was saved."))
        return redirect("evaluation:plan", pk=initiative.pk)
    return _form_page(
        request,
        initiative,
        form,
        _("Implementation plan"),
        reverse("evaluation:plan", kwargs={"pk": initiative.pk}),
    )
