"""Reads for the evaluation pages, scoped to the user's organisations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.design.models import ComparisonDesign, SuccessCriterion
from sikt.web.evaluation.models import EvaluationRun, OutcomeDataset
from sikt.web.initiatives.models import Initiative


def design_of(initiative: Initiative) -> ComparisonDesign | None:
    return ComparisonDesign.objects.filter(initiative=initiative).first()


def criteria_of(initiative: Initiative) -> QuerySet[SuccessCriterion]:
    return SuccessCriterion.objects.filter(
        indicator__element__initiative=initiative
    ).select_related("indicator")


def datasets_of(initiative: Initiative) -> QuerySet[OutcomeDataset]:
    return OutcomeDataset.objects.filter(initiative=initiative).defer("rows")


def runs_of(initiative: Initiative) -> QuerySet[EvaluationRun]:
    return EvaluationRun.objects.filter(dataset__initiative=initiative).select_related(
        "dataset", "criterion__indicator"
    )


def evaluated_initiatives(user: Any, organization: Organization) -> QuerySet[Initiative]:
    """The initiatives of ``organization`` (the one the user works in) that the user may see and
    that have an evaluation design or outcome data, by title."""
    return (
        policy.scope(user, Initiative.objects.filter(organization=organization))
        .filter(Q(outcome_datasets__isnull=False) | Q(comparison_design__isnull=False))
        .distinct()
        .order_by("title", "id")
    )


def latest_done_runs(initiatives: Iterable[Initiative]) -> dict[int, EvaluationRun]:
    """``{initiative pk: its latest finished run}`` for these initiatives (one query: a page of
    the list, not the whole organisation)."""
    latest: dict[int, EvaluationRun] = {}
    for run in (
        EvaluationRun.objects.filter(
            dataset__initiative__in=[i.pk for i in initiatives], status=EvaluationRun.Status.DONE
        )
        .select_related("dataset")
        .order_by("created_at", "id")
    ):
        latest[run.dataset.initiative_id] = run
    return latest


def same_inputs_before(run: EvaluationRun) -> EvaluationRun | None:
    """An earlier finished run with the same inputs' hash (a re-run to compare with)."""
    return (
        EvaluationRun.objects.filter(
            inputs_sha256=run.inputs_sha256, status=EvaluationRun.Status.DONE, id__lt=run.pk
        )
        .order_by("id")
        .first()
    )
