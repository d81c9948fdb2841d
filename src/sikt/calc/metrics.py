"""Decision measures from yearly flows: NPV, benefit-cost ratio, ROI, payback, IRR, break-even.

Definitions follow the Green Book (annex A1: NPV, BCR = PV benefits / PV costs) and Greater
Manchester's CBA model guidance (ROI = net present value / PV costs; payback = first year the
cumulative discounted net flow turns non-negative). "Costs" are the initiative's own costs;
outcomes that add service use enter as negative benefits (SROI guide, "negative outcomes").
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

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
    return find_root(value, low, high, xtol=1e-12)


def find_root(
    f: Callable[[float], float], a: float, b: float, xtol: float = 1e-12, maxiter: int = 200
) -> float:
    """A root of ``f`` in ``[a, b]`` where ``f(a)`` and ``f(b)`` differ in sign, to within
    ``xtol`` (plus rounding): Brent's method (R. P. Brent, *Algorithms for Minimization without
    Derivatives*, 1973, ch. 4 — bisection guarding secant and inverse quadratic steps; the
    algorithm scipy's ``brentq`` also implements, compared in ``tests/calc/test_metrics.py``).
    Written out here so the calculation does not import ``scipy.optimize`` (seconds of start-up
    for ``sikt calc``)."""
    eps = sys.float_info.epsilon
    fa, fb = f(a), f(b)
    if fa == 0:
        return a
    if fb == 0:
        return b
    if fa * fb > 0:
        raise ValueError("f(a) and f(b) must differ in sign")
    c, fc = a, fa
    d = e = b - a
    for _ in range(maxiter):
        if fb * fc > 0:  # keep the root between b (best so far) and c
            c, fc = a, fa
            d = e = b - a
        if abs(fc) < abs(fb):
            a, fa, b, fb, c, fc = b, fb, c, fc, b, fb
        tol = 2 * eps * abs(b) + 0.5 * xtol
        half = 0.5 * (c - b)
        if abs(half) <= tol or fb == 0:
            return b
        if abs(e) >= tol and abs(fa) > abs(fb):
            s = fb / fa
            if a == c:  # secant step
                p, q = 2 * half * s, 1 - s
            else:  # inverse quadratic interpolation
                q, r = fa / fc, fb / fc
                p = s * (2 * half * q * (q - r) - (b - a) * (r - 1))
                q = (q - 1) * (r - 1) * (s - 1)
            if p > 0:
                q = -q
            else:
                p = -p
            if 2 * p < min(3 * half * q - abs(tol * q), abs(e * q)):
                e, d = d, p / q
            else:
                d = e = half
        else:
            d = e = half
        a, fa = b, fb
        b += d if abs(d) > tol else (tol if half > 0 else -tol)
        fb = f(b)
    return b


def break_even_effect(pv_costs: float, pv_benefits: float) -> float | None:
    """The smallest effect multiplier ``k`` with ``k × PV benefits − PV costs ≥ 0``.

    Benefits are linear in every effect size and in the persons of type cases (engine module
    doc), so ``k* = PV costs / PV benefits``: ``k* = 0.6`` means 60 % of the expected effect
    suffices. ``None`` when benefits are not positive (no effect size breaks even).
    """
    if pv_benefits <= 0:
        return None
    return max(pv_costs, 0.0) / pv_benefits
