"""Rosenbaum bounds: how much hidden bias in who took part a matched-pair result withstands.

Rosenbaum bounds for matched pairs (Rosenbaum 2002, ch. 4)
----------------------------------------------------------
In a matched pair, an unmeasured factor may make one unit's odds of participating up to ``Γ``
times the other's. Under the null of no effect, Wilcoxon's signed-rank statistic ``T⁺`` (sum of
the ranks of ``|dᵢ|`` over pairs with ``dᵢ > 0``; zero differences dropped, tied ranks averaged)
is then bounded by the sum of independent ``rᵢ·Bᵢ`` with ``Bᵢ ~ Bernoulli(Γ/(1 + Γ))`` (upper
bound) or ``Bernoulli(1/(1 + Γ))`` (lower bound). The one-sided p-values use the normal
approximation with ``E = p⁺Σrᵢ``, ``Var = p⁺(1 − p⁺)Σrᵢ²`` (Rosenbaum 2002, §4.3.3; as R's
``rbounds::psens`` and ``DOS2::senWilcox``), or, with ``method="exact"`` and at most
``EXACT_PAIRS`` pairs, the exact distribution (dynamic programming over the attainable sums).
The critical ``Γ`` is where the upper bound reaches α: up to that strength of hidden bias the
conclusion stands. At ``Γ = 1`` the test is the
ordinary signed-rank test (checked against scipy).

References
----------
* Rosenbaum, P. R. (2002). *Observational Studies* (2nd ed.), ch. 4. Springer.
* Keele, L. (2010). An overview of rbounds: an R package for Rosenbaum bounds sensitivity
  analysis with matched data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import optimize
from scipy import stats as st

from sikt.stats.caveats import en as _en
from sikt.stats.caveats import sv as _sv
from sikt.stats.data import StatsInputError
from sikt.text import Text

__all__ = ["GAMMA_GRID", "RosenbaumBounds", "RosenbaumRow", "rosenbaum_bounds"]

FloatArray = npt.NDArray[np.float64]
EXACT_PAIRS = 50
GAMMA_GRID = (1.0, 1.1, 1.2, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
GAMMA_MAX = 1000.0


@dataclass(frozen=True, slots=True)
class RosenbaumRow:
    """Bounds on the one-sided p-value at one ``gamma``."""

    gamma: float
    p_upper: float
    p_lower: float


@dataclass(frozen=True, slots=True)
class RosenbaumBounds:
    """Rosenbaum bounds for Wilcoxon's signed-rank test on matched-pair differences.

    ``gamma_critical`` is the Γ at which the upper-bound p-value reaches ``alpha`` (``1.0`` if
    the result is not significant even without hidden bias, ``inf`` beyond ``GAMMA_MAX``);
    ``direction`` is ``"greater"`` or ``"less"`` (the side of the estimate).
    """

    pairs: int
    statistic: float
    alpha: float
    direction: str
    method: str
    gamma_critical: float
    table: tuple[RosenbaumRow, ...]
    text: Text

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "statistic": self.statistic,
            "alpha": self.alpha,
            "direction": self.direction,
            "method": self.method,
            "gamma_critical": self.gamma_critical if math.isfinite(self.gamma_critical) else None,
            "table": [
                {"gamma": r.gamma, "p_upper": r.p_upper, "p_lower": r.p_lower} for r in self.table
            ],
            "text": {"sv": self.text.sv, "en": self.text.en},
        }


def rosenbaum_bounds(
    differences: Sequence[float] | FloatArray,
    *,
    alpha: float = 0.05,
    direction: str | None = None,
    method: str = "normal",
    gammas: Sequence[float] = GAMMA_GRID,
) -> RosenbaumBounds:
    """Rosenbaum bounds for the signed-rank test on treated-minus-control pair differences.

    ``direction`` is ``"greater"`` (the effect is positive) or ``"less"``; by default the side
    of the mean difference. ``method`` is ``"normal"`` (the large-sample approximation used by
    Rosenbaum and the reference tools) or ``"exact"`` (up to ``EXACT_PAIRS`` non-zero pairs).
    """
    d = np.asarray(differences, dtype=float)
    if d.size == 0 or not np.all(np.isfinite(d)):
        raise StatsInputError(
            Text(
                sv="Rosenbaums gränser kräver ändliga parskillnader.",
                en="Rosenbaum bounds need finite pair differences.",
            )
        )
    if direction is None:
        direction = "less" if float(d.mean()) < 0 else "greater"
    if direction not in ("greater", "less"):
        raise StatsInputError(
            Text(sv="Riktningen måste vara greater eller less.", en="direction: greater or less")
        )
    if method not in ("exact", "normal"):
        raise StatsInputError(
            Text(sv="Metoden måste vara normal eller exact.", en="method: normal or exact")
        )
    if direction == "less":
        d = -d
    d = d[d != 0.0]
    s = int(d.size)
    if s == 0:
        raise StatsInputError(
            Text(
                sv="Alla parskillnader är noll; Rosenbaums gränser kan inte beräknas.",
                en="All pair differences are zero; Rosenbaum bounds cannot be computed.",
            )
        )
    ranks = st.rankdata(np.abs(d))
    statistic = float(ranks[d > 0].sum())
    exact = method == "exact"
    if exact and s > EXACT_PAIRS:
        raise StatsInputError(
            Text(
                sv=f"Exakt beräkning klarar högst {EXACT_PAIRS} par (fick {s}); använd normal.",
                en=f"The exact method handles at most {EXACT_PAIRS} pairs (got {s}); use normal.",
            )
        )
    tail = _exact_tail(ranks, statistic) if exact else _normal_tail(ranks, statistic)
    table = tuple(
        RosenbaumRow(float(g), tail(g / (1.0 + g)), tail(1.0 / (1.0 + g))) for g in gammas
    )
    p1 = tail(0.5)
    if p1 >= alpha:
        critical = 1.0
    elif tail(GAMMA_MAX / (1.0 + GAMMA_MAX)) < alpha:
        critical = math.inf
    else:
        critical = math.exp(
            optimize.brentq(
                lambda lg: tail(1.0 / (1.0 + math.exp(-lg))) - alpha,
                0.0,
                math.log(GAMMA_MAX),
                xtol=1e-10,
            )
        )
    return RosenbaumBounds(
        pairs=s,
        statistic=statistic,
        alpha=alpha,
        direction=direction,
        method="exact" if exact else "normal",
        gamma_critical=critical,
        table=table,
        text=_rosenbaum_text(critical, p1, alpha),
    )


def _normal_tail(ranks: FloatArray, statistic: float) -> Any:
    total, squares = float(ranks.sum()), float((ranks**2).sum())

    def tail(p: float) -> float:
        z = (statistic - p * total) / math.sqrt(p * (1.0 - p) * squares)
        return float(st.norm.sf(z))

    return tail


def _exact_tail(ranks: FloatArray, statistic: float) -> Any:
    """``P(Σ rᵢBᵢ ≥ T)`` for independent ``Bᵢ ~ Bernoulli(p)``, exactly.

    Average ranks are multiples of 1/2, so doubled ranks are integers; the distribution of the
    doubled sum is built by convolution as a polynomial in ``p`` evaluated per call.
    """
    doubled = np.rint(2.0 * ranks).astype(np.int64)
    target = round(2.0 * statistic)

    def tail(p: float) -> float:
        dist = np.zeros(int(doubled.sum()) + 1)
        dist[0] = 1.0
        top = 0
        for r in doubled.tolist():
            shifted = dist[: top + 1] * p
            dist[: top + 1] *= 1.0 - p
            dist[r : r + top + 1] += shifted
            top += r
        return float(min(1.0, dist[target:].sum()))

    return tail


def _rosenbaum_text(critical: float, p1: float, alpha: float) -> Text:
    a_sv, a_en = _sv(alpha), _en(alpha)
    if critical <= 1.0:
        return Text(
            sv=f"Redan utan okända faktorer är skillnaden inte statistiskt säkerställd "
            f"(p = {_sv(p1)} ≥ {a_sv}); känslighetsanalysen tillför inget.",
            en=f"Even without unknown factors the difference is not statistically significant "
            f"(p = {_en(p1)} ≥ {a_en}); the sensitivity analysis adds nothing.",
        )
    if math.isinf(critical):
        return Text(
            sv=f"Slutsatsen står sig även om en okänd faktor gjorde oddsen att delta mer än "
            f"{_sv(GAMMA_MAX, 0)} gånger olika mellan två individer som matchats som lika.",
            en=f"The conclusion holds even if an unknown factor made the odds of taking part "
            f"more than {_en(GAMMA_MAX, 0)} times different between two individuals matched "
            "as alike.",
        )
    return Text(
        sv=f"Slutsatsen står sig så länge en okänd faktor inte gör oddsen att delta mer än "
        f"Γ = {_sv(critical)} gånger olika mellan två individer som matchats som lika; vid "
        f"större skillnader kan effekten inte längre skiljas från noll (p ≥ {a_sv}).",
        en=f"The conclusion holds as long as an unknown factor does not make the odds of taking "
        f"part more than Γ = {_en(critical)} times different between two individuals matched as "
        f"alike; beyond that the effect can no longer be told apart from zero (p ≥ {a_en}).",
    )
