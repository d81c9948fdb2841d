"""Maximum-likelihood logistic regression for propensity scores: a safeguarded Newton method that
converges wherever the maximum-likelihood estimate exists, and a definitive test for separation.

Why not plain Newton–Raphson
----------------------------
From a poor start (the intercept-only fit) a full Newton step can overshoot badly when treatment
is rare (~1 % treated) and the covariates predict it strongly; the iterates then run off as if
the data were separated although the estimate exists and statsmodels' ``Logit`` finds it. So:

1. **Standardised internally.** Covariates are centred and divided by their standard deviation
   (the design's first column must be the constant); the coefficients are mapped back to the
   original scale. Newton's iterates are invariant to this affine change, but the linear
   algebra is far better conditioned with yearly earnings (~10⁵ SEK) next to 0/1 dummies.
2. **Step-halving.** Every Newton step is safeguarded by a backtracking line search with the
   Armijo condition on the log-likelihood, so the likelihood rises at every iteration. For the
   strictly concave logit likelihood this converges to the maximum whenever it exists (Nocedal &
   Wright 2006, §3.1 and Theorem 3.2; the same device as R's ``glm2``, Marschner 2011).
3. **Separation is decided, not guessed.** When the fit has not converged after
   ``SEPARATION_CHECK_AFTER`` iterations, or the information matrix is singular, a linear
   program decides whether the data are completely or quasi-completely separated — whether some
   ``β ≠ 0`` has ``(2yᵢ − 1)·xᵢ'β ≥ 0`` for every row (Albert & Anderson 1984; the linear
   program of Konis 2007, as in R's ``safeBinaryRegression``/``detectseparation``). Only then is
   the fit refused, with :class:`SeparationError` naming the covariates involved and the number
   of rows predicted perfectly. Then no finite maximum-likelihood estimate exists, and the
   groups do not overlap on those covariates.

Convergence: iteration stops when a full Newton step is smaller than ``tol`` standard errors in
every coefficient; that step is still applied, so the remaining error is of order ``tol²``
standard errors (tests: agreement with statsmodels to 1e-8).

References
----------
* Albert, A. & Anderson, J. A. (1984). On the existence of maximum likelihood estimates in
  logistic regression models. *Biometrika* 71(1), 1–10.
* Bach, F. (2010). Self-concordant analysis for logistic regression. *Electronic Journal of
  Statistics* 4, 384–414.
* Konis, K. (2007). *Linear programming algorithms for detecting separated data in binary
  logistic regression models*. DPhil thesis, University of Oxford.
* Marschner, I. C. (2011). glm2: fitting generalized linear models with convergence problems.
  *The R Journal* 3(2), 12–15.
* Nocedal, J. & Wright, S. J. (2006). *Numerical Optimization* (2nd ed.). Springer.
"""

from __future__ import annotations

import contextlib

import numpy as np
import numpy.typing as npt
from scipy.special import expit

from sikt.stats.linear import column_moments, weighted_gram

__all__ = ["SeparationError", "fit_logit", "standardisation", "standardised_vector"]

FloatArray = npt.NDArray[np.float64]
WARM_START_ROWS = 50_000
SEPARATION_CHECK_AFTER = 8
MAX_HALVINGS = 40
ARMIJO = 1e-4


class SeparationError(np.linalg.LinAlgError):
    """The covariates predict treatment perfectly for some rows (complete or quasi-complete
    separation): no finite maximum-likelihood estimate exists.

    ``columns`` are the indices (into the design, constant = 0) of the covariates in a
    separating combination; ``n_rows`` is the number of rows that combination predicts
    perfectly.
    """

    def __init__(self, columns: tuple[int, ...], n_rows: int) -> None:
        super().__init__(f"separation: columns {list(columns)} predict {n_rows} rows perfectly")
        self.columns = columns
        self.n_rows = n_rows


