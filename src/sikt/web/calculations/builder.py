"""Apply the case builder's forms to the case data (the JSON ``sikt.calc`` validates).

Pure functions on dicts: each takes the current case data and a form's cleaned values and
returns new case data; ``initial_*`` do the reverse to fill a form. No formulas live here.
"""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal
from typing import Any

from sikt.calc import BearerKind
from sikt.web.accounts.models import Committee
from sikt.web.calculations import uncertain
from sikt.web.calculations.compute import committee_key

#: Other cost bearers offered by default: key → (name, kind). Keys avoid the reserved
#: aggregate names (organisation, region, state, individual, society).
EXTERNAL_BEARERS: dict[str, tuple[str, BearerKind]] = {
    "regionen": ("Regionen", BearerKind.REGION),
    "arbetsformedlingen": ("Arbetsförmedlingen", BearerKind.EMPLOYMENT_SERVICE),
    "forsakringskassan": ("Försäkringskassan", BearerKind.SOCIAL_INSURANCE),
    "staten": ("Staten", BearerKind.STATE),
    "individen": ("Individen", BearerKind.INDIVIDUAL),
}


#: The shortest horizon offered for a new calculation: effects usually outlast the project.
MIN_HORIZON = 5


def new_case(
    title: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    price_year: int | None = None,
) -> dict[str, Any]:
    """A starting point for a new calculation (completed by the general-settings form): the
    base year is the first year of the project period from the plan (else this year) and the
    horizon covers the project period, at least :data:`MIN_HORIZON` years."""
    year = start.year if start else datetime.date.today().year
    project_years = end.year - year + 1 if end and end.year >= year else 0
    data: dict[str, Any] = {
        "schema_version": 1,
        "key": "kalkyl",
        "name": title,
        "base_year": year,
        "horizon_years": max(MIN_HORIZON, project_years),
        "bearers": [],
    }
    if price_year:
        data["price_year"] = price_year
    return data


def years(data: dict[str, Any]) -> list[int]:
    """The calendar years of the horizon: ``amounts[0]`` is the base year."""
    return [data["base_year"] + t for t in range(data["horizon_years"])]


