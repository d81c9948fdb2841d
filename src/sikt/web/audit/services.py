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
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router, transaction
from django.utils import timezone

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


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


@dataclass
class PreparedInsert:
    """New records of one model and their audit entries, already turned into database values:
    what :func:`insert_many` writes (see :func:`prepare_create_many`)."""

    using: str
    sql: str
    rows: list[tuple[Any, ...]]
    audit_sql: str
    audit_rows: list[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.rows)


def prepare_create_many(
    actor: Any, instances: list[M], natural_key: tuple[str, ...]
) -> PreparedInsert:
    """Prepare many new, already validated records of one model and their audit entries (a
    large import), outside any transaction.

    Why: :func:`create` costs two statements per record, and even Django's ``bulk_create``
    spends about a millisecond per row turning values into SQL — minutes for 200,000 rows,
    all while the write transaction holds SQLite's lock. Here every value is converted in
    advance, so the transaction (:func:`insert_many`) only runs two ``executemany``. Each audit
    entry finds its record's id by ``natural_key`` (field names that identify a row, e.g. the
    organisation and the key) as it is inserted."""
    model = type(instances[0])
    using = router.db_for_write(model)
    connection = connections[using]

    def quote(name: str | None) -> str:
        return str(connection.ops.quote_name(str(name)))

    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    keys = [_field(model, name) for name in natural_key]
    audit_fields = [
        _field(AuditEntry, name)
        for name in (
            "organization",
            "actor",
            "at",
            "action",
            "content_type",
            "object_repr",
            "changes",
            "note",
        )
    ]
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    who = actor.pk if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    rows, audit_rows = [], []
    for instance in instances:
        rows.append(
            tuple(f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields)
        )
        organization = organization_of(instance)
        audit_values = (
            organization.pk if organization is not None else None,
            who,
            now,
            AuditEntry.Action.CREATE,
            content_type.pk,
            str(instance)[:300],
            diff({}, snapshot(instance)),
            "",
        )
        audit_rows.append(
            tuple(
                f.get_db_prep_save(v, connection)
                for f, v in zip(audit_fields, audit_values, strict=True)
            )
            + tuple(k.get_db_prep_save(getattr(instance, k.attname), connection) for k in keys)
        )
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    audit_columns = ", ".join(quote(f.column) for f in audit_fields)
    audit_marks = ", ".join(["%s"] * len(audit_fields))
    where = " AND ".join(f"{quote(k.column)} = %s" for k in keys)
    return PreparedInsert(
        using=using,
        sql=f"INSERT INTO {table} ({columns}) VALUES ({marks})",
        rows=rows,
        audit_sql=(
            f"INSERT INTO {quote(AuditEntry._meta.db_table)} ({audit_columns}, "
            f"{quote('object_id')}) SELECT {audit_marks}, "
            f"CAST({quote(model._meta.pk.column)} AS VARCHAR(64)) FROM {table} WHERE {where}"
        ),
        audit_rows=audit_rows,
    )


def insert_many(prepared: PreparedInsert, batch_size: int = 5000) -> None:
    """Write what :func:`prepare_create_many` prepared; call inside the service's transaction."""
    with connections[prepared.using].cursor() as cursor:
        for start in range(0, len(prepared.rows), batch_size):
            cursor.executemany(prepared.sql, prepared.rows[start : start + batch_size])
        for start in range(0, len(prepared.audit_rows), batch_size):
            cursor.executemany(prepared.audit_sql, prepared.audit_rows[start : start + batch_size])


def update_many(
    actor: Any,
    changed: list[tuple[M, dict[str, list[Any]]]],
    fields: list[str],
    batch_size: int = 1000,
) -> None:
    """Save ``fields`` of many already validated records with their recorded ``changes``
    (:func:`diff` of before and after), ``batch_size`` rows per UPDATE (a large import).
    """
    for start in range(0, len(changed), batch_size):
        batch = changed[start : start + batch_size]
        type(batch[0][0])._default_manager.bulk_update([i for i, _ in batch], fields)
        AuditEntry.objects.bulk_create(_entries(actor, AuditEntry.Action.UPDATE, list(batch)))
