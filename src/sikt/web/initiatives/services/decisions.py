"""Recording a decision: the record itself, what it freezes, the grant of an approval, and
telling the listeners (issue 8 items 1 and 2).

Called by :func:`sikt.web.initiatives.services.initiative_transition` inside its transaction,
so a decision is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.initiatives import events, freezing, snapshots
from sikt.web.initiatives.models import (
    Amendment,
    ApplicationVersion,
    Decision,
    Grant,
    GrantYear,
    Initiative,
)
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.states import DecisionBody, InitiativeState

#: Field names of the grant in a decision form (besides one amount per year).
GRANT_FIELDS = ("project_number", "conditions", "grant_years")


class DecidingStep(Protocol):
    """A step that records a decision: a lifecycle transition or an amendment's step."""

    @property
    def key(self) -> str: ...

    @property
    def outcome(self) -> InitiativeState | None: ...

    @property
    def decision_body(self) -> DecisionBody | None: ...

    @property
    def grants(self) -> bool: ...


class DecisionRefused(Exception):
    """Raised with ``{field: message}`` when the decision's input is not acceptable."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def version_freeze(actor: Any, initiative: Initiative, transition_key: str) -> ApplicationVersion:
    """Freeze the whole application as the next version (snapshot of every section)."""
    last = initiative.versions.aggregate(last=Max("number"))["last"] or 0
    return ApplicationVersion.objects.create(
        initiative=initiative,
        number=last + 1,
        transition=transition_key,
        state=initiative.state,
        content=snapshots.take(initiative),
        created_by=actor,
    )


def _version_for_decision(
    actor: Any, initiative: Initiative, transition_key: str
) -> ApplicationVersion:
    """The latest version if the application has not changed since, else a new one."""
    content = snapshots.take(initiative)
    latest = initiative.versions.order_by("-number").first()
    if latest is not None and latest.content == content:
        return latest
    number = (latest.number if latest else 0) + 1
    return ApplicationVersion.objects.create(
        initiative=initiative,
        number=number,
        transition=transition_key,
        state=initiative.state,
        content=content,
        created_by=actor,
    )


def _amount(value: Any) -> Decimal | None:
    """A Decimal, int or plain numeric text as a finite Decimal (forms parse Swedish input)."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def _grant_years(
    values: Mapping[Any, Any] | None, initiative: Initiative
) -> tuple[dict[int, Decimal], dict[str, str]]:
    """The granted amount per year (zero years left out), and the errors by field."""
    years: dict[int, Decimal] = {}
    errors: dict[str, str] = {}
    cap = ruleset_for(initiative.organization).annual_cap_sek
    for raw_year, raw_amount in (values or {}).items():
        if raw_amount in (None, ""):
            continue
        try:
            year = int(raw_year)
        except (TypeError, ValueError):
            errors["grant_years"] = _("Give the amounts for calendar years.")
            continue
        field = f"grant_{year}"
        amount = _amount(raw_amount)
        if not 1900 <= year <= 2200:
            errors["grant_years"] = _("Give the amounts for calendar years.")
        elif amount is None:
            errors[field] = _("Write the amount as a number of kronor.")
        elif amount < 0:
            errors[field] = _("A granted amount cannot be negative.")
        elif amount >= Decimal(10) ** 12:
            errors[field] = _("The amount is too large.")
        elif cap is not None and amount > cap:
            errors[field] = _("The rule set allows at most %(cap)s kr per year.") % {
                "cap": f"{cap:,.0f}".replace(",", "\u00a0")
            }
        elif amount > 0:
            years[year] = amount.quantize(Decimal("0.01"))
    if not years and not errors:
        errors["grant_years"] = _("Give the amount granted for at least one year.")
    return years, errors


def _project_number_taken(organization: Organization, number: str, initiative: Initiative) -> bool:
    # Lock the organisation so two approvals cannot take the same number at once.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    return (
        Grant.objects.filter(initiative__organization=organization, project_number__iexact=number)
        .exclude(initiative=initiative)
        .exists()
    )


def check_grant(initiative: Initiative, fields: Mapping[str, Any]) -> dict[int, Decimal]:
    """Validate the grant of an approving decision; raises :class:`DecisionRefused`."""
    years, errors = _grant_years(fields.get("grant_years"), initiative)
    number = str(fields.get("project_number") or "").strip()
    if not number:
        errors["project_number"] = _("Give the project number the costs are booked under.")
    elif len(number) > Grant._meta.get_field("project_number").max_length:  # type: ignore[operator]
        errors["project_number"] = _("The project number is too long.")
    elif _project_number_taken(initiative.organization, number, initiative):
        errors["project_number"] = _(
            "The project number %(number)s is already used by another initiative."
        ) % {"number": number}
    if errors:
        raise DecisionRefused(errors)
    return years


def _grant(
    actor: Any, decision: Decision, years: dict[int, Decimal], fields: Mapping[str, Any]
) -> Grant:
    grant = audit.create(
        actor,
        Grant(
            decision=decision,
            initiative=decision.initiative,
            project_number=str(fields.get("project_number", "")).strip(),
            conditions=str(fields.get("conditions") or "").strip(),
        ),
    )
    for year, amount in sorted(years.items()):
        audit.create(actor, GrantYear(grant=grant, year=year, amount_sek=amount))
    return grant


def decision_record(
    actor: Any,
    initiative: Initiative,
    transition: DecidingStep,
    reason: str,
    fields: Mapping[str, Any],
    *,
    amendment: Amendment | None = None,
) -> Decision:
    """Write the decision of ``transition`` (already checked), freeze what it rests on, record
    the grant of an approval and tell the listeners. Raises :class:`DecisionRefused`."""
    decided_on = fields.get("decided_on") or timezone.localdate()
    if isinstance(decided_on, str):
        decided_on = dt.date.fromisoformat(decided_on)
    if decided_on > timezone.localdate():
        raise DecisionRefused({"decided_on": _("A decision cannot be dated in the future.")})
    if transition.outcome is None:
        raise ValueError(f"step {transition.key} records no decision")
    years = check_grant(initiative, fields) if transition.grants else {}
    decision = audit.create(
        actor,
        Decision(
            initiative=initiative,
            transition=transition.key,
            outcome=transition.outcome,
            decided_on=decided_on,
            body=fields.get("body") or transition.decision_body or DecisionBody.OTHER,
            minute_reference=fields.get("minute_reference") or "",
            registration_number=fields.get("registration_number") or "",
            reason=reason,
            recorded_by=actor,
            amendment=amendment,
        ),
    )
    if transition.grants:
        _grant(actor, decision, years, fields)
    decision.version = _version_for_decision(actor, initiative, transition.key)
    decision.frozen = freezing.freeze_all(initiative)
    decision.save(update_fields=["version", "frozen"])
    events.decision_taken(decision, actor)
    return decision
