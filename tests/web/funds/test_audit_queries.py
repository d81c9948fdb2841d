"""The audit's checks in the database find what the Python replay of every entry finds.

Entries are written straight to the table here, past the services, as a bug or a hand-edited
database would leave them; the database's own constraints still hold.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sikt.web.accounts.models import Organization
from sikt.web.funds import audit_queries, periods, reconcile
from sikt.web.funds.ledger_rules import Code, Figures, Kind, fold
from sikt.web.funds.models import Fund, LedgerEntry
from sikt.web.funds.services import ledger as services
from sikt.web.funds.services.funds import fund_create
from tests.web.funds.conftest import World, make_decision

pytestmark = pytest.mark.django_db

YEARS = (2025, 2026)
AMOUNTS = (100, 200, 300, 500)
PLAIN_KINDS = [kind for kind in Kind if kind is not Kind.CORRECTION]


def write(world: World, kind: Kind, amount: int, **values: object) -> LedgerEntry:
    """One entry straight into the table, as the services would not have let it in."""
    fields: dict[str, object] = {
        "fund": world.funds[0],
        "year": 2025,
        "booked_year": 2025,
        "period": "delar1",
        "booked_on": dt.date(2025, 3, 1),
        "actor": world.coordinator,
        **values,
    }
    return LedgerEntry.objects.create(kind=kind.value, amount_ore=amount, **fields)


def correction(world: World, target: LedgerEntry, **values: object) -> LedgerEntry:
    fields: dict[str, object] = {
        "fund": target.fund,
        "year": target.year,
        "initiative": target.initiative,
        "committee": target.committee,
        "corrected_kind": target.kind,
        "reverses": target,
        **values,
    }
    amount = int(fields.pop("amount_ore", target.amount_ore))  # type: ignore[call-overload]
    return write(world, Kind.CORRECTION, amount, **fields)


def codes_of(world: World) -> dict[int, set[Code]]:
    return {pk: set(codes) for pk, _kind, codes in audit_queries.rule_breaks(world.organization.pk)}


def test_a_clean_ledger_has_no_rule_break_and_its_sums_agree(world: World) -> None:
    initiative = world.initiatives[0]
    write(world, Kind.ALLOCATION, 1_000)
    write(world, Kind.COMMITMENT, 500, initiative=initiative, decision=make_decision(initiative))
    payout = write(world, Kind.PAYOUT, 300, initiative=initiative)
    correction(world, payout)
    write(world, Kind.PAYOUT, 500, initiative=initiative)
    write(world, Kind.REPAYMENT, 50, committee=world.committees[0])
    assert audit_queries.rule_breaks(world.organization.pk) == []
    sums = audit_queries.sums(world.organization.pk)
    assert sums.entries == 6
    assert sums.differing == []
    assert sums.shown == sums.counted
    figures = sums.shown[(world.funds[0].pk, 2025)]
    assert figures == Figures(allocated=1_000, committed=500, paid=500, repaid=50)


def test_each_rule_is_checked_against_the_entries_before(world: World) -> None:
    first, second = world.initiatives
    other_fund = world.funds[1]
    allocation = write(world, Kind.ALLOCATION, 1_000, initiative=first)
    undecided = write(world, Kind.COMMITMENT, 400, initiative=first)
    payout = write(world, Kind.PAYOUT, 300, initiative=first)
    too_much = write(world, Kind.PAYOUT, 101, initiative=first)
    release = write(world, Kind.RELEASE, 200, initiative=first)
    company = write(world, Kind.REPAYMENT, 10, committee=world.committees[1], fund=other_fund)
    wrong_fund = correction(world, payout, fund=other_fund)
    wrong_amount = correction(world, release, amount_ore=199)
    wrong_subject = correction(world, allocation, initiative=second)
    correction_of_correction = correction(world, wrong_amount)
    taking_back = correction(world, undecided)
    assert codes_of(world) == {
        allocation.pk: {Code.NOT_FOR_ALLOCATION},
        undecided.pk: {Code.DECISION_MISSING},
        too_much.pk: {Code.ABOVE_COMMITMENT},
        release.pk: {Code.RELEASE_ABOVE_OUTSTANDING},
        company.pk: {Code.NOT_A_COMMITTEE, Code.FUND_TAKES_NO_REPAYMENTS},
        wrong_fund.pk: {Code.TARGET_OTHER_FUND},
        wrong_amount.pk: {Code.AMOUNT_DIFFERS},
        wrong_subject.pk: {Code.SUBJECT_DIFFERS},
        correction_of_correction.pk: {Code.TARGET_IS_CORRECTION},
        # Every entry counts as booked: 400 committed, 200 released and 199 of it taken back,
        # 300 + 101 paid and 300 taken back, so 298 is outstanding.
        taking_back.pk: {Code.REVERSAL_BELOW_PAID},
    }


def test_a_correction_of_the_wrong_kind_differs_in_the_sums(world: World) -> None:
    allocation = write(world, Kind.ALLOCATION, 1_000)
    correction(world, allocation, corrected_kind=Kind.REPAYMENT.value)
    assert audit_queries.rule_breaks(world.organization.pk) == []
    fund = world.funds[0].pk
    assert sorted(audit_queries.sums(world.organization.pk).differing) == [
        (fund, 2025, "allocation", 1_000, 0),
        (fund, 2025, "repayment", -1_000, 0),
    ]


def test_an_entry_booked_after_its_period_closed_is_found(world: World) -> None:
    before = write(world, Kind.ALLOCATION, 1_000, booked_year=2025, period="delar1")
    periods.period_close(
        actor=world.coordinator, organization=world.organization, year=2025, period="delar1"
    )
    late = write(world, Kind.ALLOCATION, 1_000, booked_year=2025, period="delar1")
    write(world, Kind.ALLOCATION, 1_000, booked_year=2025, period="delar2")
    assert audit_queries.booked_after_closing(world.organization.pk) == [late.pk]
    assert before.pk < late.pk
    report = reconcile.audit_organization(world.organization)
    assert f"entry #{late.pk} was booked in a period after it was closed" in report.breaks


def test_another_organisations_ledger_is_not_read(
    world: World, other_organization: Organization
) -> None:
    services.allocation_book(
        actor=world.coordinator, fund=world.funds[0], amount_ore=1_000, year=2025
    )
    other = fund_create(actor=None, organization=other_organization, name="Fonden")
    LedgerEntry.objects.create(
        fund=other,
        kind=Kind.PAYOUT.value,
        amount_ore=5,
        year=2025,
        booked_year=2025,
        period="delar1",
        booked_on=dt.date(2025, 3, 1),
        initiative=world.initiatives[0],
        actor=world.coordinator,
    )
    assert audit_queries.rule_breaks(world.organization.pk) == []
    assert audit_queries.sums(world.organization.pk).entries == 1
    assert audit_queries.rule_breaks(other_organization.pk) != []


def previous_audit_breaks(organization: Organization) -> list[str]:
    """The audit's breaks as it found them before its checks moved into the database: replay
    every entry in Python and compare with the ORM's aggregates."""
    report = reconcile.Report(organization.name)
    replayed = reconcile.replay(organization, report)
    rows = (
        LedgerEntry.objects.filter(fund__organization=organization)
        .order_by()
        .values_list("fund_id", "kind", "corrected_kind", "year")
        .annotate(total=Sum("amount_ore"))
    )
    per_fund: dict[int, list[tuple[str, str | None, int, int]]] = defaultdict(list)
    for fund, kind, corrected, year, total in rows:
        per_fund[fund].append((kind, corrected, year, total))
    aggregated = {
        (fund, year): figures
        for fund, fund_rows in per_fund.items()
        for year, figures in fold(fund_rows).items()
    }
    names = dict(Fund.objects.filter(organization=organization).values_list("pk", "name"))
    reconcile._compare(names, aggregated, replayed, report)
    return report.breaks


operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("entry"),
            st.sampled_from(PLAIN_KINDS),
            st.sampled_from(AMOUNTS),
            st.sampled_from(YEARS),
            st.sampled_from([None, 0, 1]),  # initiative
            st.sampled_from([None, 0, 1]),  # committee: municipal or company
            st.booleans(),  # with a decision
            st.integers(0, 1),  # fund part
        ),
        st.tuples(
            st.just("correct"),
            st.integers(0, 40),  # which earlier entry
            st.booleans(),  # same amount
            st.booleans(),  # same subject
            st.booleans(),  # same fund
            st.booleans(),  # counted against the target's kind
        ),
    ),
    max_size=16,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_the_database_finds_what_the_replay_finds(
    world: World,
    ops: list[tuple],  # type: ignore[type-arg]
) -> None:
    savepoint = transaction.savepoint()
    try:
        _write_all(world, ops)
        _compare_with_replay(world)
    finally:
        transaction.savepoint_rollback(savepoint)


def _write_all(world: World, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    for op in ops:
        if op[0] == "correct":
            _, index, same_amount, same_subject, same_fund, same_kind = op
            open_targets = list(
                LedgerEntry.objects.filter(
                    fund__organization=world.organization, reversed_by__isnull=True
                ).order_by("id")
            )
            if not open_targets:
                continue
            target = open_targets[index % len(open_targets)]
            values: dict[str, object] = {}
            if not same_amount:
                values["amount_ore"] = target.amount_ore + 100
            if not same_subject:
                values["year"] = YEARS[1] if target.year == YEARS[0] else YEARS[0]
            if not same_fund:
                values["fund"] = world.funds[1] if target.fund == world.funds[0] else world.funds[0]
            if not same_kind:
                values["corrected_kind"] = Kind.ALLOCATION.value
            correction(world, target, **values)
            continue
        _, kind, amount, year, i, c, decided, f = op
        initiative = world.initiatives[i] if i is not None else None
        if initiative is None and kind in (Kind.COMMITMENT, Kind.PAYOUT, Kind.RELEASE):
            initiative = world.initiatives[0]
        committee = world.committees[c] if c is not None else None
        if committee is None and kind is Kind.REPAYMENT:
            committee = world.committees[0]
        decision = make_decision(initiative) if decided and initiative is not None else None
        write(
            world,
            kind,
            amount,
            year=year,
            initiative=initiative,
            committee=committee,
            decision=decision,
            fund=world.funds[f],
        )


def _compare_with_replay(world: World) -> None:
    organization = world.organization
    report = reconcile.Report(organization.name)
    replayed = reconcile.replay(organization, report)
    found = audit_queries.rule_breaks(organization.pk)
    assert bool(found) == bool(report.breaks)
    if found:
        # Up to the first break both read the same entries as booked, so both name it alike.
        pk, kind, codes = found[0]
        assert report.breaks[0] == f"entry #{pk} ({kind}) breaks the rules: " + ", ".join(codes)
    else:
        assert audit_queries.sums(organization.pk).counted == replayed
    assert sorted(reconcile.audit_organization(organization).breaks) == sorted(
        previous_audit_breaks(organization) + _audit_record_breaks(organization)
    )


def _audit_record_breaks(organization: Organization) -> list[str]:
    count = LedgerEntry.objects.filter(fund__organization=organization).count()
    return [f"{count} ledger entries have no audit record"] if count else []
