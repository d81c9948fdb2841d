"""``sikt serve|demo|migrate|createorg|createuser|check``: run and administer the web app."""

from __future__ import annotations

import argparse
import atexit
import getpass
import importlib.util
import io
import os
import sys
from pathlib import Path
from typing import Any

from sikt.cli import CommandError


def setup_django() -> Any:
    """Load and validate the configuration, then Django; bad configuration is one line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sikt.web.settings")
    from sikt.web.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        raise CommandError(f"configuration error: {exc}") from None
    from django.conf import settings

    return settings


def _describe_database(settings: Any) -> str:
    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"SQLite {db['NAME']}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"PostgreSQL {db.get('USER') or ''}@{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"


def ensure_database(settings: Any) -> None:
    """Fail with one line if the database cannot be reached."""
    from django.db import OperationalError, connection

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.SIKT_DATA_DIR.mkdir(parents=True, exist_ok=True)
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(
            f"database not reachable ({_describe_database(settings)}): {first_line}", code=1
        ) from None


def _pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)


def cmd_check(args: argparse.Namespace) -> int:
    settings = setup_django()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from sikt.web.config import SETTINGS

    config = settings.CONFIG
    print(f"environment:   {config.environment} (debug {'on' if config.debug else 'off'})")
    print(f"data dir:      {config.data_dir}")
    print(f"database:      {_describe_database(settings)}")
    print(f"allowed hosts: {', '.join(config.allowed_hosts) or '-'}")
    print(f"e-mail:        {config.email_host or 'printed to the console (SIKT_EMAIL_HOST unset)'}")
    set_names = [name for name in SETTINGS if name in os.environ]
    print(f"set variables: {', '.join(set_names) or 'none (development defaults)'}")
    try:
        call_command("check", stdout=io.StringIO(), deploy=config.is_production)
    except SystemCheckError as exc:
        raise CommandError(f"Django system check failed: {str(exc).splitlines()[0]}", 1) from None
    ensure_database(settings)
    pending = _pending_migrations()
    if pending:
        print(
            f"database:      reachable; {len(pending)} migration(s) not applied "
            "(run 'sikt migrate' or 'sikt demo')"
        )
        return 1
    print("database:      reachable and up to date")
    print("ok")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = setup_django()
    ensure_database(settings)
    _migrate()
    print("database migrated")
    return 0


def print_demo_logins() -> None:
    from sikt.web.demo import DEMO_PASSWORD, DEMO_USERS

    print("Demo logins (fictional organisation Exempelby kommun), password for all:", DEMO_PASSWORD)
    for login in DEMO_USERS:
        role = login.role.label if login.role else "systemadministratör"
        print(f"  {login.username:<15} {role}")


def cmd_demo(args: argparse.Namespace) -> int:
    settings = setup_django()
    if settings.CONFIG.is_production:
        raise CommandError("refusing to load demo data with SIKT_ENV=production")
    ensure_database(settings)
    _migrate()
    from sikt.web.demo import seed_demo

    # The demo's steps notify its users (in their inboxes, where the demo shows them); sent to
    # the console as e-mails as well, a thousand of them would bury the logins printed below.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    organization = seed_demo()
    print(f"demo data ready: {organization.name} in {_describe_database(settings)}")
    print_demo_logins()
    return 0


#: The most web processes ``sikt serve`` starts unless told (``--workers``): each holds up to
#: ``--threads`` database connections, and 4 × 8 stays well inside PostgreSQL's default
#: ``max_connections`` (100) and a small server's memory.
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """One web process per core this process may use, at most :data:`MAX_DEFAULT_WORKERS`."""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


def _remove_pid_file(pid_file: Path, pid: int) -> None:
    """Remove the pid file when ``sikt serve`` itself exits, not when a forked web worker does
    (gunicorn's workers leave through the same interpreter exit and its handlers)."""
    if os.getpid() == pid:
        pid_file.unlink(missing_ok=True)


def cmd_serve(args: argparse.Namespace) -> int:
    settings = setup_django()
    ensure_database(settings)
    pending = _pending_migrations()
    if pending:
        raise CommandError(
            f"{len(pending)} database migration(s) not applied; run 'sikt migrate' first", 1
        )
    from django.core.management import call_command

    # The shared cache's table, for an installation migrated before it existed.
    call_command("createcachetable", verbosity=0)
    if settings.CONFIG.is_production:
        call_command("collectstatic", interactive=False, verbosity=0)
    else:
        # Development serves the app's own static files (WHITENOISE_USE_FINDERS); an existing,
        # empty STATIC_ROOT keeps WhiteNoise from warning about it on every start.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    from sikt.web.backup import PID_FILE
    from sikt.web.worker import recover_interrupted_runs, start_worker_thread
    from sikt.web.wsgi import application

    workers = args.workers or default_workers()
    if workers > 1 and importlib.util.find_spec("gunicorn") is None:
        # gunicorn runs on Unix only (and is installed only there): one waitress process.
        print(f"{workers} processes need gunicorn (Unix only); serving from one process")
        workers = 1
    pid_file = settings.SIKT_DATA_DIR / PID_FILE
    settings.SIKT_DATA_DIR.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(f"{os.getpid()}\n")
    atexit.register(_remove_pid_file, pid_file, os.getpid())
    interrupted = recover_interrupted_runs()
    if interrupted:
        print(f"{interrupted} background run(s) interrupted by the last stop marked as failed")
    processes = f"{workers} processes × {args.threads} threads" if workers > 1 else "one process"
    print(
        f"Sikt is running on http://{args.host}:{args.port}/ ({processes}; Ctrl+C stops it)",
        flush=True,
    )
    if not settings.CONFIG.is_production:
        print_demo_logins()
    if workers > 1:
        from sikt.web.serving import serve_processes

        serve_processes(
            application, host=args.host, port=args.port, workers=workers, threads=args.threads
        )
        return 0
    from waitress import serve

    start_worker_thread()
    serve(application, host=args.host, port=args.port, threads=args.threads, _quiet=True)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the fair background worker in the foreground, as a service of its own."""
    setup_django()
    from sikt.web.queue import FairWorker
    from sikt.web.worker import SERVE_WORKER_PREFIX, SERVICE_WORKER_PREFIX, recover_stale_runs

    if args.for_serve:
        _stop_with_parent(os.getppid())
        worker = FairWorker.named(SERVE_WORKER_PREFIX, 0.5, after_beat=recover_stale_runs)
    else:
        worker = FairWorker.named(
            SERVICE_WORKER_PREFIX, args.interval, after_beat=recover_stale_runs
        )
        print("Sikt's background worker is running (Ctrl+C stops it)", flush=True)
    worker.configure_signals()
    worker.run()
    return 0


def _stop_with_parent(parent: int) -> None:
    """End this process when ``sikt serve`` (its parent) is gone, however it ended: a worker
    left behind would run beside the next start's own (the queue must have one per server)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="sikt-parent-watch", daemon=True).start()


def _sqlite_database(settings: Any, command: str) -> Path:
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("sqlite3"):
        raise CommandError(
            f"sikt {command} handles the embedded SQLite database; this installation uses "
            f"{_describe_database(settings)}: use pg_dump/pg_restore (docs/drift.md, "
            "Säkerhetskopior) and copy SIKT_DATA_DIR"
        )
    return Path(db["NAME"])


def cmd_backup(args: argparse.Namespace) -> int:
    settings = setup_django()
    from sikt.web.backup import BackupError, make_backup

    database = _sqlite_database(settings, "backup")
    try:
        result = make_backup(database, settings.SIKT_DATA_DIR, Path(args.destination))
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    print(
        f"backup written to {result.path}: {result.rows} rows in {result.tables} tables, "
        f"{result.files} other file(s) from the data directory"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    settings = setup_django()
    from sikt.web.backup import BackupError, restore

    database = _sqlite_database(settings, "restore")
    try:
        result = restore(Path(args.backup), database, settings.SIKT_DATA_DIR)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    print(
        f"restored {result.rows} rows in {result.tables} tables and {result.files} file(s) "
        f"into {settings.SIKT_DATA_DIR}; the previous database was kept beside it "
        "(*.before-restore-*); integrity check ok"
    )
    return 0


def cmd_createorg(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from sikt.web.accounts import services

    try:
        organization = services.organization_create(
            actor=None,
            name=args.name,
            kind=args.kind,
            organization_number=args.org_number,
            municipality_code=args.code or "",
        )
        for committee in args.committee or []:
            services.committee_create(actor=None, organization=organization, name=committee)
    except ValidationError as exc:
        raise CommandError(_validation_line(exc)) from None
    print(f"created organisation {organization.name} (id {organization.pk})")
    return 0


def _validation_line(exc: Any) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


def cmd_createuser(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from sikt.web.accounts import services
    from sikt.web.accounts.models import Organization, Role

    roles = args.role or []
    valid_roles = {role.value for role in Role}
    for role in roles:
        if role not in valid_roles:
            raise CommandError(
                f"unknown role {role!r}; choose from {', '.join(sorted(valid_roles))}"
            )
    organization = None
    if args.org:
        organization = (
            Organization.objects.filter(municipality_code=args.org).first()
            or Organization.objects.filter(organization_number=args.org).first()
            or Organization.objects.filter(name=args.org).first()
        )
        if organization is None:
            raise CommandError(f"no organisation with code, number or name {args.org!r}")
    elif roles:
        raise CommandError("--role needs --org (the organisation the roles apply in)")
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("Password (empty: send a reset link later): ") or None
    try:
        with transaction.atomic():
            user = services.user_create(
                actor=None,
                username=args.username,
                password=password,
                email=args.email or "",
                is_superuser=args.system_admin,
            )
            for role in roles:
                assert organization is not None  # --role without --org was refused above
                services.membership_grant(
                    actor=None, user=user, organization=organization, role=role
                )
    except ValidationError as exc:
        raise CommandError(_validation_line(exc)) from None
    where = f" in {organization.name} as {', '.join(roles)}" if roles and organization else ""
    print(f"created user {user.username}{where}")
    return 0


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="run the web application",
        description="Serve Sikt over HTTP: with gunicorn from several processes (Unix), with "
        "the waitress WSGI server from one (--workers 1, and on Windows), and the background "
        "worker beside them. The database must be migrated (sikt migrate or sikt demo).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=0,
        help="web server processes (one per core, at most 4; 1: one waitress process)",
    )
    serve.add_argument("--threads", type=int, default=8, help="threads per process (8)")
    serve.set_defaults(handler=cmd_serve)

    worker = subparsers.add_parser(
        "worker",
        help="run the background worker as a service of its own",
        description="Run the queue of simulations, estimations and large imports (fair across "
        "organisations) without a web server; sikt serve already runs one in its own process.",
    )
    worker.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks at the queue (1)"
    )
    # Started by sikt serve with several processes: its worker id marks the runs as the
    # server's, and it stops when the server is gone.
    worker.add_argument("--for-serve", action="store_true", help=argparse.SUPPRESS)
    worker.set_defaults(handler=cmd_worker)

    demo = subparsers.add_parser(
        "demo",
        help="create the data directory, migrate and load the demo organisation",
        description="Create the data directory and database, apply migrations and load the "
        "fictional demo organisation Exempelby kommun with one user per role. Safe to run again.",
    )
    demo.set_defaults(handler=cmd_demo)

    migrate = subparsers.add_parser(
        "migrate",
        help="apply database migrations",
        description="Create or update the database tables (run after every upgrade).",
    )
    migrate.set_defaults(handler=cmd_migrate)

    createorg = subparsers.add_parser(
        "createorg",
        help="create an organisation (municipality, region, coordination association)",
        description="Create an organisation (tenant) and optionally its committees.",
    )
    createorg.add_argument("name", help="e.g. 'Uppsala kommun'")
    createorg.add_argument(
        "--kind",
        default="municipality",
        choices=["municipality", "region", "coordination_association"],
        help="kind of organisation (municipality)",
    )
    createorg.add_argument("--org-number", required=True, help="organisation number NNNNNN-NNNN")
    createorg.add_argument("--code", help="SCB municipality (4 digits) or region (2 digits) code")
    createorg.add_argument(
        "--committee", action="append", help="a committee to create (repeat for several)"
    )
    createorg.set_defaults(handler=cmd_createorg)

    createuser = subparsers.add_parser(
        "createuser",
        help="create a user with roles in an organisation",
        description="Create a user. The password is asked for (or read from standard input "
        "with --password-stdin); roles: coordinator, applicant, project_leader, "
        "management_group, steering_group, decision_maker, economist, analyst, viewer.",
    )
    createuser.add_argument("username")
    createuser.add_argument("--email")
    createuser.add_argument("--org", help="organisation code, number or name")
    createuser.add_argument("--role", action="append", help="role in --org (repeat for several)")
    createuser.add_argument(
        "--system-admin", action="store_true", help="make the user a system administrator"
    )
    createuser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    createuser.set_defaults(handler=cmd_createuser)

    backup = subparsers.add_parser(
        "backup",
        help="write a consistent backup of the SQLite database and the data directory",
        description="Snapshot the embedded SQLite database with SQLite's online backup API "
        "(safe while sikt serve runs) and copy the data directory beside it, with a manifest "
        "of checksums, into a new folder sikt-backup-YYYYMMDD-HHMMSS under DESTINATION. "
        "PostgreSQL: use pg_dump (docs/drift.md).",
    )
    backup.add_argument("destination", help="folder outside the data directory")
    backup.set_defaults(handler=cmd_backup)

    restore_parser = subparsers.add_parser(
        "restore",
        help="restore a backup written by sikt backup (with the server stopped)",
        description="Verify the backup (checksums, SQLite integrity), keep the current "
        "database aside, remove stale -wal/-shm files, and put the backup's database and "
        "data files in place. Refuses while sikt serve is running.",
    )
    restore_parser.add_argument("backup", help="a sikt-backup-YYYYMMDD-HHMMSS folder")
    restore_parser.set_defaults(handler=cmd_restore)

    check = subparsers.add_parser(
        "check",
        help="report configuration and database health",
        description="Validate the SIKT_* configuration, run Django's system checks, connect to "
        "the database and report unapplied migrations. Exit status 0 when all is well.",
    )
    check.set_defaults(handler=cmd_check)
