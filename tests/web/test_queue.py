"""The queue of heavy runs (issue 13 item 7): bounded per user, fair across organisations."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sikt.web import queue
from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations.models import CalculationRun
from sikt.web.calculations.tasks import run_monte_carlo_task
from sikt.web.followup.models import YearlyReport
from sikt.web.followup.tasks import generate_yearly_report_task
from tests.web.api.conftest import ApiClient, token_for
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_organization, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_fourth_run_of_one_user_is_refused_with_a_message(
    client: Client, organization: Organization, settings: Any
) -> None:
    settings.SIKT_MAX_RUNS_PER_USER = 3
    calculation = make_calculation(organization)
    applicant = make_user(organization, Role.APPLICANT)
    login(client, applicant)
    url = reverse("calculations:run", args=[calculation.pk])
    for _ in range(3):
        assert client.post(url, {"draws": 100_000}).status_code == 302
    assert CalculationRun.objects.filter(requested_by=applicant).count() == 3

    page = client.post(url, {"draws": 100_000}).content.decode()

    assert "Du har redan 3 körningar i kö eller igång" in page
    api = ApiClient(token_for(applicant))
    refused = api.send("post", f"/calculations/{calculation.pk}/runs", {"draws": 100_000})
    assert refused.status_code == 429 and "Du har redan 3" in refused.json()["detail"]
    assert CalculationRun.objects.filter(requested_by=applicant).count() == 3
    # Another user of the same organisation is not held up by the first one's runs.
    login(client, make_user(organization, Role.APPLICANT))
    assert client.post(url, {"draws": 100_000}).status_code == 302
    # Once a run has finished the first user may start another.
    task = DBTaskResult.objects.filter(args_kwargs__kwargs__queued_by=applicant.pk).first()
    assert task is not None
    task.claim("test-worker")
    task.set_successful(None)
    login(client, applicant)
    assert client.post(url, {"draws": 100_000}).status_code == 302


def _enqueue(organization: Organization, count: int) -> list[str]:
    run = CalculationRun.objects.create(
        calculation=make_calculation(organization), draws=10_000, case={}
    )
    ids = []
    for _ in range(count):
        result = run_monte_carlo_task.enqueue(run.pk, queued_by=None, organization=organization.pk)
        ids.append(str(result.id))
    return ids


def test_the_worker_takes_organisations_in_turn_not_first_in_first_out() -> None:
    busy, second, third = (make_organization(name) for name in ("Busy", "Second", "Third"))
    queued = {org.pk: _enqueue(org, count) for org, count in ((busy, 4), (second, 2), (third, 1))}
    worker = queue.FairWorker.named("test-", interval=0, batch=True)
    order = []
    while (task := worker.claim_next()) is not None:
        order.append(task.args_kwargs["kwargs"]["organization"])
        task.set_successful(None)

    # Busy queued four before the others queued anything; still the others are served in turn.
    assert order == [busy.pk, second.pk, third.pk, busy.pk, second.pk, busy.pk, busy.pk]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 7
    assert sum(len(ids) for ids in queued.values()) == 7


def test_yearly_reports_share_the_bound_and_the_fair_turns(
    client: Client, organization: Organization, settings: Any
) -> None:
    """A yearly report is a heavy run like a simulation: counted against its requester's bound
    (with their other runs), refused on the page when the bound is reached, and taken by the
    worker in its organisation's turn."""
    settings.SIKT_MAX_RUNS_PER_USER = 2
    busy = make_organization("Busy")
    _enqueue(busy, 2)
    coordinator = make_user(organization, Role.COORDINATOR)
    calculation = make_calculation(organization)
    login(client, coordinator)
    CalculationRun.objects.create(calculation=calculation, draws=10_000, case={})
    queue.enqueue(
        run_monte_carlo_task,
        CalculationRun.objects.latest("pk").pk,
        user=coordinator,
        organization=organization,
    )
    url = reverse("followup:yearly")
    assert client.post(url, {"year": "2025"}).status_code == 302

    page = client.post(url, {"year": "2024"}).content.decode()

    assert "Du har redan 2 körningar i kö eller igång" in page
    report = YearlyReport.objects.get()
    assert report.year == 2025 and report.status == YearlyReport.Status.QUEUED
    worker = queue.FairWorker.named("test-", interval=0, batch=True)
    order = []
    while (task := worker.claim_next()) is not None:
        order.append((task.args_kwargs["kwargs"]["organization"], task.task_path))
        if task.task_path == generate_yearly_report_task.module_path:
            worker.run_task(task)
        else:
            task.set_successful(None)
    # Busy queued two runs first; this organisation's simulation and report still alternate
    # with them instead of waiting behind both.
    assert [org for org, _ in order] == [busy.pk, organization.pk, busy.pk, organization.pk]
    assert order[3][1] == generate_yearly_report_task.module_path
    report.refresh_from_db()
    assert report.status == YearlyReport.Status.DONE and report.pdf
    # The finished report frees its place in the bound.
    assert client.post(url, {"year": "2024"}).status_code == 302
