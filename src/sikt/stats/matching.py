"""Propensity-score matching (ATT) with balance diagnostics and Abadie–Imbens standard errors.

Procedure
---------
1. A logistic model of treatment on the covariates (safeguarded Newton, :func:`fit_logit`).
2. Units are compared on the **logit of the propensity score** (Rosenbaum & Rubin 1985;
   Austin 2011).
3. Common support: treated units whose score lies outside the range of the controls' scores
   are trimmed (min–max rule, Caliendo & Kopeinig 2008), and reported.
4. Each treated unit is matched to its ``k`` nearest controls on that score, optionally within a
   caliper of ``caliper`` standard deviations of the logit score (Austin 2011 recommends 0.2;
   the standard deviation is the pooled ``sqrt((s_t² + s_c²)/2)``).

   The matching rules (ties, greedy order) are described in :mod:`sikt.stats.nearest`.

5. ATT = mean over matched treated of ``Y_i − Ŷ_i(0)``, ``Ŷ_i(0)`` the mean of its matches.

Standard error
--------------
Abadie & Imbens (2006), variance of the ATT for the population of treated, in the form of
Abadie, Drukker, Herr & Imbens (2004, the Stata ``nnmatch`` paper)::

    V = 1/N₁² · [ Σ_treated (Y_i − Ŷ_i(0) − τ̂)² + Σ_controls (K_j² − Σ_i w_ij²) σ̂²(X_j) ]

where ``w_ij`` is the weight of control ``j`` in treated ``i``'s match (1/#matches),
``K_j = Σ_i w_ij``, and ``σ̂²(X_j)`` the conditional variance estimated by matching control ``j``
to its ``J = 2`` nearest other controls: ``σ̂² = J/(J+1) · (Y_j − mean of those)²``.

By default (``se_method="ai2016"``) this is then adjusted for the propensity score being
*estimated*, as derived by Abadie & Imbens (2016) for the ATT (see
:mod:`sikt.stats.matching_variance`). ``se_method="ai2006"`` gives the unadjusted, known-score
variance (conservative in our simulations: coverage ≈ 97–98 % instead of 95 %). The theory is
for matching with replacement; without replacement (``K_j ≤ 1`` with 1:1) the first part
reduces to the paired variance (Austin & Small 2014) and the same adjustment is applied as an
approximation – the slow simulation tests check coverage for both.

References
----------
* Abadie, A. & Imbens, G. W. (2006). Large sample properties of matching estimators for average
  treatment effects. *Econometrica* 74(1), 235–267.
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
from sikt.stats.matching_variance import ai2016_att_adjustment
from sikt.stats.nearest import _group_order, _impute, _within_group_variance, match_on_score
from sikt.stats.propensity import fit_propensity
from sikt.stats.results import MatchingResult, interval
from sikt.text import Text

__all__ = ["SE_METHODS", "propensity_matching"]

SE_METHODS = ("ai2016", "ai2006")

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
    common_support: bool = True,
    se_method: str = "ai2016",
    level: float = 0.95,
    drop_missing: bool = False,
) -> MatchingResult:
    """Average effect on the treated (ATT) by nearest-neighbour propensity-score matching.

    ``neighbours`` = k in 1:k matching; ``replace`` allows a control to be reused; ``caliper``
    is in standard deviations of the logit of the propensity score (0.2 is a common choice,
    Austin 2011); ``common_support`` trims treated units outside the controls' score range.
    ``se_method`` is ``"ai2016"`` (default: Abadie–Imbens variance adjusted for the estimated
    score) or ``"ai2006"`` (score treated as known). Returns a :class:`MatchingResult` with the
    balance table (standardised mean differences
    before and after matching, Austin 2009) and diagnostics in ``details``.
    """
    level = parse_level(level)
    if se_method not in SE_METHODS:
        raise StatsInputError(
            Text(
                sv=f"Okänd standardfelsmetod '{se_method}'; välj {' eller '.join(SE_METHODS)}.",
                en=f"Unknown standard-error method '{se_method}'; use {' or '.join(SE_METHODS)}.",
            )
        )
    if neighbours < 1:
        raise StatsInputError(
            Text(
                sv=f"Antal grannar måste vara minst 1 (fick {neighbours}).",
                en=f"The number of neighbours must be at least 1 (got {neighbours}).",
            )
        )
    if caliper is not None and not caliper > 0:
        raise StatsInputError(
            Text(
                sv=f"Calipern måste vara positiv (fick {caliper}).",
                en=f"The caliper must be positive (got {caliper}).",
            )
        )
    covariates = list(covariates)
    if not covariates:
        raise StatsInputError(
            Text(
                sv="Matchning kräver minst en kovariat.",
                en="Matching needs at least one covariate.",
            )
        )
    frame = load_frame(data)
    cols = numeric_columns(frame, [outcome, treatment, *covariates], drop_missing=drop_missing)
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
    keep = np.ones(ts.size, dtype=bool)
    if common_support:
        keep = (ts >= cs.min()) & (ts <= cs.max())
    n_support = int((~keep).sum())
    if not keep.any():
        raise _no_overlap(treatment, kept, "support")
    sd_logit = math.sqrt((float(ts.var(ddof=1)) + float(cs.var(ddof=1))) / 2.0)
    cal_abs = None if caliper is None else caliper * sd_logit
    # one global sort of the score serves every nearest-neighbour search below
    g_order = np.argsort(score, kind="stable")
    c_order, t_order = _group_order(g_order, co), _group_order(g_order, tr)
    m = match_on_score(
        ts[keep], cs, neighbours, replace=replace, caliper=cal_abs, control_order=c_order
    )
    matched = np.zeros(ts.size, dtype=bool)
    matched[np.flatnonzero(keep)[m.matched]] = True
    n_caliper = int(keep.sum() - m.matched.sum())
    if not matched.any():
        raise _no_overlap(treatment, kept, "caliper")
    kept_idx = np.flatnonzero(keep)
    yhat0 = np.bincount(
        m.pair_treated, weights=m.pair_weight * y0[m.pair_control], minlength=int(keep.sum())
    )
    effects = (y1[kept_idx] - yhat0)[m.matched]
    n1 = int(effects.size)
    tau = float(effects.mean())
    # the balance table is independent of the variance: compute it on a second thread
    pool = ThreadPoolExecutor(1)
    balance_future = pool.submit(balance_table, X[:, 1:], kept, tr, matched, m.control_weight)
    used = np.flatnonzero(m.control_weight_sq < m.control_weight**2 - 1e-12)
    extra = 0.0
    if used.size and cs.size > 1:
        sig2 = _within_group_variance(cs, y0, used, c_order)
        extra = float(np.sum((m.control_weight[used] ** 2 - m.control_weight_sq[used]) * sig2))
    var = (float(np.sum((effects - tau) ** 2)) + extra) / n1**2
    if se_method == "ai2016":
        yhat_other = np.empty_like(y)
        yhat_other[tr] = _impute(ts, cs, y0, neighbours, c_order, t_order)
        yhat_other[co] = _impute(cs, ts, y1, neighbours, t_order, c_order)
        adjusted = var + ai2016_att_adjustment(X, tr, score, y, tau, yhat_other, g_order)
        if adjusted > 0:
            var = adjusted
        else:
            notes.append(
                Text(
                    sv="Justeringen för skattad propensitetspoäng gav negativ varians; "
                    "standardfelet för känd poäng (Abadie & Imbens 2006) används.",
                    en="The adjustment for the estimated propensity score gave a negative "
                    "variance; the known-score standard error (Abadie & Imbens 2006) is used.",
                )
            )
    se = math.sqrt(var)
    lo, hi, p = interval(tau, se, level)
    balance = balance_future.result() + balance_table(
        score[:, None], ["logit(propensity)"], tr, matched, m.control_weight
    )
    pool.shutdown()
    se_note = cv.MATCHING_SE if se_method == "ai2016" else cv.MATCHING_SE_KNOWN
    caveat_list = [cv.MATCHING, se_note, *notes]
    dropped = n_support + n_caliper
    if dropped:
        caveat_list.append(
            Text(
                sv=f"{dropped} av {ts.size} i insatsgruppen saknade jämförbara individer "
                f"({n_support} utanför gemensamt stöd, {n_caliper} utan kontroll inom calipern "
                "eller bland de ej redan använda) och "
                "uteslöts; effekten gäller de matchade.",
                en=f"{dropped} of {ts.size} in the intervention group had no comparable "
                f"individuals ({n_support} outside common support, {n_caliper} without a control "
                "within the caliper or still unused) and were left out; the effect applies to "
                "those matched.",
            )
        )
    worst = max(abs(b.smd_after) for b in balance)
    if worst >= 0.1:
        caveat_list.append(
            Text(
                sv=f"Obalans kvarstår efter matchning (största |SMD| = {worst:.2f} ≥ 0,1).",
                en=f"Imbalance remains after matching (largest |SMD| = {worst:.2f} ≥ 0.1).",
            )
        )
    caveat_list.extend(dropped_caveat(cols.dropped_rows))
    name_sv = f"Propensitetsmatchning 1:{neighbours} {'med' if replace else 'utan'} återläggning"
    name_en = f"Propensity-score matching 1:{neighbours} {'with' if replace else 'without'} "
    name_en += "replacement"
    return MatchingResult(
        method="matching",
        method_name=Text(sv=name_sv, en=name_en),
        estimate=tau,
        se=se,
        ci_low=lo,
        ci_high=hi,
        level=level,
        p_value=p,
        n_treated=n1,
        n_control=int((m.control_weight > 0).sum()),
        df=None,
        estimand="ATT",
        caveats=tuple(caveat_list),
        balance=balance,
        details={
            "se_method": (
                "Abadie & Imbens (2006) ATT variance adjusted for the estimated propensity "
                "score (Abadie & Imbens 2016)"
                if se_method == "ai2016"
                else "Abadie & Imbens (2006) ATT variance, propensity score treated as known"
            ),
            "neighbours": neighbours,
            "replace": replace,
            "caliper_sd": caliper,
            "caliper_logit": cal_abs,
            "n_treated_total": int(ts.size),
            "n_control_total": int(cs.size),
            "dropped_common_support": n_support,
            "dropped_caliper": n_caliper,
            "propensity_coefficients": dict(zip(["const", *kept], coef.tolist(), strict=True)),
            "score_range_treated": [float(ts.min()), float(ts.max())],
            "score_range_control": [float(cs.min()), float(cs.max())],
        },
    )


def _no_overlap(treatment: str, covariates: list[str], why: str) -> StatsInputError:
    reason = {
        "support": (
            "ingen i insatsgruppen har en propensitetspoäng inom jämförelsegruppens intervall",
            "no one in the intervention group has a propensity score within the comparison "
            "group's range",
        ),
        "caliper": (
            "ingen i insatsgruppen har en jämförbar individ inom calipern",
            "no one in the intervention group has a comparable individual within the caliper",
        ),
    }[why]
    return StatsInputError(
        Text(
            sv=f"Ingen överlappning mellan grupperna i '{treatment}' ({reason[0]}; kovariater: "
            f"{', '.join(covariates)}). Matchning är inte möjlig.",
            en=f"No overlap between the groups in '{treatment}' ({reason[1]}; covariates: "
            f"{', '.join(covariates)}). Matching is not possible.",
        ),
        column=treatment,
    )
