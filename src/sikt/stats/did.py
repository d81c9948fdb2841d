"""Difference-in-differences on long (panel) data: one row per unit × period.

Model (two-way fixed effects, TWFE)::

    y_it = α_i + γ_t + β · D_it + ε_it

``α_i`` unit effects, ``γ_t`` period effects, ``D_it`` = 1 when unit *i* is under the
initiative in period *t*. With two periods and a treated and a comparison group, ``β`` equals
the classical difference-in-differences of means (for a balanced panel). Estimated by the
within transformation (unit means removed; period dummies kept as regressors – exact also for
unbalanced panels by Frisch–Waugh–Lovell). Standard errors are clustered by unit (Bertrand,
Duflo & Mullainathan 2004) with the small-sample factor ``G/(G−1)·(N−1)/(N−K)`` where K counts
the non-absorbed regressors (Stata ``xtreg, fe vce(cluster)``; the unit effects are nested in
the clusters, Cameron & Miller 2015 §3.3); the interval uses t with ``G − 1`` degrees of freedom.

The ``treatment`` column may be either

* the *status* ``D_it`` (varies within unit: 0 before start, 1 from start), or
* the *group* (constant within unit: 1 = intervention group). Then the post period is the later
  of two periods, or from ``first_treated_period`` on when there are more than two.

References
----------
* Angrist, J. D. & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*, ch. 5.
* Bertrand, M., Duflo, E. & Mullainathan, S. (2004). How much should we trust
  differences-in-differences estimates? *Quarterly Journal of Economics* 119(1), 249–275.
* Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
  *Journal of Human Resources* 50(2), 317–372.
* Goodman-Bacon, A. (2021). Difference-in-differences with variation in treatment timing.
  *Journal of Econometrics* 225(2), 254–277.
* de Chaisemartin, C. & D'Haultfœuille, X. (2020). Two-way fixed effects estimators with
  heterogeneous treatment effects. *American Economic Review* 110(9), 2964–2996.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sikt.stats import caveats as cv
from sikt.stats.data import (
    StatsInputError,
    _rows_text,
    check_binary,
    dropped_caveat,
    load_frame,
    numeric_columns,
    parse_level,
)
from sikt.stats.linear import fit_ols
from sikt.stats.results import EffectResult, interval
from sikt.text import Text

__all__ = ["difference_in_differences"]


def difference_in_differences(
    data: Any,
    outcome: str,
    treatment: str,
    unit: str,
    period: str,
    *,
    first_treated_period: Any = None,
    level: float = 0.95,
    drop_missing: bool = False,
) -> EffectResult:
    """Two-way fixed-effects difference-in-differences with unit-clustered standard errors.

    See the module docstring for the model and the two accepted forms of ``treatment``.
    ``n_treated``/``n_control`` count *units* (ever treated / never treated);
    ``details["n_obs"]`` the rows.
    """
    level = parse_level(level)
    frame = load_frame(data)
    cols = numeric_columns(
        frame, [outcome, treatment], keys=[unit, period], drop_missing=drop_missing
    )
    df = cols.frame
    t = check_binary(df, treatment)
    dup = df.duplicated([unit, period], keep=False).to_numpy()
    if dup.any():
        rows = list(df.index[dup])
        sv_rows, en_rows = _rows_text(rows)
        raise StatsInputError(
            Text(
                sv=f"Samma kombination av enhet och period ('{unit}' × '{period}') förekommer "
                f"flera gånger på rad {sv_rows}.",
                en=f"The same unit × period combination ('{unit}' × '{period}') occurs more "
                f"than once in row(s) {en_rows}.",
            ),
            column=unit,
            rows=rows,
        )
    periods = sorted(df[period].unique().tolist())
    if len(periods) < 2:
        raise StatsInputError(
            Text(
                sv=f"Kolumnen '{period}' måste ha minst två perioder.",
                en=f"Column '{period}' must have at least two periods.",
            ),
            column=period,
        )
    units = df[unit]
    t_series = pd.Series(t, index=df.index)
    varies = bool((t_series.groupby(units).nunique() > 1).any())
    notes: list[Text] = []
    if varies:
        d = t
        ever = t_series.groupby(units).transform("max").to_numpy()
        starts = df.loc[t == 1].groupby(unit)[period].min()
        if starts.nunique() > 1:
            notes.append(cv.DID_STAGGERED)
    else:
        ever = t
        if first_treated_period is None:
            if len(periods) > 2:
                raise StatsInputError(
                    Text(
                        sv=f"'{treatment}' är konstant per enhet och det finns {len(periods)} "
                        "perioder; ange första perioden med insats (first_treated_period).",
                        en=f"'{treatment}' is constant within units and there are "
                        f"{len(periods)} periods; give the first period under the initiative "
                        "(first_treated_period).",
                    ),
                    column=treatment,
                )
            first_treated_period = periods[-1]
        post = (df[period] >= first_treated_period).to_numpy()
        if post.all() or not post.any():
            raise StatsInputError(
                Text(
                    sv=f"Perioden {first_treated_period!r} delar inte '{period}' i före och efter.",
                    en=f"Period {first_treated_period!r} does not split '{period}' into before "
                    "and after.",
                ),
                column=period,
            )
        d = t * post
    unit_ever = pd.Series(ever, index=df.index).groupby(units).max()
    n1, n0 = int((unit_ever == 1).sum()), int((unit_ever == 0).sum())
    for label_sv, label_en, n in (
        ("insatsgruppen", "the intervention group", n1),
        ("jämförelsegruppen", "the comparison group", n0),
    ):
        if n < 2:
            raise StatsInputError(
                Text(
                    sv=f"Kolumnen '{treatment}': {label_sv} har {n} enheter; minst 2 behövs.",
                    en=f"Column '{treatment}': {label_en} has {n} units; at least 2 are needed.",
                ),
                column=treatment,
            )
    codes, _ = pd.factorize(units)
    pcodes = df[period].map({v: i for i, v in enumerate(periods)}).to_numpy(dtype=np.intp)
    dummies = np.zeros((len(df), len(periods) - 1))
    has = pcodes > 0
    dummies[np.flatnonzero(has), pcodes[has] - 1] = 1.0
    y = df[outcome].to_numpy(dtype=float)
    X = np.column_stack([d.astype(float), dummies])
    counts = np.bincount(codes)
    yd = y - (np.bincount(codes, weights=y) / counts)[codes]
    Xd = (
        X
        - (np.stack([np.bincount(codes, weights=c) for c in X.T], axis=1) / counts[:, None])[codes]
    )
    try:
        fit = fit_ols(Xd, yd, "cluster", codes)
    except np.linalg.LinAlgError:
        raise StatsInputError(
            Text(
                sv=f"Insatsen ('{treatment}') varierar inte inom enheter över tid utöver "
                "periodeffekterna; effekten kan inte skattas.",
                en=f"The treatment ('{treatment}') does not vary within units over time beyond "
                "the period effects; the effect cannot be estimated.",
            ),
            column=treatment,
        ) from None
    est, se = float(fit.params[0]), float(fit.bse[0])
    lo, hi, p = interval(est, se, level, fit.df_resid)
    g = int(fit.n_clusters or 0)
    if g < 30:
        notes.append(cv.FEW_CLUSTERS)
    name = (
        Text(
            sv="Skillnad-i-skillnader (två perioder)", en="Difference-in-differences (two periods)"
        )
        if len(periods) == 2
        else Text(
            sv="Skillnad-i-skillnader (tvåvägs fixa effekter)",
            en="Difference-in-differences (two-way fixed effects)",
        )
    )
    return EffectResult(
        method="did",
        method_name=name,
        estimate=est,
        se=se,
        ci_low=lo,
        ci_high=hi,
        level=level,
        p_value=p,
        n_treated=n1,
        n_control=n0,
        df=fit.df_resid,
        estimand="ATT",
        caveats=(cv.DID, *notes, *dropped_caveat(cols.dropped_rows)),
        details={
            "n_obs": len(df),
            "n_periods": len(periods),
            "n_clusters": g,
            "periods": [p.item() if hasattr(p, "item") else p for p in periods],
            "se_method": "cluster-robust by unit, G/(G-1)*(N-1)/(N-K), t(G-1)",
        },
    )
