#!/usr/bin/env python3
"""The two commands of the README's quick start, with nothing but Python >= 3.11 and pip.

    python3 dev.py start   install (from uv.lock), migrate, load the demo, serve on :8000
                           with debug off (--port N: another port)
    python3 dev.py test    every quality gate and the whole test suite, SQLite and PostgreSQL

Both first make ``.venv`` with the locked dependencies: pip installs uv into a fresh virtual
environment and uv installs exactly what ``uv.lock`` pins. ``.ci/run`` runs ``dev.py test``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
POSTGRES_URL = os.environ.get(
    "SIKT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def bootstrap() -> None:
    """Create .venv and install the locked dependencies (fast when already in place)."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("Sikt needs Python 3.11 or newer; this is " + sys.version.split()[0])
    if not (BIN / "uv").exists():
        say("creating .venv and installing uv with pip")
        if not (BIN / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(BIN / "python"), "-m", "pip", "install", "--quiet", "uv>=0.5"], check=True
        )
    say("installing the locked dependencies (uv sync --frozen)")
    env = dict(os.environ, UV_PROJECT_ENVIRONMENT=str(VENV), UV_PYTHON_DOWNLOADS="never")
    # --compile-bytecode: the installed packages get their .pyc files now, so `sikt` starts in
    # well under a second even where PYTHONDONTWRITEBYTECODE keeps Python from writing them
    # (without them every start compiles numpy, pydantic … again: bench/calc_cli_start.py).
    subprocess.run(
        [
            str(BIN / "uv"),
            "sync",
            "--frozen",
            "--compile-bytecode",
            "--python",
            str(BIN / "python"),
        ],
        check=True,
        cwd=ROOT,
        env=env,
    )


def start(args: list[str] | None = None) -> int:
    """Install, migrate, load the demo and serve with debug off (``--port N``, default 8000).

    Debug stays off so a newcomer sees Sikt's Swedish error pages, never Django's debug page
    listing every URL; set SIKT_DEBUG=true yourself to get it.
    """
    port = "8000"
    rest = list(args or [])
    while rest:
        flag = rest.pop(0)
        if flag == "--port" and rest and rest[0].isdigit():
            port = rest.pop(0)
        elif flag.startswith("--port=") and flag.split("=", 1)[1].isdigit():
            port = flag.split("=", 1)[1]
        else:
            print(f"unknown argument {flag!r}; usage: python3 dev.py start [--port N]")
            return 2
    bootstrap()
    os.environ.setdefault("SIKT_DEBUG", "false")
    say("migrating and loading the demo organisation (sikt demo)")
    subprocess.run([str(BIN / "sikt"), "demo"], check=True, cwd=ROOT)
    say(f"starting Sikt on http://127.0.0.1:{port}/")
    os.chdir(ROOT)
    os.execv(str(BIN / "sikt"), [str(BIN / "sikt"), "serve", "--port", port])
    return 0  # reached only if execv is replaced (tests)


def postgres_reachable() -> str | None:
    """None when PostgreSQL answers at POSTGRES_URL, else the reason it does not."""
    code = (
        "import sys, psycopg\n"
        "try:\n"
        "    psycopg.connect(sys.argv[1], connect_timeout=3).close()\n"
        "except Exception as exc:\n"
        "    print(str(exc).strip().splitlines()[0] if str(exc).strip() else exc); sys.exit(1)\n"
    )
    result = subprocess.run(
        [str(BIN / "python"), "-c", code, POSTGRES_URL], capture_output=True, text=True
    )
    return None if result.returncode == 0 else (result.stdout.strip() or "no answer")


def junit_counts(path: Path) -> tuple[int, int, int]:
    """(passed, failed, skipped) from a pytest JUnit XML file."""
    if not path.exists():
        return 0, 1, 0
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    tests = failed = skipped = 0
    for suite in suites:
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return tests - failed - skipped, failed, skipped


