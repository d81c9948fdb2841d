"""Records of the fund: fund parts, reporting periods, the append-only ledger, cost reports,
budget adoptions and repayment revisions."""

from sikt.web.funds.models.fund import ClosedPeriod, Fund, ReportingPeriod
from sikt.web.funds.models.ledger import EntryKind, LedgerEntry, OverrunDecision
from sikt.web.funds.models.payouts import CostReport, CostReportLine
from sikt.web.funds.models.repayments import BudgetAdoption, RepaymentRevision

__all__ = [
    "BudgetAdoption",
    "ClosedPeriod",
    "CostReport",
    "CostReportLine",
    "EntryKind",
    "Fund",
    "LedgerEntry",
    "OverrunDecision",
    "RepaymentRevision",
    "ReportingPeriod",
]
