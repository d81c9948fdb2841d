"""Matching (ATT) with balance diagnostics, Abadie–Imbens standard errors and sensitivity.

The options follow the reference tools evaluators know (R's MatchIt and Matching, Stata's
``teffects psmatch``/``nnmatch``):

Procedure
---------
1. A logistic model of treatment on the covariates (safeguarded Newton, :func:`fit_logit`).
2. Distance: the **logit of the propensity score** (Rosenbaum & Rubin 1985; Austin 2011), or
   the **Mahalanobis distance** on the covariates (pooled within-group covariance; Rubin 1980),
   optionally only among controls within a caliper on the propensity logit (Rosenbaum & Rubin
   1985; MatchIt's ``mahvars``).
3. **Exact matching** on chosen columns (``exact``; numbers or text such as a municipality):
   units are only matched within identical values of all of them (MatchIt's ``exact``).
4. **Common support** (``discard``, as MatchIt): treated units whose score lies outside the
   controls' range (``"treated"``, the default), controls outside the treated range
   (``"control"``), ``"both"`` or ``"none"`` are left out (min–max rule, Caliendo & Kopeinig
   2008), and reported.
5. Each treated unit is matched to its ``k`` nearest controls (k:1 matching, ``neighbours``),
   optionally within a caliper of ``caliper`` standard deviations of the logit score (Austin
   2011 recommends 0.2; the standard deviation is the pooled ``sqrt((s_t² + s_c²)/2)``).

   The matching rules (ties, greedy order) are described in :mod:`sikt.stats.nearest` and
   :mod:`sikt.stats.mahalanobis`.

6. ATT = mean over matched treated of ``Y_i − Ŷ_i(0)``, ``Ŷ_i(0)`` the mean of its matches,
   optionally bias-adjusted by a regression among the matched controls (Abadie & Imbens 2011).
7. Sensitivity to unmeasured confounding: the E-value, and for 1:1 matching Rosenbaum bounds
   on the pair differences (:mod:`sikt.stats.sensitivity`).

Standard error
--------------
Abadie & Imbens (2006), variance of the ATT for the population of treated, in the form of
Abadie, Drukker, Herr & Imbens (2004, the Stata ``nnmatch`` paper)::

    V = 1/N₁² · [ Σ_treated (Y_i − Ŷ_i(0) − τ̂)² + Σ_controls (K_j² − Σ_i w_ij²) σ̂²(X_j) ]

where ``w_ij`` is the weight of control ``j`` in treated ``i``'s match (1/#matches),
``K_j = Σ_i w_ij``, and ``σ̂²(X_j)`` the conditional variance estimated by matching control ``j``
to its ``J = 2`` nearest other controls (on the matching distance, within its exact stratum):
``σ̂² = J/(J+1) · (Y_j − mean of those)²``.

By default (``se_method="ai2016"``) this is then adjusted for the propensity score being
*estimated*, as derived by Abadie & Imbens (2016) for the ATT (see
:mod:`sikt.stats.matching_variance`). ``se_method="ai2006"`` gives the unadjusted, known-score
variance (conservative in our simulations: coverage ≈ 97–98 % instead of 95 %). The theory is
for matching with replacement; without replacement (``K_j ≤ 1`` with 1:1) the first part
reduces to the paired variance (Austin & Small 2014) and the same adjustment is applied as an
approximation – the slow simulation tests check coverage for both. The 2016 adjustment is
derived for matching on the score alone; with the Mahalanobis distance or exact strata the
Abadie–Imbens (2006) variance is used (and the result says so).

References
----------
* Abadie, A. & Imbens, G. W. (2006). Large sample properties of matching estimators for average
  treatment effects. *Econometrica* 74(1), 235–267.
* Abadie, A. & Imbens, G. W. (2011). Bias-corrected matching estimators for average treatment
  effects. *Journal of Business & Economic Statistics* 29(1), 1–11.
* Abadie, A. & Imbens, G. W. (2016). Matching on the estimated propensity score.
  *Econometrica* 84(2), 781–807.
* Abadie, A., Drukker, D., Herr, J. L. & Imbens, G. W. (2004). Implementing matching
  estimators for average treatment effects in Stata. *Stata Journal* 4(3), 290–311.
* Austin, P. C. (2009). Balance diagnostics for comparing the distribution of baseline
  covariates between treatment groups in propensity-score matched samples. *Statistics in
  Medicine* 28(25), 3083–3107.
* Austin, P. C. (2011). Optimal caliper widths for propensity-score matching. *Pharmaceutical
  Statistics* 10(2), 150–161.
* Austin, P. C. & Small, D. S. (2014). The use of bootstrapping when using propensity-score
  matching without replacement. *Statistics in Medicine* 33(24), 4306–4319.
* Rubin, D. B. (1980). Bias reduction using Mahalanobis-metric matching. *Biometrics* 36(2),
  293–298.
* Caliendo, M. & Kopeinig, S. (2008). Some practical guidance for the implementation of
  propensity score matching. *Journal of Economic Surveys* 22(1), 31–72.
* Stuart, E. A. (2010). Matching methods for causal inference: a review and a look forward.
  *Statistical Science* 25(1), 1–21.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from sikt.stats import caveats as cv
from sikt.stats.balance import balance_table
from sikt.stats.data import (
    StatsInputError,
    check_binary,
    check_group_sizes,
    covariate_matrix,
    dropped_caveat,
    load_frame,
    numeric_columns,
    parse_level,
)
from sikt.stats.diagnostics import PropensityScores, SampleSizes, effective_size
from sikt.stats.evalue import e_value_for_effect
from sikt.stats.matching_engine import (
    DISCARD,
    DISTANCES,
    SE_METHODS,
    build_problem,
    check_options,
    common_support,
    control_variance,
    match_units,
)
from sikt.stats.matching_variance import ai2016_att_adjustment
from sikt.stats.mestimation import WeightedDesign
from sikt.stats.nearest import Matches, _group_order, _impute
from sikt.stats.observational import outcome_scale
from sikt.stats.propensity import PropensityFit, fit_propensity
from sikt.stats.results import MatchingResult, interval
from sikt.stats.rosenbaum import rosenbaum_bounds
from sikt.stats.sensitivity import Sensitivity
from sikt.text import Text

__all__ = ["DISCARD", "DISTANCES", "SE_METHODS", "propensity_matching"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


def propensity_matching(
    data: Any,
    outcome: str,
    treatment: str,
    covariates: Sequence[str],
    *,
    neighbours: int = 1,
    replace: bool = False,
    caliper: float | None = None,
    distance: str = "propensity",
    exact: Sequence[str] = (),
    discard: str = "treated",
    bias_adjust: bool = False,
    se_method: str = "ai2016",
    level: float = 0.95,
    drop_missing: bool = False,
) -> MatchingResult:
    """Average effect on the treated (ATT) by nearest-neighbour matching.

    ``neighbours`` = k in k:1 matching (k controls per treated); ``replace`` allows a control
    to be reused; ``caliper`` is in standard deviations of the logit of the propensity score
    (0.2 is a common choice, Austin 2011); ``distance`` is ``"propensity"`` (the score's logit)
    or ``"mahalanobis"`` (the covariates; with a caliper, only among controls within it);
    ``exact`` names columns to match exactly on; ``discard`` leaves out units outside the common
    support (``"treated"``, ``"control"``, ``"both"``, ``"none"``); ``bias_adjust`` corrects
    each match for the remaining covariate difference with a regression among the matched
    controls (Abadie & Imbens 2011; Stata's ``biasadj``, Matching's ``BiasAdjust``) – advisable
    with the Mahalanobis distance on continuous covariates. ``se_method`` is
    ``"ai2016"`` (default: Abadie–Imbens variance adjusted for the estimated score, for
    propensity matching without exact strata) or ``"ai2006"``. Returns a
    :class:`MatchingResult` with the balance table (standardised mean differences before and
    after matching, Austin 2009), sample sizes, propensity scores, sensitivity (E-value; for
    1:1 matching Rosenbaum bounds) and diagnostics in ``details``.
    """
    level = parse_level(level)
    covariates, exact = list(covariates), list(exact)
    check_options(neighbours, caliper, distance, discard, se_method, covariates)
    frame = load_frame(data)
    exact_keys = [c for c in exact if c not in covariates]
    cols = numeric_columns(frame, [outcome, treatment, *covariates], exact_keys,
                           drop_missing=drop_missing)  # fmt: skip
    t = check_binary(cols.frame, treatment)
    check_group_sizes(t, treatment)
    xcov, kept, notes = covariate_matrix(cols.frame, covariates)
    y = cols.frame[outcome].to_numpy(dtype=float)
    # one matrix [1, covariates] serves the propensity model and the balance table
    X = np.empty((y.size, xcov.shape[1] + 1))
    X[:, 0] = 1.0
    X[:, 1:] = xcov
    del xcov
    model = fit_propensity(X, t, kept, treatment)
    coef, score = model.coef, model.logit
    tr, co = t == 1, t == 0
    ts, cs, y1, y0 = score[tr], score[co], y[tr], y[co]
    if co.sum() < neighbours:
        raise StatsInputError(
            Text(
                sv=f"Jämförelsegruppen har färre individer ({int(co.sum())}) än antalet grannar "
                f"({neighbours}).",
                en=f"The comparison group has fewer individuals ({int(co.sum())}) than the "
                f"number of neighbours ({neighbours}).",
            ),
            column=treatment,
        )
    keep_t, keep_c = common_support(ts, cs, discard)
    if not keep_t.any() or not keep_c.any():
        raise cv.no_overlap(treatment, kept, "support")
    sd_logit = math.sqrt((float(ts.var(ddof=1)) + float(cs.var(ddof=1))) / 2.0)
    cal_abs = None if caliper is None else caliper * sd_logit
    # one global sort of the score serves every nearest-neighbour search below
    g_order = np.argsort(score, kind="stable")
    c_order, t_order = _group_order(g_order, co), _group_order(g_order, tr)
    prob = build_problem(cols.frame, X, kept, exact, distance, tr, ts, cs, keep_t, keep_c, c_order)
    m = match_units(prob, neighbours, replace=replace, caliper=cal_abs)
    matched = m.matched
    n_unmatched = int(keep_t.sum() - matched.sum())
    if not matched.any():
        raise cv.no_overlap(treatment, kept, "exact" if exact else "caliper")
    yhat0 = np.bincount(m.pair_treated, weights=m.pair_weight * y0[m.pair_control],
                        minlength=ts.size).astype(float)  # fmt: skip
    if bias_adjust:
        yhat0 = yhat0 + _bias_correction(model, tr, y, m, treatment)
    effects = (y1 - yhat0)[matched]
    n1 = int(effects.size)
    tau = float(effects.mean())
    # the balance table is independent of the variance: compute it on a second thread
    pool = ThreadPoolExecutor(1)
    balance_future = pool.submit(
        balance_table, *_balance_columns(cols.frame, X, kept, exact_keys), tr, matched,
        m.control_weight,
    )  # fmt: skip
    used = np.flatnonzero(m.control_weight_sq < m.control_weight**2 - 1e-12)
    extra = 0.0
    if used.size and cs.size > 1:
        sig2 = control_variance(prob, y0, used)
        extra = float(np.sum((m.control_weight[used] ** 2 - m.control_weight_sq[used]) * sig2))
    var = (float(np.sum((effects - tau) ** 2)) + extra) / n1**2
    adjusted = se_method == "ai2016" and distance == "propensity" and not exact
    se_note = cv.MATCHING_SE_KNOWN
    if adjusted:
        yhat_other = np.empty_like(y)
        yhat_other[tr] = _impute(ts, cs, y0, neighbours, c_order, t_order)
        yhat_other[co] = _impute(cs, ts, y1, neighbours, t_order, c_order)
        adjusted_var = var + ai2016_att_adjustment(X, tr, score, y, tau, yhat_other, g_order)
        if adjusted_var > 0:
            var = adjusted_var
        else:
            adjusted = False
            se_note = cv.MATCHING_SE_NEGATIVE
    elif se_method == "ai2016":
        se_note = cv.MATCHING_SE_NOT_ADJUSTED
    se = math.sqrt(var)
    lo, hi, p = interval(tau, se, level)
    balance = balance_future.result() + balance_table(
        score[:, None], ["logit(propensity)"], tr, matched, m.control_weight
    )
    pool.shutdown()
    binary, sd = outcome_scale(y, tr)
    sensitivity = Sensitivity(
        e_value=e_value_for_effect(tau, se, (lo, hi), level=level, binary_outcome=binary,
                                   baseline=float(yhat0[matched].mean()), outcome_sd=sd),
        rosenbaum=_rosenbaum(effects) if neighbours == 1 else None,
    )  # fmt: skip
    sizes = SampleSizes(
        treated_total=int(ts.size),
        control_total=int(cs.size),
        treated_used=n1,
        control_used=int((m.control_weight > 0).sum()),
        treated_discarded=int((~keep_t).sum()),
        control_discarded=int((~keep_c).sum()),
        treated_unmatched=n_unmatched,
        treated_effective=float(n1),
        control_effective=effective_size(m.control_weight),
    )
    caveat_list = [cv.MATCHING, cv.MATCHING_SE if adjusted else se_note, *notes]
    caveat_list.extend(cv.matching_sample_caveats(sizes, bool(exact)))
    worst = max(abs(b.smd_after) for b in balance)
    if worst >= 0.1:
        caveat_list.append(
            Text(
                sv=f"Obalans kvarstår efter matchning (största |SMD| = {cv.sv(worst)} ≥ 0,1).",
                en=f"Imbalance remains after matching (largest |SMD| = {cv.en(worst)} ≥ 0.1).",
            )
        )
    caveat_list.extend(dropped_caveat(cols.dropped_rows))
    names = dict(zip(["const", *kept], coef.tolist(), strict=True))
    return MatchingResult(
        method="matching",
        method_name=cv.matching_name(distance, neighbours, replace, caliper, exact),
        estimate=tau,
        se=se,
        ci_low=lo,
        ci_high=hi,
        level=level,
        p_value=p,
        n_treated=n1,
        n_control=sizes.control_used,
        df=None,
        estimand="ATT",
        caveats=tuple(caveat_list),
        details={
            "se_method": (
                "Abadie & Imbens (2006) ATT variance adjusted for the estimated propensity "
                "score (Abadie & Imbens 2016)"
                if adjusted
                else "Abadie & Imbens (2006) ATT variance, propensity score treated as known"
            ),
            "distance": distance,
            "exact": exact,
            "discard": discard,
            "bias_adjust": bias_adjust,
            "neighbours": neighbours,
            "replace": replace,
            "caliper_sd": caliper,
            "caliper_logit": cal_abs,
            "n_treated_total": int(ts.size),
            "n_control_total": int(cs.size),
            "dropped_common_support": sizes.treated_discarded,
            "dropped_common_support_control": sizes.control_discarded,
            "dropped_caliper": n_unmatched,
            "outcome_binary": binary,
            "propensity_coefficients": names,
            "score_range_treated": [float(ts.min()), float(ts.max())],
            "score_range_control": [float(cs.min()), float(cs.max())],
        },
        sensitivity=sensitivity,
        balance=balance,
        sample_sizes=sizes,
        propensity=PropensityScores(names, ts, cs, matched.astype(float), m.control_weight),
    )


def _bias_correction(
    model: PropensityFit,
    tr: npt.NDArray[np.bool_],
    y: FloatArray,
    m: Matches,
    treatment: str,
) -> FloatArray:
    """``μ̂₀(X_i) − Σⱼ w_ij μ̂₀(X_j)`` per treated unit, with ``μ̂₀`` the least-squares regression
    of the outcome on the covariates among the matched controls, weighted by how often each was
    used (Abadie & Imbens 2011, §3)."""
    X = model.design
    weights = np.zeros(y.size)
    weights[~tr] = m.control_weight
    try:
        fit = WeightedDesign.build(X, weights, model.center, model.scale).least_squares(y, weights)
    except np.linalg.LinAlgError:
        raise StatsInputError(
            Text(
                sv="Biaskorrektionen kräver fler matchade kontroller än kovariater (och att "
                "kovariaterna inte är kolinjära bland dem).",
                en="The bias adjustment needs more matched controls than covariates (that are "
                "not collinear among them).",
            ),
            column=treatment,
        ) from None
    mu = X @ fit
    mu1, mu0 = mu[tr], mu[~tr]
    paired = np.bincount(m.pair_treated, weights=m.pair_weight * mu0[m.pair_control],
                         minlength=mu1.size)  # fmt: skip
    out: FloatArray = mu1 - paired
    return out


def _balance_columns(
    frame: pd.DataFrame, X: FloatArray, covariates: list[str], exact_keys: list[str]
) -> tuple[FloatArray, list[str]]:
    """The covariates plus numeric exact-matching columns, for the balance table."""
    extra = [c for c in exact_keys if pd.api.types.is_numeric_dtype(frame[c])]
    if not extra:
        return X[:, 1:], covariates
    more = frame[extra].to_numpy(dtype=float)
    return np.column_stack([X[:, 1:], more]), [*covariates, *extra]


def _rosenbaum(effects: FloatArray) -> Any:
    try:
        return rosenbaum_bounds(effects)
    except StatsInputError:  # all pair differences zero: nothing to test
        return None
