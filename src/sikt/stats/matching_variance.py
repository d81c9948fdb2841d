"""Abadie & Imbens (2016) adjustment of the ATT variance for an *estimated* propensity score.

Matching on a propensity score that is itself estimated (here by logit) changes the large-sample
variance of the matching estimator. For the ATT, Abadie & Imbens (2016, Theorem 2 and §4)
give::

    N·V(τ̂_t) = σ²_t − c_t' I⁻¹ c_t + (∂τ_t/∂θ)' I⁻¹ (∂τ_t/∂θ)

with ``σ²_t/N`` the Abadie–Imbens (2006) variance for a known score, ``I`` the logit Fisher
information ``E[f(X'θ) X X']`` (``f = F(1 − F)``) and, writing ``p = F(X'θ)``,

    c_t       = E[ f·cov(X, μ(1, X) | p) + p²·cov(X, μ(0, X) | p) ] / E[p]
    ∂τ_t/∂θ   = E[ X·f·(μ(1, X) − μ(0, X) − τ_t) ] / E[p]

Estimation follows §4 of the paper: the conditional covariances by the sample covariance of
``X`` and ``Y`` among the ``L = 2`` units of group *w* nearest on the score, and
``μ(1, X_i) − μ(0, X_i)`` by the observed outcome and its matched counterpart
(``Ŷ_i(1) − Ŷ_i(0)``; controls are matched to ``M`` treated for ``Ŷ_i(1)``).

Reference: Abadie, A. & Imbens, G. W. (2016). Matching on the estimated propensity score.
*Econometrica* 84(2), 781–807.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from sikt.stats.linear import weighted_gram

FloatArray = npt.NDArray[np.float64]
COV_NEIGHBOURS = 2


def _two_nearest(
    query: FloatArray, sorted_scores: FloatArray, pos: npt.NDArray[np.intp] | None = None
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Indices (into ``sorted_scores``, at least 2 long) of the two scores nearest each query.

    A unit's own score counts (distance 0). The two nearest lie next to the insertion point,
    so they are found by one merge step on each side instead of a sort. Fastest with sorted
    queries (numpy's binary search then reuses the previous key as a bound); ``pos``, the
    insertion points, may be passed when already known.
    """
    n = sorted_scores.size
    if pos is None:
        pos = np.searchsorted(sorted_scores, query)
    left, right = pos - 1, pos

    def dist(i: npt.NDArray[np.intp]) -> FloatArray:
        ok = (i >= 0) & (i < n)
        return np.where(ok, np.abs(query - sorted_scores[np.clip(i, 0, n - 1)]), np.inf)

    take_left = dist(left) <= dist(right)
    first = np.where(take_left, left, right)
    left2 = np.where(take_left, left - 1, left)
    right2 = np.where(take_left, right, right + 1)
    second = np.where(dist(left2) <= dist(right2), left2, right2)
    return first.astype(np.intp), second.astype(np.intp)


def ai2016_att_adjustment(
    design: FloatArray,
    treated: npt.NDArray[np.bool_],
    score: FloatArray,
    y: FloatArray,
    tau: float,
    yhat_other: FloatArray,
    order: npt.NDArray[np.intp] | None = None,
) -> float:
    """The term ``(−c_t' I⁻¹ c_t + d' I⁻¹ d) / N`` to add to the Abadie–Imbens (2006) variance.

    ``design`` is the logit design matrix (constant first), ``score`` the fitted linear
    predictor, ``yhat_other`` the matched imputation of the *other* potential outcome for every
    unit (``Ŷ_i(0)`` for treated, ``Ŷ_i(1)`` for controls); ``order`` the stable argsort of
    ``score`` if already known.
    """
    if order is None:
        order = np.argsort(score, kind="stable")
    sorted_score = score[order]
    n = y.size
    n1 = int(treated.sum())
    p = 1.0 / (1.0 + np.exp(-score))
    f = p * (1.0 - p)
    info = weighted_gram(design, f) / n
    # c_t: local covariances of X and Y within each group, weighted by f (group 1) and p² (0)
    coef = np.zeros(n)
    for group, weight in ((treated, f), (~treated, p * p)):
        in_group = group[order]
        members = order[in_group]  # the group's units in score order
        # insertion point of each (sorted) unit among the group = group members before it
        pos: npt.NDArray[np.intp] = np.cumsum(in_group) - in_group
        a, b = _two_nearest(sorted_score, score[members], pos)
        ia, ib = members[a], members[b]  # neighbours of unit order[q] for q = 0 … n − 1
        weight = weight[order]
        # sample covariance of two points: (X_a − X_b)(Y_a − Y_b) / 2
        w = weight * (y[ia] - y[ib]) / 2.0
        coef += np.bincount(ia, weights=w, minlength=n) - np.bincount(ib, weights=w, minlength=n)
    c_t = design.T @ coef / n1
    effect = np.where(treated, y - yhat_other, yhat_other - y)
    d = design.T @ (f * (effect - tau)) / n1
    inv = np.linalg.inv(info)
    return float((-c_t @ inv @ c_t + d @ inv @ d) / n)
