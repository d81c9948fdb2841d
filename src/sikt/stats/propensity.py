"""The propensity-score model shared by matching, weighting and the doubly robust estimator.

:func:`fit_propensity` fits the logit of treatment on the covariates (:func:`fit_logit`) and
turns numerical failures into messages an evaluator can act on: separation names the covariates
that predict participation perfectly and how many people they concern, collinearity names the
covariates. :class:`PropensityFit` also offers what the sandwich standard errors need: the
logit's information matrix and the correction for the score being estimated (M-estimation,
Stefanski & Boos 2002).

* Rosenbaum, P. R. & Rubin, D. B. (1983). The central role of the propensity score in
  observational studies for causal effects. *Biometrika* 70(1), 41–55.
* Stefanski, L. A. & Boos, D. D. (2002). The calculus of M-estimation. *The American
  Statistician* 56(1), 29–38.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import expit

from sikt.stats import caveats as cv
from sikt.stats.data import StatsInputError
from sikt.stats.logit import SeparationError, fit_logit, standardisation
from sikt.stats.mestimation import WeightedDesign
from sikt.text import Text

__all__ = ["PropensityFit", "fit_propensity"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PropensityFit:
    """A fitted propensity model: ``design`` (constant first) with its standardisation
    (``center``, ``scale``), ``coef`` on the design's scale, the linear predictor ``logit`` and
    the probability ``score`` per row."""

    design: FloatArray
    treated: FloatArray
    center: FloatArray
    scale: FloatArray
    coef: FloatArray
    logit: FloatArray
    score: FloatArray

    def estimated_score_correction(self, gradient: FloatArray) -> FloatArray:
        """Per-row term ``x_i' I⁻¹ g · (t_i − e_i)`` that adds the propensity model's
        estimation to an influence function whose mean derivative in the logit coefficients
        is ``gradient`` (``g = mean ∂ψ/∂β``, one value per design column; ``I`` the logit's
        information ``mean e(1 − e) x x'``)."""
        information = WeightedDesign.build(
            self.design, self.score * (1.0 - self.score), self.center, self.scale
        )
        out: FloatArray = information.projection(gradient) * (self.treated - self.score)
        return out


def fit_propensity(
    design: FloatArray, treated: FloatArray, names: Sequence[str], treatment: str
) -> PropensityFit:
    """Fit the propensity logit; ``names`` label the design's covariate columns (after the
    constant). Raises :class:`StatsInputError` on separation or collinearity."""
    center, scale = standardisation(design)
    try:
        coef, eta = fit_logit(design, treated, center=center, scale=scale)
    except SeparationError as exc:
        raise _separation_error(exc, names, treatment) from None
    except np.linalg.LinAlgError:
        raise StatsInputError(
            Text(
                sv=f"Propensitetsmodellen kunde inte skattas: kovariaterna ({', '.join(names)}) "
                "är kolinjära – någon av dem är en linjär kombination av de andra. Ta bort den.",
                en=f"The propensity model could not be estimated: the covariates "
                f"({', '.join(names)}) are collinear – one of them is a linear combination of "
                "the others. Remove it.",
            ),
            column=names[0] if names else None,
        ) from None
    return PropensityFit(design, treated, center, scale, coef, eta, expit(eta))


def _separation_error(exc: SeparationError, names: Sequence[str], treatment: str) -> Exception:
    involved = [names[j - 1] for j in exc.columns] or list(names)
    listed = ", ".join(involved)
    return StatsInputError(
        Text(
            sv=f"Ingen överlappning mellan grupperna i '{treatment}': kovariaterna skiljer "
            f"grupperna åt helt (perfekt separation). {listed} förutsäger deltagande eller "
            f"icke-deltagande perfekt för minst {cv.sv(exc.n_rows, 0)} individer, så "
            "propensitetspoängen kan inte skattas och jämförbara individer saknas. Slå ihop "
            "eller ta bort de kategorier där alla (eller ingen) deltog, eller avgränsa data "
            "till där grupperna överlappar.",
            en=f"No overlap between the groups in '{treatment}': the covariates separate the "
            f"groups perfectly. {listed} predict participation or non-participation perfectly "
            f"for at least {cv.en(exc.n_rows, 0)} individuals, so the propensity score cannot be "
            "estimated and comparable individuals are missing. Merge or remove the categories "
            "where everyone (or no one) took part, or restrict the data to where the groups "
            "overlap.",
        ),
        column=treatment,
    )
