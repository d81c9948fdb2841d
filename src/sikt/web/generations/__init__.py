"""Per-organisation summaries kept between requests, never stale: a generation stamp that every
committed write moves on.

Why: the portfolio and the steering group's page sum up hundreds of initiatives; under load (issue
13, 50 users on two cores) computing them on every view costs tens to hundreds of milliseconds of
CPU each, yet the data behind them changes a few times a day. So a page asks :func:`cached` for
its summary, keyed by the organisation and its *generation*: the number of committed write
transactions in that organisation (and in everything no single organisation owns). A write moves
the generation on, so the next view computes afresh; a cache entry can never be stale, only
unused, and it works with several server processes because the generation lives in the database
(the cache itself, ``CACHES["summaries"]``, is in memory per process unless the operator
configures a shared one).

How writes are seen: every database connection gets an execute wrapper (:func:`watch`, connected
to ``connection_created`` in :class:`~sikt.web.generations.apps.GenerationsConfig`) that notes
each ``INSERT``/``UPDATE``/``DELETE`` — from a view, the API, a background task or a command,
whatever code issued it — and moves the generation on once the transaction commits (at once in
autocommit). The scope is the organisations the request's user belongs to
(:class:`GenerationMiddleware`; a user may only write in them, the policy sees to that); a write
outside a request (a task, a command), without an organisation (a login, a system administrator,
an API call with a token, whose user is known only inside the API) or to a record shared
between organisations (agreements, shared models) moves :data:`EVERYTHING` on, which every key
includes. Tables no summary reads (sessions, login attempts, the audit trail, notifications, the
task queue, background workers' heartbeats, API tokens' last use, a cache kept in the database)
are ignored, and so is an update of nothing but a background run's progress share: reading pages,
a worker's heartbeat or a long run's progress never invalidates anything.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

#: The scope of writes no single organisation owns; part of every key.
EVERYTHING = "*"
#: The cache the summaries are kept in (``settings.CACHES``).
CACHE = "summaries"
#: Apps and models whose tables no cached summary reads: writing them moves nothing on.
IGNORED_APPS = frozenset(
    {"sessions", "axes", "audit", "notifications", "django_tasks_db", "generations", "workers"}
)
IGNORED_MODELS = frozenset({"followup.SentReminder", "api.ApiToken"})
#: Apps whose records are shared between organisations (besides models that declare
#: ``organization_sides``): a write there moves :data:`EVERYTHING` on.
SHARED_APPS = frozenset({"sharing"})

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
#: A background run's progress (``runs.update(progress=share)``, every few per cent of a long run):
#: no summary reads it, and counting it would empty every kept summary while a run goes on.
_PROGRESS_ONLY = re.compile(r'\s*UPDATE\s+"?\w+"?\s+SET\s+"progress"\s*=\s*%s\s+WHERE\s', re.I)
_UPSERT = (
    'INSERT INTO "generations_generation" ("scope", "value") VALUES (%s, 1) '
    'ON CONFLICT ("scope") DO UPDATE SET "value" = "generations_generation"."value" + 1'
)
_MISSING = object()
#: The latest value of each ``(name, organisation)`` in this process, as ``(key, value)``: read
#: without unpickling (the steering page's 500 lights took longer to unpickle than to print).
_latest: dict[tuple[str, int], tuple[str, Any]] = {}

#: The organisations (ids) the current request's writes may touch, set by
#: :class:`GenerationMiddleware`; empty: any (:data:`EVERYTHING`).
_organizations: contextvars.ContextVar[tuple[int, ...]] = contextvars.ContextVar(
    "sikt_generation_organizations", default=()
)


@cache
def _tables() -> tuple[frozenset[str], frozenset[str]]:
    """(ignored tables, shared tables), from the installed models."""
    ignored, shared = {"django_session"}, set()
    # A cache kept in the database (its table is not the data).
    configured: dict[str, Any] = settings.CACHES
    ignored.update(
        str(config["LOCATION"])
        for config in configured.values()
        if str(config["BACKEND"]).endswith("DatabaseCache")
    )
    for model in django_apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in IGNORED_APPS or meta.label in IGNORED_MODELS:
            ignored.add(meta.db_table)
        elif meta.app_label in SHARED_APPS or hasattr(model, "organization_sides"):
            shared.add(meta.db_table)
    return frozenset(ignored), frozenset(shared)


def _as_if_autocommit(connection: BaseDatabaseWrapper) -> bool:
    """True outside a transaction — and inside only the transactions a test case wraps every
    test in, so a test sees what a server in autocommit would."""
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _in_test_case(connection: BaseDatabaseWrapper) -> bool:
    """Inside the transaction a test case wraps a test in, which never commits: a write there
    counts at once (also inside the service's own transaction: counting early only ever
    computes afresh once more)."""
    blocks = connection.atomic_blocks
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


class _Bump:
    """An on-commit callback that moves one scope's generation on."""

    def __init__(self, alias: str, scope: str) -> None:
        self.alias, self.scope = alias, scope

    def __call__(self) -> None:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(_UPSERT, [self.scope])


