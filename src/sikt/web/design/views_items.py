"""Create, change and delete list records (elements, indicators, risks …) with HTMX.

With HTMX the form opens in place and a save re-renders only the page region the record lives
in (``HX-Retarget``); without JavaScript the same URLs serve full pages and redirect back, so
every edit also works with plain links and forms.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import retarget

from sikt.web import policy
from sikt.web.design import rules, services
from sikt.web.design.kinds import ITEM_KINDS, REGIONS, ItemKind, region_context
from sikt.web.initiatives.models import Initiative


def _page_url(kind: ItemKind, initiative: Initiative) -> str:
    region = REGIONS[kind.region]
    return f"{reverse(region.page, kwargs={'pk': initiative.pk})}#{region.key}"


def _render_region(request: HttpRequest, kind: ItemKind, initiative: Initiative) -> HttpResponse:
    region = REGIONS[kind.region]
    response = render(request, region.template, region_context(region, initiative, request.user))
    return retarget(response, f"#{region.key}")


def _done(request: HttpRequest, kind: ItemKind, initiative: Initiative, note: str) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        response = _render_region(request, kind, initiative)
        response["HX-Reswap"] = "outerHTML"
        return response
    messages.success(request, note)
    return redirect(_page_url(kind, initiative))


def _form_response(
    request: HttpRequest,
    kind: ItemKind,
    initiative: Initiative,
    form: Any,
    action: str,
    title: str,
) -> HttpResponse:
    context = {
        "form": form,
        "action": action,
        "title": title,
        "initiative": initiative,
        "active_area": "satsningar",
        "kind": kind,
        "cancel_url": _page_url(kind, initiative),
        "slot": getattr(request.htmx, "target", None) or "",  # type: ignore[attr-defined]
    }
    template = "design/_item_form.html" if request.htmx else "design/item_form_page.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _save(request: HttpRequest, form: Any, save: Any) -> bool:
    """Run ``save()``; a model validation error goes to its field and nothing is saved."""
    if not form.is_valid():
        return False
    try:
        save()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


def item_create(request: HttpRequest, parent: models.Model, *, kind: str) -> HttpResponse:
    item_kind = ITEM_KINDS[kind]
    initiative = parent if isinstance(parent, Initiative) else rules.initiative_of(parent)
    rules.require_edit(request.user, initiative, item_kind.model, policy.Action.CREATE)
    instance = item_kind.new_instance(parent)
    form = item_kind.form(
        request.POST or None,
        instance=instance,
        initial=item_kind.initial(parent, request.GET.dict()),
        **item_kind.form_kwargs(initiative),
    )
    if request.method == "POST" and _save(
        request, form, lambda: item_kind.create(request.user, initiative, form)
    ):
        return _done(request, item_kind, initiative, _("Saved."))
    action = request.get_full_path()
    return _form_response(request, item_kind, initiative, form, action, str(item_kind.title_new))


def item_edit(request: HttpRequest, obj: models.Model, *, kind: str) -> HttpResponse:
    item_kind = ITEM_KINDS[kind]
    initiative = rules.initiative_of(obj)
    rules.require_edit(request.user, initiative, item_kind.model, policy.Action.CHANGE)
    instance = type(obj)._default_manager.get(pk=obj.pk)
    form = item_kind.form(
        request.POST or None, instance=instance, **item_kind.form_kwargs(initiative)
    )
    if request.method == "POST" and _save(
        request,
        form,
        lambda: services.design_record_update(
            actor=request.user, instance=obj, **form.cleaned_data
        ),
    ):
        return _done(request, item_kind, initiative, _("Saved."))
    return _form_response(
        request, item_kind, initiative, form, request.get_full_path(), str(item_kind.title_edit)
    )


def item_delete(request: HttpRequest, obj: models.Model, *, kind: str) -> HttpResponse:
    item_kind = ITEM_KINDS[kind]
    initiative = rules.initiative_of(obj)
    rules.require_edit(request.user, initiative, item_kind.model, policy.Action.DELETE)
    if request.method == "POST":
        services.design_record_delete(actor=request.user, instance=obj)
        return _done(request, item_kind, initiative, _("Deleted."))
    return render(
        request,
        "design/item_delete.html",
        {
            "obj": obj,
            "initiative": initiative,
            "active_area": "satsningar",
            "cancel_url": _page_url(item_kind, initiative),
        },
    )
