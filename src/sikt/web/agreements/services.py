"""Write paths of development agreements: one business action per function, in one transaction,
checked against the policy and recorded in the audit trail.

The sprint workflow is a small explicit table (:data:`TRANSITIONS`): the participant submits an
open or returned sprint once every deliverable is ticked; the funder alone approves or returns a
submitted one (a return needs a comment, so the participant knows what is missing). Rows are
locked (``SELECT … FOR UPDATE``) before a transition or a payment, so two clicks or two people
cannot approve twice or pay a tranche twice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.accounts.models import Membership, Organization, Role
from sikt.web.agreements.models import (
    Agreement,
    Deliverable,
    Goal,
    Participation,
    RemainingReport,
    Repayment,
    ReportDate,
    Sprint,
    SprintProgress,
    SprintState,
    Tranche,
)
from sikt.web.agreements.permissions import COORDINATOR, PAYERS, WORKERS
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.notifications import notify

Action = policy.Action

#: ``(from state, to state) -> (side that may take the step, action checked)``.
TRANSITIONS: dict[tuple[SprintState, SprintState], tuple[str, Action]] = {
    (SprintState.OPEN, SprintState.SUBMITTED): ("participant", Action.CHANGE),
    (SprintState.RETURNED, SprintState.SUBMITTED): ("participant", Action.CHANGE),
    (SprintState.SUBMITTED, SprintState.APPROVED): ("funder", Action.REVIEW),
    (SprintState.SUBMITTED, SprintState.RETURNED): ("funder", Action.REVIEW),
}


def holders(organization: Organization, roles: frozenset[Role]) -> list[Any]:
    """The users holding any of ``roles`` in ``organization`` (who a notification goes to)."""
    return [
        membership.user
        for membership in Membership.objects.filter(
            organization=organization, role__in=list(roles)
        ).select_related("user")
    ]


def _require_side(actor: Any, action: Action, obj: Any, side: str, **kwargs: Any) -> None:
    if policy.side_of(actor, action, obj, **kwargs) != side:
        raise PermissionDenied


@transaction.atomic
def agreement_create(
    *,
    actor: Any,
    funder: Organization,
    participant: Organization,
    contact: str = "",
    **values: Any,
) -> Agreement:
    """A new agreement of ``funder`` with its first participating organisation."""
    policy.require(actor, Action.CREATE, funder, model=Agreement)
    if participant.pk == funder.pk:
        raise ValidationError(_("The funder cannot take part in its own agreement."))
    agreement = audit.create(actor, Agreement(funder=funder, created_by=actor, **values))
    audit.create(
        actor, Participation(agreement=agreement, organization=participant, contact=contact)
    )
    return agreement


def agreement_update(*, actor: Any, agreement: Agreement, **values: Any) -> Agreement:
    _require_side(actor, Action.CHANGE, agreement, "funder")
    return audit.update(actor, agreement, **values)


@transaction.atomic
def participant_add(
    *, actor: Any, agreement: Agreement, organization: Organization, contact: str = ""
) -> Participation:
    """Add a participating organisation; it gets its own copy of every sprint and tranche."""
    _require_side(actor, Action.CHANGE, agreement, "funder")
    if organization.pk == agreement.funder_id:
        raise ValidationError(_("The funder cannot take part in its own agreement."))
    if agreement.participations.filter(organization=organization).exists():
        raise ValidationError(_("The organisation already takes part in the agreement."))
    participation = audit.create(
        actor, Participation(agreement=agreement, organization=organization, contact=contact)
    )
    for sprint in agreement.sprints.all():
        _start_sprint(actor, participation, sprint)
    return participation


def goal_add(*, actor: Any, agreement: Agreement, area: str, text: str) -> Goal:
    _require_side(actor, Action.CHANGE, agreement, "funder")
    return audit.create(actor, Goal(agreement=agreement, area=area, text=text))


def _start_sprint(actor: Any, participation: Participation, sprint: Sprint) -> None:
    progress = audit.create(actor, SprintProgress(participation=participation, sprint=sprint))
    if sprint.tranche:
        audit.create(actor, Tranche(progress=progress, amount=sprint.tranche))


@transaction.atomic
def sprint_add(
    *,
    actor: Any,
    agreement: Agreement,
    deadline: dt.date,
    title: str,
    deliverables: list[str],
    tranche: Decimal | None = None,
) -> Sprint:
    """The next sprint with its deliverables, started for every participant."""
    _require_side(actor, Action.CHANGE, agreement, "funder")
    if not deliverables:
        raise ValidationError(_("A sprint needs at least one deliverable."))
    if not agreement.starts_on <= deadline <= agreement.ends_on:
        raise ValidationError(_("The deadline must fall within the agreement's period."))
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    number = (locked.sprints.aggregate(n=Max("number"))["n"] or 0) + 1
    sprint = audit.create(
        actor,
        Sprint(agreement=agreement, number=number, deadline=deadline, title=title, tranche=tranche),
    )
    for text in deliverables:
        audit.create(actor, Deliverable(sprint=sprint, text=text))
    for participation in agreement.participations.all():
        _start_sprint(actor, participation, sprint)
    return sprint


@transaction.atomic
def sprint_update(
    *,
    actor: Any,
    sprint: Sprint,
    deadline: dt.date,
    title: str,
    deliverables: list[str],
    tranche: Decimal | None = None,
    loaded_deliverables: str | None = None,
) -> Sprint:
    """Change a sprint's deadline, title, deliverables and tranche while no participant's
    copy of it is approved or waiting for the funder's review (submitted).

    The sprint row is locked first (so an approval cannot slip in between); a form loaded
    before someone else saved the sprint is refused (:mod:`sikt.web.locking` for the sprint's
    own fields; ``loaded_deliverables``, the deliverables one per line as the form showed them,
    for its checklist: a ``ValidationError`` with code ``deliverables_conflict`` and the
    current list in ``params["current"]``). A removed
    deliverable leaves every participant's checklist, a new one starts unticked. Each
    participant's tranche follows the sprint's: changed, added or removed (none is paid yet,
    since a tranche is paid only after approval). Every change is in the audit trail.
    """
    agreement = sprint.agreement
    _require_side(actor, Action.CHANGE, agreement, "funder")
    Sprint.objects.select_for_update().get(pk=sprint.pk)
    states = set(SprintProgress.objects.filter(sprint=sprint).values_list("state", flat=True))
    if SprintState.APPROVED in states:
        raise ValidationError(_("An approved sprint can no longer be changed."))
    if SprintState.SUBMITTED in states:
        raise ValidationError(
            _(
                "A participant has submitted this sprint for review. Approve or return it "
                "before you change the sprint, so that nobody is judged against changed "
                "deliverables."
            )
        )
    if not deliverables:
        raise ValidationError(_("A sprint needs at least one deliverable."))
    if not agreement.starts_on <= deadline <= agreement.ends_on:
        raise ValidationError(_("The deadline must fall within the agreement's period."))
    listed = "\n".join(sprint.deliverables.order_by("id").values_list("text", flat=True))
    if loaded_deliverables is not None and loaded_deliverables != listed:
        raise ValidationError(
            _(
                "Someone else changed the sprint's deliverables after you opened the form, so "
                "your changes were not saved. Saved since: %(saved)s. Your input is kept below; "
                "save again to replace them."
            ),
            code="deliverables_conflict",
            params={"saved": "; ".join(listed.splitlines()), "current": listed},
        )
    audit.update(actor, sprint, deadline=deadline, title=title, tranche=tranche)
    kept = {deliverable.text: deliverable for deliverable in sprint.deliverables.all()}
    for text, deliverable in kept.items():
        if text not in deliverables:
            audit.delete(actor, deliverable)
    for text in dict.fromkeys(deliverables):
        if text not in kept:
            audit.create(actor, Deliverable(sprint=sprint, text=text))
    for progress in SprintProgress.objects.filter(sprint=sprint).select_related("tranche"):
        current: Tranche | None = getattr(progress, "tranche", None)
        if current is not None and tranche is None:
            audit.delete(actor, current)
        elif current is not None and tranche is not None:
            audit.update(actor, current, amount=tranche)
        elif current is None and tranche is not None:
            audit.create(actor, Tranche(progress=progress, amount=tranche))
    return sprint


def report_date_add(
    *, actor: Any, agreement: Agreement, due_on: dt.date, year_end: bool = False
) -> ReportDate:
    _require_side(actor, Action.CHANGE, agreement, "funder")
    if agreement.report_dates.filter(due_on=due_on).exists():
        raise ValidationError(_("That report date is already in the agreement."))
    if year_end and agreement.report_dates.filter(year_end=True).exists():
        raise ValidationError(_("The agreement already has a year-end report."))
    return audit.create(actor, ReportDate(agreement=agreement, due_on=due_on, year_end=year_end))


def _locked(progress: SprintProgress) -> SprintProgress:
    return SprintProgress.objects.select_for_update().get(pk=progress.pk)


def _editable(progress: SprintProgress) -> None:
    if progress.state not in (SprintState.OPEN, SprintState.RETURNED):
        raise ValidationError(_("The sprint has been submitted and can no longer be changed."))


@transaction.atomic
def deliverables_mark(
    *, actor: Any, progress: SprintProgress, done: list[Deliverable]
) -> SprintProgress:
    """Set which of the sprint's deliverables the participant has done."""
    _require_side(actor, Action.CHANGE, progress, "participant")
    fresh = _locked(progress)
    _editable(fresh)
    if any(deliverable.sprint_id != fresh.sprint_id for deliverable in done):
        raise ValidationError(_("A deliverable of another sprint was sent."))
    before = sorted(fresh.done.values_list("text", flat=True))
    fresh.done.set(done)
    after = sorted(deliverable.text for deliverable in done)
    if before != after:
        audit.record(
            actor=actor,
            instance=fresh,
            action=AuditEntry.Action.UPDATE,
            changes={"done": [before, after]},
        )
    return fresh


