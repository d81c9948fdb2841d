"""The pure ledger rules (no database): figures always equal the sum of the booked entries and
an invalid entry is refused without changing anything."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sikt.web.funds.ledger_rules import Code, Entry, Figures, Kind, Ledger, fold

FUND, OTHER_FUND = 1, 2
MUNICIPAL_COMMITTEE, COMPANY = 10, 11
YEARS = (2025, 2026)
PERIODS = ("delar1", "delar2", "helar")


def ledger() -> Ledger:
    return Ledger(repaying_committees={MUNICIPAL_COMMITTEE}, repayment_funds={FUND})


def entry(kind: Kind, amount: int, **values: object) -> Entry:
    fields: dict[str, object] = {
        "year": 2025,
        "booked_year": 2025,
        "period": "delar1",
        "fund": FUND,
        **values,
    }
    return Entry(kind=kind, amount_ore=amount, **fields)  # type: ignore[arg-type]


def sums_by_hand(book: Ledger) -> Figures:
    """Each figure summed straight from the booked entries (independent of the ledger's sums)."""
    totals = dict.fromkeys(("allocation", "commitment", "release", "payout", "repayment"), 0)
    for booked in book.entries.values():
        if booked.kind is Kind.CORRECTION:
            target = book.entries[booked.reverses]  # type: ignore[index]
            totals[target.kind.value] -= booked.amount_ore
        else:
            totals[booked.kind.value] += booked.amount_ore
    return Figures.from_sums(totals)


operations = st.lists(
    st.tuples(
        st.sampled_from(list(Kind)),
        st.one_of(st.integers(-1_000, 0), st.integers(1, 5_000_000_000)),
        st.sampled_from(YEARS),
        st.sampled_from(PERIODS),
        st.sampled_from([None, 100, 101]),
        st.sampled_from([None, MUNICIPAL_COMMITTEE, COMPANY]),
        st.booleans(),
        st.sampled_from([FUND, OTHER_FUND]),
        st.integers(0, 40),
        st.booleans(),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(operations)
def test_figures_always_equal_the_sum_of_the_entries(ops: list[tuple]) -> None:  # type: ignore[type-arg]
    book = ledger()
    for index, op in enumerate(ops):
        kind, amount, year, period, initiative, committee, decided, fund, pick, close = op
        if close:
            book.closed.add((year, period))
            continue
        target = None
        if kind is Kind.CORRECTION and book.entries:
            target = list(book.entries.values())[pick % len(book.entries)]
            amount = target.amount_ore if amount > 0 else amount
            year, initiative, committee = target.year, target.initiative, target.committee
        proposed = entry(
            kind,
            amount,
            year=year,
            booked_year=year,
            period=period,
            fund=fund,
            initiative=initiative,
            committee=committee,
            has_decision=decided,
            reverses=None if target is None else target.id,
            id=index + 1,
        )
        before = copy.deepcopy(book)
        refused = book.add(proposed)
        if refused:
            assert book.entries == before.entries
            assert book.figures() == before.figures()
        assert book.figures() == sums_by_hand(book)
        for year_ in YEARS:
            for fund_ in (FUND, OTHER_FUND):
                per = book.figures(fund=fund_, year=year_)
                assert per.balance == per.allocated + per.repaid - per.paid
        # Nothing is ever paid beyond what is committed, per fund, initiative and year.
        for (fund_, initiative_, year_), (committed, paid) in book._per_initiative_year.items():
            assert 0 <= paid <= committed, (fund_, initiative_, year_)


@pytest.mark.parametrize(
    ("proposed", "code"),
    [
        (entry(Kind.ALLOCATION, 0), Code.NOT_POSITIVE),
        (entry(Kind.ALLOCATION, -100), Code.NOT_POSITIVE),
        (entry(Kind.PAYOUT, 100, initiative=100), Code.ABOVE_COMMITMENT),
        (entry(Kind.COMMITMENT, 100, initiative=100), Code.DECISION_MISSING),
        (entry(Kind.REPAYMENT, 100, committee=COMPANY), Code.NOT_A_COMMITTEE),
        (entry(Kind.REPAYMENT, 100), Code.COMMITTEE_MISSING),
        (
            entry(Kind.REPAYMENT, 100, committee=MUNICIPAL_COMMITTEE, fund=OTHER_FUND),
            Code.FUND_TAKES_NO_REPAYMENTS,
        ),
        (entry(Kind.PAYOUT, 100), Code.INITIATIVE_MISSING),
        (entry(Kind.RELEASE, 100, initiative=100), Code.RELEASE_ABOVE_OUTSTANDING),
        (entry(Kind.CORRECTION, 100, reverses=999), Code.TARGET_MISSING),
        (entry(Kind.ALLOCATION, 100, initiative=100), Code.NOT_FOR_ALLOCATION),
    ],
)
def test_invalid_entries_are_refused(proposed: Entry, code: Code) -> None:
    assert code in ledger().check(proposed)


def test_payout_within_the_commitment_then_above_it() -> None:
    book = ledger()
    assert book.add(entry(Kind.COMMITMENT, 1_000_00, initiative=100, has_decision=True, id=1)) == []
    assert book.add(entry(Kind.PAYOUT, 600_00, initiative=100, id=2)) == []
    # 400 kr remain of the grant for 2025; 401 kr needs a decision (a further commitment).
    assert book.add(entry(Kind.PAYOUT, 401_00, initiative=100, id=3)) == [Code.ABOVE_COMMITMENT]
    assert book.add(entry(Kind.PAYOUT, 400_00, initiative=100, id=4)) == []
    # The 2026 grant is separate.
    assert book.add(entry(Kind.PAYOUT, 1, initiative=100, year=2026, id=5)) == [
        Code.ABOVE_COMMITMENT
    ]
    assert book.figures().outstanding == 0


def test_entry_on_a_closed_period_is_refused() -> None:
    book = ledger()
    book.closed.add((2025, "delar1"))
    assert book.add(entry(Kind.ALLOCATION, 100, id=1)) == [Code.PERIOD_CLOSED]
    assert book.add(entry(Kind.ALLOCATION, 100, period="delar2", id=2)) == []


def test_a_correction_reverses_one_entry_once_and_in_full() -> None:
    book = ledger()
    book.add(entry(Kind.ALLOCATION, 5_000_000_00, id=1))
    assert book.add(entry(Kind.CORRECTION, 1, reverses=1, id=2)) == [Code.AMOUNT_DIFFERS]
    assert book.add(entry(Kind.CORRECTION, 5_000_000_00, reverses=1, id=3)) == []
    assert book.figures().allocated == 0
    assert book.add(entry(Kind.CORRECTION, 5_000_000_00, reverses=1, id=4)) == [
        Code.TARGET_ALREADY_REVERSED
    ]
    assert Code.TARGET_IS_CORRECTION in book.check(entry(Kind.CORRECTION, 5_000_000_00, reverses=3))


def test_taking_back_a_paid_commitment_is_refused() -> None:
    book = ledger()
    book.add(entry(Kind.COMMITMENT, 1_000, initiative=100, has_decision=True, id=1))
    book.add(entry(Kind.PAYOUT, 1_000, initiative=100, id=2))
    assert book.add(entry(Kind.CORRECTION, 1_000, initiative=100, reverses=1, id=3)) == [
        Code.REVERSAL_BELOW_PAID
    ]
    # Reverse the payout first, then the commitment.
    assert book.add(entry(Kind.CORRECTION, 1_000, initiative=100, reverses=2, id=4)) == []
    assert book.add(entry(Kind.CORRECTION, 1_000, initiative=100, reverses=1, id=5)) == []
    assert book.figures() == Figures()


def test_fold_counts_a_correction_against_the_kind_it_reverses() -> None:
    rows = [("allocation", None, 2025, 1_000), ("correction", "allocation", 2025, 300)]
    assert fold(rows)[2025].allocated == 700
    with pytest.raises(ValueError, match="correction"):
        fold([("correction", None, 2025, 1)])
