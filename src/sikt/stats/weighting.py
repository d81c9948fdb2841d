"""Inverse-probability weighting (IPW) with normalised (Hájek) weights and sandwich standard
errors that account for the estimated propensity score.

Estimator
---------
With ``e(x)`` the propensity score from a logit on the covariates, the treated and control
means are weighted means (normalised weights; Hájek 1971, Hirano, Imbens & Ridder 2003)::

    ATE:  w₁ = 1/e,  w₀ = 1/(1 − e)        ATT:  w₁ = 1,  w₀ = e/(1 − e)
    μ₁ = Σ tᵢw₁ᵢyᵢ / Σ tᵢw₁ᵢ,   μ₀ = Σ (1 − tᵢ)w₀ᵢyᵢ / Σ (1 − tᵢ)w₀ᵢ,   τ = μ₁ − μ₀

Standard error
--------------
The estimating equations of ``μ₁``, ``μ₀`` and the logit are stacked (M-estimation; Lunceford &
Davidian 2004 for the ATE, Reifeis & Hudgens 2022 for the ATT); the influence function of τ is
``ψ₁/a₁ − ψ₀/a₀ + G' I⁻¹ xᵢ(tᵢ − eᵢ)`` with ``ψ₁ = t w₁(y − μ₁)``, ``a₁ = mean(t w₁)`` (likewise
for the controls), ``G`` the mean derivative of ``ψ₁/a₁ − ψ₀/a₀`` in the logit coefficients and
``I`` the logit's information. ``Var(τ̂) = Σ IFᵢ²/n²``. This is the variance Stata's
``teffects ipw`` and statsmodels' ``TreatmentEffect.ipw`` report (the tests agree with
statsmodels); treating the weights as known would overstate the ATE's variance.

Trimming (``trim=α``) drops units whose score lies outside ``[α, 1 − α]`` before estimation and
refits the score on the rest (Crump, Hotz, Imbens & Mitnik 2009 suggest α = 0.1); the estimand
then refers to the remaining population, which the result says.

References
----------
* Crump, R. K., Hotz, V. J., Imbens, G. W. & Mitnik, O. A. (2009). Dealing with limited
  overlap in estimation of average treatment effects. *Biometrika* 96(1), 187–199.
* Hájek, J. (1971). Comment on a paper by D. Basu. In *Foundations of Statistical Inference*.
* Hirano, K., Imbens, G. W. & Ridder, G. (2003). Efficient estimation of average treatment
  effects using the estimated propensity score. *Econometrica* 71(4), 1161–1189.
* Lunceford, J. K. & Davidian, M. (2004). Stratification and weighting via the propensity score
  in estimation of causal treatment effects. *Statistics in Medicine* 23(19), 2937–2960.
* Reifeis, S. A. & Hudgens, M. G. (2022). On variance of the treatment effect in the treated
  when estimated by inverse probability weighting. *American Journal of Epidemiology* 191(6),
  1092–1097.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from sikt.stats import caveats as cv
from sikt.stats.observational import Prepared, finish, prepare
from sikt.stats.results import WeightingResult
from sikt.text import Text

__all__ = ["ESTIMANDS", "inverse_probability_weighting"]

ESTIMANDS = ("ATE", "ATT")


def inverse_probability_weighting(
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
    """Effect by inverse-probability weighting with normalised weights (see module docstring).

    ``estimand`` is ``"ATE"`` (everyone) or ``"ATT"`` (those who took part); ``trim`` drops
    units with a propensity score outside ``[trim, 1 − trim]``. Returns a
    :class:`WeightingResult` with the balance table before and after weighting, the sample sizes
    (with Kish's effective sizes), the propensity scores and the E-value.
    """
    p = prepare(data, outcome, treatment, covariates, estimand=estimand, trim=trim,
                level=level, drop_missing=drop_missing)  # fmt: skip
    tau, mu0, influence, w1, w0 = _ipw(p)
    se = math.sqrt(float(influence @ influence)) / p.y.size
    name = Text(
        sv=f"Inverse sannolikhetsviktning (IPW, normerade vikter), {p.estimand}",
        en=f"Inverse probability weighting (IPW, normalised weights), {p.estimand}",
    )
    return finish(
        p,
        method="ipw",
        method_name=name,
        estimate=tau,
        se=se,
        baseline=mu0,
        treated_weight=w1,
        control_weight=w0,
        caveat=cv.WEIGHTING,
        details={
            "se_method": "sandwich (M-estimation) including the estimated propensity score",
            "weights": "normalised (Hájek)",
        },
    )


def _ipw(p: Prepared) -> tuple[float, float, Any, Any, Any]:
    """τ, the mean without the initiative under the estimand, the influence function and the
    weights of treated and controls."""
    t, y, e, X = p.t, p.y, p.model.score, p.model.design
    c = 1.0 - t
    if p.estimand == "ATE":
        w1, w0 = t / e, c / (1.0 - e)
    else:
        w1, w0 = t, c * e / (1.0 - e)
    n = y.size
    a1, a0 = float(w1.sum()) / n, float(w0.sum()) / n
    mu1, mu0 = float(w1 @ y) / (a1 * n), float(w0 @ y) / (a0 * n)
    r1, r0 = w1 * (y - mu1), w0 * (y - mu0)
    # mean ∂/∂β of ψ₁/a₁ − ψ₀/a₀: ∂(1/e) = −(1 − e)/e·x, ∂(1/(1 − e)) = e/(1 − e)·x,
    # ∂(e/(1 − e)) = e/(1 − e)·x
    d1 = -r1 * (1.0 - e) if p.estimand == "ATE" else np.zeros(n)
    d0 = r0 * e if p.estimand == "ATE" else r0
    gradient = X.T @ (d1 / a1 - d0 / a0) / n
    influence = r1 / a1 - r0 / a0 + p.model.estimated_score_correction(gradient)
    return mu1 - mu0, mu0, influence, w1[t == 1], w0[t == 0]
