"""The access log of personal data: every view, export or analysis of an individual-level
dataset is recorded, and the organisation's administrator (the coordinator) reads it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import PersonalDataAccess
from sikt.web.evaluation import services
from sikt.web.evaluation.models import OutcomeDataset
from tests.web.conftest import login
from tests.web.factories import make_outcome_dataset, make_user

pytestmark = pytest.mark.django_db


def _export(client: Client, dataset: OutcomeDataset) -> str:
    response = client.get(reverse("evaluation:dataset-export", args=[dataset.pk]))
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def test_exporting_outcome_data_is_logged_and_shown_to_the_coordinator_only(
    client: Client, organization: Organization, other_organization: Organization
) -> None:
    dataset = make_outcome_dataset(organization)
    analyst = make_user(organization, Role.ANALYST, username="anna")
    login(client, analyst)
    text = _export(client, dataset)
    assert text.splitlines()[0] == "person,grupp,utfall,alder"
    assert len(text.splitlines()) == 13 and "p11" in text
    logged = PersonalDataAccess.objects.get()
    assert (logged.actor, logged.kind, logged.organization) == (analyst, "export", organization)
    assert logged.object_id == str(dataset.pk) and "CSV, 12 poster" in logged.note

    services.run_start(actor=analyst, dataset=dataset, estimator="diff_in_means", options={})
    assert PersonalDataAccess.objects.filter(kind="analysis", actor=analyst).count() == 1

    # The analyst may not read the log; a viewer may not even export the data.
    assert client.get(reverse("audit:personal-data")).status_code == 403
    login(client, make_user(organization, Role.VIEWER))
    assert client.get(reverse("evaluation:dataset-export", args=[dataset.pk])).status_code == 403

    foreign = make_outcome_dataset(other_organization)
    outsider = make_user(other_organization, Role.ANALYST, username="olle")
    login(client, outsider)
    _export(client, foreign)

    login(client, make_user(organization, Role.COORDINATOR))
    page = client.get(reverse("audit:personal-data")).content.decode()
    assert "anna" in page and "Exporterad" in page and "Analyserad" in page
    assert "Utfallsdata: Utfallsdata, version 1" in page
    assert "olle" not in page
    only_exports = client.get(reverse("audit:personal-data"), {"slag": "export"}).content.decode()
    assert "Exporterad" in only_exports and "Skattning" not in only_exports
    assert (
        reverse("audit:personal-data") in client.get(reverse("shell:organization")).content.decode()
    )


def test_the_log_is_paginated(client: Client, organization: Organization) -> None:
    dataset = make_outcome_dataset(organization)
    login(client, make_user(organization, Role.COORDINATOR))
    for _ in range(51):
        _export(client, dataset)
    first = client.get(reverse("audit:personal-data")).content.decode()
    assert "Sida 1 av 2" in first
    second = client.get(reverse("audit:personal-data"), {"sida": 2}).content.decode()
    assert second.count("<tr><td>") == 1
