"""The authorisation matrix of the browser views, generated from the URL registry and the policy.

Every named URL outside the open API (which has its own matrix,
``tests/web/test_authorisation_matrix.py``) either declares the rule of :mod:`sikt.web.policy`
that decides it (:func:`sikt.web.policy.decide` in its app's ``urls.py``) or is one of the public
views listed in :data:`sikt.web.urls.PUBLIC_VIEWS`; a view with neither fails
:func:`test_every_view_declares_its_decision` with its URL name.

For every declared view one request is made as every role of the organisation, as a signed-in
user without any role and anonymously, on a record of the user's own organisation and of
another one: a GET, or for a view that takes only POST a POST with a minimal form (and a POST
too when the decision names the rule of a page's write, ``post=``, and for the rule of the
other side of a shared record, ``also=``, with the record and forms of :data:`ALSO`). The status
must be exactly what the decision says — its success status for a role the rule allows, 403 for
any other role, 404 for a record of another organisation (never revealed) or for a user without
an organisation, a redirect to the login page when anonymous — and no page may link to a record
of the other organisation. Each request runs in a transaction that is rolled back, so the
records are built once per organisation and shared by all cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, reverse

from sikt.web import policy
from sikt.web.accounts.models import Organization, Role, User
from sikt.web.agreements import services as agreements
from sikt.web.agreements.models import SprintProgress, SprintState
from sikt.web.api import tokens
from sikt.web.audit import services as audit
from sikt.web.funds.models import CostReport
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from sikt.web.notifications.models import Notification
from sikt.web.shell.areas import AREAS
from sikt.web.urls import PUBLIC_VIEWS
from tests.web import factories
from tests.web.conftest import login
from tests.web.urlconf import walk

pytestmark = pytest.mark.django_db

#: The open API's operations are decided by their own matrix.
API_NAMESPACE = "api:"

ANONYMOUS = "anonymous"
NO_ROLE = "no role"

#: Views that act on another organisation's record by design: adopting a published version.
ACROSS_ORGANISATIONS = {"sharing:adopt"}

#: ``(world, organisation, requesting user) -> record or parameters``
Builder = Callable[["World", Organization, "User | None"], Any]


@dataclass(frozen=True)
class View:
    name: str
    pattern: URLPattern

    @property
    def decision(self) -> policy.ViewDecision | None:
        return getattr(self.pattern, "policy_decision", None)

    @property
    def model(self) -> type[models.Model] | None:
        return getattr(self.pattern.callback, "scoped_model", None)


def browser_views() -> list[View]:
    return [
        View(name, pattern)
        for name, pattern in walk()
        if not name.startswith(API_NAMESPACE) and name not in PUBLIC_VIEWS
    ]


def declared_views() -> list[View]:
    return [view for view in browser_views() if view.decision is not None]


def test_every_view_declares_its_decision() -> None:
    undeclared = [view.name for view in browser_views() if view.decision is None]
    assert undeclared == [], "declare the policy rule with sikt.web.policy.decide"


def test_every_declared_rule_is_in_the_policy() -> None:
    special = (policy.SIGNED_IN.label, policy.RECORD_VIEW.label, policy.TRANSITION_STEP.label)
    unknown = []
    for view in declared_views():
        decision = view.decision
        while decision is not None:
            if decision.label not in special:
                label = f"{decision.label}@{decision.side}" if decision.side else decision.label
                known = (label, decision.action) in policy.RULES or (
                    decision.action == policy.Action.VIEW and label in policy.PUBLISHED
                )
                if not known:
                    unknown.append(f"{view.name}: {label}:{decision.action}")
            decision = decision.post or decision.also
    assert unknown == [], "a view names a rule that sikt.web.policy does not have"


def test_public_views_exist_and_open_without_signing_in(client: Client) -> None:
    names = dict(walk())
    assert set(PUBLIC_VIEWS) <= set(names)
    for name in ("login", "password_reset", "password_reset_done", "password_reset_complete"):
        assert client.get(reverse(name)).status_code == 200, name


# --- the records the views name -------------------------------------------------------------


def _running(world: World, org: Organization, user: User | None) -> Any:
    return world.record(factories.make_running_initiative, org)


def _led(world: World, org: Organization, user: User | None) -> Any:
    """A running initiative led by the matrix's project leader (in their organisation)."""
    leader = world.users[Role.PROJECT_LEADER.value] if org == world.own else None
    return world.record(
        lambda org: factories.make_running_initiative(org, leader=leader), org, "led"
    )


