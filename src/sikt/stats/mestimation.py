"""Building blocks for sandwich (M-estimation) standard errors of two-step estimators.

An estimator that plugs in fitted nuisance models – the propensity logit, outcome regressions –
has an influence function with one extra term per nuisance model (Stefanski & Boos 2002;
Newey & McFadden 1994, §6): ``G' A⁻¹ sᵢ``, where ``G`` is the mean derivative of the
estimator's own estimating function in the nuisance coefficients, ``A`` the nuisance model's
mean Jacobian ``mean wᵢ xᵢ xᵢ'`` and ``sᵢ = xᵢ·uᵢ`` its score. All is computed with one pass of
the weighted Gram matrix on the standardised design and matrix–vector products – no copy of the
data – so that a million records stay cheap.

* Newey, W. K. & McFadden, D. (1994). Large sample estimation and hypothesis testing. In
  *Handbook of Econometrics* IV, ch. 36. Elsevier.
* Stefanski, L. A. & Boos, D. D. (2002). The calculus of M-estimation. *The American
  Statistician* 56(1), 29–38.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from sikt.stats.linear import weighted_gram
from sikt.stats.logit import standardisation, standardised_vector

__all__ = ["gradient_projection", "least_squares"]

FloatArray = npt.NDArray[np.float64]


def _from_standardised(c_z: FloatArray, center: FloatArray, scale: FloatArray) -> FloatArray:
    """Coefficients on ``X`` from coefficients on ``Z = (X − center)/scale``."""
    c = c_z / scale
    c[0] = c_z[0] - center[1:] @ c[1:]
    return c


def gradient_projection(X: FloatArray, w: FloatArray, gradient: FloatArray) -> FloatArray:
    """``xᵢ' A⁻¹ G`` for every row, with ``A = mean(wᵢ xᵢ xᵢ')`` and ``G = gradient``.

    Multiplied by a nuisance model's residual ``uᵢ`` this is the influence-function term the
    model's estimation adds (``X``'s first column is the constant). Raises
    ``np.linalg.LinAlgError`` when ``A`` is singular.
    """
    center, scale = standardisation(X)
    a = weighted_gram(X, w, center, scale) / X.shape[0]
    c_z = np.linalg.solve(a, standardised_vector(gradient, center, scale))
    out: FloatArray = X @ _from_standardised(c_z, center, scale)
    return out


def least_squares(X: FloatArray, y: FloatArray, rows: FloatArray) -> FloatArray:
    """OLS coefficients of ``y`` on ``X`` among the rows where ``rows`` is 1 (0/1 weights).

    Normal equations on the standardised design (well conditioned, one blocked pass, no copy
    of the selected rows). Raises ``np.linalg.LinAlgError`` for a rank-deficient design.
    """
    center, scale = standardisation(X)
    gram = weighted_gram(X, rows, center, scale)
    diag = np.sqrt(np.diag(gram))
    if np.any(diag <= 1e-12 * max(1.0, float(diag.max()))):
        raise np.linalg.LinAlgError("rank-deficient design")
    normalised = gram / diag[:, None] / diag[None, :]
    if np.linalg.cond(normalised) > 1e12:
        raise np.linalg.LinAlgError("rank-deficient design")
    rhs = standardised_vector(X.T @ (rows * y), center, scale)
    b_z = np.linalg.solve(normalised, rhs / diag) / diag
    return _from_standardised(b_z, center, scale)
