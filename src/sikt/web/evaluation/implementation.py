"""The implementation decision and what follows it (issue 11 items 5 and 6).

* :func:`frozen_plan` is the freezer registered with :mod:`sikt.web.initiatives.freezing`: when
  the implementation decision is taken (the workflow's ``decide_implementation`` step, which
  leaves the initiative "implementation decided"), the plan and the evaluation results it rests
  on are stored on the decision, and :func:`decided_plan` reads them back from there.
* :func:`plan_complete` is the requirement the workflow checks before the implementation
  decision: the decision rests on a complete plan, so it cannot be taken without one.
* :func:`comparison` sets the follow-up's approved values after the decision — the same
  indicators, now reported from ordinary operations through the follow-up's own reports —
  beside the project's values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from sikt.web.evaluation.models import EconomicEvaluation, EvaluationRun, ImplementationPlan
from sikt.web.followup.selectors.initiative import indicator_series
from sikt.web.initiatives.freezing import frozen_for
from sikt.web.initiatives.models import Decision, Initiative
from sikt.web.initiatives.states import InitiativeState

FREEZER_KEY = "implementation_plan"
DECISION_STEP = "decide_implementation"


def main_run(initiative: Initiative) -> EvaluationRun | None:
    """The latest finished estimate (the one the final report leads with)."""
    return (
        EvaluationRun.objects.filter(
            dataset__initiative=initiative, status=EvaluationRun.Status.DONE
        )
        .select_related("dataset", "criterion__indicator")
        .order_by("-created_at", "-id")
        .first()
    )


def main_economic(initiative: Initiative) -> EconomicEvaluation | None:
    return (
        EconomicEvaluation.objects.filter(run__dataset__initiative=initiative)
        .order_by("-created_at", "-id")
        .first()
    )


def plan_complete(initiative: Initiative) -> bool:
    """Whether the initiative has an implementation plan that passes every rule of the form
    (the requirement ``implementation_plan_complete`` of the implementation decision)."""
    plan = ImplementationPlan.objects.filter(initiative=initiative).first()
    if plan is None:
        return False
    try:
        plan.full_clean(validate_unique=False)
    except ValidationError:
        return False
    return True


def plan_data(initiative: Initiative) -> dict[str, Any] | None:
    """The plan as JSON-ready values, with the evaluation results it rests on."""
    plan = ImplementationPlan.objects.filter(initiative=initiative).first()
    if plan is None:
        return None
    run = main_run(initiative)
    economic = main_economic(initiative)
    return {
        "receiving_operation": plan.receiving_operation,
        "target_group_size": plan.target_group_size,
        "full_scale_cost": str(plan.full_scale_cost),
        "price_year": plan.price_year,
        "cost_basis": plan.cost_basis,
        "financing": plan.financing,
        "rollout": plan.rollout,
        "phases": plan.phase_list(),
        "starts_on": plan.starts_on.isoformat(),
        "complete_on": plan.complete_on.isoformat(),
        "replaces": plan.replaces,
        "replaced_cost": None if plan.replaced_cost is None else str(plan.replaced_cost),
        "run": None if run is None else run.pk,
        "run_result": None if run is None else run.result,
        "economic_evaluation": None if economic is None else economic.pk,
    }


def frozen_plan(initiative: Initiative) -> dict[str, Any] | None:
    """The freezer: only the implementation decision rests on the plan."""
    if initiative.state != InitiativeState.IMPLEMENTATION_DECIDED:
        return None
    return plan_data(initiative)


def implementation_decision(initiative: Initiative) -> Decision | None:
    return (
        Decision.objects.filter(initiative=initiative, transition=DECISION_STEP)
        .order_by("-decided_on", "-id")
        .first()
    )


def decided_plan(initiative: Initiative) -> tuple[Decision | None, dict[str, Any] | None]:
    """The implementation decision and the plan frozen with it (``None`` if not taken, or
    taken without a plan)."""
    decision = implementation_decision(initiative)
    if decision is None:
        return None, None
    return decision, frozen_for(decision, FREEZER_KEY)


#: One approved value: the end of its period and the value.
Point = tuple[dt.date, Decimal]


@dataclass
class IndicatorComparison:
    """One indicator: the project's approved values up to the implementation decision against
    ordinary operations' after it (the last of each side by side, all of them over time)."""

    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    success_level: Decimal | None
    project_points: list[Point]
    operations_points: list[Point]

    @property
    def project_value(self) -> Decimal | None:
        return self.project_points[-1][1] if self.project_points else None

    @property
    def project_period(self) -> dt.date | None:
        return self.project_points[-1][0] if self.project_points else None

    @property
    def operations_value(self) -> Decimal | None:
        return self.operations_points[-1][1] if self.operations_points else None

    @property
    def operations_period(self) -> dt.date | None:
        return self.operations_points[-1][0] if self.operations_points else None

    @property
    def change(self) -> Decimal | None:
        if self.project_value is None or self.operations_value is None:
            return None
        return self.operations_value - self.project_value


def comparison(initiative: Initiative, decided_on: dt.date) -> list[IndicatorComparison]:
    """Every indicator with its approved values up to the decision and after it."""
    rows = []
    for series in indicator_series(initiative):
        points = [(p.period_end, p.value) for p in series.points]
        rows.append(
            IndicatorComparison(
                name=series.indicator.name,
                unit=series.indicator.unit,
                baseline=series.indicator.baseline_value,
                target=series.indicator.target_value,
                success_level=series.success_level,
                project_points=[p for p in points if p[0] <= decided_on],
                operations_points=[p for p in points if p[0] > decided_on],
            )
        )
    return rows
