"""Reading and writing case files (YAML or JSON) with bilingual, path-naming errors."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sikt.calc.case import Case
from sikt.calc.messages import InputError, Issue, issues_from
from sikt.calc.unit_costs import UnitCostLibrary, load_unit_cost_library
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
        raise InputError(name, issues_from(error)) from None


def _read(path: Path) -> Any:
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise InputError(
            str(path),
            [
                Issue(
                    "(fil/file)",
                    Text(f"kan inte läsas: {error.strerror}", f"cannot be read: {error.strerror}"),
                )
            ],
        ) from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise InputError(
            str(path),
            [Issue("(fil/file)", Text(f"felaktig syntax: {error}", f"syntax error: {error}"))],
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            str(path),
            [Issue("(fil/file)", Text("ska vara en tabell (nyckel: värde)", "must be a mapping"))],
        )
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