@transaction.atomic
def sprint_transition(
    *, actor: Any, progress: SprintProgress, to: SprintState, comment: str = ""
) -> SprintProgress:
    """Submit (participant), approve or return (funder) one participant's sprint."""
    fresh = _locked(progress)
    step = TRANSITIONS.get((SprintState(fresh.state), to))
    if step is None:
        raise ValidationError(
            _("A sprint that is “%(state)s” cannot be changed that way.")
            % {"state": fresh.get_state_display()}
        )
    side, action = step
    _require_side(actor, action, fresh, side)
    now = timezone.now()
    if to == SprintState.SUBMITTED:
        missing = fresh.sprint.deliverables.exclude(pk__in=fresh.done.values("pk")).count()
        if missing:
            raise ValidationError(
                _("Tick every deliverable before submitting (%(count)s not done).")
                % {"count": missing}
            )
        fresh.submitted_at, fresh.submitted_by = now, actor
    else:
        if to == SprintState.RETURNED and not comment.strip():
            raise ValidationError(_("Say in a comment what is missing when returning a sprint."))
        fresh.decided_at, fresh.decided_by, fresh.comment = now, actor, comment.strip()
    before = fresh.state
    fresh.state = to
    fresh.save()
    audit.record(
        actor=actor,
        instance=fresh,
        action=AuditEntry.Action.TRANSITION,
        changes={"state": [before, to.value]},
        note=comment,
    )
    _tell(fresh, to)
    return fresh


