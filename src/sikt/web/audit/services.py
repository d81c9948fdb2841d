"""Write paths that leave an audit record in the same transaction (ARCHITECTURE: services).

Domain services create, change and delete records through :func:`create`, :func:`update` and
:func:`delete`, so every change is recorded as ``{field: [old, new]}`` with the actor — the
"who changed what" that the personal-data rules and public-sector record keeping ask for.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from sikt.web.audit.models import AuditEntry
from sikt.web.policy import organization_of

M = TypeVar("M", bound=models.Model)

#: Called by :func:`update` with the locked row and its stored values before anything is
#: changed; a check raises ``ValidationError`` to refuse (``sikt.web.locking`` registers one).
UPDATE_CHECKS: list[Callable[[models.Model, dict[str, Any]], None]] = []


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value, readable in the trail."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete, editable field values of ``instance`` (foreign keys by their text)."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        if field.is_relation:
            related_id = getattr(instance, field.attname)
            values[field.name] = None if related_id is None else str(getattr(instance, field.name))
        else:
            values[field.name] = _plain(getattr(instance, field.attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def record(
    *,
    actor: Any,
    instance: models.Model,
    action: str,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEntry:
    """Write one audit entry for ``instance`` (call inside the service's transaction)."""
    return AuditEntry.objects.create(
        organization=organization_of(instance),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes or {},
        note=note[:500],
    )


@transaction.atomic
def create(actor: Any, instance: M) -> M:
    """Validate, save and record a new record."""
    instance.full_clean()
    instance.save()
    record(
        actor=actor,
        instance=instance,
        action=AuditEntry.Action.CREATE,
        changes=diff({}, snapshot(instance)),
    )
    return instance


@transaction.atomic
def update(actor: Any, instance: M, **values: Any) -> M:
    """Set ``values`` on ``instance``, validate, save and record what changed (if anything)."""
    fresh = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    before = snapshot(fresh)
    for check in UPDATE_CHECKS:  # e.g. a form loaded before someone else's save (locking)
        check(fresh, before)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    changes = diff(before, snapshot(instance))
    if changes:
        instance.save()
        record(actor=actor, instance=instance, action=AuditEntry.Action.UPDATE, changes=changes)
    return instance


@transaction.atomic
def delete(actor: Any, instance: models.Model, note: str = "") -> None:
    """Record the deletion (with the last values) and delete."""
    record(
        actor=actor,
        instance=instance,
        action=AuditEntry.Action.DELETE,
        changes=diff(snapshot(instance), {}),
        note=note,
    )
    instance.delete()


def _entries(
    actor: Any, action: str, changed: list[tuple[models.Model, dict[str, list[Any]]]]
) -> list[AuditEntry]:
    who = actor if getattr(actor, "is_authenticated", False) else None
    return [
        AuditEntry(
            organization=organization_of(instance),
            actor=who,
            action=action,
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
            object_id=str(instance.pk),
            object_repr=str(instance)[:300],
            changes=changes,
        )
        for instance, changes in changed
    ]


def create_many(actor: Any, instances: list[M], batch_size: int = 1000) -> None:
    """Save and record many new, already validated records of one model (a large import).

    Why: :func:`create` costs two statements per record; an import of 200,000 rows would hold
    the database for minutes. This writes the same records and audit entries with one INSERT
    per ``batch_size`` rows. Call inside the service's transaction."""
    for start in range(0, len(instances), batch_size):
        batch = instances[start : start + batch_size]
        type(batch[0])._default_manager.bulk_create(batch)
        AuditEntry.objects.bulk_create(
            _entries(actor, AuditEntry.Action.CREATE, [(i, diff({}, snapshot(i))) for i in batch])
        )


def update_many(
    actor: Any,
    changed: list[tuple[M, dict[str, list[Any]]]],
    fields: list[str],
    batch_size: int = 1000,
) -> None:
    """Save ``fields`` of many already validated records with their recorded ``changes``
    (:func:`diff` of before and after), ``batch_size`` rows per UPDATE; see :func:`create_many`.
    """
    for start in range(0, len(changed), batch_size):
        batch = changed[start : start + batch_size]
        type(batch[0][0])._default_manager.bulk_update([i for i, _ in batch], fields)
        AuditEntry.objects.bulk_create(_entries(actor, AuditEntry.Action.UPDATE, list(batch)))
