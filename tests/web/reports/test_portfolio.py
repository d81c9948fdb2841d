"""The portfolio: all initiatives with their balance figures, filters, sorting, XLSX export,
and a number of queries that does not grow with the number of initiatives."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sikt.numbers import format_money as sek
from sikt.web import generations
from sikt.web.accounts.models import Organization, Role, User
from sikt.web.calculations.models import Calculation
from sikt.web.calculations.selectors import portfolio_figures
from sikt.web.design.models import Level3, Risk
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_initiative, make_user
from tests.web.reports.conftest import plain


def _initiative(organization: Organization, title: str, **values: object) -> Initiative:
    initiative = make_initiative(organization, title)
    for name, value in values.items():
        setattr(initiative, name, value)
    initiative.save()
    return initiative


@pytest.fixture
def reader(organization: Organization) -> User:
    return make_user(organization, Role.VIEWER)


@pytest.fixture
def portfolio(organization: Organization) -> dict[str, Initiative]:
    calculated = make_calculation(organization, "placeringar-unga").initiative
    social = organization.committees.get(name="Socialnämnden")
    school = organization.committees.get(name="Utbildningsnämnden")
    calculated.title = "Familjestöd"
    calculated.owner_committee = social
    calculated.state = InitiativeState.RUNNING
    calculated.target_group = "Unga 12–17 år i risk för placering"
    calculated.start_date, calculated.end_date = dt.date(2025, 1, 1), dt.date(2027, 12, 31)
    calculated.save()
    Risk.objects.create(
        initiative=calculated,
        number=1,
        description="Personal saknas",
        probability=Level3.HIGH,
        impact=Level3.HIGH,
        action="Rekrytera tidigt",
        owner="Enhetschef",
    )
    reading = _initiative(
        organization,
        "Läsfrämjande",
        owner_committee=school,
        state=InitiativeState.IDEA_SUBMITTED,
        target_group="Elever i åk 1",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
        total_cost_sek=Decimal(1_200_000),
    )
    Risk.objects.create(
        initiative=reading,
        number=1,
        description="Låg närvaro",
        probability=Level3.LOW,
        impact=Level3.MEDIUM,
        action="Påminnelser",
        owner="Rektor",
    )
    idea = _initiative(organization, "Ny idé utan plan")
    return {"calculated": calculated, "reading": reading, "idea": idea}


def _page(client: Client, **params: str) -> str:
    response = client.get(reverse("reports:portfolio"), params)
    assert response.status_code == 200
    return plain(response.content.decode())


def test_the_reports_area_links_to_the_portfolio(client: Client, reader: User) -> None:
    login(client, reader)
    response = client.get(reverse("shell:area", args=["rapporter"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:portfolio")


def test_every_initiative_with_its_balance_figures(
    client: Client, reader: User, portfolio: dict[str, Initiative]
) -> None:
    login(client, reader)
    page = _page(client)
    for initiative in portfolio.values():
        assert initiative.title in page
    calculated = portfolio["calculated"]
    figures = portfolio_figures([calculated])[calculated.pk]
    assert plain(sek(figures.expected_npv_organisation)) in page
    assert f"{round(figures.probability_positive_organisation * 100)} %" in page
    assert "Socialnämnden" in page
    assert "2025-01-01 – 2027-12-31 (36 mån.)" in page
    assert "Hög prioritet" in page  # high × high
    assert "Låg prioritet" in page  # low × medium
    assert "1 200 000 kr" in page
    assert "Satsningar per status" in page


def test_filters_apply(client: Client, reader: User, portfolio: dict[str, Initiative]) -> None:
    login(client, reader)
    school = portfolio["reading"].owner_committee
    assert school is not None
    by_state = _page(client, state=InitiativeState.RUNNING)
    assert "Familjestöd" in by_state
    assert "Läsfrämjande" not in by_state
    by_committee = _page(client, committee=str(school.pk))
    assert "Läsfrämjande" in by_committee
    assert "Familjestöd" not in by_committee
    by_text = _page(client, target_group="åk 1")
    assert "Läsfrämjande" in by_text
    assert "Familjestöd" not in by_text
    by_period_length = _page(client, duration="2to3")
    assert "Familjestöd" in by_period_length
    assert "Läsfrämjande" not in by_period_length
    assert "Ny idé utan plan" not in by_period_length


def test_sorting_by_expected_npv_puts_missing_values_last(
    client: Client, reader: User, portfolio: dict[str, Initiative]
) -> None:
    login(client, reader)
    page = _page(client, sort="-cost")
    assert page.index("Familjestöd") < page.index("Läsfrämjande") < page.index("Ny idé utan plan")
    page = _page(client, sort="cost")
    assert page.index("Läsfrämjande") < page.index("Familjestöd") < page.index("Ny idé utan plan")


def test_summary_counts_per_state_and_committee(
    client: Client, reader: User, portfolio: dict[str, Initiative]
) -> None:
    login(client, reader)
    response = client.get(reverse("reports:portfolio"))
    summary = response.context["portfolio"]
    assert [count for _label, count in summary.by_state] == [1, 1, 1]
    assert dict(summary.by_committee)["Socialnämnden"] == 1
    assert dict(summary.by_committee)["Utbildningsnämnden"] == 1
    assert summary.total == 3


def test_xlsx_export_holds_the_filtered_rows_as_numbers(
    client: Client, reader: User, portfolio: dict[str, Initiative]
) -> None:
    login(client, reader)
    response = client.get(reverse("reports:portfolio-xlsx"), {"target_group": "Unga"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Satsning"
    assert len(rows) == 2
    row = rows[1]
    calculated = portfolio["calculated"]
    figures = portfolio_figures([calculated])[calculated.pk]
    assert row[0] == "Familjestöd"
    assert row[2] == "Socialnämnden"
    assert row[6] == 36
    assert row[8] == round(figures.expected_npv_organisation)
    assert row[9] == pytest.approx(figures.probability_positive_organisation)
    assert row[11] == "Hög prioritet"


def test_other_organisations_initiatives_are_not_shown(
    client: Client, other_organization: Organization, portfolio: dict[str, Initiative]
) -> None:
    login(client, make_user(other_organization, Role.COORDINATOR))
    page = _page(client)
    assert "Familjestöd" not in page


def _bulk(organization: Organization, count: int, calculation: Calculation) -> None:
    committees = list(organization.committees.all()[:3])
    creator = make_user(organization, Role.APPLICANT)
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            organization=organization,
            title=f"Satsning {n:04d}",
            created_by=creator,
            owner_committee=committees[n % 3],
            state=list(InitiativeState)[n % len(InitiativeState)],
            target_group="Barn" if n % 2 else "Vuxna",
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2025 + n % 4, 12, 31),
            total_cost_sek=Decimal(100_000 + n),
        )
        for n in range(count)
    )
    Calculation.objects.bulk_create(
        Calculation(
            initiative=initiative,
            case=calculation.case,
            result=calculation.result,
            repayment_plan=calculation.repayment_plan,
            monte_carlo=calculation.monte_carlo,
        )
        for initiative in initiatives[::2]
    )
    Risk.objects.bulk_create(
        Risk(
            initiative=initiative,
            number=1,
            description="Risk",
            probability=Level3.MEDIUM,
            impact=Level3.HIGH,
            action="Åtgärd",
            owner="Ägare",
        )
        for initiative in initiatives[::3]
    )


def _queries(client: Client, **params: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("reports:portfolio"), params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("params", [{}, {"sort": "-npv", "target_group": "Vuxna", "sida": "2"}])
def test_queries_do_not_grow_with_the_number_of_initiatives(
    client: Client,
    organization: Organization,
    reader: User,
    django_assert_max_num_queries: object,
    params: dict[str, str],
) -> None:
    calculation = make_calculation(organization)
    login(client, reader)
    _bulk(organization, 10, calculation)
    few = _queries(client, **params)
    _bulk(organization, 990, calculation)
    assert Initiative.objects.count() > 1000
    many = _queries(client, **params)
    assert many == few
    with django_assert_max_num_queries(few):  # type: ignore[operator]
        response = client.get(reverse("reports:portfolio"), params)
    assert response.context["portfolio"].total >= 500
    assert response.context["portfolio"].with_calculation >= 500
    assert len(response.context["page"].object_list) == 50


def test_a_change_shows_at_once_and_organisations_never_see_each_others_rows(
    client: Client,
    reader: User,
    organization: Organization,
    other_organization: Organization,
    portfolio: dict[str, Initiative],
) -> None:
    """The rows are kept between requests (sikt.web.generations); a write in the organisation
    shows on the next view, and another organisation's view never gets them."""
    login(client, reader)
    assert "Läsfrämjande" in _page(client)
    with generations.working_in(organization.pk):
        Initiative.objects.filter(pk=portfolio["reading"].pk).update(title="Läslyftet")
    page = _page(client)
    assert "Läslyftet" in page and "Läsfrämjande" not in page
    make_initiative(other_organization, "Grannens satsning")
    other = Client()
    login(other, make_user(other_organization, Role.VIEWER))
    theirs = plain(other.get(reverse("reports:portfolio")).content.decode())
    assert "Grannens satsning" in theirs and "Läslyftet" not in theirs
    assert "Grannens satsning" not in _page(client)
