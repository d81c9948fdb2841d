"""``sikt stats`` commands for observational data: matching, inverse probability weighting,
the doubly robust estimator, and sensitivity analysis (E-value, Rosenbaum bounds)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from sikt.cli import CommandError
from sikt.cli.stats_common import common, emit, fmt, names, pair, run


def add_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Register the observational commands with ``add(name, help, data=True)``."""
    p = add("matching", "matching (ATT): propensity score or Mahalanobis, balance, sensitivity")
    p.add_argument("--treatment", required=True, help="0/1 column, 1 = intervention group")
    p.add_argument("--covariates", required=True, type=names, help="comma-separated columns")
    p.add_argument(
        "--neighbours", "--ratio", type=int, default=1, help="k controls per treated (k:1)"
    )
    p.add_argument("--replace", action="store_true", help="match with replacement")
    p.add_argument("--caliper", type=float, help="caliper in SDs of the logit score")
    p.add_argument("--distance", default="propensity", help="propensity (default) or mahalanobis")
    p.add_argument("--exact", type=names, default=[], help="columns to match exactly on")
    p.add_argument(
        "--discard", default="treated", help="outside common support: treated, control, both, none"
    )
    p.add_argument("--no-common-support", action="store_true", help="same as --discard none")
    p.add_argument(
        "--bias-adjust", action="store_true", help="regression bias adjustment (Abadie–Imbens)"
    )
    p.add_argument(
        "--se-method",
        default="ai2016",
        help="ai2016 (default: adjusted for the estimated score) or ai2006 (score as known)",
    )
    p.set_defaults(handler=_matching)

    for name, help_text, handler in (
        ("ipw", "inverse probability weighting (normalised weights), ATE or ATT", _ipw),
        ("aipw", "doubly robust: augmented inverse probability weighting, ATE or ATT", _aipw),
    ):
        p = add(name, help_text)
        p.add_argument("--treatment", required=True, help="0/1 column, 1 = intervention group")
        p.add_argument("--covariates", required=True, type=names, help="comma-separated columns")
        p.add_argument("--estimand", default="ATE", help="ATE (everyone) or ATT (participants)")
        p.add_argument("--trim", type=float, help="drop propensity scores outside [α, 1 − α]")
        p.set_defaults(handler=handler)

    p = add("evalue", "E-value: unmeasured confounding needed to explain an effect away",
            data=False)  # fmt: skip
    p.add_argument("--estimate", type=float, required=True)
    p.add_argument("--ci", type=pair, help="confidence interval: LOW,HIGH")
    p.add_argument(
        "--measure",
        default="risk_ratio",
        help="risk_ratio, odds_ratio (common outcome), rare_odds_ratio, smd, risk_difference",
    )
    p.add_argument("--se", type=float, help="standard error (for smd)")
    p.add_argument("--baseline-risk", type=float, help="risk without the initiative")
    p.set_defaults(handler=_evalue)

    p = add("rosenbaum", "Rosenbaum bounds for matched pairs (Wilcoxon signed-rank)", data=False)
    p.add_argument("data", metavar="DATA", help="CSV or XLSX file, one row per matched pair")
    p.add_argument("--treated", help="outcome column of the treated unit of each pair")
    p.add_argument("--control", help="outcome column of the control unit of each pair")
    p.add_argument("--difference", help="column of treated-minus-control differences")
    p.add_argument("--alpha", type=float, default=0.05)
    p.add_argument("--exact", action="store_true", help="exact distribution (≤ 50 pairs)")
    p.set_defaults(handler=_rosenbaum)


def _matching(args: argparse.Namespace) -> int:
    from sikt.stats import propensity_matching

    r = run(
        propensity_matching,
        args.data,
        args.outcome,
        args.treatment,
        args.covariates,
        neighbours=args.neighbours,
        replace=args.replace,
        caliper=args.caliper,
        distance=args.distance,
        exact=args.exact,
        discard="none" if args.no_common_support else args.discard,
        bias_adjust=args.bias_adjust,
        se_method=args.se_method,
        **common(args),
    )
    return emit(r, args)


def _ipw(args: argparse.Namespace) -> int:
    from sikt.stats import inverse_probability_weighting

    return _weighting(inverse_probability_weighting, args)


def _aipw(args: argparse.Namespace) -> int:
    from sikt.stats import doubly_robust

    return _weighting(doubly_robust, args)


def _weighting(func: Any, args: argparse.Namespace) -> int:
    r = run(
        func,
        args.data,
        args.outcome,
        args.treatment,
        args.covariates,
        estimand=args.estimand.upper(),
        trim=args.trim,
        **common(args),
    )
    return emit(r, args)


def _evalue(args: argparse.Namespace) -> int:
    from sikt.stats import e_value

    r = run(
        e_value,
        args.estimate,
        args.ci,
        measure=args.measure,
        se=args.se,
        baseline_risk=args.baseline_risk,
    )
    if args.json:
        print(json.dumps(r.to_dict(), ensure_ascii=False, allow_nan=False))
        return 0
    print(f"E-värde / E-value: {fmt(r.point)}")
    if r.ci_limit is not None:
        print(f"  för intervallet / for the interval: {fmt(r.ci_limit)}")
    print(f"  riskkvot / risk ratio: {fmt(r.risk_ratio)}")
    print(f"  {r.conversion}")
    print(f"  {r.text.sv}")
    print(f"  {r.text.en}")
    return 0


def _rosenbaum(args: argparse.Namespace) -> int:
    from sikt.stats import StatsInputError, load_frame, rosenbaum_bounds
    from sikt.stats.data import numeric_columns

    if args.difference is None and (args.treated is None or args.control is None):
        raise CommandError("give --difference, or --treated and --control")
    try:
        frame = load_frame(args.data)
        columns = [args.difference] if args.difference else [args.treated, args.control]
        cols = numeric_columns(frame, columns).frame
    except StatsInputError as exc:
        raise CommandError(str(exc.text)) from None
    diff = cols[args.difference] if args.difference else cols[args.treated] - cols[args.control]
    r = run(
        rosenbaum_bounds,
        diff.to_numpy(dtype=float),
        alpha=args.alpha,
        method="exact" if args.exact else "normal",
    )
    if args.json:
        print(json.dumps(r.to_dict(), ensure_ascii=False, allow_nan=False))
        return 0
    _print_rosenbaum(r)
    return 0


def _print_rosenbaum(r: Any) -> None:
    print(f"Rosenbaums gränser / Rosenbaum bounds ({r.pairs} par / pairs, T+ = {r.statistic:g})")
    print("  Γ       p övre / upper   p undre / lower")
    for row in r.table:
        print(f"  {row.gamma:<7g} {row.p_upper:<16.4f} {row.p_lower:.4f}")
    print(f"  {r.text.sv}")
    print(f"  {r.text.en}")