def external_choices(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Non-committee bearers: the defaults plus any the case already has."""
    choices = {key: name for key, (name, _kind) in EXTERNAL_BEARERS.items()}
    for bearer in data.get("bearers", []):
        if bearer["kind"] != BearerKind.COMMITTEE.value:
            choices[bearer["key"]] = bearer["name"]
    return list(choices.items())


def committee_choices(
    committees: list[Committee], committee_map: dict[str, int]
) -> list[tuple[str, str]]:
    """(bearer key, committee name) for the organisation's active committees."""
    key_of = {pk: key for key, pk in committee_map.items()}
    return [(key_of.get(c.pk, committee_key(c.name)), c.name) for c in committees]


def bearer_choices(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(b["key"], b["name"]) for b in data.get("bearers", [])]


def _rate_percent(data: dict[str, Any]) -> Decimal:
    rate = data.get("discounting", {}).get("rate", 0.035)
    return Decimal(str(round(rate * 100, 4)))


def initial_general(data: dict[str, Any]) -> dict[str, Any]:
    adjustments = data.get("adjustments", {})
    repayment = data.get("repayment", {})
    return {
        "name": data.get("name", ""),
        "description": data.get("description", ""),
        "base_year": data.get("base_year"),
        "price_year": data.get("price_year"),
        "horizon_years": data.get("horizon_years"),
        "discount_rate": _rate_percent(data),
        "committees": [b["key"] for b in data.get("bearers", []) if b["kind"] == "committee"],
        "external": [b["key"] for b in data.get("bearers", []) if b["kind"] != "committee"],
        "deadweight": uncertain.format_share(adjustments.get("deadweight", 0)),
        "attribution": uncertain.format_share(adjustments.get("attribution", 0)),
        "displacement": uncertain.format_share(adjustments.get("displacement", 0)),
        "repayment_first_year": repayment.get("first_year"),
        "repayment_last_year": repayment.get("last_year"),
        "share_of_savings": Decimal(str(round(repayment.get("share_of_savings", 1) * 100, 4))),
        "approval_basis": repayment.get("approval_basis", "undiscounted"),
    }


def apply_general(
    data: dict[str, Any],
    values: dict[str, Any],
    committee_names: dict[str, str],
    external_names: dict[str, str],
) -> dict[str, Any]:
    out = copy.deepcopy(data)
    old = {b["key"]: b for b in out.get("bearers", [])}
    bearers = []
    for key in values["committees"]:
        name = old[key]["name"] if key in old else committee_names[key]
        bearers.append({"key": key, "name": name, "kind": BearerKind.COMMITTEE.value})
    for key in values["external"]:
        if key in old:
            bearers.append(old[key])
        else:
            name, kind = EXTERNAL_BEARERS[key]
            bearers.append({"key": key, "name": external_names.get(key, name), "kind": kind.value})
    out.update(
        name=values["name"],
        description=values["description"],
        base_year=values["base_year"],
        horizon_years=values["horizon_years"],
        bearers=bearers,
    )
    if values.get("price_year"):
        out["price_year"] = values["price_year"]
    else:
        out.pop("price_year", None)
    out.setdefault("discounting", {})["rate"] = float(values["discount_rate"]) / 100
    adjustments = out.setdefault("adjustments", {})
    for name in ("deadweight", "attribution", "displacement"):
        adjustments[name] = values[name]
    repayment = out.setdefault("repayment", {})
    for field, name in (
        ("repayment_first_year", "first_year"),
        ("repayment_last_year", "last_year"),
    ):
        if values.get(field):
            repayment[name] = values[field]
        else:
            repayment.pop(name, None)
    repayment["share_of_savings"] = float(values["share_of_savings"]) / 100
    repayment["approval_basis"] = values["approval_basis"]
    return out


def initial_cost(data: dict[str, Any], index: int) -> dict[str, Any]:
    line = data["costs"][index]
    return {
        "name": line["name"],
        "bearer": line["bearer"],
        "amounts": line["amounts"],
        "per_participant": line.get("per_participant", False),
    }


def apply_cost(data: dict[str, Any], index: int | None, values: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    costs = out.setdefault("costs", [])
    line = costs[index] if index is not None else {}
    line.update(name=values["name"], bearer=values["bearer"], amounts=values["amounts"])
    line["per_participant"] = bool(values.get("per_participant"))
    if index is None:
        costs.append(line)
    return out


def initial_target_group(data: dict[str, Any]) -> dict[str, Any]:
    group = data.get("target_group") or {}
    return {
        "name": group.get("name", ""),
        "size_per_year": group.get("size_per_year", []),
    }


def apply_target_group(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out["target_group"] = {"name": values["name"], "size_per_year": values["size_per_year"]}
    return out


def _effect_initial(effect: Any) -> dict[str, Any]:
    if isinstance(effect, int | float):
        return {"effect_distribution": "fixed", "effect_value": effect}
    dist = effect.get("dist", "fixed")
    if dist == "fixed":
        return {"effect_distribution": "fixed", "effect_value": effect["value"]}
    if dist in {"normal", "lognormal"}:
        return {
            "effect_distribution": "normal",
            "effect_value": effect["mean"],
            "effect_sd": effect["sd"],
        }
    middle = effect.get("mode", (effect["low"] + effect["high"]) / 2)
    return {
        "effect_distribution": dist,
        "effect_value": middle,
        "effect_low": effect["low"],
        "effect_high": effect["high"],
    }


def initial_outcome(data: dict[str, Any], index: int) -> dict[str, Any]:
    outcome = data["outcomes"][index]

    def optional(name: str) -> str:
        value = outcome.get(name)
        return "" if value is None else uncertain.format_share(value)

    return {
        "name": outcome["name"],
        "direction": outcome.get("direction", "avoided"),
        "effect_kind": outcome.get("effect_kind", "count"),
        **_effect_initial(outcome["effect"]),
        "duration_years": outcome.get("duration_years", 1),
        "drop_off": uncertain.format_share(outcome.get("drop_off", 0)),
        "confidence": outcome.get("confidence", "B"),
        "deadweight": optional("deadweight"),
        "attribution": optional("attribution"),
        "displacement": optional("displacement"),
    }


def initial_valuations(data: dict[str, Any], index: int) -> list[dict[str, Any]]:
    """One row per valuation line of outcome ``index``: unit cost, quantity and the split
    over bearers in per cent (``split_<bearer key>``)."""
    rows = []
    for line in data["outcomes"][index]["valuation"]:
        split = line.get("shares") or {line.get("bearer"): 1.0}
        rows.append(
            {
                "unit_cost": line["unit_cost"],
                "quantity": uncertain.format_value(line.get("quantity", 1)),
                **{
                    f"split_{key}": Decimal(str(round(share * 100, 4)))
                    for key, share in split.items()
                    if key
                },
            }
        )
    return rows


def _outcome_key(name: str, taken: set[str]) -> str:
    base = committee_key(name)[:60] or "utfall"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def apply_outcome(
    data: dict[str, Any],
    index: int | None,
    values: dict[str, Any],
    valuations: list[dict[str, Any]],
) -> dict[str, Any]:
    """Set outcome ``index`` (or add one) with its valuation lines (each ``unit_cost``,
    ``quantity`` and ``split``: bearer key → share of the value; one bearer with the whole
    value is written as ``bearer``)."""
    out = copy.deepcopy(data)
    outcomes = out.setdefault("outcomes", [])
    outcome = outcomes[index] if index is not None else {}
    if index is None:
        taken = {o["key"] for o in outcomes} | {t["key"] for t in out.get("type_cases", [])}
        outcome["key"] = _outcome_key(values["name"], taken)
    lines = []
    for row in valuations:
        line: dict[str, Any] = {"unit_cost": row["unit_cost"], "quantity": row["quantity"]}
        split = {key: share for key, share in row["split"].items() if share}
        if len(split) == 1:
            line["bearer"] = next(iter(split))
        else:
            line["shares"] = split
        lines.append(line)
    outcome.update(
        name=values["name"],
        direction=values["direction"],
        effect_kind=values["effect_kind"],
        effect=values["effect"],
        duration_years=values["duration_years"],
        drop_off=values["drop_off"],
        confidence=values["confidence"],
        valuation=lines,
    )
    for name in ("deadweight", "attribution", "displacement"):
        if values.get(name) is None:
            outcome.pop(name, None)
        else:
            outcome[name] = values[name]
    if index is None:
        outcomes.append(outcome)
    return out


def initial_scenario(data: dict[str, Any], index: int) -> dict[str, Any]:
    scenario = data["scenarios"][index]
    return {
        "name": scenario["name"],
        "effect_scale": Decimal(str(round(scenario.get("effect_scale", 1) * 100, 4))),
        "cost_scale": Decimal(str(round(scenario.get("cost_scale", 1) * 100, 4))),
    }


def apply_scenario(
    data: dict[str, Any], index: int | None, values: dict[str, Any]
) -> dict[str, Any]:
    """Set scenario ``index`` (or add one): effects and costs as per cent of the expected."""
    out = copy.deepcopy(data)
    scenarios = out.setdefault("scenarios", [])
    scenario = scenarios[index] if index is not None else {}
    if index is None:
        scenario["key"] = _outcome_key(values["name"], {s["key"] for s in scenarios})
    scenario.update(
        name=values["name"],
        effect_scale=float(values["effect_scale"]) / 100,
        cost_scale=float(values["cost_scale"]) / 100,
    )
    if index is None:
        scenarios.append(scenario)
    return out


def initial_price_index(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"year": int(year), "value": Decimal(str(value))}
        for year, value in sorted(data.get("price_index", {}).items(), key=lambda i: int(i[0]))
    ]


def apply_price_index(data: dict[str, Any], series: dict[int, float]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out["price_index"] = {year: series[year] for year in sorted(series)}
    return out


def remove(data: dict[str, Any], section: str, index: int) -> dict[str, Any]:
    out = copy.deepcopy(data)
    del out[section][index]
    return out
