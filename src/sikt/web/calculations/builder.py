"""Apply the case builder's forms to the case data (the JSON ``sikt.calc`` validates).

Pure functions on dicts: each takes the current case data and a form's cleaned values and
returns new case data; ``initial_*`` do the reverse to fill a form. No formulas live here.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sikt import numbers
from sikt.calc import BearerKind
from sikt.calc.case import Adjustments
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
    year = start.year if start else timezone.localdate().year
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


#: The optimism bias per confidence grade when the case gives none (``sikt.calc``'s default).
OPTIMISM_BIAS: dict[str, float] = {
    str(grade): share for grade, share in Adjustments().optimism_bias.items()
}


def optimism_bias(data: dict[str, Any]) -> dict[str, float]:
    """The share of the benefit removed per confidence grade, A–D."""
    return {**OPTIMISM_BIAS, **data.get("adjustments", {}).get("optimism_bias", {})}


def unit_cost_choices(
    data: dict[str, Any], library: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The unit costs a valuation line may use: the organisation's library, the case's own
    (``unit_costs``, e.g. from an imported case file) and any key a line already uses that
    neither has — so every line of an imported case opens and saves as it is; ``sikt.calc``
    names an unknown key when the case is saved."""
    choices = dict(library)
    for unit in data.get("unit_costs", []):
        choices[unit["key"]] = _("%(name)s – %(amount)s kr (from the case file)") % {
            "name": unit["name"],
            "amount": uncertain.format_value(unit["amount"]),
        }
    items = [*data.get("outcomes", []), *data.get("type_cases", [])]
    for line in (line for item in items for line in item.get("valuation", item.get("lines", []))):
        key = line["unit_cost"]
        choices.setdefault(key, _("%(key)s (not in the unit-cost library)") % {"key": key})
    return list(choices.items())


def composite_keys(data: dict[str, Any], library: set[str]) -> set[str]:
    """Keys of the composite unit costs (library and case), which need a split over bearers."""
    return library | {u["key"] for u in data.get("unit_costs", []) if u.get("composite")}


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
        "cost_uplift": Decimal(str(adjustments.get("cost_uplift", 0))),
        **{
            f"optimism_bias_{grade}": Decimal(str(share))
            for grade, share in optimism_bias(data).items()
        },
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
    for name in ADJUSTMENTS:
        adjustments[name] = values[name]
    if values.get("cost_uplift"):
        adjustments["cost_uplift"] = float(values["cost_uplift"])
    else:
        adjustments.pop("cost_uplift", None)  # 0, the default
    adjustments["optimism_bias"] = {
        grade: default
        if values.get(f"optimism_bias_{grade}") is None
        else float(values[f"optimism_bias_{grade}"])
        for grade, default in OPTIMISM_BIAS.items()
    }
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


#: The adjustments an outcome or a type case may set for itself (else the case's default).
ADJUSTMENTS = ("deadweight", "attribution", "displacement")


def initial_outcome(data: dict[str, Any], index: int) -> dict[str, Any]:
    outcome = data["outcomes"][index]
    return {
        "name": outcome["name"],
        "direction": outcome.get("direction", "avoided"),
        "effect_kind": outcome.get("effect_kind", "count"),
        **_effect_initial(outcome["effect"]),
        "duration_years": outcome.get("duration_years", 1),
        "drop_off": uncertain.format_share(outcome.get("drop_off", 0)),
        "confidence": outcome.get("confidence", "B"),
        "ramp_up": outcome.get("ramp_up", []),
        **{name: _optional_share(outcome, name) for name in ADJUSTMENTS},
    }


def _initial_split(line: dict[str, Any]) -> dict[str, Decimal]:
    """A line's bearer or shares as the split table's fields (``split_<key>``, per cent)."""
    split = line.get("shares") or {line.get("bearer"): 1.0}
    return {
        f"split_{key}": Decimal(str(round(share * 100, 4))) for key, share in split.items() if key
    }


