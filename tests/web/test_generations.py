"""Summaries kept between requests (sikt.web.generations): a write in an organisation makes the
next view compute afresh, a write elsewhere does not, and one organisation's summary is never
another's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client

from sikt.web import generations
from sikt.web.accounts.models import Organization, Role
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.initiatives.models import Initiative
from tests.web.conftest import login
from tests.web.factories import make_initiative, make_user


class Counter:
    """A compute function that says how often it ran and what the title is now."""

    def __init__(self, initiative: Initiative) -> None:
        self.initiative, self.runs = initiative, 0

    def __call__(self) -> str:
        self.runs += 1
        return Initiative.objects.get(pk=self.initiative.pk).title


def _view(organization: Organization, compute: Callable[[], str]) -> str:
    return generations.cached("test", organization.pk, compute)


@pytest.mark.django_db
def test_a_write_in_the_organisation_computes_afresh_one_elsewhere_does_not(
    organization: Organization, other_organization: Organization
) -> None:
    mine = make_initiative(organization, "Läxhjälp")
    theirs = make_initiative(other_organization, "Familjestöd")
    compute = Counter(mine)
    assert _view(organization, compute) == "Läxhjälp"
    assert _view(organization, compute) == "Läxhjälp" and compute.runs == 1
    with generations.working_in(other_organization.pk):
        Initiative.objects.filter(pk=theirs.pk).update(title="Familjestöd 2")
    assert _view(organization, compute) == "Läxhjälp" and compute.runs == 1
    with generations.working_in(organization.pk):
        Initiative.objects.filter(pk=mine.pk).update(title="Läxhjälp för alla")
    assert _view(organization, compute) == "Läxhjälp för alla" and compute.runs == 2


@pytest.mark.django_db
def test_a_write_no_organisation_owns_computes_every_organisation_afresh(
    organization: Organization,
) -> None:
    initiative = make_initiative(organization, "Läxhjälp")
    compute = Counter(initiative)
    _view(organization, compute)
    # A background task or a command: no request, no organisation.
    Initiative.objects.filter(pk=initiative.pk).update(title="Läxhjälp 2")
    assert _view(organization, compute) == "Läxhjälp 2" and compute.runs == 2


@pytest.mark.django_db
def test_reading_pages_and_writing_the_audit_trail_keep_the_summary(
    organization: Organization,
) -> None:
    initiative = make_initiative(organization, "Läxhjälp")
    compute = Counter(initiative)
    _view(organization, compute)
    with generations.working_in(organization.pk):
        audit.record(actor=None, instance=initiative, action=AuditEntry.Action.VIEW, note="Visad")
    _view(organization, compute)
    assert compute.runs == 1


@pytest.mark.django_db
def test_organisations_never_share_a_summary(
    organization: Organization, other_organization: Organization
) -> None:
    mine = Counter(make_initiative(organization, "Läxhjälp"))
    theirs = Counter(make_initiative(other_organization, "Familjestöd"))
    # Both organisations are at the same generations here; the key still tells them apart.
    assert generations.stamp(organization.pk)[1] == generations.stamp(other_organization.pk)[1]
    assert _view(organization, mine) == "Läxhjälp"
    assert _view(other_organization, theirs) == "Familjestöd"
    assert _view(organization, mine) == "Läxhjälp"


@pytest.mark.django_db
def test_the_request_middleware_gives_writes_the_organisation_of_the_request(
    organization: Organization, other_organization: Organization
) -> None:
    initiative = make_initiative(organization, "Läxhjälp")
    before_mine = generations.stamp(organization.pk)
    before_theirs = generations.stamp(other_organization.pk)

    def view(request: HttpRequest) -> HttpResponse:
        Initiative.objects.filter(pk=initiative.pk).update(title="Ändrad")
        return HttpResponse()

    request = HttpRequest()
    request.organization = organization  # type: ignore[attr-defined]
    request.member_of = {organization.pk}  # type: ignore[attr-defined]
    generations.GenerationMiddleware(view)(request)
    assert generations.stamp(organization.pk) == (before_mine[0], before_mine[1] + 1)
    assert generations.stamp(other_organization.pk) == before_theirs


@pytest.mark.django_db
def test_a_member_of_two_organisations_changing_the_other_one_computes_it_afresh(
    client: Client, organization: Organization, other_organization: Organization
) -> None:
    """Working in the first organisation, a member of both opens the second's initiative by
    its address and renames it: the second organisation's kept summary is computed again."""
    from sikt.web.accounts import services as accounts

    theirs = make_initiative(other_organization, "Familjestöd")
    user = make_user(organization, Role.COORDINATOR)
    accounts.membership_grant(
        actor=None, user=user, organization=other_organization, role=Role.COORDINATOR
    )
    compute = Counter(theirs)
    assert _view(other_organization, compute) == "Familjestöd" and compute.runs == 1
    login(client, user)
    assert client.get("/").status_code == 200  # works in the first organisation (the default)

    def rename(request: HttpRequest) -> HttpResponse:
        assert request.organization == organization  # type: ignore[attr-defined]
        Initiative.objects.filter(pk=theirs.pk).update(title="Familjestöd i Norr")
        return HttpResponse()

    request = client.get("/").wsgi_request
    generations.GenerationMiddleware(rename)(request)
    assert _view(other_organization, compute) == "Familjestöd i Norr" and compute.runs == 2


def _rolled_back(initiative: Initiative) -> None:
    with transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(title="Tre")
        raise RuntimeError


@pytest.mark.django_db(transaction=True)
def test_a_transaction_counts_once_when_it_commits_and_not_at_all_when_rolled_back(
    organization: Organization,
) -> None:
    initiative = make_initiative(organization, "Läxhjälp")
    compute = Counter(initiative)
    before = generations.stamp(organization.pk)
    with generations.working_in(organization.pk):
        with transaction.atomic():
            Initiative.objects.filter(pk=initiative.pk).update(title="Ett")
            # Inside the transaction nothing is kept: the write may yet be rolled back.
            assert _view(organization, compute) == "Ett"
            Initiative.objects.filter(pk=initiative.pk).update(title="Två")
            assert generations.stamp(organization.pk) == before
        assert generations.stamp(organization.pk) == (before[0], before[1] + 1)
        assert _view(organization, compute) == "Två"
        with pytest.raises(RuntimeError):
            _rolled_back(initiative)
        assert generations.stamp(organization.pk) == (before[0], before[1] + 1)
        assert _view(organization, compute) == "Två" and compute.runs == 2


@pytest.mark.django_db
def test_a_runs_progress_keeps_the_summary_and_its_end_does_not(
    organization: Organization,
) -> None:
    """A long run reports its progress every few per cent (from the background worker, which
    works in no organisation); only what the run changes besides counts."""
    from sikt.web.calculations.models import CalculationRun
    from tests.web.factories import make_calculation_run

    run = make_calculation_run(organization)
    compute = Counter(run.calculation.initiative)
    _view(organization, compute)
    CalculationRun.objects.filter(pk=run.pk).update(progress=0.5)
    _view(organization, compute)
    assert compute.runs == 1
    CalculationRun.objects.filter(pk=run.pk).update(progress=1.0, status="done")
    _view(organization, compute)
    assert compute.runs == 2
