"""What the needs app plugs into: its policy rules and its link on an initiative's page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sikt.web import policy
from sikt.web.accounts.models import Role
from sikt.web.initiatives import sections

#: Analysts and coordinators write needs analyses and load data; everyone in the organisation
#: reads the analyses (they are the ground of the ideas), the indicator pages likewise.
ANALYSTS = frozenset({Role.ANALYST, Role.COORDINATOR})

RULES: policy.RuleTable = {
    ("needs.needsanalysis", policy.Action.VIEW): policy.ALL_ROLES,
    ("needs.needsanalysis", policy.Action.CREATE): ANALYSTS,
    ("needs.needsanalysis", policy.Action.CHANGE): ANALYSTS,
    ("needs.needsanalysis", policy.Action.DELETE): ANALYSTS,
    # A chart kept on a needs analysis holds only published (suppressed) counts: read as the
    # record is.
    ("needs.flowchart", policy.Action.VIEW): policy.ALL_ROLES,
    # Removing a chart from the record is a change of the record: for those who may change it.
    ("needs.flowchart", policy.Action.DELETE): ANALYSTS,
    # Individual-level data, even pseudonymised, is for the analysts and coordinators only.
    ("needs.eventdataset", policy.Action.VIEW): ANALYSTS,
    ("needs.eventdataset", policy.Action.CREATE): ANALYSTS,
    # A background flow analysis shows what the flow page shows: for the same roles.
    ("needs.flowrun", policy.Action.VIEW): ANALYSTS,
    ("needs.measurementdataset", policy.Action.VIEW): ANALYSTS,
    ("needs.measurementdataset", policy.Action.CREATE): ANALYSTS,
}


def register_all() -> None:
    policy.register_rules(RULES)
    sections.register("needs", _("Needs analyses"), "needs:for-initiative", order=15)
