"""Form data the calculation pages post: yearly fields and the valuation table."""

from __future__ import annotations

from typing import Any

#: One valuation line: unit cost, units per event, split over bearers in per cent.
Line = tuple[str, str, dict[str, str]]

HVB = ("hvb_cura_institutionsvard_2025", "10", {"socialnamnden": "100"})


def years(name: str, first: int, *values: str) -> dict[str, str]:
    """``years("amounts", 2025, "1", "2")`` → ``{"amounts_2025": "1", "amounts_2026": "2"}``."""
    return {f"{name}_{first + index}": value for index, value in enumerate(values)}


def outcome(fields: dict[str, Any], *lines: Line, initial: int = 0) -> dict[str, Any]:
    """The outcome form's fields with its valuation lines (formset prefix ``varde``)."""
    data: dict[str, Any] = {
        **fields,
        "varde-TOTAL_FORMS": str(len(lines)),
        "varde-INITIAL_FORMS": str(initial),
        "varde-MIN_NUM_FORMS": "1",
        "varde-MAX_NUM_FORMS": "1000",
    }
    for index, (unit_cost, quantity, split) in enumerate(lines):
        data[f"varde-{index}-unit_cost"] = unit_cost
        data[f"varde-{index}-quantity"] = quantity
        for key, percent in split.items():
            data[f"varde-{index}-split_{key}"] = percent
    return data


def errors_at(context: Any, field: str) -> list[str]:
    """The errors shown at ``field`` of the page's form or of any valuation line."""
    found = list(context["form"].errors.get(field, []))
    for line in context.get("valuations") or []:
        found += line.errors.get(field, [])
        if field == "__all__":
            found += line.non_field_errors()
    return found
