"""The fund at a glance, its ledger, one entry, and the coordinator's bookings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sikt import charts
from sikt.web import policy
from sikt.web.funds import periods, selectors
from sikt.web.funds.export import ledger_xlsx
from sikt.web.funds.forms import AllocationForm, ClosePeriodForm, CorrectionForm
from sikt.web.funds.models import ClosedPeriod, Fund, LedgerEntry
from sikt.web.funds.money import to_kronor, to_ore
from sikt.web.funds.presentation import rests_on
from sikt.web.funds.services import ledger as services
from sikt.web.funds.views.common import AREA, chosen_funds, download
from sikt.web.scoped import object_view, request_organization

PAGE_SIZE = 50


def _chart(rows: list[selectors.YearRow]) -> str:
    """Per year: what came in (allocations, repayments), what went out and the balance."""
    return mark_safe(
        charts.svg(
            charts.BarChart(
                title=_("The fund per year"),
                categories=tuple(str(row.year) for row in rows),
                series=(
                    (_("Allocated"), tuple(float(to_kronor(r.figures.allocated)) for r in rows)),
                    (_("Paid out"), tuple(float(to_kronor(r.figures.paid)) for r in rows)),
                    (_("Repaid"), tuple(float(to_kronor(r.figures.repaid)) for r in rows)),
                    (
                        _("Balance at year end"),
                        tuple(float(to_kronor(r.cumulative.balance)) for r in rows),
                    ),
                ),
                value_label=_("Amount"),
                category_label=_("Year"),
            )
        )
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    funds, chosen = chosen_funds(request, organization)
    by_year = selectors.figures_by_year(funds)
    rows = selectors.year_rows(by_year)
    return render(
        request,
        "funds/overview.html",
        {
            "funds": Fund.objects.filter(organization=organization),
            "chosen": chosen,
            "rows": rows,
            "total": selectors.total(by_year),
            "chart": _chart(rows) if rows else None,
            "can_book": policy.can(
                request.user, policy.Action.CREATE, organization, model=LedgerEntry
            ),
            "can_manage": policy.can(request.user, policy.Action.CREATE, organization, model=Fund),
            "closed": ClosedPeriod.objects.filter(organization=organization)[:12],
            "period_labels": periods.labels(organization),
            "active_area": AREA,
        },
    )


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    funds, chosen = chosen_funds(request, organization)
    entries = selectors.ledger(funds)
    kind = request.GET.get("slag", "")
    if kind:
        entries = entries.filter(kind=kind)
    year = request.GET.get("ar", "")
    if year.isdigit():
        entries = entries.filter(year=int(year))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "funds/ledger.html",
        {
            "page": page,
            "rows": [(entry, rests_on(entry)) for entry in page.object_list],
            "funds": Fund.objects.filter(organization=organization),
            "chosen": chosen,
            "kind": kind,
            "year": year,
            "kinds": LedgerEntry._meta.get_field("kind").choices,
            "period_labels": periods.labels(organization),
            "active_area": AREA,
        },
    )


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    funds, _chosen = chosen_funds(request, organization)
    content = ledger_xlsx(
        selectors.ledger(funds).order_by("id").iterator(chunk_size=2000),
        selectors.figures_by_year(funds),
        organization.name,
    )
    return download(content, "fondens-huvudbok.xlsx")


@object_view(LedgerEntry)
def entry_detail(request: HttpRequest, entry: LedgerEntry) -> HttpResponse:
    can_correct = (
        policy.can(request.user, policy.Action.CREATE, entry.fund, model=LedgerEntry)
        and entry.kind != "correction"
        and not LedgerEntry.objects.filter(reverses=entry).exists()
    )
    form = CorrectionForm(request.POST or None) if can_correct else None
    if request.method == "POST":
        policy.require(request.user, policy.Action.CREATE, entry.fund, model=LedgerEntry)
        if form is not None and form.is_valid():
            try:
                correction = services.correction_book(
                    actor=request.user,
                    target=entry,
                    note=form.cleaned_data["note"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The correction was booked."))
                return redirect("funds:entry", pk=correction.pk)
    return render(
        request,
        "funds/entry.html",
        {
            "entry": entry,
            "basis": rests_on(entry),
            "reversed_by": LedgerEntry.objects.filter(reverses=entry).first(),
            "form": form,
            "period_labels": periods.labels(entry.fund.organization),
            "active_area": AREA,
        },
    )


@login_required
def allocation_new(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=LedgerEntry)
    form = AllocationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.allocation_book(
                actor=request.user,
                fund=data["fund"],
                amount_ore=to_ore(data["amount"]),
                year=data["year"],
                booked_on=data["booked_on"],
                note=data["note"],
                idempotency_key=data["idempotency_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The allocation was booked."))
            return redirect("funds:overview")
    return render(request, "funds/allocation_form.html", {"form": form, "active_area": AREA})


@login_required
def period_close(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=ClosedPeriod)
    choices = list(periods.labels(organization).items())
    form = ClosePeriodForm(request.POST or None, periods=choices)
    if request.method == "POST" and form.is_valid():
        periods.period_close(
            actor=request.user,
            organization=organization,
            year=form.cleaned_data["year"],
            period=form.cleaned_data["period"],
        )
        messages.success(request, _("The period was closed for booking."))
        return redirect("funds:overview")
    return render(request, "funds/period_close.html", {"form": form, "active_area": AREA})
