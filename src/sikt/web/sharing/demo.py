"""Demo: a fictional coordination association publishes a shared model that Exempelby adopted.

*Samordningsförbundet Exempeldalen* (fictional) maintains "Jobbspår för nyanlända" — a few
real national unit costs for income support and labour-market benefits, and the job track's
logic-model template and evaluation design (the worked example case), and a type case from a
small calculation of its own (a participant who leaves income support a year earlier, borne by
the member municipality's social committee and the Social Insurance Agency; the association keeps
a committee record of that name so its calculation can name it). Version 1 was adopted by
Exempelby's economist; version 2 (one more unit cost) has been published since, so Exempelby's
coordinator and economist have a notice waiting and the badge shows a newer version. Exempelby's
coordinator has chosen to share evaluation summaries, so its finished evaluation is in the
knowledge bank. Idempotent: what exists is left as it is.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sikt.calc import load_unit_cost_library
from sikt.web.accounts import services as accounts
from sikt.web.accounts.models import Committee, Membership, Organization, Role, User
from sikt.web.calculations import services as calculations
from sikt.web.calculations.models import Calculation
from sikt.web.design import services as design
from sikt.web.design.demo import case_for, seed_design_for
from sikt.web.design.models import ComparisonDesign, LogicElement
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.services import initiative_create
from sikt.web.sharing import services
from sikt.web.sharing.models import Adoption, SharedModel
from sikt.web.unitcosts import services as unit_costs
from sikt.web.unitcosts.models import UnitCostEntry

ASSOCIATION = "Samordningsförbundet Exempeldalen"
#: Fictional; passes the Luhn check (222000-xxxx is the series of coordination associations).
ASSOCIATION_NUMBER = "222000-9985"
PUBLISHER = ("forbund", "Fia", "Förbund")
MODEL_TITLE = "Jobbspår för nyanlända"
INITIATIVE_TITLE = "Jobbspår för nyanlända – förbundets modell"
#: Version 1's unit costs (the starter library's real figures) and the one version 2 adds.
FIRST_KEYS = (
    "ekonomiskt_bistand_per_hushall_2024",
    "etableringsersattning",
    "aktivitetsstod_ej_akassa",
    "akassa_hogsta_dagpenning",
)
SECOND_KEYS = (*FIRST_KEYS, "sjukersattning_inkomstrel_max_2023")
SOURCES = (
    "Socialstyrelsens statistik om ekonomiskt bistånd 2024; Försäkringskassans och "
    "Arbetsförmedlingens regler vid hämtning; den arbetade exempelfallet "
    "arbetsmarknad-etablering (logikmodell och jämförelsealternativ)."
)


def _association(password: str) -> tuple[Organization, User]:
    association = Organization.objects.filter(name=ASSOCIATION).first()
    if association is None:
        association = accounts.organization_create(
            actor=None,
            name=ASSOCIATION,
            kind=Organization.Kind.COORDINATION_ASSOCIATION,
            organization_number=ASSOCIATION_NUMBER,
            is_fictional=True,
        )
    username, first_name, last_name = PUBLISHER
    user = User.objects.filter(username=username).first()
    if user is None:
        user = accounts.user_create(
            actor=None,
            username=username,
            password=password,
            email=f"{username}@exempeldalen.example",
            first_name=first_name,
            last_name=last_name,
        )
    accounts.membership_grant(
        actor=None, user=user, organization=association, role=Role.COORDINATOR
    )
    return association, user


def _unit_costs(publisher: User, association: Organization) -> None:
    starter = load_unit_cost_library().items
    have = set(UnitCostEntry.objects.filter(organization=association).values_list("key", flat=True))
    for key in SECOND_KEYS:
        if key not in have:
            unit_costs.unit_cost_create(
                actor=publisher, organization=association, cost=starter[key]
            )


def _template_initiative(publisher: User, association: Organization) -> Initiative:
    """The association's own example of the job track: logic model with indicators and the
    evaluation design of the worked example case."""
    initiative = Initiative.objects.filter(organization=association, title=INITIATIVE_TITLE).first()
    if initiative is not None:
        return initiative
    initiative = initiative_create(
        actor=publisher, organization=association, title=INITIATIVE_TITLE
    )
    seed_design_for(initiative)  # purpose, the four levels and the target group
    case = case_for(initiative)
    for element in LogicElement.objects.filter(initiative=initiative):
        for level, text, _, indicators in case.elements:
            if (level, text) == (element.level, element.text):
                for values in indicators:
                    design.indicator_create(actor=publisher, element=element, **values)
    design.section_save(
        actor=publisher, initiative=initiative, model=ComparisonDesign, **case.comparison
    )
    return initiative


#: The type case of the association's calculation (ILLUSTRATIV: the worked example's figures).
TYPE_CASE_KEY = "deltagare-bistand"
CALCULATION: dict[str, Any] = {
    "schema_version": 1,
    "key": "forbundets-jobbspar",
    "name": "Jobbspår för nyanlända – förbundets typfall",
    "description": "Förbundets räkneexempel för medlemmarna. ILLUSTRATIV – demodata.",
    "base_year": 2025,
    "price_year": 2025,
    "horizon_years": 5,
    "bearers": [
        {"key": "socialnamnden", "name": "Socialnämnden", "kind": "committee"},
        {"key": "forsakringskassan", "name": "Försäkringskassan", "kind": "social_insurance"},
    ],
    "type_cases": [
        {
            "key": TYPE_CASE_KEY,
            "name": "Deltagare som lämnar försörjningsstöd ett år tidigare",
            "confidence": "C",
            "persons_per_year": [8, 8, 8],
            "lines": [
                {
                    "unit_cost": "ekonomiskt_bistand_per_hushall_2024",
                    "without": [1, 1, 0.8],
                    "with": [0.6, 0.2, 0.1],
                    "bearer": "socialnamnden",
                },
                {
                    "unit_cost": "aktivitetsstod_ej_akassa",
                    "without": [200, 150, 100],
                    "with": [150, 30, 0],
                    "bearer": "forsakringskassan",
                },
            ],
        }
    ],
}


def _calculation(publisher: User, association: Organization, initiative: Initiative) -> Calculation:
    """The association's small calculation with the type case it publishes."""
    existing = Calculation.objects.filter(initiative=initiative).first()
    if existing is not None:
        return existing
    if not Committee.objects.filter(organization=association, name="Socialnämnden").exists():
        accounts.committee_create(
            actor=None,
            organization=association,
            name="Socialnämnden",
            description="Medlemskommunens socialnämnd, för förbundets räkneexempel.",
        )
    data = {**CALCULATION, "organisation": association.name}
    return calculations.calculation_save_case(actor=publisher, initiative=initiative, data=data)


