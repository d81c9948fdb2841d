"""Demo design: early reading and writing support in school years 1–3."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sikt.web.design.models import (
    Audience,
    CollectionMethod,
    DesignKind,
    Direction,
    Frequency,
    Level3,
    ReportingFrequency,
    RiskCategory,
    StopReason,
)
from sikt.web.design.models import Level as L
from sikt.web.design.seed_cases.base import BASELINE, DesignCase, indicator

SCHOOL = DesignCase(
    purpose=(
        "Fler elever ska kunna läsa och skriva i takt med kunskapskraven, så att färre går om "
        "en årskurs och fler blir behöriga till gymnasiet."
    ),
    elements=[
        (
            L.RESOURCES,
            "Två specialpedagoger på heltid under tre år, screeningmaterial och "
            "fortbildningstid för lärare",
            "Specialpedagogerna kan rekryteras till terminsstart.",
            [
                indicator(
                    "Tillsatta specialpedagogtjänster",
                    "årsarbetare",
                    Frequency.TERM,
                    "Personalsystemet",
                    baseline_value=Decimal("0"),
                    baseline_date=BASELINE,
                    target_value=Decimal("2"),
                    direction=Direction.HIGHER,
                )
            ],
        ),
        (
            L.ACTIVITIES,
            "Screening av alla elever i åk 1 varje höst",
            "Rektorerna avsätter tid för screeningen.",
            [
                indicator(
                    "Andel screenade elever i åk 1",
                    "%",
                    Frequency.TERM,
                    "Specialpedagogernas registrering",
                    baseline_value=Decimal("0"),
                    baseline_date=BASELINE,
                    target_value=Decimal("95"),
                    direction=Direction.HIGHER,
                    disaggregations=["sex", "unit"],
                )
            ],
        ),
        (
            L.ACTIVITIES,
            "Intensiv läs- och skrivträning i små grupper, 3 × 30 minuter i veckan i tio veckor",
            "Eleverna kan tas ur ordinarie undervisning utan att missa annat viktigt.",
            [
                indicator(
                    "Genomförda träningspass per elev",
                    "antal",
                    Frequency.MONTHLY,
                    "Närvarolistor",
                    target_value=Decimal("30"),
                    direction=Direction.HIGHER,
                ),
            ],
        ),
        (
            L.SHORT_TERM,
            "Bättre läsförmåga hos elever med svaga resultat i åk 1",
            "Träningen genomförs som planerat (programtrohet).",
            [
                indicator(
                    "Andel elever under gränsvärdet vid screening i vårterminen",
                    "%",
                    Frequency.START_END,
                    "Screeningresultat (individdata)",
                    baseline_value=Decimal("24"),
                    baseline_date=BASELINE,
                    target_value=Decimal("15"),
                    direction=Direction.LOWER,
                    instrument="LegiLexi",
                    disaggregations=["sex", "unit", "country_of_birth"],
                )
            ],
        ),
        (
            L.LONG_TERM,
            "Färre elever går om en årskurs och fler når behörighet till gymnasiet",
            "Förbättrad läsförmåga består utan fortsatt särskilt stöd.",
            [
                indicator(
                    "Andel elever i årskullen som når gymnasiebehörighet",
                    "%",
                    Frequency.YEARLY,
                    "Betygsregistret",
                    baseline_value=Decimal("82"),
                    baseline_date=dt.date(2026, 6, 30),
                    target_value=Decimal("86"),
                    direction=Direction.HIGHER,
                    disaggregations=["sex", "area"],
                )
            ],
        ),
    ],
    success_criteria={
        "Andel elever under gränsvärdet vid screening i vårterminen": (
            Decimal("5"),
            "Minst 5 procentenheter färre än i jämförelseskolorna; i linje med tidigare "
            "studier av intensiv lästräning, justerat nedåt för lokala förhållanden.",
        )
    },
    target_group={
        "description": (
            "Elever i åk 1 med svaga resultat vid lässcreening på Ekskolan och Björkskolan"
        ),
        "risk_factor": "Svag läsförmåga i åk 1",
        "area": "Ekskolan och Björkskolan",
        "age_from": 6,
        "age_to": 8,
        "current_intervention": "Enstaka specialpedagogiska insatser",
        "size_estimate": 180,
        "reached_estimate": 60,
    },
    comparison={
        "kind": DesignKind.PARALLEL_GROUP,
        "rationale": (
            "Slumpning mellan elever på samma skola är inte möjlig av etiska skäl; två skolor med "
            "liknande elevsammansättning fortsätter med ordinarie stöd och följs parallellt."
        ),
        "comparison_group": "Elever i åk 1 på Lindskolan och Granskolan",
        "baseline_plan": "Screening av alla elever i åk 1 i båda skolgrupperna i augusti",
        "baseline_by": BASELINE,
        "expected_effect": "Ca 8 procentenheter färre under gränsvärdet efter ett år.",
    },
    follow_up={
        "measurement_plan": (
            "Specialpedagogerna registrerar screening och träningspass löpande; rektorerna "
            "rapporterar till projektledaren varje månad; betyg hämtas ur betygsregistret."
        ),
        "evaluation_questions": (
            "Genomfördes träningen som planerat och nåddes målgruppen?\n"
            "Minskade andelen elever under gränsvärdet jämfört med jämförelseskolorna?\n"
            "Vad kostade insatsen per elev som nådde gränsvärdet?"
        ),
        "reporting_frequency": ReportingFrequency.INTERIM,
        "responsible": "Projektledaren",
        "evaluator": "FoU-enheten (intern)",
        "fidelity": "Observation av två träningspass per termin med checklista.",
        "obstacles": "Specialpedagogerna meddelar projektledaren inom en vecka.",
    },
    impact={
        "gender_equality": (
            "Pojkar är överrepresenterade bland elever med svag läsförmåga; resultaten följs "
            "per kön så att insatsen når både flickor och pojkar."
        ),
        "child": (
            "Insatsen stärker barnets rätt till utbildning. Barnen och vårdnadshavarna "
            "informeras, och träningen läggs så att barnen inte pekas ut."
        ),
    },
    implementation={
        "ordinary_operations": (
            "Elevhälsan tar över screeningen och träningen från läsåret efter projektet, "
            "först på de två skolorna och sedan på alla F–3-skolor i två steg."
        ),
        "full_scale_cost": Decimal("4800000"),
        "price_year": 2025,
        "full_scale_cost_basis": "Sex specialpedagoger för kommunens 540 elever i åk 1 per år.",
        "financing": "Inom Utbildningsnämndens ram genom omfördelning från enskilda insatser.",
        "maintenance": "Fortbildning av nya lärare vartannat år; licens för screeningmaterial.",
        "replaces": "Enskilda specialpedagogiska insatser i åk 3–6 som kommer för sent.",
    },
    owner_committee="Utbildningsnämnden",
    organisation={
        "owner_name": "Förvaltningschef, utbildningsförvaltningen",
        "leader_name": "Petra Projektledare",
        "deputy_name": "Biträdande rektor, Ekskolan",
        "steering_group": "Förvaltningschef utbildning\nAvdelningschef elevhälsa\nEkonomichef",
        "working_group": "Två rektorer\nSpecialpedagog\nElevhälsans psykolog\nEkonom",
    },
    risks=[
        {
            "category": RiskCategory.IMPLEMENTATION,
            "description": "Specialpedagogerna kan inte rekryteras till terminsstart",
            "probability": Level3.MEDIUM,
            "impact": Level3.HIGH,
            "action": "Börja rekrytera i februari; tillfälliga lösningar inom elevhälsan",
            "owner": "Rektor, Ekskolan",
        },
        {
            "category": RiskCategory.HARM,
            "description": "Elever som tas ur klassen upplever sig utpekade",
            "probability": Level3.LOW,
            "impact": Level3.MEDIUM,
            "action": "Träningen läggs som del av ordinarie schema; elevernas upplevelse följs upp",
            "owner": "Projektledaren",
        },
        {
            "category": RiskCategory.RESULTS,
            "description": "Jämförelseskolorna startar egna lässatsningar",
            "probability": Level3.MEDIUM,
            "impact": Level3.MEDIUM,
            "action": "Överenskommelse med rektorerna; dokumentera förändringar",
            "owner": "Styrgruppen",
        },
    ],
    stop_criteria=[
        {
            "reason": StopReason.EFFECT_ABSENT,
            "condition": "Ingen skillnad mot jämförelseskolorna efter första läsåret",
            "handling": "Styrgruppen prövar justering eller avveckling inför nästa termin.",
        },
        {
            "reason": StopReason.COSTS_RISE,
            "condition": "Kostnaderna överstiger budget med mer än 20 %",
            "handling": "Projektledaren lämnar förslag till åtgärd till styrgruppen.",
        },
    ],
    stakeholders=[
        {
            "name": "Elever i målgruppen",
            "relation": "Deltar i träningen",
            "method": CollectionMethod.FOCUS_GROUP,
            "information": "Hur träningen upplevs",
        },
        {
            "name": "Klasslärare",
            "relation": "Undervisar eleverna",
            "method": CollectionMethod.INTERVIEW,
            "information": "Förändringar i klassrummet",
        },
        {
            "name": "Vårdnadshavare",
            "relation": "Stöttar läsningen hemma",
            "method": CollectionMethod.SURVEY,
            "information": "Barnets läsvanor hemma",
        },
    ],
    communication=[
        {
            "scope": Audience.INTERNAL,
            "audience": "Lärare på de två skolorna",
            "message": "Varför screening och hur träningen går till",
            "channel": "Arbetsplatsträffar",
            "timing": "Augusti varje år",
            "responsible": "Rektorerna",
        },
        {
            "scope": Audience.EXTERNAL,
            "audience": "Vårdnadshavare",
            "message": "Vad insatsen innebär för barnet",
            "channel": "Brev och föräldramöte",
            "timing": "Före screeningen",
            "responsible": "Projektledaren",
        },
    ],
)
