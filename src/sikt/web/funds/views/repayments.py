"""Repayments through the budget frame: the list for the budget process, its export, the
budget adoption that books it, and revisions with their history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.funds.forms import AdoptionForm, DecideForm, RevisionForm
from sikt.web.funds.models import BudgetAdoption, RepaymentRevision
from sikt.web.funds.money import to_ore
from sikt.web.funds.repayment_export import repayments_xlsx
from sikt.web.funds.services import repayments as services
from sikt.web.funds.views.common import AREA, download
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.states import RepaymentModel
from sikt.web.scoped import object_view, request_organization


def _year(request: HttpRequest) -> int:
    text = request.GET.get("ar", "")
    return int(text) if text.isdigit() and 1900 <= int(text) <= 2200 else timezone.localdate().year


@login_required
def repayments(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    year = _year(request)
    fund = services.repayment_fund(organization)
    rows = services.repayment_list(organization, year)
    adoption = BudgetAdoption.objects.filter(fund=fund, year=year).first() if fund else None
    form = AdoptionForm(request.POST or None, initial={"adopted_on": timezone.localdate()})
    can_adopt = fund is not None and policy.can(
        request.user, policy.Action.CREATE, fund, model=BudgetAdoption
    )
    if request.method == "POST":
        policy.require(request.user, policy.Action.CREATE, organization, model=BudgetAdoption)
        if form.is_valid():
            try:
                services.budget_adopt(
                    actor=request.user,
                    organization=organization,
                    year=year,
                    adopted_on=form.cleaned_data["adopted_on"],
                    minute_reference=form.cleaned_data["minute_reference"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The budget was recorded and the repayments booked."))
                return redirect(f"{request.path}?ar={year}")
    return render(
        request,
        "funds/repayments.html",
        {
            "year": year,
            "years": range(year - 3, year + 6),
            "rows": rows,
            "totals": services.totals_by_committee(rows),
            "total": sum(row.amount_ore for row in rows),
            "booked": sum(row.booked_ore for row in rows),
            "adoption": adoption,
            "form": form if can_adopt and adoption is None and rows else None,
            "no_repayment": ruleset_for(organization).repayment_model == RepaymentModel.NONE,
            "revisions": RepaymentRevision.objects.filter(
                initiative__organization=organization, year=year
            ).select_related("initiative", "committee"),
            "can_propose": policy.can(
                request.user, policy.Action.CREATE, organization, model=RepaymentRevision
            ),
            "active_area": AREA,
        },
    )


@login_required
def repayments_export(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    year = _year(request)
    content = repayments_xlsx(services.repayment_list(organization, year), year, organization.name)
    return download(content, f"ramjusteringar-{year}.xlsx")


@login_required
def revision_new(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, policy.Action.CREATE, organization, model=RepaymentRevision)
    form = RevisionForm(
        request.POST or None, organization=organization, initial={"year": _year(request)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            revision = services.repayment_revision_propose(
                actor=request.user,
                initiative=data["initiative"],
                committee=data["committee"],
                year=data["year"],
                amount_ore=to_ore(data["amount"]),
                reason=data["reason"],
                source=data["source"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The revision was proposed."))
            return redirect("funds:revision", pk=revision.pk)
    return render(request, "funds/revision_form.html", {"form": form, "active_area": AREA})


@object_view(RepaymentRevision)
def revision_detail(request: HttpRequest, revision: RepaymentRevision) -> HttpResponse:
    may_decide = (
        policy.can(request.user, policy.Action.REVIEW, revision)
        and revision.state == RepaymentRevision.State.PROPOSED
    )
    form = DecideForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST":
        policy.require(request.user, policy.Action.REVIEW, revision)
        if form.is_valid():
            try:
                services.repayment_revision_decide(
                    actor=request.user,
                    revision=revision,
                    approve=request.POST.get("action") == "approve",
                    decided_on=form.cleaned_data["decided_on"],
                    minute_reference=form.cleaned_data["minute_reference"],
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The decision on the revision was recorded."))
            return redirect("funds:revision", pk=revision.pk)
    history = RepaymentRevision.objects.filter(
        initiative=revision.initiative, committee=revision.committee, year=revision.year
    ).order_by("proposed_at", "id")
    return render(
        request,
        "funds/revision.html",
        {
            "revision": revision,
            "history": history,
            "form": form if may_decide else None,
            "entries": revision.ledger_entries.all(),
            "active_area": AREA,
        },
    )
