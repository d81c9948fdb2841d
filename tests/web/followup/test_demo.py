"""The follow-up demo: two years of reports giving one green, one yellow and one red light."""

from __future__ import annotations

import pytest

from sikt.web.accounts.models import User
from sikt.web.followup.demo import FOLLOWED, seed_followup_demo
from sikt.web.followup.models import Flag, FlagKind, ProgressReport
from sikt.web.followup.selectors.overview import overviews
from sikt.web.followup.states import ReportState
from sikt.web.followup.status import Light
from sikt.web.initiatives.models import Initiative
from sikt.web.shell import workqueue

pytestmark = pytest.mark.django_db


def test_demo_has_a_green_a_yellow_and_a_red_initiative_with_two_years_of_reports() -> None:
    from sikt.web.demo import seed_demo

    organization = seed_demo()
    coordinator = User.objects.get(username="samordnare")
    leader = User.objects.get(username="projektledare")
    titles = [demo.title for demo in FOLLOWED]
    found = {
        o.initiative.title: o
        for o in overviews(
            coordinator,
            organization,
            initiatives=Initiative.objects.filter(organization=organization, title__in=titles),
        )
    }
    green, yellow, red = (found[title] for title in titles)
    assert green.status.light == Light.GREEN
    assert yellow.status.light == Light.YELLOW
    reach = next(s for s in yellow.status.reasons if s.dimension == "reach")
    assert 0.55 < float(reach.ratio or 0) < 0.7
    assert red.status.light == Light.RED
    assert "harm" in {s.dimension for s in red.status.reasons}
    assert "reports" in {s.dimension for s in red.status.signals}
    assert Flag.objects.filter(initiative=red.initiative, kind=FlagKind.HARM).count() == 1
    for overview in (green, yellow, red):
        approved = ProgressReport.objects.filter(
            initiative=overview.initiative, state=ReportState.APPROVED
        )
        years = {report.period_end.year for report in approved}
        assert len(years) >= 2, overview.initiative.title
        assert overview.series is not None and len(overview.series.points) >= 2
    returned = ProgressReport.objects.get(initiative=yellow.initiative, state=ReportState.RETURNED)
    assert returned.measurements.exclude(return_note="").count() == 1
    leader_items = {(i.kind, i.overdue) for i in workqueue.items_for(leader, organization)}
    assert ("report_due", True) in leader_items
    assert ("report_returned", False) in leader_items
    assert ("flag", False) in {
        (i.kind, i.overdue) for i in workqueue.items_for(coordinator, organization)
    }
    assert seed_followup_demo(organization) == 0
