"""Write paths for organisations, committees, users and memberships.

``actor`` is the logged-in user acting in the web interface, whose permission is checked with
the policy module; ``None`` means the operator at the command line (``sikt createorg`` …), who
already has full control of the installation.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from sikt.web import policy
from sikt.web.accounts.models import Committee, Membership, Organization, Role, User
from sikt.web.audit import services as audit


def _check(actor: User | None, action: policy.Action, obj: Any, **kwargs: Any) -> None:
    if actor is not None:
        policy.require(actor, action, obj, **kwargs)


def organization_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    organization_number: str,
    municipality_code: str = "",
    is_fictional: bool = False,
) -> Organization:
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied
    return audit.create(
        actor,
        Organization(
            name=name,
            kind=kind,
            organization_number=organization_number,
            municipality_code=municipality_code,
            is_fictional=is_fictional,
        ),
    )


def organization_update(
    *, actor: User | None, organization: Organization, **values: Any
) -> Organization:
    _check(actor, policy.Action.CHANGE, organization)
    return audit.update(actor, organization, **values)


def committee_create(
    *,
    actor: User | None,
    organization: Organization,
    name: str,
    kind: str = Committee.Kind.COMMITTEE,
    description: str = "",
) -> Committee:
    _check(actor, policy.Action.CREATE, organization, model=Committee)
    return audit.create(
        actor,
        Committee(organization=organization, name=name, kind=kind, description=description),
    )


def committee_update(*, actor: User | None, committee: Committee, **values: Any) -> Committee:
    _check(actor, policy.Action.CHANGE, committee)
    return audit.update(actor, committee, **values)


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_superuser: bool = False,
) -> User:
    """Create a user; ``password=None`` leaves it unusable until a reset."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=actor,
        instance=user,
        action="create",
        changes=audit.diff(
            {}, {"username": username, "email": email, "is_superuser": is_superuser}
        ),
    )
    return user


def membership_grant(
    *, actor: User | None, user: User, organization: Organization, role: Role | str
) -> Membership:
    """Give ``user`` the ``role`` in ``organization`` (idempotent)."""
    _check(actor, policy.Action.MANAGE_MEMBERS, organization)
    existing = Membership.objects.filter(user=user, organization=organization, role=role).first()
    if existing:
        return existing
    membership = audit.create(actor, Membership(user=user, organization=organization, role=role))
    policy.forget_roles(user)
    return membership


def membership_revoke(*, actor: User | None, membership: Membership) -> None:
    _check(actor, policy.Action.MANAGE_MEMBERS, membership.organization)
    audit.delete(actor, membership)
    policy.forget_roles(membership.user)