def fit_logit(
    X: FloatArray,
    y: FloatArray,
    *,
    tol: float = 1e-5,
    max_iter: int = 100,
    check_separation: bool = True,
    center: FloatArray | None = None,
    scale: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Logistic regression of 0/1 ``y`` on ``X`` (first column the constant).

    Returns ``(params, linear_predictor)`` on the original scale of ``X``. ``center``/``scale``
    may pass :func:`standardisation` of ``X`` when already computed. Raises
    :class:`SeparationError` on (quasi-)complete separation and ``np.linalg.LinAlgError`` when
    the covariates are collinear or, exceptionally, the fit does not converge.
    """
    n, k = X.shape
    if not np.all(X[:, 0] == 1.0):
        raise ValueError("the first column of X must be the constant 1")
    p1 = float(y.mean())
    if not 0.0 < p1 < 1.0:
        raise SeparationError((), n)
    if center is None or scale is None:
        center, scale = standardisation(X)
    gamma = np.zeros(k)
    gamma[0] = np.log(p1 / (1.0 - p1))  # covariates centred: the intercept-only fit
    if n > 4 * WARM_START_ROWS:  # large data: start from the fit to an evenly spaced subsample
        rows = np.linspace(0, n - 1, WARM_START_ROWS).astype(np.intp)
        with contextlib.suppress(np.linalg.LinAlgError, ValueError):
            sub, _ = fit_logit(X[rows], y[rows], tol=0.1, max_iter=2 * SEPARATION_CHECK_AFTER,
                               check_separation=False)  # fmt: skip
            gamma = _to_standardised(sub, center, scale)
    beta = _to_original(gamma, center, scale)
    eta = X @ beta
    checked = not check_separation
    # the last full step, taken before its likelihood was known: (state before it, slope)
    pending: tuple[FloatArray, FloatArray, FloatArray, float] | None = None
    for iteration in range(1, max_iter + 1):
        mu = expit(eta)
        grad = standardised_vector(X.T @ (y - mu), center, scale)
        if pending is not None:
            gamma, eta, moved = _safeguard(X, y, gamma, eta, grad, pending, center, scale)
            pending = None
            if moved:
                mu = expit(eta)
                grad = standardised_vector(X.T @ (y - mu), center, scale)
        hess = weighted_gram(X, mu * (1.0 - mu), center, scale)
        root = np.sqrt(np.maximum(np.diag(hess), 1e-300))
        try:
            step_se = np.linalg.solve(hess / root[:, None] / root[None, :], grad / root)
        except np.linalg.LinAlgError:
            step_se = np.full(k, np.nan)
        if not np.all(np.isfinite(step_se)):
            if not checked:
                _raise_if_separated(X, y, center, scale)
            raise np.linalg.LinAlgError("singular information matrix (collinear covariates)")
        step = step_se / root
        pending = (gamma, eta, step, float(grad @ step))
        gamma = gamma + step
        beta = _to_original(gamma, center, scale)
        eta = X @ beta
        if np.max(np.abs(step_se)) < tol:
            return beta, eta
        if not checked and iteration >= SEPARATION_CHECK_AFTER:
            _raise_if_separated(X, y, center, scale)
            checked = True
    if not checked:
        _raise_if_separated(X, y, center, scale)
    raise np.linalg.LinAlgError("logit did not converge")


def _safeguard(
    X: FloatArray,
    y: FloatArray,
    gamma: FloatArray,
    eta: FloatArray,
    grad: FloatArray,
    pending: tuple[FloatArray, FloatArray, FloatArray, float],
    center: FloatArray,
    scale: FloatArray,
) -> tuple[FloatArray, FloatArray, bool]:
    """Keep the full Newton step just taken if it satisfies the Armijo condition, else halve it.

    Two sufficient conditions are checked first, so that the likelihood is rarely evaluated:

    * Along the step the log-likelihood ``φ(t)`` is concave, so ``φ(1) − φ(0) ≥ φ'(1)``: a slope
      at the new point, ``grad·step``, of at least ``ARMIJO·φ'(0)`` suffices.
    * If no linear predictor moved by more than ``M = max|Δηᵢ| ≤ 1``, each weight
      ``μᵢ(1 − μᵢ)`` grew by at most ``e^{Ms}`` along the step (its log-derivative in η is
      ``1 − 2μ``), so ``φ(1) − φ(0) ≥ φ'(0)·(1 − (e^M − 1 − M)/M²) ≥ 0.28·φ'(0)`` for a Newton
      step (``φ'(0) = −φ''(0)``) – the generalised self-concordance of the logistic loss
      (Bach 2010). This holds near the maximum, where the slope test is a coin toss.

    Otherwise the likelihoods are compared and the step halved until the condition holds.
    Returns the (standardised) coefficients, the linear predictor and whether the step was
    shortened.
    """
    old_gamma, old_eta, step, slope = pending
    if grad @ step >= ARMIJO * slope or np.max(np.abs(eta - old_eta)) <= 1.0:
        return gamma, eta, False
    ll = _loglik(old_eta, y)
    noise = 1e-12 * max(1.0, abs(ll))
    t = 1.0
    for _ in range(MAX_HALVINGS):
        if t < 1.0:
            gamma = old_gamma + t * step
            eta = X @ _to_original(gamma, center, scale)
        if _loglik(eta, y) >= ll + ARMIJO * t * slope - noise:
            return gamma, eta, t < 1.0
        t /= 2.0
    raise np.linalg.LinAlgError("logit line search failed")


def _loglik(eta: FloatArray, y: FloatArray) -> float:
    """``Σ yᵢηᵢ − log(1 + e^ηᵢ)``, stable for large ``|η|``."""
    return float(y @ eta - np.logaddexp(0.0, eta).sum())


def standardisation(X: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Centre and scale of each design column (constant first: centre 0, scale 1), so that
    ``Z = (X − center)/scale`` has standardised covariates."""
    k = X.shape[1]
    center, scale = np.zeros(k), np.ones(k)
    if k > 1:
        mean, var = column_moments(X[:, 1:])
        sd = np.sqrt(var)
        constant = sd == 0
        center[1:] = np.where(constant, 0.0, mean)
        scale[1:] = np.where(constant, 1.0, sd)
    return center, scale


def _to_original(gamma: FloatArray, center: FloatArray, scale: FloatArray) -> FloatArray:
    beta = gamma / scale
    beta[0] = gamma[0] - center[1:] @ beta[1:]
    return beta


def _to_standardised(beta: FloatArray, center: FloatArray, scale: FloatArray) -> FloatArray:
    gamma = beta * scale
    gamma[0] = beta[0] + center[1:] @ beta[1:]
    return gamma


def standardised_vector(grad: FloatArray, center: FloatArray, scale: FloatArray) -> FloatArray:
    """``Z'v`` from ``X'v`` for ``Z = (X − center)/scale`` (``X``'s first column constant)."""
    out: FloatArray = (grad - center * grad[0]) / scale
    return out


def _raise_if_separated(
    X: FloatArray, y: FloatArray, center: FloatArray, scale: FloatArray
) -> None:
    """Raise :class:`SeparationError` if the data are (quasi-)completely separated.

    The linear program of Konis (2007): maximise ``Σ sᵢ zᵢ'β`` subject to ``sᵢ zᵢ'β ≥ 0`` for
    every row and ``−1 ≤ βⱼ ≤ 1``, with ``sᵢ = 2yᵢ − 1`` and ``z`` the standardised design. With
    a full-rank design the optimum is positive exactly when the data are separated; the rows with
    ``sᵢ zᵢ'β > 0`` are those predicted perfectly. The covariates reported are a minimal
    separating set (a covariate is dropped while the others still separate).
    """
    signed = (X - center) / scale * (2.0 * y - 1.0)[:, None]
    direction = _separating_direction(signed, set())
    if direction is None:
        return
    fixed: set[int] = set()
    weights = np.abs(direction)
    for j in sorted(range(1, X.shape[1]), key=lambda j: weights[j]):
        if abs(direction[j]) <= 1e-9:
            fixed.add(j)
            continue
        smaller = _separating_direction(signed, fixed | {j})
        if smaller is not None:
            fixed.add(j)
            direction = smaller
    margin = signed @ direction
    perfect = int(np.sum(margin > 1e-7 * max(1.0, float(np.abs(margin).max()))))
    columns = tuple(j for j in range(1, X.shape[1]) if j not in fixed)
    raise SeparationError(columns, perfect)


LP_START_ROWS = 2_000
LP_ADD_ROWS = 2_000
LP_ROUNDS = 60


def _separating_direction(signed: FloatArray, zero: set[int]) -> FloatArray | None:
    """A separating ``β`` (with ``βⱼ = 0`` for ``j`` in ``zero``), or ``None`` if there is none.

    Solved by constraint generation so that a million rows stay cheap: the objective
    ``(Σᵢ sᵢzᵢ)'β`` is exact, the constraints start from an evenly spaced subset of rows and the
    most violated rows are added until the solution satisfies every row — it is then optimal for
    the full program.
    """
    from scipy.optimize import linprog  # only on this rare path: keeps imports light

    n, k = signed.shape
    objective = -signed.sum(axis=0)
    bounds = [(0.0, 0.0) if j in zero else (-1.0, 1.0) for j in range(k)]
    work = np.unique(np.linspace(0, n - 1, min(n, LP_START_ROWS)).astype(np.intp))
    for _ in range(LP_ROUNDS):
        res = linprog(objective, A_ub=-signed[work], b_ub=np.zeros(work.size), bounds=bounds,
                      method="highs")  # fmt: skip
        if res.status != 0 or res.x is None:
            return None
        beta: FloatArray = res.x
        margin = signed @ beta
        size = max(1.0, float(np.abs(margin).max()))
        violated = np.flatnonzero(margin < -1e-6 * size)
        violated = np.setdiff1d(violated, work, assume_unique=True)
        if violated.size == 0:
            return beta if np.any(margin > 1e-7 * size) else None
        worst = violated[np.argsort(margin[violated], kind="stable")[:LP_ADD_ROWS]]
        work = np.union1d(work, worst)
    return None
