"""Each decision keeps its rendered documents: the bytes are served unchanged later, their
SHA-256 is in the audit trail, and the portfolio shows the decided figures (issue 8 item 1)."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import AuditEntry
from sikt.web.calculations.models import Calculation
from sikt.web.initiatives.models import Decision, Initiative
from sikt.web.initiatives.services import initiative_transition
from sikt.web.initiatives.states import InitiativeState
from sikt.web.reports.models import StoredDocument
from sikt.web.reports.portfolio import Filters, portfolio_for
from tests.web.conftest import login
from tests.web.factories import make_user
from tests.web.reports.conftest import complete_initiative, pdf_text

pytestmark = pytest.mark.django_db

S = InitiativeState


def approve(initiative: Initiative) -> Decision:
    """The board approves the recommended ``initiative`` with a grant."""
    initiative_transition(
        actor=make_user(initiative.organization, Role.DECISION_MAKER),
        initiative=initiative,
        transition_key="approve",
        minute_reference="§ 140",
        grant_years={2025: 2_000_000},
        project_number="SI-2025-01",
    )
    return Decision.objects.filter(initiative=initiative).order_by("-id")[0]


def test_the_approval_keeps_its_pdf_and_docx_with_the_hash_in_the_audit_trail(
    organization: Organization,
) -> None:
    initiative = complete_initiative(organization)
    decision = approve(initiative)
    documents = {d.format: d for d in StoredDocument.objects.filter(decision=decision)}
    assert set(documents) == {"pdf", "docx"}
    for document in documents.values():
        content = bytes(document.content)
        assert hashlib.sha256(content).hexdigest() == document.sha256
        assert document.size == len(content)
        entry = AuditEntry.objects.get(
            content_type=ContentType.objects.get_for_model(StoredDocument),
            object_id=str(document.pk),
            action=AuditEntry.Action.CREATE,
        )
        assert entry.changes["sha256"] == [None, document.sha256]
    text = pdf_text(bytes(documents["pdf"].content))
    assert "Kommunstyrelsen har beviljat satsningen." in text and "§ 140" in text


def test_the_download_serves_the_kept_bytes_whatever_changes_later(
    client: Client, organization: Organization
) -> None:
    initiative = complete_initiative(organization)
    decision = approve(initiative)
    document = StoredDocument.objects.get(decision=decision, format="pdf")
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("reports:stored-document", args=[document.pk])
    before = client.get(url)
    assert before.status_code == 200 and before["Content-Type"] == "application/pdf"

    # Whatever happens to the records later (here: behind the application's back), the
    # decision's document is the file rendered when it was taken.
    Initiative.objects.filter(pk=initiative.pk).update(title="Ett helt annat namn")
    Calculation.objects.filter(initiative=initiative).update(case={}, result={})
    after = client.get(url)
    assert after.content == before.content == bytes(document.content)
    assert hashlib.sha256(after.content).hexdigest() == document.sha256

    page = client.get(reverse("reports:decisions", args=[initiative.pk]))
    assert page.status_code == 200
    assert url in page.content.decode()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, note__contains=document.sha256)


def test_every_decision_of_the_workflow_keeps_its_own_documents(
    organization: Organization,
) -> None:
    initiative = complete_initiative(organization)
    Decision.objects.filter(initiative=initiative).delete()
    Initiative.objects.filter(pk=initiative.pk).update(state=S.STEERING_REVIEW)
    initiative_transition(
        actor=make_user(organization, Role.STEERING_GROUP),
        initiative=initiative,
        transition_key="recommend",
    )
    initiative_transition(
        actor=make_user(organization, Role.DECISION_MAKER),
        initiative=initiative,
        transition_key="reject",
        reason="Inte inom ramen i år.",
    )
    decisions = list(Decision.objects.filter(initiative=initiative))
    assert [d.transition for d in decisions] == ["recommend", "reject"]
    for decision in decisions:
        assert StoredDocument.objects.filter(decision=decision).count() == 2
    rejection = StoredDocument.objects.get(decision=decisions[1], format="pdf")
    assert "Kommunstyrelsen har avslagit satsningen." in pdf_text(bytes(rejection.content))


def test_the_portfolio_shows_the_decided_figures_of_an_approved_initiative(
    organization: Organization,
) -> None:
    initiative = complete_initiative(organization)
    approve(initiative)
    calculation = Calculation.objects.get(initiative=initiative)
    decided_mean = next(
        p["mean"] for p in calculation.monte_carlo["perspectives"] if p["key"] == "organisation"
    )
    # The live figures move (as an open amendment's would); the portfolio keeps the decided.
    live = calculation.monte_carlo
    for perspective in live["perspectives"]:
        perspective["mean"] = -99_000_000.0
    Calculation.objects.filter(pk=calculation.pk).update(monte_carlo=live)
    user = make_user(organization, Role.COORDINATOR)
    rows = portfolio_for(user, organization, Filters()).rows
    row = next(r for r in rows if r.pk == initiative.pk)
    assert row.expected_npv == pytest.approx(decided_mean)
