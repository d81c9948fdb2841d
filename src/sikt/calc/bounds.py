"""Bounds every number of a case must respect: finite, not absurdly large, shares within 0–1.

Why: a case arrives from a hand-written YAML file, a JSON upload or the web forms, and a single
``.nan``, ``1e308`` or a 5 000-digit integer would otherwise turn every result into NaN or ∞ (or
crash the run). A share of effect (deadweight, attribution, displacement, drop-off, optimism
bias, a bearer's share) above 1 turns benefits negative without any warning. So the case model
refuses such input at the field it was typed in, in Swedish and English
(``docs/metod/kalkyl-filformat.md``, *Gränser*).

``MAX_MAGNITUDE`` (10¹⁵) is far above any amount, count or index in a municipal calculation
(Sweden's GDP is about 6 × 10¹²  SEK) and far enough below the float range that products of
inputs (amount × persons × unit cost × years) can never overflow.
"""

from __future__ import annotations

import sys
from typing import Annotated

from pydantic import AfterValidator, Field

from sikt.calc.messages import rule_error

MAX_MAGNITUDE = 1e15
_MAX_TEXT = "1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000"  # Swedish digit grouping
#: What a parser returns for an integer too long to convert (Python refuses > 4 300 digits):
#: the largest float, which the bound below refuses as "too large".
TOO_LONG = sys.float_info.max


def bounded(value: float) -> float:
    """Refuse numbers larger in magnitude than :data:`MAX_MAGNITUDE` (NaN and ±∞ are refused
    before, by pydantic's ``allow_inf_nan=False``)."""
    if not abs(value) <= MAX_MAGNITUDE:
        raise rule_error(
            f"talet är för stort: högst {_MAX_TEXT} (10^15) till beloppet",
            "the number is too large: its magnitude must be at most 10^15",
        )
    return value


def within_unit_interval(value: float) -> float:
    """Refuse a share outside [0, 1]."""
    if not 0.0 <= value <= 1.0:
        raise rule_error(
            "en andel ska ligga mellan 0 och 1 (0,1 = 10 %)",
            "a share must lie between 0 and 1 (0.1 = 10 %)",
        )
    return value


#: A finite number of bounded magnitude (every float of a case).
Number = Annotated[float, Field(allow_inf_nan=False), AfterValidator(bounded)]
#: A fixed share in [0, 1].
Share = Annotated[Number, AfterValidator(within_unit_interval)]
#: A calendar year (price years, price-index years, repayment years).
Year = Annotated[int, Field(ge=1800, le=2200)]
