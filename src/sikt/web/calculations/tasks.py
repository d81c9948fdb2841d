"""Background tasks (django-tasks; database backend, worker started by ``sikt serve``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sikt.calc import load_case
from sikt.web.calculations import compute
from sikt.web.calculations.models import Calculation, CalculationRun
from sikt.web.unitcosts.selectors import library_for


@task()
def run_monte_carlo_task(run_id: int, **queue: int | None) -> None:
    """Run a queued Monte Carlo run, writing its progress; store the result on the
    calculation when the case has not changed since the run was started. (``queue``: who
    queued it for which organisation, read by :mod:`sikt.web.queue`.)"""
    run = CalculationRun.objects.select_related("calculation__initiative__organization").get(
        pk=run_id
    )
    CalculationRun.objects.filter(pk=run.pk).update(status=CalculationRun.Status.RUNNING)
    calculation = run.calculation

    def report(done: int, total: int) -> None:
        CalculationRun.objects.filter(pk=run.pk).update(progress=done / total)

    try:
        library = library_for(calculation.initiative.organization)
        result = compute.simulate(
            load_case(run.case, library), library, run.draws, run.seed, report
        )
    except Exception as error:  # the run page shows the failure instead of spinning forever
        CalculationRun.objects.filter(pk=run.pk).update(
            status=CalculationRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    current = Calculation.objects.only("case").get(pk=calculation.pk)
    if current.case == run.case:
        Calculation.objects.filter(pk=calculation.pk).update(monte_carlo=result)
    CalculationRun.objects.filter(pk=run.pk).update(
        status=CalculationRun.Status.DONE, progress=1.0, finished_at=timezone.now()
    )
