"""Schemathesis against the OpenAPI document, in process (WSGI, no network), as users of two
organisations: no request — valid or not — gives a 5xx, and no answer to one organisation's user
contains the other organisation's data.

Each organisation's records carry a marker in every name a response can show (titles, unit-cost
names and keys, the fund's name, the title of the agreement it funds); path parameters are drawn
half of the time from the ids that exist in either organisation, so requests for the other
organisation's records are made.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sikt.web.accounts.models import Organization, Role
from sikt.web.agreements.models import Agreement
from sikt.web.funds.models import Fund
from sikt.web.initiatives.models import Initiative
from tests.web.api.conftest import token_for
from tests.web.factories import (
    make_agreement,
    make_calculation_run,
    make_fund,
    make_ledger_entry,
    make_running_initiative,
    make_unit_cost,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _connection_kept_across_requests() -> Iterator[None]:
    """Keep the test's database connection open between the WSGI calls, as Django's test client
    does: the handler would otherwise close it after each request, and on PostgreSQL the test's
    transaction (and its data) would go with it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


#: Examples per operation and generation mode: small for the suite's budget; raise it with
#: ``SIKT_API_FUZZ_EXAMPLES=200`` for a deeper run.
EXAMPLES = int(os.environ.get("SIKT_API_FUZZ_EXAMPLES", "6"))


def _seed(organization: Organization, marker: str) -> set[int]:
    make_running_initiative(organization, title=f"{marker} satsning")
    run = make_calculation_run(organization)
    make_unit_cost(organization, key=f"{marker.lower()}_kostnad", name_sv=f"{marker} kostnad")
    make_fund(organization)
    entry = make_ledger_entry(organization)
    Initiative.objects.filter(organization=organization).update(title=f"{marker} satsning")
    Fund.objects.filter(organization=organization).update(name=f"{marker} fond")
    agreement = make_agreement(organization)
    Agreement.objects.filter(pk=agreement.pk).update(title=f"{marker} överenskommelse")
    return {run.pk, run.calculation_id, entry.pk, entry.fund_id, agreement.pk}


def test_no_server_error_and_no_other_organisations_data(
    organization: Organization, other_organization: Organization
) -> None:
    ids = _seed(organization, "EGENMARKOR") | _seed(other_organization, "ANNANMARKOR")
    ids |= set(Initiative.objects.values_list("pk", flat=True))
    callers = [
        (token_for(make_user(organization, *Role)), "ANNANMARKOR"),
        (token_for(make_user(other_organization, *Role)), "EGENMARKOR"),
    ]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    known = st.sampled_from(sorted(ids))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode), pick=st.none() | known)
            def check(case: Any, pick: int | None) -> None:
                if pick is not None and case.path_parameters:
                    case.path_parameters = dict.fromkeys(case.path_parameters, pick)
                for token, foreign in callers:
                    response = case.call(headers={"Authorization": f"Bearer {token}"})
                    where = f"{case.method} {case.formatted_path} → {response.status_code}"
                    assert response.status_code < 500, where
                    assert foreign not in response.text, where

            check()
