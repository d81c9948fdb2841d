"""YAML and JSON files (calculation case files) read with errors a coordinator can act on.

Why: PyYAML's and json's messages are English parser jargon ("mapping values are not allowed
here"). The common mistakes — a tab for indentation, a missing colon, a misaligned line, a missing
comma or quote in JSON — are explained in Swedish and English with the line and column, counted
from 1 as an editor shows them. JSON's ``NaN``/``Infinity`` are refused (they are not JSON and
would become non-finite numbers), as are integers too long to be numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import yaml

from sikt.files.errors import FileError, FileIssue
from sikt.files.limits import DEFAULT_LIMITS, Limits, megabytes
from sikt.files.text import decode_text
from sikt.text import Text

_YAML_PROBLEMS = [
    (
        "mapping values are not allowed",
        "ett kolon står där inget värde får börja – saknas ett radbyte, eller ska texten stå "
        "inom citattecken?",
        "a colon where no value may start – is a line break missing, or should the text be quoted?",
    ),
    (
        "could not find expected ':'",
        "ett kolon (:) saknas efter nyckeln",
        "a colon (:) is missing after the key",
    ),
    (
        "cannot start any token",
        "ett tecken som inte får inleda ett värde, ofta en tabb – dra in med mellanslag",
        "a character that cannot start a value, often a tab – indent with spaces",
    ),
    (
        "expected <block end>",
        "indraget stämmer inte med raderna ovanför",
        "the indentation does not match the lines above",
    ),
    (
        "did not find expected '-' indicator",
        "indraget stämmer inte med listan ovanför",
        "the indentation does not match the list above",
    ),
    (
        "did not find expected key",
        "indraget stämmer inte – en nyckel väntades här",
        "the indentation is wrong – a key was expected here",
    ),
    (
        "found unexpected end of stream",
        "filen tar slut mitt i ett värde (saknas ett avslutande citattecken eller en hakparentes?)",
        "the file ends in the middle of a value (a closing quote or bracket missing?)",
    ),
    (
        "found duplicate anchor",
        "samma ankare (&namn) används två gånger",
        "the same anchor (&name) is used twice",
    ),
    (
        "found undefined alias",
        "en hänvisning (*namn) saknar ankare",
        "an alias (*name) has no anchor",
    ),
]

_JSON_PROBLEMS = {
    "Expecting ',' delimiter": ("ett kommatecken saknas", "a comma is missing"),
    "Expecting ':' delimiter": ("ett kolon saknas", "a colon is missing"),
    "Expecting value": ("ett värde saknas eller är ogiltigt", "a value is missing or invalid"),
    "Expecting property name enclosed in double quotes": (
        "nyckeln ska stå inom dubbla citattecken (och inget kommatecken före })",
        "the key must be in double quotes (and no comma before })",
    ),
    "Unterminated string starting at": ("citattecknet avslutas inte", "the quote is not closed"),
    "Extra data": ("text efter slutet av dokumentet", "text after the end of the document"),
    "Invalid control character at": (
        "ett otillåtet tecken (t.ex. en tabb) i en text",
        "a character not allowed in a text (e.g. a tab)",
    ),
}


def _syntax(name: str, line: int | None, column: int | None, sv: str, en: str) -> FileError:
    where = f"rad {line}, kolumn {column}: " if line is not None else ""
    where_en = f"line {line}, column {column}: " if line is not None else ""
    return FileError(name, [FileIssue(Text(f"{where}{sv}", f"{where_en}{en}"))])


def _yaml_error(name: str, error: yaml.YAMLError) -> FileError:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = str(getattr(error, "problem", "") or error)
    for fragment, sv, en in _YAML_PROBLEMS:
        if fragment in problem:
            return _syntax(name, line, column, sv, en)
    return _syntax(
        name,
        line,
        column,
        f"felaktig YAML-syntax ({problem})",
        f"YAML syntax error ({problem})",
    )


def _refuse_constant(value: str) -> Any:
    raise ValueError(f"non-finite constant {value}")


def load_structured(
    data: bytes,
    name: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    yaml_loader: type[yaml.SafeLoader] = yaml.SafeLoader,
    parse_int: Callable[[str], Any] | None = None,
    allow_non_finite: bool = False,
) -> Any:
    """The content of a ``.json`` file (by name) or a YAML file; :class:`FileError` otherwise.

    ``yaml_loader`` (a ``SafeLoader`` subclass) and ``parse_int`` (for JSON) let a caller read
    numbers its own way, e.g. ``sikt.calc``'s bounded integers. ``allow_non_finite`` lets JSON's
    ``NaN``/``Infinity`` through for a caller whose validation names the field they stand in.
    """
    if len(data) > limits.max_bytes:
        raise FileError.whole(
            name,
            f"filen är större än {megabytes(limits.max_bytes)} MB",
            f"the file is larger than {megabytes(limits.max_bytes)} MB",
        )
    text = decode_text(data, name)
    if not text.strip():
        raise FileError.whole(name, "filen är tom", "the file is empty")
    if name.lower().endswith(".json"):
        try:
            constant = None if allow_non_finite else _refuse_constant
            return json.loads(text, parse_constant=constant, parse_int=parse_int)
        except json.JSONDecodeError as error:
            sv, en = _JSON_PROBLEMS.get(error.msg, (error.msg, error.msg))
            raise _syntax(name, error.lineno, error.colno, sv, en) from None
        except RecursionError:
            raise FileError.whole(
                name, "filen är för djupt nästlad", "the file is nested too deeply"
            ) from None
        except ValueError:
            raise _not_finite(name) from None
    try:
        return yaml.load(text, Loader=yaml_loader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as error:
        raise _yaml_error(name, error) from None
    except RecursionError:
        raise FileError.whole(
            name, "filen är för djupt nästlad", "the file is nested too deeply"
        ) from None
    except (ValueError, OverflowError):
        raise _not_finite(name) from None


def _not_finite(name: str) -> FileError:
    return FileError.whole(
        name,
        "filen innehåller ett tal som inte är ändligt (NaN, oändligt) eller är orimligt långt",
        "the file contains a number that is not finite (NaN, infinity) or is unreasonably long",
    )
