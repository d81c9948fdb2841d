"""Pages of the unit-cost library: list, detail, create/edit, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt.calc import InputError
from sikt.web import policy, queue
from sikt.web.paging import paginate
from sikt.web.scoped import object_view, request_organization
from sikt.web.unitcosts import importing, selectors, services, usage
from sikt.web.unitcosts.forms import FilterForm, ImportForm, UnitCostForm
from sikt.web.unitcosts.models import UnitCostEntry, UnitCostImport
from sikt.web.unitcosts.rows import IMPORT_LIMITS, cost_of

EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", ".csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}


def _caveats(entry: UnitCostEntry) -> list[str]:
    language = get_language() or "sv"
    return [text.in_language(language) for text in cost_of(entry).caveats()]


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
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
            **paginate(request, entries),
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
    organization = request_organization(request)
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


def _in_language(issues: list[dict[str, str]]) -> list[dict[str, str]]:
    """Issues (:func:`importing.issue_rows`) with the rule in the current language."""
    language = "en" if (get_language() or "sv").startswith("en") else "sv"
    return [{**issue, "rule": issue[language]} for issue in issues]


@login_required
def entry_import(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=UnitCostEntry)
    form = ImportForm(request.POST or None, request.FILES or None)
    issues: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            rows = importing.count_rows(data, upload.name)
            if rows > importing.BACKGROUND_ROWS:
                job = services.unit_costs_import_start(
                    actor=request.user,
                    organization=organization,
                    data=data,
                    name=upload.name,
                    rows=rows,
                )
                return redirect("unitcosts:import-status", pk=job.pk)
            summary = services.unit_costs_import(
                actor=request.user, organization=organization, data=data, name=upload.name
            )
        except InputError as error:
            issues = _in_language(importing.issue_rows(error))
        except queue.QueueFull as error:
            form.add_error(None, str(error))
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
        {
            "form": form,
            "issues": issues,
            "background_rows": importing.BACKGROUND_ROWS,
            "limits": IMPORT_LIMITS,
            "jobs": UnitCostImport.objects.filter(organization=organization)[:5],
            "active_area": "enhetskostnader",
        },
    )


@object_view(UnitCostImport)
def import_status(request: HttpRequest, job: UnitCostImport) -> HttpResponse:
    """The progress and outcome of a background import; polled by the page until finished."""
    policy.require(request.user, policy.Action.VIEW, job)
    polled = bool(request.headers.get("HX-Request") and request.GET.get("poll"))
    context = {
        "job": job,
        "issues": _in_language(job.issues),
        "active_area": "enhetskostnader",
    }
    if polled:
        response = render(request, "unitcosts/_import_job.html", context)
        if job.finished:
            response["HX-Refresh"] = "true"
        return response
    return render(request, "unitcosts/import_status.html", context)


@login_required
def entry_export(request: HttpRequest, kind: str) -> HttpResponse:
    organization = request_organization(request)
    if kind not in EXPORT_TYPES:
        raise Http404
    content_type, suffix = EXPORT_TYPES[kind]
    response = HttpResponse(selectors.export_bytes(organization, suffix), content_type=content_type)
    filename = f"enhetskostnader-{slugify(organization.name)}{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
