"""Power, sample size and minimum detectable effect for each comparison alternative.

Effects are standardised (Cohen's d for a continuous outcome; Cohen's h
``= 2·asin√p₁ − 2·asin√p₀`` for proportions, see :func:`cohens_h`). Power of a two-sided test at
level ``alpha`` uses the noncentral t distribution (``distribution="t"``, as Cohen 1988 ch. 2
and ``statsmodels``' ``TTestIndPower``) or the normal approximation (``"normal"``, Cohen 1988
ch. 6 for proportions). Each design enters through a *variance factor* ``f`` that multiplies
the variance of the simple two-group comparison – equivalently the effective sample size is
``n / f``:

=================  ==========================================================================
design             factor ``f``
=================  ==========================================================================
``rct``            1
``regression``     ``1 − R²``, R² of outcome on the covariates (Borm, Fransen & Lemmens 2007)
``matching``       1, with ``ratio`` = k controls per treated (approximation: ignores reuse of
                   controls and imperfect matches – plan for more)
``did``            ``(1 − ρ)(1/r + 1/s)``, r periods before, s after, ρ the correlation of a
                   unit's outcomes over time (McKenzie 2012; Frison & Pocock 1992)
``before_after``   one group, paired: ``d_z = d / sqrt(2(1 − ρ))`` (one-sample t)
=================  ==========================================================================

Clustering (whole schools, units) multiplies ``f`` by the design effect
``DE = 1 + ((cv² + 1)·m − 1)·ICC`` for mean cluster size ``m`` and coefficient of variation
``cv`` of cluster sizes (Kish 1965; Donner & Klar 2000; Eldridge, Ashby & Kerry 2006; with
equal sizes ``DE = 1 + (m − 1)·ICC``).

References
----------
* Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed. Erlbaum.
* Borm, G. F., Fransen, J. & Lemmens, W. A. (2007). A simple sample size formula for analysis
  of covariance in randomized clinical trials. *J. Clin. Epidemiol.* 60(12), 1234–1238.
* Donner, A. & Klar, N. (2000). *Design and Analysis of Cluster Randomization Trials*. Arnold.
* Eldridge, S. M., Ashby, D. & Kerry, S. (2006). Sample size for cluster randomized trials:
  effect of coefficient of variation of cluster size. *Int. J. Epidemiol.* 35(5), 1292–1300.
* Frison, L. & Pocock, S. J. (1992). Repeated measures in clinical trials. *Statistics in
  Medicine* 11(13), 1685–1704.
* McKenzie, D. (2012). Beyond baseline and follow-up: the case for more T in experiments.
  *Journal of Development Economics* 99(2), 210–221.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from scipy import optimize
from scipy import stats as st

from sikt.stats.data import StatsInputError
from sikt.text import Text

__all__ = [
    "DESIGNS",
    "PowerResult",
    "cohens_h",
    "design_effect",
    "minimum_detectable_effect",
    "power_for",
    "sample_size",
]

DESIGNS = ("rct", "regression", "matching", "did", "before_after")


@dataclass(frozen=True, slots=True)
class PowerResult:
    """Planning figures. Sizes are individuals; ``n_treated_exact`` is the unrounded solution."""

    design: str
    effect_size: float
    alpha: float
    power: float
    n_treated: int
    n_control: int
    n_treated_exact: float
    variance_factor: float
    design_effect: float
    clusters_treated: int | None
    clusters_control: int | None
    distribution: str

    @property
    def n_total(self) -> int:
        return self.n_treated + (0 if self.design == "before_after" else self.n_control)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["n_total"] = self.n_total
        return out


def cohens_h(p_treated: float, p_control: float) -> float:
    """Cohen's h for two proportions: ``2·asin√p₁ − 2·asin√p₀`` (Cohen 1988, ch. 6)."""
    return 2 * math.asin(math.sqrt(p_treated)) - 2 * math.asin(math.sqrt(p_control))


