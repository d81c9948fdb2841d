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
* :func:`propensity_matching` – logit propensity score, 1:k nearest neighbour on its logit,
  with/without replacement, caliper, common-support trimming; ATT with the Abadie–Imbens (2006)
  variance adjusted for the estimated score (Abadie–Imbens 2016; ``se_method="ai2006"`` for the
  unadjusted one); returns a :class:`MatchingResult` with a ``balance`` table of
  :class:`BalanceRow` (SMD before/after, Austin 2009).
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

Modules: ``means`` (Welch, regression), ``matching`` (+ ``nearest``, ``matching_variance``,
``balance``), ``did``, ``single_group``, ``effect_sizes``, ``power``, ``data`` (input and
validation), ``linear`` (OLS/logit numerics), ``results``, ``caveats``.
"""

from sikt.stats.balance import balance_table, standardised_mean_difference
from sikt.stats.data import StatsInputError, load_frame
from sikt.stats.did import difference_in_differences
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
from sikt.stats.results import BalanceRow, EffectResult, MatchingResult
from sikt.stats.single_group import before_after, compare_with_earlier

__all__ = [
    "DESIGNS",
    "BalanceRow",
    "CountChange",
    "EffectResult",
    "EffectSize",
    "Matches",
    "MatchingResult",
    "OLSFit",
    "PowerResult",
    "SeparationError",
    "StatsInputError",
    "balance_table",
    "before_after",
    "change_in_count",
    "cohens_d",
    "cohens_h",
    "compare_with_earlier",
    "design_effect",
    "diff_in_means",
    "difference_in_differences",
    "fit_logit",
    "fit_ols",
    "hedges_g",
    "load_frame",
    "match_on_score",
    "minimum_detectable_effect",
    "odds_ratio",
    "power_for",
    "propensity_matching",
    "regression_adjustment",
    "risk_difference",
    "risk_ratio",
    "sample_size",
    "standardised_mean_difference",
]
