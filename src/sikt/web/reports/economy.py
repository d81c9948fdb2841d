"""The costs-and-benefits and repayment-plan sections of the decision document.

Read from the calculation ``sikt.calc`` computed and the calculations app stored
(:func:`sikt.web.calculations.selectors.latest_result_for`): net present value per committee,
for the organisation and for society, the probability that the organisation's NPV is positive
(Monte Carlo), the break-even effect, the cash flow per year, and the proposed repayment per
committee and year with the approval rule (Uppsala guideline 003: expected savings at least the
investment's cost; only committees repay; DOMAIN §4). Called inside the Swedish translation
override of :func:`sikt.web.reports.assemble.decision_document_for`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sikt import numbers
from sikt.calc import Result
from sikt.web.calculations.selectors import StoredResult
from sikt.web.reports import formatting as f
from sikt.web.reports.document import (
    Block,
    Bullets,
    Chart,
    Facts,
    KeyFigures,
    Paragraph,
    Section,
    Table,
)

LANGUAGE = "sv"


def _names(result: Result) -> dict[str, str]:
    return {p.key: p.name.in_language(LANGUAGE) for p in result.perspectives}


def _society_npv(result: Result) -> float | None:
    found = [p for p in result.perspectives if p.key == "society"]
    return found[0].npv if found else None


def _probability(stored: StoredResult, key: str) -> float | None:
    if stored.monte_carlo is None:
        return None
    found = [d for d in stored.monte_carlo.perspectives if d.key == key]
    return found[0].probability_positive if found else None


def key_figures(stored: StoredResult) -> KeyFigures:
    result, plan = stored.result, stored.plan
    organisation = result.perspective("organisation")
    names = _names(result)
    return KeyFigures(
        npv_organisation=numbers.format_money(organisation.npv),
        npv_society=numbers.format_money(_society_npv(result)),
        probability_positive=numbers.format_percent(_probability(stored, "organisation")),
        break_even=numbers.format_percent(organisation.break_even_effect),
        investment_cost=numbers.format_money(plan.investment_cost),
        repayment_total=numbers.format_money(plan.repaid_total),
        repayment_by_committee={
            names.get(key, key): numbers.format_money(sum(plan.repayments[key]))
            for key in plan.committees
        },
        price_year=str(result.price_year),
    )


def _costs_and_benefits(stored: StoredResult) -> Section:
    result = stored.result
    rate = result.discount_rates[0] if result.discount_rates else 0.0
    blocks: list[Block] = [
        Paragraph(
            _(
                "Amounts in SEK at the price level of %(price_year)s, discounted to "
                "%(base_year)s at a real discount rate of %(rate)s. Computed by Sikt from "
                "the calculation “%(case)s”; uncertain inputs at their expected values."
            )
            % {
                "price_year": result.price_year,
                "base_year": result.base_year,
                "rate": numbers.format_percent(rate, decimals=1, trim=True),
                "case": result.case_name,
            }
        )
    ]
    rows = []
    for p in result.perspectives:
        rows.append(
            [
                p.name.in_language(LANGUAGE),
                numbers.format_money(p.pv_costs),
                numbers.format_money(p.pv_benefits),
                numbers.format_money(p.npv),
                numbers.format_percent(_probability(stored, p.key)),
                numbers.format_percent(p.break_even_effect),
            ]
        )
    blocks.append(
        Table(
            _("Net present value per committee, for the organisation and for society"),
            [
                _("Perspective"),
                _("Present value of costs"),
                _("Present value of benefits"),
                _("Net present value"),
                _("Probability of profit"),
                _("Break-even effect"),
            ],
            rows,
            numeric=frozenset({1, 2, 3, 4, 5}),
        )
    )
    blocks.append(
        Chart(
            _("Net present value per perspective"),
            [p.name.in_language(LANGUAGE) for p in result.perspectives],
            [(_("Net present value"), [p.npv for p in result.perspectives])],
            value_label=_("Net present value"),
            horizontal=True,
        )
    )
    if stored.monte_carlo is not None:
        blocks.append(
            Paragraph(
                _(
                    "Probability of profit: the share of %(draws)s simulated outcomes in which "
                    "the net present value is positive. Break-even effect: the share of the "
                    "expected effect needed for the net present value to be zero."
                )
                % {"draws": numbers.format_number(stored.monte_carlo.draws)}
            )
        )
    actors = [p for p in result.perspectives if p.level == "actor"]
    organisation = result.perspective("organisation")
    flows = [*actors, organisation]
    years = [str(year) for year in result.years]
    blocks.append(
        Table(
            _("Net cash flow per year (not discounted)"),
            [_("Perspective"), *years, _("Total")],
            [
                [
                    p.name.in_language(LANGUAGE),
                    *[numbers.format_number(value) for value in p.yearly.net],
                    numbers.format_number(sum(p.yearly.net)),
                ]
                for p in flows
            ],
            numeric=frozenset(range(1, len(years) + 2)),
        )
    )
    blocks.append(
        Chart(
            _("Net cash flow per year and cost bearer"),
            years,
            [(p.name.in_language(LANGUAGE), list(p.yearly.net)) for p in actors],
            value_label=_("Net cash flow"),
            category_label=_("Year"),
        )
    )
    caveats = [caveat.in_language(LANGUAGE) for caveat in result.caveats]
    if caveats:
        blocks.append(Paragraph(_("Caveats")))
        blocks.append(Bullets(caveats))
    review = stored.latest_review
    if review is not None:
        blocks.append(
            Facts(
                [
                    (_("Economist review"), str(review.get_verdict_display())),
                    (_("Comment"), f.text(review.comment)),
                ]
            )
        )
    return Section("costs_benefits", _("Costs and benefits"), blocks)


def _repayment(stored: StoredResult) -> Section:
    plan = stored.plan
    names = _names(stored.result)
    years = [str(year) for year in plan.years]
    rows = [
        [
            names.get(key, key),
            *[numbers.format_number(amount) for amount in plan.repayments[key]],
            numbers.format_money(sum(plan.repayments[key])),
        ]
        for key in plan.committees
    ]
    rows.append(
        [
            _("Total"),
            *[
                numbers.format_number(sum(plan.repayments[key][t] for key in plan.committees))
                for t in range(len(plan.years))
            ],
            numbers.format_money(plan.repaid_total),
        ]
    )
    blocks: list[Block] = [
        Table(
            _("Repayment to the fund per committee and year (SEK)"),
            [_("Committee"), *years, _("Total")],
            rows,
            numeric=frozenset(range(1, len(years) + 2)),
            total_row=True,
        ),
        Facts(
            [
                (_("Investment cost"), numbers.format_money(plan.investment_cost)),
                (
                    _("Expected savings of the committees"),
                    numbers.format_money(plan.expected_savings_total),
                ),
                (_("Repaid in total"), numbers.format_money(plan.repaid_total)),
                (
                    _("Meets the approval rule"),
                    _("Yes") if plan.approved else _("No"),
                ),
            ]
        ),
        Paragraph(plan.explanation.in_language(LANGUAGE)),
    ]
    return Section("repayment", _("Repayment plan"), blocks)


def economy_sections(stored: StoredResult | None) -> list[Section]:
    """The costs-and-benefits and repayment sections (a note in each when nothing is computed)."""
    if stored is None:
        missing = Paragraph(_("There is no cost and benefit calculation yet."), note=True)
        return [
            Section("costs_benefits", _("Costs and benefits"), [missing]),
            Section("repayment", _("Repayment plan"), [missing]),
        ]
    return [_costs_and_benefits(stored), _repayment(stored)]
