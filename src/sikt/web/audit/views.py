"""The audit trail of one record, for those allowed to see the record."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sikt.web import policy
from sikt.web.audit import readable
from sikt.web.audit.models import AuditEntry
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
