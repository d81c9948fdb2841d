"""Sensitivity analysis for unmeasured confounding: the E-value and Rosenbaum bounds.

An observational estimate (matching, weighting, regression) rests on the assumption that no
unmeasured factor affects both participation and the outcome. These two analyses say how strong
such a factor would have to be to change the conclusion; each result carries a plain sentence in
Swedish and English for the evaluation page.

The two analyses live in :mod:`sikt.stats.evalue` (VanderWeele & Ding 2017) and
:mod:`sikt.stats.rosenbaum` (Rosenbaum 2002, ch. 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sikt.stats.evalue import EValue
from sikt.stats.rosenbaum import RosenbaumBounds
from sikt.text import Text

__all__ = ["Sensitivity"]


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """Sensitivity to unmeasured confounding shown next to an observational estimate."""

    e_value: EValue | None = None
    rosenbaum: RosenbaumBounds | None = None

    @property
    def texts(self) -> tuple[Text, ...]:
        """The plain sentences, E-value first."""
        return tuple(x.text for x in (self.e_value, self.rosenbaum) if x is not None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "e_value": self.e_value.to_dict() if self.e_value else None,
            "rosenbaum": self.rosenbaum.to_dict() if self.rosenbaum else None,
        }
