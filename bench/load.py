"""Load benchmark: realistic users against ``sikt serve`` on loopback (issue 13, "Load").

Starts ``sikt serve`` as a subprocess on a free loopback port with a temporary ``SIKT_DATA_DIR``
(the embedded SQLite default, or ``--database-url`` for PostgreSQL), seeded with ``sikt demo``.
One decision of the demo gets its decision material kept (the frozen PDF and DOCX that
``/beslutsunderlag/<id>/`` serves) unless the demo kept some, and the analyst gets a
personal API token. Each virtual user logs in through the login form (with its CSRF token) as
one demo role and repeats that role's pages for ``--seconds``:

* coordinator (``samordnare``): the portfolio, ``/rapporter/portfolj/``;
* project leader (``projektledare``): an initiative's follow-up page and one of its reports;
* steering group (``styrgrupp``): ``/uppfoljning/``;
* decision maker (``beslutsfattare``): the decision material from its frozen copy;
* API reader (``analytiker``, Bearer token): ``/api/v1/initiatives/``.

First a baseline in the same run (one user, sequential, every page), then each ``--users``
count. Printed per page: requests, errors (any status but 200, or no answer), p50/p95/max ms and
requests/s; then the break point — the smallest user count where a page's p95 exceeds 200 ms or
any request failed. The figures are printed, never asserted (no test imports this file). The
client's threads share the machine with the server, so on a small machine the figures are a
lower bound of what the server alone would give.

    .venv/bin/python bench/load.py [--users 10,50] [--seconds 20] \\
        [--database-url postgresql://postgres@127.0.0.1:5432/sikt_load]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

PAGE_P95_MS = 200
PASSWORD = "sikt-demo-2026"
HOST = "127.0.0.1"

#: Run inside the server's environment (Django set up) once the demo is seeded: finds kept
#: decision material (or keeps the latest decision's when the demo kept none), creates the
#: analyst's API token and picks the project leader's pages; prints what the scenarios need.
PREPARE = """
import json
import django

django.setup()
from sikt.web.accounts.models import User
from sikt.web.api.tokens import token_create
from sikt.web.demo import DEMO_ORGANIZATION
from sikt.web.followup.models import ProgressReport
from sikt.web.initiatives.models import Decision
from sikt.web.reports.archive import decision_documents_keep
from sikt.web.reports.models import StoredDocument

kept = StoredDocument.objects.filter(
    decision__initiative__organization__name=DEMO_ORGANIZATION, format="pdf"
)
if not kept.exists():
    decision = Decision.objects.filter(
        initiative__organization__name=DEMO_ORGANIZATION
    ).latest("pk")
    decision_documents_keep(decision=decision, actor=User.objects.get(username="samordnare"))
