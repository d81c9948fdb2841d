"""The change history in words a coordinator reads: field labels as in the forms, choices by
their names (states in Swedish), numbers in Swedish format, structured values (a calculation's
case) as one readable line per change — never a raw field name or a dict.

Why (issue 8 item 8): the trail stores ``{field: [old, new]}`` in JSON-friendly form, which is
right for record keeping but unreadable as ``case: {'costs': [...]}``. Apps whose records hold
structured data register a describer for that field (from ``AppConfig.ready``), so the audit
app never imports a higher layer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sikt import numbers

LONG_TEXT = 300


@dataclass(frozen=True)
class ChangeLine:
    """``label: old → new`` (``old``/``new`` already written for reading; "–" for none)."""

    label: str
    old: str
    new: str


Describer = Callable[[Any, Any], list[ChangeLine]]
_describers: dict[tuple[str, str], Describer] = {}


def register(model_label: str, field: str, describer: Describer) -> None:
    """Let ``describer(old, new)`` explain changes of ``model_label``'s ``field``
    (e.g. ``"calculations.calculation"``, ``"case"``)."""
    _describers[(model_label.lower(), field)] = describer


def _number(value: Any, money: bool) -> str | None:
    if isinstance(value, bool):
        return None
    try:
        exact = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not exact.is_finite():
        return None
    if money:
        decimals = 0 if exact == exact.to_integral_value() else 2
        return numbers.format_money(exact, decimals=decimals)
    return numbers.format_decimal(exact)


def show(value: Any, *, money: bool = False) -> str:
    """Any stored value as text: numbers in the page's format, lists joined, none as "–"."""
    if value is None or value == "" or value == [] or value == {}:
        return numbers.DASH
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float | Decimal):
        return _number(value, money) or str(value)
    if isinstance(value, list):
        return "; ".join(show(item, money=money) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {show(item)}" for key, item in value.items())
    text = str(value)
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


def flatten(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Leaves of nested dicts and lists as (``a › b › 2``, value)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{path} › {key}" if path else str(key))
    elif isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        for index, item in enumerate(value, start=1):
            yield from flatten(item, f"{path} › {index}" if path else str(index))
    else:
        yield path, value


def _leaf(path: str, value: Any) -> str:
    """A leaf of structured data; years (``first_year: 2025``) without thousands spaces."""
    if "year" in path.rsplit("›", 1)[-1] and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return show(value)


def structured(label: str, old: Any, new: Any) -> list[ChangeLine]:
    """A generic describer for JSON values: one line per changed leaf."""
    before, after = dict(flatten(old)), dict(flatten(new))
    lines = []
    for path in [*before, *(p for p in after if p not in before)]:
        if before.get(path) != after.get(path):
            where = f"{label} › {path}" if path else label
            lines.append(
                ChangeLine(where, _leaf(path, before.get(path)), _leaf(path, after.get(path)))
            )
    return lines


def _field_line(model: type[models.Model], name: str, old: Any, new: Any) -> list[ChangeLine]:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return [ChangeLine(capfirst(name.replace("_", " ")), show(old), show(new))]
    label = capfirst(str(getattr(field, "verbose_name", name)))
    choices = dict(getattr(field, "flatchoices", None) or [])
    if choices:
        return [
            ChangeLine(label, str(choices.get(old, show(old))), str(choices.get(new, show(new))))
        ]
    if isinstance(field, models.JSONField) or any(isinstance(v, dict) for v in (old, new)):
        return structured(label, old, new)
    money = name.endswith("_sek")
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        if "year" in name:
            return [
                ChangeLine(
                    label,
                    show(None if old in (None, "") else str(old)),
                    show(None if new in (None, "") else str(new)),
                )
            ]
        return [ChangeLine(label, _stored_number(old, money), _stored_number(new, money))]
    return [ChangeLine(label, show(old, money=money), show(new, money=money))]


def _stored_number(value: Any, money: bool) -> str:
    """A number the trail stored as text (``"1200000.00"``) in the page's number format."""
    if value is None or value == "":
        return numbers.DASH
    return _number(value, money) or show(value)


def lines(model: type[models.Model] | None, changes: dict[str, list[Any]]) -> list[ChangeLine]:
    """The readable lines of one audit entry's ``changes`` on a record of ``model``."""
    out: list[ChangeLine] = []
    label = model._meta.label_lower if model is not None else ""
    for name, pair in changes.items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        describer = _describers.get((label, name))
        if describer is not None:
            out.extend(describer(old, new))
        elif model is not None:
            out.extend(_field_line(model, name, old, new))
        else:
            out.extend(structured(capfirst(name.replace("_", " ")), old, new))
    return [line for line in out if line.old != line.new]
