"""The parts of the organisation's fund and its reporting periods (coordinator)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.funds import periods
from sikt.web.funds.forms import FundForm
from sikt.web.funds.models import Fund, ReportingPeriod
from sikt.web.funds.services.funds import fund_create, reporting_periods_save
from sikt.web.funds.views.common import AREA
from sikt.web.scoped import request_organization

PeriodFormSet = forms.modelformset_factory(
    ReportingPeriod, fields=("key", "label", "end_month", "end_day"), extra=1
)


@login_required
def parts(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=Fund)
    periods.ensure_periods(organization)
    queryset = ReportingPeriod.objects.filter(organization=organization)
    fund_form = FundForm(request.POST if "add_fund" in request.POST else None, prefix="fund")
    formset = PeriodFormSet(
        request.POST if "save_periods" in request.POST else None,
        queryset=queryset,
        prefix="periods",
    )
    if request.method == "POST" and "add_fund" in request.POST and fund_form.is_valid():
        try:
            fund_create(actor=request.user, organization=organization, **fund_form.cleaned_data)
        except ValidationError as error:
            fund_form.add_error(None, error)
        else:
            messages.success(request, _("The part of the fund was created."))
            return redirect("funds:parts")
    if request.method == "POST" and "save_periods" in request.POST and formset.is_valid():
        try:
            reporting_periods_save(
                actor=request.user,
                organization=organization,
                rows=[form.cleaned_data for form in formset.forms if form.cleaned_data],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The reporting periods were saved."))
            return redirect("funds:parts")
    return render(
        request,
        "funds/parts.html",
        {
            "funds": Fund.objects.filter(organization=organization),
            "fund_form": fund_form,
            "formset": formset,
            "active_area": AREA,
        },
    )
