"""Fictional design content for the three worked example cases (``examples/*.yaml``).

Written as a municipality would fill in the forms, so the demo shows what a complete logic
model, risk matrix and set of plans look like. All numbers are illustrative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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

Element = tuple[str, str, str, list[dict[str, Any]]]


@dataclass(frozen=True)
class DesignCase:
    purpose: str
    elements: list[Element]
    target_group: dict[str, Any]
    comparison: dict[str, Any]
    follow_up: dict[str, Any]
    impact: dict[str, str]
    implementation: dict[str, Any]
    owner_committee: str
    organisation: dict[str, str]
    risks: list[dict[str, Any]]
    stop_criteria: list[dict[str, Any]] = field(default_factory=list)
    stakeholders: list[dict[str, Any]] = field(default_factory=list)
    communication: list[dict[str, Any]] = field(default_factory=list)
    #: indicator name → (smallest effect that counts as success, justification)
    success_criteria: dict[str, tuple[Decimal, str]] = field(default_factory=dict)


def _indicator(name: str, unit: str, frequency: str, source: str, **values: Any) -> dict[str, Any]:
    return {"name": name, "unit": unit, "frequency": frequency, "data_source": source, **values}


BASELINE = dt.date(2026, 8, 31)

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
                _indicator(
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
                _indicator(
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
                _indicator(
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
                _indicator(
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
                _indicator(
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
                _indicator(
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
                _indicator(
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
                _indicator(
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


JOBS = DesignCase(
    purpose="Nyanlända ska snabbare få arbete och egen försörjning.",
    elements=[
        (L.RESOURCES, "Två jobbcoacher och avtal med lokala arbetsgivare", "", []),
        (
            L.ACTIVITIES,
            "Matchning mot praktik och anställning med yrkessvenska på arbetsplatsen",
            "Arbetsgivarna tar emot deltagare.",
            [
                _indicator(
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
                _indicator(
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
                _indicator(
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

CASES = {
    "tidiga-insatser-skola": SCHOOL,
    "placeringar-unga": FAMILY,
    "arbetsmarknad-etablering": JOBS,
}
