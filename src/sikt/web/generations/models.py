"""One counter per organisation (and one for everything) that every write moves on."""

from __future__ import annotations

from django.db import models


class Generation(models.Model):
    """How many committed write transactions touched ``scope``: an organisation's id, or
    :data:`~sikt.web.generations.EVERYTHING` for writes no single organisation owns (a shared
    record, a background task, a command). Written only by :mod:`sikt.web.generations`."""

    scope = models.CharField(max_length=20, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.value}"
