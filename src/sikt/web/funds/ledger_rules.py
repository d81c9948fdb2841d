"""The fund's ledger rules, framework-free: which entry is valid and what the figures are.

Why a pure module: the same rules must hold for the web's services (which read the facts an
entry needs from the database under a lock), for ``sikt funds audit`` (which replays every
entry) and for property tests (which replay random sequences in memory). This module imports
nothing from Django.

Money is integer öre throughout (1 kr = 100 öre): exact, and sums never round.

The model (Uppsala guideline 003, "Finansiell modell"; DOMAIN §4):

* an **allocation** puts money from the budget into the fund;
* a **commitment** reserves money for an initiative's year when the grant is decided — it
  always rests on a recorded decision (the approval, an amendment, or a decision to pay above
  the grant);
* a **payout** pays an initiative's actual costs in arrears, never more than what is still
  committed for that initiative and year;
* a **release** frees what is committed but will not be paid;
* a **repayment** comes back from a municipal committee (only committees repay, and only into
  a fund part that takes repayments);
* a **correction** reverses one earlier entry in full — never an edit or a delete.

Figures (all derived, never stored): ``balance = allocated + repaid − paid``,
``outstanding = committed − released − paid`` (promised, not yet paid) and
``available = allocated + repaid − (committed − released)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    ALLOCATION = "allocation"
    COMMITMENT = "commitment"
    PAYOUT = "payout"
    RELEASE = "release"
    REPAYMENT = "repayment"
    CORRECTION = "correction"


#: The kinds a figure is summed from (a correction counts against its target's kind).
FIGURE_KINDS = (Kind.ALLOCATION, Kind.COMMITMENT, Kind.RELEASE, Kind.PAYOUT, Kind.REPAYMENT)


class Code(StrEnum):
    """Why an entry is refused (stable ids; messages live with the web layer)."""

    NOT_POSITIVE = "not_positive"
    PERIOD_CLOSED = "period_closed"
    INITIATIVE_MISSING = "initiative_missing"
    NOT_FOR_ALLOCATION = "not_for_allocation"
    COMMITTEE_MISSING = "committee_missing"
    NOT_A_COMMITTEE = "not_a_committee"
    FUND_TAKES_NO_REPAYMENTS = "fund_takes_no_repayments"
    DECISION_MISSING = "decision_missing"
    ABOVE_COMMITMENT = "above_commitment"
    RELEASE_ABOVE_OUTSTANDING = "release_above_outstanding"
    TARGET_MISSING = "target_missing"
    TARGET_IS_CORRECTION = "target_is_correction"
    TARGET_ALREADY_REVERSED = "target_already_reversed"
    TARGET_OTHER_FUND = "target_other_fund"
    AMOUNT_DIFFERS = "amount_differs"
    SUBJECT_DIFFERS = "subject_differs"
    REVERSAL_BELOW_PAID = "reversal_below_paid"


@dataclass(frozen=True)
class Entry:
    """One ledger entry as the rules see it.

    ``year`` is the year the money concerns (the budget year of an allocation, the grant year
    of a commitment, payout or release, the plan year of a repayment; a correction concerns its
    target's year). ``booked_year`` and ``period`` are the accounting period it is booked in,
    which must be open.
    """

    kind: Kind
    amount_ore: int
    year: int
    booked_year: int
    period: str
    fund: int = 0
    initiative: int | None = None
    committee: int | None = None
    has_decision: bool = False
    reverses: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class Facts:
    """What the ledger knows that an entry's validity depends on.

    ``committed`` and ``paid`` are the net commitment (commitments − releases, corrections
    applied) and the net payouts of the entry's fund, initiative and year; for a correction
    they are those of the target's.
    """

    period_closed: bool = False
    fund_takes_repayments: bool = True
    committee_may_repay: bool = True
    committed: int = 0
    paid: int = 0
    target: Entry | None = None
    target_reversed: bool = False


def refusals(entry: Entry, facts: Facts) -> list[Code]:
    """Every rule ``entry`` breaks given ``facts``; empty when it may be booked."""
    found: list[Code] = []
    if entry.amount_ore <= 0:
        found.append(Code.NOT_POSITIVE)
    if facts.period_closed:
        found.append(Code.PERIOD_CLOSED)
    kind = entry.kind
    needs_initiative = kind in (Kind.COMMITMENT, Kind.PAYOUT, Kind.RELEASE)
    if needs_initiative and entry.initiative is None:
        found.append(Code.INITIATIVE_MISSING)
    if kind is Kind.ALLOCATION and (entry.initiative is not None or entry.committee is not None):
        found.append(Code.NOT_FOR_ALLOCATION)
    if kind is Kind.REPAYMENT:
        if entry.committee is None:
            found.append(Code.COMMITTEE_MISSING)
        elif not facts.committee_may_repay:
            found.append(Code.NOT_A_COMMITTEE)
        if not facts.fund_takes_repayments:
            found.append(Code.FUND_TAKES_NO_REPAYMENTS)
    if kind is Kind.COMMITMENT and not entry.has_decision:
        found.append(Code.DECISION_MISSING)
    outstanding = facts.committed - facts.paid
    if kind is Kind.PAYOUT and entry.amount_ore > outstanding:
        found.append(Code.ABOVE_COMMITMENT)
    if kind is Kind.RELEASE and entry.amount_ore > outstanding:
        found.append(Code.RELEASE_ABOVE_OUTSTANDING)
    if kind is Kind.CORRECTION:
        found.extend(_correction_refusals(entry, facts, outstanding))
    return found


def _correction_refusals(entry: Entry, facts: Facts, outstanding: int) -> list[Code]:
    target = facts.target
    if target is None:
        return [Code.TARGET_MISSING]
    found = []
    if target.kind is Kind.CORRECTION:
        found.append(Code.TARGET_IS_CORRECTION)
    if facts.target_reversed:
        found.append(Code.TARGET_ALREADY_REVERSED)
    if target.fund != entry.fund:
        found.append(Code.TARGET_OTHER_FUND)
    if target.amount_ore != entry.amount_ore:
        found.append(Code.AMOUNT_DIFFERS)
    if (target.year, target.initiative, target.committee) != (
        entry.year,
        entry.initiative,
        entry.committee,
    ):
        found.append(Code.SUBJECT_DIFFERS)
    # Taking back a commitment (or undoing a release) may not leave more paid than committed.
    if target.kind is Kind.COMMITMENT and target.amount_ore > outstanding:
        found.append(Code.REVERSAL_BELOW_PAID)
    return found


def effect_kind(entry: Entry, target: Entry | None = None) -> tuple[Kind, int]:
    """``(figure kind, signed öre)``: what the entry adds to which figure."""
    if entry.kind is Kind.CORRECTION:
        if target is None:
            raise ValueError("a correction needs its target")
        return target.kind, -entry.amount_ore
    return entry.kind, entry.amount_ore


@dataclass(frozen=True)
class Figures:
    """The fund's derived figures in öre."""

    allocated: int = 0
    committed: int = 0
    released: int = 0
    paid: int = 0
    repaid: int = 0

    @property
    def committed_net(self) -> int:
        return self.committed - self.released

    @property
    def balance(self) -> int:
        return self.allocated + self.repaid - self.paid

    @property
    def outstanding(self) -> int:
        return self.committed_net - self.paid

    @property
    def available(self) -> int:
        return self.allocated + self.repaid - self.committed_net

    @classmethod
    def from_sums(cls, sums: Mapping[str, int]) -> Figures:
        """From ``{kind: signed sum}`` (corrections already folded into their target's kind)."""
        return cls(
            allocated=int(sums.get(Kind.ALLOCATION, 0)),
            committed=int(sums.get(Kind.COMMITMENT, 0)),
            released=int(sums.get(Kind.RELEASE, 0)),
            paid=int(sums.get(Kind.PAYOUT, 0)),
            repaid=int(sums.get(Kind.REPAYMENT, 0)),
        )

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.allocated + other.allocated,
            self.committed + other.committed,
            self.released + other.released,
            self.paid + other.paid,
            self.repaid + other.repaid,
        )


