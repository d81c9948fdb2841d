"""The audit trail of one record, for those allowed to see the record; the organisation's
access log of personal data, for its administrator."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst

from sikt.web import policy
from sikt.web.audit import readable
from sikt.web.audit.models import AuditEntry, PersonalDataAccess
from sikt.web.audit.personal import Kind
from sikt.web.paging import paginate


@login_required
def record_history(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """The changes to record ``label``/``pk`` (an HTMX fragment, or a page when opened alone)."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if getattr(model, "organization_path", None) is None:
        raise Http404
    obj = policy.get_scoped_or_404(request.user, model._default_manager.all(), pk=pk)
    policy.require(request.user, policy.Action.VIEW, obj)
    entries = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(obj.pk)
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )
    template = "audit/_history.html" if request.htmx else "audit/history_page.html"  # type: ignore[attr-defined]
    paged = paginate(request, entries)
    rows = [(entry, readable.lines(model, entry.changes)) for entry in paged["page"].object_list]
    return render(request, template, {"object": obj, "rows": rows, "label": label, **paged})


record_history.record_history_view = True  # type: ignore[attr-defined]


def _kind_of_dataset(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(capfirst(model._meta.verbose_name)) if model else content_type.model


@login_required
def personal_data_log(request: HttpRequest) -> HttpResponse:
    """Who viewed, exported or analysed which individual-level dataset, newest first; filtered
    by user (``anvandare``) and kind of access (``slag``), 50 to a page (``sida``)."""
    organization = request.organization  # type: ignore[attr-defined]
    if organization is None:
        raise Http404
    policy.require(request.user, policy.Action.VIEW, organization, model=PersonalDataAccess)
    entries = PersonalDataAccess.objects.filter(organization=organization).select_related(
        "content_type"
    )
    actors = sorted(set(entries.values_list("actor_name", flat=True)))
    actor = request.GET.get("anvandare", "")
    if actor in actors:
        entries = entries.filter(actor_name=actor)
    kind = request.GET.get("slag", "")
    if kind in Kind.values:
        entries = entries.filter(kind=kind)
    paged = paginate(request, entries)
    rows = [(entry, _kind_of_dataset(entry.content_type)) for entry in paged["page"].object_list]
    return render(
        request,
        "audit/personal_data.html",
        {
            "organization": organization,
            **paged,
            "rows": rows,
            "actors": actors,
            "actor": actor,
            "kinds": Kind.choices,
            "kind": kind,
        },
    )
