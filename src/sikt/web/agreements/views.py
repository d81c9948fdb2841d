"""Pages of development agreements: thin — parse the form, call a service, render.

The agreement pages sit in the fund area of the navigation. Each side sees the actions its
roles allow on this agreement (:func:`sikt.web.policy.side_of`); the services check again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikt.web import policy
from sikt.web.agreements import selectors, services
from sikt.web.agreements.export import agreement_xlsx
from sikt.web.agreements.forms import (
    AgreementCreateForm,
    AgreementForm,
    ChecklistForm,
    DecisionForm,
    GoalForm,
    ParticipantForm,
    RemainingForm,
    RepaymentForm,
    ReportDateForm,
    SprintEditForm,
    SprintForm,
    TranchePaidForm,
)
from sikt.web.agreements.models import (
    Agreement,
    Participation,
    RemainingReport,
    Repayment,
    Sprint,
    SprintProgress,
    SprintState,
    Tranche,
)
from sikt.web.scoped import object_view, request_organization

AREA = "fond"
Action = policy.Action


def _detail_url(pk: int) -> str:
    return reverse("agreements:detail", kwargs={"pk": pk})


def _page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, f"agreements/{template}", {"active_area": AREA, **context})


@login_required
def funder(request: HttpRequest) -> HttpResponse:
    """The funder's view over all its agreements."""
    organization = request_organization(request)
    return _page(
        request,
        "funder.html",
        section="funder",
        organization=organization,
        agreements=selectors.funded_by(request.user, organization),
        may_create=policy.can(request.user, Action.CREATE, organization, model=Agreement),
    )


@login_required
def owed(request: HttpRequest) -> HttpResponse:
    """The participating organisation's view: what it owes the funders and when."""
    organization = request_organization(request)
    return _page(
        request,
        "owed.html",
        section="owed",
        organization=organization,
        rows=selectors.owed_by(request.user, organization),
    )


def _form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    done: Callable[[Any], str],
    back: Agreement | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save(cleaned_data)`` and go to ``done(saved)``."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(done(saved))
    return _page(request, "form.html", form=form, title=title, agreement=back)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    policy.require(request.user, Action.CREATE, organization, model=Agreement)
    form = AgreementCreateForm(request.POST or None, funder=organization)

    def save(data: dict[str, Any]) -> Agreement:
        participant, contact = data.pop("participant"), data.pop("contact")
        return services.agreement_create(
            actor=request.user,
            funder=organization,
            participant=participant,
            contact=contact,
            **data,
        )

    return _form_page(
        request,
        form,
        save,
        title=_("New development agreement"),
        done=lambda saved: _detail_url(saved.pk),
    )


def _require_funder(request: HttpRequest, agreement: Agreement) -> None:
    if policy.side_of(request.user, Action.CHANGE, agreement) != "funder":
        raise PermissionDenied


