"""Reviewers' comments on sections of an application, and the frozen versions of it.

An application is frozen as a version at every submission, so the steering group can see what
changed between the plan it returned and the plan that came back (issue 4 item 9).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.initiatives.states import InitiativeState


class Comment(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="comments"
    )
    section = models.CharField(_("section"), max_length=40)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="initiative_comments"
    )
    text = models.TextField(_("comment"))
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.section}: {self.text[:60]}"


class ApplicationVersion(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    transition = models.CharField(_("step"), max_length=40)
    state = models.CharField(_("state"), max_length=32, choices=InitiativeState.choices)
    #: ``{section key: {"label": str, "fields": {field label: text}}}``, see snapshots.py.
    content = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["number"]
        verbose_name = _("application version")
        verbose_name_plural = _("application versions")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["initiative", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.initiative} v{self.number}"
