"""The demo's development agreement, modelled on SKL's *Aktion 2016/2017 – sociala
investeringar* agreements (seeds 000 and 001, DOMAIN.md §6).

A fictional coordination association, *Utvecklingsförbundet Exempel*, funds Exempelby kommun:
goals in the Aktion areas, three sprints with deadlines and deliverable checklists and a
100 000 kr tranche each (Ale 2016: 100 000 kr each for sprints 1, 3 and 4), remaining money to be
reported on 28 September and 30 November and at the year end (unused money back by the end of
January; invoices with ref nr 359144). The state is as in late autumn: sprint 1 approved and paid,
sprint 2 approved and payable, sprint 3 still open; the remaining money reported on 28 September.

Everything goes through the services by the demo users who hold the roles — Frida Finansiär
(``finansiar``, the association's coordinator) and Sara Samordnare / Petra Projektledare of
Exempelby — so the audit trail looks as after real work. Idempotent: left alone if it exists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sikt.web.accounts import services as accounts
from sikt.web.accounts.models import Organization, Role, User
from sikt.web.agreements import services
from sikt.web.agreements.models import Agreement, SprintProgress, SprintState

FUNDER_NAME = "Utvecklingsförbundet Exempel"
#: Fictional; passes the Luhn check (222000-xxxx: the series of associations of municipalities).
FUNDER_ORGANIZATION_NUMBER = "222000-9993"
FUNDER_USERNAME = "finansiar"
TITLE = "Aktion {year} – sociala investeringar"
REFERENCE = "359144"
TRANCHE = Decimal("100000")

GOALS = (
    ("Behovsanalys", "Stödja framtagande av tvärsektoriella behovsanalyser."),
    (
        "Nyckelpersoners kompetens",
        "Utbildnings- och kompetensstöd i behovsanalys, logikmodeller och beräkningar.",
    ),
    ("Metodstöd", "Logikmodeller och utvärderingsupplägg för de utvalda insatserna."),
    ("Politikens roll", "Politiken är förankrad i arbetet med sociala investeringar."),
    ("Regional kapacitet", "Minst ett regionalt nätverksmöte är genomfört."),
)
#: (month, day, title, deliverables) — the Aktion sprints' deadlines and content, abridged.
SPRINTS = (
    (4, 15, "Process och organisation", ("Projektplan upprättad och beslutad",)),
    (
        9,
        30,
        "Komponenter och metodstöd",
        (
            "Styrgrupp på plats",
            "Insatser/case utvalda via nomineringsförfarande",
            "Workshop om behovsanalys och logikmodeller genomförd",
        ),
    ),
    (
        12,
        2,
        "Stödstruktur och spridning",
        (
            "Förslag till arbetsgång för kommande satsningar förankrat",
            "Logikmodeller och utvärderingsplaner klara i de utvalda casen",
            "Skriftlig rapport om årets arbete",
        ),
    ),
)
REMAINING_SEPTEMBER = Decimal("64250.00")


def _funder(password: str) -> tuple[Organization, User]:
    funder = Organization.objects.filter(organization_number=FUNDER_ORGANIZATION_NUMBER).first()
    if funder is None:
        funder = accounts.organization_create(
            actor=None,
            name=FUNDER_NAME,
            kind=Organization.Kind.COORDINATION_ASSOCIATION,
            organization_number=FUNDER_ORGANIZATION_NUMBER,
            is_fictional=True,
        )
    user = User.objects.filter(username=FUNDER_USERNAME).first()
    if user is None:
        user = accounts.user_create(
            actor=None,
            username=FUNDER_USERNAME,
            password=password,
            email=f"{FUNDER_USERNAME}@exempel.example",
            first_name="Frida",
            last_name="Finansiär",
        )
    accounts.membership_grant(actor=None, user=user, organization=funder, role=Role.COORDINATOR)
    accounts.membership_grant(actor=None, user=user, organization=funder, role=Role.ECONOMIST)
    return funder, user


def _approve(progress: SprintProgress, worker: User, funder: User) -> None:
    services.deliverables_mark(
        actor=worker, progress=progress, done=list(progress.sprint.deliverables.all())
    )
    services.sprint_transition(actor=worker, progress=progress, to=SprintState.SUBMITTED)
    services.sprint_transition(
        actor=funder, progress=progress, to=SprintState.APPROVED, comment="Uppfyllt."
    )


@transaction.atomic
def seed_agreement_for_organization(organization: Organization, password: str) -> None:
    """The association's Aktion agreement with ``organization`` (Exempelby) this year."""
    funder, funder_user = _funder(password)
    if Agreement.objects.filter(funder=funder, participations__organization=organization):
        return
    year = timezone.localdate().year
    coordinator = User.objects.get(username="samordnare")
    leader = User.objects.get(username="projektledare")
    agreement = services.agreement_create(
        actor=funder_user,
        funder=funder,
        participant=organization,
        contact=coordinator.get_full_name(),
        title=TITLE.format(year=year),
        purpose=(
            "Att det sociala investeringsperspektivet och dess metoder blir en etablerad "
            "utgångspunkt för att utveckla kommunens verksamheter."
        ),
        reference_number=REFERENCE,
        starts_on=dt.date(year, 3, 1),
        ends_on=dt.date(year, 12, 31),
        repayment_due_on=dt.date(year + 1, 1, 31),
    )
    for area, text in GOALS:
        services.goal_add(actor=funder_user, agreement=agreement, area=area, text=text)
    for month, day, title, deliverables in SPRINTS:
        services.sprint_add(
            actor=funder_user,
            agreement=agreement,
            deadline=dt.date(year, month, day),
            title=title,
            deliverables=list(deliverables),
            tranche=TRANCHE,
        )
    september = services.report_date_add(
        actor=funder_user, agreement=agreement, due_on=dt.date(year, 9, 28)
    )
    services.report_date_add(actor=funder_user, agreement=agreement, due_on=dt.date(year, 11, 30))
    services.report_date_add(
        actor=funder_user, agreement=agreement, due_on=dt.date(year, 12, 31), year_end=True
    )
    first, second, _third = SprintProgress.objects.filter(
        participation__agreement=agreement
    ).order_by("sprint__number")
    _approve(first, leader, funder_user)
    services.tranche_pay(
        actor=funder_user,
        tranche=first.tranche,
        paid_on=dt.date(year, 4, 30),
        invoice_reference=f"Exempelby {year}-0415",
    )
    services.remaining_report(
        actor=coordinator,
        participation=first.participation,
        report_date=september,
        remaining=REMAINING_SEPTEMBER,
        note="Kvar av delbetalningen för sprint 1.",
    )
    _approve(second, leader, funder_user)