def split_text(line: dict[str, Any], bearers: dict[str, str]) -> str:
    """``Socialnämnden 67 %, Staten 33 %``: who bears a line's value (``bearers``: key → name)."""
    split = line.get("shares") or {line.get("bearer"): 1.0}
    # In the case's order of bearers: a stored case's mapping keeps no order of its own
    # (PostgreSQL's jsonb orders keys by length).
    order = {key: index for index, key in enumerate(bearers)}
    ordered = sorted(split.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    return ", ".join(
        f"{bearers.get(key, key)} {numbers.format_percent(share, decimals=2, trim=True)}"
        for key, share in ordered
        if key
    )


def _bearing(split: dict[str, float]) -> dict[str, Any]:
    """The split typed in a line's table as the case writes it: one bearer with the whole
    value as ``bearer``, several as ``shares``."""
    split = {key: share for key, share in split.items() if share}
    if len(split) == 1:
        return {"bearer": next(iter(split))}
    return {"shares": split}


def initial_valuations(data: dict[str, Any], index: int) -> list[dict[str, Any]]:
    """One row per valuation line of outcome ``index``: unit cost, quantity and the split
    over bearers in per cent (``split_<bearer key>``)."""
    return [
        {
            "unit_cost": line["unit_cost"],
            "quantity": uncertain.format_value(line.get("quantity", 1)),
            **_initial_split(line),
        }
        for line in data["outcomes"][index]["valuation"]
    ]


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
    lines = [
        {"unit_cost": row["unit_cost"], "quantity": row["quantity"], **_bearing(row["split"])}
        for row in valuations
    ]
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
    if values.get("ramp_up"):
        outcome["ramp_up"] = values["ramp_up"]
    else:
        outcome.pop("ramp_up", None)  # the full effect every year
    _set_adjustments(outcome, values)
    if index is None:
        outcomes.append(outcome)
    return out


def _set_adjustments(item: dict[str, Any], values: dict[str, Any]) -> None:
    """An outcome's or type case's own deadweight, attribution and displacement; an empty
    field uses the case's default."""
    for name in ADJUSTMENTS:
        if values.get(name) is None:
            item.pop(name, None)
        else:
            item[name] = values[name]


def _optional_share(item: dict[str, Any], name: str) -> str:
    value = item.get(name)
    return "" if value is None else uncertain.format_share(value)


def trajectory_span(data: dict[str, Any], index: int | None) -> int:
    """How many years after a person's start a type case's lines are typed for: the horizon,
    or more if a line of the case is already longer (nothing typed is dropped)."""
    lines = data["type_cases"][index]["lines"] if index is not None else []
    return max([data["horizon_years"], *(len(line["without"]) for line in lines)])


def initial_type_case(data: dict[str, Any], index: int) -> dict[str, Any]:
    item = data["type_cases"][index]
    return {
        "name": item["name"],
        "confidence": item.get("confidence", "B"),
        "persons_per_year": item["persons_per_year"],
        **{name: _optional_share(item, name) for name in ADJUSTMENTS},
    }


def initial_trajectories(data: dict[str, Any], index: int) -> list[dict[str, Any]]:
    """One row per line of type case ``index``: unit cost, use per year since start without
    and with the initiative, and the split over bearers in per cent."""
    return [
        {
            "unit_cost": line["unit_cost"],
            "without": line["without"],
            "with": line["with"],
            **_initial_split(line),
        }
        for line in data["type_cases"][index]["lines"]
    ]


def apply_type_case(
    data: dict[str, Any],
    index: int | None,
    values: dict[str, Any],
    trajectories: list[dict[str, Any]],
) -> dict[str, Any]:
    """Set type case ``index`` (or add one) with its lines (each ``unit_cost``, ``without``,
    ``with`` and ``split``)."""
    out = copy.deepcopy(data)
    items = out.setdefault("type_cases", [])
    item = items[index] if index is not None else {}
    if index is None:
        taken = {o["key"] for o in out.get("outcomes", [])} | {t["key"] for t in items}
        item["key"] = _outcome_key(values["name"], taken)
    item.update(
        name=values["name"],
        confidence=values["confidence"],
        persons_per_year=values["persons_per_year"],
        lines=[
            {
                "unit_cost": row["unit_cost"],
                "without": row["without"],
                "with": row["with"],
                **_bearing(row["split"]),
            }
            for row in trajectories
        ],
    )
    _set_adjustments(item, values)
    if index is None:
        items.append(item)
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


@dataclass(frozen=True)
class CopiedTypeCase:
    """A shared type case written into a case (:func:`copy_type_case`): the new case data and
    the type case's key in it, or what stopped the copy (nothing is written then)."""

    data: dict[str, Any]
    key: str
    #: Names of committee bearers no committee of the organisation matches.
    unmatched_bearers: list[str]
    #: Library unit costs the type case uses that the organisation's library lacks.
    missing_unit_costs: list[str]


def _free_key(key: str, taken: set[str]) -> str:
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key[:70]}_{n}", n + 1
    return candidate


