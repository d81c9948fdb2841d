"""A decision records what it rests on and, for an approval, the grant (issue 8 items 1–2):
amount per year, conditions and a project number unique within the organisation; listeners are
told inside the decision's transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import AuditEntry
from sikt.web.initiatives import events, freezing
from sikt.web.initiatives.models import Decision, Grant, Initiative
from sikt.web.initiatives.selectors import current_grant
from sikt.web.initiatives.services import TransitionRefused, initiative_transition, ruleset_save
from sikt.web.initiatives.states import InitiativeState
from tests.web.factories import make_initiative
from tests.web.initiatives.conftest import member, set_state

S = InitiativeState
pytestmark = pytest.mark.usefixtures("all_requirements_met")


def _approve(initiative: Initiative, **fields: Any) -> Initiative:
    set_state(initiative, S.RECOMMENDED)
    values: dict[str, Any] = {
        "grant_years": {2027: Decimal("1200000"), 2028: Decimal("800000.50"), 2029: None},
        "project_number": "SI-2027-03",
        "conditions": "Rapport vid delår 2.",
        **fields,
    }
    return initiative_transition(
        actor=member(initiative.organization, Role.DECISION_MAKER),
        initiative=initiative,
        transition_key="approve",
        **values,
    )


def test_an_approval_records_the_grant_per_year_with_conditions_and_project_number(
    initiative: Initiative,
) -> None:
    _approve(initiative)
    grant = current_grant(initiative)
    assert grant is not None
    assert grant.decision == Decision.objects.get(initiative=initiative, transition="approve")
    assert (grant.project_number, grant.conditions) == ("SI-2027-03", "Rapport vid delår 2.")
    assert [(row.year, row.amount_sek) for row in grant.years.all()] == [
        (2027, Decimal("1200000.00")),
        (2028, Decimal("800000.50")),
    ]
    assert grant.total_sek == Decimal("2000000.50")
    created = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE)
    assert created.filter(content_type__model="grant").count() == 1
    assert created.filter(content_type__model="grantyear").count() == 2


def test_no_grant_before_an_approval(initiative: Initiative) -> None:
    set_state(initiative, S.STEERING_REVIEW)
    initiative_transition(
        actor=member(initiative.organization, Role.STEERING_GROUP),
        initiative=initiative,
        transition_key="recommend",
    )
    assert current_grant(initiative) is None
    assert not Grant.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"project_number": "  "}, "project_number"),
        ({"grant_years": {}}, "grant_years"),
        ({"grant_years": {2027: 0}}, "grant_years"),
        ({"grant_years": {2027: Decimal(-5)}}, "grant_2027"),
        ({"grant_years": {2027: "NaN"}}, "grant_2027"),
        ({"grant_years": {2027: "mycket"}}, "grant_2027"),
    ],
    ids=["no-number", "no-years", "only-zero", "negative", "nan", "text"],
)
def test_an_approval_without_a_valid_grant_is_refused_and_nothing_is_written(
    initiative: Initiative, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(TransitionRefused) as refused:
        _approve(initiative, **fields)
    assert field in refused.value.message_dict
    initiative.refresh_from_db()
    assert initiative.state == S.RECOMMENDED
    assert not Decision.objects.exists() and not Grant.objects.exists()


def test_the_rule_sets_cap_per_year_bounds_each_granted_year(
    organization: Organization, initiative: Initiative
) -> None:
    ruleset_save(actor=None, organization=organization, annual_cap_sek=Decimal(1_000_000))
    with pytest.raises(TransitionRefused) as refused:
        _approve(initiative)
    assert "grant_2027" in refused.value.message_dict
    assert "grant_2028" not in refused.value.message_dict


def test_a_project_number_belongs_to_one_initiative_of_the_organisation(
    organization: Organization, other_organization: Organization, initiative: Initiative
) -> None:
    _approve(initiative)
    second = make_initiative(organization, "Annan satsning")
    with pytest.raises(TransitionRefused) as refused:
        _approve(second, project_number="si-2027-03")
    assert "project_number" in refused.value.message_dict
    # Another organisation may use the same number.
    _approve(make_initiative(other_organization), project_number="SI-2027-03")


def test_the_latest_approving_decision_holds_the_grant_in_force(
    initiative: Initiative,
) -> None:
    _approve(initiative)
    _approve(initiative, grant_years={2027: 300_000}, project_number="SI-2027-03")
    grant = current_grant(initiative)
    assert grant is not None
    assert [(row.year, row.amount_sek) for row in grant.years.all()] == [
        (2027, Decimal("300000.00"))
    ]
    assert Grant.objects.filter(initiative=initiative).count() == 2


def test_listeners_hear_every_decision_with_the_grant_already_written(
    initiative: Initiative,
) -> None:
    heard: list[tuple[str, str | None, Any]] = []

    def listener(*, decision: Decision, actor: Any) -> None:
        grant = Grant.objects.filter(decision=decision).first()
        heard.append((decision.transition, grant.project_number if grant else None, actor))

    events.register_decision_listener(listener)
    try:
        set_state(initiative, S.STEERING_REVIEW)
        steering = member(initiative.organization, Role.STEERING_GROUP)
        initiative_transition(actor=steering, initiative=initiative, transition_key="recommend")
        _approve(initiative)
    finally:
        events.unregister_decision_listener(listener)
    assert [(key, number) for key, number, _actor in heard] == [
        ("recommend", None),
        ("approve", "SI-2027-03"),
    ]
    assert heard[0][2] == steering


def test_a_listener_that_fails_rolls_the_decision_back(initiative: Initiative) -> None:
    def failing(**_kwargs: Any) -> None:
        raise RuntimeError("the fund is closed")

    events.register_decision_listener(failing)
    try:
        with pytest.raises(RuntimeError):
            _approve(initiative)
    finally:
        events.unregister_decision_listener(failing)
    initiative.refresh_from_db()
    assert initiative.state == S.RECOMMENDED
    assert not Decision.objects.exists() and not Grant.objects.exists()


def test_each_decision_keeps_the_application_version_and_what_the_freezers_froze(
    initiative: Initiative,
) -> None:
    counter = iter(range(100))
    freezing.register("test-counter", lambda item: {"n": next(counter), "title": item.title})
    try:
        set_state(initiative, S.STEERING_REVIEW)
        steering = member(initiative.organization, Role.STEERING_GROUP)
        initiative_transition(actor=steering, initiative=initiative, transition_key="recommend")
        _approve(initiative)
    finally:
        freezing.unregister("test-counter")
    recommend, approve = Decision.objects.order_by("id")
    assert freezing.frozen_for(recommend, "test-counter") == {"n": 0, "title": initiative.title}
    assert freezing.frozen_for(approve, "test-counter")["n"] == 1
    assert recommend.version is not None and approve.version is not None
    # The application did not change between the two decisions: they share its version.
    assert recommend.version == approve.version
    assert recommend.version.content["idea"]["fields"]["Titel"] == initiative.title
