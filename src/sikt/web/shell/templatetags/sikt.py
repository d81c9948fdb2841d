"""Template helpers shared by all pages."""

from __future__ import annotations

from django import template
from django.db import models
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj: models.Model) -> str:
    """URL of the audit trail of ``obj``."""
    return reverse("audit:history", args=[obj._meta.label_lower, obj.pk])
