"""Pages of the unit-cost library: list, detail, create/edit, import and export."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt.calc import InputError
from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.scoped import object_view
from sikt.web.unitcosts import selectors, services, usage
from sikt.web.unitcosts.forms import FilterForm, ImportForm, UnitCostForm
from sikt.web.unitcosts.models import UnitCostEntry
from sikt.web.unitcosts.rows import cost_of

EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", ".csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}


def _organization(request: HttpRequest) -> Organization:
    organization: Organization | None = request.organization  # type: ignore[attr-defined]
    if organization is None:
        raise Http404
    return organization


def _caveats(entry: UnitCostEntry) -> list[str]:
    language = get_language() or "sv"
    return [text.in_language(language) for text in cost_of(entry).caveats()]


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    filters = FilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    entries = selectors.entries_for(
        request.user,
        organization,
        search=values.get("q", ""),
        bearer=values.get("bearer", ""),
        confidence=values.get("confidence", ""),
        flag=values.get("flag", ""),
    )
    return render(
        request,
        "unitcosts/list.html",
        {
            "entries": entries,
            "filters": filters,
            "total": UnitCostEntry.objects.filter(organization=organization).count(),
            "can_change": policy.can(
                request.user, policy.Action.CREATE, organization, model=UnitCostEntry
            ),
            "active_area": "enhetskostnader",
        },
    )


@object_view(UnitCostEntry)
def entry_detail(request: HttpRequest, entry: UnitCostEntry) -> HttpResponse:
    return render(
        request,
        "unitcosts/detail.html",
        {
            "entry": entry,
            "caveats": _caveats(entry),
            "usages": usage.usages(entry, request.user),
            "can_change": policy.can(request.user, policy.Action.CHANGE, entry),
            "active_area": "enhetskostnader",
        },
    )


@login_required
def entry_create(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=UnitCostEntry)
    form = UnitCostForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid() and form.cost is not None:
        entry = services.unit_cost_create(
            actor=request.user, organization=organization, cost=form.cost
        )
        messages.success(request, _("The unit cost was saved."))
        return redirect("unitcosts:detail", pk=entry.pk)
    return render(
        request,
        "unitcosts/form.html",
        {"form": form, "entry": None, "active_area": "enhetskostnader"},
    )


@object_view(UnitCostEntry)
def entry_edit(request: HttpRequest, entry: UnitCostEntry) -> HttpResponse:
    policy.require(request.user, policy.Action.CHANGE, entry)
    form = UnitCostForm(request.POST or None, organization=entry.organization, entry=entry)
    if request.method == "POST" and form.is_valid() and form.cost is not None:
        services.unit_cost_update(actor=request.user, entry=entry, cost=form.cost)
        messages.success(request, _("The unit cost was saved."))
        return redirect("unitcosts:detail", pk=entry.pk)
    return render(
        request,
        "unitcosts/form.html",
        {"form": form, "entry": entry, "active_area": "enhetskostnader"},
    )


def _issue_rows(error: InputError) -> list[dict[str, str]]:
    """Each issue as file, row, column and rule in the current language."""
    language = get_language() or "sv"
    rows = []
    for issue in error.issues:
        row = re.search(r"rad/row (\d+)", issue.path)
        column = re.search(r"(?:, |kolumn/column )(\w+)$", issue.path)
        rows.append(
            {
                "file": error.source,
                "row": row.group(1) if row else "–",
                "column": column.group(1) if column else "–",
                "rule": issue.message.in_language(language),
            }
        )
    return rows


@login_required
def entry_import(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=UnitCostEntry)
    form = ImportForm(request.POST or None, request.FILES or None)
    issues: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = services.unit_costs_import(
                actor=request.user, organization=organization, data=upload.read(), name=upload.name
            )
        except InputError as error:
            issues = _issue_rows(error)
        else:
            messages.success(
                request,
                _("Imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                % {
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                },
            )
            return redirect("unitcosts:list")
    return render(
        request,
        "unitcosts/import.html",
        {"form": form, "issues": issues, "active_area": "enhetskostnader"},
    )


@login_required
def entry_export(request: HttpRequest, kind: str) -> HttpResponse:
    organization = _organization(request)
    if kind not in EXPORT_TYPES:
        raise Http404
    content_type, suffix = EXPORT_TYPES[kind]
    response = HttpResponse(selectors.export_bytes(organization, suffix), content_type=content_type)
    filename = f"enhetskostnader-{slugify(organization.name)}{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
