"""Who may do what: the one place that answers "may user U do action A on object O".

Every view and API endpoint asks :func:`can` / :func:`require` and reads through :func:`scope`,
which limits a queryset to the organisations the user is a member of. Models say how to reach
their organisation with a class attribute ``organization_path`` (``""`` for
:class:`~sikt.web.accounts.models.Organization` itself, ``"organization"`` for a direct foreign
key, ``"initiative__organization"`` further away).

Rules are data (:data:`RULES`): the roles that may take an action on a kind of record. The
tables of the first areas live here; an app added later registers its own table from its
``AppConfig.ready()`` with :func:`register_rules`, and the initiatives app registers the roles of
its lifecycle steps with :func:`register_transition_roles` — so this module imports nothing above
the accounts app (the layers contract in ``pyproject.toml``). Rules that depend on a record's
state beyond the roles are registered the same way with :func:`register_condition` (a decided
application is read-only for every role: :mod:`sikt.web.initiatives.lock`). System
administrators (``is_superuser``) manage organisations, committees and memberships of every
organisation but, like everyone else, see an organisation's domain records only as its members —
social-services data is not opened up by a technical role.

Some records are shared between organisations: a development agreement (*överenskommelse*) is
seen by its funder and by each participating organisation, and each side may do different
things with it. Such a model declares ``organization_sides`` — ``{side: path to the side's
organisation}``, e.g. ``{"funder": "agreement__funder", "participant": "organization"}`` — and
its rules are registered per side under the label ``"app.model@side"``. :func:`scope` then lets
a member of any side's organisation see the record (and nobody else), and :func:`can` grants an
action when the user holds an allowed role *in the organisation on that side of this record*,
so a funder's coordinator cannot act for a participant nor the other way round. The record's
``organization_path`` still names its owner (the funder), where its audit entries are kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.urls import URLPattern

from sikt.web.accounts.models import Membership, Organization, Role

QS = TypeVar("QS", bound=models.QuerySet[Any])
P = TypeVar("P")


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    MANAGE_MEMBERS = "manage_members"
    #: Work the review queue and compare applications (initiatives); review a calculation
    #: (economists, calculations).
    REVIEW = "review"


ALL_ROLES: frozenset[Role] = frozenset(Role)

RuleTable = dict[tuple[str, Action], frozenset[Role]]

#: Organisations, committees and memberships (sikt.web.accounts).
ACCOUNT_RULES: RuleTable = {
    ("accounts.organization", Action.VIEW): ALL_ROLES,
    ("accounts.organization", Action.CHANGE): frozenset({Role.COORDINATOR}),
    ("accounts.organization", Action.MANAGE_MEMBERS): frozenset({Role.COORDINATOR}),
    ("accounts.committee", Action.VIEW): ALL_ROLES,
    ("accounts.committee", Action.CREATE): frozenset({Role.COORDINATOR}),
    ("accounts.committee", Action.CHANGE): frozenset({Role.COORDINATOR}),
    ("accounts.membership", Action.VIEW): frozenset({Role.COORDINATOR}),
}

#: The access log of personal data (sikt.web.audit.personal): read by the organisation's
#: administrator — the coordinator, who also manages its members and their roles.
AUDIT_RULES: RuleTable = {
    ("audit.personaldataaccess", Action.VIEW): frozenset({Role.COORDINATOR}),
}

#: Initiatives, ideas, plans, criteria, decisions and the rule set (sikt.web.initiatives).
_APPLICANTS = frozenset({Role.COORDINATOR, Role.APPLICANT})
_REVIEWERS = frozenset(
    {
        Role.COORDINATOR,
        Role.MANAGEMENT_GROUP,
        Role.STEERING_GROUP,
        Role.DECISION_MAKER,
        Role.ECONOMIST,
        Role.ANALYST,
    }
)
INITIATIVE_RULES: RuleTable = {
    ("initiatives.initiative", Action.VIEW): ALL_ROLES,
    ("initiatives.initiative", Action.CREATE): _APPLICANTS,
    ("initiatives.initiative", Action.CHANGE): _APPLICANTS,
    ("initiatives.initiative", Action.REVIEW): frozenset(
        {Role.COORDINATOR, Role.MANAGEMENT_GROUP, Role.STEERING_GROUP}
    ),
    ("initiatives.decision", Action.VIEW): ALL_ROLES,
    ("initiatives.ruleset", Action.VIEW): ALL_ROLES,
    ("initiatives.ruleset", Action.CHANGE): frozenset({Role.COORDINATOR}),
    ("initiatives.criterionassessment", Action.CHANGE): frozenset(
        {Role.COORDINATOR, Role.STEERING_GROUP}
    ),
    ("initiatives.selectionscore", Action.CREATE): frozenset({Role.STEERING_GROUP}),
    ("initiatives.comment", Action.VIEW): ALL_ROLES,
    ("initiatives.comment", Action.CREATE): _REVIEWERS | _APPLICANTS,
    ("initiatives.comment", Action.CHANGE): _APPLICANTS,
    ("initiatives.applicationversion", Action.VIEW): ALL_ROLES,
    # Amendments are opened and decided through their steps (``register_transition_roles``);
    # opening one is also a rule, for the API (the roles of the step "open_amendment").
    ("initiatives.amendment", Action.VIEW): ALL_ROLES,
    ("initiatives.amendment", Action.CREATE): frozenset(
        {Role.APPLICANT, Role.PROJECT_LEADER, Role.COORDINATOR}
    ),
}

#: Logic models and design artefacts of an initiative (sikt.web.design). Everyone in the
#: organisation reads them; the applicant (project owner), the project leader and the
#: coordinator write them — and only while the initiative's state allows it
#: (:mod:`sikt.web.design.rules`).
DESIGN_MODELS = (
    "design.logicmodel",
    "design.logicelement",
    "design.indicator",
    "design.targetgroup",
    "design.successcriterion",
    "design.comparisondesign",
    "design.followupplan",
    "design.stakeholder",
    "design.risk",
    "design.stopcriterion",
    "design.projectorganisation",
    "design.impactstatement",
    "design.communicationitem",
    "design.implementationoutline",
)
DESIGN_EDITORS = frozenset({Role.APPLICANT, Role.PROJECT_LEADER, Role.COORDINATOR})
DESIGN_RULES: RuleTable = {
    (label, action): ALL_ROLES if action == Action.VIEW else DESIGN_EDITORS
    for label in DESIGN_MODELS
    for action in (Action.VIEW, Action.CREATE, Action.CHANGE, Action.DELETE)
}
#: The evaluator completes the stakeholder analysis through interviews and focus groups.
DESIGN_RULES.update(
    {
        ("design.stakeholder", action): DESIGN_EDITORS | {Role.ANALYST}
        for action in (Action.CREATE, Action.CHANGE, Action.DELETE)
    }
)

#: Who builds an initiative's calculation: applicants/project owners, coordinator, economist.
CALCULATION_BUILDERS = frozenset(
    {Role.APPLICANT, Role.PROJECT_LEADER, Role.COORDINATOR, Role.ECONOMIST}
)

#: The unit-cost library and calculations (sikt.web.unitcosts, sikt.web.calculations).
ECONOMICS_RULES: RuleTable = {
    ("unitcosts.unitcostentry", Action.VIEW): ALL_ROLES,
    ("unitcosts.unitcostentry", Action.CREATE): frozenset({Role.ECONOMIST, Role.COORDINATOR}),
    ("unitcosts.unitcostentry", Action.CHANGE): frozenset({Role.ECONOMIST, Role.COORDINATOR}),
    # A large import's progress and errors: for those who may import.
    ("unitcosts.unitcostimport", Action.VIEW): frozenset({Role.ECONOMIST, Role.COORDINATOR}),
    ("calculations.calculation", Action.VIEW): ALL_ROLES,
    ("calculations.calculation", Action.CREATE): CALCULATION_BUILDERS,
    ("calculations.calculation", Action.CHANGE): CALCULATION_BUILDERS,
    ("calculations.calculation", Action.REVIEW): frozenset({Role.ECONOMIST}),
    ("calculations.calculationrun", Action.VIEW): ALL_ROLES,
}

#: Decision documents and the portfolio (sikt.web.reports).
REPORT_RULES: RuleTable = {
    # The documents kept at each decision: read by everyone who reads the initiative.
    ("reports.storeddocument", Action.VIEW): ALL_ROLES,
}

#: ``(app_label.model_name, action) -> roles allowed`` inside the record's organisation.
RULES: RuleTable = {
    **ACCOUNT_RULES,
    **AUDIT_RULES,
    **INITIATIVE_RULES,
    **DESIGN_RULES,
    **ECONOMICS_RULES,
    **REPORT_RULES,
}

#: ``transition key -> roles allowed``, registered by the initiatives app (its workflow table).
TRANSITION_ROLES: dict[str, frozenset[Role]] = {}


def register_rules(table: RuleTable) -> None:
    """Add an app's rule table (call from ``AppConfig.ready()``); a rule is never redefined."""
    clash = sorted(f"{label}:{action}" for label, action in table if (label, action) in RULES)
    if clash:
        raise ValueError(f"policy rules defined twice: {', '.join(clash)}")
    RULES.update(table)


