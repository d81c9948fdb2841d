"""Helpers shared by the ``sikt stats`` command modules: argument types, running a core
function with one-line errors, and printing a result as a table or JSON."""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

from sikt.cli import CommandError


def names(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one column name")
    return names


def pair(value: str) -> tuple[float, float]:
    try:
        a, b = (float(v) for v in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("expected LOW,HIGH") from None
    return a, b


def run(func: Any, *args: Any, **kwargs: Any) -> Any:
    import numpy as np

    from sikt.stats import StatsInputError

    try:
        return func(*args, **kwargs)
    except StatsInputError as exc:
        raise CommandError(str(exc.text)) from None
    except (ValueError, np.linalg.LinAlgError) as exc:
        raise CommandError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None


def common(args: argparse.Namespace) -> dict[str, Any]:
    return {"level": args.level, "drop_missing": args.drop_missing}


def fmt(v: Any) -> str:
    if isinstance(v, float):
        return "–" if not math.isfinite(v) else f"{v:.4g}"
    return str(v)


def emit(result: Any, args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False))
        return 0
    pct = f"{result.level * 100:g} %"
    rows = [
        (f"Skattning / estimate ({result.estimand})", f"{result.estimate:.4g}"),
        ("Standardfel / SE", f"{result.se:.4g}"),
        (f"{pct} KI / CI", f"[{result.ci_low:.4g}, {result.ci_high:.4g}]"),
        ("p-värde / p-value", f"{result.p_value:.3g}"),
        ("n insats / kontroll (treated / control)", f"{result.n_treated} / {result.n_control}"),
    ]
    print(f"{result.method_name}")
    for label, value in rows:
        print(f"  {label:<42} {value}")
    sizes = getattr(result, "sample_sizes", None)
    if sizes is not None:
        print(
            f"  {'Använda / used (of total)':<42} {sizes.treated_used} av/of "
            f"{sizes.treated_total} / {sizes.control_used} av/of {sizes.control_total}"
        )
    balance = getattr(result, "balance", ())
    if balance:
        print("  Balans / balance: SMD före → efter (before → after)")
        width = max(len(b.covariate) for b in balance)
        for b in balance:
            print(f"    {b.covariate:<{width}}  {b.smd_before:+.3f} → {b.smd_after:+.3f}")
    if result.sensitivity is not None:
        print("  Känslighet för okända faktorer / sensitivity to unmeasured confounding:")
        for text in result.sensitivity.texts:
            print(f"    {text.sv}")
            print(f"    {text.en}")
    for c in result.caveats:
        print(f"  ! {c}")
    return 0
