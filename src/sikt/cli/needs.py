"""``sikt needs …``: the needs analysis from the command line (sikt.analysis).

Examples::

    sikt needs define --store data/behov.duckdb --id N15419 --title "Gymnasiebehörighet" \\
        --unit % --higher-is-better
    sikt needs import --store data/behov.duckdb indikatorer.csv
    sikt needs flow placeringar.csv --secret-file org.key --reference-date 2024-12-31 --years 3
    sikt needs flow hdfs:///register/placeringar.parquet --pseudonymised \\
        --engine spark --master spark://kluster:7077
    sikt needs kolada search "behöriga till ett yrkesprogram"
    sikt needs kolada groups --title "Liknande kommuner"
    sikt needs kolada fetch --store data/behov/organisation-1.duckdb --kpi N15419 \\
        --municipality 0380 --years 2018-2024 --group G124026 --all-municipalities
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from sikt.cli import CommandError

HELP = "needs analysis: indicator store, imports and flow analysis (sikt.analysis)"


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("needs", help=HELP, description=HELP)

    def show_help(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=show_help)
    sub = parser.add_subparsers(dest="needs_command", metavar="SUBCOMMAND")

    p = sub.add_parser("define", help="add or update an indicator definition")
    p.add_argument("--store", required=True, type=Path, help="DuckDB file of the indicator store")
    p.add_argument("--id", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--unit", default="")
    p.add_argument("--higher-is-better", action="store_true")
    p.add_argument("--lower-is-better", action="store_true")
    p.add_argument("--source", default="")
    p.set_defaults(handler=_define)

    p = sub.add_parser("import", help="import indicator values (CSV/XLSX, long or wide)")
    p.add_argument("--store", required=True, type=Path)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=_import)

    p = sub.add_parser("flow", help="flow analysis of placements and interventions")
    p.add_argument("events", metavar="EVENTS", help="CSV/XLSX/Parquet file of events")
    p.add_argument("--reference-date", type=date.fromisoformat, default=date.today())
    p.add_argument("--years", type=int, default=3, help="follow back this many years")
    p.add_argument("--direct-days", type=int, default=7)
    p.add_argument(
        "--outcome",
        nargs="+",
        metavar="KIND",
        help="the placements followed: HVB, SiS, familjehem (family_home), jourhem "
        "(emergency_home); default HVB SiS",
    )
    p.add_argument("--threshold", type=int, default=5, help="suppress counts below (≥ 3)")
    secret = p.add_mutually_exclusive_group(required=True)
    secret.add_argument("--secret-file", type=Path, help="file with the organisation's secret")
    secret.add_argument(
        "--pseudonymised", action="store_true", help="the person column already holds pseudonyms"
    )
    p.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    p.add_argument("--master", default="local[2]", help="Spark master URL (with --engine spark)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=_flow)

    _register_kolada(sub)


def _register_kolada(sub: argparse._SubParsersAction[Any]) -> None:
    kolada = sub.add_parser(
        "kolada", help="Kolada (api.kolada.se/v3): search KPIs, list groups, fetch values"
    )
    kolada.set_defaults(handler=lambda _args: kolada.print_help() or 2)
    commands = kolada.add_subparsers(dest="kolada_command", metavar="SUBCOMMAND")
    p = commands.add_parser("search", help="KPIs whose title contains the words")
    p.add_argument("title")
    p.set_defaults(handler=_kolada_search)
    p = commands.add_parser("groups", help="groups of municipalities (liknande kommuner)")
    p.add_argument("--title", default=None, help="only groups whose title contains this")
    p.add_argument("--member", default=None, help="only groups with this municipality")
    p.set_defaults(handler=_kolada_groups)
    p = commands.add_parser("fetch", help="fetch KPI values into an indicator store")
    p.add_argument("--store", required=True, type=Path)
    p.add_argument("--kpi", action="append", required=True, help="KPI id (repeat for more)")
    p.add_argument(
        "--municipality", action="append", default=[], help="municipality code (repeatable)"
    )
    p.add_argument("--years", required=True, type=_years, help="e.g. 2018-2024 or 2022,2023")
    p.add_argument("--group", action="append", default=[], help="group id (repeatable)")
    p.add_argument(
        "--all-municipalities",
        action="store_true",
        help="all 290 municipalities too (ranking, national map)",
    )
    p.set_defaults(handler=_kolada_fetch)


def _years(text: str) -> list[int]:
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
            years = list(range(first, last + 1))
        else:
            years = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("years as 2018-2024 or 2022,2023") from None
    if not years or not all(1950 <= y <= 2100 for y in years):
        raise argparse.ArgumentTypeError("years as 2018-2024 or 2022,2023")
    return years


def _kolada_client() -> Any:
    from sikt.analysis.kolada import KoladaClient

    return KoladaClient()


def _kolada_errors(call: Any) -> Any:
    from sikt.analysis.kolada import KoladaError

    try:
        return call()
    except KoladaError as error:
        raise CommandError(str(error.message)) from None


def _kolada_search(args: argparse.Namespace) -> int:
    for kpi in _kolada_errors(lambda: _kolada_client().search_kpis(args.title)):
        published = kpi.publication_date.isoformat() if kpi.publication_date else "–"
        print(f"{kpi.id}\t{kpi.title}\t(publiceras {published})")
    return 0


def _kolada_groups(args: argparse.Namespace) -> int:
    for group in _kolada_errors(lambda: _kolada_client().groups(title=args.title)):
        if args.member and args.member not in group.members:
            continue
        print(f"{group.id}\t{group.title}\t({len(group.members)} kommuner)")
    return 0


def _kolada_fetch(args: argparse.Namespace) -> int:
    from sikt.analysis import kolada_store

    summary = _kolada_errors(
        lambda: kolada_store.fetch(
            _kolada_client(),
            _store(args.store),
            kpis=args.kpi,
            areas=args.municipality,
            years=args.years,
            group_ids=args.group,
            all_municipalities=args.all_municipalities,
        )
    )
    print(
        f"{', '.join(summary.indicators)}: {summary.values} värden för {summary.areas} områden"
        f" ({summary.unpublished} ej publicerade); grupper: {', '.join(summary.groups) or '–'}."
        " Källa: Kolada"
    )
    return 0


def _store(path: Path) -> Any:
    from sikt.analysis.store import IndicatorStore

    return IndicatorStore(path)


def _define(args: argparse.Namespace) -> int:
    from sikt.analysis.store import IndicatorDefinition

    better = True if args.higher_is_better else (False if args.lower_is_better else None)
    _store(args.store).define(
        [IndicatorDefinition(args.id, args.title, args.unit, better, args.source)]
    )
    print(f"{args.id}: {args.title}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from sikt.analysis.importers import ImportRejected, import_indicator_values

    store = _store(args.store)
    for path in args.files:
        try:
            summary = import_indicator_values(store, path.name, path.read_bytes())
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        except ImportRejected as rejected:
            for issue in rejected.issues:
                print(issue)
            raise CommandError(
                f"{path.name}: {rejected.total} fel, inget importerat / "
                f"{rejected.total} problems, nothing imported",
                code=1,
            ) from None
        print(
            f"{path.name}: {summary.rows} värden, indikatorer {', '.join(summary.indicators)}, "
            f"{summary.areas} områden, år {', '.join(map(str, summary.periods))}"
        )
    return 0


def _events_table(args: argparse.Namespace) -> Any:
    import ibis

    if args.engine == "spark":
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.master(args.master).appName("sikt-needs-flow").getOrCreate()
        if not args.pseudonymised:
            raise CommandError("--engine spark reads registers that are already pseudonymised")
        frame = spark.read.parquet(args.events)
        frame.createOrReplaceTempView("sikt_events")
        return ibis.pyspark.connect(spark).table("sikt_events")
    from sikt.analysis.events import read_events
    from sikt.analysis.importers import ImportRejected

    path = Path(args.events)
    try:
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            table = pq.read_table(path)
        else:
            secret = None if args.pseudonymised else args.secret_file.read_bytes().strip()
            table = read_events(path.name, path.read_bytes(), secret=secret)
    except OSError as exc:
        raise CommandError(f"{exc.filename}: {exc.strerror}") from None
    except ImportRejected as rejected:
        for issue in rejected.issues:
            print(issue)
        raise CommandError(f"{path.name}: {rejected.total} fel / problems", code=1) from None
    return ibis.duckdb.connect().create_table("events", table)


def _flow(args: argparse.Namespace) -> int:
    from sikt.analysis.flow import DEFAULT_OUTCOME, KINDS, PLACEMENTS, FlowSettings
    from sikt.analysis.flow_results import run

    names = {name.casefold(): kind for kind in PLACEMENTS for name in (kind, KINDS[kind])}
    given = args.outcome or DEFAULT_OUTCOME
    unknown = [name for name in given if name.casefold() not in names]
    if unknown:
        raise CommandError(
            f"--outcome: {', '.join(unknown)} is not a placement; choose among "
            f"{', '.join(KINDS[kind] for kind in PLACEMENTS)}"
        )
    chosen = {names[name.casefold()] for name in given}
    settings = FlowSettings(
        args.reference_date,
        args.years,
        direct_days=args.direct_days,
        outcome_kinds=tuple(kind for kind in PLACEMENTS if kind in chosen),
    )
    try:
        result = run(_events_table(args), settings, threshold=args.threshold)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        print(json.dumps(asdict(result), default=str, ensure_ascii=False, indent=2))
        return 0
    shown = lambda value: "–" if value is None else str(value)  # noqa: E731
    print(f"Omplaceringar: {shown(result.replacements)} (värden under {result.threshold} döljs)")
    for group in result.groups:
        share = "–" if group.share is None else f"{group.share:.0%}"
        helped = "" if group.key == "direct" else f", med öppenvård {shown(group.with_outpatient)}"
        print(f"  {group.label}: {shown(group.n)} ({share}){helped}")
    print("Vanligaste förlopp:")
    for pattern in result.patterns[:10]:
        print(f"  {' → '.join(KINDS.get(k, k) for k in pattern.steps)}: {pattern.n}")
    return 0
