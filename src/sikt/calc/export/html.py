"""Self-contained HTML report: tables with captions and header scopes, inline SVG charts.

Why: politicians and management read decision material, not raw data (004 §7); the report must
open offline in any browser (no CDN, no scripts) and be accessible (WCAG: tables with
``<caption>`` and ``<th scope>``, charts with text alternatives and the numbers in tables).
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader

from sikt import charts
from sikt.calc.case import Case
from sikt.calc.montecarlo import MonteCarloResult
from sikt.calc.repayment import RepaymentPlan
from sikt.calc.results import Result
from sikt.calc.sensitivity import Sensitivity
from sikt.numbers import format_integer, format_number, format_percent


def _sek(value: float | None) -> str:
    """Kronor without the unit (the table says kr): ``1 234 567``, ``−5 000``."""
    return format_number(value, language="sv")


def _num(value: float | None, digits: int = 2) -> str:
    return format_number(value, decimals=digits, language="sv")


def _percent(value: float) -> str:
    """``0.8734`` → ``87,3 %``."""
    return format_percent(value, decimals=1, language="sv")


def _rate(value: float) -> str:
    """A discount rate with the decimals it has: ``0.035`` → ``3,5 %``, ``0.0325`` → ``3,25 %``."""
    return format_percent(value, decimals=4, trim=True, language="sv")


TIMING = {
    "start": ("i början av varje år", "at the start of each year"),
    "mid": ("mitt i varje år", "in the middle of each year"),
    "end": ("i slutet av varje år", "at the end of each year"),
}


def rate_periods(result: Result) -> list[tuple[int, int, float]]:
    """The discount-rate schedule as (first year, last year, rate) runs of equal rates: the rate
    of year *t* discounts from the start of *t* to the start of *t* + 1."""
    periods: list[tuple[int, int, float]] = []
    for year, rate in zip(result.years, result.discount_rates, strict=True):
        if periods and periods[-1][2] == rate:
            periods[-1] = (periods[-1][0], year, rate)
        else:
            periods.append((year, year, rate))
    return periods


def report_html(
    case: Case,
    result: Result,
    monte_carlo: MonteCarloResult | None = None,
    sensitivity: Sensitivity | None = None,
    plan: RepaymentPlan | None = None,
) -> str:
    """Render the report as one HTML string.

    Every value is escaped whatever the template's file name (``autoescape=True``; Jinja2's
    ``select_autoescape`` would skip ``.j2``), so text from a case (names, sources, bearer
    names) can never become markup or script in the downloaded file."""
    env = Environment(loader=PackageLoader("sikt.calc", "data/templates"), autoescape=True)
    env.filters["sek"] = _sek
    env.filters["num"] = _num
    env.filters["percent"] = _percent
    env.filters["rate"] = _rate
    env.filters["count"] = format_integer
    actors = [p for p in result.perspectives if p.level == "actor"]
    cash_chart = charts.svg(
        charts.BarChart(
            title="Nettoflöde per år och kostnadsbärare / net cash flow per year and bearer",
            categories=tuple(str(y) for y in result.years),
            series=tuple((p.name.sv, tuple(p.yearly.net)) for p in actors),
            value_label="Nettoflöde / net cash flow",
            category_label="År / year",
        )
    )
    histograms = {}
    if monte_carlo is not None:
        for d in monte_carlo.perspectives:
            histograms[d.key] = charts.svg(
                charts.Histogram(
                    title=f"Fördelning av nettonuvärde / NPV distribution: {d.name.sv}",
                    edges=tuple(d.histogram.edges),
                    counts=tuple(d.histogram.counts),
                    value_label="Nettonuvärde / net present value",
                    count_label="Antal dragningar / draws",
                )
            )
    tornado_chart = ""
    if sensitivity is not None and sensitivity.bars:
        tornado_chart = charts.svg(
            charts.Tornado(
                title=f"Känslighetsanalys / tornado ({sensitivity.perspective})",
                base=sensitivity.base_npv,
                bars=tuple((b.path, b.npv_at_low, b.npv_at_high) for b in sensitivity.bars[:10]),
                value_label="Nettonuvärde / net present value",
            )
        )
    template = env.get_template("report.html.j2")
    return template.render(
        case=case,
        result=result,
        actors=actors,
        monte_carlo=monte_carlo,
        sensitivity=sensitivity,
        plan=plan,
        cash_chart=cash_chart,
        histograms=histograms,
        tornado_chart=tornado_chart,
        rate_periods=rate_periods(result),
        timing=TIMING[result.timing],
    )
