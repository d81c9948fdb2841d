"""The few special functions the calculation needs, in numpy and the standard library.

Why not scipy here: importing ``scipy.stats`` (or even ``scipy.special``) takes seconds on a
busy machine — most of ``sikt calc run``'s wall time (issue 8 item 12) — while the engine needs
only the normal quantile, the normal distribution function and the beta distribution function
and its inverse (for PERT quantiles). Each is a published algorithm, tested against scipy in
``tests/calc/test_special.py`` (the independent reference stays in the tests):

* :func:`normal_ppf`: Wichura's algorithm AS241 (*Applied Statistics* 37:477–484, 1988),
  relative error about 1e-16, vectorised; the same algorithm as Python's
  ``statistics.NormalDist.inv_cdf``.
* :func:`normal_cdf`: ``erfc`` from the C library, ``Φ(x) = erfc(−x/√2)/2``, accurate in both
  tails.
* :func:`beta_cdf`: the regularised incomplete beta function by its continued fraction
  (Abramowitz & Stegun 26.5.8), evaluated with Lentz's method, and the symmetry
  ``I_x(a, b) = 1 − I_{1−x}(b, a)`` where the fraction converges slowly.
* :func:`beta_ppf`: its inverse by Newton's method kept inside a bisection bracket (upper
  quantiles by the same symmetry).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

# AS241 (PPND16) coefficients, highest power first (numpy.polyval order).
_CENTRAL_NUM = (
    2.5090809287301226727e3,
    3.3430575583588128105e4,
    6.7265770927008700853e4,
    4.5921953931549871457e4,
    1.3731693765509461125e4,
    1.9715909503065514427e3,
    1.3314166789178437745e2,
    3.3871328727963666080e0,
)
_CENTRAL_DEN = (
    5.2264952788528545610e3,
    2.8729085735721942674e4,
    3.9307895800092710610e4,
    2.1213794301586595867e4,
    5.3941960214247511077e3,
    6.8718700749205790830e2,
    4.2313330701600911252e1,
    1.0,
)
_NEAR_NUM = (
    7.74545014278341407640e-4,
    2.27238449892691845833e-2,
    2.41780725177450611770e-1,
    1.27045825245236838258e0,
    3.64784832476320460504e0,
    5.76949722146069140550e0,
    4.63033784615654529590e0,
    1.42343711074968357734e0,
)
_NEAR_DEN = (
    1.05075007164441684324e-9,
    5.47593808499534494600e-4,
    1.51986665636164571966e-2,
    1.48103976427480074590e-1,
    6.89767334985100004550e-1,
    1.67638483018380384940e0,
    2.05319162663775882187e0,
    1.0,
)
_FAR_NUM = (
    2.01033439929228813265e-7,
    2.71155556874348757815e-5,
    1.24266094738807843860e-3,
    2.65321895265761230930e-2,
    2.96560571828504891230e-1,
    1.78482653991729133580e0,
    5.46378491116411436990e0,
    6.65790464350110377720e0,
)
_FAR_DEN = (
    2.04426310338993978564e-15,
    1.42151175831644588870e-7,
    1.84631831751005468180e-5,
    7.86869131145613259100e-4,
    1.48753612908506148525e-2,
    1.36929880922735805310e-1,
    5.99832206555887937690e-1,
    1.0,
)


def normal_ppf(p: ArrayLike) -> FloatArray:
    """Standard normal quantile ``Φ⁻¹(p)`` elementwise; ``−∞``/``∞`` at 0/1, NaN outside."""
    p = np.asarray(p, dtype=np.float64)
    q = p - 0.5
    out = np.full(p.shape, np.nan)
    central = np.abs(q) <= 0.425
    r = 0.180625 - q[central] ** 2
    out[central] = q[central] * np.polyval(_CENTRAL_NUM, r) / np.polyval(_CENTRAL_DEN, r)
    tail = ~central & (p > 0) & (p < 1)
    r = np.sqrt(-np.log(np.where(q[tail] <= 0, p[tail], 1.0 - p[tail])))
    near = r <= 5.0
    x = np.where(
        near,
        np.polyval(_NEAR_NUM, r - 1.6) / np.polyval(_NEAR_DEN, r - 1.6),
        np.polyval(_FAR_NUM, r - 5.0) / np.polyval(_FAR_DEN, r - 5.0),
    )
    out[tail] = np.where(q[tail] < 0, -x, x)
    out[p == 0] = -np.inf
    out[p == 1] = np.inf
    return out


def normal_cdf(x: float) -> float:
    """Standard normal distribution function ``Φ(x)``."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def normal_pdf(x: float) -> float:
    """Standard normal density ``φ(x)`` (0 at ±∞)."""
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi) if math.isfinite(x) else 0.0


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _beta_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of ``I_x(a, b)`` (A&S 26.5.8) by the modified Lentz method."""
    tiny, eps = 1e-300, 4e-16
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    value = d
    for m in range(1, 1000):
        for term in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + term * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + term / c
            c = c if abs(c) > tiny else tiny
            value *= c * d
        if abs(c * d - 1.0) < eps:
            break
    return value


def beta_cdf(x: float, a: float, b: float) -> float:
    """Regularised incomplete beta ``I_x(a, b)``: the beta(a, b) distribution function."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1.0) / (a + b + 2.0):
        return 1.0 - beta_cdf(1.0 - x, b, a)
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b)) / a
    return front * _beta_fraction(x, a, b)


def beta_ppf(q: float, a: float, b: float) -> float:
    """The ``q``-quantile of beta(a, b): the ``x`` in [0, 1] with ``I_x(a, b) = q``."""
    if q <= 0.0:
        return 0.0
    if q >= 1.0:
        return 1.0
    if q > 0.5:  # solve in the upper tail by symmetry, where 1 − q keeps its precision
        return 1.0 - beta_ppf(1.0 - q, b, a)
    low, high = 0.0, 1.0
    x = a / (a + b)
    log_beta = _log_beta(a, b)
    for _ in range(200):
        error = beta_cdf(x, a, b) - q
        if error == 0.0:
            return x
        if error > 0:
            high = x
        else:
            low = x
        density = math.exp((a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - log_beta)
        step = error / density if density > 0 else math.inf
        candidate = x - step
        if not low < candidate < high:
            candidate = 0.5 * (low + high)
        if abs(candidate - x) <= 4e-16 * max(x, 1e-300) or high - low <= 4e-16 * high:
            return candidate
        x = candidate
    return x
