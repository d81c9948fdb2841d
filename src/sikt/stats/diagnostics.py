"""Diagnostics of observational estimates that an evaluation page shows next to the effect:
who was used (sample sizes) and how the groups' propensity scores overlap.

Counts and histograms come from individual records: the page applies small-cell suppression
(n < 5) before showing them to anyone but the evaluator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["OverlapHistogram", "PropensityScores", "SampleSizes", "effective_size"]

FloatArray = npt.NDArray[np.float64]
OVERLAP_BINS = 30


def effective_size(weights: FloatArray) -> float:
    """Kish's effective sample size ``(Σw)² / Σw²`` (Kish 1965): how many unweighted units the
    weighted group is worth; equal to the count when all weights are equal."""
    w = weights[weights > 0]
    return float(w.sum() ** 2 / (w**2).sum()) if w.size else 0.0


@dataclass(frozen=True, slots=True)
class SampleSizes:
    """Who the estimate rests on.

    ``*_total`` – rows in the data per group; ``*_discarded`` – left out for lying outside the
    common support (or trimmed for extreme scores); ``treated_unmatched`` – treated without an
    acceptable match (caliper, exact strata); ``*_used`` – units with positive weight;
    ``*_effective`` – Kish's effective sample size of the weights used.
    """

    treated_total: int
    control_total: int
    treated_used: int
    control_used: int
    treated_discarded: int = 0
    control_discarded: int = 0
    treated_unmatched: int = 0
    treated_effective: float = math.nan
    control_effective: float = math.nan

    def to_dict(self) -> dict[str, Any]:
        return {
            k: (None if isinstance(v, float) and not math.isfinite(v) else v)
            for k, v in ((k, getattr(self, k)) for k in self.__slots__)
        }


@dataclass(frozen=True, slots=True)
class OverlapHistogram:
    """Propensity-score distribution per group, before and after matching or weighting.

    Bins are equal-width on the **logit** of the score (``edges``; the probability at an edge is
    ``1/(1 + e^−edge)``), which keeps rare participation readable. ``*_before`` are counts,
    ``*_after`` the weights used (matched counts or normalised weights scaled to the group's
    used size).
    """

    edges: tuple[float, ...]
    treated_before: tuple[float, ...]
    control_before: tuple[float, ...]
    treated_after: tuple[float, ...]
    control_after: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        return {k: list(getattr(self, k)) for k in self.__slots__}


@dataclass(frozen=True, slots=True)
class PropensityScores:
    """Each unit's estimated propensity score (``logit`` = its log-odds) by group, with the
    weight each unit carries after matching or weighting (0 = not used), for overlap plots.

    ``coefficients`` are the propensity model's (``const`` first) on the covariates' own scale;
    ``common_support`` is the logit range where both groups have units.
    """

    coefficients: dict[str, float]
    treated_logit: FloatArray
    control_logit: FloatArray
    treated_weight: FloatArray
    control_weight: FloatArray

    @property
    def common_support(self) -> tuple[float, float]:
        return (
            max(float(self.treated_logit.min()), float(self.control_logit.min())),
            min(float(self.treated_logit.max()), float(self.control_logit.max())),
        )

    def histogram(self, bins: int = OVERLAP_BINS) -> OverlapHistogram:
        lo = min(float(self.treated_logit.min()), float(self.control_logit.min()))
        hi = max(float(self.treated_logit.max()), float(self.control_logit.max()))
        edges = np.linspace(lo, hi if hi > lo else lo + 1.0, bins + 1)

        def counts(x: FloatArray, w: FloatArray | None = None) -> tuple[float, ...]:
            return tuple(float(c) for c in np.histogram(x, bins=edges, weights=w)[0])

        def scaled(w: FloatArray) -> FloatArray:
            used = int(np.count_nonzero(w))
            total = float(w.sum())
            return w * (used / total) if total > 0 else w

        return OverlapHistogram(
            edges=tuple(float(e) for e in edges),
            treated_before=counts(self.treated_logit),
            control_before=counts(self.control_logit),
            treated_after=counts(self.treated_logit, scaled(self.treated_weight)),
            control_after=counts(self.control_logit, scaled(self.control_weight)),
        )

    def to_dict(self) -> dict[str, Any]:
        lo, hi = self.common_support
        return {
            "coefficients": dict(self.coefficients),
            "common_support_logit": [lo, hi],
            "histogram": self.histogram().to_dict(),
        }
