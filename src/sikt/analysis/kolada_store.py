"""Kolada's indicators, areas, groups and values into the indicator store.

What is kept (issue 12 §2): each value keeps its gender (``T``/``K``/``M`` → ``sex``), its
status and the KPI's publication date; the definition carries the attribution "Källa: Kolada",
which pages show on Kolada's own values and never on figures Sikt derives from them (a group
mean, a gap, a rank). A value Kolada does not publish (``value`` null, e.g. too few to show) is
not stored; how many there were is reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sikt.analysis.areagroups import AreaGroup, save_groups
from sikt.analysis.kolada import (
    KoladaArea,
    KoladaClient,
    KoladaError,
    KoladaGroup,
    KoladaKpi,
    KoladaValue,
)
from sikt.analysis.store import (
    COUNTRY,
    KOLADA_ATTRIBUTION,
    Area,
    IndicatorDefinition,
    IndicatorStore,
    IndicatorValue,
    area_level,
)
from sikt.text import Text

SOURCE = "Kolada (RKA)"
LICENCE = "Öppna data, fri användning med källangivelse"
ORIGIN = "kolada"
_UNIT = re.compile(r"\(([^()]{1,20})\)\s*$")
_PER = re.compile(r",\s*((?:kr|antal|dagar|timmar|år|poäng)[^,]{0,20})\s*$", re.IGNORECASE)


def unit_from_title(title: str) -> str:
    """The unit Kolada writes at the end of a title: ``… andel (%)`` → ``%``,
    ``…, kr/inv`` → ``kr/inv``; empty when none is written."""
    match = _UNIT.search(title)
    if match:
        return match.group(1).strip()
    match = _PER.search(title)
    return match.group(1).strip() if match else ""


def definition_of(kpi: KoladaKpi) -> IndicatorDefinition:
    return IndicatorDefinition(
        id=kpi.id,
        title=kpi.title,
        unit=unit_from_title(kpi.title),
        higher_is_better=None,
        source=SOURCE,
        licence=LICENCE,
        attribution=KOLADA_ATTRIBUTION,
        description=kpi.description,
    )


def region_of(municipality_code: str) -> str | None:
    """Kolada's region id of a municipality: ``00`` + the county's two digits (0380 → 0003)."""
    if area_level(municipality_code) != "municipality":
        return None
    return "00" + municipality_code[:2]


@dataclass(frozen=True, slots=True)
class FetchSummary:
    indicators: tuple[str, ...]
    areas: int
    values: int
    unpublished: int
    groups: tuple[str, ...]


def save(
    store: IndicatorStore,
    *,
    kpis: Sequence[KoladaKpi],
    values: Sequence[KoladaValue],
    areas: Sequence[KoladaArea] = (),
    groups: Sequence[KoladaGroup] = (),
) -> FetchSummary:
    """Write Kolada's answers to ``store``: definitions, areas, groups and published values."""
    published_on = {kpi.id: kpi.publication_date for kpi in kpis}
    store.define([definition_of(kpi) for kpi in kpis])
    if areas:
        store.set_areas(
            [Area(a.id, a.title, "region" if a.type == "L" else area_level(a.id)) for a in areas]
        )
    if groups:
        save_groups(store, [AreaGroup(g.id, g.title, g.members, SOURCE) for g in groups])
    rows = [
        IndicatorValue(
            indicator_id=v.kpi,
            area_code=v.municipality,
            period=v.period,
            value=v.value,
            sex=v.gender if v.gender in ("T", "K", "M") else "T",
            status=v.status,
            published=published_on.get(v.kpi),
            origin=ORIGIN,
        )
        for v in values
        if v.value is not None
    ]
    if rows:
        store.add_values(rows)
    return FetchSummary(
        indicators=tuple(sorted(kpi.id for kpi in kpis)),
        areas=len({v.municipality for v in values}),
        values=len(rows),
        unpublished=sum(v.value is None for v in values),
        groups=tuple(g.id for g in groups),
    )


def fetch(
    client: KoladaClient,
    store: IndicatorStore,
    *,
    kpis: Sequence[str],
    areas: Sequence[str],
    years: Sequence[int],
    group_ids: Sequence[str] = (),
    all_municipalities: bool = False,
) -> FetchSummary:
    """Fetch ``kpis`` for ``areas`` and ``years`` from Kolada and save them.

    The country and each municipality's region are always added (the comparisons need them),
    so are the members of each group in ``group_ids``; ``all_municipalities`` adds every
    municipality (for the ranking and the national map).
    """
    metadata = client.kpis(kpis)
    known = {kpi.id for kpi in metadata}
    missing = [k for k in kpis if k not in known]
    if missing:
        raise KoladaError(
            Text(
                f"Kolada känner inte till nyckeltalet: {', '.join(missing)}",
                f"Kolada does not know the KPI: {', '.join(missing)}",
            )
        )
    wanted = [COUNTRY, *areas]
    wanted += [r for r in (region_of(code) for code in areas) if r]
    groups = [g for g in (client.group(gid) for gid in group_ids) if g is not None]
    for group in groups:
        wanted += list(group.members)
    known_areas = client.areas()
    if all_municipalities:
        wanted += [a.id for a in known_areas if a.type == "K"]
    wanted = list(dict.fromkeys(wanted))
    values = client.values([k.id for k in metadata], wanted, years)
    names = {a.id: a for a in known_areas}
    return save(
        store,
        kpis=metadata,
        values=values,
        areas=[names[code] for code in wanted if code in names],
        groups=groups,
    )
