"""Ordinary least squares and logistic regression in numpy.

Both are implemented here (not delegated to statsmodels) so they are fast and dependency-light;
the tests check them against statsmodels to 1e-8.

Covariance types for OLS (``se_type``):

* ``"classical"`` – homoskedastic, ``s² (X'X)⁻¹``;
* ``"HC0"`` … ``"HC3"`` – heteroskedasticity-consistent (White 1980; MacKinnon & White 1985);
  HC1 is Stata's ``robust``; HC2 is the default in Sikt because with a single 0/1 regressor
  it reproduces the Welch/Neyman variance exactly (Imbens & Kolesár 2016);
* ``"cluster"`` – cluster-robust (Liang & Zeger 1986; Cameron & Miller 2015) with the small-
  sample factor ``G/(G−1)·(N−1)/(N−K)`` (as Stata and statsmodels).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["OLSFit", "fit_logit", "fit_ols"]

FloatArray = npt.NDArray[np.float64]
SE_TYPES = ("classical", "HC0", "HC1", "HC2", "HC3", "cluster")


@dataclass(frozen=True, slots=True)
class OLSFit:
    params: FloatArray
    cov: FloatArray
    resid: FloatArray
    df_resid: float
    n_clusters: int | None = None

    @property
    def bse(self) -> FloatArray:
        return np.sqrt(np.diag(self.cov))


def fit_ols(
    X: FloatArray,
    y: FloatArray,
    se_type: str = "HC2",
    groups: npt.NDArray[Any] | None = None,
    *,
    cluster_correction: bool = True,
    absorbed: int = 0,
) -> OLSFit:
    """Least squares of ``y`` on ``X`` (include the constant column yourself).

    ``absorbed`` counts parameters already partialled out (fixed effects) that are *not* nested
    in the clusters; it only enters the classical/HC degrees of freedom.
    """
    if se_type not in SE_TYPES:
        raise ValueError(f"se_type must be one of {', '.join(SE_TYPES)}")
    n, k = X.shape
    q, r = np.linalg.qr(X)
    if np.any(np.abs(np.diag(r)) < 1e-10 * max(1.0, float(np.abs(r).max()))):
        raise np.linalg.LinAlgError("design matrix is rank deficient")
    params = np.linalg.solve(r, q.T @ y)
    resid = y - X @ params
    r_inv = np.linalg.solve(r, np.eye(k))
    bread = r_inv @ r_inv.T  # (X'X)^-1
    df_resid = float(n - k - absorbed)
    n_clusters: int | None = None
    if se_type == "classical":
        cov = bread * float(resid @ resid) / df_resid
    elif se_type == "cluster":
        if groups is None:
            raise ValueError("cluster standard errors need groups")
        _, codes = np.unique(groups, return_inverse=True)
        g = int(codes.max()) + 1
        scores = np.zeros((g, k))
        np.add.at(scores, codes, X * resid[:, None])
        meat = scores.T @ scores
        cov = bread @ meat @ bread
        if cluster_correction:
            cov *= g / (g - 1) * (n - 1) / (n - k)
        n_clusters = g
        df_resid = float(g - 1)
    else:
        u2 = resid**2
        if se_type in {"HC2", "HC3"}:
            h = np.einsum("ij,ij->i", q, q)  # leverages
            u2 = u2 / (1.0 - h) if se_type == "HC2" else u2 / (1.0 - h) ** 2
        meat = (X * u2[:, None]).T @ X
        cov = bread @ meat @ bread
        if se_type == "HC1":
            cov *= n / df_resid
    return OLSFit(params=params, cov=cov, resid=resid, df_resid=df_resid, n_clusters=n_clusters)


def fit_logit(
    X: FloatArray, y: FloatArray, *, tol: float = 1e-10, max_iter: int = 50
) -> tuple[FloatArray, FloatArray]:
    """Maximum-likelihood logistic regression by Newton–Raphson (= IRLS).

    Returns ``(params, linear_predictor)``. Raises ``np.linalg.LinAlgError`` on (quasi-)complete
    separation, i.e. when the covariates predict treatment perfectly (no overlap).
    """
    k = X.shape[1]
    # Newton on standardised covariates (column 0 is the constant) for numerical stability.
    centre = np.zeros(k)
    scale = np.ones(k)
    if k > 1:
        centre[1:] = X[:, 1:].mean(axis=0)
        scale[1:] = X[:, 1:].std(axis=0)
        scale[scale == 0] = 1.0
    Z = (X - centre) / scale
    Z[:, 0] = 1.0
    gamma = np.zeros(k)
    p1 = float(y.mean())
    gamma[0] = np.log(p1 / (1 - p1))  # start at the intercept-only fit
    eta = Z @ gamma
    for _ in range(max_iter):
        mu = 1.0 / (1.0 + np.exp(-eta))
        w = mu * (1.0 - mu)
        grad = Z.T @ (y - mu)
        hess = (Z * w[:, None]).T @ Z
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            raise np.linalg.LinAlgError("singular information matrix") from None
        gamma = gamma + step
        eta = Z @ gamma
        if not np.all(np.isfinite(gamma)) or np.max(np.abs(gamma[1:]), initial=0.0) > 40:
            raise np.linalg.LinAlgError("logit did not converge (separation)")
        if np.max(np.abs(step)) < tol * (1.0 + np.max(np.abs(gamma))):
            break
    else:
        raise np.linalg.LinAlgError("logit did not converge (separation)")
    beta = gamma / scale
    beta[0] = gamma[0] - float(np.sum(gamma[1:] * centre[1:] / scale[1:]))
    return beta, eta
