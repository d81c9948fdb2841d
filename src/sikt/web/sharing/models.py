"""Shared models: evaluation models one organisation publishes and others adopt, and the
organisation's choice to share evaluation summaries in the knowledge bank.

Why: EKUSIA's competence forum (seed 002) was meant to keep one model alive across many
municipalities — shared unit costs, logic models and evaluation designs, maintained by a
coordination association. A published :class:`SharedModelVersion` is immutable (a change is a
new version, never an edit), so an adopter always knows exactly what it took. An
:class:`Adoption` is the adopter's own copy: it keeps the package's content and the provenance
(publisher, model, version) even if the publisher is renamed later.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SharedModel(models.Model):
    """A model an organisation publishes, in numbered versions."""

    organization_path: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="published_models",
        verbose_name=_("publisher"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the model is for and who it suits.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["title", "id"]
        verbose_name = _("shared model")
        verbose_name_plural = _("shared models")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organization", "title"], name="sharedmodel_unique_title_per_publisher"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SharedModelVersion(models.Model):
    """One published, immutable version of a shared model, with its provenance."""

    organization_path: ClassVar[str] = "shared_model__organization"

    shared_model = models.ForeignKey(
        SharedModel,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("shared model"),
    )
    number = models.PositiveIntegerField(_("version"))
    source_description = models.TextField(
        _("sources"),
        help_text=_("Where the figures and the model come from: reports, price lists, years."),
    )
    changes = models.TextField(
        _("what is new"), blank=True, help_text=_("What changed since the previous version.")
    )
    #: The package (:mod:`sikt.web.sharing.content`): unit-cost rows, logic-model template,
    #: evaluation design.
    content = models.JSONField(_("content"))
    content_sha256 = models.CharField(_("content hash (SHA-256)"), max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["shared_model", "-number"]
        verbose_name = _("shared model version")
        verbose_name_plural = _("shared model versions")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["shared_model", "number"], name="sharedmodelversion_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shared_model.title} v{self.number}"


class Adoption(models.Model):
    """An organisation's copy of one version of a shared model, and where it came from."""

    organization_path: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("organisation"),
    )
    version = models.ForeignKey(
        SharedModelVersion,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("version"),
    )
    #: Provenance as it stood when adopted (kept if the publisher is renamed later).
    publisher_name = models.CharField(_("publisher"), max_length=200)
    model_title = models.CharField(_("shared model"), max_length=200)
    version_number = models.PositiveIntegerField(_("version"))
    #: The organisation's own copy of the package.
    content = models.JSONField(_("content"))
    #: ``{"created": [keys], "updated": [keys], "unchanged": [keys]}`` of the unit costs and
    #: ``"type_cases": [names]`` of the type cases copied.
    summary = models.JSONField(_("what was copied"), default=dict)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    adopted_at = models.DateTimeField(_("adopted"), auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-adopted_at", "-id"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organization", "version"], name="adoption_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_title} v{self.version_number} ({self.publisher_name})"


class SharingSetting(models.Model):
    """Whether the organisation shares its finished evaluations' summaries (off by default)."""

    organization_path: ClassVar[str] = "organization"

    organization = models.OneToOneField(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="sharing_setting",
        verbose_name=_("organisation"),
    )
    share_summaries = models.BooleanField(
        _("share evaluation summaries in the knowledge bank"),
        default=False,
        help_text=_(
            "Other organisations can then search the summaries of your finished evaluations "
            "(target group, outcome, design, effect with interval, cost per effect). Never "
            "individual records."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sharing setting")
        verbose_name_plural = _("sharing settings")

    def __str__(self) -> str:
        return str(_("Sharing: %(organization)s") % {"organization": self.organization})
