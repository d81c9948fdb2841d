"""Benchmark: wall time of ``sikt calc run`` (an example, 100 000 draws) and of ``sikt --help``.

Issue 8 item 12 asks for ≤ 1 s wall for that run; the simulation itself is a fraction of that, so
start-up (imports) decides. Prints the machine and its load, then the best and the median of
``REPEATS`` interleaved runs of each command as a fresh process, next to baselines measured in
the same run: an empty interpreter (``python -c pass``) and ``python -c "import numpy"`` (the
least any numpy program pays). Also prints, in this process, the time of the calculation alone
(deterministic result, tornado, repayment plan, Monte Carlo) and which heavy modules the run
imports. Not a test.

Run: ``uv run python bench/calc_cli_start.py``
"""

from __future__ import annotations

import importlib.util
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from sikt.calc import (
    example_case_paths,
    load_case,
    load_unit_cost_library,
    propose_repayment_plan,
    run_deterministic,
    run_monte_carlo,
    run_sensitivity,
)

REPEATS = 5
DRAWS = 100_000
EXAMPLE = next(p for p in example_case_paths() if p.stem == "placeringar-unga")
SIKT = [sys.executable, "-m", "sikt.cli"]
COMMANDS = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "python -c 'import numpy' (baseline)": [sys.executable, "-c", "import numpy"],
    "sikt --help": [*SIKT, "--help"],
    f"sikt calc run {EXAMPLE.stem} --draws {DRAWS}": [
        *SIKT,
        "calc",
        "run",
        str(EXAMPLE),
        "--draws",
        str(DRAWS),
    ],
}
HEAVY = ("scipy", "openpyxl", "jinja2", "django", "pandas", "statsmodels")


def measure(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of ``command`` as a fresh process. On a loaded
    machine the CPU time is what the command would take on an idle one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def heavy_imports() -> list[str]:
    """Top-level packages among :data:`HEAVY` that a run imports (``python -X importtime``)."""
    probe = subprocess.run(
        [sys.executable, "-X", "importtime", *COMMANDS[list(COMMANDS)[-1]][1:]],
        check=True,
        capture_output=True,
        text=True,
    )
    found = {line.split("|")[-1].strip().split(".")[0] for line in probe.stderr.splitlines()}
    return sorted(found & set(HEAVY))


def calculation_time() -> float:
    library = load_unit_cost_library()
    case = load_case(EXAMPLE, library)
    start = time.perf_counter()
    result = run_deterministic(case, library)
    run_sensitivity(case, "organisation", library)
    propose_repayment_plan(case, result, library)
    run_monte_carlo(case, DRAWS, 1, library)
    return time.perf_counter() - start


def bytecode() -> str:
    """Whether the installed packages have compiled bytecode (``dev.py`` asks ``uv sync`` for it;
    without it every start compiles numpy, pydantic … from source)."""
    cached = Path(importlib.util.cache_from_source(np.__file__)).exists()
    writes = "writes new .pyc" if not sys.dont_write_bytecode else "PYTHONDONTWRITEBYTECODE set"
    return f"{'compiled' if cached else 'NOT compiled'} for installed packages ({writes})"


def main() -> None:
    print(f"platform: {platform.platform()}  python {platform.python_version()}")
    print(f"bytecode: {bytecode()}")
    print(
        f"cpu count: {os.cpu_count()}  numpy {np.__version__}  "
        f"load average: {', '.join(f'{v:.1f}' for v in os.getloadavg())}"
    )
    times: dict[str, list[tuple[float, float]]] = {label: [] for label in COMMANDS}
    for _ in range(REPEATS):  # interleaved, so background load hits every figure alike
        for label, command in COMMANDS.items():
            times[label].append(measure(command))
    print(f"fresh process, best / median of {REPEATS} runs:{'wall':>22}{'CPU (user+sys)':>26}")
    for label, values in times.items():
        walls, cpus = [w for w, _ in values], [c for _, c in values]
        print(
            f"  {label:<52} {min(walls):6.2f} s {statistics.median(walls):6.2f} s"
            f"   {min(cpus):6.2f} s {statistics.median(cpus):6.2f} s"
        )
    run = times[list(COMMANDS)[-1]]
    numpy_start = times["python -c 'import numpy' (baseline)"]
    wall_ratio = min(w for w, _ in run) / min(w for w, _ in numpy_start)
    cpu_ratio = min(c for _, c in run) / min(c for _, c in numpy_start)
    print(f"calc run / numpy baseline (best): wall {wall_ratio:.1f}×  CPU {cpu_ratio:.1f}×")
    calculations = [calculation_time() for _ in range(3)]
    print(f"the calculation alone, in process (best of 3): {min(calculations):.2f} s")
    print(f"heavy packages the run imports: {', '.join(heavy_imports()) or 'none'}")


if __name__ == "__main__":
    main()
