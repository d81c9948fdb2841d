"""The parser's error and its bilingual messages (Swedish first, English too)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from sikt.text import Text


class NumberError(ValueError):
    """Text that is not an acceptable number; ``message`` says why in Swedish and English."""

    def __init__(self, message: Text, code: str = "invalid") -> None:
        self.message = message
        self.code = code
        super().__init__(str(message))


def _example(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def _not_a_number(text: str) -> Text:
    shown = _example(text)
    return Text(
        f"”{shown}” är inte ett tal. Skriv till exempel 1 200 000 eller 1 200 000,50.",
        f"“{shown}” is not a number. Write for example 1,200,000 or 1,200,000.50.",
    )


def _point_grouping(text: str) -> Text:
    shown = _example(text)
    return Text(
        f"”{shown}” har flera skiljetecken. Skriv tusental med mellanslag (1 200 000) och "
        "decimaler med ett kommatecken (1 200 000,50).",
        f"“{shown}” has several separators. Separate thousands with spaces (1 200 000) and "
        "write one decimal comma or point (1 200 000.50).",
    )


def _mixed_separators(text: str) -> Text:
    shown = _example(text)
    return Text(
        f"”{shown}” blandar punkt och komma. Skriv tusental med mellanslag och ett "
        "decimaltecken, t.ex. 1 200 000,50.",
        f"“{shown}” mixes points and commas. Separate thousands with spaces and use one "
        "decimal separator, e.g. 1 200 000.50.",
    )


def _comma_in_english(text: str) -> Text:
    shown = _example(text)
    return Text(
        f"”{shown}”: på engelska skiljer kommatecken tusental (1,200,000); skriv decimaler med "
        "punkt (1.5).",
        f"“{shown}”: in English a comma separates thousands (1,200,000); write decimals with a "
        "point (1.5).",
    )


def _bad_grouping(text: str) -> Text:
    shown = _example(text)
    return Text(
        f"”{shown}”: varje tusental efter ett mellanslag ska ha tre siffror, t.ex. 1 200 000.",
        f"“{shown}”: each group of thousands after a space has three digits, e.g. 1 200 000.",
    )


def _too_large(limit: Decimal) -> Text:
    return Text(
        f"Talet är för stort: Sikt tar emot tal upp till {limit:,.0f}.".replace(",", " "),
        f"The number is too large: Sikt accepts numbers up to {limit:,.0f}.",
    )


def _too_long() -> Text:
    return Text("Texten är för lång för att vara ett tal.", "The text is too long to be a number.")


def _too_many_decimals(count: int) -> Text:
    if count == 0:
        return Text("Ange ett heltal (utan decimaler).", "Enter a whole number (no decimals).")
    return Text(f"Högst {count} decimaler.", f"At most {count} decimals.")


def _below(limit: str) -> Text:
    return Text(f"Värdet får inte vara mindre än {limit}.", f"The value cannot be below {limit}.")


def _above(limit: str) -> Text:
    return Text(f"Värdet får inte vara större än {limit}.", f"The value cannot be above {limit}.")


messages = SimpleNamespace(
    EMPTY=Text("Ange ett tal.", "Enter a number."),
    NOT_FINITE=Text(
        "Ange ett ändligt tal – inte NaN eller oändligt.",
        "Enter a finite number – not NaN or infinity.",
    ),
    NOT_INTEGER=Text("Ange ett heltal (utan decimaler).", "Enter a whole number (no decimals)."),
    NEGATIVE=Text("Värdet får inte vara negativt.", "The value cannot be negative."),
    not_a_number=_not_a_number,
    point_grouping=_point_grouping,
    mixed_separators=_mixed_separators,
    comma_in_english=_comma_in_english,
    bad_grouping=_bad_grouping,
    too_large=_too_large,
    too_long=_too_long,
    too_many_decimals=_too_many_decimals,
    below=_below,
    above=_above,
)
