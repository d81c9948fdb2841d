"""Effect sizes with intervals, and the conversion of an effect into a number of people.

* Cohen's d and Hedges' g (Cohen 1988; Hedges & Olkin 1985): ``d = (x̄₁ − x̄₀)/s_pooled``,
  ``se(d) = sqrt((n₁+n₀)/(n₁n₀) + d²/(2(n₁+n₀)))``; ``g = J·d`` with the exact small-sample
  factor ``J = Γ(m/2) / (sqrt(m/2) Γ((m−1)/2))``, ``m = n₁+n₀−2``. Normal intervals.
* Risk difference (Wald interval), risk ratio (log scale, Katz et al. 1978) and odds ratio
  (log scale, Woolf 1955) from event counts – the same as ``statsmodels``' ``Table2x2``.
  A table with a zero cell gets 0.5 added to every cell (Haldane–Anscombe), with a caveat.
* :func:`change_in_count` turns an effect into the change in the *number of people* with the
  outcome in a target group of ``N`` people – the quantity the calculation engine
  (:mod:`sikt.calc`) turns into money.

References: Cohen, J. (1988) *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed.;
Hedges, L. V. & Olkin, I. (1985) *Statistical Methods for Meta-Analysis*; Katz, D. et al. (1978)
*Biometrics* 34, 469–474; Woolf, B. (1955) *Annals of Human Genetics* 19, 251–253; Borenstein,
M. et al. (2009) *Introduction to Meta-Analysis*, ch. 4–7.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special
from scipy import stats as st

from sikt.stats.data import StatsInputError
from sikt.text import Text

__all__ = [
    "CountChange",
    "EffectSize",
    "change_in_count",
    "cohens_d",
    "hedges_g",
    "odds_ratio",
    "risk_difference",
    "risk_ratio",
]

MEASURES = ("risk_difference", "risk_ratio", "odds_ratio", "cohens_d", "hedges_g")


@dataclass(frozen=True, slots=True)
class EffectSize:
    """An effect size with a ``level`` interval. For ratios, ``se`` is on the log scale."""

    measure: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    level: float
    caveats: tuple[Text, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "estimate": self.estimate,
            "se": self.se,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "level": self.level,
            "caveats": [{"sv": c.sv, "en": c.en} for c in self.caveats],
        }


def _z(level: float) -> float:
    return float(st.norm.ppf((1 + level) / 2))


def _arrays(treated: Any, control: Any) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    a = np.asarray(treated, dtype=float)
    b = np.asarray(control, dtype=float)
    if a.size < 2 or b.size < 2:
        raise StatsInputError(
            Text(
                sv="Båda grupperna behöver minst 2 värden.",
                en="Both groups need at least 2 values.",
            )
        )
    return a, b


def cohens_d(treated: Any, control: Any, *, level: float = 0.95) -> EffectSize:
    """Cohen's d of two samples (pooled standard deviation), normal-approximation interval."""
    a, b = _arrays(treated, control)
    n1, n0 = a.size, b.size
    sp = math.sqrt(((n1 - 1) * a.var(ddof=1) + (n0 - 1) * b.var(ddof=1)) / (n1 + n0 - 2))
    d = float((a.mean() - b.mean()) / sp)
    se = math.sqrt((n1 + n0) / (n1 * n0) + d**2 / (2 * (n1 + n0)))
    z = _z(level)
    return EffectSize("cohens_d", d, se, d - z * se, d + z * se, level)


def hedges_g(treated: Any, control: Any, *, level: float = 0.95) -> EffectSize:
    """Hedges' g: Cohen's d times the exact small-sample correction J (Hedges & Olkin 1985)."""
    d = cohens_d(treated, control, level=level)
    a, b = _arrays(treated, control)
    m = a.size + b.size - 2
    j = math.exp(special.gammaln(m / 2) - special.gammaln((m - 1) / 2)) / math.sqrt(m / 2)
    return EffectSize("hedges_g", j * d.estimate, j * d.se, j * d.ci_low, j * d.ci_high, level)


def _table(
    events_treated: float, n_treated: float, events_control: float, n_control: float
) -> tuple[float, float, float, float, tuple[Text, ...]]:
    a, n1, c, n0 = (float(v) for v in (events_treated, n_treated, events_control, n_control))
    if not (0 <= a <= n1 and 0 <= c <= n0 and n1 > 0 and n0 > 0):
        raise StatsInputError(
            Text(
                sv="Antal händelser måste ligga mellan 0 och gruppens storlek.",
                en="Event counts must lie between 0 and the group size.",
            )
        )
    b, d = n1 - a, n0 - c
    if min(a, b, c, d) == 0:
        note = Text(
            sv="En cell i fyrfältstabellen är 0; 0,5 har lagts till i alla celler.",
            en="A cell of the 2×2 table is 0; 0.5 has been added to every cell.",
        )
        return a + 0.5, b + 0.5, c + 0.5, d + 0.5, (note,)
    return a, b, c, d, ()


def risk_difference(
    events_treated: float,
    n_treated: float,
    events_control: float,
    n_control: float,
    *,
    level: float = 0.95,
) -> EffectSize:
    """Risk difference p₁ − p₀ with the Wald interval (no zero-cell correction needed)."""
    _table(events_treated, n_treated, events_control, n_control)
    p1, p0 = events_treated / n_treated, events_control / n_control
    se = math.sqrt(p1 * (1 - p1) / n_treated + p0 * (1 - p0) / n_control)
    z = _z(level)
    rd = p1 - p0
    return EffectSize("risk_difference", rd, se, rd - z * se, rd + z * se, level)


