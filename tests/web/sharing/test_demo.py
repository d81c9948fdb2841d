"""The demo: a fictional coordination association's model, version 1 adopted by the
municipality, version 2 published since; the municipality shares its summaries."""

from __future__ import annotations

import pytest

from sikt.web.accounts.models import Organization, Role
from sikt.web.sharing import selectors
from sikt.web.sharing.demo import ASSOCIATION, FIRST_KEYS, TYPE_CASE_KEY, seed_sharing_demo
from sikt.web.sharing.models import Adoption, SharedModelVersion
from sikt.web.sharing.services import sharing_setting_of
from sikt.web.unitcosts.models import UnitCostEntry
from tests.web.factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_adopts_version_one_and_shows_version_two(
    organization: Organization,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    economist = make_user(organization, Role.ECONOMIST)
    make_user(organization, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_sharing_demo(organization, password="sikt-demo-2026") is True
    association = Organization.objects.get(name=ASSOCIATION)
    assert association.is_fictional
    assert association.kind == Organization.Kind.COORDINATION_ASSOCIATION
    [adoption] = Adoption.objects.filter(organization=organization)
    assert (adoption.publisher_name, adoption.version_number) == (ASSOCIATION, 1)
    own = set(UnitCostEntry.objects.filter(organization=organization).values_list("key", flat=True))
    assert own == set(FIRST_KEYS)
    first, second = SharedModelVersion.objects.order_by("number")
    logic = first.content["logic_model"]
    assert logic["purpose"] and any(e["indicators"] for e in logic["elements"])
    assert first.content["evaluation_design"]["kind"]
    assert len(second.content["unit_costs"]) == len(first.content["unit_costs"]) + 1
    # The association's type case, from its own small calculation, adopted with version 1.
    [type_case] = first.content["type_cases"]
    assert type_case["key"] == TYPE_CASE_KEY
    assert {b["name"] for b in type_case["bearers"]} == {"Socialnämnden", "Försäkringskassan"}
    assert adoption.summary["type_cases"] == [type_case["name"]]
    assert second.content["type_cases"] == first.content["type_cases"]
    assert selectors.newer_versions_count(organization) == 1
    assert economist.notifications.filter(kind="shared_model_new_version").count() == 1
    assert sharing_setting_of(organization).share_summaries is True
    assert seed_sharing_demo(organization, password="sikt-demo-2026") is False
    assert SharedModelVersion.objects.count() == 2
