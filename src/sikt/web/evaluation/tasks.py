"""Background tasks (django-tasks; database backend, worker started by ``sikt serve``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sikt.stats import SeparationError, StatsInputError
from sikt.web.evaluation import compute
from sikt.web.evaluation.models import EvaluationRun


@task()
def run_evaluation_task(run_id: int, **queue: int | None) -> None:
    """Run a queued estimation and store its result (or the reason it failed). (``queue``: who
    queued it for which organisation, read by :mod:`sikt.web.queue`.)"""
    execute(run_id)


def execute(run_id: int) -> None:
    """The task's work, also called directly by the demo (no worker runs while it seeds)."""
    run = EvaluationRun.objects.select_related("dataset").get(pk=run_id)
    EvaluationRun.objects.filter(pk=run.pk).update(
        status=EvaluationRun.Status.RUNNING, progress=0.1
    )
    try:
        result = compute.estimate(run.dataset.columns, run.dataset.rows, run.estimator, run.options)
    except (StatsInputError, SeparationError) as error:
        text = getattr(error, "text", None)
        message = text.sv if text is not None else str(error)
        EvaluationRun.objects.filter(pk=run.pk).update(
            status=EvaluationRun.Status.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        return
    except Exception as error:  # the run page shows the failure instead of spinning forever
        EvaluationRun.objects.filter(pk=run.pk).update(
            status=EvaluationRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    EvaluationRun.objects.filter(pk=run.pk).update(
        status=EvaluationRun.Status.DONE,
        progress=1.0,
        result=result,
        finished_at=timezone.now(),
    )
