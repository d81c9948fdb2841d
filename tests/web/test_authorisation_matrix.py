"""The authorisation matrix of the open API, generated from the OpenAPI document and the policy.

Every operation of ``/api/v1/`` names the rule of :mod:`sikt.web.policy` that decides it (the
``x-sikt-policy`` extension, :func:`sikt.web.api.common.decided`); an operation without one fails
this test. For every operation × every role × own or other organisation (and without a token)
one request is made and its status must be exactly what the rule says: the success status when
the role is in the rule, 403 when it is not, 404 for a record of another organisation (never
revealed), 401 without a token; a list asked for by another organisation's user never contains
the record. The records are built once and shared by all cells.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from sikt.web import policy
from sikt.web.accounts.models import Organization, Role
from sikt.web.api.api import api
from sikt.web.api.common import POLICY_EXTENSION
from sikt.web.followup.models import ProgressReport
from sikt.web.funds.models import LedgerEntry
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.services import amendment_step
from tests.web.api.conftest import ApiClient, token_for
from tests.web.factories import (
    make_agreement,
    make_calculation_run,
    make_grant,
    make_ledger_entry,
    make_running_initiative,
    make_unit_cost,
    make_user,
)

pytestmark = pytest.mark.django_db
_keys = itertools.count(1)

#: The record each path parameter names, by parameter.
PARAMETERS = {
    "initiative_id": "initiative",
    "calculation_id": "calculation",
    "run_id": "run",
    "unit_cost_id": "unit_cost",
    "report_id": "report",
    "fund_id": "fund",
    "agreement_id": "agreement",
}

#: The record kind each list shows.
LISTS = {
    "/api/v1/initiatives/": "initiative",
    "/api/v1/calculations/": "calculation",
    "/api/v1/unit-costs/": "unit_cost",
    "/api/v1/follow-up/reports": "report",
    "/api/v1/funds/": "fund",
    "/api/v1/agreements/": "agreement",
}


def _records(organization: Organization) -> dict[str, Any]:
    initiative = make_running_initiative(organization)
    make_grant(initiative)  # approved with a grant: it can be amended
    report = ProgressReport.objects.filter(initiative=initiative).order_by("period_end").first()
    run = make_calculation_run(organization)
    entry: LedgerEntry = make_ledger_entry(organization)
    return {
        "initiative": initiative.pk,
        "report": report.pk if report else None,
        "calculation": run.calculation_id,
        "run": run.pk,
        "unit_cost": make_unit_cost(organization).pk,
        "fund": entry.fund_id,
        # Funded by the organisation, with a participant of its own (a third organisation).
        "agreement": make_agreement(organization).pk,
    }


def _body(path: str, method: str) -> Any:
    if path.endswith("/initiatives/"):
        return {"title": "Ny idé"}
    if "/unit-costs/" in path:
        return {
            "key": f"matris_{next(_keys)}",
            "name_sv": "Matris",
            "amount_sek": "100",
            "unit": "kr/dygn",
            "price_year": "2024",
            "bearer": "kommun – socialnämnd",
        }
    if path.endswith("/runs"):
        return {"draws": 100_000}
    if path.endswith("/values"):
        return {"values": []}
    if path.endswith("/amendments"):
        return {"reason": "Större målgrupp"}
    raise AssertionError(f"no request body for {method} {path}")


def _operations() -> list[tuple[str, str, str, int]]:
    """(method, path template, rule, success status) of every operation."""
    found = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            rule = operation.get(POLICY_EXTENSION)
            assert rule, f"{method.upper()} {path} names no policy rule (common.decided)"
            success = min(int(code) for code in operation["responses"] if str(code).startswith("2"))
            found.append((method, path, rule, success))
    return found


def _call(client: ApiClient, method: str, path: str, ids: dict[str, Any]) -> Any:
    for parameter, record in PARAMETERS.items():
        path = path.replace("{" + parameter + "}", str(ids[record]))
    path = path.removeprefix("/api/v1")
    if method == "get":
        return client.get(path)
    response = client.send(method, path, _body(path, method))
    if path.endswith("/amendments") and response.status_code == 201:
        # Withdrawn again, so the next cell can open one (only one may be pending).
        amendment_step(
            actor=None,
            initiative=Initiative.objects.get(pk=ids["initiative"]),
            step_key="withdraw_amendment",
        )
    return response


def test_every_operation_by_every_role_in_own_and_other_organisation(
    organization: Organization, other_organization: Organization
) -> None:
    own, other = _records(organization), _records(other_organization)
    clients = {role: ApiClient(token_for(make_user(organization, role))) for role in Role}
    anonymous = ApiClient(None)
    wrong: list[str] = []
    operations = _operations()
    assert len(operations) == 21
    for method, path, rule, success in operations:
        label, action = rule.split(":")
        allowed = policy.RULES[(label, policy.Action(action))]
        names_record = "{" in path
        if _call(anonymous, method, path, own).status_code != 401:
            wrong.append(f"anonymous {method} {path}")
        for role, client in clients.items():
            expected = success if role in allowed else 403
            status = _call(client, method, path, own).status_code
            if status != expected:
                wrong.append(f"{role} own {method} {path}: {status} ≠ {expected}")
            if names_record:
                foreign = _call(client, method, path, other).status_code
                if foreign != 404:
                    wrong.append(f"{role} other {method} {path}: {foreign} ≠ 404")
            elif method == "get":
                listed = {item["id"] for item in _call(client, method, path, own).json()["items"]}
                if other[LISTS[path]] in listed:
                    wrong.append(f"{role} list {path} shows the other organisation's record")
    assert wrong == []
