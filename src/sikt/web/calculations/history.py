"""A calculation's case changes as lines a coordinator reads in the change history:
"Kostnad Team 2027: 300 000 kr → 450 000 kr", "Effekt Undvikna HVB-placeringar: 0,15 → 0,2".

Costs, outcomes and type cases are matched by name, yearly amounts labelled with their calendar
year (base year + index), every other part of an outcome or type case and the case's default
adjustments by the label of the form field that edits it, shares in per cent as typed; the rest
falls back to :func:`sikt.web.audit.readable.structured`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikt import numbers
from sikt.web.audit.readable import ChangeLine, show, structured
from sikt.web.calculations import builder, uncertain
from sikt.web.calculations.forms import (
    GeneralForm,
    OutcomeForm,
    TrajectoryForm,
    TypeCaseForm,
    ValuationForm,
)

#: Parts of the case the forms edit in a table (a type case's lines), with their names.
EXTRA_FIELDS = {
    "without": forms.Field(label=gettext_lazy("Without the initiative")),
    "with": forms.Field(label=gettext_lazy("With the initiative")),
}

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


#: Parts of an outcome or type case that are shares (shown in per cent, as typed).
SHARES = {"deadweight", "attribution", "displacement", "drop_off"}


def _shown(key: str, value: Any, choices: dict[str, str]) -> str:
    """A part of an outcome or type case as its form shows it: shares in per cent, numbers
    and distributions in the builder's notation, choices by their names."""
    if value is None:
        return "–"
    if isinstance(value, list):
        return "; ".join(_shown(key, item, choices) for item in value) or "–"
    if key in SHARES:
        return uncertain.format_share(value)
    if isinstance(value, int | float | dict) and not isinstance(value, bool):
        return _value(value)
    return str(choices.get(value, show(value)))


def _part_lines(
    label: str,
    was: dict[str, Any],
    now: dict[str, Any],
    form: type[forms.Form],
    skip: set[str],
) -> list[ChangeLine]:
    """One line per changed part, labelled as the field of ``form`` that edits it."""
    lines = []
    for key in dict.fromkeys([*was, *now]):
        if key in skip or was.get(key) == now.get(key):
            continue
        field = form.base_fields.get(key) or EXTRA_FIELDS.get(key)
        name = str(field.label) if field else key.replace("_", " ")
        choices = {str(k): str(v) for k, v in getattr(field, "choices", None) or []}
        shown = (_shown(key, was.get(key), choices), _shown(key, now.get(key), choices))
        lines.append(ChangeLine(f"{label} › {name}", *shown))
    return lines


def _line_changes(
    label: str,
    was: list[dict[str, Any]],
    now: list[dict[str, Any]],
    form: type[forms.Form],
    bearers: dict[str, str],
    line_title: str,
) -> list[ChangeLine]:
    """The valuation lines of an outcome or the lines of a type case, by position."""
    lines = []
    for index in range(max(len(was), len(now))):
        a = was[index] if index < len(was) else {}
        b = now[index] if index < len(now) else {}
        where = f"{label} › " + (line_title % {"number": index + 1})
        if not a or not b:
            lines.append(ChangeLine(where, _("exists") if a else "–", _("exists") if b else "–"))
            continue
        lines.extend(_part_lines(where, a, b, form, {"bearer", "shares"}))
        if builder.split_text(a, bearers) != builder.split_text(b, bearers):
            lines.append(
                ChangeLine(
                    " › ".join([where, _("Split over the bearers")]),
                    builder.split_text(a, bearers),
                    builder.split_text(b, bearers),
                )
            )
    return lines


