"""Single-group designs: before–after, and comparison with an earlier implementation.

Both lack a concurrent comparison group and carry strong caveats. The before–after design is
the weakest comparison alternative (Shadish, Cook & Campbell 2002, ch. 4: maturation, history,
regression to the mean and testing all masquerade as effects).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sikt.stats import caveats as cv
from sikt.stats.data import (
    StatsInputError,
    _rows_text,
    check_binary,
    dropped_caveat,
    load_frame,
    numeric_columns,
    parse_level,
)
from sikt.stats.means import _welch
from sikt.stats.results import EffectResult, interval
from sikt.text import Text

__all__ = ["before_after", "compare_with_earlier"]


def before_after(
    data: Any,
    outcome: str,
    period: str,
    *,
    unit: str | None = None,
    before: Any = None,
    after: Any = None,
    treatment: str | None = None,
    level: float = 0.95,
    drop_missing: bool = False,
) -> EffectResult:
    """Change in mean outcome from ``before`` to ``after`` in a single group – the weakest design.

    With ``treatment`` (a 0/1 column) only the rows with treatment = 1 are used.

    ``period`` holds two values (the smallest is "before" unless ``before``/``after`` are
    given). With ``unit`` the measurements are paired per individual (paired t-test on the
    differences; units measured only once are left out); without it the two periods are
    compared as independent samples (Welch). Every change over time – trends, maturation,
    regression to the mean, other initiatives – is attributed to the initiative.
    """
    level = parse_level(level)
    frame = load_frame(data)
    keys = [period] + ([unit] if unit else [])
    numeric = [outcome] + ([treatment] if treatment else [])
    cols = numeric_columns(frame, numeric, keys=keys, drop_missing=drop_missing)
    df_ = cols.frame
    if treatment:
        df_ = df_[check_binary(df_, treatment) == 1]
    values = list(dict.fromkeys(df_[period].tolist()))
    if before is None and after is None:
        if len(values) != 2:
            raise StatsInputError(
                Text(
                    sv=f"Kolumnen '{period}' måste ha exakt två värden (före och efter); den har "
                    f"{len(values)}.",
                    en=f"Column '{period}' must have exactly two values (before and after); it "
                    f"has {len(values)}.",
                ),
                column=period,
            )
        before, after = _order_periods(values, period)
    for v in (before, after):
        if v not in values:
            raise StatsInputError(
                Text(
                    sv=f"Värdet {v!r} finns inte i kolumnen '{period}'.",
                    en=f"The value {v!r} does not occur in column '{period}'.",
                ),
                column=period,
            )
    pre = df_[df_[period] == before]
    post = df_[df_[period] == after]
    notes: list[Text] = []
    if unit:
        for part in (pre, post):
            dup = part[unit].duplicated(keep=False).to_numpy()
            if dup.any():
                _raise_duplicates(part, unit, period, dup)
        merged = pre[[unit, outcome]].merge(post[[unit, outcome]], on=unit, suffixes=("_0", "_1"))
        lost = len(pre) + len(post) - 2 * len(merged)
        if lost:
            notes.append(
                Text(
                    sv=f"{lost} mätningar saknade en motsvarande mätning för samma enhet och "
                    "uteslöts.",
                    en=f"{lost} measurements had no matching measurement for the same unit and "
                    "were left out.",
                )
            )
        d = (merged[f"{outcome}_1"] - merged[f"{outcome}_0"]).to_numpy(dtype=float)
        if d.size < 2:
            raise StatsInputError(
                Text(
                    sv=f"Färre än 2 enheter i '{unit}' har mätningar både före och efter.",
                    en=f"Fewer than 2 units in '{unit}' have measurements both before and after.",
                ),
                column=unit,
            )
        est, se, df = float(d.mean()), float(d.std(ddof=1) / math.sqrt(d.size)), float(d.size - 1)
        n1 = n0 = int(d.size)
        name = Text(sv="Före–efter (parat t-test)", en="Before–after (paired t-test)")
    else:
        y1 = post[outcome].to_numpy(dtype=float)
        y0 = pre[outcome].to_numpy(dtype=float)
        for n, lbl in ((y1.size, after), (y0.size, before)):
            if n < 2:
                raise StatsInputError(
                    Text(
                        sv=f"Perioden {lbl!r} i '{period}' har {n} rader; minst 2 behövs.",
                        en=f"Period {lbl!r} in '{period}' has {n} rows; at least 2 are needed.",
                    ),
                    column=period,
                )
        est, se, df = _welch(y1, y0)
        n1, n0 = int(y1.size), int(y0.size)
        name = Text(sv="Före–efter (oberoende mätningar)", en="Before–after (independent samples)")
    lo, hi, p = interval(est, se, level, df)
    return EffectResult(
        method="before_after",
        method_name=name,
        estimate=est,
        se=se,
        ci_low=lo,
        ci_high=hi,
        level=level,
        p_value=p,
        n_treated=n1,
        n_control=n0,
        df=df,
        estimand="change",
        caveats=(cv.BEFORE_AFTER, *notes, *dropped_caveat(cols.dropped_rows)),
        details={"before": _plain(before), "after": _plain(after), "paired": unit is not None},
    )


BEFORE_LABELS = {"före", "fore", "pre", "before", "baseline", "start", "innan"}
AFTER_LABELS = {"efter", "post", "after", "uppföljning", "follow-up", "followup", "slut"}


def _order_periods(values: list[Any], period: str) -> tuple[Any, Any]:
    """Which of two period values is "before": the smaller number/date, or a known label."""
    labels = [str(v).strip().lower() for v in values]
    if labels[0] in AFTER_LABELS or labels[1] in BEFORE_LABELS:
        return values[1], values[0]
    if labels[0] in BEFORE_LABELS or labels[1] in AFTER_LABELS:
        return values[0], values[1]
    if all(isinstance(v, str) for v in values):
        raise StatsInputError(
            Text(
                sv=f"Ange vilket värde i '{period}' som är före och vilket som är efter "
                f"({values[0]!r} eller {values[1]!r}).",
                en=f"Say which value of '{period}' is before and which is after "
                f"({values[0]!r} or {values[1]!r}).",
            ),
            column=period,
        )
    first, second = sorted(values)
    return first, second


def _plain(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


def _raise_duplicates(part: Any, unit: str, period: str, dup: Any) -> None:
    rows = list(part.index[dup])
    sv_rows, en_rows = _rows_text(rows)
    raise StatsInputError(
        Text(
            sv=f"Samma enhet förekommer flera gånger i samma period (kolumnerna '{unit}' × "
            f"'{period}') på rad {sv_rows}.",
            en=f"The same unit occurs more than once in the same period (columns '{unit}' × "
            f"'{period}') in row(s) {en_rows}.",
        ),
        column=unit,
        rows=rows,
    )


def compare_with_earlier(
    data: Any,
    outcome: str,
    *,
    earlier_mean: float,
    earlier_n: int,
    earlier_sd: float | None = None,
    treatment: str | None = None,
    level: float = 0.95,
    drop_missing: bool = False,
) -> EffectResult:
    """Current group's mean outcome minus the result of an earlier implementation.

    The earlier implementation is given by summary figures (mean, standard deviation and
    number of individuals, e.g. from its evaluation report); ``earlier_sd`` may be left out for
    a 0/1 outcome (then ``sqrt(p(1 − p))``). With ``treatment`` only rows with treatment = 1 are
    used. Welch's t from summary statistics (as ``scipy.stats.ttest_ind_from_stats``).
    """
    level = parse_level(level)
    frame = load_frame(data)
    numeric = [outcome] + ([treatment] if treatment else [])
    cols = numeric_columns(frame, numeric, drop_missing=drop_missing)
    y = cols.frame[outcome].to_numpy(dtype=float)
    if treatment:
        y = y[check_binary(cols.frame, treatment) == 1]
    if earlier_sd is None:
        if not (0.0 <= earlier_mean <= 1.0 and np.isin(y, (0.0, 1.0)).all()):
            raise StatsInputError(
                Text(
                    sv="Ange standardavvikelsen för den tidigare genomförandet (utfallet är inte "
                    "0/1).",
                    en="Give the standard deviation of the earlier implementation (the outcome "
                    "is not 0/1).",
                )
            )
        earlier_sd = math.sqrt(earlier_mean * (1.0 - earlier_mean) * earlier_n / (earlier_n - 1))
    if y.size < 2 or earlier_n < 2 or earlier_sd < 0:
        raise StatsInputError(
            Text(
                sv="Båda grupperna måste ha minst 2 individer och standardavvikelsen får inte "
                "vara negativ.",
                en="Both groups need at least 2 individuals and the standard deviation must not "
                "be negative.",
            ),
            column=outcome,
        )
    v1 = float(y.var(ddof=1)) / y.size
    v0 = earlier_sd**2 / earlier_n
    se = math.sqrt(v1 + v0)
    df = (v1 + v0) ** 2 / (v1**2 / (y.size - 1) + v0**2 / (earlier_n - 1))
    est = float(y.mean()) - earlier_mean
    lo, hi, p = interval(est, se, level, df)
    return EffectResult(
        method="earlier_implementation",
        method_name=Text(
            sv="Jämförelse med tidigare genomförande",
            en="Comparison with an earlier implementation",
        ),
        estimate=est,
        se=se,
        ci_low=lo,
        ci_high=hi,
        level=level,
        p_value=p,
        n_treated=int(y.size),
        n_control=int(earlier_n),
        df=df,
        estimand="difference to earlier",
        caveats=(cv.EARLIER, *dropped_caveat(cols.dropped_rows)),
        details={"mean_current": float(y.mean()), "mean_earlier": earlier_mean},
    )
