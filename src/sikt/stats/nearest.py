"""Nearest-neighbour matching on a one-dimensional score (the engine behind
:func:`sikt.stats.propensity_matching`).

Rules
-----
* *With replacement*, a control may serve several treated units. Controls tied at the k-th
  distance are all used with equal weight (Abadie & Imbens 2006); scores closer than
  ``TIE_TOLERANCE`` (relative, on the logit scale) count as tied. Vectorised: one sort of the
  controls and binary search (``np.searchsorted``) for every treated unit.
* *Without replacement*, matching is greedy, treated units in descending order of the score
  (MatchIt's default ``m.order = "largest"``); between equally distant available controls below
  and above, the lower score wins; among equal scores, the first in the data is taken when
  searching upwards and the last when searching downwards (deterministic).
* An optional caliper (absolute distance on the score scale) leaves treated units without a
  control inside it unmatched; with k > 1 only controls inside the caliper are used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["TIE_TOLERANCE", "Matches", "match_on_score", "matches_from_pairs"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
TIE_TOLERANCE = 1e-9
VARIANCE_NEIGHBOURS = 2


@dataclass(frozen=True, slots=True)
class Matches:
    """The outcome of matching treated scores to control scores.

    ``matched`` (per treated unit) says whether it found at least one match; ``control_weight``
    (per control, ``K_j``) is the total weight the control carries, ``control_weight_sq`` is
    ``Σ_i w_ij²``; ``pairs`` lists ``(treated index, control index, weight)`` explicitly.
    """

    matched: npt.NDArray[np.bool_]
    control_weight: FloatArray
    control_weight_sq: FloatArray
    pair_treated: IntArray
    pair_control: IntArray
    pair_weight: FloatArray


def match_on_score(
    treated_score: FloatArray,
    control_score: FloatArray,
    neighbours: int = 1,
    *,
    replace: bool = True,
    caliper: float | None = None,
    control_order: IntArray | None = None,
) -> Matches:
    """Nearest-neighbour matching in one dimension (see the module docstring for the rules).

    ``caliper`` is an absolute distance on the score's scale; ``control_order`` may pass a
    precomputed stable ``argsort`` of ``control_score``. Runs in ``O((N₁ + N₀) log N₀)`` with
    replacement (sorted search), greedy without replacement.
    """
    if neighbours < 1:
        raise ValueError("neighbours must be at least 1")
    order = np.argsort(control_score, kind="stable") if control_order is None else control_order
    cs = control_score[order]
    if replace:
        res = _match_with_replacement(treated_score, cs, neighbours, caliper)
    else:
        res = _match_without_replacement(treated_score, cs, neighbours, caliper)
    pt, pc_sorted, pw = res
    return matches_from_pairs(treated_score.size, control_score.size, pt, order[pc_sorted], pw)


def matches_from_pairs(
    n_treated: int, n_control: int, pt: IntArray, pc: IntArray, pw: FloatArray
) -> Matches:
    """:class:`Matches` from explicit ``(treated, control, weight)`` pairs."""
    k_w = np.bincount(pc, weights=pw, minlength=n_control).astype(float)
    k_w2 = np.bincount(pc, weights=pw**2, minlength=n_control).astype(float)
    matched = np.zeros(n_treated, dtype=bool)
    matched[pt] = True
    return Matches(matched, k_w, k_w2, pt, pc, pw)


def _match_with_replacement(
    ts: FloatArray, cs: FloatArray, k: int, caliper: float | None
) -> tuple[IntArray, IntArray, FloatArray]:
    nc = cs.size
    pos = np.searchsorted(cs, ts)
    if k == 1:  # the nearest is just below or at the insertion point: no window matrix needed
        below = np.where(pos > 0, ts - cs[np.maximum(pos - 1, 0)], np.inf)
        above = np.where(pos < nc, cs[np.minimum(pos, nc - 1)] - ts, np.inf)
        d_k = np.minimum(below, above)
        d_1 = d_k
    else:
        idx = pos[:, None] + np.arange(-k, k)[None, :]
        valid = (idx >= 0) & (idx < nc)
        dist = np.where(valid, np.abs(ts[:, None] - cs[np.clip(idx, 0, nc - 1)]), np.inf)
        d_k = np.partition(dist, k - 1, axis=1)[:, k - 1]
        d_1 = dist.min(axis=1)
    bound = d_k if caliper is None else np.minimum(d_k, caliper)
    tol = TIE_TOLERANCE * np.maximum(1.0, np.abs(ts))
    lo = np.searchsorted(cs, ts - bound - tol, side="left")
    hi = np.searchsorted(cs, ts + bound + tol, side="right")
    if caliper is not None:
        hi = np.where(d_1 <= caliper, hi, lo)
    counts = hi - lo
    if np.all(counts == 1):  # the usual case with continuous covariates: no ties, all matched
        return np.arange(ts.size, dtype=np.intp), lo.astype(np.intp), np.ones(ts.size)
    has = counts > 0
    pt = np.repeat(np.flatnonzero(has), counts[has])
    # control positions lo..hi-1 for each treated, without a Python loop
    starts = np.repeat(lo[has], counts[has])
    offsets = np.arange(pt.size) - np.repeat(np.cumsum(counts[has]) - counts[has], counts[has])
    pc = starts + offsets
    pw = 1.0 / counts[pt]
    return pt.astype(np.intp), pc.astype(np.intp), pw.astype(float)


def _match_without_replacement(
    ts: FloatArray, cs: FloatArray, k: int, caliper: float | None
) -> tuple[IntArray, IntArray, FloatArray]:
    nc = cs.size
    # union-find style pointers to the nearest available control on each side
    right = list(range(nc + 1))  # right[j]: smallest available index >= j (nc = none)
    left = list(range(-1, nc))  # left[j + 1]: largest available index <= j (-1 = none)

    def find_right(j: int) -> int:
        root = j
        while right[root] != root:
            root = right[root]
        while right[j] != root:
            right[j], j = root, right[j]
        return root

    def find_left(j: int) -> int:  # j in -1..nc-1, stored at j + 1
        root = j
        while left[root + 1] != root:
            root = left[root + 1]
        while left[j + 1] != root:
            left[j + 1], j = root, left[j + 1]
        return root

    cs_list = cs.tolist()
    pos = np.searchsorted(cs, ts).tolist()
    ts_list = ts.tolist()
    pt: list[int] = []
    pc: list[int] = []
    pw: list[float] = []
    for i in np.argsort(-ts, kind="stable").tolist():
        s = ts_list[i]
        chosen: list[int] = []
        for _ in range(k):
            r = find_right(pos[i])
            lft = find_left(pos[i] - 1)
            dr = cs_list[r] - s if r < nc else math.inf
            dl = s - cs_list[lft] if lft >= 0 else math.inf
            if dr == math.inf and dl == math.inf:
                break
            j = r if dr < dl else lft  # equal distance: the lower score wins
            if caliper is not None and min(dr, dl) > caliper:
                break
            chosen.append(j)
            right[j] = j + 1
            left[j + 1] = j - 1
        for j in chosen:
            pt.append(i)
            pc.append(j)
            pw.append(1.0 / len(chosen))
    return (
        np.asarray(pt, dtype=np.intp),
        np.asarray(pc, dtype=np.intp),
        np.asarray(pw, dtype=float),
    )


def _within_group_variance(
    score: FloatArray, y: FloatArray, which: IntArray, order: IntArray
) -> FloatArray:
    """σ̂²(X_j) for units ``which`` by matching to their J nearest others in the same group
    (``order`` is the stable argsort of ``score``)."""
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    s, ys = score[order], y[order]
    n, J = s.size, min(VARIANCE_NEIGHBOURS, score.size - 1)
    r = rank[which]
    idx = r[:, None] + np.array([d for d in range(-J, J + 1) if d != 0])[None, :]
    valid = (idx >= 0) & (idx < n)
    cl = np.clip(idx, 0, n - 1)
    dist = np.where(valid, np.abs(s[r][:, None] - s[cl]), np.inf)
    nearest = np.argsort(dist, axis=1, kind="stable")[:, :J]
    yn = np.take_along_axis(ys[cl], nearest, axis=1).mean(axis=1)
    out: FloatArray = J / (J + 1.0) * (ys[r] - yn) ** 2
    return out


def _group_order(global_order: IntArray, mask: npt.NDArray[np.bool_]) -> IntArray:
    """Stable argsort of ``score[mask]`` derived from the argsort of the whole ``score``."""
    local = np.cumsum(mask) - 1
    return local[global_order[mask[global_order]]].astype(np.intp)


def _impute(
    query: FloatArray,
    pool: FloatArray,
    y_pool: FloatArray,
    k: int,
    pool_order: IntArray,
    query_order: IntArray,
) -> FloatArray:
    """Mean outcome of the k nearest pool units (with replacement, ties shared).

    Queries are searched in sorted order (much faster binary search) and put back.
    """
    m = match_on_score(query[query_order], pool, k, replace=True, control_order=pool_order)
    total = np.bincount(m.pair_treated, weights=m.pair_weight * y_pool[m.pair_control],
                        minlength=query.size)  # fmt: skip
    out = np.empty(query.size)
    out[query_order] = total
    return out
