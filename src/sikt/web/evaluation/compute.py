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
from sikt.web.evaluation.importing import GROUP, OUTCOME
from sikt.web.evaluation.models import Estimator

#: Estimators that fit each comparison alternative (SKL 004 appendix A), the first the default.
BY_DESIGN: dict[str, tuple[str, ...]] = {
    DesignKind.RCT: (Estimator.DIFF_IN_MEANS, Estimator.REGRESSION),
    DesignKind.MATCHING: (Estimator.MATCHING, Estimator.AIPW, Estimator.IPW),
    DesignKind.PARALLEL_GROUP: (
        Estimator.AIPW,
        Estimator.MATCHING,
        Estimator.IPW,
        Estimator.REGRESSION,
    ),
}
ALL_GROUP_ESTIMATORS = tuple(Estimator)
NEEDS_COVARIATES = {Estimator.REGRESSION, Estimator.MATCHING, Estimator.IPW, Estimator.AIPW}


def estimators_for(design_kind: str | None) -> tuple[str, ...]:
    """The estimators offered for a design; every group comparison when none is recorded."""
    if design_kind is None:
        return tuple(ALL_GROUP_ESTIMATORS)
    return BY_DESIGN.get(design_kind, ())


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
    data = pd.DataFrame(rows, columns=columns)
    return data.drop(columns=[columns[0]])


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
    else:
        raise ValueError(estimator)
    return result.to_dict()
