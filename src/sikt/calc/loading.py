"""Reading and writing case files (YAML or JSON) with bilingual, path-naming errors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sikt.calc.bounds import TOO_LONG
from sikt.calc.case import Case
from sikt.calc.messages import REFERENCES, InputError, Issue, from_file_error, issues_from
from sikt.calc.references import reference_issues
from sikt.calc.unit_costs import UnitCostLibrary, load_unit_cost_library
from sikt.files import FileError, load_structured
from sikt.text import Text


def load_case(
    source: str | Path | Mapping[str, Any], library: UnitCostLibrary | None = None
) -> Case:
    """Validate a case from a ``.yaml``/``.yml``/``.json`` file or an already parsed mapping
    (e.g. the web's JSONField). Unit-cost keys are checked against ``library`` (default: the
    starter library). Raises :class:`~sikt.calc.messages.InputError` listing every issue."""
    library = library if library is not None else load_unit_cost_library()
    if isinstance(source, Mapping):
        name, data = "case", dict(source)
    else:
        path = Path(source)
        name = str(path)
        data = _read(path)
    try:
        return Case.model_validate(data, context={"library": library})
    except ValidationError as error:
        issues = issues_from(error)
        if not any(item["type"] == REFERENCES for item in error.errors()):
            # Field errors stop pydantic before the cross-field rules: check those on the raw
            # data too, so one attempt lists every problem of the file.
            issues += reference_issues(data, library)
        raise InputError(name, issues) from None


def _integer(text: str) -> int | float:
    """An integer of a case file; one too long for Python (> 4 300 digits) or for a float
    becomes ±:data:`~sikt.calc.bounds.TOO_LONG`, which validation refuses as too large."""
    digits = text.lstrip("+-").replace("_", "")
    sign = -1.0 if text.startswith("-") else 1.0
    if len(digits) > 300:
        return sign * TOO_LONG
    return int(text)


class _CaseLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` whose integers go through :func:`_integer` (no crash on huge ones)."""


def _yaml_integer(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = str(loader.construct_scalar(node))
    if len(value.lstrip("+-").replace("_", "")) > 300:
        return _integer(value)
    return loader.construct_yaml_int(node)


_CaseLoader.add_constructor("tag:yaml.org,2002:int", _yaml_integer)
# YAML 1.2 floats without a decimal point (``1e5``, ``2E-3``) are numbers, not text (PyYAML
# follows YAML 1.1 here); a value too large for a float (``1e999``) becomes ∞ and is refused.
_CaseLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def _fail(path: Path, sv: str, en: str) -> InputError:
    return InputError(str(path), [Issue("(fil/file)", Text(sv, en))])


def _read(path: Path) -> Any:
    """The file's content: UTF-8 (with or without BOM) or Windows-1252, syntax errors
    explained with line and column (:func:`sikt.files.load_structured`); integers too long for
    a number and ``1e5``-style floats handled by :class:`_CaseLoader` and :func:`_integer`."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _fail(
            path, f"kan inte läsas: {error.strerror}", f"cannot be read: {error.strerror}"
        ) from None
    try:
        data = load_structured(
            raw,
            str(path),
            yaml_loader=_CaseLoader,
            parse_int=_integer,
            allow_non_finite=True,  # the case model refuses NaN/∞ naming the field
        )
    except FileError as error:
        raise from_file_error(error) from None
    if not isinstance(data, dict):
        raise _fail(path, "ska vara en tabell (nyckel: värde)", "must be a mapping")
    return data


def case_to_dict(case: Case) -> dict[str, Any]:
    """The case as plain JSON-compatible data (round-trips through :func:`load_case`)."""
    return case.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def example_case_paths() -> list[Path]:
    """The worked example cases shipped with the package (also used to seed the demo
    organisation "Exempelby kommun")."""
    folder = resources.files("sikt.calc").joinpath("data/examples")
    return sorted(
        Path(str(folder.joinpath(entry.name)))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )
