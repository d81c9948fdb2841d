"""The E-value: how strong unmeasured confounding would have to be to explain an effect away.

E-value (VanderWeele & Ding 2017)
---------------------------------
For an observed risk ratio ``RR ≥ 1`` (take ``1/RR`` below 1)::

    E = RR + √(RR·(RR − 1))

is the minimum strength of association, on the risk-ratio scale, that an unmeasured factor
would need with *both* participation and the outcome, beyond the measured covariates, to explain
the effect away. For the confidence interval the same formula is applied to the limit closest
to 1 (``E = 1`` if the interval contains 1). Other effect measures are first converted to an
approximate risk ratio, as in VanderWeele & Ding (2017) and the R package EValue:

* odds ratio, outcome rare (< 15 %) – ``RR ≈ OR``; common – ``RR ≈ √OR`` (VanderWeele 2017);
* a difference in proportions with baseline risk ``p₀`` – ``RR = (p₀ + RD)/p₀`` (``p₀`` taken
  as fixed);
* a continuous outcome – the standardised mean difference ``d = effect/SD`` is converted with
  ``RR ≈ exp(0.91·d)`` and its interval with ``exp(0.91·d ± 0.91·z·SE_d)`` (``0.91·1.96 ≈ 1.78``
  at 95 %; VanderWeele & Ding 2017, via Chinn 2000 and the square-root odds-ratio conversion).

References
----------
* VanderWeele, T. J. & Ding, P. (2017). Sensitivity analysis in observational research:
  introducing the E-value. *Annals of Internal Medicine* 167(4), 268–274.
* VanderWeele, T. J. (2017). On a square-root transformation of the odds ratio for a common
  outcome. *Epidemiology* 28(6), e58–e60.
* Chinn, S. (2000). A simple method for converting an odds ratio to effect size for use in
  meta-analysis. *Statistics in Medicine* 19(22), 3127–3131.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scipy import stats as st

from sikt.stats.caveats import en as _en
from sikt.stats.caveats import sv as _sv
from sikt.stats.data import StatsInputError
from sikt.text import Text

__all__ = ["MEASURES", "EValue", "e_value", "e_value_for_effect"]

MEASURES = ("risk_ratio", "odds_ratio", "rare_odds_ratio", "smd", "risk_difference")
SMD_TO_LOG_RR = 0.91


@dataclass(frozen=True, slots=True)
class EValue:
    """The E-value of an estimate and of its confidence limit closest to no effect.

    ``risk_ratio`` (with ``risk_ratio_ci``) is the risk ratio the E-value was computed from,
    after any conversion (``measure`` names the input measure; ``conversion`` explains it).
    """

    measure: str
    risk_ratio: float
    risk_ratio_ci: tuple[float, float] | None
    point: float
    ci_limit: float | None
    conversion: Text
    text: Text

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "risk_ratio": self.risk_ratio,
            "risk_ratio_ci": list(self.risk_ratio_ci) if self.risk_ratio_ci else None,
            "e_value": self.point,
            "e_value_ci": self.ci_limit,
            "conversion": {"sv": self.conversion.sv, "en": self.conversion.en},
            "text": {"sv": self.text.sv, "en": self.text.en},
        }


def _e(rr: float) -> float:
    rr = 1.0 / rr if rr < 1.0 else rr
    return rr + math.sqrt(rr * (rr - 1.0))


def e_value(
    estimate: float,
    ci: tuple[float, float] | None = None,
    *,
    measure: str = "risk_ratio",
    se: float | None = None,
    baseline_risk: float | None = None,
    level: float = 0.95,
) -> EValue:
    """E-value for an estimate on the scale ``measure`` (see :data:`MEASURES`).

    ``risk_ratio``/``rare_odds_ratio`` (also hazard ratios with a rare outcome) are used as
    risk ratios, ``odds_ratio`` (common outcome) through ``√OR``; ``smd`` is a standardised
    mean difference (Cohen's d) and needs ``se`` for the interval; ``risk_difference`` needs the
    ``baseline_risk`` (the risk without the initiative).
    """
    if measure not in MEASURES:
        raise StatsInputError(
            Text(
                sv=f"Okänt effektmått '{measure}'; välj bland {', '.join(MEASURES)}.",
                en=f"Unknown effect measure '{measure}'; choose one of {', '.join(MEASURES)}.",
            )
        )
    values = [estimate, *(ci or ())]
    if not all(math.isfinite(v) for v in values):
        raise StatsInputError(
            Text(sv="E-värdet kräver ändliga tal.", en="The E-value needs finite numbers.")
        )
    rr, rr_ci, conversion = _to_risk_ratio(estimate, ci, measure, se, baseline_risk, level)
    point = _e(rr)
    ci_limit = None
    if rr_ci is not None:
        lo, hi = rr_ci
        ci_limit = 1.0 if lo <= 1.0 <= hi else _e(lo if rr > 1.0 else hi)
    return EValue(measure, rr, rr_ci, point, ci_limit, conversion, _e_text(rr, point, ci_limit))


def e_value_for_effect(
    estimate: float,
    se: float,
    ci: tuple[float, float],
    *,
    level: float,
    binary_outcome: bool,
    baseline: float,
    outcome_sd: float,
) -> EValue | None:
    """E-value for a difference in the outcome's own unit, as estimators report it.

    For a 0/1 outcome the difference in proportions is turned into a risk ratio with the
    ``baseline`` risk (the mean outcome without the initiative under the estimand); otherwise
    the difference is standardised by ``outcome_sd`` (the pooled within-group SD). Returns
    ``None`` when that cannot be done (a baseline risk of 0 or 1, or SD 0).
    """
    if binary_outcome:
        if not 0.0 < baseline < 1.0:
            return None
        return e_value(estimate, ci, measure="risk_difference", baseline_risk=baseline)
    if not outcome_sd > 0:
        return None
    return e_value(
        estimate / outcome_sd,
        (ci[0] / outcome_sd, ci[1] / outcome_sd),
        measure="smd",
        se=se / outcome_sd,
        level=level,
    )


def _to_risk_ratio(
    estimate: float,
    ci: tuple[float, float] | None,
    measure: str,
    se: float | None,
    baseline: float | None,
    level: float,
) -> tuple[float, tuple[float, float] | None, Text]:
    if measure in ("risk_ratio", "rare_odds_ratio", "odds_ratio"):
        if estimate <= 0 or (ci is not None and min(ci) <= 0):
            raise StatsInputError(
                Text(
                    sv="En kvot (riskkvot, oddskvot) måste vara positiv.",
                    en="A ratio (risk ratio, odds ratio) must be positive.",
                )
            )
        if measure == "odds_ratio":
            root = (math.sqrt(ci[0]), math.sqrt(ci[1])) if ci else None
            return (
                math.sqrt(estimate),
                root,
                Text(
                    sv="Oddskvoten för ett vanligt utfall omräknad till riskkvot med RR ≈ √OR "
                    "(VanderWeele 2017).",
                    en="The odds ratio of a common outcome converted to a risk ratio with "
                    "RR ≈ √OR (VanderWeele 2017).",
                ),
            )
        return (
            estimate,
            ci,
            Text(
                sv="Effekten är en riskkvot (eller en oddskvot för ett ovanligt utfall).",
                en="The effect is a risk ratio (or an odds ratio for a rare outcome).",
            ),
        )
    if measure == "risk_difference":
        if baseline is None or not 0.0 < baseline < 1.0:
            raise StatsInputError(
                Text(
                    sv="Riskskillnad kräver utgångsrisken (andelen utan insatsen) mellan 0 och 1.",
                    en="A risk difference needs the baseline risk (share without the "
                    "initiative) between 0 and 1.",
                )
            )
        floor = 1e-6
        rr = max(baseline + estimate, floor) / baseline
        rr_ci = None
        if ci is not None:
            lo, hi = (max(baseline + c, floor) / baseline for c in ci)
            rr_ci = (lo, hi)
        pct = 100 * baseline
        return (
            rr,
            rr_ci,
            Text(
                sv=f"Skillnaden i andel omräknad till riskkvot med andelen utan insatsen "
                f"({_sv(pct)} %) som utgångsrisk.",
                en=f"The difference in proportions converted to a risk ratio with the share "
                f"without the initiative ({_en(pct)} %) as baseline risk.",
            ),
        )
    # standardised mean difference
    rr = math.exp(SMD_TO_LOG_RR * estimate)
    rr_ci = None
    if se is not None and se > 0:
        z = float(st.norm.ppf((1.0 + level) / 2.0))
        rr_ci = (
            math.exp(SMD_TO_LOG_RR * (estimate - z * se)),
            math.exp(SMD_TO_LOG_RR * (estimate + z * se)),
        )
    elif ci is not None:
        rr_ci = (math.exp(SMD_TO_LOG_RR * ci[0]), math.exp(SMD_TO_LOG_RR * ci[1]))
    return (
        rr,
        rr_ci,
        Text(
            sv=f"Kontinuerligt utfall: den standardiserade skillnaden d = {_sv(estimate)} "
            "omräknad till en ungefärlig riskkvot med RR ≈ exp(0,91·d) (VanderWeele & Ding "
            "2017).",
            en=f"Continuous outcome: the standardised difference d = {_en(estimate)} converted "
            "to an approximate risk ratio with RR ≈ exp(0.91·d) (VanderWeele & Ding 2017).",
        ),
    )


def _e_text(rr: float, point: float, ci_limit: float | None) -> Text:
    sv = (
        f"En okänd faktor skulle behöva vara förknippad med både deltagande och utfall med en "
        f"riskkvot på minst {_sv(point)} vardera, utöver de kovariater som ingår, för att helt "
        "förklara bort effekten."
    )
    en = (
        f"An unknown factor would need to be associated with both participation and the "
        f"outcome by a risk ratio of at least {_en(point)} each, beyond the covariates included, "
        "to explain the effect away entirely."
    )
    if ci_limit is not None and ci_limit > 1.0:
        sv += f" För att konfidensintervallet ska omfatta ingen effekt räcker {_sv(ci_limit)}."
        en += f" For the confidence interval to include no effect, {_en(ci_limit)} would suffice."
    elif ci_limit is not None:
        sv += (
            " Konfidensintervallet omfattar redan ingen effekt, så även en svag okänd faktor "
            "räcker för att effekten ska vara osäker."
        )
        en += (
            " The confidence interval already includes no effect, so even a weak unknown "
            "factor is enough to make the effect uncertain."
        )
    if rr == 1.0:
        sv = "Skattningen visar ingen effekt; E-värdet är 1."
        en = "The estimate shows no effect; the E-value is 1."
    return Text(sv=sv, en=en)
