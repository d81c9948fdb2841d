"""Pages of shared models and the knowledge bank. Thin: parse, call a service, render.

A published model and its versions are readable by members of every organisation (that is
what publishing means); adoptions, the publish form and the sharing choice belong to the
user's own organisation (scoped, 404 for others).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sikt.web import policy
from sikt.web.calculations.models import Calculation
from sikt.web.scoped import object_view, request_organization
from sikt.web.sharing import knowledge, selectors, services, templates_apply
from sikt.web.sharing.forms import (
    KnowledgeSearchForm,
    PublishForm,
    SharedModelForm,
    SharingSettingForm,
)
from sikt.web.sharing.models import Adoption, SharedModel, SharedModelVersion

AREA = "delning"


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"sharing/{template}", {"active_area": AREA, **context})


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    return _render(
        request,
        "list.html",
        {
            "standings": selectors.catalogue(request.user, organization),
            "newer": selectors.newer_versions_count(organization),
            "can_publish": policy.can(
                request.user, policy.Action.CREATE, organization, model=SharedModel
            ),
        },
    )


@login_required
def model_create(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=SharedModel)
    form = SharedModelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            shared_model = services.shared_model_create(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("sharing:publish", shared_model.pk)
    return _render(request, "model_form.html", {"form": form})


def _published_model(request: HttpRequest, pk: int) -> SharedModel:
    queryset = policy.published(request.user, SharedModel.objects.select_related("organization"))
    return get_object_or_404(queryset, pk=pk)


@login_required
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shared_model = _published_model(request, pk)
    organization = request_organization(request)
    return _render(
        request,
        "model_detail.html",
        {
            "shared_model": shared_model,
            "standing": selectors.standing(request.user, organization, shared_model),
            "versions": shared_model.versions.select_related("published_by").order_by("-number"),
            "can_publish": policy.can(
                request.user, policy.Action.CREATE, shared_model, model=SharedModelVersion
            ),
            "can_adopt": policy.can(
                request.user, policy.Action.CREATE, organization, model=Adoption
            ),
        },
    )


@object_view(SharedModel)
def version_publish(request: HttpRequest, shared_model: SharedModel) -> HttpResponse:
    policy.require(request.user, policy.Action.CREATE, shared_model, model=SharedModelVersion)
    latest = shared_model.versions.order_by("-number").first()
    initial: dict[str, Any] = {}
    if latest is not None:
        initial = {
            "unit_costs": shared_model.organization.unit_costs.filter(
                key__in=[row["key"] for row in latest.content.get("unit_costs", [])]
            ),
            "source_description": latest.source_description,
        }
    form = PublishForm(
        request.POST or None, initial=initial, organization=shared_model.organization
    )
    if latest is not None:
        form.initial["type_cases"] = form.type_cases_like(latest.content.get("type_cases", []))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_publish(
                actor=request.user,
                shared_model=shared_model,
                source_description=form.cleaned_data["source_description"],
                changes=form.cleaned_data["changes"],
                unit_costs=list(form.cleaned_data["unit_costs"]),
                initiative=form.cleaned_data["initiative"],
                type_cases=form.chosen_type_cases(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(number)s is published.") % {"number": version.number}
            )
            return redirect("sharing:model", shared_model.pk)
    return _render(
        request, "publish.html", {"shared_model": shared_model, "form": form, "latest": latest}
    )


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = policy.published(
        request.user, SharedModelVersion.objects.select_related("shared_model__organization")
    )
    version = get_object_or_404(queryset, pk=pk)
    organization = request_organization(request)
    return _render(
        request,
        "version_detail.html",
        {
            "version": version,
            "view": selectors.content_view(version.content),
            "standing": selectors.standing(request.user, organization, version.shared_model),
            "adopted": Adoption.objects.filter(organization=organization, version=version).first(),
            "can_adopt": policy.can(
                request.user, policy.Action.CREATE, organization, model=Adoption
            )
            and version.shared_model.organization_id != organization.pk,
        },
    )


@login_required
@require_POST
def version_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = policy.published(request.user, SharedModelVersion.objects.all())
    version = get_object_or_404(queryset, pk=pk)
    try:
        adoption = services.version_adopt(
            actor=request.user, organization=request_organization(request), version=version
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("sharing:version", version.pk)
    messages.success(
        request,
        _("Version %(number)s of “%(title)s” is adopted.")
        % {"number": adoption.version_number, "title": adoption.model_title},
    )
    return redirect("sharing:adoption", adoption.pk)


@login_required
def adoption_list(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    adoptions = policy.scope(
        request.user, Adoption.objects.filter(organization=organization).select_related("version")
    )
    return _render(request, "adoption_list.html", {"adoptions": adoptions})


@object_view(Adoption)
def adoption_detail(request: HttpRequest, adoption: Adoption) -> HttpResponse:
    return _render(
        request,
        "adoption_detail.html",
        {
            "adoption": adoption,
            "view": selectors.content_view(adoption.content),
            "standing": selectors.standing(
                request.user, adoption.organization, adoption.version.shared_model
            ),
            "has_template": bool(adoption.content.get("logic_model")),
        },
    )


@object_view(Adoption)
def template_apply(request: HttpRequest, adoption: Adoption) -> HttpResponse:
    """Choose an initiative without a logic model and fill it from the adopted template."""
    choices = templates_apply.candidates(request.user, adoption)
    if request.method == "POST":
        initiative = next(
            (i for i in choices if str(i.pk) == request.POST.get("initiative", "")), None
        )
        if initiative is None:
            messages.error(request, _("Choose one of the initiatives listed."))
        else:
            try:
                added = templates_apply.template_apply(
                    actor=request.user, adoption=adoption, initiative=initiative
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(
                    request,
                    _("The template's %(count)s steps were added to “%(title)s”.")
                    % {"count": added, "title": initiative.title},
                )
                return redirect("design:logic-model", initiative.pk)
    return _render(
        request,
        "apply.html",
        {
            "adoption": adoption,
            "choices": choices,
            "has_template": bool(adoption.content.get("logic_model")),
        },
    )


@object_view(Adoption)
def type_case_use(request: HttpRequest, adoption: Adoption) -> HttpResponse:
    """Choose an adopted type case and one of the organisation's draft calculations, and copy
    the type case into it."""
    items = adoption.content.get("type_cases", [])
    choices = services.type_case_candidates(request.user, adoption)
    if request.method == "POST":
        policy.require(request.user, policy.Action.CHANGE, adoption.organization, model=Calculation)
        calculation = next(
            (c for c in choices if str(c.pk) == request.POST.get("calculation", "")), None
        )
        index = request.POST.get("type_case", "")
        if calculation is None or not index.isdigit() or int(index) >= len(items):
            messages.error(request, _("Choose a type case and one of the calculations listed."))
        else:
            try:
                source = services.type_case_use(
                    actor=request.user,
                    adoption=adoption,
                    index=int(index),
                    calculation=calculation,
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(
                    request,
                    _("The type case “%(name)s” was added to the calculation of “%(title)s”.")
                    % {"name": source.name, "title": calculation.initiative.title},
                )
                calculation.refresh_from_db()
                keys = [item["key"] for item in calculation.case["type_cases"]]
                url = reverse("calculations:type-case", args=[calculation.pk])
                return redirect(f"{url}?rad={keys.index(source.key)}")
    return _render(
        request,
        "type_case_use.html",
        {
            "adoption": adoption,
            "items": items,
            "choices": choices,
            "selected": request.POST.get("type_case", ""),
            "chosen_calculation": request.POST.get("calculation") or request.GET.get("kalkyl", ""),
        },
    )


@login_required
def knowledge_bank(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    form = KnowledgeSearchForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    return _render(
        request,
        "knowledge.html",
        {
            "form": form,
            "summaries": knowledge.search(
                outcome=values.get("outcome", ""),
                target_group=values.get("target_group", ""),
                design=values.get("design", ""),
            ),
            "setting": services.sharing_setting_of(organization),
        },
    )


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    setting = services.sharing_setting_of(organization)
    policy.require(request.user, policy.Action.VIEW, setting)
    can_change = policy.can(request.user, policy.Action.CHANGE, setting)
    form = SharingSettingForm(
        request.POST or None, initial={"share_summaries": setting.share_summaries}
    )
    if request.method == "POST":
        policy.require(request.user, policy.Action.CHANGE, setting)
        if form.is_valid():
            services.sharing_setting_save(
                actor=request.user,
                organization=organization,
                share_summaries=form.cleaned_data["share_summaries"],
            )
            messages.success(request, _("The sharing choice is saved."))
            return redirect("sharing:settings")
    return _render(
        request, "settings.html", {"form": form, "setting": setting, "can_change": can_change}
    )
