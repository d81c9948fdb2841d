"""The knowledge bank: summaries of finished evaluations that organisations chose to share.

Only organisations whose coordinator turned sharing on (:func:`rules.sharing_organization_ids`)
are read, and from them only an initiative's latest finished evaluation run, reduced to a
:class:`Summary` — target group, outcome, comparison alternative, estimator, effect with its
interval, group sizes and cost per effect. No record of a person ever leaves the evaluation
app: the outcome data are not read, and a run whose groups are below the small-cell threshold
(``sikt.analysis.suppression``) is left out altogether.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sikt.analysis.suppression import DEFAULT_THRESHOLD
from sikt.web.design.models import ComparisonDesign, DesignKind, TargetGroup
from sikt.web.evaluation.models import EconomicEvaluation, EvaluationRun
from sikt.web.sharing.rules import sharing_organization_ids


@dataclass(frozen=True)
class Summary:
    organization: str
    initiative: str
    target_group: str
    outcome: str
    design: str
    design_kind: str
    estimator: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    level: float | None
    n_treated: int
    n_control: int
    cost_per_participant: float | None
    cost_per_avoided_event: float | None
    finished_at: Any


def _latest_runs(organization_ids: set[int]) -> list[EvaluationRun]:
    runs = (
        EvaluationRun.objects.filter(
            status=EvaluationRun.Status.DONE,
            dataset__initiative__organization_id__in=organization_ids,
        )
        .select_related("dataset__initiative__organization", "criterion__indicator")
        .order_by("-finished_at", "-id")
    )
    latest: dict[int, EvaluationRun] = {}
    for run in runs:
        latest.setdefault(run.dataset.initiative_id, run)
    return list(latest.values())


def _large_enough(result: dict[str, Any]) -> bool:
    return all(
        int(result.get(group) or 0) >= DEFAULT_THRESHOLD for group in ("n_treated", "n_control")
    )


def _summary(run: EvaluationRun) -> Summary:
    initiative = run.dataset.initiative
    result = run.result
    group = TargetGroup.objects.filter(initiative=initiative).first()
    design = ComparisonDesign.objects.filter(initiative=initiative).first()
    economic = EconomicEvaluation.objects.filter(run=run).first()
    figures = economic.figures if economic else {}
    outcome = (
        run.criterion.indicator.name
        if run.criterion is not None and run.criterion.indicator_id
        else str(run.dataset.columns[2])
    )
    return Summary(
        organization=initiative.organization.name,
        initiative=initiative.title,
        target_group=group.description if group else "",
        outcome=outcome,
        design=str(design.get_kind_display()) if design else "",
        design_kind=design.kind if design else "",
        estimator=str(run.get_estimator_display()),
        estimate=result.get("estimate"),
        ci_low=result.get("ci_low"),
        ci_high=result.get("ci_high"),
        level=result.get("level"),
        n_treated=int(result.get("n_treated") or 0),
        n_control=int(result.get("n_control") or 0),
        cost_per_participant=figures.get("cost_per_participant"),
        cost_per_avoided_event=figures.get("cost_per_avoided_event"),
        finished_at=run.finished_at,
    )


def search(*, outcome: str = "", target_group: str = "", design: str = "") -> list[Summary]:
    """Shared summaries, filtered by words in the outcome and the target group and by the
    comparison alternative (a :class:`DesignKind` value)."""
    if design and design not in DesignKind.values:
        return []
    summaries = [
        _summary(run)
        for run in _latest_runs(sharing_organization_ids())
        if _large_enough(run.result)
    ]
    return [
        summary
        for summary in summaries
        if outcome.lower() in summary.outcome.lower()
        and target_group.lower() in summary.target_group.lower()
        and (not design or summary.design_kind == design)
    ]
