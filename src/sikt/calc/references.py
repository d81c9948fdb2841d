"""Cross-field rules of a case, checked on the raw data so every problem is reported at once.

Why: a case file with a NaN effect *and* a misspelt bearer should list both problems in one
go (issue 8: "a case file's errors are all reported at once"). Pydantic checks each field on its
own but runs a model's cross-field validator only when every field is valid. These rules — bearer
and unit-cost keys exist, lengths fit the horizon, composite costs are split, participant costs
and probability effects have a target group, keys are unique — therefore read the plain data
(the parsed YAML/JSON, or a validated case dumped back) and skip any part whose shape is wrong
(pydantic reports that part itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from sikt.calc.messages import Issue
from sikt.text import Text


class _Library(Protocol):
    def __contains__(self, key: object) -> bool: ...
    def __getitem__(self, key: str) -> Any: ...


def _items(data: Mapping[str, Any], key: str) -> list[tuple[int, Mapping[str, Any]]]:
    """``(index, item)`` for the mappings of the list ``data[key]`` (nothing if not a list)."""
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, Mapping)]


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, list) else None


def _key(item: Mapping[str, Any]) -> str | None:
    key = item.get("key")
    return key if isinstance(key, str) else None


def reference_issues(data: Mapping[str, Any], library: _Library | None) -> list[Issue]:
    """Every broken cross-field rule of the case ``data``, each naming its field path."""
    issues: list[Issue] = []

    def fail(path: str, sv: str, en: str) -> None:
        issues.append(Issue(path, Text(sv, en)))

    bearer_items = _items(data, "bearers")
    bearers = {_key(b) for _i, b in bearer_items} - {None}
    check_bearers = bool(bearers) and len(bearers) == len(bearer_items)
    local = {
        key: bool(u.get("composite", False))
        for _i, u in _items(data, "unit_costs")
        if (key := _key(u)) is not None
    }
    horizon = data.get("horizon_years")
    if not isinstance(horizon, int) or isinstance(horizon, bool):
        horizon = None
    target_group = data.get("target_group")
    has_group = isinstance(target_group, Mapping)

    def bearer_known(path: str, key: Any) -> None:
        if check_bearers and isinstance(key, str) and key not in bearers:
            fail(path, f"okänd kostnadsbärare '{key}'", f"unknown cost bearer '{key}'")

    def too_long(path: str, values: Any) -> None:
        length = _length(values)
        if horizon is not None and length is not None and length > horizon:
            fail(
                path,
                f"fler år än horisonten ({length} år, horisonten är {horizon} år)",
                f"more years than the horizon ({length} years, the horizon is {horizon})",
            )

    def bearing(path: str, line: Mapping[str, Any]) -> None:
        bearer, shares = line.get("bearer"), line.get("shares")
        if bearer is not None:
            bearer_known(f"{path}.bearer", bearer)
        elif isinstance(shares, Mapping):
            for key in shares:
                bearer_known(f"{path}.shares", key)
        unit_cost = line.get("unit_cost")
        if not isinstance(unit_cost, str):
            return
        if unit_cost in local:
            composite = local[unit_cost]
        elif library is not None and unit_cost in library:
            composite = bool(library[unit_cost].composite)
        else:
            where = "i fallet eller biblioteket" if library is not None else "i fallet"
            fail(
                f"{path}.unit_cost",
                f"okänd enhetskostnad '{unit_cost}' {where}",
                f"unknown unit cost '{unit_cost}'",
            )
            return
        if composite and bearer is not None:
            fail(
                f"{path}.unit_cost",
                f"'{unit_cost}' är en sammansatt kostnad för flera aktörer "
                "och måste delas upp med shares",
                f"'{unit_cost}' is a composite multi-bearer cost and must be split with shares",
            )

    def unique(section: str, items: list[tuple[int, Mapping[str, Any]]], seen: set[str]) -> None:
        for i, item in items:
            key = _key(item)
            if key is None:
                continue
            if key in seen:
                fail(
                    f"{section}[{i}].key", f"nyckeln '{key}' finns redan", f"duplicate key '{key}'"
                )
            seen.add(key)

    for i, cost in _items(data, "costs"):
        bearer_known(f"costs[{i}].bearer", cost.get("bearer"))
        too_long(f"costs[{i}].amounts", cost.get("amounts"))
        if cost.get("per_participant") is True and not has_group:
            fail(f"costs[{i}].per_participant", "kräver target_group", "needs target_group")
    if isinstance(target_group, Mapping):
        too_long("target_group.size_per_year", target_group.get("size_per_year"))
    outcome_keys: set[str] = set()
    unique("outcomes", _items(data, "outcomes"), outcome_keys)
    unique("type_cases", _items(data, "type_cases"), outcome_keys)
    for i, outcome in _items(data, "outcomes"):
        if outcome.get("effect_kind") == "probability" and not has_group:
            fail(
                f"outcomes[{i}].effect_kind",
                "probability kräver target_group",
                "probability needs target_group",
            )
        for j, line in _items(outcome, "valuation"):
            bearing(f"outcomes[{i}].valuation[{j}]", line)
    for i, type_case in _items(data, "type_cases"):
        too_long(f"type_cases[{i}].persons_per_year", type_case.get("persons_per_year"))
        for j, line in _items(type_case, "lines"):
            bearing(f"type_cases[{i}].lines[{j}]", line)
    unique("scenarios", _items(data, "scenarios"), set())
    return issues
