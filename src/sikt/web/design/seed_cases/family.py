"""Demo design: intensive family support to avoid placements of young people."""

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

FAMILY = DesignCase(
    purpose="Färre unga placeras utanför hemmet genom intensivt stöd till familjen i tid.",
    elements=[
        (
            L.RESOURCES,
            "Familjestödsteam med tre behandlare och extern handledning",
            "Behandlarna har utbildning i metoden.",
            [],
        ),
        (
            L.ACTIVITIES,
            "Intensivt familjestöd i hemmet, 3–5 tillfällen i veckan under fyra månader",
            "Familjerna tackar ja till stödet.",
            [
                indicator(
                    "Andel erbjudna familjer som fullföljer stödet",
                    "%",
                    Frequency.QUARTERLY,
                    "Verksamhetssystemet",
                    target_value=Decimal("75"),
                    direction=Direction.HIGHER,
                )
            ],
        ),
        (
            L.SHORT_TERM,
            "Stabilare situation i familjen efter avslutat stöd",
            "Skolan och fritiden stöttar den unga.",
            [
                indicator(
                    "Skattad familjefungering",
                    "poäng",
                    Frequency.START_END,
                    "Skattning vid start och avslut",
                    instrument="SDQ",
                    baseline_value=Decimal("18"),
                    baseline_date=BASELINE,
                    target_value=Decimal("13"),
                    direction=Direction.LOWER,
                    disaggregations=["sex", "age_band"],
                )
            ],
        ),
        (
            L.LONG_TERM,
            "Färre placeringar i HVB och SiS",
            "Förändringen i familjen håller över tid.",
            [
                indicator(
                    "Placerade unga 13–17 år per år",
                    "antal",
                    Frequency.YEARLY,
                    "Socialtjänstens register",
                    baseline_value=Decimal("22"),
                    baseline_date=dt.date(2025, 12, 31),
                    target_value=Decimal("16"),
                    direction=Direction.LOWER,
                )
            ],
        ),
    ],
    target_group={
        "description": "Unga 13–17 år med hög risk för placering och deras familjer",
        "risk_factor": "Hög placeringsrisk enligt socialtjänstens bedömning",
        "age_from": 13,
        "age_to": 17,
        "current_intervention": "Öppenvårdsinsatser",
        "size_estimate": 60,
        "reached_estimate": 30,
    },
    comparison={
        "kind": DesignKind.MATCHING,
        "rationale": "Slumpning är inte möjlig; matchning mot unga med liknande riskbedömning.",
        "baseline_plan": "Riskbedömning och skattning vid inskrivning",
        "baseline_by": BASELINE,
    },
    follow_up={
        "measurement_plan": (
            "Behandlarna registrerar insatser löpande; placeringar följs kvartalsvis."
        ),
        "evaluation_questions": "Minskade placeringarna jämfört med den matchade gruppen?",
        "reporting_frequency": ReportingFrequency.QUARTERLY,
        "responsible": "Enhetschef familjestöd",
    },
    impact={
        "gender_equality": "Flickor och pojkar placeras av olika skäl; resultaten följs per kön.",
        "child": "Barnets bästa styr; den unga görs delaktig i planeringen.",
    },
    implementation={
        "ordinary_operations": "Teamet blir en del av öppenvården efter projekttiden.",
        "financing": "Socialnämndens ram, med minskade placeringskostnader.",
        "maintenance": "Löpande handledning och metodutbildning för nyanställda.",
        "replaces": "Delar av köpt öppenvård.",
    },
    owner_committee="Socialnämnden",
    organisation={"owner_name": "Socialchef", "leader_name": "Enhetschef familjestöd"},
    risks=[
        {
            "category": RiskCategory.HARM,
            "description": "Ett barn lämnas för länge i en ohållbar hemsituation",
            "probability": Level3.LOW,
            "impact": Level3.HIGH,
            "action": "Skyddsbedömning vid varje uppföljning; placering när det behövs",
            "owner": "Ansvarig socialsekreterare",
        },
        {
            "category": RiskCategory.RESULTS,
            "description": "Familjerna avbryter stödet i förtid",
            "probability": Level3.MEDIUM,
            "impact": Level3.MEDIUM,
            "action": "Motiverande samtal; flexibla tider",
            "owner": "Teamledaren",
        },
    ],
)
