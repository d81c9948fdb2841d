"""The yearly portfolio report: ask for a year, follow the progress, download the files.

Anyone in the organisation may read the reports; the coordinator, economists, analysts and the
steering group may ask for one. Every download is written to the audit trail (action "view").
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sikt.web import policy, queue
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.followup.models import YearlyReport
from sikt.web.followup.services.yearly import yearly_report_request
from sikt.web.initiatives.models import Initiative
from sikt.web.reports.views import DOCX_TYPE
from sikt.web.scoped import request_organization

FILES = {
    "pdf": "application/pdf",
    "docx": DOCX_TYPE,
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Reports listed on the page (the newest first).
LISTED = 20


def _years(organization: Organization) -> list[int]:
    this_year = timezone.localdate().year
    first = (
        Initiative.objects.filter(organization=organization, start_date__isnull=False)
        .order_by("start_date")
        .values_list("start_date__year", flat=True)
        .first()
    )
    return list(range(this_year, min(first or this_year, this_year) - 1, -1))


@login_required
def yearly_reports(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request, policy.Action.VIEW)
    years = _years(organization)
    error = refused = ""
    if request.method == "POST":
        try:
            year = int(request.POST.get("year", ""))
            yearly_report_request(actor=request.user, organization=organization, year=year)
        except (ValueError, ValidationError):
            error = "year"
        except queue.QueueFull as full:
            refused = str(full)
        else:
            return redirect("followup:yearly")
    reports = list(
        YearlyReport.objects.filter(organization=organization)
        .defer("pdf", "docx", "xlsx")
        .select_related("requested_by")[:LISTED]
    )
    return render(
        request,
        "followup/yearly.html",
        {
            "years": years,
            "chosen": timezone.localdate().year - 1,
            "reports": reports,
            "error": error,
            "refused": refused,
            "can_create": policy.can(
                request.user, policy.Action.CREATE, organization, model=YearlyReport
            ),
        },
    )


def yearly_status(request: HttpRequest, report: YearlyReport) -> HttpResponse:
    """One report's row, polled while it is generated."""
    policy.require(request.user, policy.Action.VIEW, report)
    return render(request, "followup/_yearly_row.html", {"report": report})


def yearly_file(request: HttpRequest, report: YearlyReport, fmt: str) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, report)
    content = getattr(report, fmt, None) if fmt in FILES else None
    if report.status != YearlyReport.Status.DONE or not content:
        raise Http404
    audit.record(
        actor=request.user,
        instance=report,
        action=AuditEntry.Action.VIEW,
        note=f"Årsrapport {report.year} hämtad ({fmt.upper()})",
    )
    response = HttpResponse(bytes(content), content_type=FILES[fmt])
    name = f"arsrapport-{report.year}-{report.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
