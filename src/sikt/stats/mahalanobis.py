"""Nearest-neighbour matching on the Mahalanobis distance, optionally within a caliper on the
propensity score (Rubin 1980; Rosenbaum & Rubin 1985; MatchIt's ``distance = "mahalanobis"``
with ``mahvars`` and a caliper).

Distance: ``d(x, z)² = (x − z)' S⁻¹ (x − z)`` with ``S`` the **pooled within-group covariance**
of the covariates (as MatchIt and optmatch, following Rubin 1980): the covariates are whitened
once with the Cholesky factor of ``S`` and Euclidean distances are searched with a k-d tree
(``scipy.spatial.cKDTree``).

Rules (as :mod:`sikt.stats.nearest` for the one-dimensional score):

* *With replacement*, all controls tied at the k-th distance are used with equal weight
  (Abadie & Imbens 2006).
* *Without replacement*, greedy in the given order of treated units (descending propensity
  score, MatchIt's ``m.order = "largest"``); equal distances go to the control first in the data.
* With a caliper, only controls whose score lies within the caliper of the treated unit's are
  candidates; treated units without any are left unmatched.

* Rubin, D. B. (1980). Bias reduction using Mahalanobis-metric matching. *Biometrics* 36(2),
  293–298.
* Rosenbaum, P. R. & Rubin, D. B. (1985). Constructing a control group using multivariate
  matched sampling methods that incorporate the propensity score. *The American Statistician*
  39(1), 33–38.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from sikt.stats.nearest import TIE_TOLERANCE, Matches, matches_from_pairs

__all__ = ["match_mahalanobis", "whiten", "within_group_variance_md"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


def whiten(X: FloatArray, treated: npt.NDArray[np.bool_]) -> FloatArray:
    """Covariates transformed so that Euclidean distance equals the Mahalanobis distance with
    the pooled within-group covariance ``((n₁ − 1)S₁ + (n₀ − 1)S₀)/(n − 2)``.

    Columns without variance within the groups are left out (they cannot be whitened). Raises
    ``np.linalg.LinAlgError`` when the covariates are collinear.
    """
    x1, x0 = X[treated], X[~treated]
    s = (np.cov(x1, rowvar=False, ddof=1) * (x1.shape[0] - 1)
         + np.cov(x0, rowvar=False, ddof=1) * (x0.shape[0] - 1))  # fmt: skip
    s = np.atleast_2d(s) / (X.shape[0] - 2)
    varying = np.diag(s) > 0
    chol = np.linalg.cholesky(s[np.ix_(varying, varying)])
    centred = X[:, varying] - X[:, varying].mean(axis=0)
    out: FloatArray = np.linalg.solve(chol, centred.T).T
    return out


def match_mahalanobis(
    zt: FloatArray,
    zc: FloatArray,
    neighbours: int,
    *,
    replace: bool,
    order: IntArray,
    caliper: tuple[FloatArray, FloatArray, float] | None = None,
) -> Matches:
    """Match whitened treated rows ``zt`` to whitened control rows ``zc`` (see module rules).

    ``order`` is the order in which treated units choose (without replacement); ``caliper`` is
    ``(treated_score, control_score, width)`` on the propensity logit.
    """
    k = min(neighbours, zc.shape[0])
    tree = cKDTree(zc)
    if replace and caliper is None:
        return _with_replacement(zt, tree, k, zc.shape[0])
    available = np.ones(zc.shape[0], dtype=bool)
    window: tuple[IntArray, IntArray, IntArray] | None = None
    if caliper is not None:
        ts, cs, width = caliper
        c_order = np.argsort(cs, kind="stable")
        sorted_cs = cs[c_order]
        lo = np.searchsorted(sorted_cs, ts - width, side="left")
        hi = np.searchsorted(sorted_cs, ts + width, side="right")
        window = (c_order, lo, hi)
    pt: list[int] = []
    pc: list[int] = []
    pw: list[float] = []
    for i in order.tolist():
        if window is not None:
            c_order, lo, hi = window
            cand = np.sort(c_order[lo[i] : hi[i]])
        else:
            cand = _nearest_available(tree, zt[i], k, available)
        if not replace:
            cand = cand[available[cand]]
        if cand.size == 0:
            continue
        dist = np.sqrt(((zc[cand] - zt[i]) ** 2).sum(axis=1))
        kk = min(k, cand.size)
        if replace:
            kth = np.partition(dist, kk - 1)[kk - 1]
            chosen = cand[dist <= kth + TIE_TOLERANCE * max(1.0, kth)]
        else:
            chosen = cand[np.argsort(dist, kind="stable")[:kk]]
            available[chosen] = False
        pt.extend([i] * chosen.size)
        pc.extend(chosen.tolist())
        pw.extend([1.0 / chosen.size] * chosen.size)
    return matches_from_pairs(
        zt.shape[0], zc.shape[0], np.asarray(pt, np.intp), np.asarray(pc, np.intp),
        np.asarray(pw, float),
    )  # fmt: skip


def _nearest_available(
    tree: cKDTree, point: FloatArray, k: int, available: npt.NDArray[np.bool_]
) -> IntArray:
    """Available controls nearest ``point``: at least ``k`` of them (all if fewer exist), and
    every one tied with the k-th, found by querying ever more neighbours."""
    n = tree.n
    q = min(n, max(4 * k, 16))
    while True:
        dist, idx = tree.query(point, k=q)
        dist, idx = np.atleast_1d(dist), np.atleast_1d(idx)
        valid = idx < n
        dist, idx = dist[valid], idx[valid]
        ok = available[idx]
        if q >= n:
            return np.sort(idx[ok])
        if ok.sum() >= k:
            kth = dist[ok][k - 1]
            if dist[-1] > kth + TIE_TOLERANCE * max(1.0, kth):
                return np.sort(idx[ok])
        q = min(n, 4 * q)


def _with_replacement(zt: FloatArray, tree: cKDTree, k: int, nc: int) -> Matches:
    dist, _ = tree.query(zt, k=k)
    kth = dist if k == 1 else dist[:, -1]
    radius = kth + TIE_TOLERANCE * np.maximum(1.0, kth)
    found = tree.query_ball_point(zt, r=radius)
    counts = np.fromiter((len(f) for f in found), dtype=np.intp, count=len(found))
    pt = np.repeat(np.arange(zt.shape[0], dtype=np.intp), counts)
    pc = np.fromiter((j for f in found for j in f), dtype=np.intp, count=int(counts.sum()))
    pw = 1.0 / counts[pt]
    return matches_from_pairs(zt.shape[0], nc, pt, pc, pw)


def within_group_variance_md(z: FloatArray, y: FloatArray, which: IntArray) -> FloatArray:
    """σ̂²(X_j) for units ``which`` of one group by matching each to its ``J = 2`` nearest other
    units of the group on the whitened covariates (Abadie & Imbens 2006):
    ``J/(J + 1)·(y_j − mean of those)²``."""
    n = z.shape[0]
    if n < 2 or which.size == 0:
        return np.zeros(which.size)
    j = min(2, n - 1)
    _, idx = cKDTree(z).query(z[which], k=j + 1)
    idx = np.atleast_2d(idx)
    others = np.empty((which.size, j), dtype=np.intp)
    for row, (own, found) in enumerate(zip(which.tolist(), idx.tolist(), strict=True)):
        rest = [f for f in found if f != own][:j]
        others[row] = rest
    out: FloatArray = j / (j + 1.0) * (y[which] - y[others].mean(axis=1)) ** 2
    return out