def test() -> int:
    bootstrap()
    ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    work = Path(tempfile.mkdtemp(prefix="sikt-test-"))
    (work / "data").mkdir()
    env = dict(os.environ, SIKT_DATA_DIR=str(work / "data"), PYTHONUNBUFFERED="1")
    env.pop("SIKT_DATABASE_URL", None)
    env["COVERAGE_FILE"] = str(work / ".coverage")
    failures: list[str] = []

    def run(label: str, args: list[str], extra_env: dict[str, str] | None = None) -> None:
        say(label)
        started = time.monotonic()
        result = subprocess.run(args, cwd=ROOT, env={**env, **(extra_env or {})})
        print(f"    ({label}: exit {result.returncode}, {time.monotonic() - started:.0f} s)")
        if result.returncode != 0:
            failures.append(label)

    tool = str(BIN / "python")
    run("ruff lint", [tool, "-m", "ruff", "check", "."])
    run("ruff format check", [tool, "-m", "ruff", "format", "--check", "."])
    run("mypy (strict for the cores, django-stubs for the web)", [tool, "-m", "mypy"])
    run("import contracts (lint-imports)", [str(BIN / "lint-imports")])

    run(
        "migrations are complete (makemigrations --check)",
        [tool, "-m", "django", "makemigrations", "--check", "--dry-run"],
        {"DJANGO_SETTINGS_MODULE": "sikt.web.settings"},
    )

    # One pytest worker per core (pytest-xdist; SIKT_TEST_WORKERS overrides): each worker gets
    # its own test database (pytest-django suffixes the name), tests are handed out as workers
    # free up, so the slow simulations and browser journeys do not queue behind each other.
    workers = os.environ.get("SIKT_TEST_WORKERS", "auto")
    pytest = [
        *[tool, "-m", "pytest", "-p", "no:cacheprovider"],
        *["-n", workers, "--dist", "worksteal"],
    ]
    # Coverage on request (SIKT_TEST_COVERAGE=1): measuring it slows the Python-heavy tests
    # (demo seeding, simulations) by about a fifth, which the 30-minute CI budget cannot carry.
    coverage = os.environ.get("SIKT_TEST_COVERAGE", "").lower() in {"1", "true", "yes"}
    measured = ["--cov=sikt", "--cov-branch", "--cov-report="] if coverage else []
    sqlite_xml = work / "sqlite.xml"
    run(
        "pytest, whole suite on SQLite (incl. slow statistics and browser tests)",
        [*pytest, *measured, f"--junitxml={sqlite_xml}"],
    )
    counts = [junit_counts(sqlite_xml)]

    reason = postgres_reachable()
    postgres_xml = work / "postgres.xml"
    if reason is None:
        run(
            f"pytest, database-backed suite on PostgreSQL ({POSTGRES_URL})",
            # The database-backed tests again, on PostgreSQL. Without coverage (the SQLite run
            # measures it when asked) and without the demo tests: seeding the whole demo is the
            # same Python on both databases and would double the run; the demo is seeded on
            # PostgreSQL by the steps it is made of, which the other tests cover.
            [*pytest, "tests/web", "-k", "not demo", f"--junitxml={postgres_xml}"],
            {
                "SIKT_DATABASE_URL": POSTGRES_URL,
                "SIKT_TEST_DATABASE_NAME": f"test_sikt_{os.getpid()}",
            },
        )
        counts.append(junit_counts(postgres_xml))
    elif ci:
        say(f"PostgreSQL at {POSTGRES_URL} is not reachable ({reason}); CI=true: failing")
        failures.append("PostgreSQL run")
    else:
        say(
            f"SKIPPED the PostgreSQL run: {POSTGRES_URL} is not reachable ({reason}). "
            "Set SIKT_TEST_POSTGRES_URL or start PostgreSQL; with CI=true this is an error."
        )

    if coverage:
        say("coverage")
        subprocess.run(
            [tool, "-m", "coverage", "report", "--skip-covered", "--sort=cover"],
            cwd=ROOT,
            env=env,
        )
    shutil.rmtree(work, ignore_errors=True)

    passed = sum(c[0] for c in counts)
    failed = sum(c[1] for c in counts)
    skipped = sum(c[2] for c in counts)
    say("summary: " + ("all gates green" if not failures else "FAILED: " + ", ".join(failures)))
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped", flush=True)
    return 1 if failures else 0


def main() -> int:
    commands = {"start": start, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    if sys.argv[1] == "start":
        return start(sys.argv[2:])
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    return commands[sys.argv[1]]()


if __name__ == "__main__":
    sys.exit(main())
