"""Reminders already sent, so the daily run tells each person once per event."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    organization_path: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+"
    )
    #: What the reminder was about, e.g. ``report-overdue:12`` (unique: sent once).
    key = models.CharField(max_length=120, unique=True)
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")

    def __str__(self) -> str:
        return self.key
