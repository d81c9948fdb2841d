"""Personal API tokens: a user's key for the open API, stored only as a SHA-256 hash.

Why hashed: a token is a password for a program; whoever reads the database (or a backup) must
not be able to act as the user. The tokens are 256 random bits, so a plain SHA-256 is enough
(no salt or slow hash needed: there is nothing to guess); the first characters are kept in clear
so the user can tell their tokens apart on the profile page. A revoked token stays as a record
(who had which token until when) and is never accepted again.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    #: The first characters of the token (after ``sikt_``), shown to tell tokens apart.
    prefix = models.CharField(_("starts with"), max_length=12)
    #: SHA-256 of the whole token, hex.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
