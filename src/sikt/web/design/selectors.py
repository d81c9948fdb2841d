"""Reads of an initiative's logic model and design artefacts, for pages, decision documents
and frozen versions. Each function takes an initiative the caller has already scoped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from django.db import models
from django.db.models import Prefetch
from django.utils.functional import Promise

from sikt.web.design.models import (
    LEVEL_ADD_LABELS,
    LEVEL_QUESTIONS,
    CommunicationItem,
    ComparisonDesign,
    FollowUpPlan,
    ImpactStatement,
    ImplementationOutline,
    Indicator,
    IndicatorKind,
    Level,
    Level3,
    LogicElement,
    LogicModel,
    Priority,
    ProjectOrganisation,
    Risk,
    Stakeholder,
    StopCriterion,
    SuccessCriterion,
    TargetGroup,
    priority_of,
)
from sikt.web.initiatives.models import Initiative

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class LevelView:
    level: Level
    label: Promise | str
    question: Promise | str
    elements: list[LogicElement]

    @property
    def add_label(self) -> Promise | str:
        return LEVEL_ADD_LABELS[self.level]

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for element in self.elements for indicator in element.indicators.all()]


@dataclass(frozen=True)
class LogicModelView:
    """The chain resources → activities → short-term results → long-term goals."""

    purpose: str
    levels: list[LevelView]

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for level in self.levels for indicator in level.indicators]

    @property
    def is_empty(self) -> bool:
        return not self.purpose and not any(level.elements for level in self.levels)

    def level(self, level: Level) -> LevelView:
        return next(view for view in self.levels if view.level == level)


def _one(model: type[M], initiative: Initiative) -> M | None:
    return model._default_manager.filter(initiative=initiative).first()


def logic_model_for(initiative: Initiative) -> LogicModelView:
    """The logic model in chain order, each element with its indicators (two queries)."""
    logic_model = _one(LogicModel, initiative)
    elements = list(
        LogicElement.objects.filter(initiative=initiative).prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("id"))
        )
    )
    levels = [
        LevelView(
            level=level,
            label=level.label,
            question=LEVEL_QUESTIONS[level],
            elements=[element for element in elements if element.level == level],
        )
        for level in Level
    ]
    return LogicModelView(purpose=logic_model.purpose if logic_model else "", levels=levels)


def indicators_for(initiative: Initiative) -> list[Indicator]:
    return list(
        Indicator.objects.filter(element__initiative=initiative)
        .select_related("element")
        .order_by("element__level", "element__position", "id")
    )


def outcome_indicators_for(initiative: Initiative) -> models.QuerySet[Indicator]:
    return Indicator.objects.filter(
        element__initiative=initiative,
        kind__in=[IndicatorKind.OUTCOME_SHORT, IndicatorKind.OUTCOME_LONG],
    ).order_by("id")


def target_group_for(initiative: Initiative) -> TargetGroup | None:
    return _one(TargetGroup, initiative)


def comparison_design_for(initiative: Initiative) -> ComparisonDesign | None:
    return _one(ComparisonDesign, initiative)


def follow_up_plan_for(initiative: Initiative) -> FollowUpPlan | None:
    return _one(FollowUpPlan, initiative)


def project_organisation_for(initiative: Initiative) -> ProjectOrganisation | None:
    return (
        ProjectOrganisation.objects.filter(initiative=initiative)
        .select_related("owner_committee", "owner_user", "leader_user", "deputy_user")
        .first()
    )


def impact_statement_for(initiative: Initiative) -> ImpactStatement | None:
    return _one(ImpactStatement, initiative)


def implementation_outline_for(initiative: Initiative) -> ImplementationOutline | None:
    return _one(ImplementationOutline, initiative)


def success_criteria_for(initiative: Initiative) -> list[SuccessCriterion]:
    return list(
        SuccessCriterion.objects.filter(indicator__element__initiative=initiative)
        .select_related("indicator")
        .order_by("indicator_id", "id")
    )


def risks_for(initiative: Initiative) -> list[Risk]:
    return list(Risk.objects.filter(initiative=initiative))


def stop_criteria_for(initiative: Initiative) -> list[StopCriterion]:
    return list(StopCriterion.objects.filter(initiative=initiative))


def stakeholders_for(initiative: Initiative) -> list[Stakeholder]:
    return list(Stakeholder.objects.filter(initiative=initiative))


def communication_plan_for(initiative: Initiative) -> list[CommunicationItem]:
    return list(CommunicationItem.objects.filter(initiative=initiative))


@dataclass(frozen=True)
class MatrixCell:
    probability: Level3
    impact: Level3
    priority: Priority
    risks: list[Risk]


@dataclass(frozen=True)
class MatrixRow:
    impact: Level3
    cells: list[MatrixCell] = field(default_factory=list)


def risk_matrix(risks: list[Risk]) -> list[MatrixRow]:
    """The 3×3 matrix: rows by impact (high first), columns by probability (low first)."""
    rows = []
    for impact in sorted(Level3, reverse=True):
        cells = [
            MatrixCell(
                probability=probability,
                impact=impact,
                priority=priority_of(probability, impact),
                risks=[r for r in risks if r.probability == probability and r.impact == impact],
            )
            for probability in Level3
        ]
        rows.append(MatrixRow(impact=impact, cells=cells))
    return rows


@dataclass(frozen=True)
class DesignSummary:
    """Everything designed for an initiative, for decision documents and overviews."""

    logic_model: LogicModelView
    target_group: TargetGroup | None
    comparison_design: ComparisonDesign | None
    success_criteria: list[SuccessCriterion]
    follow_up_plan: FollowUpPlan | None
    risks: list[Risk]
    stop_criteria: list[StopCriterion]
    stakeholders: list[Stakeholder]
    project_organisation: ProjectOrganisation | None
    impact_statement: ImpactStatement | None
    communication_plan: list[CommunicationItem]
    implementation_outline: ImplementationOutline | None

    @property
    def risk_matrix(self) -> list[MatrixRow]:
        return risk_matrix(self.risks)


def design_summary_for(initiative: Initiative) -> DesignSummary:
    return DesignSummary(
        logic_model=logic_model_for(initiative),
        target_group=target_group_for(initiative),
        comparison_design=comparison_design_for(initiative),
        success_criteria=success_criteria_for(initiative),
        follow_up_plan=follow_up_plan_for(initiative),
        risks=risks_for(initiative),
        stop_criteria=stop_criteria_for(initiative),
        stakeholders=stakeholders_for(initiative),
        project_organisation=project_organisation_for(initiative),
        impact_statement=impact_statement_for(initiative),
        communication_plan=communication_plan_for(initiative),
        implementation_outline=implementation_outline_for(initiative),
    )
