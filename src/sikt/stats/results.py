"""Typed results returned by the estimators in :mod:`sikt.stats`.

Every estimator returns an :class:`EffectResult`. Observational estimators return an
:class:`ObservationalResult` – :class:`MatchingResult` for matching, :class:`WeightingResult` for
inverse-probability weighting and the doubly robust estimator – which adds what an evaluation
page shows next to the effect: the balance table before and after, the sample sizes, the
propensity scores per group for an overlap plot, and the sensitivity to unmeasured confounding
(E-value, Rosenbaum bounds for matched pairs). Results are immutable and serialise to plain
JSON-ready dictionaries with :meth:`EffectResult.to_dict`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from scipy import stats as _st

from sikt.stats.diagnostics import PropensityScores, SampleSizes
from sikt.stats.sensitivity import Sensitivity
from sikt.text import Text

__all__ = [
    "BalanceRow",
    "EffectResult",
    "MatchingResult",
    "ObservationalResult",
    "WeightingResult",
    "interval",
]


def interval(
    estimate: float, se: float, level: float, df: float | None = None
) -> tuple[float, float, float]:
    """Two-sided confidence interval and p-value (H0: effect = 0).

    Uses Student's t with ``df`` degrees of freedom when given, otherwise the normal
    distribution. Returns ``(ci_low, ci_high, p_value)``.
    """
    if not 0.0 < level < 1.0:
        raise ValueError("level must be strictly between 0 and 1")
    tail = (1.0 + level) / 2.0
    if df is None or math.isinf(df):
        crit = float(_st.norm.ppf(tail))
        p = float(2.0 * _st.norm.sf(abs(estimate / se))) if se > 0 else math.nan
    else:
        crit = float(_st.t.ppf(tail, df))
        p = float(2.0 * _st.t.sf(abs(estimate / se), df)) if se > 0 else math.nan
    return estimate - crit * se, estimate + crit * se, p


@dataclass(frozen=True, slots=True)
class EffectResult:
    """An estimated effect with its uncertainty.

    ``estimate`` is in the outcome's own unit (e.g. percentage points for a 0/1 outcome times
    100, or the raw difference in proportions for a 0/1 outcome). ``ci_low``/``ci_high`` form a
    two-sided interval at ``level`` (0.95 by default). ``df`` is the degrees of freedom of the
    t reference distribution, ``None`` when the normal distribution was used. ``sensitivity``
    (observational estimates) says how strong unmeasured confounding would have to be to explain
    the effect away.
    """

    method: str
    method_name: Text
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    level: float
    p_value: float
    n_treated: int
    n_control: int
    df: float | None = None
    estimand: str = "ATE"
    caveats: tuple[Text, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    sensitivity: Sensitivity | None = None

    def to_dict(self, language: str | None = None) -> dict[str, Any]:
        """A JSON-ready dictionary. Texts become ``{"sv": …, "en": …}`` unless ``language``."""

        def txt(t: Text) -> Any:
            return t.in_language(language) if language else {"sv": t.sv, "en": t.en}

        out = {
            "method": self.method,
            "method_name": txt(self.method_name),
            "estimand": self.estimand,
            "estimate": _num(self.estimate),
            "se": _num(self.se),
            "ci_low": _num(self.ci_low),
            "ci_high": _num(self.ci_high),
            "level": self.level,
            "p_value": _num(self.p_value),
            "df": _num(self.df) if self.df is not None else None,
            "n_treated": self.n_treated,
            "n_control": self.n_control,
            "caveats": [txt(c) for c in self.caveats],
            "details": _jsonable(self.details),
        }
        if self.sensitivity is not None:
            out["sensitivity"] = _jsonable(self.sensitivity.to_dict())
        return out


@dataclass(frozen=True, slots=True)
class BalanceRow:
    """Balance of one covariate before and after matching.

    Standardised mean differences (SMD) follow Austin (2009) and Stuart (2010): the difference
    in means divided by the *pre-matching* pooled standard deviation
    ``sqrt((s_t² + s_c²) / 2)`` (for 0/1 covariates ``s² = p(1 − p)``), so that before and after
    are on the same scale. |SMD| < 0.1 is the usual threshold for adequate balance.
    """

    covariate: str
    mean_treated: float
    mean_treated_after: float
    mean_control_before: float
    mean_control_after: float
    smd_before: float
    smd_after: float
    binary: bool
    variance_ratio_before: float
    variance_ratio_after: float

    def to_dict(self) -> dict[str, Any]:
        return {k: _jsonable(getattr(self, k)) for k in self.__slots__}


@dataclass(frozen=True, slots=True)
class ObservationalResult(EffectResult):
    """An estimate from observational data with its diagnostics.

    ``balance`` has one row per covariate (and the propensity score's logit) with standardised
    mean differences before and after matching or weighting (a Love plot's data);
    ``sample_sizes`` says who was used; ``propensity`` holds each unit's score and weight for
    the overlap plot.
    """

    balance: tuple[BalanceRow, ...] = ()
    sample_sizes: SampleSizes | None = None
    propensity: PropensityScores | None = None

    def to_dict(self, language: str | None = None) -> dict[str, Any]:
        out = EffectResult.to_dict(self, language)
        out["balance"] = [row.to_dict() for row in self.balance]
        if self.sample_sizes is not None:
            out["sample_sizes"] = self.sample_sizes.to_dict()
        if self.propensity is not None:
            out["propensity"] = _jsonable(self.propensity.to_dict())
        return out


@dataclass(frozen=True, slots=True)
class MatchingResult(ObservationalResult):
    """Result of matching (ATT): nearest neighbours on the propensity score or Mahalanobis
    distance, optionally within exact strata."""


@dataclass(frozen=True, slots=True)
class WeightingResult(ObservationalResult):
    """Result of inverse-probability weighting or the doubly robust (augmented IPW) estimator."""


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else float(x)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Text):
        return {"sv": value.sv, "en": value.en}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bool | int | str) or value is None:
        return value
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f if math.isfinite(f) else None