@dataclass
class Ledger:
    """An in-memory ledger of one organisation: replays entries under the same rules.

    Used by ``sikt funds audit`` to replay the stored ledger and by the property tests.
    ``repaying_committees`` are the committees that may repay; ``repayment_funds`` the fund
    parts that take repayments; ``closed`` the closed ``(year, period)`` pairs.
    """

    repaying_committees: set[int] = field(default_factory=set)
    repayment_funds: set[int] = field(default_factory=set)
    closed: set[tuple[int, str]] = field(default_factory=set)
    entries: dict[int, Entry] = field(default_factory=dict)
    reversed_ids: set[int] = field(default_factory=set)
    _per_initiative_year: dict[tuple[int, int, int], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )
    _sums: dict[tuple[int, int, Kind], int] = field(default_factory=lambda: defaultdict(int))

    def facts(self, entry: Entry) -> Facts:
        target = self.entries.get(entry.reverses) if entry.reverses is not None else None
        anchor = target if target is not None else entry
        committed, paid = 0, 0
        if anchor.initiative is not None:
            key = (anchor.fund, anchor.initiative, anchor.year)
            committed, paid = self._per_initiative_year.get(key, (0, 0))
        return Facts(
            period_closed=(entry.booked_year, entry.period) in self.closed,
            fund_takes_repayments=entry.fund in self.repayment_funds,
            committee_may_repay=entry.committee in self.repaying_committees,
            committed=committed,
            paid=paid,
            target=target,
            target_reversed=entry.reverses in self.reversed_ids,
        )

    def check(self, entry: Entry) -> list[Code]:
        return refusals(entry, self.facts(entry))

    def add(self, entry: Entry) -> list[Code]:
        """Book ``entry`` if valid (it needs an ``id``); return the refusals (empty = booked)."""
        found = self.check(entry)
        if found:
            return found
        if entry.id is None or entry.id in self.entries:
            raise ValueError("each booked entry needs a new id")
        target = self.entries.get(entry.reverses) if entry.reverses is not None else None
        kind, signed = effect_kind(entry, target)
        anchor = target if target is not None else entry
        self.entries[entry.id] = entry
        if target is not None:
            self.reversed_ids.add(target.id or 0)
        self._sums[(anchor.fund, anchor.year, kind)] += signed
        if anchor.initiative is not None:
            pair = self._per_initiative_year[(anchor.fund, anchor.initiative, anchor.year)]
            if kind is Kind.COMMITMENT:
                pair[0] += signed
            elif kind is Kind.RELEASE:
                pair[0] -= signed
            elif kind is Kind.PAYOUT:
                pair[1] += signed
        return []

    def figures(self, fund: int | None = None, year: int | None = None) -> Figures:
        sums: dict[str, int] = defaultdict(int)
        for (entry_fund, entry_year, kind), amount in self._sums.items():
            if (fund is None or entry_fund == fund) and (year is None or entry_year == year):
                sums[kind] += amount
        return Figures.from_sums(sums)

    def years(self) -> list[int]:
        return sorted({year for _fund, year, _kind in self._sums})

    def fund_years(self) -> list[tuple[int, int]]:
        """The ``(fund, year)`` pairs any entry counted in."""
        return sorted({(fund, year) for fund, year, _kind in self._sums})


def fold(rows: Iterable[tuple[str, str | None, int, int]]) -> dict[int, Figures]:
    """``{year: Figures}`` from aggregate rows ``(kind, corrected kind, year, sum of öre)``."""
    sums: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, corrected, year, total in rows:
        if kind == Kind.CORRECTION:
            if not corrected:
                raise ValueError("a correction without the kind it corrects")
            sums[year][corrected] -= int(total)
        else:
            sums[year][kind] += int(total)
    return {year: Figures.from_sums(values) for year, values in sorted(sums.items())}
