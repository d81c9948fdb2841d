"""What the result page (and the final report) shows of a stored run: the estimate against
the success criterion, the balance table and Love plot, the overlap and the sample sizes, with
counts below the suppression threshold hidden (``sikt.analysis.suppression``)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt import charts
from sikt.analysis.suppression import DEFAULT_THRESHOLD
from sikt.numbers import format_money, format_number, format_percent
from sikt.web.design.models import Direction, SuccessCriterion
from sikt.web.evaluation.implementation import IndicatorComparison
from sikt.web.evaluation.models import EvaluationRun

#: |standardised mean difference| below this counts as balanced (Austin 2009).
BALANCED = 0.1
OVERLAP_GROUPS = 3  # 30 stored bins shown as 10


def _language() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def text(value: Any) -> str:
    """A stored bilingual text in the active language."""
    if isinstance(value, dict):
        return str(value.get(_language()) or value.get("sv") or "")
    return "" if value is None else str(value)


def count(value: Any) -> str:
    """A count of people, hidden below the threshold (zero identifies nobody)."""
    if value is None:
        return "–"
    n = round(float(value))
    if 0 < n < DEFAULT_THRESHOLD:
        return _("fewer than %(n)s") % {"n": DEFAULT_THRESHOLD}
    return format_number(n)


def hidden(value: Any) -> bool:
    return value is not None and 0 < round(float(value)) < DEFAULT_THRESHOLD


@dataclass(frozen=True)
class Verdict:
    """The estimate against the success criterion agreed before the start."""

    key: str  # achieved / not_achieved / uncertain
    label: str
    explanation: str


def verdict(result: dict[str, Any], criterion: SuccessCriterion) -> Verdict | None:
    """Achieved when the whole interval shows at least the agreed improvement, not achieved when
    the whole interval lies below it, uncertain otherwise."""
    low, high = result.get("ci_low"), result.get("ci_high")
    if low is None or high is None:
        return None
    sign = -1.0 if criterion.indicator.direction == Direction.LOWER else 1.0
    better_low, better_high = sorted((sign * low, sign * high))
    minimum = float(criterion.minimum_effect)
    level = format_number(Decimal(str(result.get("level", 0.95))) * 100)
    values = {
        "level": level,
        "low": format_number(better_low, decimals=2),
        "high": format_number(better_high, decimals=2),
        "minimum": format_number(minimum, decimals=2),
        "indicator": criterion.indicator.name,
    }
    interval = (
        _(
            "The %(level)s %% interval of the improvement in %(indicator)s is %(low)s to "
            "%(high)s; the success criterion is at least %(minimum)s."
        )
        % values
    )
    if better_low >= minimum:
        return Verdict("achieved", _("achieved"), interval)
    if better_high < minimum:
        return Verdict("not_achieved", _("not achieved"), interval)
    return Verdict("uncertain", _("uncertain"), interval)


@dataclass
class RunView:
    run: EvaluationRun
    estimate: str = ""
    interval: str = ""
    p_value: str = ""
    level: str = ""
    method: str = ""
    estimand: str = ""
    caveats: list[str] = field(default_factory=list)
    sensitivity: list[str] = field(default_factory=list)
    balance: list[dict[str, Any]] = field(default_factory=list)
    sizes: list[tuple[str, str, str]] = field(default_factory=list)
    overlap: list[dict[str, Any]] = field(default_factory=list)
    love_plot: SafeString | None = None
    overlap_chart: SafeString | None = None
    verdict: Verdict | None = None
    suppressed: bool = False
    #: The headings of the two columns of counts: the groups the estimate compares.
    group_labels: tuple[str, str] = ("", "")


def _num(value: Any, decimals: int = 2) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return format_number(value, decimals=decimals)


def run_view(run: EvaluationRun) -> RunView:
    view = RunView(run)
    result = run.result
    if not result:
        return view
    view.estimate = _num(result.get("estimate"), 3)
    view.interval = f"{_num(result.get('ci_low'), 3)} – {_num(result.get('ci_high'), 3)}"
    view.p_value = _num(result.get("p_value"), 3)
    view.level = format_number(Decimal(str(result.get("level", 0.95))) * 100)
    view.method = text(result.get("method_name"))
    view.estimand = result.get("estimand", "")
    view.group_labels = _group_labels(str(result.get("method", "")))
    view.caveats = [text(c) for c in result.get("caveats", [])]
    sensitivity = result.get("sensitivity") or {}
    for key in ("e_value", "rosenbaum"):
        part = sensitivity.get(key)
        if part and part.get("text"):
            view.sensitivity.append(text(part["text"]))
    _sizes(view, result)
    _balance(view, result)
    _overlap(view, result)
    if run.criterion is not None:
        view.verdict = verdict(result, run.criterion)
    return view


def _group_labels(method: str) -> tuple[str, str]:
    """A before–after comparison counts measurements after and before, the comparison with an
    earlier implementation its participants and the earlier ones; the rest compare two groups."""
    if method == "before_after":
        return str(_("After")), str(_("Before"))
    if method == "earlier_implementation":
        return str(_("Participants")), str(_("Earlier implementation"))
    return str(_("Participants")), str(_("Comparison group"))


def _sizes(view: RunView, result: dict[str, Any]) -> None:
    sizes = result.get("sample_sizes")
    if sizes is None:
        view.sizes = [
            (
                _("People in the data"),
                count(result.get("n_treated")),
                count(result.get("n_control")),
            )
        ]
        view.suppressed = hidden(result.get("n_treated")) or hidden(result.get("n_control"))
        return
    rows = [
        (_("People in the data"), "treated_total", "control_total"),
        (_("Left out outside the common support"), "treated_discarded", "control_discarded"),
        (_("Used in the estimate"), "treated_used", "control_used"),
    ]
    view.sizes = [(label, count(sizes.get(t)), count(sizes.get(c))) for label, t, c in rows]
    if sizes.get("treated_unmatched"):
        view.sizes.append(
            (_("Participants without a match"), count(sizes["treated_unmatched"]), "")
        )
    effective = (sizes.get("treated_effective"), sizes.get("control_effective"))
    if all(e is not None for e in effective):
        view.sizes.append(
            (_("Effective sample size (weights)"), count(effective[0]), count(effective[1]))
        )
    view.suppressed = any(hidden(sizes.get(k)) for k in ("treated_used", "control_used"))


def _balance(view: RunView, result: dict[str, Any]) -> None:
    rows = result.get("balance") or []
    for row in rows:
        before, after = row.get("smd_before"), row.get("smd_after")
        view.balance.append(
            {
                "covariate": row.get("covariate", ""),
                "treated": "–" if view.suppressed else _num(row.get("mean_treated")),
                "control_before": "–" if view.suppressed else _num(row.get("mean_control_before")),
                "control_after": "–" if view.suppressed else _num(row.get("mean_control_after")),
                "smd_before": _num(before),
                "smd_after": _num(after),
                "balanced": after is not None and abs(after) < BALANCED,
            }
        )
    if rows:
        view.love_plot = mark_safe(
            charts.svg(
                charts.BarChart(
                    title=_("Standardised mean differences before and after (Love plot)"),
                    categories=tuple(str(r.get("covariate", "")) for r in rows),
                    series=(
                        (_("Before"), tuple(abs(r.get("smd_before") or 0.0) for r in rows)),
                        (_("After"), tuple(abs(r.get("smd_after") or 0.0) for r in rows)),
                    ),
                    value_label=_("Absolute standardised difference"),
                    category_label=_("Covariate"),
                    money=False,
                    horizontal=True,
                ),
                height=max(2.4, 0.5 * len(rows) + 1.2),
            )
        )


def _overlap(view: RunView, result: dict[str, Any]) -> None:
    histogram = ((result.get("propensity") or {}).get("histogram")) or {}
    edges = histogram.get("edges") or []
    if len(edges) < 2:
        return
    treated = histogram.get("treated_before") or []
    control = histogram.get("control_before") or []
    for start in range(0, len(treated), OVERLAP_GROUPS):
        stop = min(start + OVERLAP_GROUPS, len(treated))
        low = 1.0 / (1.0 + math.exp(-edges[start]))
        high = 1.0 / (1.0 + math.exp(-edges[stop]))
        t = sum(treated[start:stop])
        c = sum(control[start:stop])
        view.overlap.append(
            {
                "range": f"{_num(low)}–{_num(high)}",
                "treated": count(t),
                "control": count(c),
                "treated_value": 0.0 if hidden(t) else t,
                "control_value": 0.0 if hidden(c) else c,
            }
        )
    view.overlap_chart = mark_safe(
        charts.svg(
            charts.BarChart(
                title=_("Propensity score per group (overlap)"),
                categories=tuple(row["range"] for row in view.overlap),
                series=(
                    (_("Participants"), tuple(row["treated_value"] for row in view.overlap)),
                    (_("Comparison group"), tuple(row["control_value"] for row in view.overlap)),
                ),
                value_label=_("Number of people"),
                category_label=_("Propensity score"),
                money=False,
            )
        )
    )


def _money(value: Any) -> str:
    if value is None:
        return "–"
    return format_money(value)


@dataclass
class EconomicView:
    effect_rows: list[tuple[str, str]] = field(default_factory=list)
    cost_rows: list[tuple[str, str]] = field(default_factory=list)
    perspectives: list[dict[str, str]] = field(default_factory=list)
    plan_years: list[int] = field(default_factory=list)
    plan_rows: list[dict[str, Any]] = field(default_factory=list)
    plan_explanation: str = ""


def economic_view(evaluation: Any) -> EconomicView:
    f = evaluation.figures
    view = EconomicView()
    unit = _("per person") if f.get("probability") else _("per year")
    view.effect_rows = [
        (_("Outcome in the calculation"), f["outcome_name"]),
        (_("Planned effect (%(unit)s)") % {"unit": unit}, _num(f["planned_effect"], 3)),
        (
            _("Estimated effect (%(unit)s)") % {"unit": unit},
            f"{_num(f['realised_effect'], 3)} ({_('standard error')} {_num(f['realised_se'], 3)})",
        ),
        (_("Estimated ÷ planned effect"), format_percent(f["effect_ratio"])),
    ]
    view.cost_rows = [
        (_("Investment cost"), _money(f["investment_cost"])),
        (_("Participants in the evaluation"), count(f["participants"])),
        (_("Cost per participant"), _money(f["cost_per_participant"])),
        (_("Avoided events among the participants"), _num(f["avoided_events"], 1)),
        (_("Cost per avoided event"), _money(f["cost_per_avoided_event"])),
        (_("Target group (all years)"), _num(f["target_group"], 0)),
        (_("Cost at full scale for the whole target group"), _money(f["full_scale_cost"])),
        (_("Avoided events at full scale"), _num(f["full_scale_avoided"], 1)),
    ]
    levels = {"actor": _("actor"), "aggregate": _("aggregate"), "individual": _("individual")}
    for p in f["perspectives"]:
        view.perspectives.append(
            {
                "name": text(p["name"]),
                "level": str(levels.get(p["level"], p["level"])),
                "planned": _money(p["planned_npv"]),
                "realised": _money(p["realised_npv"]),
                "planned_probability": format_percent(p["planned_probability"])
                if p["planned_probability"] is not None
                else "–",
                "realised_probability": format_percent(p["realised_probability"])
                if p["realised_probability"] is not None
                else "–",
            }
        )
    planned, revised = f["planned_plan"], f["revised_plan"]
    view.plan_years = list(revised["years"])
    for key in revised["committees"]:
        view.plan_rows.append(
            {
                "name": next((text(p["name"]) for p in f["perspectives"] if p["key"] == key), key),
                "planned": [_money(v) for v in planned["repayments"][key]],
                "revised": [_money(v) for v in revised["repayments"][key]],
            }
        )
    view.plan_explanation = text(revised.get("explanation"))
    return view


def implementation_chart(row: IndicatorComparison, decided_on: dt.date) -> SafeString:
    """One indicator after the implementation decision: the project's approved values and
    ordinary operations' over time, against the baseline, the target and the success level."""
    label = _("Approved value")
    references = tuple(
        (name, float(level))
        for name, level in (
            (_("Baseline"), row.baseline),
            (_("Target"), row.target),
            (_("Success level"), row.success_level),
        )
        if level is not None
    )
    return mark_safe(
        charts.svg(
            charts.LineChart(
                title=row.name,
                series=(
                    (_("Project"), tuple((day, float(v)) for day, v in row.project_points)),
                    (
                        _("Ordinary operations"),
                        tuple((day, float(v)) for day, v in row.operations_points),
                    ),
                ),
                value_label=f"{label} ({row.unit})" if row.unit else label,
                time_label=_("End of the reporting period"),
                references=references,
                markers=((_("Implementation decided"), decided_on),),
            )
        )
    )