def _publish(publisher: User, association: Organization, initiative: Initiative) -> SharedModel:
    shared_model = SharedModel.objects.filter(organization=association, title=MODEL_TITLE).first()
    if shared_model is None:
        shared_model = services.shared_model_create(
            actor=publisher,
            organization=association,
            title=MODEL_TITLE,
            description=(
                "Förbundets gemensamma modell för jobbspår för nyanlända: enhetskostnader för "
                "försörjning och ersättningar, logikmodell och jämförelsealternativ. Fiktiv "
                "utgivare – demodata."
            ),
        )
    if not shared_model.versions.exists():
        services.version_publish(
            actor=publisher,
            shared_model=shared_model,
            source_description=SOURCES,
            unit_costs=list(association.unit_costs.filter(key__in=FIRST_KEYS)),
            initiative=initiative,
            type_cases=[(_calculation(publisher, association, initiative), TYPE_CASE_KEY)],
        )
    return shared_model


@transaction.atomic
def seed_sharing_demo(organization: Organization, *, password: str) -> bool:
    """Publish the association's model, have ``organization`` adopt version 1, then publish
    version 2; returns whether anything was added."""
    association, publisher = _association(password)
    _unit_costs(publisher, association)
    shared_model = _publish(publisher, association, _template_initiative(publisher, association))
    if Adoption.objects.filter(
        organization=organization, version__shared_model=shared_model
    ).exists():
        return False
    economist = (
        Membership.objects.filter(organization=organization, role=Role.ECONOMIST)
        .select_related("user")
        .first()
    )
    coordinator = (
        Membership.objects.filter(organization=organization, role=Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    if economist is None or coordinator is None:
        return False
    first = shared_model.versions.get(number=1)
    services.version_adopt(actor=economist.user, organization=organization, version=first)
    if not shared_model.versions.filter(number=2).exists():
        initiative = Initiative.objects.get(organization=association, title=INITIATIVE_TITLE)
        services.version_publish(
            actor=publisher,
            shared_model=shared_model,
            source_description=SOURCES + " Sjuk- och aktivitetsersättning 2023.",
            changes="Sjuk- och aktivitetsersättning (inkomstrelaterad, högsta belopp) tillagd.",
            unit_costs=list(association.unit_costs.filter(key__in=SECOND_KEYS)),
            initiative=initiative,
            type_cases=[(_calculation(publisher, association, initiative), TYPE_CASE_KEY)],
        )
    services.sharing_setting_save(
        actor=coordinator.user, organization=organization, share_summaries=True
    )
    return True