def _items(old: dict[str, Any], new: dict[str, Any], section: str, title: str) -> list[ChangeLine]:
    """Outcomes or type cases, matched by name: each changed part as its form names it."""
    is_outcome = section == "outcomes"
    form, line_form, lines_key, line_title = (
        (OutcomeForm, ValuationForm, "valuation", _("Valuation line %(number)s"))
        if is_outcome
        else (TypeCaseForm, TrajectoryForm, "lines", _("Line %(number)s"))
    )
    bearers = {b["key"]: b["name"] for b in [*old.get("bearers", []), *new.get("bearers", [])]}
    base = int(new.get("base_year") or old.get("base_year") or 0)
    lines = []
    before, after = _by_name(old.get(section)), _by_name(new.get(section))
    for name in [*before, *(n for n in after if n not in before)]:
        label = title % {"name": name}
        was, now = before.get(name), after.get(name)
        if was is None or now is None:
            lines.append(
                ChangeLine(label, _("exists") if was else "–", _("exists") if now else "–")
            )
            continue
        if is_outcome and was.get("effect") != now.get("effect"):
            effect = _("Effect %(name)s") % {"name": name}
            lines.append(ChangeLine(effect, _value(was.get("effect")), _value(now.get("effect"))))
        persons_was, persons_now = was.get("persons_per_year", []), now.get("persons_per_year", [])
        for index in range(max(len(persons_was), len(persons_now))):
            a = persons_was[index] if index < len(persons_was) else None
            b = persons_now[index] if index < len(persons_now) else None
            if a != b:
                persons = _("Persons who start per year")
                where = f"{label} › {persons} {base + index}"
                lines.append(ChangeLine(where, _value(a), _value(b)))
        lines.extend(_ramp_up(label, was.get("ramp_up") or [], now.get("ramp_up") or [], base))
        skip = {"key", "effect", "persons_per_year", "ramp_up", lines_key}
        lines.extend(_part_lines(label, was, now, form, skip))
        lines.extend(
            _line_changes(
                label,
                was.get(lines_key, []),
                now.get(lines_key, []),
                line_form,
                bearers,
                line_title,
            )
        )
    return lines


def _ramp_up(label: str, was: list[Any], now: list[Any], base: int) -> list[ChangeLine]:
    """An outcome's share of the full effect per calendar year, in per cent as typed (a year
    the case leaves out is the full effect, 100 %)."""
    lines = []
    part = _("Share of the full effect")
    for index in range(max(len(was), len(now))):
        a = was[index] if index < len(was) else 1.0
        b = now[index] if index < len(now) else 1.0
        if a != b:
            where = f"{label} › {part} {base + index}"
            shown = [numbers.format_percent(v, decimals=2, trim=True) for v in (a, b)]
            lines.append(ChangeLine(where, *shown))
    return lines


def _adjustments(old: dict[str, Any], new: dict[str, Any]) -> list[ChangeLine]:
    """The case's default shares and the optimism bias per grade, labelled as in the general
    settings and in per cent."""
    was, now = old.get("adjustments") or {}, new.get("adjustments") or {}
    lines = []
    for key in dict.fromkeys([*was, *now]):
        if key == "optimism_bias":
            bias_was, bias_now = builder.optimism_bias(old), builder.optimism_bias(new)
            for grade, share in bias_now.items():
                if bias_was[grade] != share:
                    field = GeneralForm.base_fields[f"optimism_bias_{grade}"]
                    shown = [_shown("drop_off", v, {}) for v in (bias_was[grade], share)]
                    lines.append(ChangeLine(str(field.label), *shown))
        elif was.get(key) != now.get(key):
            general = GeneralForm.base_fields.get(key)
            name = (
                str(general.label)
                if general
                else " › ".join([_("Adjustments"), key.replace("_", " ")])
            )
            shown = [_shown("drop_off", v, {}) for v in (was.get(key), now.get(key))]
            lines.append(ChangeLine(name, *shown))
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
    lines.extend(_items(old, new, "outcomes", _("Outcome %(name)s")))
    lines.extend(_items(old, new, "type_cases", _("Type case %(name)s")))
    lines.extend(_adjustments(old, new))
    handled = {*TOP_LABELS, "costs", "outcomes", "type_cases", "adjustments", "discounting"}
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
