"""Pages of the reports area: the decision document (preview, PDF, DOCX) and the portfolio.

Views stay thin: the document comes from :func:`sikt.web.reports.assemble.decision_document_for`
and is only laid out here. Anyone in the organisation who may view the initiative may read and
download its decision material; downloads are written to the audit trail (action "view"),
because decision material can be sensitive.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sikt.web import policy
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.initiatives.models import Initiative
from sikt.web.reports.assemble import decision_document_for
from sikt.web.reports.render_docx import render_docx
from sikt.web.reports.render_pdf import render_pdf

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
