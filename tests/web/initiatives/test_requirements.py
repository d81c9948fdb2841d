"""Requirements: own checks on the idea and plan, other apps' keys, rule-set applicability."""

from __future__ import annotations

import datetime as dt

import pytest

from sikt.web.accounts.models import Organization, Role
from sikt.web.initiatives import requirements, snapshots
from sikt.web.initiatives.models import ApplicationVersion, Initiative
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.services import (
    TransitionRefused,
    initiative_transition,
    ruleset_save,
)
from sikt.web.initiatives.states import InitiativeState, RepaymentModel
from sikt.web.initiatives.workflow import PLAN_REQUIREMENTS
from tests.web.initiatives.conftest import complete_idea_and_plan, member, set_state

OTHER_APPS_KEYS = (
    "logic_model_with_indicators",
    "follow_up_and_evaluation_plan",
    "implementation_and_maintenance_plan",
    "project_organisation",
    "cost_benefit_calculation",
    "repayment_plan",
)


def _missing(initiative: Initiative) -> set[str]:
    statuses = requirements.evaluate(
        initiative, PLAN_REQUIREMENTS, ruleset_for(initiative.organization)
    )
    return {status.key for status in statuses if not status.met}


@pytest.fixture
def others_unregistered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(requirements, "_REGISTRY", dict(requirements._REGISTRY))
    for key in OTHER_APPS_KEYS:
        requirements.unregister(key)


@pytest.mark.usefixtures("others_unregistered")
def test_an_empty_idea_misses_every_plan_requirement(initiative: Initiative) -> None:
    assert _missing(initiative) == {
        "idea_description_complete",
        "project_plan_complete",
        "time_period",
        "named_owners",
        *OTHER_APPS_KEYS,
    }


@pytest.mark.usefixtures("others_unregistered")
def test_a_complete_plan_still_needs_the_keys_nobody_registered(initiative: Initiative) -> None:
    complete_idea_and_plan(initiative)
    assert _missing(initiative) == set(OTHER_APPS_KEYS)
    set_state(initiative, InitiativeState.PLAN_DRAFT)
    with pytest.raises(TransitionRefused) as refused:
        initiative_transition(
            actor=member(initiative.organization, Role.APPLICANT),
            initiative=initiative,
            transition_key="submit_plan",
        )
    assert "Logikmodell med indikatorer" in " ".join(refused.value.messages)


def test_registered_checks_of_other_apps_are_used(
    initiative: Initiative, monkeypatch: pytest.MonkeyPatch
) -> None:
    complete_idea_and_plan(initiative)
    monkeypatch.setattr(requirements, "_REGISTRY", dict(requirements._REGISTRY))
    for key in OTHER_APPS_KEYS:
        requirements.register(key, key, lambda i: i.title.startswith("Tidiga"))
    assert _missing(initiative) == set()
    set_state(initiative, InitiativeState.PLAN_DRAFT)
    initiative_transition(
        actor=member(initiative.organization, Role.APPLICANT),
        initiative=initiative,
        transition_key="submit_plan",
    )
    initiative.refresh_from_db()
    assert initiative.state == InitiativeState.PLAN_SUBMITTED
    assert initiative.plan_submitted_at is not None
    version = ApplicationVersion.objects.get(initiative=initiative)
    assert version.number == 1 and version.transition == "submit_plan"
    assert version.content["idea"]["fields"]["Målgrupp"].startswith("Elever 10–12 år")
    assert version.content["plan"]["fields"]["Startdatum"]


@pytest.mark.usefixtures("others_unregistered")
def test_repayment_plan_does_not_apply_when_the_rule_set_has_no_repayment(
    organization: Organization, initiative: Initiative
) -> None:
    ruleset_save(actor=None, organization=organization, repayment_model=RepaymentModel.NONE)
    assert "repayment_plan" not in _missing(initiative)


def test_time_period_respects_the_maximum_length(
    organization: Organization, initiative: Initiative
) -> None:
    complete_idea_and_plan(initiative)  # 36 months
    ruleset_save(actor=None, organization=organization, max_length_months=36)
    assert "time_period" not in _missing(initiative)
    ruleset_save(actor=None, organization=organization, max_length_months=24)
    assert "time_period" in _missing(initiative)
    Initiative.objects.filter(pk=initiative.pk).update(end_date=dt.date(2026, 1, 1))
    ruleset_save(actor=None, organization=organization, max_length_months=None)
    initiative.refresh_from_db()
    assert "time_period" in _missing(initiative), "end before start"


def test_partner_minimum_and_funding_limits_follow_the_rule_set(
    organization: Organization, initiative: Initiative
) -> None:
    complete_idea_and_plan(initiative)  # 2 committees, 3 000 000 kr over 3 years, all applied for
    assert {"partners_minimum", "funding_within_rules"}.isdisjoint(_missing(initiative))
    ruleset_save(
        actor=None,
        organization=organization,
        min_partners=3,
        annual_cap_sek=500_000,
        max_funding_share_percent=50,
    )
    assert {"partners_minimum", "funding_within_rules"} <= _missing(initiative)
    Initiative.objects.filter(pk=initiative.pk).update(
        partners="Region Testlän\nIdeell förening", requested_amount_sek=1_500_000
    )
    initiative.refresh_from_db()
    assert {"partners_minimum", "funding_within_rules"}.isdisjoint(_missing(initiative))


def test_snapshot_registry_takes_other_providers_in_order(
    initiative: Initiative, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = {key: snapshots._PROVIDERS[key] for key in ("idea", "plan", "criteria")}
    monkeypatch.setattr(snapshots, "_PROVIDERS", own)
    snapshots.register("extra", "Extra", lambda i: [("Antal", 3)], order=25)
    content = snapshots.take(initiative)
    assert list(content) == ["idea", "plan", "extra", "criteria"]
    assert content["extra"] == {"label": "Extra", "fields": {"Antal": "3"}}
    assert content["idea"]["fields"]["Titel"] == "Tidiga insatser i skolan"
