"""Attrition with reasons, the flags it raises, and deviations and obstacles (004 §6).

Attrition (*bortfall*) is examined as soon as it happens, above all to see that nobody left
because the initiative harmed them: a reason of harm or worsening flags the initiative at once to
the coordinator and the steering group (a :class:`Flag`, a work-queue item and a notification)
and is checked against the plan's stop criteria. A flag stays until someone handles it with a
note. Deviations and obstacles have an owner and a date by which they are to be dealt with.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttritionReason(models.TextChoices):
    MOVED = "moved", _("Moved away")
    DECLINED = "declined", _("Chose to leave")
    NO_CONTACT = "no_contact", _("Lost contact")
    OTHER_SUPPORT = "other_support", _("Got other support instead")
    WORSE_OFF = "worse_off", _("Became worse off")
    HARM = "harm", _("Harmed by the initiative")
    OTHER = "other", _("Other reason")


#: Reasons that flag the initiative at once (004 §6: signs that the initiative caused harm).
FLAGGING_REASONS = frozenset({AttritionReason.WORSE_OFF, AttritionReason.HARM})


class Attrition(models.Model):
    organization_path: ClassVar[str] = "report__initiative__organization"

    report = models.ForeignKey(
        "followup.ProgressReport",
        on_delete=models.CASCADE,
        related_name="attritions",
        verbose_name=_("report"),
    )
    count = models.PositiveIntegerField(
        _("participants who left"), default=1, validators=[MinValueValidator(1)]
    )
    reason = models.CharField(_("reason"), max_length=16, choices=AttritionReason.choices)
    description = models.TextField(
        _("what happened"),
        blank=True,
        help_text=_(
            "Required for harm or worsening: what happened and what has been done. "
            "Write no names or personal identity numbers."
        ),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = _("attrition")
        verbose_name_plural = _("attrition")

    def __str__(self) -> str:
        return f"{self.count} – {self.get_reason_display()}"

    @property
    def flags(self) -> bool:
        return self.reason in FLAGGING_REASONS


class FlagKind(models.TextChoices):
    HARM = "harm", _("Harm or worsening reported")
    STOP_CRITERION = "stop_criterion", _("A stop criterion is met")


class Flag(models.Model):
    """A warning on a running initiative that the coordinator or steering group must handle."""

    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="followup_flags",
        verbose_name=_("initiative"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FlagKind.choices)
    message = models.TextField(_("message"))
    attrition = models.ForeignKey(
        Attrition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_flags",
        verbose_name=_("attrition"),
    )
    stop_criterion = models.ForeignKey(
        "design.StopCriterion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stop criterion"),
    )
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handling = models.TextField(_("how it was handled"), blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-raised_at", "-id"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["initiative", "handled_at"], name="flag_open_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.initiative}"

    @property
    def is_open(self) -> bool:
        return self.handled_at is None


class DeviationKind(models.TextChoices):
    DEVIATION = "deviation", _("Deviation from the plan")
    OBSTACLE = "obstacle", _("Obstacle")


class Deviation(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="deviations",
        verbose_name=_("initiative"),
    )
    report = models.ForeignKey(
        "followup.ProgressReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deviations",
        verbose_name=_("reported in"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=DeviationKind.choices, default=DeviationKind.DEVIATION
    )
    description = models.TextField(_("description"))
    action = models.TextField(_("what is done about it"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(
        _("owner (name)"), max_length=200, blank=True, help_text=_("If the owner has no account.")
    )
    due_on = models.DateField(_("to be handled by"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["closed_on", "due_on", "id"]
        verbose_name = _("deviation or obstacle")
        verbose_name_plural = _("deviations and obstacles")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["initiative", "closed_on"], name="deviation_open_idx")
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def owner_label(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name
