"""Comparisons of a key indicator (004 §3): over time, against the country, the region and
similar municipalities, with the gap and the rank.

* **Series** per period: the organisation's own value, the country's (``0000``), the region's
  (``00`` + the county digits) and the mean of its group of similar municipalities (the
  members' unweighted mean, the organisation itself left out — Kolada's "liknande kommuner"
  groups are defined around one municipality).
* **Gap** in the latest period both have: ``own − reference`` in the indicator's unit (for a
  percentage that is percentage points) and ``(own − reference) / |reference|`` in per cent;
  whether the gap is favourable follows the indicator's direction (``higher_is_better``).
* **Rank** among all municipalities with a value that period and within the group: 1 is the
  best (competition ranking: equal values share a rank, the next rank skips).

Values based on fewer than ``threshold`` individuals (``n`` known and below it) are not shown
(:mod:`sikt.analysis.suppression`). Kolada's attribution belongs to the series read from Kolada;
the group mean, gaps and ranks are Sikt's own derived figures (``derived=True``) and never carry
it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from sikt.analysis.areagroups import AreaGroup, area_group
from sikt.analysis.store import (
    COUNTRY,
    IndicatorDefinition,
    IndicatorStore,
    IndicatorValue,
    area_level,
)
from sikt.analysis.suppression import DEFAULT_THRESHOLD, check_threshold


@dataclass(frozen=True, slots=True)
class Point:
    """One period's value; ``value`` is None when hidden (``hidden`` says so) or missing."""

    period: int
    value: float | None
    n: int | None = None
    hidden: bool = False
    status: str = ""
    members: int | None = None


@dataclass(frozen=True, slots=True)
class Series:
    key: str
    label: str
    area_code: str
    points: tuple[Point, ...]
    derived: bool = False
    attribution: str = ""

    def at(self, period: int) -> Point | None:
        return next((p for p in self.points if p.period == period), None)


@dataclass(frozen=True, slots=True)
class Gap:
    """``own − reference`` in units and per cent in ``period``; ``favourable`` None when the
    indicator has no better direction."""

    reference_key: str
    reference_label: str
    period: int
    own: float
    reference: float
    units: float
    percent: float | None
    favourable: bool | None


@dataclass(frozen=True, slots=True)
class Ranking:
    among: str
    period: int
    rank: int
    of: int
    highest_first: bool


@dataclass(frozen=True, slots=True)
class Comparison:
    indicator: IndicatorDefinition
    area_code: str
    sex: str
    periods: tuple[int, ...]
    series: tuple[Series, ...]
    gaps: tuple[Gap, ...]
    rankings: tuple[Ranking, ...]
    threshold: int
    attributions: tuple[str, ...] = field(default=())

    def series_by_key(self, key: str) -> Series | None:
        return next((s for s in self.series if s.key == key), None)


def region_code(area_code: str) -> str | None:
    """The region a municipality lies in (Kolada: ``00`` + the two county digits)."""
    return "00" + area_code[:2] if area_level(area_code) == "municipality" else None


def _hidden(value: IndicatorValue, threshold: int) -> bool:
    return value.n is not None and 0 < value.n < threshold


def point_of(value: IndicatorValue, threshold: int) -> Point:
    """A stored value as shown: hidden when it rests on fewer than ``threshold`` individuals."""
    if _hidden(value, threshold):
        return Point(value.period, None, None, True, value.status)
    return Point(value.period, value.value, value.n, False, value.status)


def _series(
    values: Sequence[IndicatorValue],
    key: str,
    label: str,
    code: str,
    attribution: str,
    threshold: int,
) -> Series:
    points = tuple(point_of(v, threshold) for v in sorted(values, key=lambda v: v.period))
    origins = {v.origin for v in values}
    shown = attribution if origins & {"kolada"} else ""
    return Series(key, label, code, points, False, shown)


def _group_series(
    values: Sequence[IndicatorValue], members: Sequence[str], own: str, label: str, threshold: int
) -> Series:
    by_period: dict[int, list[float]] = {}
    for value in values:
        if value.area_code in members and value.area_code != own and not _hidden(value, threshold):
            by_period.setdefault(value.period, []).append(value.value)
    points = tuple(
        Point(period, statistics.fmean(found), members=len(found))
        for period, found in sorted(by_period.items())
    )
    return Series("group", label, "", points, derived=True)


