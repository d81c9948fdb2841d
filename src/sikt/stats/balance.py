"""Covariate balance: standardised mean differences and variance ratios.

Standardised mean difference (SMD) as in Austin (2009) and Stuart (2010)::

    continuous:  d = (x̄_t − x̄_c) / sqrt((s_t² + s_c²) / 2)
    0/1:         d = (p_t − p_c) / sqrt((p_t(1 − p_t) + p_c(1 − p_c)) / 2)

After matching the control mean is weighted by how often each control was used and the
treated mean is over the matched treated; after inverse-probability weighting both means are
weighted; the denominator stays the *pre-matching* pooled
standard deviation so that before and after are comparable (Stuart 2010, §6.1). |SMD| < 0.1 is
the conventional threshold for negligible imbalance (Austin 2009).

* Austin, P. C. (2009). *Statistics in Medicine* 28(25), 3083–3107.
* Stuart, E. A. (2010). *Statistical Science* 25(1), 1–21.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from sikt.stats.linear import column_moments, weighted_column_moments
from sikt.stats.results import BalanceRow

__all__ = ["balance_table", "standardised_mean_difference"]

FloatArray = npt.NDArray[np.float64]


def standardised_mean_difference(
    x_treated: FloatArray, x_control: FloatArray, *, binary: bool | None = None
) -> float:
    """SMD of one covariate (Austin 2009); ``binary`` is detected from the values if ``None``."""
    if binary is None:
        binary = bool(np.isin(x_treated, (0.0, 1.0)).all() and np.isin(x_control, (0.0, 1.0)).all())
    mt, mc = float(x_treated.mean()), float(x_control.mean())
    if binary:
        denom = math.sqrt((mt * (1 - mt) + mc * (1 - mc)) / 2.0)
    else:
        denom = math.sqrt((float(x_treated.var(ddof=1)) + float(x_control.var(ddof=1))) / 2.0)
    return (mt - mc) / denom if denom > 0 else 0.0


def balance_table(
    X: FloatArray,
    names: Sequence[str],
    treated: npt.NDArray[np.bool_],
    matched_treated: npt.NDArray[np.bool_],
    control_weight: FloatArray,
    treated_weight: FloatArray | None = None,
) -> tuple[BalanceRow, ...]:
    """Balance rows for each column of ``X`` (all units; ``treated`` marks the treated rows).

    ``matched_treated`` (per treated unit) marks treated units kept after matching,
    ``control_weight`` (per control unit) is the number of times – possibly fractional – each
    control was used, or its weight. ``treated_weight`` (per treated unit) weights the treated
    after weighting (default: 1 for each matched treated). Column statistics are computed for
    all columns at once.
    """
    xt = X[treated]
    xt_m = xt[matched_treated]
    w = control_weight
    binary = np.all((X == 0) | (X == 1), axis=0)
    # control moments from all rows minus the treated ones: no copy of the (large) control rows
    n, n_t = X.shape[0], xt.shape[0]
    n_c = n - n_t
    m_all, v_all = column_moments(X)
    mt, vt = column_moments(xt)
    if treated_weight is None:
        mt_a, vt_a = column_moments(xt_m)
    else:
        mt_a, vt_a = weighted_column_moments(xt, treated_weight)
    mc = (n * m_all - n_t * mt) / n_c
    ss_c = (n - 1) * v_all - (n_t - 1) * vt - n_t * (mt - m_all) ** 2 - n_c * (mc - m_all) ** 2
    vc = np.maximum(ss_c, 0.0) / (n_c - 1)
    positive = w > 0
    if 4 * int(positive.sum()) < n_c:  # few controls used (matching): copy just those rows
        mc_a, vc_a = weighted_column_moments(X[np.flatnonzero(~treated)[positive]], w[positive])
    else:  # weighting: every control counts; weight all rows, the treated by zero
        full = np.zeros(n)
        full[~treated] = w
        mc_a, vc_a = weighted_column_moments(X, full)
    vt = np.where(binary, mt * (1 - mt), vt)
    vc = np.where(binary, mc * (1 - mc), vc)
    vt_a = np.where(binary, mt_a * (1 - mt_a), vt_a)
    vc_a = np.where(binary, mc_a * (1 - mc_a), vc_a)
    rows = []
    for j, name in enumerate(names):
        denom = math.sqrt((vt[j] + vc[j]) / 2.0)
        rows.append(
            BalanceRow(
                covariate=name,
                mean_treated=float(mt[j]),
                mean_treated_after=float(mt_a[j]),
                mean_control_before=float(mc[j]),
                mean_control_after=float(mc_a[j]),
                smd_before=float((mt[j] - mc[j]) / denom) if denom > 0 else 0.0,
                smd_after=float((mt_a[j] - mc_a[j]) / denom) if denom > 0 else 0.0,
                binary=bool(binary[j]),
                variance_ratio_before=float(vt[j] / vc[j]) if vc[j] > 0 else math.nan,
                variance_ratio_after=float(vt_a[j] / vc_a[j]) if vc_a[j] > 0 else math.nan,
            )
        )
    return tuple(rows)
