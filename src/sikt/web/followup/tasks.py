"""Background tasks of the reports area (django-tasks; worker started by ``sikt serve``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sikt.web.followup.models import YearlyReport


def generate_yearly_report(report_id: int) -> None:
    """Gather the year's figures and write the PDF, DOCX and XLSX, recording progress."""
    from sikt.web.followup.yearly.data import STEPS, yearly_data
    from sikt.web.followup.yearly.render import yearly_docx, yearly_pdf, yearly_xlsx

    report = YearlyReport.objects.select_related("organization").get(pk=report_id)
    YearlyReport.objects.filter(pk=report.pk).update(status=YearlyReport.Status.RUNNING)
    total = STEPS + 3

    def step(done: int, _steps: int) -> None:
        YearlyReport.objects.filter(pk=report.pk).update(progress=done / total)

    try:
        data = yearly_data(report.organization, report.year, step)
        files = {}
        for done, (name, render) in enumerate(
            (("pdf", yearly_pdf), ("docx", yearly_docx), ("xlsx", yearly_xlsx)), start=STEPS + 1
        ):
            files[name] = render(data)
            step(done, total)
    except Exception as error:  # the page shows the failure instead of spinning forever
        YearlyReport.objects.filter(pk=report.pk).update(
            status=YearlyReport.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    YearlyReport.objects.filter(pk=report.pk).update(
        status=YearlyReport.Status.DONE, progress=1.0, finished_at=timezone.now(), **files
    )


@task()
def generate_yearly_report_task(report_id: int, **queue: int | None) -> None:
    """Generate a queued yearly report. (``queue``: who queued it for which organisation, read
    by :mod:`sikt.web.queue`.)"""
    generate_yearly_report(report_id)
