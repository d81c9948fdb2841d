"""The reasons a ledger entry is refused, in words a coordinator or economist understands."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sikt.web.funds.ledger_rules import Code

MESSAGES: dict[Code, Promise] = {
    Code.NOT_POSITIVE: _("The amount must be greater than zero."),
    Code.PERIOD_CLOSED: _("The period is closed for booking."),
    Code.INITIATIVE_MISSING: _("Choose the initiative the entry concerns."),
    Code.NOT_FOR_ALLOCATION: _(
        "An allocation from the budget concerns no initiative or committee."
    ),
    Code.COMMITTEE_MISSING: _("Choose the committee that repays."),
    Code.NOT_A_COMMITTEE: _(
        "Only the organisation's committees and administrations repay the fund, not companies "
        "or other bodies."
    ),
    Code.FUND_TAKES_NO_REPAYMENTS: _("This part of the fund takes no repayments."),
    Code.DECISION_MISSING: _("A commitment must rest on a recorded decision."),
    Code.ABOVE_COMMITMENT: _(
        "The payout is above what remains of the grant for the year; record a decision to pay "
        "above the grant first."
    ),
    Code.RELEASE_ABOVE_OUTSTANDING: _("Only what is committed and not yet paid can be released."),
    Code.TARGET_MISSING: _("The entry to correct does not exist."),
    Code.TARGET_IS_CORRECTION: _(
        "A correction cannot be corrected; book the original entry again instead."
    ),
    Code.TARGET_ALREADY_REVERSED: _("That entry has already been corrected."),
    Code.TARGET_OTHER_FUND: _("A correction is booked in the same part of the fund."),
    Code.AMOUNT_DIFFERS: _("A correction reverses the whole amount of the entry."),
    Code.SUBJECT_DIFFERS: _(
        "A correction concerns the same year, initiative and committee as the entry it reverses."
    ),
    Code.REVERSAL_BELOW_PAID: _(
        "Taking back this commitment would leave more paid out than committed for the year."
    ),
}


class LedgerRefused(ValidationError):
    """A ledger entry broke one or more rules; nothing was booked."""

    def __init__(self, codes: Iterable[Code]) -> None:
        self.codes = list(codes)
        super().__init__([ValidationError(MESSAGES[code], code=code.value) for code in self.codes])
