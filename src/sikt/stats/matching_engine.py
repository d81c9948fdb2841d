"""Who is matched to whom, for :func:`sikt.stats.propensity_matching`: nearest neighbours on the
propensity logit or the Mahalanobis distance, within exact strata, among the units kept after
discarding those outside the common support; and the conditional outcome variance of the used
controls that the Abadie–Imbens variance needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from sikt.stats.data import StatsInputError
from sikt.stats.mahalanobis import match_mahalanobis, whiten, within_group_variance_md
from sikt.stats.nearest import (
    Matches,
    _within_group_variance,
    match_on_score,
    matches_from_pairs,
)
from sikt.text import Text

__all__ = [
    "DISCARD",
    "DISTANCES",
    "SE_METHODS",
    "MatchingProblem",
    "build_problem",
    "check_options",
    "common_support",
    "control_variance",
    "match_units",
]

SE_METHODS = ("ai2016", "ai2006")
DISTANCES = ("propensity", "mahalanobis")
DISCARD = ("treated", "control", "both", "none")

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class MatchingProblem:
    """Scores (propensity logit), whitened covariates (Mahalanobis; ``None`` for the score
    distance), exact strata codes (``None`` without exact matching) and the units kept, per
    group; ``control_order`` is the stable argsort of ``cs`` when already known."""

    ts: FloatArray
    cs: FloatArray
    keep_t: BoolArray
    keep_c: BoolArray
    zt: FloatArray | None = None
    zc: FloatArray | None = None
    strata_t: IntArray | None = None
    strata_c: IntArray | None = None
    control_order: IntArray | None = None


def match_units(
    prob: MatchingProblem, neighbours: int, *, replace: bool, caliper: float | None
) -> Matches:
    """Matches of every treated unit (indices into the full treated and control groups)."""
    nt, nc = prob.ts.size, prob.cs.size
    if prob.zt is None and prob.strata_t is None and prob.keep_c.all():
        # the common case: one sorted search over all controls
        kept = np.flatnonzero(prob.keep_t)
        m = match_on_score(prob.ts[kept], prob.cs, neighbours, replace=replace,
                           caliper=caliper, control_order=prob.control_order)  # fmt: skip
        matched = np.zeros(nt, dtype=bool)
        matched[kept[m.matched]] = True
        return Matches(matched, m.control_weight, m.control_weight_sq, kept[m.pair_treated],
                       m.pair_control, m.pair_weight)  # fmt: skip
    strata_t = prob.strata_t if prob.strata_t is not None else np.zeros(nt, dtype=np.intp)
    strata_c = prob.strata_c if prob.strata_c is not None else np.zeros(nc, dtype=np.intp)
    pts: list[IntArray] = []
    pcs: list[IntArray] = []
    pws: list[FloatArray] = []
    for s in np.unique(strata_t[prob.keep_t]).tolist():
        ti = np.flatnonzero(prob.keep_t & (strata_t == s))
        ci = np.flatnonzero(prob.keep_c & (strata_c == s))
        if ci.size == 0:
            continue
        k = min(neighbours, ci.size)
        if prob.zt is None or prob.zc is None:
            m = match_on_score(prob.ts[ti], prob.cs[ci], k, replace=replace, caliper=caliper)
        else:
            window = None if caliper is None else (prob.ts[ti], prob.cs[ci], caliper)
            order = np.argsort(-prob.ts[ti], kind="stable")  # largest score first (MatchIt)
            m = match_mahalanobis(prob.zt[ti], prob.zc[ci], k, replace=replace, order=order,
                                  caliper=window)  # fmt: skip
        pts.append(ti[m.pair_treated])
        pcs.append(ci[m.pair_control])
        pws.append(m.pair_weight)
    if not pts:
        return matches_from_pairs(nt, nc, np.empty(0, np.intp), np.empty(0, np.intp),
                                  np.empty(0))  # fmt: skip
    return matches_from_pairs(nt, nc, np.concatenate(pts), np.concatenate(pcs),
                              np.concatenate(pws))  # fmt: skip


def control_variance(prob: MatchingProblem, y0: FloatArray, used: IntArray) -> FloatArray:
    """σ̂²(X_j) of the used controls: each matched to its two nearest other controls (in the
    same exact stratum) on the matching distance (Abadie & Imbens 2006)."""
    if prob.zc is None and prob.strata_c is None:
        order = (prob.control_order if prob.control_order is not None
                 else np.argsort(prob.cs, kind="stable"))  # fmt: skip
        return _within_group_variance(prob.cs, y0, used, order)
    strata = prob.strata_c if prob.strata_c is not None else np.zeros(prob.cs.size, np.intp)
    out = np.zeros(used.size)
    for s in np.unique(strata[used]).tolist():
        members = np.flatnonzero(strata == s)
        rows = np.flatnonzero(strata[used] == s)
        local = np.searchsorted(members, used[rows])
        if members.size < 2:
            continue  # a lone control: no within-stratum variance to estimate
        if prob.zc is None:
            cs = prob.cs[members]
            out[rows] = _within_group_variance(cs, y0[members], local,
                                               np.argsort(cs, kind="stable"))  # fmt: skip
        else:
            out[rows] = within_group_variance_md(prob.zc[members], y0[members], local)
    return out


def check_options(
    neighbours: int,
    caliper: float | None,
    distance: str,
    discard: str,
    se_method: str,
    covariates: list[str],
) -> None:
    """Raise :class:`StatsInputError` for an option outside its allowed values."""
    for value, allowed, sv, en in (
        (se_method, SE_METHODS, "standardfelsmetod", "standard-error method"),
        (distance, DISTANCES, "avståndsmått", "distance"),
        (discard, DISCARD, "val för gemensamt stöd (discard)", "discard option"),
    ):
        if value not in allowed:
            raise StatsInputError(
                Text(
                    sv=f"Okänt {sv} '{value}'; välj {', '.join(allowed)}.",
                    en=f"Unknown {en} '{value}'; use {', '.join(allowed)}.",
                )
            )
    if neighbours < 1:
        raise StatsInputError(
            Text(
                sv=f"Antal grannar måste vara minst 1 (fick {neighbours}).",
                en=f"The number of neighbours must be at least 1 (got {neighbours}).",
            )
        )
    if caliper is not None and not caliper > 0:
        raise StatsInputError(
            Text(
                sv=f"Calipern måste vara positiv (fick {caliper}).",
                en=f"The caliper must be positive (got {caliper}).",
            )
        )
    if not covariates:
        raise StatsInputError(
            Text(
                sv="Matchning kräver minst en kovariat.",
                en="Matching needs at least one covariate.",
            )
        )


def common_support(
    ts: FloatArray, cs: FloatArray, discard: str
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Units kept: within the other group's score range for the groups ``discard`` names."""
    keep_t = np.ones(ts.size, dtype=bool)
    keep_c = np.ones(cs.size, dtype=bool)
    if discard in ("treated", "both"):
        keep_t = (ts >= cs.min()) & (ts <= cs.max())
    if discard in ("control", "both"):
        keep_c = (cs >= ts.min()) & (cs <= ts.max())
    return keep_t, keep_c


