"""An amendment (*ändringsansökan*): a change to an approved initiative, decided again.

After approval the application is read-only for everyone (:mod:`sikt.web.initiatives.lock`).
A change — a larger budget, another period, a different calculation — is applied for as an
amendment with a reason: while it is a draft, the application and its calculation are editable
again; it then goes back through the steps the organisation's rule set names
(:class:`~sikt.web.initiatives.states.AmendmentPath`) and is decided like the original. While it
is pending the original decision stays in force (the initiative keeps its state, the fund and
the follow-up read the decided figures); an approval records a second decision with its own
frozen content and documents; a rejection returns the application to the decided version.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.initiatives.states import AmendmentState

#: An amendment in these states is pending: not yet decided.
PENDING_STATES = frozenset(
    {AmendmentState.DRAFT, AmendmentState.SUBMITTED, AmendmentState.RECOMMENDED}
)


class Amendment(models.Model):
    organization_path: ClassVar[str] = "initiative__organization"

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="amendments",
        verbose_name=_("initiative"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.TextField(_("reason for the amendment"))
    state = models.CharField(
        _("state"), max_length=16, choices=AmendmentState.choices, default=AmendmentState.DRAFT
    )
    #: The decision in force when the amendment was opened: what a rejection returns to.
    base_decision = models.ForeignKey(
        "initiatives.Decision",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decision in force"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["initiative_id", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["initiative", "number"], name="amendment_number")
        ]

    def __str__(self) -> str:
        return str(_("Amendment %(number)s") % {"number": self.number})

    @property
    def pending(self) -> bool:
        return self.state in PENDING_STATES
