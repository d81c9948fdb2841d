"""Amendments (ändringsansökningar) in the open API: an initiative's amendments with their
state, and opening one — through the same service and policy as the initiative's page."""

from __future__ import annotations

from typing import Any

import pytest

from sikt.web.accounts.models import Organization, Role
from sikt.web.initiatives.models import Amendment
from sikt.web.initiatives.services import amendment_step
from tests.web.factories import make_grant, make_running_initiative, make_user

pytestmark = pytest.mark.django_db


def test_an_amendment_is_opened_and_read_with_its_state(
    organization: Organization, other_organization: Organization, api_as: Any
) -> None:
    initiative = make_running_initiative(organization)
    grant = make_grant(initiative)
    applicant = api_as(make_user(organization, Role.APPLICANT))
    path = f"/initiatives/{initiative.pk}/amendments"
    assert applicant.get(path).json() == {"items": [], "count": 0}

    opened = applicant.send("post", path, {"reason": "  Större målgrupp: 60 familjer.  "})
    assert opened.status_code == 201
    body = opened.json()
    assert (body["number"], body["state"], body["state_label"]) == (
        1,
        "draft",
        "Ändringsansökan (utkast)",
    )
    assert body["reason"] == "Större målgrupp: 60 familjer."
    assert body["pending"] is True and body["closed_at"] is None
    assert body["base_decision_id"] == grant.decision_id
    assert Amendment.objects.get(pk=body["id"]).opened_by is not None

    # Only one may be pending: a second is refused with the reason, in Swedish.
    again = applicant.send("post", path, {"reason": "En till"})
    assert again.status_code == 422
    assert "kan inte tas nu" in again.json()["errors"][0]["message"]
    assert applicant.send("post", path, {"reason": " "}).status_code == 422

    # A viewer reads it but may not open one; another organisation does not see it.
    viewer = api_as(make_user(organization, Role.VIEWER))
    (item,) = viewer.get(path).json()["items"]
    assert item["id"] == body["id"] and item["state"] == "draft"
    amendment_step(actor=None, initiative=initiative, step_key="withdraw_amendment")
    assert viewer.send("post", path, {"reason": "Fler"}).status_code == 403
    outsider = api_as(make_user(other_organization, Role.COORDINATOR))
    assert outsider.get(path).status_code == 404
    assert outsider.send("post", path, {"reason": "Fler"}).status_code == 404
    (withdrawn,) = applicant.get(path).json()["items"]
    assert withdrawn["state"] == "withdrawn" and withdrawn["pending"] is False
    assert withdrawn["closed_at"] is not None


def test_an_initiative_without_a_grant_cannot_be_amended(
    organization: Organization, api_as: Any
) -> None:
    initiative = make_running_initiative(organization)
    coordinator = api_as(make_user(organization, Role.COORDINATOR), language="en")
    response = coordinator.send(
        "post", f"/initiatives/{initiative.pk}/amendments", {"reason": "Fler"}
    )
    assert response.status_code == 422
    assert "approved" in response.json()["errors"][0]["message"]
    assert not Amendment.objects.exists()


def test_the_api_rule_for_opening_is_the_roles_of_the_step() -> None:
    from sikt.web import policy
    from sikt.web.initiatives.amendments import AMENDMENT_STEPS_BY_KEY

    rule = policy.RULES[("initiatives.amendment", policy.Action.CREATE)]
    assert rule == AMENDMENT_STEPS_BY_KEY["open_amendment"].roles
