"""Creating an initiative (a new idea) and editing its idea and plan fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.accounts.models import Committee, Organization
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.initiatives import amendments
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.workflow import EDITABLE_STATES

#: Many-to-many fields, which the audit snapshot of concrete fields does not see.
COMMITTEE_LISTS = ("result_committees", "cost_committees")


def _check_committees(organization: Organization, committees: Iterable[Committee]) -> None:
    if any(committee.organization_id != organization.pk for committee in committees):
        raise ValidationError(_("Choose committees of your own organisation."))


def _names(committees: Iterable[Committee]) -> list[str]:
    return sorted(committee.name for committee in committees)


@transaction.atomic
def initiative_create(
    *, actor: Any, organization: Organization, title: str, **values: Any
) -> Initiative:
    """A new idea in state *idea draft*, created by ``actor`` (applicant or coordinator)."""
    if actor is not None:
        policy.require(actor, policy.Action.CREATE, organization, model=Initiative)
    lists = {name: list(values.pop(name, [])) for name in COMMITTEE_LISTS}
    for committees in lists.values():
        _check_committees(organization, committees)
    owner = values.get("owner_committee")
    if owner is not None:
        _check_committees(organization, [owner])
    initiative = audit.create(
        actor,
        Initiative(organization=organization, title=title, created_by=actor, **values),
    )
    _set_lists(actor, initiative, lists)
    return initiative


def _set_lists(actor: Any, initiative: Initiative, lists: dict[str, list[Committee]]) -> None:
    changes = {}
    for name, committees in lists.items():
        manager = getattr(initiative, name)
        before = _names(manager.all())
        manager.set(committees)
        after = _names(committees)
        if before != after:
            changes[name] = [before, after]
    if changes:
        audit.record(
            actor=actor, instance=initiative, action=AuditEntry.Action.UPDATE, changes=changes
        )


@transaction.atomic
def initiative_update(*, actor: Any, initiative: Initiative, **values: Any) -> Initiative:
    """Change idea or plan fields; only while the application (or an amendment of it) is a
    draft, not under review or decided."""
    if actor is not None:
        policy.require(actor, policy.Action.CHANGE, initiative)
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if current.state not in EDITABLE_STATES and not amendments.in_draft(current):
        raise ValidationError(
            _("The application cannot be changed in the state “%(state)s”.")
            % {"state": current.state_label}
        )
    lists = {name: list(values.pop(name)) for name in COMMITTEE_LISTS if name in values}
    for committees in lists.values():
        _check_committees(initiative.organization, committees)
    owner = values.get("owner_committee")
    if owner is not None:
        _check_committees(initiative.organization, [owner])
    values.pop("state", None)
    audit.update(actor, initiative, **values)
    _set_lists(actor, initiative, lists)
    return initiative
