"""Calculations in the application: build, import, results, background runs, review, files."""

from __future__ import annotations

import html
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sikt.calc import example_case_paths, load_case, run_deterministic
from sikt.web.accounts.models import Organization, Role, User
from sikt.web.calculations.models import Calculation, CalculationReview, CalculationRun
from sikt.web.calculations.selectors import latest_result_for, portfolio_figures
from sikt.web.calculations.services import seed_calculation_for
from sikt.web.demo import seed_demo
from sikt.web.initiatives.models import Initiative
from sikt.web.unitcosts.selectors import library_for
from tests.web.calculations.posts import errors_at, outcome, years
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_initiative, make_user, prepare_for_examples

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(organization: Organization) -> User:
    prepare_for_examples(organization)
    return make_user(organization, Role.APPLICANT)


def _example(key: str) -> Any:
    return next(p for p in example_case_paths() if p.stem == key)


def test_stored_results_match_sikt_calc_for_an_example(organization: Organization) -> None:
    calculation = make_calculation(organization, "placeringar-unga")
    expected = run_deterministic(load_case(_example("placeringar-unga")))
    stored = latest_result_for(calculation.initiative)
    assert stored is not None
    for key in ("organisation", "society", "socialnamnden", "kommunstyrelsen"):
        assert stored.result.perspective(key).npv == pytest.approx(expected.perspective(key).npv)
    assert stored.monte_carlo is not None and stored.monte_carlo.draws == 10_000
    assert stored.plan.committees == [
        "kommunstyrelsen",
        "socialnamnden",
        "kultur_och_fritidsnamnden",
    ]
    committees = dict(organization.committees.values_list("name", "pk"))
    assert calculation.committee_map["socialnamnden"] == committees["Socialnämnden"]


