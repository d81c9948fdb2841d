"""Run the chosen ``sikt.stats`` estimator on a stored dataset version.

Pure function of the records and the options: the same dataset version, estimator, options and
software version give the same numbers (the estimators are deterministic; the seed is recorded
for the parts of an evaluation that draw random numbers).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pandas as pd

import sikt
from sikt import stats
from sikt.web.design.models import DesignKind
from sikt.web.evaluation.importing import GROUP, OUTCOME, PERIOD, PERSON
from sikt.web.evaluation.models import PANEL_ESTIMATORS, Estimator

#: Estimators that fit each comparison alternative (SKL 004 appendix A), the first the default.
BY_DESIGN: dict[str, tuple[str, ...]] = {
    DesignKind.RCT: (Estimator.DIFF_IN_MEANS, Estimator.REGRESSION),
    DesignKind.MATCHING: (Estimator.MATCHING, Estimator.AIPW, Estimator.IPW),
    DesignKind.PARALLEL_GROUP: (
        Estimator.AIPW,
        Estimator.MATCHING,
        Estimator.IPW,
        Estimator.REGRESSION,
        Estimator.DID,
    ),
    DesignKind.EARLIER_IMPLEMENTATION: (Estimator.EARLIER,),
    DesignKind.BEFORE_AFTER: (Estimator.BEFORE_AFTER,),
}
ALL_GROUP_ESTIMATORS = (
    Estimator.DIFF_IN_MEANS,
    Estimator.REGRESSION,
    Estimator.MATCHING,
    Estimator.IPW,
    Estimator.AIPW,
    Estimator.DID,
)
NEEDS_COVARIATES = {Estimator.REGRESSION, Estimator.MATCHING, Estimator.IPW, Estimator.AIPW}


def estimators_for(design_kind: str | None) -> tuple[str, ...]:
    """The estimators offered for a design; every group comparison when none is recorded."""
    if design_kind is None:
        return tuple(ALL_GROUP_ESTIMATORS)
    return BY_DESIGN.get(design_kind, ())


def fits_data(estimator: str, *, has_periods: bool) -> bool:
    """Whether ``estimator`` can use data of this shape: the before–after comparison and the
    difference-in-differences need one row per person and period; the group comparisons one
    row per person. The comparison with an earlier implementation uses either (with periods,
    the participants' last period)."""
    if estimator == Estimator.EARLIER:
        return True
    return (estimator in PANEL_ESTIMATORS) == has_periods


def software_version() -> str:
    return f"sikt {sikt.__version__}"


def inputs_hash(dataset_sha256: str, estimator: str, options: dict[str, Any], seed: int) -> str:
    payload = json.dumps(
        {
            "data": dataset_sha256,
            "estimator": estimator,
            "options": options,
            "seed": seed,
            "software": software_version(),
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def frame(columns: list[str], rows: list[list[Any]]) -> pd.DataFrame:
    """The records as a frame; the person key is kept only where measurements are paired by
    person (panel data), so no group comparison can use it as a covariate."""
    data = pd.DataFrame(rows, columns=columns)
    if PERIOD in columns:
        return data
    return data.drop(columns=[columns[0]])


def _last_period(data: pd.DataFrame) -> pd.DataFrame:
    if PERIOD not in data.columns:
        return data
    return data[data[PERIOD] == max(data[PERIOD])]


def estimate(
    columns: list[str], rows: list[list[Any]], estimator: str, options: dict[str, Any]
) -> dict[str, Any]:
    """The estimator's result as JSON (``EffectResult.to_dict``); raises
    :class:`sikt.stats.StatsInputError` for data the estimator cannot use."""
    data = frame(columns, rows)
    covariates = list(options.get("covariates", []))
    result: stats.EffectResult
    if estimator == Estimator.DIFF_IN_MEANS:
        result = stats.diff_in_means(data, OUTCOME, GROUP)
    elif estimator == Estimator.REGRESSION:
        result = stats.regression_adjustment(data, OUTCOME, GROUP, covariates)
    elif estimator == Estimator.MATCHING:
        caliper = options.get("caliper")
        result = stats.propensity_matching(
            data, OUTCOME, GROUP, covariates, caliper=float(caliper) if caliper else None
        )
    elif estimator == Estimator.IPW:
        result = stats.inverse_probability_weighting(
            data, OUTCOME, GROUP, covariates, estimand=options.get("estimand", "ATT")
        )
    elif estimator == Estimator.AIPW:
        result = stats.doubly_robust(
            data, OUTCOME, GROUP, covariates, estimand=options.get("estimand", "ATT")
        )
    elif estimator == Estimator.DID:
        result = stats.difference_in_differences(
            data,
            OUTCOME,
            GROUP,
            PERSON,
            PERIOD,
            first_treated_period=options.get("first_treated_period"),
        )
    elif estimator == Estimator.BEFORE_AFTER:
        result = stats.before_after(data, OUTCOME, PERIOD, unit=PERSON, treatment=GROUP)
    elif estimator == Estimator.EARLIER:
        result = stats.compare_with_earlier(
            _last_period(data),
            OUTCOME,
            earlier_mean=float(options["earlier_mean"]),
            earlier_n=int(options["earlier_n"]),
            earlier_sd=float(options["earlier_sd"]) if options.get("earlier_sd") else None,
            treatment=GROUP,
        )
    else:
        raise ValueError(estimator)
    return result.to_dict()
