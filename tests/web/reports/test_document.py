"""Decision documents: one document model, three media (screen, PDF, DOCX) with the same text."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sikt.numbers import format_money as sek
from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import AuditEntry
from sikt.web.calculations.selectors import latest_result_for
from sikt.web.initiatives.models import Initiative
from sikt.web.reports.assemble import decision_document_for
from tests.web.conftest import login
from tests.web.factories import make_initiative, make_user
from tests.web.reports.conftest import docx_text, pdf_text, plain

SECTION_TITLES = (
    "Sammanfattning",
    "Behov",
    "Målgrupp",
    "Logikmodell",
    "Kriteriebedömning",
    "Kostnader och nyttor",
    "Återföringsplan",
    "Risker",
    "Rekommendation och beslut",
)


def _expected_numbers(initiative: Initiative) -> list[str]:
    """The organisation's NPV and each committee's repayment total, straight from the stored
    calculation (not from the document), formatted as every medium prints them."""
    stored = latest_result_for(initiative)
    assert stored is not None
    names = {p.key: p.name.sv for p in stored.result.perspectives}
    numbers = [plain(sek(stored.result.perspective("organisation").npv))]
    for key in stored.plan.committees:
        numbers.append(names[key])
        numbers.append(plain(sek(sum(stored.plan.repayments[key]))))
    numbers.append(plain(sek(stored.plan.repaid_total)))
    return numbers


def test_document_has_every_section_in_swedish(recommended: Initiative) -> None:
    document = decision_document_for(recommended)
    assert [s.title for s in document.sections] == list(SECTION_TITLES)
    assert document.key_figures is not None
    assert "kr" in document.key_figures.npv_organisation


def test_preview_shows_the_key_numbers_of_the_calculation(
    client: Client, organization: Organization, recommended: Initiative
) -> None:
    login(client, make_user(organization, Role.VIEWER))
    page = plain(client.get(reverse("reports:document", args=[recommended.pk])).content.decode())
    for title in SECTION_TITLES:
        assert title in page
    for number in _expected_numbers(recommended):
        assert number in page
    # The calculation's own results page shows the same organisation NPV.
    calc_page = plain(
        client.get(
            reverse("calculations:detail", args=[recommended.calculation.pk])
        ).content.decode()
    )
    npv = decision_document_for(recommended).key_figures.npv_organisation  # type: ignore[union-attr]
    assert plain(npv) in calc_page


@pytest.mark.parametrize(("url_name", "read"), [("pdf", pdf_text), ("docx", docx_text)])
def test_downloads_contain_the_sections_and_the_numbers_on_screen(
    client: Client,
    organization: Organization,
    recommended: Initiative,
    url_name: str,
    read: object,
) -> None:
    login(client, make_user(organization, Role.VIEWER))
    response = client.get(reverse(f"reports:document-{url_name}", args=[recommended.pk]))
    assert response.status_code == 200
    assert f".{url_name}" in response["Content-Disposition"]
    text = read(b"".join(response))  # type: ignore[operator]
    for title in SECTION_TITLES:
        assert title in text
    for number in _expected_numbers(recommended):
        assert number in text
    assert "KS-2025-0042" in text
    assert "§ 34" in text
    assert "Styrgruppen rekommenderar" in text
    assert "Intensivt familjestöd" in text


def test_downloads_are_logged_in_the_audit_trail(
    client: Client, organization: Organization, recommended: Initiative
) -> None:
    reader = make_user(organization, Role.VIEWER)
    login(client, reader)
    client.get(reverse("reports:document-pdf", args=[recommended.pk]))
    client.get(reverse("reports:document-docx", args=[recommended.pk]))
    entries = AuditEntry.objects.filter(
        action=AuditEntry.Action.VIEW, object_id=str(recommended.pk), actor=reader
    )
    assert sorted(entry.note for entry in entries) == [
        "Beslutsunderlag hämtat (DOCX)",
        "Beslutsunderlag hämtat (PDF)",
    ]


@pytest.mark.parametrize("url_name", ["document", "document-pdf", "document-docx"])
def test_other_organisations_get_404(
    client: Client,
    other_organization: Organization,
    recommended: Initiative,
    url_name: str,
) -> None:
    login(client, make_user(other_organization, Role.COORDINATOR))
    response = client.get(reverse(f"reports:{url_name}", args=[recommended.pk]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_an_initiative_without_calculation_says_so(
    client: Client, organization: Organization
) -> None:
    initiative = make_initiative(organization, "Ny idé")
    login(client, make_user(organization, Role.APPLICANT))
    response = client.get(reverse("reports:document-pdf", args=[initiative.pk]))
    text = pdf_text(b"".join(response))
    assert "Det finns ingen kostnads- och nyttokalkyl ännu." in text
    assert "Inga beslut har fattats ännu." in text
