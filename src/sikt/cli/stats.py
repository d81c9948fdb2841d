"""``sikt stats …`` sub-commands: effect estimates, power and conversions from the command line.

Examples::

    sikt stats diff-means data.csv --outcome utfall --treatment insats
    sikt stats matching data.csv --outcome utfall --treatment insats \\
        --covariates alder,kon,betyg --caliper 0.2 --replace --neighbours 2 --json
    sikt stats matching data.csv --outcome utfall --treatment insats --covariates alder,inkomst \\
        --distance mahalanobis --caliper 0.2 --exact kon,kommun --ratio 2 --discard both
    sikt stats ipw data.csv --outcome utfall --treatment insats --covariates alder --estimand ATT
    sikt stats aipw data.csv --outcome utfall --treatment insats --covariates alder,kon
    sikt stats evalue --estimate 3.9 --ci 1.8,8.7
    sikt stats rosenbaum par.csv --treated exponerad --control kontroll
    sikt stats did panel.csv --outcome utfall --treatment insats --unit id --period ar
    sikt stats power --design rct --effect 0.3 --icc 0.05 --cluster-size 25
    sikt stats count --effect 0.8 --measure risk_ratio --baseline-risk 0.2 --target-size 400
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn

from sikt.cli import CommandError
from sikt.cli.stats_common import common, emit, fmt, names, pair, run
from sikt.cli.stats_observational import add_commands

HELP = "evaluation statistics: effect estimates, power and conversions (sikt.stats)"


def _one_line_error(parser: argparse.ArgumentParser) -> None:
    def error(message: str) -> NoReturn:
        print(f"{parser.prog}: {message}", file=sys.stderr)
        sys.exit(2)

    parser.error = error  # type: ignore[method-assign]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("stats", help=HELP, description=HELP)

    def show_help(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=show_help)
    sub = parser.add_subparsers(dest="stats_command", metavar="SUBCOMMAND")
    _one_line_error(parser)

    def add(name: str, help_text: str, *, data: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _one_line_error(p)
        if data:
            p.add_argument("data", metavar="DATA", help="CSV or XLSX file, one row per record")
            p.add_argument("--outcome", required=True, help="outcome column")
            p.add_argument("--level", type=float, default=0.95, help="confidence level")
            p.add_argument(
                "--drop-missing", action="store_true", help="leave out rows with empty cells"
            )
        p.add_argument("--json", action="store_true", help="print one JSON object")
        return p

    p = add("diff-means", "difference in means, randomised design (Welch)")
    p.add_argument("--treatment", required=True, help="0/1 column, 1 = intervention group")
    p.set_defaults(handler=_diff_means)

    p = add("regression", "regression adjustment (OLS, robust standard errors)")
    p.add_argument("--treatment", required=True, help="0/1 column, 1 = intervention group")
    p.add_argument("--covariates", required=True, type=names, help="comma-separated columns")
    p.add_argument("--se-type", default="HC2", help="classical, HC0–HC3 or cluster")
    p.add_argument("--cluster", help="cluster column (cluster-robust standard errors)")
    p.set_defaults(handler=_regression)

    p = add("did", "difference-in-differences on long data (two-way fixed effects)")
    p.add_argument("--treatment", required=True, help="0/1: group or status per period")
    p.add_argument("--unit", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--first-treated-period", help="first period under the initiative")
    p.set_defaults(handler=_did)

    p = add("before-after", "before–after in a single group (weakest design)")
    p.add_argument("--period", required=True)
    p.add_argument("--unit", help="pair measurements by this column")
    p.add_argument("--treatment", help="0/1 column: use only rows with 1 (intervention group)")
    p.add_argument("--before")
    p.add_argument("--after")
    p.set_defaults(handler=_before_after)

    p = add("earlier", "comparison with an earlier implementation's result")
    p.add_argument("--treatment", help="use only rows with treatment = 1")
    p.add_argument("--earlier-mean", type=float, required=True)
    p.add_argument("--earlier-n", type=int, required=True)
    p.add_argument("--earlier-sd", type=float)
    p.set_defaults(handler=_earlier)

    p = add("power", "power, sample size or minimum detectable effect", data=False)
    p.add_argument("data", nargs="?", metavar="DATA", help="(not used)")
    p.add_argument("--design", default="rct", help="rct, regression, matching, did, before_after")
    p.add_argument("--effect", type=float, help="standardised effect (Cohen's d or h)")
    p.add_argument("--p-treated", type=float, help="expected share with outcome, intervention")
    p.add_argument("--p-control", type=float, help="expected share with outcome, comparison")
    p.add_argument("--n", type=float, help="available individuals in the intervention group")
    p.add_argument("--power", type=float, default=0.8)
    p.add_argument("--alpha", type=float, default=0.05)
    p.add_argument("--ratio", type=float, default=1.0, help="controls per treated")
    p.add_argument("--icc", type=float, default=0.0)
    p.add_argument("--cluster-size", type=float, default=1.0)
    p.add_argument("--cluster-cv", type=float, default=0.0)
    p.add_argument("--r2", type=float, default=0.0)
    p.add_argument("--rho", type=float, default=0.0)
    p.add_argument("--periods-before", type=int, default=1)
    p.add_argument("--periods-after", type=int, default=1)
    p.set_defaults(handler=_power)

    p = add("count", "effect → change in number of people in a target group", data=False)
    p.add_argument("--effect", type=float, required=True)
    p.add_argument("--measure", required=True, help="risk_difference, risk_ratio, odds_ratio, …")
    p.add_argument("--baseline-risk", type=float, required=True)
    p.add_argument("--target-size", type=float, required=True)
    p.add_argument("--ci", type=pair, help="interval of the effect: LOW,HIGH")
    p.set_defaults(handler=_count)

    add_commands(add)


def _value(text: str | None) -> Any:
    if text is None:
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _diff_means(args: argparse.Namespace) -> int:
    from sikt.stats import diff_in_means

    r = run(diff_in_means, args.data, args.outcome, args.treatment, **common(args))
    return emit(r, args)


def _regression(args: argparse.Namespace) -> int:
    from sikt.stats import regression_adjustment

    r = run(
        regression_adjustment,
        args.data,
        args.outcome,
        args.treatment,
        args.covariates,
        se_type=args.se_type,
        cluster=args.cluster,
        **common(args),
    )
    return emit(r, args)


def _did(args: argparse.Namespace) -> int:
    from sikt.stats import difference_in_differences

    r = run(
        difference_in_differences,
        args.data,
        args.outcome,
        args.treatment,
        args.unit,
        args.period,
        first_treated_period=_value(args.first_treated_period),
        **common(args),
    )
    return emit(r, args)


def _before_after(args: argparse.Namespace) -> int:
    from sikt.stats import before_after

    r = run(
        before_after,
        args.data,
        args.outcome,
        args.period,
        unit=args.unit,
        before=_value(args.before),
        after=_value(args.after),
        treatment=args.treatment,
        **common(args),
    )
    return emit(r, args)


def _earlier(args: argparse.Namespace) -> int:
    from sikt.stats import compare_with_earlier

    r = run(
        compare_with_earlier,
        args.data,
        args.outcome,
        earlier_mean=args.earlier_mean,
        earlier_n=args.earlier_n,
        earlier_sd=args.earlier_sd,
        treatment=args.treatment,
        **common(args),
    )
    return emit(r, args)


def _power(args: argparse.Namespace) -> int:
    from sikt.stats import cohens_h, minimum_detectable_effect, power_for, sample_size

    effect = args.effect
    if effect is None and args.p_treated is not None and args.p_control is not None:
        if not (0 <= args.p_treated <= 1 and 0 <= args.p_control <= 1):
            raise CommandError("--p-treated and --p-control must lie in 0–1")
        effect = cohens_h(args.p_treated, args.p_control)
    opts = {
        "design": args.design,
        "alpha": args.alpha,
        "ratio": args.ratio,
        "icc": args.icc,
        "cluster_size": args.cluster_size,
        "cluster_cv": args.cluster_cv,
        "r2": args.r2,
        "rho": args.rho,
        "periods_before": args.periods_before,
        "periods_after": args.periods_after,
        "distribution": "normal" if args.effect is None and effect is not None else "t",
    }
    if effect is None and args.n is None:
        raise CommandError("give --effect (or --p-treated and --p-control), --n, or both")
    if effect is None:
        r = run(minimum_detectable_effect, args.n, power=args.power, **opts)
        what = "minimum detectable effect / minsta detekterbara effekt"
    elif args.n is None:
        r = run(sample_size, effect, power=args.power, **opts)
        what = "sample size / urvalsstorlek"
    else:
        r = run(power_for, effect, args.n, **opts)
        what = "power / styrka"
    d = r.to_dict()
    if args.json:
        print(json.dumps(d, ensure_ascii=False))
        return 0
    print(f"{what} — design {r.design}")
    for key in (
        "effect_size",
        "power",
        "alpha",
        "n_treated",
        "n_control",
        "n_total",
        "design_effect",
        "variance_factor",
        "clusters_treated",
        "clusters_control",
    ):
        if d[key] is not None:
            print(f"  {key:<18} {fmt(d[key])}")
    return 0


def _count(args: argparse.Namespace) -> int:
    from sikt.stats import change_in_count

    r = run(
        change_in_count,
        args.effect,
        measure=args.measure,
        baseline_risk=args.baseline_risk,
        target_group_size=args.target_size,
        ci=args.ci,
    )
    d = r.to_dict()
    if args.json:
        print(json.dumps(d, ensure_ascii=False))
        return 0
    print("Förändring i antal personer med utfallet / change in number of people with outcome")
    for key in ("change", "ci_low", "ci_high", "baseline_count", "expected_count"):
        if d[key] is not None:
            print(f"  {key:<16} {fmt(d[key])}")
    for c in r.caveats:
        print(f"  ! {c}")
    return 0
