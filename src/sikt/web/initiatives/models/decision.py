"""A decision taken in the process: who decided, when, under which minute and registration
number, with which outcome and why (public-sector record keeping; 003 steps 3, 5 and 6).

A decision is a snapshot (ARCHITECTURE, "Rules learned from the first build"): it points to the
application version frozen when it was taken and keeps, in :attr:`Decision.frozen`, what the
other areas froze for it (the calculation's inputs and results, the economist's review …), see
:mod:`sikt.web.initiatives.freezing`. Neither changes after the decision is recorded.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.initiatives.states import DecisionBody, InitiativeState


class Decision(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("initiative"),
    )
    transition = models.CharField(_("step"), max_length=40)
    outcome = models.CharField(_("outcome"), max_length=32, choices=InitiativeState.choices)
    decided_on = models.DateField(_("decision date"))
    body = models.CharField(_("decision body"), max_length=32, choices=DecisionBody.choices)
    minute_reference = models.CharField(
        _("minute reference (paragraf)"),
        max_length=100,
        blank=True,
        help_text=_("The paragraph in the minutes, e.g. § 123."),
    )
    registration_number = models.CharField(
        _("registration number (diarienummer)"),
        max_length=100,
        blank=True,
        help_text=_("E.g. KSN-2016-2186."),
    )
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="recorded_decisions",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    #: The application as it stood when the decision was taken.
    version = models.ForeignKey(
        "initiatives.ApplicationVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("application version"),
    )
    #: The amendment this decision is on (``None`` for the decisions on the application).
    amendment = models.ForeignKey(
        "initiatives.Amendment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("amendment"),
    )
    #: ``{freezer key: data}`` from the registered freezers (calculation, review …).
    frozen = models.JSONField(_("frozen content"), default=dict, blank=True, editable=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["decided_on", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.decided_on}: {self.get_outcome_display()}"