def risk_ratio(
    events_treated: float,
    n_treated: float,
    events_control: float,
    n_control: float,
    *,
    level: float = 0.95,
) -> EffectSize:
    """Risk ratio p₁/p₀; interval from ``se(log RR) = sqrt(1/a − 1/n₁ + 1/c − 1/n₀)``."""
    a, b, c, d, notes = _table(events_treated, n_treated, events_control, n_control)
    lrr = math.log((a / (a + b)) / (c / (c + d)))
    se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    z = _z(level)
    return EffectSize(
        "risk_ratio",
        math.exp(lrr),
        se,
        math.exp(lrr - z * se),
        math.exp(lrr + z * se),
        level,
        notes,
    )


def odds_ratio(
    events_treated: float,
    n_treated: float,
    events_control: float,
    n_control: float,
    *,
    level: float = 0.95,
) -> EffectSize:
    """Odds ratio; Woolf interval from ``se(log OR) = sqrt(1/a + 1/b + 1/c + 1/d)``."""
    a, b, c, d, notes = _table(events_treated, n_treated, events_control, n_control)
    lor = math.log(a * d / (b * c))
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    z = _z(level)
    return EffectSize(
        "odds_ratio",
        math.exp(lor),
        se,
        math.exp(lor - z * se),
        math.exp(lor + z * se),
        level,
        notes,
    )


@dataclass(frozen=True, slots=True)
class CountChange:
    """Change in the number of people with the outcome in a target group of ``target_group_size``.

    ``change`` = ``expected_count − baseline_count`` (people; negative = fewer). ``ci_low`` and
    ``ci_high`` carry the effect's interval through the same (monotone) conversion.
    """

    change: float
    ci_low: float | None
    ci_high: float | None
    baseline_risk: float
    new_risk: float
    baseline_count: float
    expected_count: float
    target_group_size: float
    measure: str
    caveats: tuple[Text, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__slots__ if k != "caveats"}
        out["caveats"] = [{"sv": c.sv, "en": c.en} for c in self.caveats]
        return out


def _new_risk(effect: float, measure: str, p0: float) -> float:
    if measure == "risk_difference":
        p1 = p0 + effect
    elif measure == "risk_ratio":
        p1 = p0 * effect
    elif measure == "odds_ratio":
        p1 = effect * p0 / (1 - p0 + effect * p0)
    else:  # cohens_d / hedges_g: shift of a latent normal variable (threshold model)
        p1 = float(st.norm.cdf(st.norm.ppf(p0) + effect))
    return min(max(p1, 0.0), 1.0)


def change_in_count(
    effect: float | EffectSize,
    *,
    baseline_risk: float,
    target_group_size: float,
    measure: str | None = None,
    ci: tuple[float, float] | None = None,
) -> CountChange:
    """Convert an effect into the change in the number of people with the outcome.

    ``baseline_risk`` is the share of the target group expected to have the outcome *without*
    the initiative (e.g. 0.20 = 20 % leave school without upper-secondary eligibility);
    ``target_group_size`` the number of people the initiative reaches (N). ``measure`` is one of
    ``risk_difference``, ``risk_ratio``, ``odds_ratio`` (p₁ = OR·p₀ / (1 − p₀ + OR·p₀)),
    ``cohens_d`` or ``hedges_g``. A standardised effect is converted by the threshold model
    ``p₁ = Φ(Φ⁻¹(p₀) + d)`` (the outcome is a latent normal variable above a cut-off; d > 0
    raises the share with the outcome; cf. Hasselblad & Hedges 1995). Pass an
    :class:`EffectSize` to carry its measure and interval along.

    Returns a :class:`CountChange`; ``change = N·(p₁ − p₀)``.
    """
    if isinstance(effect, EffectSize):
        measure = measure or effect.measure
        ci = ci or (effect.ci_low, effect.ci_high)
        value = effect.estimate
    else:
        value = float(effect)
    if measure not in MEASURES:
        raise StatsInputError(
            Text(
                sv=f"Okänt effektmått '{measure}'; välj bland {', '.join(MEASURES)}.",
                en=f"Unknown effect measure '{measure}'; choose from {', '.join(MEASURES)}.",
            )
        )
    if not 0.0 < baseline_risk < 1.0:
        raise StatsInputError(
            Text(
                sv=f"Basrisken måste ligga mellan 0 och 1 (fick {baseline_risk}).",
                en=f"The baseline risk must lie between 0 and 1 (got {baseline_risk}).",
            )
        )
    if not target_group_size >= 0:
        raise StatsInputError(
            Text(
                sv="Målgruppens storlek får inte vara negativ.",
                en="The target group size must not be negative.",
            )
        )
    if measure in {"risk_ratio", "odds_ratio"} and (value <= 0 or (ci and min(ci) <= 0)):
        raise StatsInputError(Text(sv="Kvoter måste vara positiva.", en="Ratios must be positive."))
    n, p0 = float(target_group_size), float(baseline_risk)
    p1 = _new_risk(value, measure, p0)
    notes: list[Text] = []
    if measure == "risk_difference" and not 0.0 <= p0 + value <= 1.0:
        notes.append(
            Text(
                sv="Basrisken plus riskskillnaden hamnar utanför 0–1 och har begränsats.",
                en="Baseline risk plus the risk difference falls outside 0–1 and was capped.",
            )
        )
    lo = hi = None
    if ci is not None:
        a, b = (n * (_new_risk(v, measure, p0) - p0) for v in ci)
        lo, hi = min(a, b), max(a, b)
    return CountChange(
        change=n * (p1 - p0),
        ci_low=lo,
        ci_high=hi,
        baseline_risk=p0,
        new_risk=p1,
        baseline_count=n * p0,
        expected_count=n * p1,
        target_group_size=n,
        measure=measure,
        caveats=tuple(notes),
    )
