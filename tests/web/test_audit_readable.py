"""The change history reads like the forms: field labels, states by their Swedish names, money
in Swedish format, a calculation's changes as lines — never a raw field name or a dict."""

from __future__ import annotations

import copy
import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.calculations.services import calculation_save_case
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_initiative, make_user

pytestmark = pytest.mark.django_db


def _history(client: Client, label: str, pk: int) -> str:
    response = client.get(reverse("audit:history", args=[label, pk]), HTTP_HX_REQUEST="true")
    text = html.unescape(response.content.decode()).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).replace(" : ", ": ")


def test_initiative_history_uses_form_labels_and_swedish_state_names(
    client: Client, organization: Organization
) -> None:
    initiative = make_initiative(organization, "Läsglädje")
    applicant = initiative.created_by
    audit.update(applicant, initiative, title="Läsglädje i förskoleklass", total_cost_sek=1200000)
    audit.record(
        actor=applicant,
        instance=initiative,
        action=AuditEntry.Action.TRANSITION,
        changes={"state": ["idea_draft", "idea_submitted"]},
    )
    login(client, make_user(organization, Role.COORDINATOR))
    text = _history(client, "initiatives.initiative", initiative.pk)
    assert "Läsglädje → Läsglädje i förskoleklass" in text
    assert "Status: Idé (utkast) → Idé inskickad" in text
    assert "Total kostnad (kr): – → 1 200 000 kr" in text
    for raw in ("idea_draft", "total_cost_sek", "{'", "state:"):
        assert raw not in text


def test_calculation_changes_are_readable_lines(client: Client, organization: Organization) -> None:
    calculation = make_calculation(organization)
    case = copy.deepcopy(calculation.case)
    cost = next(c for c in case["costs"] if c["name"].startswith("Socialsekreterares"))
    cost["amounts"][1] = 450000.0
    case["discounting"] = {"rate": 0.04}
    applicant = calculation.initiative.created_by
    calculation_save_case(actor=applicant, initiative=calculation.initiative, data=case)
    login(client, make_user(organization, Role.COORDINATOR))
    text = _history(client, "calculations.calculation", calculation.pk)
    assert "Kostnad Socialsekreterares tid för samordning 2026: 300 000 kr → 450 000 kr" in text
    assert "Kalkylränta: – → 4 %" in text
    assert (
        "Kalkylfall: – → Intensivt familjestöd – färre placeringar av unga: 2 kostnadsposter"
        in text
    )
    assert "{'" not in text and "'costs'" not in text


def test_outcome_type_case_and_adjustment_changes_use_the_form_labels(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization, "arbetsmarknad-etablering")
    case = copy.deepcopy(calculation.case)
    type_case = case["type_cases"][0]
    type_case["persons_per_year"][0] = 12
    type_case["lines"][1]["with"][1] = 50
    type_case["lines"][3]["shares"] = {"kommunstyrelsen": 0.5, "regionen": 0.5}
    case["adjustments"]["optimism_bias"] = {"A": 0, "B": 0.1, "C": 0.3, "D": 0.5}
    case["adjustments"]["displacement"] = 0.05
    applicant = calculation.initiative.created_by
    calculation_save_case(actor=applicant, initiative=calculation.initiative, data=case)
    login(client, make_user(organization, Role.COORDINATOR))
    text = _history(client, "calculations.calculation", calculation.pk)
    name = type_case["name"]
    assert f"Typfall {name} › Personer som börjar per år 2025: 10..14..18 → 12" in text
    assert f"Typfall {name} › Rad 2 › Med insatsen: 150; 30; 0; 0; 0 → 150; 50; 0; 0; 0" in text
    assert re.search(
        rf"Typfall {re.escape(name)} › Rad 4 › Fördelning på betalarna: "
        r"Kommunstyrelsen [^:]*65 %, Regionen 35 % → Kommunstyrelsen [^:]*50 %, Regionen 50 %",
        text,
    )
    assert "Optimismjustering, tillförlitlighetsgrad C (%): 25 → 30" in text
    assert "Undanträngning (standard, %): 10 → 5" in text
    for raw in ("type_cases", "persons_per_year", "shares", "optimism_bias", "dist", "{'"):
        assert raw not in text, raw