def design_effect(icc: float, cluster_size: float, cluster_cv: float = 0.0) -> float:
    """``1 + ((cv² + 1)·m − 1)·ICC`` (Eldridge et al. 2006); ``1 + (m − 1)·ICC`` when cv = 0."""
    if not 0.0 <= icc <= 1.0 or cluster_size < 1 or cluster_cv < 0:
        raise StatsInputError(
            Text(
                sv="ICC måste ligga i 0–1, klusterstorleken vara minst 1 och cv icke-negativ.",
                en="ICC must lie in 0–1, the cluster size be at least 1 and cv non-negative.",
            )
        )
    return 1.0 + ((cluster_cv**2 + 1.0) * cluster_size - 1.0) * icc


@dataclass(frozen=True, slots=True)
class _Plan:
    design: str
    alpha: float
    ratio: float
    factor: float
    deff: float
    distribution: str
    cluster_size: float

    def power(self, d: float, n1: float) -> float:
        if self.design == "before_after":
            n_eff = n1 / self.deff
            nc = d / math.sqrt(self.factor) * math.sqrt(n_eff)
            df = n_eff - 1
        else:
            n1e, n0e = n1 / self.deff, self.ratio * n1 / self.deff
            nc = d / math.sqrt(self.factor) * math.sqrt(n1e * n0e / (n1e + n0e))
            df = n1e + n0e - 2
        if self.distribution == "normal":
            crit = float(st.norm.ppf(1 - self.alpha / 2))
            return float(st.norm.sf(crit - nc) + st.norm.cdf(-crit - nc))
        crit = float(st.t.ppf(1 - self.alpha / 2, df))
        upper = float(st.nct.sf(crit, df, nc))
        lower = float(st.nct.cdf(-crit, df, nc))  # scipy returns NaN far in the tail (≈ 0)
        return upper + (lower if math.isfinite(lower) else 0.0)


def _plan(
    design: str,
    alpha: float,
    ratio: float,
    icc: float,
    cluster_size: float,
    cluster_cv: float,
    r2: float,
    rho: float,
    periods_before: int,
    periods_after: int,
    distribution: str,
) -> _Plan:
    if design not in DESIGNS:
        raise StatsInputError(
            Text(
                sv=f"Okänd design '{design}'; välj bland {', '.join(DESIGNS)}.",
                en=f"Unknown design '{design}'; choose from {', '.join(DESIGNS)}.",
            )
        )
    if not 0 < alpha < 1 or ratio <= 0 or not 0 <= r2 < 1 or not -1 < rho < 1:
        raise StatsInputError(
            Text(
                sv="Ogiltiga parametrar: alfa i (0, 1), kvot > 0, R² i [0, 1), ρ i (−1, 1).",
                en="Invalid parameters: alpha in (0, 1), ratio > 0, R² in [0, 1), ρ in (−1, 1).",
            )
        )
    if distribution not in {"t", "normal"}:
        raise StatsInputError(
            Text(sv="Fördelningen måste vara 't' eller 'normal'.", en="Use 't' or 'normal'.")
        )
    factor = {
        "rct": 1.0,
        "matching": 1.0,
        "regression": 1.0 - r2,
        "did": (1.0 - rho) * (1.0 / max(periods_before, 1) + 1.0 / max(periods_after, 1)),
        "before_after": 2.0 * (1.0 - rho),
    }[design]
    deff = design_effect(icc, cluster_size, cluster_cv)
    return _Plan(design, alpha, ratio, factor, deff, distribution, cluster_size)


def _result(plan: _Plan, d: float, n1: float, power: float) -> PowerResult:
    n1i = math.ceil(n1 - 1e-9)
    n0i = n1i if plan.design == "before_after" else math.ceil(plan.ratio * n1 - 1e-9)
    clustered = plan.cluster_size > 1
    return PowerResult(
        design=plan.design,
        effect_size=d,
        alpha=plan.alpha,
        power=power,
        n_treated=n1i,
        n_control=n0i,
        n_treated_exact=n1,
        variance_factor=plan.factor,
        design_effect=plan.deff,
        clusters_treated=math.ceil(n1i / plan.cluster_size) if clustered else None,
        clusters_control=math.ceil(n0i / plan.cluster_size) if clustered else None,
        distribution=plan.distribution,
    )


