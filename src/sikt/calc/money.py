"""Money and time: moving SEK between price years and discounting future flows.

Why: a social-investment calculation mixes unit costs from different years (a 2016 care-day
price next to a 2023 benefit level) and flows spread over a horizon of many years. Both must be
made comparable before they are added: amounts are restated in one *price year* with a
user-supplied price index (KPI, or SKR's price index for municipal activities, PKV), and future
flows are discounted to the *base year* with a real rate (HM Treasury Green Book, ch. 5 and
annex A6: real discounting of real flows; the Swedish default 3.5 % follows the Green Book's
short-horizon rate and is a setting, not a law).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
from numpy.typing import NDArray

#: When in a year a flow is assumed to occur.
#: ``start``: at the start (the base year is undiscounted; Green Book convention),
#: ``mid``: half-way through the year, ``end``: at the end of the year.
Timing = Literal["start", "mid", "end"]

DEFAULT_DISCOUNT_RATE = 0.035


def price_factor(index: Mapping[int, float], from_year: int, to_year: int) -> float | None:
    """The factor that restates SEK of ``from_year`` in SEK of ``to_year``.

    ``index`` maps calendar year → index level (any base). Returns ``None`` when either year is
    missing from the index, so the caller can flag the amount instead of guessing silently.
    """
    if from_year == to_year:
        return 1.0
    if from_year not in index or to_year not in index:
        return None
    return index[to_year] / index[from_year]


def yearly_rates(rate: float | Sequence[float], horizon_years: int) -> NDArray[np.float64]:
    """Real discount rate per year of the horizon (a constant or a year-by-year schedule).

    A schedule shorter than the horizon keeps its last rate for the remaining years (as the
    Green Book's declining schedule is read: each rate holds until the next step).
    """
    if isinstance(rate, int | float):
        return np.full(horizon_years, float(rate))
    schedule = list(rate)
    if not schedule:
        raise ValueError("empty discount-rate schedule")
    padded = schedule[:horizon_years] + [schedule[-1]] * max(0, horizon_years - len(schedule))
    return np.asarray(padded, dtype=np.float64)


def discount_factors(
    rate: float | Sequence[float], horizon_years: int, timing: Timing = "start"
) -> NDArray[np.float64]:
    """Discount factor for each year ``t = 0 … horizon_years-1`` counted from the base year.

    With rate ``r_s`` applying during year ``s``, the factor at the start of year ``t`` is
    ``D_t = Π_{s<t} 1/(1+r_s)`` (so ``D_0 = 1``); a constant rate gives ``1/(1+r)^t``.
    ``mid`` divides by ``sqrt(1+r_t)`` (half a year more) and ``end`` by ``1+r_t``.
    """
    rates = yearly_rates(rate, horizon_years)
    start = np.concatenate(([1.0], np.cumprod(1.0 / (1.0 + rates))[:-1]))
    if timing == "start":
        return start
    if timing == "mid":
        return start / np.sqrt(1.0 + rates)
    return start / (1.0 + rates)
