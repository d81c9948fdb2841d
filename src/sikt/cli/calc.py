"""``sikt calc …`` sub-commands: run a case, validate it, list the example cases.

``sikt calc run CASE --draws 10000 --seed 1 --out result.json --out result.xlsx --out report.html``
renders every requested output in memory first and writes files only when all succeeded, so a
bad case never leaves partial output behind. Each command imports only what it needs (the
engine when it runs, openpyxl and jinja2 only for the outputs asked for), so the command starts
fast (``bench/calc_cli_start.py``).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from sikt.cli import CommandError

FORMATS = (".json", ".xlsx", ".html")
#: The most Monte Carlo draws a run may ask for (``sikt.calc.montecarlo.MAX_DRAWS``; kept here
#: as a number so ``sikt --help`` does not import the engine; a test checks they agree).
MAX_DRAWS = 1_000_000


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "calc", help="socio-economic calculation (samhällsekonomisk kalkyl)"
    )
    parser.set_defaults(handler=None)
    commands = parser.add_subparsers(dest="calc_command", metavar="CALC_COMMAND")

    run = commands.add_parser("run", help="calculate a case file (YAML/JSON) and write results")
    run.add_argument("case", type=Path, help="case file (.yaml, .yml or .json)")
    run.add_argument(
        "--draws",
        type=int,
        default=10_000,
        help="Monte Carlo draws: 0 (none) or 2 to 1000000 (default 10000)",
    )
    run.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    run.add_argument(
        "--perspective",
        default="organisation",
        help="perspective for the tornado (default organisation)",
    )
    run.add_argument(
        "--library", type=Path, help="unit-cost library CSV/XLSX (default: starter library)"
    )
    run.add_argument(
        "--out",
        type=Path,
        action="append",
        default=[],
        help="output .json, .xlsx or .html (repeatable)",
    )
    run.set_defaults(handler=_run)

    validate = commands.add_parser("validate", help="check a case file and report every problem")
    validate.add_argument("case", type=Path)
    validate.add_argument("--library", type=Path)
    validate.set_defaults(handler=_validate)

    examples = commands.add_parser("examples", help="list the example case files")
    examples.set_defaults(handler=_examples)


def _load(args: argparse.Namespace) -> tuple[Any, Any]:
    from sikt.calc import InputError, load_case, load_unit_cost_library

    try:
        library = load_unit_cost_library(args.library)
        return load_case(args.case, library), library
    except InputError as error:
        raise CommandError(_one_line(error)) from None


def _one_line(error: Any) -> str:
    issues = "; ".join(f"{i.path}: {i.message.sv} / {i.message.en}" for i in error.issues)
    return f"{error.source}: {issues}"


def _validate(args: argparse.Namespace) -> int:
    case, _ = _load(args)
    print(f"OK: {case.key} – {case.name}")
    return 0


def _examples(args: argparse.Namespace) -> int:
    from sikt.calc import example_case_paths

    for path in example_case_paths():
        print(path)
    return 0


def _run(args: argparse.Namespace) -> int:
    from sikt.calc import (
        propose_repayment_plan,
        run_deterministic,
        run_monte_carlo,
        run_sensitivity,
    )

    bad = [str(p) for p in args.out if p.suffix.lower() not in FORMATS]
    if bad:
        raise CommandError(
            "okänt utdataformat / unknown output format: "
            f"{', '.join(bad)} (use .json, .xlsx, .html)"
        )
    if args.draws != 0 and not 2 <= args.draws <= MAX_DRAWS:
        raise CommandError(
            "--draws ska vara 0 eller 2–1\u00a0000\u00a0000 / "
            "--draws must be 0 or between 2 and 1,000,000"
        )
    case, library = _load(args)
    result = run_deterministic(case, library)
    keys = [p.key for p in result.perspectives]
    if args.perspective not in keys:
        raise CommandError(
            f"okänt perspektiv / unknown perspective '{args.perspective}' "
            f"(one of {', '.join(keys)})"
        )
    monte_carlo = run_monte_carlo(case, args.draws, args.seed, library) if args.draws else None
    sensitivity = run_sensitivity(case, args.perspective, library)
    plan = propose_repayment_plan(case, result, library)
    rendered: dict[Path, bytes] = {}
    for path in args.out:
        suffix = path.suffix.lower()
        if suffix == ".json":
            import json

            payload = {
                "result": result.model_dump(mode="json"),
                "monte_carlo": monte_carlo.model_dump(mode="json") if monte_carlo else None,
                "sensitivity": sensitivity.model_dump(mode="json"),
                "repayment_plan": plan.model_dump(mode="json"),
            }
            try:  # strict JSON: a NaN or ∞ would make the file unreadable for other tools
                text = json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False)
            except ValueError:
                raise CommandError(
                    "resultatet innehåller tal som inte är ändliga / "
                    "the result holds non-finite numbers"
                ) from None
            rendered[path] = text.encode()
        elif suffix == ".xlsx":
            from sikt.calc.export.xlsx import workbook_bytes  # openpyxl only when asked for

            rendered[path] = workbook_bytes(case, result, library, monte_carlo, plan)
        else:
            from sikt.calc.export.html import report_html  # jinja2 only when asked for

            rendered[path] = report_html(case, result, monte_carlo, sensitivity, plan).encode()
    for path, data in rendered.items():
        _write_atomically(path, data)
    _print_summary(result, monte_carlo, plan)
    return 0


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        handle, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", suffix=".part")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp creates the file 0600; give the result the mode a plain write would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as error:
        raise CommandError(f"kan inte skriva / cannot write {path}: {error.strerror}") from None


def _print_summary(result: Any, monte_carlo: Any, plan: Any) -> None:
    from sikt.numbers import format_integer, format_money, format_percent

    print(f"{result.case_name} ({result.price_year} års priser / prices)")
    if monte_carlo is not None:
        print(f"  Monte Carlo: {format_integer(monte_carlo.draws)} dragningar / draws")
    for p in result.perspectives:
        line = f"  {p.name.sv:<32} NPV {format_money(p.npv):>16}"
        if monte_carlo is not None:
            chance = format_percent(monte_carlo.perspective(p.key).probability_positive, decimals=1)
            line += f"   P(NPV>0) {chance:>7}"
        print(line)
    print(f"  {plan.explanation.sv}")
