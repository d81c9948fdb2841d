"""XLSX export for economists to audit: inputs, yearly cash flows with live formulas, results.

Why: an economist must be able to recompute the deterministic calculation in a spreadsheet and
challenge every step (004 §5: credible calculation of costs and benefits). The *Indata* sheet
holds every scalar input at its mean; *Kassaflöden* rebuilds the yearly flows with formulas that
reference those inputs (events, the stock of affected people with drop-off and duration, values
per bearer, adjustments, discounting); *Resultat* derives NPV, BCR and ROI per perspective.
Change an input and the workbook recalculates like the engine (tested with a formula engine).

Text from the case (names, labels) is always written as a string cell (:func:`_append`), never
as a formula: a bearer called ``=HYPERLINK(…)`` stays text (OWASP, CSV/formula injection).
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sikt.calc.case import Adjustable, Case
from sikt.calc.distributions import AnyDistribution
from sikt.calc.money import price_factor, yearly_rates
from sikt.calc.montecarlo import MonteCarloResult
from sikt.calc.repayment import RepaymentPlan
from sikt.calc.results import Result, perspective_groups
from sikt.calc.unit_costs import UnitCostLibrary

BOLD = Font(bold=True)


def _append(sheet: Any, values: list[Any], text: tuple[int, ...] = (0,)) -> int:
    """Append a row; the values at positions ``text`` are written as string cells whatever
    they start with (``=``, ``+``, ``-``, ``@``), without characters XLSX cannot hold. Other
    positions hold numbers or the workbook's own formulas. Returns the row number."""
    row = [
        ILLEGAL_CHARACTERS_RE.sub("", v) if i in text and isinstance(v, str) else v
        for i, v in enumerate(values)
    ]
    sheet.append(row)
    number = int(sheet.max_row)
    for i in text:
        if i < len(row) and isinstance(row[i], str):
            sheet.cell(number, i + 1).data_type = "s"
    return number


