"""Bilingual validation errors for pydantic models of the calculation engine.

Why: a coordinator or economist reads the error first in Swedish, the CLI prints both languages,
and every error must name the field path (``outcomes[0].effect.high``) so the case file can be
fixed without guessing. Pydantic's own messages are English only, so the common error types are
translated here and Sikt's own rules carry both languages from the start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from sikt.files import FileError
from sikt.text import Text


def rule_error(sv: str, en: str) -> PydanticCustomError:
    """An error for a Sikt rule, carrying both languages through pydantic."""
    return PydanticCustomError("sikt_rule", "{en}", {"sv": sv, "en": en})


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in an input: where (a field path or row/column) and what is wrong."""

    path: str
    message: Text

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InputError(ValueError):
    """Raised when an input (case file, unit-cost table) is invalid; holds every issue found."""

    def __init__(self, source: str, issues: Sequence[Issue]) -> None:
        self.source = source
        self.issues = list(issues)
        shown = "; ".join(str(issue) for issue in self.issues[:5])
        more = f" (+{len(self.issues) - 5})" if len(self.issues) > 5 else ""
        super().__init__(f"{source}: {shown}{more}")


REFERENCES = "sikt_references"


def references_error(issues: Sequence[Issue]) -> PydanticCustomError:
    """One pydantic error carrying several :class:`Issue` objects with their own field paths
    (a model validator can raise only one error; :func:`issues_from` unpacks it)."""
    return PydanticCustomError(
        REFERENCES,
        "{en}",
        {"en": "; ".join(f"{i.path}: {i.message.en}" for i in issues), "issues": list(issues)},
    )


_SV_BY_TYPE = {
    "missing": "värde saknas",
    "extra_forbidden": "okänt fält",
    "float_parsing": "ska vara ett tal",
    "float_type": "ska vara ett tal",
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "int_parsing_size": "talet är för stort",
    "finite_number": "ska vara ett ändligt tal (inte NaN eller oändligt)",
    "string_type": "ska vara text",
    "list_type": "ska vara en lista",
    "dict_type": "ska vara en tabell (nyckel: värde)",
    "model_type": "ska vara en tabell (nyckel: värde)",
    "model_attributes_type": "ska vara ett tal eller en fördelning",
    "bool_parsing": "ska vara sant eller falskt",
    "literal_error": "ska vara ett av de tillåtna värdena",
    "enum": "ska vara ett av de tillåtna värdena",
    "union_tag_invalid": "okänd fördelning",
    "union_tag_not_found": "ange fördelning med 'dist' eller ett tal",
    "greater_than": "är för litet",
    "greater_than_equal": "är för litet",
    "less_than": "är för stort",
    "less_than_equal": "är för stort",
    "too_short": "har för få värden",
    "too_long": "har för många värden",
    "string_pattern_mismatch": "har otillåtna tecken",
    "string_too_short": "får inte vara tomt",
}


def from_file_error(error: FileError) -> InputError:
    """A :class:`sikt.files.FileError` (unreadable file, missing column, too many rows) as an
    :class:`InputError` naming the same file, rows and columns."""
    return InputError(error.name, [Issue(issue.where, issue.message) for issue in error.issues])


def format_path(loc: Sequence[int | str]) -> str:
    """``('outcomes', 0, 'effect')`` → ``outcomes[0].effect`` (union tags dropped; the
    ``value`` of a fixed number is the field itself)."""
    out = ""
    for index, part in enumerate(loc):
        if part == "value" and index > 0 and loc[index - 1] == "fixed":
            continue  # a plain number is a fixed distribution: the field is the path
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in {
            "fixed",
            "uniform",
            "triangular",
            "pert",
            "normal",
            "lognormal",
        } or part.startswith(("function-", "tagged-union")):
            continue
        else:
            out += f".{part}" if out else part
    return out or "(case)"


def issues_from(error: ValidationError) -> list[Issue]:
    """Translate a pydantic ``ValidationError`` into bilingual :class:`Issue` objects."""
    issues: list[Issue] = []
    for item in error.errors():
        ctx: dict[str, Any] = item.get("ctx") or {}
        if item["type"] == REFERENCES:
            issues.extend(ctx["issues"])
            continue
        if item["type"] == "sikt_rule":
            text = Text(sv=str(ctx["sv"]), en=str(ctx["en"]))
        else:
            english = str(item["msg"])
            sv = _SV_BY_TYPE.get(item["type"], "ogiltigt värde")
            text = Text(sv=f"{sv} ({english})", en=english)
        issues.append(Issue(path=format_path(item["loc"]), message=text))
    return issues
