"""A shared model's package: what a version holds, built from the publisher's own records.

The package is plain JSON so a version can be stored once and never change, and an adopter's
copy is independent of the publisher's records:

- ``unit_costs``: rows in ``sikt.calc``'s unit-cost columns (the original texts, so the
  adopter's library parses them with the same parser the import uses);
- ``logic_model``: purpose, target group and the four levels' elements with their indicators
  (a template: no baselines, targets or dates — those are local);
- ``evaluation_design``: the comparison alternative and how the baseline is planned;
- ``type_cases``: type cases (*typfall*) from the publisher's calculations, each as the case
  file writes it, with the unit costs defined in that case and the bearers its lines name, and
  where it comes from (the initiative and the case's price year). Unit costs its lines take from
  the publisher's library travel in ``unit_costs``, so an adopter's library has them too.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sikt.web.calculations.models import Calculation
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


#: Fields of a type case as the case file writes them (the key, the adjustments, the persons
#: per start year and the lines).
TYPE_CASE_FIELDS = (
    "key",
    "name",
    "confidence",
    "deadweight",
    "attribution",
    "displacement",
    "persons_per_year",
    "lines",
)


def type_case_of(calculation: Calculation, key: str) -> dict[str, Any] | None:
    """Type case ``key`` of ``calculation`` as a shared item, or ``None`` if it has none."""
    case = calculation.case
    item = next((t for t in case.get("type_cases", []) if t["key"] == key), None)
    if item is None:
        return None
    used = {line["unit_cost"] for line in item["lines"]}
    bearers = {line["bearer"] for line in item["lines"] if line.get("bearer")} | {
        bearer for line in item["lines"] for bearer in line.get("shares") or {}
    }
    return {
        **{name: item[name] for name in TYPE_CASE_FIELDS if item.get(name) is not None},
        "unit_costs": [u for u in case.get("unit_costs", []) if u["key"] in used],
        "bearers": [b for b in case.get("bearers", []) if b["key"] in bearers],
        "source": {
            "initiative": calculation.initiative.title,
            "price_year": case.get("price_year"),
        },
    }


def library_keys(type_case: dict[str, Any]) -> set[str]:
    """The unit costs a shared type case's lines take from the library (not defined in it)."""
    inline = {u["key"] for u in type_case["unit_costs"]}
    return {line["unit_cost"] for line in type_case["lines"]} - inline


def build(
    entries: list[UnitCostEntry],
    initiative: Initiative | None,
    type_cases: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The package of the chosen unit costs, (optionally) an initiative's logic model and
    evaluation design, and the chosen type cases (:func:`type_case_of`)."""
    return {
        "format": FORMAT,
        "unit_costs": [row_of(entry) for entry in sorted(entries, key=lambda e: e.key)],
        "logic_model": logic_model_of(initiative) if initiative else None,
        "evaluation_design": evaluation_design_of(initiative) if initiative else None,
        "type_cases": type_cases or [],
    }


def is_empty(content: dict[str, Any]) -> bool:
    return not (
        content["unit_costs"]
        or content["logic_model"]
        or content["evaluation_design"]
        or content.get("type_cases")
    )


def digest(content: dict[str, Any]) -> str:
    """SHA-256 of the package in a canonical JSON form (same content, same hash)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def unit_cost_keys(content: dict[str, Any]) -> list[str]:
    return [row["key"] for row in content.get("unit_costs", [])]
