"""Booking through the services: the database agrees with the pure rules entry by entry, the
figures the pages show equal the sum of the stored entries, and a refused entry writes nothing."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sikt.web.accounts.models import Committee, Organization, Role, User
from sikt.web.audit.models import AuditEntry
from sikt.web.funds import periods, selectors
from sikt.web.funds.ledger_rules import Entry, Figures, Kind, Ledger
from sikt.web.funds.messages import LedgerRefused
from sikt.web.funds.models import Fund, LedgerEntry
from sikt.web.funds.services import ledger as services
from sikt.web.initiatives.models import Initiative
from tests.web.factories import make_initiative, make_user
from tests.web.funds.conftest import World, make_decision

pytestmark = pytest.mark.django_db


def stored_figures(fund: Fund) -> Figures:
    """Each figure summed in Python straight from the stored rows."""
    totals = dict.fromkeys(("allocation", "commitment", "release", "payout", "repayment"), 0)
    for row in LedgerEntry.objects.filter(fund=fund):
        if row.kind == "correction":
            totals[row.reverses.kind] -= row.amount_ore
        else:
            totals[row.kind] += row.amount_ore
    return Figures.from_sums(totals)


def test_an_allocation_is_booked_with_actor_period_and_audit_record(
    fund: Fund, coordinator: User
) -> None:
    entry = services.allocation_book(
        actor=coordinator,
        fund=fund,
        amount_ore=15_000_000_00,
        year=2025,
        booked_on=dt.date(2025, 2, 3),
        note="Mål och budget 2025",
    )
    assert (entry.actor, entry.period, entry.booked_year) == (coordinator, "delar1", 2025)
    record = AuditEntry.objects.get(object_id=str(entry.pk), content_type__model="ledgerentry")
    assert record.actor == coordinator
    assert record.changes["amount_ore"] == [None, 15_000_000_00]
    figures = selectors.figures_by_year([fund])[2025]
    assert (figures.allocated, figures.available, figures.balance) == (15_000_000_00,) * 3


def test_a_repeated_post_books_nothing_twice(fund: Fund, coordinator: User) -> None:
    key = uuid.uuid4()
    first = services.allocation_book(
        actor=coordinator, fund=fund, amount_ore=100, year=2025, idempotency_key=key
    )
    again = services.allocation_book(
        actor=coordinator, fund=fund, amount_ore=100, year=2025, idempotency_key=key
    )
    assert first.pk == again.pk
    assert LedgerEntry.objects.count() == 1


def test_only_the_coordinator_books_allocations_and_corrections(
    fund: Fund, organization: Organization, coordinator: User
) -> None:
    entry = services.allocation_book(actor=coordinator, fund=fund, amount_ore=100, year=2025)
    for role in set(Role) - {Role.COORDINATOR}:
        user = make_user(organization, role)
        with pytest.raises(PermissionDenied):
            services.allocation_book(actor=user, fund=fund, amount_ore=100, year=2025)
        with pytest.raises(PermissionDenied):
            services.correction_book(actor=user, target=entry, note="fel")
    outsider = make_user(None)
    with pytest.raises(PermissionDenied):
        services.allocation_book(actor=outsider, fund=fund, amount_ore=100, year=2025)
    assert LedgerEntry.objects.count() == 1


def test_refused_entries_write_nothing(
    fund: Fund, coordinator: User, initiative: Initiative, organization: Organization
) -> None:
    company = Committee.objects.create(
        organization=organization, name="Exempelby Bostäder AB", kind=Committee.Kind.COMPANY
    )
    periods.period_close(actor=coordinator, organization=organization, year=2024, period="helar")
    attempts = [
        {"kind": Kind.ALLOCATION, "amount_ore": 0, "year": 2025},
        {"kind": Kind.ALLOCATION, "amount_ore": -5, "year": 2025},
        {"kind": Kind.PAYOUT, "amount_ore": 100, "year": 2025, "initiative": initiative},
        {"kind": Kind.COMMITMENT, "amount_ore": 100, "year": 2025, "initiative": initiative},
        {"kind": Kind.REPAYMENT, "amount_ore": 100, "year": 2025, "committee": company},
        {"kind": Kind.ALLOCATION, "amount_ore": 1, "year": 2024, "booked_on": dt.date(2024, 12, 1)},
    ]
    for values in attempts:
        with pytest.raises(LedgerRefused):
            services.book(actor=coordinator, fund=fund, **values)
    assert LedgerEntry.objects.count() == 0
    assert not AuditEntry.objects.filter(content_type__model="ledgerentry").exists()


def test_entries_of_another_organisation_are_refused(
    fund: Fund, coordinator: User, other_organization: Organization
) -> None:
    foreign = make_initiative(other_organization)
    with pytest.raises(ValueError, match="different organisations"):
        services.book(
            actor=coordinator,
            fund=fund,
            kind=Kind.COMMITMENT,
            amount_ore=1,
            year=2025,
            initiative=foreign,
            decision=make_decision(foreign),
        )


def test_a_correction_reverses_and_is_traceable(fund: Fund, coordinator: User) -> None:
    wrong = services.allocation_book(actor=coordinator, fund=fund, amount_ore=1_000_00, year=2025)
    correction = services.correction_book(actor=coordinator, target=wrong, note="Fel belopp")
    assert (correction.kind, correction.corrected_kind, correction.reverses) == (
        "correction",
        "allocation",
        wrong,
    )
    assert wrong.reversed_by == correction
    assert selectors.figures_by_year([fund])[2025].allocated == 0
    with pytest.raises(LedgerRefused):
        services.correction_book(actor=coordinator, target=wrong, note="igen")


# --- model-based property test: the database follows the pure rules ------------------------

DATES = (dt.date(2025, 3, 1), dt.date(2025, 10, 1), dt.date(2026, 6, 1))
KINDS = [kind for kind in Kind if kind is not Kind.CORRECTION]

operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("book"),
            st.sampled_from(KINDS),
            st.one_of(st.just(0), st.integers(1, 3_000_000_00)),
            st.sampled_from(DATES),
            st.integers(0, 1),  # initiative (or none for allocations and repayments)
            st.integers(0, 1),  # committee: municipal or company
            st.booleans(),  # with a decision
            st.integers(0, 1),  # fund part
        ),
        st.tuples(st.just("correct"), st.integers(0, 30)),
        st.tuples(st.just("close"), st.sampled_from(DATES)),
    ),
    max_size=14,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_the_database_follows_the_rules_and_figures_equal_the_entries(
    world: World,
    ops: list[tuple],  # type: ignore[type-arg]
) -> None:
    savepoint = transaction.savepoint()
    try:
        _run(world, ops)
    finally:
        transaction.savepoint_rollback(savepoint)


def _run(world: World, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    organization, coordinator = world.organization, world.coordinator
    funds, initiatives, committees = world.funds, world.initiatives, world.committees
    model = Ledger(repaying_committees={committees[0].pk}, repayment_funds={funds[0].pk})
    for op in ops:
        count = LedgerEntry.objects.count()
        if op[0] == "close":
            period = periods.period_of(organization, op[1]).key
            periods.period_close(
                actor=coordinator, organization=organization, year=op[1].year, period=period
            )
            model.closed.add((op[1].year, period))
            continue
        if op[0] == "correct":
            if not count:
                continue
            target = LedgerEntry.objects.order_by("id")[op[1] % count]
            values = {
                "kind": Kind.CORRECTION,
                "fund": target.fund,
                "amount_ore": target.amount_ore,
                "year": target.year,
                "initiative": target.initiative,
                "committee": target.committee,
                "reverses": target,
            }
        else:
            _, kind, amount, day, i, c, decided, f = op
            initiative = initiatives[i] if kind not in (Kind.ALLOCATION, Kind.REPAYMENT) else None
            values = {
                "kind": kind,
                "fund": funds[f],
                "amount_ore": amount,
                "year": day.year,
                "booked_on": day,
                "initiative": initiative,
                "committee": committees[c] if kind is Kind.REPAYMENT else None,
            }
            if decided and initiative is not None:
                values["decision"] = make_decision(initiative)
        booked_on = values.get("booked_on") or dt.date.today()
        expected = model.check(
            Entry(
                kind=values["kind"],
                amount_ore=values["amount_ore"],
                year=values["year"],
                booked_year=booked_on.year,
                period=periods.period_of(organization, booked_on).key,
                fund=values["fund"].pk,
                initiative=values["initiative"].pk if values.get("initiative") else None,
                committee=values["committee"].pk if values.get("committee") else None,
                has_decision="decision" in values,
                reverses=values["reverses"].pk if values.get("reverses") else None,
            )
        )
        if expected:
            with pytest.raises(LedgerRefused) as refused:
                services.book(actor=coordinator, **values)
            assert [code.value for code in refused.value.codes] == [c.value for c in expected]
            assert LedgerEntry.objects.count() == count
        else:
            stored = services.book(actor=coordinator, **values)
            model.add(
                Entry(
                    kind=Kind(stored.kind),
                    amount_ore=stored.amount_ore,
                    year=stored.year,
                    booked_year=stored.booked_year,
                    period=stored.period,
                    fund=stored.fund_id,
                    initiative=stored.initiative_id,
                    committee=stored.committee_id,
                    has_decision=stored.decision_id is not None,
                    reverses=stored.reverses_id,
                    id=stored.pk,
                )
            )
        for fund in funds:
            shown = selectors.total(selectors.figures_by_year([fund]))
            assert shown == stored_figures(fund) == model.figures(fund=fund.pk)