def _participation(world: World, org: Organization, user: User | None) -> Any:
    """``org``'s participation in an agreement another organisation funds."""
    agreement = world.record(
        lambda org: factories.make_agreement(factories.make_organization(), participant=org),
        org,
        "participating",
    )
    return agreement.participations.get()


def _participant_progress(world: World, org: Organization, user: User | None) -> Any:
    return _participation(world, org, user).progress.get()


def _reviewed(world: World, org: Organization, user: User | None) -> Any:
    """An initiative whose plan the reviewers assess and score (the plan is submitted)."""

    def build(org: Organization) -> Initiative:
        initiative = factories.make_initiative(org)
        Initiative.objects.filter(pk=initiative.pk).update(state=InitiativeState.PLAN_SUBMITTED)
        return initiative

    return world.record(build, org, "reviewed")


def _submitted_sprint(world: World, org: Organization, user: User | None) -> Any:
    """Sprint 1 of an agreement ``org`` funds, submitted by the participant for the verdict."""

    def build(org: Organization) -> SprintProgress:
        progress = SprintProgress.objects.get(
            participation__agreement=factories.make_agreement(org)
        )
        worker = factories.make_user(progress.participation.organization, Role.PROJECT_LEADER)
        agreements.deliverables_mark(
            actor=worker, progress=progress, done=list(progress.sprint.deliverables.all())
        )
        agreements.sprint_transition(actor=worker, progress=progress, to=SprintState.SUBMITTED)
        return progress

    return world.record(build, org, "submitted sprint")


def _led_cost_report(world: World, org: Organization, user: User | None) -> Any:
    """A cost report of the initiative the matrix's project leader leads."""
    initiative = _led(world, org, user)
    return world.record(
        lambda org: audit.create(
            None,
            CostReport(
                initiative=initiative,
                year=2025,
                period="delar1",
                reported_by=factories.make_user(org, Role.PROJECT_LEADER),
            ),
        ),
        org,
        "led cost report",
    )


def _token(world: World, org: Organization, user: User | None) -> Any:
    """The requesting user's own API token, or another user's in the other organisation."""
    owner = user if user is not None and org == world.own else factories.make_user(org)
    return tokens.token_create(actor=owner, name="Matrisen")[0]


def _notification(world: World, org: Organization, user: User | None) -> dict[str, Any]:
    """``?id=`` of a message to the requesting user, or to another user in the other
    organisation."""
    recipient = user if user is not None and org == world.own else factories.make_user(org)
    message = Notification.objects.create(
        recipient=recipient, organization=org, kind="matris", title="Matris", url="/"
    )
    return {"id": message.pk}


#: The record a view's ``pk`` names when the view needs one in a particular state; other views
#: get the model's entry of :data:`tests.web.factories.RECORD_FACTORIES`.
RECORDS: dict[str, Builder] = {
    "funds:report-new": _led,
    "agreements:remaining": _participation,
    "agreements:progress": _participant_progress,
    "agreements:tranche": lambda world, org, user: world.record(
        factories.make_payable_tranche, org
    ),
    "account:token-revoke": _token,
    "initiatives:criteria": _reviewed,
    "initiatives:scores": _reviewed,
    "funds:report": _led_cost_report,
}

#: The record and the forms of a view's POST by the roles of its decision's ``also`` (the funder's
#: verdict on a sprint, the economist's on a cost report): approving and returning.
ALSO: dict[str, tuple[Builder, tuple[dict[str, str], ...]]] = {
    "agreements:progress": (
        _submitted_sprint,
        ({"step": "approve", "comment": ""}, {"step": "return", "comment": "Planen saknas."}),
    ),
    "funds:report": (
        _led_cost_report,
        ({"action": "approve"}, {"action": "return", "comment": "Kvitton saknas."}),
    ),
}

#: URL arguments of the views whose parameters are not a record's ``pk``.
ARGUMENTS: dict[str, Callable[[World, Organization], dict[str, Any]]] = {
    "audit:history": lambda world, org: {
        "label": "initiatives.initiative",
        "pk": world.record(factories.make_initiative, org).pk,
    },
    "sharing:model": lambda world, org: {"pk": world.record(factories.make_shared_model, org).pk},
    "sharing:version": lambda world, org: {
        "pk": world.record(factories.make_published_version, org).pk
    },
    "sharing:adopt": lambda world, org: {
        "pk": world.record(factories.make_published_version, org).pk
    },
    "shell:area": lambda world, org: {"slug": AREAS[0].slug},
}