@object_view(Agreement)
def detail(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    agreement = selectors.agreement_detail(agreement)
    return _page(
        request,
        "detail.html",
        agreement=agreement,
        statuses=selectors.statuses(agreement),
        may_change=policy.side_of(request.user, Action.CHANGE, agreement) == "funder",
        sprints=list(agreement.sprints.all()),
        locked_sprints=set(
            SprintProgress.objects.filter(
                sprint__agreement=agreement,
                state__in=[SprintState.SUBMITTED, SprintState.APPROVED],
            ).values_list("sprint_id", flat=True)
        ),
    )


@object_view(Agreement)
def export(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    """The agreement as an Excel workbook: sprints, tranches, money remaining, repayments."""
    agreement = selectors.agreement_detail(agreement)
    response = HttpResponse(
        agreement_xlsx(agreement, selectors.statuses(agreement)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="overenskommelse-{agreement.pk}.xlsx"'
    return response


@object_view(Agreement)
def edit(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    _require_funder(request, agreement)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("agreements:detail", pk=agreement.pk)
    return _page(
        request, "form.html", form=form, title=_("Change the agreement"), agreement=agreement
    )


def _part_page(
    make_form: Callable[[Any, Agreement], forms.BaseForm],
    add: Callable[..., Any],
    title: Promise,
) -> Callable[..., HttpResponse]:
    """The page where the funder adds one part of an agreement: ``add(actor=…, agreement=…,
    **form data)`` is the service, and the agreement's page follows."""

    @object_view(Agreement)
    def page(request: HttpRequest, agreement: Agreement) -> HttpResponse:
        _require_funder(request, agreement)
        return _form_page(
            request,
            make_form(request.POST or None, agreement),
            lambda data: add(actor=request.user, agreement=agreement, **data),
            title=str(title),
            done=lambda _saved: _detail_url(agreement.pk),
            back=agreement,
        )

    return page


goal_new = _part_page(
    lambda data, _agreement: GoalForm(data), services.goal_add, gettext_lazy("New goal")
)
sprint_new = _part_page(
    lambda data, _agreement: SprintForm(data), services.sprint_add, gettext_lazy("New sprint")
)
participant_new = _part_page(
    lambda data, agreement: ParticipantForm(data, funder=agreement.funder),
    services.participant_add,
    gettext_lazy("New participating organisation"),
)
report_date_new = _part_page(
    lambda data, _agreement: ReportDateForm(data),
    services.report_date_add,
    gettext_lazy("New report date"),
)


@object_view(Sprint)
def sprint_edit(request: HttpRequest, sprint: Sprint) -> HttpResponse:
    """The funder changes a sprint that no participant has had approved yet."""
    agreement = sprint.agreement
    _require_funder(request, agreement)
    return _form_page(
        request,
        SprintEditForm(request.POST or None, instance=sprint),
        lambda data: services.sprint_update(actor=request.user, sprint=sprint, **data),
        title=_("Change %(sprint)s") % {"sprint": sprint},
        done=lambda _saved: _detail_url(agreement.pk),
        back=agreement,
    )


@object_view(SprintProgress)
def progress(request: HttpRequest, progress: SprintProgress) -> HttpResponse:
    """One participant's sprint: the checklist (participant) and the verdict (funder)."""
    sprint = progress.sprint
    may_work = policy.side_of(request.user, Action.CHANGE, progress) == "participant"
    may_decide = policy.side_of(request.user, Action.REVIEW, progress) == "funder"
    checklist = ChecklistForm(
        request.POST if request.method == "POST" and may_work else None,
        sprint_deliverables=sprint.deliverables.all(),
        initial={"done": list(progress.done.all())},
    )
    decision = DecisionForm(request.POST if request.method == "POST" and may_decide else None)
    if request.method == "POST":
        step = request.POST.get("step", "")
        if not (step in ("save", "submit") and may_work) and not (
            step in ("approve", "return") and may_decide
        ):
            raise PermissionDenied
        try:
            if step in ("save", "submit") and checklist.is_valid():
                services.deliverables_mark(
                    actor=request.user, progress=progress, done=list(checklist.cleaned_data["done"])
                )
                if step == "submit":
                    services.sprint_transition(
                        actor=request.user, progress=progress, to=SprintState.SUBMITTED
                    )
                    messages.success(request, _("The sprint was submitted to the funder."))
                else:
                    messages.success(request, _("Saved."))
                return redirect("agreements:progress", pk=progress.pk)
            if step in ("approve", "return") and decision.is_valid():
                target = SprintState.APPROVED if step == "approve" else SprintState.RETURNED
                services.sprint_transition(
                    actor=request.user,
                    progress=progress,
                    to=target,
                    comment=decision.cleaned_data["comment"],
                )
                messages.success(
                    request, _("The sprint is now “%(state)s”.") % {"state": target.label}
                )
                return redirect("agreements:progress", pk=progress.pk)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("agreements:progress", pk=progress.pk)
    progress.refresh_from_db()
    return _page(
        request,
        "progress.html",
        progress=progress,
        sprint=sprint,
        agreement=sprint.agreement,
        checklist=checklist,
        decision=decision,
        may_work=may_work and progress.state in (SprintState.OPEN, SprintState.RETURNED),
        may_decide=may_decide and progress.state == SprintState.SUBMITTED,
        tranche=getattr(progress, "tranche", None),
    )


@object_view(Tranche)
def tranche(request: HttpRequest, tranche: Tranche) -> HttpResponse:
    agreement = tranche.progress.participation.agreement
    may_pay = policy.side_of(request.user, Action.CHANGE, tranche) == "funder" and tranche.payable
    form = TranchePaidForm(request.POST or None) if may_pay else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        return _form_page(
            request,
            form,
            lambda data: services.tranche_pay(actor=request.user, tranche=tranche, **data),
            title=_("Record the tranche paid"),
            done=lambda _saved: _detail_url(agreement.pk),
            back=agreement,
        )
    return _page(request, "tranche.html", tranche=tranche, agreement=agreement, form=form)


@object_view(Participation)
def remaining(request: HttpRequest, participation: Participation) -> HttpResponse:
    """The participant's reports of money remaining (and the form for the next one)."""
    agreement = participation.agreement
    may_report = (
        policy.side_of(request.user, Action.CREATE, participation, model=RemainingReport)
        == "participant"
    )
    reported = participation.remaining_reports.values("report_date")
    form = (
        RemainingForm(
            request.POST or None,
            report_dates=agreement.report_dates.exclude(pk__in=reported),
        )
        if may_report
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        return _form_page(
            request,
            form,
            lambda data: services.remaining_report(
                actor=request.user, participation=participation, **data
            ),
            title=_("Report money remaining"),
            done=lambda _saved: reverse("agreements:owed"),
            back=agreement,
        )
    return _page(
        request,
        "remaining.html",
        participation=participation,
        agreement=agreement,
        reports=participation.remaining_reports.select_related("report_date", "reported_by"),
        paid=services.paid_to(participation),
        form=form,
    )


@object_view(Repayment)
def repayment(request: HttpRequest, repayment: Repayment) -> HttpResponse:
    agreement = repayment.participation.agreement
    may_record = policy.side_of(request.user, Action.CHANGE, repayment) == "funder"
    form = (
        RepaymentForm(
            request.POST or None,
            initial={
                "invoice_reference": repayment.invoice_reference,
                "repaid_on": repayment.repaid_on,
            },
        )
        if may_record
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        return _form_page(
            request,
            form,
            lambda data: services.repayment_record(actor=request.user, repayment=repayment, **data),
            title=_("Repayment of unused money"),
            done=lambda _saved: _detail_url(agreement.pk),
            back=agreement,
        )
    return _page(request, "repayment.html", repayment=repayment, agreement=agreement, form=form)