def test_results_page_shows_npv_probability_break_even_and_repayment_plan(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    login(client, make_user(organization, Role.VIEWER))
    response = client.get(reverse("calculations:detail", args=[calculation.pk]))
    page = html.unescape(response.content.decode())
    expected = run_deterministic(load_case(_example("placeringar-unga")))
    npv = f"{expected.perspective('organisation').npv:,.0f}".replace(",", "\u00a0")
    assert npv in page
    for text in ("Sannolikhet NPV > 0", "Break-even-effekt", "Föreslagen återföringsplan"):
        assert text in page
    assert "Socialnämnden" in page and "<svg" in page
    assert expected.perspective("organisation").npv > 0 or "Uppfyller inte regeln" in page


def _general(**values: Any) -> dict[str, Any]:
    return {
        "name": "Familjestöd",
        "base_year": 2025,
        "horizon_years": 5,
        "discount_rate": "3.5",
        "committees": ["kommunstyrelsen", "socialnamnden"],
        "deadweight": "0",
        "attribution": "10",
        "displacement": "0",
        "share_of_savings": "100",
        "approval_basis": "undiscounted",
        **values,
    }


OUTCOME = {
    "name": "Undvikna HVB-placeringar",
    "direction": "avoided",
    "effect_kind": "probability",
    "effect_distribution": "pert",
    "effect_value": "0.15",
    "effect_low": "0.08",
    "effect_high": "0.25",
    "duration_years": "1",
    "drop_off": "0",
    "confidence": "C",
}
HVB_LINE = ("hvb_cura_institutionsvard_2025", "120..180..240", {"socialnamnden": "100"})


def test_applicant_builds_a_calculation_step_by_step(client: Client, applicant: User) -> None:
    initiative = make_initiative(applicant.memberships.get().organization)
    login(client, applicant)
    response = client.post(reverse("calculations:new", args=[initiative.pk]), _general())
    calculation = Calculation.objects.get(initiative=initiative)
    assert response.status_code == 302
    detail = reverse("calculations:detail", args=[calculation.pk])
    cost = reverse("calculations:cost", args=[calculation.pk])
    assert (
        client.post(
            cost,
            {
                "name": "Team",
                "bearer": "kommunstyrelsen",
                **years("amounts", 2025, "2 400 000", "2400000"),
            },
        ).url
        == detail
    )
    assert (
        client.post(
            reverse("calculations:target-group", args=[calculation.pk]),
            {"name": "Unga", **years("size_per_year", 2025, "30", "30")},
        ).url
        == detail
    )
    assert (
        client.post(
            reverse("calculations:outcome", args=[calculation.pk]), outcome(OUTCOME, HVB_LINE)
        ).url
        == detail
    )
    calculation.refresh_from_db()
    case = load_case(calculation.case, library_for(calculation.initiative.organization))
    assert case.outcomes[0].key == "undvikna_hvb_placeringar"
    assert case.costs[0].amounts[0].mean() == 2_400_000
    expected = run_deterministic(case, library_for(calculation.initiative.organization))
    stored = latest_result_for(initiative)
    assert stored is not None
    assert stored.result.perspective("organisation").npv == pytest.approx(
        expected.perspective("organisation").npv
    )
    # edit the cost line, then remove it
    client.post(
        f"{cost}?rad=0",
        {"name": "Team", "bearer": "socialnamnden", **years("amounts", 2025, "100")},
    )
    calculation.refresh_from_db()
    assert calculation.case["costs"][0]["bearer"] == "socialnamnden"
    client.post(f"{cost}?rad=0", {"delete": "1"})
    calculation.refresh_from_db()
    assert calculation.case.get("costs", []) == []


@pytest.mark.parametrize(
    ("url", "values", "field", "message"),
    [
        (
            "cost",
            {"name": "Team", "bearer": "socialnamnden", **years("amounts", 2025, "", "-5")},
            "amounts_2026",
            "negativa",
        ),
        (
            "cost",
            {"name": "Team", "bearer": "socialnamnden"},
            "amounts_2025",
            "minst ett år",
        ),
        (
            "outcome",
            outcome({**OUTCOME, "effect_value": "1.5", "effect_high": "2"}, HVB_LINE),
            "effect_value",
            "100 %",
        ),
        (
            "outcome",
            outcome(
                OUTCOME,
                ("sis_ungdomshem_dygnskostnad_2022", "1", {"kommunstyrelsen": "100"}),
            ),
            "unit_cost",
            "sammansatt",
        ),
        (
            "outcome",
            outcome(
                OUTCOME,
                ("sis_ungdomshem_dygnskostnad_2022", "1", {"socialnamnden": "67", "staten": "28"}),
            ),
            "__all__",
            "Fördelningen summerar till 95 %; den ska summera till 100 %.",
        ),
        (
            "outcome",
            outcome({**OUTCOME, "drop_off": "120"}, HVB_LINE),
            "drop_off",
            "Värdet får inte vara större än 100\u00a0%.",
        ),
        (
            "outcome",
            outcome({**OUTCOME, "attribution": "1,2..120"}, HVB_LINE),
            "attribution",
            "100 %",
        ),
    ],
)
def test_invalid_input_is_explained_at_the_field_and_nothing_is_saved(
    client: Client,
    organization: Organization,
    url: str,
    values: dict[str, str],
    field: str,
    message: str,
) -> None:
    calculation = make_calculation(organization)
    before = dict(calculation.case)
    login(client, make_user(organization, Role.APPLICANT))
    response = client.post(reverse(f"calculations:{url}", args=[calculation.pk]), values)
    assert response.status_code == 200
    errors = " ".join(errors_at(response.context, field))
    assert message in errors, response.context["form"].errors
    assert "Value error" not in response.content.decode()
    calculation.refresh_from_db()
    assert calculation.case == before


def test_import_of_a_case_file_with_an_unknown_unit_cost_saves_nothing(
    client: Client, applicant: User
) -> None:
    initiative = make_initiative(applicant.memberships.get().organization)
    login(client, applicant)
    text = _example("placeringar-unga").read_text("utf-8").replace("bbic_utredning", "finns_inte")
    upload = io.BytesIO(text.encode())
    upload.name = "min-kalkyl.yaml"
    response = client.post(reverse("calculations:import", args=[initiative.pk]), {"file": upload})
    assert response.status_code == 200
    assert "okänd enhetskostnad 'finns_inte'" in html.unescape(response.content.decode())
    assert not Calculation.objects.exists()


def test_import_maps_committees_or_says_which_is_missing(
    client: Client, organization: Organization
) -> None:
    from sikt.web.unitcosts.services import seed_starter_library

    seed_starter_library(organization)
    user = make_user(organization, Role.APPLICANT)
    initiative = make_initiative(organization)
    login(client, user)
    response = client.post(
        reverse("calculations:import", args=[initiative.pk]), {"example": "placeringar-unga"}
    )
    page = html.unescape(response.content.decode())
    assert "ingen nämnd i organisationen motsvarar 'kommunstyrelsen'" in page
    prepare_for_examples(organization)
    response = client.post(
        reverse("calculations:import", args=[initiative.pk]), {"example": "placeringar-unga"}
    )
    assert response.status_code == 302
    assert Calculation.objects.get(initiative=initiative).case["key"] == "placeringar-unga"


def test_viewer_sees_no_edit_buttons_and_forged_posts_are_refused(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    before = dict(calculation.case)
    login(client, make_user(organization, Role.VIEWER))
    page = client.get(reverse("calculations:detail", args=[calculation.pk])).content.decode()
    for name in ("general", "cost", "outcome", "run", "review"):
        assert reverse(f"calculations:{name}", args=[calculation.pk]) not in page
    for name in ("general", "cost", "target-group", "outcome", "run", "review"):
        url = reverse(f"calculations:{name}", args=[calculation.pk])
        assert client.post(url, {"name": "x", "draws": "100000"}).status_code == 403
    new = reverse("calculations:new", args=[make_initiative(organization).pk])
    assert client.post(new, _general()).status_code == 403
    calculation.refresh_from_db()
    assert calculation.case == before


def test_economist_reviews_and_the_review_is_visible(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    applicant = make_user(organization, Role.APPLICANT)
    url = reverse("calculations:review", args=[calculation.pk])
    login(client, applicant)
    assert client.post(url, {"verdict": "reviewed", "comment": "ok"}).status_code == 403
    login(client, make_user(organization, Role.ECONOMIST))
    response = client.post(
        url, {"verdict": "needs_changes", "comment": "Källa saknas för vårddygnen."}
    )
    assert response.status_code == 302
    assert CalculationReview.objects.get().verdict == "needs_changes"
    login(client, applicant)
    page = client.get(reverse("calculations:detail", args=[calculation.pk])).content.decode()
    assert "Källa saknas för vårddygnen." in page and "Behöver ändras" in page


def test_background_run_stores_the_result_and_the_fragment_reports_progress(
    client: Client, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    calculation = make_calculation(organization)
    login(client, make_user(organization, Role.APPLICANT))
    run = CalculationRun.objects.create(
        calculation=calculation,
        draws=100_000,
        case=calculation.case,
        status=CalculationRun.Status.RUNNING,
        progress=0.4,
    )
    fragment = client.get(reverse("calculations:run-status", args=[run.pk])).content.decode()
    assert "40 %" in fragment and 'hx-trigger="every 1s"' in fragment
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("calculations:run", args=[calculation.pk]), {"draws": "100000"}
        )
    assert response.status_code == 302
    done = CalculationRun.objects.order_by("-id").first()
    assert done is not None and done.status == "done" and done.progress == 1.0
    fragment = client.get(
        reverse("calculations:run-status", args=[done.pk]) + "?poll=1", HTTP_HX_REQUEST="true"
    )
    assert "klar" in fragment.content.decode() and fragment["HX-Refresh"] == "true"
    assert "every 1s" not in fragment.content.decode()
    calculation.refresh_from_db()
    assert calculation.monte_carlo["draws"] == 100_000


def test_downloads_open_and_contain_the_numbers(client: Client, organization: Organization) -> None:
    calculation = make_calculation(organization)
    login(client, make_user(organization, Role.VIEWER))
    response = client.get(reverse("calculations:xlsx", args=[calculation.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert {"Indata", "Kassaflöden", "Resultat"} <= set(book.sheetnames)
    report = client.get(reverse("calculations:report", args=[calculation.pk])).content.decode()
    assert calculation.case["name"] in report and "<svg" in report
    yaml_text = client.get(reverse("calculations:case-file", args=[calculation.pk])).content
    assert (
        load_case(io.BytesIO(yaml_text).read().decode() and calculation.case).key
        == "placeringar-unga"
    )


def test_portfolio_figures_use_one_query(organization: Organization) -> None:
    calculations = [
        make_calculation(organization, e) for e in ("placeringar-unga", "tidiga-insatser-skola")
    ]
    initiatives = [c.initiative for c in calculations] + [make_initiative(organization)]
    with CaptureQueriesContext(connection) as queries:
        figures = portfolio_figures(initiatives)
    assert len(queries) == 1
    assert set(figures) == {c.initiative_id for c in calculations}
    first = figures[calculations[0].initiative_id]
    assert first.npv_organisation == pytest.approx(
        latest_result_for(calculations[0].initiative).result.perspective("organisation").npv  # type: ignore[union-attr]
    )
    assert 0 <= first.probability_positive_organisation <= 1  # type: ignore[operator]


def test_seed_calculation_for_is_idempotent(organization: Organization) -> None:
    calculation = make_calculation(organization, "arbetsmarknad-etablering")
    assert seed_calculation_for(calculation.initiative, "placeringar-unga").pk == calculation.pk
    assert Calculation.objects.count() == 1


def test_workflow_requirements_snapshot_and_section(organization: Organization) -> None:
    from sikt.web.initiatives import requirements, sections, snapshots

    initiative = make_initiative(organization)
    checks = {r.key: r.check for r in requirements._REGISTRY.values()}
    assert not checks["cost_benefit_calculation"](initiative)
    assert not checks["repayment_plan"](initiative)
    calculation = make_calculation(organization)
    assert checks["cost_benefit_calculation"](calculation.initiative)
    assert checks["repayment_plan"](calculation.initiative)
    content = snapshots.take(calculation.initiative)["calculation"]["fields"]
    assert content["Prisår"] == "2025"
    assert any(label.startswith("Återföring: Socialnämnden") for label in content), content
    assert "calculation" in {s.key for s in sections.detail_sections()}


def test_demo_gives_initiatives_past_the_idea_stage_an_example_calculation() -> None:
    from sikt.web.calculations.demo import seed_calculations_for_organization
    from sikt.web.initiatives.states import InitiativeState

    organization = seed_demo()
    idea = make_initiative(organization, "Läsfrämjande idé")
    plan = make_initiative(organization, "Intensivt familjestöd")
    Initiative.objects.filter(pk=plan.pk).update(state=InitiativeState.PLAN_DRAFT)
    seed_calculations_for_organization(organization)
    seed_calculations_for_organization(organization)
    assert not Calculation.objects.filter(initiative=idea).exists()
    assert Calculation.objects.get(initiative=plan).case["key"] == "placeringar-unga"