def _comparison(world: World, org: Organization, user: User | None) -> dict[str, Any]:
    return {"indikator": "HVB"}


#: The query (GET) or form (POST) a view needs to succeed.
PARAMETERS: dict[str, Builder] = {
    "notifications:open": _notification,
    "shell:switch-organization": lambda world, org, user: {"organization": org.pk},
    "agreements:progress": lambda world, org, user: {"step": "save"},
    # Saving a cost report without lines.
    "funds:report": lambda world, org, user: {
        "action": "save",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
    },
    # The decision on funding: the decision maker's step, whatever the initiative's state.
    "initiatives:step": lambda world, org, user: {"transition": "approve"},
    "needs:comparison-xlsx": _comparison,
    "needs:comparison-svg": _comparison,
    "needs:comparison-png": _comparison,
}

_INDICATOR_VALUES = (
    "indikator;område;områdesnamn;period;kön;antal;värde\n"
    "HVB;9999;Exempelby;2022;T;40;12,5\n"
    "HVB;9999;Exempelby;2023;T;44;14,0\n"
    "HVB;0000;Riket;2023;T;;9,5\n"
)


class World:
    """Two organisations with the records every view names, a signed-in client per role of the
    first and one without any role; built once for the module (each request is rolled back)."""

    def __init__(self, views: list[View]) -> None:
        self.own = factories.make_organization("Matrisens kommun", municipality_code="9999")
        self.other = factories.make_organization("Annan kommun")
        self.users: dict[str, User | None] = {ANONYMOUS: None, NO_ROLE: factories.make_user(None)}
        for role in Role:
            self.users[role.value] = factories.make_user(self.own, role)
        self.clients = {
            name: login(Client(), user) if user else Client() for name, user in self.users.items()
        }
        self._indicators(self.clients[Role.ANALYST.value])
        self._records: dict[tuple[Any, ...], Any] = {}
        #: ``(view, "own"|"other", user) -> (url, parameters)``
        self.targets = {
            (view.name, side, name): self._target(view, org, user)
            for view in views
            for side, org in (("own", self.own), ("other", self.other))
            for name, user in self.users.items()
        }
        #: ``(view, form index, "own"|"other", user) -> (url, form)`` of the ``also`` POSTs.
        self.also_targets = {
            (view.name, index, side, name): (url, form)
            for view in views
            if view.name in ALSO
            for side, org in (("own", self.own), ("other", self.other))
            for name, user in self.users.items()
            for url in [reverse(view.name, kwargs={"pk": ALSO[view.name][0](self, org, user).pk})]
            for index, form in enumerate(ALSO[view.name][1])
        }
        #: The other organisation's records' URLs, which no page of the own may link to.
        self.foreign = {
            url
            for (name, side, user), (url, _) in self.targets.items()
            if side == "other" and url != self.targets[(name, "own", user)][0]
        } - {url for view in views if _across(view) for url in self._urls(view.name)}

    def _urls(self, name: str) -> set[str]:
        return {url for (view, _, _), (url, _) in self.targets.items() if view == name}

    @staticmethod
    def _indicators(analyst: Client) -> None:
        """An indicator with values for the own municipality, for the comparison pages."""
        analyst.post(
            reverse("needs:indicators"),
            {"id": "HVB", "title": "Unga i HVB", "unit": "per 1 000", "direction": "lower"},
        )
        data = _INDICATOR_VALUES.encode("utf-8")
        analyst.post(
            reverse("needs:indicator-import"),
            {"file": SimpleUploadedFile("varden.csv", data, "text/csv")},
        )

    def record(self, build: Callable[[Organization], Any], org: Organization, *key: str) -> Any:
        cache_key = (key or build, org.pk)
        if cache_key not in self._records:
            self._records[cache_key] = build(org)
        return self._records[cache_key]

    def _target(
        self, view: View, org: Organization, user: User | None
    ) -> tuple[str, dict[str, Any]]:
        parameters = PARAMETERS[view.name](self, org, user) if view.name in PARAMETERS else {}
        if view.name in ARGUMENTS:
            return reverse(view.name, kwargs=ARGUMENTS[view.name](self, org)), parameters
        if not view.pattern.pattern.converters:
            return reverse(view.name), parameters
        if view.name in RECORDS:
            record = RECORDS[view.name](self, org, user)
        else:
            record = self.record(factories.RECORD_FACTORIES[view.model], org)  # type: ignore[index]
        return reverse(view.name, kwargs={"pk": record.pk}), parameters


