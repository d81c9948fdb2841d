"""Uncertain inputs: every numeric input of a case may be a number or a distribution.

Why: the decision a steering group takes rests on uncertain effect sizes and unit costs. WSIPP's
benefit-cost model (Technical Documentation, ch. 7 "Risk and uncertainty") and the Green Book
(annex A5) both ask for Monte Carlo analysis over input distributions rather than a single
point estimate. The deterministic calculation uses each distribution's **mean** (its expected
value), so the deterministic NPV of a model that is linear in its inputs equals the Monte Carlo
mean (Green Book: appraise on expected values).

In a case file a plain number means a fixed value; a distribution is written as a mapping with
``dist`` (``uniform``, ``triangular``, ``pert``, ``normal``, ``lognormal`` or ``fixed``).
Every parameter is a finite number of bounded size (:mod:`sikt.calc.bounds`); an input that is a
share (:data:`UncertainShare`) must have its whole support inside [0, 1].
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from sikt.calc.bounds import Number
from sikt.calc.messages import rule_error
from sikt.calc.special import beta_ppf, normal_cdf, normal_pdf, normal_ppf

FloatArray = NDArray[np.float64]


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fixed(_Dist):
    """A known value."""

    dist: Literal["fixed"] = "fixed"
    value: Number

    def mean(self) -> float:
        return self.value

    def support(self) -> tuple[float, float]:
        """The smallest and largest value the input can take."""
        return self.value, self.value

    def quantile(self, q: float) -> float:
        return self.value

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return np.full(n, self.value)


class _LowHigh(_Dist):
    low: Number
    high: Number

    def support(self) -> tuple[float, float]:
        return self.low, self.high

    @model_validator(mode="after")
    def _ordered(self) -> _LowHigh:
        mode = getattr(self, "mode", self.low)
        if not self.low <= mode <= self.high or self.low == self.high:
            raise rule_error(
                "kräver low ≤ mode ≤ high och low < high",
                "requires low ≤ mode ≤ high and low < high",
            )
        return self


class Uniform(_LowHigh):
    """Every value between ``low`` and ``high`` equally likely (e.g. a published range)."""

    dist: Literal["uniform"] = "uniform"

    def mean(self) -> float:
        return (self.low + self.high) / 2

    def quantile(self, q: float) -> float:
        return self.low + q * (self.high - self.low)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.uniform(self.low, self.high, n)


class Triangular(_LowHigh):
    """Lowest, most likely and highest value; mean ``(low + mode + high) / 3``."""

    dist: Literal["triangular"] = "triangular"
    mode: Number

    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    def quantile(self, q: float) -> float:
        span = self.high - self.low
        if q < (self.mode - self.low) / span:
            return self.low + math.sqrt(q * span * (self.mode - self.low))
        return self.high - math.sqrt((1 - q) * span * (self.high - self.mode))

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.triangular(self.low, self.mode, self.high, n)


class Pert(_LowHigh):
    """Beta-PERT: a smoother three-point estimate; mean ``(low + 4·mode + high) / 6``."""

    dist: Literal["pert"] = "pert"
    mode: Number

    def _ab(self) -> tuple[float, float]:
        span = self.high - self.low
        return 1 + 4 * (self.mode - self.low) / span, 1 + 4 * (self.high - self.mode) / span

    def mean(self) -> float:
        return (self.low + 4 * self.mode + self.high) / 6

    def quantile(self, q: float) -> float:
        a, b = self._ab()
        return self.low + (self.high - self.low) * beta_ppf(q, a, b)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        a, b = self._ab()
        return self.low + (self.high - self.low) * rng.beta(a, b, n)


class Normal(_Dist):
    """Normal with mean and standard deviation, optionally truncated to ``[low, high]``."""

    dist: Literal["normal"] = "normal"
    mean_: Number = Field(alias="mean")
    sd: Number = Field(gt=0)
    low: Number | None = None
    high: Number | None = None
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _bounds(self) -> Normal:
        lo = -math.inf if self.low is None else self.low
        hi = math.inf if self.high is None else self.high
        if not lo < hi:
            raise rule_error("kräver low < high", "requires low < high")
        return self

    def support(self) -> tuple[float, float]:
        return (
            -math.inf if self.low is None else self.low,
            math.inf if self.high is None else self.high,
        )

    def _standard_bounds(self) -> tuple[float, float]:
        """The bounds in standard deviations from ``mean`` (α, β); ±∞ when open."""
        alpha = -math.inf if self.low is None else (self.low - self.mean_) / self.sd
        beta = math.inf if self.high is None else (self.high - self.mean_) / self.sd
        return alpha, beta

    def mean(self) -> float:
        """``μ + σ (φ(α) − φ(β)) / (Φ(β) − Φ(α))`` for the truncated normal."""
        if self.low is None and self.high is None:
            return self.mean_
        alpha, beta = self._standard_bounds()
        if alpha > 0:  # upper tail: the mass from survival functions keeps its precision
            mass = normal_cdf(-alpha) - normal_cdf(-beta)
        else:
            mass = normal_cdf(beta) - normal_cdf(alpha)
        return self.mean_ + self.sd * (normal_pdf(alpha) - normal_pdf(beta)) / mass

    def _ppf(self, q: FloatArray) -> FloatArray:
        """Quantiles of the truncated normal: ``Φ⁻¹`` of the CDF mass scaled into
        [Φ(α), Φ(β)], from the upper tail when α ≥ 0 (as scipy's ``truncnorm`` does)."""
        alpha, beta = self._standard_bounds()
        if alpha < 0:
            lower, upper = normal_cdf(alpha), normal_cdf(beta)
            z = normal_ppf(lower + q * (upper - lower))
        else:
            lower, upper = normal_cdf(-beta), normal_cdf(-alpha)
            z = -normal_ppf(lower + (1.0 - q) * (upper - lower))
        return self.mean_ + self.sd * z

    def quantile(self, q: float) -> float:
        return float(self._ppf(np.array([q]))[0])

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        """Untruncated: ``rng.normal``. Truncated: inverse-CDF sampling of uniform draws (the
        same draws scipy's ``truncnorm.rvs`` made from the same generator)."""
        if self.low is None and self.high is None:
            return rng.normal(self.mean_, self.sd, n)
        return self._ppf(rng.uniform(size=n))


class LogNormal(_Dist):
    """Log-normal given the mean and standard deviation of the value itself (> 0, right-skewed)."""

    dist: Literal["lognormal"] = "lognormal"
    mean_: Number = Field(alias="mean", gt=0)
    sd: Number = Field(gt=0)
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def _mu_sigma(self) -> tuple[float, float]:
        sigma2 = math.log(1 + (self.sd / self.mean_) ** 2)
        return math.log(self.mean_) - sigma2 / 2, math.sqrt(sigma2)

    def mean(self) -> float:
        return self.mean_

    def support(self) -> tuple[float, float]:
        return 0.0, math.inf

    def quantile(self, q: float) -> float:
        mu, sigma = self._mu_sigma()
        return math.exp(mu + sigma * float(normal_ppf(q)))

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        mu, sigma = self._mu_sigma()
        return rng.lognormal(mu, sigma, n)


Distribution = Annotated[
    Fixed | Uniform | Triangular | Pert | Normal | LogNormal, Field(discriminator="dist")
]


def _coerce(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"dist": "fixed", "value": value}
    return value


def _serialise(value: Fixed | Uniform | Triangular | Pert | Normal | LogNormal) -> Any:
    if isinstance(value, Fixed):
        return value.value
    return value.model_dump(by_alias=True)


#: A numeric input: a plain number (fixed) or a distribution mapping.
Uncertain = Annotated[
    Distribution,
    BeforeValidator(_coerce),
    PlainSerializer(_serialise, return_type=Any),
]

AnyDistribution = Fixed | Uniform | Triangular | Pert | Normal | LogNormal


def _within_shares(value: AnyDistribution) -> AnyDistribution:
    """A share's every possible value lies in [0, 1]: a fixed value, a uniform, triangular or
    PERT range, or a normal truncated with ``low``/``high`` inside [0, 1]."""
    low, high = value.support()
    if low >= 0.0 and high <= 1.0:
        return value
    if isinstance(value, Normal):
        raise rule_error(
            "en normalfördelning för en andel måste begränsas till 0–1: "
            "ange low och high mellan 0 och 1",
            "a normal distribution of a share must be truncated to 0–1: "
            "give low and high between 0 and 1",
        )
    if isinstance(value, LogNormal):
        raise rule_error(
            "en lognormalfördelning kan inte beskriva en andel (den saknar övre gräns); "
            "använd uniform, triangular eller pert mellan 0 och 1",
            "a lognormal distribution cannot describe a share (it has no upper bound); "
            "use uniform, triangular or pert between 0 and 1",
        )
    if isinstance(value, Fixed):
        raise rule_error(
            "en andel ska ligga mellan 0 och 1 (0,1 = 10 %)",
            "a share must lie between 0 and 1 (0.1 = 10 %)",
        )
    raise rule_error(
        "en andel ska ligga mellan 0 och 1: fördelningens low och high måste ligga inom 0–1",
        "a share must lie between 0 and 1: the distribution's low and high must be within 0–1",
    )


#: A share of effect (deadweight, attribution, displacement, drop-off): a number or a
#: distribution whose every value lies in [0, 1].
UncertainShare = Annotated[
    Distribution,
    BeforeValidator(_coerce),
    AfterValidator(_within_shares),
    PlainSerializer(_serialise, return_type=Any),
]


def fixed(value: float) -> Fixed:
    """Shorthand for a known value (used when building cases in code)."""
    return Fixed(value=value)
