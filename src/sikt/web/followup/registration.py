"""Plug follow-up into the rest of Sikt (called from ``FollowupConfig.ready``): its rule table,
its work-queue provider, the kinds of notification it sends, and the link on the initiative's
page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sikt.web import policy
from sikt.web.followup.rules import FOLLOWUP_RULES
from sikt.web.followup.selectors.queue import LABELS, followup_work
from sikt.web.initiatives import sections
from sikt.web.notifications import register_kind
from sikt.web.shell import workqueue

NOTIFICATION_KINDS = (
    ("report_due", _("A report is due soon or overdue")),
    ("report_requested", _("The coordinator asks for an extra report")),
    ("report_submitted", _("A report was submitted for review")),
    ("report_returned", _("A report was returned for correction")),
    ("report_approved", _("A report was approved")),
    ("initiative_flagged", _("An initiative was flagged (harm, worsening, stop criterion)")),
    ("deviation_assigned", _("A deviation or obstacle is yours to handle")),
    ("idea_waiting", _("An idea has waited longer than the answer time")),
    ("decision_to_prepare", _("An application waits for your step")),
)


def register_all() -> None:
    if ("followup.progressreport", policy.Action.VIEW) not in policy.RULES:
        policy.register_rules(FOLLOWUP_RULES)
    workqueue.register(followup_work, labels=LABELS)
    for order, (key, label) in enumerate(NOTIFICATION_KINDS):
        register_kind(key, label, order=order)
    sections.register("followup", _("Follow-up"), "followup:initiative", order=80)
