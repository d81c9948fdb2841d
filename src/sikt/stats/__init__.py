"""Statistics for effect evaluation (*effektutvärdering*) – the ``sikt.stats`` core.

Contract: pure Python + numpy/scipy (statsmodels only in the tests); never imports Django,
:mod:`sikt.web` or :mod:`sikt.cli`. Method chapter: ``docs/metod/statistik.md``.

Public API
----------
Estimators – one per comparison alternative (*jämförelsealternativ*, SKL guide appendix A).
Each takes a pandas DataFrame, a frame with ``.to_pandas()`` (polars) or a CSV/XLSX path, and
returns an :class:`EffectResult` (``estimate``, ``se``, ``ci_low``, ``ci_high``, ``level``,
``p_value``, ``n_treated``, ``n_control``, ``method``/``method_name``, ``estimand``,
bilingual ``caveats``, ``details``; ``to_dict()`` for JSON):

* :func:`diff_in_means` – randomised designs (RCT), Welch's t.
* :func:`regression_adjustment` – OLS with covariates; HC2-robust SE by default, ``se_type``
  ``"classical"``, ``"HC0"``–``"HC3"`` or ``"cluster"``.
* :func:`propensity_matching` – k:1 nearest-neighbour matching on the propensity score's logit
  or the Mahalanobis distance (also within a propensity caliper), exact matching on chosen
  columns, with/without replacement, discarding outside the common support; ATT with the
  Abadie–Imbens (2006) variance, adjusted for the estimated score (Abadie–Imbens 2016) when
  matching on the score; returns a :class:`MatchingResult`.
* :func:`inverse_probability_weighting` – IPW with normalised (Hájek) weights, ATE or ATT,
  sandwich standard errors that include the estimated propensity score.
* :func:`doubly_robust` – augmented IPW (ATE or ATT) with linear outcome models and
  influence-function standard errors.

Observational estimators return an :class:`ObservationalResult` (:class:`MatchingResult`,
:class:`WeightingResult`) with what an evaluation page needs: a ``balance`` table of
:class:`BalanceRow` (SMD before/after, Austin 2009), ``sample_sizes`` (:class:`SampleSizes`),
``propensity`` (:class:`PropensityScores`, per-unit scores and weights with an
:class:`OverlapHistogram`) and ``sensitivity`` (:class:`Sensitivity`: the E-value, and
Rosenbaum bounds for 1:1 matching, each with a plain sentence in Swedish and English).

Sensitivity analysis on its own: :func:`e_value` (VanderWeele & Ding 2017; risk ratio, odds
ratio, standardised difference or risk difference) and :func:`rosenbaum_bounds` (Rosenbaum
2002, Wilcoxon signed-rank on matched-pair differences).
* :func:`difference_in_differences` – long data, two-period or multi-period two-way fixed
  effects, SE clustered by unit.
* :func:`before_after` – single group (the weakest design), paired by unit or independent.
* :func:`compare_with_earlier` – against an earlier implementation's published result.

Effect sizes and conversion (:class:`EffectSize`): :func:`cohens_d`, :func:`hedges_g`,
:func:`risk_difference`, :func:`risk_ratio`, :func:`odds_ratio`; :func:`change_in_count`
converts an effect into the change in the number of people with the outcome in a target group
of N people (:class:`CountChange`) – the quantity :mod:`sikt.calc` consumes.

Planning (:class:`PowerResult`): :func:`sample_size`, :func:`power_for`,
:func:`minimum_detectable_effect` for the designs in :data:`DESIGNS` with optional clustering
(:func:`design_effect`), :func:`cohens_h` for proportions.

Input helpers: :func:`load_frame`; every validation problem raises :class:`StatsInputError`
(a ``ValueError``) whose ``text`` is a bilingual :class:`sikt.text.Text` naming the column and
rows (``column``, ``rows`` attributes).

Low-level building blocks (used by the estimators, tested against statsmodels):
:func:`fit_ols`, :func:`fit_logit`, :func:`match_on_score`, :func:`balance_table`,
:func:`standardised_mean_difference`.

Example::

    from sikt.stats import propensity_matching, change_in_count, risk_ratio

    r = propensity_matching("elever.csv", "behorig", "insats", ["alder", "kon", "betyg_ak6"],
                            replace=True, caliper=0.2)
    r.estimate, (r.ci_low, r.ci_high), [b.smd_after for b in r.balance]
    change_in_count(risk_ratio(30, 100, 45, 100), baseline_risk=0.45, target_group_size=400)

Modules: ``means`` (Welch, regression), ``matching`` (+ ``matching_engine``, ``nearest``,
``mahalanobis``, ``matching_variance``, ``balance``), ``weighting`` and ``doubly_robust`` (+
``observational``, ``mestimation``), ``propensity`` (+ ``logit``), ``evalue``, ``rosenbaum``,
``sensitivity``, ``did``, ``single_group``, ``effect_sizes``, ``power``, ``data`` (input and
validation), ``linear`` (OLS numerics), ``results``, ``diagnostics``, ``caveats``.
"""

from sikt.stats.balance import balance_table, standardised_mean_difference
from sikt.stats.data import StatsInputError, load_frame
from sikt.stats.diagnostics import OverlapHistogram, PropensityScores, SampleSizes
from sikt.stats.did import difference_in_differences
from sikt.stats.doubly_robust import doubly_robust
from sikt.stats.effect_sizes import (
    CountChange,
    EffectSize,
    change_in_count,
    cohens_d,
    hedges_g,
    odds_ratio,
    risk_difference,
    risk_ratio,
)
from sikt.stats.evalue import EValue, e_value
from sikt.stats.linear import OLSFit, fit_ols
from sikt.stats.logit import SeparationError, fit_logit
from sikt.stats.matching import propensity_matching
from sikt.stats.means import diff_in_means, regression_adjustment
from sikt.stats.nearest import Matches, match_on_score
from sikt.stats.power import (
    DESIGNS,
    PowerResult,
    cohens_h,
    design_effect,
    minimum_detectable_effect,
    power_for,
    sample_size,
)
from sikt.stats.results import (
    BalanceRow,
    EffectResult,
    MatchingResult,
    ObservationalResult,
    WeightingResult,
)
from sikt.stats.rosenbaum import RosenbaumBounds, RosenbaumRow, rosenbaum_bounds
from sikt.stats.sensitivity import Sensitivity
from sikt.stats.single_group import before_after, compare_with_earlier
from sikt.stats.weighting import inverse_probability_weighting

__all__ = [
    "DESIGNS",
    "BalanceRow",
    "CountChange",
    "EValue",
    "EffectResult",
    "EffectSize",
    "Matches",
    "MatchingResult",
    "OLSFit",
    "ObservationalResult",
    "OverlapHistogram",
    "PowerResult",
    "PropensityScores",
    "RosenbaumBounds",
    "RosenbaumRow",
    "SampleSizes",
    "Sensitivity",
    "SeparationError",
    "StatsInputError",
    "WeightingResult",
    "balance_table",
    "before_after",
    "change_in_count",
    "cohens_d",
    "cohens_h",
    "compare_with_earlier",
    "design_effect",
    "diff_in_means",
    "difference_in_differences",
    "doubly_robust",
    "e_value",
    "fit_logit",
    "fit_ols",
    "hedges_g",
    "inverse_probability_weighting",
    "load_frame",
    "match_on_score",
    "minimum_detectable_effect",
    "odds_ratio",
    "power_for",
    "propensity_matching",
    "regression_adjustment",
    "risk_difference",
    "risk_ratio",
    "rosenbaum_bounds",
    "sample_size",
    "standardised_mean_difference",
]