def _tell(progress: SprintProgress, to: SprintState) -> None:
    """Notify the other side of a sprint's step (sent when the transaction commits)."""
    participation = progress.participation
    agreement = participation.agreement
    values = {
        "organization": participation.organization.name,
        "sprint": progress.sprint,
        "agreement": agreement.title,
    }
    url = reverse("agreements:progress", args=[progress.pk])
    if to == SprintState.SUBMITTED:
        notify(
            users=holders(agreement.funder, COORDINATOR),
            kind="agreement_sprint_submitted",
            title=_("%(organization)s submitted %(sprint)s of %(agreement)s") % values,
            url=url,
            organization=agreement.funder,
        )
        return
    title = (
        _("%(sprint)s of %(agreement)s was approved")
        if to == SprintState.APPROVED
        else _("%(sprint)s of %(agreement)s was returned: see the comment")
    ) % values
    notify(
        users=holders(participation.organization, WORKERS),
        kind="agreement_sprint_decided",
        title=title,
        url=url,
        organization=participation.organization,
    )
    tranche: Tranche | None = getattr(progress, "tranche", None)
    if to == SprintState.APPROVED and tranche is not None:
        notify(
            users=holders(agreement.funder, PAYERS),
            kind="agreement_tranche_payable",
            title=_("Tranche of %(sprint)s to %(organization)s is payable (%(agreement)s)")
            % values,
            url=reverse("agreements:tranche", args=[tranche.pk]),
            organization=agreement.funder,
        )


