"""Helpers shared by the fund's views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from sikt.web.accounts.models import Organization
from sikt.web.funds.models import Fund

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AREA = "fond"


def chosen_funds(
    request: HttpRequest, organization: Organization
) -> tuple[list[Fund], Fund | None]:
    """All parts of the organisation's fund, or the one ``?del=`` names."""
    funds = list(Fund.objects.filter(organization=organization))
    chosen = request.GET.get("del", "")
    if chosen.isdigit():
        for fund in funds:
            if fund.pk == int(chosen):
                return [fund], fund
    return funds, None


def download(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