def build_problem(
    frame: pd.DataFrame,
    X: FloatArray,
    covariates: list[str],
    exact: list[str],
    distance: str,
    tr: npt.NDArray[np.bool_],
    ts: FloatArray,
    cs: FloatArray,
    keep_t: npt.NDArray[np.bool_],
    keep_c: npt.NDArray[np.bool_],
    c_order: IntArray,
) -> MatchingProblem:
    """The matching problem: whitened covariates for the Mahalanobis distance (exact columns
    left out), exact strata codes, and the units kept per group."""
    zt = zc = None
    if distance == "mahalanobis":
        columns = [j + 1 for j, name in enumerate(covariates) if name not in exact]
        if columns:
            try:
                z = whiten(X[:, columns], tr)
            except np.linalg.LinAlgError:
                raise StatsInputError(
                    Text(
                        sv="Mahalanobisavståndet kan inte beräknas: kovariaterna är kolinjära "
                        "inom grupperna.",
                        en="The Mahalanobis distance cannot be computed: the covariates are "
                        "collinear within the groups.",
                    )
                ) from None
        else:  # every covariate is matched exactly: all controls in a stratum are equally near
            z = np.zeros((X.shape[0], 1))
        zt, zc = z[tr], z[~tr]
    strata_t = strata_c = None
    if exact:
        codes = frame.groupby(exact, sort=True, dropna=False).ngroup().to_numpy().astype(np.intp)
        strata_t, strata_c = codes[tr], codes[~tr]
    return MatchingProblem(ts, cs, keep_t, keep_c, zt, zc, strata_t, strata_c, c_order)
