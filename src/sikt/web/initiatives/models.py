"""An initiative (satsning): the delimited effort that is applied for, decided, run and evaluated.

Other areas (logic model and design, calculation, follow-up, evaluation) hang their records on
:class:`Initiative` with a foreign key and ``organization_path = "initiative__organization"``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.initiatives.states import InitiativeState


class Initiative(models.Model):
    organization_path: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        _("state"),
        max_length=32,
        choices=InitiativeState.choices,
        default=InitiativeState.IDEA_DRAFT,
        db_index=True,
    )
    owner_committee = models.ForeignKey(
        "accounts.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_initiatives",
        verbose_name=_("owning committee"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="created_initiatives",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.title
