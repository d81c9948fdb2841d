"""Pages of the reports area: the decision document (preview, PDF, DOCX) and the portfolio.

Views stay thin: the document comes from :func:`sikt.web.reports.assemble.decision_document_for`
and is only laid out here. Anyone in the organisation who may view the initiative may read and
download its decision material; downloads are written to the audit trail (action "view"),
because decision material can be sensitive.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sikt.web import policy
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.initiatives.models import Initiative
from sikt.web.reports import export
from sikt.web.reports.archive import documents_of
from sikt.web.reports.assemble import decision_document_for
from sikt.web.reports.forms import PortfolioFilterForm
from sikt.web.reports.models import StoredDocument
from sikt.web.reports.portfolio import portfolio_for
from sikt.web.reports.render_docx import render_docx
from sikt.web.reports.render_pdf import render_pdf
from sikt.web.scoped import request_organization

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    """The decision document on screen, with the download buttons."""
    policy.require(request.user, policy.Action.VIEW, initiative)
    return render(
        request,
        "reports/document.html",
        {"initiative": initiative, "document": decision_document_for(initiative)},
    )


def _download(
    request: HttpRequest, initiative: Initiative, fmt: str, content_type: str
) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, initiative)
    document = decision_document_for(initiative)
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    audit.record(
        actor=request.user,
        instance=initiative,
        action=AuditEntry.Action.VIEW,
        note=f"Beslutsunderlag hämtat ({fmt.upper()})",
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.file_stem}.{fmt}"'
    return response


def document_pdf(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    return _download(request, initiative, "pdf", "application/pdf")


def document_docx(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    return _download(request, initiative, "docx", DOCX_TYPE)


def decisions(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    """Every decision taken on the initiative with the documents kept when it was taken."""
    policy.require(request.user, policy.Action.VIEW, initiative)
    rows = [
        (decision, documents_of(decision))
        for decision in initiative.decisions.select_related("recorded_by", "amendment")
    ]
    return render(
        request,
        "reports/decisions.html",
        {"initiative": initiative, "rows": rows, "active_area": "satsningar"},
    )


def stored_document(request: HttpRequest, document: StoredDocument) -> HttpResponse:
    """A decision's document as kept when the decision was taken: the same bytes every time."""
    initiative = document.decision.initiative
    policy.require(request.user, policy.Action.VIEW, initiative)
    audit.record(
        actor=request.user,
        instance=initiative,
        action=AuditEntry.Action.VIEW,
        note=f"Beslutets underlag hämtat ({document.file_name}, SHA-256 {document.sha256})",
    )
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    return response


PAGE_SIZE = 50

#: ``(sort key, label, numeric)`` of the portfolio's columns, in order.
COLUMNS = (
    ("title", _("Initiative"), False),
    ("state", _("State"), False),
    ("committee", _("Owning committee"), False),
    ("target_group", _("Target group"), False),
    ("months", _("Time period"), False),
    ("cost", _("Cost"), True),
    ("npv", _("Expected NPV, organisation"), True),
    ("probability", _("Probability of profit"), True),
    ("risk", _("Risk level"), False),
)


def _columns(query: str, sort: str) -> list[dict[str, object]]:
    """Header cells: a link that sorts by the column (again: the other way), and aria-sort."""
    columns = []
    for key, label, numeric in COLUMNS:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        target = key if not current or descending else f"-{key}"
        columns.append(
            {
                "label": label,
                "numeric": numeric,
                "url": "?" + "&".join(part for part in (query, f"sort={target}") if part),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return columns


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    """All initiatives of the organisation with their balance figures (004 §4)."""
    organization = request_organization(request, policy.Action.VIEW)
    form = PortfolioFilterForm(request.GET or None, organization=organization)
    filters = form.filters()
    result = portfolio_for(request.user, organization, filters)
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    query.pop("sort", None)
    return render(
        request,
        "reports/portfolio.html",
        {
            "form": form,
            "portfolio": result,
            "page": page,
            "columns": _columns(query.urlencode(), filters.sort),
            "page_query": urlencode({k: v for k, v in request.GET.items() if k != "sida"}),
        },
    )


@login_required
def portfolio_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered portfolio as an Excel workbook (all rows, not just one page)."""
    organization = request_organization(request, policy.Action.VIEW)
    form = PortfolioFilterForm(request.GET or None, organization=organization)
    result = portfolio_for(request.user, organization, form.filters())
    response = HttpResponse(
        export.portfolio_xlsx(result, organization.name),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="portfolj.xlsx"'
    return response
