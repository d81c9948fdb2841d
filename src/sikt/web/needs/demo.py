"""The needs analysis of the fictional *Exempelby kommun* (``sikt demo``): indicators with values
for the municipality, its fictional region, the country and a fictional group of similar
municipalities; six fictional districts with a map and the four variables of the socio-economic
index and an outcome; and a needs analysis linked to the demo's family-support initiative.

Every figure is generated (a fixed formula, no randomness), so the demo is the same on every
machine and every run; every title says *fiktiva värden*. Running it again replaces the values
with the same values and adds nothing.
"""

from __future__ import annotations

import json

import pyarrow.compute as pc

from sikt.analysis.areagroups import AreaGroup, save_groups
from sikt.analysis.datasets import dataset_table, save_event_dataset
from sikt.analysis.examples import GUIDE_REFERENCE_DATE, guide_example_events
from sikt.analysis.flow import FlowSettings
from sikt.analysis.flow_results import run
from sikt.analysis.geo import read_geojson
from sikt.analysis.store import (
    COUNTRY,
    Area,
    IndicatorDefinition,
    IndicatorValue,
    area_level,
)
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.initiatives.models import Initiative
from sikt.web.needs.areas import save_layer
from sikt.web.needs.flows import kept_chart
from sikt.web.needs.models import EventDataset, NeedsAnalysis
from sikt.web.needs.store import store_for

SOURCE = "Fiktiva demodata (Sikt)"
YEARS = tuple(range(2019, 2025))
REGION = "0099"
PEERS = {
    "9991": "Exempelstad (fiktiv)",
    "9992": "Provköping (fiktiv)",
    "9993": "Mönsterby (fiktiv)",
}
GROUP = AreaGroup("DEMO-LIKNANDE", "Liknande kommuner (fiktiv grupp)", tuple(PEERS), SOURCE)

INDICATORS = (
    IndicatorDefinition(
        "DEMO_HVB",
        "Unga 13–20 år placerade i HVB eller SiS, per 1 000 (fiktiva värden)",
        "per 1 000",
        False,
        SOURCE,
    ),
    IndicatorDefinition(
        "DEMO_BEHORIG",
        "Elever i åk 9 behöriga till gymnasiet, andel (fiktiva värden)",
        "%",
        True,
        SOURCE,
    ),
)

#: Level in 2019 and change per year for each area and indicator.
_LEVELS = {
    "DEMO_HVB": {"9999": (6.0, 0.45), COUNTRY: (4.2, 0.05), REGION: (4.8, 0.1)},
    "DEMO_BEHORIG": {"9999": (83.0, -0.6), COUNTRY: (85.5, -0.2), REGION: (84.6, -0.3)},
}


def _values(indicator: str) -> list[IndicatorValue]:
    values = []
    levels = dict(_LEVELS[indicator])
    for index, code in enumerate(PEERS):
        base, step = levels[COUNTRY]
        levels[code] = (base + 0.3 * (index - 1), step)
    for code, (base, step) in levels.items():
        for offset, year in enumerate(YEARS):
            total = round(base + step * offset, 1)
            values.append(IndicatorValue(indicator, code, year, total, origin="demo"))
            if code == "9999":
                gap = 0.6 if indicator == "DEMO_HVB" else -2.0
                values.append(
                    IndicatorValue(indicator, code, year, round(total - gap, 1), "K", origin="demo")
                )
                values.append(
                    IndicatorValue(indicator, code, year, round(total + gap, 1), "M", origin="demo")
                )
    return values


#: Fictional districts of Exempelby on a 3 × 2 grid, with a socio-economic gradient: education,
#: employment, Nordic-born share and income per district (2024) and an outcome that follows it.
DISTRICTS = (
    ("9999-NO", "Norra Exempelby", 0, 1, (62.0, 81.0, 88.0, 312.0), 8.5),
    ("9999-CE", "Centrum", 1, 1, (55.0, 77.0, 80.0, 285.0), 12.0),
    ("9999-OS", "Östra Exempelby", 2, 1, (48.0, 71.0, 74.0, 262.0), 15.5),
    ("9999-VA", "Västra Exempelby", 0, 0, (41.0, 66.0, 69.0, 241.0), 19.0),
    ("9999-SO", "Södra Exempelby", 1, 0, (33.0, 58.0, 61.0, 214.0), 24.5),
    ("9999-HA", "Hamnen", 2, 0, (27.0, 52.0, 55.0, 198.0), 29.0),
)
DISTRICT_INDICATORS = (
    IndicatorDefinition(
        "DEMO_UTB", "Eftergymnasial utbildning, andel 25–64 år (fiktiva värden)", "%", True, SOURCE
    ),
    IndicatorDefinition(
        "DEMO_SYSS", "Förvärvsarbetande, andel 20–64 år (fiktiva värden)", "%", True, SOURCE
    ),
    IndicatorDefinition("DEMO_NORDEN", "Födda i Norden, andel (fiktiva värden)", "%", True, SOURCE),
    IndicatorDefinition(
        "DEMO_INKOMST", "Förvärvsinkomst, medianvärde (fiktiva värden)", "tkr", True, SOURCE
    ),
    IndicatorDefinition(
        "DEMO_ORO",
        "Orosanmälningar per 100 barn 0–17 år (fiktiva värden)",
        "per 100",
        False,
        SOURCE,
    ),
)
DISTRICT_YEAR = 2024


