"""Demo design: the job track for new arrivals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sikt.web.design.models import (
    DesignKind,
    Direction,
    Frequency,
    Level3,
    ReportingFrequency,
    RiskCategory,
)
from sikt.web.design.models import Level as L
from sikt.web.design.seed_cases.base import BASELINE, DesignCase, indicator

JOBS = DesignCase(
    purpose="Nyanlända ska snabbare få arbete och egen försörjning.",
    elements=[
        (L.RESOURCES, "Två jobbcoacher och avtal med lokala arbetsgivare", "", []),
        (
            L.ACTIVITIES,
            "Matchning mot praktik och anställning med yrkessvenska på arbetsplatsen",
            "Arbetsgivarna tar emot deltagare.",
            [
                indicator(
                    "Deltagare som påbörjat praktik",
                    "antal",
                    Frequency.QUARTERLY,
                    "Jobbcoachernas registrering",
                    target_value=Decimal("40"),
                    direction=Direction.HIGHER,
                )
            ],
        ),
        (
            L.SHORT_TERM,
            "Fler deltagare i arbete eller studier efter ett år",
            "Arbetsmarknaden är stabil.",
            [
                indicator(
                    "Andel i arbete eller studier ett år efter start",
                    "%",
                    Frequency.YEARLY,
                    "Arbetsmarknadsenhetens register",
                    baseline_value=Decimal("30"),
                    baseline_date=BASELINE,
                    target_value=Decimal("45"),
                    direction=Direction.HIGHER,
                    disaggregations=["sex", "country_of_birth"],
                )
            ],
        ),
        (
            L.LONG_TERM,
            "Lägre kostnader för ekonomiskt bistånd",
            "Anställningarna blir varaktiga.",
            [
                indicator(
                    "Hushåll med ekonomiskt bistånd i målgruppen",
                    "antal",
                    Frequency.YEARLY,
                    "Försörjningsstödsregistret",
                    baseline_value=Decimal("120"),
                    baseline_date=dt.date(2025, 12, 31),
                    target_value=Decimal("95"),
                    direction=Direction.LOWER,
                )
            ],
        ),
    ],
    target_group={
        "description": "Nyanlända 20–64 år med ekonomiskt bistånd efter etableringstiden",
        "age_from": 20,
        "age_to": 64,
        "current_intervention": "Ekonomiskt bistånd",
        "size_estimate": 200,
        "reached_estimate": 80,
    },
    comparison={
        "kind": DesignKind.EARLIER_IMPLEMENTATION,
        "rationale": "Jämförelse med deltagarna i tidigare arbetsmarknadsinsatser 2022–2024.",
        "baseline_plan": "Försörjning och sysselsättning vid inskrivning",
    },
    follow_up={
        "measurement_plan": "Jobbcoacherna registrerar löpande; sysselsättning följs årligen.",
        "evaluation_questions": "Kom fler i arbete än i tidigare insatser?",
        "reporting_frequency": ReportingFrequency.INTERIM,
        "responsible": "Arbetsmarknadschef",
    },
    impact={
        "gender_equality": "Kvinnor når arbete senare; särskilda insatser för kvinnor följs upp.",
        "child": "Barn i hushållen gynnas av förälderns egen försörjning.",
    },
    implementation={
        "ordinary_operations": "Metoden införs i arbetsmarknadsenhetens ordinarie arbete.",
        "financing": "Arbetsmarknadsnämndens ram och minskat ekonomiskt bistånd.",
        "maintenance": "Arbetsgivaravtalen förnyas årligen.",
        "replaces": "Generella kurser utan koppling till arbetsplatser.",
    },
    owner_committee="Arbetsmarknadsnämnden",
    organisation={"owner_name": "Arbetsmarknadschef", "leader_name": "Jobbcoach, samordnare"},
    risks=[
        {
            "category": RiskCategory.ECONOMIC,
            "description": "Konjunkturen försämras och arbetsgivarna anställer färre",
            "probability": Level3.MEDIUM,
            "impact": Level3.HIGH,
            "action": "Bredda till fler branscher och offentliga arbetsgivare",
            "owner": "Arbetsmarknadschef",
        }
    ],
)
