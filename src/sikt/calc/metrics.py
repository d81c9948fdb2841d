"""Decision measures from yearly flows: NPV, benefit-cost ratio, ROI, payback, IRR, break-even.

Definitions follow the Green Book (annex A1: NPV, BCR = PV benefits / PV costs) and Greater
Manchester's CBA model guidance (ROI = net present value / PV costs; payback = first year the
cumulative discounted net flow turns non-negative). "Costs" are the initiative's own costs;
outcomes that add service use enter as negative benefits (SROI guide, "negative outcomes").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq

FloatArray = NDArray[np.float64]


def npv(net: FloatArray, factors: FloatArray) -> float:
    """Net present value: ``Σ_t net_t × D_t`` in SEK of the price year."""
    return float(np.dot(net, factors))


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator`` or ``None`` when the denominator is zero (undefined)."""
    return numerator / denominator if denominator > 0 else None


def payback_year(net: FloatArray, factors: FloatArray, years: Sequence[int]) -> int | None:
    """First calendar year in which the cumulative discounted net flow is ≥ 0 after having been
    negative (the investment is paid back); ``None`` if never within the horizon or never
    negative (nothing to pay back)."""
    cumulative = np.cumsum(net * factors)
    if not (cumulative < 0).any():
        return None
    first_negative = int(np.argmax(cumulative < 0))
    for t in range(first_negative, len(cumulative)):
        if cumulative[t] >= 0 and (cumulative[t:] >= -1e-9).all():
            return int(years[t])
    return None


def irr(net: FloatArray) -> float | None:
    """Internal rate of return: the rate ``r`` with ``Σ_t net_t / (1+r)^t = 0`` (Brent's method
    on ``r ∈ (-0.99, 10)``); ``None`` when the NPV has no sign change there. The timing
    convention does not change the IRR (it multiplies every NPV by the same factor)."""

    def value(rate: float) -> float:
        return float(np.sum(net / (1.0 + rate) ** np.arange(len(net))))

    low, high = -0.99, 10.0
    at_low, at_high = value(low), value(high)
    if not (np.isfinite(at_low) and np.isfinite(at_high)) or at_low * at_high >= 0:
        return None
    return float(brentq(value, low, high, xtol=1e-12))


def break_even_effect(pv_costs: float, pv_benefits: float) -> float | None:
    """The smallest effect multiplier ``k`` with ``k × PV benefits − PV costs ≥ 0``.

    Benefits are linear in every effect size and in the persons of type cases (engine module
    doc), so ``k* = PV costs / PV benefits``: ``k* = 0.6`` means 60 % of the expected effect
    suffices. ``None`` when benefits are not positive (no effect size breaks even).
    """
    if pv_benefits <= 0:
        return None
    return max(pv_costs, 0.0) / pv_benefits
