"""Doubly robust estimation: augmented inverse-probability weighting (AIPW).

Two working models: the propensity score ``e(x)`` (logit) and linear outcome regressions
``m_w(x)`` fitted separately in each group (OLS on the same covariates). The estimate is
consistent if *either* model is correct (Robins, Rotnitzky & Zhao 1994; Bang & Robins 2005).

ATE (Glynn & Quinn 2010; the estimator of Stata's ``teffects aipw`` and statsmodels'
``TreatmentEffect.aipw``)::

    ψᵢ = m₁(xᵢ) − m₀(xᵢ) + tᵢ(yᵢ − m₁(xᵢ))/eᵢ − (1 − tᵢ)(yᵢ − m₀(xᵢ))/(1 − eᵢ),   τ = mean ψ

ATT (the doubly robust ATT with normalised weights of Sant'Anna & Zhao 2020, eq. 2.3 without
time, with ``rᵢ = eᵢ/(1 − eᵢ)``)::

    τ = Σ tᵢ(yᵢ − m₀(xᵢ)) / Σ tᵢ  −  Σ (1 − tᵢ)rᵢ(yᵢ − m₀(xᵢ)) / Σ (1 − tᵢ)rᵢ

Standard errors come from the influence function, ``Var(τ̂) = Σ IFᵢ²/n²``, including the terms
for the estimated outcome regressions and propensity score (stacked estimating equations,
:mod:`sikt.stats.mestimation`), so the interval stays valid when only one of the two models is
right; with both right the extra terms vanish asymptotically and the variance is the
semiparametric bound (Hahn 1998). For the ATE this equals the GMM variance statsmodels reports.

References
----------
* Bang, H. & Robins, J. M. (2005). Doubly robust estimation in missing data and causal
  inference models. *Biometrics* 61(4), 962–973.
* Glynn, A. N. & Quinn, K. M. (2010). An introduction to the augmented inverse propensity
  weighted estimator. *Political Analysis* 18(1), 36–56.
* Hahn, J. (1998). On the role of the propensity score in efficient semiparametric estimation
  of average treatment effects. *Econometrica* 66(2), 315–331.
* Robins, J. M., Rotnitzky, A. & Zhao, L. P. (1994). Estimation of regression coefficients when
  some regressors are not always observed. *JASA* 89(427), 846–866.
* Sant'Anna, P. H. C. & Zhao, J. (2020). Doubly robust difference-in-differences estimators.
  *Journal of Econometrics* 219(1), 101–122.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from sikt.stats import caveats as cv
from sikt.stats.data import StatsInputError
from sikt.stats.mestimation import WeightedDesign
from sikt.stats.observational import Prepared, finish, prepare
from sikt.stats.results import WeightingResult
from sikt.text import Text

__all__ = ["doubly_robust"]

FloatArray = npt.NDArray[np.float64]


def doubly_robust(
    data: Any,
    outcome: str,
    treatment: str,
    covariates: Sequence[str],
    *,
    estimand: str = "ATE",
    trim: float | None = None,
    level: float = 0.95,
    drop_missing: bool = False,
) -> WeightingResult:
    """Doubly robust (augmented IPW) effect with influence-function standard errors.

    ``estimand`` is ``"ATE"`` or ``"ATT"``; ``trim`` drops units with a propensity score
    outside ``[trim, 1 − trim]``. The balance table and sample sizes describe the inverse-
    probability weights the estimator uses (see :func:`inverse_probability_weighting`).
    """
    p = prepare(data, outcome, treatment, covariates, estimand=estimand, trim=trim,
                level=level, drop_missing=drop_missing)  # fmt: skip
    X, t = p.model.design, p.t
    too_few = X.shape[1] + 1
    for group, label_sv, label_en in ((1.0, "insatsgruppen", "intervention group"),
                                      (0.0, "jämförelsegruppen", "comparison group")):  # fmt: skip
        if (estimand == "ATE" or group == 0.0) and int(np.sum(t == group)) < too_few:
            raise StatsInputError(
                Text(
                    sv=f"Utfallsmodellen i {label_sv} kräver minst {too_few} individer "
                    f"(en fler än antalet parametrar).",
                    en=f"The outcome model in the {label_en} needs at least {too_few} "
                    "individuals (one more than its parameters).",
                )
            )
    try:
        tau, mu0, influence, w1, w0 = _ate(p) if p.estimand == "ATE" else _att(p)
    except np.linalg.LinAlgError:
        raise StatsInputError(
            Text(
                sv="Utfallsmodellen kunde inte skattas: kovariaterna är kolinjära inom en grupp.",
                en="The outcome model could not be estimated: the covariates are collinear "
                "within a group.",
            )
        ) from None
    se = math.sqrt(float(influence @ influence)) / p.y.size
    name = Text(
        sv=f"Dubbelt robust skattning (AIPW), {p.estimand}",
        en=f"Doubly robust estimation (AIPW), {p.estimand}",
    )
    return finish(
        p,
        method="aipw",
        method_name=name,
        estimate=tau,
        se=se,
        baseline=mu0,
        treated_weight=w1,
        control_weight=w0,
        caveat=cv.DOUBLY_ROBUST,
        details={
            "se_method": "influence function including the estimated outcome regressions and "
            "propensity score",
            "outcome_model": "linear regression on the covariates, fitted per group",
        },
    )


def _ate(p: Prepared) -> tuple[float, float, FloatArray, FloatArray, FloatArray]:
    X, t, y, e = p.model.design, p.t, p.y, p.model.score
    n = y.size
    c = 1.0 - t
    center, scale = p.model.center, p.model.scale
    d1, d0 = WeightedDesign.build(X, t, center, scale), WeightedDesign.build(X, c, center, scale)
    m1 = X @ d1.least_squares(y, t)
    m0 = X @ d0.least_squares(y, c)
    u1, u0 = y - m1, y - m0
    w1, w0 = t / e, c / (1.0 - e)
    pot1 = m1 + w1 * u1
    pot0 = m0 + w0 * u0
    psi = pot1 - pot0
    tau = float(psi.mean())
    # mean derivatives of ψ in the regression coefficients and the logit coefficients
    g1 = X.T @ (1.0 - w1) / n
    g0 = X.T @ (w0 - 1.0) / n
    gb = X.T @ (-t * u1 * (1.0 - e) / e - c * u0 * e / (1.0 - e)) / n
    influence = (
        psi
        - tau
        + d1.projection(g1) * t * u1
        + d0.projection(g0) * c * u0
        + p.model.estimated_score_correction(gb)
    )
    return tau, float(pot0.mean()), influence, w1[t == 1], w0[t == 0]


def _att(p: Prepared) -> tuple[float, float, FloatArray, FloatArray, FloatArray]:
    X, t, y, e = p.model.design, p.t, p.y, p.model.score
    n = y.size
    c = 1.0 - t
    d0 = WeightedDesign.build(X, c, p.model.center, p.model.scale)
    m0 = X @ d0.least_squares(y, c)
    u0 = y - m0
    odds = c * e / (1.0 - e)
    pa, pb = float(t.mean()), float(odds.mean())
    mu_a = float(t @ u0) / (pa * n)
    mu_b = float(odds @ u0) / (pb * n)
    tau = mu_a - mu_b
    psi_a, psi_b = t * (u0 - mu_a), odds * (u0 - mu_b)
    g0 = X.T @ (-t / pa + odds / pb) / n
    gb = -(X.T @ psi_b) / (pb * n)
    influence = (
        psi_a / pa
        - psi_b / pb
        + d0.projection(g0) * c * u0
        + p.model.estimated_score_correction(gb)
    )
    baseline = float((t @ y) / (pa * n)) - tau
    return tau, baseline, influence, t[t == 1], odds[t == 0]