@pytest.fixture(scope="module")
def world_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("matrix")


@pytest.fixture(autouse=True)
def _own_data_dir(world_data_dir: Path) -> None:
    """The records' files (an organisation's datasets) stay in the module's data directory."""


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, world_data_dir: Path) -> Iterator[World]:
    with (
        override_settings(SIKT_DATA_DIR=world_data_dir),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield World(declared_views())
        transaction.set_rollback(True)


def _request(client: Client, url: str, parameters: dict[str, Any], post: bool = False) -> Any:
    with transaction.atomic():
        response = None if post else client.get(url, parameters)
        if response is None or response.status_code == 405:
            response = client.post(url, parameters)
        transaction.set_rollback(True)
    return response


def _roles(decision: policy.ViewDecision, world: World, view: View) -> frozenset[Role]:
    if decision is policy.RECORD_VIEW:
        label = ARGUMENTS[view.name](world, world.own)["label"]
        return policy.rule(label, policy.Action.VIEW).roles
    if decision is policy.TRANSITION_STEP:
        step = PARAMETERS[view.name](world, world.own, None)["transition"]
        return policy.TRANSITION_ROLES[step]
    return decision.roles


def _across(view: View) -> bool:
    """Does ``view`` show or act on another organisation's record by design?"""
    decision = view.decision
    return view.name in ACROSS_ORGANISATIONS or (
        decision is not None
        and decision.action == policy.Action.VIEW
        and decision.label in policy.PUBLISHED
    )


#: Links and form targets of a page.
LINK = re.compile(r'(?:href|action|hx-get|hx-post|src)="([^"?#]+)')


def _status(response: Any, world: World) -> str:
    """The response's status ("login" for a redirect to the login page), or the first link to
    another organisation's record on a page."""
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        leaked = sorted(set(LINK.findall(response.content.decode())) & world.foreign)
        if leaked:
            return f"200 linking to the other organisation's {leaked[0]}"
    return str(response.status_code)


def cells(world: World, view: View) -> Iterator[tuple[str, str, str, str]]:
    """``(user, organisation side, got, expected)`` of every cell of ``view``'s row, and of
    its POST when the decision names one."""
    decision = view.decision
    assert decision is not None
    yield from _row(world, view, decision, world.targets, post=False)
    if decision.post is not None:
        yield from _row(world, view, decision.post, world.targets, post=True)
    if decision.post is not None and decision.post.also is not None:
        assert view.name in ALSO, "give the record and forms of the also-POST in ALSO"
        for index, form in enumerate(ALSO[view.name][1]):
            targets = {
                (name, side, user): target
                for (name, form, side, user), target in world.also_targets.items()
                if form == index
            }
            step = "{}={}".format(*next(iter(form.items())))
            yield from _row(world, view, decision.post.also, targets, post=True, label=step)


def _row(
    world: World,
    view: View,
    decision: policy.ViewDecision,
    targets: dict[tuple[str, str, str], tuple[str, dict[str, Any]]],
    *,
    post: bool,
    label: str = "",
) -> Iterator[tuple[str, str, str, str]]:
    success = str(decision.success)
    roles = _roles(decision, world, view)
    across = _across(view)
    method = f"POST {label} ".replace("  ", " ") if post else ""
    for user, client in world.clients.items():
        if user == ANONYMOUS:
            expected = "login"
        elif user == NO_ROLE:
            expected = success if decision.label == "" else "404"
        else:
            expected = success if Role(user) in roles else "403"
        own = targets[(view.name, "own", user)]
        yield user, f"{method}own", _status(_request(client, *own, post), world), expected
        other = targets[(view.name, "other", user)]
        if other != own and user not in (ANONYMOUS, NO_ROLE):
            expected = expected if across else "404"
            yield user, f"{method}other", _status(_request(client, *other, post), world), expected


@pytest.mark.parametrize("view", declared_views(), ids=lambda view: view.name)
def test_view_answers_every_role_as_its_rule_says(world: World, view: View) -> None:
    wrong = [
        f"{view.name} as {user} ({side} organisation): got {got}, expected {expected}"
        for user, side, got, expected in cells(world, view)
        if got != expected
    ]
    assert wrong == []
