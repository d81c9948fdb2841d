"""The demo: Exempelby has an initiative in every state, built through the services."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import User
from sikt.web.audit.models import AuditEntry
from sikt.web.followup.demo import FOLLOWED
from sikt.web.initiatives.models import ApplicationVersion, Comment, Decision, Initiative
from sikt.web.initiatives.states import InitiativeState
from sikt.web.initiatives.states import InitiativeState as S
from sikt.web.reports.demo import DEMO_INITIATIVES
from tests.web.conftest import login
from tests.web.reports.conftest import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    from sikt.web.demo import seed_demo

    seed_demo()


def _demo_initiative(state: InitiativeState) -> Initiative:
    title = next(d.title for d in DEMO_INITIATIVES if d.state == state)
    return Initiative.objects.get(title=title)


def test_every_state_is_represented(demo: object) -> None:
    states = set(Initiative.objects.values_list("state", flat=True))
    assert states == set(InitiativeState.values)
    for item in DEMO_INITIATIVES:
        assert Initiative.objects.get(title=item.title).state == item.state


def test_steps_were_taken_through_the_services(demo: object) -> None:
    recommended = _demo_initiative(InitiativeState.RECOMMENDED)
    decisions = list(Decision.objects.filter(initiative=recommended))
    assert [d.transition for d in decisions] == ["clear_idea", "recommend"]
    assert all(d.minute_reference.startswith("§") and d.registration_number for d in decisions)
    assert decisions[0].decided_on < decisions[1].decided_on
    # Submitted as an idea, a plan, the plan again after it was returned, and as the steering
    # group recommended it (with its criteria assessment): four versions.
    versions = ApplicationVersion.objects.filter(initiative=recommended)
    assert [v.transition for v in versions] == [
        "submit_idea",
        "submit_plan",
        "submit_plan",
        "recommend",
    ]
    assert decisions[0].version == versions[0] and decisions[1].version == versions[3]
    assert Comment.objects.filter(initiative=recommended, section="plan").exists()
    transitions = AuditEntry.objects.filter(
        action=AuditEntry.Action.TRANSITION, object_id=str(recommended.pk)
    )
    actors = {entry.actor.username for entry in transitions if entry.actor}
    assert {"sokande", "ledningsgrupp", "styrgrupp"} <= actors
    implemented = _demo_initiative(InitiativeState.IMPLEMENTED)
    assert Decision.objects.filter(
        initiative=implemented, transition="decide_implementation"
    ).exists()


def test_seeding_twice_changes_nothing(demo: object) -> None:
    from sikt.web.demo import seed_demo

    counts = (
        Initiative.objects.count(),
        Decision.objects.count(),
        ApplicationVersion.objects.count(),
        AuditEntry.objects.count(),
    )
    seed_demo()
    assert (
        Initiative.objects.count(),
        Decision.objects.count(),
        ApplicationVersion.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_pages_and_decision_documents_of_demo_initiatives(client: Client, demo: object) -> None:
    login(client, User.objects.get(username="lasare"))
    for state in (InitiativeState.IDEA_DRAFT, InitiativeState.STEERING_REVIEW, S.RUNNING):
        initiative = _demo_initiative(state)
        for url in (
            reverse("reports:document", args=[initiative.pk]),
            reverse("design:overview", args=[initiative.pk]),
            reverse("calculations:for-initiative", args=[initiative.pk]),
        ):
            assert client.get(url, follow=True).status_code == 200, url
    portfolio = client.get(reverse("reports:portfolio"))
    # One in every state, and the three the follow-up demo has reported on for two years.
    assert portfolio.context["portfolio"].total == len(DEMO_INITIATIVES) + len(FOLLOWED)
    for state, verdict in (
        (S.RECOMMENDED, "Styrgruppen rekommenderar"),
        (S.APPROVED, "Kommunstyrelsen har beviljat"),
    ):
        initiative = _demo_initiative(state)
        for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
            response = client.get(reverse(f"reports:document-{fmt}", args=[initiative.pk]))
            assert response.status_code == 200
            text = read(response.content)
            assert initiative.title in text
            assert verdict in text
            assert "Nettonuvärde, organisationen" in text