def _note(connection: BaseDatabaseWrapper, scope: str) -> None:
    bump = _Bump(connection.alias, scope)
    if not connection.in_atomic_block or _in_test_case(connection):
        bump()
        return
    savepoints = set(connection.savepoint_ids)
    for entry in connection.run_on_commit:
        sids, func = entry[0], entry[1]
        # Already due at commit, and not undone by a savepoint's rollback that keeps this write.
        if isinstance(func, _Bump) and func.scope == scope and sids <= savepoints:
            return
    transaction.on_commit(bump, using=connection.alias)


class _Migrating:
    """Whether ``migrate`` (or ``flush``) runs in this process: its writes are schema and seed
    data, and the generations' own table may not exist yet. A server is restarted after a
    migration (and its per-process cache with it)."""

    now = False


def migration_started(**kwargs: Any) -> None:
    _Migrating.now = True


def migration_ended(**kwargs: Any) -> None:
    _Migrating.now = False


def _wrapper(
    execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if isinstance(sql, str) and not _Migrating.now else None
    if match is not None:
        ignored, shared = _tables()
        table = match.group(1)
        if table not in ignored and not _PROGRESS_ONLY.match(sql):
            organizations = _organizations.get()
            if not organizations or table in shared:
                _note(context["connection"], EVERYTHING)
            for organization in () if table in shared else organizations:
                _note(context["connection"], str(organization))
    return result


def watch(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Note every write on ``connection`` (connected to ``connection_created``)."""
    if _wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(_wrapper)


@contextmanager
def working_in(*organization_ids: int) -> Iterator[None]:
    """Writes inside belong to these organisations (none named: to :data:`EVERYTHING`)."""
    token = _organizations.set(organization_ids)
    try:
        yield
    finally:
        _organizations.reset(token)


class GenerationMiddleware:
    """Writes during a request belong to the organisations of its user (after
    ``CurrentOrganizationMiddleware``, which puts them on ``request.member_of``).

    Not only to the one the request works in: a member of two organisations may open and change
    the other's initiative by its address (the policy allows it), and that organisation's kept
    summary must not outlive the change. Most users belong to one organisation."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        member_of = sorted(getattr(request, "member_of", ()))
        with working_in(*member_of):
            return self.get_response(request)


def stamp(organization_id: int) -> tuple[int, int]:
    """The generation of everything and of the organisation (0 before the first write)."""
    from sikt.web.generations.models import Generation

    found = dict(
        Generation.objects.filter(scope__in=[EVERYTHING, str(organization_id)]).values_list(
            "scope", "value"
        )
    )
    return found.get(EVERYTHING, 0), found.get(str(organization_id), 0)


def cached(name: str, organization_id: int, compute: Callable[[], T], *parts: object) -> T:
    """``compute()``'s value for the organisation as the data stand now, from the cache when
    nothing was written in the organisation since it was computed. ``parts`` add what else the
    value depends on (today's date, the language). The stamp is read before computing, so a
    write committed meanwhile gives a newer stamp. Inside a transaction (a write may be pending
    or be rolled back) the value is computed and not kept.

    The value is shared by the requests of this process: callers must not change it (keep
    frozen dataclasses in a list; filter into a new list). This process's latest value for
    ``name`` and the organisation is kept as it is, others in ``CACHES["summaries"]``."""
    from django.db import connection

    if not _as_if_autocommit(connection):
        return compute()
    key = ":".join(
        ["sikt", name, str(organization_id), *map(str, stamp(organization_id)), *map(str, parts)]
    )
    latest = _latest.get((name, organization_id))
    if latest is not None and latest[0] == key:
        return latest[1]
    kept = caches[CACHE]
    value = kept.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        kept.set(key, value)
    _latest[name, organization_id] = (key, value)
    return value


def forget() -> None:
    """Drop every kept value of this process (tests, benchmarks: the next views compute)."""
    _latest.clear()
    caches[CACHE].clear()
