"""Self-contained HTML report: tables with captions and header scopes, inline SVG charts.

Why: politicians and management read decision material, not raw data (004 §7); the report must
open offline in any browser (no CDN, no scripts) and be accessible (WCAG: tables with
``<caption>`` and ``<th scope>``, charts with text alternatives and the numbers in tables).
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from sikt.calc.case import Case
from sikt.calc.export import svg
from sikt.calc.montecarlo import MonteCarloResult
from sikt.calc.repayment import RepaymentPlan
from sikt.calc.results import Result
from sikt.calc.sensitivity import Sensitivity


def _sek(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}".replace(",", "\u202f")


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def report_html(
    case: Case,
    result: Result,
    monte_carlo: MonteCarloResult | None = None,
    sensitivity: Sensitivity | None = None,
    plan: RepaymentPlan | None = None,
) -> str:
    """Render the report as one HTML string."""
    env = Environment(
        loader=PackageLoader("sikt.calc", "data/templates"), autoescape=select_autoescape()
    )
    env.filters["sek"] = _sek
    env.filters["num"] = _num
    actors = [p for p in result.perspectives if p.level == "actor"]
    cash_chart = svg.bar_chart(
        "Nettoflöde per år och kostnadsbärare / net cash flow per year and bearer (SEK)",
        [str(y) for y in result.years],
        {p.name.sv: p.yearly.net for p in actors},
    )
    histograms = {}
    if monte_carlo is not None:
        for d in monte_carlo.perspectives:
            histograms[d.key] = svg.histogram(
                f"Fördelning av nettonuvärde / NPV distribution: {d.name.sv}",
                d.histogram.edges,
                d.histogram.counts,
            )
    tornado_chart = ""
    if sensitivity is not None and sensitivity.bars:
        tornado_chart = svg.tornado(
            f"Känslighetsanalys / tornado ({sensitivity.perspective})",
            sensitivity.base_npv,
            [(b.path, b.npv_at_low, b.npv_at_high) for b in sensitivity.bars[:10]],
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
    )