#: ``condition(action, label, obj) -> bool``: a further rule beyond the roles, registered by an
#: app; ``False`` refuses the action whatever the user's roles (e.g. the initiatives app's rule
#: that a decided application is read-only, :mod:`sikt.web.initiatives.lock`).
Condition = Callable[[Action, str, models.Model], bool]
CONDITIONS: list[Condition] = []


def register_condition(condition: Condition) -> None:
    """Consult ``condition`` in :func:`can` for every action the roles allow (call from
    ``AppConfig.ready()``; registered once)."""
    if condition not in CONDITIONS:
        CONDITIONS.append(condition)


#: Records published to every organisation by design (a shared model's versions): any member
#: of any organisation may view them; changing them stays with the publisher's roles.
PUBLISHED: set[str] = set()


def register_published(labels: frozenset[str]) -> None:
    """Mark kinds of record as readable by members of every organisation (call from
    ``AppConfig.ready()``)."""
    PUBLISHED.update(labels)


def published(user: Any, queryset: QS) -> QS:
    """``queryset`` of a published kind of record, for any member of any organisation (none
    for a user without a membership)."""
    if _label(queryset.model) not in PUBLISHED:
        raise TypeError(f"{queryset.model.__name__} is not published to every organisation")
    return queryset if organization_ids(user) else queryset.none()


