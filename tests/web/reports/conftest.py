from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from sikt.web.accounts.models import Organization
from sikt.web.design.demo import seed_design_for
from sikt.web.initiatives.models import CriterionAssessment, Decision, Initiative
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.states import DecisionBody, InitiativeState
from tests.web.factories import make_calculation


def plain(text: str) -> str:
    """Whitespace (no-break spaces, line breaks) collapsed to one space, for comparing text."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return plain(" ".join(page.extract_text() for page in reader.pages))


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return plain(" ".join(parts))


def complete_initiative(organization: Organization) -> Initiative:
    """A recommended initiative with a calculation (worked example), a design, assessed base
    criteria and the decisions of the management and steering groups."""
    calculation = make_calculation(organization, "placeringar-unga")
    initiative = calculation.initiative
    initiative.title = "Intensivt familjestöd"
    initiative.problem = "Många unga placeras på HVB."
    initiative.target_group = "Familjer med unga 12–17 år i risk för placering."
    initiative.owner_name = "Socialchefen"
    initiative.start_date = dt.date(2025, 1, 1)
    initiative.end_date = dt.date(2027, 12, 31)
    initiative.total_cost_sek = Decimal(8_300_000)
    initiative.price_year = 2025
    initiative.state = InitiativeState.RECOMMENDED
    initiative.save()
    seed_design_for(initiative)
    for criterion in ruleset_for(organization).base_criteria:
        CriterionAssessment.objects.create(
            initiative=initiative, criterion=criterion, is_met=True, justification="Styrkt."
        )
    Decision.objects.create(
        initiative=initiative,
        transition="clear_idea",
        outcome=InitiativeState.IDEA_CLEARED,
        decided_on=dt.date(2025, 2, 3),
        body=DecisionBody.MANAGEMENT_GROUP,
        minute_reference="§ 12",
        registration_number="KS-2025-0042",
    )
    Decision.objects.create(
        initiative=initiative,
        transition="recommend",
        outcome=InitiativeState.RECOMMENDED,
        decided_on=dt.date(2025, 5, 20),
        body=DecisionBody.STEERING_GROUP,
        minute_reference="§ 34",
        registration_number="KS-2025-0042",
        reason="Väl underbyggd ansökan.",
    )
    return initiative


@pytest.fixture
def recommended(organization: Organization) -> Initiative:
    return complete_initiative(organization)
