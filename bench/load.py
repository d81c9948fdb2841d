"""Load benchmark: realistic users against ``sikt serve`` on loopback (issue 13, "Load").

Starts ``sikt serve`` as a subprocess on a free loopback port with a temporary ``SIKT_DATA_DIR``
(the embedded SQLite default, or ``--postgres`` for a fresh database ``bench_load`` on that
PostgreSQL server), seeded with ``sikt demo`` and then grown to ``--scale ORGS×INITIATIVES``
(default 20×500): the demo organisation gets running initiatives until it has INITIATIVES, and
ORGS − 1 more organisations get INITIATIVES each, with five years of monthly values, reports and
fund ledgers, written in bulk by ``bench/scale.py`` (the builder ``bench/followup_pages.py``
uses; ``ANALYZE`` after). So the demo's users log in as before, and the pages under load are
those of a 500-initiative organisation in a 20-organisation database. One decision of the demo
gets its decision material kept (the frozen PDF and DOCX that ``/beslutsunderlag/<id>/``
serves) unless the demo kept some, and the analyst gets a personal API token. Each role logs in
once through the login form (with its CSRF token); its virtual users share that session (a
login is a deliberately slow password hash, not what is measured). Each virtual user repeats its
role's pages for ``--seconds``:

* coordinator (``samordnare``): the portfolio, ``/rapporter/portfolj/``;
* project leader (``projektledare``): an initiative's follow-up page and one of its reports;
* steering group (``styrgrupp``): ``/uppfoljning/``;
* decision maker (``beslutsfattare``): the decision material from its frozen copy;
* API reader (``analytiker``, Bearer token): ``/api/v1/initiatives/``.

**Think time.** After each page a virtual user waits a random time, uniform between 1 and 5 s
(``--think 1,5``): a person reads a page before opening the next. This is locust's
``wait_time = between(1, 5)`` (``between(min, max)``, docs.locust.io, "Writing a locustfile",
``wait_time``), the range commonly used in locust scenarios. ``--think 0`` gives a closed loop
without think time: every user sends its next request as soon as the last is answered, a
saturation test whose 50 "users" are far more than 50 people.

First a baseline in the same run (one user, sequential, every page), then each ``--users``
count. Printed per page: requests, errors (any status but 200, or no answer), p50/p95/max ms and
requests/s, with the server's and the client's CPU seconds; then the break point — the smallest
user count where a page's p95 exceeds 200 ms or any request failed. If the largest ``--users``
count holds, the count is doubled until it breaks (up to ``--max-users``); if the smallest
breaks, halved. The machine, the dataset and the load average before and after are printed. The
figures are printed, never asserted (no test imports this file). The client's threads share the
machine with the server, so on a small machine the figures are a lower bound of what the server
alone would give.

    .venv/bin/python bench/load.py [--users 10,50] [--seconds 60] [--think 1,5 | --think 0] \\
        [--scale 20x500] [--postgres postgresql://postgres@127.0.0.1:5432/postgres] \\
        [--data-dir /tmp/sikt-load-sqlite] [--workers 2]

``--workers N`` serves from N web processes (``sikt serve --workers``; 1, the default here, is one
waitress process, as before); the server's CPU time then sums its processes.

``--data-dir`` keeps the dataset: a second run with the same directory (e.g. ``--think 0``
after the run with think time) measures it again without seeding and building it.

Measured figures (SQLite and PostgreSQL, with think time and without, with the load average):
docs/drift.md, "Last: många samtidiga användare".
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
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
BENCH = Path(__file__).resolve().parent
#: The PostgreSQL database the benchmark builds again each run (``--postgres``; ``--database``
#: names another, so that two benchmarks on one server do not drop each other's).
DATABASE = "bench_load"

#: Run inside the server's environment (Django set up) once the demo is seeded, with the bench
#: directory, ORGS, INITIATIVES and YEARS as arguments: picks the demo's pages (before the bulk
#: records exist), keeps decision material (the latest decision's when the demo kept none),
#: creates the analyst's API token, grows the database to the scale and prints what the
#: scenarios need.
PREPARE = """
import json
import sys
import time

import django

django.setup()
sys.path.insert(0, sys.argv[1])
orgs, initiatives, years = (int(value) for value in sys.argv[2:5])
from scale import analyze, build_organization

from sikt.web.accounts.models import Organization, User
from sikt.web.api.tokens import token_create
from sikt.web.demo import DEMO_ORGANIZATION
from sikt.web.followup.models import Measurement, ProgressReport
from sikt.web.initiatives.models import Decision, Initiative
from sikt.web.reports.archive import decision_documents_keep
from sikt.web.reports.models import StoredDocument

demo = Organization.objects.get(name=DEMO_ORGANIZATION)
kept = StoredDocument.objects.filter(decision__initiative__organization=demo, format="pdf")
if not kept.exists():
    decision = Decision.objects.filter(initiative__organization=demo).latest("pk")
    decision_documents_keep(decision=decision, actor=User.objects.get(username="samordnare"))
