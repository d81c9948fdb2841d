"""Socio-economic index per area and its association with an outcome (004 §3, figure 5).

The guide's index runs from 0 (low socio-economic status) to 10 (high) and is built from four
equally weighted variables: education level, share in employment, share born in the Nordic
countries and earned income. Method here: each variable is min–max scaled over the areas to
0–1 (reversed when a lower value means higher status), the weighted mean of the scaled
variables is taken (weights default equal and are normalised to sum 1), and the result is
multiplied by 10. An area missing a variable gets no index rather than a guessed one.

:func:`correlation` gives Pearson's r with the Fisher z interval and Spearman's ρ with the
Fieller–Hartley–Pearson (1957) standard error √(1.06/(n−3)) on the z scale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

#: The guide's four variables, with True when a higher value means higher status.
DEFAULT_VARIABLES: dict[str, bool] = {
    "education_level": True,
    "employment_share": True,
    "nordic_born_share": True,
    "earned_income": True,
}


@dataclass(frozen=True, slots=True)
class IndexResult:
    """Index 0–10 per area (``None`` where a variable is missing) and the inputs used."""

    scores: dict[str, float | None]
    variables: tuple[str, ...]
    weights: tuple[float, ...]


def socioeconomic_index(
    values: Mapping[str, Mapping[str, float | None]],
    *,
    variables: Mapping[str, bool] | None = None,
    weights: Sequence[float] | None = None,
) -> IndexResult:
    """``values[variable][area]`` → index 0 (low) – 10 (high) per area."""
    chosen = dict(variables or DEFAULT_VARIABLES)
    names = tuple(chosen)
    if not names:
        raise ValueError("choose at least one variable")
    raw = list(weights) if weights is not None else [1.0] * len(names)
    if len(raw) != len(names) or any(w < 0 or not math.isfinite(w) for w in raw) or sum(raw) == 0:
        raise ValueError("one non-negative weight per variable, not all zero")
    normalised = tuple(w / sum(raw) for w in raw)
    missing = [name for name in names if name not in values]
    if missing:
        raise ValueError(f"no values for: {', '.join(missing)}")
    areas = sorted({area for name in names for area in values[name]})
    scaled: dict[str, dict[str, float]] = {}
    for name in names:
        present = {a: v for a, v in values[name].items() if v is not None and math.isfinite(v)}
        if not present:
            scaled[name] = {}
            continue
        low, high = min(present.values()), max(present.values())
        span = high - low
        scaled[name] = {a: (0.5 if span == 0 else (v - low) / span) for a, v in present.items()}
        if not chosen[name]:
            scaled[name] = {a: 1 - s for a, s in scaled[name].items()}
    scores: dict[str, float | None] = {}
    for area in areas:
        if all(area in scaled[name] for name in names):
            scores[area] = 10 * sum(
                w * scaled[n][area] for n, w in zip(names, normalised, strict=True)
            )
        else:
            scores[area] = None
    return IndexResult(scores, names, normalised)


@dataclass(frozen=True, slots=True)
class Correlation:
    method: str
    n: int
    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    level: float


def correlation(
    x: Sequence[float], y: Sequence[float], *, method: str = "pearson", level: float = 0.95
) -> Correlation:
    """Pearson's r or Spearman's ρ between paired values, with a confidence interval."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if a.shape != b.shape:
        raise ValueError("x and y must be paired")
    keep = np.isfinite(a) & np.isfinite(b)
    a, b = a[keep], b[keep]
    n = int(a.size)
    if n < 4:
        raise ValueError("at least four areas with both values are needed")
    if method == "pearson":
        result = stats.pearsonr(a, b)
        estimate, p_value = float(result.statistic), float(result.pvalue)
        se = 1 / math.sqrt(n - 3)
    elif method == "spearman":
        result = stats.spearmanr(a, b)
        estimate, p_value = float(result.statistic), float(result.pvalue)
        se = math.sqrt(1.06 / (n - 3))
    else:
        raise ValueError("method is pearson or spearman")
    if abs(estimate) >= 1:
        return Correlation(method, n, estimate, estimate, estimate, p_value, level)
    z = math.atanh(estimate)
    critical = float(stats.norm.ppf(0.5 + level / 2))
    return Correlation(
        method,
        n,
        estimate,
        math.tanh(z - critical * se),
        math.tanh(z + critical * se),
        p_value,
        level,
    )
