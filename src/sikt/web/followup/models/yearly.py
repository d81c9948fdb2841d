"""The yearly portfolio reports an organisation has generated (issue 10 item 5).

A report is generated in the background (django-tasks, like Monte Carlo runs) because it reads
every initiative of the year; the page polls :attr:`YearlyReport.progress`. The files are kept
with the report, so a download shows exactly what was generated, and each download is audited.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.progress import RunProgress


class YearlyReport(RunProgress, models.Model):
    organization_path: ClassVar[str] = "organization"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="yearly_reports",
        verbose_name=_("organisation"),
    )
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    error = models.TextField(_("error"), blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    docx = models.BinaryField(_("DOCX"), null=True, blank=True)
    xlsx = models.BinaryField(_("XLSX"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")

    def __str__(self) -> str:
        return f"{self.organization} {self.year} ({self.get_status_display()})"