document = kept.latest("pk")
_, token = token_create(actor=User.objects.get(username="analytiker"), name="load benchmark")
report = ProgressReport.objects.filter(initiative__organization=demo).latest("pk")
started = time.perf_counter()
build_organization(demo, max(0, initiatives - demo.initiatives.count()), years)
for number in range(1, orgs):
    organization = Organization.objects.create(
        name=f"Kommun {number}",
        kind=Organization.Kind.MUNICIPALITY,
        organization_number=f"212000-{number:04d}",
    )
    build_organization(organization, initiatives, years)
analyze()
print(json.dumps({
    "document": document.pk,
    "document_bytes": document.size,
    "token": token,
    "initiative": report.initiative_id,
    "report": report.pk,
    "built_seconds": time.perf_counter() - started,
    "organizations": Organization.objects.count(),
    "initiatives": Initiative.objects.count(),
    "demo_initiatives": demo.initiatives.count(),
    "measurements": Measurement.objects.count(),
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


def sessions(port: int, roles: list[Role], token: str) -> dict[str, dict[str, str]]:
    """Each role's login (through the form), whose cookies its virtual users share."""
    cookies = {}
    for role in roles:
        client = Client(port, role, token)
        client.log_in()
        cookies[role.name] = dict(client.cookies)
        client.connection.close()
    return cookies


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (the value below which ``share`` of the requests finished)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the server has used so far: its own process, its live child
    processes (the web processes and the background worker of ``--workers N``) and those it
    has reaped (Linux ``/proc``)."""

    def times(stat: Path, children: bool) -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        first = 13 if children else 11  # cutime, cstime after utime, stime
        return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")

    total = times(Path(f"/proc/{pid}/stat"), False) + times(Path(f"/proc/{pid}/stat"), True)
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        # One that ended meanwhile is counted in the server's reaped children next time.
        with contextlib.suppress(OSError):
            total += times(Path(f"/proc/{child}/stat"), False)
    return total


def load_average() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


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


def baseline(
    port: int, roles: list[Role], token: str, cookies: dict[str, dict[str, str]], repeats: int
) -> dict[str, Sample]:
    """One user at a time, sequential requests: what each page costs without contention."""
    samples: dict[str, Sample] = {}
    lock = threading.Lock()
    for role in roles:
        client = Client(port, role, token)
        client.cookies = dict(cookies.get(role.name, {}))
        for path in role.paths:
            client.timed(path, {}, lock)  # warm-up (first import, template compilation)
            for _ in range(repeats):
                client.timed(path, samples, lock)
    return samples


def run_users(
    port: int,
    roles: list[Role],
    token: str,
    cookies: dict[str, dict[str, str]],
    users: int,
    seconds: float,
    think: tuple[float, float],
) -> tuple[dict[str, Sample], float]:
    """``users`` concurrent virtual users, the roles dealt round-robin, each waiting a think
    time (uniform in ``think``) after every page; users with think time start spread over the
    first think time, as people do not all click at once."""
    clients = [Client(port, roles[i % len(roles)], token) for i in range(users)]
    for client in clients:
        client.cookies = dict(cookies.get(client.role.name, {}))
    samples: dict[str, Sample] = {path: Sample() for role in roles for path in role.paths}
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def work(number: int, client: Client) -> None:
        chance = random.Random(number)
        if think[1]:
            time.sleep(chance.uniform(0, think[1]))
        while time.perf_counter() < deadline:
            for path in client.role.paths:
                client.timed(path, samples, lock)
                if think[1]:
                    time.sleep(chance.uniform(*think))
                if time.perf_counter() >= deadline:
                    break
        client.connection.close()

    threads = [
        threading.Thread(target=work, args=(number, client))
        for number, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - start


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


def database_url(server_url: str, name: str) -> str:
    """The URL of the database ``name`` on the PostgreSQL server of ``server_url``."""
    parts = urllib.parse.urlsplit(server_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def fresh_database(server_url: str, name: str) -> str:
    """Drop and create the database ``name`` on the PostgreSQL server; return its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return database_url(server_url, name)


def parse_scale(text: str) -> tuple[int, int]:
    orgs, _, initiatives = text.lower().replace("×", "x").partition("x")
    return int(orgs), int(initiatives)


def parse_think(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    return float(low), float(high or low)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="10,50", help="concurrent user counts (10,50)")
    parser.add_argument("--seconds", type=float, default=60, help="duration of each count (60)")
    parser.add_argument(
        "--think", default="1,5", help="think time MIN,MAX seconds after each page (1,5); 0: none"
    )
    parser.add_argument("--max-users", type=int, default=800, help="break-point search (800)")
    parser.add_argument("--baseline-requests", type=int, default=20, help="per page (20)")
    parser.add_argument(
        "--workers", type=int, default=1, help="sikt serve web processes (1: one waitress process)"
    )
    parser.add_argument("--threads", type=int, default=8, help="threads per process (8)")
    parser.add_argument("--scale", default="20x500", help="ORGS×INITIATIVES (20x500)")
    parser.add_argument("--years", type=int, default=5, help="years of monthly values (5)")
    parser.add_argument(
        "--postgres",
        help="PostgreSQL server URL instead of the embedded SQLite; the benchmark drops and "
        "creates the database --database on it",
    )
    parser.add_argument(
        "--database",
        default=DATABASE,
        help=f"name of the PostgreSQL database the benchmark drops and creates ({DATABASE})",
    )
    parser.add_argument(
        "--data-dir",
        help="keep the data directory (and the PostgreSQL database) here; a later run with the "
        "same directory measures the same dataset again instead of building it",
    )
    args = parser.parse_args()
    counts = sorted({int(n) for n in args.users.split(",")})
    think = parse_think(args.think)
    orgs, initiatives = parse_scale(args.scale)

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"before: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="sikt-load-") as scratch:
        data_dir = args.data_dir or scratch
        # Collected static files live here in production; the pages measured do not need them.
        (Path(data_dir) / "static").mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, SIKT_DATA_DIR=data_dir, SIKT_DEBUG="false", PYTHONUNBUFFERED="1")
        env.pop("SIKT_ENV", None)
        env.pop("SIKT_DATABASE_URL", None)
        env.setdefault("DJANGO_SETTINGS_MODULE", "sikt.web.settings")
        kept = Path(data_dir) / "prepared.json"
        if kept.exists():
            prepared = json.loads(kept.read_text())
            wanted = database_url(args.postgres, args.database) if args.postgres else "sqlite"
            scale = [orgs, initiatives, args.years]
            if (prepared["scale"], prepared["database"]) != (scale, wanted):
                sys.exit(f"{data_dir} holds another dataset; give another --data-dir")
            if args.postgres:
                env["SIKT_DATABASE_URL"] = database_url(args.postgres, args.database)
            sikt(env, "migrate")  # the code may have moved on since the dataset was built
            print(f"reused the dataset in {data_dir} (migrated)")
        else:
            if args.postgres:
                env["SIKT_DATABASE_URL"] = fresh_database(args.postgres, args.database)
            started = time.perf_counter()
            seeded = next(
                line
                for line in sikt(env, "demo").splitlines()
                if line.startswith("demo data ready")
            )
            print(f"{seeded} (seeded in {time.perf_counter() - started:.0f} s)")
            done = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    PREPARE,
                    str(BENCH),
                    str(orgs),
                    str(initiatives),
                    str(args.years),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                sys.exit(f"preparing the scenarios failed:\n{done.stderr}")
            prepared = json.loads(done.stdout.strip().splitlines()[-1])
            prepared["scale"] = [orgs, initiatives, args.years]
            prepared["database"] = env.get("SIKT_DATABASE_URL", "sqlite")
            if args.data_dir:
                kept.write_text(json.dumps(prepared))
        print(
            f"dataset: {prepared['organizations']} organisations, {prepared['initiatives']:,} "
            f"initiatives ({prepared['demo_initiatives']} in the demo organisation), "
            f"{prepared['measurements']:,} monthly values, {args.years} years; bulk-built in "
            f"{prepared['built_seconds']:.0f} s"
        )
        print(
            f"server: sikt serve --workers {args.workers} --threads {args.threads}, debug off; "
            "client: threads + http.client on the same machine; "
            f"frozen PDF {prepared['document_bytes']} bytes"
        )
        print(
            "think time: "
            + (f"uniform {think[0]:g}–{think[1]:g} s after each page" if think[1] else "none")
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
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
        held: int | None = None
        broke: int | None = None
        try:
            wait_until_up(server, port)
            token = str(prepared["token"])
            cookies = sessions(port, roles, token)
            samples = baseline(port, roles, token, cookies, args.baseline_requests)
            # Requests only: sequential, so the times add up.
            busy = sum(sum(sample.times) for sample in samples.values()) / 1000
            report("baseline: 1 user, sequential", samples, busy, names, sequential=True)

            def phase(users: int) -> bool:
                cpu, client_cpu = server_cpu(server.pid), time.process_time()
                samples, elapsed = run_users(
                    port, roles, token, cookies, users, args.seconds, think
                )
                broken = report(f"{users} users", samples, elapsed, names)
                print(
                    f"CPU: server {server_cpu(server.pid) - cpu:.1f} s, client "
                    f"{time.process_time() - client_cpu:.1f} s in {elapsed:.0f} s; "
                    f"{load_average()}"
                )
                return broken

            results = {users: phase(users) for users in counts}
            held = max((n for n, broken in results.items() if not broken), default=None)
            broke = min((n for n, broken in results.items() if broken), default=None)
            # Search outwards from the measured counts until both sides of the break are known.
            while broke is None and held is not None and held * 2 <= args.max_users:
                users = held * 2
                if phase(users):
                    broke = users
                else:
                    held = users
            while held is None and broke is not None and broke > 1:
                users = broke // 2
                if phase(users):
                    broke = users
                else:
                    held = users
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
    print(f"\nafter: {load_average()}")
    verdict = (
        f"{broke} users (held at {held})"
        if broke and held
        else f"{broke} users or fewer"
        if broke
        else f"not reached up to {held} users"
    )
    print(f"break point (p95 > {PAGE_P95_MS} ms or errors > 0): {verdict}")


if __name__ == "__main__":
    main()