def register_transition_roles(roles_by_key: dict[str, frozenset[Role]]) -> None:
    """Record which roles may take each lifecycle step (the initiatives workflow's table)."""
    TRANSITION_ROLES.update(roles_by_key)


#: Records a system administrator may handle in any organisation.
SYSTEM_ADMIN_MODELS = frozenset(
    {"accounts.organization", "accounts.committee", "accounts.membership"}
)


def _label(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def organization_of(obj: models.Model) -> Organization | None:
    """The organisation ``obj`` belongs to, following its ``organization_path``."""
    if isinstance(obj, Organization):
        return obj
    path = getattr(type(obj), "organization_path", None)
    if path is None:
        return None
    target: Any = obj
    for part in path.split("__"):
        target = getattr(target, part)
        if target is None:
            return None
    return target if isinstance(target, Organization) else None


def _role_cache(user: Any) -> dict[int, frozenset[Role]]:
    """``{organisation id: roles}`` for ``user``, read once and kept on the user for the request."""
    cache: dict[int, frozenset[Role]] | None = getattr(user, "_sikt_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in Membership.objects.filter(user=user).values_list(
            "organization_id", "role"
        ):
            cache[org_id] = cache.get(org_id, frozenset()) | {Role(role)}
        user._sikt_roles = cache
    return cache


def roles_of(user: Any, organization: Organization | None) -> frozenset[Role]:
    """The roles ``user`` holds in ``organization``."""
    if organization is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return _role_cache(user).get(organization.pk, frozenset())


def organization_ids(user: Any) -> set[int]:
    """Ids of the organisations ``user`` is a member of."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(_role_cache(user))


def forget_roles(user: Any) -> None:
    """Drop the cached roles (after a membership change within the same request)."""
    if hasattr(user, "_sikt_roles"):
        del user._sikt_roles


def can(
    user: Any,
    action: Action | str,
    obj: models.Model,
    *,
    model: type[models.Model] | None = None,
) -> bool:
    """May ``user`` take ``action`` on ``obj``?

    For :attr:`Action.CREATE` pass the organisation (or parent record) as ``obj`` and the kind
    of record to create as ``model``.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    label = _label(model or obj)
    if user.is_superuser and label in SYSTEM_ADMIN_MODELS:
        return True
    if Action(action) == Action.VIEW and label in PUBLISHED and organization_ids(user):
        return True
    if _shared_sides(obj) is not None:
        if not side_of(user, action, obj, model=model):
            return False
        return all(condition(Action(action), label, obj) for condition in CONDITIONS)
    if not role_allows(user, action, obj, model=model):
        return False
    return all(condition(Action(action), label, obj) for condition in CONDITIONS)


def role_allows(
    user: Any,
    action: Action | str,
    obj: models.Model,
    *,
    model: type[models.Model] | None = None,
) -> bool:
    """Do ``user``'s roles in ``obj``'s organisation allow ``action`` — :func:`can` without the
    record's state (the conditions)? A page that explains why a state closes a record shows
    that only to a user whose role would otherwise be allowed; anyone else gets 403."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    allowed = RULES.get((_label(model or obj), Action(action)))
    return bool(allowed and roles_of(user, organization_of(obj)) & allowed)


def _shared_sides(obj: models.Model) -> dict[str, str] | None:
    sides: dict[str, str] | None = getattr(type(obj), "organization_sides", None)
    return sides


def _can_on_side(user: Any, label: str, action: Action, obj: models.Model, side: str) -> bool:
    """Does ``user`` hold a role allowed for ``label@side`` in ``obj``'s ``side`` organisation?"""
    allowed = RULES.get((f"{label}@{side}", action))
    if not allowed:
        return False
    path = _shared_sides(obj)[side]  # type: ignore[index]
    cache = _role_cache(user)
    organizations = [org_id for org_id, roles in cache.items() if roles & allowed]
    if not organizations:
        return False
    return bool(
        type(obj)._default_manager.filter(pk=obj.pk, **{f"{path}__in": organizations}).exists()
    )


def side_of(user: Any, action: Action | str, obj: models.Model, *, model: Any = None) -> str:
    """The side of shared record ``obj`` on which ``user`` may take ``action`` (``""``: none)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    label = _label(model or obj)
    for side in _shared_sides(obj) or {}:
        if _can_on_side(user, label, Action(action), obj, side):
            return side
    return ""


def can_transition(user: Any, initiative: models.Model, transition_key: str) -> bool:
    """May ``user`` take lifecycle step ``transition_key`` on ``initiative``, by role?

    The roles come from the initiatives app's transition table, registered with
    :func:`register_transition_roles` (``sikt.web.initiatives.workflow.TRANSITIONS``); whether
    the initiative is in a source state and its requirements are met is the workflow's
    business, not the policy's.
    """
    allowed = TRANSITION_ROLES.get(transition_key)
    if allowed is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(roles_of(user, organization_of(initiative)) & allowed)


def require(user: Any, action: Action | str, obj: models.Model, **kwargs: Any) -> None:
    """Raise :class:`PermissionDenied` (HTTP 403) unless :func:`can`."""
    if not can(user, action, obj, **kwargs):
        raise PermissionDenied


def scope(user: Any, queryset: QS) -> QS:
    """``queryset`` limited to records of the organisations ``user`` is a member of."""
    model = queryset.model
    path = getattr(model, "organization_path", None)
    sides: dict[str, str] | None = getattr(model, "organization_sides", None)
    if sides is not None and getattr(user, "is_authenticated", False):
        ids = organization_ids(user)
        seen = models.Q()
        for side_path in sides.values():
            seen |= models.Q(**{f"{side_path}__in": ids})
        # A subquery rather than a join, so a record with several participants appears once.
        return queryset.filter(pk__in=model._default_manager.filter(seen).values("pk"))
    if path is None:
        raise TypeError(f"{model.__name__} has no organization_path and cannot be scoped")
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if user.is_superuser and _label(model) in SYSTEM_ADMIN_MODELS:
        return queryset
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(**{lookup: organization_ids(user)})


def scope_allowed(user: Any, queryset: QS, action: Action | str = Action.VIEW) -> QS:
    """``queryset`` limited to the organisations where ``user``'s roles allow ``action`` on its
    kind of record — a list (a page or the API) shows exactly what :func:`can` would allow one
    by one (per-record conditions aside, which only ever refuse changes)."""
    label = _label(queryset.model)
    scoped = scope(user, queryset)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return scoped.none()
    if user.is_superuser and label in SYSTEM_ADMIN_MODELS:
        return scoped
    sides: dict[str, str] | None = getattr(queryset.model, "organization_sides", None)
    if sides is not None:
        # A shared record: each side's members as that side's rule allows.
        seen = models.Q()
        for side, side_path in sides.items():
            allowed = RULES.get((f"{label}@{side}", Action(action)), frozenset())
            ids = [org for org, roles in _role_cache(user).items() if roles & allowed]
            seen |= models.Q(**{f"{side_path}__in": ids})
        return scoped.filter(pk__in=queryset.model._default_manager.filter(seen).values("pk"))
    allowed = RULES.get((label, Action(action)), frozenset())
    ids = [org for org, roles in _role_cache(user).items() if roles & allowed]
    path = queryset.model.organization_path
    return scoped.filter(**{f"{path}__in" if path else "pk__in": ids})


def get_scoped_or_404(user: Any, queryset: models.QuerySet[Any], **lookup: Any) -> Any:
    """One record the user's organisations own, else 404 (never reveal another tenant's data)."""
    try:
        return scope(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None


@dataclass(frozen=True)
class ViewDecision:
    """The rule that decides who may use a browser view, declared beside its URL with
    :func:`decide` and read by the authorisation matrix (``tests/web/test_view_matrix.py``).

    ``label``/``action`` name a rule of :data:`RULES` (``side`` the side of a shared record,
    e.g. ``"funder"``); the roles it allows in the organisation of the record the URL names (or
    the user's current organisation for a page without one) get ``success``, other roles 403,
    a user of another organisation 404. ``label == ""`` is :data:`SIGNED_IN`: any signed-in
    user, on their own data only; ``"*"`` is :data:`RECORD_VIEW` and ``"transition"``
    :data:`TRANSITION_STEP`.
    """

    label: str
    action: Action | None = None
    side: str = ""
    success: int = 200
    #: The rule of the view's write, when a page every reader may open takes a POST that only
    #: some roles may send (the matrix then also POSTs as every role).
    post: ViewDecision | None = None
    #: A further rule whose roles may also send the view's POST: another write on the page (the
    #: economist's verdict on a cost report) or the other side of a shared record (the funder's
    #: verdict on a participant's sprint).
    also: ViewDecision | None = None

    @property
    def roles(self) -> frozenset[Role]:
        """The roles the rule allows (every role for :data:`SIGNED_IN`)."""
        if self is TRANSITION_STEP:
            raise TypeError("a step's roles are those of the transition the request names")
        if self.action is None or (self.action == Action.VIEW and self.label in PUBLISHED):
            return ALL_ROLES
        label = f"{self.label}@{self.side}" if self.side else self.label
        return RULES[(label, self.action)]


#: Any signed-in user, on their own data only (the profile, the inbox, the start page).
SIGNED_IN = ViewDecision("")

#: The view rule of whatever kind of record the URL names (the change history of any record).
RECORD_VIEW = ViewDecision("*", Action.VIEW)

#: The roles of the lifecycle step the request names (``?transition=``/``transition``), as
#: :func:`can_transition` decides them from :data:`TRANSITION_ROLES`.
TRANSITION_STEP = ViewDecision("transition")


def signed_in(*, success: int) -> ViewDecision:
    """:data:`SIGNED_IN` for a view whose success is not 200 (e.g. a redirect after a POST)."""
    return ViewDecision("", None, success=success)


def rule(
    label: str,
    action: Action,
    *,
    side: str = "",
    success: int = 200,
    post: ViewDecision | None = None,
    also: ViewDecision | None = None,
) -> ViewDecision:
    """The decision "the roles of rule ``label``:``action`` (on ``side``) may use this view"
    (and ``post`` decides its POST, if only some of them may send one; ``also`` is a further
    rule whose roles may send it too)."""
    return ViewDecision(label, action, side, success, post, also)


def decide(urlpatterns: list[P], decisions: dict[str, ViewDecision]) -> list[P]:
    """Attach each URL name's decision to its pattern (``pattern.policy_decision``) and return
    the patterns; a name that names no pattern is an error."""
    patterns = [pattern for pattern in urlpatterns if isinstance(pattern, URLPattern)]
    unknown = sorted(set(decisions) - {pattern.name for pattern in patterns})
    if unknown:
        raise ValueError(f"decisions for unknown URL names: {', '.join(unknown)}")
    for pattern in patterns:
        if pattern.name in decisions:
            decision = decisions[pattern.name]
            pattern.policy_decision = decision  # type: ignore[attr-defined]
            if decision.post is not None:
                pattern.callback = _post_guarded(pattern.callback, decision.post)
    return urlpatterns


def _post_guarded(view: Callable[..., Any], decision: ViewDecision) -> Callable[..., Any]:
    """``view`` answering a POST from a role outside ``decision`` with 403 before it runs (a
    record of another organisation stays 404; an anonymous user goes on to the login)."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.method == "POST" and getattr(request.user, "is_authenticated", False):
            require_post(request, decision, getattr(view, "scoped_model", None), kwargs.get("pk"))
        return view(request, *args, **kwargs)

    return guarded


def require_post(
    request: HttpRequest,
    decision: ViewDecision,
    model: type[models.Model] | None,
    pk: Any,
) -> None:
    """Raise :class:`PermissionDenied` unless the user's roles in the organisation of the record
    ``pk`` names (or of the page's organisation) — on the decision's side of a shared record —
    are among those ``decision`` (or its ``also``) allows; :class:`Http404` for a record the
    user may not see."""
    user = request.user
    record: models.Model | None = (
        get_scoped_or_404(user, model._default_manager.all(), pk=pk)
        if model is not None and pk is not None
        else getattr(request, "organization", None)
    )
    if record is None:
        raise Http404
    if not any(_allows(user, each, record) for each in (decision, decision.also) if each):
        raise PermissionDenied


def _allows(user: Any, decision: ViewDecision, record: models.Model) -> bool:
    if decision.side and decision.action is not None:
        return _can_on_side(user, decision.label, decision.action, record, decision.side)
    return bool(roles_of(user, organization_of(record)) & decision.roles)