def sample_size(
    effect_size: float,
    *,
    design: str = "rct",
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    icc: float = 0.0,
    cluster_size: float = 1.0,
    cluster_cv: float = 0.0,
    r2: float = 0.0,
    rho: float = 0.0,
    periods_before: int = 1,
    periods_after: int = 1,
    distribution: str = "t",
) -> PowerResult:
    """Individuals needed in the intervention group (and ``ratio`` × as many controls) to
    detect a standardised ``effect_size`` with ``power`` in a two-sided test at ``alpha``."""
    plan = _plan(design, alpha, ratio, icc, cluster_size, cluster_cv, r2, rho,
                 periods_before, periods_after, distribution)  # fmt: skip
    d = abs(effect_size)
    if d == 0 or not 0 < power < 1:
        raise StatsInputError(
            Text(
                sv="Effektstorleken måste vara skild från 0 och styrkan ligga mellan 0 och 1.",
                en="The effect size must be non-zero and the power lie between 0 and 1.",
            )
        )
    low = 2.0 * plan.deff + 1e-6
    if plan.power(d, low) >= power:
        return _result(plan, effect_size, low, plan.power(d, low))
    high = low
    while plan.power(d, high) < power:
        high *= 2
        if high > 1e12:
            raise StatsInputError(Text(sv="Effekten är för liten.", en="The effect is too small."))
    n1 = float(optimize.brentq(lambda n: plan.power(d, n) - power, low, high, xtol=1e-10))
    return _result(plan, effect_size, n1, power)


def power_for(
    effect_size: float,
    n_treated: float,
    *,
    design: str = "rct",
    alpha: float = 0.05,
    ratio: float = 1.0,
    icc: float = 0.0,
    cluster_size: float = 1.0,
    cluster_cv: float = 0.0,
    r2: float = 0.0,
    rho: float = 0.0,
    periods_before: int = 1,
    periods_after: int = 1,
    distribution: str = "t",
) -> PowerResult:
    """Power to detect ``effect_size`` with ``n_treated`` (and ``ratio`` × as many controls)."""
    plan = _plan(design, alpha, ratio, icc, cluster_size, cluster_cv, r2, rho,
                 periods_before, periods_after, distribution)  # fmt: skip
    _check_n(n_treated, plan)
    return _result(plan, effect_size, float(n_treated), plan.power(abs(effect_size), n_treated))


def minimum_detectable_effect(
    n_treated: float,
    *,
    design: str = "rct",
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    icc: float = 0.0,
    cluster_size: float = 1.0,
    cluster_cv: float = 0.0,
    r2: float = 0.0,
    rho: float = 0.0,
    periods_before: int = 1,
    periods_after: int = 1,
    distribution: str = "t",
) -> PowerResult:
    """Smallest standardised effect detectable with ``power`` given the available sample."""
    plan = _plan(design, alpha, ratio, icc, cluster_size, cluster_cv, r2, rho,
                 periods_before, periods_after, distribution)  # fmt: skip
    _check_n(n_treated, plan)
    if not 0 < power < 1:
        raise StatsInputError(
            Text(sv="Styrkan måste ligga mellan 0 och 1.", en="Power must lie between 0 and 1.")
        )
    high = 1.0
    while plan.power(high, n_treated) < power:
        high *= 2
    d = float(optimize.brentq(lambda x: plan.power(x, n_treated) - power, 1e-9, high, xtol=1e-12))
    return _result(plan, d, float(n_treated), power)


def _check_n(n: float, plan: _Plan) -> None:
    if not n / plan.deff > 2:
        raise StatsInputError(
            Text(
                sv=f"För få individer ({n}) för den här designen.",
                en=f"Too few individuals ({n}) for this design.",
            )
        )
