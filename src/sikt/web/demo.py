"""The demo organisation "Exempelby kommun" (fictional, municipality code 9999).

Seeding is idempotent: running ``sikt demo`` again keeps existing records and adds what is
missing, so later areas can extend the demo without wiping what a user tried out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from sikt.web.accounts import services
from sikt.web.accounts.models import Committee, Organization, Role, User
from sikt.web.agreements.demo import seed_agreement_for_organization
from sikt.web.calculations.demo import seed_calculations_for_organization
from sikt.web.design.demo import seed_design_for_organization
from sikt.web.evaluation.demo import seed_evaluation_for_organization
from sikt.web.followup.demo import seed_followup_demo, seed_yearly_report
from sikt.web.funds.demo import seed_fund_for_organization
from sikt.web.needs.demo import seed_needs_for_organization
from sikt.web.reports.archive import documents_not_kept
from sikt.web.reports.demo import seed_demo_initiatives
from sikt.web.sharing.demo import seed_sharing_demo
from sikt.web.unitcosts.services import seed_starter_library

DEMO_ORGANIZATION = "Exempelby kommun"
DEMO_MUNICIPALITY_CODE = "9999"
#: Fictional; passes the Luhn check. 212000-xxxx is the series Swedish municipalities use.
DEMO_ORGANIZATION_NUMBER = "212000-9994"
DEMO_PASSWORD = "sikt-demo-2026"

DEMO_COMMITTEES = (
    "Kommunstyrelsen",
    "Socialnämnden",
    "Utbildningsnämnden",
    "Kultur- och fritidsnämnden",
    "Arbetsmarknadsnämnden",
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    role: Role | None


DEMO_USERS = (
    DemoLogin("samordnare", "Sara", "Samordnare", Role.COORDINATOR),
    DemoLogin("sokande", "Sam", "Sökande", Role.APPLICANT),
    DemoLogin("projektledare", "Petra", "Projektledare", Role.PROJECT_LEADER),
    DemoLogin("ledningsgrupp", "Leo", "Ledningsgrupp", Role.MANAGEMENT_GROUP),
    DemoLogin("styrgrupp", "Stina", "Styrgrupp", Role.STEERING_GROUP),
    DemoLogin("beslutsfattare", "Bo", "Beslutsfattare", Role.DECISION_MAKER),
    DemoLogin("ekonom", "Eva", "Ekonom", Role.ECONOMIST),
    DemoLogin("analytiker", "Ali", "Analytiker", Role.ANALYST),
    DemoLogin("lasare", "Lena", "Läsare", Role.VIEWER),
    DemoLogin("admin", "Adam", "Admin", None),
)


@transaction.atomic
@documents_not_kept()
def seed_demo() -> Organization:
    """Create (or complete) the demo organisation, its committees and one user per role.

    The demo's decisions keep no rendered documents (every area's demo takes decisions; rendering
    them would add half a minute to every start and every test that seeds the demo); decisions
    taken in the running demo keep theirs.
    """
    organization = Organization.objects.filter(municipality_code=DEMO_MUNICIPALITY_CODE).first()
    if organization is None:
        organization = services.organization_create(
            actor=None,
            name=DEMO_ORGANIZATION,
            kind=Organization.Kind.MUNICIPALITY,
            organization_number=DEMO_ORGANIZATION_NUMBER,
            municipality_code=DEMO_MUNICIPALITY_CODE,
            is_fictional=True,
        )
    existing = set(organization.committees.values_list("name", flat=True))
    for name in DEMO_COMMITTEES:
        if name not in existing:
            services.committee_create(
                actor=None,
                organization=organization,
                name=name,
                kind=Committee.Kind.COMMITTEE,
            )
    for login in DEMO_USERS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = services.user_create(
                actor=None,
                username=login.username,
                password=DEMO_PASSWORD,
                email=f"{login.username}@exempelby.example",
                first_name=login.first_name,
                last_name=login.last_name,
                is_superuser=login.role is None,
            )
        if login.role is not None:
            services.membership_grant(
                actor=None, user=user, organization=organization, role=login.role
            )
    seed_starter_library(organization)
    # One initiative in every state, taken through the workflow (reports.demo).
    seed_demo_initiatives(organization)
    # Keep last: gives the demo initiatives seeded above a logic model, risks and plans.
    seed_design_for_organization(organization)
    seed_calculations_for_organization(organization)
    # The fund's history rests on the decided initiatives and their calculations above.
    seed_fund_for_organization(organization)
    # A development agreement with a fictional association as funder (the users above act).
    seed_agreement_for_organization(organization, DEMO_PASSWORD)
    seed_needs_for_organization(organization)
    seed_evaluation_for_organization(organization)
    # A coordination association's shared model, adopted by Exempelby (needs its users).
    seed_sharing_demo(organization, password=DEMO_PASSWORD)
    # Initiatives that have run for two years, with reports (needs the users and committees).
    seed_followup_demo(organization)
    # Keep last: last year's yearly portfolio report reads everything seeded above.
    seed_yearly_report(organization)
    return organization
