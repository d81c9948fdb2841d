"""What was decided stays decided: after approval every part of the application is read-only
for every role — forged POSTs to every edit URL answer 403 (issue 8 item 1).

The walk is generated from the URL configuration like ``tests/web/test_tenancy.py``: every
object URL of the application's areas (initiatives, design, calculations) is posted to as a
user of each role on an approved initiative; only the URLs listed in NOT_EDITS may answer
anything but 403, each with the reason. An edit page added later is covered automatically.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web import policy
from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations.models import Calculation, CalculationRun
from sikt.web.initiatives import lock
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from tests.web.conftest import login
from tests.web.factories import RECORD_FACTORIES, make_calculation
from tests.web.initiatives.conftest import member, set_state
from tests.web.test_tenancy import parameterised_urls

S = InitiativeState
APPLICATION_AREAS = ("initiatives:", "design:", "calculations:")

#: Object URLs of the application's areas that are not edits of the application, with the reason.
NOT_EDITS = {
    "initiatives:detail": "the initiative's page (read)",
    "initiatives:step": "the next lifecycle steps (start, stop …), guarded by the workflow",
    "initiatives:comments": "comments on the application are not part of it",
    "initiatives:versions": "the frozen versions (read)",
    "design:overview": "the design overview (read)",
    "design:logic-model": "the logic model page (read; its edits have their own URLs)",
    "design:risks": "the risks page (read)",
    "design:evaluation": "the evaluation page (read)",
    "design:communication": "the communication page (read)",
    "calculations:for-initiative": "redirects to the calculation (read)",
    "calculations:detail": "the calculation's page (read)",
    "calculations:run-status": "the progress of a run (read)",
    "calculations:xlsx": "export (read)",
    "calculations:report": "report (read)",
    "calculations:case-file": "case file download (read)",
}


def _application_urls() -> list[tuple[str, Any]]:
    return [
        (name, callback)
        for name, callback in parameterised_urls()
        if name.startswith(APPLICATION_AREAS) and hasattr(callback, "scoped_model")
    ]


def _approved_records(organization: Organization) -> dict[Any, Any]:
    """One record of each kind the application's URLs name, every one on an approved
    initiative."""
    records: dict[Any, Any] = {Calculation: make_calculation(organization)}
    records[CalculationRun] = CalculationRun.objects.create(
        calculation=records[Calculation], draws=1000, case=records[Calculation].case
    )
    for _name, callback in _application_urls():
        model = callback.scoped_model
        if model not in records:
            records[model] = RECORD_FACTORIES[model](organization)
    for model, record in records.items():
        initiative = lock.initiative_of(record)
        assert initiative is not None, f"{model.__name__} does not belong to an initiative"
        set_state(initiative, S.APPROVED)
    return records


@pytest.mark.django_db
def test_every_edit_url_of_an_approved_initiative_answers_403_to_every_role(
    client: Client, organization: Organization
) -> None:
    records = _approved_records(organization)
    # Each role alone, and all roles at once (the most a user can hold).
    users = [member(organization, role) for role in Role] + [member(organization, *Role)]
    answered = {}
    edits = [(name, cb) for name, cb in _application_urls() if name not in NOT_EDITS]
    assert len(edits) > 20
    for index, (name, callback) in enumerate(edits):
        url = reverse(name, kwargs={"pk": records[callback.scoped_model].pk})
        # Every URL with the all-roles user; each single role on a rotating share of them.
        for user in (users[-1], users[index % len(Role)]):
            login(client, user)
            status = client.post(url, {"title": "Ändrad", "rad": "0"}).status_code
            if status != 403:
                answered[name] = status
    assert answered == {}


def test_the_not_edits_are_urls_that_exist() -> None:
    names = {name for name, _callback in _application_urls()}
    assert set(NOT_EDITS) <= names


@pytest.mark.django_db
def test_the_same_urls_are_open_while_the_application_is_a_draft(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    login(client, member(organization, Role.APPLICANT))
    url = reverse("calculations:general", args=[calculation.pk])
    assert client.get(url).status_code == 200
    set_state(calculation.initiative, S.APPROVED)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


@pytest.mark.django_db
def test_the_pages_hide_the_edit_buttons_and_say_why(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    initiative: Initiative = set_state(calculation.initiative, S.APPROVED)
    login(client, member(organization, *Role))
    detail = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert reverse("initiatives:idea-edit", args=[initiative.pk]) not in detail
    assert reverse("initiatives:plan-edit", args=[initiative.pk]) not in detail
    assert "ändringsansökan" in detail
    page = client.get(reverse("calculations:detail", args=[calculation.pk])).content.decode()
    assert reverse("calculations:general", args=[calculation.pk]) not in page
    assert reverse("calculations:cost", args=[calculation.pk]) not in page


@pytest.mark.django_db
def test_working_documents_stay_open_while_running_but_not_the_application(
    organization: Organization,
) -> None:
    calculation = make_calculation(organization)
    initiative = set_state(calculation.initiative, S.RUNNING)
    user = member(organization, Role.APPLICANT)
    from sikt.web.design.models import LogicElement, Risk

    assert policy.can(user, policy.Action.CREATE, initiative, model=Risk)
    assert not policy.can(user, policy.Action.CREATE, initiative, model=LogicElement)
    assert not policy.can(user, policy.Action.CHANGE, calculation)
    assert not policy.can(user, policy.Action.CHANGE, initiative)
