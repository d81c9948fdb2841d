"""The policy module: roles per organisation decide, and queries are scoped to the tenant."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from sikt.web import policy
from sikt.web.accounts import services
from sikt.web.accounts.models import Committee, Organization, Role
from tests.web.factories import make_committee, make_user

pytestmark = pytest.mark.django_db


def test_coordinator_may_change_committees_of_own_organization_only(
    organization: Organization, other_organization: Organization
) -> None:
    coordinator = make_user(organization, Role.COORDINATOR)
    own, foreign = make_committee(organization), make_committee(other_organization)
    assert policy.can(coordinator, policy.Action.CHANGE, own)
    assert not policy.can(coordinator, policy.Action.CHANGE, foreign)
    assert policy.can(coordinator, policy.Action.CREATE, organization, model=Committee)
    assert not policy.can(coordinator, policy.Action.CREATE, other_organization, model=Committee)


@pytest.mark.parametrize("role", [role for role in Role if role != Role.COORDINATOR])
def test_other_roles_may_view_but_not_change_committees(
    organization: Organization, role: Role
) -> None:
    user = make_user(organization, role)
    committee = make_committee(organization)
    assert policy.can(user, policy.Action.VIEW, committee)
    assert not policy.can(user, policy.Action.CHANGE, committee)


def test_roles_are_per_organization(
    organization: Organization, other_organization: Organization
) -> None:
    user = make_user(organization, Role.COORDINATOR)
    services.membership_grant(
        actor=None, user=user, organization=other_organization, role=Role.VIEWER
    )
    assert policy.roles_of(user, organization) == {Role.COORDINATOR}
    assert policy.roles_of(user, other_organization) == {Role.VIEWER}
    assert not policy.can(user, policy.Action.CHANGE, make_committee(other_organization))


def test_scope_limits_querysets_to_member_organizations(
    organization: Organization, other_organization: Organization
) -> None:
    user = make_user(organization, Role.VIEWER)
    own, foreign = make_committee(organization), make_committee(other_organization)
    visible = set(policy.scope(user, Committee.objects.all()))
    assert own in visible and foreign not in visible
    assert list(policy.scope(user, Organization.objects.all())) == [organization]


def test_system_admin_manages_organizations_but_sees_no_domain_data_without_membership(
    organization: Organization,
) -> None:
    admin = make_user(None, is_superuser=True)
    assert policy.can(admin, policy.Action.CHANGE, organization)
    assert organization in policy.scope(admin, Organization.objects.all())
    assert policy.roles_of(admin, organization) == frozenset()


def test_inactive_and_anonymous_users_may_do_nothing(organization: Organization) -> None:
    user = make_user(organization, Role.COORDINATOR)
    user.is_active = False
    assert not policy.can(user, policy.Action.VIEW, organization)
    assert not policy.can(AnonymousUser(), policy.Action.VIEW, organization)
    assert list(policy.scope(AnonymousUser(), Committee.objects.all())) == []


def test_a_view_decision_names_a_rule_and_its_roles() -> None:
    from django.urls import path

    def view() -> None: ...

    patterns = policy.decide(
        [path("a/", view, name="a"), path("b/", view, name="b")],
        {"a": policy.rule("accounts.committee", policy.Action.CHANGE, success=302)},
    )
    decision = patterns[0].policy_decision  # type: ignore[attr-defined]
    assert decision.roles == frozenset({Role.COORDINATOR}) and decision.success == 302
    assert not hasattr(patterns[1], "policy_decision")
    assert policy.SIGNED_IN.roles == policy.ALL_ROLES
    with pytest.raises(ValueError, match="unknown URL names: c"):
        policy.decide(patterns, {"c": policy.SIGNED_IN})


def test_role_allows_by_the_role_rule_in_the_records_organisation(
    organization: Organization, other_organization: Organization
) -> None:
    committee = make_committee(organization)
    coordinator = make_user(organization, Role.COORDINATOR)
    assert policy.role_allows(coordinator, policy.Action.CHANGE, committee)
    assert not policy.role_allows(make_user(organization, Role.VIEWER), "change", committee)
    assert not policy.role_allows(
        make_user(other_organization, Role.COORDINATOR), "change", committee
    )
    assert not policy.role_allows(AnonymousUser(), "view", committee)