def _gap(
    own: Series, other: Series, higher_is_better: bool | None, periods: Sequence[int]
) -> Gap | None:
    for period in sorted(periods, reverse=True):
        mine, theirs = own.at(period), other.at(period)
        if mine is None or theirs is None or mine.value is None or theirs.value is None:
            continue
        units = mine.value - theirs.value
        percent = units / abs(theirs.value) * 100 if theirs.value != 0 else None
        favourable = (
            None if higher_is_better is None or units == 0 else (units > 0) == higher_is_better
        )
        return Gap(
            other.key, other.label, period, mine.value, theirs.value, units, percent, favourable
        )
    return None


def rank(values: dict[str, float], code: str, *, highest_first: bool) -> tuple[int, int] | None:
    """``(rank, of)`` of ``code`` among ``values`` (1 = best; ties share the better rank)."""
    if code not in values:
        return None
    mine = values[code]
    better = sum(1 for v in values.values() if (v > mine if highest_first else v < mine))
    return better + 1, len(values)


def compare(
    store: IndicatorStore,
    indicator_id: str,
    area_code: str,
    *,
    sex: str = "T",
    region: str | None = None,
    group_id: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    labels: dict[str, str] | None = None,
) -> Comparison:
    """Compare ``area_code`` on ``indicator_id`` with the country, its region and its group."""
    check_threshold(threshold)
    indicator = store.definition(indicator_id)
    if indicator is None:
        raise KeyError(indicator_id)
    names = {code: a.name for code, a in store.areas().items()}
    text = {"own": "", "country": "Riket", "region": "Regionen", "group": "Liknande kommuner"}
    text.update(labels or {})
    region = region or region_code(area_code)
    group = area_group(store, group_id) if group_id else None
    values = store.values(indicator_id, sex=sex)
    by_area: dict[str, list[IndicatorValue]] = {}
    for value in values:
        by_area.setdefault(value.area_code, []).append(value)
    attribution = indicator.attribution
    series = [
        _series(
            by_area.get(area_code, []),
            "own",
            text["own"] or names.get(area_code, area_code),
            area_code,
            attribution,
            threshold,
        )
    ]
    if area_code != COUNTRY and COUNTRY in by_area:
        series.append(
            _series(by_area[COUNTRY], "country", text["country"], COUNTRY, attribution, threshold)
        )
    if region and region in by_area:
        label = names.get(region) or text["region"]
        series.append(_series(by_area[region], "region", label, region, attribution, threshold))
    if group is not None:
        label = f"{text['group']}: {group.title}"
        series.append(_group_series(values, group.members, area_code, label, threshold))
    periods = tuple(sorted({p.period for s in series for p in s.points}))
    own = series[0]
    gaps = tuple(
        gap
        for other in series[1:]
        if (gap := _gap(own, other, indicator.higher_is_better, periods)) is not None
    )
    rankings = _rankings(by_area, area_code, indicator, group, own, threshold)
    attributions = tuple(dict.fromkeys(s.attribution for s in series if s.attribution))
    return Comparison(
        indicator,
        area_code,
        sex,
        periods,
        tuple(series),
        gaps,
        rankings,
        threshold,
        attributions,
    )


def _rankings(
    by_area: dict[str, list[IndicatorValue]],
    area_code: str,
    indicator: IndicatorDefinition,
    group: AreaGroup | None,
    own: Series,
    threshold: int,
) -> tuple[Ranking, ...]:
    shown = [p for p in own.points if p.value is not None]
    if not shown or area_level(area_code) != "municipality":
        return ()
    period = shown[-1].period
    highest_first = indicator.higher_is_better is not False
    municipalities = {
        code: v.value
        for code, found in by_area.items()
        if area_level(code) == "municipality"
        for v in found
        if v.period == period and not _hidden(v, threshold)
    }
    result = []
    overall = rank(municipalities, area_code, highest_first=highest_first)
    if overall and overall[1] > 1:
        result.append(Ranking("municipalities", period, overall[0], overall[1], highest_first))
    if group is not None and group.members:
        within = {c: v for c, v in municipalities.items() if c in group.members or c == area_code}
        placed = rank(within, area_code, highest_first=highest_first)
        if placed and placed[1] > 1:
            result.append(Ranking("group", period, placed[0], placed[1], highest_first))
    return tuple(result)
