"""Pages of the final report, the implementation plan and the implementation follow-up.

Anyone in the organisation who may see the initiative reads and downloads the documents (they
hold aggregates only, small counts suppressed); a download is written to the audit trail, as
for the decision material.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sikt.web import policy
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.evaluation import documents, implementation, plan_document, presentation
from sikt.web.evaluation.models import ImplementationPlan
from sikt.web.followup.models import ProgressReport
from sikt.web.initiatives.models import Initiative
from sikt.web.reports.document import DecisionDocument
from sikt.web.reports.render_docx import render_docx
from sikt.web.reports.render_pdf import render_pdf
from sikt.web.scoped import object_view

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {"pdf": "application/pdf", "docx": DOCX_TYPE}


@object_view(Initiative)
def final_report(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, initiative)
    return render(
        request,
        "evaluation/document.html",
        {
            "initiative": initiative,
            "document": documents.final_report_for(initiative),
            "kind": documents.FINAL_REPORT,
        },
    )


@object_view(Initiative)
def plan(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    """The implementation plan as decision material, with the way to fill it in."""
    policy.require(request.user, policy.Action.VIEW, initiative)
    decision, frozen = implementation.decided_plan(initiative)
    existing = ImplementationPlan.objects.filter(initiative=initiative).first()
    can_edit = (
        policy.can(request.user, policy.Action.CHANGE, existing)
        if existing
        else policy.can(request.user, policy.Action.CREATE, initiative, model=ImplementationPlan)
    )
    return render(
        request,
        "evaluation/document.html",
        {
            "initiative": initiative,
            "document": plan_document.implementation_plan_for(initiative),
            "kind": documents.IMPLEMENTATION_PLAN,
            "can_edit_plan": can_edit,
            "decision": decision,
            "frozen": frozen is not None,
        },
    )


def _download(
    request: HttpRequest,
    initiative: Initiative,
    document: DecisionDocument,
    kind: str,
    fmt: str,
) -> HttpResponse:
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    audit.record(
        actor=request.user,
        instance=initiative,
        action=AuditEntry.Action.VIEW,
        note=f"{document.subtitle} hämtad ({fmt.upper()})",
    )
    response = HttpResponse(content, content_type=TYPES[fmt])
    name = documents.file_stem(kind, document)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@object_view(Initiative)
def final_report_file(request: HttpRequest, initiative: Initiative, fmt: str) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, initiative)
    return _download(
        request, initiative, documents.final_report_for(initiative), documents.FINAL_REPORT, fmt
    )


@object_view(Initiative)
def plan_file(request: HttpRequest, initiative: Initiative, fmt: str) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, initiative)
    return _download(
        request,
        initiative,
        plan_document.implementation_plan_for(initiative)
        or plan_document.no_plan_document(initiative),
        documents.IMPLEMENTATION_PLAN,
        fmt,
    )


@object_view(Initiative)
def implementation_followup(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    """After the implementation decision: the same indicators in ordinary operations, side by
    side with the project's results."""
    policy.require(request.user, policy.Action.VIEW, initiative)
    decision = implementation.implementation_decision(initiative)
    rows = implementation.comparison(initiative, decision.decided_on) if decision else []
    return render(
        request,
        "evaluation/implementation.html",
        {
            "initiative": initiative,
            "decision": decision,
            "rows": rows,
            "charts": [
                presentation.implementation_chart(row, decision.decided_on)
                for row in rows
                if decision
            ],
            "can_request": decision is not None
            and policy.can(request.user, policy.Action.CREATE, initiative, model=ProgressReport),
        },
    )
