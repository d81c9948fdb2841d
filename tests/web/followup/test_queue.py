"""The work queue by role, with a frozen clock: an overdue report appears the next day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.followup import services
from sikt.web.followup.models import Flag, FlagKind
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from sikt.web.shell import workqueue
from tests.web.factories import make_initiative, make_running_initiative, make_user

pytestmark = pytest.mark.django_db


def _kinds(user: User, organization: Organization) -> list[tuple[str, bool]]:
    return [(item.kind, item.overdue) for item in workqueue.items_for(user, organization)]


def test_an_overdue_report_appears_on_the_day_after_it_was_due(
    organization: Organization, leader: User, reviewer: User
) -> None:
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        initiative = make_running_initiative(
            organization, start=dt.date(2026, 1, 1), reporting="monthly", leader=leader
        )
    report = initiative.progress_reports.order_by("period_end").first()
    assert report is not None and report.due_on == dt.date(2026, 2, 15)
    with time_machine.travel(dt.datetime(2026, 2, 15, 20, tzinfo=dt.UTC), tick=False):
        assert ("report_due", False) in _kinds(leader, organization)
        assert ("reports_overdue", True) not in _kinds(reviewer, organization)
    with time_machine.travel(dt.datetime(2026, 2, 16, 8, tzinfo=dt.UTC), tick=False):
        assert ("report_due", True) in _kinds(leader, organization)
        assert ("reports_overdue", True) in _kinds(reviewer, organization)


def test_coordinator_sees_reports_to_review_and_flags(
    organization: Organization,
    initiative: Initiative,
    leader: User,
    reviewer: User,
    steering: User,
) -> None:
    report = initiative.progress_reports.order_by("period_end").first()
    assert report is not None
    services.attrition_add(
        actor=leader, report=report, count=1, reason="harm", description="Kränkning i gruppen"
    )
    services.report_submit(actor=leader, report=report)
    kinds = {kind for kind, _overdue in _kinds(reviewer, organization)}
    assert {"report_to_review", "flag"} <= kinds
    assert "flag" in {kind for kind, _overdue in _kinds(steering, organization)}
    assert Flag.objects.filter(kind=FlagKind.HARM).count() == 1
    urls = {i.url for i in workqueue.items_for(reviewer, organization) if i.kind == "flag"}
    assert f"/uppfoljning/flaggor/{Flag.objects.get(kind='harm').pk}/" in urls


def test_returned_report_is_at_the_top_of_the_leaders_queue(
    organization: Organization, initiative: Initiative, leader: User, reviewer: User
) -> None:
    report = initiative.progress_reports.order_by("period_end").first()
    assert report is not None
    services.report_submit(actor=leader, report=report)
    services.report_return(actor=reviewer, report=report, comment="Komplettera räckvidden")
    assert _kinds(leader, organization)[0] == ("report_returned", True)


def test_ideas_past_the_answer_time_and_decisions_to_take(
    organization: Organization, reviewer: User
) -> None:
    from django.utils import timezone

    idea = make_initiative(organization, "Idé som väntar")
    Initiative.objects.filter(pk=idea.pk).update(
        state=InitiativeState.IDEA_SUBMITTED,
        idea_submitted_at=timezone.now() - dt.timedelta(days=40),
    )
    recommended = make_initiative(organization, "Rekommenderad")
    Initiative.objects.filter(pk=recommended.pk).update(state=InitiativeState.RECOMMENDED)
    assert ("idea_waiting", True) in _kinds(reviewer, organization)
    board = make_user(organization, Role.DECISION_MAKER)
    assert _kinds(board, organization) == [("decision_to_take", False)]


def test_the_queue_reads_with_a_fixed_number_of_queries(
    organization: Organization, leader: User, reviewer: User
) -> None:
    """Every area's provider together: the count does not grow with the initiatives, no writes."""

    def read() -> tuple[list[str], int]:
        users = User.objects.filter(pk__in=[reviewer.pk, leader.pk])  # no cached roles
        with CaptureQueriesContext(connection) as queries:
            items = [item for user in users for item in workqueue.items_for(user, organization)]
        return [query["sql"] for query in queries.captured_queries], len(items)

    for _ in range(2):
        make_running_initiative(organization, leader=leader)
    small_queries, small_items = read()
    for _ in range(5):
        make_running_initiative(organization, leader=leader)
    large_queries, large_items = read()
    assert large_items > small_items
    assert len(large_queries) == len(small_queries)
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in large_queries)