document = kept.latest("pk")
_, token = token_create(actor=User.objects.get(username="analytiker"), name="load benchmark")
report = ProgressReport.objects.filter(
    initiative__organization__name=DEMO_ORGANIZATION
).latest("pk")
print(json.dumps({
    "document": document.pk,
    "document_bytes": document.size,
    "token": token,
    "initiative": report.initiative_id,
    "report": report.pk,
}))
"""


@dataclass(frozen=True)
class Role:
    """A kind of virtual user: who logs in (or which token) and which pages it repeats."""

    name: str
    username: str
    paths: tuple[str, ...]
    api: bool = False


@dataclass
class Sample:
    """Response times (ms) and failures of one page."""

    times: list[float] = field(default_factory=list)
    errors: int = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def roles_for(prepared: dict[str, object]) -> list[Role]:
    return [
        Role("coordinator", "samordnare", ("/rapporter/portfolj/",)),
        Role(
            "project leader",
            "projektledare",
            (
                f"/uppfoljning/satsningar/{prepared['initiative']}/",
                f"/uppfoljning/rapporter/{prepared['report']}/",
            ),
        ),
        Role("steering group", "styrgrupp", ("/uppfoljning/",)),
        Role("decision maker", "beslutsfattare", (f"/beslutsunderlag/{prepared['document']}/",)),
        Role("API reader", "analytiker", ("/api/v1/initiatives/",), api=True),
    ]


class Client:
    """One virtual user: a kept-alive connection, its cookies, and how it authenticates."""

    def __init__(self, port: int, role: Role, token: str) -> None:
        self.port = port
        self.role = role
        self.token = token
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(
        self, method: str, path: str, body: str | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.role.api:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            # A dropped keep-alive connection: reconnect once for the next request.
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), content

    def log_in(self) -> None:
        """The login form as a browser fills it in: GET for the CSRF token, then POST."""
        if self.role.api:
            return
        status, _, page = self.request("GET", "/konto/logga-in/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or match is None:
            raise RuntimeError(f"login form not served ({status})")
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": match.group(1).decode(),
                "username": self.role.username,
                "password": PASSWORD,
            }
        )
        status, _, _ = self.request("POST", "/konto/logga-in/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {self.role.username} failed ({status})")

    def timed(self, path: str, samples: dict[str, Sample], lock: threading.Lock) -> None:
        start = time.perf_counter()
        try:
            status, _, _ = self.request("GET", path)
        except (OSError, http.client.HTTPException):
            status = 0
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            sample = samples.setdefault(path, Sample())
            sample.times.append(elapsed)
            if status != 200:
                sample.errors += 1


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (the value below which ``share`` of the requests finished)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def report(
    title: str,
    samples: dict[str, Sample],
    seconds: float,
    names: dict[str, str],
    sequential: bool = False,
) -> bool:
    """Print one phase; True when it breaks the target (a p95 over 200 ms or any error).

    ``sequential``: one request at a time, so a page's rate is its count over its own time.
    """
    print(f"\n{title} ({seconds:.1f} s of requests)")
    print(
        f"{'page':<44} {'req':>6} {'err':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7}"
    )
    broken = False
    total = 0
    for path, sample in samples.items():
        count = len(sample.times)
        total += count
        p50 = statistics.median(sample.times) if count else 0.0
        p95 = percentile(sample.times, 0.95) if count else 0.0
        top = max(sample.times, default=0.0)
        broken = broken or p95 > PAGE_P95_MS or sample.errors > 0
        label = f"{names[path]} {path}"
        rate = count / (sum(sample.times) / 1000 if sequential else seconds)
        print(
            f"{label:<44} {count:>6} {sample.errors:>5} {p50:>8.0f} {p95:>8.0f} {top:>8.0f} "
            f"{rate:>7.1f}"
        )
    print(f"{'all pages':<44} {total:>6} {'':>5} {'':>8} {'':>8} {'':>8} {total / seconds:>7.1f}")
    return broken


def baseline(port: int, roles: list[Role], token: str, repeats: int) -> dict[str, Sample]:
    """One user at a time, sequential requests: what each page costs without contention."""
    samples: dict[str, Sample] = {}
    lock = threading.Lock()
    for role in roles:
        client = Client(port, role, token)
        client.log_in()
        for path in role.paths:
            client.timed(path, {}, lock)  # warm-up (first import, template compilation)
            for _ in range(repeats):
                client.timed(path, samples, lock)
    return samples


def run_users(
    port: int, roles: list[Role], token: str, users: int, seconds: float
) -> tuple[dict[str, Sample], float, int]:
    """``users`` concurrent virtual users, the roles dealt round-robin; logged in before timing."""
    clients = [Client(port, roles[i % len(roles)], token) for i in range(users)]
    login_errors = 0
    for client in clients:
        try:
            client.log_in()
        except (RuntimeError, OSError, http.client.HTTPException):
            login_errors += 1
    samples: dict[str, Sample] = {path: Sample() for role in roles for path in role.paths}
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def work(client: Client) -> None:
        while time.perf_counter() < deadline:
            for path in client.role.paths:
                client.timed(path, samples, lock)

    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - start, login_errors


def sikt(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "sikt.cli", *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"sikt {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def wait_until_up(server: subprocess.Popen[bytes], port: int) -> None:
    for _ in range(600):
        if server.poll() is not None:
            sys.exit(f"sikt serve stopped with code {server.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit("sikt serve did not start within a minute")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="10,50", help="concurrent user counts (10,50)")
    parser.add_argument("--seconds", type=float, default=20, help="duration of each count (20)")
    parser.add_argument("--baseline-requests", type=int, default=20, help="per page (20)")
    parser.add_argument("--threads", type=int, default=8, help="sikt serve worker threads (8)")
    parser.add_argument("--database-url", help="PostgreSQL instead of the embedded SQLite")
    args = parser.parse_args()
    counts = sorted({int(n) for n in args.users.split(",")})

    with tempfile.TemporaryDirectory(prefix="sikt-load-") as data_dir:
        # Collected static files live here in production; the pages measured do not need them.
        (Path(data_dir) / "static").mkdir()
        env = dict(os.environ, SIKT_DATA_DIR=data_dir, SIKT_DEBUG="false", PYTHONUNBUFFERED="1")
        env.pop("SIKT_ENV", None)
        env.pop("SIKT_DATABASE_URL", None)
        if args.database_url:
            env["SIKT_DATABASE_URL"] = args.database_url
        env.setdefault("DJANGO_SETTINGS_MODULE", "sikt.web.settings")
        started = time.perf_counter()
        seeded = next(
            line for line in sikt(env, "demo").splitlines() if line.startswith("demo data ready")
        )
        done = subprocess.run(
            [sys.executable, "-c", PREPARE], env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            sys.exit(f"preparing the scenarios failed:\n{done.stderr}")
        prepared = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"machine: {platform.platform()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}"
        )
        print(f"{seeded} (seeded in {time.perf_counter() - started:.0f} s)")
        print(
            f"server: sikt serve --threads {args.threads}, debug off; "
            "client: threads + http.client on the same machine; "
            f"frozen PDF {prepared['document_bytes']} bytes"
        )
        roles = roles_for(prepared)
        names = {path: role.name for role in roles for path in role.paths}
        port = free_port()
        server_log = Path(data_dir) / "serve.log"
        log_file = server_log.open("w")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sikt.cli",
                "serve",
                "--host",
                HOST,
                "--port",
                str(port),
                "--threads",
                str(args.threads),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
        try:
            wait_until_up(server, port)
            token = str(prepared["token"])
            samples = baseline(port, roles, token, args.baseline_requests)
            # Requests only (not the logins between them): sequential, so the times add up.
            busy = sum(sum(sample.times) for sample in samples.values()) / 1000
            report("baseline: 1 user, sequential", samples, busy, names, sequential=True)
            break_point = None
            for users in counts:
                samples, elapsed, login_errors = run_users(port, roles, token, users, args.seconds)
                broken = report(f"{users} concurrent users", samples, elapsed, names)
                if login_errors:
                    print(f"login failures: {login_errors}")
                if (broken or login_errors) and break_point is None:
                    break_point = users
        finally:
            server.terminate()
            server.wait(timeout=30)
            log_file.close()
        log = server_log.read_text(errors="replace").splitlines()
    # waitress warns when requests wait for a free worker thread: the server was saturated.
    queued = [line for line in log if "Task queue depth" in line]
    if queued:
        print(f"\nserver saturated: {len(queued)} waitress 'Task queue depth' warnings")
    other = [line for line in log if "Task queue depth" not in line]
    if other:
        print("server log (last lines):", *other[-10:], sep="\n  ")
    print(
        f"\nbreak point (p95 > {PAGE_P95_MS} ms or errors > 0): "
        + (f"{break_point} users" if break_point else f"not reached up to {counts[-1]} users")
    )


if __name__ == "__main__":
    main()
