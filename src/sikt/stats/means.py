"""Difference in means (randomised designs), regression adjustment, before–after and
comparison with an earlier implementation.

References
----------
* Welch, B. L. (1947). The generalization of "Student's" problem when several different
  population variances are involved. *Biometrika* 34(1–2), 28–35.
* Imbens, G. W. & Kolesár, M. (2016). Robust standard errors in small samples: some practical
  advice. *Review of Economics and Statistics* 98(4), 701–712.
* Shadish, W. R., Cook, T. D. & Campbell, D. T. (2002). *Experimental and Quasi-Experimental
  Designs for Generalized Causal Inference*. Houghton Mifflin (threats to validity of one-group
  pretest–posttest designs, ch. 4).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from sikt.stats import caveats as cv
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
from sikt.stats.linear import SE_TYPES, fit_ols
from sikt.stats.results import EffectResult, interval
from sikt.text import Text

__all__ = ["diff_in_means", "regression_adjustment"]


def _welch(y1: np.ndarray[Any, Any], y0: np.ndarray[Any, Any]) -> tuple[float, float, float]:
    n1, n0 = y1.size, y0.size
    v1 = float(y1.var(ddof=1)) / n1
    v0 = float(y0.var(ddof=1)) / n0
    se = math.sqrt(v1 + v0)
    df = (v1 + v0) ** 2 / (v1**2 / (n1 - 1) + v0**2 / (n0 - 1)) if se > 0 else float(n1 + n0 - 2)
    return float(y1.mean() - y0.mean()), se, df


def diff_in_means(
    data: Any,
    outcome: str,
    treatment: str,
    *,
    level: float = 0.95,
    drop_missing: bool = False,
) -> EffectResult:
    """Difference in mean outcome, intervention minus control, with Welch's t interval.

    For randomised designs (RCT). Estimand: the average treatment effect (ATE) in the sample.
    Standard error ``sqrt(s₁²/n₁ + s₀²/n₀)`` and Welch–Satterthwaite degrees of freedom (Welch
    1947) – identical to ``scipy.stats.ttest_ind(equal_var=False)``.
    """
    level = parse_level(level)
    frame = load_frame(data)
    cols = numeric_columns(frame, [outcome, treatment], drop_missing=drop_missing)
    t = check_binary(cols.frame, treatment)
    n1, n0 = check_group_sizes(t, treatment)
    y = cols.frame[outcome].to_numpy(dtype=float)
    est, se, df = _welch(y[t == 1], y[t == 0])
    lo, hi, p = interval(est, se, level, df)
    return EffectResult(
        method="diff_in_means",
        method_name=Text(sv="Skillnad i medelvärden (Welch)", en="Difference in means (Welch)"),
        estimate=est,
        se=se,
        ci_low=lo,
        ci_high=hi,
        level=level,
        p_value=p,
        n_treated=n1,
        n_control=n0,
        df=df,
        estimand="ATE",
        caveats=(cv.RANDOMISED, *dropped_caveat(cols.dropped_rows)),
        details={"mean_treated": float(y[t == 1].mean()), "mean_control": float(y[t == 0].mean())},
    )


def regression_adjustment(
    data: Any,
    outcome: str,
    treatment: str,
    covariates: Sequence[str],
    *,
    se_type: str = "HC2",
    cluster: str | None = None,
    level: float = 0.95,
    drop_missing: bool = False,
) -> EffectResult:
    """Treatment coefficient of the OLS regression ``outcome ~ 1 + treatment + covariates``.

    Robust (HC2) standard errors by default; ``se_type`` may be ``"classical"``, ``"HC0"`` …
    ``"HC3"`` or ``"cluster"`` (then give ``cluster``, the column naming the clusters, e.g.
    school). Interval from Student's t with the residual degrees of freedom (``G − 1`` when
    clustered). In a randomised design covariates only sharpen the estimate; otherwise the
    estimate is causal only if the covariates capture every difference between the groups that
    also affects the outcome (selection on observables) and the relation is linear.
    """
    level = parse_level(level)
    if se_type not in SE_TYPES:
        raise StatsInputError(
            Text(
                sv=f"Okänd typ av standardfel '{se_type}'; välj bland {', '.join(SE_TYPES)}.",
                en=f"Unknown standard-error type '{se_type}'; choose from {', '.join(SE_TYPES)}.",
            )
        )
    if cluster is not None and se_type != "cluster":
        se_type = "cluster"
    if se_type == "cluster" and cluster is None:
        raise StatsInputError(
            Text(
                sv="Klusterrobusta standardfel kräver en klusterkolumn.",
                en="Cluster-robust standard errors need a cluster column.",
            )
        )
    frame = load_frame(data)
    covariates = list(covariates)
    keys = [cluster] if cluster else []
    cols = numeric_columns(
        frame, [outcome, treatment, *covariates], keys=keys, drop_missing=drop_missing
    )
    t = check_binary(cols.frame, treatment)
    n1, n0 = check_group_sizes(t, treatment)
    xcov, kept, notes = covariate_matrix(cols.frame, covariates)
    y = cols.frame[outcome].to_numpy(dtype=float)
    X = np.column_stack([np.ones_like(y), t, xcov])
    groups = cols.frame[cluster].to_numpy() if cluster else None
    try:
        fit = fit_ols(X, y, se_type, groups)
    except np.linalg.LinAlgError:
        raise StatsInputError(
            Text(
                sv="Kovariaterna är linjärt beroende av varandra eller av behandlingen "
                f"({', '.join(kept)}); ta bort någon av dem.",
                en="The covariates are collinear with each other or with the treatment "
                f"({', '.join(kept)}); remove one of them.",
            ),
            column=kept[0] if kept else treatment,
        ) from None
    est, se = float(fit.params[1]), float(fit.bse[1])
    lo, hi, p = interval(est, se, level, fit.df_resid)
    name = {
        "classical": Text(sv="klassiska standardfel", en="classical standard errors"),
        "cluster": Text(sv="klusterrobusta standardfel", en="cluster-robust standard errors"),
    }.get(se_type, Text(sv=f"robusta standardfel ({se_type})", en=f"robust ({se_type}) errors"))
    return EffectResult(
        method="regression",
        method_name=Text(
            sv=f"Regressionsjustering (OLS, {name.sv})",
            en=f"Regression adjustment (OLS, {name.en})",
        ),
        estimate=est,
        se=se,
        ci_low=lo,
        ci_high=hi,
        level=level,
        p_value=p,
        n_treated=n1,
        n_control=n0,
        df=fit.df_resid,
        estimand="ATE",
        caveats=(cv.REGRESSION, *notes, *dropped_caveat(cols.dropped_rows)),
        details={
            "se_type": se_type,
            "covariates": kept,
            "coefficients": dict(
                zip(["const", treatment, *kept], fit.params.tolist(), strict=True)
            ),
            "n_clusters": fit.n_clusters,
        },
    )
