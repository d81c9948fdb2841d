"""A shared model's package: what a version holds, built from the publisher's own records.

The package is plain JSON so a version can be stored once and never change, and an adopter's
copy is independent of the publisher's records:

- ``unit_costs``: rows in ``sikt.calc``'s unit-cost columns (the original texts, so the
  adopter's library parses them with the same parser the import uses);
- ``logic_model``: purpose, target group and the four levels' elements with their indicators
  (a template: no baselines, targets or dates — those are local);
- ``evaluation_design``: the comparison alternative and how the baseline is planned.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sikt.web.design.models import ComparisonDesign, LogicElement, LogicModel, TargetGroup
from sikt.web.initiatives.models import Initiative
from sikt.web.unitcosts.models import UnitCostEntry
from sikt.web.unitcosts.rows import row_of

FORMAT = 1

#: Indicator fields a template carries (baselines and targets are the adopter's own).
INDICATOR_FIELDS = ("name", "kind", "unit", "direction", "frequency", "data_source", "instrument")
DESIGN_FIELDS = ("kind", "rationale", "comparison_group", "baseline_plan", "expected_effect")


def logic_model_of(initiative: Initiative) -> dict[str, Any] | None:
    """The initiative's logic model as a template, or ``None`` when it has none."""
    elements = list(
        LogicElement.objects.filter(initiative=initiative).prefetch_related("indicators")
    )
    model = LogicModel.objects.filter(initiative=initiative).first()
    if model is None and not elements:
        return None
    group = TargetGroup.objects.filter(initiative=initiative).first()
    return {
        "purpose": model.purpose if model else "",
        "target_group": group.description if group else "",
        "elements": [
            {
                "level": element.level,
                "text": element.text,
                "assumptions": element.assumptions,
                "indicators": [
                    {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
                    for indicator in element.indicators.all()
                ],
            }
            for element in elements
        ],
    }


def evaluation_design_of(initiative: Initiative) -> dict[str, Any] | None:
    design = ComparisonDesign.objects.filter(initiative=initiative).first()
    if design is None:
        return None
    return {name: getattr(design, name) for name in DESIGN_FIELDS}


def build(entries: list[UnitCostEntry], initiative: Initiative | None) -> dict[str, Any]:
    """The package of the chosen unit costs and (optionally) an initiative's logic model and
    evaluation design."""
    return {
        "format": FORMAT,
        "unit_costs": [row_of(entry) for entry in sorted(entries, key=lambda e: e.key)],
        "logic_model": logic_model_of(initiative) if initiative else None,
        "evaluation_design": evaluation_design_of(initiative) if initiative else None,
    }


def is_empty(content: dict[str, Any]) -> bool:
    return not (content["unit_costs"] or content["logic_model"] or content["evaluation_design"])


def digest(content: dict[str, Any]) -> str:
    """SHA-256 of the package in a canonical JSON form (same content, same hash)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def unit_cost_keys(content: dict[str, Any]) -> list[str]:
    return [row["key"] for row in content.get("unit_costs", [])]
