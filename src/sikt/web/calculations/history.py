"""A calculation's case changes as lines a coordinator reads in the change history:
"Kostnad Team 2027: 300 000 kr → 450 000 kr", "Effekt Undvikna HVB-placeringar: 0,15 → 0,2".

Costs and outcomes are matched by name and yearly amounts labelled with their calendar year
(base year + index); everything else falls back to :func:`sikt.web.audit.readable.structured`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sikt.web.audit.readable import ChangeLine, show, structured
from sikt.web.calculations import uncertain

TOP_LABELS = {
    "name": "Name of the calculation",
    "description": "Description",
    "base_year": "Base year",
    "price_year": "Price year",
    "horizon_years": "Horizon (years)",
}


def _value(value: Any, *, money: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return "; ".join(_value(item, money=money) for item in value)
    if isinstance(value, dict) and "dist" in value:
        shown = uncertain.format_value(value)
        return f"{shown} kr" if money else shown
    return show(value, money=money)


def _by_name(items: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(items, list):
        return {}
    return {str(item.get("name", index)): item for index, item in enumerate(items, 1)}


def _costs(old: dict[str, Any], new: dict[str, Any]) -> list[ChangeLine]:
    lines = []
    before, after = _by_name(old.get("costs")), _by_name(new.get("costs"))
    base = int(new.get("base_year") or old.get("base_year") or 0)
    for name in [*before, *(n for n in after if n not in before)]:
        label = _("Cost %(name)s") % {"name": name}
        was, now = before.get(name), after.get(name)
        if was is None or now is None:
            lines.append(
                ChangeLine(
                    label,
                    _value(was and was.get("amounts"), money=True) if was else "–",
                    _value(now and now.get("amounts"), money=True) if now else "–",
                )
            )
            continue
        amounts_was, amounts_now = was.get("amounts") or [], now.get("amounts") or []
        for index in range(max(len(amounts_was), len(amounts_now))):
            a = amounts_was[index] if index < len(amounts_was) else None
            b = amounts_now[index] if index < len(amounts_now) else None
            if a != b:
                year = f" {base + index}" if base else f" {index + 1}"
                lines.append(
                    ChangeLine(f"{label}{year}", _value(a, money=True), _value(b, money=True))
                )
        rest_was = {k: v for k, v in was.items() if k != "amounts"}
        rest_now = {k: v for k, v in now.items() if k != "amounts"}
        lines.extend(structured(label, rest_was, rest_now))
    return lines


def _outcomes(old: dict[str, Any], new: dict[str, Any]) -> list[ChangeLine]:
    lines = []
    before, after = _by_name(old.get("outcomes")), _by_name(new.get("outcomes"))
    for name in [*before, *(n for n in after if n not in before)]:
        was, now = before.get(name), after.get(name)
        if was is None or now is None:
            label = _("Outcome %(name)s") % {"name": name}
            lines.append(
                ChangeLine(label, _("exists") if was else "–", _("exists") if now else "–")
            )
            continue
        if was.get("effect") != now.get("effect"):
            label = _("Effect %(name)s") % {"name": name}
            lines.append(ChangeLine(label, _value(was.get("effect")), _value(now.get("effect"))))
        rest_was = {k: v for k, v in was.items() if k != "effect"}
        rest_now = {k: v for k, v in now.items() if k != "effect"}
        lines.extend(structured(_("Outcome %(name)s") % {"name": name}, rest_was, rest_now))
    return lines


def describe_case(old: Any, new: Any) -> list[ChangeLine]:
    """The readable lines for a change of :attr:`Calculation.case`."""
    old, new = old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {}
    if not old or not new:
        return [ChangeLine(_("Case"), _summary(old), _summary(new))]
    lines = []
    for key, label in TOP_LABELS.items():
        if old.get(key) != new.get(key):
            shown = [str(old.get(key) or "–"), str(new.get(key) or "–")]
            lines.append(ChangeLine(_(label), *shown))
    rate_was = (old.get("discounting") or {}).get("rate")
    rate_now = (new.get("discounting") or {}).get("rate")
    if rate_was != rate_now:
        lines.append(
            ChangeLine(
                _("Discount rate"),
                show(None) if rate_was is None else _percent(rate_was),
                show(None) if rate_now is None else _percent(rate_now),
            )
        )
    lines.extend(_costs(old, new))
    lines.extend(_outcomes(old, new))
    handled = {*TOP_LABELS, "costs", "outcomes", "discounting"}
    for key in sorted(set(old) | set(new)):
        if key not in handled and old.get(key) != new.get(key):
            lines.extend(structured(_case_label(key), old.get(key), new.get(key)))
    return lines


def _summary(case: dict[str, Any]) -> str:
    """A whole case in one line (for its creation): its name and how many lines it has."""
    if not case:
        return "–"
    return _("%(name)s: %(costs)d cost items, %(outcomes)d outcomes") % {
        "name": case.get("name", "–"),
        "costs": len(case.get("costs") or []),
        "outcomes": len(case.get("outcomes") or []),
    }


def _percent(rate: Any) -> str:
    from sikt import numbers

    if isinstance(rate, int | float):
        return numbers.format_percent(rate, decimals=2, trim=True)
    return show(rate)


def _case_label(key: str) -> str:
    labels = {
        "bearers": _("Cost bearers"),
        "target_group": _("Target group"),
        "adjustments": _("Adjustments"),
        "repayment": _("Repayment"),
        "price_index": _("Price index"),
        "scenarios": _("Scenarios"),
        "organisation": _("Organisation"),
        "key": _("Key"),
    }
    return labels.get(key, key.replace("_", " ").capitalize())