def _map_bearers(
    data: dict[str, Any],
    shared: list[dict[str, Any]],
    committees: dict[str, tuple[int, str]],
    committee_map: dict[str, int],
) -> tuple[dict[str, str], list[str]]:
    """``{shared bearer key: this case's bearer key}`` (bearers the case lacks are added to
    ``data``) and the names of committee bearers no committee matches by name."""
    bearers = data.setdefault("bearers", [])
    key_of_committee = {pk: key for key, pk in committee_map.items()}
    mapping: dict[str, str] = {}
    unmatched = []
    for bearer in shared:
        taken = {b["key"] for b in bearers}
        if bearer["kind"] == BearerKind.COMMITTEE.value:
            found = committees.get(committee_key(bearer["name"])) or committees.get(bearer["key"])
            if found is None:
                unmatched.append(bearer["name"])
                continue
            pk, name = found
            key = key_of_committee.get(pk) or next(
                (
                    b["key"]
                    for b in bearers
                    if b["kind"] == BearerKind.COMMITTEE.value
                    and committee_key(b["name"]) == committee_key(name)
                ),
                None,
            )
            if key is None:
                key = _free_key(committee_key(name), taken)
                bearers.append({"key": key, "name": name, "kind": BearerKind.COMMITTEE.value})
        else:
            key = next(
                (
                    b["key"]
                    for b in bearers
                    if b["kind"] == bearer["kind"]
                    and (b["key"] == bearer["key"] or b["name"] == bearer["name"])
                ),
                None,
            )
            if key is None:
                key = _free_key(bearer["key"], taken)
                bearers.append({**bearer, "key": key})
        mapping[bearer["key"]] = key
    return mapping, unmatched


def _map_unit_costs(
    data: dict[str, Any], shared: list[dict[str, Any]], price_year: int | None
) -> dict[str, str]:
    """``{shared unit-cost key: this case's key}`` for the unit costs defined in the shared
    type case, added to the case's own (the same figures reuse the case's; a key the case uses
    for other figures gets a new key). A unit cost without a price year keeps the publisher's
    case price year, so it is restated like the case's amounts."""
    own = data.setdefault("unit_costs", [])
    mapping = {}
    for unit in shared:
        copied = {**unit}
        if copied.get("price_year") is None and price_year is not None:
            copied["price_year"] = price_year
        same = next((u for u in own if {**u, "key": unit["key"]} == copied), None)
        if same is not None:
            mapping[unit["key"]] = same["key"]
            continue
        key = _free_key(unit["key"], {u["key"] for u in own})
        own.append({**copied, "key": key})
        mapping[unit["key"]] = key
    return mapping


def copy_type_case(
    data: dict[str, Any],
    item: dict[str, Any],
    *,
    committees: dict[str, tuple[int, str]],
    committee_map: dict[str, int],
    library: set[str],
) -> CopiedTypeCase:
    """Add shared type case ``item`` (:func:`sikt.web.sharing.content.type_case_of`) to the
    case: its bearers mapped onto the case's (committee bearers onto the organisation's
    committees by name — the bearer's name, else the committee name its key was made from;
    ``committees``: committee key of the name → (pk, name)), its own unit
    costs added to the case's, the library unit costs its lines use looked up in the
    organisation's ``library`` (keys)."""
    out = copy.deepcopy(data)
    bearers, unmatched = _map_bearers(out, item.get("bearers", []), committees, committee_map)
    units = _map_unit_costs(
        out, item.get("unit_costs", []), item.get("source", {}).get("price_year")
    )
    missing = sorted({line["unit_cost"] for line in item["lines"]} - set(units) - library)
    taken = {o["key"] for o in out.get("outcomes", [])} | {
        t["key"] for t in out.get("type_cases", [])
    }
    key = _free_key(item["key"], taken)
    lines = []
    for line in item["lines"]:
        copied = {
            "unit_cost": units.get(line["unit_cost"], line["unit_cost"]),
            "without": line["without"],
            "with": line["with"],
        }
        if line.get("bearer"):
            copied["bearer"] = bearers.get(line["bearer"], line["bearer"])
        else:
            shares: dict[str, float] = {}
            for bearer, share in line["shares"].items():
                mapped = bearers.get(bearer, bearer)
                shares[mapped] = shares.get(mapped, 0) + share
            copied["shares"] = shares
        lines.append(copied)
    type_case = {
        "key": key,
        "name": item["name"],
        "confidence": item.get("confidence", "B"),
        "persons_per_year": item["persons_per_year"],
        "lines": lines,
        **{name: item[name] for name in ADJUSTMENTS if item.get(name) is not None},
    }
    out.setdefault("type_cases", []).append(type_case)
    return CopiedTypeCase(out, key, unmatched, missing)
