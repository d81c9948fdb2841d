"""How calculations plug into the initiative workflow (registries of ``sikt.web.initiatives``).

* requirements ``cost_benefit_calculation`` and ``repayment_plan`` (a plan cannot be submitted
  without them, Uppsala guideline 003 / issue 4 §1);
* the ``calculation`` section of a frozen application version (numbers as shown on screen);
* the link from the initiative's page to its calculation.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sikt.web.calculations.models import Calculation
from sikt.web.initiatives.models import Initiative


def _calculation(initiative: Initiative) -> Calculation | None:
    return Calculation.objects.filter(initiative=initiative).first()


def has_calculation(initiative: Initiative) -> bool:
    """A computed case with at least one cost and one outcome or type case."""
    calculation = _calculation(initiative)
    if calculation is None or not calculation.result:
        return False
    case = calculation.case
    return bool(case.get("costs")) and bool(case.get("outcomes") or case.get("type_cases"))


def has_repayment_plan(initiative: Initiative) -> bool:
    """A proposed repayment plan per committee and year for an investment with a cost."""
    calculation = _calculation(initiative)
    if calculation is None or not calculation.repayment_plan:
        return False
    plan = calculation.repayment_plan
    return bool(plan.get("committees")) and float(plan.get("investment_cost", 0)) > 0


def snapshot_fields(initiative: Initiative) -> list[tuple[Any, Any]]:
    """The calculation's headline figures for a frozen application version (Swedish)."""
    from sikt.web.calculations.presentation import percent, sek
    from sikt.web.calculations.selectors import latest_result_for

    stored = latest_result_for(initiative)
    if stored is None:
        return [(_("Calculation"), None)]
    result, plan = stored.result, stored.plan
    organisation = result.perspective("organisation")
    fields: list[tuple[Any, Any]] = [
        (_("Price year"), str(result.price_year)),
        (_("NPV, organisation (SEK)"), sek(organisation.npv)),
        (_("Break-even effect"), percent(organisation.break_even_effect)),
    ]
    society = [p for p in result.perspectives if p.key == "society"]
    if society:
        fields.append((_("Net present value, society"), sek(society[0].npv)))
    if stored.monte_carlo is not None:
        mc = stored.monte_carlo.perspective("organisation")
        fields.append((_("Probability NPV > 0"), percent(mc.probability_positive)))
    names = {p.key: p.name.sv for p in result.perspectives}
    for key in plan.committees:
        fields.append(
            (
                _("Repayment: %(committee)s") % {"committee": names.get(key, key)},
                " / ".join(
                    f"{year}: {sek(amount)}"
                    for year, amount in zip(plan.years, plan.repayments[key], strict=True)
                    if amount
                ),
            )
        )
    fields.append((_("Repayment rule"), plan.explanation.sv))
    if stored.latest_review is not None:
        fields.append((_("Economist review"), stored.latest_review.get_verdict_display()))
    return fields


def register() -> None:
    from sikt.web.calculations.frozen import FREEZER_KEY, frozen_calculation, restore_calculation
    from sikt.web.initiatives import freezing, requirements, sections, snapshots

    freezing.register(FREEZER_KEY, frozen_calculation, restore_calculation)

    requirements.register(
        "cost_benefit_calculation",
        requirements.AGREED_LABELS["cost_benefit_calculation"],
        has_calculation,
    )
    requirements.register(
        "repayment_plan", requirements.AGREED_LABELS["repayment_plan"], has_repayment_plan
    )
    snapshots.register("calculation", _("Cost and benefit calculation"), snapshot_fields, order=60)
    sections.register(
        "calculation", _("Cost and benefit calculation"), "calculations:for-initiative", order=60
    )