class _Inputs:
    """The *Indata* sheet: one named scalar per row; returns absolute references."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        sheet.append(["Indata / Input", "Värde / Value", "Förklaring / Note"])
        sheet["A1"].font = sheet["B1"].font = sheet["C1"].font = BOLD
        sheet.column_dimensions["A"].width = 60

    def add(self, label: str, value: float | str, note: str = "") -> str:
        return f"Indata!$B${_append(self.sheet, [label, value, note], text=(0, 2))}"


def _mean(value: AnyDistribution) -> float:
    return value.mean()


def _col(t: int) -> str:
    return str(get_column_letter(3 + t))


class _Flows:
    """The *Kassaflöden* sheet: label, key, then one column per year."""

    def __init__(self, sheet: Any, case: Case) -> None:
        self.sheet, self.case, self.years = sheet, case, case.horizon_years

    def row(self, label: str, key: str, cells: list[Any], bold: bool = False) -> int:
        number = _append(self.sheet, [label, key, *cells], text=(0, 1))
        if bold:
            self.sheet.cell(number, 1).font = BOLD
        return number

    def formula_row(self, label: str, key: str, make: Any) -> int:
        return self.row(label, key, [make(t, _col(t)) for t in range(self.years)])


def _adjustment(inputs: _Inputs, case: Case, item: Adjustable, label: str) -> str:
    parts = []
    defaults = case.adjustments
    for name, own, default in (
        ("dödvikt/deadweight", item.deadweight, defaults.deadweight),
        ("tillskrivning/attribution", item.attribution, defaults.attribution),
        ("undanträngning/displacement", item.displacement, defaults.displacement),
    ):
        ref = inputs.add(f"{label}: {name}", _mean(own if own is not None else default))
        parts.append(f"(1-{ref})")
    bias = inputs.add(
        f"{label}: optimism bias ({item.confidence})",
        defaults.optimism_bias.get(item.confidence, 0.0),
    )
    parts.append(f"(1-{bias})")
    return inputs.add(f"{label}: justeringsfaktor / adjustment factor", "=" + "*".join(parts))


def _unit(inputs: _Inputs, case: Case, library: UnitCostLibrary, key: str, label: str) -> str:
    """Input cells for a unit cost (mean amount × price factor); returns the product cell."""
    local = {u.key: u for u in case.unit_costs}
    if key in local:
        amount, year = local[key].amount.mean(), local[key].price_year
    else:
        amount, year = library[key].distribution().mean(), library[key].price_year
    factor = 1.0 if year is None else (price_factor(case.price_index, year, case.prices_in) or 1.0)
    a = inputs.add(f"{label}: enhetskostnad/unit cost {key} (SEK {year or '?'})", amount)
    f = inputs.add(f"{label}: prisomräkning/price factor → {case.prices_in}", factor)
    return f"{a}*{f}"


def workbook_bytes(
    case: Case,
    result: Result,
    library: UnitCostLibrary,
    monte_carlo: MonteCarloResult | None = None,
    plan: RepaymentPlan | None = None,
) -> bytes:
    """Build the audit workbook and return it as XLSX bytes (nothing is written to disk)."""
    book = Workbook()
    inputs = _Inputs(book.active)
    book.active.title = "Indata"
    flows = _Flows(book.create_sheet("Kassaflöden"), case)
    years = case.horizon_years
    bearer_keys = [b.key for b in case.bearers]

    flows.row("År / Year", "", case.years, bold=True)
    rates = yearly_rates(case.discounting.schedule or case.discounting.rate, years)
    rate_row = flows.row("Diskonteringsränta / discount rate", "", rates.tolist())
    start_cells: list[Any] = []
    next_row = flows.sheet.max_row + 1
    for t in range(years):
        start_cells.append(1 if t == 0 else f"={_col(t - 1)}{next_row}/(1+{_col(t - 1)}{rate_row})")
    start_row = flows.row("Faktor vid årets början / factor at start of year", "", start_cells)
    timing = case.discounting.timing
    df_row = flows.formula_row(
        f"Diskonteringsfaktor ({timing}) / discount factor",
        "",
        lambda t, c: (
            f"={c}{start_row}"
            if timing == "start"
            else (
                f"={c}{start_row}/SQRT(1+{c}{rate_row})"
                if timing == "mid"
                else f"={c}{start_row}/(1+{c}{rate_row})"
            )
        ),
    )
    group = [0.0] * years
    if case.target_group:
        for t, v in enumerate(case.target_group.size_per_year[:years]):
            group[t] = _mean(v)
    group_row = flows.row("Målgrupp, nya deltagare / target group", "", group)

    uplift = inputs.add(
        "Kostnadspåslag / cost uplift (optimism bias, costs)", case.adjustments.cost_uplift
    )
    cost_rows: dict[str, list[int]] = {k: [] for k in bearer_keys}
    for i, cost_line in enumerate(case.costs):
        raw = [0.0] * years
        for t, v in enumerate(cost_line.amounts[:years]):
            raw[t] = _mean(v)
        year = cost_line.price_year or case.prices_in
        factor = inputs.add(
            f"costs[{i}] {cost_line.name}: prisomräkning/price factor {year}→{case.prices_in}",
            price_factor(case.price_index, year, case.prices_in) or 1.0,
        )
        raw_row = flows.row(
            f"Kostnad (indata) / cost input: {cost_line.name}", cost_line.bearer, raw
        )
        per = f"*{{c}}{group_row}" if cost_line.per_participant else ""
        row = flows.formula_row(
            f"Kostnad / cost: {cost_line.name}",
            cost_line.bearer,
            lambda t, c, raw_row=raw_row, factor=factor, per=per: (
                f"={c}{raw_row}*{factor}*(1+{uplift})" + per.format(c=c)
            ),
        )
        cost_rows[cost_line.bearer].append(row)

    gross_terms: dict[str, list[str]] = {k: [] for k in bearer_keys}  # "{c}ROW*VALUE" templates
    adjusted_terms: dict[str, list[str]] = {k: [] for k in bearer_keys}
    for o, outcome in enumerate(case.outcomes):
        label = f"outcomes[{o}] {outcome.key}"
        effect = inputs.add(
            f"{label}: effekt/effect ({outcome.effect_kind})", _mean(outcome.effect)
        )
        drop = inputs.add(f"{label}: avtagande/drop-off per år", _mean(outcome.drop_off))
        ramp = [outcome.ramp_up[t] if t < len(outcome.ramp_up) else 1.0 for t in range(years)]
        ramp_row = flows.row(f"Upptrappning / ramp-up: {outcome.key}", outcome.key, ramp)
        prob = outcome.effect_kind == "probability"
        events = flows.formula_row(
            f"Händelser / events: {outcome.key}",
            outcome.key,
            lambda t, c, e=effect, r=ramp_row, p=prob: (
                f"={e}*{c}{r}" + (f"*{c}{group_row}" if p else "")
            ),
        )

        def stock_formula(
            t: int, c: str, ev: int = events, d: str = drop, dur: int = outcome.duration_years
        ) -> str:
            terms = [f"{_col(t - a)}{ev}*(1-{d})^{a}" for a in range(min(dur, t + 1))]
            return "=" + "+".join(terms)

        stock = flows.formula_row(
            f"Påverkade / affected: {outcome.key}", outcome.key, stock_formula
        )
        adjust = _adjustment(inputs, case, outcome, label)
        sign = "" if outcome.direction == "avoided" else "-"
        for j, line in enumerate(outcome.valuation):
            q = inputs.add(f"{label}.valuation[{j}]: mängd/quantity per år", _mean(line.quantity))
            unit = _unit(inputs, case, library, line.unit_cost, f"{label}.valuation[{j}]")
            for key, share in ({line.bearer: 1.0} if line.bearer else (line.shares or {})).items():
                s = inputs.add(f"{label}.valuation[{j}]: andel/share {key}", share)
                value = inputs.add(
                    f"{label}.valuation[{j}]: värde/value per påverkad, {key}",
                    f"={sign}{q}*{unit}*{s}",
                )
                gross_terms[key].append(f"{{c}}{stock}*{value}")
                adjusted_terms[key].append(f"{{c}}{stock}*{value}*{adjust}")

    for k, type_case in enumerate(case.type_cases):
        label = f"type_cases[{k}] {type_case.key}"
        persons = [0.0] * years
        for t, v in enumerate(type_case.persons_per_year[:years]):
            persons[t] = _mean(v)
        persons_row = flows.row(f"Personer / persons: {type_case.key}", type_case.key, persons)
        adjust = _adjustment(inputs, case, type_case, label)
        for j, tline in enumerate(type_case.lines):
            deltas = [
                inputs.add(
                    f"{label}.lines[{j}]: år/year {a + 1} utan−med / without−with",
                    f"={_mean(w)}-{_mean(m)}",
                )
                for a, (w, m) in enumerate(zip(tline.without, tline.with_, strict=True))
            ]

            def units_formula(
                t: int, c: str, pr: int = persons_row, deltas: list[str] = deltas
            ) -> str:
                terms = [f"{_col(t - a)}{pr}*{deltas[a]}" for a in range(min(len(deltas), t + 1))]
                return "=" + ("+".join(terms) if terms else "0")

            units = flows.formula_row(
                f"Förändrad användning / change in use: {tline.unit_cost}",
                type_case.key,
                units_formula,
            )
            unit = _unit(inputs, case, library, tline.unit_cost, f"{label}.lines[{j}]")
            for key, share in (
                {tline.bearer: 1.0} if tline.bearer else (tline.shares or {})
            ).items():
                s = inputs.add(f"{label}.lines[{j}]: andel/share {key}", share)
                value = inputs.add(
                    f"{label}.lines[{j}]: värde/value per enhet, {key}", f"={unit}*{s}"
                )
                gross_terms[key].append(f"{{c}}{units}*{value}")
                adjusted_terms[key].append(f"{{c}}{units}*{value}*{adjust}")

    net_rows: dict[str, int] = {}
    rows_of: dict[str, dict[str, int]] = {}
    for bearer in case.bearers:
        key = bearer.key
        flows.row(f"{bearer.name} ({bearer.kind.value})", key, [], bold=True)
        costs = flows.formula_row(
            "Kostnader / costs",
            key,
            lambda t, c, rows=cost_rows[key]: (
                "=" + ("+".join(f"{c}{r}" for r in rows) if rows else "0")
            ),
        )
        flows.formula_row(
            "Bruttonytta / gross benefits",
            key,
            lambda t, c, terms=gross_terms[key]: (
                "=" + ("+".join(x.format(c=c) for x in terms) if terms else "0")
            ),
        )
        adjusted = flows.formula_row(
            "Justerad nytta / adjusted benefits",
            key,
            lambda t, c, terms=adjusted_terms[key]: (
                "=" + ("+".join(x.format(c=c) for x in terms) if terms else "0")
            ),
        )
        net = flows.formula_row(
            "Netto / net", key, lambda t, c, a=adjusted, k=costs: f"={c}{a}-{c}{k}"
        )
        flows.formula_row(
            "Diskonterat netto / discounted net", key, lambda t, c, n=net: f"={c}{n}*{c}{df_row}"
        )
        net_rows[key] = net
        rows_of[key] = {"costs": costs, "benefits": adjusted}
    flows.sheet.column_dimensions["A"].width = 55

    last = _col(years - 1)
    results = book.create_sheet("Resultat")
    results.append(
        [
            "Perspektiv / perspective",
            "Nuvärde kostnader / PV costs",
            "Nuvärde nytta / PV benefits",
            "Nettonuvärde / NPV",
            "Nyttokvot / BCR",
            "ROI",
            "Motorns NPV / engine NPV",
        ]
    )
    for cell in results[1]:
        cell.font = BOLD

    def pv(key: str, what: str) -> str:
        row = rows_of[key][what]
        flow_range = f"Kassaflöden!$C${row}:${last}${row}"
        return f"SUMPRODUCT({flow_range},Kassaflöden!$C${df_row}:${last}${df_row})"

    engine = {p.key: p.npv for p in result.perspectives}
    for key, name, _level, members in perspective_groups(case):
        r = results.max_row + 1
        _append(
            results,
            [
                f"{name.sv} / {name.en}",
                "=" + "+".join(pv(m, "costs") for m in members),
                "=" + "+".join(pv(m, "benefits") for m in members),
                f"=C{r}-B{r}",
                f'=IF(B{r}>0,C{r}/B{r},"")',
                f'=IF(B{r}>0,D{r}/B{r},"")',
                engine[key],
            ],
        )
    results.column_dimensions["A"].width = 40
    if monte_carlo is not None:
        sheet = book.create_sheet("Monte Carlo")
        sheet.append(["Dragningar / draws", monte_carlo.draws, "Frö / seed", monte_carlo.seed])
        sheet.append(
            ["Perspektiv", "Medel / mean", "Medelfel / MC s.e.", "P(NPV>0)", "P5", "P50", "P95"]
        )
        for d in monte_carlo.perspectives:
            _append(
                sheet,
                [
                    f"{d.name.sv} / {d.name.en}",
                    d.mean,
                    d.standard_error,
                    d.probability_positive,
                    d.percentiles[5],
                    d.percentiles[50],
                    d.percentiles[95],
                ],
            )
    if plan is not None:
        sheet = book.create_sheet("Återföring")
        sheet.append(["Nämnd / committee", *plan.years])
        for key in plan.committees:
            _append(sheet, [f"{key}: besparing / savings", *plan.savings[key]])
            _append(sheet, [f"{key}: återföring / repayment", *plan.repayments[key]])
        _append(sheet, [plan.explanation.sv])
        _append(sheet, [plan.explanation.en])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