def districts_geojson() -> bytes:
    """The districts as a GeoJSON FeatureCollection in WGS 84 (a fictional place)."""
    features = []
    for code, name, column, row, _values, _outcome in DISTRICTS:
        west, south = 16.00 + 0.05 * column, 60.00 + 0.03 * row
        ring = [
            [west, south],
            [west + 0.05, south],
            [west + 0.05, south + 0.03],
            [west, south + 0.03],
            [west, south],
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"kod": code, "namn": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")


def _district_values() -> list[IndicatorValue]:
    values = []
    for code, _name, _column, _row, variables, outcome in DISTRICTS:
        for definition, value in zip(DISTRICT_INDICATORS, (*variables, outcome), strict=True):
            values.append(
                IndicatorValue(definition.id, code, DISTRICT_YEAR, value, n=800, origin="demo")
            )
    return values


FLOW_TITLE = "Placeringshistorik 2022–2024 (genererad, fiktiv)"


def _seed_flow(organization: Organization) -> EventDataset:
    """Generated placement histories shaped like the guide's worked example (figure 6): 200
    re-placements in three groups; the persons are generated pseudonyms, nobody real."""
    dataset = EventDataset.objects.filter(organization=organization, title=FLOW_TITLE).first()
    if dataset is None:
        events = guide_example_events()
        dataset = audit.create(
            None,
            EventDataset(
                organization=organization,
                title=FLOW_TITLE,
                file_name="genererad",
                rows=events.num_rows,
                persons=pc.count_distinct(events.column("person")).as_py(),
            ),
        )
        save_event_dataset(store_for(organization), dataset.dataset_name, events)
    return dataset


def _seed_chart(analysis: NeedsAnalysis, dataset: EventDataset) -> None:
    """The flow analysis's Sankey diagram among the needs analysis's supporting charts."""
    if analysis.flow_charts.exists():
        return
    flow_settings = FlowSettings(reference_date=GUIDE_REFERENCE_DATE)
    with dataset_table(store_for(analysis.organization), dataset.dataset_name) as events:
        result = run(events, flow_settings)
    audit.create(None, kept_chart(analysis, dataset, result))


NEEDS_TITLE = "Placeringar av unga i Exempelby (fiktiv)"


def seed_needs_for_organization(organization: Organization) -> None:
    """Indicators and one needs analysis for the demo organisation (idempotent)."""
    store = store_for(organization)
    store.define(list(INDICATORS))
    names = {"9999": "Exempelby (fiktiv)", COUNTRY: "Riket", REGION: "Exempellän (fiktiv)"}
    names.update(PEERS)
    store.set_areas([Area(code, name, area_level(code)) for code, name in names.items()])
    save_groups(store, [GROUP])
    store.add_values([value for d in INDICATORS for value in _values(d.id)])
    store.define(list(DISTRICT_INDICATORS))
    store.set_areas([Area(code, name, "local", "9999") for code, name, *_rest in DISTRICTS])
    store.add_values(_district_values())
    save_layer(organization, read_geojson("exempelby-omraden.geojson", districts_geojson()))
    dataset = _seed_flow(organization)
    analysis = NeedsAnalysis.objects.filter(organization=organization, title=NEEDS_TITLE).first()
    if analysis is None:
        analysis = _seed_analysis(organization)
    _seed_chart(analysis, dataset)


def _seed_analysis(organization: Organization) -> NeedsAnalysis:
    analysis = audit.create(
        None,
        NeedsAnalysis(
            organization=organization,
            title=NEEDS_TITLE,
            identified_needs=(
                "Andelen unga som placeras på HVB eller SiS ökar och ligger över riket, "
                "regionen och liknande kommuner; pojkar placeras oftare än flickor."
            ),
            target_group_idea="Familjer med barn 10–15 år med tidiga tecken på normbrott.",
            data_sources="Fiktiva nyckeltal DEMO_HVB och DEMO_BEHORIG 2019–2024.",
            qualitative_sources="Fokusgrupp med socialsekreterare och skolkuratorer (fiktiv).",
            conclusions="Tidiga insatser i hemmet kan minska behovet av placeringar.",
            indicator_ids=[d.id for d in INDICATORS],
            communicated=True,
        ),
    )
    answers = Initiative.objects.filter(
        organization=organization, title="Familjestöd i hemmet"
    ).first()
    if answers is not None:
        analysis.initiatives.add(answers)
    return analysis
