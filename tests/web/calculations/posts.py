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
    for line in context.get("lines") or []:
        found += line.errors.get(field, [])
    return found


def as_shown(context: Any) -> dict[str, Any]:
    """What an edit page posts back when the user saves without changing anything: the values
    its form and line table show (so a test changes only the field it is about)."""
    data: dict[str, Any] = {}
    forms = [context["form"]]
    lines = context.get("lines")
    if lines is not None:
        management = lines.management_form
        data.update(
            {management[name].html_name: management[name].value() for name in management.fields}
        )
        forms += list(lines)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
                continue
            shown = bound.field.widget.format_value(value)  # as the page writes it: "1 200 000"
            multiple = getattr(bound.field.widget, "allow_multiple_selected", False)
            if isinstance(shown, list) and not multiple:
                shown = shown[0] if shown else ""
            if shown is not None:
                data[bound.html_name] = shown
    return data
