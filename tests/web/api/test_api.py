"""The open API: tokens per user, the policy and the organisation's scope on every endpoint,
pagination, and errors in one shape (422 naming the field, Swedish unless asked for English)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from sikt.web.accounts.models import Organization, Role
from sikt.web.api.models import ApiToken
from sikt.web.audit.models import AuditEntry
from sikt.web.followup.models import Measurement
from sikt.web.unitcosts.models import UnitCostEntry
from tests.web.api.conftest import ApiClient, token_for
from tests.web.conftest import login
from tests.web.factories import (
    make_calculation,
    make_fund,
    make_initiative,
    make_running_initiative,
    make_unit_cost,
    make_user,
)

pytestmark = pytest.mark.django_db

UNIT_COST = {
    "key": "hvb_dygn",
    "name_sv": "HVB-placering, dygn",
    "amount_sek": "5400",
    "unit": "kr/dygn",
    "price_year": "2024",
    "bearer": "kommun – socialnämnd",
}


def test_a_token_is_created_on_the_profile_page_shown_once_stored_hashed_and_revoked(
    client: Client, organization: Organization
) -> None:
    user = make_user(organization, Role.VIEWER)
    login(client, user)
    page = client.post("/konto/profil/", {"name": "Power BI"})
    raw = page.context["created"]
    assert raw.startswith("sikt_") and raw in page.content.decode()
    token = ApiToken.objects.get(user=user)
    assert raw not in (token.digest, token.prefix) and len(token.digest) == 64
    assert raw not in client.get("/konto/profil/").content.decode()
    assert AuditEntry.objects.filter(object_id=str(token.pk), action="create").exists()

    api = ApiClient(raw)
    assert api.get("/initiatives/").status_code == 200
    client.post(f"/konto/profil/nycklar/{token.pk}/aterkalla/")
    assert api.get("/initiatives/").status_code == 401
    assert AuditEntry.objects.filter(object_id=str(token.pk), action="update").exists()


def test_another_users_token_cannot_be_revoked(client: Client, organization: Organization) -> None:
    owner, other = make_user(organization, Role.VIEWER), make_user(organization, Role.VIEWER)
    token_for(owner)
    login(client, other)
    token = ApiToken.objects.get(user=owner)
    assert client.post(f"/konto/profil/nycklar/{token.pk}/aterkalla/").status_code == 404
    token.refresh_from_db()
    assert token.active


def test_without_a_valid_token_the_answer_is_401_in_swedish_or_english(
    organization: Organization,
) -> None:
    response = ApiClient(None).get("/initiatives/")
    assert response.status_code == 401
    assert "API-nyckel" in response.json()["detail"]
    english = ApiClient("sikt_wrong", language="en").get("/initiatives/")
    assert english.status_code == 401 and "API token" in english.json()["detail"]


def test_lists_are_paginated_and_scoped_to_the_organisation(
    api_as: Any, organization: Organization, other_organization: Organization
) -> None:
    own = [make_initiative(organization, f"Egen {n}") for n in range(3)]
    foreign = make_initiative(other_organization, "Främmande")
    api = api_as(make_user(organization, Role.VIEWER))
    first = api.get("/initiatives/", page_size=2).json()
    second = api.get("/initiatives/", page_size=2, page=2).json()
    assert first["count"] == 3
    titles = [item["title"] for item in first["items"] + second["items"]]
    assert titles == [initiative.title for initiative in own]
    assert api.get(f"/initiatives/{foreign.pk}").status_code == 404
    assert api.get(f"/initiatives/{own[0].pk}").json()["state"] == "idea_draft"


def test_an_applicant_creates_an_idea_and_a_viewer_may_not(
    api_as: Any, organization: Organization
) -> None:
    created = api_as(make_user(organization, Role.APPLICANT)).send(
        "post", "/initiatives/", {"title": "Läxhjälp"}
    )
    assert created.status_code == 201 and created.json()["title"] == "Läxhjälp"
    refused = api_as(make_user(organization, Role.VIEWER)).send(
        "post", "/initiatives/", {"title": "Annat"}
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Du har inte behörighet att göra detta."


def test_validation_errors_are_422_and_name_the_field(
    api_as: Any, organization: Organization
) -> None:
    api = api_as(make_user(organization, Role.ECONOMIST))
    missing = api.send("post", "/unit-costs/", {**UNIT_COST, "key": None})
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["key"]
    wrong = api.send("post", "/unit-costs/", {**UNIT_COST, "amount_sek": "mycket"})
    assert wrong.status_code == 422
    assert [e["field"] for e in wrong.json()["errors"]] == ["amount_sek"]
    assert not UnitCostEntry.objects.exists()


def test_an_economist_adds_and_changes_a_unit_cost_with_an_audit_trail(
    api_as: Any, organization: Organization, other_organization: Organization
) -> None:
    economist = make_user(organization, Role.ECONOMIST)
    api = api_as(economist)
    created = api.send("post", "/unit-costs/", UNIT_COST)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert Decimal(str(body["amount_sek"])) == Decimal("5400") and body["price_year"] == 2024
    changed = api.send("put", f"/unit-costs/{body['id']}", {**UNIT_COST, "amount_sek": "5600"})
    assert Decimal(str(changed.json()["amount_sek"])) == Decimal("5600")
    entry = UnitCostEntry.objects.get(pk=body["id"])
    stale = api.send(
        "put",
        f"/unit-costs/{body['id']}",
        {**UNIT_COST, "amount_sek": "1", "updated_at": body["updated_at"]},
    )
    assert stale.status_code == 422 and stale.json()["errors"][0]["field"] == "updated_at"
    assert UnitCostEntry.objects.get(pk=body["id"]).amount_sek == Decimal("5600")
    trail = AuditEntry.objects.filter(content_type__model="unitcostentry", object_id=str(entry.pk))
    assert [(e.action, e.actor) for e in trail] == [("update", economist), ("create", economist)]
    foreign = make_unit_cost(other_organization)
    assert api.send("put", f"/unit-costs/{foreign.pk}", UNIT_COST).status_code == 404
    viewer = api_as(make_user(organization, Role.VIEWER))
    assert viewer.send("put", f"/unit-costs/{entry.pk}", UNIT_COST).status_code == 403


def test_the_project_leader_reports_values_and_a_stale_version_is_a_conflict(
    api_as: Any, organization: Organization
) -> None:
    leader = make_user(organization, Role.PROJECT_LEADER)
    initiative = make_running_initiative(organization, leader=leader)
    report = initiative.progress_reports.order_by("period_end").first()
    assert report is not None
    outcome = initiative.logic_elements.get(level="short_term").indicators.get()
    value = {
        "indicator_id": outcome.pk,
        "period_start": report.period_start.isoformat(),
        "value": "64",
        "parts": [{"dimension": "sex", "category": "Flickor", "value": "70"}],
    }
    api = api_as(leader)
    saved = api.send("put", f"/follow-up/reports/{report.pk}/values", {"values": [value]})
    assert saved.status_code == 200, saved.json()
    assert saved.json()["saved"] == 1
    assert Measurement.objects.get(report=report).value == Decimal("64")
    stale = api.send(
        "put", f"/follow-up/reports/{report.pk}/values", {"values": [value], "version": 1}
    )
    assert stale.status_code == 422
    negative = api.send(
        "put", f"/follow-up/reports/{report.pk}/values", {"values": [{**value, "value": "-1"}]}
    )
    assert negative.status_code == 422
    assert negative.json()["errors"][0]["field"] == "values.0"
    huge = api.send(
        "put", f"/follow-up/reports/{report.pk}/values", {"values": [{**value, "value": "1e308"}]}
    )
    assert huge.status_code == 422 and huge.json()["errors"][0]["field"] == "values.0.value"
    viewer = api_as(make_user(organization, Role.VIEWER))
    assert viewer.get(f"/follow-up/reports/{report.pk}").json()["measurements"][0]["value"]
    refused = viewer.send("put", f"/follow-up/reports/{report.pk}/values", {"values": [value]})
    assert refused.status_code == 403


def test_calculations_are_read_and_a_run_is_queued(
    api_as: Any, organization: Organization, other_organization: Organization
) -> None:
    calculation = make_calculation(organization)
    economist = make_user(organization, Role.ECONOMIST)
    api = api_as(economist)
    listed = api.get("/calculations/").json()
    assert [item["id"] for item in listed["items"]] == [calculation.pk]
    detail = api.get(f"/calculations/{calculation.pk}").json()
    assert detail["result"] == calculation.result
    queued = api.send("post", f"/calculations/{calculation.pk}/runs", {"draws": 100000})
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    assert api.get(f"/calculations/runs/{queued.json()['id']}").status_code == 200
    assert api.send("post", f"/calculations/{calculation.pk}/runs", {"draws": 7}).status_code == 422
    viewer = api_as(make_user(organization, Role.VIEWER))
    assert (
        viewer.send("post", f"/calculations/{calculation.pk}/runs", {"draws": 100000}).status_code
        == 403
    )
    foreign = make_calculation(other_organization)
    assert api.get(f"/calculations/{foreign.pk}").status_code == 404


def test_the_fund_figures_and_ledger_are_read(
    api_as: Any, organization: Organization, other_organization: Organization
) -> None:
    fund = make_fund(organization)
    api = api_as(make_user(organization, Role.DECISION_MAKER))
    assert [item["id"] for item in api.get("/funds/").json()["items"]] == [fund.pk]
    figures = api.get(f"/funds/{fund.pk}/figures").json()
    assert figures["fund"]["name"] == fund.name
    assert api.get(f"/funds/{fund.pk}/ledger").json()["count"] == 0
    assert api.get(f"/funds/{make_fund(other_organization).pk}/figures").status_code == 404


def test_the_openapi_document_and_docs_page_need_no_cdn(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/unit-costs/" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert dt.date.today()  # the document is served without login
