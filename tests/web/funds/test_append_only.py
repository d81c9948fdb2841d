"""The database itself refuses to change or delete a ledger entry (whatever client connects).

Runs on the database the suite runs on — SQLite here and PostgreSQL in the PostgreSQL run
(``SIKT_DATABASE_URL=postgresql://…``)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from sikt.web.accounts.models import User
from sikt.web.funds import reconcile, triggers
from sikt.web.funds.models import Fund, LedgerEntry
from sikt.web.funds.services import ledger as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(fund: Fund, coordinator: User) -> LedgerEntry:
    return services.allocation_book(actor=coordinator, fund=fund, amount_ore=10_000_00, year=2025)


def _refused(sql: str, params: list[object]) -> None:
    with (
        pytest.raises(DatabaseError, match="never changed or deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_update_is_refused_by_the_database(entry: LedgerEntry) -> None:
    _refused("UPDATE funds_ledgerentry SET amount_ore = 1 WHERE id = %s", [entry.pk])
    _refused("UPDATE funds_ledgerentry SET note = 'x'", [])
    entry.refresh_from_db()
    assert entry.amount_ore == 10_000_00


def test_delete_is_refused_by_the_database(entry: LedgerEntry) -> None:
    _refused("DELETE FROM funds_ledgerentry WHERE id = %s", [entry.pk])
    _refused("DELETE FROM funds_ledgerentry", [])
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_the_orm_cannot_change_or_delete_either(entry: LedgerEntry) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(note="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.delete()
    assert LedgerEntry.objects.get(pk=entry.pk).note == ""


def test_the_triggers_exist_after_all_migrations() -> None:
    assert reconcile.triggers_present()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's test-flush exception only")
def test_only_the_test_flush_may_empty_the_table_on_sqlite(entry: LedgerEntry) -> None:
    with triggers.purge_allowed(), transaction.atomic():
        sid = transaction.savepoint()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM funds_ledgerentry WHERE id = %s", [entry.pk])
        transaction.savepoint_rollback(sid)
    _refused("DELETE FROM funds_ledgerentry WHERE id = %s", [entry.pk])
