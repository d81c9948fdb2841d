"""Building blocks for sandwich (M-estimation) standard errors of two-step estimators.

An estimator that plugs in fitted nuisance models – the propensity logit, outcome regressions –
has an influence function with one extra term per nuisance model (Stefanski & Boos 2002;
Newey & McFadden 1994, §6): ``G' A⁻¹ sᵢ``, where ``G`` is the mean derivative of the
estimator's own estimating function in the nuisance coefficients, ``A`` the nuisance model's
mean Jacobian ``mean wᵢ xᵢ xᵢ'`` and ``sᵢ = xᵢ·uᵢ`` its score. :class:`WeightedDesign` computes
``A`` once (one blocked pass of the weighted Gram matrix on the standardised design, no copy of
the data) and serves both the model's least-squares fit and these projections, so a million
records stay cheap.

* Newey, W. K. & McFadden, D. (1994). Large sample estimation and hypothesis testing. In
  *Handbook of Econometrics* IV, ch. 36. Elsevier.
* Stefanski, L. A. & Boos, D. D. (2002). The calculus of M-estimation. *The American
  Statistician* 56(1), 29–38.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sikt.stats.linear import weighted_gram
from sikt.stats.logit import standardisation, standardised_vector

__all__ = ["WeightedDesign"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class WeightedDesign:
    """The design ``X`` (constant first), its standardisation ``Z = (X − center)/scale`` and
    the Gram matrix ``Z' diag(w) Z`` of one set of non-negative weights ``w``."""

    X: FloatArray
    center: FloatArray
    scale: FloatArray
    gram: FloatArray

    @classmethod
    def build(
        cls,
        X: FloatArray,
        w: FloatArray,
        center: FloatArray | None = None,
        scale: FloatArray | None = None,
    ) -> WeightedDesign:
        if center is None or scale is None:
            center, scale = standardisation(X)
        return cls(X, center, scale, weighted_gram(X, w, center, scale))

    def _solve(self, v_x: FloatArray) -> FloatArray:
        """Coefficients on ``X`` of ``(Z'WZ)⁻¹ Z'v`` given ``X'v`` (equilibrated solve; raises
        ``np.linalg.LinAlgError`` for a singular or rank-deficient Gram matrix)."""
        diag = np.sqrt(np.diag(self.gram))
        if np.any(diag <= 1e-12 * max(1.0, float(diag.max()))):
            raise np.linalg.LinAlgError("rank-deficient design")
        normalised = self.gram / diag[:, None] / diag[None, :]
        if np.linalg.cond(normalised) > 1e12:
            raise np.linalg.LinAlgError("rank-deficient design")
        rhs = standardised_vector(v_x, self.center, self.scale) / diag
        c_z = np.linalg.solve(normalised, rhs) / diag
        c = c_z / self.scale
        c[0] = c_z[0] - self.center[1:] @ c[1:]
        return c

    def least_squares(self, y: FloatArray, weights: FloatArray) -> FloatArray:
        """Weighted least-squares coefficients of ``y`` on ``X`` when this design was built
        with the same ``weights`` (0/1 selects rows: OLS among them); normal equations on the
        standardised design."""
        return self._solve(self.X.T @ (weights * y))

    def projection(self, gradient: FloatArray) -> FloatArray:
        """``xᵢ' A⁻¹ G`` for every row, with ``A = mean(wᵢ xᵢ xᵢ')`` and ``G = gradient``.

        Multiplied by the nuisance model's residual this is the influence-function term its
        estimation adds.
        """
        out: FloatArray = self.X @ (self._solve(gradient) * self.X.shape[0])
        return out
