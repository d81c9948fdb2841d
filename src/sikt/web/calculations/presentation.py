"""What the results page shows, prepared from stored results in the current language.

Numbers are written by :mod:`sikt.numbers` in the page's language; charts are ``sikt.calc``'s
inline SVGs, and every chart's numbers are also in a table next to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt import charts, numbers
from sikt.web.calculations import builder, compute, uncertain
from sikt.web.calculations.models import Calculation
from sikt.web.calculations.selectors import StoredResult
from sikt.web.unitcosts.models import UnitCostEntry


def sek(value: float | None) -> str:
    """An amount in a table whose heading says SEK: ``1234567.8`` → ``1 234 568``."""
    return numbers.format_number(value)


def percent(value: float | None) -> str:
    return numbers.format_percent(value)


def ratio(value: float | None) -> str:
    return numbers.format_number(value, decimals=2)


@dataclass
class ResultsView:
    language: str
    price_year: int
    base_year: int
    perspectives: list[dict[str, Any]] = field(default_factory=list)
    headline: dict[str, str] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)
    plan_rows: list[dict[str, Any]] = field(default_factory=list)
    plan_totals: list[str] = field(default_factory=list)
    plan_explanation: str = ""
    plan_approved: bool = False
    draws: int | None = None
    net_chart: SafeString | str = ""
    histogram: SafeString | str = ""
    caveats: list[str] = field(default_factory=list)
    costs: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    type_cases: list[dict[str, Any]] = field(default_factory=list)
    bearer_names: dict[str, str] = field(default_factory=dict)
    scenarios: list[dict[str, Any]] = field(default_factory=list)


def build(calculation: Calculation, stored: StoredResult) -> ResultsView:
    language = get_language() or "sv"
    result, plan, monte_carlo = stored.result, stored.plan, stored.monte_carlo
    view = ResultsView(
        language=language,
        price_year=result.price_year,
        base_year=result.base_year,
        years=result.years,
    )
    probabilities = {}
    if monte_carlo is not None:
        view.draws = monte_carlo.draws
        probabilities = {d.key: d for d in monte_carlo.perspectives}
    for item in result.perspectives:
        distribution = probabilities.get(item.key)
        view.perspectives.append(
            {
                "key": item.key,
                "name": item.name.in_language(language),
                "level": item.level,
                "npv": sek(item.npv),
                "negative": item.npv < 0,
                "pv_costs": sek(item.pv_costs),
                "pv_benefits": sek(item.pv_benefits),
                "bcr": ratio(item.bcr),
                "roi": percent(item.roi),
                "payback": item.payback_year or "–",
                "break_even": percent(item.break_even_effect),
                "probability": percent(distribution.probability_positive if distribution else None),
                "p5": sek(distribution.percentiles[5]) if distribution else "–",
                "p95": sek(distribution.percentiles[95]) if distribution else "–",
            }
        )
    organisation = result.perspective("organisation")
    society = next((p for p in result.perspectives if p.key == "society"), organisation)
    org_distribution = probabilities.get("organisation")
    view.headline = {
        "npv_organisation": sek(organisation.npv),
        "npv_society": sek(society.npv),
        "probability": percent(org_distribution.probability_positive if org_distribution else None),
        "break_even": percent(organisation.break_even_effect),
        "bcr": ratio(organisation.bcr),
    }
    names = {p.key: p.name.in_language(language) for p in result.perspectives}
    view.bearer_names = names
    for key in plan.committees:
        view.plan_rows.append(
            {
                "name": names.get(key, key),
                "amounts": [sek(v) for v in plan.repayments[key]],
                "total": sek(sum(plan.repayments[key])),
                "savings": sek(sum(plan.savings[key])),
            }
        )
    view.plan_totals = [
        sek(sum(plan.repayments[k][t] for k in plan.committees)) for t in range(len(plan.years))
    ]
    view.plan_explanation = plan.explanation.in_language(language)
    view.plan_approved = plan.approved
    actors = [p for p in result.perspectives if p.level == "actor"]
    view.net_chart = mark_safe(
        charts.svg(
            charts.BarChart(
                title=_("Net cash flow per year and cost bearer"),
                categories=tuple(str(y) for y in result.years),
                series=tuple((p.name.in_language(language), tuple(p.yearly.net)) for p in actors),
                value_label=_("Net cash flow"),
                category_label=_("Year"),
            )
        )
    )
    if org_distribution is not None:
        view.histogram = mark_safe(
            charts.svg(
                charts.Histogram(
                    title=_("Distribution of the organisation's net present value"),
                    edges=tuple(org_distribution.histogram.edges),
                    counts=tuple(org_distribution.histogram.counts),
                    value_label=_("Net present value"),
                    count_label=_("Number of draws"),
                )
            )
        )
    view.caveats = [c.in_language(language) for c in result.caveats]
    case = calculation.case
    unit_names = {
        e.key: e.name_sv if language == "sv" else (e.name_en or e.name_sv)
        for e in UnitCostEntry.objects.filter(organization=calculation.initiative.organization)
    }
    unit_names.update({u["key"]: u["name"] for u in case.get("unit_costs", [])})
    for line in case.get("costs", []):
        view.costs.append(
            {
                "name": line["name"],
                "bearer": names.get(line["bearer"], line["bearer"]),
                "amounts": [
                    f"{year}: {uncertain.format_value(amount)}"
                    for year, amount in zip(result.years, line["amounts"], strict=False)
                ],
                "per_participant": line.get("per_participant", False),
            }
        )
    if case.get("scenarios"):
        for scenario in compute.scenarios(case, calculation.initiative.organization):
            society = next(
                (p for p in scenario.result.perspectives if p.key == "society"),
                scenario.result.perspective("organisation"),
            )
            view.scenarios.append(
                {
                    "key": scenario.key,
                    "name": _("Expected") if scenario.key == "expected" else scenario.name,
                    "effects": percent(scenario.effect_scale),
                    "costs": percent(scenario.cost_scale),
                    "npv_organisation": sek(scenario.result.perspective("organisation").npv),
                    "npv_society": sek(society.npv),
                }
            )
    for outcome in case.get("outcomes", []):
        view.outcomes.append(
            {
                "name": outcome["name"],
                "effect": uncertain.format_value(outcome["effect"]),
                "kind": outcome.get("effect_kind", "count"),
                "direction": outcome.get("direction", "avoided"),
                "lines": [_valuation_text(v, names, unit_names) for v in outcome["valuation"]],
            }
        )
    for item in case.get("type_cases", []):
        view.type_cases.append(
            {
                "name": item["name"],
                "persons": [
                    f"{year}: {uncertain.format_value(persons)}"
                    for year, persons in zip(result.years, item["persons_per_year"], strict=False)
                ],
                "lines": [_trajectory_text(line, names, unit_names) for line in item["lines"]],
            }
        )
    return view


def _trajectory_text(line: dict[str, Any], bearers: dict[str, str], units: dict[str, str]) -> str:
    """``Ekonomiskt bistånd: without 1; 1; 0,8, with 0,6; 0,2; 0,1 – Socialnämnden 100 %``."""
    return _("%(unit)s: without %(without)s, with %(with)s – %(who)s") % {
        "unit": units.get(line["unit_cost"], line["unit_cost"]),
        "without": "; ".join(uncertain.format_value(v) for v in line["without"]),
        "with": "; ".join(uncertain.format_value(v) for v in line["with"]),
        "who": builder.split_text(line, bearers),
    }


def _valuation_text(line: dict[str, Any], bearers: dict[str, str], units: dict[str, str]) -> str:
    """``Institutionsvård (HVB), 120..180..240 per event – Socialnämnden 67 %, Staten 33 %``."""
    who = builder.split_text(line, bearers)
    quantity = uncertain.format_value(line.get("quantity", 1))
    return _("%(unit)s, %(quantity)s per event – %(who)s") % {
        "unit": units.get(line["unit_cost"], line["unit_cost"]),
        "quantity": quantity,
        "who": who,
    }


def preview(calculation: Calculation, data: dict[str, Any] | None) -> list[dict[str, Any]] | None:
    """Rows of the live figures while editing: NPV per bearer as saved and as typed (``data``);
    ``None`` while what is typed is not a valid case yet."""
    result = compute.preview(data, calculation.initiative.organization) if data else None
    if result is None:
        return None
    language = get_language() or "sv"
    saved = {p.key: p.npv for p in compute.load_result(calculation.result).perspectives}
    return [
        {
            "name": item.name.in_language(language),
            "level": item.level,
            "saved": sek(saved.get(item.key)),
            "npv": sek(item.npv),
            "changed": saved.get(item.key) is None or abs(saved[item.key] - item.npv) >= 0.5,
        }
        for item in result.perspectives
    ]
