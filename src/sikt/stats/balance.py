"""Covariate balance: standardised mean differences and variance ratios.

Standardised mean difference (SMD) as in Austin (2009) and Stuart (2010)::

    continuous:  d = (x̄_t − x̄_c) / sqrt((s_t² + s_c²) / 2)
    0/1:         d = (p_t − p_c) / sqrt((p_t(1 − p_t) + p_c(1 − p_c)) / 2)

After matching the control mean is weighted by how often each control was used and the
treated mean is over the matched treated; the denominator stays the *pre-matching* pooled
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

from sikt.stats.results import BalanceRow

__all__ = ["balance_table", "standardised_mean_difference"]

FloatArray = npt.NDArray[np.float64]


def _wmean_var(x: FloatArray, w: FloatArray | None) -> tuple[float, float]:
    if w is None:
        return float(x.mean()), float(x.var(ddof=1)) if x.size > 1 else 0.0
    sw = float(w.sum())
    m = float(np.dot(w, x) / sw)
    # frequency-weight style unbiased variance with weights normalised to the matched count
    v = float(np.dot(w, (x - m) ** 2) / sw)
    return m, v


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
) -> tuple[BalanceRow, ...]:
    """Balance rows for each column of ``X`` (all units; ``treated`` marks the treated rows).

    ``matched_treated`` (per treated unit) marks treated units kept after matching,
    ``control_weight`` (per control unit) is the number of times – possibly fractional – each
    control was used.
    """
    rows = []
    xt_all, xc_all = X[treated], X[~treated]
    w = control_weight
    for j, name in enumerate(names):
        xt, xc = xt_all[:, j], xc_all[:, j]
        binary = bool(np.isin(xt, (0.0, 1.0)).all() and np.isin(xc, (0.0, 1.0)).all())
        mt, vt = _wmean_var(xt, None)
        mc, vc = _wmean_var(xc, None)
        if binary:
            vt, vc = mt * (1 - mt), mc * (1 - mc)
        denom = math.sqrt((vt + vc) / 2.0)
        mt_a, vt_a = _wmean_var(xt[matched_treated], None)
        mc_a, vc_a = _wmean_var(xc, w) if w.sum() > 0 else (math.nan, math.nan)
        if binary:
            vt_a, vc_a = mt_a * (1 - mt_a), mc_a * (1 - mc_a)
        rows.append(
            BalanceRow(
                covariate=name,
                mean_treated=mt,
                mean_treated_after=mt_a,
                mean_control_before=mc,
                mean_control_after=mc_a,
                smd_before=(mt - mc) / denom if denom > 0 else 0.0,
                smd_after=(mt_a - mc_a) / denom if denom > 0 else 0.0,
                binary=binary,
                variance_ratio_before=vt / vc if vc > 0 else math.nan,
                variance_ratio_after=vt_a / vc_a if vc_a > 0 else math.nan,
            )
        )
    return tuple(rows)
