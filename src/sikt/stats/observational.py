"""Shared steps of the weighting estimators (IPW and the doubly robust AIPW): reading and
checking the data, fitting (and optionally trimming on) the propensity score, and assembling
the typed result with balance, sample sizes, overlap, sensitivity and caveats.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
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
from sikt.stats.diagnostics import PropensityScores, SampleSizes, effective_size
from sikt.stats.evalue import e_value_for_effect
from sikt.stats.propensity import PropensityFit, fit_propensity
from sikt.stats.results import BalanceRow, WeightingResult, interval
from sikt.stats.sensitivity import Sensitivity
from sikt.text import Text

__all__ = ["Prepared", "finish", "outcome_scale", "prepare"]

FloatArray = npt.NDArray[np.float64]
ESTIMANDS = ("ATE", "ATT")
HEAVY_WEIGHT_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Prepared:
    """Validated data and the fitted propensity model (after any trimming)."""

    y: FloatArray
    t: FloatArray
    covariates: list[str]
    model: PropensityFit
    estimand: str
    level: float
    notes: list[Text]
    dropped_rows: tuple[Any, ...]
    treated_total: int
    control_total: int
    treated_trimmed: int
    control_trimmed: int
    trim: float | None


def prepare(
    data: Any,
    outcome: str,
    treatment: str,
    covariates: Sequence[str],
    *,
    estimand: str,
    trim: float | None,
    level: float,
    drop_missing: bool,
) -> Prepared:
    level = parse_level(level)
    if estimand not in ESTIMANDS:
        raise StatsInputError(
            Text(
                sv=f"Okänd skattning '{estimand}'; välj ATE (alla) eller ATT (deltagarna).",
                en=f"Unknown estimand '{estimand}'; use ATE (everyone) or ATT (participants).",
            )
        )
    if trim is not None and not 0.0 < trim < 0.5:
        raise StatsInputError(
            Text(
                sv=f"Trimningsgränsen måste ligga mellan 0 och 0,5 (fick {trim}).",
                en=f"The trimming bound must lie between 0 and 0.5 (got {trim}).",
            )
        )
    covariates = list(covariates)
    if not covariates:
        raise StatsInputError(
            Text(
                sv="Viktning kräver minst en kovariat.",
                en="Weighting needs at least one covariate.",
            )
        )
    frame = load_frame(data)
    cols = numeric_columns(frame, [outcome, treatment, *covariates], drop_missing=drop_missing)
    t = check_binary(cols.frame, treatment)
    n1, n0 = check_group_sizes(t, treatment)
    xcov, kept, notes = covariate_matrix(cols.frame, covariates)
    y = cols.frame[outcome].to_numpy(dtype=float)
    X = np.empty((y.size, xcov.shape[1] + 1))
    X[:, 0] = 1.0
    X[:, 1:] = xcov
    del xcov
    model = fit_propensity(X, t, kept, treatment)
    trimmed = (0, 0)
    if trim is not None:
        keep = (model.score >= trim) & (model.score <= 1.0 - trim)
        if not keep.all():
            trimmed = (int(np.sum(~keep & (t == 1))), int(np.sum(~keep & (t == 0))))
            X, t, y = X[keep], t[keep], y[keep]
            check_group_sizes(t, treatment)
            model = fit_propensity(X, t, kept, treatment)
    return Prepared(y, t, kept, model, estimand, level, notes, cols.dropped_rows, n1, n0,
                    trimmed[0], trimmed[1], trim)  # fmt: skip


def outcome_scale(y: FloatArray, treated: npt.NDArray[np.bool_]) -> tuple[bool, float]:
    """Whether the outcome is 0/1, and its pooled within-group standard deviation (the scale
    a difference is standardised by for the E-value)."""
    binary = bool(np.all((y == 0.0) | (y == 1.0)))
    y1, y0 = y[treated], y[~treated]
    df = y1.size + y0.size - 2
    pooled = ((y1.size - 1) * y1.var(ddof=1) + (y0.size - 1) * y0.var(ddof=1)) / df
    return binary, math.sqrt(float(pooled)) if df > 0 else math.nan


def finish(
    p: Prepared,
    *,
    method: str,
    method_name: Text,
    estimate: float,
    se: float,
    baseline: float,
    treated_weight: FloatArray,
    control_weight: FloatArray,
    caveat: Text,
    details: dict[str, Any],
) -> WeightingResult:
    """The typed result of a weighting estimator (normal-based interval)."""
    lo, hi, pval = interval(estimate, se, p.level)
    tr = p.t == 1
    X, names = p.model.design, p.covariates
    everyone = np.ones(int(tr.sum()), dtype=bool)
    balance: tuple[BalanceRow, ...] = balance_table(
        X[:, 1:], names, tr, everyone, control_weight, treated_weight
    ) + balance_table(
        p.model.logit[:, None], ["logit(propensity)"], tr, everyone, control_weight,
        treated_weight,
    )  # fmt: skip
    sizes = SampleSizes(
        treated_total=p.treated_total,
        control_total=p.control_total,
        treated_used=int(np.count_nonzero(treated_weight)),
        control_used=int(np.count_nonzero(control_weight)),
        treated_discarded=p.treated_trimmed,
        control_discarded=p.control_trimmed,
        treated_effective=effective_size(treated_weight),
        control_effective=effective_size(control_weight),
    )
    scores = PropensityScores(
        coefficients=dict(zip(["const", *names], p.model.coef.tolist(), strict=True)),
        treated_logit=p.model.logit[tr],
        control_logit=p.model.logit[~tr],
        treated_weight=treated_weight,
        control_weight=control_weight,
    )
    binary, sd = outcome_scale(p.y, tr)
    ev = e_value_for_effect(estimate, se, (lo, hi), level=p.level, binary_outcome=binary,
                            baseline=baseline, outcome_sd=sd)  # fmt: skip
    caveats = [caveat, *p.notes, *_weight_caveats(p, treated_weight, control_weight, balance)]
    caveats.extend(dropped_caveat(p.dropped_rows))
    return WeightingResult(
        method=method,
        method_name=method_name,
        estimate=estimate,
        se=se,
        ci_low=lo,
        ci_high=hi,
        level=p.level,
        p_value=pval,
        n_treated=sizes.treated_used,
        n_control=sizes.control_used,
        df=None,
        estimand=p.estimand,
        caveats=tuple(caveats),
        details={**details, "trim": p.trim, "outcome_binary": binary},
        sensitivity=Sensitivity(e_value=ev),
        balance=balance,
        sample_sizes=sizes,
        propensity=scores,
    )


def _weight_caveats(
    p: Prepared, w1: FloatArray, w0: FloatArray, balance: tuple[BalanceRow, ...]
) -> list[Text]:
    out: list[Text] = []
    if p.trim is not None and (p.treated_trimmed or p.control_trimmed):
        lo, hi = p.trim, 1.0 - p.trim
        out.append(
            Text(
                sv=f"{cv.sv(p.treated_trimmed, 0)} i insatsgruppen och "
                f"{cv.sv(p.control_trimmed, 0)} i jämförelsegruppen hade en propensitetspoäng "
                f"utanför [{cv.sv(lo)}; {cv.sv(hi)}] och uteslöts (trimning); effekten gäller "
                "de återstående.",
                en=f"{cv.en(p.treated_trimmed, 0)} in the intervention group and "
                f"{cv.en(p.control_trimmed, 0)} in the comparison group had a propensity score "
                f"outside [{cv.en(lo)}, {cv.en(hi)}] and "
                "were left out (trimming); the effect applies to the rest.",
            )
        )
    for label_sv, label_en, w in (("insatsgruppen", "intervention", w1),
                                  ("jämförelsegruppen", "comparison", w0)):  # fmt: skip
        total = float(w.sum())
        share = float(w.max()) / total if total > 0 else 0.0
        if w.size > 20 and share > HEAVY_WEIGHT_SHARE:
            out.append(
                Text(
                    sv=f"En enda individ bär {cv.sv(100 * share, 0)} % av vikten i {label_sv}: "
                    "skattningen vilar på få personer och blir osäker. Överväg trimning eller "
                    "matchning.",
                    en=f"A single individual carries {cv.en(100 * share, 0)} % of the weight in "
                    f"the {label_en} group: the estimate rests on few people and is fragile. "
                    "Consider trimming or matching.",
                )
            )
    worst = max(abs(b.smd_after) for b in balance)
    if worst >= 0.1:
        out.append(
            Text(
                sv=f"Obalans kvarstår efter viktning (största |SMD| = {cv.sv(worst)} ≥ 0,1).",
                en=f"Imbalance remains after weighting (largest |SMD| = {cv.en(worst)} ≥ 0.1).",
            )
        )
    return out
