"""Form fields for numbers, money, percentages and shares — the one way Sikt reads them.

Why: Django's ``DecimalField``/``FloatField`` refuse ``1 200 000`` and ``−5``, accept ``nan``
and ``1e308`` and then fail further on. These fields read text with :mod:`sikt.numbers` (spaces of
every kind between thousands, decimal comma or point, ``−``, ``kr``/``mnkr``, ``%``), refuse
non-finite and huge values with a field error in the user's language, and show initial values
the way the page writes numbers (``1 200 000``). On an error the user's own text stays in the box.

Use ``MoneyField`` for kronor, ``NumberField`` for other quantities, ``PercentField`` for a
percentage stored as percent (a discount rate of 3.5), ``ShareField`` for a share stored in
[0, 1] but typed as percent, ``WholeNumberField`` for counts and ``YearField`` for years.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language

from sikt import numbers
from sikt.numbers import NumberError


def _language() -> str:
    return numbers.resolve_language(get_language())


class NumberInput(forms.TextInput):
    """A text box (not ``type=number``, which refuses spaces and commas) with the numeric
    keyboard on phones; numbers are shown formatted, typed text is shown as typed."""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        formatter: Callable[[Any], str] | None = None,
    ) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.formatter = formatter

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            shown = self.formatter(value) if self.formatter else numbers.format_decimal(value)
            return shown.replace(numbers.NBSP, " ")
        return super().format_value(value)


class NumberField(forms.Field):
    """A number as :func:`sikt.numbers.parse_number` reads it, as ``Decimal``."""

    widget = NumberInput
    max_decimals: int | None = None

    def __init__(
        self,
        *,
        min_value: Decimal | int | None = None,
        max_value: Decimal | int | None = None,
        max_decimals: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.min_value = min_value
        self.max_value = max_value
        if max_decimals is not None:
            self.max_decimals = max_decimals
        kwargs.setdefault("widget", NumberInput(formatter=self.display))
        super().__init__(**kwargs)

    def display(self, value: Any) -> str:
        """How an initial value is written in the box (read back by :meth:`parse`)."""
        return numbers.format_decimal(value)

    def parse(self, text: str) -> Decimal:
        return numbers.parse_number(text, max_decimals=self.max_decimals)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            if isinstance(value, str):
                number = self.parse(value)
            else:
                number = numbers.check_decimals(numbers.check_number(value), self.max_decimals)
            return self.check_range(number)
        except NumberError as error:
            raise forms.ValidationError(
                error.message.in_language(_language()), code="number"
            ) from None

    def check_range(self, number: Decimal) -> Decimal:
        return numbers.check_range(number, minimum=self.min_value, maximum=self.max_value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if self.max_decimals == 0:
            attrs["inputmode"] = "numeric"
        return attrs


class MoneyField(NumberField):
    """An amount in kronor (``3 000 000``, ``3 000 000 kr``, ``3,2 mnkr``), at most öre."""

    max_decimals = 2

    def display(self, value: Any) -> str:
        exact = numbers.check_number(value)
        decimals = 0 if exact == exact.to_integral_value() else 2
        return numbers.format_number(exact, decimals=decimals)

    def parse(self, text: str) -> Decimal:
        return numbers.parse_money(text, max_decimals=self.max_decimals)


class PercentField(NumberField):
    """A percentage kept as percent: ``3,5 %`` or ``3,5`` → ``Decimal('3.5')``."""

    def parse(self, text: str) -> Decimal:
        return numbers.parse_percent(text, max_decimals=self.max_decimals)


class ShareField(NumberField):
    """A share in [0, 1] typed and shown as percent: ``12,5`` or ``12,5 %`` → ``0.125``.

    ``min_value``/``max_value`` are shares (default 0 and 1); ``max_decimals`` counts the
    decimals of the percentage.
    """

    def __init__(
        self,
        *,
        min_value: Decimal | int | None = 0,
        max_value: Decimal | int | None = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def display(self, value: Any) -> str:
        return numbers.format_decimal(numbers.check_number(value) * 100)

    def parse(self, text: str) -> Decimal:
        return numbers.parse_share(text, max_decimals=self.max_decimals)

    def check_range(self, number: Decimal) -> Decimal:
        """The bounds are shares; the message names them in percent (``100 %``)."""
        if self.min_value is not None and number < self.min_value:
            limit = numbers.format_percent(self.min_value, decimals=2, trim=True)
            raise NumberError(numbers.messages.below(limit))
        if self.max_value is not None and number > self.max_value:
            limit = numbers.format_percent(self.max_value, decimals=2, trim=True)
            raise NumberError(numbers.messages.above(limit))
        return number


class WholeNumberField(NumberField):
    """A count (``10 000``) as ``int``; a fraction is refused, not rounded."""

    max_decimals = 0

    def display(self, value: Any) -> str:
        return numbers.format_integer(value)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        number = super().to_python(value)
        return None if number is None else int(number)


class YearField(WholeNumberField):
    """A calendar year, shown without separators (``2027``); between 1900 and 2200 unless
    given other bounds."""

    def __init__(
        self,
        *,
        min_value: int | None = 1900,
        max_value: int | None = 2200,
        **kwargs: Any,
    ) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def display(self, value: Any) -> str:
        return numbers.format_year(int(value))


def _swap(name: str, field: forms.Field) -> forms.Field | None:
    """Sikt's number field for a Django number field (``None`` when it is not one)."""
    common: dict[str, Any] = {
        "required": field.required,
        "label": field.label,
        "help_text": field.help_text,
        "initial": field.initial,
        "disabled": field.disabled,
    }
    if isinstance(field, forms.DecimalField | forms.FloatField | forms.IntegerField):
        bounds: dict[str, Any] = {"min_value": field.min_value, "max_value": field.max_value}
    else:
        return None
    if isinstance(field, forms.DecimalField):
        cls = MoneyField if name.endswith("_sek") else NumberField
        max_decimals: int | None = min(field.decimal_places or 0, cls.max_decimals or 99)
        if field.decimal_places is None:
            max_decimals = cls.max_decimals
        return cls(**bounds, max_decimals=max_decimals, **common)
    if isinstance(field, forms.FloatField):
        return NumberField(**bounds, **common)
    if "year" in name and not name.endswith("years"):
        return YearField(**{k: v for k, v in bounds.items() if v is not None}, **common)
    return WholeNumberField(**bounds, **common)


def localize_numbers(form: forms.BaseForm) -> None:
    """Replace the Django number fields of ``form`` (a model form's ``DecimalField`` …) by
    Sikt's: ``*_sek`` → :class:`MoneyField`, ``*year`` → :class:`YearField`, other integers →
    :class:`WholeNumberField`, other decimals and floats → :class:`NumberField`, keeping label,
    help text, requiredness, initial value and bounds. Call it at the end of ``__init__``."""
    for name, field in list(form.fields.items()):
        if getattr(field, "choices", None) is not None:
            continue
        replacement = _swap(name, field)
        if replacement is not None:
            replacement.validators = [
                v for v in field.validators if v not in forms.Field.default_validators
            ]
            form.fields[name] = replacement