@transaction.atomic
def tranche_pay(
    *, actor: Any, tranche: Tranche, paid_on: dt.date, invoice_reference: str
) -> Tranche:
    """Record a tranche paid — only once its sprint is approved, and only once."""
    _require_side(actor, Action.CHANGE, tranche, "funder")
    fresh = Tranche.objects.select_for_update().select_related("progress").get(pk=tranche.pk)
    if fresh.paid_on is not None:
        raise ValidationError(_("The tranche is already recorded as paid."))
    if fresh.progress.state != SprintState.APPROVED:
        raise ValidationError(_("A tranche becomes payable only when its sprint is approved."))
    if not invoice_reference.strip():
        raise ValidationError(_("Give the invoice reference the payment was made against."))
    return audit.update(
        actor,
        fresh,
        paid_on=paid_on,
        invoice_reference=invoice_reference.strip(),
        paid_recorded_by=actor,
    )


def paid_to(participation: Participation) -> Decimal:
    """The money the funder has paid the participant so far (sum of paid tranches)."""
    total = Tranche.objects.filter(
        progress__participation=participation, paid_on__isnull=False
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


@transaction.atomic
def remaining_report(
    *,
    actor: Any,
    participation: Participation,
    report_date: ReportDate,
    remaining: Decimal,
    note: str = "",
) -> RemainingReport:
    """The participant reports the money remaining; at the year-end report it falls due."""
    _require_side(actor, Action.CREATE, participation, "participant", model=RemainingReport)
    if report_date.agreement_id != participation.agreement_id:
        raise ValidationError(_("The report date belongs to another agreement."))
    paid = paid_to(Participation.objects.select_for_update().get(pk=participation.pk))
    if remaining > paid:
        raise ValidationError(
            _("More cannot remain than has been paid out (%(paid)s kr).") % {"paid": paid}
        )
    if participation.remaining_reports.filter(report_date=report_date).exists():
        raise ValidationError(_("The money remaining on that date has already been reported."))
    report = audit.create(
        actor,
        RemainingReport(
            participation=participation,
            report_date=report_date,
            remaining=remaining,
            note=note,
            reported_by=actor,
        ),
    )
    if report_date.year_end and remaining > 0:
        audit.create(
            actor,
            Repayment(
                participation=participation,
                report=report,
                amount=remaining,
                due_on=participation.agreement.repayment_due_on,
            ),
        )
    return report


def repayment_record(
    *, actor: Any, repayment: Repayment, invoice_reference: str, repaid_on: dt.date | None
) -> Repayment:
    """The funder records its invoice for the unused money and, later, that it was repaid."""
    _require_side(actor, Action.CHANGE, repayment, "funder")
    return audit.update(
        actor, repayment, invoice_reference=invoice_reference.strip(), repaid_on=repaid_on
    )
